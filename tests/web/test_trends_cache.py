"""The carry-over estimate is cached per couple, and any change to a shared check-in renews it."""

from __future__ import annotations

import hashlib
import math
import random
import struct
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interdepend.web.accounts.models import User
from interdepend.web.partners.access import access_active_partnership
from interdepend.web.together import selectors, services
from interdepend.web.together.models import ITEMS
from tests.conftest import Personas
from tests.helpers import count_carryover_fits

pytestmark = pytest.mark.django_db


def test_a_cached_estimate_is_never_stale(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    alice, bob = personas.alice, personas.bob
    active = access_active_partnership(alice)
    assert active is not None
    fits = count_carryover_fits(monkeypatch)
    monday = selectors.this_week()

    def check_in(person: User, weeks_ago: int, mood: int, shared: bool = True) -> None:
        services.checkin_save(
            owner=person,
            week=monday - timedelta(weeks=weeks_ago),
            values=dict.fromkeys(ITEMS, mood),
            need="",
            shared=shared,
            partnership=active.partnership,
        )

    for n in range(1, 13):
        check_in(alice, n, 1 + n % 7)
        check_in(bob, n, 1 + (n * 3) % 7)
    first = selectors.couple_carryover(alice, active)
    again = selectors.couple_carryover(alice, active)
    assert len(fits) == 1 and again == first
    check_in(bob, 0, 4)
    check_in(alice, 0, 5)
    grown = selectors.couple_carryover(alice, active)
    assert len(fits) == 2 and grown.shared_weeks == first.shared_weeks + 1
    check_in(alice, 0, 5, shared=False)
    assert selectors.couple_carryover(alice, active).shared_weeks == first.shared_weeks
    selectors.couple_carryover(bob, active)
    assert len(fits) == 4, "each partner's view (their own order) is kept apart"


def _old_digest(series: list[selectors.Series]) -> str:
    """The carry-over's key as it was: the digest of ``repr`` of each side's pairs."""
    weekly = [sorted(selectors._weekly(s).items()) for s in series]
    return hashlib.sha256(repr(weekly).encode()).hexdigest()


def _side(rng: random.Random, label: str) -> selectors.Series:
    monday = date(2025, 1, 6)
    weeks = sorted(rng.sample(range(120), rng.randrange(0, 60)))
    values: list[float | None] = [
        rng.choice([None, rng.randrange(1, 8) / rng.randrange(1, 7), float(rng.randrange(1, 8))])
        for _ in weeks
    ]
    return selectors.Series(label, [monday + timedelta(weeks=w) for w in weeks], values)


def test_the_key_tells_apart_every_two_sets_of_numbers_the_old_key_told_apart() -> None:
    """The digest of each side's numbers in their eight-byte forms, for the digest of their
    ``repr``: over random couples and their near neighbours (a value one step of a float
    away, a week moved, a week passed from one side to the other, a side empty), two keys are
    the same exactly when the old keys were."""
    rng = random.Random(15)
    sets: list[list[selectors.Series]] = []
    for _ in range(300):
        me, them = _side(rng, "me"), _side(rng, "them")
        sets.append([me, them])
        if me.weeks and me.values[-1] is not None:
            nudged = [*me.values[:-1], math.nextafter(me.values[-1], 8.0)]
            sets.append([selectors.Series("me", me.weeks, nudged), them])
            moved = [*me.weeks[:-1], me.weeks[-1] + timedelta(weeks=1)]
            sets.append([selectors.Series("me", moved, me.values), them])
            passed = selectors.Series(
                "them", [me.weeks[-1], *them.weeks], [me.values[-1], *them.values]
            )
            sets.append([selectors.Series("me", me.weeks[:-1], me.values[:-1]), passed])
        sets.append([selectors.Series("me", [], []), them])
        sets.append([me, them])  # the same numbers again
    new = [selectors.carryover_digest(s) for s in sets]
    old = [_old_digest(s) for s in sets]
    assert len(set(new)) == len(set(old)) < len(sets)
    assert {(a, b) for a, b in zip(old, new, strict=True)} == {
        (old[n], new[old.index(old[n])]) for n in range(len(sets))
    }
    assert all(len(key) == 64 for key in new)


def _sorted_digest(series: list[selectors.Series]) -> str:
    """The digest as it was written before the weeks in order were taken as they come: each
    side's weeks through a dictionary by week number, sorted."""
    digest = hashlib.sha256()
    for side in series:
        found = sorted(selectors._weekly(side).items())
        count = len(found)
        numbers, values = [w for w, _v in found], [v for _w, v in found]
        digest.update(struct.pack(f"<q{count}q{count}d", count, *numbers, *values))
    return digest.hexdigest()


_DAY = st.dates(date(2020, 1, 1), date(2030, 12, 31))
_VALUE = st.one_of(st.none(), st.floats(0, 7), st.integers(0, 42).map(lambda n: n / 6))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.lists(st.tuples(_DAY, _VALUE), max_size=30).map(
            lambda pairs: selectors.Series("x", [d for d, _v in pairs], [v for _d, v in pairs])
        ),
        min_size=2,
        max_size=2,
    ),
    st.booleans(),
)
def test_the_key_of_weeks_in_order_is_the_key_of_the_sorted_weeks(
    sides: list[selectors.Series], in_order: bool
) -> None:
    """Weeks in order and each once (Mondays, as Trends reads them) or in any order, on any
    day, met twice, with gaps: the digest is the one the sorted dictionary gave."""
    if in_order:
        sides = [
            selectors.Series(
                side.label,
                sorted({selectors.week_start(day) for day in side.weeks}),
                side.values[: len({selectors.week_start(day) for day in side.weeks})],
            )
            for side in sides
        ]
    assert selectors.carryover_digest(sides) == _sorted_digest(sides)
