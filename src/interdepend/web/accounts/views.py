"""Account views: thin functions over forms and services."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.middleware.csrf import rotate_token
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from interdepend.web.accounts import (
    contact,
    details,
    devices,
    formpages,
    idle,
    invited,
    kept,
    language,
    passkeys,
    push,
    reauth,
    refill,
    resetlink,
    resetmail,
    selectors,
    services,
    twostep,
    zones,
)
from interdepend.web.accounts import signup as signup_flow
from interdepend.web.accounts.forms import (
    EmailChangeForm,
    HomeScreenForm,
    LoginForm,
    NameForm,
    PasskeyAnswerForm,
    PasswordChangeForm,
    PasswordConfirmForm,
    PushChoiceForm,
    QuickExitKeysForm,
    ResetForm,
    ResetPasswordForm,
    SignupConfirmForm,
    SignupForm,
    TimeZoneForm,
    TwoStepCodeForm,
    zone_label,
)
from interdepend.web.accounts.idle import idle_gate
from interdepend.web.accounts.models import HomeScreenLook, PushKind, QuickExitKeys, User
from interdepend.web.accounts.resettoken import reset_tokens
from interdepend.web.accounts.twostep_views import (
    LOGIN_BACKEND,
    begin_second_step,
    spent_code_words,
)
from interdepend.web.frame import stash
from interdepend.web.frame.auth import authed_user
from interdepend.web.frame.formwords import WordedForm
from interdepend.web.frame.http import (
    clear_browser_storage,
    posted,
    takes_a_stale_form_key,
)
from interdepend.web.frame.mailing import hand_over_message


def signup(request: HttpRequest) -> HttpResponse:
    """The same answer whether or not the address has an account (see accounts/signup.py)."""
    if request.user.is_authenticated:
        return redirect("home:home")
    form = SignupForm(request.POST or None)
    invitation = invited.waiting(request)
    if request.method == "POST" and form.is_valid():
        invited.keep(request, invitation)
        signup_flow.signup_start(
            request,
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password"],
            display_name=form.cleaned_data["display_name"],
        )
        return redirect("accounts:signup_sent")
    return render(request, "accounts/signup.html", {"form": form, "invited": invitation})


@require_safe
def signup_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/signup_sent.html", {"hours": settings.SIGNUP_LINK_HOURS})


@require_http_methods(["GET", "HEAD", "POST"])
def signup_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link from the confirmation mail: the password chosen at sign-up and a button make
    the account and sign in.

    A button rather than the bare link, so a mail scanner that opens links spends nothing; the
    password, so that only the person who chose it can make the account (someone else signing
    up with her address gave her a link to an account that opened with his password).
    """
    if request.user.is_authenticated:
        return redirect("home:home")
    nonce = signup_flow.nonce_from(token)
    pending = None if nonce is None else selectors.signup_pending(nonce=nonce)
    if nonce is None or pending is None:
        return render(request, "accounts/signup_link_gone.html", status=404)
    form = SignupConfirmForm(posted(request), hashed=pending.password)
    if not form.is_valid():
        typed = request.method == "POST" and str(request.POST.get("password", ""))
        if typed and services.signup_wrong_try(pending):
            context = {"too_many": True}
            return render(request, "accounts/signup_link_gone.html", context, status=404)
        status = 400 if request.method == "POST" else 200
        return render(request, "accounts/signup_confirm.html", {"form": form}, status=status)
    user = services.signup_confirm(nonce=nonce)
    if user is None:
        return render(request, "accounts/signup_link_gone.html", status=404)
    if zone := zones.from_browser(request.POST.get("time_zone")):
        services.user_time_zone_set(user=user, zone=zone)
    language.chosen_at_sign_up(request, user)
    login(request, user, backend=LOGIN_BACKEND)
    messages.success(request, _("Welcome. Your account is ready."))
    response = redirect(invited.taken(request) or "home:home")
    devices.remember(request, response, user)
    return response


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: LoginForm) -> HttpResponse:  # type: ignore[override]
        user = form.get_user()
        shared = bool(form.cleaned_data.get("shared"))
        zone = zones.from_browser(self.request.POST.get("time_zone"))
        if twostep.has_factor(user):  # the password was right; the second step comes next
            return begin_second_step(
                self.request, user, self.get_success_url(), shared=shared, zone=zone
            )
        response = super().form_valid(form)
        if zone and not user.time_zone:
            services.user_time_zone_set(user=user, zone=zone)  # the first the browser names
        devices.mark_shared(self.request, shared)
        devices.signed_in_here(self.request, response, user)
        if shared:
            messages.info(self.request, _("You will be signed out when this browser closes."))
        return response

    def form_invalid(self, form: LoginForm) -> HttpResponse:  # type: ignore[override]
        response = super().form_invalid(form)
        username, typed = str(form.data.get("username", "")), bool(form.data.get("password"))
        devices.note_failure(self.request, response, username, typed=typed)
        return response

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        context = super().get_context_data(**kwargs)
        context["demo_accounts"] = selectors.demo_accounts()
        context["demo_password"] = selectors.DEMO_PASSWORD
        context["invited"] = invited.invitation_path(context.get("next"))
        return context


