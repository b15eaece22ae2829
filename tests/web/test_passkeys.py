"""Passkeys as a second step: real WebAuthn answers from a software authenticator
(tests/soft_passkey.py), checked by the server with py_webauthn."""

from __future__ import annotations

import json
import re
from typing import Any

import pyotp
import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from pytest_django import Settings
from webauthn.helpers import base64url_to_bytes

from interdepend.web.accounts import twostep
from interdepend.web.accounts.models import AuthenticatorApp, Passkey, TrustedDevice, User
from interdepend.web.accounts.reauth import REAUTH_FACTOR_AT_KEY
from tests.conftest import PASSWORD
from tests.helpers import Response, as_user, password_confirmed
from tests.soft_passkey import SoftPasskey

pytestmark = pytest.mark.django_db

EMAIL = "ines@example.test"
OTHER = "tomas@example.test"
NAME_MARKER = "Phone-name-marker-4471"


@pytest.fixture
def person(db: None) -> User:
    from interdepend.web.accounts.services import user_create

    cache.clear()
    return user_create(email=EMAIL, password=PASSWORD, display_name="Ines")


@pytest.fixture
def other(db: None) -> User:
    from interdepend.web.accounts.services import user_create

    return user_create(email=OTHER, password=PASSWORD, display_name="Tomas")


def options(client: Client, name: str, **data: str) -> dict[str, Any]:
    if name == "accounts:passkey_add_options":
        data.setdefault("password", PASSWORD)  # asked for the first second step
    response = client.post(reverse(name), data)
    assert response.status_code == 200, response.content
    found: dict[str, Any] = json.loads(response.content)
    return found


def add(client: Client, key: SoftPasskey, name: str = "My phone") -> Response:
    """Add a passkey through the page's two requests, as the page's script does."""
    answer = key.create(options(client, "accounts:passkey_add_options"))
    form = {"name": name, "answer": answer, "password": PASSWORD}
    return client.post(reverse("accounts:passkey_add"), form)


def codes_in(response: Response) -> list[str]:
    return re.findall(r"<code>([0-9A-Z]{5}-[0-9A-Z]{5})</code>", response.content.decode())


def once_from(client: Client) -> dict[str, str]:
    """The one-press key the two-step page gives its button for new codes (passkeys only)."""
    page = client.get(reverse("accounts:two_step")).content.decode()
    found = re.search(r'name="once" value="([^"]+)"', page)
    assert found is not None
    return {"once": found.group(1)}


def turn_on(person: User) -> tuple[Client, SoftPasskey, list[str]]:
    client = password_confirmed(as_user(person))
    key = SoftPasskey()
    response = add(client, key, NAME_MARKER)
    assert response.status_code == 200 and "Two-step sign-in is on" in response.content.decode()
    codes = codes_in(response)
    assert len(codes) == 10
    return client, key, codes


