"""The steps of talking it through, drawn once per language.

The steps (``daily.conversation``) are the same for everyone who reads the page in a language:
their titles, what each of the two does, the prompts, the timers. Drawn through the template
engine on every view they were most of the page's own time (issue 15's tenth pass,
docs/perf-decide.md). So ``daily/_steps.html`` is drawn once per language and kept in the
worker's memory, as the page frame's parts are (``frame/templatetags/frameparts.py``): it holds
nothing of anyone, only the fixed words of a language. A worker draws them for every language
as it starts (:func:`_draw_every_language`), so no first view is the one that draws them.
``tests/web/test_conversation_steps.py`` holds the kept steps to the template drawn afresh.
"""

from __future__ import annotations

import functools
from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from interdepend.web.daily.conversation import steps
from interdepend.web.frame.warmup import worker_starting

register = template.Library()


@register.simple_tag
def conversation_steps() -> SafeString:
    """The steps, in the page's language."""
    return _drawn(get_language())


@functools.cache
def _drawn(language: str | None) -> SafeString:
    """``daily/_steps.html`` in ``language`` (the active one: the argument is the key)."""
    # The template escaped every value as it drew them; kept as it came out.
    return mark_safe(render_to_string("daily/_steps.html", {"steps": steps()}))  # noqa: S308


def _draw_every_language(**_: Any) -> None:
    """Sent in each language as a worker starts (``frame.warmup.worker_starting``)."""
    _drawn(get_language())


worker_starting.connect(_draw_every_language, dispatch_uid="interdepend-daily-steps")
