"""The promises and the goals pages read their lists as plain values with prepared reads
(``together.access.promise_list``, ``goal_list``), held equal to the querysets of model rows
they replaced: the promises the newest sixty she may see (hers made alone and the current
partnership's), newest due first, ties broken by the newest key, each with its owner; the goals
every one she may see, those not reached first; for both partners, a person alone, an ex, and
histories longer than the read with many promises due on one day."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from interdepend.web.accounts.models import User
from interdepend.web.partners.access import ActivePartnership, access_active_partnership
from interdepend.web.together import access, services
from interdepend.web.together.models import Bid, BidAnswer, Commitment, CommitmentState, Goal
from tests.conftest import Personas

pytestmark = pytest.mark.django_db

Row = tuple[object, ...]


def _by_the_orm(user: User, active: ActivePartnership | None) -> list[Row]:
    """The rule as the page had it: model rows, their owners set from the two people read."""
    seen = Q(owner_id=user.pk, partnership__isnull=True)
    if active is not None:
        seen |= Q(partnership_id=active.partnership.pk)
    rows = Commitment.objects.filter(seen).order_by("-due_on", "-pk")[:60]
    return [
        (c.pk, c.public_id, c.owner_id, c.partnership_id, c.text, c.due_on, c.state, c.owner.pk)
        for c in rows
    ]


def _read(user: User) -> list[Row]:
    active = access_active_partnership(user)
    return [
        (c.pk, c.public_id, c.owner_id, c.partnership_id, c.text, c.due_on, c.state, c.owner.pk)
        for c in access.promise_list(user, active)
    ]


def test_the_promises_read_as_values_equal_the_model_rows_they_replaced(
    personas: Personas,
) -> None:
    alice, bob, carol, dave = personas.alice, personas.bob, personas.carol, personas.dave
    active = access_active_partnership(alice)
    assert active is not None
    rng = random.Random(15)
    today = timezone.localdate()
    states = list(CommitmentState)
    made = 0
    for count in (0, 1, 30, 59, 61, 150):
        while made < count:
            owner, partnership = rng.choice(
                [
                    (alice, active.partnership),
                    (alice, None),
                    (bob, active.partnership),
                    (bob, None),  # his alone: never on her page
                    (carol, None),
                    (dave, None),
                ]
            )
            c = services.commitment_create(
                owner=owner,
                partnership=partnership,
                text=f"promise {made} <b>&amp;",
                due_on=today,
                idem_key="",
            )
            # many due on one day, so the key decides their order
            due = today + timedelta(days=0 if rng.random() < 0.4 else rng.randrange(-60, 40))
            Commitment.objects.filter(pk=c.pk).update(state=rng.choice(states), due_on=due)
            made += 1
        for user in (alice, bob, carol, dave):
            got = _read(user)
            want = _by_the_orm(user, access_active_partnership(user))
            assert got == want, (count, user)
            # Of the same types too: the rows are the cursor's, with no converter (a day is a
            # date, an id a number, a missing partnership None; issue 15's twenty-fourth pass).
            assert [[type(v) for v in row] for row in got] == [
                [type(v) for v in row] for row in want
            ]
            assert len(got) <= access.PROMISES_READ
    assert len(_read(alice)) == access.PROMISES_READ
    assert access._PROMISES_OURS.prepared(user_id=alice.pk, partnership_id=active.partnership.pk)
    assert access._PROMISES_ALONE.prepared(user_id=carol.pk)
    assert not access._PROMISES_OURS.refused and not access._PROMISES_ALONE.refused


def test_the_promises_are_one_statement_with_their_owners_known(personas: Personas) -> None:
    alice, bob = personas.alice, personas.bob
    active = access_active_partnership(alice)
    assert active is not None
    for owner in (alice, bob):
        services.commitment_create(
            owner=owner,
            partnership=active.partnership,
            text="walk",
            due_on=timezone.localdate(),
            idem_key="",
        )
    access.promise_list(alice, active)  # kept once
    with CaptureQueriesContext(connection) as captured:
        rows = access.promise_list(alice, active)
    assert len(captured) == 1
    assert {c.owner.display_name for c in rows} == {alice.display_name, bob.display_name}


def _goals_by_the_orm(user: User, active: ActivePartnership | None) -> list[Row]:
    """The goals page's rule as it was: model rows, those not reached first, newest first."""
    seen = Q(owner_id=user.pk, partnership__isnull=True)
    if active is not None:
        seen |= Q(partnership_id=active.partnership.pk)
    rows = Goal.objects.filter(seen).order_by("done", "-created_at")
    return [(g.public_id, g.title, g.done, g.partnership_id, g.is_shared) for g in rows]


