"""The question for today's reads (issue 15's tenth pass): the results that steer the day's
question are read with the column that says which version of the inventory they were taken on,
not fetched again for it; the earlier days are prepared reads, held to the rule they replaced."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.translation import get_language
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pytest_django import DjangoAssertNumQueries

from interdepend.core.daily import is_reflective_day, leans_on_areas, question_for
from interdepend.web.accounts.models import User
from interdepend.web.assessment import selectors as assessment_selectors
from interdepend.web.assessment.models import Attempt
from interdepend.web.couple.models import Reveal
from interdepend.web.daily import access
from interdepend.web.daily.models import DailyAnswer, TalkItem
from interdepend.web.partners.access import ActivePartnership, access_active_partnership
from interdepend.web.partners.models import Partnership
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


def test_the_couples_areas_are_read_in_one_statement(
    personas: Personas, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    """Both results shown read with one statement (two, one each, until issue 15's
    twenty-fifth pass)."""
    bob = personas.bob
    active = active_partnership(bob)
    day = timezone.localdate() + timedelta(days=2)
    shown = [
        Reveal.objects.filter(user=person).latest("revealed_at").attempt
        for person in (bob, personas.alice)
    ]
    with django_assert_num_queries(1):
        areas = access._couple_areas(bob, active, day)
    assert areas == access._areas(shown)
    assert areas


def _orm_shown_before(partnership_id: int, user_id: int, before: datetime) -> Attempt | None:
    """The rule the page had (the prepared read ``access._SHOWN_BEFORE``, its queryset): the
    person's latest reveal in the partnership before ``before``, with its result's inventory
    and answers."""
    reveal = (
        Reveal.objects.filter(
            partnership_id=partnership_id, user_id=user_id, revealed_at__lt=before
        )
        .select_related("attempt")
        .only("attempt__answers", "attempt__instrument_id")
        .order_by("-revealed_at", "-pk")
        .first()
    )
    return None if reveal is None else reveal.attempt


def _old_couple_areas(user: User, active: ActivePartnership, day: date) -> list[str]:
    shown = []
    for person in (user.pk, active.partner.pk):
        found = _orm_shown_before(active.partnership.pk, person, access._start_of(day))
        if found is None:
            return []
        shown.append(found)
    return access._areas(shown)


#: Each example rolls its rows back: the personas are the same for each.
ROLLED_BACK = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


REVEALS = st.lists(
    st.tuples(
        st.booleans(),  # hers or his
        st.integers(0, 5),  # which of the person's results
        st.integers(-3, 3),  # days from the day's start
        st.sampled_from([0, 1, 59, 3600]),  # seconds less: several at one moment
        st.booleans(),  # in their partnership or in another
    ),
    max_size=10,
)


@ROLLED_BACK
@given(reveals=REVEALS, answers=st.lists(st.integers(1, 7), min_size=6, max_size=6))
def test_the_results_shown_before_are_the_two_reads(
    personas: Personas, reveals: list[tuple[bool, int, int, int, bool]], answers: list[int]
) -> None:
    """After any reveals by either (at one moment or apart, before the day began, at it and
    after, in their partnership and in another), the one statement gives each one's result as
    the ORM's read did, field for field, and the same areas; for him on her partnership too."""
    alice, bob = personas.alice, personas.bob
    active = active_partnership(alice)
    other = Partnership.objects.exclude(pk=active.partnership.pk).first()
    assert other is not None
    day = timezone.localdate() + timedelta(days=1)
    start = access._start_of(day)
    versions = assessment_selectors.INVENTORY_IDS
    items = {v: [item.id for item in assessment_selectors.inventory(v).items] for v in versions}
    with transaction.atomic():
        Reveal.objects.filter(user__in=[alice, bob]).delete()
        takes = {
            person.pk: [
                Attempt.objects.create(
                    user=person,
                    instrument_id=versions[n % 2],
                    instrument_version="1",
                    completed_at=start - timedelta(days=30),
                    answers={
                        item: answers[(n + i) % 6] for i, item in enumerate(items[versions[n % 2]])
                    },
                )
                for n in range(6)
            ]
            for person in (alice, bob)
        }
        for hers, which, days, seconds, ours in reveals:
            person = alice if hers else bob
            partnership = active.partnership if ours else other
            Reveal.objects.get_or_create(
                partnership=partnership,
                attempt=takes[person.pk][which],
                defaults={
                    "user": person,
                    "revealed_at": start + timedelta(days=days, seconds=-seconds),
                },
            )
        for user, partner in ((alice, bob), (bob, alice)):
            found = access._shown_before(active.partnership.pk, user.pk, partner.pk, start)
            old = [
                _orm_shown_before(active.partnership.pk, person.pk, start)
                for person in (user, partner)
            ]
            assert [a.pk for a in found] == [a.pk for a in old if a is not None]
            for new, was in zip(found, [a for a in old if a is not None], strict=False):
                assert new.get_deferred_fields() == was.get_deferred_fields()
                for name in ("id", "instrument_id", "answers"):
                    assert getattr(new, name) == getattr(was, name)
                    assert type(getattr(new, name)) is type(getattr(was, name))
            user_active = active_partnership(user)
            for when in (day, day - timedelta(days=2), day + timedelta(days=2)):
                assert access._couple_areas(user, user_active, when) == _old_couple_areas(
                    user, user_active, when
                )
        transaction.set_rollback(True)


