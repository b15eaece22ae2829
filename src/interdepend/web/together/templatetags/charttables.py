"""A chart's table of numbers on Trends, and the carry-over estimate's words, drawn in Python.

Each chart on Trends has its numbers beside it as a table in a disclosure, with the one
sentence that describes the image (``together/_numbers.html``). The rows were already written
in Python (:meth:`interdepend.web.together.trends.Numbers.body`); the include around them, four
times on the page, cost about a tenth of a millisecond each through the template engine (issue
15's tenth pass, docs/performance-passes.md). Here the whole of it is written as a string, every
value escaped as the template escaped it, names isolated by the ``|isolate`` filter's own function:
the same markup as the template, byte for byte (``tests/web/test_chart_tables.py``, against
``tests/web/reference/numbers.html``).

The carry-over's sentences (for each direction, in words and in figures) are written the same
way, held to the loops they replaced (``tests/web/reference/carry.html``).

The table's two fixed words depend only on the language and are written once per language, as the
frame's parts are: they hold nothing of anyone. A worker writes them for every language as it
starts, so no first view of Trends does (``tests/web/test_warmup.py``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from decimal import Decimal

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.template.base import render_value_in_context
from django.template.context import Context
from django.urls import get_script_prefix, reverse
from django.utils.formats import get_format
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, ngettext, override

from interdepend.core.var import PseudoCoupleNull
from interdepend.web.frame.addresses import url_map
from interdepend.web.frame.numbers import floatformat
from interdepend.web.frame.templatetags.usertext import isolate
from interdepend.web.frame.warmup import worker_starting
from interdepend.web.together.templatetags.subnav import together_subnav
from interdepend.web.together.trends import (
    Direction,
    EmptyChart,
    Numbers,
    latest_words,
    view_words,
    written_answers,
    written_cells,
    written_heads,
    written_rows,
    written_values,
    written_weeks,
)

register = template.Library()


@register.simple_tag
def numbers_table(numbers: Numbers, id: str, chart: str = "") -> SafeString:  # noqa: A002
    """``{% include "together/_numbers.html" with numbers=… id=… chart=… %}``, drawn here."""
    which = f'<span class="visually-hidden">({conditional_escape(chart)})</span>' if chart else ""
    return _table(numbers, conditional_escape(id), which, get_language())


def _table(numbers: Numbers, key: str, which: str, language: str | None) -> SafeString:
    """:func:`numbers_table` with its id (``key``) and the chart's name (``which``) already
    escaped and in their markup, in ``language`` (the active one): Trends passes the ones it
    keeps per language (:func:`_page_words`) and the language it looked up once."""
    return SafeString(_table_text(numbers, key, which, language))  # every piece escaped


def _table_text(numbers: Numbers, key: str, which: str, language: str | None) -> str:
    """:func:`_table` as a plain text, for Trends' block, which writes it into its own text.

    Its pieces are joined, not written into an f-string: each escaped word and name is a
    ``SafeString``, and an f-string (or ``%``) asks each for its text through Django's
    ``SafeString.__str__``, a call of Python (nine a table, four tables a view); the table's
    rows and its sentence come as plain texts (:meth:`Numbers.body_text`,
    :meth:`Numbers.latest_text`), not copied into a ``SafeString`` each and then into the
    table (issue 15's twenty-fifth pass). ``tests/web/test_chart_tables.py`` holds the table to
    the include it replaced."""
    name, week_of = _words(language)
    heads = numbers.heads_in(language)
    return "".join(  # every value is escaped, the rows by Numbers.body_text
        (
            '\n\n<p class="visually-hidden" id="',
            key,
            '-latest">',
            numbers.latest_text(language, heads),
            '</p>\n<details class="numbers"><summary id="',
            key,
            '-name">',
            name,
            which,
            '</summary>\n<div class="table-scroll" role="region" aria-labelledby="',
            key,
            '-name" tabindex="0"><table id="',
            key,
            '" aria-labelledby="',
            key,
            '-name">\n  <thead><tr><th scope="col">',
            week_of,
            "</th>",
            *['<th scope="col">' + head + "</th>" for head in heads],
            "</tr></thead>\n  <tbody>",
            numbers.body_text(language),
            "</tbody>\n</table></div></details>\n",
        )
    )


@functools.cache
def _words(language: str | None) -> tuple[str, str]:
    """The disclosure's name and the first column's head, escaped, in ``language``."""
    return escape(gettext("The numbers in this chart")), escape(gettext("Week of"))


@functools.lru_cache(maxsize=16)
def _carry_words(language: str | None) -> dict[str, str]:
    """The carry-over's fixed sentences in ``language``, as its tags translate them (the two
    about chance escaped, as the loop escaped them; the others are the translated words the
    values go into): the same for everyone, and translating them again was a tenth of the
    carry-over's words a view (issue 15's eighteenth pass). Made for every language as a worker
    starts (:func:`_warm`), never on a view (``tests/web/test_warmup.py``)."""
    return {
        # The language's decimal separator, as ``floatformat`` reads it (``number_format``).
        "separator": str(get_format("DECIMAL_SEPARATOR", language, use_l10n=True)),
        "chance": escape(gettext("A link this size could easily be chance.")),
        "past_chance": escape(gettext("That is more than chance alone tends to give.")),
        "unclear": gettext(
            "So far, how %(a)s’s week goes does not clearly show in %(b)s’s next one."
        ),
        "better": gettext(
            "When %(a)s had a better week than usual, %(b)s’s next week tended to be better too."
        ),
        "harder": gettext(
            "When %(a)s had a better week than usual, %(b)s’s next week tended to be a harder one."
        ),
        "figures": gettext(
            "From %(a)s to %(b)s: %(est)s, likely somewhere between %(lo)s and %(hi)s."
        ),
        "what_chance_gives": gettext(
            "To see what chance looks like, we made %(n)s pairs of made-up weeks that rise and "
            "fall like yours, each of you as steady or changeable as you are and as in step on "
            "the same week, but with no carry-over from one person to the other. Read the same "
            "way, they usually gave figures between %(lo)s and %(hi)s. A couple with no "
            "carry-over lands outside that range about one time in twenty in each direction."
        ),
        "too_few": gettext(
            "A carry-over from one of you to the other shows reliably only after about "
            "%(need)s pairs of back-to-back weeks you both shared; you have %(have)s so far. "
            "Until then any figure would mostly be noise, so we show none."
        ),
    }


@register.simple_tag
def carry_sentences(directions: Iterable[Direction]) -> SafeString:
    """What each direction of the carry-over estimate says in words, as list items: whether
    one's better week tended to carry into the other's next, and beside what chance gives."""
    directions = list(directions)
    return _sentences(directions, get_language(), _isolated(directions))


@register.simple_tag
def carry_figures(directions: Iterable[Direction]) -> SafeString:
    """Each direction's figure with its likely range, as list items."""
    directions = list(directions)
    return _figures(directions, get_language(), _isolated(directions))


