"""The stranger audit of 2026-12-04 (V): the site reads pages and takes posted forms, and
answers nothing else. Views that name no method took ``PUT``, ``PATCH``, ``DELETE``,
``OPTIONS`` or ``TRACE`` for a ``GET`` and drew the whole page: a journal entry's page
answered ``OPTIONS``, which the form-key check lets through as a read, with her words."""

from __future__ import annotations

from collections import Counter

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tests.conftest import Personas
from tests.helpers import as_user
from tests.security.policy import POLICY

pytestmark = pytest.mark.django_db

#: Methods no page or form of ours uses; the last is made up.
OTHER_METHODS = ("PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "PROPFIND")

#: Who asks: nobody signed in, a partner with every kind of private page, a practitioner.
ASKERS = ("anonymous", "partner", "practitioner")


def test_every_address_answers_other_methods_with_405_and_nothing_else(
    personas: Personas,
) -> None:
    people = personas.by_role()
    clients = {role: Client() if role == "anonymous" else as_user(people[role]) for role in ASKERS}
    markers = list(personas.markers.values())
    answered: Counter[int] = Counter()
    wrong: list[str] = []
    for name, row in POLICY.items():
        url = reverse(name, kwargs=row.kwargs(personas))
        for role, client in clients.items():
            for method in OTHER_METHODS:
                with transaction.atomic():
                    response = client.generic(method, url)
                    transaction.set_rollback(True)
                answered[response.status_code] += 1
                body = response.content.decode(errors="replace")
                if (
                    response.status_code != 405
                    or response.headers.get("Allow") != "GET, HEAD, POST"
                    or body
                    or any(m in body for m in markers)
                ):
                    wrong.append(f"{method} {name} as {role}: {response.status_code}")
    print(f"\nother methods: {sum(answered.values())} requests, {dict(answered)}")
    assert not wrong, f"{len(wrong)} answered otherwise, e.g. {wrong[:10]}"


#: Pages of hers that took ``OPTIONS`` for a read, and what of hers each showed.
HERS = {
    "journal:edit": "alice.journal",
    "together:circle": "alice.circle",
    "together:checkin": "alice.need",
    "accounts:details": "alice.email",
}


@pytest.mark.parametrize("name", HERS)
def test_her_pages_are_not_drawn_for_an_options_request_from_her_own_browser(
    personas: Personas, name: str
) -> None:
    """With the form-key check on, as in a browser: ``OPTIONS`` passes it as a read, so only
    the method itself keeps the page from being drawn."""
    client = as_user(personas.alice)
    client.handler.enforce_csrf_checks = True
    hers = personas.markers[HERS[name]]
    url = reverse(name, kwargs=POLICY[name].kwargs(personas))
    assert hers in client.get(url).content.decode()
    response = client.options(url)
    assert response.status_code == 405
    assert response.content == b""
