"""Two-step sign-in: an authenticator app and recovery codes hold when the password is known."""

from __future__ import annotations

import re
import time
from datetime import timedelta

import pyotp
import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from interdepend.cli import main
from interdepend.web.accounts import twostep
from interdepend.web.accounts.models import (
    AddressMail,
    AuthenticatorApp,
    Passkey,
    RecoveryCode,
    TrustedDevice,
    User,
    UserSession,
)
from tests.conftest import PASSWORD
from tests.helpers import as_user, password_confirmed

pytestmark = pytest.mark.django_db

EMAIL = "noor@example.test"


@pytest.fixture
def person(db: None) -> User:
    from interdepend.web.accounts.services import user_create

    cache.clear()
    return user_create(email=EMAIL, password=PASSWORD, display_name="Noor")


def code_now(secret: str, steps_ahead: int = 0) -> str:
    totp = pyotp.TOTP(secret)
    return totp.at(int(time.time()) + steps_ahead * totp.interval)


def turn_on(person: User) -> tuple[Client, str, list[str]]:
    """Set up the app through the pages, as a person would; the secret and the codes shown."""
    client = password_confirmed(as_user(person))
    page = client.get(reverse("accounts:two_step")).content.decode()
    assert "Set up an authenticator app" in page
    assert client.post(reverse("accounts:two_step_start")).status_code == 302
    page = client.get(reverse("accounts:two_step")).content.decode()
    app = AuthenticatorApp.objects.get(user=person)
    assert "<svg" in page and twostep.grouped_key(app) in page
    # The QR code is an image named by its caption (it was an unnamed drawing: keyboard audit).
    assert '<svg role="img" aria-labelledby="qr-caption" ' in page and 'id="qr-caption"' in page
    assert "otpauth://totp/Interdepend:account?" in page and EMAIL not in page
    wrong = client.post(
        reverse("accounts:two_step_confirm"), {"code": "000000", "password": PASSWORD}
    )
    assert wrong.status_code == 400 and not twostep.has_app(person)
    done = client.post(
        reverse("accounts:two_step_confirm"), {"code": code_now(app.secret), "password": PASSWORD}
    )
    text = done.content.decode()
    assert done.status_code == 200 and "Two-step sign-in is on" in text
    codes = re.findall(r"<code>([0-9A-Z]{5}-[0-9A-Z]{5})</code>", text)
    assert len(codes) == 10 and all(len(c) == 11 and c[5] == "-" for c in codes)
    return client, app.secret, codes


def sign_in(client: Client) -> str:
    response = client.post(reverse("accounts:login"), {"username": EMAIL, "password": PASSWORD})
    assert response.status_code == 302
    return str(response["Location"])


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_with_the_app_on_the_password_alone_does_not_sign_in(person: User) -> None:
    turn_on(person)
    partner = Client()  # someone who knows the password, on their own device
    assert sign_in(partner) == reverse("accounts:second_step")
    assert not signed_in(partner)
    assert partner.get(reverse("home:home")).status_code == 200  # the public page, signed out
    assert partner.get(reverse("accounts:settings")).status_code == 302
    page = partner.get(reverse("accounts:second_step")).content.decode()
    assert "One more step" in page and 'autocomplete="one-time-code"' in page
    for guess in ("123456", "654321", "111111"):
        assert partner.post(reverse("accounts:second_step"), {"code": guess}).status_code == 400
    assert not signed_in(partner)


def test_a_code_from_the_app_signs_in_once(person: User) -> None:
    _, secret, _ = turn_on(person)
    first = Client()
    sign_in(first)
    code = code_now(secret, steps_ahead=1)  # a slow hand: the next step's code still counts
    response = first.post(reverse("accounts:second_step"), {"code": code})
    assert response.status_code == 302 and signed_in(first)
    # The same code seen over a shoulder cannot be used again, anywhere.
    second = Client()
    sign_in(second)
    assert second.post(reverse("accounts:second_step"), {"code": code}).status_code == 400
    assert not signed_in(second)


