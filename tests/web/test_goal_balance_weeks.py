"""The goals chart's weeks (``together.selectors.balance``): from the first week with a step
noted, not half a year before it. A couple in their first week saw one bar at the far end of an
axis from "8 Jun" to "30 Nov" (the first-weeks walk of 2026-12-04)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from interdepend.web.together.selectors import Balance, balance, both_balances, this_week


def noon(weeks_ago: int) -> datetime:
    monday = this_week() - timedelta(weeks=weeks_ago)
    return timezone.make_aware(datetime(monday.year, monday.month, monday.day, 12))


def test_a_first_weeks_step_is_the_only_week() -> None:
    found = balance([(noon(0), None)])
    assert found.weeks == [this_week()]
    assert (found.me, found.we) == ([1], [0])


def test_the_weeks_run_from_the_first_step_to_this_week_with_the_empty_ones_between() -> None:
    found = balance([(noon(3), 7), (noon(1), None), (noon(1), None)])
    assert found.weeks == [this_week() - timedelta(weeks=n) for n in (3, 2, 1, 0)]
    assert (found.me, found.we) == ([0, 0, 2, 0], [1, 0, 0, 0])


def test_steps_older_than_the_half_year_are_left_out_and_none_keep_the_whole_span() -> None:
    assert balance([(noon(40), None), (noon(2), None)]).me == [1, 0, 0]
    empty = balance([])
    assert len(empty.weeks) == 26 and not any(empty.me) and not any(empty.we)


def _old_trend_balances(
    rows: list[tuple[datetime, int | None, int]], user_id: int, partnership_id: int
) -> tuple[Balance, Balance]:
    """Trends' two balances as they were counted: two lists, each through :func:`balance`."""
    own = [(at, shared) for at, shared, owner in rows if shared is None or owner == user_id]
    ours = [(at, shared) for at, shared, _owner in rows if shared == partnership_id]
    return balance(own), balance(ours)


# Zones whose clocks change at midnight (Santiago, Havana), by half an hour (Lord Howe), a day
# ahead of UTC (Kiritimati), and UTC itself.
ZONES = ["UTC", "America/Santiago", "America/Havana", "Australia/Lord_Howe", "Pacific/Kiritimati"]


@pytest.mark.parametrize("zone", ZONES)
def test_trends_two_balances_in_one_pass_are_balance_of_each_list(zone: str) -> None:
    rng = random.Random(zone)
    with timezone.override(zone):
        here = timezone.get_current_timezone()
        first = this_week() - timedelta(weeks=27)
        # Every local midnight of the weeks shown and either side, and a moment either side.
        edges = [
            datetime.combine(first + timedelta(days=d), time.min, tzinfo=here).astimezone(UTC)
            + timedelta(microseconds=shift)
            for d in range(0, 7 * 28)
            for shift in (-1, 0, 1)
        ]
        for trial in range(12):
            count = [0, 1, 5, 60, 400][trial % 5]
            moments = rng.sample(edges, min(count, len(edges))) + [
                timezone.now() - timedelta(seconds=rng.randrange(220 * 86400)) for _ in range(count)
            ]
            rows = [(at, rng.choice([None, 7, 7]), rng.choice([3, 4])) for at in moments]
            rng.shuffle(rows)
            found = both_balances(rows, 3, 7)
            assert found == _old_trend_balances(rows, 3, 7), (zone, trial)
            assert found[0].weeks is not found[1].weeks  # each its own list


def test_trends_two_balances_with_no_note_are_the_whole_span_each() -> None:
    mine, ours = both_balances([], 3, 7)
    assert mine == ours == balance([])
    assert len(mine.weeks) == 26 and mine.weeks is not ours.weeks


def _counters_balance(notes: list[tuple[datetime, int | None]], weeks: int = 26) -> Balance:
    """``balance`` as it was before issue 15's seventeenth pass (two counters, each of the
    weeks looked up in both): the reference the faster one is held to."""
    from collections import Counter

    from interdepend.web.together.selectors import week_start

    first = this_week() - timedelta(weeks=weeks - 1)
    mondays = [first + timedelta(weeks=n) for n in range(weeks)]
    me: Counter[date] = Counter()
    we: Counter[date] = Counter()
    here = timezone.get_current_timezone()
    for created_at, partnership_id in notes:
        monday = week_start(created_at.astimezone(here).date())
        (we if partnership_id else me)[monday] += 1
    noted = [m for m in mondays if me[m] or we[m]]
    if noted:
        mondays = mondays[mondays.index(noted[0]) :]
    return Balance(weeks=mondays, me=[me[m] for m in mondays], we=[we[m] for m in mondays])