@takes_a_stale_form_key
@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    """Sign out, with or without a current form key, as the quick exit does: every page drawn
    before this browser's latest sign-in holds a stale one, and *Sign out* pressed there said
    "That form had expired" and left her signed in on a computer others use (the ex and
    stranger audit of 2026-12-04). A post another site sent is refused as the key would have
    refused it (its browser names that site as the origin, and sends it no session cookie)."""
    # The browsers this sign-in turned notifications on in get nothing more.
    push.push_session_ended(request.session.session_key)
    if isinstance(request.user, User):
        devices.look_shown_here(request, request.user)  # as her pages here had it
    logout(request)
    # A new form key: a form drawn before, sent again from the browser's history by the next
    # person here, is refused and gives none of her words back (the review of 2026-12-05).
    rotate_token(request)
    # Said once on the sign-in page that follows, so a person on a shared phone sees it worked
    # (the phone audit of 2026-12-03: nothing said so). The quick exit says nothing, on purpose.
    messages.info(request, _("You are signed out on this device."))
    response = redirect("accounts:login")
    # As the quick exit does: the worker, its cache and any push subscription of this browser go
    # (the notification audit of 2026-12-03 found them still there after an ordinary log out).
    return clear_browser_storage(response)


def _settings(request: HttpRequest, status: int = 200, **forms: object) -> HttpResponse:
    """The account page, with any form given in place of its fresh one (to show its errors)."""
    user = authed_user(request)
    shown = push.push_settings_shown(user, request.session.session_key)
    kinds, quiet_from, quiet_until, devices, here = shown
    typed = refill.typed_back(request, "accounts:home_screen")
    look = typed.value("home_screen_look") if typed else user.home_screen_look
    typed = refill.typed_back(request, "accounts:quick_exit_keys")
    keys = typed.value("quick_exit_keys") if typed else user.quick_exit_keys
    zone = user.time_zone or settings.TIME_ZONE
    chosen = {
        "home_screen_look": look,
        "quick_exit_keys": keys,
        "time_zone": zone,
        "kinds": kinds,
        "quiet_from": quiet_from,
        "quiet_until": quiet_until,
    }
    made: dict[str, Callable[[], WordedForm]] = {
        "home_screen_form": lambda: HomeScreenForm(initial={"home_screen_look": look}),
        "exit_keys_form": lambda: QuickExitKeysForm(initial={"quick_exit_keys": keys}),
        "zone_form": lambda: TimeZoneForm(initial={"time_zone": zone}),
        "push_form": lambda: PushChoiceForm(
            initial={"kinds": kinds, "quiet_from": quiet_from, "quiet_until": quiet_until}
        ),
    }
    context = {
        # With no form sent back, the page draws the forms' parts from what she chose
        # (``settingsparts``, kept per language), and a form is made only if something else
        # reads it (the tests' reference template does): making the four was about 110 µs a
        # view in a loop (issue 15's twenty-fourth pass). A form sent back draws them all.
        **(
            {name: make() for name, make in made.items()}
            if forms
            else {name: SimpleLazyObject(make) for name, make in made.items()}
        ),
        "settings_chosen": None if forms else chosen,
        "zone_shown": zone_label(zone),
        "push_devices": devices,
        "push_here": here,
        "push_key": push.public_key(),
        **forms,
    }
    return render(request, "accounts/settings.html", context, status=status)