def test_a_right_code_already_used_is_called_used_not_wrong(person: User) -> None:
    """The fifth walk: signed in on her laptop, then on her phone with the code still showing,
    she was told "That code is not right", of a code that was right. She is told it was used,
    and to wait for the next; it still opens nothing and still counts as a wrong answer."""
    client, secret, _ = turn_on(person)
    code = code_now(secret, steps_ahead=1)
    laptop = Client()
    sign_in(laptop)
    assert laptop.post(reverse("accounts:second_step"), {"code": code}).status_code == 302
    phone = Client()
    sign_in(phone)
    wrong_before = AddressMail.objects.filter(kind=twostep.WRONG_KIND).count()
    again = phone.post(reverse("accounts:second_step"), {"code": code})
    words = again.content.decode()
    assert again.status_code == 400 and not signed_in(phone)
    assert "That code was used a moment ago, and each code works once." in words
    assert "not right" not in words
    assert AddressMail.objects.filter(kind=twostep.WRONG_KIND).count() == wrong_before + 1
    # A wrong code is still called wrong.
    other = "000000" if code != "000000" else "111111"
    wrong = phone.post(reverse("accounts:second_step"), {"code": other}).content.decode()
    assert "That code is not right." in wrong and "used a moment ago" not in wrong
    # So on the page that asks again that it is her.
    stale = password_confirmed(client, seconds_ago=10_000)
    confirm = stale.post(reverse("accounts:confirm"), {"code": code, "next": "/account/"})
    assert confirm.status_code == 200 and "used a moment ago" in confirm.content.decode()


def test_a_two_step_sign_in_keeps_the_browsers_zone_once_through(person: User) -> None:
    """The zone the sign-in page's browser names is kept after the second step, as a one-step
    sign-in keeps it; the password alone keeps nothing."""
    _, secret, _ = turn_on(person)
    client = Client()
    form = {"username": EMAIL, "password": PASSWORD, "time_zone": "Asia/Kolkata"}
    assert client.post(reverse("accounts:login"), form).status_code == 302
    person.refresh_from_db()
    assert person.time_zone == ""
    code = code_now(secret, steps_ahead=1)  # the one the set-up used is spent
    assert client.post(reverse("accounts:second_step"), {"code": code}).status_code == 302
    person.refresh_from_db()
    assert person.time_zone == "Asia/Kolkata"


def test_a_lost_phone_gets_in_with_a_recovery_code_once(person: User) -> None:
    _, _, codes = turn_on(person)
    client = Client()
    sign_in(client)
    typed = codes[3].lower().replace("-", " ")  # read aloud, typed in lower case with a space
    assert client.post(reverse("accounts:second_step"), {"code": typed}).status_code == 302
    assert signed_in(client)
    assert twostep.recovery_left(person) == 9
    again = Client()
    sign_in(again)
    assert again.post(reverse("accounts:second_step"), {"code": codes[3]}).status_code == 400


def test_five_wrong_codes_pause_the_second_step_for_everyone(person: User) -> None:
    _, secret, _ = turn_on(person)
    guesser = Client()
    sign_in(guesser)
    for _ in range(twostep.MAX_WRONG - 1):
        guesser.post(reverse("accounts:second_step"), {"code": "000000"})
    last = guesser.post(reverse("accounts:second_step"), {"code": "000000"})
    assert last.status_code == 403 and "paused for fifteen minutes" in last.content.decode()
    # Even the right code, from the real person on another device, waits out the pause.
    owner = Client()
    sign_in(owner)
    response = owner.post(reverse("accounts:second_step"), {"code": code_now(secret)})
    assert response.status_code in (400, 403) and not signed_in(owner)
    AddressMail.objects.filter(kind=twostep.WRONG_KIND).update(  # the window passes
        at=timezone.now() - timedelta(seconds=twostep.LOCK_SECONDS + 1)
    )
    sign_in(owner)
    fresh = code_now(secret, steps_ahead=1)  # the set-up took this step's code already
    assert owner.post(reverse("accounts:second_step"), {"code": fresh}).status_code == 302


