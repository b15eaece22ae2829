"""An answer to a bid checks that its partnership has not ended inside its own write where the
backend takes no row lock (SQLite: ``services._answered_within``, issue 15's twenty-seventh
pass), where it read the partnership first (``hold_partnership``) and then wrote. Here every
outcome of ``services.bid_answer`` (the answer saved, already answered, no longer there, the
partnership ended, an answer not offered, words for later too long) and the bid's row after it
are held to the two statements it replaced, for a bid waiting or answered or gone, in a
partnership that lasts or has ended; and the answer is one statement fewer."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from interdepend.web.frame.sqlite3 import base
from interdepend.web.partners.access import access_active_partnership
from interdepend.web.partners.models import Partnership
from interdepend.web.partners.services import PartnershipEnded, hold_partnership
from interdepend.web.together import services
from interdepend.web.together.models import Bid, BidAnswer
from tests.conftest import Personas

pytestmark = pytest.mark.django_db


def _before(*, bid: Bid, answer: str, when: str = "") -> Bid:
    """``services.bid_answer`` as it was: the partnership held, then the write."""
    with transaction.atomic():
        if answer not in services.BID_ANSWERS:
            raise services.TogetherError("unknown answer")
        try:
            if bid.partnership_id is not None:
                hold_partnership(partnership_id=bid.partnership_id)
        except PartnershipEnded:
            raise services.NoLongerThere from None
        if answer == BidAnswer.LATER and len(when.strip()) > services.WHEN_MAX:
            raise services.TogetherError("the time is too long")
        values = {
            "answer": answer,
            "answer_when": when.strip() if answer == BidAnswer.LATER else "",
            "answered_at": timezone.now(),
        }
        if not services._answered(bid.pk, values):
            raise services._done_or_gone(Bid, bid.pk)
        for name, value in values.items():
            setattr(bid, name, value)
        return bid


class _Undone(Exception):
    """Raised to roll an answer back after looking at what it did."""


def _outcome(answering: Any, bid: Bid, answer: str, when: str) -> tuple[object, ...]:
    """What ``answering`` did, then undone: its refusal's kind or the answer's fields, and the
    bid's row after it (its time only as whether it is set)."""
    told: object = None
    row: object = None
    try:
        with transaction.atomic():
            try:
                done = answering(bid=copy.copy(bid), answer=answer, when=when)
                told = (done.answer, done.answer_when, done.answered_at is not None)
            except services.TogetherError as refused:
                told = type(refused)
            found = Bid.objects.filter(pk=bid.pk).values_list(
                "answer", "answer_when", "answered_at"
            )
            row = [(a, w, at is not None) for a, w, at in found]
            raise _Undone
    except _Undone:
        pass
    return told, row


@pytest.mark.parametrize("ended", [False, True])
@pytest.mark.parametrize("state", ["waiting", "answered", "gone"])
@pytest.mark.parametrize(
    ("answer", "when"),
    [
        ("yes_now", ""),
        ("not_now", "ignored"),
        ("later", "  after my call  "),
        ("later", "x" * (services.WHEN_MAX + 1)),
        ("maybe", ""),
    ],
)
def test_every_outcome_of_an_answer_is_the_one_of_the_two_statements(
    personas: Personas, ended: bool, state: str, answer: str, when: str
) -> None:
    alice, bob = personas.alice, personas.bob
    active = access_active_partnership(alice)
    assert active is not None
    bid = Bid.objects.create(owner=bob, partnership=active.partnership, text="Tea?")
    if state == "answered":
        Bid.objects.filter(pk=bid.pk).update(answer=BidAnswer.NOT_NOW, answered_at=timezone.now())
    if ended:
        Partnership.objects.filter(pk=active.partnership.pk).update(ended_at=timezone.now())
    held = Bid.objects.get(pk=bid.pk)
    if state == "gone":
        Bid.objects.filter(pk=bid.pk).delete()
    before = _outcome(_before, held, answer, when)
    after = _outcome(services.bid_answer, held, answer, when)
    assert after == before


def test_an_answer_checks_its_partnership_in_its_write_one_statement_fewer(
    personas: Personas,
) -> None:
    """Where the backend takes no row lock, the answer's write carries the partnership's check
    (a kept statement, run without Django's cursor where nothing watches): one statement
    fewer than the read and the write; where it locks the row, the same two as before."""
    alice, bob = personas.alice, personas.bob
    active = access_active_partnership(alice)
    assert active is not None
    counted = []
    for answering in (_before, services.bid_answer):
        bid = Bid.objects.create(owner=bob, partnership=active.partnership, text="Tea?")
        with CaptureQueriesContext(connection) as captured:
            answering(bid=bid, answer="yes_now")
        assert Bid.objects.get(pk=bid.pk).answer == BidAnswer.YES_NOW
        counted.append([q["sql"] for q in captured.captured_queries])
    fewer = 0 if connection.features.has_select_for_update else 1
    assert len(counted[1]) == len(counted[0]) - fewer, counted
    if fewer:
        assert base.is_kept(services._answer_within_statement())
        assert services._answer_within_statement().startswith(services._answer_statement())
