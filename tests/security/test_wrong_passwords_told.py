"""Wrong passwords typed while she was signed in are told to her, and to nobody else.

The two-minute phone audit of 2026-12-05: holding her phone after its quick exit, he typed four
guesses on the lock page and put it down; she typed hers and carried on, and nothing ever said
that someone had tried. Five guesses signed her out, and the only words about it were on the
sign-in page he was looking at. Now each wrong password typed in a signed-in session of hers is
counted on her account, and so is each one typed for her account on the sign-in page of a
browser trusted for it (her phone, signed out); they are said once when she next proves it is
her (her password, a passkey or a code, on any device), and the moment of the last is on her
sessions page.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from interdepend.web.accounts.models import User
from tests.conftest import PASSWORD, Personas
from tests.helpers import as_user, password_confirmed, signed_in_by_form

pytestmark = pytest.mark.django_db

TOLD = "wrong password was typed"
TOLD_MANY = "A wrong password was typed {n} times for your account"


def _locked_phone(user: User) -> Client:
    """Her phone, signed in, just after its quick exit (the session is locked)."""
    phone = as_user(user)
    assert phone.post(reverse("frame:quick_exit")).status_code in {200, 204, 302}
    assert "Confirm it is you" in phone.get(reverse("home:home")).content.decode()
    return phone


def _guess(phone: Client, times: int) -> None:
    for _ in range(times):
        answer = phone.post(reverse("frame:unlock"), {"password": "his guess"})
        assert answer.status_code == 200 and "not right" in answer.content.decode()


def test_guesses_on_her_lock_page_are_told_when_she_unlocks(personas: Personas) -> None:
    phone = _locked_phone(personas.alice)
    _guess(phone, 4)
    back = phone.post(reverse("frame:unlock"), {"password": PASSWORD}, follow=True)
    page = back.content.decode()
    print(f"\nguesses typed: 4; told on unlocking: {TOLD in page}")
    assert TOLD_MANY.format(n=4) in page
    # Said once: the next page and the next proof say nothing more.
    assert TOLD not in phone.get(reverse("home:home")).content.decode()
    assert phone.post(reverse("frame:quick_exit")).status_code in {200, 204, 302}
    unlocked = phone.post(reverse("frame:unlock"), {"password": PASSWORD}, follow=True)
    assert TOLD not in unlocked.content.decode()


def test_guesses_that_signed_her_out_are_told_at_her_next_sign_in(personas: Personas) -> None:
    phone = password_confirmed(as_user(personas.alice), seconds_ago=10 * 60 * 60)
    confirm = reverse("accounts:confirm")
    for _ in range(settings.REAUTH_MAX_FAILURES):
        phone.post(confirm, {"password": "his guess", "next": "/"})
    assert "_auth_user_id" not in phone.session
    # What he reads on the sign-in page after the fifth says nothing of a count or a moment.
    seen = phone.get(reverse("accounts:login")).content.decode()
    assert TOLD not in seen
    # Later she signs in, on this phone or any other.
    laptop = Client()
    signed_in_by_form(laptop, personas.alice.email, PASSWORD)
    page = laptop.get(reverse("home:home")).content.decode()
    assert TOLD_MANY.format(n=settings.REAUTH_MAX_FAILURES) in page


def test_it_is_never_said_on_his_own_account(personas: Personas) -> None:
    _guess(_locked_phone(personas.alice), 3)
    # He signs in as himself, on her phone or his own: nothing of her guesses is his to read.
    his = Client()
    signed_in_by_form(his, personas.bob.email, PASSWORD)
    for name in ("home:home", "accounts:sessions", "accounts:settings"):
        assert TOLD not in his.get(reverse(name)).content.decode()
    assert (
        "wrong password was last typed"
        not in his.get(reverse("accounts:sessions")).content.decode()
    )
    fresh = User.objects.get(pk=personas.alice.pk)
    assert fresh.wrong_passwords == 3 and fresh.wrong_password_at is not None
    assert User.objects.get(pk=personas.bob.pk).wrong_passwords == 0


def test_her_sessions_page_keeps_the_moment_of_the_last(personas: Personas) -> None:
    phone = _locked_phone(personas.alice)
    _guess(phone, 1)
    told = phone.post(reverse("frame:unlock"), {"password": PASSWORD}, follow=True)
    assert "a wrong password was typed for your account on a device" in told.content.decode()
    page = phone.get(reverse("accounts:sessions")).content.decode()
    assert "A wrong password was last typed for your account, on a device you have used" in page


def test_a_right_password_with_no_guesses_before_it_says_nothing(personas: Personas) -> None:
    phone = _locked_phone(personas.alice)
    back = phone.post(reverse("frame:unlock"), {"password": PASSWORD}, follow=True)
    assert TOLD not in back.content.decode()
    assert (
        "wrong password was last typed"
        not in phone.get(reverse("accounts:sessions")).content.decode()
    )


def _her_trusted_phone(user: User) -> Client:
    """Her phone after she signed in there once (it holds her device cookie) and out again."""
    phone = Client()
    signed_in_by_form(phone, user.email, PASSWORD)
    phone.post(reverse("accounts:logout"))
    return phone


def test_guesses_on_her_phone_s_sign_in_page_are_told_at_her_next_sign_in(
    personas: Personas,
) -> None:
    phone = _her_trusted_phone(personas.alice)
    login = reverse("accounts:login")
    for guess in ("her birthday", "our street"):
        refused = phone.post(login, {"username": personas.alice.email, "password": guess})
        assert refused.status_code == 200 and TOLD not in refused.content.decode()
    # An empty box is no password typed; his own account's wrong password is his.
    phone.post(login, {"username": personas.alice.email, "password": ""})
    phone.post(login, {"username": personas.bob.email, "password": "not his"})
    assert User.objects.get(pk=personas.bob.pk).wrong_passwords == 0
    signed_in_by_form(phone, personas.alice.email, PASSWORD)
    page = phone.get(reverse("home:home")).content.decode()
    print(f"\nguesses on her phone's sign-in page: 2; told at her sign-in: {TOLD in page}")
    assert TOLD_MANY.format(n=2) in page


def test_guesses_for_her_account_from_a_browser_she_never_used_are_not_counted(
    personas: Personas,
) -> None:
    """Only a browser trusted for her account counts: anyone can type her address anywhere,
    and a count that moved with it would be a way to make her worry at will."""
    elsewhere = Client()
    for _ in range(2):
        elsewhere.post(
            reverse("accounts:login"), {"username": personas.alice.email, "password": "a guess"}
        )
    assert User.objects.get(pk=personas.alice.pk).wrong_passwords == 0


def test_the_safety_page_says_she_will_be_told(client: Client) -> None:
    page = client.get(reverse("frame:safety")).content.decode()
    assert "the next time you type yours you see how many were typed and when" in page
    spanish = client.get(reverse("frame:safety"), headers={"Accept-Language": "es"})
    assert "verás cuántas se escribieron y cuándo" in spanish.content.decode()
