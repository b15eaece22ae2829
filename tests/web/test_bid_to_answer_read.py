"""Answering a bid reads her current partnership and the bid to answer in one hand-written
statement (``together.access.access_bid_to_answer``, issue 15's nineteenth pass), where it read
her partnership and then the bid (a prepared read). Held here to those two reads, written with
the ORM, over random histories: bids of the couple, of an ended partnership and of other
couples, sent by either member or by someone else, answered or not, for every persona (a
couple, one alone, an ex, a stranger), with ids that are nobody's refused alike; and the same
one statement runs whatever the id names."""

from __future__ import annotations

import contextlib
import random
import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Model
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interdepend.web.accounts.models import User
from interdepend.web.partners.access import _active_statement, access_active_partnership
from interdepend.web.partners.ended import MARK_FIELD, mark_for
from interdepend.web.partners.models import Partnership
from interdepend.web.together import access
from interdepend.web.together.models import Bid, BidAnswer
from tests.conftest import Personas
from tests.helpers import as_user

pytestmark = pytest.mark.django_db

Row = tuple[object, ...]
BID = '"together_bid"'
#: Words a bid may hold that the database keeps (no NUL, which PostgreSQL refuses).
WORDS = st.text(st.characters(exclude_characters="\x00", codec="utf-8"), max_size=200)


def _fields(row: Model) -> Row:
    return tuple(getattr(row, f.attname) for f in type(row)._meta.concrete_fields)


def _by_two_reads(user: User, bid_id: str) -> tuple[Row, Row, Row] | None:
    """The rule as it was: her current partnership, then the bid of it by its id, sent by
    her partner (``Bid.objects.filter(...).order_by("pk")[:1]``)."""
    active = access_active_partnership(user)
    if active is None:
        return None
    bid = (
        Bid.objects.filter(
            partnership_id=active.partnership.pk, public_id=bid_id, owner_id=active.partner.pk
        )
        .order_by("pk")
        .first()
    )
    if bid is None:
        return None
    return _fields(bid), _fields(active.partnership), _fields(active.partner)


def _by_one(user: User, bid_id: str) -> tuple[Row, Row, Row] | None:
    try:
        bid = access.access_bid_to_answer(user, bid_id)
    except Http404:
        return None
    assert isinstance(bid, Bid)
    assert (bid._state.adding, bid._state.db) == (False, "default")
    assert bid.get_deferred_fields() == set()
    # Its owner is the partner as read with it: asking for him reads nothing more.
    with CaptureQueriesContext(connection) as more:
        owner = bid.owner
        assert owner.pk == bid.owner_id
        assert owner.display_name
    assert not more.captured_queries
    assert bid.partnership_id is not None
    partnership = Partnership.objects.get(pk=bid.partnership_id)
    return _fields(bid), _fields(partnership), _fields(owner)


def _send(rng: random.Random, partnership: Partnership, owner: User, n: int) -> str:
    answer = rng.choice(["", "", *BidAnswer.values])
    bid = Bid.objects.create(
        owner=owner,
        partnership=partnership,
        text=rng.choice(["Tea?", "<script>x</script>", "\u202eWalk\u202c", '"{{ a }}" & b']),
        answer=answer,
        answer_when=f"after {n} <b>" if answer == BidAnswer.LATER else "",
        answered_at=timezone.now() if answer else None,
        created_at=timezone.now() - timedelta(minutes=rng.randint(0, 90_000)),
    )
    return bid.public_id


def test_the_bid_to_answer_is_read_with_her_partnership_as_in_two_reads(
    personas: Personas,
) -> None:
    rng = random.Random(19)
    people = [personas.alice, personas.bob, personas.carol, personas.dave, personas.erin]
    partnerships = list(Partnership.objects.all())
    assert any(p.ended_at is not None for p in partnerships)  # alice and dave's
    compared = found = 0
    for round_ in range(10):
        Bid.objects.all().delete()
        ids = [uuid.uuid4().hex[:22]]  # an id of nobody's bid
        for n in range(8):
            partnership = rng.choice(partnerships)
            members = [m.user for m in partnership.members.select_related("user")]
            owner = rng.choice(members) if rng.random() < 0.8 else rng.choice(people)
            ids.append(_send(rng, partnership, owner, round_ * 10 + n))
        for user in people:
            for bid_id in ids:
                with CaptureQueriesContext(connection) as read, contextlib.suppress(Http404):
                    access.access_bid_to_answer(user, bid_id)
                assert len(read.captured_queries) == 1  # one statement, found or not
                one = _by_one(user, bid_id)
                assert one == _by_two_reads(user, bid_id)
                compared += 1
                found += one is not None
    assert compared == 450
    assert found > 15


