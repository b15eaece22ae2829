"""T03 (outgoing mail) and T08: every message the app sends is content-free.

Every path that sends mail is run for every persona: the password reset (known and unknown
addresses), sign-up (the note to an address that has an account, and the confirmation link to
a new one, both after a form holding a marker as the name) and the weekly check-in reminder.
No message may carry a private marker of anyone, a display name, a partner's or practitioner's
name, or any result — only the recipient's own address in its envelope.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from interdepend.web.together.reminders import reminder_set, reminders_send
from tests.conftest import Personas

pytestmark = pytest.mark.django_db


TYPED_NAME = "MRKSIGNUPNAMEX"


def _sign_up(email: str) -> None:
    form = {"display_name": TYPED_NAME, "email": email, "password": "a fresh and long passphrase"}
    Client().post(reverse("accounts:signup"), form)


def test_no_outgoing_mail_carries_private_content(personas: Personas) -> None:
    people = list(personas.by_role().values())
    for person in people:
        Client().post(reverse("accounts:password_reset"), {"email": person.email})
        _sign_up(person.email)
        reminder_set(user=person, on=True)
    Client().post(reverse("accounts:password_reset"), {"email": "nobody@example.test"})
    _sign_up("newcomer@example.test")
    reminders_send(date(2027, 3, 3))
    names = {person.display_name for person in people}
    private = {*personas.markers.values(), TYPED_NAME}
    leaks: list[str] = []
    for message in mail.outbox:
        text = f"{message.subject}\n{message.body}"
        leaks.extend(f"{value!r} in mail to {message.to}" for value in private if value in text)
        # A short name such as "Pat" is looked for in the words, not inside a link's random
        # token, where three letters turn up by chance now and then.
        words = re.sub(r"https?://\S+", " ", text)
        leaks.extend(f"{name!r} in mail to {message.to}" for name in names if name in words)
        assert len(message.to) == 1
    kinds = {message.subject for message in mail.outbox}
    print(
        f"\nT03/T08 outgoing mail: {len(mail.outbox)} messages of {len(kinds)} kinds to "
        f"{len(people)} people, {len(leaks)} leaks"
    )
    assert len(mail.outbox) >= 3 * len(people)
    assert not leaks, leaks
