"""Pages of two-step sign-in: the second step of signing in (a code, a recovery code or a
passkey), and the two-step page where the app is set up and passkeys are listed."""

from __future__ import annotations

import secrets
import time
from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from interdepend.web.accounts import contact, devices, passkeys, reauth, services, twostep, zones
from interdepend.web.accounts.forms import (
    PasskeyAddForm,
    PasskeyAnswerForm,
    PasswordConfirmForm,
    TwoStepCodeForm,
)
from interdepend.web.accounts.idle import idle_gate
from interdepend.web.accounts.models import TrustedDevice, User
from interdepend.web.accounts.sessions import SECOND_STEP_PENDING_KEY
from interdepend.web.frame.auth import authed_user

LOGIN_BACKEND = "django.contrib.auth.backends.ModelBackend"
PENDING = SECOND_STEP_PENDING_KEY
#: How long the password step stays good while the code is typed.
PENDING_SECONDS = services.SECOND_STEP_SECONDS


def begin_second_step(
    request: HttpRequest, user: User, next_url: str, *, shared: bool = False, zone: str = ""
) -> HttpResponse:
    """The password was right and the person has an app: ask for a code before signing in.
    ``zone`` is the time zone the browser named, kept once the second step is through.

    The sign-in counts as stopped at the second step until that step is through
    (``services.stopped_sign_in_begun``, a row of its own), so a right password that goes no
    further is told to her when she next proves it is her. A sign-in begun again in the same
    browser while its first step is still good, and not yet told to her, is the same one,
    counted once: one left longer, or told to her since, is a new one (the review of
    2026-12-05: he left one at the second step on his phone, she was told of it, and every
    later try with her password from that phone went uncounted)."""
    before = request.session.get(PENDING)
    same = ""
    if (
        isinstance(before, dict)
        and before.get("user") == user.pk
        and time.time() - float(before.get("at") or 0) <= PENDING_SECONDS
    ):
        same = str(before.get("counted") or "")
    counted = services.stopped_sign_in_begun(user_id=user.pk, same=same)
    request.session.cycle_key()
    request.session[PENDING] = {
        "user": user.pk,
        "at": time.time(),
        "next": next_url,
        "zone": zone,
        # The password it was begun with (as a session holds it): a new password set meanwhile
        # ends it, as it ends every other sign-in (the ex and practitioner audit of 2026-12-05:
        # his first step, begun with her old password, finished after she had changed it).
        "hash": user.get_session_auth_hash(),
        "counted": counted,
    }
    devices.mark_shared(request, shared)
    return redirect("accounts:second_step")


def pending_user(request: HttpRequest) -> tuple[User, str] | None:
    pending = request.session.get(PENDING)
    if not isinstance(pending, dict) or time.time() - float(pending.get("at", 0)) > PENDING_SECONDS:
        request.session.pop(PENDING, None)
        return None
    user = User.objects.filter(pk=int(pending.get("user") or 0), is_active=True).first()
    if user is None or not constant_time_compare(
        str(pending.get("hash") or ""), user.get_session_auth_hash()
    ):
        request.session.pop(PENDING, None)
        return None
    return user, str(pending.get("next") or "/")


def second_step(request: HttpRequest) -> HttpResponse:
    """Signing in, step two: a passkey, a code from the app, or a recovery code."""
    found = pending_user(request)
    if found is None:
        messages.info(request, _("Please sign in again: the first step ran out of time."))
        return redirect("accounts:login")
    user, next_url = found
    if request.method == "POST" and "answer" in request.POST:
        return _second_step_passkey(request, user, next_url)
    device = devices.device_for(request, user.email)
    form = TwoStepCodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        if twostep.verify(user, form.cleaned_data["code"], device):
            return _signed_in(request, user, next_url)
        status = 400
        form.add_error("code", _wrong_words(user, device, form.cleaned_data["code"]))
        if twostep.locked(user, device):
            return _locked_out(request, user, form=form)
    elif request.method == "POST":
        status = 400
    return _second_step_page(request, user, form=form, status=status)


