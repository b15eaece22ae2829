"""No message we mail carries the name of the machine that sent it (the notify-outside audit of
2026-12-05).

Every message came from the plain name on the address the operator chose to say little
(``DEFAULT_FROM_EMAIL``), but its ``Message-ID`` was Django's own: the time to a hundredth of a
second, the sending process's number and this machine's name, ``<…@interdepend-1.example.net>``
on a server named for the app. Whoever opens a message's details in her mailbox read it there.
Now each id is random, on the domain of the address the message comes from.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.mail.utils import DNS_NAME
from django.test import Client
from django.urls import reverse
from pytest_django import Settings

from interdepend.web.together import reminders
from interdepend.web.together.models import CheckIn
from tests.conftest import Personas

pytestmark = pytest.mark.django_db

MACHINE = "interdepend-1.example.net"
PLAIN = "mail.plain-notes.example"


def _everything_we_mail(personas: Personas) -> list[mail.EmailMessage]:
    """A reset and a sign-up, each for an address with an account and one without, and a
    weekly reminder."""
    cache.clear()
    mail.outbox.clear()
    for address in (personas.alice.email, "nobody.here@example.test"):
        Client().post(reverse("accounts:password_reset"), {"email": address})
        form = {"display_name": "Anyone", "email": address, "password": "a long fresh phrase"}
        Client().post(reverse("accounts:signup"), form)
    reminders.reminder_set(user=personas.alice, on=True)
    CheckIn.objects.filter(owner=personas.alice).delete()
    assert reminders.reminders_send(today=date(2026, 12, 7)) == 1
    return list(mail.outbox)


def test_no_message_names_the_machine_that_sent_it(
    personas: Personas, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.DEFAULT_FROM_EMAIL = f"Whatever <no-reply@{PLAIN}>"
    monkeypatch.setattr(DNS_NAME, "_fqdn", MACHINE, raising=False)

    sent = _everything_we_mail(personas)

    assert len(sent) == 5
    ids = []
    for message in sent:
        raw = message.message().as_string()
        headers = raw.split("\n\n", 1)[0]
        assert MACHINE not in raw and "interdepend" not in headers.lower(), headers
        found = re.search(r"^Message-ID: <([0-9a-f]{32})@([^>]+)>$", headers, re.MULTILINE)
        assert found is not None, headers
        assert found[2] == PLAIN
        ids.append(found[1])
    assert len(set(ids)) == len(ids)
    print(f"\n{len(sent)} messages of 3 kinds: 0 naming the machine, every id @{PLAIN}")