def _isolated(directions: Iterable[Direction]) -> dict[str, SafeString]:
    """Each name the directions hold, isolated once (two people, each named in both
    directions, in the sentences and the figures: eight times, about 1 µs each)."""
    return {name: isolate(name) for d in directions for name in (d.sender, d.receiver)}


def _sentences(
    directions: Iterable[Direction], language: str | None, names: dict[str, SafeString]
) -> SafeString:
    """:func:`carry_sentences` in ``language`` (the active one), the names already isolated."""
    w = _carry_words(language)
    chance = {True: w["chance"], False: w["past_chance"]}
    items = []
    for d in directions:
        pair = {"a": names[d.sender], "b": names[d.receiver]}
        if not d.coef.interval_excludes_zero:
            said = w["unclear"]
        elif d.coef.estimate > 0:
            said = w["better"]
        else:
            said = w["harder"]
        beside = chance[True] if d.inside is True else chance[False] if d.inside is False else ""
        items.append(f"\n    <li>{said % pair}\n      {beside}</li>\n  ")
    return SafeString("".join(items))  # every value is escaped above


def _figures(
    directions: Iterable[Direction], language: str | None, names: dict[str, SafeString]
) -> SafeString:
    """:func:`carry_figures` in ``language`` (the active one), the names already isolated."""
    said = _carry_words(language)["figures"]
    separator = _plain_separator(language)
    items = []
    for d in directions:
        figures = {
            "a": names[d.sender],
            "b": names[d.receiver],
            "est": _figure(d.coef.estimate, language, separator),
            "lo": _figure(d.coef.ci_low, language, separator),
            "hi": _figure(d.coef.ci_high, language, separator),
        }
        items.append(f"\n      <li>{said % figures}</li>\n    ")
    return SafeString("".join(items))  # every value is escaped above


