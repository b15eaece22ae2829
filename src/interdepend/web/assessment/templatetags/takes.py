"""The results list's table of earlier takes, drawn in Python.

Each take is a row of its date (a link to its result) and its four kept scores. Drawn through
Django's template engine, a row with its address, its date and four cells cost about 0.1 ms,
more than half of the page's own time with two takes and more with a year of them (issue 15's
ninth pass, docs/performance-passes.md). Here the table is written as a string, every value escaped
as the template escaped it: the same markup as the template it replaced, byte for byte
(``tests/web/test_takes_table.py``, against ``tests/web/reference/takes.html``).

The words around the rows (the heading, the scales' names, the hint) depend only on the
language and the instrument's names, so each such set is written once per process, as the
page frame's parts are (``frame/templatetags/frameparts.py``): they hold nothing of anyone. A
score is a whole number from 0 to 100, which every language here writes as Python does (no
separator of thousands or decimals).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from django import template
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, ngettext

from interdepend.web.frame import dates
from interdepend.web.frame.formrender import escape_text, shown

register = template.Library()


@register.simple_tag
def takes_table(instrument: Any, taken: Sequence[Any], finished_here: int) -> SafeString:
    """The heading, the table of ``taken`` (each take, its scores and the format of its date,
    as ``assessment.views._taken`` gives them) and the hint under it."""
    head, hint, older = _words(get_language(), tuple(scale.name for scale in instrument.scales))
    rows = ""
    if taken:
        first = taken[0][0].public_id
        before, after = reverse("assessment:results", args=[first]).split(first, 1)
        rows = "".join(
            _row(take, scores, day_format, instrument.id, before, after)
            for take, scores, day_format in taken
        )
    return mark_safe(  # noqa: S308 - every value is escaped (here and in _words)
        f"{head}  <tbody>{rows}</tbody>\n</table></div>\n"
        f'<p class="hint">{hint}{older if len(taken) != finished_here else ""}</p>'
    )


@functools.cache
def _words(language: str | None, scales: tuple[str, ...]) -> tuple[str, str, str]:
    """The heading and the table's head, the hint, and the note on the first version, escaped,
    for a language and an instrument's scale names."""
    names = "".join(f'<th scope="col">{escape(name)}</th>' for name in scales)
    head = (
        f'<h2 id="earlier-heading">{escape(gettext("Your earlier results"))}</h2>\n'
        '<div class="table-scroll" role="region" aria-labelledby="earlier-heading" '
        'tabindex="0">\n'
        '<table class="takes">\n'
        f'  <thead><tr><th scope="col">{escape(gettext("Taken"))}</th>{names}</tr></thead>\n'
    )
    hint = gettext(
        "Each part scored from 0 to 100, as it was on the day you finished. Open a date for the "
        "whole result."
    )
    older = f" * {escape(gettext('(the first version of the statements)'))}"
    return head, escape(hint), older


def _row(
    take: Any,
    scores: Sequence[int | None],
    day_format: str,
    current: str,
    before: str,
    after: str,
) -> str:
    address = escape(f"{before}{take.public_id}{after}")
    when = take.completed_at
    day = escape(dates.write(timezone.localtime(when), day_format)) if when is not None else ""
    star = '<span class="hint"> *</span>' if take.instrument_id != current else ""
    cells = "".join("<td>—</td>" if n is None else f"<td>{int(n)}</td>" for n in scores)
    return (
        f'\n  <tr><th scope="row"><a class="tap" href="{address}">{day}</a>{star}</th>\n'
        f"    {cells}</tr>\n  "
    )


#: The overview's hint: what its two counted sentences say, singular and plural, as
#: ``{% blocktranslate count … trimmed %}`` names them (``tests/web/reference/overview_hint.html``).
_STATEMENTS = (
    "There is %(n)s statement, then a short private check on feeling safe.",
    "There are %(n)s statements, then a short private check on feeling safe.",
)
_PAGES = (
    "The statements come on %(pages)s page, and the safety check on one more.",
    "The statements come on %(pages)s short pages, and the safety check on one more.",
)


@register.simple_tag
def overview_hint(instrument: Any, pages: int) -> SafeString:
    """The overview's hint on how long the statements are: what its two
    ``{% blocktranslate count %}`` tags and a ``{% translate %}`` wrote, each count written as
    ``{{ n }}`` writes it (:func:`~interdepend.web.frame.formrender.shown`) and the last
    sentence escaped. Through the template engine the two counted sentences cost about 0.1 ms a
    view (issue 15's twenty-eighth pass); ``tests/web/test_overview_hint.py`` holds the two
    equal over any counts, in every language."""
    return SafeString(_hint(len(instrument.items), pages))


def _hint(n: int, pages: int) -> str:
    try:
        statements = ngettext(*_STATEMENTS, n) % {"n": shown(n)}
        shown_pages = ngettext(*_PAGES, pages) % {"pages": shown(pages)}
    except (KeyError, ValueError):  # a translation that names another value: as Django does
        with translation.override(None):
            return _hint(n, pages)
    ten = gettext("It takes about ten minutes. You can stop and come back at any point.")
    return f"{statements} {shown_pages} {escape_text(ten)}"
