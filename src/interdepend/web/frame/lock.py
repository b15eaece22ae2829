"""The quick exit's lock: after a quick exit, the session needs the password before anything else.

The quick exit tells the server as it leaves (a beacon from the script, or the button's own form
when scripts are off), and the server marks the session locked. From the next request on, every
address of the app answers with one neutral page that asks for the password and shows nothing
of the person: no name, no e-mail, nothing they wrote, not even that a quick exit happened. So a
Back, a page from the history or a typed address shows nothing private. The right password
carries on to where the person was; wrong ones are counted like the confirm page's, and after
too many the session ends. Signing out is always there.

The lock lives in the server-side session: nothing is kept in the browser.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import render
from django.urls import reverse

from interdepend.web.accounts import formpages, kept, reauth, sessions
from interdepend.web.accounts.forms import PasswordConfirmForm
from interdepend.web.frame import stash
from interdepend.web.frame.auth import authed_user
from interdepend.web.frame.bodies import form_of
from interdepend.web.frame.http import is_htmx
from interdepend.web.frame.said import forget_said

#: Never saved away by a request that read the session before the lock (accounts/sessions.py).
LOCKED_KEY = sessions.QUICK_EXIT_LOCKED_KEY
NOTE_SEEN_KEY = "_quick_exit_explained"
#: What a locked session may still reach: the lock itself, another quick exit, signing out, and
#: the three fixed files of the home-screen app (the same for everyone, nothing of anyone), so
#: that the lock page itself stays a page the installed app can show.
PASSING = (
    "frame:unlock",
    "frame:quick_exit",
    "accounts:logout",
    "frame:manifest",
    "frame:service_worker",
    "frame:offline",
)


def session_lock(request: HttpRequest) -> None:
    """Lock a signed-in session until its password is given again."""
    if request.user.is_authenticated:
        request.session[LOCKED_KEY] = True


def session_is_locked(request: HttpRequest) -> bool:
    session = getattr(request, "session", None)
    return bool(request.user.is_authenticated and session and session.get(LOCKED_KEY))


def session_unlock(request: HttpRequest) -> None:
    """The right password was given: carry on, and count it as a fresh confirmation."""
    request.session.pop(LOCKED_KEY, None)
    reauth.mark_reauthenticated(request)


def keep_unsent(request: HttpRequest) -> None:
    """Words she typed on a private page and had not sent, carried by the quick exit's beacon,
    wait in the locked session, sealed (``accounts.kept``), for the lock page's password: an
    Esc pressed out of habit while writing lost them (the keyboard audit of 2026-12-03). Only
    with the page's own CSRF token: nobody else's words are put before her. Never needed for
    the lock itself, which has already happened."""
    if kept.EXIT_TO not in form_of(request) or not _token_holds(request):
        return
    held = kept.keep_at_exit(request)
    if held is not None:
        stash.put(request, kept.AT_EXIT, held.token)


def unsent_waiting(request: HttpRequest) -> bool:
    """After the lock page's password: whether words kept by :func:`keep_unsent` wait, now
    handed on to the page that shows them before anything is saved (``accounts:carry_on``)."""
    token = stash.fresh(request, kept.AT_EXIT, kept.MAX_AGE_SECONDS, take=True)
    if token is None or kept.opened(request, str(token)) is None:
        return False
    stash.put(request, kept.CARRY_ON, token)
    return True


def _token_holds(request: HttpRequest) -> bool:
    """Whether the request carries this session's CSRF token, as a form of ours would (the
    quick exit itself is exempt: it must lock even with a stale one)."""

    def checked(request: HttpRequest) -> HttpResponse:  # pragma: no cover (never called)
        return HttpResponse()

    return CsrfViewMiddleware(checked).process_view(request, checked, (), {}) is None


def note_dismiss(request: HttpRequest) -> None:
    """The person has read what the quick exit does: stop showing the note in this session.
    Only a signed-in page shows it; sent by someone signed out, it keeps nothing (each such
    post made a session of its own: the stranger audit of 2026-12-04, V)."""
    if request.user.is_authenticated:
        request.session[NOTE_SEEN_KEY] = True


def note_wanted(request: HttpRequest) -> bool:
    session = getattr(request, "session", None)
    return session is not None and not session.get(NOTE_SEEN_KEY)


def lock_page(
    request: HttpRequest, form: PasswordConfirmForm | None = None, next_url: str = ""
) -> HttpResponse:
    """The one page a locked session sees, at whatever address it asked for."""
    reading = request.method in ("GET", "HEAD")
    # A form's body is not replayed: after unlocking, the person comes back to its page (the
    # page it lives on, when its own address answers only a button: accounts.formpages).
    next_url = next_url or (
        request.get_full_path() if reading else formpages.page_for(request.path)
    )
    context = {
        "form": form or PasswordConfirmForm(user=authed_user(request)),
        "next": next_url,
        "locked": True,
    }
    # It shows none of the lines said before the exit, and must not keep them for the page
    # after it, which may be the sign-in page after someone else signed her out (frame.said).
    forget_said(request)
    status = 200 if reading or form is not None else 403
    response = render(request, "frame/locked.html", context, status=status)
    if is_htmx(request):
        response["HX-Refresh"] = "true"  # a fragment would not do: show the whole lock page
    return response


class SessionLockMiddleware:
    """Answers every request of a locked session with the lock page, except the few above."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if session_is_locked(request) and request.path_info not in _passing_paths():
            return lock_page(request)
        return self.get_response(request)


def _passing_paths() -> set[str]:
    return {reverse(name) for name in PASSING}
