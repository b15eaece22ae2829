"""``interdepend email-change``: the way back in for an owner whose e-mail someone else reads.

Her partner knows her password and reads the mailbox the account is under, so the in-app change
(which tells the old address) and the password reset (which writes to it) both reach him.
Whoever runs the site moves the account to her new address; nothing is sent to either address,
his sessions end, the old password stops working and she sets a new one at the new address.
"""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from interdepend.cli import main
from interdepend.web.accounts import services
from interdepend.web.accounts.models import (
    PendingEmailChange,
    PendingSignup,
    TrustedDevice,
    User,
    UserSession,
)
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

OLD, NEW = "noor@example.test", "noor.safe@example.test"  # the mailbox he reads; hers alone
FRESH = "a fresh start of hers"


@pytest.fixture
def person(db: None) -> User:
    """Noor, whose account is under the mailbox her partner reads."""
    cache.clear()  # no sign-in throttle left over from another test
    return services.user_create(email=OLD, password=PASSWORD, display_name="Noor")


def sign_in(email: str, password: str) -> Client:
    """A fresh browser that tries the sign-in form; see ``signed_in`` for whether it got in."""
    client = Client()
    client.post(reverse("accounts:login"), {"username": email, "password": password})
    return client


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_the_account_moves_to_her_new_address_and_he_is_out(
    person: User, capsys: pytest.CaptureFixture[str]
) -> None:
    his = sign_in(OLD, PASSWORD)
    assert signed_in(his)
    # He had asked, from her account, to move it to an address of his; the link waits.
    services.email_change_request(user=person, new_email="his@example.test")
    # Someone once started signing up with her new address; the account takes it now.
    PendingSignup.objects.create(digest="d" * 64, email=NEW, display_name="x", password="!")
    mail.outbox.clear()

    assert main(["email-change", OLD.upper(), f" {NEW.title()} ", "--yes"]) == 0
    said = capsys.readouterr().out
    assert f"{OLD} is now {NEW}" in said and "password was replaced" in said
    assert "second step" not in said  # she has none
    assert mail.outbox == []  # neither address is told
    person.refresh_from_db()
    assert person.email == NEW
    assert not PendingEmailChange.objects.filter(user=person).exists()
    assert not PendingSignup.objects.filter(email__iexact=NEW).exists()
    assert not UserSession.objects.filter(user=person).exists()
    assert not TrustedDevice.objects.filter(user=person, kept_look="").exists()  # none trusted
    assert his.get(reverse("accounts:settings")).status_code == 302  # signed out
    # Neither the old address nor the old password signs anyone in.
    assert not signed_in(sign_in(OLD, PASSWORD))
    assert not signed_in(sign_in(NEW, PASSWORD))
    # A reset asked for the old address gets the note every unknown address gets, with no
    # link in it; one asked for the new address reaches her.
    Client().post(reverse("accounts:password_reset"), {"email": OLD})
    assert [m.to for m in mail.outbox] == [[OLD]]
    assert "/password-reset/" not in str(mail.outbox[0].body)
    mail.outbox.clear()
    hers = Client()
    hers.post(reverse("accounts:password_reset"), {"email": NEW})
    assert [m.to for m in mail.outbox] == [[NEW]]
    link = re.search(r"http://\S+", str(mail.outbox[-1].body))
    assert link is not None
    form = hers.get(link.group(0), follow=True)
    chosen = {"new_password1": FRESH, "new_password2": FRESH}
    assert hers.post(form.redirect_chain[-1][0], chosen).status_code == 302
    assert signed_in(sign_in(NEW, FRESH))


def test_every_refusal_says_why_and_changes_nothing(
    person: User, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    services.user_create(email="taken@example.test", password=PASSWORD, display_name="Other")
    before = person.password
    refusals = [
        (["email-change", OLD, "not an address", "--yes"], "is not an e-mail address"),
        (["email-change", OLD, "a" * 300 + "@x.io", "--yes"], "is not an e-mail address"),
        (["email-change", "nobody@example.test", NEW, "--yes"], "no account has"),
        (["email-change", OLD, OLD.upper(), "--yes"], "already has the address"),
        (["email-change", OLD, "Taken@example.test", "--yes"], "another account has"),
    ]
    for argv, words in refusals:
        assert main(argv) == 2, argv
        err = capsys.readouterr().err
        assert words in err and "nothing changed" in err, err
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert main(["email-change", OLD, NEW]) == 2
    err = capsys.readouterr().err
    assert "not running in a terminal that can ask" in err and "add --yes" in err, err
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda _prompt: "noor.other@example.test")
    assert main(["email-change", OLD, NEW]) == 2
    assert "not the same; nothing changed" in capsys.readouterr().err
    person.refresh_from_db()
    assert person.email == OLD and person.password == before
    assert signed_in(sign_in(OLD, PASSWORD))

    monkeypatch.setattr("builtins.input", lambda _prompt: f" {NEW.upper()} ")
    assert main(["email-change", OLD, NEW]) == 0
    person.refresh_from_db()
    assert person.email == NEW and person.password != before


def test_a_second_step_left_on_the_account_is_named(
    person: User, capsys: pytest.CaptureFixture[str]
) -> None:
    from interdepend.web.accounts.models import Passkey

    Passkey.objects.create(user=person, name="his key", credential_id="c1", public_key=b"k")
    assert main(["email-change", OLD, NEW, "--yes"]) == 0
    said = capsys.readouterr().out
    assert f"interdepend two-step off {NEW}" in said


def test_the_service_refuses_an_address_taken_in_the_meantime(person: User) -> None:
    services.user_create(email=NEW, password=PASSWORD, display_name="Other")
    assert services.email_move_by_operator(user=person, new_email=NEW.upper()) is None
    person.refresh_from_db()
    assert person.email == OLD and person.check_password(PASSWORD)


def test_her_details_page_says_this_way_exists_and_how_to_reach_it(person: User) -> None:
    from django.test import override_settings

    from tests.helpers import as_user

    client = as_user(person)
    with override_settings(SERVICE_CONTACT="help@example.test"):
        page = client.get(reverse("accounts:details")).content.decode()
    assert "Someone else reads your current mailbox?" in page
    assert "without writing to either one" in page
    assert '<a href="mailto:help@example.test">help@example.test</a>' in page
    with override_settings(SERVICE_CONTACT=""):
        page = client.get(reverse("accounts:details")).content.decode()
    assert "This site does not say how to reach them" in page
