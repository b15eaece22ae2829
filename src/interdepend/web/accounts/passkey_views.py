"""Pages and JSON of passkeys: adding and removing them, and the options a browser asks for.

The browser's script (frame/static/js/passkey.js) fetches options as JSON, lets the
authenticator answer, and posts the answer in an ordinary form: adding goes to
:func:`passkey_add`, signing in to the second step, confirming to the confirm page.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from interdepend.web.accounts import passkeys, reauth, twostep
from interdepend.web.accounts.forms import PasskeyAddForm
from interdepend.web.accounts.models import User
from interdepend.web.accounts.passkeys import (
    PasskeyRefused,
    Purpose,
    Refusal,
    no_address_words,
    refusal_words,
)
from interdepend.web.accounts.twostep_views import first_factor_proof, page, pending_user
from interdepend.web.frame.auth import authed_user


def options_answer(options: str) -> HttpResponse:
    return HttpResponse(options, content_type="application/json")


def refused_answer(message: str, status: int = 400, **extra: str) -> JsonResponse:
    return JsonResponse({"message": message, **extra}, status=status)


def two_step_back(factor: bool = True) -> str:
    """The confirm page, asking for a second step, coming back to the two-step page."""
    return reauth.confirm_url(reverse("accounts:two_step"), factor=factor)


def needs_factor(request: HttpRequest, user: User) -> bool:
    """Adding or removing a second step, when one exists, needs one of them, not only the
    password: someone who knows the password and holds an unlocked device cannot add their
    own passkey or phone to the account."""
    return twostep.has_factor(user) and not reauth.factor_recent(request)


@login_required
@require_POST
@reauth.password_recent()
def passkey_add_options(request: HttpRequest) -> HttpResponse:
    user = authed_user(request)
    if not passkeys.host_allows(request):
        return refused_answer(no_address_words())
    if needs_factor(request, user):
        message = _("Please confirm it is you with a passkey or a code first.")
        return refused_answer(message, status=403, confirm=two_step_back())
    if refused := first_passkey_refused(request, user):
        return refused
    return options_answer(passkeys.add_options(request, user))


def first_passkey_refused(request: HttpRequest, user: User) -> HttpResponse | None:
    """Every new second step needs the password typed in its own form (``first_factor_proof``),
    asked before the browser makes a passkey, so a wrong one leaves no passkey behind. Not only
    the first: her passkey, or the app's code, is on the phone she is signed in on, and opened
    the way to a passkey of his with no password at all (the security audit of 2026-12-04,
    III)."""
    proof = first_factor_proof(request, user, "passkey")
    if proof.is_valid():
        return None
    if reauth.after_typed_wrong_password(request):
        return refused_answer("", status=403, restart=reverse("accounts:login"))
    return refused_answer(" ".join(str(error) for error in proof.errors["password"]))


@login_required
@require_POST
def passkey_add(request: HttpRequest) -> HttpResponse:
    """The answer of a new passkey, checked against the challenge the options gave."""
    user = authed_user(request)
    if needs_factor(request, user):
        # The options asked for it too; asked again here, so that no page can skip it.
        return redirect(two_step_back())
    form = PasskeyAddForm(request.POST)
    if not form.is_valid():
        return page(request, user, passkey_form=form, status=400)
    if not form.cleaned_data["answer"]:
        form.add_error(
            None,
            _(
                "Adding a passkey needs a browser that supports passkeys, with this page's "
                "script on. Nothing was added."
            ),
        )
        return page(request, user, passkey_form=form, status=400)
    # The options were given after the same check: only a page that skipped it lands here.
    proof = first_factor_proof(request, user, "passkey")
    if not proof.is_valid():
        return page(request, user, passkey_form=form, proofs={"passkey": proof}, status=400)
    name = form.cleaned_data["name"]
    try:
        codes = passkeys.passkey_add(
            request, user=user, name=name, answer=form.cleaned_data["answer"]
        )
    except PasskeyRefused as refused:
        form.add_error(None, refusal_words(refused.why))
        return page(request, user, passkey_form=form, status=400)
    # Only a fresh password: making a new passkey proves nothing about the ones she has.
    reauth.mark_reauthenticated(request)
    if codes:
        context = {"codes": codes, "new": "passkey"}
        return render(request, "accounts/recovery_codes.html", context)
    messages.success(request, _("Your new passkey is added."))
    return redirect("accounts:two_step")


@login_required
@require_POST
def passkey_remove(request: HttpRequest, public_id: str) -> HttpResponse:
    user = authed_user(request)
    key = passkeys.access_passkey(user, public_id)
    if key is None:
        raise Http404
    if not reauth.factor_recent(request):
        return redirect(two_step_back())
    # Her password too, typed for this press: the passkey or code that proved her a moment ago
    # is most often on the phone she is signed in on (the security audit of 2026-12-04, III).
    asked = reauth.asked_each_time(request, _("remove a passkey from your account"))
    if asked is not None:
        return asked
    passkeys.passkey_remove(user=user, key=key)
    if twostep.has_factor(user):
        messages.success(request, _("That passkey is removed from your account."))
    else:
        messages.success(
            request, _("That passkey is removed. Your password alone signs you in now.")
        )
    return redirect("accounts:two_step")


@require_POST
def second_step_options(request: HttpRequest) -> HttpResponse:
    """Options for signing in with a passkey, while the password step is waiting."""
    found = pending_user(request)
    if found is None:
        message = _("Please sign in again: the first step ran out of time.")
        return refused_answer(message, restart=reverse("accounts:login"))
    user, _next = found
    if not twostep.passkey_count(user):
        return refused_answer(refusal_words(Refusal.NOT_THEIRS))
    return options_answer(passkeys.sign_options(request, user, Purpose.SIGN_IN))


@login_required
@require_POST
def confirm_options(request: HttpRequest) -> HttpResponse:
    """Options for confirming it is you with a passkey."""
    user = authed_user(request)
    if not twostep.passkey_count(user):
        return refused_answer(refusal_words(Refusal.NOT_THEIRS))
    return options_answer(passkeys.sign_options(request, user, Purpose.CONFIRM))
