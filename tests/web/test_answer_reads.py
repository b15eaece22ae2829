"""After an answer to a bid, her partnership, the answered bid's month and the couple's two
lists of bids are read in one hand-written statement (``together.selectors.answer_reads``, issue
15's twenty-fifth pass), where the answer read her partnership with the month
(``selectors.partnership_and_bid_month``) and then the lists (``access.bid_lists``). Held here
to those two reads over random histories: bids of the couple, of an ended partnership and of
other couples, some sent by someone else, many at one moment, more than the twelve answered the
lists show, every answer and none, at a month's ends in far time zones, for every persona; and
one statement runs, the same whatever the partnership and its bids are."""

from __future__ import annotations

import random
import warnings
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.safestring import SafeString
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interdepend.web.accounts.models import User
from interdepend.web.partners.access import access_active_partnership
from interdepend.web.partners.models import Partnership
from interdepend.web.together import access, selectors, services
from interdepend.web.together.models import Bid, BidAnswer
from tests.conftest import Personas
from tests.web.test_bid_month_read import ZONES, _month_ends
from tests.web.test_bid_to_answer_read import answered_by_htmx

pytestmark = pytest.mark.django_db


def _typed(values: Any) -> tuple[tuple[type, object], ...]:
    """Each value with its type, so that equal values of another type differ."""
    return tuple((type(value), value) for value in values)


def _partnership(active: Any) -> tuple[object, ...]:
    fields = type(active.partnership)._meta.concrete_fields
    partner = active.partner
    return (
        _typed(getattr(active.partnership, f.attname) for f in fields),
        _typed((partner.pk, partner.display_name)),
        tuple(sorted(partner.get_deferred_fields())),
    )


Lists = tuple[tuple[object, ...], ...]
Read = tuple[object, object, Lists]


def _lists(waiting: list[Any], answered: list[Any]) -> Lists:
    return tuple(
        tuple((_typed(row[:-1]), row.owner.pk) for row in part) for part in (waiting, answered)
    )


def _by_two_reads(user: User, moment: datetime, partnership_id: int) -> Read | None:
    """The reads as the answer made them: her partnership with the month, then the lists."""
    active, month = selectors.partnership_and_bid_month(user, moment)
    if active is None or active.partnership.pk != partnership_id:
        return None
    return _partnership(active), month, _lists(*access.bid_lists(user, active))


def _by_one(user: User, moment: datetime, partnership_id: int) -> Read | None:
    with CaptureQueriesContext(connection) as read:
        found = selectors.answer_reads(user, moment, partnership_id)
    if found.active is None:
        assert len(read.captured_queries) == 1  # one statement, whatever is found
        assert (found.month, found.waiting, found.answered) == (None, [], [])
        return None
    assert found.month is not None
    rows = found.waiting + found.answered
    assert all(type(row) is access.BidRow for row in rows)
    # The owners are the two people already read, as the lists' read sets them; anyone else's
    # (a row the app never makes) is read on its own, as the lists' read reads it.
    people = {user.pk: user, found.active.partner.pk: found.active.partner}
    assert all(row.owner is people[row.owner_id] for row in rows if row.owner_id in people)
    others = sum(row.owner_id not in people for row in rows)
    assert len(read.captured_queries) == 1 + others
    return _partnership(found.active), found.month, _lists(found.waiting, found.answered)


