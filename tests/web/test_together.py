"""The together space: goals, promises, bids, boundaries, check-ins, circle and trends."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta
from typing import Any

import numpy as np
import pytest
from django.db import connection
from django.db.models import Model
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, timezone

from interdepend.web.home.selectors import waiting_for
from interdepend.web.partners import services as partner_services
from interdepend.web.together import selectors, services
from interdepend.web.together.models import (
    Bid,
    BidAnswer,
    Boundary,
    BoundaryEvent,
    CheckIn,
    CirclePerson,
    Commitment,
    Goal,
    GoalNote,
)
from tests.conftest import PASSWORD, Personas
from tests.faults.concurrency import all_returned, run_threads
from tests.helpers import HTMX, active_partnership, as_user, password_confirmed, without_ids

pytestmark = pytest.mark.django_db


def url(name: str, *args: object) -> str:
    return reverse(f"together:{name}", args=args)


# Idempotency ---------------------------------------------------------------------------------

#: Days a promise may be due on whenever the suite runs (fixed days become the past).
NEXT_YEAR = (date.today() + timedelta(days=400)).isoformat()
LATER = (date.today() + timedelta(days=800)).isoformat()

CREATE_FORMS = [
    ("goals", Goal, {"title": "Learn to sail", "detail": ""}),
    ("commitments", Commitment, {"text": "Water the plants", "due_on": NEXT_YEAR}),
    ("bids", Bid, {"text": "Look at the sunset"}),
    ("boundaries", Boundary, {"text": "No work talk after ten"}),
    ("circle", CirclePerson, {"name": "Grandma"}),
]


@pytest.mark.parametrize(("name", "model", "data"), CREATE_FORMS)
def test_the_same_form_posted_twice_makes_one_row(
    personas: Personas, name: str, model: type[Model], data: dict[str, str]
) -> None:
    client = as_user(personas.alice)
    before = model._default_manager.count()
    posted = {**data, "idem": "same-key-0001"}
    first = client.post(url(name), posted)
    second = client.post(url(name), posted)
    assert first.status_code == second.status_code == 302
    assert model._default_manager.count() == before + 1
    client.post(url(name), {**data, "idem": "another-key"})
    assert model._default_manager.count() == before + 2


def test_a_shared_goal_says_who_changed_it_last(personas: Personas) -> None:
    """He could rewrite the words of a goal she made and nothing showed it (the partner audit
    of 2026-12-03). A shared goal now says who saved its last change and when, to both."""
    goal_id = personas.together["shared_goal"]
    alice, bob = as_user(personas.alice), as_user(personas.bob)
    assert "Last changed" not in alice.get(url("goal", goal_id)).content.decode()
    goal = Goal.objects.get(public_id=goal_id)
    edited = bob.post(
        url("goal_edit", goal_id),
        {"title": "X", "detail": "", "version": goal.version, "password": PASSWORD},
    )
    assert edited.status_code == 302
    day = formats.date_format(timezone.localtime(), "DATE_FORMAT")
    assert (
        f"Last changed by <bdi>Bob</bdi> on {day}."
        in alice.get(url("goal", goal_id)).content.decode()
    )
    assert f"Last changed by you on {day}." in bob.get(url("goal", goal_id)).content.decode()
    Goal.objects.filter(public_id=goal_id).update(edited_by=None)  # as after his erasure
    assert "Last changed" not in alice.get(url("goal", goal_id)).content.decode()


def test_a_note_too_long_or_empty_is_said_beside_its_box_with_the_words_kept(
    personas: Personas,
) -> None:
    """A long note was thrown away under "A note needs a few words" once the browser no longer
    stopped typing at the limit (the re-audit of 2026-12-03)."""
    goal_id = personas.together["shared_goal"]
    client = as_user(personas.alice)
    before = GoalNote.objects.count()
    long = "We walked to the lake and back. " * 70
    answer = client.post(url("goal_note", goal_id), {"text": long, "idem": "n-long"})
    page = answer.content.decode()
    assert answer.status_code == 400
    assert f"Please keep this to 2000 characters or fewer. It has {len(long.strip())} now." in page
    assert "We walked to the lake and back. We walked" in page
    empty = client.post(url("goal_note", goal_id), {"text": "  ", "idem": "n-empty"})
    assert empty.status_code == 400 and "Please fill this in." in empty.content.decode()
    assert GoalNote.objects.count() == before


def test_racing_duplicate_posts_make_one_row(personas: Personas) -> None:
    first = services.goal_create(
        owner=personas.carol,
        partnership=None,
        title="a",
        detail="",
        idem_key="k1",
    )
    again = services.goal_create(
        owner=personas.carol,
        partnership=None,
        title="b",
        detail="",
        idem_key="k1",
    )
    assert first.pk == again.pk and again.title == "a"


def test_a_note_posted_twice_is_kept_once(personas: Personas) -> None:
    goal_id = personas.together["shared_goal"]
    before = GoalNote.objects.count()
    for _ in range(2):
        as_user(personas.bob).post(url("goal_note", goal_id), {"text": "Went!", "idem": "n-1"})
    assert GoalNote.objects.count() == before + 1


# Shared goals: versions and conflicts --------------------------------------------------------


def test_second_editor_is_told_of_the_conflict_and_shown_the_current_version(
    personas: Personas,
) -> None:
    goal_id = personas.together["shared_goal"]
    alice, bob = as_user(personas.alice), as_user(personas.bob)
    edit = {"title": "Walk on Sundays and Wednesdays", "detail": "", "version": 1}
    edit["password"] = PASSWORD
    assert alice.post(url("goal_edit", goal_id), edit).status_code == 302
    bobs = {"title": "Bob's idea", "detail": "", "version": 1, "password": PASSWORD}
    late = bob.post(url("goal_edit", goal_id), bobs)
    page = late.content.decode()
    assert late.status_code == 409
    assert "changed while you were editing" in page
    assert "Walk on Sundays and Wednesdays" in page and "Bob&#x27;s idea" in page
    assert 'name="version" value="2"' in page
    goal = Goal.objects.get(public_id=goal_id)
    assert goal.title == "Walk on Sundays and Wednesdays" and goal.version == 2
    retry = {"title": "Bob's idea", "detail": "", "version": 2, "password": PASSWORD}
    assert bob.post(url("goal_edit", goal_id), retry).status_code == 302
    assert Goal.objects.get(public_id=goal_id).version == 3


@pytest.mark.django_db(transaction=True)
def test_concurrent_edits_of_one_version_let_exactly_one_through(personas: Personas) -> None:
    goal_id = personas.together["shared_goal"]
    goal = Goal.objects.get(public_id=goal_id)

    def attempt(n: int) -> str:
        try:
            services.goal_update(
                goal=goal, expected_version=1, title=f"edit {n}", detail="", done=False
            )
            return "saved"
        except services.GoalConflict:
            return "conflict"

    results = all_returned(run_threads(8, attempt))
    stored = Goal.objects.get(public_id=goal_id)
    print(
        f"\nT20 one version, 8 writers: {results.count('saved')} saved, "
        f"{results.count('conflict')} told of a conflict, final version {stored.version}"
    )
    assert results.count("saved") == 1 and results.count("conflict") == 7
    assert stored.version == 2 and stored.title == f"edit {results.index('saved')}"


@pytest.mark.django_db(transaction=True)
def test_concurrent_editors_who_retry_lose_no_update(personas: Personas) -> None:
    goal_id = personas.together["shared_goal"]

    def attempt(n: int) -> int:
        conflicts = 0
        while True:
            current = Goal.objects.get(public_id=goal_id)
            try:
                services.goal_update(
                    goal=current,
                    expected_version=current.version,
                    title=current.title,
                    detail=f"{current.detail}[{n}]",
                    done=False,
                )
                return conflicts
            except services.GoalConflict:
                conflicts += 1

    results = all_returned(run_threads(6, attempt))
    stored = Goal.objects.get(public_id=goal_id)
    print(
        f"\nT20 six editors retrying: {sum(results)} conflicts reported, "
        f"version {stored.version}, 0 lost"
    )
    assert stored.version == 7
    assert all(f"[{n}]" in stored.detail for n in range(6))


# Promises, bids and boundaries ---------------------------------------------------------------


def test_a_partner_cannot_fill_her_count_with_promises_only_he_can_mark(
    personas: Personas,
) -> None:
    """His promises whose day came count in her things waiting, and only he marks them: at most
    twenty of his are open in the partnership at once (``PROMISES_OPEN_MAX``); alone, no cap."""
    bob = as_user(personas.bob)
    today = timezone.localdate().isoformat()
    before = waiting_for(personas.alice.pk).their_promises
    for n in range(25):
        bob.post(url("commitments"), {"text": f"Promise {n}", "due_on": today, "idem": f"p{n}"})
    made = Commitment.objects.filter(owner=personas.bob, text__startswith="Promise ")
    assert made.count() == 20
    assert waiting_for(personas.alice.pk).their_promises - before <= 20
    refused = bob.post(url("commitments"), {"text": "One more", "due_on": today, "idem": "x"})
    assert refused.status_code == 400
    assert "open promises already" in html.unescape(refused.content.decode())
    # Once he marks one, he can make one more.
    first = made.order_by("pk").first()
    assert first is not None
    bob.post(url("commitment_mark", first.public_id), {"state": "kept"})
    again = bob.post(url("commitments"), {"text": "One more", "due_on": today, "idem": "y"})
    assert again.status_code == 302
    # A person with no partner makes as many as she likes.
    carol = as_user(personas.carol)
    for n in range(25):
        carol.post(url("commitments"), {"text": f"Mine {n}", "due_on": today, "idem": f"c{n}"})
    assert Commitment.objects.filter(owner=personas.carol, text__startswith="Mine ").count() == 25


def test_only_the_maker_marks_a_promise_and_htmx_gets_the_fragment(personas: Personas) -> None:
    commitment_id = personas.together["commitment"]
    bob = as_user(personas.bob)
    assert bob.post(url("commitment_mark", commitment_id), {"state": "kept"}).status_code == 404
    response = as_user(personas.alice).post(
        url("commitment_mark", commitment_id), {"state": "kept"}, headers=HTMX
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert text.lstrip().startswith('<section id="promises-open"') and "<html" not in text
    assert Commitment.objects.get(public_id=commitment_id).state == "kept"
    page = bob.get(url("commitments")).content.decode()
    assert "1 promise was kept" in page


def _section(html: str, section_id: str) -> str:
    found = re.search(rf"<section [^>]*id=\"{section_id}\".*?</section>", html, re.S)
    assert found is not None, section_id
    return found.group(0)


def test_a_promise_marked_kept_moves_from_still_to_do_to_earlier_in_the_htmx_answer(
    personas: Personas,
) -> None:
    commitment_id = personas.together["commitment"]
    response = as_user(personas.alice).post(
        url("commitment_mark", commitment_id), {"state": "kept"}, headers=HTMX
    )
    text = response.content.decode()
    item = f'id="promise-{commitment_id}"'
    assert item not in _section(text, "promises-open")
    done = _section(text, "promises-done")
    assert item in done and 'hx-swap-oob="true"' in done and " hidden" not in done.split(">")[0]
    assert "1 promise was kept" in _section(text, "promises-follow")
    assert "Marked as kept" in text


def _badge(html: str) -> str:
    """The bar's count of things waiting, as drawn (without the oob mark)."""
    found = re.search(r'<span id="waiting-badge"[^>]*>(.*?)</span>\n', html, re.S)
    assert found is not None, html[:300]
    return found.group(1)