def password_step(client: Client, email: str = EMAIL) -> None:
    response = client.post(reverse("accounts:login"), {"username": email, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:second_step")


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def sign_in_answer(client: Client, key: SoftPasskey, **spoil: Any) -> Response:
    answer = key.get(options(client, "accounts:second_step_options"), **spoil)
    return client.post(reverse("accounts:second_step"), {"answer": answer})


def test_adding_a_passkey_gives_a_random_handle_and_the_recovery_codes_once(person: User) -> None:
    client = password_confirmed(as_user(person))
    page = client.get(reverse("accounts:two_step")).content.decode()
    assert "Add a passkey" in page and "js/passkey.js" in page
    made = options(client, "accounts:passkey_add_options")
    handle = base64url_to_bytes(made["user"]["id"])
    assert len(handle) == 32
    assert handle != str(person.pk).encode() and EMAIL.encode() not in handle
    assert handle != base64url_to_bytes(
        options(client, "accounts:passkey_add_options")["user"]["id"]
    )
    assert EMAIL not in json.dumps(made) and "Ines" not in json.dumps(made)
    assert made["rp"]["id"] == "testserver" and len(base64url_to_bytes(made["challenge"])) == 32
    client, key, _codes = turn_on(person)
    stored = Passkey.objects.get(user=person)
    assert stored.name == NAME_MARKER and stored.user_handle == key.user_handle
    assert twostep.has_factor(person) and twostep.recovery_left(person) == 10


def test_with_a_passkey_the_password_alone_does_not_sign_in(person: User) -> None:
    _, key, _ = turn_on(person)
    partner = Client()
    password_step(partner)
    page = partner.get(reverse("accounts:second_step")).content.decode()
    assert "Sign in with a passkey" in page and NAME_MARKER not in page
    response = partner.post(reverse("accounts:second_step"), {"answer": ""})
    assert response.status_code == 400 and not signed_in(partner)
    assert partner.get(reverse("accounts:settings")).status_code == 302
    owner = Client()
    password_step(owner)
    response = sign_in_answer(owner, key)
    assert response.status_code == 302 and signed_in(owner)
    # Signing in is not a second step proved for managing them later: the confirm page is.
    assert REAUTH_FACTOR_AT_KEY not in owner.session
    stored = Passkey.objects.get(user=person)
    assert stored.sign_count == key.sign_count == 1 and stored.last_used_at is not None


def test_a_challenge_serves_once(person: User) -> None:
    confirming, key, _ = turn_on(person)
    # A synced passkey keeps its counter at 0, so only the challenge stops a replay there.
    confirming = password_confirmed(confirming, seconds_ago=10_000)
    answer = key.get(options(confirming, "accounts:confirm_options"), count_step=0)
    sent = {"answer": answer, "next": "/account/"}
    assert confirming.post(reverse("accounts:confirm"), sent).status_code == 302
    again = confirming.post(reverse("accounts:confirm"), sent)
    assert again.status_code == 200 and "took a little too long" in again.content.decode()
    client = Client()
    password_step(client)
    answer = key.get(options(client, "accounts:second_step_options"))
    assert client.post(reverse("accounts:second_step"), {"answer": answer}).status_code == 302
    replay = Client()
    password_step(replay)
    refused = replay.post(reverse("accounts:second_step"), {"answer": answer})  # no challenge
    assert refused.status_code == 400 and "took a little too long" in refused.content.decode()
    options(replay, "accounts:second_step_options")  # a new challenge: the old answer misses it
    refused = replay.post(reverse("accounts:second_step"), {"answer": answer})
    assert refused.status_code == 400 and not signed_in(replay)
    assert "could not check the answer" in refused.content.decode()


def test_someone_elses_passkey_is_refused(person: User, other: User) -> None:
    _, mine, _ = turn_on(person)
    theirs = SoftPasskey()
    assert add(password_confirmed(as_user(other)), theirs).status_code == 200
    client = Client()
    password_step(client)
    response = sign_in_answer(client, theirs)  # his passkey answering her sign-in
    assert response.status_code == 400 and not signed_in(client)
    assert "not one saved for this account" in response.content.decode()
    # Her passkey's id with his key's signature does not pass either.
    forged = SoftPasskey(key=theirs.key, credential_id=mine.credential_id)
    forged.user_handle = mine.user_handle
    response = sign_in_answer(client, forged)
    assert response.status_code == 400 and not signed_in(client)


def test_an_answer_from_another_site_is_refused(person: User) -> None:
    _, key, _ = turn_on(person)
    client = Client()
    password_step(client)
    response = sign_in_answer(client, key, origin="https://interdepend.example.evil")
    assert response.status_code == 400 and not signed_in(client)


def test_a_counter_that_goes_back_is_refused(person: User) -> None:
    _, key, _ = turn_on(person)
    first = Client()
    password_step(first)
    assert sign_in_answer(first, key, count_step=5).status_code == 302
    assert Passkey.objects.get(user=person).sign_count == 5
    copy = Client()  # a copied key whose counter lags behind the real one
    password_step(copy)
    response = sign_in_answer(copy, key, count_step=-2)
    assert response.status_code == 400 and not signed_in(copy)
    assert Passkey.objects.get(user=person).sign_count == 5


def test_wrong_passkey_answers_count_like_wrong_codes(person: User) -> None:
    _, key, _ = turn_on(person)
    stranger_key = SoftPasskey()
    guesser = Client()
    password_step(guesser)
    for _ in range(twostep.MAX_WRONG - 1):
        assert sign_in_answer(guesser, stranger_key).status_code == 400
    last = sign_in_answer(guesser, stranger_key)
    assert last.status_code == 403 and "paused for fifteen minutes" in last.content.decode()
    assert twostep.locked(person)
    # The pending sign-in has ended: the password is needed again.
    assert guesser.post(reverse("accounts:second_step_options")).status_code == 400
    # Typed codes wait out the pause; her own passkey (it cannot be guessed) still works.
    owner = Client()
    password_step(owner)
    assert sign_in_answer(owner, key).status_code == 302 and signed_in(owner)
    assert not twostep.locked(person)


def test_a_trusted_browser_pays_for_the_wrong_passkeys_tried_from_it(person: User) -> None:
    _, key, _ = turn_on(person)
    browser = Client()
    password_step(browser)
    assert sign_in_answer(browser, key).status_code == 302  # now it holds her device cookie
    device = TrustedDevice.objects.get(user=person)
    assert device.failures == 0
    browser.post(reverse("accounts:logout"))
    password_step(browser)
    stranger_key = SoftPasskey()
    for _ in range(twostep.MAX_WRONG):
        last = sign_in_answer(browser, stranger_key)
    assert last.status_code == 403
    assert TrustedDevice.objects.get(pk=device.pk).failures == 1


def test_new_recovery_codes_with_passkeys_only_need_a_passkey_first(person: User) -> None:
    client, key, old = turn_on(person)
    stale = password_confirmed(as_user(person))
    asked = stale.post(reverse("accounts:two_step_codes"))
    assert asked.status_code == 302 and "with=factor" in asked["Location"]
    assert twostep.verify(person, old[5])  # nothing was replaced
    answer = key.get(options(stale, "accounts:confirm_options"))
    stale.post(reverse("accounts:confirm"), {"answer": answer, "next": "/", "with": "factor"})
    # With her password typed beside the button too (the two-minute audit of 2026-12-05).
    made = stale.post(
        reverse("accounts:two_step_codes"), {"password": PASSWORD, **once_from(stale)}
    )
    assert made.status_code == 200 and len(codes_in(made)) == 10
    assert not twostep.verify(person, old[6])


def test_confirm_it_is_you_takes_a_passkey_that_checks_its_owner(person: User) -> None:
    client, key, _ = turn_on(person)
    stale = password_confirmed(client, seconds_ago=10_000)
    page = stale.get(reverse("accounts:confirm")).content.decode()
    assert "Continue with a passkey" in page
    made = options(stale, "accounts:confirm_options")
    assert made["userVerification"] == "required"
    unverified = key.get(made, verified=False)  # a touch only, no PIN or fingerprint
    response = stale.post(reverse("accounts:confirm"), {"answer": unverified, "next": "/account/"})
    assert response.status_code == 200 and "could not check" in response.content.decode()
    answer = key.get(options(stale, "accounts:confirm_options"))
    response = stale.post(reverse("accounts:confirm"), {"answer": answer, "next": "/account/"})
    assert response.status_code == 302 and response["Location"] == "/account/"


def test_a_second_passkey_needs_one_already_there_not_only_the_password(person: User) -> None:
    client, first, codes = turn_on(person)
    partner = password_confirmed(as_user(person))  # the password, on her unlocked device
    refused = partner.post(reverse("accounts:passkey_add_options"))
    assert refused.status_code == 403 and "with=factor" in json.loads(refused.content)["confirm"]
    page = partner.get(json.loads(refused.content)["confirm"]).content.decode()
    assert 'type="password"' not in page and "Continue with a passkey" in page
    assert partner.post(reverse("accounts:two_step_start")).status_code == 302
    assert not AuthenticatorApp.objects.filter(user=person).exists()
    # She confirms with her passkey, then adds another: the recovery codes stay as they were.
    answer = first.get(options(client, "accounts:confirm_options"))
    client.post(reverse("accounts:confirm"), {"answer": answer, "next": "/", "with": "factor"})
    response = add(client, SoftPasskey(), "Laptop")
    assert response.status_code == 302 and Passkey.objects.filter(user=person).count() == 2
    assert twostep.recovery_left(person) == 10
    assert twostep.verify(person, codes[0])


def test_removing_passkeys_needs_a_second_step_and_the_last_takes_the_codes(
    person: User, other: User
) -> None:
    client, key, codes = turn_on(person)
    theirs = password_confirmed(as_user(other))
    add(theirs, SoftPasskey())
    his = Passkey.objects.get(user=other)
    mine = Passkey.objects.get(user=person)
    gone = client.post(reverse("accounts:passkey_remove", args=[his.public_id]))
    assert gone.status_code == 404 and Passkey.objects.filter(pk=his.pk).exists()
    stale = password_confirmed(as_user(person))  # only the password, just now
    asked = stale.post(reverse("accounts:passkey_remove", args=[mine.public_id]))
    assert asked.status_code == 302 and "with=factor" in asked["Location"]
    assert Passkey.objects.filter(pk=mine.pk).exists()
    response = stale.post(
        reverse("accounts:confirm"), {"code": codes[1], "next": "/", "with": "factor"}
    )
    assert response.status_code == 302
    done = stale.post(
        reverse("accounts:passkey_remove", args=[mine.public_id]), {"password": PASSWORD}
    )
    assert done.status_code == 302 and not twostep.has_factor(person)
    assert twostep.recovery_left(person) == 0
    fresh = Client()
    fresh.post(reverse("accounts:login"), {"username": EMAIL, "password": PASSWORD})
    assert signed_in(fresh)


def test_one_set_of_recovery_codes_for_the_app_and_the_passkeys(person: User) -> None:
    client = password_confirmed(as_user(person))
    client.post(reverse("accounts:two_step_start"))
    secret = AuthenticatorApp.objects.get(user=person).secret
    form = {"code": pyotp.TOTP(secret).now(), "password": PASSWORD}
    made = client.post(reverse("accounts:two_step_confirm"), form)
    codes = codes_in(made)
    assert len(codes) == 10
    # Adding a passkey needs the app's code first (a known password is not enough).
    next_code = pyotp.TOTP(secret).at(int(__import__("time").time()) + 30)
    client.post(reverse("accounts:confirm"), {"code": next_code, "next": "/", "with": "factor"})
    response = add(client, SoftPasskey())
    assert response.status_code == 302 and not codes_in(response)
    assert twostep.recovery_left(person) == 10 and twostep.verify(person, codes[9])


def test_sessions_and_who_can_see_what_show_kinds_and_counts_never_names(person: User) -> None:
    client, _, _ = turn_on(person)
    answer = SoftPasskey()
    mark = password_confirmed(client)
    session = mark.session
    session[REAUTH_FACTOR_AT_KEY] = __import__("time").time()
    session.save()
    assert add(mark, answer, "Second " + NAME_MARKER).status_code == 302
    sessions = client.get(reverse("accounts:sessions")).content.decode()
    picture = password_confirmed(client).get(reverse("safetycheck:index")).content.decode()
    assert "one of your passkeys (2 added)" in sessions and "a recovery code (10 left)" in sessions
    assert "one of your passkeys (2 added)" in picture and "10 recovery codes left" in picture
    stored = Passkey.objects.filter(user=person)
    for page in (sessions, picture):
        assert NAME_MARKER not in page
        assert not any(key.credential_id in page or key.public_id in page for key in stored)


def test_passkeys_are_bound_to_the_configured_site_and_never_to_an_address(
    person: User, settings: Settings
) -> None:
    client = password_confirmed(as_user(person))
    by_address = client.post(reverse("accounts:passkey_add_options"), HTTP_HOST="127.0.0.1")
    assert by_address.status_code == 400
    assert "reached by its name" in json.loads(by_address.content)["message"]
    settings.WEBAUTHN_RP_ID = "interdepend.example"
    settings.WEBAUTHN_ORIGINS = ["https://app.interdepend.example"]
    made = options(client, "accounts:passkey_add_options")
    assert made["rp"]["id"] == "interdepend.example"
    key = SoftPasskey(origin="http://testserver")  # the answer's origin is not the site's
    answer = key.create(made)
    refused = client.post(reverse("accounts:passkey_add"), {"name": "x", "answer": answer})
    assert refused.status_code == 400 and not Passkey.objects.exists()


@pytest.mark.parametrize(
    "odd", ["", "{}", "null", "[1]", '{"id": 5}', "<script>1</script>", "\x00", "x" * 30_000]
)
def test_odd_answers_are_refused_with_words_and_change_nothing(person: User, odd: str) -> None:
    client, _, _ = turn_on(person)
    session = client.session
    session[REAUTH_FACTOR_AT_KEY] = __import__("time").time()  # as after the confirm page
    session.save()
    options(client, "accounts:passkey_add_options")
    response = client.post(reverse("accounts:passkey_add"), {"name": "Odd", "answer": odd})
    assert response.status_code == 400 and 'role="alert"' in response.content.decode()
    assert Passkey.objects.filter(user=person).count() == 1
    other = Client()
    password_step(other)
    options(other, "accounts:second_step_options")
    response = other.post(reverse("accounts:second_step"), {"answer": odd})
    assert response.status_code == 400 and 'role="alert"' in response.content.decode()
    assert not signed_in(other)


def test_a_second_passkey_sent_after_its_second_step_aged_out_is_not_added(person: User) -> None:
    """The options were given while a second step was fresh; the passkey's answer, sent once
    that has aged out, adds nothing: the add step asks again, whatever page sent it."""
    client, _, _ = turn_on(person)
    session = client.session
    session[REAUTH_FACTOR_AT_KEY] = __import__("time").time()
    session.save()
    answer = SoftPasskey().create(options(client, "accounts:passkey_add_options"))
    session = client.session
    session[REAUTH_FACTOR_AT_KEY] = __import__("time").time() - 3600
    session.save()
    response = client.post(reverse("accounts:passkey_add"), {"name": "His key", "answer": answer})
    assert response.status_code == 302 and "with=factor" in response["Location"]
    assert Passkey.objects.filter(user=person).count() == 1


def test_her_passkey_on_her_phone_adds_no_second_step_of_his_without_her_password(
    person: User,
) -> None:
    """Her passkey lives on the phone she is signed in on and opens with the phone's own lock:
    whoever holds it confirmed with it, then added a passkey and an authenticator app of his
    own, no password asked (the security audit of 2026-12-04, III). Every new second step now
    takes her password typed for it, as the first one does."""
    client, hers, _codes = turn_on(person)
    phone = as_user(person)
    answer = hers.get(options(phone, "accounts:confirm_options"))
    assert phone.post(reverse("accounts:confirm"), {"answer": answer}).status_code == 302
    for typed in ({"password": ""}, {"password": "his guess"}):
        refused = phone.post(reverse("accounts:passkey_add_options"), typed)
        assert refused.status_code in (400, 403) and "challenge" not in refused.content.decode()
        form = {"name": "His", "answer": '{"id": "x"}', **typed}
        assert phone.post(reverse("accounts:passkey_add"), form).status_code == 400
    assert Passkey.objects.filter(user=person).count() == 1
    assert phone.post(reverse("accounts:two_step_start")).status_code == 302
    app = AuthenticatorApp.objects.get(user=person)
    code = pyotp.TOTP(app.secret).now()
    turned = phone.post(reverse("accounts:two_step_confirm"), {"code": code, "password": ""})
    assert turned.status_code == 400 and not twostep.has_app(person)
    # With her password typed, she adds another passkey herself.
    assert add(phone, SoftPasskey(), "Tablet").status_code == 302
    assert Passkey.objects.filter(user=person).count() == 2


def test_her_passkey_on_her_phone_removes_none_without_her_password(person: User) -> None:
    """Removing a passkey took only a passkey or code a moment before, which her phone holds:
    whoever held it could take her second step away, one press a key (the security audit of
    2026-12-04, III). Her password is asked for it too, typed for that press."""
    _client, hers, _codes = turn_on(person)
    mine = Passkey.objects.get(user=person)
    phone = as_user(person)
    answer = hers.get(options(phone, "accounts:confirm_options"))
    assert phone.post(reverse("accounts:confirm"), {"answer": answer}).status_code == 302
    remove = reverse("accounts:passkey_remove", args=[mine.public_id])
    asked = phone.post(remove)
    assert asked.status_code == 200 and 'name="password"' in asked.content.decode()
    assert phone.post(remove, {"password": "his guess"}).status_code == 400
    assert Passkey.objects.filter(pk=mine.pk).exists() and twostep.has_factor(person)
    assert phone.post(remove, {"password": PASSWORD}).status_code == 302
    assert not Passkey.objects.filter(pk=mine.pk).exists()
