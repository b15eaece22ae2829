"""Two minutes at her signed-in phone, or her password without her phone: what he must not be
able to do with either. Each case was found by trying, as that partner would (the gates
themselves are also rows of T09 in ``test_reauth_gates.py``)."""

from __future__ import annotations

from datetime import timedelta

import pyotp
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from interdepend.web.accounts import push, twostep
from interdepend.web.accounts.models import AuthenticatorApp, Passkey, PushSubscription, User
from interdepend.web.assessment.models import Attempt
from interdepend.web.datarights.services import safety_reset
from interdepend.web.journal.idle import JOURNAL_SEEN_KEY
from tests.conftest import PASSWORD, Personas
from tests.helpers import as_user, password_confirmed

pytestmark = pytest.mark.django_db


def _fresh_code(app: AuthenticatorApp) -> str:
    """A code the app would show now, as if no code had been taken yet."""
    AuthenticatorApp.objects.filter(pk=app.pk).update(last_step=0)
    return pyotp.TOTP(app.secret).now()


# --- an authenticator app she began to set up ---------------------------------------------


def test_a_set_up_left_half_done_shows_no_key_and_cannot_be_finished_from_her_phone(
    personas: Personas,
) -> None:
    alice = personas.alice
    app = twostep.app_begin(alice)
    phone = password_confirmed(as_user(alice), seconds_ago=100_000)
    # The page itself is behind the idle lock (the phone audit of 2026-12-04, L4): she was on a
    # private page a moment ago, so it opens; her password is long past.
    session = phone.session
    session[JOURNAL_SEEN_KEY] = __import__("time").time()
    session.save()
    page = phone.get(reverse("accounts:two_step")).content.decode()
    assert twostep.grouped_key(app) not in page and "otpauth" not in page
    assert "Start again with a new key" in page
    answer = phone.post(reverse("accounts:two_step_confirm"), {"code": _fresh_code(app)})
    assert answer.status_code == 302 and "/account/confirm/" in answer["Location"]
    assert not twostep.has_app(alice)
    # Even with her password a moment ago, that key is never shown again, and a wrong password
    # typed with a code does not show it either: she starts again with a key of her own.
    hers = password_confirmed(as_user(alice), seconds_ago=0)
    assert twostep.grouped_key(app) not in hers.get(reverse("accounts:two_step")).content.decode()
    form = {"code": "000000", "password": "his guess"}
    slip = hers.post(reverse("accounts:two_step_confirm"), form).content.decode()
    assert twostep.grouped_key(app) not in slip and "password was not right" in slip
    assert hers.post(reverse("accounts:two_step_start")).status_code == 302
    fresh = AuthenticatorApp.objects.get(user=alice)
    assert fresh.secret != app.secret
    assert twostep.grouped_key(fresh) in hers.get(reverse("accounts:two_step")).content.decode()
    hers.post(reverse("accounts:two_step_confirm"), {"code": _fresh_code(app)} | PW)
    assert not twostep.has_app(alice)  # the old key's code turns nothing on
    hers.post(reverse("accounts:two_step_confirm"), {"code": _fresh_code(fresh)} | PW)
    assert twostep.has_app(alice)


PW = {"password": PASSWORD}


def test_a_key_he_copied_after_her_sign_in_is_never_offered_to_her(personas: Personas) -> None:
    """A minute after her sign-in he presses *Set up* on her phone and copies the key shown. The
    next time she opens the page (the same session, soon after) she is offered a new key, never
    his; finishing needs one she starts herself."""
    alice = personas.alice
    phone = password_confirmed(as_user(alice), seconds_ago=60)
    assert phone.post(reverse("accounts:two_step_start")).status_code == 302
    his = AuthenticatorApp.objects.get(user=alice)
    assert twostep.grouped_key(his) in phone.get(reverse("accounts:two_step")).content.decode()
    password_confirmed(phone, seconds_ago=0)  # later, her own password on the confirm page
    page = phone.get(reverse("accounts:two_step")).content.decode()
    assert twostep.grouped_key(his) not in page and his.secret not in page
    assert "Start again with a new key" in page
    phone.post(reverse("accounts:two_step_start"))
    assert AuthenticatorApp.objects.get(user=alice).secret != his.secret