@hypothesis_settings(max_examples=300, deadline=None)
@given(
    offsets=st.lists(
        st.tuples(
            st.integers(min_value=-60 * 24 * 7 * 30, max_value=60 * 24 * 2),
            st.one_of(st.none(), st.integers(min_value=0, max_value=3)),
        ),
        max_size=80,
    ),
    zone=st.sampled_from(["UTC", "Pacific/Kiritimati", "Pacific/Pago_Pago", "Europe/Madrid"]),
    weeks=st.sampled_from([1, 2, 26, 52]),
)
def test_balance_is_the_counters_way_for_any_notes_in_any_zone(
    offsets: list[tuple[int, int | None]], zone: str, weeks: int
) -> None:
    """Notes up to thirty weeks back (and a little ahead), minutes apart so that many fall
    by a midnight or a Monday where she is; own (no partnership, or 0) and shared."""
    with timezone.override(zone):
        now = timezone.now()
        notes = [(now + timedelta(minutes=minutes), pid) for minutes, pid in offsets]
        assert balance(notes, weeks) == _counters_balance(notes, weeks)


@pytest.mark.parametrize("zone", ZONES)
def test_trends_balances_read_from_balance_since_and_count_its_weeks(
    zone: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Trends works this week out once: its read starts where :func:`balance_since` says, and
    the weeks counted are the ones :func:`both_balances` finds for itself, in every zone."""
    from types import SimpleNamespace
    from typing import Any, cast

    from interdepend.web.accounts.models import User
    from interdepend.web.partners.access import ActivePartnership
    from interdepend.web.together import selectors

    asked: list[datetime] = []
    rng = random.Random(zone)
    with timezone.override(zone):
        rows = [
            (timezone.now() - timedelta(seconds=rng.randrange(200 * 86400)), None, 3)
            for _ in range(20)
        ]

        def reading(user_id: int, partnership_id: int, since: datetime) -> list[Any]:
            asked.append(since)
            return rows

        monkeypatch.setattr(selectors, "_trend_notes", reading)
        her = cast(User, SimpleNamespace(pk=3))
        active = cast(ActivePartnership, SimpleNamespace(partnership=SimpleNamespace(pk=7)))
        found = selectors.trend_balances(her, active)
        assert asked == [selectors.balance_since()]
        assert found == both_balances(rows, 3, 7)
        first = this_week() - timedelta(weeks=25)
        assert both_balances(rows, 3, 7, first) == found
        # With her zone and this week there handed in (as the page finds them once for both
        # reads): the same read's start, the same weeks, the same counts.
        monday = selectors.this_week_where(timezone.get_current_timezone())
        assert monday == this_week()
        handed = selectors.trend_balances(
            her, active, monday=monday, zone=timezone.get_current_timezone()
        )
        assert asked == [selectors.balance_since()] * 2
        assert handed == found
        assert both_balances(rows, 3, 7, first, timezone.get_current_timezone()) == found


@pytest.mark.parametrize("zone", ZONES)
def test_trends_check_ins_are_read_from_the_same_monday_when_it_is_handed_in(
    zone: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page hands :func:`trend_reads` this week's Monday where she is; the check-ins are
    read from the first of the same two years as when it finds the week itself."""
    from types import SimpleNamespace
    from typing import Any, cast

    from interdepend.web.accounts.models import User
    from interdepend.web.partners.access import ActivePartnership
    from interdepend.web.together import selectors

    asked: list[date] = []

    def reading(user_id: int, partnership_id: int, since: date) -> tuple[list[Any], None]:
        asked.append(since)
        return [], None

    monkeypatch.setattr(selectors, "_trend_fetch", reading)
    her = SimpleNamespace(pk=3, display_name="Maya")
    active = SimpleNamespace(
        partnership=SimpleNamespace(pk=7), partner=SimpleNamespace(pk=4, display_name="Jonah")
    )
    with timezone.override(zone):
        person, couple = cast(User, her), cast(ActivePartnership, active)
        found = selectors.trend_reads(person, couple)
        monday = selectors.this_week_where(timezone.get_current_timezone())
        handed = selectors.trend_reads(person, couple, monday=monday)
        assert handed == found
        assert asked == [selectors._since()] * 2
        assert asked[0] == this_week() - timedelta(weeks=selectors.TREND_WEEKS - 1)


@hypothesis_settings(max_examples=300, deadline=None)
@given(day=st.dates())
def test_a_day_s_monday_is_the_day_less_its_weekday_in_days(day: date) -> None:
    """``week_start`` (and ``both_balances``' Monday of each note's day) steps back by the
    kept ``timedelta`` of the day's weekday: the Monday ``timedelta(days=day.weekday())`` gave,
    for any day a ``date`` can hold (its first, 1 January of year 1, is a Monday)."""
    from interdepend.web.together import selectors

    assert tuple(timedelta(days=n) for n in range(7)) == selectors.BACK_TO_MONDAY
    assert selectors.week_start(day) == day - timedelta(days=day.weekday())
