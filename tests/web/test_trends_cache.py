"""The carry-over estimate is cached per couple, and any change to a shared check-in renews it."""

from __future__ import annotations

from datetime import timedelta

import pytest

from interdepend.web.accounts.models import User
from interdepend.web.partners.access import access_active_partnership
from interdepend.web.together import selectors, services
from interdepend.web.together.models import ITEMS
from tests.conftest import Personas
from tests.helpers import count_carryover_fits

pytestmark = pytest.mark.django_db


def test_a_cached_estimate_is_never_stale(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    alice, bob = personas.alice, personas.bob
    active = access_active_partnership(alice)
    assert active is not None
    fits = count_carryover_fits(monkeypatch)
    monday = selectors.this_week()

    def check_in(person: User, weeks_ago: int, mood: int, shared: bool = True) -> None:
        services.checkin_save(
            owner=person,
            week=monday - timedelta(weeks=weeks_ago),
            values=dict.fromkeys(ITEMS, mood),
            need="",
            shared=shared,
            partnership=active.partnership,
        )

    for n in range(1, 13):
        check_in(alice, n, 1 + n % 7)
        check_in(bob, n, 1 + (n * 3) % 7)
    first = selectors.couple_carryover(alice, active)
    again = selectors.couple_carryover(alice, active)
    assert len(fits) == 1 and again == first
    check_in(bob, 0, 4)
    check_in(alice, 0, 5)
    grown = selectors.couple_carryover(alice, active)
    assert len(fits) == 2 and grown.shared_weeks == first.shared_weeks + 1
    check_in(alice, 0, 5, shared=False)
    assert selectors.couple_carryover(alice, active).shared_weeks == first.shared_weeks
    selectors.couple_carryover(bob, active)
    assert len(fits) == 4, "each partner's view (their own order) is kept apart"
