"""The carry-over estimate is cached per couple, and any change to a shared check-in renews it."""

from __future__ import annotations

import hashlib
import itertools
import math
import random
import struct
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from interdepend.web.accounts.models import User
from interdepend.web.partners.access import access_active_partnership
from interdepend.web.together import selectors, services
from interdepend.web.together.models import ITEMS
from tests.conftest import Personas
from tests.helpers import as_user, count_carryover_fits, enough_shared_weeks
from tests.web.referencepages import TOKENS

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


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.lists(st.integers(-3, 3), max_size=6), st.lists(_DAY, max_size=6)))
def test_rising_is_each_pair_compared_in_turn(items: list[int] | list[date]) -> None:
    """``rising`` (each pair compared in C, issue 15's twenty-second pass) is the generator
    over each pair it replaced, for numbers and days, empty, alone, met twice, in any order."""
    pairs: list[tuple[Any, Any]] = list(itertools.pairwise(items))
    assert selectors.rising(items) == all(a < b for a, b in pairs)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.dates(), max_size=20))
def test_the_week_numbers_worked_out_in_c_are_week_number_s(days: list[date]) -> None:
    """Any day, a Monday or not, from the first year to the last: ``week_number`` of each."""
    assert selectors._numbers(days) == [selectors.week_number(day) for day in days]


def test_a_side_of_more_weeks_than_values_is_refused() -> None:
    """As the pairs' ``zip(…, strict=True)`` refused it, with every value given or not."""
    weeks = [date(2026, 1, 5), date(2026, 1, 12)]
    given: list[list[float | None]] = [[1.0], [None]]
    for values in given:
        with pytest.raises(ValueError):
            selectors.carryover_digest([selectors.Series("x", weeks, values)])


def _estimate(shared_weeks: int) -> selectors.Carryover:
    return selectors.Carryover(None, None, shared_weeks, "weeks")


def _sides(seed: int) -> list[selectors.Series]:
    monday = date(2026, 1, 5)
    weeks = [monday + timedelta(weeks=n) for n in range(3)]
    return [
        selectors.Series("a", weeks, [float(seed), 2.0, 3.0]),
        selectors.Series("b", weeks, [1.0, float(seed), 5.0]),
    ]


class _Counted:
    """A stand-in for the shared cache that counts its reads and writes and keeps what is set."""

    def __init__(self) -> None:
        self.kept: dict[str, object] = {}
        self.gets: list[str] = []
        self.sets: list[str] = []

    def get(self, key: str, version: int) -> object:
        self.gets.append(key)
        return self.kept.get(f"{version}:{key}")

    def set(self, key: str, value: object, timeout: int, version: int) -> None:
        self.sets.append(key)
        self.kept[f"{version}:{key}"] = value


def test_an_estimate_is_remembered_in_the_process_under_the_cache_key(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first view asks the shared cache and keeps what it made there; the next views with
    the same numbers take the very same estimate from the process's memory, under the digest
    the cache's key is made of, and never ask the cache; other numbers are asked for anew; an
    emptied memory asks the cache again, which answers without a new fit."""
    alice = personas.alice
    active = access_active_partnership(alice)
    assert active is not None
    fits = count_carryover_fits(monkeypatch)
    shared = _Counted()
    monkeypatch.setattr(selectors, "cache", shared)
    sides, other = _sides(1), _sides(4)
    first = selectors.couple_carryover(alice, active, sides)
    assert shared.gets == shared.sets == [f"carryover:{selectors.carryover_digest(sides)}"]
    assert list(selectors._remembered) == [selectors.carryover_digest(sides)]
    for _ in range(3):
        assert selectors.couple_carryover(alice, active, sides) is first
    assert len(shared.gets) == 1 and len(fits) == 1
    selectors.couple_carryover(alice, active, other)
    assert len(shared.gets) == 2 and len(fits) == 2
    assert list(selectors._remembered) == [selectors.carryover_digest(s) for s in (sides, other)]
    selectors.forget_estimates()
    assert not selectors._remembered
    assert selectors.couple_carryover(alice, active, sides) == first
    assert len(shared.gets) == 3 and len(fits) == 2, "from the shared cache, not fitted again"
    selectors.forget_estimates()


def test_the_memory_of_estimates_keeps_the_most_recently_used(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """At most ``REMEMBERED`` estimates, the one used longest ago dropped first."""
    monkeypatch.setattr(selectors, "REMEMBERED", 3)
    selectors.forget_estimates()
    for n in range(3):
        selectors._remember(str(n), _estimate(n))
    with selectors._remembered_lock:
        selectors._remembered.move_to_end("0")  # as a view that found it does
    selectors._remember("3", _estimate(3))
    assert list(selectors._remembered) == ["2", "0", "3"]
    selectors._remember("2", _estimate(9))
    assert list(selectors._remembered) == ["0", "3", "2"]
    assert selectors._remembered["2"][0].shared_weeks == 9
    selectors.forget_estimates()
    assert not selectors._remembered


def test_the_estimate_page_and_chart_are_the_same_from_memory(personas: Personas) -> None:
    """Trends and the carry-over's chart answer byte for byte alike whether the estimate came
    from a new fit, from the shared cache or from the process's memory."""
    alice, bob = personas.alice, personas.bob
    active = access_active_partnership(alice)
    assert active is not None
    enough_shared_weeks(alice, bob, active)  # the estimate is shown
    cache.clear()
    selectors.forget_estimates()
    client = as_user(alice)
    pages = []
    for forget in (False, False, True):  # a new fit, the memory, the shared cache
        if forget:
            selectors.forget_estimates()
        trends = client.get(reverse("together:trends"))
        chart = client.get(reverse("together:carryover_svg"))
        assert trends.status_code == chart.status_code == 200
        pages.append((TOKENS.sub("TOKEN", trends.content.decode()), chart.content))
    assert 'id="carry-numbers"' in pages[0][0], "an estimate is shown"
    assert pages[0] == pages[1] == pages[2]
    selectors.forget_estimates()


def test_a_remembered_estimate_is_forgotten_when_the_shared_cache_forgets_it(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An estimate is taken from the process's memory only as long as the shared cache keeps
    it (``CARRYOVER_CACHE_SECONDS``, a day): after that the shared cache is asked again."""
    alice = personas.alice
    active = access_active_partnership(alice)
    assert active is not None
    count_carryover_fits(monkeypatch)
    shared = _Counted()
    monkeypatch.setattr(selectors, "cache", shared)
    now = [1000.0]
    monkeypatch.setattr(selectors, "time_monotonic", lambda: now[0])
    sides = _sides(2)
    first = selectors.couple_carryover(alice, active, sides)
    now[0] += selectors.CARRYOVER_CACHE_SECONDS - 1
    assert selectors.couple_carryover(alice, active, sides) is first
    assert len(shared.gets) == 1
    now[0] += 1
    assert selectors.couple_carryover(alice, active, sides) == first
    assert len(shared.gets) == 2, "asked of the shared cache again after a day"
    selectors.forget_estimates()