def test_just_after_she_signs_in_her_phone_cannot_be_given_his_app_or_passkey(
    personas: Personas,
) -> None:
    """She signed in a minute ago and put the phone down: the sign-in counts as a recent
    password, but the first second step asks for the password in its own form, so he can make
    neither his authenticator app nor a passkey of his the key to her account."""
    alice = personas.alice
    phone = password_confirmed(as_user(alice), seconds_ago=60)
    assert phone.post(reverse("accounts:two_step_start")).status_code == 302
    app = AuthenticatorApp.objects.get(user=alice)
    for password in ("", "his guess"):
        page = phone.post(
            reverse("accounts:two_step_confirm"),
            {"code": _fresh_code(app), "password": password},
        )
        assert page.status_code == 400 and not twostep.has_app(alice)
        assert "Your password" in page.content.decode()
    refused = phone.post(reverse("accounts:passkey_add_options"), {"password": "his guess"})
    assert refused.status_code == 400 and "challenge" not in refused.content.decode()
    assert not Passkey.objects.filter(user=alice).exists()
    form = {"name": "his", "answer": '{"id": "x"}', "password": "his guess"}
    assert phone.post(reverse("accounts:passkey_add"), form).status_code == 400
    assert not Passkey.objects.filter(user=alice).exists()


def test_a_key_made_long_ago_is_not_confirmed_even_with_her_password(personas: Personas) -> None:
    alice = personas.alice
    app = twostep.app_begin(alice)
    old = timezone.now() - timedelta(seconds=twostep.PENDING_APP_SECONDS + 60)
    AuthenticatorApp.objects.filter(pk=app.pk).update(created_at=old)
    hers = password_confirmed(as_user(alice), seconds_ago=0)
    assert twostep.grouped_key(app) not in hers.get(reverse("accounts:two_step")).content.decode()
    assert twostep.app_confirm(alice, _fresh_code(app)) is None
    assert not twostep.has_app(alice)


def test_a_passkey_owner_confirms_with_a_passkey_before_an_app_is_added(
    personas: Personas,
) -> None:
    """She has a passkey: the password alone does not add an app (as starting one does not)."""
    alice = personas.alice
    Passkey.objects.create(
        user=alice, name="her phone", credential_id="cred-1", public_key=b"x", user_handle="h"
    )
    app = twostep.app_begin(alice)
    phone = password_confirmed(as_user(alice), seconds_ago=0)
    answer = phone.post(reverse("accounts:two_step_confirm"), {"code": _fresh_code(app)})
    assert answer.status_code == 302 and "with=factor" in answer["Location"]
    assert not twostep.has_app(alice)


def test_the_safety_reset_drops_a_set_up_left_half_done(personas: Personas) -> None:
    twostep.app_begin(personas.alice)
    safety_reset(user=personas.alice, keep_session_key=None)
    assert not AuthenticatorApp.objects.filter(user=personas.alice).exists()


# --- wrong codes typed elsewhere ----------------------------------------------------------


def _sign_in(client: Client, email: str, code: str | None = None) -> int:
    """Status of the last step: 302 once signed in (or on to the second step)."""
    answer = client.post(reverse("accounts:login"), {"username": email, "password": PASSWORD})
    if code is not None and answer["Location"].endswith("/login/second-step/"):
        answer = client.post(reverse("accounts:second_step"), {"code": code})
    return answer.status_code


