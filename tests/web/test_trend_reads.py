"""Trends' two reads are hand-written statements (``together.selectors._trend_rows`` and
``_trend_notes``): each gives exactly the rows of the ORM's rule it replaced
(``_trend_rows_rule``, ``_trend_notes_rule``), for every persona and every partnership, over random
histories, in a zone far ahead of UTC and one behind it, on whichever database runs the tests."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from types import SimpleNamespace
from typing import Any, cast

import pytest
from django.db import connection, transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interdepend.web.accounts.models import User
from interdepend.web.accounts.services import user_create
from interdepend.web.partners.models import Partnership
from interdepend.web.together import selectors
from interdepend.web.together.models import ITEMS, CheckIn, Goal, GoalNote
from tests.conftest import PASSWORD, Personas

pytestmark = pytest.mark.django_db

ZONES = ["Pacific/Kiritimati", "America/Santiago"]


def _same_reads(user_ids: list[int], partnership_ids: list[int]) -> int:
    """Both reads, hand-written and by the ORM, for each person and partnership, from the
    page's own first days and from each day a check-in or a note falls on; how many rows."""
    rows_since = {selectors._since(), *CheckIn.objects.values_list("week", flat=True)}
    notes_since = {
        selectors.balance_since(),
        *GoalNote.objects.values_list("created_at", flat=True),
    }
    seen = 0
    for user_id in user_ids:
        for partnership_id in partnership_ids:
            for since in rows_since:
                ids: dict[str, Any] = {
                    "user_id": user_id,
                    "partnership_id": partnership_id,
                    "since": since,
                }
                got, want = selectors._trend_rows(**ids), list(selectors._trend_rows_rule(**ids))
                assert got == want  # in the ORM's order: by week, then by author
                assert [type(v) for row in got for v in row] == [
                    type(v) for row in want for v in row
                ]
                # Trends' one pass over the rows as the database gives them, against the
                # three passes over the rule's rows it replaced, her partner anyone else (a
                # partner is never the person herself).
                fetched, day = selectors._trend_fetch(**ids)
                for partner_id in set(user_ids) - {user_id}:
                    her, him = _person(user_id, "Maya"), _person(partner_id, "Jonah")
                    _same_counted(selectors._reads_of(fetched, day, her, him), want, her, him)
                seen += len(got)
            for moment in notes_since:
                ids = {"user_id": user_id, "partnership_id": partnership_id, "since": moment}
                notes, rule = (
                    selectors._trend_notes(**ids),
                    list(selectors._trend_notes_rule(**ids)),
                )
                assert Counter(notes) == Counter(rule)  # the rule has no order
                assert all(at.utcoffset() == timedelta(0) for at, _p, _o in notes)
                # Each moment as the ORM makes it: its zone the same object, its text the same.
                assert sorted((at.isoformat(), id(at.tzinfo)) for at, _p, _o in notes) == sorted(
                    (at.isoformat(), id(at.tzinfo)) for at, _p, _o in rule
                )
                seen += len(notes)
    return seen + _same_own_notes(user_ids, partnership_ids, notes_since)


def _same_own_notes(user_ids: list[int], partnership_ids: list[int], moments: set[Any]) -> int:
    """The goals page's read of her notes, hand-written (``selectors._own_notes_read``), gives
    the rows of the ORM's rule it replaced (``_own_notes``), alone and in every partnership,
    from each moment: the same moments, each in the very zone the ORM gives it."""
    seen = 0
    for user_id in user_ids:
        for partnership_id in [*partnership_ids, None]:
            for moment in moments:
                notes = selectors._own_notes_read(user_id, partnership_id, moment)
                rule = list(selectors._own_notes(user_id, moment, partnership_id))
                assert Counter(notes) == Counter(rule)  # the rule has no order
                assert sorted(
                    (at.isoformat(), id(at.tzinfo), repr(p)) for at, p in notes
                ) == sorted((at.isoformat(), id(at.tzinfo), repr(p)) for at, p in rule)
                assert [type(p) for _at, p in sorted(notes, key=str)] == [
                    type(p) for _at, p in sorted(rule, key=str)
                ]
                seen += len(notes)
    return seen


