"""*Who can see what* below its title, drawn in Python (``{% safety_page %}``).

The page's content block went through a template node for each of its twenty fixed sentences,
its addresses, six token fields and the ``{% if %}``s around its cards on every view, about a
fifth of the page's own template time (issue 15's sixteenth pass, docs/performance-passes.md).
Its fixed text is the same for everyone in a language: ``safetycheck/_index_body.html`` holds
it in sections (``{# section:name #}``: the page, and each part the old template drew under an
``{% if %}``), with a marker (``{# part:name #}``) where each value goes. The text between the
markers is drawn by Django's own engine once per language and map of addresses as a worker
starts (:func:`_warm`), never on first use. Each view puts the values in place, each written as
the old template wrote it (dates as the ``date`` filter, counts as ``{% blocktranslate %}``,
every value escaped), and draws a section only where the old template's ``{% if %}`` held. The
cards are ``safetyparts``' as before. Nothing of a person is kept. The page is the one the old
template drew, byte for byte (``tests/web/test_safety_page_drawn.py``, against
``tests/web/reference/safetycheck/index.html``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django import template
from django.urls import get_script_prefix
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from interdepend.web.datarights.templatetags import safetyparts
from interdepend.web.frame import dates, sections
from interdepend.web.frame.addresses import url_map
from interdepend.web.frame.templatetags.formfields import csrf_input
from interdepend.web.frame.warmup import worker_starting

if TYPE_CHECKING:
    from datetime import datetime

    from interdepend.web.datarights.safetycheck.selectors import Picture

register = template.Library()

_SOURCE = Path(__file__).resolve().parent.parent / "templates" / "safetycheck" / "_index_body.html"

#: The fixed addresses the cards name, in the order of the ``addresses`` section.
ADDRESSES = (
    "safetycheck:unlink",
    "safetycheck:results",
    "safetycheck:entry",
    "safetycheck:checkin",
    "safetycheck:daily",
    "safetycheck:scope",
    "safetycheck:practitioner",
    "safetycheck:session",
)


_SOURCES = sections.read(_SOURCE)


@functools.cache
def _fixed(language: str | None, prefix: str, urlconf: str) -> dict[str, tuple[str, ...]]:
    """Each section's fixed text between its markers, drawn by the engine in the language and
    map of addresses of now (the arguments are the key)."""
    return sections.draw(_SOURCES)


def _now() -> dict[str, tuple[str, ...]]:
    return _fixed(get_language(), get_script_prefix(), url_map())


def _joined(fixed: sections.Drawn, name: str, values: dict[str, str]) -> str:
    """The section ``name`` with each marker's value in its place."""
    return sections.joined(_SOURCES, fixed, name, values)


def _invitation_words(invitations: list[datetime]) -> str:
    """The invitation card's sentence: until when one code works, or how many do."""
    if len(invitations) == 1:
        until = escape(dates.local_write(invitations[0], "DATE_FORMAT"))
        return gettext(
            "An invitation code you made still works until %(until)s: whoever has it could "
            "link with you."
        ) % {"until": until}
    return gettext(
        "%(n)s invitation codes you made still work: whoever has one could link with you."
    ) % {"n": conditional_escape(localize(len(invitations)))}


def _counted(kept: safetyparts.CountedWords, singular: str, plural: str, n: int) -> str:
    """A ``{% blocktranslate count n=... %}``: the words for ``n`` (kept per language,
    ``safetyparts.counted_words``), the count as a template writes it."""
    words = safetyparts.counted_words(kept, singular, plural, n)
    return words % {"n": conditional_escape(localize(n))}


def _two_step(
    fixed: dict[str, tuple[str, ...]], picture: Picture, kept: safetyparts.CountedWords
) -> str:
    if not picture.two_step:
        return fixed["no_two_step"][0]
    passkeys = ""
    if picture.passkeys:
        # The same words for one and for many: the count is in the brackets.
        passkeys = "<li>{}</li>".format(
            _counted(
                kept,
                "one of your passkeys (%(n)s added)",
                "one of your passkeys (%(n)s added)",
                picture.passkeys,
            )
        )
    recovery = _counted(
        kept, "%(n)s recovery code left", "%(n)s recovery codes left", picture.recovery_left
    )
    return _joined(
        fixed,
        "two_step",
        {
            "passkeys": passkeys,
            "app": fixed["app"][0] if picture.app else "",
            "recovery": recovery,
        },
    )


def _push(
    fixed: dict[str, tuple[str, ...]], devices: int, csrf: str, kept: safetyparts.CountedWords
) -> str:
    counted = _counted(
        kept,
        "%(n)s device gets notifications from your account. They never say what is waiting, "
        "but they do say that something is.",
        "%(n)s devices get notifications from your account. They never say what is waiting, "
        "but they do say that something is.",
        devices,
    )
    return _joined(fixed, "push", {"csrf": csrf, "counted": counted})


def _entries(fixed: dict[str, tuple[str, ...]], picture: Picture, csrf: str) -> str:
    urls = {"safetycheck:entry": fixed["entry_action"][0]}
    private = fixed["private"][0]
    words = safetyparts._words(get_language())
    items = "".join(
        safetyparts._entry_item(
            e, csrf, urls, words, "practitioner", "practitioners-heading", private
        )
        for e in picture.practitioner_entries
    )
    return _joined(fixed, "entries", {"items": items})


@register.simple_tag(takes_context=True)
def safety_page(context: template.Context) -> SafeString:
    """The page's content block, from its context (``safetycheck.views.index``)."""
    picture: Picture = context["picture"]
    language = get_language()
    fixed = _fixed(language, get_script_prefix(), url_map())
    kept = safetyparts._counted_words(language)
    urls = dict(zip(ADDRESSES, fixed["addresses"][0].split(), strict=True))
    csrf = csrf_input(context)
    values: dict[str, str] = {
        "partner": safetyparts.partner_card(csrf, urls, picture.partner),
        "invitation": _joined(
            fixed,
            "invitation",
            {"words": _invitation_words(picture.invitations), "csrf": csrf},
        )
        if picture.invitations
        else "",
        "practitioners": safetyparts.practitioner_cards(
            csrf, urls, picture.practitioners, context["kind_labels"], context["scope_labels"]
        ),
        "entries": _entries(fixed, picture, csrf) if picture.practitioner_entries else "",
        "research": _joined(fixed, "research", {"csrf": csrf})
        if picture.research
        else fixed["no_research"][0],
        "sessions": safetyparts.session_items(csrf, urls, picture.sessions),
        "others": _joined(fixed, "others", {"csrf": csrf}) if picture.others_signed_in else "",
        "two_step": _two_step(fixed, picture, kept),
        "push": _push(fixed, picture.push_devices, csrf, kept) if picture.push_devices else "",
        "csrf": csrf,
    }
    return mark_safe(_joined(fixed, "body", values))  # noqa: S308 - every value is escaped above


#: Each part this module keeps, for the warm-up's test.
KEPT: tuple[Callable[..., Any], ...] = (_fixed,)


def _warm(**_: object) -> None:
    """Sent in each language as a worker starts (``frame.warmup.worker_starting``): the page's
    fixed text, so that no first view draws it."""
    _fixed(get_language(), get_script_prefix(), url_map())


worker_starting.connect(_warm, dispatch_uid="interdepend-warm-safety-page")
