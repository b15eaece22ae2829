"""The question for today's reads (issue 15's tenth pass): the results that steer the day's
question are read with the column that says which version of the inventory they were taken on,
not fetched again for it; the earlier days are prepared reads, held to the rule they replaced."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.translation import get_language
from pytest_django import DjangoAssertNumQueries

from interdepend.core.daily import is_reflective_day, leans_on_areas, question_for
from interdepend.web.accounts.models import User
from interdepend.web.assessment.models import Attempt
from interdepend.web.couple.models import Reveal
from interdepend.web.daily import access
from interdepend.web.daily.models import DailyAnswer
from interdepend.web.partners.access import ActivePartnership, access_active_partnership
from tests.conftest import Personas
from tests.helpers import active_partnership

pytestmark = pytest.mark.django_db


def test_her_own_areas_are_read_in_one_statement(
    personas: Personas, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    alice = personas.alice
    latest = Attempt.objects.filter(user=alice, completed_at__isnull=False).latest("completed_at")
    day = timezone.localdate() + timedelta(days=2)
    with django_assert_num_queries(1):
        areas = access._own_areas(alice, day)
    assert areas == access._areas([latest])
    assert areas


def test_the_couples_areas_are_read_in_one_statement_each(
    personas: Personas, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    bob = personas.bob
    active = active_partnership(bob)
    day = timezone.localdate() + timedelta(days=2)
    shown = [
        Reveal.objects.filter(user=person).latest("revealed_at").attempt
        for person in (bob, personas.alice)
    ]
    with django_assert_num_queries(2):
        areas = access._couple_areas(bob, active, day)
    assert areas == access._areas(shown)
    assert areas


def orm_days(user: User, limit: int | None) -> tuple[list[str], bool]:
    """The rule as it was: her answers newest first, ``limit`` of them, built by the ORM."""
    rows = DailyAnswer.objects.filter(owner=user).order_by("-day")
    mine = list(rows if limit is None else rows[: limit + 1])
    more = limit is not None and len(mine) > limit
    return [a.public_id for a in (mine if limit is None else mine[:limit])], more


def read_days(user: User, *, everything: bool) -> tuple[list[str], bool]:
    days, more = access.past_days(user, everything=everything)
    return [d.mine.public_id for d in days], more


@pytest.mark.parametrize("answers", [0, 1, access.RECENT_DAYS, access.RECENT_DAYS + 1, 40])
def test_the_earlier_days_are_the_ones_the_orm_read(personas: Personas, answers: int) -> None:
    carol = personas.carol  # alone; she has one answer already
    DailyAnswer.objects.filter(owner=carol).delete()
    today = timezone.localdate()
    DailyAnswer.objects.bulk_create(
        DailyAnswer(
            owner=carol,
            day=today - timedelta(days=3 * n + 1),
            question_id="o001",
            text=f"day {n} <script>&",
        )
        for n in range(answers)
    )
    assert read_days(carol, everything=False) == orm_days(carol, access.RECENT_DAYS)
    assert read_days(carol, everything=True) == orm_days(carol, None)
    shown, more = read_days(carol, everything=False)
    assert len(shown) == min(answers, access.RECENT_DAYS)
    assert more is (answers > access.RECENT_DAYS)


def _old_question_of_day(user: User, active: ActivePartnership | None, day: date) -> Any:
    """The rule before issue 15's eleventh pass: the areas read on every day."""
    if active is not None:
        seed = access._seed("partnership", active.partnership.pk)
        if not is_reflective_day(seed, day):
            areas = access._couple_areas(user, active, day)
            return question_for(seed, day, areas, for_two=True, language=get_language())
    areas = access._own_areas(user, day)
    seed = access._seed("person", user.pk)
    return question_for(seed, day, areas, for_two=False, language=get_language())


@pytest.mark.parametrize("who", ["alice", "bob", "carol", "erin"])
def test_the_areas_are_read_only_on_days_the_question_leans_on_them(
    personas: Personas, who: str
) -> None:
    """Over ninety days, the day's question is the one the areas read every day gave; the
    results that steer it are read only on the days whose question leans on them (the roll,
    from the seed and the day alone), and on no other day (they were read on every view)."""
    user = getattr(personas, who)
    active = access_active_partnership(user)
    first = timezone.localdate()
    leaning = quiet = 0
    for day in (first + timedelta(days=n) for n in range(90)):
        shared = active is not None and not is_reflective_day(
            access._seed("partnership", active.partnership.pk), day
        )
        seed = (
            access._seed("partnership", active.partnership.pk)
            if shared and active is not None
            else access._seed("person", user.pk)
        )
        with CaptureQueriesContext(connection) as ran:
            found = access.question_of_day(user, active, day)
        assert found == _old_question_of_day(user, active, day), day
        if leans_on_areas(seed, day):
            leaning += 1
        else:
            quiet += 1
            assert ran.captured_queries == [], day
    assert leaning and quiet