@login_required
@require_safe
@idle_gate  # her address, her time zone (where she lives now), her second step
def settings_page(request: HttpRequest) -> HttpResponse:
    """The account page. After a while away it asks for the password, as her other private
    pages do: it showed whoever picked up her phone the time zone she lives in, which can tell
    where she has gone, and the address she signs in with (the partner audit)."""
    return _settings(request)


@login_required
@require_POST
def still_here(request: HttpRequest) -> HttpResponse:
    """Sent by the page while she types on a private page (``idle.still_here``); no content."""
    idle.still_here(request)
    return HttpResponse(status=204)


@login_required
@require_POST
def stepped_away(request: HttpRequest) -> HttpResponse:
    """What a page of hers says of being out of sight: ``state=hidden`` as it goes out of sight
    without leaving (a beacon: ``idle.going_away``); ``state=visible`` as it is seen again,
    answered with whether her private pages now ask for the password (``idle.back``); with
    neither, that it was out of sight too long by its own clock (``idle.stepped_away``)."""
    state = request.POST.get("state", "")
    if state == "hidden":
        idle.going_away(request)
        return HttpResponse(status=204)
    if state == "visible":
        return JsonResponse({"locked": idle.back(request, seen=True)})
    idle.stepped_away(request)
    return HttpResponse(status=204)


@login_required
@require_POST
def home_screen_change(request: HttpRequest) -> HttpResponse:
    """The name and icon a phone shows for the app: the plain look is kept at once, no password
    needed (choosing it should never wait); going back to the app's own asks for her password
    typed for that step, every time."""
    form = HomeScreenForm(request.POST)
    if not form.is_valid():
        return _settings(request, 400, home_screen_form=form)
    look = form.cleaned_data["home_screen_look"]
    user = authed_user(request)
    if look == HomeScreenLook.INTERDEPEND != user.home_screen_look:
        # Back from the plain look to the app's own name: whoever holds her phone cannot quietly
        # put "Interdepend" back in her titles, notifications, e-mail and offline page. A recent
        # sign-in was enough until the two-minute audit of 2026-12-03 (M1): the minutes after
        # she signs in are exactly when someone can pick up her phone.
        asked = reauth.asked_each_time(
            request,
            _(
                "show the app's own name again in this account's page titles, notifications "
                "and e-mail"
            ),
        )
        if asked is not None:
            return asked
    services.user_home_screen_set(user=user, look=look)
    devices.look_shown_here(request, user)  # this browser's signed-out pages follow
    messages.success(request, _("Saved. Phones that add Interdepend from now on will use it."))
    return redirect("accounts:settings")


@login_required
@require_POST
def quick_exit_keys_change(request: HttpRequest) -> HttpResponse:
    """Which keys set off the quick exit on her pages. More ways out are kept at once; fewer
    ask for her password typed for that step, every time: whoever holds her phone should not
    be able to take Esc away from her quietly, for the moment she needs it."""
    form = QuickExitKeysForm(request.POST)
    if not form.is_valid():
        return _settings(request, 400, exit_keys_form=form)
    keys = QuickExitKeys(form.cleaned_data["quick_exit_keys"])
    user = authed_user(request)
    if keys.ways < QuickExitKeys(user.quick_exit_keys).ways:
        asked = reauth.asked_each_time(
            request, _("change which keys set off the quick exit to fewer than now")
        )
        if asked is not None:
            return asked
    services.user_quick_exit_keys_set(user=user, keys=keys)
    messages.success(request, _("Saved. Your pages on every device follow this choice."))
    return redirect("accounts:settings")


