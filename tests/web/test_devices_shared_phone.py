"""T12, T29: one browser, several accounts; and a new password set from somewhere else.

The phone audit of 2026-12-04: her device cookie held one nonce for one account, and every
sign-in replaced it. Her partner signed in to his own account on her phone once, and then her
phone was neither trusted for her account (six wrong passwords from his own phone paused her
there, M1) nor plain when signed out (its sign-in page read "Interdepend" again). A password
reset done anywhere did the same to the look (L2). Now a browser holds a nonce for each account
that signed in on it, its signed-out pages are plain when any of them chose so, and a browser
whose trust ended keeps the look it had; she is told of a new password only after signing in.
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse

from interdepend.web.accounts.models import HomeScreenLook, TrustedDevice, User
from interdepend.web.accounts.services import user_create
from tests.conftest import PASSWORD, Personas
from tests.helpers import as_user

pytestmark = pytest.mark.django_db

HOME = "10.20.30.40"  # the shared home connection
LIMIT = 3
NEW_PASSWORD = "a brand new long passphrase"
TOLD = b"Your password was changed since you last signed in here"
TITLE = re.compile(r"<title>(.*?)</title>", re.S)


def login(client: Client, email: str, password: str = PASSWORD) -> int:
    response = client.post(
        reverse("accounts:login"), {"username": email, "password": password}, REMOTE_ADDR=HOME
    )
    return response.status_code


def signed_in_then_out(client: Client, email: str) -> None:
    assert login(client, email) == 302
    client.post(reverse("accounts:logout"))


def login_title(client: Client) -> str:
    found = TITLE.search(client.get(reverse("accounts:login")).content.decode())
    assert found is not None
    return found.group(1)


def pause_from_his_phone(email: str) -> None:
    his = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT + 2):
        login(his, email, "a guess at her password")
    assert login(Client(), email) == 429, "a browser without her cookie is paused"


def plain(user: User) -> None:
    user.home_screen_look = HomeScreenLook.NEUTRAL
    user.save(update_fields=["home_screen_look"])


def reset_elsewhere(user: User, new_password: str = NEW_PASSWORD) -> None:
    """A new password from the e-mailed link, set in another browser (in his two minutes with
    her mail app, or by her on her laptop)."""
    other = Client()
    other.post(reverse("accounts:password_reset"), {"email": user.email})
    link = re.search(r"http://\S+", str(mail.outbox[-1].body))
    assert link is not None
    form = other.get(link.group(0), follow=True)
    done = other.post(
        form.redirect_chain[-1][0], {"new_password1": new_password, "new_password2": new_password}
    )
    assert done.status_code == 302


def vouching(user: User) -> int:
    return TrustedDevice.objects.filter(user=user, kept_look="").count()


@override_settings(AXES_FAILURE_LIMIT=LIMIT)
def test_his_sign_in_on_her_phone_leaves_it_trusted_for_her(personas: Personas) -> None:
    her, him = personas.alice.email, personas.bob.email
    phone = Client()
    signed_in_then_out(phone, her)
    signed_in_then_out(phone, him)  # he logs her out, signs in to his own account, logs out
    pause_from_his_phone(her)
    assert login(phone, her) == 302, "her phone still gets past the pause he set"


def test_her_phone_stays_plain_whoever_signs_in_on_it_in_any_order(personas: Personas) -> None:
    plain(personas.alice)
    for order in ((personas.alice, personas.bob), (personas.bob, personas.alice)):
        phone = Client()
        for person in order:
            signed_in_then_out(phone, person.email)
        assert login_title(phone) == "Notes", [p.display_name for p in order]
    his_own = Client()
    signed_in_then_out(his_own, personas.bob.email)
    assert login_title(his_own).endswith("· Interdepend"), "his own phone is as it was"


@override_settings(AXES_FAILURE_LIMIT=LIMIT, DEVICE_FAILURE_LIMIT=LIMIT)
def test_his_wrong_passwords_for_his_own_account_on_her_phone_leave_her_trust(
    personas: Personas,
) -> None:
    plain(personas.alice)
    her, him = personas.alice.email, personas.bob.email
    phone = Client()
    signed_in_then_out(phone, her)
    signed_in_then_out(phone, him)
    for _ in range(LIMIT):
        assert login(phone, him, "not his either") == 200
    assert vouching(personas.bob) == 0, "his own account's trust there ended"
    assert login_title(phone) == "Notes"
    pause_from_his_phone(her)
    assert login(phone, her) == 302


@override_settings(AXES_FAILURE_LIMIT=LIMIT)
def test_a_browser_keeps_the_accounts_that_signed_in_first(personas: Personas) -> None:
    """Past the bound, a new account takes the latest newcomer's place: however many accounts
    of his own he signs in to on her phone, hers stays, and the cookie stays small."""
    from interdepend.web.accounts.devices import ACCOUNTS_PER_BROWSER

    plain(personas.alice)
    her = personas.alice.email
    phone = Client()
    signed_in_then_out(phone, her)
    his = [
        user_create(email=f"his{n}@example.test", password=PASSWORD, display_name="J")
        for n in range(ACCOUNTS_PER_BROWSER + 2)
    ]
    for account in his:
        signed_in_then_out(phone, account.email)
    cookie = phone.cookies[settings.DEVICE_COOKIE_NAME].value
    assert len(cookie.split(":")[0].split(".")) == ACCOUNTS_PER_BROWSER
    assert TrustedDevice.objects.filter(user__in=his).count() == ACCOUNTS_PER_BROWSER - 1
    assert login_title(phone) == "Notes"
    pause_from_his_phone(her)
    assert login(phone, her) == 302


def test_a_cookie_tells_one_account_nothing_of_another(personas: Personas) -> None:
    """A new password of hers is told to her after her next sign-in there, never to him on the
    same browser, and his pages there hold nothing of hers."""
    her, him = personas.alice, personas.bob
    phone = Client()
    signed_in_then_out(phone, her.email)
    reset_elsewhere(her)
    assert login(phone, him.email) == 302
    for url in ("/", reverse("accounts:settings"), reverse("accounts:sessions")):
        body = phone.get(url).content
        assert TOLD not in body and personas.markers["alice.email"].encode() not in body
    assert TrustedDevice.objects.filter(user=him).count() == 1
    phone.post(reverse("accounts:logout"))
    answer = phone.post(
        reverse("accounts:login"), {"username": her.email, "password": NEW_PASSWORD}, follow=True
    )
    assert TOLD in answer.content


def test_a_reset_from_elsewhere_keeps_her_phone_plain_and_tells_her_once_signed_in(
    personas: Personas,
) -> None:
    her = personas.alice
    plain(her)
    phone = Client()
    assert login(phone, her.email) == 302
    reset_elsewhere(her)
    gone = phone.get(reverse("accounts:settings"), follow=True)
    assert gone.redirect_chain[-1][0].startswith(reverse("accounts:login"))
    found = TITLE.search(gone.content.decode())
    assert found is not None and found.group(1) == "Notes", "the sign-in page stays plain"
    assert TOLD not in gone.content, "whoever holds the phone is not told she changed it"
    kept = TrustedDevice.objects.filter(user=her, kept_look=HomeScreenLook.NEUTRAL)
    assert kept.count() == 1, "the old password's browser is trusted no more"
    assert vouching(her) == 1, "only the browser the new password was set in"
    answer = phone.post(
        reverse("accounts:login"), {"username": her.email, "password": NEW_PASSWORD}, follow=True
    )
    assert TOLD in answer.content, "once signed in, she is told why she was signed out"
    assert vouching(her) == 2
    phone.post(reverse("accounts:logout"))
    again = phone.post(
        reverse("accounts:login"), {"username": her.email, "password": NEW_PASSWORD}, follow=True
    )
    assert TOLD not in again.content, "only once"


def test_a_browser_whose_trust_ended_keeps_the_look_it_had_then(personas: Personas) -> None:
    """His phone, trusted for her account while he knew her password, must not learn that she
    chose the plain look after setting a new one."""
    her = personas.alice
    his_phone = Client()
    signed_in_then_out(his_phone, her.email)
    reset_elsewhere(her)
    her.refresh_from_db()
    choose = as_user(her).post(reverse("accounts:home_screen"), {"home_screen_look": "neutral"})
    assert choose.status_code == 302
    her.refresh_from_db()
    assert her.home_screen_look == HomeScreenLook.NEUTRAL
    assert login_title(his_phone).endswith("· Interdepend")


@override_settings(AXES_FAILURE_LIMIT=LIMIT, DEVICE_FAILURE_LIMIT=LIMIT)
def test_too_many_wrong_passwords_end_her_phones_trust_but_not_its_look(
    personas: Personas,
) -> None:
    plain(personas.alice)
    her = personas.alice.email
    phone = Client()
    signed_in_then_out(phone, her)
    for _ in range(LIMIT):
        assert login(phone, her, "not it") == 200
    assert vouching(personas.alice) == 0
    assert login_title(phone) == "Notes"
    statuses = [login(phone, her, "still not it") for _ in range(LIMIT)]
    assert statuses[-1] == 429, "once untrusted, the phone is paused like any other browser"


def test_a_browser_she_once_signed_in_on_never_follows_her_later_choice(
    personas: Personas,
) -> None:
    """The security audit of 2026-12-04, M2: his browser, where she once signed in (while he
    knew her password, or on his laptop), read her look of the moment on its signed-out pages,
    live, for months: after her safety reset and "sign out everywhere" too. It keeps the look
    her pages had there."""
    her, him = personas.alice, personas.bob
    his_browser = Client()
    signed_in_then_out(his_browser, him.email)
    signed_in_then_out(his_browser, her.email)
    assert login_title(his_browser).endswith("· Interdepend")
    hers = as_user(her)
    hers.post(reverse("datarights:reset"), {"confirm": "yes"})
    hers.post(reverse("accounts:sessions_end_others"))
    assert (
        hers.post(reverse("accounts:home_screen"), {"home_screen_look": "neutral"}).status_code
        == 302
    )
    her.refresh_from_db()
    assert her.home_screen_look == HomeScreenLook.NEUTRAL
    assert login_title(his_browser).endswith("· Interdepend"), "her choice elsewhere is not told"
    assert b"<title>Notes</title>" not in his_browser.get("/", follow=True).content


def test_her_own_browser_takes_the_look_she_chooses_there(personas: Personas) -> None:
    her = personas.alice
    phone = Client()
    assert login(phone, her.email) == 302
    assert (
        phone.post(reverse("accounts:home_screen"), {"home_screen_look": "neutral"}).status_code
        == 302
    )
    phone.post(reverse("accounts:logout"))
    assert login_title(phone) == "Notes", "chosen here: her phone's sign-in page is plain at once"


def test_signing_out_leaves_the_look_her_pages_had_there(personas: Personas) -> None:
    """Chosen on her laptop, seen on her phone while signed in there: signing out of the phone
    leaves its sign-in page as her pages there had it."""
    her = personas.alice
    phone = Client()
    assert login(phone, her.email) == 302
    plain(her)  # chosen on her laptop
    assert b"<title>Notes</title>" in phone.get(reverse("accounts:settings")).content
    phone.post(reverse("accounts:logout"))
    assert login_title(phone) == "Notes"
