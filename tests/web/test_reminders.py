"""T08: weekly check-in reminders are opt-in, at most weekly, and carry no content."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse

from interdepend.cli import main
from interdepend.web.accounts import services
from interdepend.web.accounts.models import HomeScreenLook
from interdepend.web.accounts.push import push_choice_set
from interdepend.web.together.models import CheckIn
from interdepend.web.together.reminders import (
    monday,
    reminder_is_on,
    reminder_set,
    reminders_send,
)
from tests.conftest import PASSWORD, Personas
from tests.helpers import as_user

pytestmark = pytest.mark.django_db

TODAY = date(2027, 3, 3)


def test_reminders_are_off_unless_turned_on(personas: Personas) -> None:
    assert not reminder_is_on(personas.alice)
    assert reminders_send(TODAY) == 0
    assert mail.outbox == []


def test_a_reminder_is_sent_once_a_week_and_says_nothing_private(personas: Personas) -> None:
    alice = as_user(personas.alice)
    alice.post(reverse("together:reminder"), {"weekly_checkin": "on", "password": PASSWORD})
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
    as_user(personas.carol).post(
        reverse("together:reminder"), {"weekly_checkin": "on", "password": PASSWORD}
    )
    CheckIn.objects.create(owner=personas.carol, week=monday(TODAY), own_time=5)
    assert reminders_send(TODAY) == 0


def test_turning_reminders_off(personas: Personas) -> None:
    client = as_user(personas.carol)
    client.post(reverse("together:reminder"), {"weekly_checkin": "on", "password": PASSWORD})
    client.post(reverse("together:reminder"), {})
    assert not reminder_is_on(personas.carol)
    assert reminders_send(TODAY) == 0


def test_turning_the_reminder_on_asks_for_her_password_every_time(personas: Personas) -> None:
    """Whoever holds her phone could otherwise have a weekly e-mail start coming (the two-minute
    audit of 2026-12-03, L1); turning it off is kept at once."""
    client = as_user(personas.carol)
    url = reverse("together:reminder")
    asked = client.post(url, {"weekly_checkin": "on"})
    assert asked.status_code == 200
    assert "turn on the weekly reminder e-mail" in asked.content.decode()
    assert not reminder_is_on(personas.carol)
    assert client.post(url, {"weekly_checkin": "on", "password": "not hers"}).status_code == 400
    assert not reminder_is_on(personas.carol)
    assert client.post(url, {"weekly_checkin": "on", "password": PASSWORD}).status_code == 302
    assert reminder_is_on(personas.carol)
    assert client.post(url, {"weekly_checkin": "on"}).status_code == 302  # on already
    assert client.post(url, {}).status_code == 302
    assert not reminder_is_on(personas.carol)


def test_remind_command(
    personas: Personas, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from interdepend.web.together import reminders

    monkeypatch.setattr(reminders, "in_reminder_hours", lambda *_: True)  # due now, any day
    as_user(personas.erin).post(
        reverse("together:reminder"), {"weekly_checkin": "on", "password": PASSWORD}
    )
    assert main(["remind"]) == 0
    assert "sent 1 reminder(s)" in capsys.readouterr().out


# --- when it goes (the time audit of 2026-12-03) -------------------------------------------

TOKYO = ZoneInfo("Asia/Tokyo")


def sent_at_each_hour(start: datetime, hours: int) -> list[tuple[int, int]]:
    """Run the sender every hour from ``start``: (weekday, hour) in Tokyo of each sending."""
    sent = []
    for hour in range(hours):
        moment = start + timedelta(hours=hour)
        if reminders_send(now=moment):
            local = moment.astimezone(TOKYO)
            sent.append((local.weekday(), local.hour))
    return sent


@pytest.mark.parametrize(
    ("turned_on", "week"),
    [
        (datetime(2027, 3, 3, 2, 30), "on a Wednesday: not that night, but the next Monday"),
        (datetime(2027, 3, 7, 22, 30), "late on a Sunday: not for the week ending, once Monday"),
        (datetime(2027, 3, 1, 21, 30), "on a Monday evening: the next Monday"),
        (datetime(2027, 3, 1, 8, 30), "early on a Monday: that morning at nine"),
    ],
)
def test_the_reminder_goes_on_her_monday_morning_once_a_week(
    personas: Personas, turned_on: datetime, week: str
) -> None:
    """Turned on mid-week it went at the next hourly run (03:00 her time); turned on late on a
    Sunday it went at 23:00 for the week ending, then again at 09:00 on Monday. Now only on her
    own Monday from 09:00 (before 21:00), once a week, whenever it was turned on."""
    services.user_time_zone_set(user=personas.carol, zone="Asia/Tokyo")
    reminder_set(user=personas.carol, on=True)
    start = turned_on.replace(tzinfo=TOKYO) + timedelta(minutes=35)  # the next run, at :05
    assert sent_at_each_hour(start, 14 * 24) == [(0, 9), (0, 9)], week


def test_a_monday_without_a_run_in_its_daytime_has_none(personas: Personas) -> None:
    services.user_time_zone_set(user=personas.carol, zone="Asia/Tokyo")
    reminder_set(user=personas.carol, on=True)
    monday_night = datetime(2027, 3, 1, 21, 5, tzinfo=TOKYO)
    assert reminders_send(now=monday_night - timedelta(hours=13)) == 0  # 08:05
    assert reminders_send(now=monday_night) == 0
    assert reminders_send(now=monday_night + timedelta(hours=12)) == 0  # Tuesday 09:05


@pytest.mark.parametrize(
    ("quiet", "sent"),
    [
        ((8, 12), [(0, 12), (0, 12)]),  # quiet all morning: at noon (before: 09:00, in them)
        ((21, 8), [(0, 9), (0, 9)]),  # the default night: at nine, as before
        ((9, 21), []),  # quiet all of Monday's daytime: none, rather than in her quiet hours
        ((10, 10), [(0, 9), (0, 9)]),  # the same hour twice: no quiet hours
    ],
)
def test_the_reminder_keeps_out_of_her_quiet_hours(
    personas: Personas, quiet: tuple[int, int], sent: list[tuple[int, int]]
) -> None:
    """Quiet hours she chose for notifications hold for the e-mail reminder too (the re-audit
    of 2026-12-03, L6: it went at 09:00 into quiet hours of 08:00-12:00)."""
    services.user_time_zone_set(user=personas.carol, zone="Asia/Tokyo")
    push_choice_set(user=personas.carol, kinds=set(), quiet_from=quiet[0], quiet_until=quiet[1])
    reminder_set(user=personas.carol, on=True)
    start = datetime(2027, 3, 1, 0, 5, tzinfo=TOKYO)
    assert sent_at_each_hour(start, 14 * 24) == sent


# --- the plain look (the notify audit of 2026-12-03) ----------------------------------------


@pytest.mark.parametrize(("language", "name"), [("en", "Notes"), ("es", "Notas")])
def test_with_the_plain_look_the_e_mail_is_as_plain_as_its_notifications(
    personas: Personas, settings: Any, language: str, name: str
) -> None:
    """Her subject, sender and words named Interdepend and her weekly check-in every week,
    whatever her look, in a mailbox a partner may read. With the plain look: the look's name as
    the sender's, in her language, and words that say what neither the app nor it is about."""
    settings.DEFAULT_FROM_EMAIL = "Interdepend <no-reply@couples.example.org>"
    carol = personas.carol
    carol.home_screen_look = HomeScreenLook.NEUTRAL
    carol.language = language
    carol.save()
    reminder_set(user=carol, on=True)
    assert reminders_send(TODAY) == 1
    (message,) = mail.outbox
    assert message.from_email == f"{name} <no-reply@couples.example.org>"
    assert message.subject == {"en": "A weekly reminder", "es": "Un recordatorio semanal"}[language]
    text = f"{message.from_email}\n{message.subject}\n{message.body}".lower()
    for telling in ("interdepend", "check-in", "partner", "pareja", "week has started"):
        assert telling not in text
    assert message.to == [carol.email]


def test_with_the_app_look_the_e_mail_keeps_its_words_and_names_no_app(
    personas: Personas,
) -> None:
    """Her subject and sender named the app whatever her look (the phone audit); the words
    about her check-in stay, for whoever kept the app's look."""
    reminder_set(user=personas.carol, on=True)
    assert reminders_send(TODAY) == 1
    (message,) = mail.outbox
    assert message.from_email == "Notes <no-reply@localhost>"
    assert message.subject == "A gentle nudge for the new week"
    assert "weekly check-in" in message.body
    assert "interdepend" not in f"{message.subject}\n{message.body}".lower()