@login_required
@require_POST
def time_zone_change(request: HttpRequest) -> HttpResponse:
    """The zone her days and weeks follow. Kept at once while no notification and no weekly
    reminder e-mail is on; with one on, another zone asks for her password typed for that step,
    every time, since her quiet hours follow her zone: moving it half a world away put "19:00 to
    09:00" in her real day and let notifications come at night, past the password that shorter
    quiet hours ask for (the re-audit of 2026-12-03, M1)."""
    form = TimeZoneForm(request.POST)
    if not form.is_valid():
        return _settings(request, 400, zone_form=form)
    user = authed_user(request)
    zone = form.cleaned_data["time_zone"]
    if zone != user.time_zone and push.push_choice_of(user).kinds():
        asked = reauth.asked_each_time(
            request, _("change your time zone, which moves the quiet hours of your notifications")
        )
        if asked is not None:
            return asked
    elif zone != user.time_zone and zones.timed_by_zone(user):
        # The weekly reminder e-mail goes at hours of her zone: a zone half a world away sends
        # it in her night (the phone audit of 2026-12-04, L5).
        asked = reauth.asked_each_time(
            request, _("change your time zone, which moves when your weekly reminder e-mail comes")
        )
        if asked is not None:
            return asked
    services.user_time_zone_set(user=user, zone=zone)
    messages.success(request, _("Saved. Your days, weeks and quiet hours follow this time zone."))
    # No #fragment: the page opens on the words that say it is saved, which the focus goes to
    # (a fragment scrolled them away and took the focus with them: the keyboard audit).
    return redirect("accounts:settings")


@login_required
@require_POST
def push_choices(request: HttpRequest) -> HttpResponse:
    """Which notifications come, and when none may. Fewer kinds or more quiet hours are kept at
    once; a kind turned on, or an hour that was quiet and no longer is, asks for her password
    typed for that step, every time: whoever holds her phone could otherwise have her devices
    light up at any hour (the two-minute audit of 2026-12-03, L1)."""
    form = PushChoiceForm(request.POST)
    if not form.is_valid():
        return _settings(request, 400, push_form=form)
    user = authed_user(request)
    kinds = {PushKind(kind) for kind in form.cleaned_data["kinds"]}
    quiet_from, quiet_until = form.cleaned_data["quiet_from"], form.cleaned_data["quiet_until"]
    if push.says_more(push.push_choice_of(user), kinds, quiet_from, quiet_until):
        asked = reauth.asked_each_time(
            request, _("let notifications come about more things, or at hours that were quiet")
        )
        if asked is not None:
            return asked
    push.push_choice_set(user=user, kinds=kinds, quiet_from=quiet_from, quiet_until=quiet_until)
    # Said as it is for this device: a choice kept while no device has notifications on
    # brings nothing, which "follow your new choice" hid (the phone audit of 2026-12-03).
    if push.push_here(request.session.session_key):
        said = _("Saved. Notifications follow your new choice from now on.")
    elif push.push_devices(authed_user(request)):
        said = _(
            "Saved. Your devices with notifications on follow your new choice from now on; "
            "this one has them off."
        )
    else:
        said = _(
            "Saved. Nothing comes until notifications are on for a device: the button to turn "
            "them on for this one is just above these choices."
        )
    messages.success(request, said)
    return redirect("accounts:settings")  # no #fragment: as after a time zone is kept