def figure(value: object, language: str | None) -> SafeString:
    """One of the carry-over's figures: ``floatformat(value, 2, language)``, escaped. A figure
    ``frame.numbers`` wrote itself is a ``SafeString`` (every figure of an estimate), which
    ``conditional_escape`` gives back as it is, after asking of it whether it is lazy and
    whether it has ``__html__`` (issue 15's twenty-second pass); anything else (Django's
    filter's text) is escaped as before."""
    return _figure(value, language, _plain_separator(language))


def _plain_separator(language: str | None) -> str | None:
    """The decimal separator :func:`_figure` writes a figure with at once in ``language``
    (none: the active one), or none while thousands are grouped (a figure then goes through
    ``floatformat``). Asked once for a card's figures: each look at a setting goes through
    the lazy settings' ``__getattribute__``, about 0.4 µs."""
    if settings.USE_THOUSAND_SEPARATOR:
        return None
    return _carry_words(get_language() if language is None else language)["separator"]


def _figure(value: object, language: str | None, separator: str | None) -> SafeString:
    """:func:`figure`, ``separator`` being :func:`_plain_separator` of ``language``. A float of
    the size an estimate's figures are (``floatformat``'s own case) is written here at once by
    :func:`_two_places`, where its way through ``floatformat``'s checks and steps was about
    3.5 µs a figure, and the card writes ten (issue 15's twenty-sixth pass;
    ``tests/web/test_chart_tables.py`` holds the two equal)."""
    if separator is not None and type(value) is float and 1e-4 <= abs(value) < 1e15:
        return _two_places(value, separator)
    found = floatformat(value, 2, language)
    return found if type(found) is SafeString else conditional_escape(found)


def _two_places(value: float, separator: str) -> SafeString:
    """``frame.numbers``' writing of ``value`` at two places, read off the text ``repr``
    writes (digits, a point, at least one digit, no exponent, for a float of an ordinary size):
    rounded half up from that text, as Django rounds it. When the third decimal is under 5
    the first two are written as they stand (a missing second one as 0), with no number made
    of them; otherwise the hundredths are counted up by one, as ``frame.numbers._fixed`` does.
    The sign is written only when what is written is not zero."""
    text = repr(value)
    point = text.index(".")
    if text[point + 3 : point + 4] < "5":  # rounded down: the digits as they stand
        whole, part = text[:point], text[point + 1 : point + 3]
        if len(part) < 2:
            part += "0"
        if whole == "-0" and part == "00":
            whole = "0"
        return SafeString(f"{whole}{separator}{part}")  # digits and a sign
    scaled = int(text[:point].lstrip("-") + text[point + 1 : point + 3]) + 1
    whole_part, rest = divmod(scaled, 100)
    minus = "-" if text[0] == "-" else ""
    return SafeString(f"{minus}{whole_part}{separator}{rest:02d}")  # digits and a sign


def _count(value: object) -> float:
    """A count as ``{% blocktranslate count %}`` takes it: a number (a ``Decimal`` as the
    float the plural rule compares alike), or the template's error."""
    if isinstance(value, Decimal):
        return float(value)
    if not isinstance(value, int | float):
        raise template.TemplateSyntaxError("'blocktranslate' counter must be a number")
    return value


def _said(context: Context, words: str, values: dict[str, object]) -> SafeString:
    """``words`` (ours, translated) with each value written as ``{% blocktranslate %}`` writes
    it (``render_value_in_context``: a number in the reader's format, a text escaped)."""
    written = {key: in_context(value, context) for key, value in values.items()}
    return SafeString(words % written)  # the words ours, every value escaped


def in_context(value: object, context: Context) -> str:
    """``render_value_in_context(value, context)``, with its two cases here written at once: a
    safe text (a figure ``floatformat`` wrote) is written as it is, and a whole number as its
    digits while no thousands are grouped (Django's ``numberformat.format`` then writes
    ``str(value)`` too; about 4 µs a number through the language's formats). Anything else,
    and every number while thousands are grouped, goes to Django's own function
    (``tests/web/test_chart_tables.py`` holds the two equal)."""
    if type(value) is SafeString:
        return value
    if type(value) is int and (context.use_l10n is False or not settings.USE_THOUSAND_SEPARATOR):
        return str(value)
    return render_value_in_context(value, context)


#: The sentence of how many pairs of weeks the figures rest on, singular and plural.
PAIRS = (
    "Based on %(n)s pair of back-to-back weeks you both shared.",
    "Based on %(n)s pairs of back-to-back weeks you both shared.",
)
#: The counts of pairs (0 up to this, not included) whose words are kept per language: more
#: than five years of weeks; a larger count's words are looked up with ``ngettext``.
KEPT_PAIRS = 300