def test_what_an_htmx_answer_changes_elsewhere_on_the_page_comes_with_it(
    personas: Personas,
) -> None:
    """Answering a bid or marking a promise kept swaps one card; the bar's count of things
    waiting and the bid months' table come in the same answer (oob), drawn as a fresh page
    would draw them, so nothing on the page is left stale until a reload."""
    bid = Bid.objects.get(public_id=personas.together["bid"])
    answerer = as_user(personas.alice if bid.owner_id == personas.bob.pk else personas.bob)
    answered = answerer.post(
        url("bid_answer", bid.public_id), {"answer": "yes_now"}, headers=HTMX
    ).content.decode()
    fresh = answerer.get(url("bids")).content.decode()
    month = timezone.localtime(bid.created_at).strftime("%Y-%m")
    row = re.compile(rf'<tr id="bid-month-{month}"[^>]*>(.*?)</tr>', re.S)
    sent, now = row.search(answered), row.search(fresh)
    assert sent is not None and now is not None and sent.group(1) == now.group(1)
    assert f'<template><tr id="bid-month-{month}" hx-swap-oob="true">' in answered
    assert '<span id="waiting-badge" hx-swap-oob="true">' in answered
    assert _badge(answered) == _badge(fresh)

    alice = as_user(personas.alice)
    marked = alice.post(
        url("commitment_mark", personas.together["commitment"]), {"state": "kept"}, headers=HTMX
    ).content.decode()
    assert '<span id="waiting-badge" hx-swap-oob="true">' in marked
    assert _badge(marked) == _badge(alice.get(url("commitments")).content.decode())


def test_an_htmx_answer_moves_the_bid_from_waiting_to_recent(personas: Personas) -> None:
    """The English walk of 2026-12-03 (M2): answered "later" on the page, the bid stayed under
    "Waiting for your answer" and Recent said "Nothing yet." until a reload. The answer now
    swaps the waiting list (retargeted), Recent comes with it, each as a fresh page draws it,
    and a status line says the answer went."""
    bid = Bid.objects.get(public_id=personas.together["bid"])
    answerer = as_user(personas.alice if bid.owner_id == personas.bob.pk else personas.bob)
    response = answerer.post(
        url("bid_answer", bid.public_id), {"answer": "later", "when": "after tea"}, headers=HTMX
    )
    assert response["HX-Retarget"] == "#bids-waiting"
    assert response["HX-Reswap"] == "outerHTML"
    answered = response.content.decode()
    fresh = answerer.get(url("bids")).content.decode()
    waiting = re.compile(r'<div id="bids-waiting">.*?</div>\n', re.S)
    recent = re.compile(r'<section id="bids-recent"[^>]*>(.*?)</section>', re.S)
    sent_waiting, now_waiting = waiting.search(answered), waiting.search(fresh)
    assert sent_waiting is not None and now_waiting is not None
    assert f'id="bid-{bid.public_id}"' not in sent_waiting.group(0)
    sent_recent, now_recent = recent.search(answered), recent.search(fresh)
    assert sent_recent is not None and now_recent is not None
    assert f'id="bid-{bid.public_id}"' in sent_recent.group(1)
    assert "later: after tea" in sent_recent.group(1)
    assert _strip_tokens(sent_recent.group(1)) == _strip_tokens(now_recent.group(1))
    assert '<section id="bids-recent" aria-labelledby="recent-heading" hx-swap-oob="true">' in (
        answered
    )
    assert '<p hx-swap-oob="innerHTML:#bids-status">Your answer was sent.</p>' in answered


def test_htmx_answers_change_only_the_words_of_the_pages_status_lines(
    personas: Personas,
) -> None:
    """The keyboard audit of 2026-12-04, M2: the status line came anew, already filled
    (``hx-swap-oob="true"``), and a live region put in so is often not read. The page has the
    empty line from the start; an answer sends only its words."""
    bid = Bid.objects.get(public_id=personas.together["bid"])
    answerer = as_user(personas.alice if bid.owner_id == personas.bob.pk else personas.bob)
    empty = 'role="status" data-htmx-status></p>'
    assert f'<p id="bids-status" class="htmx-status" {empty}' in (
        answerer.get(url("bids")).content.decode()
    )
    answered = answerer.post(
        url("bid_answer", bid.public_id), {"answer": "yes_now"}, headers=HTMX
    ).content.decode()
    alice = as_user(personas.alice)
    assert f'<p id="promises-status" class="htmx-status" {empty}' in (
        alice.get(url("commitments")).content.decode()
    )
    marked = alice.post(
        url("commitment_mark", personas.together["commitment"]), {"state": "kept"}, headers=HTMX
    ).content.decode()
    assert '<p hx-swap-oob="innerHTML:#bids-status">Your answer was sent.</p>' in answered
    assert '<p hx-swap-oob="innerHTML:#promises-status">Marked as kept' in marked
    for sent in (answered, marked):
        assert 'role="status"' not in sent


def test_after_an_htmx_answer_focus_goes_on_to_the_next_bid_or_the_empty_line(
    personas: Personas,
) -> None:
    """The keyboard audit of 2026-12-04, M1: focus went to the answered bid, down in Recent.
    The answer names where to go on to: the next waiting bid's answers, or, none left, the line
    that says so under "Waiting for your answer"."""
    bid = Bid.objects.get(public_id=personas.together["bid"])
    answerer = as_user(personas.alice if bid.owner_id == personas.bob.pk else personas.bob)
    other = Bid.objects.create(
        partnership=bid.partnership, owner=bid.owner, text="A walk after dinner?"
    )
    assert "data-focus-next" not in answerer.get(url("bids")).content.decode()
    first = answerer.post(
        url("bid_answer", bid.public_id), {"answer": "not_now"}, headers=HTMX
    ).content.decode()
    waiting = first.split('<div id="bids-waiting">', 1)[1].split("</div>\n", 1)[0]
    assert waiting.count("data-focus-next") == 1
    assert f'aria-labelledby="btext-{other.public_id}" tabindex="-1" data-focus-next>' in waiting
    last = answerer.post(
        url("bid_answer", other.public_id), {"answer": "not_now"}, headers=HTMX
    ).content.decode()
    waiting = last.split('<div id="bids-waiting">', 1)[1].split("</div>\n", 1)[0]
    assert "Waiting for your answer" in waiting
    assert '<p tabindex="-1" data-focus-next>Nothing else is waiting for your answer.</p>' in (
        waiting
    )


def _strip_tokens(html: str) -> str:
    return re.sub(r'(name="(?:csrfmiddlewaretoken|within)" value=")[^"]*"', r"\1", html)


def test_a_bid_is_answered_by_the_partner_only_with_no_read_receipt(personas: Personas) -> None:
    bid_id = personas.together["bid"]
    bob_page = as_user(personas.bob).get(url("bids")).content.decode()
    said = without_ids(bob_page).lower()  # the page's words, not its ids' letters
    assert "seen" not in said and "read" not in said
    assert (
        as_user(personas.bob).post(url("bid_answer", bid_id), {"answer": "yes_now"}).status_code
        == 404
    )
    alice = as_user(personas.alice)
    fallback = alice.post(url("bid_answer", bid_id), {"answer": "later", "when": "after dinner"})
    assert fallback.status_code == 302
    bid = Bid.objects.get(public_id=bid_id)
    assert (bid.answer, bid.answer_when) == ("later", "after dinner")
    assert "later: after dinner" in as_user(personas.bob).get(url("bids")).content.decode()


def test_every_bid_waiting_for_an_answer_is_listed_and_can_be_answered(
    personas: Personas,
) -> None:
    """Bids sent before the cap (a flood of them) and a long run of answered ones: every bid
    counted as waiting is on her page with its answer buttons, so the count can reach nought
    (the partner audit: only the twelve newest were listed, and the rest waited forever)."""
    alice, bob = personas.alice, personas.bob
    current = active_partnership(alice).partnership
    now = timezone.now()
    for n in range(24):  # as a flood before the cap would have left them
        Bid.objects.create(owner=bob, partnership=current, text=f"old {n}", idem_key="")
    for n in range(15):
        Bid.objects.create(
            owner=alice, partnership=current, text=f"hers {n}", answer="yes_now", answered_at=now
        )
    waiting = Bid.objects.filter(owner=bob, answer="")
    assert waiting.count() == 25 and waiting_for(alice.pk).bids == 25
    client = as_user(alice)
    page = client.get(url("bids")).content.decode()
    for bid in waiting:
        assert f'hx-post="{url("bid_answer", bid.public_id)}"' in page, bid.text
    assert page.index("Waiting for your answer") < page.index("Reach out to")
    for bid in list(waiting):
        client.post(url("bid_answer", bid.public_id), {"answer": "not_now"}, headers=HTMX)
    assert waiting_for(alice.pk).bids == 0
    assert "Waiting for your answer" not in client.get(url("bids")).content.decode()