def _history(rng: random.Random, people: list[User], ends: list[datetime], size: int) -> None:
    """``size`` bids in any partnership, most sent by one of its two, a few by anyone else."""
    Bid.objects.all().delete()
    partnerships = list(Partnership.objects.all())
    made = []
    for n in range(size):
        partnership = rng.choice(partnerships)
        members = [m.user for m in partnership.members.select_related("user")]
        answer = rng.choice(["", "", "", *BidAnswer.values])
        made.append(
            Bid(
                owner=rng.choice(members) if rng.random() < 0.9 else rng.choice(people),
                partnership=partnership,
                text=f"bid {n} <b>&amp; \u202e",
                idem_key=f"answer-reads-{n}",
                answer=answer,
                answer_when=f"at {n} & <six>" if answer == BidAnswer.LATER else "",
            )
        )
    Bid.objects.bulk_create(made)
    moments = [rng.choice(ends) for _ in made]
    if moments:  # many at one moment: the key decides their order
        moments[: size // 4] = [moments[0]] * (size // 4)
    for bid, moment in zip(made, moments, strict=True):
        Bid.objects.filter(pk=bid.pk).update(created_at=moment)


@pytest.mark.parametrize("zone", ZONES)
def test_one_read_after_an_answer_equals_the_two_it_replaced(personas: Personas, zone: str) -> None:
    rng = random.Random(25)
    people = [personas.alice, personas.bob, personas.carol, personas.dave, personas.erin]
    partnerships = list(Partnership.objects.all())
    assert any(p.ended_at is not None for p in partnerships)  # alice and dave's
    compared = found = listed = 0
    with timezone.override(zone):
        ends = _month_ends(timezone.get_current_timezone(), timezone.localtime())
        for size in (0, 5, 30, 80):
            _history(rng, people, ends, size)
            asked = [*rng.sample(ends, 4), timezone.now()]
            for user in people:
                for moment in asked:
                    for partnership in partnerships:
                        one = _by_one(user, moment, partnership.pk)
                        assert one == _by_two_reads(user, moment, partnership.pk), (user, moment)
                        compared += 1
                        found += one is not None
                        listed += one is not None and bool(one[2][0] and one[2][1])
    assert compared == 4 * 5 * 5 * len(partnerships)
    assert found > 20 and listed > 5


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    sent=st.lists(
        st.tuples(
            st.sampled_from(["", *BidAnswer.values, "other"]),
            st.integers(min_value=-60 * 24 * 60, max_value=60 * 24 * 60),
            st.booleans(),
        ),
        max_size=30,
    ),
    asked=st.integers(min_value=-60 * 24 * 60, max_value=60 * 24 * 60),
    zone=st.sampled_from(ZONES),
)
def test_any_history_of_the_couple_reads_as_the_two_reads(
    personas: Personas, sent: list[tuple[str, int, bool]], asked: int, zone: str
) -> None:
    """Any bids of the couple, from either of the two, with any answer, sent up to two months
    either side of the moment asked about (many at one minute), in any of the zones."""
    alice, bob = personas.alice, personas.bob
    active = access_active_partnership(alice)
    assert active is not None
    Bid.objects.all().delete()
    now = timezone.now().replace(second=0, microsecond=0)
    made = Bid.objects.bulk_create(
        Bid(
            owner=alice if hers else bob,
            partnership=active.partnership,
            text=f"t{n}",
            idem_key=f"h{n}",
            answer=answer,
        )
        for n, (answer, _minutes, hers) in enumerate(sent)
    )
    for bid, (_answer, minutes, _hers) in zip(made, sent, strict=True):
        Bid.objects.filter(pk=bid.pk).update(created_at=now + timedelta(minutes=minutes))
    with timezone.override(zone):
        moment = now + timedelta(minutes=asked)
        for user in (alice, bob):
            pid = active.partnership.pk
            assert _by_one(user, moment, pid) == _by_two_reads(user, moment, pid) is not None


def test_the_same_one_statement_runs_for_everyone(personas: Personas) -> None:
    """A couple, one alone, an ex and a stranger, asked of their own partnership or another:
    the same statement, whatever is found."""
    statements = set()
    pids = [p.pk for p in Partnership.objects.all()]
    for user in (personas.alice, personas.bob, personas.carol, personas.dave, personas.erin):
        for pid in pids:
            with CaptureQueriesContext(connection) as read:
                selectors.answer_reads(user, timezone.now(), pid)
            assert len(read.captured_queries) == 1
            statements.add(read.captured_queries[0]["sql"].split("WHERE mine.user_id")[0])
    assert len(statements) == 1


def test_an_answer_reads_her_partnership_the_month_and_the_lists_in_one_statement(
    personas: Personas,
) -> None:
    """The post as htmx sends it: after the write, one statement reads her partnership, the
    month and both lists; the lists are not read on their own; the answer is drawn as before."""
    _active, bid, response, statements = answered_by_htmx(personas.alice, personas.bob)
    assert response.status_code == 200
    assert f'id="bid-{bid.public_id}"'.encode() in response.content
    one = [sql for sql in statements if "-1 AS part" in sql]
    assert len(one) == 1, statements
    assert "GROUP BY mine.id, other.id, p.id, u.id" in one[0]
    alone = [
        sql
        for sql in statements
        if sql not in one and ("1 AS part," in sql or "GROUP BY mine.id" in sql)
    ]
    assert not alone, alone


_MOMENTS = st.one_of(
    st.none(),
    st.datetimes(timezones=st.sampled_from([UTC, *(ZoneInfo(zone) for zone in ZONES)])),
    st.datetimes(),  # naive: the fields' way, with Django's warning
)


@settings(max_examples=300, deadline=None)
@given(
    answer=st.one_of(st.sampled_from(BidAnswer.values), st.text(max_size=12)),
    when=st.one_of(st.text(max_size=40), st.builds(SafeString, st.text(max_size=8))),
    at=_MOMENTS,
    bid_id=st.integers(min_value=1, max_value=2**62),
)
def test_an_answers_values_go_to_the_database_as_its_fields_make_them_ready(
    answer: str, when: str, at: datetime | None, bid_id: int
) -> None:
    """The write's values (``services._answer_sql``): an answer's usual ones, two texts and an
    aware moment, made ready without the fields' preparing; each the same value, of the same
    type, as each field's ``get_db_prep_save`` makes it, for any text and any moment."""
    values = {"answer": answer, "answer_when": when, "answered_at": at}
    fields = services._ANSWER_FIELDS
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # a naive moment, as Django warns
        expected = tuple(fields[name].get_db_prep_save(values[name], connection) for name in fields)
        statement, made = services._answer_sql(bid_id, values)
    assert statement == services._answer_statement()
    assert _typed(made) == _typed((*expected, "", bid_id))