def test_the_first_step_runs_out_after_five_minutes(person: User) -> None:
    _, secret, _ = turn_on(person)
    client = Client()
    sign_in(client)
    session = client.session
    pending = session["_two_step_pending"]
    pending["at"] -= 6 * 60
    session["_two_step_pending"] = pending
    session.save()
    response = client.post(reverse("accounts:second_step"), {"code": code_now(secret)})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:login")
    assert not signed_in(client)


def test_confirm_it_is_you_takes_a_code_instead_of_the_password(person: User) -> None:
    client, secret, _ = turn_on(person)
    stale = password_confirmed(client, seconds_ago=10_000)
    page = stale.get(reverse("accounts:confirm")).content.decode()
    assert "Or use your authenticator app" in page
    response = stale.post(
        reverse("accounts:confirm"), {"code": code_now(secret, steps_ahead=1), "next": "/account/"}
    )
    assert response.status_code == 302 and response["Location"] == "/account/"


#: Her password, typed beside the app's code (the app's two buttons ask for both).
PW = {"password": PASSWORD}


def test_turning_it_off_needs_a_code_not_only_the_password(person: User) -> None:
    client, secret, _ = turn_on(person)
    refused = client.post(reverse("accounts:two_step_off"), {"code": "", **PW})
    assert refused.status_code == 400 and twostep.has_app(person)
    wrong = client.post(reverse("accounts:two_step_off"), {"code": "999999", **PW})
    assert wrong.status_code == 400 and twostep.has_app(person)
    done = client.post(reverse("accounts:two_step_off"), {"code": code_now(secret, 1), **PW})
    assert done.status_code == 302 and not twostep.has_app(person)
    assert not RecoveryCode.objects.filter(user=person).exists()
    fresh = Client()
    sign_in(fresh)
    assert signed_in(fresh)


def test_her_phone_alone_neither_turns_the_app_off_nor_makes_new_recovery_codes(
    person: User,
) -> None:
    """Her authenticator app is most often on the phone she is signed in on: whoever holds it
    for two minutes reads a code there. A code alone turned the app off, and made new recovery
    codes, shown to him, hers no longer working (the security audit of 2026-12-04, III). Both
    now take her password too, typed for them, each time."""
    phone, secret, old = turn_on(person)
    for name in ("accounts:two_step_codes", "accounts:two_step_off"):
        for typed in ({}, {"password": ""}, {"password": "his guess"}):
            answer = phone.post(reverse(name), {"code": code_now(secret, 1), **typed})
            assert answer.status_code == 400, (name, typed)
            assert "Your password" in answer.content.decode(), (name, typed)
            assert "Earlier recovery codes no longer work" not in answer.content.decode()
    assert twostep.has_app(person) and twostep.recovery_left(person) == 10
    other = Client()
    sign_in(other)
    assert other.post(reverse("accounts:second_step"), {"code": old[0]}).status_code == 302


def test_new_recovery_codes_replace_the_old_ones(person: User) -> None:
    client, secret, old = turn_on(person)
    response = client.post(reverse("accounts:two_step_codes"), {"code": code_now(secret, 1), **PW})
    assert (
        response.status_code == 200
        and "Earlier recovery codes no longer work" in response.content.decode()
    )
    assert twostep.recovery_left(person) == 10
    other = Client()
    sign_in(other)
    assert other.post(reverse("accounts:second_step"), {"code": old[0]}).status_code == 400


def test_nothing_of_the_key_or_codes_is_kept_in_the_clear_but_the_app_key(person: User) -> None:
    _, _, codes = turn_on(person)
    digests = set(RecoveryCode.objects.filter(user=person).values_list("digest", flat=True))
    assert len(digests) == 10
    assert not any(code.replace("-", "") in d for code in codes for d in digests)


