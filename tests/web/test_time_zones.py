"""Each person's days, weeks, dates and quiet hours follow their own time zone (accounts/zones.py).

A couple may live apart: with one server-wide zone, a partner in Auckland had his day change at
13:00 and one in Los Angeles at 16:00. These tests give a person a zone whose date differs from
the server's right now (so nothing needs the clock frozen) and check what they meet.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import formats, timezone

from interdepend.web.accounts import services, zones
from interdepend.web.accounts.models import User
from interdepend.web.daily.models import DailyAnswer
from interdepend.web.journal.models import Entry
from interdepend.web.together.models import CheckIn, CirclePerson, Commitment, Reminder
from interdepend.web.together.reminders import reminders_send
from interdepend.web.together.selectors import week_start
from tests.conftest import PASSWORD, Personas
from tests.helpers import active_partnership, as_user

pytestmark = pytest.mark.django_db


def a_day_apart() -> tuple[str, date]:
    """A zone whose date is not the server's at this moment, and that date. At any hour, one of
    UTC+14 and UTC-11 is on another day than UTC."""
    server = timezone.localdate()
    for name in ("Pacific/Kiritimati", "Pacific/Pago_Pago"):
        there = timezone.localdate(timezone.now(), ZoneInfo(name))
        if there != server:
            return name, there
    raise AssertionError("no zone a day apart: is the server's zone UTC?")


@pytest.fixture
def apart(personas: Personas) -> tuple[User, date]:
    name, there = a_day_apart()
    services.user_time_zone_set(user=personas.alice, zone=name)
    return personas.alice, there


def test_the_zone_list_is_the_databases_names_without_old_aliases() -> None:
    names = zones.zone_names()
    assert "Europe/Madrid" in names and "America/Los_Angeles" in names and "UTC" in names
    assert not any(n.startswith(("US/", "Etc/")) or n in {"EST", "GB"} for n in names)
    assert list(names) == sorted(names)
    assert zones.from_browser(" Pacific/Auckland ") == "Pacific/Auckland"
    assert zones.from_browser("Etc/UTC") == "UTC"
    for bad in ("", "Mars/Olympus", "../../etc/passwd", "Europe/Madrid\x00", None, "x" * 500):
        assert zones.from_browser(bad) == ""


def test_she_chooses_her_zone_on_the_account_page_and_a_bad_one_changes_nothing(
    personas: Personas,
) -> None:
    client = as_user(personas.alice)
    page = client.get(reverse("accounts:settings")).content.decode()
    assert f'<option value="{settings.TIME_ZONE}" selected>' in page
    assert "js/timezone.js" in page and 'id="device-zone"' in page
    kept = client.post(reverse("accounts:time_zone"), {"time_zone": "America/Los_Angeles"})
    assert kept.status_code == 302 and kept["Location"] == reverse("accounts:settings")
    personas.alice.refresh_from_db()
    assert personas.alice.time_zone == "America/Los_Angeles"
    page = client.get(reverse("accounts:settings")).content.decode()
    assert '<option value="America/Los_Angeles" selected>America/Los Angeles</option>' in page
    assert "(America/Los Angeles)" in page
    for bad in ({"time_zone": "Mars/Olympus"}, {"time_zone": ""}, {}):
        refused = client.post(reverse("accounts:time_zone"), bad)
        assert refused.status_code == 400
        assert "Please choose your time zone from the list." in refused.content.decode()
    personas.alice.refresh_from_db()
    assert personas.alice.time_zone == "America/Los_Angeles"


def test_a_sign_in_keeps_the_browsers_zone_only_while_none_is_kept(personas: Personas) -> None:
    def sign_in(zone: str) -> None:
        answer = Client().post(
            reverse("accounts:login"),
            {"username": personas.carol.email, "password": PASSWORD, "time_zone": zone},
        )
        assert answer.status_code == 302

    sign_in("Mars/Olympus")
    personas.carol.refresh_from_db()
    assert personas.carol.time_zone == ""
    sign_in("Europe/Madrid")
    personas.carol.refresh_from_db()
    assert personas.carol.time_zone == "Europe/Madrid"
    sign_in("Asia/Tokyo")  # travelling: what she chose stays until she changes it
    personas.carol.refresh_from_db()
    assert personas.carol.time_zone == "Europe/Madrid"
    page = Client().get(reverse("accounts:login")).content.decode()
    assert 'name="time_zone" value="" data-device-zone' in page and "js/timezone.js" in page


def test_a_new_account_takes_the_zone_its_browser_names() -> None:
    from tests.web.test_accounts import link_in, mails_to, signup

    client = Client()
    signup(client, "zone@example.test")
    path = link_in(mails_to("zone@example.test")[-1])
    assert 'name="time_zone" value="" data-device-zone' in client.get(path).content.decode()
    assert (
        client.post(path, {"time_zone": "America/Sao_Paulo", "password": PASSWORD}).status_code
        == 302
    )
    assert User.objects.get(email="zone@example.test").time_zone == "America/Sao_Paulo"


def test_her_pages_use_her_date_not_the_servers(apart: tuple[User, date]) -> None:
    alice, there = apart
    client = as_user(alice)
    # A promise due on her today is taken; the date picker starts at it.
    page = client.get(reverse("together:commitments")).content.decode()
    assert f'min="{there.isoformat()}"' in page
    made = client.post(
        reverse("together:commitments"), {"text": "Call my sister", "due_on": there.isoformat()}
    )
    assert made.status_code == 302
    assert Commitment.objects.filter(owner=alice, due_on=there).exists()
    # The circle takes her today as the day she saw someone.
    seen = client.post(
        reverse("together:circle"), {"name": "Grandma", "last_connected": there.isoformat()}
    )
    assert seen.status_code == 302
    assert CirclePerson.objects.get(owner=alice, name="Grandma").last_connected == there
    # The check-in is for her week.
    week = week_start(there)
    page = client.get(reverse("together:checkin")).content.decode()
    assert f'name="week" value="{week.isoformat()}"' in page
    client.post(reverse("together:checkin"), {"heard": "5", "week": week.isoformat()})
    assert CheckIn.objects.filter(owner=alice, week=week).exists()
    # A journal entry written now is dated on her day.
    client.post(reverse("journal:write"), {"body": "Written today."})
    assert Entry.objects.filter(owner=alice).exists()
    shown = formats.date_format(there, "DATE_FORMAT")
    assert shown in client.get(reverse("journal:home")).content.decode()


def test_an_answer_sent_after_her_midnight_goes_with_the_question_she_read(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    from interdepend.web.daily import views as daily_views

    alice = personas.carol  # no partner: her answers are hers alone
    client = as_user(alice)
    today = timezone.localdate()
    yesterday = today - timedelta(days=1)
    DailyAnswer.objects.filter(owner=alice).delete()
    # Long after midnight, yesterday's page saves nothing: she did not see that day now.
    monkeypatch.setattr(daily_views, "GRACE_HOURS", 0)
    late = client.post(
        reverse("daily:today"), {"text": "Sent at noon.", "day": yesterday.isoformat()}
    )
    assert late.status_code == 409 and not DailyAnswer.objects.filter(owner=alice).exists()
    monkeypatch.setattr(daily_views, "GRACE_HOURS", 24)  # as if just after her midnight
    saved = client.post(
        reverse("daily:today"), {"text": "Written at midnight.", "day": yesterday.isoformat()}
    )
    assert saved.status_code == 302
    mine = DailyAnswer.objects.get(owner=alice)
    assert mine.day == yesterday and mine.text == "Written at midnight."
    after = client.get(reverse("daily:today")).content.decode()
    assert "the one you were answering" in after.replace("&#x27;", "'")
    # A page left open for days saves nothing: her words wait under today's question.
    old = client.post(
        reverse("daily:today"),
        {"text": "Left open for days.", "day": (today - timedelta(days=3)).isoformat()},
    )
    assert old.status_code == 409
    assert "Left open for days." in old.content.decode()
    assert DailyAnswer.objects.filter(owner=alice).count() == 1
    # Today's own form, and one without the day (an older page), save to today.
    client.post(reverse("daily:today"), {"text": "Today's.", "day": today.isoformat()})
    assert DailyAnswer.objects.get(owner=alice, day=today).text == "Today's."


def test_a_check_in_opened_before_her_monday_is_kept_for_the_week_it_showed(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    from interdepend.web.together import views as together_views

    carol = personas.carol
    client = as_user(carol)
    this = week_start(timezone.localdate())
    last = this - timedelta(weeks=1)
    CheckIn.objects.filter(owner=carol).delete()
    url = reverse("together:checkin")
    at = {hour: datetime(this.year, this.month, this.day, hour, tzinfo=UTC) for hour in (8, 13)}
    # On her Monday morning, last week's page is kept for last week.
    monkeypatch.setattr(together_views, "_local_now", lambda: at[8])
    client.post(url, {"heard": "4", "week": last.isoformat()})
    assert list(CheckIn.objects.filter(owner=carol).values_list("week", flat=True)) == [last]
    # Later in the week, or a page from weeks ago, saves nothing and keeps her answers.
    for when, week in ((at[13], last), (at[8], this - timedelta(weeks=5))):
        monkeypatch.setattr(together_views, "_local_now", lambda w=when: w)
        kept = client.post(url, {"heard": "6", "need": "Quiet evenings", "week": str(week)})
        page = kept.content.decode()
        assert kept.status_code == 409 and "Quiet evenings" in page
        assert f'name="week" value="{this.isoformat()}"' in page
    assert list(CheckIn.objects.filter(owner=carol).values_list("week", flat=True)) == [last]
    client.post(url, {"heard": "6", "week": this.isoformat()})
    assert set(CheckIn.objects.filter(owner=carol).values_list("week", flat=True)) == {last, this}


def test_the_weekly_e_mail_follows_each_persons_week(personas: Personas) -> None:
    """Monday 09:00 in Auckland is Sunday 20:00 in UTC: his reminder is for his new week, and
    one for a person still in Sunday waits for her Monday (her last week's was sent)."""
    alice, bob = personas.alice, personas.bob
    services.user_time_zone_set(user=bob, zone="Pacific/Auckland")
    services.user_time_zone_set(user=alice, zone="America/Los_Angeles")
    Reminder.objects.all().delete()
    CheckIn.objects.filter(owner__in=[alice, bob]).delete()
    for person in (alice, bob):
        Reminder.objects.create(owner=person, weekly_checkin=True)
    Reminder.objects.filter(owner=alice).update(last_sent_week=date(2026, 11, 30))
    sunday_evening = datetime(2026, 12, 6, 20, 0, tzinfo=ZoneInfo("UTC"))
    assert reminders_send(now=sunday_evening) == 1
    weeks = dict(Reminder.objects.values_list("owner_id", "last_sent_week"))
    assert weeks[bob.pk] == date(2026, 12, 7)  # his Monday, 09:00
    assert weeks[alice.pk] == date(2026, 11, 30)  # still her Sunday
    assert reminders_send(now=sunday_evening + timedelta(hours=1)) == 0
    # Run every hour, hers comes at 09:00 on her Monday, not at her midnight.
    sent_at = []
    for hour in range(1, 24):
        moment = sunday_evening + timedelta(hours=hour)
        if reminders_send(now=moment):
            sent_at.append(moment.astimezone(ZoneInfo("America/Los_Angeles")))
    assert [(m.weekday(), m.hour) for m in sent_at] == [(0, 9)]
    assert Reminder.objects.get(owner=alice).last_sent_week == date(2026, 12, 7)


def test_partners_in_different_zones_get_the_same_shared_question_for_a_date(
    personas: Personas,
) -> None:
    """A couple's question for a date is chosen from the results they had shown each other
    before the date began: the same moment for both (where it begins first), not each one's
    midnight, or a result shown between Auckland's midnight and Los Angeles' would give the
    two partners different questions for the same day."""
    from interdepend.core.daily import is_reflective_day
    from interdepend.web.couple.models import Reveal
    from interdepend.web.daily import access as daily

    seed = daily._seed("partnership", active_partnership(personas.alice).partnership.pk)
    day = timezone.localdate() + timedelta(days=2)
    while is_reflective_day(seed, day):  # a day for one: each has their own question
        day += timedelta(days=1)
    starts = set()
    for zone in ("Pacific/Auckland", "America/Los_Angeles", "UTC"):
        with timezone.override(ZoneInfo(zone)):
            starts.add(daily._start_of(day))
    assert len(starts) == 1
    la_midnight = datetime(day.year, day.month, day.day, tzinfo=ZoneInfo("America/Los_Angeles"))
    Reveal.objects.update(revealed_at=la_midnight - timedelta(hours=1))  # Auckland's day began
    asked = {}
    for person, zone in (
        (personas.alice, "Pacific/Auckland"),
        (personas.bob, "America/Los_Angeles"),
    ):
        with timezone.override(ZoneInfo(zone)):
            active = active_partnership(person)
            asked[zone] = daily.question_of_day(person, active, day).id
    assert asked["Pacific/Auckland"] == asked["America/Los_Angeles"]


def test_her_promise_counts_as_due_for_him_only_once_its_day_began_everywhere(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    """He lives ahead of her (Auckland and Los Angeles): her promise was counted as due on his
    calendar, up to a day before its day began for her."""
    from interdepend.web.home.selectors import waiting_for
    from interdepend.web.together import services as together

    alice, bob = personas.alice, personas.bob
    due = date(2026, 12, 10)
    Commitment.objects.filter(owner=alice).delete()
    together.commitment_create(
        owner=alice,
        partnership=active_partnership(alice).partnership,
        text="Fix the gate",
        due_on=due,
        idem_key="",
    )
    counted = {}
    for hour in (5, 11, 12, 20):  # UTC on the due day; it begins in Los Angeles at 08:00 UTC
        moment = datetime(2026, 12, 10, hour, tzinfo=UTC)
        monkeypatch.setattr(timezone, "now", lambda m=moment: m)
        with timezone.override(ZoneInfo("Pacific/Auckland")):
            counted[hour] = waiting_for(bob.pk).their_promises
    assert counted == {5: 0, 11: 0, 12: 1, 20: 1}
