"""Template context every page needs from the frame: the quick exit's target and its note, and
the help lines the operator set for their country."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from interdepend.web.frame.lock import note_wanted


def frame(request: HttpRequest) -> dict[str, object]:
    return {
        "quick_exit_url": settings.QUICK_EXIT_URL,
        "quick_exit_note": lambda: note_wanted(request),
        "help_lines": settings.SAFETY_HELP_LINES,
    }