def test_his_wrong_codes_do_not_pause_her_trusted_phone(personas: Personas) -> None:
    alice = personas.alice
    app = twostep.app_begin(alice)
    assert twostep.app_confirm(alice, _fresh_code(app)) is not None
    hers = Client()
    assert _sign_in(hers, alice.email, _fresh_code(app)) == 302
    hers.post(reverse("accounts:logout"))
    his = Client(REMOTE_ADDR="203.0.113.9")
    _sign_in(his, alice.email)
    for _ in range(twostep.MAX_WRONG):
        his.post(reverse("accounts:second_step"), {"code": "000000"})
    assert twostep.locked(alice)  # a browser she never used is paused...
    assert _sign_in(his, alice.email, _fresh_code(app)) == 403
    assert _sign_in(hers, alice.email, _fresh_code(app)) == 302  # ...her own phone is not
    assert twostep.locked(alice), "her sign-in must not hand him a fresh set of tries"


def test_wrong_codes_on_her_trusted_phone_pause_that_phone(personas: Personas) -> None:
    alice = personas.alice
    app = twostep.app_begin(alice)
    twostep.app_confirm(alice, _fresh_code(app))
    hers = Client()
    assert _sign_in(hers, alice.email, _fresh_code(app)) == 302
    hers.post(reverse("accounts:logout"))
    _sign_in(hers, alice.email)
    for _ in range(twostep.MAX_WRONG):
        hers.post(reverse("accounts:second_step"), {"code": "000000"})
    assert _sign_in(hers, alice.email, _fresh_code(app)) != 302
    assert not twostep.locked(alice)  # counted against that browser, not the whole account


# --- notifications ------------------------------------------------------------------------


def test_notifications_are_not_sent_to_a_device_without_her_password(personas: Personas) -> None:
    """Just after she signed in (the freshest proof there is), her notifications cannot be
    turned on without her password typed beside the button; a wrong one is counted, and too
    many end the session and send the page's script to the sign-in page."""
    from tests.security.test_reauth_gates import _subscription

    phone = password_confirmed(as_user(personas.alice), seconds_ago=0)
    answer = phone.post(reverse("accounts:push_subscribe"), _subscription(personas))
    assert answer.status_code == 403
    assert answer.json() == {"message": "Please type your password to turn them on."}
    for _ in range(settings.REAUTH_MAX_FAILURES - 1):
        answer = phone.post(
            reverse("accounts:push_subscribe"), _subscription(personas) | {"password": "guess"}
        )
        assert answer.status_code == 403
        assert "not right" in answer.json()["message"]
    answer = phone.post(
        reverse("accounts:push_subscribe"), _subscription(personas) | {"password": "guess"}
    )
    assert answer.json()["confirm"] == reverse("accounts:login")
    assert not PushSubscription.objects.exists()
    assert "_auth_user_id" not in phone.session


def test_the_account_page_asks_for_her_password_beside_the_button(personas: Personas) -> None:
    fresh = password_confirmed(as_user(personas.alice), seconds_ago=0)
    page = fresh.get(reverse("accounts:settings")).content.decode()
    assert 'id="push-password"' in page and 'autocomplete="current-password"' in page
    assert "data-confirm" not in page


@pytest.mark.parametrize(
    "endpoint",
    [
        "https://127.0.0.1/push",
        "https://10.0.0.5/push",
        "https://192.168.1.1/push",
        "https://169.254.169.254/latest",
        "https://[::1]/push",
        "https://[fd00::1]/push",
        "https://localhost/push",
        "https://db.internal/push",
        "https://router.lan/push",
        "https://printer.local./push",
        "https://intranet/push",
    ],
)
def test_a_notification_address_inside_the_servers_own_network_is_refused(
    personas: Personas, endpoint: str
) -> None:
    from tests.security.test_reauth_gates import _subscription

    keys = _subscription(personas)
    with pytest.raises(push.SubscriptionRefused):
        push.push_subscribe(
            user=personas.alice,
            endpoint=endpoint,
            p256dh=str(keys["p256dh"]),
            auth="eHh4eHh4eHh4eHh4eHh4eA",
        )
    assert not PushSubscription.objects.exists()


# --- what asking for the password says ----------------------------------------------------