def test_a_long_bid_comes_back_whole_with_our_words_never_cut_by_the_browser(
    personas: Personas,
) -> None:
    """A browser cuts typing and pasting at ``maxlength`` without a word, so a bid reached the
    partner ending mid-sentence (the phone audit). The box says the limit and has none of its
    own; a longer bid comes back whole with our message, and nothing is sent."""
    client = as_user(personas.alice)
    page = client.get(url("bids")).content.decode()
    box = re.search(r"<textarea[^>]*name=\"text\"[^>]*>", page)
    assert box is not None and "maxlength" not in box.group(0)
    assert "Up to 200 characters." in page
    long = "Can we take a walk after dinner tonight, just the two of us? " * 8
    answer = client.post(url("bids"), {"text": long, "idem": "long-1"})
    shown = answer.content.decode()
    assert answer.status_code == 400
    assert f"Please keep this to 200 characters or fewer. It has {len(long.strip())} now." in shown
    assert long.strip()[:150] in shown
    assert not Bid.objects.filter(idem_key="long-1").exists()


def test_a_long_later_when_is_said_beside_its_box_and_the_bid_stays_open(
    personas: Personas,
) -> None:
    """ "Or later, when?" was cut at 80 characters without a word, and took invisible
    characters as they came (the re-audit of 2026-12-03)."""
    bid_id = personas.together["bid"]
    client = as_user(personas.alice)
    page = client.get(url("bids")).content.decode()
    box = re.search(rf'<input[^>]*id="when-{bid_id}"[^>]*>', page)
    assert box is not None and "maxlength" not in box.group(0)
    long = "after the long walk by the river, once the dog is fed and the dishes are done, ok?"
    answer = client.post(url("bid_answer", bid_id), {"answer": "later", "when": long}, headers=HTMX)
    shown = answer.content.decode()
    assert f"Please keep this to 80 characters or fewer. It has {len(long)} now." in shown
    assert f'value="{long}"' in shown and 'aria-invalid="true"' in shown
    assert Bid.objects.get(public_id=bid_id).answer == ""
    kept = client.post(
        url("bid_answer", bid_id), {"answer": "later", "when": "after\u200b dinner\x00"}
    )
    assert kept.status_code == 302
    assert Bid.objects.get(public_id=bid_id).answer_when == "after dinner"


