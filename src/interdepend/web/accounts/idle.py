"""Opening a private page after a while away asks for the password again.

The private pages are the views decorated with :func:`idle_gate` (docs/security.md lists
them): the journal, one's own results (every result, whatever its safety screen said: were
only some to ask, the asking would tell what they hold) and whatever else she keeps for
herself. Each of their
requests stamps the session. When both the last private request and the last password proof are
older than ``JOURNAL_IDLE_SECONDS``, the request goes to the confirm page first (and comes back
after it), so someone who picks up an unlocked device cannot simply read.

The stamp is renewed at most once a minute (or a tenth of the window, when that is shorter), so
reading does not write the session on every page. A stamp can therefore be up to that much older
than the last private page, and the pages lock that much early, never late.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from interdepend.web.accounts import kept, refill
from interdepend.web.accounts.reauth import (
    REAUTH_AT_KEY,
    REAUTH_FACTOR_AT_KEY,
    back_from,
    confirm_url,
    password_recent,
    recently_reauthenticated,
)
from interdepend.web.accounts.sessions import PRIVATE_CLOSED_KEY
from interdepend.web.frame.bodies import form_of

#: One stamp for every private page (its name is older than the results' joining it).
PRIVATE_SEEN_KEY = "_journal_seen_at"
JOURNAL_SEEN_KEY = PRIVATE_SEEN_KEY
#: The stamp is renewed at most this often (as the session's own activity mark).
STAMP_EVERY_SECONDS = 60.0

View = TypeVar("View", bound=Callable[..., HttpResponse])


def seconds_since_private(request: HttpRequest) -> float:
    stamp = request.session.get(PRIVATE_SEEN_KEY)
    return float("inf") if stamp is None else max(0.0, time.time() - float(stamp))


def private_open(request: HttpRequest) -> bool:
    """Whether her private pages would open now without the password: a page that is not one
    of them uses it to leave out what only they show (the date of her latest result on the
    start page: the two-minute audit of 2026-12-03, L2)."""
    window = int(settings.JOURNAL_IDLE_SECONDS)
    return seconds_since_private(request) <= window or recently_reauthenticated(request, window)


def idle_gate(view: View) -> View:
    """Decorate a private view (behind ``login_required``)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        window = int(settings.JOURNAL_IDLE_SECONDS)

        def seen(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            _renew(request, window)
            request.private_page = True  # type: ignore[attr-defined]  # typing keeps it open
            # The page locks itself when left alone this long (js/interdepend.js).
            request.idle_seconds = window  # type: ignore[attr-defined]
            return view(request, *args, **kwargs)

        if private_open(request):
            return seen(request, *args, **kwargs)
        return password_recent(max_age=window, keep=True)(seen)(request, *args, **kwargs)

    return cast(View, wrapped)


def still_here(request: HttpRequest) -> bool:
    """Typing on a private page that is open keeps it open: the stamp is renewed while the
    window still holds (at most once a minute), so a long journal entry is not lost to the
    password page when it is saved. A window already closed stays closed: this never opens
    what the password must."""
    window = int(settings.JOURNAL_IDLE_SECONDS)
    if seconds_since_private(request) > window:
        return False
    _renew(request, window)
    return True


def stepped_away(request: HttpRequest) -> None:
    """Her private page was out of sight longer than ``PRIVATE_AWAY_SECONDS`` (a locked phone,
    another app or tab in front), and the page says so as it is seen again: from now on her
    private pages, and every step a recent password let through, ask for the password again, on
    every tab of this sign-in. Locking the phone was left to the fifteen-minute window before
    (the phone audit of 2026-12-04, M3). Nothing else of the session changes: she stays signed
    in, her notifications stay on, nothing she typed is lost (the page sends it to meet the
    password page, as when it locks itself)."""
    for key in (PRIVATE_SEEN_KEY, REAUTH_AT_KEY, REAUTH_FACTOR_AT_KEY):
        request.session.pop(key, None)
    # Sticky in the store, so a request under way that saves after this one cannot put back
    # the moments just taken away (accounts.sessions.SessionStore).
    request.session[PRIVATE_CLOSED_KEY] = time.time()


#: When a page of hers went out of sight without leaving (her phone locked, another app or tab
#: in front): set by the page's beacon (``going_away``), read by the next request (:func:`back`).
AWAY_SINCE_KEY = "_away_since"

#: The quick exit's name in the map of addresses (:class:`LockedFormMiddleware`).
QUICK_EXIT = "frame:quick_exit"


def _is_exit(request: HttpRequest) -> bool:
    """Whether a request is the quick exit: by the name its address resolved to, as a view's
    middleware sees it, not by the exit's address worked out again on every post (``reverse``,
    about 30 µs of each: issue 15's eighteenth pass); by its address if it was not resolved."""
    match = request.resolver_match
    if match is None:
        return request.path_info == reverse(QUICK_EXIT)
    return match.view_name == QUICK_EXIT


def going_away(request: HttpRequest) -> None:
    """A page of hers went out of sight (its beacon, sent from every signed-in page): the first
    moment is kept until something of hers is seen again."""
    if AWAY_SINCE_KEY not in request.session:
        request.session[AWAY_SINCE_KEY] = time.time()


def back(request: HttpRequest, *, seen: bool) -> bool:
    """A request after a page of hers went out of sight: away longer than
    ``PRIVATE_AWAY_SECONDS``, her private pages and every step a recent password let through
    ask for the password again (:func:`stepped_away`), whatever asks and on every tab; True
    then. A page seen again (``seen``: a page loaded, or one shown again saying so) ends the
    time away; anything else (a script's request from a page still out of sight) leaves it.

    Decided by the server, not only by the page seen again: a new tab, the start page, or the
    journal asked for straight after, reached what the password should have (the security
    audit of 2026-12-04, M1)."""
    since = request.session.get(AWAY_SINCE_KEY)
    if since is None:
        return False
    locked = time.time() - float(since) > settings.PRIVATE_AWAY_SECONDS
    if locked:
        stepped_away(request)
    if locked or seen:
        request.session.pop(AWAY_SINCE_KEY, None)
    return locked


class AwayMiddleware:
    """Every request of a signed-in session looks at the time away first (:func:`back`). The
    page's own reports go to ``accounts:stepped_away``, which reads them itself."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.own: str | None = None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        if session is not None and AWAY_SINCE_KEY in session:
            if self.own is None:
                self.own = reverse("accounts:stepped_away")
            if request.path_info != self.own:
                # A navigation is a page seen; a browser that does not say is taken as one.
                mode = request.headers.get("Sec-Fetch-Mode", "navigate")
                back(request, seen=mode == "navigate")
        return self.get_response(request)


def _renew(request: HttpRequest, window: int) -> None:
    """Stamp the session, at most once a minute (or a tenth of the window, when shorter)."""
    if seconds_since_private(request) > min(STAMP_EVERY_SECONDS, window / 10):
        request.session[PRIVATE_SEEN_KEY] = time.time()


class LockedFormMiddleware:
    """A form that a private page sends as it locks itself (``kept.LOCKED_FIELD``, added by
    js/interdepend.js) is never carried out, even when the session is fresh because another tab
    is in use: the carry audit had a half-typed shared goal saved, and shown to the partner,
    that way. It meets the password page, which carries it when it is one of ``kept.CARRIED``
    and keeps its typed fields for their boxes when it is one of ``refill.REFILLED``; nothing
    is saved before her own press. Runs after the CSRF check."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # A carried form saved from its page (a redirect after the save) stops waiting there.
        if (
            request.method == "POST"
            and response.status_code in (302, 303)
            and kept.CARRIED_FIELD in form_of(request)
            and hasattr(request, "session")
        ):
            request.session.pop(kept.CARRY_ON, None)
        return response

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        if request.method != "POST" or not request.user.is_authenticated:
            return None
        if _is_exit(request):
            # The exit is never a form to carry, and must lock whatever its body holds: read
            # here, a body Django will not read answered it with an error page, unlocked.
            return None
        if kept.LOCKED_FIELD not in request.POST:
            return None
        carry = kept.rule_for(request)
        if carry is not None:
            from interdepend.web.accounts.views import confirm_keeping

            return confirm_keeping(request, kept.keep(request, carry))
        if refill.hold(request):
            # One of the forms whose typed fields come back in their boxes (accounts.refill):
            # the confirm page says so, and after it the form waits for her own press.
            return redirect(confirm_url(back_from(request), again=True))
        # Not one of the forms whose words are carried: say so, rather than let what she typed
        # vanish without a word (the carry re-audit).
        messages.info(
            request,
            _("This page locked itself before what you typed on it was sent, so it was not kept."),
        )
        return redirect(confirm_url(back_from(request)))
