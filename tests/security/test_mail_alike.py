"""T29 (mail), T08: what her lock screen and inbox list show of an account message tells nothing.

A phone shows a new message's sender, subject and first couple of lines before it is opened,
on the lock screen and in the inbox list. Someone watching her phone must learn neither that
she uses a relationship app nor whether an address has an account: the two messages that
answer one request (a sign-up, a reset, a change of address; the address has an account or
not) share their subject and at least their first :data:`PREVIEW` characters, and differ only
after; no account message names the app; every message to a person comes from the plain name
("Notes", "Notas") on the site's address (the phone audit: each subject, and the line under it,
said which of the two it was, from "Interdepend").
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from interdepend.web.accounts.accountmail import PAIRS
from interdepend.web.accounts.models import HomeScreenLook, User
from interdepend.web.together.reminders import reminder_set, reminders_send
from tests.conftest import Personas
from tests.helpers import as_user, password_confirmed

pytestmark = pytest.mark.django_db

#: What a phone's notification and inbox preview show of a body, and a little more.
PREVIEW = 200
ADDRESS = "no-reply@couples.example.org"
SENDER = {"en": f"Notes <{ADDRESS}>", "es": f"Notas <{ADDRESS}>"}
NEW = "someone.new@example.test"
APP = re.compile("interdepend", re.IGNORECASE)

Message = mail.EmailMessage
#: Asks for one request twice in ``language``: for an address without an account, then with one.
Asks = Callable[[Personas, str], tuple[Message, Message]]


@pytest.fixture(autouse=True)
def _site_address(settings: Any) -> None:
    """An operator who kept the app's name in the configured sender, as the docs once said."""
    settings.DEFAULT_FROM_EMAIL = f"Interdepend <{ADDRESS}>"
    cache.clear()  # no mail budget left over from another test


def _in(language: str, *people: User) -> Client:
    for person in people:
        person.language = language
        person.save(update_fields=["language"])
    return Client(HTTP_ACCEPT_LANGUAGE=language)


def _only_to(address: str) -> Message:
    (sent,) = [message for message in mail.outbox if message.to == [address]]
    mail.outbox.clear()
    return sent


def _sign_up(personas: Personas, language: str) -> tuple[Message, Message]:
    client = _in(language, personas.alice)
    form = {"display_name": "Anyone", "password": "a fresh and long passphrase"}
    client.post(reverse("accounts:signup"), {**form, "email": NEW})
    new = _only_to(NEW)
    client.post(reverse("accounts:signup"), {**form, "email": personas.alice.email})
    return new, _only_to(personas.alice.email)


def _reset(personas: Personas, language: str) -> tuple[Message, Message]:
    client = _in(language, personas.alice)
    client.post(reverse("accounts:password_reset"), {"email": NEW})
    unknown = _only_to(NEW)
    client.post(reverse("accounts:password_reset"), {"email": personas.alice.email})
    return unknown, _only_to(personas.alice.email)


def _email_change(personas: Personas, language: str) -> tuple[Message, Message]:
    _in(language, personas.carol, personas.alice)
    client = password_confirmed(as_user(personas.carol))
    client.post(reverse("accounts:details"), {"change": "email", "email": NEW})
    free = _only_to(NEW)
    client.post(reverse("accounts:details"), {"change": "email", "email": personas.alice.email})
    return free, _only_to(personas.alice.email)


ASKS: dict[str, Asks] = {
    "signup": _sign_up,
    "password_reset": _reset,
    "email_change": _email_change,
}
#: A piece only the message for an address without an account holds, and one only the other.
TELLS = {
    "signup": ("/signup/confirm/", "/login/"),
    "password_reset": ("/signup/", "/password-reset/"),
    "email_change": ("/email/", None),
}


def shared_opening(first: str, second: str) -> int:
    """How many characters the two texts begin with alike."""
    return len(os.path.commonprefix([first, second]))


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("request_kind", sorted(ASKS))
def test_the_two_answers_to_one_request_look_alike_until_past_the_preview(
    personas: Personas, request_kind: str, language: str
) -> None:
    without, with_account = ASKS[request_kind](personas, language)
    alike = shared_opening(str(without.body), str(with_account.body))
    print(
        f"\nT29 mail {request_kind} ({language}): the same subject and sender, "
        f"{alike} characters alike before they part"
    )
    assert without.subject == with_account.subject
    assert without.from_email == with_account.from_email == SENDER[language]
    assert alike >= PREVIEW
    assert without.body != with_account.body  # each still says its own thing, further down
    only_new, only_known = TELLS[request_kind]
    assert only_new in without.body[alike:] and only_new not in with_account.body
    assert only_known is None or only_known in with_account.body[alike:]


def test_every_request_with_two_answers_is_tried() -> None:
    assert set(ASKS) == set(PAIRS)


@pytest.mark.parametrize("language", ["en", "es"])
def test_no_account_message_names_the_app_and_each_comes_from_the_plain_name(
    personas: Personas, language: str
) -> None:
    """Every kind of account message, the note to the address she is leaving too, and the
    weekly reminder in either look, in her language."""
    sent: list[Message] = []
    for asks in ASKS.values():
        sent.extend(asks(personas, language))
        mail.outbox.clear()
    _in(language, personas.carol)
    client = password_confirmed(as_user(personas.carol))
    client.post(reverse("accounts:details"), {"change": "email", "email": "carol.2@example.test"})
    sent.append(_only_to(personas.carol.email))  # the note to the old address
    for person, look in ((personas.bob, HomeScreenLook.INTERDEPEND), (personas.dave, "neutral")):
        person.home_screen_look = look
        person.language = language
        person.save()
        reminder_set(user=person, on=True)
    assert reminders_send(date(2027, 3, 3)) == 2
    sent.extend(mail.outbox)
    kinds = {message.subject for message in sent}
    named = [m.subject for m in sent if APP.search(f"{m.from_email}\n{m.subject}\n{m.body}")]
    print(
        f"\nT08 mail ({language}): {len(sent)} messages of {len(kinds)} subjects, "
        f"{len(named)} naming the app"
    )
    assert len(kinds) == len(PAIRS) + 3  # three pairs, the note, the reminder in two looks
    assert not named, named
    assert {message.from_email for message in sent} == {SENDER[language]}


def test_the_sender_keeps_only_the_address_of_the_setting(settings: Any) -> None:
    from django.utils import translation

    from interdepend.web.accounts.accountmail import sender

    settings.DEFAULT_FROM_EMAIL = "bare@couples.example.org"
    with translation.override("es"):
        assert sender() == "Notas <bare@couples.example.org>"
    settings.DEFAULT_FROM_EMAIL = '"Interdepend, the app" <quoted@couples.example.org>'
    with translation.override("en"):
        assert sender() == "Notes <quoted@couples.example.org>"
