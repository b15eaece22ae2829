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
    "couple:home": 9,
    "couple:map": 6,
    "together:trends": 8,
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
