"""Taking the inventory in the web app, and reading one's result."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django import Settings

from interdepend.web.assessment import selectors
from interdepend.web.assessment.demo import complete_attempt, profile_answers
from interdepend.web.assessment.models import Attempt
from tests.conftest import Personas
from tests.helpers import Response, as_user

pytestmark = pytest.mark.django_db

INTERDEPENDENT = {"self": 6, "bond": 6, "enmeshment": 2, "distance": 2}
ENMESHED = {"self": 2, "bond": 5, "enmeshment": 6, "distance": 2}


def start(client: Client) -> Attempt:
    response = client.post(reverse("assessment:start"))
    assert response.status_code == 302
    return Attempt.objects.get(public_id=response["Location"].split("/")[3])


def answer_all_pages(client: Client, attempt: Attempt, levels: dict[str, int]) -> None:
    answers = profile_answers(selectors.inventory(), levels)
    total = selectors.page_count(selectors.inventory())
    for number in range(1, total):
        page = selectors.page_of(attempt, selectors.inventory(), number)
        assert page is not None
        data = {f"item-{i}": answers[i] for i in page.item_ids}
        url = reverse("assessment:page", args=[attempt.public_id, number])
        assert client.post(url, {**data, "action": "next"}).status_code == 302


def never(screen: object = None) -> dict[str, int]:
    """The safety screen answered "Never" throughout."""
    form = selectors.safety_screen()
    return dict.fromkeys(form.item_ids, form.response_scale.min)


def finish(client: Client, attempt: Attempt, screen: dict[str, int] | None = None) -> Response:
    total = selectors.page_count(selectors.inventory())
    data = {f"item-{k}": v for k, v in (never() if screen is None else screen).items()}
    url = reverse("assessment:page", args=[attempt.public_id, total])
    return client.post(url, {**data, "action": "finish"}, follow=True)


def test_a_person_takes_the_inventory_and_reads_their_result(personas: Personas) -> None:
    client = as_user(personas.erin)
    attempt = start(client)
    first = client.get(reverse("assessment:page", args=[attempt.public_id, 1])).content.decode()
    assert "Page 1 of" in first and 'type="radio"' in first
    answer_all_pages(client, attempt, INTERDEPENDENT)
    page = finish(client, attempt).content.decode()
    assert "Your result" in page and "Interdependent" in page
    assert "not a clinical instrument" in page
    assert "What shaped this" in page and "Things to try" in page
    why = page[
        page.index('id="why-heading"') : page.index("</section>", page.index('id="why-heading"'))
    ]
    shown, more = why.split("<details>")
    assert shown.count("<li>") == 4, "four answers show at first, the rest one click away"
    assert f"{more.count('<li>')} more answers that weighed in" in more and more.count("<li>")
    attempt.refresh_from_db()
    assert attempt.is_complete and attempt.snapshot["dynamic"] == "interdependent"
    svg = client.get(reverse("assessment:map", args=[attempt.public_id]))
    assert svg["Content-Type"] == "image/svg+xml" and b"<script" not in svg.content


def test_save_and_resume_returns_to_the_first_unanswered_page(personas: Personas) -> None:
    client = as_user(personas.erin)
    attempt = start(client)
    page = selectors.page_of(attempt, selectors.inventory(), 1)
    assert page is not None
    data = {f"item-{i}": 5 for i in page.item_ids}
    url = reverse("assessment:page", args=[attempt.public_id, 1])
    later = client.post(url, {**data, "action": "later"})
    assert later["Location"] == reverse("assessment:overview")
    assert "Carry on where I left off" in client.get(later["Location"]).content.decode()
    again = client.post(reverse("assessment:start"))
    assert again["Location"] == reverse("assessment:page", args=[attempt.public_id, 2])
    attempt.refresh_from_db()
    assert len(attempt.answers) == len(page.item_ids)


def test_carrying_on_goes_past_a_statement_left_out_on_purpose(personas: Personas) -> None:
    """Skip one statement on page 2, save pages 2 and 3, finish later: carrying on opens page 4,
    not page 2 again."""
    client = as_user(personas.erin)
    attempt = start(client)
    for number in (1, 2, 3):
        page = selectors.page_of(attempt, selectors.inventory(), number)
        assert page is not None
        data = {f"item-{i}": 5 for i in page.item_ids[1 if number == 2 else 0 :]}
        action = "later" if number == 3 else "next"
        client.post(
            reverse("assessment:page", args=[attempt.public_id, number]), {**data, "action": action}
        )
    again = client.post(reverse("assessment:start"))
    assert again["Location"] == reverse("assessment:page", args=[attempt.public_id, 4])


def test_enter_sends_a_page_forward_and_the_start_page_counts_the_pages(
    personas: Personas,
) -> None:
    """The first button of a page's form (the one Enter or a phone's Go presses) is "Save and
    continue", never "Back"; the start page says how many pages there are."""
    client = as_user(personas.carol)
    overview = client.get(reverse("assessment:overview")).content.decode()
    assert "The statements come on 9 short pages, and the safety check on one more." in overview
    attempt = start(client)
    page = client.get(reverse("assessment:page", args=[attempt.public_id, 2])).content.decode()
    buttons = re.findall(r'<button type="submit" name="action" value="(\w+)"', page)
    assert buttons[0] == "next" and "back" in buttons