def _person(pk: int, name: str) -> User:
    return cast(User, SimpleNamespace(pk=pk, display_name=name))


def _three_passes(
    rows: list[tuple[Any, ...]], user: User, partner: User
) -> tuple[list[tuple[Any, ...]], list[selectors.Series], selectors.TableRows | None]:
    """``selectors.trend_reads`` as it was before issue 15's twenty-third pass, of the rows
    ``_trend_rows`` gives (their weeks dates): her rows picked out, then the couple's shared
    rows counted in a pass of their own."""
    user_id, partner_id = user.pk, partner.pk
    own = [row for row in rows if row[0] == user_id]
    weeks_of: dict[int, list[date]] = {user_id: [], partner_id: []}
    values_of: dict[int, list[float | None]] = {user_id: [], partner_id: []}
    column = {user_id: 0, partner_id: 1}
    table: selectors.TableRows = []
    last_week: date | None = None
    last_owner = 0
    in_order = True
    for owner, ours, week, a, b, c, d, e, f in rows:
        if ours and owner in weeks_of:
            weeks_of[owner].append(week)
            value: float | None
            try:
                value = (a + b + c + d + e + f) / 6
            except TypeError:
                answers = (a, b, c, d, e, f)
                given = 6 - answers.count(None)
                value = sum(filter(None, answers)) / given if given else None
            values_of[owner].append(value)
            if last_week is not None and (
                week < last_week or (week == last_week and owner <= last_owner)
            ):
                in_order = False
            last_week, last_owner = week, owner
            if value is None:
                continue
            if not table or table[-1][0] != week:
                table.append((week, [None, None]))
            table[-1][1][column[owner]] = value
    series = [
        selectors.Series(
            label=person.display_name, weeks=weeks_of[person.pk], values=values_of[person.pk]
        )
        for person in (user, partner)
    ]
    return own, series, table if in_order else None


def _same_counted(
    got: tuple[list[tuple[Any, ...]], list[selectors.Series], selectors.TableRows | None],
    rows: list[tuple[Any, ...]],
    user: User,
    partner: User,
) -> None:
    """``got`` is :func:`_three_passes` of ``rows``: equal, and of the same types throughout."""
    want = _three_passes(rows, user, partner)
    assert got == want
    assert [type(v) for row in got[0] for v in row] == [type(v) for row in want[0] for v in row]
    for found, wanted in zip(got[1], want[1], strict=True):
        assert [type(v) for v in found.weeks + found.values] == [
            type(v) for v in wanted.weeks + wanted.values
        ]
    assert (got[2] is None) == (want[2] is None)
    if got[2] is not None and want[2] is not None:
        assert [[type(v) for v in values] for _w, values in got[2]] == [
            [type(v) for v in values] for _w, values in want[2]
        ]
        # A plain table, as the view marks it (``trends.Numbers.plain``): every week a date,
        # every value a float or none, two a row.
        assert all(type(week) is date and len(values) == 2 for week, values in got[2])
        assert {type(v) for _w, values in got[2] for v in values} <= {float, type(None)}


#: A row as ``_trend_rows`` gives it: her, her partner or someone else; whether it is the
#: couple's; a week (a number of weeks from a Monday); six answers, any given or none, some not
#: a check-in's.
_ROWS = st.lists(
    st.tuples(
        st.sampled_from([1, 2, 3]),
        st.sampled_from([0, 1]),
        st.integers(0, 30),
        st.lists(
            st.one_of(st.none(), st.integers(0, 7), st.integers(-3, 40)),
            min_size=len(ITEMS),
            max_size=len(ITEMS),
        ),
    ),
    max_size=60,
)


