"""Her days and weeks where she lives, on the nights the clocks change and in the zones furthest
from the server's (accounts/zones.py; ``test_time_zones.py`` has the everyday cases).

A day may last 23 or 25 hours, an hour of her quiet time may not exist or may come twice, a
zone may be half an hour off the hour (Kolkata) or a whole day from another (Kiritimati and
Pago Pago). Each test pins the moment by handing it to the code (``now=``) or by patching
``timezone.now``, as the rest of the suite does.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from interdepend.web.accounts import push, services
from interdepend.web.accounts.models import PushKind, PushSent, User
from interdepend.web.home.selectors import Waiting
from interdepend.web.journal.models import Entry
from interdepend.web.notify import sender
from interdepend.web.together import services as together
from interdepend.web.together.models import Bid, CheckIn, Reminder
from interdepend.web.together.reminders import reminders_send
from interdepend.web.together.selectors import balance
from interdepend.web.together.templatetags.bidcards import draw
from tests.conftest import Personas
from tests.helpers import active_partnership, as_user
from tests.web.test_push import Browser

pytestmark = pytest.mark.django_db

QUARTER = timedelta(minutes=15)

#: A moment on her clock: year, month, day, hour, minute.
Wall = tuple[int, int, int, int, int]


def every_quarter(zone: ZoneInfo, day: date) -> list[datetime]:
    """Every quarter of an hour of ``day`` where ``zone`` is, in UTC: 92, 96 or 100 of them."""
    start = datetime(day.year, day.month, day.day, tzinfo=zone).astimezone(UTC)
    end = (datetime(day.year, day.month, day.day, tzinfo=zone) + timedelta(days=1)).astimezone(UTC)
    moments = []
    moment = start
    while moment < end:
        moments.append(moment)
        moment += QUARTER
    return moments


@pytest.fixture
def nothing_sent(monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing waiting and today's question open for everyone, and no message leaves the
    machine: the run's report says who would have been sent one."""
    monkeypatch.setattr(sender, "waiting_for", lambda user_id: Waiting(today=0))
    monkeypatch.setattr(sender, "_send_all", lambda outbox, report: None)


#: Nights the clocks change, with quiet hours over midnight that take in the hour skipped or
#: repeated, and the hour on her clock the day's notification comes at.
CHANGE_NIGHTS = [
    # Madrid, spring: 02:00 becomes 03:00 (a 23-hour day; 02:xx never happens).
    ("Europe/Madrid", date(2026, 3, 29), (22, 3), 3),
    # Madrid, autumn: 03:00 becomes 02:00 again (a 25-hour day; 02:xx happens twice).
    ("Europe/Madrid", date(2026, 10, 25), (23, 3), 3),
    # New York, autumn: 02:00 becomes 01:00 (01:xx twice).
    ("America/New_York", date(2026, 11, 1), (0, 2), 2),
    # New York, spring: 02:00 becomes 03:00.
    ("America/New_York", date(2026, 3, 8), (21, 3), 3),
    # Auckland, spring: 02:00 becomes 03:00 (UTC+13 from then on).
    ("Pacific/Auckland", date(2026, 9, 27), (23, 3), 3),
    # Auckland, autumn: 03:00 becomes 02:00 (02:xx twice).
    ("Pacific/Auckland", date(2026, 4, 5), (22, 3), 3),
]


@pytest.mark.parametrize(("zone_name", "day", "quiet", "hour"), CHANGE_NIGHTS)
def test_a_notification_comes_once_on_the_nights_the_clocks_change_and_never_in_quiet_hours(
    personas: Personas,
    nothing_sent: None,
    zone_name: str,
    day: date,
    quiet: tuple[int, int],
    hour: int,
) -> None:
    """Run every quarter of an hour over her whole day, whatever its length: one notification,
    at the first hour after her quiet ones on her own clock, never in an hour that came twice,
    never a second one in the hour that was repeated."""
    alice = personas.alice
    services.user_time_zone_set(user=alice, zone=zone_name)
    browser = Browser()  # its messages go nowhere (``nothing_sent``)
    push.push_subscribe(
        user=alice, endpoint="http://127.0.0.1:9/push/a", p256dh=browser.p256dh, auth=browser.auth
    )
    push.push_choice_set(
        user=alice, kinds={PushKind.TODAY}, quiet_from=quiet[0], quiet_until=quiet[1]
    )
    zone = ZoneInfo(zone_name)
    sent = [m for m in every_quarter(zone, day) if sender.push_send(m).people]
    assert len(sent) == 1, [m.astimezone(zone).isoformat() for m in sent]
    local = sent[0].astimezone(zone)
    assert (local.date(), local.hour, local.minute) == (day, hour, 0)
    assert list(PushSent.objects.filter(user=alice).values_list("day", flat=True)) == [day]


