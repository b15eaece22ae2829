"""``couple_view_open``: the one yes or no the practitioner's client page needs, in one query.

It must agree with building the whole couple view in every state the view can be in: open,
not open (one has not shared, or the two shared different versions), withdrawn, and with a
result the safety screen flagged (rule 18: a flag alone changes nothing). The client page's
query count is pinned.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from interdepend.web.accounts.models import User
from interdepend.web.assessment import selectors as assessment
from interdepend.web.assessment.demo import complete_attempt, profile_answers
from interdepend.web.assessment.models import Attempt
from interdepend.web.couple import services
from interdepend.web.couple.selectors import couple_view, couple_view_open
from interdepend.web.partners.access import access_active_partnership
from tests.conftest import Personas
from tests.helpers import as_user

pytestmark = pytest.mark.django_db

LEVELS = {"self": 5, "bond": 5, "enmeshment": 3, "distance": 3}


def _both(personas: Personas) -> list[User]:
    return [personas.alice, personas.bob]


def agreed_answer(personas: Personas) -> bool:
    """The selector's answer, after checking it equals the full view's for both partners."""
    answers = set()
    for person in _both(personas):
        active = access_active_partnership(person)
        assert active is not None
        built = couple_view(person, active) is not None
        assert couple_view_open(person, active) == built
        answers.add(built)
    assert len(answers) == 1, "the view is open for both or for neither"
    return answers.pop()


def finish(person: User, *, flagged: bool = False, seed: int = 31) -> Attempt:
    answers = profile_answers(assessment.inventory(), LEVELS)
    attempt = complete_attempt(person, answers, days_ago=0, seed=seed)
    if flagged:
        Attempt.objects.filter(pk=attempt.pk).update(screen_flagged=True)
    return attempt


def reveal(person: User, attempt: Attempt) -> None:
    active = access_active_partnership(person)
    assert active is not None
    services.reveal_create(user=person, active=active, attempt=attempt)


def withdraw(person: User) -> None:
    active = access_active_partnership(person)
    assert active is not None
    services.reveal_withdraw(user=person, active=active)


def test_it_agrees_with_the_couple_view_in_every_state(personas: Personas) -> None:
    alice, bob = _both(personas)
    assert agreed_answer(personas), "open: both shared the same version"
    withdraw(alice)
    assert not agreed_answer(personas), "withdrawn by one"
    newer = finish(alice)
    assert not agreed_answer(personas), "not open: only bob shares"
    reveal(alice, newer)
    assert agreed_answer(personas), "open again"
    flagged = finish(bob, flagged=True, seed=32)
    assert agreed_answer(personas), "a flagged result not shared changes nothing"
    reveal(bob, flagged)
    assert agreed_answer(personas), "a flagged result shared opens as any other"
    Attempt.objects.filter(pk=flagged.pk).update(instrument_version="0.9")
    assert not agreed_answer(personas), "not open: their newest shared versions differ"
    withdraw(bob)
    withdraw(alice)
    assert not agreed_answer(personas), "withdrawn by both"


def test_it_is_one_query(
    personas: Personas, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    active = access_active_partnership(personas.alice)
    assert active is not None
    with django_assert_num_queries(1):
        assert couple_view_open(personas.alice, active)


@pytest.mark.parametrize(("link", "queries"), [("alice_link", 26), ("bob_link", 16)])
def test_the_client_page_reads_the_couple_view_state_cheaply(
    personas: Personas, django_assert_num_queries: DjangoAssertNumQueries, link: str, queries: int
) -> None:
    """Before ``couple_view_open`` the page built the whole couple view for this yes or no:
    27 queries for alice's page and 16 for bob's (two reveal reads and the perceptions), 25
    and 14 with it. Each read of a couple consent now also reads when the client's current
    partnership began (a consent given for another couple does not count), 2 and 3 more; the
    scopes the page shows are the ticked ones (a couple consent that stopped counting still
    shows, or its going would tell him of a new partner), one fewer."""
    client = as_user(personas.practice.pat)
    page = reverse("practice:client", args=[personas.practice.ids[link]])
    client.get(page)
    with django_assert_num_queries(queries):
        response = client.get(page)
    assert reverse("practice:couple_map", args=[personas.practice.ids[link]]) in (
        response.content.decode()
    )
    withdraw(personas.bob)
    closed = client.get(page).content.decode()
    assert "The couple view is not available." in closed
