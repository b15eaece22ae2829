"""Every hand-written statement made as a worker starts (``frame.sqlite3.base.kept_statement``,
``frame.warmup.make_every_kept_statement``): no first view after a restart makes one."""

from __future__ import annotations

import inspect

import pytest
from django.db import connection

from interdepend.web.frame import warmup
from interdepend.web.frame.sqlite3.base import is_kept, kept_statement, kept_statement_makers
from interdepend.web.together import access, selectors


def test_every_hand_written_statement_is_made_as_a_worker_starts() -> None:
    """Every kept statement (the bids' lists and an answer's month among them) is made by the
    worker's warm-up, touching no database, so that no first view of a page or first answer
    after a restart makes one (the prepared reads they replaced were prepared as a worker
    starts; until the twenty-third pass fourteen were made on their first use)."""
    makers = kept_statement_makers()
    assert access.bid_lists_statement in makers
    assert selectors.partnership_and_bid_month_statement in makers
    assert len(makers) >= 15
    for making in makers:
        making.cache_clear()
    assert warmup.make_every_kept_statement() == len(makers)
    assert [making.cache_info().currsize for making in makers] == [1] * len(makers)
    vendor = connection.vendor
    for making in makers:  # the very statement a view asks for, already made
        takes_vendor = bool(inspect.signature(making).parameters)
        before = making.cache_info().hits
        statement = making(vendor) if takes_vendor else making()
        assert is_kept(statement)
        assert making.cache_info().hits == before + 1


def test_a_kept_statement_takes_nothing_or_the_vendor_alone() -> None:
    """A maker the warm-up could not call is refused as its module loads."""
    with pytest.raises(TypeError, match="takes vendor"):

        @kept_statement
        def _by_person(user_id: int) -> str:
            return f"SELECT {user_id}"
