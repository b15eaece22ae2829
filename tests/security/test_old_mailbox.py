"""Whoever reads the mailbox she left learns nothing by signing up there (the ex audit of
2026-12-03, M1).

She moves her account to a new address because her partner reads the old mailbox (in the app,
or by asking whoever runs the site: ``interdepend email-change``). The old address used to be
free at once: a sign-up there then got a confirmation link where it had got the note "there is
already an account", which told the reader of the mailbox that she had moved, and the link gave
him an account under the address her new partner or practitioner may still know her by. An
address an account moved away from now stays that account's while the account lasts.
"""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from interdepend.cli import main
from interdepend.web.accounts import services
from interdepend.web.accounts.models import EarlierAddress, PendingSignup, User
from interdepend.web.datarights.services import user_delete
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

OLD, NEW = "rue.hollis@example.test", "rue.elsewhere@example.test"


@pytest.fixture
def rue(db: None) -> User:
    cache.clear()  # no mail limit left over from another test
    return services.user_create(email=OLD, password=PASSWORD, display_name="Rue")


def _sign_up_mail(address: str) -> tuple[str, str]:
    """What the mailbox gets when someone signs up with ``address`` (from a new browser)."""
    cache.clear()
    mail.outbox.clear()
    form = {"display_name": "Anyone", "email": address, "password": "a fresh and long passphrase"}
    assert Client().post(reverse("accounts:signup"), form).status_code == 302
    [sent] = mail.outbox
    assert sent.to == [address.lower()]
    return str(sent.subject), str(sent.body)


def test_a_sign_up_at_her_old_address_reads_the_same_after_the_operator_moved_her(
    rue: User,
) -> None:
    before = _sign_up_mail(OLD.upper())
    assert services.email_move_by_operator(user=rue, new_email=NEW) is not None
    assert _sign_up_mail(OLD.upper()) == before
    assert "/signup/" not in before[1]  # the note, with no link that makes an account
    assert not PendingSignup.objects.exists()
    assert User.objects.filter(email__iexact=OLD).count() == 0


def test_the_same_after_she_moved_in_the_app(rue: User) -> None:
    before = _sign_up_mail(OLD)
    nonce = services.email_change_request(user=rue, new_email=NEW)
    assert services.email_change_confirm(user=rue, nonce=nonce)
    assert User.objects.get(pk=rue.pk).email == NEW
    assert _sign_up_mail(OLD) == before
    assert not PendingSignup.objects.exists()


def test_another_account_cannot_move_to_her_old_address(
    rue: User, capsys: pytest.CaptureFixture[str]
) -> None:
    services.email_move_by_operator(user=rue, new_email=NEW)
    him = services.user_create(email="tam@example.test", password=PASSWORD, display_name="Tam")
    nonce = services.email_change_request(user=him, new_email=OLD)
    assert not services.email_change_confirm(user=him, nonce=nonce)
    assert services.email_move_by_operator(user=him, new_email=OLD) is None
    assert main(["email-change", "tam@example.test", OLD, "--yes"]) == 2
    err = capsys.readouterr().err
    assert "another account has the address" in err and "nothing changed" in err
    assert User.objects.get(pk=him.pk).email == "tam@example.test"


def test_she_can_go_back_to_her_own_old_address(rue: User) -> None:
    services.email_move_by_operator(user=rue, new_email=NEW)
    nonce = services.email_change_request(user=rue, new_email=OLD)
    assert services.email_change_confirm(user=rue, nonce=nonce)
    rue.refresh_from_db()
    assert rue.email == OLD
    # Her present address is not kept as an earlier one; the one she left is.
    assert EarlierAddress.objects.filter(user=rue).count() == 1
    assert services.address_owner(NEW) == rue and services.address_owner(OLD) == rue
    assert services.address_owner(NEW, besides=rue) is None


def test_once_her_account_is_gone_her_old_addresses_are_free(rue: User) -> None:
    services.email_move_by_operator(user=rue, new_email=NEW)
    user_delete(user=User.objects.get(pk=rue.pk))
    assert not EarlierAddress.objects.exists()
    subject, body = _sign_up_mail(OLD)
    assert "/signup/confirm/" in body
    assert PendingSignup.objects.filter(email=OLD).count() == 1
