"""Template context every page needs from the frame: the quick exit's target and its note, the
help lines the operator set for their country, and the home-screen look the person chose."""

from __future__ import annotations

import functools

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language

from interdepend.web.accounts.models import HomeScreenLook
from interdepend.web.frame import pwa
from interdepend.web.frame.lock import note_wanted


def home_screen(request: HttpRequest) -> dict[str, str]:
    """The manifest and touch icon of the person's chosen look (the app's own when signed out),
    and under a plain look its name, which is then every page's title."""
    look = pwa.look_of(getattr(request, "user", None))
    found = {"manifest": pwa.manifest_url(look), "touch_icon": pwa.touch_icon_url(look)}
    if look != HomeScreenLook.INTERDEPEND:
        # Every page's title is the plain name alone ("Notes"): the tab, the history and the
        # phone's list of open apps then never read "My circle · Interdepend".
        found["plain_title"] = pwa.LOOKS[look].name_in(get_language() or settings.LANGUAGE_CODE)
    return found


def frame(request: HttpRequest) -> dict[str, object]:
    return {
        "quick_exit_url": settings.QUICK_EXIT_URL,
        "quick_exit_note": lambda: note_wanted(request),
        "help_lines": settings.SAFETY_HELP_LINES,
        # Each language named in itself, whatever the page's language (never translated).
        "language_choices": settings.LANGUAGES,
        # Read up to three times by the page's head: worked out once.
        "home_screen": functools.cache(lambda: home_screen(request)),
    }