@settings(max_examples=400, deadline=None)
@given(
    drawn=_ROWS,
    order=st.sampled_from(["as the statement orders them", "as drawn"]),
    her_id=st.sampled_from([1, 2]),
    held=st.sampled_from(["dates", "texts"]),
)
def test_one_pass_over_the_fetched_rows_is_the_three_passes_it_replaced(
    drawn: list[tuple[int, int, int, list[int | None]]], order: str, her_id: int, held: str
) -> None:
    """``selectors._reads_of`` (Trends' one pass) of rows whose weeks are dates (as read off
    SQLite) or ISO texts (as SQLite stores them, with ``date.fromisoformat``) is the three
    passes it replaced over the same rows with their weeks as dates: her rows, each partner's
    series and the couple's table, for rows in the statement's order (the same week for
    both, a week twice in a row) and in any order, anyone else's rows among them."""
    monday = date(2025, 1, 6)
    rows: list[tuple[Any, ...]] = [
        (owner, ours, monday + timedelta(weeks=week), *answers)
        for owner, ours, week, answers in drawn
    ]
    if order == "as the statement orders them":
        rows = list({(row[2], row[0]): row for row in rows}.values())
        rows.sort(key=lambda row: (row[2], row[0]))
    her, him = _person(her_id, "Maya"), _person(3 - her_id, "Jonah")
    if held == "dates":
        got = selectors._reads_of(rows, None, her, him)
    else:
        texts = [(*row[:2], row[2].isoformat(), *row[3:]) for row in rows]
        got = selectors._reads_of(texts, date.fromisoformat, her, him)
    _same_counted(got, rows, her, him)


def _history(
    people: list[User], partnerships: list[int | None], steps: Sequence[tuple[int, ...]]
) -> None:
    """Check-ins and notes from ``steps``: (person, week back, shared, partnership, seed)."""
    goals = [
        Goal.objects.create(owner=person, partnership_id=p, title="g")
        for person in people
        for p in partnerships
    ]
    monday = selectors.this_week()
    here = timezone.get_current_timezone()
    first_day = datetime.combine(selectors.balance_since().date(), time.min, tzinfo=here)
    for person, back, shared, p, seed in steps:
        rng = random.Random(seed)
        partnership_id = partnerships[p % len(partnerships)]
        week = monday - timedelta(weeks=back)
        if not CheckIn.objects.filter(owner=people[person], week=week).exists():
            answers = {item: rng.choice([None, 0, 1, 3, 5]) for item in ITEMS}
            CheckIn.objects.create(
                owner=people[person],
                partnership_id=partnership_id,
                week=week,
                shared=bool(shared) and partnership_id is not None,
                **answers,
            )
        goal = goals[seed % len(goals)]
        # On the page's first moment, a microsecond either side, whole seconds, or anywhere.
        moment = rng.choice(
            [
                first_day + timedelta(microseconds=rng.choice([-1, 0, 1])),
                first_day + timedelta(seconds=rng.randrange(-86400, 86400)),
                timezone.now() - timedelta(microseconds=rng.randrange(400 * 86_400_000_000)),
            ]
        )
        GoalNote.objects.create(
            owner=people[person],
            partnership_id=goal.partnership_id,
            goal=goal,
            text="n",
            created_at=moment,
        )


@pytest.mark.parametrize("zone", ZONES)
def test_trends_reads_equal_the_orm_for_every_persona(personas: Personas, zone: str) -> None:
    people = [personas.alice, personas.bob, personas.carol, personas.dave, personas.erin]
    partnerships = list(Partnership.objects.values_list("pk", flat=True))
    assert len(partnerships) >= 2  # the couple's, and alice's with her ex
    rng = random.Random(62)
    with timezone.override(zone):
        steps = [
            (rng.randrange(5), rng.randrange(-2, 60), rng.randrange(2), rng.randrange(3), n)
            for n in range(120)
        ]
        _history(people, [*partnerships, None], steps)
        ids = [*(person.pk for person in people), personas.staff.pk]
        assert _same_reads(ids, [*partnerships, max(partnerships) + 1]) > 0


STEPS = st.lists(
    st.tuples(
        st.integers(0, 2),  # who
        st.integers(-1, 40),  # weeks back
        st.integers(0, 1),  # shared
        st.integers(0, 2),  # which partnership (or none)
        st.integers(0, 10_000),  # the answers', the goal's and the moment's seed
    ),
    max_size=25,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=STEPS, zone=st.sampled_from(ZONES))
