"""The goals page's balance reads only the notes its weeks can count
(``together.selectors.own_balance``, from :func:`~selectors.balance_since`), with prepared
reads alone and linked, and is the same as :func:`~selectors.balance` of every note of hers by
the rule it replaced: in three time zones, with notes a year old and at the edges of the
first week shown. So does the couple's balance on Trends (``selectors.couple_balance``), which
read every shared note the partnership ever had."""

from __future__ import annotations

import random
from collections import Counter
from datetime import datetime, time, timedelta

import pytest
from django.db.models import QuerySet
from django.utils import timezone

from interdepend.web.accounts.models import User
from interdepend.web.partners import services as partners
from interdepend.web.partners.access import ActivePartnership, access_active_partnership
from interdepend.web.together import selectors, services
from interdepend.web.together.models import GoalNote
from tests.conftest import Personas

pytestmark = pytest.mark.django_db


def _every_note(user: User, active: ActivePartnership | None) -> selectors.Balance:
    """The rule as it was: every note of hers, whatever its age."""
    notes: QuerySet[GoalNote] = GoalNote.objects.filter(
        owner_id=user.pk, goal__owner_id=user.pk, partnership__isnull=True
    )
    shared = [active.partnership.pk] if active else []
    notes = notes | GoalNote.objects.filter(owner_id=user.pk, partnership_id__in=shared)
    return selectors.balance(list(notes.values_list("created_at", "partnership_id")))


def _every_shared_note(active: ActivePartnership) -> selectors.Balance:
    """The couple's rule as it was: every note on their shared goals, whatever its age."""
    notes = GoalNote.objects.filter(partnership_id=active.partnership.pk)
    return selectors.balance(list(notes.values_list("created_at", "partnership_id")))


@pytest.mark.parametrize("zone", ["UTC", "Pacific/Kiritimati", "America/Santiago"])
def test_the_balance_read_from_its_first_week_equals_every_note_counted(
    personas: Personas, zone: str
) -> None:
    alice, bob = personas.alice, personas.bob
    active = access_active_partnership(alice)
    assert active is not None
    rng = random.Random(26)
    own = services.goal_create(owner=alice, partnership=None, title="Own", detail="", idem_key="o")
    ours = services.goal_create(
        owner=bob, partnership=active.partnership, title="Ours", detail="", idem_key="s"
    )
    with timezone.override(zone):
        here = timezone.get_current_timezone()
        first = selectors.this_week() - timedelta(weeks=25)
        edges = [
            datetime.combine(first, time.min, tzinfo=here) + timedelta(microseconds=shift)
            for shift in (-1, 0, 1)
        ]
        moments = edges + [
            timezone.now() - timedelta(minutes=rng.randrange(400 * 1440)) for _ in range(80)
        ]
        for n, moment in enumerate(moments):
            for goal, author in ((own, alice), (ours, rng.choice([alice, bob]))):
                note = services.goal_note_add(
                    goal=goal, author=author, text=f"step {n}", idem_key=f"{goal.pk}-{n}"
                )
                GoalNote.objects.filter(pk=note.pk).update(created_at=moment)
        assert selectors.own_balance(alice, active) == _every_note(alice, active)
        assert selectors.own_balance(bob, active) == _every_note(bob, active)
        ours_now = selectors.couple_balance(active)
        assert ours_now == _every_shared_note(active)
        # Trends reads both in one statement: each half the same, for each of the two.
        for person in (alice, bob):
            both = selectors.trend_balances(person, active)
            assert both == (_every_note(person, active), ours_now)
        assert sum(ours_now.we) > 0 and not any(ours_now.me)
        since = selectors.balance_since()
        read = selectors._COUPLE_NOTES(partnership_id=active.partnership.pk, since=since)
        assert all(created_at >= since for created_at, _p in read)
        older = GoalNote.objects.filter(partnership=active.partnership, created_at__lt=since)
        assert older.exists()  # notes a year old are there, and are not read
        partners.partnership_leave(user=alice)
        assert access_active_partnership(alice) is None
        assert selectors.own_balance(alice, None) == _every_note(alice, None)
        since = selectors.balance_since()
        assert selectors._COUPLE_NOTES.prepared(partnership_id=active.partnership.pk, since=since)
        # The goals page's read of her notes is written by hand (tests/web/test_trend_reads.py),
        # from the ORM's rule, alone and linked.
        read_by_hand = 0
        for partnership_id in (None, active.partnership.pk):
            for person in (alice, bob):
                hers = selectors._own_notes_read(person.pk, partnership_id, since)
                assert Counter(hers) == Counter(
                    selectors._own_notes(person.pk, since, partnership_id)
                )
                read_by_hand += len(hers)
        assert read_by_hand > 0
        # Trends' read is written by hand (tests/web/test_trend_reads.py), from the ORM's rule.
        hand = selectors._trend_notes(alice.pk, active.partnership.pk, since)
        rule = selectors._trend_notes_rule(
            user_id=alice.pk, partnership_id=active.partnership.pk, since=since
        )
        assert Counter(hand) == Counter(rule)
    assert not selectors._COUPLE_NOTES.refused
