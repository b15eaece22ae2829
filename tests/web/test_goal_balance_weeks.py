"""The goals chart's weeks (``together.selectors.balance``): from the first week with a step
noted, not half a year before it. A couple in their first week saw one bar at the far end of an
axis from "8 Jun" to "30 Nov" (the first-weeks walk of 2026-12-04)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from interdepend.web.together.selectors import balance, this_week


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