@login_required
@require_POST
def push_subscribe(request: HttpRequest) -> JsonResponse:
    """The page's script hands over this browser's subscription; the answer is our words.

    Only with her password typed beside the button, each time: someone holding her phone in
    the minutes after she signed in must not send her notifications to a device of his, whose
    timing would tell him what she does. Too many wrong passwords end the session, and the
    script is given the sign-in page's address, which it opens."""
    proof = reauth.typed_proof(request)
    if isinstance(proof, HttpResponse):
        words = _("You were signed out after several wrong passwords. Please sign in again.")
        return JsonResponse({"message": words, "confirm": proof["Location"]}, status=403)
    if proof is not True:
        said = proof.errors.get(reauth.TYPED_FIELD) if proof.is_bound else None
        words = " ".join(said) if said else _("Please type your password to turn them on.")
        return JsonResponse({"message": words}, status=403)
    try:
        push.push_subscribe(
            user=authed_user(request),
            endpoint=request.POST.get("endpoint", ""),
            p256dh=request.POST.get("p256dh", ""),
            auth=request.POST.get("auth", ""),
            session_key=request.session.session_key or "",
        )
    except push.SubscriptionRefused as refused:
        return JsonResponse({"message": str(refused)}, status=400)
    return JsonResponse({"message": _("Notifications are on for this device.")})


@login_required
@require_POST
def push_unsubscribe(request: HttpRequest) -> JsonResponse:
    endpoint = request.POST.get("endpoint", "").strip()
    if not push.endpoint_well_formed(endpoint):
        message = _("This browser did not say which notifications to stop. Please try again.")
        return JsonResponse({"message": message}, status=400)
    push.push_unsubscribe(user=authed_user(request), endpoint=endpoint)
    return JsonResponse({"message": _("Notifications are off for this device.")})


@takes_a_stale_form_key
@login_required
@require_POST
def push_stop_everywhere(request: HttpRequest) -> HttpResponse:
    push.push_unsubscribe(user=authed_user(request))
    messages.success(request, _("No device gets notifications from your account now."))
    if request.POST.get("back") == "safety":  # from Who can see what
        return redirect("safetycheck:index")
    return redirect("accounts:settings")