def test_items_are_shuffled_per_person_and_kept_for_the_attempt(personas: Personas) -> None:
    one, two = start(as_user(personas.erin)), start(as_user(personas.dave))
    inventory_order = list(selectors.inventory().item_ids)
    assert sorted(one.item_order) == sorted(inventory_order)
    assert one.item_order != two.item_order
    assert start(as_user(personas.erin)).item_order == one.item_order


@pytest.mark.parametrize("bad", ["9", "0", "abc", "1e3", "<b>", "²", "３", "٣"])
def test_a_bad_answer_is_refused_and_nothing_is_saved(personas: Personas, bad: str) -> None:
    client = as_user(personas.erin)
    attempt = start(client)
    page = selectors.page_of(attempt, selectors.inventory(), 1)
    assert page is not None
    data: dict[str, int | str] = {f"item-{i}": 4 for i in page.item_ids}
    data[f"item-{page.item_ids[0]}"] = bad
    response = client.post(reverse("assessment:page", args=[attempt.public_id, 1]), data)
    assert response.status_code == 400
    attempt.refresh_from_db()
    assert attempt.answers == {}


def test_a_page_outside_the_attempt_is_not_found(personas: Personas) -> None:
    client = as_user(personas.erin)
    attempt = start(client)
    assert client.get(reverse("assessment:page", args=[attempt.public_id, 99])).status_code == 404


def test_every_answer_is_optional_and_the_result_says_what_is_missing(personas: Personas) -> None:
    client = as_user(personas.erin)
    attempt = start(client)
    inventory = selectors.inventory()
    answers = profile_answers(inventory, INTERDEPENDENT)
    warning = {i.id for i in inventory.items if i.scale_id in {"enmeshment", "distance"}}
    Attempt.objects.filter(pk=attempt.pk).update(answers={i: answers[i] for i in warning})
    response = finish(client, attempt)
    page = response.content.decode()
    assert "not scored" in page
    assert "not enough answers on Self or Bond" in page
    needed = selectors.attempt_result(attempt).scale("self").needed
    assert needed > 0 and f"A score needs at least {needed} answered statements." in page
    # Read in Spanish, the same page says it in Spanish (the scores' own reason is English).
    personas.erin.language = "es"
    personas.erin.save(update_fields=["language"])
    spanish = client.get(response.redirect_chain[-1][0]).content.decode()
    assert f"Para puntuar hacen falta al menos {needed} afirmaciones respondidas." in spanish
    assert "a score needs" not in spanish.lower() and "statements answered" not in spanish


