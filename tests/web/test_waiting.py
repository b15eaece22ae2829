"""The menu's count reads her date from the moment in her request's zone without
``timezone.localdate`` (issue 15's nineteenth pass): the values it hands the statement are the
ones ``localdate`` gives, for any moment and any zone, on either side of midnight."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, datetime, timedelta
from unittest import mock

from django.db import connection
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from interdepend.web.home import selectors

ZONES = sorted(zoneinfo.available_timezones() - {"Factory", "localtime"})


def _by_django(user_id: int, now: datetime) -> dict[str, object]:
    """The values as the start of the pass worked them out, through ``localdate``."""
    today = timezone.localdate(now)
    adapt = connection.ops.adapt_datefield_value
    return {
        "their_today": adapt((now.astimezone(UTC) - selectors.LATEST_OFFSET).date()),
        "me": user_id,
        "stated": selectors._WAITING_FIXED["stated"],
        "proposed": selectors._WAITING_FIXED["proposed"],
        "open": selectors._WAITING_FIXED["open"],
        "today": adapt(today),
        "fresh": adapt(today - timedelta(days=selectors.THEIR_PROMISE_DAYS)),
    }


@settings(max_examples=300, deadline=None)
@given(
    moment=st.datetimes(
        min_value=datetime(2000, 1, 1),  # noqa: DTZ001 (made aware below)
        max_value=datetime(2090, 12, 31),  # noqa: DTZ001
    ),
    zone=st.sampled_from(ZONES),
    user_id=st.integers(min_value=1, max_value=2**31),
)
def test_the_count_s_days_are_localdate_s(moment: datetime, zone: str, user_id: int) -> None:
    now = moment.replace(tzinfo=UTC)
    with (
        timezone.override(zoneinfo.ZoneInfo(zone)),
        mock.patch.object(timezone, "now", return_value=now),
    ):
        assert selectors._waiting_params(user_id) == _by_django(user_id, now)
        assert selectors._waiting_params(user_id, connection.ops) == _by_django(user_id, now)


def test_either_side_of_her_midnight() -> None:
    """A minute before and after midnight in a zone far ahead and one far behind of UTC."""
    for zone, hour in (("Pacific/Kiritimati", 9), ("Pacific/Pago_Pago", 10)):
        for minute in (59, 0):
            now = datetime(2026, 12, 6, hour if minute else hour + 1, minute, tzinfo=UTC)
            with (
                timezone.override(zoneinfo.ZoneInfo(zone)),
                mock.patch.object(timezone, "now", return_value=now),
            ):
                assert selectors._waiting_params(7) == _by_django(7, now)
