"""Trends and bid history are read as plain values; they must equal the rule over model objects.

:func:`couple_series` and :func:`own_series` read only the columns they draw. Here each is held
equal to the earlier formulation (:func:`overall_by_person` and :func:`item_series` over the
check-in objects) on random histories: gaps, unanswered items, unshared weeks and weeks older
than the window.
"""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from django.utils import timezone

from interdepend.web.accounts.models import User
from interdepend.web.partners.access import access_active_partnership
from interdepend.web.together import selectors, services
from interdepend.web.together.access import couple_bids, couple_checkins, own_checkins
from interdepend.web.together.models import ITEMS, Bid, BidAnswer
from tests.conftest import Personas

pytestmark = pytest.mark.django_db


def test_the_series_equal_the_rule_over_check_in_objects(personas: Personas) -> None:
    alice, bob = personas.alice, personas.bob
    active = access_active_partnership(alice)
    assert active is not None
    rng = random.Random(15)
    monday = selectors.this_week()

    def check_in(person: User, weeks_ago: int) -> None:
        values = {item: rng.choice([None, 1, 2, 3, 4, 5, 6, 7]) for item in ITEMS}
        services.checkin_save(
            owner=person,
            week=monday - timedelta(weeks=weeks_ago),
            values=values,
            need="",
            shared=rng.random() < 0.8,
            partnership=active.partnership,
        )

    def same() -> None:
        for person in (alice, bob):
            mine = access_active_partnership(person)
            assert mine is not None
            checkins = list(selectors._recent(couple_checkins(mine)))
            expected = selectors.overall_by_person(checkins, [person, mine.partner])
            assert selectors.couple_series(person, mine) == expected
            own = selectors.item_series(list(selectors._recent(own_checkins(person))))
            assert selectors.own_series(person) == own

    same()  # nothing yet
    for weeks_ago in rng.sample(range(selectors.TREND_WEEKS + 20), 60):
        check_in(alice, weeks_ago)
    same()
    for weeks_ago in rng.sample(range(selectors.TREND_WEEKS + 20), 70):
        check_in(bob, weeks_ago)
    same()


def test_the_bid_months_read_as_values_equal_the_rule_over_bid_objects(
    personas: Personas,
) -> None:
    alice, bob = personas.alice, personas.bob
    active = access_active_partnership(alice)
    assert active is not None
    rng = random.Random(6)
    now = timezone.now()

    def same() -> None:
        for months in (1, 3, 6):
            expected = selectors.bid_months(couple_bids(active), months)
            assert selectors.couple_bid_months(active, months) == expected

    same()  # no bid yet
    # Twenty months back with gaps of whole months, answered and not, at any hour.
    for n in range(90):
        days = rng.choice([d for d in range(600) if (d // 30) % 4 != 2])
        bid = Bid.objects.create(  # written directly: a history, not ten waiting at a time
            owner=rng.choice([alice, bob]),
            partnership=active.partnership,
            text=f"bid {n}",
            idem_key=f"bid-{n}",
        )
        answer = rng.choice(["", *BidAnswer.values])
        Bid.objects.filter(pk=bid.pk).update(
            created_at=now - timedelta(days=days, minutes=rng.randrange(1440)), answer=answer
        )
        if n % 15 == 0:
            same()
    same()