@login_required
@reauth.password_recent()
def details_change(request: HttpRequest) -> HttpResponse:
    """Name and e-mail address: the name changes at once, an address once its link is used."""
    user = authed_user(request)
    data = posted(request)
    which = request.POST.get("change")
    # Back from the confirm page, what she typed is in its box again (accounts.refill).
    typed = refill.typed_back(request, "accounts:details") if data is None else None
    again = typed.value("change") if typed else ""
    name = typed.value("display_name") if again == "name" and typed else user.display_name
    name_form = NameForm(data if which == "name" else None, initial={"display_name": name})
    email_form = EmailChangeForm(
        data if which == "email" else None,
        initial={"email": typed.value("email")} if again == "email" and typed else None,
    )
    if which == "name" and name_form.is_valid():
        services.user_rename(user=user, display_name=name_form.cleaned_data["display_name"])
        messages.success(request, _("Your name is changed."))
        return redirect("accounts:settings")
    if which == "email" and email_form.is_valid():
        details.email_change_start(request, user=user, new_email=email_form.cleaned_data["email"])
        messages.success(
            request,
            _(
                "Thank you. If that address can be used, a link to confirm it is on its way there."
                " Your address stays as it is until the link is opened."
            ),
        )
        return redirect("accounts:settings")
    status = 400 if name_form.errors or email_form.errors else 200  # sent back to mend
    if data is not None and which not in {"name", "email"}:
        messages.error(request, _("Part of this form was out of date. Please try again."))
        status = 400
    context = {
        "name_form": name_form,
        "email_form": email_form,
        "contact": contact.service_contact(),
    }
    return render(request, "accounts/details.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def email_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link from the new address: the password typed here, so a mail scanner opening it,
    or someone else holding a signed-in phone, changes nothing."""
    user = authed_user(request)
    waiting = details.email_change_waiting(user=user, token=token)
    if waiting is None:
        # Said before the password is asked for: typing it would change nothing.
        status = 400 if request.method == "POST" else 200
        return render(request, "accounts/email_confirm.html", {"gone": True}, status=status)
    form = PasswordConfirmForm(posted(request), user=user)
    context = {"form": form, "waiting": waiting}
    if request.method == "POST":
        if not form.is_valid():
            ended = reauth.after_wrong_password(request)
            return ended or render(request, "accounts/email_confirm.html", context, status=400)
        reauth.mark_reauthenticated(request)
        if details.email_change_confirm(user=user, token=token):
            messages.success(request, _("Your e-mail address is changed."))
            return redirect("accounts:settings")
        return render(request, "accounts/email_confirm.html", {"gone": True}, status=400)
    return render(request, "accounts/email_confirm.html", context)


@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    user = authed_user(request)
    form = PasswordChangeForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        services.user_change_password(
            user=user,
            new_password=form.cleaned_data["new_password"],
            keep_session_key=request.session.session_key,
            end_other_sessions=form.cleaned_data["end_other_sessions"],
            keep_device=devices.current_device(request, user),
        )
        update_session_auth_hash(request, user)
        messages.success(request, _("Your password has been changed."))
        return redirect("accounts:settings")
    if ended := reauth.wrong_in_form(request, form):
        return ended
    return render(request, "accounts/password_change.html", {"form": form})


@login_required
@require_safe
@idle_gate  # where and when she signed in on other devices
def sessions_page(request: HttpRequest) -> HttpResponse:
    user = authed_user(request)
    rows = selectors.sessions_of(user=user, current_key=request.session.session_key)
    factors = twostep.factors(user)
    context = {
        "sessions": rows,
        "two_step": factors.any,
        "app": factors.app,
        "passkeys": factors.passkeys,
        "left": factors.recovery_left,
        "codes_made": twostep.recovery_made(user) if factors.any else None,
        "password_changed": user.password_changed_at,
        "wrong_password": user.wrong_password_at,
        "stopped_sign_in": selectors.stopped_sign_in_last(user=user),
    }
    return render(request, "accounts/sessions.html", context)


@takes_a_stale_form_key
@login_required
@require_POST
def sessions_end_others(request: HttpRequest) -> HttpResponse:
    user = authed_user(request)
    ended = services.sessions_end(
        user=user, keep_session_key=request.session.session_key, forget_devices=False
    )
    messages.success(request, _("Signed out of %(n)d other session(s).") % {"n": ended})
    return redirect("accounts:sessions")


@takes_a_stale_form_key
@login_required
@require_POST
def sessions_end_all(request: HttpRequest) -> HttpResponse:
    services.sessions_end(user=authed_user(request), forget_devices=False)
    logout(request)
    return clear_browser_storage(redirect("accounts:login"))  # this browser too


@login_required
def confirm(request: HttpRequest) -> HttpResponse:
    """Re-enter the password, or use a passkey or a code from the authenticator app when the
    person has one; then go back to where the person was. Asked ``with=factor`` (to add or
    remove a second step), only a passkey or a code will do."""
    user = authed_user(request)
    next_url = reauth.safe_next(request, fallback=reverse("home:home"))
    held = kept.carried(request) if request.method == "POST" else None
    only_factor = "factor" in (request.GET.get("with"), request.POST.get("with"))
    found = twostep.factors(user)
    with_code = found.any
    by_key = request.method == "POST" and "answer" in request.POST
    by_code = request.method == "POST" and with_code and "code" in request.POST
    by_password = request.method == "POST" and not (by_key or by_code or only_factor)
    form = PasswordConfirmForm(request.POST if by_password else None, user=user)
    code_form = TwoStepCodeForm(request.POST if by_code else None)
    passkey_error = ""
    if request.method == "POST":
        if by_key:
            passkey_error = _confirm_by_passkey(request, user)
            proved = not passkey_error
        elif by_code:
            code = code_form.cleaned_data["code"] if code_form.is_valid() else ""
            proved = bool(code) and twostep.verify(
                user, code, devices.current_device(request, user)
            )
            if code_form.is_valid() and not proved:
                code_form.add_error(
                    "code",
                    spent_code_words()
                    if twostep.just_taken(user, code)
                    else _("That code is not right. Please try the newest."),
                )
        else:
            proved = by_password and form.is_valid()
        if proved:
            reauth.mark_reauthenticated(request, factor=not by_password)
            if held is not None:
                # The form the page stopped: she sees what it holds and saves it herself, on a
                # page of its own. Answered here, Back then Reload would send her password
                # again, and prove her anew to whoever held the phone (the carry audit).
                stash.put(request, kept.CARRY_ON, held.token)
                return redirect("accounts:carry_on")
            if request.GET.get("again"):
                # What she typed waits to come back in its boxes (accounts.refill): said so.
                said = (
                    _(
                        "Thank you, that was you. What you typed is back in its place, and "
                        "nothing was sent yet: please press the button once more."
                    )
                    if refill.waiting(request)
                    else _(
                        "Thank you, that was you. Nothing was changed yet: please press the "
                        "button once more."
                    )
                )
                messages.info(
                    request,
                    said,
                    # Our script takes it away once the button is pressed (htmx answers in
                    # place, so the page around it stays).
                    extra_tags="again",
                )
            return redirect(next_url)
        # A box sent empty is asked again, not counted, as on every other password form (the
        # carry audit signed her out with five empty presses here).
        typed = not by_password or bool(request.POST.get("password"))
        if typed and (ended := reauth.after_wrong_password(request)):
            return ended
    return _confirm_page(
        request,
        found,
        form=None if only_factor else form,
        code_form=code_form,
        next_url=next_url,
        action=request.get_full_path(),
        only_factor=only_factor,
        passkey_error=passkey_error,
        held=held,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@idle_gate
def carry_on(request: HttpRequest) -> HttpResponse:
    """What was waiting to be sent when the password page stopped it. It shows her words, so it
    is a private page: left open it locks itself, and opened after a while away it asks for
    the password first. Saving it, or leaving it unsaved (this page's POST), takes it away: the
    carry re-audit read and saved words she had left, from the phone's history."""
    if request.method == "POST":
        request.session.pop(kept.CARRY_ON, None)
        messages.info(request, _("Left unsaved. Nothing of it is kept."))
        return redirect("home:home")
    token = stash.fresh(request, kept.CARRY_ON, kept.CARRY_ON_SECONDS)
    held = None if token is None else kept.opened(request, str(token))
    if held is None:
        messages.info(request, _("Nothing is waiting to be sent from this device."))
        return redirect("home:home")
    return render(request, "accounts/carry_on.html", {"held": held, "marker": kept.CARRIED_FIELD})


def confirm_keeping(request: HttpRequest, held: kept.Kept) -> HttpResponse:
    """The confirm page as the answer to a private page's form sent after a while away: it
    carries the form (``accounts.kept``), and shows it to her once it is her. Nothing is saved
    before she presses to save it."""
    user = authed_user(request)
    return _confirm_page(
        request,
        twostep.factors(user),
        form=PasswordConfirmForm(None, user=user),
        code_form=TwoStepCodeForm(None),
        # Should the carried form not hold (too old), she goes on to its page, not to the
        # address that answers only its button (accounts.formpages).
        next_url=formpages.page_for(held.to),
        action=reauth.confirm_url(formpages.page_for(held.to)),
        held=held,
    )


def _confirm_page(
    request: HttpRequest,
    found: twostep.Factors,
    *,
    form: PasswordConfirmForm | None,
    code_form: TwoStepCodeForm,
    next_url: str,
    action: str,
    only_factor: bool = False,
    passkey_error: str = "",
    held: kept.Kept | None,
) -> HttpResponse:
    context = {
        "form": form,
        "next": next_url,
        "only_factor": only_factor,
        "code_form": code_form if found.any else None,
        "passkey_form": PasskeyAnswerForm() if found.passkeys else None,
        "passkey_error": passkey_error,
        "app": found.app,
        "issuer": twostep.issuer(authed_user(request)),
        "action": action,
        "held": held,
        # What she typed into the form that brought her here waits for her (accounts.refill).
        "typed_kept": held is None and refill.waiting(request),
        # A page that locked itself after a while without use says so: "the next step is a
        # sensitive one" puzzled someone who had taken no step (the accessibility audit).
        "idle": request.GET.get("why") == "idle" and not only_factor,
    }
    if context["idle"] and form is not None and not form.is_bound and not found.passkeys:
        # Back from a page that locked itself, she has one thing to do: the box is ready for
        # her, not the top of the page (the accessibility audit of 2026-12-04, L8).
        form.fields["password"].widget.attrs["autofocus"] = True
    return render(request, "accounts/confirm.html", context)


def _confirm_by_passkey(request: HttpRequest, user: User) -> str:
    """A passkey's answer on the confirm page: what to say when it is refused (nothing when
    it is right). A wrong one counts like a wrong code."""
    form = PasskeyAnswerForm(request.POST)
    try:
        if not form.is_valid():
            raise passkeys.PasskeyRefused(passkeys.Refusal.FAILED)
        passkeys.passkey_check(
            request, user=user, purpose=passkeys.Purpose.CONFIRM, answer=form.cleaned_data["answer"]
        )
    except passkeys.PasskeyRefused as refused:
        if refused.why is not passkeys.Refusal.STALE:
            twostep.note_wrong(user, devices.current_device(request, user))
        return passkeys.refusal_words(refused.why)
    return ""


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset, with at most ``ADDRESS_MAIL_LIMIT`` messages an hour to one address.

    Every allowed request sends exactly one message: the link to an address with an account,
    a short note (no link) to one without, so neither the answer nor the time a mail server
    takes tells whether an address has an account; both are built either way
    (``accounts.resetmail``), so neither does the time the page takes. Past the limit nothing
    is sent and the answer is unchanged. Its token is timed in UTC (``resettoken``).
    """

    token_generator = reset_tokens

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        email = form.cleaned_data["email"]
        source = devices.mail_source(self.request, email)
        if not services.address_mail_allow(kind="password-reset", email=email, source=source):
            return HttpResponseRedirect(self.get_success_url())
        user = next(iter(form.get_users(email)), None)
        hand_over_message(resetmail.reset_message(self.request, email=email, user=user))
        return HttpResponseRedirect(self.get_success_url())


password_reset = PasswordResetView.as_view(
    template_name="accounts/password_reset.html",
    form_class=ResetForm,
    email_template_name="accounts/email/password_reset.txt",
    subject_template_name="accounts/email/password_reset_subject.txt",
    success_url=reverse_lazy("accounts:password_reset_done"),
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_done.html"
)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's new password after a reset link, whose person is sealed (``resetlink``) and
    whose token is timed in UTC (``resettoken``)."""

    token_generator = reset_tokens

    def get_user(self, uidb64: str) -> User | None:
        pk = resetlink.unseal(uidb64)
        return None if pk is None else User._default_manager.filter(pk=pk).first()

    def form_valid(self, form: Any) -> HttpResponse:
        """A new password from the reset link lifts the pause that wrong passwords put on this
        connection (the locked page sends her here): her own address's failures here are
        forgotten, and this browser is trusted for her account, as after a sign-in, unless she
        says someone else uses it. The pause
        that wrong passwords for many other addresses put on the whole connection stays for
        everyone else, but no longer holds her here: the partner on her home connection could
        renew it at will, and a new password had not let her in (the stranger audit)."""
        response = super().form_valid(form)
        AccessAttempt.objects.filter(
            username__iexact=form.user.email, ip_address=devices.client_network(self.request)
        ).delete()
        # As a new password with the other devices signed out: whoever knew the old one is out,
        # and a browser of his once trusted for her account is no longer (the re-audit).
        services.sessions_end(user=form.user)
        if not form.cleaned_data.get("shared"):
            devices.remember(self.request, response, form.user)
        return response


password_reset_confirm = PasswordResetConfirmView.as_view(
    template_name="accounts/password_reset_confirm.html",
    form_class=ResetPasswordForm,
    success_url=reverse_lazy("accounts:password_reset_complete"),
    post_reset_login=False,
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)