@functools.lru_cache(maxsize=16)
def _pairs_words(language: str | None) -> tuple[str, ...]:
    """``ngettext`` of :data:`PAIRS` in ``language`` for every count below :data:`KEPT_PAIRS`,
    at the count's place: our own words and numbers, the same for everyone. Looked up afresh,
    it was about 4 µs of the card alone (issue 15's twenty-seventh pass). Made for every
    language as a worker starts (:func:`_warm`), never on a view."""
    with override(language):
        return tuple(ngettext(*PAIRS, n) for n in range(KEPT_PAIRS))


@register.simple_tag(takes_context=True)
def carry_pairs(context: Context, n: object) -> SafeString:
    """How many pairs of weeks the carry-over figures rest on."""
    return _pairs(context, n, get_language())


def _pairs(context: Context, n: object, language: str | None) -> SafeString:
    """:func:`carry_pairs` in ``language`` (the active one): the words for a whole count below
    :data:`KEPT_PAIRS` as kept (:func:`_pairs_words`), any other count's looked up."""
    if type(n) is int and 0 <= n < KEPT_PAIRS:
        words = _pairs_words(language)[n]
    else:
        words = ngettext(*PAIRS, _count(n))
    return _said(context, words, {"n": n})


@register.simple_tag(takes_context=True)
def carry_chance(context: Context, null: PseudoCoupleNull) -> SafeString:
    """What made-up weeks with no carry-over gave: the range the figures are read beside."""
    return _chance(context, null, get_language())


def _chance(context: Context, null: PseudoCoupleNull, language: str | None) -> SafeString:
    """:func:`carry_chance` in ``language`` (the active one)."""
    words = _carry_words(language)["what_chance_gives"]
    separator = _plain_separator(language)
    values = {
        "lo": _figure(null.low, language, separator),
        "hi": _figure(null.high, language, separator),
        "n": null.n_fitted,
    }
    return _said(context, words, values)


@register.simple_tag(takes_context=True)
def carry_too_few(context: Context, need: object, have: object) -> SafeString:
    """Why no figure is shown yet: how many pairs of weeks it takes, and how many there are."""
    words = _carry_words(get_language())["too_few"]
    return _said(context, words, {"need": need, "have": have})


@register.simple_tag(takes_context=True)
def carry_takes_time(context: Context, need: object, pairs: object, months: object) -> SafeString:
    """What the carry-over needs before it starts looking, and before it can tell."""
    words = ngettext(
        "This shows whether one person’s week tends to carry into the other’s next week, and "
        "it takes time: it starts looking once you have both shared about %(need)s weekly "
        "check-ins, mostly in a row, and it can say something only after about %(pairs)s pairs "
        "of back-to-back weeks you both shared, roughly %(months)s month.",
        "This shows whether one person’s week tends to carry into the other’s next week, and "
        "it takes time: it starts looking once you have both shared about %(need)s weekly "
        "check-ins, mostly in a row, and it can say something only after about %(pairs)s pairs "
        "of back-to-back weeks you both shared, roughly %(months)s months.",
        _count(months),
    )
    return _said(context, words, {"need": need, "pairs": pairs, "months": months})


@register.simple_tag(takes_context=True)
def carry_shared_so_far(context: Context, have: object) -> SafeString:
    """How many weeks both have shared so far."""
    words = ngettext(
        "You have %(have)s week you both shared so far.",
        "You have %(have)s weeks you both shared so far.",
        _count(have),
    )
    return _said(context, words, {"have": have})


@register.simple_tag(takes_context=True)
def trends_page(context: Context) -> SafeString:
    """Trends' content block, drawn here: the block of ``together/trends.html`` as it was
    (``tests/web/reference/together/trends.html``), its sixty-odd nodes a third of a
    millisecond through the template engine on every view. Its fixed words and addresses are
    written once per language (:func:`_page_words`); the tables, the carry-over's words and the
    empty charts' words are written as the block wrote them, each value and word escaped, the
    names isolated (``tests/web/test_chart_tables.py`` holds the two equal byte for byte). The
    language is the view's (``trends_language``), where it has looked it up already."""
    language = context.get("trends_language", _LOOK_UP)
    if language is _LOOK_UP:
        language = get_language()
    w = _page_words(language, get_script_prefix(), url_map())
    out = [
        w["top"],
        _pair(w, "mine", context["mine"], context["mine_empty"], language),
        "\n  ",
        _pair(w, "mine-balance", context["mine_balance"], context["mine_balance_empty"], language),
        "\n</section>\n",
    ]
    if context["active"]:
        out.append(_ours(context, w, language))
    out.append("\n")
    return SafeString("".join(out))  # every piece is escaped where it is written