def _second_step_page(
    request: HttpRequest,
    user: User,
    *,
    form: TwoStepCodeForm | None = None,
    passkey_error: str = "",
    status: int = 200,
) -> HttpResponse:
    factors = twostep.factors(user)
    context = {
        "form": form or TwoStepCodeForm(),
        "passkey_form": PasskeyAnswerForm(),
        "passkey_error": passkey_error,
        "passkeys": factors.passkeys,
        "app": factors.app,
        "issuer": twostep.issuer(user),
        "contact": contact.service_contact(),
    }
    return render(request, "accounts/second_step.html", context, status=status)


def _signed_in(request: HttpRequest, user: User, next_url: str) -> HttpResponse:
    pending = request.session.pop(PENDING, None)
    counted = pending.get("counted") if isinstance(pending, dict) else None
    began = None
    if isinstance(counted, str) and counted:
        # This one got through: its own row goes before she is told the rest.
        began = services.stopped_sign_in_through(user_id=user.pk, key=counted)
    login(request, user, backend=LOGIN_BACKEND)
    named = zones.from_browser(pending.get("zone") if isinstance(pending, dict) else "")
    if named and not user.time_zone:
        services.user_time_zone_set(user=user, zone=named)  # as a one-step sign-in does
    # A fresh password, not a fresh second step: the phone may be in someone else's hands a
    # minute from now, and managing second steps asks for one proved at that moment (the
    # confirm page), or he could add his own passkey and remove hers (audit of 2026-12-02).
    # Her second step did prove it is her, though: the sign-ins that stopped there are told.
    reauth.tell_stopped_sign_ins(request, user)
    if began is not None:
        reauth.tell_begun_long_before(request, user, began)
    reauth.mark_reauthenticated(request)
    signed_in: HttpResponse = redirect(next_url)
    devices.signed_in_here(request, signed_in, user)
    if request.session.get(devices.SHARED_KEY):
        messages.info(request, _("You will be signed out when this browser closes."))
    return signed_in


def _locked_out(request: HttpRequest, user: User, **page: Any) -> HttpResponse:
    """Too many wrong second steps: the pending sign-in ends, and a trusted device of this
    browser counts a failure (the device-cookie rules of the password step)."""
    request.session.pop(PENDING, None)
    response = _second_step_page(request, user, status=403, **page)
    devices.note_failure(request, response, user.email)
    return response


def _second_step_passkey(request: HttpRequest, user: User, next_url: str) -> HttpResponse:
    """A passkey's answer. A passkey cannot be guessed by trying, so a right one signs in even
    while typed codes are paused; a wrong one counts like a wrong code."""
    form = PasskeyAnswerForm(request.POST)
    device = devices.device_for(request, user.email)
    try:
        if not form.is_valid():
            raise passkeys.PasskeyRefused(passkeys.Refusal.FAILED)
        answer = form.cleaned_data["answer"]
        passkeys.passkey_check(request, user=user, purpose=passkeys.Purpose.SIGN_IN, answer=answer)
    except passkeys.PasskeyRefused as refused:
        if refused.why is not passkeys.Refusal.STALE:
            twostep.note_wrong(user, device)
        if twostep.locked(user, device):
            return _locked_out(request, user, passkey_error=_paused_words())
        words = passkeys.refusal_words(refused.why)
        return _second_step_page(request, user, passkey_error=words, status=400)
    twostep.clear_wrong(user, device)
    return _signed_in(request, user, next_url)


def _wrong_words(user: User, device: TrustedDevice | None, code: str) -> str:
    if twostep.locked(user, device):
        return _(
            "That code is not right, and too many wrong codes were tried. Signing in with a "
            "code is paused for fifteen minutes."
        )
    if twostep.just_taken(user, code):
        return spent_code_words()
    return _("That code is not right. Codes change every 30 seconds; try the newest one.")


