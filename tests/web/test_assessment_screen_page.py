"""The safety questions' page of a take with too few answers for a result (the phone look of
2026-12-03, finding 2): it offers no skip it does not have, its ways back to the statements left
out are buttons that keep what was ticked on it, and it says how many more answers each part
needs. Nothing of it reaches the partner."""

from __future__ import annotations

import math
import re

import pytest
from django.test import Client
from django.urls import reverse

from interdepend.core.scoring import score_one
from interdepend.web.assessment import selectors
from interdepend.web.assessment.demo import profile_answers
from interdepend.web.assessment.models import Attempt
from tests.conftest import Personas
from tests.helpers import as_user
from tests.web.test_assessment import INTERDEPENDENT, answer_all_pages, start

pytestmark = pytest.mark.django_db

AFRAID = {"sf01": 3, "sf03": 2}  # enough to flag, were the take finished with them
VOLATILE = re.compile(r'(name="(?:csrfmiddlewaretoken|idem|token)" value=")[^"]*"')


def screen_url(attempt: Attempt) -> str:
    return reverse("assessment:page", args=[attempt.public_id, screen_number()])


def screen_number() -> int:
    return selectors.page_count(selectors.inventory())


def checked(page: str, item_id: str) -> list[str]:
    """The values ticked for one question on a rendered page."""
    return re.findall(rf'<input[^>]*name="item-{item_id}" value="(\d*)"[^>]*checked', page)


def test_without_a_result_the_page_offers_no_skip_and_its_way_back_is_a_button(
    personas: Personas,
) -> None:
    client = as_user(personas.erin)
    attempt = start(client)
    page = client.get(screen_url(attempt)).content.decode()
    assert "A few more answers are needed" in page
    assert "choose to skip below" not in page and 'value="skip_screen"' not in page
    assert "kept while you go back to the statements you left out" in page
    # No link leaves the page without its answers: every way back sends the form.
    for number in range(1, screen_number()):
        assert reverse("assessment:page", args=[attempt.public_id, number]) + '"' not in page
        assert f'form="page-form" name="to_page" value="{number}"' in page
    assert re.search(r'<button type="submit" name="to_page" value="1">Go back to the', page)
    assert 'value="back"' not in page  # one way back, not two side by side
    # With a result possible, the skip is there, and so is the sentence that names it.
    answer_all_pages(client, attempt, INTERDEPENDENT)
    page = client.get(screen_url(attempt)).content.decode()
    assert "choose to skip below" in page and 'value="skip_screen"' in page
    assert 'value="back"' in page and 'name="to_page"' not in page


def test_going_back_to_the_statements_keeps_the_safety_answers_and_judges_nothing(
    personas: Personas,
) -> None:
    client = as_user(personas.erin)
    attempt = start(client)
    data = {f"item-{k}": v for k, v in AFRAID.items()}
    response = client.post(screen_url(attempt), {**data, "to_page": "3"})
    assert response.status_code == 302
    page_3 = reverse("assessment:page", args=[attempt.public_id, 3])
    assert response["Location"] == f"{page_3}?left_out=1"
    attempt.refresh_from_db()
    assert attempt.screen_answers == AFRAID
    # Kept, not judged: the take is not finished, flagged or skipped until she finishes it.
    assert not attempt.is_complete and not attempt.screen_flagged and not attempt.screen_skipped
    page = client.get(screen_url(attempt)).content.decode()
    assert checked(page, "sf01") == ["3"] and checked(page, "sf03") == ["2"]
    # Finishing with them, once there is a result, judges them as any finished page.
    answer_all_pages(client, attempt, INTERDEPENDENT)
    client.post(screen_url(attempt), {**data, "action": "finish"})
    attempt.refresh_from_db()
    assert attempt.is_complete and attempt.screen_flagged


def test_back_from_the_safety_questions_keeps_them_too(personas: Personas) -> None:
    client = as_user(personas.erin)
    attempt = start(client)
    answer_all_pages(client, attempt, INTERDEPENDENT)
    response = client.post(screen_url(attempt), {"item-sf02": "1", "action": "back"})
    assert response["Location"] == reverse(
        "assessment:page", args=[attempt.public_id, screen_number() - 1]
    )
    attempt.refresh_from_db()
    assert attempt.screen_answers == {"sf02": 1} and not attempt.is_complete


@pytest.mark.parametrize("to_page", ["0", "10", "99", "-1", "２", "x"])
def test_a_page_to_go_to_that_is_no_page_of_statements_stays_here(
    personas: Personas, to_page: str
) -> None:
    client = as_user(personas.erin)
    attempt = start(client)
    response = client.post(screen_url(attempt), {"item-sf02": "1", "to_page": to_page})
    assert response["Location"] == screen_url(attempt)
    attempt.refresh_from_db()
    assert attempt.screen_answers == {"sf02": 1}


def test_a_bad_safety_answer_is_refused_and_nothing_is_kept(personas: Personas) -> None:
    client = as_user(personas.erin)
    attempt = start(client)
    response = client.post(screen_url(attempt), {"item-sf01": "9", "to_page": "1"})
    assert response.status_code == 400
    attempt.refresh_from_db()
    assert attempt.screen_answers == {}


