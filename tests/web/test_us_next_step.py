"""The partnership page offers what comes next together before the way out (the phone look of
2026-12-03, finding 12): the inventory before a first result, sharing a result not shared yet,
the couple view once it is shared. Leaving stays on the page, last. Only the person's own facts
decide it: never the partner's, never the safety screen."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from interdepend.web.assessment import selectors
from interdepend.web.assessment.demo import complete_attempt, profile_answers
from interdepend.web.assessment.models import Attempt
from interdepend.web.partners import services as partners
from tests.conftest import Personas
from tests.helpers import active_partnership, as_user

pytestmark = pytest.mark.django_db

INTERDEPENDENT = {"self": 6, "bond": 6, "enmeshment": 2, "distance": 2}
VOLATILE = re.compile(r'(name="(?:csrfmiddlewaretoken|idem|token)" value=")[^"]*"')


def us(client: Client) -> str:
    return VOLATILE.sub(r'\1"', client.get(reverse("partners:us")).content.decode())


def links_and_buttons(page: str) -> list[str]:
    """The words of the main part's links and buttons, in reading order."""
    main = page.split("<main", 1)[1].split("</main>", 1)[0]
    found = re.findall(r"<(a|button)\b[^>]*>(.*?)</\1>", main, re.S)
    return [re.sub(r"<[^>]+>", "", inner).strip() for _tag, inner in found]


def test_linked_without_a_result_the_inventory_comes_first_and_leaving_last(
    personas: Personas,
) -> None:
    invitation = partners.invitation_create(inviter=personas.erin)
    partners.invitation_accept(invitation=invitation.invitation, user=personas.carol)
    page = us(as_user(personas.carol))  # carol's take is half done: no result yet
    actions = links_and_buttons(page)
    assert actions.index("Find out where you stand") < actions.index("Leave this partnership")
    assert actions[-1] == "Leave this partnership"
    overview = reverse("assessment:overview")
    assert f'<a class="button" href="{overview}">Find out where you stand</a>' in page
    assert re.search(r'class="actions leave-partnership"><a href="/us/leave/">', page)


def test_with_a_result_not_shared_the_step_is_sharing_it_with_what_that_shows(
    personas: Personas,
) -> None:
    complete_attempt(
        personas.alice, profile_answers(selectors.inventory(), INTERDEPENDENT), days_ago=0, seed=3
    )  # a retake after the result she shared with bob
    page = us(as_user(personas.alice))
    actions = links_and_buttons(page)
    assert actions.index("Share my latest result") < actions.index("Leave this partnership")
    assert f'action="{reverse("couple:reveal")}"' in page
    assert "word for word, your answers to the few statements" in page
    assert "Find out where you stand" not in page
    assert '<a href="/us/couple/">Open the couple view</a>' in page


def test_once_shared_the_couple_view_is_the_button(personas: Personas) -> None:
    page = us(as_user(personas.bob))  # both shared: the view is open
    assert "Share my latest result" not in page and "Find out where you stand" not in page
    assert '<a class="button" href="/us/couple/">Open the couple view</a>' in page
    assert links_and_buttons(page)[-1] == "Leave this partnership"


def test_the_step_reads_only_the_persons_own_facts(personas: Personas) -> None:
    """Bob's page is the same whatever alice does with her own result."""
    from interdepend.web.partners.selectors import NextStep, next_steps

    bob = as_user(personas.bob)
    before = us(bob)
    complete_attempt(
        personas.alice, profile_answers(selectors.inventory(), INTERDEPENDENT), days_ago=0, seed=3
    )
    assert us(bob) == before
    active = active_partnership(personas.alice)
    steps = next_steps(user=personas.alice, active=active)
    facts = steps[0].facts
    assert steps == [
        NextStep("couple/_next_share.html", {"latest": facts["latest"], "shared": facts["shared"]})
    ]
    # Both hers: the retake, and the older result she shared that the couple view still uses.
    latest, shared = facts["latest"], facts["shared"]
    assert isinstance(latest, Attempt) and isinstance(shared, Attempt)
    assert latest.user_id == shared.user_id == personas.alice.pk and latest != shared
    # His step is the open view (hers still shared): the one fact of hers the card tells, as
    # the couple page does, and her retake does not change it.
    assert next_steps(user=personas.bob, active=active_partnership(personas.bob)) == [
        NextStep("couple/_next_open.html", opened=True)
    ]


def test_a_flagged_safety_screen_changes_nothing_on_the_page(personas: Personas) -> None:
    """Someone holding her unlocked phone learns nothing of the safety screen from "Us": a
    flagged take offers the same step, in the same words, as a calm one."""
    retake = complete_attempt(
        personas.alice, profile_answers(selectors.inventory(), INTERDEPENDENT), days_ago=0, seed=3
    )
    alice = as_user(personas.alice)
    calm = us(alice)
    Attempt.objects.filter(pk=retake.pk).update(screen_flagged=True)
    assert us(alice) == calm