@pytest.mark.parametrize(
    ("zone_name", "first_local"),
    [
        ("Pacific/Kiritimati", (9, 0)),  # UTC+14: Sunday 19:00 in UTC
        ("Pacific/Pago_Pago", (9, 0)),  # UTC-11: Monday 20:00 in UTC
        ("Asia/Kolkata", (9, 30)),  # +5:30: an hourly run comes at half past her hours
        ("Pacific/Auckland", (9, 0)),  # the Monday after its clocks went forward
        ("Europe/Madrid", (9, 0)),  # the Monday after its clocks went back
    ],
)
def test_the_weekly_e_mail_comes_once_on_her_monday_morning_wherever_she_is(
    personas: Personas, zone_name: str, first_local: tuple[int, int]
) -> None:
    """An hourly run, on the hour in UTC, over the nine days around her Monday: one e-mail, in
    the first run of her Monday's morning from 09:00, for her own week."""
    alice = personas.alice
    services.user_time_zone_set(user=alice, zone=zone_name)
    Reminder.objects.all().delete()
    CheckIn.objects.filter(owner=alice).delete()
    Reminder.objects.create(owner=alice, weekly_checkin=True)
    zone = ZoneInfo(zone_name)
    # Her Monday after the night the clocks changed (or a week in December).
    monday = {
        "Pacific/Auckland": date(2026, 9, 28),
        "Europe/Madrid": date(2026, 10, 26),
    }.get(zone_name, date(2026, 12, 7))
    start = datetime(monday.year, monday.month, monday.day, tzinfo=UTC) - timedelta(days=4)
    sent_at = []
    for hours in range(9 * 24):
        moment = start + timedelta(hours=hours)
        if reminders_send(now=moment):
            sent_at.append(moment.astimezone(zone))
    assert [(m.date(), (m.hour, m.minute)) for m in sent_at] == [(monday, first_local)]
    assert Reminder.objects.get(owner=alice).last_sent_week == monday


def bid_from(sender_user: User, to: User, at: datetime) -> Bid:
    partnership = active_partnership(to).partnership
    bid = together.bid_send(owner=sender_user, partnership=partnership, text="Tea?", idem_key="")
    Bid.objects.filter(pk=bid.pk).update(created_at=at)
    return Bid.objects.select_related("owner").get(pk=bid.pk)


@pytest.mark.parametrize(
    ("zone_name", "sent", "read", "words"),
    [
        # Madrid's 23-hour Sunday: 22 hours after it was sent, the day before.
        ("Europe/Madrid", (2026, 3, 28, 23, 30), (2026, 3, 29, 22, 30), "sent yesterday"),
        # Its 25-hour Sunday: 24 hours and a half later, still the day before.
        ("Europe/Madrid", (2026, 10, 24, 23, 30), (2026, 10, 25, 23, 0), "sent yesterday"),
        # A bid sent in the hour that came twice, read that day: today.
        ("America/New_York", (2026, 11, 1, 1, 30), (2026, 11, 1, 23, 59), "sent today"),
        # Kiritimati is a day ahead of UTC at 11:00 UTC: her Monday, sent on her Sunday.
        ("Pacific/Kiritimati", (2026, 12, 6, 23, 0), (2026, 12, 7, 1, 0), "sent yesterday"),
        # Kolkata: sent at 23:45 on her Saturday, read at 00:15 on her Monday.
        ("Asia/Kolkata", (2026, 12, 5, 23, 45), (2026, 12, 7, 0, 15), "2 days ago"),
    ],
)
def test_a_bid_says_how_many_of_her_days_ago_it_was_sent_not_how_many_24_hours(
    personas: Personas,
    monkeypatch: pytest.MonkeyPatch,
    zone_name: str,
    sent: Wall,
    read: Wall,
    words: str,
) -> None:
    zone = ZoneInfo(zone_name)
    sent_at = datetime(*sent, tzinfo=zone)
    read_at = datetime(*read, tzinfo=zone)
    bid = bid_from(personas.bob, personas.alice, sent_at)
    monkeypatch.setattr(timezone, "now", lambda: read_at.astimezone(UTC))
    with timezone.override(zone):
        drawn = draw(bid, user=personas.alice, csrf="T" * 64)
    assert words in drawn