def test_only_a_later_answer_reads_its_words_for_later(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Yes now and not now keep no words for later, so their answer builds no form for them
    (issue 15's thirteenth pass: it was built and checked for every answer): words sent beside
    such an answer, even too long ones, are not read and not kept, and the answer goes through."""
    from interdepend.web.together import forms as together_forms

    built: list[object] = []
    real = together_forms.LaterForm

    def counted(*args: object, **kwargs: object) -> object:
        built.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(together_forms, "LaterForm", counted)
    bid_id = personas.together["bid"]
    client = as_user(personas.alice)
    answered = client.post(
        url("bid_answer", bid_id), {"answer": "not_now", "when": "x" * 500}, headers=HTMX
    )
    assert answered.status_code == 200 and "Your answer was sent." in answered.content.decode()
    bid = Bid.objects.get(public_id=bid_id)
    assert (bid.answer, bid.answer_when) == ("not_now", "") and built == []


def test_at_most_ten_bids_wait_for_an_answer_at_a_time(personas: Personas) -> None:
    """A stream of bids is pressure: once ten of his wait for her answer, the eleventh is
    refused in our words and nothing is written; a form sent again still lands once; when she
    answers one, he can reach out again."""
    alice, bob = personas.alice, personas.bob
    him = as_user(bob)
    for n in range(services.BIDS_WAITING_MAX - 1):  # the fixture's bid is the first
        assert him.post(url("bids"), {"text": f"bid {n}", "idem": f"k{n}"}).status_code == 302
    assert Bid.objects.filter(owner=bob, answer="").count() == services.BIDS_WAITING_MAX
    page = him.get(url("bids")).content.decode()
    said = "10 times you reached out are waiting for Alice&#x27;s answer."
    assert said in page and 'name="text"' not in page
    refused = him.post(url("bids"), {"text": "answer me", "idem": "k-more"})
    assert refused.status_code == 400 and said in refused.content.decode()
    assert not Bid.objects.filter(text="answer me").exists()
    again = him.post(url("bids"), {"text": "bid 0", "idem": "k0"})  # a resend of a sent one
    assert again.status_code == 302
    assert Bid.objects.filter(owner=bob).count() == services.BIDS_WAITING_MAX
    first = Bid.objects.filter(owner=bob, answer="").order_by("created_at").first()
    assert first is not None
    as_user(alice).post(url("bid_answer", first.public_id), {"answer": "yes_now"})
    assert him.post(url("bids"), {"text": "walk?", "idem": "k-walk"}).status_code == 302
    assert Bid.objects.filter(owner=bob, answer="").count() == services.BIDS_WAITING_MAX


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("be\x00kind", "There is an invisible character in this text"),
        ("x" * 2001, "Please keep this to 2000 characters or fewer. It has 2001 now."),
        ("   ", "That step is not open right now."),
    ],
)
def test_new_wording_for_a_boundary_is_checked_and_never_cut_short(
    personas: Personas, text: str, said: str
) -> None:
    alice, bob = as_user(personas.alice), as_user(personas.bob)
    alice.post(url("boundaries"), {"text": "Ask before inviting friends over", "idem": "b9"})
    boundary = Boundary.objects.get(owner=personas.alice, idem_key="b9")
    alice.post(url("boundary_act", boundary.public_id), {"action": "tell", "password": PASSWORD})
    before = BoundaryEvent.objects.filter(boundary=boundary).count()
    answer = bob.post(
        url("boundary_act", boundary.public_id), {"action": "propose", "text": text}, follow=True
    )
    assert said in answer.content.decode()
    assert BoundaryEvent.objects.filter(boundary=boundary).count() == before
    if len(text) > 2000:  # sent back beside the box, the words kept (the re-audit)
        assert answer.status_code == 400 and "x" * 2001 in answer.content.decode()


def test_his_step_on_her_boundary_is_named_as_theirs_and_asks_no_password_it_cannot_use(
    personas: Personas,
) -> None:
    """New words he suggests for her boundary wait for her reply on her home page as a
    boundary between them (it said "a boundary Bob told you about"); and his "tell" on her
    boundary is refused straight away, not after his password (the partner audit)."""
    alice, bob = as_user(personas.alice), as_user(personas.bob)
    boundary_id = personas.together["boundary"]
    bob.post(url("boundary_act", boundary_id), {"action": "acknowledge"})
    bob.post(url("boundary_act", boundary_id), {"action": "propose", "text": "Saturdays, 7-9"})
    home = alice.get(reverse("home:home")).content.decode()
    assert "A boundary between you and <bdi>Bob</bdi> is waiting for your reply." in home
    told = bob.post(url("boundary_act", boundary_id), {"action": "tell"}, follow=True)
    page = told.content.decode()
    assert "Type your password for this step" not in page
    assert "That step is not open right now." in page


def test_she_can_keep_her_words_and_his_suggestion_stops_waiting(personas: Personas) -> None:
    """New words he suggested for her boundary waited on her list of things to answer until
    she took them or suggested others: a partner could keep one there for good (the partner
    audit of 2026-12-03). She can keep the words as they are; the suggestion closes, stays in
    the history, and nothing waits any more. He cannot close his own suggestion this way."""
    alice, bob = as_user(personas.alice), as_user(personas.bob)
    boundary_id = personas.together["boundary"]
    bob.post(url("boundary_act", boundary_id), {"action": "acknowledge"})
    bob.post(url("boundary_act", boundary_id), {"action": "propose", "text": "Saturdays, 7-9"})
    assert waiting_for(personas.alice.pk).boundaries == 1
    page = alice.get(url("boundary", boundary_id)).content.decode()
    assert (
        'value="decline"' in page
        and 'value="decline"' not in bob.get(url("boundary", boundary_id)).content.decode()
    )
    refused = bob.post(url("boundary_act", boundary_id), {"action": "decline"}, follow=True)
    assert "That step is not open right now." in refused.content.decode()
    kept = alice.post(url("boundary_act", boundary_id), {"action": "decline"}, follow=True)
    assert "The words stay as they were." in kept.content.decode()
    boundary = Boundary.objects.get(public_id=boundary_id)
    assert boundary.text == "I keep Saturday mornings for my run."
    assert boundary.state == "acknowledged"
    assert waiting_for(personas.alice.pk).boundaries == 0
    assert not boundary.events.filter(open=True).exists()
    assert "you kept the words as they were" in kept.content.decode()
    his = bob.get(url("boundary", boundary_id)).content.decode()
    assert "<bdi>Alice</bdi> kept the words as they were" in his
    again = alice.post(url("boundary_act", boundary_id), {"action": "decline"}, follow=True)
    assert "That step is not open right now." in again.content.decode()


def test_boundary_draft_is_private_then_told_acknowledged_and_revised(personas: Personas) -> None:
    alice, bob = as_user(personas.alice), as_user(personas.bob)
    alice.post(url("boundaries"), {"text": "Ask before inviting friends over", "idem": "b1"})
    draft = Boundary.objects.get(owner=personas.alice, idem_key="b1")
    assert bob.get(url("boundary", draft.public_id)).status_code == 404
    assert "Ask before inviting" not in bob.get(url("boundaries")).content.decode()
    alice.post(url("boundary_act", draft.public_id), {"action": "tell", "password": PASSWORD})
    assert bob.get(url("boundary", draft.public_id)).status_code == 200
    bob.post(url("boundary_act", draft.public_id), {"action": "acknowledge"})
    bob.post(
        url("boundary_act", draft.public_id), {"action": "propose", "text": "Ask a day before"}
    )
    # His words for her boundary, taken in her name, ask for her password typed for it.
    alice.post(url("boundary_act", draft.public_id), {"action": "accept"})
    draft.refresh_from_db()
    assert draft.text == "Ask before inviting friends over"
    alice.post(url("boundary_act", draft.public_id), {"action": "accept", "password": PASSWORD})
    draft.refresh_from_db()
    assert draft.text == "Ask a day before" and draft.state == "acknowledged"
    kinds = list(
        BoundaryEvent.objects.filter(boundary=draft).order_by("pk").values_list("kind", flat=True)
    )
    assert kinds == ["stated", "acknowledged", "proposed", "accepted"]
    history = bob.get(url("boundary", draft.public_id)).content.decode()
    assert "Ask before inviting friends over" in history and "Ask a day before" in history


def test_a_partner_cannot_fill_her_list_with_boundaries_to_acknowledge(personas: Personas) -> None:
    """Each boundary he tells her waits on her page and in her count, in his words, until she
    acknowledges it: at most ten of his wait at once (``BOUNDARIES_WAITING_MAX``)."""
    bob, alice = as_user(personas.bob), as_user(personas.alice)
    waiting_before = waiting_for(personas.alice.pk).boundaries
    told = 0
    for n in range(15):
        bob.post(url("boundaries"), {"text": f"Rule number {n}", "idem": f"flood-{n}"})
        draft = Boundary.objects.get(owner=personas.bob, idem_key=f"flood-{n}")
        act = url("boundary_act", draft.public_id)
        bob.post(act, {"action": "tell", "password": PASSWORD})
        draft.refresh_from_db()
        told += draft.state == "stated"
    assert told == 10
    assert waiting_for(personas.alice.pk).boundaries - waiting_before <= 10
    last = Boundary.objects.get(owner=personas.bob, idem_key="flood-14")
    assert last.state == "draft"
    page = bob.get(url("boundary", last.public_id)).content.decode()
    assert "waiting for Alice to acknowledge them" in html.unescape(page)
    # Once she acknowledges one, he can tell one more.
    first = Boundary.objects.get(owner=personas.bob, idem_key="flood-0")
    alice.post(url("boundary_act", first.public_id), {"action": "acknowledge"})
    bob.post(url("boundary_act", last.public_id), {"action": "tell", "password": PASSWORD})
    last.refresh_from_db()
    assert last.state == "stated"


# Check-ins, circle and a person alone --------------------------------------------------------


def test_only_shared_checkins_reach_the_couple_series(personas: Personas) -> None:
    series = selectors.couple_series(personas.bob, active_partnership(personas.bob))
    bob_weeks, alice_weeks = (len(s.weeks) for s in series)
    assert (bob_weeks, alice_weeks) == (1, 0)  # alice keeps hers private


def test_checkin_saves_once_a_week_and_needs_something(personas: Personas) -> None:
    carol = as_user(personas.carol)
    assert carol.post(url("checkin"), {}).status_code == 400
    # She checked in this week already: changing it asks for her password each time (the
    # phone audit of 2026-12-04, M2).
    assert carol.post(url("checkin"), {"heard": "6", "need": "sleep"}).status_code == 400
    assert CheckIn.objects.get(owner=personas.carol).need != "sleep"
    carol.post(url("checkin"), {"heard": "6", "need": "sleep", "password": PASSWORD})
    carol.post(url("checkin"), {"heard": "7", "need": "more sleep", "password": PASSWORD})
    rows = CheckIn.objects.filter(owner=personas.carol)
    assert rows.count() == 1 and rows.get().heard == 7


def _seen(page: str) -> str:
    found = re.search(r'name="seen" value="([^"]*)"', page)
    assert found is not None, "the check-in page names the check-in it shows"
    return found.group(1)


def test_two_tabs_never_silently_replace_a_saved_check_in(personas: Personas) -> None:
    """The forms audit of 2026-12-03 (M1): two tabs opened on the check-in each saved and each
    thanked her, and the second silently replaced the first. The second now says the first
    stands and keeps its own answers filled in; one more press saves them."""
    carol = as_user(personas.carol)
    tab_a = _seen(carol.get(url("checkin")).content.decode())
    tab_b = tab_a
    first = {"heard": "6", "need": "MRK first tab words", "seen": tab_a, "password": PASSWORD}
    assert carol.post(url("checkin"), first).status_code == 302
    second = {"heard": "2", "need": "second tab words", "seen": tab_b, "password": PASSWORD}
    refused = carol.post(url("checkin"), second)
    page = refused.content.decode()
    assert refused.status_code == 409
    assert "saved from another tab or device after you opened this page" in page
    assert "second tab words" in page  # her answers stay filled in
    row = CheckIn.objects.get(owner=personas.carol)
    assert (row.heard, row.need) == (6, "MRK first tab words")
    again = {**second, "seen": _seen(page)}
    assert carol.post(url("checkin"), again).status_code == 302
    row.refresh_from_db()
    assert (row.heard, row.need) == (2, "second tab words")
    # A form without the mark (an older page) saves as before.
    assert carol.post(url("checkin"), {"heard": "4", "password": PASSWORD}).status_code == 302
    row.refresh_from_db()
    assert row.heard == 4


def test_a_check_in_need_too_long_says_only_that(personas: Personas) -> None:
    """2,500 characters of need and no answers: the one message is the length, not "answer at
    least one question, or write what you need" (she did write it)."""
    before = list(CheckIn.objects.filter(owner=personas.carol).values())
    page = as_user(personas.carol).post(url("checkin"), {"need": "x" * 2500})
    text = page.content.decode()
    assert page.status_code == 400
    assert "2,000 characters or fewer" in text or "2000 characters or fewer" in text
    assert "Answer at least one question" not in text
    assert list(CheckIn.objects.filter(owner=personas.carol).values()) == before


def test_a_check_in_carried_through_the_password_is_never_shared_on_the_way(
    personas: Personas,
) -> None:
    """Sent with its share box ticked after a while away: the password page carries the
    answers but not the share, says so, and only a press of her own saves it, unshared."""
    import html as html_text
    import time

    from interdepend.web.accounts import idle, reauth

    alice = as_user(personas.alice)
    session = alice.session
    session[reauth.REAUTH_AT_KEY] = session[idle.PRIVATE_SEEN_KEY] = time.time() - 3600
    session.save()
    CheckIn.objects.filter(owner=personas.alice).delete()
    posted = {"heard": "6", "need": "A slow Sunday & <quiet>", "shared": "on"}
    stopped = alice.post(url("checkin"), posted)
    assert stopped.status_code == 200 and "this week&#x27;s check-in" in stopped.content.decode()
    hidden = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', stopped.text)
    form = {n: html_text.unescape(v) for n, v in hidden} | {"password": PASSWORD}
    onward = alice.post(reauth.confirm_url(url("checkin")), form, follow=True)
    shown = onward.content.decode()
    assert "A slow Sunday &amp; &lt;quiet&gt;" in shown
    assert "would not be shared with anyone on the way" in shown
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', shown))
    assert "shared" not in fields and fields["heard"] == "6"
    assert not CheckIn.objects.filter(owner=personas.alice).exists()
    fields.pop("csrfmiddlewaretoken")
    assert alice.post(url("checkin"), {k: html_text.unescape(v) for k, v in fields.items()})
    saved = CheckIn.objects.get(owner=personas.alice)
    assert saved.heard == 6 and not saved.shared


def test_a_person_alone_uses_goals_checkins_and_circle(personas: Personas) -> None:
    carol = as_user(personas.carol)
    for name in (
        "home",
        "goals",
        "commitments",
        "bids",
        "boundaries",
        "checkin",
        "circle",
        "trends",
    ):
        assert carol.get(url(name)).status_code == 200
    assert "when you link with someone" in carol.get(url("bids")).content.decode().lower()
    carol.post(url("goals"), {"title": "Paint", "together": "on", "idem": "c1"})
    assert Goal.objects.get(owner=personas.carol, idem_key="c1").partnership is None


def test_circle_nudges_gently_when_nobody_has_been_seen_for_a_while(personas: Personas) -> None:
    carol = as_user(personas.carol)
    # Someone just added, no day noted: nothing says it has been a while.
    assert "little while" not in carol.get(url("circle")).content.decode()
    CirclePerson.objects.filter(owner=personas.carol).update(
        last_connected=timezone.localdate() - timedelta(days=40)
    )
    assert "little while" in carol.get(url("circle")).content.decode()
    carol.post(url("circle_seen", personas.together["circle"]))
    assert "little while" not in carol.get(url("circle")).content.decode()


def test_we_connected_today_says_it_was_noted(personas: Personas) -> None:
    """The keyboard audit of 2026-12-04, L2: the page came back with no word of what changed."""
    carol = as_user(personas.carol)
    person = CirclePerson.objects.get(owner=personas.carol)
    page = carol.post(url("circle_seen", person.public_id), follow=True).content.decode()
    said = page.split('<div class="messages" role="status">', 1)[1].split("</div>", 1)[0]
    assert f"Noted: you connected with {html.escape(person.name)} today." in said


# The partnership ends ------------------------------------------------------------------------


def test_after_leaving_neither_former_partner_sees_anything_shared(personas: Personas) -> None:
    partner_services.partnership_leave(user=personas.alice)
    together = personas.together
    for person in (personas.alice, personas.bob):
        client = as_user(person)
        assert client.get(url("goal", together["shared_goal"])).status_code == 404
        assert "Walk by the river" not in client.get(url("goals")).content.decode()
        assert "Tea on the balcony" not in client.get(url("bids")).content.decode()
        assert client.get(url("us_svg")).status_code == 404
    assert as_user(personas.bob).get(url("boundary", together["boundary"])).status_code == 404
    assert (
        as_user(personas.alice)
        .post(url("bid_answer", together["bid"]), {"answer": "yes_now"})
        .status_code
        == 404
    )
    assert as_user(personas.dave).get(url("goal", together["ex_goal"])).status_code == 404


# Partner pages are byte-identical whatever the other keeps privately --------------------------

PARTNER_PAGES = (
    "home",
    "goals",
    "commitments",
    "bids",
    "boundaries",
    "checkin",
    "circle",
    "trends",
)
VOLATILE = re.compile(r'(name="(?:csrfmiddlewaretoken|idem)" value=")[^"]*"')


def _snapshot(client: Client) -> dict[str, bytes]:
    pages = {name: client.get(url(name)).content for name in PARTNER_PAGES}
    pages.update({n: client.get(url(n)).content for n in ("us_svg", "us_balance_svg")})
    pages["boundary"] = client.get(url("boundary", "A" * 22)).content
    return {k: VOLATILE.sub(r'\1-"', v.decode()).encode() for k, v in pages.items()}


def test_partner_pages_are_byte_identical_whatever_private_items_exist(personas: Personas) -> None:
    bob = as_user(personas.bob)
    bob.get(url("home"))
    before = _snapshot(bob)
    alice = personas.alice
    private = services.goal_create(
        owner=alice, partnership=None, title="secret", detail="", idem_key=""
    )
    services.goal_note_add(goal=private, author=alice, text="secret step", idem_key="")
    services.boundary_draft(owner=alice, text="secret draft", idem_key="")
    services.circle_add(owner=alice, name="secret friend", last_connected=None, idem_key="")
    services.checkin_save(
        owner=alice,
        week=selectors.this_week() - timedelta(weeks=1),
        values={"close": 2},
        need="secret need",
        shared=False,
        partnership=None,
    )
    after = _snapshot(bob)
    diffs = [name for name in before if before[name] != after[name]]
    print(f"\nT04 together: {len(before)} partner pages, {len(diffs)} diffs")
    assert not diffs


# Fixed query counts --------------------------------------------------------------------------


def _grow_history(personas: Personas, weeks: int) -> None:
    alice, bob = personas.alice, personas.bob
    active = active_partnership(alice)
    partnership = active.partnership
    goal = Goal.objects.get(public_id=personas.together["shared_goal"])
    start = selectors.this_week() - timedelta(weeks=weeks + 2)
    for n in range(weeks):
        week = start + timedelta(weeks=n)
        for person, step in ((alice, 1), (bob, 3)):
            services.checkin_save(
                owner=person,
                week=week,
                values={"close": 1 + (n * step) % 7, "heard": 2 + (n * step * n) % 5},
                need="",
                shared=True,
                partnership=partnership,
            )
        services.goal_note_add(goal=goal, author=bob, text=f"step {n}", idem_key="")
        services.goal_create(
            owner=alice, partnership=None, title=f"mine {n}", detail="", idem_key=""
        )
        promise = services.commitment_create(
            owner=alice,
            partnership=partnership,
            text=f"p {n}",
            due_on=week,
            idem_key="",
        )
        if n % 8:  # most marked: at most twenty of hers may be open in the partnership
            services.commitment_mark(commitment=promise, state="kept")
        bid = services.bid_send(owner=bob, partnership=partnership, text=f"bid {n}", idem_key="")
        if n % 8:  # most answered: at most ten of his may wait at a time
            services.bid_answer(bid=bid, answer="yes_now")
        made = services.boundary_draft(owner=bob, text=f"b {n}", idem_key="")
        services.boundary_state(boundary=made, partnership=partnership)
        if n % 8:  # most acknowledged: at most ten of his may wait at a time
            services.boundary_acknowledge(boundary=made, actor=alice)
        services.boundary_propose(
            boundary=Boundary.objects.get(public_id=personas.together["boundary"]),
            actor=bob,
            text=f"r {n}",
        )
        services.circle_add(owner=alice, name=f"friend {n}", last_connected=week, idem_key="")


def _count_queries(client: Client, paths: list[str]) -> dict[str, int]:
    counts = {}
    for path in paths:
        client.get(path)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200, path
        counts[path] = len(captured)
    return counts


def test_every_page_keeps_a_fixed_query_count_whatever_the_history(personas: Personas) -> None:
    client = as_user(personas.alice)
    together = personas.together
    paths = [url(n) for n in PARTNER_PAGES] + [
        url("goal", together["shared_goal"]),
        url("boundary", together["boundary"]),
        url("mine_svg"),
        url("balance_svg"),
        url("us_svg"),
        url("us_balance_svg"),
    ]
    short = _count_queries(client, paths)
    _grow_history(personas, 44)
    long = _count_queries(client, paths + [url("carryover_svg")])
    print("\nqueries (short history -> 44 weeks):", {p: (short[p], long[p]) for p in short})
    assert {p: long[p] for p in short} == short


# Trends and the over-time estimate -----------------------------------------------------------


def test_with_enough_shared_weeks_the_carry_over_is_described_not_graded(
    personas: Personas,
) -> None:
    _simulate_weeks(personas, 44)
    page = as_user(personas.bob).get(url("trends")).content.decode()
    assert "back-to-back weeks" in page and "no carry-over from one person" in page
    assert "neither is better" in page
    lead, numbers = page.split("The numbers behind this", 1)
    carry = lead[lead.index("carry-heading") :]
    assert "standard units" not in page and "out-of-step" not in page
    assert "likely somewhere between" not in carry and "likely somewhere between" in numbers
    assert "usual" in carry and "<details>" in carry
    # Each name stands in its own direction (a right-to-left name cannot turn the sentence).
    assert "<bdi>Alice</bdi>" in carry and "<bdi>Bob</bdi>" in carry
    assert "From <bdi>" in numbers
    svg = as_user(personas.bob).get(url("carryover_svg"))
    assert svg.status_code == 200 and svg["Content-Type"] == "image/svg+xml"
    drawn = svg.content.decode()
    assert "standard units" not in drawn and "out-of-step" not in drawn
    assert "what chance gives" in drawn and "0: no link" in drawn
    assert "script" not in svg.content.decode().lower()


def test_below_the_weeks_needed_to_tell_no_figure_is_shown(personas: Personas) -> None:
    _simulate_weeks(personas, 20)
    page = as_user(personas.bob).get(url("trends")).content.decode()
    assert "Not enough weeks to tell yet." in page
    assert f"about {selectors.MIN_PAIRS_TO_TELL} pairs of back-to-back weeks" in page
    assert "you have 19 so far" in page
    assert "likely somewhere between" not in page and "The numbers behind this" not in page
    assert as_user(personas.bob).get(url("carryover_svg")).status_code == 404


def _simulate_weeks(personas: Personas, weeks: int) -> None:
    rng = np.random.default_rng(9)  # a draw whose B-to-A echo shows clearly in 44 weeks
    active = active_partnership(personas.alice)
    start = selectors.this_week() - timedelta(weeks=weeks)
    a = b = 0.0
    for n in range(weeks):
        a, b = 0.3 * a + 0.5 * b + rng.normal(), 0.3 * b + rng.normal()
        for person, level in ((personas.alice, a), (personas.bob, b)):
            value = int(np.clip(round(4 + 1.5 * level), 1, 7))
            services.checkin_save(
                owner=person,
                week=start + timedelta(weeks=n),
                values={"close": value, "heard": value},
                need="",
                shared=True,
                partnership=active.partnership,
            )


def test_carry_over_on_simulated_couples_recovers_the_partner_effect() -> None:
    """Selector level: a known B-to-A echo shows up; weeks with no carry-over stay near 0."""
    rng = np.random.default_rng(11)
    a = b = 0.0
    weeks = [selectors.EPOCH + timedelta(weeks=n) for n in range(400)]
    av: list[float | None] = []
    bv: list[float | None] = []
    for _ in weeks:
        a, b = 0.2 * a + 0.5 * b + rng.normal(), 0.3 * b + rng.normal()
        av.append(a)
        bv.append(b)
    series = [selectors.Series("A", weeks, av), selectors.Series("B", weeks, bv)]
    found = selectors.carryover(series)
    assert found.result is not None and found.null is not None
    print(
        f"\nVAR simulation (400 weeks, true B->A 0.50, A->B 0.00): "
        f"B->A {found.result.b_to_a.estimate:+.2f}, A->B {found.result.a_to_b.estimate:+.2f}, "
        f"pseudo band {found.null.low:+.2f}..{found.null.high:+.2f}"
    )
    assert found.result.b_to_a.interval_excludes_zero
    assert not found.result.a_to_b.interval_excludes_zero
    assert abs(found.null.mean) < 0.1
    assert found.null.low < 0.2 < found.result.b_to_a.estimate


def test_trends_charts_are_svg_with_their_own_policy(personas: Personas) -> None:
    for name in ("mine_svg", "balance_svg", "us_svg", "us_balance_svg"):
        response = as_user(personas.alice).get(url(name))
        assert response["Content-Type"] == "image/svg+xml"
        assert "default-src 'none'" in response["Content-Security-Policy"]


def test_demo_is_idempotent_and_gives_the_couple_a_carry_over() -> None:
    from interdepend.web.accounts.models import User
    from interdepend.web.demo import demo_load

    demo_load()
    counts = [m.objects.count() for m in (Goal, GoalNote, CheckIn, Bid, Commitment, CirclePerson)]
    demo_load()
    assert counts == [
        m.objects.count() for m in (Goal, GoalNote, CheckIn, Bid, Commitment, CirclePerson)
    ]
    maya = User.objects.get(email="maya@demo.interdepend.test")
    page = as_user(maya).get(url("trends")).content.decode()
    assert "back-to-back weeks" in page


def test_a_stated_boundary_stays_its_authors_but_the_former_partner_steps_go(
    personas: Personas,
) -> None:
    boundary_id = personas.together["boundary"]
    bob = as_user(personas.bob)
    bob.post(url("boundary_act", boundary_id), {"action": "propose", "text": "MRKBOBPROPOSALX"})
    partner_services.partnership_leave(user=personas.bob)
    page = as_user(personas.alice).get(url("boundary", boundary_id))
    assert page.status_code == 200 and "Saturday mornings" in page.content.decode()
    assert "MRKBOBPROPOSALX" not in page.content.decode()
    as_user(personas.alice).post(url("boundary_act", boundary_id), {"action": "accept"})
    assert (
        Boundary.objects.get(public_id=boundary_id).text == "I keep Saturday mornings for my run."
    )


FUZZ_FIELDS = (
    "title",
    "detail",
    "text",
    "due_on",
    "name",
    "last_connected",
    "idem",
    "version",
    "state",
    "answer",
    "when",
    "action",
    "need",
    "shared",
    "together",
    "close",
    "heard",
)


@pytest.mark.parametrize(
    "target",
    [
        "goals",
        "commitments",
        "bids",
        "boundaries",
        "checkin",
        "circle",
        "goal_edit",
        "goal_note",
        "commitment_mark",
        "bid_answer",
        "boundary_act",
    ],
)
def test_odd_input_never_breaks_a_form(personas: Personas, target: str) -> None:
    """T15 for the together forms: odd values get an answer below 500 and change nothing odd."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    ids = {
        "goal_edit": "shared_goal",
        "goal_note": "shared_goal",
        "commitment_mark": "commitment",
        "bid_answer": "bid",
        "boundary_act": "boundary",
    }
    path = url(target, personas.together[ids[target]]) if target in ids else url(target)
    values = st.one_of(
        st.text(max_size=300),
        st.sampled_from(["", "0", "-1", "99", "2030-02-30", "yes_now", "kept", "tell", "x" * 5000]),
    )
    client = as_user(personas.alice)

    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.dictionaries(st.sampled_from(FUZZ_FIELDS), values, max_size=6))
    def post(data: dict[str, str]) -> None:
        clean = {k: v.replace("\x00", "") for k, v in data.items()}
        assert client.post(path, clean).status_code < 500

    post()


def test_a_promise_reshaped_with_a_new_date_carries_on(personas: Personas) -> None:
    commitment_id = personas.together["commitment"]
    alice = as_user(personas.alice)
    response = alice.post(
        url("commitment_mark", commitment_id),
        {"state": "renegotiated", "new_due_on": LATER},
        headers=HTMX,
    )
    assert response.content.decode().count('<li class="item"') == 2
    rows = Commitment.objects.filter(owner=personas.alice).order_by("pk")
    assert [(c.state, str(c.due_on)) for c in rows][-2:][1] == ("open", LATER)
    assert rows.get(public_id=commitment_id).state == "renegotiated"
    again = alice.post(url("commitment_mark", commitment_id), {"state": "kept"})
    assert again.status_code == 302
    assert Commitment.objects.get(public_id=commitment_id).state == "renegotiated"


@pytest.mark.django_db(transaction=True)
def test_the_same_form_posted_at_once_from_many_threads_makes_one_row(personas: Personas) -> None:
    alice_id = personas.alice.pk

    def attempt(n: int) -> int:
        client = as_user(personas.alice)
        data = {"title": "Learn the names of birds", "idem": "race-key-1"}
        return client.post(url("goals"), data).status_code

    results = all_returned(run_threads(6, attempt))
    rows = Goal.objects.filter(owner_id=alice_id, idem_key="race-key-1").count()
    print(f"\nT19 together: 6 simultaneous posts of one form -> {rows} row, statuses {results}")
    assert rows == 1 and set(results) == {302}


def test_deleting_an_account_takes_its_together_rows_and_leaves_the_partners(
    personas: Personas,
) -> None:
    bob_goal = services.goal_create(
        owner=personas.bob,
        partnership=None,
        title="bob's own",
        detail="",
        idem_key="",
    )
    alice_id = personas.alice.pk
    personas.alice.delete()
    for model in (Goal, GoalNote, Commitment, Bid, Boundary, CirclePerson, CheckIn):
        assert not model.objects.filter(owner_id=alice_id).exists()
    assert Goal.objects.filter(pk=bob_goal.pk).exists()
    assert CheckIn.objects.filter(owner=personas.bob).exists()
    assert as_user(personas.bob).get(url("trends")).status_code == 200


def test_the_together_home_says_what_is_waiting_for_you(personas: Personas) -> None:
    page = as_user(personas.alice).get(url("home")).content.decode()
    assert "<bdi>Bob</bdi> reached out once" in page and "<bdi>Bob</bdi> told you" not in page
    assert (
        "<bdi>Alice</bdi> told you about a boundary"
        in as_user(personas.bob).get(url("home")).content.decode()
    )
    assert "Waiting for you" not in as_user(personas.carol).get(url("home")).content.decode()


def test_earlier_promises_show_the_latest_eight_and_keep_the_rest_one_click_away(
    personas: Personas,
) -> None:
    """A long history of promises does not make the page scroll for screens: the eight latest
    show, the older ones are counted behind a link that lists them all."""
    alice = personas.alice
    active = active_partnership(alice)
    for n in range(11):
        made = services.commitment_create(
            owner=alice,
            partnership=active.partnership,
            text=f"Promise number {n}",
            due_on=date.today() + timedelta(days=1),
            idem_key=f"promise-{n}",
        )
        services.commitment_mark(commitment=made, state="kept")
    client = as_user(alice)
    everything = _section(
        client.get(url("commitments") + "?earlier=all").content.decode(), "promises-done"
    )
    total = everything.count('id="promise-')
    assert total >= 11 and "older promise" not in everything
    done = _section(client.get(url("commitments")).content.decode(), "promises-done")
    assert done.count('id="promise-') == 8
    assert f"Show {total - 8} older promises" in done and "?earlier=all" in done


@pytest.mark.parametrize(
    ("new_date", "words"),
    [
        ("2020-01-01", "today or a day still to come"),
        ("9999-12-31", "near enough to keep"),
        ("2026-02-30", "Please"),
    ],
)
def test_a_promise_talked_over_again_keeps_a_new_date_in_range(
    personas: Personas, new_date: str, words: str
) -> None:
    """A new date in the past, years away or not a day at all changes nothing and says why,
    in our words; with htmx the page reloads to show the message."""
    commitment_id = personas.together["commitment"]
    alice = as_user(personas.alice)
    before = Commitment.objects.count()
    answer = alice.post(
        url("commitment_mark", commitment_id),
        {"state": "renegotiated", "new_due_on": new_date},
        headers=HTMX,
    )
    assert answer["HX-Redirect"] == url("commitments")
    assert Commitment.objects.get(public_id=commitment_id).state == "open"
    assert Commitment.objects.count() == before
    page = alice.get(url("commitments")).content.decode()
    assert words in page and "This field" not in page and "Enter a valid" not in page


@pytest.mark.parametrize(
    "posted",
    [None, {"need": "x" * 2001}, {"need": "x" * 2001, "pick": "5"}, {"pick": "x"}],
    ids=["unbound", "bound-empty", "bound-chosen", "bound-invalid"],
)
def test_the_check_in_draws_its_radios_as_the_form_widget_would(
    personas: Personas, posted: dict[str, str] | None
) -> None:
    """The check-in writes its radio buttons out itself, for speed: the same inputs (name,
    value, id, checked, aria-invalid) as Django's radio widget draws for the same form."""
    from django.template import engines

    from interdepend.web.together import forms as together_forms
    from interdepend.web.together.models import ITEMS

    item = ITEMS[0]
    client = as_user(personas.bob)
    if posted is None:
        answer = client.get(url("checkin"))
        form = answer.context["form"]
    else:
        data = {("need" if k == "need" else item): v for k, v in posted.items()}
        answer = client.post(url("checkin"), data)
        assert answer.status_code == 400
        form = together_forms.CheckInForm(data)
        form.is_valid()
    widget = engines["django"].from_string("{% for radio in field %}{{ radio.tag }}{% endfor %}")
    expected = sorted(re.findall(r"<input[^>]*>", widget.render({"field": form[item]})))
    every = re.findall(rf'<input type="radio" name="{item}"[^>]*>', answer.content.decode())
    # Beyond the widget, a "Skip" to take an answer back ("Skip anything you like").
    assert [radio for radio in every if 'value=""' in radio] == [
        f'<input type="radio" name="{item}" value="" autocomplete="off">'
    ]
    drawn = sorted(radio for radio in every if 'value=""' not in radio)
    # Beyond the widget: an invalid answer's buttons name its message (the keyboard audit).
    described = f' aria-describedby="id_{item}_error"'
    assert all((described in radio) == bool(form[item].errors) for radio in drawn)
    assert len(drawn) == 7 and [radio.replace(described, "") for radio in drawn] == expected


def test_sharing_the_week_asks_for_the_password_in_the_form_and_keeps_what_she_wrote(
    personas: Personas,
) -> None:
    """A week shown to the partner asks for the password (unless typed in the last minutes), in
    the check-in form itself: nothing is saved until it is right, what she wrote stays in the
    form, and keeping the week to herself never asks."""
    import time

    from interdepend.web.accounts.idle import PRIVATE_SEEN_KEY
    from interdepend.web.together.models import CheckIn
    from tests.conftest import PASSWORD
    from tests.helpers import password_confirmed

    def stale_but_here() -> Client:
        """Her password long ago, her private pages open a moment ago (idle gate open)."""
        client = password_confirmed(as_user(personas.alice), seconds_ago=100_000)
        session = client.session
        session[PRIVATE_SEEN_KEY] = time.time()
        session.save()
        return client

    client = stale_but_here()
    url = reverse("together:checkin")
    week = selectors.this_week()
    mine = CheckIn.objects.filter(owner=personas.alice, week=week)
    data = {"heard": "6", "close": "3", "need": "A slow Sunday morning.", "shared": "on"}
    asked = client.post(url, data)
    page = asked.content.decode()
    assert asked.status_code == 400 and 'type="password"' in page
    assert "A slow Sunday morning." in page and "type your password" in page
    # Said at the top too, before the questions, where a phone opens the page again.
    assert page.index("Not saved yet: sharing this week asks for your password.") < page.index(
        "I had time for myself"
    )
    assert not mine.get().shared and mine.get().need != "A slow Sunday morning."
    wrong = client.post(url, {**data, "password": "not her password"})
    assert wrong.status_code == 400 and "not right" in wrong.content.decode()
    assert not mine.get().shared
    saved = client.post(url, {**data, "password": PASSWORD}, follow=True)
    assert "Saved, and shared with Bob." in saved.content.decode()
    assert mine.get().shared and mine.get().need == "A slow Sunday morning."
    private = {**data, "need": "Kept to myself."}
    del private["shared"]
    # Changing what she saved asks for her password too (the phone audit of 2026-12-04, M2).
    assert stale_but_here().post(url, private).status_code == 400
    assert mine.get().need == "A slow Sunday morning."
    kept = stale_but_here().post(url, {**private, "password": PASSWORD})
    assert kept.status_code == 302
    assert not mine.get().shared and mine.get().need == "Kept to myself."


def test_the_password_box_a_shared_week_asks_for_says_why_it_was_focused(
    personas: Personas,
) -> None:
    """The keyboard audit of 2026-12-03, finding 5: focused on the password box, a screen
    reader said only "Your password, edit, protected". The box is marked as the thing to mend
    and described by the notice that nothing is saved yet (and, typed wrong, by its error)."""
    import re
    import time

    from interdepend.web.accounts.idle import PRIVATE_SEEN_KEY
    from tests.helpers import password_confirmed

    client = password_confirmed(as_user(personas.alice), seconds_ago=100_000)
    session = client.session
    session[PRIVATE_SEEN_KEY] = time.time()
    session.save()
    url = reverse("together:checkin")
    data = {"heard": "6", "close": "3", "need": "A slow Sunday morning.", "shared": "on"}

    def password_box(page: str) -> str:
        found = re.search(r'<input type="password"[^>]*>', page)
        assert found is not None
        return found.group(0)

    page = client.post(url, data).content.decode()
    notice = re.search(r'<p class="notice" role="alert" id="([\w-]+)">Not saved yet', page)
    assert notice is not None
    box = password_box(page)
    assert 'aria-invalid="true"' in box and f'aria-describedby="{notice.group(1)}"' in box
    wrong = client.post(url, {**data, "password": "not her password"}).content.decode()
    box = password_box(wrong)
    assert 'aria-invalid="true"' in box
    assert f'aria-describedby="{notice.group(1)} id_password_error"' in box
    assert 'id="id_password_error"' in wrong


def test_an_answer_given_in_the_check_in_can_be_taken_back_with_skip(personas: Personas) -> None:
    """ "Skip anything you like": once a point was chosen there was no way back to none (the
    keyboard audit). Each question has a "Skip" that saves it unanswered."""
    from interdepend.web.together.models import ITEMS, CheckIn

    client = as_user(personas.carol)
    item, other = ITEMS[0], ITEMS[1]
    client.post(url("checkin"), {item: "5", other: "3", "need": "", "password": PASSWORD})
    mine = CheckIn.objects.filter(owner=personas.carol).latest("week")
    assert getattr(mine, item) == 5
    skipped = {item: "", other: "3", "need": "", "password": PASSWORD}
    assert client.post(url("checkin"), skipped).status_code == 302
    mine.refresh_from_db()
    assert (getattr(mine, item), getattr(mine, other)) == (None, 3)


def test_removing_someone_from_the_circle_asks_for_her_password_each_time(
    personas: Personas,
) -> None:
    """Whoever held her signed-in phone could quietly empty the list of people she turns to
    (the partner audit): the password page names the person, and only her password removes."""
    carol = as_user(personas.carol)
    person = personas.together["circle"]
    asked = carol.post(url("circle_remove", person))
    assert asked.status_code == 200
    assert "from your circle of support" in asked.content.decode()
    assert CirclePerson.objects.filter(public_id=person).exists()
    wrong = carol.post(url("circle_remove", person), {"password": "not hers"})
    assert wrong.status_code == 400 and CirclePerson.objects.filter(public_id=person).exists()
    done = carol.post(url("circle_remove", person), {"password": PASSWORD})
    assert done.status_code == 302
    assert not CirclePerson.objects.filter(public_id=person).exists()


def test_the_partner_sees_a_shared_week_and_what_was_needed(personas: Personas) -> None:
    """The share box says the partner sees the week's answers and what the person needs; no
    page showed the need (the new-couple walk). The check-in page now does, and only for a
    week shared in this partnership: a private week, or one shared with an ex, stays hidden."""
    week = selectors.this_week()
    services.checkin_save(
        owner=personas.bob,
        week=week,
        values={"supported": 5, "heard": 2},
        need="MRKNEED An evening to myself on Thursday.",
        shared=True,
        partnership=active_partnership(personas.bob).partnership,
    )
    page = as_user(personas.alice).get(url("checkin")).content.decode()
    assert "Bob</bdi>’s week" in page
    assert "MRKNEED An evening to myself on Thursday." in page
    assert "I felt supported</dt><dd>5 of 7" in page and "I felt heard</dt><dd>2 of 7" in page
    # Made private again: it leaves her page.
    services.checkin_save(
        owner=personas.bob,
        week=week,
        values={"supported": 5},
        need="MRKNEED private now",
        shared=False,
        partnership=None,
    )
    assert "MRKNEED" not in as_user(personas.alice).get(url("checkin")).content.decode()
    # Carol has no partner: her page has no such part.
    assert "’s week" not in as_user(personas.carol).get(url("checkin")).content.decode()


def test_promises_still_to_do_come_soonest_due_first(personas: Personas) -> None:
    """The list of promises still to do starts with the one due soonest (it started with the
    latest due, which put today's at the bottom: the desktop walk of 2026-12-02)."""
    alice = personas.alice
    active = active_partnership(alice)
    for days in (9, 1, 4):
        services.commitment_create(
            owner=alice,
            partnership=active.partnership,
            text=f"Due in {days} days",
            due_on=timezone.localdate() + timedelta(days=days),
            idem_key=f"due-{days}",
        )
    page = _section(as_user(alice).get(url("commitments")).content.decode(), "promises-open")
    order = [int(n) for n in re.findall(r"Due in (\d+) days", page)]
    assert order == [1, 4, 9]


def test_a_bids_answers_are_a_group_named_by_the_bid_never_a_form(personas: Personas) -> None:
    """axe flagged the group role on the bid's answer form (the phone audit of 2026-12-03):
    the group is a ``div`` around both forms, named by the bid's words."""
    page = as_user(personas.alice).get(url("bids")).content.decode()
    label = f"btext-{personas.together['bid']}"
    assert f'<div role="group" aria-labelledby="{label}">' in page
    assert 'role="group"' not in re.sub(r"<div[^>]*>", "", page)


def test_a_promises_controls_are_named_by_the_promise(personas: Personas) -> None:
    """The two buttons are a group named by the promise, and the new-date field is described
    by it, so a screen reader says which promise each control is for (several date fields
    share one label; axe also flagged the group role on a form: the desktop walk of
    2026-12-02)."""
    alice = personas.alice
    made = services.commitment_create(
        owner=alice,
        partnership=active_partnership(alice).partnership,
        text="Call Mum on Sunday",
        due_on=timezone.localdate() + timedelta(days=2),
        idem_key="named",
    )
    page = _section(as_user(alice).get(url("commitments")).content.decode(), "promises-open")
    label = f"ptext-{made.public_id}"
    assert f'<strong id="{label}">' in page
    assert f'<div class="choices" role="group" aria-labelledby="{label}">' in page
    assert f'id="again-{made.public_id}"' in page and f'aria-describedby="{label}"' in page
    assert 'role="group"' not in re.sub(r"<div[^>]*>", "", page)  # never on a form


def test_an_empty_chart_is_its_title_and_words_on_the_page() -> None:
    """Before any check-in or step, each chart on the trends and goals pages is its title and
    one sentence in the page's own text, not an image: drawn in one, the words were a small
    placeholder in a big frame (the phone look audit, finding 10), and its alt had promised
    words it never gave (the keyboard audit of 2026-12-03). The image, opened on its own, still
    draws the same words."""
    import html

    from interdepend.web.accounts.services import user_create

    lea = user_create(email="lea@example.test", password=PASSWORD, display_name="Lea")
    sam = user_create(email="sam@example.test", password=PASSWORD, display_name="Sam")
    invitation = partner_services.invitation_create(inviter=lea)
    partner_services.invitation_accept(invitation=invitation.invitation, user=sam)
    client = as_user(lea)

    def drawn(src: str) -> str:
        svg = client.get(src).content.decode()
        return " ".join(html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg))

    def shown(page: str) -> list[str]:
        found = re.findall(r'<div class="chart-empty">\s*<h3>([^<]*)</h3>\s*<p>([^<]*)</p>', page)
        return [html.unescape(f"{title} {words}") for title, words in found]

    trends = client.get(url("trends")).content.decode()
    goals = client.get(url("goals")).content.decode()
    assert 'figure class="chart"' not in trends + goals  # no image of words
    sources = ("mine_svg", "balance_svg", "us_svg", "us_balance_svg")
    assert shown(trends) == [drawn(url(n)) for n in sources]
    assert shown(goals) == [drawn(url("balance_svg"))]


def test_the_share_box_of_the_check_in_is_described_by_what_sharing_shows(
    personas: Personas,
) -> None:
    """The accessibility audit of 2026-12-04 (L7): a screen reader read "Share this check-in
    with my partner" without the words under it, which say what he sees."""
    page = as_user(personas.alice).get(reverse("together:checkin")).content.decode()
    box = re.search(r'<input type="checkbox" name="shared"[^>]*>', page)
    assert box is not None and 'aria-describedby="checkin-shared-help"' in box.group(0)
    assert re.search(r'<p class="help" id="checkin-shared-help">Off by default\.', page)


def test_changing_a_saved_week_asks_for_her_password_each_time(personas: Personas) -> None:
    """The phone audit of 2026-12-04 (M2): whoever held her phone replaced her week's answers
    and what she needs with no password, and nothing of hers was kept. A first save, or the same
    answers again, never asks; a change asks each time, and nothing changes before it."""
    client = as_user(personas.erin)
    week = selectors.this_week()
    rows = CheckIn.objects.filter(owner=personas.erin, week=week)
    assert not rows.exists()
    first = {"heard": "2", "need": "MRK money of my own"}
    assert client.post(url("checkin"), first).status_code == 302
    assert client.post(url("checkin"), first).status_code == 302  # the same again
    page = client.get(url("checkin")).content.decode()
    assert "changing your answers asks for your password" in page
    changed = {"heard": "7", "need": "."}
    asked = client.post(url("checkin"), changed)
    body = asked.content.decode()
    assert asked.status_code == 400
    assert "Not saved yet: changing what you saved for this week asks for your password." in body
    assert "To change them, type your password here" in body
    assert (rows.get().heard, rows.get().need) == (2, "MRK money of my own")
    wrong = client.post(url("checkin"), {**changed, "password": "not hers"})
    assert wrong.status_code == 400
    assert rows.get().need == "MRK money of my own"
    typed = client.post(url("checkin"), {**changed, "password": PASSWORD})
    assert typed.status_code == 302
    assert (rows.get().heard, rows.get().need) == (7, ".")
    assert (
        client.post(url("checkin"), {"heard": "7", "need": "", "password": ""}).status_code == 400
    )


def test_new_words_for_a_goal_ask_for_the_password_each_time(personas: Personas) -> None:
    """The phone audit of 2026-12-04 (M2): whoever held her phone rewrote her own goals with no
    password, and nothing of her words was kept. New words ask each time; ticking it reached,
    or saving it unchanged, never asks."""
    goal_id = personas.together["alice_goal"]
    alice = as_user(personas.alice)
    goal = Goal.objects.get(public_id=goal_id)
    same = {"title": goal.title, "detail": goal.detail, "version": goal.version}
    assert alice.post(url("goal_edit", goal_id), same).status_code == 302
    goal.refresh_from_db()
    reached = {**same, "version": goal.version, "done": "on"}
    assert alice.post(url("goal_edit", goal_id), reached).status_code == 302
    goal.refresh_from_db()
    assert goal.done
    words = {"title": "MRK not hers", "detail": "", "version": goal.version, "done": "on"}
    asked = alice.post(url("goal_edit", goal_id), words)
    assert asked.status_code == 200
    assert "change the words of this goal" in asked.content.decode()
    assert Goal.objects.get(public_id=goal_id).title == goal.title
    typed = alice.post(url("goal_edit", goal_id), {**words, "password": PASSWORD})
    assert typed.status_code == 302
    assert Goal.objects.get(public_id=goal_id).title == "MRK not hers"


def test_goals_of_an_ended_partnership_are_said_to_be_in_the_download(
    personas: Personas,
) -> None:
    """The new-couple walk of 2026-12-04: after Ana deleted her account, Ben's shared goal, which
    the delete page said stayed with him, was on none of his pages. It is kept in his download,
    as docs/data-rights.md says; both pages now say where."""
    dave = as_user(personas.dave).get(reverse("together:goals")).content.decode()  # alice's ex
    assert "Goals shared in a partnership that has ended are no longer shown here" in dave
    assert f'<a href="{reverse("datarights:index")}">the download of your data</a>' in dave
    linked = as_user(personas.alice).get(reverse("together:goals")).content.decode()
    assert "partnership that has ended" not in linked
    delete = as_user(personas.bob).get(reverse("datarights:delete")).content.decode()
    assert "in the download of their data rather than on their pages" in delete


def test_someone_alone_sees_no_key_for_shared_goals_on_her_own_chart(personas: Personas) -> None:
    """The second phone walk of 2026-12-04: a person without a partner saw "together" in the
    key of her own goals' chart and a column of noughts under it in its numbers, for goals she
    cannot share; with a partner both stay."""
    carol = personas.carol
    goal = services.goal_create(
        owner=carol, partnership=None, title="Paint", detail="", idem_key=""
    )
    services.goal_note_add(goal=goal, author=carol, text="a first sketch", idem_key="")
    client = password_confirmed(as_user(carol))
    chart = client.get(url("balance_svg")).content.decode()
    assert ">on my own<" in chart and ">together<" not in chart
    for name in ("goals", "trends"):
        page = client.get(url(name)).content.decode()
        assert "on my own" in page and ">together<" not in page, name
    alice = personas.alice
    mine = services.goal_create(owner=alice, partnership=None, title="Run", detail="", idem_key="")
    services.goal_note_add(goal=mine, author=alice, text="5 km", idem_key="")
    hers = password_confirmed(as_user(alice)).get(url("balance_svg")).content.decode()
    assert ">on my own<" in hers and ">together<" in hers


def test_a_goal_offers_sharing_only_to_someone_with_a_partner(personas: Personas) -> None:
    """The phone walk of 2026-12-05: a person with no partner was offered "This is something we
    pursue together" on the goal form, a box that could do nothing for him. It is drawn only in
    a partnership; ticked on a page drawn while linked and posted after, the goal is kept as his
    own and a message says so, rather than the usual "Added"."""
    box = 'name="together"'
    alone = as_user(personas.carol)
    assert box not in alone.get(url("goals")).content.decode()
    assert box in as_user(personas.alice).get(url("goals")).content.decode()
    sent = alone.post(url("goals"), {"title": "Sail", "together": "on"}, follow=True)
    page = sent.content.decode()
    assert "Saved as yours alone" in page and "Added. Small steps count." not in page
    goal = Goal.objects.get(owner=personas.carol, title="Sail")
    assert goal.partnership_id is None
    plain = alone.post(url("goals"), {"title": "Swim"}, follow=True).content.decode()
    assert "Added. Small steps count." in plain and "Saved as yours alone" not in plain


def test_a_check_in_shared_by_someone_alone_is_kept_as_hers_and_said_so(
    personas: Personas,
) -> None:
    """As with a goal: her share box is drawn only in a partnership. Ticked on a page drawn
    while linked and sent after, the week asked for her password to share it with nobody; now
    it is saved as hers, in words that say so."""
    CheckIn.objects.filter(owner=personas.carol).delete()  # a first save: no password asked
    carol = as_user(personas.carol)
    assert 'name="shared"' not in carol.get(url("checkin")).content.decode()
    sent = carol.post(url("checkin"), {"own_time": "5", "shared": "on"}, follow=True)
    page = sent.content.decode()
    assert "Saved as yours alone" in page and "Not saved yet" not in page
    assert CheckIn.objects.get(owner=personas.carol).shared is False


def test_a_goal_of_ones_own_is_reached_by_i_and_a_shared_one_by_we(personas: Personas) -> None:
    """The same walk: the box to mark a goal of one's own reached said "We have reached this
    one". Her own goal's box now says "I", a shared one still "we"."""
    alone = as_user(personas.carol)
    alone.post(url("goals"), {"title": "Sail"})
    own = Goal.objects.get(owner=personas.carol, title="Sail")
    page = alone.get(url("goal", own.public_id)).content.decode()
    assert "I have reached this one" in page and "We have reached this one" not in page
    alice = as_user(personas.alice)
    alice.post(url("goals"), {"title": "Row", "together": "on"})
    shared = Goal.objects.get(owner=personas.alice, title="Row")
    assert shared.is_shared
    page = alice.get(url("goal", shared.public_id)).content.decode()
    assert "We have reached this one" in page and "I have reached this one" not in page


def test_trends_writes_an_empty_chart_s_words_only_for_an_empty_chart(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each chart's words for when it is empty were translated on every view of Trends,
    shown or not: they are written only for a chart with nothing to draw."""
    from interdepend.web.together import trends

    written: list[str] = []
    for name in ("mine_empty", "own_balance_empty", "us_empty", "us_balance_empty"):
        made = getattr(trends, name)

        def recording(*args: str, _name: str = name, _made: Any = made) -> trends.EmptyChart:
            written.append(_name)
            chart: trends.EmptyChart = _made(*args)
            return chart

        monkeypatch.setattr(trends, name, recording)
    alice = personas.alice
    active = active_partnership(alice)
    monday = selectors.this_week()
    for person in (alice, active.partner):
        services.checkin_save(
            owner=person, week=monday, values={"heard": 5}, need="", shared=True,
            partnership=active.partnership,
        )  # fmt: skip
    page = as_user(alice).get(url("trends")).content.decode()
    assert page.count('class="chart-empty"') == 1  # her own goals' chart: no step noted
    assert written == ["own_balance_empty"]
    assert "No steps noted in the last half-year yet." in page


@pytest.mark.parametrize("made_up", ["", "maybe", "YES_NOW", "yes_now ", "later\x00"])
def test_an_answer_not_among_the_bids_answers_changes_nothing(
    personas: Personas, made_up: str
) -> None:
    """Only the three answers a bid takes are written (``services.BID_ANSWERS``, kept as a set
    where the enum made its list on every answer, issue 15's seventeenth pass): any other word
    is told it was not one of the options and the bid stays waiting."""
    assert {answer.value for answer in BidAnswer} == services.BID_ANSWERS
    bid_id = personas.together["bid"]
    sent = as_user(personas.alice).post(url("bid_answer", bid_id), {"answer": made_up})
    assert sent.status_code == 302
    bid = Bid.objects.get(public_id=bid_id)
    assert (bid.answer, bid.answer_when, bid.answered_at) == ("", "", None)