def _orm_latest_before(user_id: int, before: datetime) -> list[Attempt]:
    """The rule the page had (the prepared read ``access._LATEST_BEFORE``, its queryset)."""
    return list(
        assessment_selectors.finished_attempts()
        .filter(user_id=user_id, completed_at__lt=before)
        .only("answers", "instrument_id")[:1]
    )


TAKES = st.lists(
    st.tuples(
        st.integers(0, 2),  # which inventory version, or the safety screen
        st.booleans(),  # finished or not
        st.integers(-3, 3),  # days from the day's start
        st.sampled_from([0, 1, 59, 3600]),  # seconds less: several at one moment
        st.booleans(),  # hers or his
    ),
    max_size=10,
)


@ROLLED_BACK
@given(takes=TAKES, answers=st.lists(st.integers(1, 7), min_size=6, max_size=6))
def test_her_latest_result_before_is_the_orm_read(
    personas: Personas, takes: list[tuple[int, bool, int, int, bool]], answers: list[int]
) -> None:
    """After any takes (of either version of the inventory or the safety screen, finished or
    not, before the day began, at it and after, several at one moment, hers or his), the one
    statement gives her latest result as the ORM's read did, field for field, and the same
    areas on three days."""
    alice, bob = personas.alice, personas.bob
    day = timezone.localdate() + timedelta(days=1)
    start = access._start_of(day)
    versions = (*assessment_selectors.INVENTORY_IDS, "safety_screen_v1")
    items = {
        v: [item.id for item in assessment_selectors.inventory(v).items]
        for v in assessment_selectors.INVENTORY_IDS
    }
    with transaction.atomic():
        Attempt.objects.filter(user__in=[alice, bob]).delete()
        for n, (which, finished, days, seconds, hers) in enumerate(takes):
            version = versions[which]
            moment = start + timedelta(days=days, seconds=-seconds)
            Attempt.objects.create(
                user=alice if hers else bob,
                instrument_id=version,
                instrument_version="1",
                completed_at=moment if finished else None,
                answers={
                    item: answers[(n + i) % 6] for i, item in enumerate(items.get(version, []))
                },
            )
        for person in (alice, bob):
            for when in (start, start - timedelta(days=2), start + timedelta(days=2)):
                found = access._latest_before(person.pk, when)
                old = _orm_latest_before(person.pk, when)
                assert [a.pk for a in found] == [a.pk for a in old]
                for new, was in zip(found, old, strict=True):
                    assert new.get_deferred_fields() == was.get_deferred_fields()
                    for name in ("id", "instrument_id", "answers"):
                        assert getattr(new, name) == getattr(was, name)
                        assert type(getattr(new, name)) is type(getattr(was, name))
            for on in (day, day - timedelta(days=2), day + timedelta(days=2)):
                old_areas = access._areas(_orm_latest_before(person.pk, access._start_of(on)))
                assert access._own_areas(person, on) == old_areas
        transaction.set_rollback(True)


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


def _old_past(user: User, *, everything: bool) -> list[tuple[str, str | None, bool]]:
    """The earlier days as two reads found them before issue 15's thirteenth pass: the
    partner's answers of her days, then which of those days are on the couple's list."""
    active = access_active_partnership(user)
    rows = DailyAnswer.objects.filter(owner=user).order_by("-day")
    mine = list(rows) if everything else list(rows[: access.RECENT_DAYS])
    theirs: dict[date, DailyAnswer] = {}
    talks: set[date] = set()
    if active is not None:
        days = [a.day for a in mine if a.partnership_id == active.partnership.pk]
        theirs = {
            a.day: a
            for a in DailyAnswer.objects.filter(
                partnership=active.partnership, owner=active.partner, day__in=days
            )
        }
        talks = set(
            TalkItem.objects.filter(partnership=active.partnership, day__in=days).values_list(
                "day", flat=True
            )
        )
    return [
        (
            a.public_id,
            theirs[a.day].public_id if a.day in theirs else None,
            # A talk item was shown only where both answered.
            a.day in theirs and a.day in talks,
        )
        for a in mine
    ]