def test_the_goals_read_as_values_equal_the_model_rows_they_replaced(
    personas: Personas,
) -> None:
    alice, bob, carol, dave = personas.alice, personas.bob, personas.carol, personas.dave
    active = access_active_partnership(alice)
    assert active is not None
    rng = random.Random(11)
    moment = timezone.now() - timedelta(days=30)
    made = 0
    for count in (0, 1, 7, 40):
        while made < count:
            owner, partnership = rng.choice(
                [
                    (alice, active.partnership),
                    (alice, None),
                    (bob, active.partnership),
                    (bob, None),  # his own: never on her page
                    (carol, None),
                    (dave, None),
                ]
            )
            g = services.goal_create(
                owner=owner,
                partnership=partnership,
                title=f"goal {made} <b>&amp; \u05e9\u05dc\u05d5\u05dd",
                detail="details " * 50,
                idem_key=f"g{made}",
            )
            Goal.objects.filter(pk=g.pk).update(
                done=rng.random() < 0.3, created_at=moment + timedelta(minutes=made)
            )
            made += 1
        for user in (alice, bob, carol, dave):
            got = [
                (g.public_id, g.title, g.done, g.partnership_id, g.is_shared)
                for g in access.goal_list(user, access_active_partnership(user))
            ]
            want = _goals_by_the_orm(user, access_active_partnership(user))
            assert got == want, (count, user)
            # Of the same types too: the cursor's rows, "reached" a bool (the 24th pass).
            assert [[type(v) for v in row] for row in got] == [
                [type(v) for v in row] for row in want
            ]
    assert access._GOALS_OURS.prepared(user_id=alice.pk, partnership_id=active.partnership.pk)
    assert access._GOALS_ALONE.prepared(user_id=carol.pk)
    assert not access._GOALS_OURS.refused and not access._GOALS_ALONE.refused


def _bid(b: Bid | access.BidRow) -> Row:
    owner = b.owner.pk
    return (
        b.public_id,
        b.owner_id,
        b.partnership_id,
        b.text,
        b.created_at,
        b.answer,
        b.answer_when,
        owner,
    )


def _bids_by_the_orm(active: ActivePartnership) -> tuple[list[Row], list[Row]]:
    """The bids page's two reads as they were: model rows of the couple's bids, those still
    waiting oldest first, the newest twelve answered newest first."""
    ours = Bid.objects.filter(partnership_id=active.partnership.pk)
    waiting = ours.filter(answer="").order_by("created_at", "pk")
    answered = ours.exclude(answer="").order_by("-created_at", "-pk")[:12]
    return [_bid(b) for b in waiting], [_bid(b) for b in answered]


def test_the_bids_read_as_values_equal_the_model_rows_they_replaced(personas: Personas) -> None:
    """``access.bid_lists`` (issue 15's fourteenth pass): the same bids, in the same order,
    with the same values and owners, as the model rows the page read, for both partners, for
    histories shorter and longer than the twelve answered ones read, with many bids sent in
    the same moment (the key decides their order)."""
    alice, bob = personas.alice, personas.bob
    Bid.objects.all().delete()  # the personas' own
    active = access_active_partnership(alice)
    assert active is not None
    rng = random.Random(61)
    sent_at = timezone.now()
    answers = [BidAnswer.YES_NOW, BidAnswer.LATER, BidAnswer.NOT_NOW, ""]
    made = 0
    for count in (0, 1, 11, 13, 40):
        while made < count:
            # Made as the database holds them: more waiting than a sender may have at once.
            answer = rng.choice(answers)
            Bid.objects.create(
                owner=rng.choice([alice, bob]),
                partnership=active.partnership,
                text=f"bid {made} <b>&amp; \u202e",
                answer=answer,
                answer_when=f"at {made} & <six>" if answer == BidAnswer.LATER else "",
                answered_at=sent_at if answer else None,
                created_at=sent_at
                - timedelta(hours=0 if rng.random() < 0.3 else rng.randrange(1, 900)),
            )
            made += 1
        for user in (alice, bob):
            mine = access_active_partnership(user)
            assert mine is not None
            waiting, answered = access.bid_lists(user, mine)
            assert ([_bid(b) for b in waiting], [_bid(b) for b in answered]) == _bids_by_the_orm(
                mine
            ), (count, user)
            assert {b.owner.pk for b in waiting + answered} <= {alice.pk, bob.pk}
            assert len(answered) <= 12
    assert len(access.bid_lists(alice, active)[1]) == 12