def test_the_page_says_how_many_more_answers_each_part_needs(personas: Personas) -> None:
    client = as_user(personas.erin)
    attempt = start(client)
    inventory = selectors.inventory()
    answers = profile_answers(inventory, INTERDEPENDENT)
    # Half of each scale's statements: no part has enough yet (a score needs most of them).
    kept = {}
    for scale in inventory.scales:
        items = inventory.items_of(scale.id)
        kept.update({i.id: answers[i.id] for i in items[: len(items) // 2]})
    Attempt.objects.filter(pk=attempt.pk).update(answers=kept)
    attempt.refresh_from_db()
    page = client.get(screen_url(attempt)).content.decode()
    result = selectors.attempt_result(attempt)
    assert not result.has_scores
    for score in result.scales:
        more = score.needed - score.answered
        assert more > 1
        assert f"{score.name}: {more} more answers would give it a score." in page
    assert "%" not in page.split('id="too-few"', 1)[1].split("</section>", 1)[0]


def test_short_scales_counts_what_the_scoring_threshold_asks(personas: Personas) -> None:
    inventory = selectors.inventory()
    answers = profile_answers(inventory, INTERDEPENDENT)
    self_items = [i.id for i in inventory.items_of("self")]
    share = inventory.scoring.prorate_min_share
    given = {i: answers[i] for i in self_items[:3]}
    short = {s.name: s.more for s in selectors.short_scales(score_one(inventory, given))}
    assert short["Self"] == math.ceil(len(self_items) * share) - 3
    assert short["Bond"] == math.ceil(len(inventory.items_of("bond")) * share)


def test_the_partners_pages_do_not_change_when_safety_answers_are_kept(
    personas: Personas,
) -> None:
    """Alice, on a retake not finished yet, keeps answers that would flag; Bob's pages read
    the same, byte for byte (design rule 18)."""
    bob = as_user(personas.bob)
    names = ("home:home", "partners:us", "couple:home")

    def bobs_pages(client: Client) -> list[str]:
        return [VOLATILE.sub(r'\1"', client.get(reverse(n)).content.decode()) for n in names]

    alice = as_user(personas.alice)
    attempt = start(alice)
    before = bobs_pages(bob)
    data = {f"item-{k}": v for k, v in AFRAID.items()}
    assert alice.post(screen_url(attempt), {**data, "to_page": "1"}).status_code == 302
    assert bobs_pages(bob) == before


def test_a_skip_she_chose_shows_as_chosen_when_she_comes_back(personas: Personas) -> None:
    """The keyboard audit of 2026-12-04, M5: "Skip" was never ticked again, so a statement she
    chose to skip looked like one she had missed."""
    client = as_user(personas.erin)
    attempt = start(client)
    first = reverse("assessment:page", args=[attempt.public_id, 1])
    skipped, answered, *_rest = attempt.item_order
    client.post(first, {f"item-{skipped}": "skip", f"item-{answered}": "5", "action": "next"})
    page = client.get(first).content.decode()
    assert re.search(rf'name="item-{skipped}" value="skip" checked autocomplete="off">', page)
    assert re.search(rf'name="item-{answered}" value="5" checked autocomplete="off">', page)
    assert not re.search(rf'name="item-{answered}" value="skip" checked autocomplete="off">', page)
    # Answered later, it is an answer, not a skip any more.
    client.post(first, {f"item-{skipped}": "2", f"item-{answered}": "5", "action": "next"})
    page = client.get(first).content.decode()
    assert 'value="skip" checked' not in page
    assert Attempt.objects.get(pk=attempt.pk).skipped == []


def test_back_from_the_statements_left_out_each_one_not_answered_says_so(
    personas: Personas,
) -> None:
    """The keyboard audit of 2026-12-04, M5: back on a page from "statements left out",
    nothing showed which statements were missing. Each one not answered yet (and not skipped
    by choice) says so, in words tied to its group; going on from there keeps saying it."""
    client = as_user(personas.erin)
    attempt = start(client)
    first = reverse("assessment:page", args=[attempt.public_id, 1])
    skipped, answered, *missing = attempt.item_order[:8]
    client.post(first, {f"item-{skipped}": "skip", f"item-{answered}": "5", "action": "next"})
    plain = client.get(first).content.decode()
    assert "Not answered yet" not in plain
    back = client.post(screen_url(attempt), {"to_page": "1"})
    page = client.get(back["Location"]).content.decode()
    for item_id in missing:
        mark = f"not-answered-{item_id}"
        assert f'<fieldset class="item not-answered" aria-describedby="{mark}">' in page
        assert f'<p class="not-answered-mark" id="{mark}">Not answered yet</p>' in page
    for item_id in (skipped, answered):
        assert f"not-answered-{item_id}" not in page
    assert page.count("Not answered yet") == len(missing)
    onward = client.post(back["Location"], {"action": "next"})
    assert onward["Location"].endswith("/page/2/?left_out=1")
    assert "Not answered yet" in client.get(onward["Location"]).content.decode()