def spent_code_words() -> str:
    """A right code already taken (a sign-in a moment ago, on this device or another): said
    so, where "not right" sent her to check a code that was right (the fifth walk)."""
    return _(
        "That code was used a moment ago, and each code works once. Wait for your app to show "
        "a new one, then type that."
    )


def _paused_words() -> str:
    return _(
        "That passkey did not check out, and too many wrong tries were made. Signing in with a "
        "code is paused for fifteen minutes; your passkey still works when you sign in again."
    )


# --- the settings page -----------------------------------------------------------------------


@login_required
@require_safe
@idle_gate  # whether she has a second step, and her passkeys' names (the phone audit, L4)
def two_step_page(request: HttpRequest) -> HttpResponse:
    user = authed_user(request)
    return page(request, user, begun=request.session.pop(SHOW_KEY_ONCE, None))


#: The app just begun by *Set up*, whose key the page it leads to shows (then never again).
SHOW_KEY_ONCE = "_two_step_show_key"
#: The key a press for new recovery codes with passkeys only carries, good for one press. The
#: codes are the answer to the press itself (kept nowhere to show again), so the browser keeps
#: the press in the tab's history: Back and "send again" repeated it, her password in it, while
#: her passkey still counted, and showed a new set to whoever held the phone, hers dead (the
#: two-minute audit of 2026-12-05). With the app, the code in the press is spent already.
CODES_ONCE = "_two_step_codes_once"


def _codes_once(request: HttpRequest) -> str:
    """The key this page's press for new codes carries (one per sign-in until it is used)."""
    kept = request.session.get(CODES_ONCE)
    if not isinstance(kept, str):
        kept = secrets.token_urlsafe(16)
        request.session[CODES_ONCE] = kept
    return kept


def _codes_once_spent(request: HttpRequest) -> bool:
    """Whether this press carries the key of the page as drawn last; it is good once either way."""
    kept = request.session.pop(CODES_ONCE, None)
    sent = request.POST.get("once", "")
    return isinstance(kept, str) and bool(sent) and constant_time_compare(kept, sent)


#: A second step is added with the password typed in its own form (ids apart, as both forms
#: can be on the page): a sign-in or a confirm page a few minutes before is not enough, or
#: whoever picks up her phone just after could make an app or passkey of his own the key to her
#: account. Once there is one, adding another asks for one of them too: both, since the one she
#: has is most often on that same phone (the security audit of 2026-12-04, III).
PROOF_IDS = {"app": "app-%s", "passkey": "passkey-%s"}


def first_factor_proof(
    request: HttpRequest, user: User, which: str, *, bound: bool = True
) -> PasswordConfirmForm:
    data = request.POST if bound and request.method == "POST" else None
    return PasswordConfirmForm(data, user=user, auto_id=PROOF_IDS[which])