def test_the_sessions_page_and_who_can_see_what_say_which_steps_exist(person: User) -> None:
    client = as_user(person)
    assert "Your password alone" in client.get(reverse("accounts:sessions")).content.decode()
    client, _, _ = turn_on(person)
    sessions = client.get(reverse("accounts:sessions")).content.decode()
    assert "a code from your authenticator app" in sessions
    picture = password_confirmed(client).get(reverse("safetycheck:index")).content.decode()
    assert "Two-step sign-in is on" in picture and "10 recovery codes left" in picture
    app = AuthenticatorApp.objects.get(user=person)
    for page in (sessions, picture):
        assert app.secret not in page and twostep.grouped_key(app) not in page


@pytest.mark.parametrize(
    "odd", ["", " ", "12 34 56 78", "١٢٣٤٥٦", "<script>1</script>", "\x00\x01", "9" * 500]
)
def test_odd_codes_are_refused_with_words_and_change_nothing(person: User, odd: str) -> None:
    client, _, _ = turn_on(person)
    for name in ("accounts:two_step_off", "accounts:two_step_codes"):
        response = client.post(reverse(name), {"code": odd})
        assert response.status_code == 400 and 'role="alert"' in response.content.decode()
    assert twostep.has_app(person) and twostep.recovery_left(person) == 10
    other = Client()
    sign_in(other)
    response = other.post(reverse("accounts:second_step"), {"code": odd})
    assert response.status_code == 400 and 'role="alert"' in response.content.decode()
    assert not signed_in(other)


def _second_step_page(client: Client) -> str:
    sign_in(client)
    return client.get(reverse("accounts:second_step")).content.decode()


def test_whoever_runs_the_site_takes_a_step_the_owner_never_chose_off(
    person: User, capsys: pytest.CaptureFixture[str]
) -> None:
    """Her partner, who knows her password, turns the step on with his own phone. She cannot
    get past it; the operator takes it off; his session ends, the old password no longer
    signs anyone in, and she chooses a new one through the reset link."""
    his_session, _, his_codes = turn_on(person)  # his phone scanned the code
    hers = Client()
    with override_settings(SERVICE_CONTACT="help@example.test"):
        page = _second_step_page(hers)
    assert "you never turned this step on?" in page
    assert '<a href="mailto:help@example.test">help@example.test</a>' in page
    assert not signed_in(hers)

    assert main(["two-step", "off", EMAIL.upper(), "--yes"]) == 0
    said = capsys.readouterr().out
    assert "the authenticator app" in said and "10 recovery codes" in said
    assert "password was replaced" in said
    assert not twostep.has_factor(person) and twostep.recovery_left(person) == 0
    assert not RecoveryCode.objects.filter(user=person).exists()
    assert not UserSession.objects.filter(user=person).exists()  # every session ended
    assert not TrustedDevice.objects.filter(user=person, kept_look="").exists()  # none trusted
    assert his_session.get(reverse("accounts:settings")).status_code == 302  # signed out
    # Knowing the old password no longer gets anyone in, to turn a step on again.
    him = Client()
    refused = him.post(reverse("accounts:login"), {"username": EMAIL, "password": PASSWORD})
    assert refused.status_code == 200 and not signed_in(him)
    # His recovery codes went with the step.
    assert not twostep.verify(person, his_codes[0])

    mail.outbox.clear()
    hers.post(reverse("accounts:password_reset"), {"email": EMAIL})
    link = re.search(r"http://\S+", str(mail.outbox[-1].body))
    assert link is not None
    form = hers.get(link.group(0), follow=True)
    new = {"new_password1": "a fresh start of hers", "new_password2": "a fresh start of hers"}
    assert hers.post(form.redirect_chain[-1][0], new).status_code == 302
    again = Client()
    response = again.post(
        reverse("accounts:login"), {"username": EMAIL, "password": "a fresh start of hers"}
    )
    assert response.status_code == 302 and signed_in(again)  # no second step in the way


