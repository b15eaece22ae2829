"""The rows of a decision's tables and the list of decisions, drawn in Python.

A decision's page shows, once both have rated, two tables with a row per option (the band of
each one's rating for themself, and of each one's guess for the other) and, to the person
alone, a table of her own numbers. Drawn through Django's template engine, each cell chose its
words through a chain of comparisons, and the rows cost as much as the rest of the page's own
drawing (issue 15's tenth pass, docs/performance-passes.md); so did the list of decisions, each
with its day twice and its state. Here the rows are written as strings,
every value escaped as the template escaped it: the same markup as the loops they replaced,
byte for byte (``tests/web/test_decide_bands.py``, against
``tests/web/reference/decide_rows.html``). Nothing of anyone is kept between requests; a
decision's page's own words are looked up once per language as a worker starts (:func:`_words`,
``selectors.sentences``).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from interdepend.web.decide import freshform, selectors
from interdepend.web.decide.selectors import Band, OptionLine
from interdepend.web.frame import dates
from interdepend.web.frame.formrender import shown
from interdepend.web.frame.templatetags.fasttags import address
from interdepend.web.frame.templatetags.usertext import isolate
from interdepend.web.frame.warmup import worker_starting

register = template.Library()

#: Each table's two cells: what the cell is of, and the option line's band for it.
COLUMNS = {
    "own": (("you", "for_you"), ("partner", "for_partner")),
    "guesses": (("your-guess", "your_guess"), ("partner-guess", "partner_guess")),
}


#: Each band's value as its cells' ``data-band`` writes it: our own fixed names, escaped once
#: (the same for everyone; ``escape`` on each of a view's cells cost more than the cell).
BAND_ATTRIBUTE = {band: str(escape(band)) for band in Band}


@dataclass(frozen=True)
class _Words:
    """A decision's page's own words in one language, as ``{% translate %}`` put them: the
    same for everyone, looked up once per language as a worker starts (:func:`_warm`), where
    each view looked up some thirty (issue 15's eighteenth pass)."""

    bands: Mapping[Band, str]
    all_decisions: str
    named_on: str
    seen_together: str
    talk_over: str
    option_by_option: str
    either_sees: str
    for_yourselves: str
    option: str
    your_own_rating: str
    their_own_rating: str
    for_each_other: str
    your_guess_for: str
    their_guess: str
    good_for_both: str
    own_heading: str
    own_summary: str
    for_you: str


@functools.cache
def _words(language: str | None) -> _Words:
    """The page's words in ``language`` (the language of now: the argument is the key)."""
    return _Words(
        bands=MappingProxyType(
            {
                Band.GOOD: gettext("good"),
                Band.MIDDLE: gettext("in between"),
                Band.POOR: gettext("not good"),
            }
        ),
        all_decisions=gettext("All decisions"),
        named_on=gettext("Named on %(day)s."),
        seen_together=gettext("Seen together"),
        talk_over=gettext(
            "This is a picture to talk over, not an answer. The choice stays yours to make "
            "together."
        ),
        option_by_option=gettext("Option by option"),
        either_sees=gettext(
            "This is all either of you sees of the other's ratings: whether each was good (5 "
            "to 7), in between (4) or not good (1 to 3). Neither of you sees the other's "
            "numbers, and nothing here is worked out from them."
        ),
        for_yourselves=gettext("For yourselves"),
        option=gettext("Option"),
        your_own_rating=gettext("Your own rating"),
        their_own_rating=gettext("%(name)s's own rating"),
        for_each_other=gettext("For each other"),
        your_guess_for=gettext("Your guess for %(name)s"),
        their_guess=gettext("%(name)s's guess for you"),
        good_for_both=gettext(
            "An option is good for both when both of you rated it good for yourselves. It asks "
            "more of one of you when it is good for one and not good for the other."
        ),
        own_heading=gettext("For %(name)s"),
        own_summary=gettext("Your own ratings (only you see these)"),
        for_you=gettext("For you"),
    )


def _band_words() -> Mapping[Band, str]:
    """Our own words for each band in the language of now, as ``{% translate %}`` put them."""
    return _words(get_language()).bands


@register.simple_tag
def band_rows(options: Sequence[OptionLine], table: str) -> SafeString:
    """The rows of the table of ratings for themselves (``own``) or for each other
    (``guesses``): the option's name, then the two bands, in words."""
    names = [isolate(option.name) for option in options]
    return _rows(options, names, table, _band_words())


def _rows(
    options: Sequence[OptionLine], names: Sequence[str], table: str, words: Mapping[Band, str]
) -> SafeString:
    """:func:`band_rows` with the options' names already isolated and the band words looked
    up: a decision's page draws both tables from one of each (:func:`combined_part`)."""
    cells = COLUMNS[table]
    rows = []
    for option, name in zip(options, names, strict=True):
        row = [f'<tr><th scope="row">{name}</th>']
        for of, attribute in cells:
            band = getattr(option, attribute)
            word = words.get(band, words[Band.POOR])
            written = BAND_ATTRIBUTE.get(band)
            if written is None:  # not one of ours: escaped as it is
                written = escape(band)
            row.append(f'\n      <td data-of="{of}" data-band="{written}">{word}</td>')
        row.append("</tr>")
        rows.append("".join(row))
    return mark_safe("".join(rows))  # noqa: S308 - every value is escaped


@register.simple_tag
def own_rows(own: Sequence[tuple[str, Any, Any]]) -> SafeString:
    """Her own numbers, option by option: for herself and for the other (whole numbers from
    1 to 7, which every language here writes as Python does)."""
    return mark_safe(  # noqa: S308 - every value is escaped
        "".join(
            f'<tr><th scope="row">{isolate(name)}</th><td>{escape(for_self)}</td>'
            f"<td>{escape(for_partner)}</td></tr>"
            for name, for_self, for_partner in own
        )
    )


@register.simple_tag
def decision_head(decision: Any) -> SafeString:
    """A decision's page above its ratings: the way back to the list, the decision's title and
    the day it was named. The same markup as the template it replaced
    (``tests/web/reference/decide/detail.html``), held by ``tests/web/test_decide_page_drawn.py``:
    through the engine its day's ``{% blocktranslate %}`` alone cost about a tenth of the page's
    own drawing (issue 15's seventeenth pass, docs/performance-passes.md). The title is escaped and
    isolated as ``|isolate`` did, the day written as ``|date`` wrote it and escaped as the block
    escaped it; our own words go in as ``{% translate %}`` put them, looked up once per language
    (:func:`_words`); nothing of anyone is kept."""
    day = escape(dates.local_write(decision.created_at, "DATE_FORMAT"))
    words = _words(get_language())
    return mark_safe(  # noqa: S308 - every value is escaped
        f'<p><a href="{escape(address("decide:index"))}">{words.all_decisions}</a></p>\n'
        f"<h1>{isolate(decision.title)}</h1>\n"
        f'<p class="hint">{words.named_on % {"day": day}}</p>'
    )


@register.simple_tag
def own_ratings(own: Sequence[tuple[str, Any, Any]], partner: str) -> SafeString:
    """Her own numbers' table, which only she sees, or nothing when she has not rated: the same
    markup as the template it replaced, held as :func:`decision_head` is; the partner's name in
    its heading isolated as the ``{% blocktranslate %}`` put it; our own words as
    :func:`decision_head`'s; nothing of anyone is kept."""
    if not own:
        return mark_safe("")
    words = _words(get_language())
    heading = words.own_heading % {"name": isolate(partner)}
    return mark_safe(  # noqa: S308 - every value is escaped
        "\n<details>\n"
        f"  <summary>{words.own_summary}</summary>\n"
        "  <table>\n"
        f'    <thead><tr><th scope="col">{words.option}</th><th scope="col">'
        f'{words.for_you}</th><th scope="col">{heading}</th></tr></thead>\n'
        f"    <tbody>{own_rows(own)}</tbody>\n"
        "  </table>\n"
        "</details>\n"
    )


@register.simple_tag
def decision_items(rows: Sequence[tuple[Any, str]]) -> SafeString:
    """The list of decisions: each a link to it with the day it was named, and where the
    viewer stands on it (``rows``: each decision with its state, as the list view gives
    them)."""
    items = []
    if rows:
        first = str(rows[0][0].public_id)
        before, after = reverse("decide:detail", args=[first]).split(first, 1)
        states = {
            "your_turn": gettext("your turn to rate"),
            "waiting": gettext(
                "your ratings are in; the combined view opens once you have both rated"
            ),
        }
        ready = gettext("ready to look at together")
        named, named_on = gettext("named on %(day)s"), gettext("Named on %(day)s.")
        for decision, state in rows:
            address = escape(f"{before}{decision.public_id}{after}")
            day = escape(dates.write(timezone.localtime(decision.created_at), "DATE_FORMAT"))
            items.append(
                f'\n    <li><a class="tap" href="{address}">{isolate(decision.title)}'
                f'<span class="visually-hidden"> ({named % {"day": day}})</span></a> —\n'
                f"      {states.get(state, ready)}\n"
                f'      <br><span class="hint">{named_on % {"day": day}}</span></li>\n    '
            )
    return mark_safe(f"    {''.join(items)}\n")  # noqa: S308 - every value is escaped


@register.simple_tag(takes_context=True)
def decision_form_fields(context: template.Context) -> SafeString:
    """``{% form_fields %}`` for the form to name a decision: its drawing kept per language
    while the form is fresh (``decide.freshform``), drawn field by field otherwise."""
    return mark_safe(freshform.fields(context["form"]))  # noqa: S308 - drawn by the renderer


@register.simple_tag
def decisions_with(partner: str) -> SafeString:
    """The heading of the list, naming the partner (a ``{% blocktranslate %}`` before issue
    15's twelfth pass, held to ``tests/web/reference/decide/index.html``)."""
    words = gettext("Your decisions with %(name)s")
    return mark_safe(words % {"name": isolate(partner)})  # noqa: S308 - the name is escaped


@register.simple_tag
def combined_part(combined: Any, partner: str) -> SafeString:
    """A decision's view once both have rated: what the two ratings show together, then the
    two tables of bands, option by option. The same markup as the template it replaced
    (``tests/web/reference/decide/combined.html``), byte for byte, held by
    ``tests/web/test_decide_bands.py``: through the template engine its translation blocks,
    each with the partner's name, cost about a fifth of the page's own drawing (issue 15's
    fifteenth pass, docs/performance-passes.md). Every value is escaped as the template escaped it,
    the partner's name isolated; our own words go in as they are, as ``{% translate %}`` put
    them, looked up once per language (:func:`_words`); nothing of anyone is kept."""
    name = {"name": isolate(partner)}
    notes = "".join(f"<li>{shown(note)}</li>" for note in combined.notes)
    # Each option's name isolated once, for both tables; our own words in her language.
    names = [isolate(option.name) for option in combined.options]
    words = _words(get_language())
    return mark_safe(  # noqa: S308 - every value is escaped
        '<section class="card" aria-labelledby="together-heading">\n'
        f'  <h2 id="together-heading">{words.seen_together}</h2>\n'
        f"  <p>{shown(combined.alignment)}</p>\n"
        f'  <ul class="decide-notes">{notes}</ul>\n'
        f"  <p>{shown(combined.yours.sentence)} {shown(combined.theirs.sentence)}</p>\n"
        f'  <p class="hint">{words.talk_over}</p>\n</section>\n'
        '<section aria-labelledby="options-heading">\n'
        f'  <h2 id="options-heading">{words.option_by_option}</h2>\n'
        f'  <p class="hint">{words.either_sees}</p>\n  \n'
        '  <table class="decide-bands">\n'
        f"    <caption>{words.for_yourselves}</caption>\n"
        f'    <thead><tr><th scope="col">{words.option}</th><th scope="col">'
        f'{words.your_own_rating}</th><th scope="col">'
        f"{words.their_own_rating % name}</th></tr></thead>\n"
        f"    <tbody>{_rows(combined.options, names, 'own', words.bands)}</tbody>\n"
        "  </table>\n"
        '  <table class="decide-bands">\n'
        f"    <caption>{words.for_each_other}</caption>\n"
        f'    <thead><tr><th scope="col">{words.option}</th><th scope="col">'
        f'{words.your_guess_for % name}</th><th scope="col">'
        f"{words.their_guess % name}</th></tr></thead>\n"
        f"    <tbody>{_rows(combined.options, names, 'guesses', words.bands)}</tbody>\n"
        "  </table>\n"
        f'  <p class="hint">{words.good_for_both}</p>\n</section>\n'
    )


#: Each part this module keeps, for the warm-up's test.
KEPT = (_words, selectors.sentences)


def _warm(**_: object) -> None:
    """Sent in each language as a worker starts (``frame.warmup.worker_starting``): the page's
    own words and its sentences' (``selectors.sentences``), so that no first view looks them
    up. Our own words only: nothing of anyone."""
    language = get_language()
    _words(language)
    selectors.sentences(language)


worker_starting.connect(_warm, dispatch_uid="interdepend-warm-decision-words")
