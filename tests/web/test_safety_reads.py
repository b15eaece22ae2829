"""*Who can see what* reads her current partnership once (issue 15's eleventh pass): her
partner's card and her practitioners' cards (whether a practitioner's account is her partner's)
each read it before, the same statement twice on every view of a person with a practitioner."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from interdepend.web.datarights.safetycheck import selectors
from interdepend.web.practice.selectors import my_links
from tests.conftest import Personas

pytestmark = pytest.mark.django_db


def test_her_partnership_is_read_once_for_both_cards(personas: Personas) -> None:
    alice = personas.alice
    assert my_links(alice)  # she has a practitioner: the second read used to run
    with CaptureQueriesContext(connection) as captured:
        seen = selectors.picture(alice, None)
    assert seen.partner is not None and seen.practitioners
    # The hand-written statement of ``partners.access.access_active_partnership``.
    assert sum("ORDER BY other.id LIMIT 1" in q["sql"] for q in captured) == 1


@pytest.mark.parametrize("who", ["alice", "carol", "dave"])
def test_her_practitioners_are_the_same_with_her_partner_given(
    personas: Personas, who: str
) -> None:
    """Given her partner as the page read it, or read inside: the same links, the same notes."""
    from interdepend.web.partners.access import access_partner

    user = getattr(personas, who)
    assert my_links(user, partner=access_partner(user)) == my_links(user)