def test_taking_the_step_off_asks_first_and_changes_nothing_on_a_no(
    person: User, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    turn_on(person)
    assert main(["two-step", "off", "nobody@example.test", "--yes"]) == 2
    assert "no account has" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert main(["two-step", "off", EMAIL]) == 2
    assert "--yes" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda _prompt: "someone@else.test")
    assert main(["two-step", "off", EMAIL]) == 2
    assert "not the same; nothing changed" in capsys.readouterr().err
    assert twostep.has_app(person) and twostep.recovery_left(person) == 10
    assert person.check_password(PASSWORD)
    Passkey.objects.create(user=person, name="his key", credential_id="c1", public_key=b"k")
    monkeypatch.setattr("builtins.input", lambda _prompt: f" {EMAIL.title()} ")
    assert main(["two-step", "off", EMAIL]) == 0
    assert "1 passkey," in capsys.readouterr().out
    assert not twostep.has_factor(person) and not Passkey.objects.filter(user=person).exists()


@pytest.mark.parametrize(
    ("contact", "shown"),
    [
        ("https://help.example.test/ask", '<a href="https://help.example.test/ask">'),
        ("the front desk, weekdays", "You can reach them here: the front desk, weekdays"),
        ("javascript:alert(1)", "You can reach them here: javascript:alert(1)"),
        ('"><script>x</script>', "You can reach them here: &quot;&gt;&lt;script&gt;"),
        ("", "This site does not say how to reach them"),
    ],
)
def test_the_second_step_says_how_to_reach_whoever_runs_the_site(
    person: User, contact: str, shown: str
) -> None:
    turn_on(person)
    with override_settings(SERVICE_CONTACT=contact):
        page = _second_step_page(Client())
    assert shown in page
    assert 'href="javascript' not in page and "<script>x" not in page


@pytest.mark.parametrize("two_step", [False, True])
def test_someone_else_uses_this_device_ends_the_session_with_the_browser(
    person: User, two_step: bool
) -> None:
    """Ticked at log-in (through the second step too), the session's cookie has no lifetime
    (the browser drops it when it closes) and the browser gets no device cookie for her account
    (whoever uses it next gets no way past the pause on her address); unticked, both stay."""
    from django.conf import settings

    secret = turn_on(person)[1] if two_step else ""
    for shared in (True, False):
        client = Client()
        data = {"username": EMAIL, "password": PASSWORD, **({"shared": "on"} if shared else {})}
        response = client.post(reverse("accounts:login"), data)
        if two_step:  # a code works once: as if each sign-in came a minute after the last
            AuthenticatorApp.objects.filter(user=person).update(last_step=0)
            response = client.post(reverse("accounts:second_step"), {"code": code_now(secret)})
        assert response.status_code == 302 and signed_in(client)
        session = response.cookies[settings.SESSION_COOKIE_NAME]
        assert (session["max-age"] == "") is shared, session.output()
        assert (settings.DEVICE_COOKIE_NAME in response.cookies) is not shared
        said = (
            "signed out when this browser closes"
            in client.get(response["Location"]).content.decode()
        )
        assert said is shared


@pytest.mark.parametrize(
    ("look", "language", "named"),
    [("interdepend", "en", "Interdepend"), ("neutral", "en", "Notes"), ("neutral", "es", "Notas")],
)
def test_the_authenticator_app_names_the_look_she_chose(
    person: User, look: str, language: str, named: str
) -> None:
    """The new-couple walk of 2026-12-04: under the plain look her authenticator app still read
    "Interdepend" beside the codes, for good. It now reads the plain name, and every page that
    asks for a code names the entry as her app shows it."""
    from urllib.parse import quote

    person.home_screen_look = look
    person.language = language
    person.save(update_fields=["home_screen_look", "language"])
    client = password_confirmed(as_user(person))
    assert client.post(reverse("accounts:two_step_start")).status_code == 302
    page = client.get(reverse("accounts:two_step")).content.decode()
    assert f"otpauth://totp/{quote(named)}:account?" in page
    assert 'inputmode="numeric"' in page  # the six digits: a phone shows its number pad
    assert f"“{named}”" in page or f"«{named}»" in page  # as each language quotes
    if named != "Interdepend":
        assert "Interdepend:account" not in page and "issuer=Interdepend" not in page
