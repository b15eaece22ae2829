"""A boundary's history is read without joining each step's taker (issue 15's thirteenth
pass): who took each step is set from the two people the page has read, the viewer and the
current partner (``together.access.actors_known``). The steps read are those the joined read
gave, each with the same taker, for either partner, while the boundary is in play and after
the partnership has ended; naming the takers asks nothing more of the database."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from interdepend.web.accounts.models import User
from interdepend.web.partners import services as partner_services
from interdepend.web.partners.access import access_active_partnership
from interdepend.web.together import access, services
from interdepend.web.together.models import Boundary, BoundaryEvent
from tests.conftest import Personas

pytestmark = pytest.mark.django_db


def _joined(boundary: Boundary, actor: User | None = None) -> list[tuple[object, ...]]:
    """The history as the read with the join gave it: each step, and its taker's name."""
    found = BoundaryEvent.objects.filter(boundary_id=boundary.pk).select_related("actor")
    if actor is not None:
        found = found.filter(actor_id=actor.pk)
    return [_row(e) for e in found.order_by("at", "pk")]


def _row(event: BoundaryEvent) -> tuple[object, ...]:
    return (event.pk, event.kind, event.text, event.at, event.open, event.actor.display_name)


def _history(user: User, boundary: Boundary) -> list[tuple[object, ...]]:
    seen = access.access_boundary(user, boundary.public_id)
    events = access.boundary_history(user, seen)
    with CaptureQueriesContext(connection) as asked:
        rows = [_row(e) for e in events]
    assert len(asked) == 0, [q["sql"] for q in asked]  # the takers were known
    return rows


def test_the_history_names_each_taker_as_the_join_did(personas: Personas) -> None:
    alice, bob = personas.alice, personas.bob
    alice.display_name, bob.display_name = "<b>Al</b> & 'i'", 'בוב \u202e"Bo"'
    alice.save(update_fields=["display_name"])
    bob.save(update_fields=["display_name"])
    us = access_active_partnership(alice)
    assert us is not None
    made = services.boundary_draft(owner=alice, text="Knock first", idem_key="h1")
    made = services.boundary_state(boundary=made, partnership=us.partnership)
    made = services.boundary_acknowledge(boundary=made, actor=bob)
    made = services.boundary_propose(boundary=made, actor=bob, text="Knock & wait")
    made = services.boundary_accept(boundary=made, actor=alice)
    made = services.boundary_propose(boundary=made, actor=alice, text="<i>Knock twice</i>")
    assert len(_joined(made)) == 5
    for person in (alice, bob):
        assert _history(person, made) == _joined(made)
    draft = services.boundary_draft(owner=bob, text="A draft", idem_key="h2")
    assert _history(bob, draft) == _joined(draft) == []
    partner_services.partnership_leave(user=bob)
    # After the end: her own steps only, her agreement's quoted words left out, as before.
    after = [
        (*row[:2], "" if row[1] == "accepted" else row[2], *row[3:]) for row in _joined(made, alice)
    ]
    assert _history(alice, made) == after and len(after) == 3


def test_the_history_read_does_not_join_the_takers() -> None:
    """Fails when the read joins each step's taker again (a whole user made for every step)."""
    sql = str(access._events(1).query)
    assert "JOIN" not in sql.upper()
