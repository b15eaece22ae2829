"""A notification never lights up her phone in her quiet hours, however late the phone comes
back on (the notify-outside audit of 2026-12-05).

The sender kept her quiet hours, but each message went to her phone's push service with a time
to live of four hours: a push service keeps a message for a phone that is off or out of reach
and hands it over when the phone is back. A nudge sent at 20:30 to a phone switched off for
the night showed on its screen when it came back on at 00:30, inside quiet hours that began at
21:00. Now the push service is told to keep it no longer than until her quiet hours begin; his
message, in the same run, keeps its own hours.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from interdepend.web.accounts.models import PushChoice, PushKind
from interdepend.web.home.selectors import Waiting
from interdepend.web.notify import sender
from tests.conftest import Personas
from tests.web.test_push import PushService, choose, subscribe

pytestmark = pytest.mark.django_db

#: Her own zone, far from the server's (UTC), so that her evening is not the server's.
HERS = ZoneInfo("America/Santiago")


def at(hour: int, minute: int = 0, zone: ZoneInfo = HERS) -> datetime:
    """A Wednesday at ``hour``:``minute`` on the clock of ``zone``."""
    return datetime(2026, 12, 2, hour, minute, tzinfo=zone)


def ttl_of(service: PushService, name: str) -> int:
    (got,) = [got for got in service.received if got.path.endswith(f"/{name}")]
    return int(got.headers["ttl"])


@pytest.fixture
def service() -> Iterator[PushService]:
    with PushService() as running:
        yield running


@pytest.fixture
def today_open(monkeypatch: pytest.MonkeyPatch) -> None:
    """Everyone's question for today is open: the "today" kind is due for all."""
    monkeypatch.setattr(sender, "waiting_for", lambda user_id: Waiting(today=0))


def test_her_nudge_in_the_evening_is_dropped_when_her_quiet_hours_begin(
    personas: Personas, service: PushService, today_open: None
) -> None:
    """Sent at 20:30 her time with quiet hours from 21:00: kept half an hour, not four."""
    alice, bob = personas.alice, personas.bob
    alice.time_zone = str(HERS)
    alice.save(update_fields=["time_zone"])
    choose(alice, {PushKind.TODAY}, quiet=(21, 8))
    choose(bob, {PushKind.TODAY})  # no quiet hours: his message keeps the usual four
    subscribe(alice, service, "hers")
    subscribe(bob, service, "his")

    report = sender.push_send(at(20, 30))

    assert report.devices == 2
    hers, his = ttl_of(service, "hers"), ttl_of(service, "his")
    print(f"\nsent at 20:30 her time, quiet from 21:00: hers kept {hers} s, his {his} s")
    assert hers == 30 * 60, "the push service may show it at most until 21:00 her time"
    assert his == sender.TTL_SECONDS, "his own hours, whatever hers are"


def test_at_midday_the_usual_four_hours(
    personas: Personas, service: PushService, today_open: None
) -> None:
    alice = personas.alice
    alice.time_zone = str(HERS)
    alice.save(update_fields=["time_zone"])
    choose(alice, {PushKind.TODAY}, quiet=(21, 8))
    subscribe(alice, service, "hers")

    sender.push_send(at(12))

    assert ttl_of(service, "hers") == sender.TTL_SECONDS


@pytest.mark.parametrize(
    ("quiet", "local", "seconds"),
    [
        ((21, 8), at(20, 30), 30 * 60),  # evening: until 21:00
        ((21, 8), at(20, 59), 60),
        ((1, 6), at(23, 0), 2 * 3600),  # quiet hours after midnight: the next day's 01:00
        ((1, 6), at(0, 30), 30 * 60),
        ((21, 8), at(8, 0), sender.TTL_SECONDS),  # the morning: far from the evening
        ((0, 0), at(23, 59), sender.TTL_SECONDS),  # no quiet hours at all
        # The clocks go forward in Madrid at 02:00 on 29 March 2026: from 01:30 to 03:00 on
        # the clock is half an hour, not an hour and a half.
        ((3, 8), datetime(2026, 3, 29, 1, 30, tzinfo=ZoneInfo("Europe/Madrid")), 30 * 60),
    ],
)
def test_the_time_to_live_ends_when_the_quiet_hours_begin(
    quiet: tuple[int, int], local: datetime, seconds: int
) -> None:
    choice = PushChoice(quiet_from=quiet[0], quiet_until=quiet[1])
    assert not choice.is_quiet(local.hour), "the sender sends nothing in quiet hours"
    kept = sender.ttl_before_quiet(choice, local)
    assert kept == seconds
    # Wherever it is shown within that time, her clock is outside her quiet hours.
    last = (local.astimezone(UTC) + timedelta(seconds=kept - 1)).astimezone(local.tzinfo)
    assert not choice.is_quiet(last.hour)
