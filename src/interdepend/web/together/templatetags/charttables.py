"""A chart's table of numbers on Trends, and the carry-over estimate's words, drawn in Python.

Each chart on Trends has its numbers beside it as a table in a disclosure, with the one
sentence that describes the image (``together/_numbers.html``). The rows were already written
in Python (:meth:`interdepend.web.together.trends.Numbers.body`); the include around them, four
times on the page, cost about a tenth of a millisecond each through the template engine (issue
15's tenth pass, docs/performance.md). Here the whole of it is written as a string, every value
escaped as the template escaped it, names isolated by the ``|isolate`` filter's own function:
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
from collections.abc import Iterable
from decimal import Decimal

from django import template
from django.template.base import render_value_in_context
from django.template.context import Context
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, ngettext

from interdepend.core.var import PseudoCoupleNull
from interdepend.web.frame.numbers import floatformat
from interdepend.web.frame.templatetags.usertext import isolate
from interdepend.web.frame.warmup import worker_starting
from interdepend.web.together.trends import Direction, Numbers, written_values, written_weeks

register = template.Library()


@register.simple_tag
def numbers_table(numbers: Numbers, id: str, chart: str = "") -> SafeString:  # noqa: A002
    """``{% include "together/_numbers.html" with numbers=… id=… chart=… %}``, drawn here."""
    name, week_of = _words(get_language())
    key = conditional_escape(id)
    which = f'<span class="visually-hidden">({conditional_escape(chart)})</span>' if chart else ""
    columns = "".join(f'<th scope="col">{head}</th>' for head in numbers.heads)
    return mark_safe(  # noqa: S308 - every value is escaped above, the rows by Numbers.body
        f'\n\n<p class="visually-hidden" id="{key}-latest">{numbers.latest()}</p>\n'
        f'<details class="numbers"><summary id="{key}-name">{name}{which}</summary>\n'
        f'<div class="table-scroll" role="region" aria-labelledby="{key}-name" tabindex="0">'
        f'<table id="{key}" aria-labelledby="{key}-name">\n'
        f'  <thead><tr><th scope="col">{week_of}</th>{columns}</tr></thead>\n'
        f"  <tbody>{numbers.body()}</tbody>\n"
        "</table></div></details>\n"
    )


@functools.cache
def _words(language: str | None) -> tuple[str, str]:
    """The disclosure's name and the first column's head, escaped, in ``language``."""
    return escape(gettext("The numbers in this chart")), escape(gettext("Week of"))


@register.simple_tag
def carry_sentences(directions: Iterable[Direction]) -> SafeString:
    """What each direction of the carry-over estimate says in words, as list items: whether
    one's better week tended to carry into the other's next, and beside what chance gives."""
    chance = {
        True: escape(gettext("A link this size could easily be chance.")),
        False: escape(gettext("That is more than chance alone tends to give.")),
    }
    items = []
    for d in directions:
        names = {"a": isolate(d.sender), "b": isolate(d.receiver)}
        if not d.coef.interval_excludes_zero:
            said = gettext(
                "So far, how %(a)s’s week goes does not clearly show in %(b)s’s next one."
            )
        elif d.coef.estimate > 0:
            said = gettext(
                "When %(a)s had a better week than usual, %(b)s’s next week tended to be better "
                "too."
            )
        else:
            said = gettext(
                "When %(a)s had a better week than usual, %(b)s’s next week tended to be a "
                "harder one."
            )
        beside = chance[True] if d.inside is True else chance[False] if d.inside is False else ""
        items.append(f"\n    <li>{said % names}\n      {beside}</li>\n  ")
    return mark_safe("".join(items))  # noqa: S308 - every value is escaped above


@register.simple_tag
def carry_figures(directions: Iterable[Direction]) -> SafeString:
    """Each direction's figure with its likely range, as list items."""
    language = get_language()
    said = gettext("From %(a)s to %(b)s: %(est)s, likely somewhere between %(lo)s and %(hi)s.")
    items = []
    for d in directions:
        figures = {
            "a": isolate(d.sender),
            "b": isolate(d.receiver),
            "est": conditional_escape(floatformat(d.coef.estimate, 2, language)),
            "lo": conditional_escape(floatformat(d.coef.ci_low, 2, language)),
            "hi": conditional_escape(floatformat(d.coef.ci_high, 2, language)),
        }
        items.append(f"\n      <li>{said % figures}</li>\n    ")
    return mark_safe("".join(items))  # noqa: S308 - every value is escaped above


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
    written = {key: render_value_in_context(value, context) for key, value in values.items()}
    return mark_safe(words % written)  # noqa: S308 - the words ours, every value escaped


@register.simple_tag(takes_context=True)
def carry_pairs(context: Context, n: object) -> SafeString:
    """How many pairs of weeks the carry-over figures rest on."""
    words = ngettext(
        "Based on %(n)s pair of back-to-back weeks you both shared.",
        "Based on %(n)s pairs of back-to-back weeks you both shared.",
        _count(n),
    )
    return _said(context, words, {"n": n})


@register.simple_tag(takes_context=True)
def carry_chance(context: Context, null: PseudoCoupleNull) -> SafeString:
    """What made-up weeks with no carry-over gave: the range the figures are read beside."""
    language = get_language()
    words = gettext(
        "To see what chance looks like, we made %(n)s pairs of made-up weeks that rise and "
        "fall like yours, each of you as steady or changeable as you are and as in step on the "
        "same week, but with no carry-over from one person to the other. Read the same way, "
        "they usually gave figures between %(lo)s and %(hi)s. A couple with no carry-over "
        "lands outside that range about one time in twenty in each direction."
    )
    values = {
        "lo": floatformat(null.low, 2, language),
        "hi": floatformat(null.high, 2, language),
        "n": null.n_fitted,
    }
    return _said(context, words, values)


@register.simple_tag(takes_context=True)
def carry_too_few(context: Context, need: object, have: object) -> SafeString:
    """Why no figure is shown yet: how many pairs of weeks it takes, and how many there are."""
    words = gettext(
        "A carry-over from one of you to the other shows reliably only after about %(need)s "
        "pairs of back-to-back weeks you both shared; you have %(have)s so far. Until then any "
        "figure would mostly be noise, so we show none."
    )
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


def _warm(**_: object) -> None:
    """Sent in each language as a worker starts (``frame.warmup.worker_starting``): the
    table's words, and the values and weeks it writes the same for everyone."""
    _words(get_language())
    written_values(get_language())
    written_weeks(get_language())


worker_starting.connect(_warm, dispatch_uid="interdepend-warm-chart-tables")
