"""Pins on the query counts the docs claim (docs/performance.md, "Queries per page view").

Each busy page is opened once to warm the process (fragment and content caches), then counted
on the next view. A change that adds a query fails here and must update the docs with the pin.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from interdepend.web.accounts.models import User
from interdepend.web.demo import demo_load
from tests.helpers import as_user

pytestmark = pytest.mark.django_db

#: URL name -> queries for one warm view by the demo's Maya: half a year of check-ins, goals,
#: promises and bids, both inventories finished and perceptions given, the couple view open.
PINS = {
    "home:home": 3,
    "couple:home": 6,
    "couple:map": 6,
    "together:trends": 6,
    # Each row's owner comes from the two people already read, not one query a row.
    "together:goals": 6,
    "together:commitments": 5,
    # Every bid still waiting for an answer and the newest answered: one read (two until issue
    # 15's twenty-second pass).
    "together:bids": 6,
    "together:boundaries": 5,
}


@pytest.mark.parametrize(("name", "expected"), PINS.items())
def test_a_busy_page_makes_the_documented_number_of_queries(name: str, expected: int) -> None:
    maya = demo_load()[0]
    client = as_user(User.objects.get(email=maya.email))
    path = reverse(name)
    assert client.get(path).status_code == 200
    with CaptureQueriesContext(connection) as seen:
        assert client.get(path).status_code == 200
    print(f"\n{name}: {len(seen)} queries")
    assert len(seen) == expected, "\n".join(q["sql"] for q in seen.captured_queries)


def test_more_rows_from_either_partner_cost_no_more_queries() -> None:
    """A list's rows take their owners from the two people the page has read: three more
    goals, notes, promises, bids and boundaries from each partner leave every count as it was."""
    import uuid
    from datetime import date, timedelta

    from interdepend.web.partners.access import access_active_partnership
    from interdepend.web.together import services
    from interdepend.web.together.models import Goal

    maya = User.objects.get(email=demo_load()[0].email)
    active = access_active_partnership(maya)
    assert active is not None
    jonah, us = active.partner, active.partnership
    goal = Goal.objects.filter(partnership=us).first()
    assert goal is not None
    client = as_user(maya)
    paths = [
        reverse(name)
        for name in (
            "together:goals",
            "together:commitments",
            "together:bids",
            "together:boundaries",
        )
    ] + [reverse("together:goal", kwargs={"goal_id": goal.public_id})]

    def counts() -> list[int]:
        found = []
        for path in paths:
            assert client.get(path).status_code == 200
            with CaptureQueriesContext(connection) as seen:
                assert client.get(path).status_code == 200
            found.append(len(seen))
        return found

    before = counts()
    for person in (maya, jonah) * 3:
        key = uuid.uuid4().hex
        services.goal_create(owner=person, partnership=us, title="Walk", detail="", idem_key=key)
        services.goal_note_add(goal=goal, author=person, text="Went well", idem_key=key)
        due = date.today() + timedelta(days=3)
        services.commitment_create(
            owner=person, partnership=us, text="Call", due_on=due, idem_key=key
        )
        services.bid_send(owner=person, partnership=us, text="Tea?", idem_key=key)
        made = services.boundary_draft(owner=person, text="Knock first", idem_key=key)
        services.boundary_state(boundary=made, partnership=us)
    assert counts() == before, dict(zip(paths, counts(), strict=True))