def test_the_bids_are_one_statement_with_their_owners_known(personas: Personas) -> None:
    """Both lists in one statement since issue 15's twenty-second pass (two prepared reads
    before), the same for either partner, their owners the two people already read."""
    alice, bob = personas.alice, personas.bob
    active = access_active_partnership(alice)
    assert active is not None
    for owner in (alice, bob):
        services.bid_send(owner=owner, partnership=active.partnership, text="tea", idem_key="")
    access.bid_lists(alice, active)  # kept once
    with CaptureQueriesContext(connection) as captured:
        waiting, answered = access.bid_lists(alice, active)
    assert len(captured) == 1
    theirs = access_active_partnership(bob)
    assert theirs is not None
    with CaptureQueriesContext(connection) as his:
        access.bid_lists(bob, theirs)
    assert [q["sql"] for q in his.captured_queries] == [q["sql"] for q in captured.captured_queries]
    assert {b.owner.display_name for b in waiting} == {alice.display_name, bob.display_name}


def test_the_bids_moments_come_from_sqlite_as_the_text_it_stores(personas: Personas) -> None:
    """On SQLite the lists' statement hands each moment sent over as the text SQLite stores
    (``CAST … AS TEXT``: its driver no longer reads it into a moment first), and the lists
    make it the same aware moment as the model's (issue 15's twenty-seventh pass); on any
    other database the column as it is."""
    alice, bob = personas.alice, personas.bob
    active = access_active_partnership(alice)
    assert active is not None
    sent = services.bid_send(owner=bob, partnership=active.partnership, text="tea", idem_key="")
    pid = active.partnership.pk
    with connection.cursor() as cursor:
        cursor.execute(access.bid_lists_statement(), [pid, pid])
        moments = [row[4] for row in cursor.fetchall()]
    assert moments
    if connection.vendor == "sqlite":
        assert all(type(moment) is str for moment in moments)
    waiting, _answered = access.bid_lists(alice, active)
    row = next(b for b in waiting if b.public_id == sent.public_id)
    stored = Bid.objects.get(pk=sent.pk).created_at
    assert row.created_at == stored and row.created_at.tzinfo == stored.tzinfo


def test_the_bids_rows_are_named_tuples_that_cannot_change(personas: Personas) -> None:
    """A bid's row (``access.BidRow``) is a named tuple since issue 15's twenty-first pass,
    where it was a frozen dataclass: its fields by name, in the order the page reads them,
    each the value read, and none can be set or removed afterwards, as the dataclass refused."""
    alice, bob = personas.alice, personas.bob
    active = access_active_partnership(alice)
    assert active is not None
    sent = services.bid_send(
        owner=bob, partnership=active.partnership, text="tea <b>\u202e", idem_key=""
    )
    waiting, _answered = access.bid_lists(alice, active)
    row = next(b for b in waiting if b.public_id == sent.public_id)
    assert type(row) is access.BidRow and isinstance(row, tuple)
    assert access.BidRow._fields == (*access._BID_COLUMNS, "owner")
    assert row == (
        sent.public_id,
        bob.pk,
        active.partnership.pk,
        "tea <b>\u202e",
        sent.created_at,
        "",
        "",
        bob,
    )
    assert row.owner is active.partner
    with pytest.raises(AttributeError):
        row.text = "changed"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del row.answer
    assert row.text == "tea <b>\u202e"