def _new_past(user: User, *, everything: bool) -> list[tuple[str, str | None, bool]]:
    days, _more = access.past_days(user, everything=everything)
    return [(d.mine.public_id, d.theirs.public_id if d.theirs else None, d.talk) for d in days]


@pytest.mark.parametrize("seed", range(6))
def test_the_partner_s_answers_and_the_list_are_read_in_one_statement_as_in_two(
    personas: Personas, seed: int
) -> None:
    """Random histories of a couple (answers alone and shared, the partner's on some days, the
    list holding some days, both answered or not): each earlier day shows the partner's answer
    and whether it is on the list exactly as the two reads found them, for both partners, the
    recent days and every day; and the list is never said for a day without both answers."""
    rng = random.Random(seed)
    alice, bob = personas.alice, personas.bob
    active = active_partnership(alice)
    partnership_id = active.partnership.pk
    DailyAnswer.objects.filter(owner__in=[alice, bob]).delete()
    TalkItem.objects.filter(partnership_id=partnership_id).delete()
    today = timezone.localdate()
    days = [today - timedelta(days=n) for n in range(rng.choice([0, 3, 20, 45]))]
    for person in (alice, bob):
        DailyAnswer.objects.bulk_create(
            DailyAnswer(
                owner=person,
                partnership_id=rng.choice([None, partnership_id, partnership_id]),
                day=day,
                question_id="o001",
                text=f"{person.display_name} {day} <script>&",
            )
            for day in days
            if rng.random() < 0.7
        )
    TalkItem.objects.bulk_create(
        TalkItem(partnership_id=partnership_id, day=day, question_id="o001")
        for day in days
        if rng.random() < 0.4
    )
    for person in (alice, bob):
        for everything in (False, True):
            old = _old_past(person, everything=everything)
            assert _new_past(person, everything=everything) == old
            days_read, _more = access.past_days(person, everything=everything)
            assert all(d.theirs is not None for d in days_read if d.talk)


def test_the_earlier_days_of_a_couple_take_one_read_for_the_partner_s_side(
    personas: Personas,
) -> None:
    """Her days, then the partner's answers with the list's days: one statement for the
    partner's side where there were two (the partnership's own read apart)."""
    alice = personas.alice
    active = active_partnership(alice)
    access.past_days(alice, everything=False)  # prepared on this connection
    with CaptureQueriesContext(connection) as captured:
        access.past_days(alice, everything=False)
    daily = [q["sql"] for q in captured if "daily_" in q["sql"]]
    assert len(daily) == 2, daily
    assert active.partnership.pk


def _fields(row: Any) -> tuple[object, ...]:
    """What the page of earlier questions reads of an answer, from a model row or a plain one."""
    return (*(getattr(row, name) for name in access.ANSWER_COLUMNS), row.shared)


@pytest.mark.parametrize("seed", range(4))
def test_the_earlier_days_rows_hold_what_the_model_rows_held(personas: Personas, seed: int) -> None:
    """The plain rows of her answers and the partner's (issue 15's fifteenth pass) against the
    model rows the ORM made: every column the page reads, and whether each was shared, for both
    partners and the person alone, the recent days and every day, over random histories (words
    with markup, answers alone and in this partnership, the partner's on some days)."""
    rng = random.Random(seed)
    alice, bob, carol = personas.alice, personas.bob, personas.carol
    partnership_id = active_partnership(alice).partnership.pk
    DailyAnswer.objects.filter(owner__in=[alice, bob, carol]).delete()
    today = timezone.localdate()
    days = [today - timedelta(days=n) for n in range(rng.choice([3, 20, 45]))]
    for person in (alice, bob, carol):
        DailyAnswer.objects.bulk_create(
            DailyAnswer(
                owner=person,
                partnership_id=None if person == carol else rng.choice([None, partnership_id]),
                day=day,
                question_id=rng.choice(["o001", "zz99", "t004"]),
                text=f"{person.display_name} {day} <script>& \"'\n\u05e9",
            )
            for day in days
            if rng.random() < 0.7
        )
    for person in (alice, bob, carol):
        active = access_active_partnership(person)
        for everything in (False, True):
            ours = DailyAnswer.objects.filter(owner=person).order_by("-day")
            models = list(ours) if everything else list(ours[: access.RECENT_DAYS])
            read, _more = access.past_days(person, everything=everything)
            assert [_fields(d.mine) for d in read] == [_fields(a) for a in models]
            assert all(isinstance(d.mine, access.AnswerRow) for d in read)
            for day in read:
                if day.theirs is None:
                    continue
                assert active is not None and day.mine.partnership_id is not None
                model = DailyAnswer.objects.get(
                    owner=active.partner, day=day.mine.day, partnership_id=day.mine.partnership_id
                )
                assert _fields(day.theirs) == _fields(model)
