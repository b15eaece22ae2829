"""A password-reset link lasts an hour on the nights the clocks change (the time audit of
2026-12-03, L3). Django's generator timed tokens by the server's wall clock: with
``TIME_ZONE=Europe/Madrid``, a link made at 00:40 UTC on the night the clocks go forward was
refused 40 minutes later, and one made on the night they go back still opened 110 minutes later.
The clock is patched to a chosen instant; the server's wall clock is that instant in Madrid."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, tzinfo
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from pytest_django import Settings

from interdepend.web.accounts import resettoken, views
from tests.conftest import Personas

pytestmark = pytest.mark.django_db

MADRID = ZoneInfo("Europe/Madrid")


class Clock:
    """Stands in for ``datetime`` in the modules that read the time: ``now()`` is the chosen
    instant on Madrid's wall clock, as the server's would be, ``now(tz)`` the instant there."""

    instant = datetime(2026, 1, 1, tzinfo=UTC)

    def __new__(cls, year: int, month: int, day: int) -> datetime:  # type: ignore[misc]
        return datetime(year, month, day)  # Django's epoch, datetime(2001, 1, 1)

    @classmethod
    def now(cls, tz: tzinfo | None = None) -> datetime:
        if tz is None:
            return cls.instant.astimezone(MADRID).replace(tzinfo=None)
        return cls.instant.astimezone(tz)


@pytest.fixture
def madrid(settings: Settings) -> Iterator[type[Clock]]:
    settings.TIME_ZONE = "Europe/Madrid"
    settings.PASSWORD_RESET_TIMEOUT = 3600
    with (
        mock.patch("django.contrib.auth.tokens.datetime", Clock),
        mock.patch.object(resettoken, "datetime", Clock),
    ):
        yield Clock
    time.tzset()


def _generator() -> PasswordResetTokenGenerator:
    made = views.PasswordResetView.token_generator
    assert views.PasswordResetConfirmView.token_generator is made, "one generator for both"
    return made


@pytest.mark.parametrize(
    ("made_at", "later", "opens"),
    [
        # The night the clocks go forward in Madrid (28 March 2027, 02:00 → 03:00).
        (datetime(2027, 3, 28, 0, 40, tzinfo=UTC), timedelta(minutes=40), True),
        (datetime(2027, 3, 28, 0, 40, tzinfo=UTC), timedelta(minutes=61), False),
        # The night they go back (25 October 2026, 03:00 → 02:00).
        (datetime(2026, 10, 25, 0, 30, tzinfo=UTC), timedelta(minutes=110), False),
        (datetime(2026, 10, 25, 0, 30, tzinfo=UTC), timedelta(minutes=50), True),
        # An ordinary night.
        (datetime(2026, 11, 10, 0, 40, tzinfo=UTC), timedelta(minutes=40), True),
    ],
)
def test_a_reset_link_lasts_an_hour_whatever_the_servers_clocks_do(
    personas: Personas,
    madrid: type[Clock],
    made_at: datetime,
    later: timedelta,
    opens: bool,
) -> None:
    user = personas.erin
    generator = _generator()
    madrid.instant = made_at
    token = generator.make_token(user)
    madrid.instant = made_at + later
    assert generator.check_token(user, token) is opens
