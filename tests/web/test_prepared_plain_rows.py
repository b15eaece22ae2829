"""A prepared ``values_list()`` read runs its statement through a cursor and hands back the rows
as the ORM's iterable would, with no queryset or compiler copied (``frame.prepared._plain_rows``,
issue 15's eighteenth pass): tuples or single values, each column through its converters. Other
reads (model rows, ``values()`` dicts) still go through the ORM's iterable."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.db import connection
from django.db.models import Count
from django.db.models.query import (
    FlatValuesListIterable,
    ModelIterable,
    ValuesIterable,
    ValuesListIterable,
)
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interdepend.web.accounts.models import User
from interdepend.web.accounts.services import user_create
from interdepend.web.frame.prepared import Prepared
from interdepend.web.partners import ended
from interdepend.web.partners import services as partners
from interdepend.web.partners.access import access_active_partnership
from interdepend.web.together import access
from interdepend.web.together import services as together
from interdepend.web.together.models import Bid, BidAnswer
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

#: What a person may write: any text a form lets through (no NUL, which PostgreSQL refuses).
WORDS = st.text(st.characters(exclude_characters="\x00", codec="utf-8"), max_size=60)
#: Counts of a values_list() read of an annotation, grouped: how many of the couple's bids
#: sent between two moments have each answer (the month's counts an answer read on its own
#: until issue 15's twenty-second pass).
#: The bids page's two lists as two prepared reads of the ORM's, as they were until issue
#: 15's twenty-second pass (one hand-written statement since): a values_list() read, and one
#: sliced.
BID_WAITING = Prepared(
    lambda partnership_id: (
        Bid.objects.filter(partnership_id=partnership_id, answer="")
        .order_by("created_at", "pk")
        .values_list(*access._BID_COLUMNS)
    )
)
BID_ANSWERED = Prepared(
    lambda partnership_id: (
        Bid.objects.filter(partnership_id=partnership_id)
        .exclude(answer="")
        .order_by("-created_at", "-pk")
        .values_list(*access._BID_COLUMNS)[:12]
    )
)
_MONTH_ANSWERS = Prepared(
    lambda partnership_id, since, until: (
        Bid.objects.filter(
            partnership_id=partnership_id, created_at__gte=since, created_at__lt=until
        )
        .values("answer")
        .annotate(n=Count("pk"))
        .values_list("answer", "n")
    )
)


@pytest.fixture
def couple() -> tuple[User, User, int]:
    maya = user_create(email="maya@example.test", password=PASSWORD, display_name="Maya")
    jonah = user_create(email="jonah@example.test", password=PASSWORD, display_name="Jonah")
    invitation = partners.invitation_create(inviter=maya).invitation
    partnership = partners.invitation_accept(invitation=invitation, user=jonah)
    return maya, jonah, partnership.pk


@pytest.fixture
def no_orm_iterables(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every ORM iterable of rows made while the test runs, by kind (none is refused: a read
    left to the ORM, as the model and dict reads are, still works)."""
    made: list[str] = []
    for kind in (ValuesListIterable, FlatValuesListIterable, ValuesIterable, ModelIterable):
        original = kind.__iter__

        def counted(self: Any, original: Any = original, name: str = kind.__name__) -> Any:
            made.append(name)
            return original(self)

        monkeypatch.setattr(kind, "__iter__", counted)
    yield made


def _same_rows(read: Prepared[Any], made: list[str], **values: Any) -> list[Any]:
    """The read's rows equal to its queryset's (model objects by their keys), of the same
    types, made with the same statement; the queryset's run made the ORM's iterable of its
    kind, the prepared run none."""
    read(**values)  # prepared, if it was not yet on this connection
    queryset = read.build(**values)
    made.clear()
    with CaptureQueriesContext(connection) as theirs:
        expected = list(queryset)
    with CaptureQueriesContext(connection) as ours:
        got = read(**values)
    assert made == [queryset._iterable_class.__name__]
    assert read.prepared(**values)
    assert got == expected
    assert [type(row) for row in got] == [type(row) for row in expected]
    for row, want in zip(got, expected, strict=True):
        if isinstance(row, tuple):
            assert [type(v) for v in row] == [type(v) for v in want]
    assert [q["sql"] for q in ours.captured_queries] == [q["sql"] for q in theirs.captured_queries]
    return got


def _send_and_answer(maya: User, jonah: User, partnership_id: int, texts: list[str]) -> None:
    active = access_active_partnership(jonah)
    assert active is not None
    for n, text in enumerate(texts):
        sender = jonah if n % 2 else maya
        bid = together.bid_send(
            owner=sender, partnership=active.partnership, text=text, idem_key=f"k{n}-{len(text)}"
        )
        answer = (BidAnswer.YES_NOW, BidAnswer.LATER, BidAnswer.NOT_NOW, "")[n % 4]
        if answer:
            together.bid_answer(bid=bid, answer=answer, when=text[:20])


