"""Talking it through: the steps of a short guided conversation for two people on one phone.

One speaks while the other listens, the listener says back what they heard, then they swap, and
they close with what they appreciated. Nothing is stored: the page is the same for everyone but
for its topic, and the topic is a question both can already read.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from interdepend.core.daily import make_pools
from interdepend.web.frame.warmup import worker_starting

SPEAK_MINUTES = 3
REFLECT_MINUTES = 2


@dataclass(frozen=True)
class Step:
    title: str
    lines: tuple[str, ...]
    prompts: tuple[str, ...] = field(default=())
    minutes: int = 0

    @property
    def seconds(self) -> int:
        return self.minutes * 60


def _speak(title: str) -> Step:
    return Step(
        title=title,
        lines=(
            _("Speaker: talk about your own side, in your own words. Start from “I”."),
            _(
                "Listener: just listen. No fixing, no defending, no questions yet. Notice what "
                "seems to matter most to them."
            ),
        ),
        prompts=(
            _("What comes up for you when you think about this?"),
            _("What would you most like the other to understand?"),
            _("Is there something you need, or hope for?"),
        ),
        minutes=SPEAK_MINUTES,
    )


def _reflect(title: str) -> Step:
    return Step(
        title=title,
        lines=(
            _(
                "Listener: say back what you heard, as closely as you can, and ask whether you "
                "got it right."
            ),
            _("Speaker: add or correct anything that was missed. Then the listener tries again."),
        ),
        prompts=(
            _("What I heard is…"),
            _("It sounds as if what matters to you is…"),
            _("Did I get that right? Is there more?"),
        ),
        minutes=REFLECT_MINUTES,
    )


def steps() -> tuple[Step, ...]:
    return (
        Step(
            title=_("Before you start"),
            lines=(
                _("Sit where you can both see the screen, and put other things aside for a while."),
                _("Choose who speaks first. The other listens. You will swap halfway."),
                _(
                    "This is not about agreeing or deciding anything. It is about each of you "
                    "feeling heard. Either of you may pause or stop at any time, and that is fine."
                ),
            ),
        ),
        _speak(_("The first speaker talks")),
        _reflect(_("The listener says back what they heard")),
        _speak(_("Swap: the second speaker talks")),
        _reflect(_("The new listener says back what they heard")),
        Step(
            title=_("Closing"),
            lines=(
                _("Each of you, in turn: what was it like to be listened to?"),
                _("Name one thing you appreciated in how the other listened."),
                _(
                    "If a small next step came up, you can make it a shared promise. If nothing "
                    "needs to happen, that is a good ending too."
                ),
            ),
        ),
    )


@functools.cache
def steps_drawn(language: str | None) -> SafeString:
    """``daily/_steps.html`` in ``language`` (the active one: the argument is the key).

    The steps are the same for everyone who reads the page in a language: their titles, what
    each of the two does, the prompts, the timers. Drawn through the template engine on every
    view they were most of the page's own time (issue 15's tenth pass, docs/performance-passes.md),
    so they are drawn once per language and kept in the worker's memory, as the page frame's parts
    are (``frame/templatetags/frameparts.py``): only the fixed words of a language, nothing of
    anyone. A worker draws them for every language as it starts (:func:`_draw_as_worker_starts`),
    so no first view is the one that draws them (``tests/web/test_conversation_steps.py``)."""
    # The template escaped every value as it drew them; kept as it came out.
    return mark_safe(render_to_string("daily/_steps.html", {"steps": steps()}))  # noqa: S308


def _draw_as_worker_starts(**_: Any) -> None:
    """Sent in each language as a worker starts (``frame.warmup.worker_starting``): the steps
    drawn, and the pools the day's question is picked from made (only the library's questions
    and their ids, nothing of anyone)."""
    language = get_language()
    steps_drawn(language)
    make_pools(language)


worker_starting.connect(_draw_as_worker_starts, dispatch_uid="interdepend-daily-steps")
