"""Re-authentication ("confirm it is you") before sensitive steps.

Signing in, or re-entering the password on the confirm page, stamps the session with the time.
A view wrapped in :func:`password_recent` runs only while that stamp is younger than the
window (``REAUTH_SECONDS`` by default); otherwise the person is sent to the confirm page and
comes back to where they were. Nothing is changed by a request that was sent to confirm.

Wrong passwords on the confirm page are counted in the session; after
``REAUTH_MAX_FAILURES`` the session ends, so someone holding an unlocked device cannot keep
guessing.

A step that lets someone see more of the person (her partner, a practitioner, a device of
someone's, research) asks more: her password typed for that step, every time
(:func:`password_each_time`). A recent proof is not enough there, because the minutes after
she signs in are exactly when someone can pick up her phone.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import wraps
from typing import Any, TypeVar, cast
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from interdepend.web.accounts import formpages, kept, refill, services, twostep, zones
from interdepend.web.accounts.models import User
from interdepend.web.frame.auth import authed_user
from interdepend.web.frame.http import is_htmx, whole_page

REAUTH_AT_KEY = "_reauth_at"
REAUTH_FAILURES_KEY = "_reauth_failures"
#: When the person last proved it is them with a second step (a passkey or a code), not only
#: the password: adding or removing a second step asks for that when one exists already.
REAUTH_FACTOR_AT_KEY = "_reauth_factor_at"

View = TypeVar("View", bound=Callable[..., HttpResponse])


def mark_reauthenticated(request: HttpRequest, *, factor: bool = False) -> None:
    """Record that the person has just proved it is them (with a second step: ``factor``)."""
    now = time.time()
    request.session[REAUTH_AT_KEY] = now
    if factor:
        request.session[REAUTH_FACTOR_AT_KEY] = now
    request.session.pop(REAUTH_FAILURES_KEY, None)
    tell_wrong_passwords(request, factor=factor)


def tell_wrong_passwords(request: HttpRequest, *, factor: bool = False) -> None:
    """Once it is her again (her password, a passkey or a code), say how many wrong passwords
    were typed since she last proved it, while she was signed in or on the sign-in page of a
    browser trusted for her account, and when the last was: someone
    holding her phone typed four on the lock page and put it down, and she unlocked it with
    nothing said (the two-minute phone audit of 2026-12-05). Said to her own account only, at
    the moment she proves it is her, so whoever typed them never reads it on his own."""
    user = getattr(request, "user", None)
    if not isinstance(user, User):
        return
    if factor or not twostep.has_factor(user):
        # Her password alone does not take these: the one they are about knows it, and could
        # type it on her lock page or confirm page to read the message before she does.
        tell_stopped_sign_ins(request, user)
    if not user.wrong_passwords:
        return
    _tell(
        request,
        user,
        services.wrong_passwords_take(user_id=user.pk),
        lambda count: ngettext(
            "On %(when)s, a wrong password was typed for your account on a device you have "
            "used to sign in. If that was not you, someone may have had that device: “Where "
            "you are signed in”, on your account page, lets you sign out everywhere else.",
            "A wrong password was typed %(count)d times for your account on devices you have "
            "used to sign in, the last on %(when)s. If that was not you, someone may have had "
            "one of them: “Where you are signed in”, on your account page, lets you sign out "
            "everywhere else.",
            count,
        ),
    )
    user.wrong_passwords = 0


def tell_stopped_sign_ins(request: HttpRequest, user: User) -> None:
    """Sign-ins begun with her right password that stopped at the second step, told once when
    she next proves it is her with her second step (signing in, or a passkey or a code on the
    confirm page), or with her password once she has no second step: whoever typed it knows
    her password, and until now nothing ever said so (left open since stop 57). Her password
    alone on the lock page or the confirm page would let him read it and take it before she
    did (the review of 2026-12-05)."""
    _tell(
        request,
        user,
        services.stopped_sign_ins_take(user_id=user.pk),
        lambda count: ngettext(
            "On %(when)s, a sign-in to your account began with your password and stopped at "
            "the second step. If that was not you, someone else knows your password: you can "
            "change it on your account page.",
            "%(count)d sign-ins to your account began with your password and stopped at the "
            "second step, the last on %(when)s. If those were not you, someone else knows "
            "your password: you can change it on your account page.",
            count,
        ),
    )


#: A sign-in whose second step is done this long after its password was typed says when it
#: began: typing a code or using a passkey takes seconds to a minute.
BEGUN_LONG_BEFORE = timedelta(minutes=2)


def tell_begun_long_before(request: HttpRequest, user: User, began: datetime) -> None:
    """Say when a sign-in whose second step was just done began, if that was minutes ago.

    He knows her password: on her phone he signs her out, types it, and leaves the sign-in
    waiting at the second step; she picks the phone up, finds the second step asking, and does
    it. Her second step getting through takes that sign-in's row back (it did not stop), so
    nothing else would ever tell her that someone typed her password (the review of stop 60).
    Said to whoever did the second step, which only she can do."""
    if timezone.now() - began <= BEGUN_LONG_BEFORE:
        return
    when = _moment(user, began)
    messages.warning(
        request,
        _(
            "This sign-in began with your password on %(when)s, some minutes before its second "
            "step was done. If you did not begin it then, someone else may know your password: "
            "you can change it on your account page."
        )
        % {"when": when},
    )


def _tell(
    request: HttpRequest,
    user: User,
    taken: tuple[int, datetime] | None,
    words: Callable[[int], str],
) -> None:
    """Say a count taken from her row (``taken``: how many, and when the last was) in the
    ``words`` for that many, with the moment where she is."""
    if taken is None:
        return
    count, last = taken
    messages.warning(request, words(count) % {"count": count, "when": _moment(user, last)})


def _moment(user: User, at: datetime) -> str:
    """``at`` as a date and time where she is, for a sentence told to her."""
    return date_format(timezone.localtime(at, zones.zone_of(user)), "DATETIME_FORMAT")


def factor_recent(request: HttpRequest) -> bool:
    """Whether a second step (passkey or code) proved it is them within the window."""
    stamp = request.session.get(REAUTH_FACTOR_AT_KEY)
    return stamp is not None and time.time() - float(stamp) <= settings.REAUTH_SECONDS


def seconds_since_reauth(request: HttpRequest) -> float:
    stamp = request.session.get(REAUTH_AT_KEY)
    return float("inf") if stamp is None else max(0.0, time.time() - float(stamp))


def recently_reauthenticated(request: HttpRequest, max_age: int | None = None) -> bool:
    window = settings.REAUTH_SECONDS if max_age is None else max_age
    return seconds_since_reauth(request) <= window


def confirm_url(next_url: str, *, factor: bool = False, again: bool = False) -> str:
    """The confirm page; with ``factor`` it asks for a passkey or code, not the password; with
    ``again`` it says afterwards that the step asked for was not taken and waits for a
    second press (a form's post is not carried out through the confirm page; what was typed
    into one of ``refill.REFILLED`` comes back in its boxes)."""
    query = {"next": next_url, **({"with": "factor"} if factor else {})}
    query |= {"again": "1"} if again else {}
    return f"{reverse('accounts:confirm')}?{urlencode(query)}"


def safe_next(request: HttpRequest, fallback: str = "/") -> str:
    """Where a password page goes on to: its ``next`` when it is an address of ours, never one
    that answers only a button (its form's page instead: ``accounts.formpages``)."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    # A path or a full address on this host; a bare word would be taken for a URL name.
    looks_like_url = candidate.startswith(("/", "http://", "https://"))
    if looks_like_url and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return formpages.page_for(candidate)
    return fallback


def back_from(request: HttpRequest) -> str:
    """Where a form sent to a password page comes back to once it is her: the page declared
    for its address when that answers only a button; else the page that sent it (a Referer of
    ours), else its own address; never an address that answers only a button
    (``accounts.formpages``)."""
    match = request.resolver_match
    if match is not None and (page := formpages.form_page(match.view_name, match.kwargs)):
        return page
    return formpages.page_for(safe_back(request, fallback=request.get_full_path()))


def password_recent(max_age: int | None = None, *, keep: bool = False) -> Callable[[View], View]:
    """Decorate a view (behind ``login_required``) so it needs a recent password.

    GET requests come back to the same page after confirming. A POST comes back to the page
    the form was on (:func:`back_from`: never an address that answers only a button) and waits
    for a second press; what was typed into a form of ``refill.REFILLED`` is back in its boxes
    there (``accounts.refill``). With
    ``keep`` (the private pages, where she may have written at length), a form named in
    ``kept.CARRIED`` posted the ordinary way is answered with the confirm page itself, which
    carries what was sent; once it is her, she sees it and saves it with a press of her own
    (``accounts.kept``).
    """

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if recently_reauthenticated(request, max_age):
                return view(request, *args, **kwargs)
            carry = kept.rule_for(request) if keep and request.method == "POST" else None
            if carry is not None and not is_htmx(request):
                from interdepend.web.accounts.views import confirm_keeping

                return confirm_keeping(request, kept.keep(request, carry))
            back = request.get_full_path()
            if request.method != "GET":
                back = back_from(request)
                refill.hold(request)
            again = request.method != "GET"
            return whole_page(request, redirect(confirm_url(back, again=again)))

        return cast(View, wrapped)

    return decorate


def after_wrong_password(request: HttpRequest) -> HttpResponse | None:
    """Count a wrong password; at the limit, end the session and answer with the sign-in page
    (None while the person may try again)."""
    if not note_failure(request):
        return None
    logout(request)
    # Said on the sign-in page (the new, signed-out session carries it), so that the person
    # knows why the page changed; it tells nothing that typing the passwords did not.
    messages.info(
        request,
        _("You were signed out after several wrong passwords. Please sign in again."),
    )
    return redirect("accounts:login")


def after_typed_wrong_password(
    request: HttpRequest, field: str = "password"
) -> HttpResponse | None:
    """:func:`after_wrong_password` for a password field (named ``field``) inside a form of its
    own (the export, the first second step, a practitioner's consent): it counts only when
    something was typed in it."""
    if not request.POST.get(field):
        return None
    return after_wrong_password(request)


def wrong_in_form(request: HttpRequest, form: Any, field: str = "password") -> HttpResponse | None:
    """A form that asks for the password among other things (a new password, leaving,
    deleting the account) counts a wrong one as the confirm page does: the phone audit made 36
    guesses at 8 a second on those forms with the session alive. Counted only when something
    was typed and that field was refused (a right password with a too-short new one is not a
    failure); the sign-in page once too many ended the session."""
    if request.method != "POST" or not request.POST.get(field) or field not in form.errors:
        return None
    return after_wrong_password(request)


def note_failure(request: HttpRequest) -> bool:
    """Count a wrong password; True when the session must end."""
    failures = int(request.session.get(REAUTH_FAILURES_KEY, 0)) + 1
    request.session[REAUTH_FAILURES_KEY] = failures
    if request.user.is_authenticated:
        services.wrong_password_note(user_id=request.user.pk)
    return failures >= settings.REAUTH_MAX_FAILURES


#: The field the password is typed in, on every form that asks for it each time.
TYPED_FIELD = "password"
#: Fields a form carried through the password page never takes with it.
NOT_CARRIED = frozenset({"csrfmiddlewaretoken", TYPED_FIELD})


def typed_proof(request: HttpRequest, *, boxed: bool = False) -> Any:
    """The password typed in this request's own form: True when it is hers (the session is
    stamped as after the confirm page); the form to show again when it is missing or wrong;
    the sign-in page once too many wrong ones ended the session. An empty box is asked again
    and not counted."""
    from interdepend.web.accounts.forms import PasswordConfirmForm

    # Only a box that was sent can have been left empty: a button whose form has no box (showing
    # a result) is asked afresh, with no mistake shown (the new-couple walk met "Please fill
    # this in." and a 400 before typing anything). A form of nothing but its own box
    # (``boxed``: making an invitation) sent without it is a box left empty, said so in words:
    # the same form back with none would say nothing (the form fuzzing).
    alone = not any(k not in NOT_CARRIED for k in request.POST)
    present = TYPED_FIELD in request.POST or (boxed and alone)
    typed = bool(request.POST.get(TYPED_FIELD))
    form = PasswordConfirmForm(request.POST if present else None, user=authed_user(request))
    if not typed:
        form.is_valid()  # a box left empty is said so, in our words; nothing is counted
        return form
    if form.is_valid():
        mark_reauthenticated(request)
        return True
    return after_wrong_password(request) or form


#: What a step is, for the page that asks: fixed words, or words made from the request (and the
#: view's arguments) that say what is shared with whom.
StepWords = str | Promise | Callable[..., str]


def password_each_time(what: StepWords, *, boxed: bool = False) -> Callable[[View], View]:
    """Decorate a POST view that lets someone see more of the person: it runs only with her
    password typed in the same request. Without it, the answer is a page (or, for htmx, the
    page's main part) that names the step (``what``), carries every field that was sent and
    asks for the password; sending it runs the step. Nothing changes before."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method == "POST":
                asked = asked_each_time(request, what, *args, boxed=boxed, **kwargs)
                if asked is not None:
                    return asked
            return view(request, *args, **kwargs)

        return cast(View, wrapped)

    return decorate


def asked_each_time(
    request: HttpRequest, what: StepWords, *args: Any, boxed: bool = False, **kwargs: Any
) -> HttpResponse | None:
    """What :func:`password_each_time` does, for a view where only some presses let someone
    see more (telling a boundary among a boundary's steps): None when her password was typed
    for this press, else the page that asks (or the sign-in page after too many wrong ones)."""
    proof = typed_proof(request, boxed=boxed)
    if proof is True:
        return None
    if isinstance(proof, HttpResponse):
        return whole_page(request, proof)
    words = what(request, *args, **kwargs) if callable(what) else what
    return ask_each_time(request, proof, words)


def ask_each_time(request: HttpRequest, form: Any, what: str | Promise) -> HttpResponse:
    """The password page for one step, carrying what was sent (see password_each_time)."""
    carried = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in NOT_CARRIED
        for value in values
    ]
    form.fields[TYPED_FIELD].widget.attrs["autofocus"] = True  # the one thing left to do
    context = {
        "form": form,
        "what": what,
        "carried": carried,
        "action": request.get_full_path(),
        "back": safe_back(request),
    }
    if is_htmx(request):
        # Into the page's main part, as a form of its own that is sent the ordinary way.
        response = render(request, "accounts/parts/each_time.html", context)
        response["HX-Retarget"] = "#main"
        response["HX-Reswap"] = "innerHTML show:top"
        return response
    status = 400 if form.is_bound else 200
    return render(request, "accounts/each_time.html", context, status=status)


def safe_back(request: HttpRequest, fallback: str = "/") -> str:
    """The page a form was sent from, when it is one of ours (for a "Cancel" link)."""
    referer = str(request.META.get("HTTP_REFERER", ""))
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return fallback
