"""Pages of two-step sign-in: the second step of signing in, and setting up the app."""

from __future__ import annotations

import time

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from interdepend.web.accounts import devices, reauth, twostep
from interdepend.web.accounts.forms import TwoStepCodeForm
from interdepend.web.accounts.models import User
from interdepend.web.frame.auth import authed_user

LOGIN_BACKEND = "django.contrib.auth.backends.ModelBackend"
PENDING = "_two_step_pending"
#: How long the password step stays good while the code is typed.
PENDING_SECONDS = 5 * 60


def begin_second_step(request: HttpRequest, user: User, next_url: str) -> HttpResponse:
    """The password was right and the person has an app: ask for a code before signing in."""
    request.session.cycle_key()
    request.session[PENDING] = {"user": user.pk, "at": time.time(), "next": next_url}
    return redirect("accounts:second_step")


def _pending_user(request: HttpRequest) -> tuple[User, str] | None:
    pending = request.session.get(PENDING)
    if not isinstance(pending, dict) or time.time() - float(pending.get("at", 0)) > PENDING_SECONDS:
        request.session.pop(PENDING, None)
        return None
    user = User.objects.filter(pk=int(pending.get("user") or 0), is_active=True).first()
    return (user, str(pending.get("next") or "/")) if user else None


def second_step(request: HttpRequest) -> HttpResponse:
    """Signing in, step two: a code from the app or a recovery code."""
    found = _pending_user(request)
    if found is None:
        messages.info(request, _("Please sign in again: the first step ran out of time."))
        return redirect("accounts:login")
    user, next_url = found
    form = TwoStepCodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        if twostep.verify(user, form.cleaned_data["code"]):
            request.session.pop(PENDING, None)
            login(request, user, backend=LOGIN_BACKEND)
            reauth.mark_reauthenticated(request)
            signed_in: HttpResponse = redirect(next_url)
            devices.remember(request, signed_in, user)
            return signed_in
        status = 400
        form.add_error("code", _wrong_words(user))
        if twostep.locked(user):
            request.session.pop(PENDING, None)
            response = render(request, "accounts/second_step.html", {"form": form}, status=403)
            devices.note_failure(request, response, user.email)
            return response
    elif request.method == "POST":
        status = 400
    return render(request, "accounts/second_step.html", {"form": form}, status=status)


def _wrong_words(user: User) -> str:
    if twostep.locked(user):
        return _(
            "That code is not right, and too many wrong codes were tried. Signing in with a "
            "code is paused for fifteen minutes."
        )
    return _("That code is not right. Codes change every 30 seconds; try the newest one.")


# --- the settings page -----------------------------------------------------------------------


@login_required
@require_safe
def two_step_page(request: HttpRequest) -> HttpResponse:
    user = authed_user(request)
    return _page(request, user)


def _page(
    request: HttpRequest, user: User, *, form: TwoStepCodeForm | None = None, status: int = 200
) -> HttpResponse:
    app = twostep.confirmed_app(user)
    pending = None if app else twostep.pending_app(user)
    context = {
        "app": app,
        "pending": pending,
        "qr": twostep.qr_svg(pending) if pending else "",
        "key": twostep.grouped_key(pending) if pending else "",
        "uri": twostep.provisioning_uri(pending) if pending else "",
        "left": twostep.recovery_left(user) if app else 0,
        "form": form or TwoStepCodeForm(),
    }
    return render(request, "accounts/two_step.html", context, status=status)


@login_required
@require_POST
@reauth.password_recent()
def two_step_start(request: HttpRequest) -> HttpResponse:
    user = authed_user(request)
    if twostep.has_app(user):
        return redirect("accounts:two_step")
    twostep.app_begin(user)
    return redirect("accounts:two_step")


@login_required
@require_POST
def two_step_confirm(request: HttpRequest) -> HttpResponse:
    user = authed_user(request)
    form = TwoStepCodeForm(request.POST)
    if not form.is_valid() or twostep.pending_app(user) is None:
        return _page(request, user, form=form, status=400)
    codes = twostep.app_confirm(user, form.cleaned_data["code"])
    if codes is None:
        form.add_error(
            "code",
            _("That code is not right. Check that the app shows Interdepend and try its newest."),
        )
        return _page(request, user, form=form, status=400)
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "new": True})


@login_required
@require_POST
def two_step_new_codes(request: HttpRequest) -> HttpResponse:
    user = authed_user(request)
    form = TwoStepCodeForm(request.POST)
    if not twostep.has_app(user):
        return redirect("accounts:two_step")
    if not form.is_valid() or not twostep.verify(user, form.cleaned_data["code"]):
        if form.is_valid():
            form.add_error("code", _wrong_words(user))
        return _page(request, user, form=form, status=400)
    codes = twostep.recovery_renew(user)
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "new": False})


@login_required
@require_POST
def two_step_off(request: HttpRequest) -> HttpResponse:
    """Turning the app off needs a code from it (or a recovery code), not only the password."""
    user = authed_user(request)
    form = TwoStepCodeForm(request.POST)
    if not twostep.has_app(user):
        twostep.app_remove(user)  # an unfinished set-up is simply dropped
        return redirect("accounts:two_step")
    if not form.is_valid() or not twostep.verify(user, form.cleaned_data["code"]):
        if form.is_valid():
            form.add_error("code", _wrong_words(user))
        return _page(request, user, form=form, status=400)
    twostep.app_remove(user)
    messages.success(request, _("Two-step sign-in is off. Your password alone signs you in."))
    return redirect("accounts:two_step")
