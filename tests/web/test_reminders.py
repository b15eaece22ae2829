"""T08: weekly check-in reminders are opt-in, at most weekly, and carry no content."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail
from django.urls import reverse

from interdepend.cli import main
from interdepend.web.together.models import CheckIn
from interdepend.web.together.reminders import monday, reminder_is_on, reminders_send
from tests.conftest import Personas
from tests.helpers import as_user

pytestmark = pytest.mark.django_db

TODAY = date(2027, 3, 3)


def test_reminders_are_off_unless_turned_on(personas: Personas) -> None:
    assert not reminder_is_on(personas.alice)
    assert reminders_send(TODAY) == 0
    assert mail.outbox == []


def test_a_reminder_is_sent_once_a_week_and_says_nothing_private(personas: Personas) -> None:
    alice = as_user(personas.alice)
    alice.post(reverse("together:reminder"), {"weekly_checkin": "on"})
    assert reminder_is_on(personas.alice)
    assert reminders_send(TODAY) == 1
    assert reminders_send(TODAY) == 0  # not twice in one week
    message = mail.outbox[0]
    text = f"{message.subject}\n{message.body}"
    for private in ("Alice", "Bob", *personas.markers.values()):
        assert private not in text
    assert message.to == [personas.alice.email]
    print(f"\nT08 reminders: {len(mail.outbox)} sent, 0 names or markers in them")


def test_no_reminder_after_checking_in(personas: Personas) -> None:
    as_user(personas.carol).post(reverse("together:reminder"), {"weekly_checkin": "on"})
    CheckIn.objects.create(owner=personas.carol, week=monday(TODAY), own_time=5)
    assert reminders_send(TODAY) == 0


def test_turning_reminders_off(personas: Personas) -> None:
    client = as_user(personas.carol)
    client.post(reverse("together:reminder"), {"weekly_checkin": "on"})
    client.post(reverse("together:reminder"), {})
    assert not reminder_is_on(personas.carol)
    assert reminders_send(TODAY) == 0


def test_remind_command(
    personas: Personas, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from interdepend.web.together import reminders

    monkeypatch.setattr(reminders, "REMINDER_HOUR", 0)  # due whatever hour of Monday it is now
    as_user(personas.erin).post(reverse("together:reminder"), {"weekly_checkin": "on"})
    assert main(["remind"]) == 0
    assert "sent 1 reminder(s)" in capsys.readouterr().out