#: No language handed over by the view: it is looked up.
_LOOK_UP = object()


def _pair(
    w: dict[str, str],
    key: str,
    numbers: Numbers,
    empty: Callable[[], EmptyChart],
    language: str | None,
) -> str:
    """A chart's image and its table while it has rows, its empty words while it has none."""
    if numbers.rows:
        table = _table_text(numbers, w[f"{key}-key"], w[f"{key}-which"], language)
        return f"{w[key]}\n  \n  {table}"
    shown = empty()
    return (
        f'\n<div class="chart-empty">\n  <h3>{conditional_escape(shown.title)}</h3>\n'
        f"  <p>{conditional_escape(shown.words)}</p>\n</div>\n\n  "
    )


def _ours(context: Context, w: dict[str, str], language: str | None) -> str:
    """The couple's two charts and the carry-over's card."""
    ours, ours_balance, carry = context["ours"], context["ours_balance"], context["carry"]
    out = [
        w["us_top"],
        _pair(w, "ours", ours, context["ours_empty"], language),
        "\n  ",
        _pair(w, "ours-balance", ours_balance, context["ours_balance_empty"], language),
        w["carry_top"],
    ]
    if carry.result:
        # The language is the page's, looked up once, and each name isolated once for the
        # sentences and the figures (about 15 µs of the card; issue 15's twenty-first pass).
        directions = context["directions"]
        names = _isolated(directions)
        out += [
            "\n  <ul>",
            _sentences(directions, language, names),
            w["carry_hint"],
            _pairs(context, carry.result.n_pairs, language),
            w["carry_each"],
            _figures(directions, language, names),
            "</ul>\n    ",
        ]
        if carry.null and carry.null.cross:
            out += [
                '\n    <p id="carry-chance">',
                _chance(context, carry.null, language),
                w["carry_chart"],
            ]
        out.append("\n  </details>\n  ")
    elif carry.reason == "power":
        out += [w["power"], carry_too_few(context, context["min_pairs"], carry.pairs), "</p>\n  "]
    elif carry.reason == "pattern":
        out.append(w["pattern"])
    else:
        out += [
            "\n  <p>",
            carry_takes_time(
                context, context["min_weeks"], context["min_pairs"], context["min_months"]
            ),
            "\n    ",
            carry_shared_so_far(context, carry.shared_weeks)
            if carry.shared_weeks
            else w["nothing_shared"],
            "</p>\n  ",
        ]
    out.append("\n</section>\n")
    return "".join(out)


