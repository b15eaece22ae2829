"""A new person is shown one next step: on the home page before a first result, on the result
page after it (the couple view with a partner, an invitation without one, neither under a
safety flag)."""

from __future__ import annotations

import re

from django.urls import reverse

from interdepend.web.assessment import selectors
from interdepend.web.assessment.demo import complete_attempt, profile_answers
from tests.conftest import Personas
from tests.helpers import as_user
from tests.web.test_assessment import INTERDEPENDENT, finish_flagged


def next_step(page: str) -> str:
    """The words and links of the page's next-step card, or '' without one."""
    found = re.search(r'<section class="card next-step".*?</section>', page, re.S)
    return found.group(0) if found else ""


def test_a_new_person_is_shown_where_to_begin(personas: Personas) -> None:
    page = as_user(personas.erin).get(reverse("home:home")).content.decode()
    card = next_step(page)
    assert "Where to begin" in card
    assert f'href="{reverse("assessment:overview")}"' in card
    # The begin link is on the page once, in the card, not again in the grid below.
    assert page.count(f'href="{reverse("assessment:overview")}"') == 1


def test_after_a_first_result_the_home_page_points_to_it_instead(personas: Personas) -> None:
    page = as_user(personas.alice).get(reverse("home:home")).content.decode()
    assert next_step(page) == ""
    assert reverse("assessment:results", args=[personas.finished_attempt_id]) in page


def test_a_result_with_a_partner_leads_to_the_couple_view(personas: Personas) -> None:
    url = reverse("assessment:results", args=[personas.finished_attempt_id])
    card = next_step(as_user(personas.alice).get(url).content.decode())
    assert f'href="{reverse("couple:home")}"' in card
    assert f'href="{reverse("partners:us")}"' not in card


def test_a_result_without_a_partner_offers_an_invitation_or_going_on_alone(
    personas: Personas,
) -> None:
    attempt = complete_attempt(
        personas.erin, profile_answers(selectors.inventory(), INTERDEPENDENT), days_ago=1, seed=4
    )
    url = reverse("assessment:results", args=[attempt.public_id])
    card = next_step(as_user(personas.erin).get(url).content.decode())
    assert f'href="{reverse("partners:us")}"' in card
    assert f'href="{reverse("together:home")}"' in card
    assert "works just as well" in card


def test_a_flagged_result_leads_to_safety_not_to_a_partner(personas: Personas) -> None:
    for person in (personas.erin, personas.alice):  # alone, and linked with bob
        _, page = finish_flagged(as_user(person))
        card = next_step(page)
        assert "What next" in card
        assert f'href="{reverse("frame:safety")}"' in card
        assert f'href="{reverse("safetycheck:index")}"' in card
        assert reverse("partners:us") not in card and reverse("couple:home") not in card


def test_a_practitioner_is_not_asked_to_take_the_inventory(personas: Personas) -> None:
    page = as_user(personas.practice.pat).get(reverse("home:home")).content.decode()
    assert next_step(page) == ""


def test_a_new_couple_is_pointed_to_the_couple_view_until_each_shows_a_result(
    personas: Personas,
) -> None:
    """For two weeks after linking, until the person shows the partner a result; then never
    again, so that someone who chooses not to share is not asked over and over."""
    from datetime import timedelta

    from django.utils import timezone

    from interdepend.web.couple import services as couple_services
    from interdepend.web.partners import services as partner_services
    from interdepend.web.partners.access import access_active_partnership
    from interdepend.web.partners.models import Partnership

    erin, dave = personas.erin, personas.dave
    invitation = partner_services.invitation_create(inviter=erin).invitation
    partner_services.invitation_accept(invitation=invitation, user=dave)
    home = reverse("home:home")
    take = complete_attempt(
        dave, profile_answers(selectors.inventory(), INTERDEPENDENT), days_ago=0, seed=9
    )
    card = next_step(as_user(dave).get(home).content.decode())
    assert "Your couple view" in card and f'href="{reverse("couple:home")}"' in card
    active = access_active_partnership(dave)
    assert active is not None
    couple_services.reveal_create(user=dave, active=active, attempt=take)
    assert next_step(as_user(dave).get(home).content.decode()) == ""
    # Erin has shown nothing yet (and has no result): she is asked to begin, not to share.
    assert "Where to begin" in next_step(as_user(erin).get(home).content.decode())
    complete_attempt(
        erin, profile_answers(selectors.inventory(), INTERDEPENDENT), days_ago=0, seed=8
    )
    assert "Your couple view" in next_step(as_user(erin).get(home).content.decode())
    Partnership.objects.filter(pk=active.partnership.pk).update(
        started_at=timezone.now() - timedelta(days=15)
    )
    assert next_step(as_user(erin).get(home).content.decode()) == ""


def test_the_us_page_says_the_couple_view_is_open_once_both_have_shared(
    personas: Personas,
) -> None:
    """Alice and Bob have both shared a result: the card no longer says how the view opens,
    it says it is open and leads there; before Bob shares, it still says how it opens."""
    from interdepend.web.accounts.models import User
    from interdepend.web.couple import services
    from interdepend.web.partners.access import access_active_partnership

    def card(person: User) -> str:
        page = as_user(person).get(reverse("partners:us")).content.decode()
        found = re.search(r'aria-labelledby="couple-heading">.*?</section>', page, re.S)
        assert found is not None
        return found.group(0)

    for person in (personas.alice, personas.bob):
        words = card(person)
        assert "When you have both finished" not in words
        assert "Your couple view is open" in words
        assert f'class="button" href="{reverse("couple:home")}"' in words
        assert words.count(reverse("couple:home")) == 1
    active = access_active_partnership(personas.bob)
    assert active is not None
    services.reveal_withdraw(user=personas.bob, active=active)
    words = card(personas.alice)
    assert "When you have both finished" in words
    assert "Your couple view is open" not in words
    assert f'class="button" href="{reverse("couple:home")}"' in words
