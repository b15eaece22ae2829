"""A download gives the partner's moments by the day, as the pages do (the partner audit of
2026-12-04, M1): his download gave the time of her answers to his bids, of her edits to his
shared goal and of her steps on his boundary to the microsecond, a record of when she was on
the app that none of his pages gives. A person's own moments stay whole."""

from __future__ import annotations

import re

import pytest

from interdepend.web.accounts.models import User
from interdepend.web.accounts.services import user_create
from interdepend.web.datarights.services import export_tables
from interdepend.web.decide import services as decide
from interdepend.web.partners import services as partners
from interdepend.web.partners.models import Partnership
from interdepend.web.together import services as together
from interdepend.web.together.models import BidAnswer
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}")


def _couple() -> tuple[User, User, Partnership]:
    ben, ana = (
        user_create(email=f"{n}@example.test", password=PASSWORD, display_name=n.title())
        for n in ("ben", "ana")
    )
    invitation = partners.invitation_create(inviter=ben).invitation
    return ana, ben, partners.invitation_accept(invitation=invitation, user=ana)


def _only(tables: dict[str, list[dict[str, object]]], name: str) -> dict[str, object]:
    (row,) = tables[name]
    return row


def test_his_download_has_the_day_of_each_thing_she_did_and_his_own_moments_whole() -> None:
    ana, ben, partnership = _couple()
    bid = together.bid_send(owner=ben, partnership=partnership, text="Film tonight?", idem_key="")
    together.bid_answer(bid=bid, answer=BidAnswer.LATER, when="after the match")
    goal = together.goal_create(
        owner=ben, partnership=partnership, title="Visit my parents", detail="", idem_key=""
    )
    together.goal_update(
        goal=goal, expected_version=1, title="Visit my parents", detail="", done=True, editor=ana
    )
    draft = together.boundary_draft(owner=ben, text="Quiet after work", idem_key="")
    boundary = together.boundary_state(boundary=draft, partnership=partnership)
    together.boundary_acknowledge(boundary=boundary, actor=ana)
    named = decide.decision_create(
        partnership=partnership, author=ana, title="Holiday", options=["Sea", "Hills"], token="t"
    )
    decide.rating_save(decision=named, user=ben, for_self=[4, 5], for_partner=[5, 4])

    his = export_tables(ben)
    assert DAY.fullmatch(str(_only(his, "together_bid")["answered_at"]))
    assert MOMENT.match(str(_only(his, "together_bid")["created_at"]))  # his own
    assert DAY.fullmatch(str(_only(his, "together_goal")["updated_at"]))
    assert MOMENT.match(str(_only(his, "together_goal")["created_at"]))
    assert DAY.fullmatch(str(_only(his, "together_boundary")["updated_at"]))
    assert DAY.fullmatch(str(_only(his, "decide_decision")["created_at"]))
    assert MOMENT.match(str(_only(his, "decide_rating")["rated_at"]))

    hers = export_tables(ana)
    answer = _only(hers, "together_bid_answer")
    assert DAY.fullmatch(str(answer["reached_out_at"]))  # his moment
    assert MOMENT.match(str(answer["answered_at"]))  # hers
    (decision,) = hers["decide_decision"]
    assert MOMENT.match(str(decision["created_at"]))  # she named it
