"""After an answer, her partnership is read again with the answered bid's month counted in the
same hand-written statement (``together.selectors.partnership_and_bid_month``, issue 15's
twenty-second pass), where it read her partnership (``access_active_partnership``) and then the
month's counts (a prepared read, written here with the ORM). Held here to those two reads over
random histories: bids of the couple, of an ended partnership and of other couples, at a
month's first and last moments where she is and in UTC, with every answer and none, for every
persona (a couple, one alone, an ex, a stranger), in time zones at the ends of the world's
offsets and one whose clocks change at midnight; and one statement runs, the same whatever
the partnership and its bids are."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any

import pytest
from django.db import connection
from django.db.models import Model
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interdepend.web.accounts.models import User
from interdepend.web.partners.access import access_active_partnership
from interdepend.web.partners.models import Partnership
from interdepend.web.together import selectors
from interdepend.web.together.models import Bid, BidAnswer
from tests.conftest import Personas
from tests.web.test_bid_to_answer_read import answered_by_htmx
from tests.web.test_series_reads import _bid_month_by_the_orm

pytestmark = pytest.mark.django_db

#: Zones at the ends of the world's offsets, and one that changes its clocks at midnight.
ZONES = ["Pacific/Kiritimati", "Etc/GMT+12", "America/Santiago", "Europe/Madrid"]


def _fields(row: Model) -> tuple[object, ...]:
    return tuple(getattr(row, f.attname) for f in type(row)._meta.concrete_fields)


Read = tuple[tuple[object, ...], int, str, selectors.BidMonth]


def _by_two_reads(user: User, moment: datetime) -> Read | None:
    """The rule as it was: her partnership, then the month's row of its bids."""
    active = access_active_partnership(user)
    if active is None:
        return None
    month = _bid_month_by_the_orm(active, moment)
    return _fields(active.partnership), active.partner.pk, active.partner.display_name, month


def _by_one(user: User, moment: datetime) -> Read | None:
    with CaptureQueriesContext(connection) as read:
        active, month = selectors.partnership_and_bid_month(user, moment)
    assert len(read.captured_queries) == 1  # one statement, a partnership or none
    if active is None:
        assert month is None
        return None
    assert month is not None
    assert all(type(n) is int for n in (month.sent, month.yes_now, month.later, month.not_now))
    # The partner holds the columns pages use, as access_active_partnership reads him.
    alone = access_active_partnership(user)
    assert alone is not None
    assert active.partner.get_deferred_fields() == alone.partner.get_deferred_fields()
    return _fields(active.partnership), active.partner.pk, active.partner.display_name, month


def _month_ends(here: tzinfo, today: datetime) -> list[datetime]:
    """Each of the last few months' first moment where she is and in UTC, a microsecond, an
    hour and a day either side."""
    moments: list[datetime] = []
    for back in range(4):
        first = (today.replace(day=1) - timedelta(days=31 * back)).replace(day=1)
        for zone in (here, UTC):
            start = datetime(first.year, first.month, 1, tzinfo=zone)
            for step in (
                timedelta(0),
                timedelta(microseconds=1),
                timedelta(hours=1),
                timedelta(days=1),
            ):
                moments += [start - step, start + step]
    return moments