def test_a_bid_is_answered_only_by_the_one_it_was_sent_to_in_their_partnership(
    personas: Personas,
) -> None:
    """His bid to alice: hers to answer, no one else's (not his own, not her ex's, not one
    alone or a stranger); a bid of the ended partnership nobody's, its members included."""
    alice, bob, dave = personas.alice, personas.bob, personas.dave
    ours = access_active_partnership(alice)
    assert ours is not None
    ended = Partnership.objects.filter(members__user=dave).get()
    assert ended.ended_at is not None
    his = Bid.objects.create(owner=bob, partnership=ours.partnership, text="Tea?")
    hers = Bid.objects.create(owner=alice, partnership=ours.partnership, text="Walk?")
    old = Bid.objects.create(owner=dave, partnership=ended, text="Call?")
    old_hers = Bid.objects.create(owner=alice, partnership=ended, text="Call?")
    found = access.access_bid_to_answer(alice, his.public_id)
    assert (found.pk, found.owner) == (his.pk, bob)
    assert access.access_bid_to_answer(bob, hers.public_id).pk == hers.pk
    refused = [
        (alice, hers),
        (bob, his),
        (alice, old),
        (dave, old_hers),
        (alice, old_hers),
        *((person, bid) for person in (personas.carol, dave, personas.erin) for bid in (his, hers)),
    ]
    for user, bid in refused:
        with pytest.raises(Http404):
            access.access_bid_to_answer(user, bid.public_id)


def test_an_answer_reads_the_bid_with_her_partnership_in_one_statement(
    personas: Personas,
) -> None:
    """The post as htmx sends it: the bid is read in her partnership's statement, not on its
    own; the answer is saved and the lists drawn as before."""
    alice, bob = personas.alice, personas.bob
    active = access_active_partnership(alice)
    assert active is not None
    bid = Bid.objects.create(owner=bob, partnership=active.partnership, text="Tea?")
    address = reverse("together:bid_answer", args=[bid.public_id])
    mark = mark_for(alice.pk, active.partnership.pk, bid.public_id)
    client = as_user(alice)
    with CaptureQueriesContext(connection) as read:
        response = client.post(
            address, {"answer": "yes_now", MARK_FIELD: mark}, HTTP_HX_REQUEST="true"
        )
    assert response.status_code == 200
    assert f'id="bid-{bid.public_id}"'.encode() in response.content
    bid.refresh_from_db()
    assert bid.answer == BidAnswer.YES_NOW
    statements = [q["sql"] for q in read.captured_queries]
    ours = [sql for sql in statements if f"LEFT JOIN {BID} b ON" in sql]
    assert len(ours) == 1, ours
    by_id = f'{BID}."public_id" = '  # the bid read by its id on its own, as it was
    assert not [sql for sql in statements if sql.startswith("SELECT") and by_id in sql]
    # Her partnership on its own: only after the write (it answers one ended a moment after).
    last = _active_statement().strip().splitlines()[-1]
    alone = [sql for sql in statements if last in sql and sql not in ours]
    assert len(alone) == 1


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=WORDS, when=st.text(st.characters(exclude_characters="\x00"), max_size=80))
def test_any_bid_is_read_back_as_the_orm_reads_it(personas: Personas, text: str, when: str) -> None:
    alice, bob = personas.alice, personas.bob
    active = access_active_partnership(alice)
    assert active is not None
    bid = Bid.objects.create(
        owner=bob,
        partnership=active.partnership,
        text=text,
        answer=BidAnswer.LATER,
        answer_when=when,
        answered_at=timezone.now(),
    )
    assert _by_one(alice, bid.public_id) == _by_two_reads(alice, bid.public_id)
    assert _by_one(alice, bid.public_id) is not None
