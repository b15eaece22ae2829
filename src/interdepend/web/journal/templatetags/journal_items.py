"""The journal's lists of entries and its row of links, drawn in Python.

An entry of *My journal* (its day, who can read it, its question, the start of its text and a
link to it) cost about 0.15 ms drawn through Django's template engine: with three entries, a
third of the page's own drawing, and more with a page of twenty (issue 15's tenth pass,
docs/perf-journal.md). Here each entry is written as a string, every value escaped as the
template escaped it: the same markup as the template it replaced, byte for byte
(``tests/web/test_journal_items.py``, against ``tests/web/reference/journal_*.html``). So are
the entries of *Shared with you* and the journal's row of links.

Only words of the language are kept between requests (a set per language, as the page frame's
parts are: ``frame/templatetags/frameparts.py``), never anything of anyone: the entries, their
days and texts are written anew on every view.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import NamedTuple

from django import template
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.html import escape, linebreaks
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language, gettext, gettext_noop

from interdepend.web.frame import dates
from interdepend.web.frame.usertext import strip_invisible
from interdepend.web.journal.selectors import EntryView

register = template.Library()

#: How many words of an entry *My journal* shows (``truncatewords:40``).
WORDS = 40
#: An entry's id, for the part of its address around the id (ids are 22 characters).
_HOLE = "0" * 22


class _Words(NamedTuple):
    """The fixed words of the lists, in one language: escaped where the template escaped them
    (``{% translate %}``), as translated where it did not (a ``{% blocktranslate %}``'s own
    words: only its values were escaped)."""

    partner: str
    shut: str
    open: str
    shared_with: str
    entry_of: str
    shut_shared: str


@functools.cache
def _words(language: str | None) -> _Words:
    return _Words(
        partner=escape(gettext("shared with your partner")),
        shut=escape(
            gettext("This entry cannot be opened with the keys this server holds right now.")
        ),
        open=escape(gettext("Open")),
        shared_with=gettext("shared with %(names)s"),
        entry_of=gettext("the entry of %(day)s"),
        shut_shared=escape(gettext("This entry cannot be opened right now.")),
    )


def _day(entry: EntryView) -> str:
    """``{{ e.created_at|date:e.day_format }}``: in the reader's time zone, escaped."""
    return escape(dates.write(timezone.localtime(entry.created_at), entry.day_format))


@register.simple_tag
def own_entry_items(entries: Sequence[EntryView]) -> SafeString:
    """*My journal*'s entries (``selectors.entry_views`` of hers), as a list."""
    words = _words(get_language())
    before, after = reverse("journal:entry", args=[_HOLE]).split(_HOLE, 1)
    items = "".join(_own_item(entry, words, before, after) for entry in entries)
    return mark_safe(  # noqa: S308 - every value is escaped (here and in _own_item)
        f'<ul class="items entries">\n  {items}\n</ul>'
    )


def _own_item(entry: EntryView, words: _Words, before: str, after: str) -> str:
    day = _day(entry)
    tags = f' <span class="tag">{words.partner}</span>' if entry.partner_sees else ""
    if entry.practitioners:
        names = ", ".join(escape(name) for name in entry.practitioners)
        tags += f' <span class="tag">{words.shared_with % {"names": names}}</span>'
    prompt = (
        f'<p class="prompt"><strong>{escape(entry.prompt)}</strong></p>' if entry.prompt else ""
    )
    if entry.body is None:
        text = words.shut
    else:
        shown = Truncator(entry.body).words(WORDS, truncate=" …")
        text = f"<bdi>{escape(strip_invisible(shown))}</bdi>"
    link = escape(f"{before}{entry.public_id}{after}")
    return (
        f'\n  <li>\n    <p class="hint">{day}{tags}</p>\n    {prompt}\n    <p>{text}</p>\n'
        f'    <p><a class="tap" href="{link}">{words.open}<span class="visually-hidden"> '
        f"{words.entry_of % {'day': day}}</span></a></p>\n  </li>\n  "
    )


@register.simple_tag
def shared_entry_items(entries: Sequence[EntryView]) -> SafeString:
    """*Shared with you*'s entries (what the partner shared, as ``entry_views`` opens them for
    a reader who is not their owner), as a list."""
    words = _words(get_language())
    items = "".join(
        f'\n  <li>\n    <p class="hint">{_day(entry)}</p>\n    '
        + (
            f"<p>{words.shut_shared}</p>"
            if entry.body is None
            else f'<div class="user-text">{linebreaks(entry.body, autoescape=True)}</div>'
        )
        + "\n  </li>\n  "
        for entry in entries
    )
    return mark_safe(  # noqa: S308 - every value is escaped (here and in linebreaks)
        f'<ul class="items entries">\n  {items}\n</ul>'
    )


#: The row's links: each page's name and its words (translated as drawn).
_LINKS = (
    ("home", gettext_noop("My journal")),
    ("write", gettext_noop("Write")),
    ("shared", gettext_noop("Shared with you")),
)
_CURRENT = ' aria-current="page"'


@register.simple_tag
def journal_subnav(here: str) -> SafeString:
    """The journal's row of links, the page ``here`` (``home``, ``write``, ``shared`` or none)
    marked as the current one: the same for everyone in a language."""
    drawn = _subnav(get_language(), get_script_prefix(), get_urlconf(), here)
    return mark_safe(drawn)  # noqa: S308 - escaped in _subnav


@functools.cache
def _subnav(language: str | None, prefix: str, urlconf: object, here: str) -> str:
    """The row, for a language and a map of addresses (its prefix and URL map)."""
    links = "".join(
        f'\n    <li><a href="{escape(reverse(f"journal:{name}"))}"'
        f"{_CURRENT if name == here else ''}>{escape(gettext(words))}</a></li>"
        for name, words in _LINKS
    )
    return (
        f'<nav class="subnav" aria-label="{escape(gettext("Journal"))}">\n  <ul>{links}\n'
        "  </ul>\n</nav>\n"
    )