@pytest.mark.parametrize("zone", ZONES)
def test_her_partnership_and_the_bid_month_are_read_as_in_two_reads(
    personas: Personas, zone: str
) -> None:
    rng = random.Random(22)
    people = [personas.alice, personas.bob, personas.carol, personas.dave, personas.erin]
    partnerships = list(Partnership.objects.all())
    assert any(p.ended_at is not None for p in partnerships)  # alice and dave's
    compared = found = 0
    with timezone.override(zone):
        here = timezone.get_current_timezone()
        ends = _month_ends(here, timezone.localtime())
        for _round in range(4):
            Bid.objects.all().delete()
            made = []
            for n in range(40):
                partnership = rng.choice(partnerships)
                members = [m.user for m in partnership.members.select_related("user")]
                made.append(
                    Bid(
                        owner=rng.choice(members) if rng.random() < 0.9 else rng.choice(people),
                        partnership=partnership,
                        text=f"bid {n}",
                        idem_key=f"month-{_round}-{n}",
                        answer=rng.choice(["", "", *BidAnswer.values]),
                    )
                )
            Bid.objects.bulk_create(made)
            moments = [rng.choice(ends) for _ in made]
            moments[: len(made) // 4] = [moments[0]] * (len(made) // 4)  # many at one moment
            for bid, moment in zip(made, moments, strict=True):
                Bid.objects.filter(pk=bid.pk).update(created_at=moment)
            asked = [*rng.sample(ends, 8), *moments[:4], timezone.now()]
            for user in people:
                for moment in asked:
                    one = _by_one(user, moment)
                    assert one == _by_two_reads(user, moment), (user, moment)
                    compared += 1
                    found += one is not None and one[-1].sent > 0
    assert compared == 4 * 5 * 13
    assert found > 20


def test_a_month_with_no_bid_counts_none(personas: Personas) -> None:
    """No bid that month (or none at all): her partnership, with every count nought."""
    alice = personas.alice
    Bid.objects.all().delete()
    active, month = selectors.partnership_and_bid_month(alice, timezone.now())
    assert active is not None and month is not None
    assert active == access_active_partnership(alice)
    assert (month.sent, month.yes_now, month.later, month.not_now) == (0, 0, 0, 0)
    assert month == _bid_month_by_the_orm(active, timezone.now())


def test_the_same_one_statement_runs_for_everyone(personas: Personas) -> None:
    """A couple, one alone, an ex and a stranger: the same statement, whatever is found."""
    statements = set()
    for user in (personas.alice, personas.bob, personas.carol, personas.dave, personas.erin):
        with CaptureQueriesContext(connection) as read:
            selectors.partnership_and_bid_month(user, timezone.now())
        assert len(read.captured_queries) == 1
        sql = read.captured_queries[0]["sql"]
        statements.add(sql[: sql.index("WHERE mine.user_id")])
    assert len(statements) == 1


def test_an_answer_reads_her_partnership_with_the_month_in_one_statement(
    personas: Personas,
) -> None:
    """The post as htmx sends it: after the write, her partnership and the month's counts come
    in one statement; the month is not counted on its own; the answer is drawn as before."""
    active, bid, response, statements = answered_by_htmx(personas.alice, personas.bob)
    assert response.status_code == 200
    month = _bid_month_by_the_orm(active, bid.created_at)
    assert f"<td>{month.sent}</td><td>{month.yes_now}</td>".encode() in response.content
    counted = [sql for sql in statements if "GROUP BY mine.id, other.id, p.id, u.id" in sql]
    assert len(counted) == 1, statements
    alone = [sql for sql in statements if "COUNT(" in sql and '"answer" AS "answer"' in sql]
    assert not alone, alone


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    sent=st.lists(
        st.tuples(
            st.sampled_from(["", *BidAnswer.values, "other"]),
            st.integers(min_value=-90 * 24 * 60, max_value=90 * 24 * 60),
        ),
        max_size=25,
    ),
    asked=st.integers(min_value=-90 * 24 * 60, max_value=90 * 24 * 60),
    zone=st.sampled_from(ZONES),
)
def test_any_history_counts_as_the_orm_counts_it(
    personas: Personas, sent: list[tuple[str, int]], asked: int, zone: str
) -> None:
    """Any bids of the couple, with any answer (one the enum does not name counted as sent
    only), sent up to three months either side of a moment asked about, in any of the zones."""
    alice = personas.alice
    active = access_active_partnership(alice)
    assert active is not None
    Bid.objects.all().delete()
    now = timezone.now()
    made = Bid.objects.bulk_create(
        Bid(owner=alice, partnership=active.partnership, text="t", idem_key=f"h{n}", answer=answer)
        for n, (answer, _minutes) in enumerate(sent)
    )
    for bid, (_answer, minutes) in zip(made, sent, strict=True):
        Bid.objects.filter(pk=bid.pk).update(created_at=now + timedelta(minutes=minutes))
    with timezone.override(zone):
        moment = now + timedelta(minutes=asked)
        assert _by_one(alice, moment) == _by_two_reads(alice, moment)


def _bounds_as_the_field_made_them(moment: datetime) -> list[object]:
    """The month's two bounds as the read made them ready before the twenty-fourth pass: her
    zone's first moment of the month and of the next, each through the field's
    ``get_db_prep_value``."""
    field = Bid._meta.get_field("created_at")
    zone = timezone.get_current_timezone()
    month = timezone.localtime(moment, zone).date().replace(day=1)
    start = datetime(month.year, month.month, 1, tzinfo=zone)
    end = datetime(month.year + month.month // 12, month.month % 12 + 1, 1, tzinfo=zone)
    return [field.get_db_prep_value(start, connection), field.get_db_prep_value(end, connection)]


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    zone=st.one_of(st.sampled_from(ZONES), st.timezones()),
    moment=st.datetimes(
        min_value=datetime(1971, 1, 1), max_value=datetime(2200, 12, 1), timezones=st.just(UTC)
    ),
)
def test_the_months_bounds_go_to_the_database_as_the_field_made_them_ready(
    personas: Personas, zone: tzinfo, moment: datetime
) -> None:
    """The read's bounds, adapted by the backend straight, are the values the field's
    ``get_db_prep_value`` gave, in any zone and month (the parameters of the statement as it
    runs, caught on their way to the database)."""
    sent: list[object] = []

    def catching(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        sent.extend(params)
        return execute(sql, params, many, context)

    with timezone.override(zone):
        expected = _bounds_as_the_field_made_them(moment)
        with connection.execute_wrapper(catching):
            selectors.partnership_and_bid_month(personas.alice, moment)
    assert sent[3:5] == expected
    assert [type(value) for value in sent[3:5]] == [type(value) for value in expected]
