"""The two-step page's fixed text, kept per language (``{% two_step_fixed "name" %}``).

Drawn through Django's template engine, the page's head (the way back, its title, its two
paragraphs and the passkeys' heading) and the *Not set up* text and form before its token went
through a node for each tag on every view (issue 15's seventeenth pass,
``docs/performance-passes.md``); a shorter run of plain text or one word costs less as the
template's nodes than as a tag, so those stay in the template. They
are the same for everyone in a language: ``accounts/_two_step_fixed.html`` holds them in
sections (``{# section:name #}``), each the text the old template drew in that place. Each is
drawn by Django's own engine once per language and map of addresses as a worker starts
(:func:`_warm`), never on first use. Nothing of a person is kept: her passkeys, app, codes,
forms and token are drawn by the page's template on each view. The page is the one the old
template drew, byte for byte (``tests/web/test_two_step_page_made.py``, against
``tests/web/reference/accounts/two_step.html``).
"""

from __future__ import annotations

import functools
from pathlib import Path

from django import template
from django.urls import get_script_prefix
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from interdepend.web.frame import sections
from interdepend.web.frame.addresses import url_map
from interdepend.web.frame.warmup import worker_starting

register = template.Library()

_SOURCE = Path(__file__).resolve().parent.parent / "templates" / "accounts" / "_two_step_fixed.html"
_SOURCES = sections.read(_SOURCE)


@functools.cache
def _fixed(language: str | None, prefix: str, urlconf: str) -> dict[str, SafeString]:
    """Each section drawn by the engine in the language and map of addresses of now (the
    arguments are the key)."""
    return {
        name: mark_safe(texts[0])  # noqa: S308 - our own text, with no marker for a value
        for name, texts in sections.draw(_SOURCES).items()
    }


@register.simple_tag
def two_step_fixed(name: str) -> SafeString:
    """The section ``name`` of the page's fixed text, in her language."""
    return _fixed(get_language(), get_script_prefix(), url_map())[name]


def _warm(**_: object) -> None:
    """Sent in each language as a worker starts (``frame.warmup.worker_starting``): the page's
    fixed text, so that no first view draws it."""
    _fixed(get_language(), get_script_prefix(), url_map())


worker_starting.connect(_warm, dispatch_uid="interdepend-warm-two-step-page")
