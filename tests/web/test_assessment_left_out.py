"""A result short on answers offers just the statements left out, and fills in from them (the
walk audit, findings 2 and 3): no retaking all of it, and no English words on a Spanish page."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from interdepend.web.assessment import selectors
from interdepend.web.assessment.demo import complete_attempt, profile_answers
from interdepend.web.assessment.models import Attempt
from tests.conftest import PASSWORD, Personas
from tests.helpers import as_user

pytestmark = pytest.mark.django_db

INTERDEPENDENT = {"self": 6, "bond": 6, "enmeshment": 2, "distance": 2}


def short_on_distance(personas: Personas, skipped: int = 4) -> tuple[Attempt, list[str]]:
    """Erin's finished take, every statement answered but ``skipped`` of Distance's."""
    inventory = selectors.inventory()
    answers: dict[str, int | None] = dict(profile_answers(inventory, INTERDEPENDENT))
    left = [i.id for i in inventory.items_of("distance")[:skipped]]
    for item_id in left:
        answers[item_id] = None
    attempt = complete_attempt(personas.erin, answers, days_ago=1, seed=5)
    assert selectors.attempt_result(attempt).score("distance") is None
    return attempt, left


def test_a_result_short_on_a_warning_sign_offers_only_the_statements_it_needs(
    personas: Personas,
) -> None:
    attempt, left = short_on_distance(personas)
    client = as_user(personas.erin)
    result = client.get(reverse("assessment:results", args=[attempt.public_id])).content.decode()
    url = reverse("assessment:left_out", args=[attempt.public_id])
    assert f'href="{url}"' in result and "Answer the statements I left out" in result
    assert "You left out 4 statements that the missing parts need" in result
    page = client.get(url).content.decode()
    shown = re.findall(r'name="item-([^"]+)" value="1"', page)
    assert sorted(shown) == sorted(left)
    more = selectors.attempt_result(attempt).scale("distance")
    n = more.needed - more.answered
    assert f"Distance: {n} more answers would give it a score." in page


def test_answering_them_makes_a_filled_in_result_and_leaves_the_first_as_it_was(
    personas: Personas,
) -> None:
    """A finished take is never changed: the partner she had shown it to saw answers she never
    showed him appear in it (the carry audit). The answers go into a new result, dated today,
    with the first one's answers, safety answers and order."""
    attempt, left = short_on_distance(personas)
    before = (attempt.answers, attempt.snapshot, attempt.completed_at)
    client = as_user(personas.erin)
    url = reverse("assessment:left_out", args=[attempt.public_id])
    response = client.post(url, {f"item-{i}": 2 for i in left[:2]}, follow=True)
    filled = Attempt.objects.filter(user=personas.erin).latest("completed_at")
    assert filled.pk != attempt.pk
    assert response.redirect_chain[-1][0] == reverse("assessment:results", args=[filled.public_id])
    attempt.refresh_from_db()
    assert (attempt.answers, attempt.snapshot, attempt.completed_at) == before
    assert filled.answers == {**attempt.answers, **dict.fromkeys(left[:2], 2)}
    assert left[2] not in filled.answers
    assert filled.screen_answers == attempt.screen_answers
    assert filled.item_order == attempt.item_order
    assert filled.completed_at and attempt.completed_at
    assert filled.completed_at > attempt.completed_at
    assert filled.snapshot["dynamic"] == "interdependent"
    assert filled.snapshot["scores"]["distance"] is not None
    page = response.content.decode()
    assert "Answer the statements I left out" not in page and "Interdependent" in page
    assert "new result, dated today" in page
    # Nothing is left to offer on the new one: its page goes back to its result.
    again = reverse("assessment:left_out", args=[filled.public_id])
    assert client.get(again)["Location"] == reverse("assessment:results", args=[filled.public_id])
    assert Attempt.objects.filter(user=personas.erin).count() == 2