@pytest.mark.parametrize(
    ("zone_name", "noted", "monday"),
    [
        # Monday 00:30 in Auckland is Sunday 11:30 in UTC: her new week's step.
        ("Pacific/Auckland", (2026, 12, 7, 0, 30), date(2026, 12, 7)),
        # Sunday 23:30 in Pago Pago is Monday 10:30 in UTC: still her old week.
        ("Pacific/Pago_Pago", (2026, 12, 6, 23, 30), date(2026, 11, 30)),
        # Sunday 23:30 on Madrid's 25-hour night: the week that night ends.
        ("Europe/Madrid", (2026, 10, 25, 23, 30), date(2026, 10, 19)),
    ],
)
def test_a_step_on_a_goal_counts_in_her_own_week(
    monkeypatch: pytest.MonkeyPatch, zone_name: str, noted: Wall, monday: date
) -> None:
    zone = ZoneInfo(zone_name)
    at = datetime(*noted, tzinfo=zone)
    monkeypatch.setattr(timezone, "now", lambda: at.astimezone(UTC) + timedelta(days=14))
    with timezone.override(zone):
        found = balance([(at.astimezone(UTC), None)])
    counted = Counter(dict(zip(found.weeks, found.me, strict=True)))
    assert found.weeks[0] == monday and counted[monday] == 1
    assert all(week.weekday() == 0 for week in found.weeks)
    assert found.weeks == [monday + timedelta(weeks=n) for n in range(len(found.weeks))]


def test_a_practitioners_invitation_says_which_clock_its_last_moment_is_on(
    personas: Personas,
) -> None:
    """A practitioner passes the code to a client who may live elsewhere (many meet on a
    screen): "open until 14:00" on his clock read as hers. As a partner's invitation does
    (``test_time_words.py``), the page and the list name his zone."""
    pat = personas.practice.pat
    services.user_time_zone_set(user=pat, zone="America/New_York")
    client = as_user(pat)
    made = client.post(reverse("practice:invite"), {"invited": "person"})
    assert made.status_code == 302
    shown = client.get(reverse("practice:invitation")).content.decode()
    assert 'id="invite-code"' in shown and "(America/New York time)." in shown
    listed = client.get(reverse("practice:dashboard")).content.decode()
    assert "(America/New York time)" in listed
    services.user_language_set(user=pat, language="es")
    client = as_user(pat)
    client.post(reverse("practice:invite"), {"invited": "couple"})
    shown = client.get(reverse("practice:invitation")).content.decode()
    assert 'lang="es"' in shown and "(hora de America/New York)." in shown
    listed = client.get(reverse("practice:dashboard")).content.decode()
    assert "(hora de America/New York)" in listed


@pytest.mark.parametrize(
    ("zone_name", "day"),
    [
        ("Europe/Madrid", date(2026, 10, 25)),  # 25 hours long
        ("Europe/Madrid", date(2026, 3, 29)),  # 23 hours long
        ("America/Havana", date(2026, 3, 8)),  # begins at 01:00: its midnight never comes
        ("Pacific/Kiritimati", date(2026, 12, 7)),
        ("Pacific/Pago_Pago", date(2026, 12, 7)),
        ("Asia/Kolkata", date(2026, 12, 7)),
    ],
)
def test_her_journal_day_runs_from_her_midnight_to_the_next_however_long(
    zone_name: str, day: date
) -> None:
    """Entries at the first and the last minute of her day share it, and each page writes
    their times; one a minute before and one at the next day's start do not."""
    from interdepend.web.accounts.services import user_create
    from interdepend.web.journal import selectors
    from interdepend.web.journal import services as journal

    owner = user_create(email="rosa@example.test", password="x" * 20, display_name="Rosa")
    zone = ZoneInfo(zone_name)
    begins = datetime(day.year, day.month, day.day, tzinfo=zone).astimezone(UTC)
    after = datetime.combine(day + timedelta(days=1), datetime.min.time(), tzinfo=zone)
    ends = after.astimezone(UTC)
    moments = [begins - timedelta(minutes=1), begins, ends - timedelta(minutes=1), ends]
    entries = []
    for n, moment in enumerate(moments):
        entry = journal.entry_create(owner=owner, body=f"Day {n}", prompt_key="", idem_key="")
        Entry.objects.filter(pk=entry.pk).update(created_at=moment)
        entries.append(Entry.objects.get(pk=entry.pk))
    with timezone.override(zone):
        shared = [selectors.shares_its_day(owner, entry) for entry in entries]
        same = selectors._same_days([entry.created_at for entry in entries])
        days = [timezone.localdate(entry.created_at) for entry in entries]
    assert shared == same == [False, True, True, False]
    assert days == [day - timedelta(days=1), day, day, day + timedelta(days=1)]