def test_trends_reads_equal_the_orm_over_random_histories(
    steps: list[tuple[int, ...]], zone: str
) -> None:
    with transaction.atomic(), timezone.override(zone):
        people = [
            user_create(email=f"t{n}@example.test", password=PASSWORD, display_name=f"T{n}")
            for n in range(3)
        ]
        partnerships = [Partnership.objects.create().pk for _ in range(2)]
        _history(people, [*partnerships, None], steps)
        _same_reads([person.pk for person in people], partnerships)
        transaction.set_rollback(True)


def test_the_statements_read_sqlite_s_stored_text_and_nowhere_else() -> None:
    """On SQLite the week and the moment are read as their stored text (no converter a value);
    elsewhere the columns are read as the ORM reads them."""
    rows = selectors._trend_rows_statement(connection.vendor)
    notes = selectors._trend_notes_statement(connection.vendor)
    own = selectors._own_notes_statement(connection.vendor)
    if connection.vendor == "sqlite":
        assert "CAST(" in rows and "CAST(" in notes and "CAST(" in own
    else:
        assert "CAST(" not in rows and "CAST(" not in notes and "CAST(" not in own


def test_a_moment_stored_with_an_offset_of_its_own_is_read_as_before(personas: Personas) -> None:
    """A moment stored as text with an offset written after it (none Django writes: a restore
    of someone else's making) is read the general way on SQLite, where the offset appended to
    the stored text cannot be read, not dropped with the rest of the rows."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite stores a moment as its text")
    alice = personas.alice
    goal = Goal.objects.create(owner=alice, title="g")
    note = GoalNote.objects.create(owner=alice, goal=goal, text="n")
    plain = GoalNote.objects.create(owner=alice, goal=goal, text="m")
    table, column = GoalNote._meta.db_table, GoalNote._meta.get_field("created_at").column
    with connection.cursor() as cursor:
        cursor.execute(
            f'UPDATE "{table}" SET "{column}" = %s WHERE id = %s',
            ["2099-01-05 10:00:00+00:00", note.pk],
        )
    since = datetime(2000, 1, 1, tzinfo=timezone.get_current_timezone())
    notes = selectors._trend_notes(alice.pk, 0, since)
    assert len(notes) == 2
    assert {at for at, _p, _o in notes} == {
        datetime.fromisoformat("2099-01-05 10:00:00+00:00"),
        GoalNote.objects.get(pk=plain.pk).created_at,
    }
    assert all(at.utcoffset() == timedelta(0) for at, _p, _o in notes)
    # So is the goals page's read of her notes (``_own_notes_read``).
    own = selectors._own_notes_read(alice.pk, None, since)
    assert sorted(own, key=str) == sorted(selectors._own_notes(alice.pk, since), key=str)
    assert {at for at, _p in own} == {at for at, _p, _o in notes}


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's plan; PostgreSQL's differs")
def test_the_goal_notes_are_read_along_the_indexes_of_when_each_was_noted(
    personas: Personas,
) -> None:
    """Trends' goal notes (her own, and the couple's on shared goals) are found along
    ``goalnote_own_noted`` and ``goalnote_shared_noted`` from the first day shown, never by
    reading every note she or the couple ever made and leaving the older ones out (issue 15's
    twenty-sixth pass)."""
    alice = personas.alice
    since = datetime(2026, 6, 1, tzinfo=UTC)
    params = [alice.pk, alice.pk, 1, connection.ops.adapt_datetimefield_value(since)]
    with connection.cursor() as cursor:
        cursor.execute(
            f"EXPLAIN QUERY PLAN {selectors._trend_notes_statement(connection.vendor)}", params
        )
        plan = [str(row[-1]) for row in cursor.fetchall()]
    assert (
        "SEARCH together_goalnote USING INDEX goalnote_own_noted"
        " (owner_id=? AND partnership_id=? AND created_at>?)" in plan
    ), plan
    assert (
        "SEARCH together_goalnote USING INDEX goalnote_shared_noted"
        " (partnership_id=? AND created_at>?)" in plan
    ), plan