def test_every_result_asks_alike_whatever_its_safety_screen_said(personas: Personas) -> None:
    """Holding her phone, he must not tell a flagged result from another by whether it asks
    for the password: each asks after a while away, each opens while she was just in."""
    attempt = personas.finished_attempt_id
    names = ("assessment:results", "assessment:map", "assessment:report")
    seen: dict[bool, list[tuple[int, str]]] = {}
    for flagged in (False, True):
        Attempt.objects.filter(public_id=attempt).update(screen_flagged=flagged)
        phone = password_confirmed(as_user(personas.alice), seconds_ago=100_000)
        answers = [phone.get(reverse(name, args=[attempt])) for name in names]
        seen[flagged] = [(a.status_code, a.get("Location", "")) for a in answers]
        assert all(a.status_code == 302 for a in answers), seen[flagged]
        session = phone.session
        session[JOURNAL_SEEN_KEY] = timezone.now().timestamp()
        session.save()
        assert all(phone.get(reverse(name, args=[attempt])).status_code == 200 for name in names)
    assert seen[False] == seen[True]


def test_a_minute_after_her_two_step_sign_in_he_cannot_add_or_remove_second_steps(
    personas: Personas,
) -> None:
    """Her sign-in with her password and her app's code proved it was her then, not that it is
    her a minute later: adding a passkey or removing hers sends whoever holds the phone to the
    confirm page for a second step proved now (before, the sign-in counted for five minutes)."""
    from interdepend.web.accounts import reauth as reauth_module

    alice = personas.alice
    app = twostep.app_begin(alice)
    assert twostep.app_confirm(alice, _fresh_code(app))
    hers = Passkey.objects.create(
        user=alice, name="Her phone", credential_id="her-key", public_key=b"k", user_handle="h"
    )
    phone = Client()
    signed = phone.post(reverse("accounts:login"), {"username": alice.email, "password": PASSWORD})
    assert signed["Location"] == reverse("accounts:second_step")
    app.refresh_from_db()
    step = phone.post(reverse("accounts:second_step"), {"code": _fresh_code(app)})
    assert step.status_code == 302 and "_auth_user_id" in phone.session
    assert reauth_module.REAUTH_FACTOR_AT_KEY not in phone.session
    options = phone.post(reverse("accounts:passkey_add_options"))
    assert options.status_code == 403 and "challenge" not in options.content.decode()
    removed = phone.post(reverse("accounts:passkey_remove", args=[hers.public_id]))
    assert removed.status_code == 302 and "with=factor" in removed["Location"]
    assert Passkey.objects.filter(pk=hers.pk).exists()


# --- the minutes after she signed in --------------------------------------------------------


