"""An address written with quotation marks or "encoded words" reached her inbox through
Django's mail sending, which decodes them, while the mail budget counted it as another inbox:
one connection had twenty messages an hour sent to one person instead of three (the stranger
audit of 2026-12-03, M1). Every form refuses such an address, in our words, and the budget
counts the mailbox the sending delivers to."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.core.mail import EmailMessage, get_connection
from django.test import Client
from django.urls import reverse

from interdepend.web.accounts import addresses, services
from interdepend.web.accounts.models import PendingEmailChange, PendingSignup
from tests.conftest import PASSWORD, Personas
from tests.helpers import as_user, password_confirmed

pytestmark = pytest.mark.django_db

#: One inbox, carol@example.test, spelled so that mail software decodes it to her.
DISGUISED = (
    '"=?utf-8?q?carol?="@example.test',
    '"=?utf-8?b?Y2Fyb2w=?="@example.test',
    '"=?iso-8859-1?q?=63arol?="@example.test',
    "=?utf-8?q?carol?=@example.test",
    '"carol"@example.test',
    '"car\\ol"@example.test',
)
WORDS = "the way your e-mail provider shows it"


@pytest.mark.parametrize("spelling", DISGUISED)
def test_a_reset_for_a_disguised_address_is_refused_in_our_words(spelling: str) -> None:
    response = Client().post(reverse("accounts:password_reset"), {"email": spelling})
    assert response.status_code == 200
    assert WORDS in response.content.decode()
    assert mail.outbox == []


@pytest.mark.parametrize("spelling", DISGUISED)
def test_a_sign_up_with_a_disguised_address_is_refused(spelling: str) -> None:
    response = Client().post(
        reverse("accounts:signup"),
        {"display_name": "Robin", "email": spelling, "password": PASSWORD},
    )
    assert response.status_code == 200
    assert WORDS in response.content.decode()
    assert mail.outbox == [] and not PendingSignup.objects.exists()


def test_a_sign_in_with_a_disguised_address_is_refused() -> None:
    response = Client().post(
        reverse("accounts:login"), {"username": DISGUISED[0], "password": PASSWORD}
    )
    assert response.status_code == 200
    assert WORDS in response.content.decode()


def test_a_new_address_written_disguised_is_refused(personas: Personas) -> None:
    client = password_confirmed(as_user(personas.alice))
    response = client.post(
        reverse("accounts:details"), {"change": "email", "email": DISGUISED[1]}, follow=True
    )
    assert WORDS in response.content.decode()
    assert mail.outbox == [] and not PendingEmailChange.objects.exists()


def test_invisible_characters_are_refused_too() -> None:
    assert not addresses.is_plain("carol\x01@example.test")
    assert not services.address_well_formed('"=?utf-8?q?carol?="@example.test')
    assert services.address_well_formed("carol.smith+news@example.test")


class Recording:
    """An SMTP connection that writes down the envelope it is given."""

    def __init__(self) -> None:
        self.envelopes: list[list[str]] = []

    def sendmail(self, sender: str, to: list[str], message: bytes) -> dict[str, str]:
        self.envelopes.append(to)
        return {}

    def quit(self) -> None:  # pragma: no cover - not reached with a connection handed in
        pass

    def close(self) -> None:  # pragma: no cover
        pass


@pytest.mark.parametrize("spelling", DISGUISED)
def test_the_budget_counts_the_mailbox_the_message_is_delivered_to(spelling: str) -> None:
    """Defence in depth, for an address that came some other way than a form."""
    smtp: Any = get_connection("django.core.mail.backends.smtp.EmailBackend")
    smtp.connection = recording = Recording()
    smtp._send(EmailMessage("s", "b", "site@example.test", [spelling]))
    (envelope,) = recording.envelopes
    assert envelope == ["carol@example.test"]
    assert addresses.mailbox(spelling) == addresses.mailbox(envelope[0]) == "carol@example.test"


def test_spellings_of_one_inbox_share_one_budget_in_the_service() -> None:
    source = services.asker_key(own=False, asker="10.9.9.9")
    sent = [
        services.address_mail_allow(kind="password-reset", email=spelling, source=source)
        for spelling in (*DISGUISED, "carol@example.test")
    ]
    assert sent.count(True) == settings.ADDRESS_MAIL_LIMIT
