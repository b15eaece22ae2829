"""Template context every page needs from the frame: the quick exit's target, its keys and its
note, the help lines the operator set for their country, and the home-screen look the person
chose."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Generic, TypeVar

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language

from interdepend.web.accounts.devices import device_look
from interdepend.web.accounts.models import HomeScreenLook, QuickExitKeys, User
from interdepend.web.frame import pwa
from interdepend.web.frame.lock import note_wanted


def home_screen(request: HttpRequest) -> Mapping[str, str]:
    """The manifest, touch icon and offline page of the page's look (:func:`look_for`), in the
    page's language, and under a plain look its name, which is then every page's title. A
    signed-in person's offline page is her own choice, which the worker keeps over a signed-out
    page's."""
    user = getattr(request, "user", None)
    language = get_language() or settings.LANGUAGE_CODE
    return pwa.home_screen(look_for(request), language, chosen=isinstance(user, User))


def look_for(request: HttpRequest) -> HomeScreenLook:
    """The look of a page: the signed-in person's choice; signed out, the plain look on a
    browser where any account that signed in chose it, else the app's own."""
    user = getattr(request, "user", None)
    if isinstance(user, User):
        return pwa.look_of(user)
    return device_look(request)


def exit_keys_for(request: HttpRequest) -> str:
    """Which keys set off the quick exit on this page: the signed-in person's choice, else Esc
    and Shift (the page of a locked session does not use her choice: ``frameparts``)."""
    user = getattr(request, "user", None)
    if isinstance(user, User):
        return str(user.quick_exit_keys)
    return QuickExitKeys.ESC_AND_SHIFT.value


T = TypeVar("T")


class Once(Generic[T]):
    """A value worked out when a template first asks for it, then kept for the rest of the
    request: what ``functools.cache`` over a lambda did, without copying the lambda's name and
    attributes onto a new wrapper first (about 4 µs each, on every page)."""

    __slots__ = ("_done", "_make", "_value")
    _value: T

    def __init__(self, make: Callable[[], T]) -> None:
        self._make = make
        self._done = False

    def __call__(self) -> T:
        if not self._done:
            self._value = self._make()
            self._done = True
        return self._value


class HomeScreen(Once[Mapping[str, str]]):
    """:func:`home_screen` of the request, worked out when first asked and then kept for the
    rest of it, as :class:`Once`. The frame, which asks first (the page's title), hands it the
    look, the language and the script prefix it has read of the page already
    (``frameparts.Page``, ``fasttags.map_and_prefix``): worked out alone, the language and the
    prefix are each a look into request-local storage (about 2 µs each in a loop) and the look
    an enum made again, on every page."""

    __slots__ = ("request",)

    def __init__(self, request: HttpRequest) -> None:
        super().__init__(lambda: home_screen(request))
        self.request = request

    def read(self, look: HomeScreenLook, language: str | None, prefix: str) -> Mapping[str, str]:
        """The values, from what the frame has read: ``look_for(request)``, ``get_language()``
        and ``get_script_prefix()`` as the page is drawn."""
        if not self._done:
            user = getattr(self.request, "user", None)
            language = language or settings.LANGUAGE_CODE
            chosen = isinstance(user, User)
            self._value = pwa.home_screen(look, language, chosen=chosen, prefix=prefix)
            self._done = True
        return self._value


def frame(request: HttpRequest) -> dict[str, object]:
    return {
        "quick_exit_url": settings.QUICK_EXIT_URL,
        "exit_keys": Once(lambda: exit_keys_for(request)),
        "away_seconds": settings.PRIVATE_AWAY_SECONDS,
        "quick_exit_note": lambda: note_wanted(request),
        "help_lines": settings.SAFETY_HELP_LINES,
        # Each language named in itself, whatever the page's language (never translated).
        "language_choices": settings.LANGUAGES,
        # Read up to three times by the page's head: worked out once.
        "home_screen": HomeScreen(request),
    }
