"""The list of decisions reads each decision's state in the statement that reads the list
(``decide.access.decision_rows``, issue 15's tenth pass): held equal to the rule it replaced,
three reads (the decisions, the viewer's own ratings among them, and which have two ratings),
in every state a decision can be in for either partner."""

from __future__ import annotations

import itertools

import pytest
from django.db import connection
from django.db.models import Count, Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from interdepend.web.accounts.models import User
from interdepend.web.decide import selectors, services
from interdepend.web.decide.access import access_decisions, decision_rows
from interdepend.web.decide.models import Decision, Rating
from interdepend.web.decide.selectors import State
from interdepend.web.partners.access import access_active_partnership
from tests.conftest import Personas
from tests.helpers import as_user

pytestmark = pytest.mark.django_db


def orm_states(user: User) -> list[tuple[str, State]]:
    """The rule as it was: the decisions, then the viewer's rated ones, then those with two
    ratings, each read by the ORM."""
    _active, decisions = access_decisions(user)
    ids = [d.pk for d in decisions]
    mine = set(Rating.objects.filter(user=user, decision_id__in=ids).values_list("decision_id"))
    mine_ids = {pk for (pk,) in mine}
    both = {
        d.pk
        for d in Decision.objects.filter(pk__in=ids)
        if Rating.objects.filter(decision_id=d.pk).count() >= 2
    }
    return [(d.public_id, selectors._state(d.pk in mine_ids, d.pk in both)) for d in decisions]


def read_states(user: User) -> list[tuple[str, State]]:
    _active, rows = decision_rows(user)
    return [(d.public_id, selectors.state_in_list(d)) for d in rows]


def test_each_state_is_the_one_the_three_reads_gave(personas: Personas) -> None:
    alice, bob = personas.alice, personas.bob
    active = access_active_partnership(alice)
    assert active is not None
    # Every pair of (alice rated, bob rated), each named by either of them.
    for n, (alice_rated, bob_rated, author) in enumerate(
        itertools.product((False, True), (False, True), (alice, bob))
    ):
        decision = services.decision_create(
            partnership=active.partnership,
            author=author,
            title=f"Choice {n}",
            options=["One", "Two"],
            token=f"rows-{n}",
        )
        for rated, who in ((alice_rated, alice), (bob_rated, bob)):
            if rated:
                services.rating_save(
                    decision=decision, user=who, for_self=[n % 7 + 1, 4], for_partner=[5, 2]
                )
    for person in (alice, bob):
        read = read_states(person)
        assert read == orm_states(person)
        assert {state for _id, state in read} == set(State)
        assert len(read) == 9  # the eight above and the personas' holiday, nothing of the past
    assert decision_rows(personas.carol) == (None, [])  # alone: no list


def test_the_list_reads_its_decisions_and_their_states_in_one_statement(
    personas: Personas,
) -> None:
    alice = as_user(personas.alice)
    path = reverse("decide:index")
    assert alice.get(path).status_code == 200
    with CaptureQueriesContext(connection) as seen:
        body = alice.get(path).content.decode()
    # The page's own reads of decisions and ratings (the menu's count of what is waiting, one
    # statement for every page, counts decisions to rate among other things).
    own = tuple(f'SELECT "{model._meta.db_table}".' for model in (Decision, Rating))
    reads = [q["sql"] for q in seen.captured_queries if q["sql"].startswith(own)]
    assert len(reads) == 1, reads
    assert "your ratings are in" in body  # the holiday alice rated, bob not yet


def test_the_rows_are_the_model_rows_values_and_leave_the_options_unread(
    personas: Personas,
) -> None:
    """The list reads each decision as plain values (issue 15's twelfth pass): the same
    address, title, moment and counts as the model rows it read before, in the same order, for
    both partners; and not the options, which the list never shows."""
    alice, bob = personas.alice, personas.bob
    active = access_active_partnership(alice)
    assert active is not None
    for n in range(4):
        decision = services.decision_create(
            partnership=active.partnership,
            author=(alice, bob)[n % 2],
            title=f'<script>"{n}" & שלום',
            options=["One", "Two", "Three"],
            token=f"values-{n}",
        )
        if n % 2:
            services.rating_save(
                decision=decision, user=alice, for_self=[1, 2, 3], for_partner=[3, 2, 1]
            )
    for person in (alice, bob):
        models = (
            Decision.objects.filter(partnership=active.partnership)
            .annotate(
                mine=Count("ratings", filter=Q(ratings__user_id=person.pk)), rated=Count("ratings")
            )
            .order_by("-created_at")
        )
        with CaptureQueriesContext(connection) as seen:
            _active, rows = decision_rows(person)
        assert [(r.public_id, r.title, r.created_at, r.mine, r.rated) for r in rows] == [
            (d.public_id, d.title, d.created_at, d.mine, d.rated) for d in models
        ]
        assert len(rows) == 5  # the four above and the personas' holiday
        read = [q["sql"] for q in seen.captured_queries if '"decide_decision"' in q["sql"]]
        assert len(read) == 1, read
        assert '"options"' not in read[0].split(" FROM ")[0], read  # not among what is read