def test_answering_nothing_does_not_finish_and_points_back_to_the_skipped(
    personas: Personas,
) -> None:
    client = as_user(personas.erin)
    attempt = start(client)
    total = selectors.page_count(selectors.inventory())
    before = client.get(reverse("assessment:page", args=[attempt.public_id, total]))
    assert "A few more answers are needed" in before.content.decode()
    assert 'value="finish"' not in before.content.decode()
    response = client.post(
        reverse("assessment:page", args=[attempt.public_id, total]), {"action": "finish"}
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert 'role="alert"' in body and "A few more answers are needed" in body
    for number in range(1, total):  # each page with statements left out, as a button
        assert f'name="to_page" value="{number}"' in body
    assert "Your scales" not in body
    # With no result to carry it, the safety questions' page still leads to help.
    assert f'<a href="{reverse("frame:safety")}">Staying safe</a> lists people who can help' in body
    attempt.refresh_from_db()
    assert not attempt.is_complete


def test_an_empty_finished_take_shows_no_result_and_no_report(personas: Personas) -> None:
    attempt = complete_attempt(personas.erin, {}, days_ago=1, seed=3)
    client = as_user(personas.erin)
    page = client.get(reverse("assessment:results", args=[attempt.public_id])).content.decode()
    assert "Not enough answers for a result" in page and "Your scales" not in page
    assert client.get(reverse("assessment:report", args=[attempt.public_id])).status_code == 404


def finish_flagged(client: Client) -> tuple[Attempt, str]:
    """Take the inventory and answer the safety screen so that it flags."""
    attempt = start(client)
    answer_all_pages(client, attempt, INTERDEPENDENT)
    screen = selectors.safety_screen()
    assert screen.flag is not None
    flag_at = screen.flag.at_or_above
    page = finish(client, attempt, {screen.items[0].id: flag_at})
    return attempt, page.content.decode()


def test_a_flagged_safety_screen_shows_help_instead_of_advice(personas: Personas) -> None:
    attempt, page = finish_flagged(as_user(personas.erin))
    assert "Your safety comes first" in page
    assert "Things to try" not in page
    attempt.refresh_from_db()
    assert attempt.screen_flagged


def test_a_retake_shows_change_since_last_time(personas: Personas) -> None:
    inventory = selectors.inventory()
    complete_attempt(personas.erin, profile_answers(inventory, ENMESHED), days_ago=60, seed=1)
    latest = complete_attempt(
        personas.erin,
        profile_answers(inventory, INTERDEPENDENT),
        days_ago=1,
        seed=2,
    )
    page = as_user(personas.erin).get(reverse("assessment:results", args=[latest.public_id]))
    text = page.content.decode()
    assert "Since " in text and "from " in text


def test_results_page_makes_a_fixed_number_of_queries(personas: Personas) -> None:
    inventory = selectors.inventory()
    client = as_user(personas.erin)
    first = complete_attempt(
        personas.erin,
        profile_answers(inventory, INTERDEPENDENT),
        days_ago=400,
        seed=1,
    )
    url = reverse("assessment:results", args=[first.public_id])
    client.get(url)
    with CaptureQueriesContext(connection) as short:
        client.get(url)
    for n in range(20):
        complete_attempt(
            personas.erin,
            profile_answers(inventory, ENMESHED),
            days_ago=300 - n,
            seed=n,
        )
    last = Attempt.objects.filter(user=personas.erin).order_by("-completed_at").first()
    assert last is not None
    long_url = reverse("assessment:results", args=[last.public_id])
    client.get(long_url)
    with CaptureQueriesContext(connection) as long:
        client.get(long_url)
    print(f"\nresults page: {len(short)} queries with 1 result, {len(long)} with 21")
    assert len(short) == len(long)


def test_home_links_to_the_latest_result(personas: Personas) -> None:
    page = as_user(personas.alice).get(reverse("home:home")).content.decode()
    assert reverse("assessment:results", args=[personas.finished_attempt_id]) in page


def test_a_flagged_result_lists_the_help_lines_the_operator_set(
    personas: Personas, settings: Settings
) -> None:
    settings.SAFETY_HELP_LINES = ["Helpline marker 0800 000 111"]
    client = as_user(personas.erin)
    _, page = finish_flagged(client)
    assert "People who can help" in page and "Helpline marker 0800 000 111" in page
    assert "private settings" not in page
    safety = client.get(reverse("frame:safety")).content.decode()
    assert "Helpline marker 0800 000 111" in safety


def test_without_help_lines_the_safety_page_says_how_to_find_one(personas: Personas) -> None:
    client = as_user(personas.erin)
    page = client.get(reverse("frame:safety")).content.decode()
    assert "call your local emergency number" in page and "domestic abuse helpline" in page
    assert "has not added" not in page  # whoever runs the site is told, not her


def test_a_flagged_result_says_each_way_to_help_once(personas: Personas) -> None:
    """Without help lines set, the result's list gives the emergency number and the private
    window, and the paragraph after it only how to find the national line: not both again."""
    _, page = finish_flagged(as_user(personas.erin))
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    assert text.count("emergency number") == 1, text
    assert text.count("incognito") == 1 and "private window" not in text
    assert "domestic abuse helpline" in text


@pytest.mark.parametrize(
    ("levels", "words"),
    [
        (INTERDEPENDENT, "weigh more in your answers than the two warning signs"),
        (
            {"self": 2, "bond": 2, "enmeshment": 4, "distance": 4},
            "the two warning signs weigh a little more",
        ),
        # A strong warning sign is not averaged away (it makes the headline).
        (ENMESHED, "An overall figure would blur what stands out here"),
    ],
)
def test_balance_is_said_in_words_with_the_number_one_click_away(
    personas: Personas, levels: dict[str, int], words: str
) -> None:
    inventory = selectors.inventory()
    attempt = complete_attempt(
        personas.erin, profile_answers(inventory, levels), days_ago=1, seed=2
    )
    page = as_user(personas.erin).get(reverse("assessment:results", args=[attempt.public_id]))
    body = page.content.decode()
    assert words in body and "Balance:" not in body and "outweigh" not in body
    if words.startswith("An overall figure would blur"):
        assert "The number behind this" not in body  # not offered under that very sentence
    else:
        assert body.index("<summary>The number behind this") > body.index(words)


def test_the_safety_questions_come_before_the_result_and_a_blank_page_is_turned_back(
    personas: Personas,
) -> None:
    client = as_user(personas.erin)
    attempt = start(client)
    answer_all_pages(client, attempt, INTERDEPENDENT)
    total = selectors.page_count(selectors.inventory())
    url = reverse("assessment:page", args=[attempt.public_id, total])
    page = client.get(url).content.decode()
    assert 'value="skip_screen"' in page and "before showing your result" in page
    response = client.post(url, {"action": "finish"})
    assert response.status_code == 400
    assert "or choose to skip them" in response.content.decode()
    attempt.refresh_from_db()
    assert not attempt.is_complete and attempt.screen_outcome == "not_asked"


def test_skipping_the_safety_questions_is_an_explicit_choice_that_is_recorded(
    personas: Personas,
) -> None:
    client = as_user(personas.erin)
    attempt = start(client)
    answer_all_pages(client, attempt, INTERDEPENDENT)
    total = selectors.page_count(selectors.inventory())
    url = reverse("assessment:page", args=[attempt.public_id, total])
    # Answers sent with the skip button are not kept: skipping means none are.
    response = client.post(url, {"item-sf01": 4, "action": "skip_screen"}, follow=True)
    assert "Your result" in response.content.decode()
    attempt.refresh_from_db()
    assert attempt.is_complete and attempt.screen_skipped
    assert attempt.screen_answers == {} and not attempt.screen_flagged
    assert attempt.screen_outcome == "skipped"


def test_new_takes_use_version_2_and_a_version_1_result_stays_readable(
    personas: Personas,
) -> None:
    first = selectors.inventory("interdependence_inventory_v1")
    old = complete_attempt(
        personas.erin, profile_answers(first, ENMESHED), days_ago=30, seed=5, instrument=first
    )
    client = as_user(personas.erin)
    page = client.get(reverse("assessment:results", args=[old.public_id])).content.decode()
    assert "statements of version 1.0.0" in page and "Your scales" in page
    overview = client.get(reverse("assessment:overview")).content.decode()
    assert "(the first version of the statements)" in overview
    attempt = start(client)
    assert attempt.instrument_id == "interdependence_inventory_v2"
    assert attempt.pk != old.pk
    answer_all_pages(client, attempt, INTERDEPENDENT)
    page = finish(client, attempt).content.decode()
    assert "statements of version 2.0.0" in page
    # The change since the version 1 take is shown scale by scale (same scales, new wording).
    assert 'id="change-heading"' in page and "Merging: from" in page


def test_a_flagged_screen_rewords_merging_so_self_protection_is_not_called_a_pattern(
    personas: Personas,
) -> None:
    client = as_user(personas.erin)
    attempt = start(client)
    answer_all_pages(client, attempt, ENMESHED)
    screen = selectors.safety_screen()
    assert screen.flag is not None
    page = finish(client, attempt, {screen.items[0].id: screen.flag.at_or_above})
    text = page.content.decode()
    assert "Answers that may be about staying safe" in text
    assert "may be ways of keeping yourself safe" in text
    assert "Leaning toward merging" not in text and "costs you yourself" not in text
    # The same answers with a clear screen are described as the person's leaning.
    other = as_user(personas.alice)
    second = start(other)
    answer_all_pages(other, second, ENMESHED)
    clear = finish(other, second).content.decode()
    assert "Leaning toward merging" in clear and "may be about staying safe" not in clear


def test_the_pdf_of_a_flagged_take_uses_the_same_careful_words(personas: Personas) -> None:
    import io

    from pypdf import PdfReader

    client = as_user(personas.erin)
    attempt = start(client)
    answer_all_pages(client, attempt, ENMESHED)
    screen = selectors.safety_screen()
    assert screen.flag is not None
    finish(client, attempt, {screen.items[0].id: screen.flag.at_or_above})
    response = client.get(reverse("assessment:report", args=[attempt.public_id]))
    assert response.status_code == 200
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    assert "Answers that may be about staying safe" in text
    assert "may be ways of keeping yourself safe" in text
    assert "Leaning toward merging" not in text


def _finished_without_self(personas: Personas) -> tuple[Client, Attempt]:
    """erin's take with every statement answered as an interdependent person would, but
    none of Self's (not yet finished)."""
    client = as_user(personas.erin)
    attempt = start(client)
    inventory = selectors.inventory()
    answers = profile_answers(inventory, INTERDEPENDENT)
    kept = {i.id for i in inventory.items if i.scale_id != "self"}
    Attempt.objects.filter(pk=attempt.pk).update(answers={i: answers[i] for i in kept})
    return client, attempt


def test_the_pdf_table_of_scales_reads_as_the_page_does(personas: Personas) -> None:
    """The second phone walk of 2026-12-04: the page's table said "Answered: 0 of 16" and why
    Self had no score; the PDF's said "Rests on: 0 / 16" and no reason."""
    import io

    from pypdf import PdfReader

    client, attempt = _finished_without_self(personas)
    inventory = selectors.inventory()
    page = " ".join(finish(client, attempt).content.decode().split())
    response = client.get(reverse("assessment:report", args=[attempt.public_id]))
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    selfs = sum(1 for i in inventory.items if i.scale_id == "self")
    reason = re.search(r"A score needs at least \d+ answered statements?\.", page)
    assert reason is not None
    assert f"0 of {selfs}" in page and f"0 of {selfs}" in text
    assert "Answered" in text and reason.group(0) in text
    assert "Rests on" not in text and f"0 / {selfs}" not in text


def test_the_map_note_names_the_one_scale_without_enough_answers(personas: Personas) -> None:
    """With Bond answered and Self not, the note names Self alone (it said "Self or Bond":
    the desktop walk of 2026-12-02)."""
    client, attempt = _finished_without_self(personas)
    page = finish(client, attempt).content.decode()
    assert "There are not enough answers on Self yet to place you on the map." in page
    assert "Self or Bond" not in page