def test_a_result_shown_to_a_partner_stays_as_it_was_shown(personas: Personas) -> None:
    """The couple view reads the take she showed: filling in left-out statements afterwards
    shows him nothing new until she shows the new result, with her password."""
    from interdepend.web.couple.models import Reveal
    from interdepend.web.partners import services as partners

    attempt, left = short_on_distance(personas)
    invitation = partners.invitation_create(inviter=personas.erin)
    partners.invitation_accept(invitation=invitation.invitation, user=personas.dave)
    complete_attempt(
        personas.dave, profile_answers(selectors.inventory(), INTERDEPENDENT), days_ago=1, seed=6
    )
    erin, dave = as_user(personas.erin), as_user(personas.dave)
    for person in (erin, dave):
        assert person.post(reverse("couple:reveal"), {"password": PASSWORD}).status_code == 302
    view = reverse("couple:home")
    dave.get(view)  # the "shared" message, said once
    seen = dave.get(view).content.decode()
    assert "Distance" in seen and "Erin" in seen
    erin.post(
        reverse("assessment:left_out", args=[attempt.public_id]), {f"item-{i}": 2 for i in left}
    )
    assert Reveal.objects.get(user=personas.erin).attempt_id == attempt.pk
    assert _scores_text(dave.get(view).content.decode()) == _scores_text(seen)


def _scores_text(page: str) -> str:
    """The couple view without its tokens (CSRF and the like change from one view to the next)."""
    return re.sub(r'value="[^"]*"', "", page)


def test_an_answer_already_given_is_not_changed_from_this_page(personas: Personas) -> None:
    attempt, left = short_on_distance(personas)
    answered = next(i for i in attempt.item_order if i in attempt.answers)
    before = attempt.answers[answered]
    as_user(personas.erin).post(
        reverse("assessment:left_out", args=[attempt.public_id]),
        {f"item-{answered}": 8 - before, f"item-{left[0]}": 3},
    )
    filled = Attempt.objects.filter(user=personas.erin).latest("completed_at")
    assert filled.answers[answered] == before and filled.answers[left[0]] == 3


def test_a_bad_answer_is_turned_back_and_nothing_is_saved(personas: Personas) -> None:
    attempt, left = short_on_distance(personas)
    response = as_user(personas.erin).post(
        reverse("assessment:left_out", args=[attempt.public_id]), {f"item-{left[0]}": 9}
    )
    assert response.status_code == 400
    attempt.refresh_from_db()
    assert left[0] not in attempt.answers


def test_someone_elses_take_is_not_found_and_an_unfinished_one_carries_on(
    personas: Personas,
) -> None:
    attempt, left = short_on_distance(personas)
    url = reverse("assessment:left_out", args=[attempt.public_id])
    assert as_user(personas.alice).get(url).status_code == 404
    assert as_user(personas.alice).post(url, {f"item-{left[0]}": 3}).status_code == 404
    Attempt.objects.filter(pk=attempt.pk).update(completed_at=None)
    response = as_user(personas.erin).get(url)
    assert response["Location"] == reverse("assessment:page", args=[attempt.public_id, 1])


def test_a_spanish_result_short_on_answers_words_its_heading_in_the_pages_language(
    personas: Personas,
) -> None:
    attempt, _left = short_on_distance(personas)
    personas.erin.language = "es"
    personas.erin.save(update_fields=["language"])
    page = as_user(personas.erin).get(reverse("assessment:results", args=[attempt.public_id]))
    text = page.content.decode()
    assert "Not enough answers yet" not in text
    with translation.override("es"):
        heading = translation.gettext("Not enough answers for a description yet")
        distance = selectors.inventory(language="es").scale("distance").name
    assert f'<h2 id="dynamic-heading">{heading}</h2>' in text
    assert distance in text.split('id="dynamic-heading"')[1].split("</section>")[0]


def test_the_maps_caption_says_what_the_point_rests_on_when_a_sign_is_missing(
    personas: Personas,
) -> None:
    attempt, _left = short_on_distance(personas)
    client = as_user(personas.erin)
    page = client.get(reverse("assessment:results", args=[attempt.public_id])).content.decode()
    assert "Your point rests on your answers about Self and Bond" in page
    assert "The two warning signs are shown beside your point." not in page
    full = complete_attempt(
        personas.erin, profile_answers(selectors.inventory(), INTERDEPENDENT), days_ago=0, seed=6
    )
    page = client.get(reverse("assessment:results", args=[full.public_id])).content.decode()
    assert "The two warning signs are shown beside your point." in page
    assert "Answer the statements I left out" not in page


def test_a_take_with_no_score_at_all_offers_its_statements_too(personas: Personas) -> None:
    attempt = complete_attempt(personas.erin, {}, days_ago=1, seed=3)
    client = as_user(personas.erin)
    page = client.get(reverse("assessment:results", args=[attempt.public_id])).content.decode()
    url = reverse("assessment:left_out", args=[attempt.public_id])
    assert "Not enough answers for a result" in page and f'href="{url}"' in page
    form = client.get(url).content.decode()
    assert form.count('<fieldset class="item">') == len(selectors.inventory().items)