@functools.lru_cache(maxsize=16)
def _page_words(language: str | None, prefix: str, urlconf: str | None) -> dict[str, str]:
    """Trends' fixed words and addresses in ``language``, escaped as ``{% translate %}`` and
    ``{% url %}`` wrote them, with the markup around them: the same for everyone, nothing of
    anyone. Kept per language and URL map (``prefix``, ``urlconf``: the addresses depend on
    them, as the together row's do). Made for every language as a worker starts
    (:func:`_warm`), never on a view."""

    def t(words: str) -> str:
        return str(conditional_escape(gettext(words)))

    def figure(key: str, url: str, alt: str, size: str) -> str:
        return (
            f'<figure class="chart"><img src="{conditional_escape(reverse(url))}" alt="{t(alt)}" '
            f'aria-describedby="{key}-latest {key}" {size}></figure>'
        )

    def table_words(key: str, name: str) -> dict[str, str]:
        """A table's id and the chart's name (``name``, translated) in the disclosure's, as
        :func:`numbers_table` escapes them from its arguments (``id``, ``chart=_("…")``)."""
        return {
            f"{key}-key": str(conditional_escape(f"{key}-numbers")),
            f"{key}-which": f'<span class="visually-hidden">({conditional_escape(name)})</span>',
        }

    tall, short = 'width="400" height="520"', 'width="400" height="260"'
    return {
        # Each chart's name as ``_("…")`` in a tag's arguments gives it: a literal is safe, so
        # is its translation, and the table writes it as it is.
        **table_words("mine", gettext(mark_safe("your check-ins"))),
        **table_words("mine-balance", gettext(mark_safe("steps on your goals"))),
        **table_words("ours", gettext(mark_safe("shared check-ins"))),
        **table_words("ours-balance", gettext(mark_safe("steps on shared goals"))),
        "top": (
            f"\n<h1>{t('Trends')}</h1>\n{together_subnav('trends')}\n\n"
            '<section aria-labelledby="mine-heading">\n'
            f'  <h2 id="mine-heading">{t("My weeks")}</h2>\n'
            '  <p class="hint">'
            + t(
                "Your check-ins of the last two years, private and shared. Only you see this chart."
            )
            + "</p>\n  "
        ),
        "mine": figure(
            "mine-numbers",
            "together:mine_svg",
            "Your weekly check-in answers over time, one small chart per question. Before "
            "your first check-in it says in words what will appear.",
            tall,
        ),
        "mine-balance": figure(
            "mine-balance-numbers",
            "together:balance_svg",
            "Weekly bars of the steps you noted on your own goals and on shared goals. "
            "Before the first step it says in words how the bars fill.",
            short,
        ),
        "ours": figure(
            "ours-numbers",
            "together:us_svg",
            "Each partner’s shared weekly check-ins over time, as the average of the "
            "answered questions. Before the first shared check-in it says in words what "
            "will appear.",
            tall,
        ),
        "ours-balance": figure(
            "ours-balance-numbers",
            "together:us_balance_svg",
            "Weekly bars of the steps noted on your shared goals. Before the first step it "
            "says in words how the bars fill.",
            short,
        ),
        "us_top": (
            '\n<section aria-labelledby="us-heading">\n'
            f'  <h2 id="us-heading">{t("Our weeks")}</h2>\n'
            '  <p class="hint">'
            + t(
                "Only check-ins each of you chose to share in the last two years, and steps on "
                "shared goals."
            )
            + "</p>\n  "
        ),
        "carry_top": (
            '\n</section>\n<section class="card" aria-labelledby="carry-heading">\n'
            f'  <h2 id="carry-heading">{t("Does one week carry into the next?")}</h2>\n  '
        ),
        "carry_hint": (
            '</ul>\n  <p class="hint">'
            + t(
                "Plenty of close couples show little of this and some show a lot; neither is "
                "better. It describes how your weeks have moved, it does not grade them."
            )
            + f"</p>\n  <details>\n    <summary>{t('The numbers behind this')}</summary>\n"
            "    <p>"
        ),
        "carry_each": (
            "\n      "
            + t(
                "Each figure says how far one person’s next week moved, measured against their "
                "own usual ups and downs, when the other’s week was one usual step above their "
                "own average. 0 means no link."
            )
            + '</p>\n    <ul id="carry-numbers">'
        ),
        "carry_chart": (
            '</p>\n    <figure class="chart"><img src="'
            + str(conditional_escape(reverse("together:carryover_svg")))
            + '" aria-describedby="carry-numbers carry-chance" alt="'
            + t(
                "Each direction’s figure with its likely range, over the range that weeks with "
                "no carry-over gave."
            )
            + '" width="400" height="230"></figure>\n    '
        ),
        "power": f"\n  <p>{t('Not enough weeks to tell yet.')} ",
        "pattern": (
            "\n  <p>"
            + t(
                "Your shared weeks do not vary enough yet to say anything about how they move "
                "together."
            )
            + "</p>\n  "
        ),
        "nothing_shared": t(
            "Nothing is shared by both of you yet, so there is nothing to look at."
        ),
    }


def _warm(**_: object) -> None:
    """Sent in each language as a worker starts (``frame.warmup.worker_starting``): the
    table's words, and the values and weeks it writes the same for everyone."""
    _words(get_language())
    _page_words(get_language(), get_script_prefix(), url_map())
    written_values(get_language())
    written_weeks(get_language())
    written_rows(get_language())
    written_answers(get_language())
    written_cells(get_language())
    written_heads(get_language())
    latest_words(get_language())
    view_words(get_language())
    _carry_words(get_language())
    _pairs_words(get_language())


worker_starting.connect(_warm, dispatch_uid="interdepend-warm-chart-tables")


def _forget(**_: object) -> None:
    """A setting changed (languages, templates, addresses): write the page's words again."""
    _page_words.cache_clear()
    _carry_words.cache_clear()
    _pairs_words.cache_clear()


setting_changed.connect(_forget, weak=False, dispatch_uid="interdepend-trends-page-words")