def page(
    request: HttpRequest,
    user: User,
    *,
    form: TwoStepCodeForm | None = None,
    passkey_form: PasskeyAddForm | None = None,
    proofs: dict[str, PasswordConfirmForm] | None = None,
    app_proof: PasswordConfirmForm | None = None,
    status: int = 200,
    show_key: bool = False,
    begun: int | None = None,
) -> HttpResponse:
    """The two-step page, with any form given in place of its fresh one (to show its errors).

    The key of an app being set up is shown once, on the page *Set up* leads to, and again
    only beside a wrong first code sent with the password typed (``show_key``); ``begun`` is
    the app *Set up* just made, whose key shows if it is still the one waiting. Any later
    visit offers a fresh key instead: whoever pressed *Set up* on her phone and copied the key
    must never see her finish the set-up with it, nor see the key of one she left half done."""
    app, pending = twostep.apps_of(user)
    show_key = show_key or (pending is not None and begun == pending.pk)
    visible = show_key and reauth.recently_reauthenticated(request)
    hidden = pending is not None and not visible
    shown = None if hidden else pending
    keys = passkeys.passkeys_of(user)
    # As twostep.has_factor, from the two reads just made.
    factor = app is not None or bool(keys)
    # What the page shows only in some of her states is made only in those (issue 15's
    # eleventh pass): the code's form with an app or one being set up, her recovery codes'
    # count and day and the password beside them with a second step, the password beside a
    # new app while one is being set up. Each is hers alone, so nothing of anyone else's
    # decides what runs.
    code_form = form or (TwoStepCodeForm() if app or pending else None)
    here = passkeys.host_allows(request)
    context = {
        "passkeys": keys,
        "passkey_form": passkey_form or PasskeyAddForm(),
        "passkeys_here": here,
        "factor": factor,
        "factor_fresh": reauth.factor_recent(request),
        "app": app,
        "pending": pending,
        "key_hidden": hidden,
        "qr": twostep.qr_svg(shown) if shown else "",
        "key": twostep.grouped_key(shown) if shown else "",
        "uri": twostep.provisioning_uri(shown) if shown else "",
        "issuer": twostep.issuer(user),
        "left": twostep.recovery_left(user) if factor else 0,
        "codes_made": twostep.recovery_made(user) if factor else None,
        "codes_once": _codes_once(request),
        "form": _digits_only(code_form) if pending and code_form is not None else code_form,
        # Her password beside the app's code, for its two buttons (``_password_too``).
        "app_proof": app_proof
        or (PasswordConfirmForm(user=user, auto_id="app-off-%s") if factor else None),
    }
    # Every new second step asks for the password typed beside it (``PROOF_IDS``).
    proofs = proofs or {}
    asked = {"app": pending is not None, "passkey": here}
    for which in PROOF_IDS:
        context[f"proof_{which}"] = proofs.get(which) or (
            first_factor_proof(request, user, which, bound=False) if asked[which] else None
        )
    return render(request, "accounts/two_step.html", context, status=status)


@login_required
@require_POST
@reauth.password_recent()
def two_step_start(request: HttpRequest) -> HttpResponse:
    user = authed_user(request)
    found = twostep.factors(user)
    if found.app:
        return redirect("accounts:two_step")
    if found.any and not reauth.factor_recent(request):
        return redirect(reauth.confirm_url(reverse("accounts:two_step"), factor=True))
    made = twostep.app_begin(user)
    # The page this leads to shows its key, once (``page``).
    request.session[SHOW_KEY_ONCE] = made.pk
    return redirect("accounts:two_step")


@login_required
@require_POST
@reauth.password_recent()
def two_step_confirm(request: HttpRequest) -> HttpResponse:
    """The app's first code turns it on: asked with the password typed in this form
    (``first_factor_proof``), and, when there is a second step already, with a passkey or code
    too, so that no one holding a signed-in phone can make an app of his own her second step."""
    user = authed_user(request)
    first = not twostep.factors(user).any
    if not first and not reauth.factor_recent(request):
        return redirect(reauth.confirm_url(reverse("accounts:two_step"), factor=True))
    form = TwoStepCodeForm(request.POST)
    proof = first_factor_proof(request, user, "app")  # every time (``PROOF_IDS``)
    if not proof.is_valid():
        if ended := reauth.after_typed_wrong_password(request):
            return ended
        form.is_valid()  # its own errors too, at once
        return page(request, user, form=form, proofs={"app": proof}, status=400)
    # From here on it is her (the password typed, or a second step a moment ago).
    if not form.is_valid() or twostep.pending_app(user) is None:
        return page(request, user, form=form, status=400, show_key=True)
    codes = twostep.app_confirm(user, form.cleaned_data["code"])
    if codes is None:
        form.add_error(
            "code",
            _(
                "That code is not right. Check that the app shows Interdepend, and type the "
                "newest code it shows."
            ),
        )
        return page(request, user, form=form, status=400, show_key=True)
    if not codes:  # a passkey came first: the account's recovery codes stay as they are
        messages.success(
            request, _("Your authenticator app is added. Your recovery codes stay as they were.")
        )
        return redirect("accounts:two_step")
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "new": "app"})