def test_the_bids_reads_run_without_the_orms_iterables(
    couple: tuple[User, User, int], no_orm_iterables: list[str]
) -> None:
    maya, jonah, partnership_id = couple
    texts = ["Tea?", "<b>walk</b> & 'talk'", "\u202eRTL", '"{{ soon }}"']
    _send_and_answer(maya, jonah, partnership_id, texts)
    made = no_orm_iterables
    waiting = _same_rows(BID_WAITING, made, partnership_id=partnership_id)
    answered = _same_rows(BID_ANSWERED, made, partnership_id=partnership_id)
    assert len(waiting) == 1 and len(answered) == 3
    assert all(isinstance(row[4], datetime) and row[4].tzinfo is not None for row in answered)


def test_counts_and_flat_ids_come_back_as_the_orm_gives_them(
    couple: tuple[User, User, int], no_orm_iterables: list[str]
) -> None:
    maya, jonah, partnership_id = couple
    _send_and_answer(maya, jonah, partnership_id, [f"bid {n}" for n in range(9)])
    since = datetime.now(UTC) - timedelta(days=40)
    until = datetime.now(UTC) + timedelta(days=1)
    values = {"partnership_id": partnership_id, "since": since, "until": until}
    made = no_orm_iterables
    counts = _same_rows(_MONTH_ANSWERS, made, **values)
    assert sorted(counts) == [("", 2), ("later", 2), ("not_now", 2), ("yes_now", 3)]
    assert _same_rows(ended.ENDED_OF, made, user_id=maya.pk) == []
    partners.partnership_leave(user=jonah)
    assert _same_rows(ended.ENDED_OF, made, user_id=maya.pk) == [partnership_id]


def test_a_model_read_makes_its_objects_as_the_orm_does(
    couple: tuple[User, User, int], no_orm_iterables: list[str]
) -> None:
    maya, jonah, partnership_id = couple
    _send_and_answer(maya, jonah, partnership_id, ["Tea?", "<i>Walk</i>", "Call?"])
    made = no_orm_iterables
    whole = Prepared(
        lambda partnership_id: Bid.objects.filter(partnership_id=partnership_id).order_by("pk")
    )
    some = Prepared(
        lambda partnership_id: (
            Bid.objects.filter(partnership_id=partnership_id).order_by("-pk").only("text")
        )
    )
    # The shape the bid to answer was read in until the nineteenth pass (now one statement
    # with her partnership, ``test_bid_to_answer_read.py``): one row of a model, by three values.
    one = Prepared(
        lambda partnership_id, bid_id, partner_id: Bid.objects.filter(
            partnership_id=partnership_id, public_id=bid_id, owner_id=partner_id
        ).order_by("pk")[:1]
    )
    for read in (whole, some, one):
        values: dict[str, Any] = {"partnership_id": partnership_id}
        if read is one:
            bid = Bid.objects.filter(owner=jonah).first()
            assert bid is not None
            values |= {"bid_id": bid.public_id, "partner_id": jonah.pk}
        rows = _same_rows(read, made, **values)
        assert rows and all(isinstance(row, Bid) for row in rows)
        for row, want in zip(rows, read.build(**values), strict=True):
            fields = [f.attname for f in Bid._meta.concrete_fields]
            assert row.get_deferred_fields() == want.get_deferred_fields()
            loaded = [f for f in fields if f not in want.get_deferred_fields()]
            assert [getattr(row, f) for f in loaded] == [getattr(want, f) for f in loaded]
            assert (row._state.adding, row._state.db) == (False, "default")


def test_related_rows_annotations_and_dicts_still_go_through_the_orm(
    couple: tuple[User, User, int], no_orm_iterables: list[str]
) -> None:
    maya, jonah, partnership_id = couple
    _send_and_answer(maya, jonah, partnership_id, ["Tea?"])
    related = Prepared(
        lambda partnership_id: Bid.objects.filter(partnership_id=partnership_id).select_related(
            "owner"
        )
    )
    counted = Prepared(
        lambda partnership_id: Bid.objects.filter(partnership_id=partnership_id).annotate(
            n=Count("pk")
        )
    )
    dicts = Prepared(
        lambda partnership_id: Bid.objects.filter(partnership_id=partnership_id).values("text")
    )
    for read, kind in (
        (related, "ModelIterable"),
        (counted, "ModelIterable"),
        (dicts, "ValuesIterable"),
    ):
        read(partnership_id=partnership_id)
        assert read.prepared(partnership_id=partnership_id)
        no_orm_iterables.clear()
        rows = read(partnership_id=partnership_id)
        assert no_orm_iterables == [kind]
        assert len(rows) == 1
    assert related(partnership_id=partnership_id)[0].owner == maya


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(texts=st.lists(WORDS.filter(str.strip), min_size=1, max_size=6))
def test_any_words_come_back_from_the_plain_rows_as_the_orm_gives_them(
    couple: tuple[User, User, int], no_orm_iterables: list[str], texts: list[str]
) -> None:
    maya, jonah, partnership_id = couple
    Bid.objects.filter(partnership_id=partnership_id).delete()
    _send_and_answer(maya, jonah, partnership_id, texts)
    made = no_orm_iterables
    waiting = _same_rows(BID_WAITING, made, partnership_id=partnership_id)
    answered = _same_rows(BID_ANSWERED, made, partnership_id=partnership_id)
    assert sorted(row[3] for row in waiting + answered) == sorted(texts)
