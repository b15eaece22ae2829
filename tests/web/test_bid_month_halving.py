"""The bids page's months find where a month's span ends in the fetched rows by halving them
(``together.selectors._first_before``). On SQLite the moments come as the text SQLite stores,
and the halving compares those texts with the span's first moment written the same way
(``_stored``), converting only the two rows either side of the place it finds, to check it
(issue 15's twenty-seventh pass). Here that place is held to the halving that converted every
moment it looked at, over random rows: moments with and without microseconds, the same moment
several times, rows handed over as moments rather than texts, and a stored text that is wrong
(which only the check may catch). The months themselves are held to the rule over model
objects by ``test_series_reads.py`` and ``test_hand_written_reads.py``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from hypothesis import given, settings
from hypothesis import strategies as st

from interdepend.web.frame.rawsql import one_by_one
from interdepend.web.together import selectors

#: The texts compared are SQLite's: on any other database the moments come as moments and the
#: months convert each one the halving looks at (``test_series_reads.py`` holds them there).
SQLITE_ONLY = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's stored texts")

#: Around a month's end in UTC, where the bids page's spans begin and end.
_FIRST = datetime(2026, 1, 30, tzinfo=UTC)
_moments = st.builds(
    lambda seconds, micro: _FIRST + timedelta(seconds=seconds, microseconds=micro),
    st.integers(min_value=0, max_value=5 * 24 * 3600),
    st.sampled_from([0, 0, 1, 500_000, 999_999]),
)


def _zone() -> tzinfo:
    """The connection's zone, in which SQLite's backend stores a moment."""
    zone = connection.timezone
    assert zone is not None
    return zone


def _sent_at() -> Callable[[Any], Any]:
    """The moment's converter, as the months call it."""
    sent_at, _answer = one_by_one(selectors._MOMENT_FIELDS)
    return sent_at


def _rows(moments: list[datetime], as_text: bool) -> list[tuple[object, str]]:
    """Newest first, as the statement hands them over (the text SQLite stores, or moments)."""
    adapt = connection.ops.adapt_datetimefield_value
    ordered = sorted(moments, reverse=True)
    return [(adapt(m) if as_text else m.replace(tzinfo=None), "yes_now") for m in ordered]


@SQLITE_ONLY
@settings(max_examples=300, deadline=None)
@given(
    moments=st.lists(_moments, max_size=40),
    since=_moments,
    low=st.integers(min_value=0, max_value=41),
    as_text=st.booleans(),
    wrong=st.sampled_from(["", "0", "2026-02-01 00:00:00", "9999", None]),
)
def test_the_place_found_by_the_stored_texts_is_the_converted_halvings(
    moments: list[datetime], since: datetime, low: int, as_text: bool, wrong: str | None
) -> None:
    sent_at = _sent_at()
    rows = _rows(moments, as_text)
    low = min(low, len(rows))
    expected = selectors._first_converted_before(rows, low, since, sent_at)
    stored = selectors._stored(since, _zone())
    seen: dict[int, datetime] = {}
    assert selectors._first_before(rows, low, since, sent_at, stored, seen) == expected
    # What the check converted, kept for the months to take again, is each row's own moment.
    assert all(moment == sent_at(rows[at][0]) for at, moment in seen.items())
    assert set(seen) <= {expected}
    assert selectors._first_before(rows, low, since, sent_at) == expected
    if wrong is not None:  # a text that is not the stored one: the check falls back
        assert selectors._first_before(rows, low, since, sent_at, wrong) == expected


@SQLITE_ONLY
@settings(max_examples=200, deadline=None)
@given(
    moment=_moments,
    zone=st.sampled_from(["UTC", "Pacific/Kiritimati", "Pacific/Pago_Pago", "Europe/Berlin"]),
)
def test_a_moment_is_stored_as_the_backend_stores_it(moment: datetime, zone: str) -> None:
    there = moment.astimezone(ZoneInfo(zone))
    adapted = connection.ops.adapt_datetimefield_value(there)
    assert selectors._stored(there, _zone()) == str(adapted)