def test_sharing_her_journal_just_after_sign_in_asks_for_her_password_each_time(
    personas: Personas,
) -> None:
    """The phone audit shared every entry of hers with himself in the minutes after she signed
    in, one press each. The press is now answered, in place, by a form that asks for her
    password and carries the press; with it the entry is shared, and the next press asks
    again. Wrong passwords are counted, and too many sign her out."""
    import time

    from tests.journal_fixtures import entry_id

    marker = personas.markers["alice.journal"]
    url = reverse("journal:share", args=[entry_id("alice-private")])
    press = {"with": "partner", "share": "on"}
    phone = password_confirmed(as_user(personas.alice), seconds_ago=0)
    session = phone.session
    session[JOURNAL_SEEN_KEY] = time.time()
    session.save()
    asked = phone.post(url, press, HTTP_HX_REQUEST="true")
    body = asked.content.decode()
    assert asked.status_code == 200 and asked["HX-Retarget"] == "#main"
    assert '<input type="hidden" name="with" value="partner">' in body
    assert '<input type="hidden" name="share" value="on">' in body
    # Which entry, and with whom: she never types her password for a share set up by another.
    assert "You are about to share your journal entry of " in body and " with Bob." in body
    assert 'name="password"' in body and "hx-" not in body.split("<form", 1)[1]
    shared_page = reverse("journal:shared")
    assert marker not in as_user(personas.bob).get(shared_page).content.decode()

    done = phone.post(url, press | {"password": PASSWORD})
    assert done.status_code == 302
    assert marker in as_user(personas.bob).get(shared_page).content.decode()
    stop = phone.post(url, {"with": "partner", "share": "off"})  # stopping never asks
    assert stop.status_code == 302
    assert marker not in as_user(personas.bob).get(shared_page).content.decode()
    again = phone.post(url, press)  # the proof a moment ago does not count for the next one
    assert again.status_code == 200 and 'name="password"' in again.content.decode()

    for _ in range(settings.REAUTH_MAX_FAILURES - 1):
        wrong = phone.post(url, press | {"password": "a guess"})
        assert wrong.status_code == 400 and "not right" in wrong.content.decode()
    ended = phone.post(url, press | {"password": "a guess"}, HTTP_HX_REQUEST="true")
    assert ended.status_code == 204 and ended["HX-Redirect"] == reverse("accounts:login")
    assert marker not in as_user(personas.bob).get(shared_page).content.decode()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("accounts:password_change", {"new_password": "a quite different passphrase"}),
        ("partners:leave", {}),
        ("datarights:delete", {"confirm": "on"}),
    ],
)
def test_guessing_her_password_on_a_form_that_asks_for_it_signs_her_out(
    personas: Personas, name: str, data: dict[str, str]
) -> None:
    """The phone audit made 36 guesses at 8 a second on the new-password, leave and delete
    forms with the session alive (the confirm page stopped at five). A wrong password there is
    counted with the confirm page's; a right one with a new password too short is not."""
    phone = password_confirmed(as_user(personas.alice), seconds_ago=0)
    url = reverse(name)
    if name == "accounts:password_change":
        short = phone.post(url, {"password": PASSWORD, "new_password": "short"})
        assert short.status_code == 200 and "_auth_user_id" in phone.session
    for _ in range(settings.REAUTH_MAX_FAILURES - 1):
        answer = phone.post(url, data | {"password": "a guess"})
        assert answer.status_code == 200 and "not right" in answer.content.decode()
    ended = phone.post(url, data | {"password": "a guess"})
    assert ended.status_code == 302 and ended["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in phone.session
    assert User.objects.filter(pk=personas.alice.pk).exists()


def test_a_week_shared_before_a_leave_asks_again_before_a_new_partner_sees_it(
    personas: Personas,
) -> None:
    """The phone re-audit: a week shared with him stayed "shared" after she left; after a new
    link in the same week its box came up ticked and Save moved it to the new partnership with
    no password. Shared already counts only with the partner of now; an empty box is asked
    again, not counted as a wrong password."""
    from interdepend.web.partners import services as partners
    from interdepend.web.partners.access import access_active_partnership
    from interdepend.web.partners.models import Invitation
    from interdepend.web.together import selectors
    from interdepend.web.together.models import CheckIn

    alice = personas.alice
    phone = password_confirmed(as_user(alice), seconds_ago=0)
    session = phone.session
    session[JOURNAL_SEEN_KEY] = __import__("time").time()
    session.save()
    week = {"own_time": "4", "supported": "5", "voice": "4", "heard": "5", "word_kept": "5"}
    week |= {"close": "4", "need": "", "shared": "on", "week": selectors.this_week().isoformat()}
    saved = phone.post(reverse("together:checkin"), week | {"password": PASSWORD})
    assert saved.status_code == 302
    first = CheckIn.objects.get(owner=alice)
    assert first.shared and first.partnership_id is not None
    partners.partnership_leave(user=alice)
    invitation = Invitation.objects.get(inviter=personas.carol)
    partners.invitation_accept(invitation=invitation, user=alice)
    now = access_active_partnership(alice)
    assert now is not None and now.partner == personas.carol
    for _ in range(settings.REAUTH_MAX_FAILURES + 1):  # an empty box: asked, never counted
        asked = phone.post(reverse("together:checkin"), week | {"password": ""})
        assert (
            asked.status_code == 400 and "Nothing is saved until you do" in asked.content.decode()
        )
    assert "_auth_user_id" in phone.session
    assert CheckIn.objects.get(owner=alice).partnership_id == first.partnership_id
    page = phone.get(reverse("together:checkin")).content.decode()
    assert 'name="password"' in page  # the box is there before the press


# --- the carry audit (2026-12-02, second) -----------------------------------------------------


def test_a_button_without_a_password_box_is_asked_without_a_mistake_shown(
    personas: Personas,
) -> None:
    """Showing a result is a button alone: pressed, its password page opened with "Please fill
    this in." and a 400 before anything was typed (the new-couple walk). It opens clean."""
    from interdepend.web.couple.models import Reveal

    Reveal.objects.filter(user=personas.alice).delete()
    phone = password_confirmed(as_user(personas.alice), seconds_ago=0)
    asked = phone.post(reverse("couple:reveal"))
    body = asked.content.decode()
    assert asked.status_code == 200
    assert 'name="password"' in body
    assert "Please fill this in" not in body and 'aria-invalid="true"' not in body
    assert not Reveal.objects.filter(user=personas.alice).exists()


def test_empty_presses_on_the_password_page_are_not_counted(personas: Personas) -> None:
    """Five empty presses on the confirm page signed her out (the carry audit); an empty box
    is asked again everywhere else, and now here too."""
    phone = password_confirmed(as_user(personas.alice), seconds_ago=100_000)
    url = reverse("accounts:confirm") + "?next=/"
    for _ in range(settings.REAUTH_MAX_FAILURES + 2):
        assert phone.post(url, {"password": ""}).status_code == 200
        assert phone.post(url, {}).status_code == 200
    assert "_auth_user_id" in phone.session
    for _ in range(settings.REAUTH_MAX_FAILURES):
        answer = phone.post(url, {"password": "a guess"})
    assert answer.status_code == 302 and answer["Location"] == reverse("accounts:login")


def test_a_form_carried_through_the_password_waits_on_a_page_of_its_own(
    personas: Personas,
) -> None:
    """The confirm page answered her password with the carried form itself: Back then Reload
    sent the password again, proving her anew to whoever held the phone (the carry audit).
    The password now leads to a page of its own, which a reload shows again and which, after
    a while away, asks for the password first."""
    import html
    import re
    import time

    from interdepend.web.accounts import idle, reauth

    phone = as_user(personas.alice)
    session = phone.session
    session[reauth.REAUTH_AT_KEY] = session[idle.PRIVATE_SEEN_KEY] = time.time() - 3600
    session.save()
    write = reverse("journal:write")
    stopped = phone.post(write, {"body": "Late words, kept for her"})
    hidden = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', stopped.text)
    form = {n: html.unescape(v) for n, v in hidden} | {"password": PASSWORD}
    proved = phone.post(reauth.confirm_url(write), form)
    assert proved.status_code == 302 and proved["Location"] == reverse("accounts:carry_on")
    for _ in range(2):  # a reload shows it again; nothing is saved before her own press
        page = phone.get(proved["Location"])
        assert page.status_code == 200 and "Late words, kept for her" in page.content.decode()
    session = phone.session
    session[reauth.REAUTH_AT_KEY] = session[idle.PRIVATE_SEEN_KEY] = time.time() - 3600
    session.save()
    later = phone.get(reverse("accounts:carry_on"))
    assert later.status_code == 302 and later["Location"].startswith(reverse("accounts:confirm"))
    fresh = as_user(personas.alice)  # another session holds nothing of it
    password_confirmed(fresh, seconds_ago=0)
    nothing = fresh.get(reverse("accounts:carry_on"), follow=True)
    assert "Late words" not in nothing.content.decode()
    assert "Nothing is waiting to be sent" in nothing.content.decode()


def test_a_form_sent_as_its_page_locks_itself_is_never_carried_out(personas: Personas) -> None:
    """Another tab kept the session fresh, so the half-typed goal a locking page sent was saved
    and shown to him (the carry audit). The page's own send is marked: it meets the password
    page, which carries the words, and nothing is saved; a form not carried is not sent."""
    import time

    from interdepend.web.accounts import idle, kept
    from interdepend.web.together.models import Bid, Goal

    phone = password_confirmed(as_user(personas.alice), seconds_ago=0)
    session = phone.session
    session[idle.PRIVATE_SEEN_KEY] = time.time()
    session.save()
    goals = Goal.objects.count()
    half = {"title": "Half typed, never pressed", "together": "on", kept.LOCKED_FIELD: "1"}
    stopped = phone.post(reverse("together:goals"), half)
    body = stopped.content.decode()
    assert stopped.status_code == 200 and 'name="password"' in body
    assert 'name="kept"' in body and kept.LOCKED_FIELD not in body
    assert Goal.objects.count() == goals
    bids = Bid.objects.count()
    sent = phone.post(reverse("together:bids"), {"text": "Half a bid", kept.LOCKED_FIELD: "1"})
    assert sent.status_code == 302 and sent["Location"].startswith(reverse("accounts:confirm"))
    assert Bid.objects.count() == bids
    told = phone.get(sent["Location"]).content.decode()
    assert "locked itself before what you typed on it was sent" in told
    # Pressed by her, the same form is saved as ever.
    assert phone.post(reverse("together:goals"), {"title": "Pressed"}).status_code == 302
    assert Goal.objects.count() == goals + 1


def _carried_to_its_page(phone: Client, words: str) -> str:
    """A journal entry sent after a while away, the password typed: the page it waits on."""
    import html
    import re
    import time

    from interdepend.web.accounts import idle, reauth

    session = phone.session
    session[reauth.REAUTH_AT_KEY] = session[idle.PRIVATE_SEEN_KEY] = time.time() - 3600
    session.save()
    write = reverse("journal:write")
    stopped = phone.post(write, {"body": words})
    hidden = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', stopped.text)
    form = {n: html.unescape(v) for n, v in hidden} | {"password": PASSWORD}
    proved = phone.post(reauth.confirm_url(write), form)
    assert proved["Location"] == reverse("accounts:carry_on")
    return phone.get(proved["Location"]).content.decode()


def test_carried_words_left_or_saved_stop_waiting_on_their_page(personas: Personas) -> None:
    """The re-audit pressed "Leave it unsaved", then opened the page again from the phone's
    history: her words were there to read and to save. Leaving them (a POST now) or saving them
    takes them away, and they wait at most ten minutes."""
    import html
    import re
    import time

    from interdepend.web.accounts import kept
    from interdepend.web.journal.models import Entry

    carry_on = reverse("accounts:carry_on")
    phone = as_user(personas.alice)
    assert "Words she decided against" in _carried_to_its_page(phone, "Words she decided against")
    left = phone.post(carry_on)
    assert left.status_code == 302
    assert "Words she decided against" not in phone.get(carry_on, follow=True).content.decode()

    page = _carried_to_its_page(phone, "Words she kept")
    form = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page))
    assert form[kept.CARRIED_FIELD] == "1"
    entries = Entry.objects.filter(owner=personas.alice).count()
    saved = phone.post(reverse("journal:write"), {k: html.unescape(v) for k, v in form.items()})
    assert saved.status_code == 302
    assert Entry.objects.filter(owner=personas.alice).count() == entries + 1
    assert "Words she kept" not in phone.get(carry_on, follow=True).content.decode()

    _carried_to_its_page(phone, "Words from long ago")
    session = phone.session
    session[kept.CARRY_ON][1] = time.time() - kept.CARRY_ON_SECONDS - 1
    session.save()
    assert "Words from long ago" not in phone.get(carry_on, follow=True).content.decode()