@login_required
@require_POST
def two_step_new_codes(request: HttpRequest) -> HttpResponse:
    user = authed_user(request)
    form = TwoStepCodeForm(request.POST)
    found = twostep.factors(user)
    device = devices.current_device(request, user)
    if not found.any:
        return redirect("accounts:two_step")
    if not found.app:  # passkeys only: a passkey confirms it, a moment before
        if not reauth.factor_recent(request):
            return redirect(reauth.confirm_url(reverse("accounts:two_step"), factor=True))
        # And her password typed beside the button, as with the app: a passkey on a phone he
        # can unlock was all it took for him to carry ten codes away, a second step of hers on
        # any device, while hers stopped working (the two-minute audit of 2026-12-05).
        if (refused := _password_too(request, user, form, codes_only=True)) is not None:
            return refused
        if not _codes_once_spent(request):  # a press sent again: nothing new is made or shown
            messages.error(request, _("Part of this form was out of date. Please try again."))
            return redirect("accounts:two_step")
    elif (refused := _password_too(request, user, form)) is not None:
        return refused
    elif not form.is_valid() or not twostep.verify(user, form.cleaned_data["code"], device):
        if form.is_valid():
            form.add_error("code", _wrong_words(user, device, form.cleaned_data["code"]))
        return page(request, user, form=form, status=400)
    codes = twostep.recovery_renew(user)
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "new": ""})


@login_required
@require_POST
def two_step_off(request: HttpRequest) -> HttpResponse:
    """Turning the app off needs a code from it (or a recovery code), not only the password."""
    user = authed_user(request)
    form = TwoStepCodeForm(request.POST)
    if not twostep.has_app(user):
        twostep.app_remove(user)  # an unfinished set-up is simply dropped
        return redirect("accounts:two_step")
    device = devices.current_device(request, user)
    if (refused := _password_too(request, user, form)) is not None:
        return refused
    if not form.is_valid() or not twostep.verify(user, form.cleaned_data["code"], device):
        if form.is_valid():
            form.add_error("code", _wrong_words(user, device, form.cleaned_data["code"]))
        return page(request, user, form=form, status=400)
    twostep.app_remove(user)
    if twostep.has_factor(user):
        messages.success(request, _("The authenticator app is removed. Your passkeys still work."))
    else:
        messages.success(request, _("Two-step sign-in is off. Your password alone signs you in."))
    return redirect("accounts:two_step")


def _password_too(
    request: HttpRequest, user: User, form: TwoStepCodeForm, *, codes_only: bool = False
) -> HttpResponse | None:
    """Her password, typed beside the code, for the two buttons of her authenticator app: the
    app is most often on the phone she is signed in on, so a code alone is what anyone holding
    it for two minutes has (the security audit of 2026-12-04, III: a code alone turned the app
    off, and made new recovery codes, shown to him). None when it is hers; else the page again
    (or the sign-in page after too many wrong ones, which are counted as everywhere). With
    ``codes_only`` it is the button for new codes of an account with passkeys only, whose form
    has the password's box and no code's."""
    proof = reauth.typed_proof(request)
    if proof is True:
        return None
    if isinstance(proof, HttpResponse):
        return proof
    if not proof.is_bound:  # a page without the box: asked as if left empty
        proof = PasswordConfirmForm({}, user=user)
        proof.is_valid()
    if codes_only:  # passkeys only: the button has no code box, only the password's
        return page(request, user, app_proof=proof, status=400)
    form.is_valid()  # its own words too, at once
    return page(request, user, form=form, app_proof=proof, status=400)


def _digits_only(form: TwoStepCodeForm) -> TwoStepCodeForm:
    """Setting up the app asks for its six digits only: a phone shows its number pad (it
    showed the whole keyboard: the new-couple walk of 2026-12-04). Signing in takes a recovery
    code in the same box, so there it stays a text box."""
    form.fields["code"].widget.attrs["inputmode"] = "numeric"
    return form
