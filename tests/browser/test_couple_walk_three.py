"""What a new couple met in the third walk of the whole app, on a phone and on a desktop.

Once her partner had used the code, her Reload of the invitation's page (the page she was still
on) opened the Us page with "You and Ben, linked since…" under a note telling her to withdraw
"that invitation below" and make a new one: there was none below, and the note read as if the
link had failed.

Before they linked, the pages that only work for two (reaching out, shared goals, entries shared
with you) said "when you link with someone, it opens here" and stopped: nothing on them led to
where linking happens, and a new person had to guess it was behind "Us".

A promise marked kept, or a bid answered, moved away in place with its words said only to a
screen reader: on a phone the promise went below the screen, and what she saw at the top was
still the last load's "Your promise is written down.".

A goal's page asked for "A step, however small" under "Steps along the way", then offered to
"Add note" and said "No notes yet.": two words for one thing, and she could not tell whether a
note was a step (the trends page counts the steps noted on a goal)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import ContextMaker
from tests.browser.helpers import PASSWORD, axe_serious, link, new_couple, sign_up
from tests.browser.test_promise_flow import SOON

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_her_reload_after_he_joined_says_nothing_about_withdrawing(
    make_context: ContextMaker,
) -> None:
    ana = make_context("phone", "light").new_page()
    ben = make_context("desktop", "dark").new_page()
    sign_up(ana, "Ana", "ana@example.test", PASSWORD)
    sign_up(ben, "Ben", "ben@example.test", PASSWORD)
    link(ana, ben)

    ana.reload()
    expect(ana.get_by_role("heading", name="You and Ben")).to_be_visible()
    expect(ana.get_by_text("withdraw that invitation below")).to_have_count(0)
    expect(ana.locator(".messages")).to_have_count(0)
    assert axe_serious(ana) == []


def test_her_reload_while_the_code_is_unused_still_points_to_withdrawing(
    make_context: ContextMaker,
) -> None:
    ana = make_context("phone", "dark").new_page()
    sign_up(ana, "Ana", "ana@example.test", PASSWORD)
    ana.goto("/us/")
    ana.get_by_label("Your password").fill(PASSWORD)
    ana.get_by_role("button", name="Make an invitation").click()
    expect(ana.locator("#invite-code")).to_be_visible()
    ana.reload()
    expect(ana.get_by_text("withdraw that invitation below")).to_be_visible()
    expect(ana.get_by_role("button", name="Withdraw")).to_be_visible()


@pytest.mark.parametrize(
    ("path", "viewport"),
    [
        ("/together/bids/", "phone"),
        ("/together/goals/", "desktop"),
        ("/me/journal/shared-with-you/", "phone"),
    ],
)
def test_a_page_for_two_leads_her_to_linking_before_she_has_a_partner(
    make_context: ContextMaker, path: str, viewport: str
) -> None:
    ana = make_context(viewport, "dark").new_page()
    sign_up(ana, "Ana", "ana@example.test", PASSWORD)
    ana.goto(path)
    way = ana.locator("main").get_by_role("link", name="Invite a partner, or enter a code")
    expect(way).to_be_visible()
    box = way.bounding_box()
    assert box is not None and box["height"] >= 43.5, box
    way.click()
    expect(ana.get_by_role("heading", name="Invite a partner")).to_be_visible()
    expect(ana.get_by_label("Invitation code")).to_be_visible()
    assert axe_serious(ana) == []


def in_sight(page: Page, line: Locator) -> None:
    """The line has words, is drawn at a readable size, and lies within the screen."""
    expect(line).to_be_visible()
    box = line.bounding_box()
    size = page.viewport_size
    assert box is not None and size is not None
    assert box["height"] >= 20 and box["width"] >= 100, box
    assert box["y"] >= 0 and box["y"] + box["height"] <= size["height"], (box, size)


def test_a_promise_marked_kept_says_so_where_she_can_see_it(make_context: ContextMaker) -> None:
    page = make_context("phone", "light").new_page()
    sign_up(page, "Ana", "ana@example.test", PASSWORD)
    page.goto("/together/promises/")
    page.get_by_label("What will you do?").fill("Call the plumber")
    page.get_by_label("By when?").fill(SOON)
    page.get_by_role("button", name="Write it down").click()
    expect(page.locator("main > .messages")).to_contain_text("Your promise is written down.")
    page.get_by_role("button", name="I kept it").click()
    status = page.locator("#promises-status")
    expect(status).to_have_text("Marked as kept. It is now under earlier promises.")
    in_sight(page, status)
    expect(page.locator("main > .messages")).to_have_count(0)
    assert axe_serious(page) == []


def test_a_bid_answered_says_so_where_he_can_see_it(make_context: ContextMaker) -> None:
    ana, ben = new_couple(make_context)
    ana.goto("/together/bids/")
    ana.get_by_label("What would you like to share or ask?").fill("Walk after dinner?")
    ana.get_by_role("button", name="Send").click()
    expect(ana.locator("main > .messages")).to_contain_text("Sent.")
    ben.goto("/together/bids/")
    ben.get_by_role("button", name="Yes, now").click()
    status = ben.locator("#bids-status")
    expect(status).to_have_text("Your answer was sent.")
    in_sight(ben, status)
    assert axe_serious(ben) == []


@pytest.mark.parametrize(
    ("language", "add", "none"),
    [("en", "Add this step", "No steps yet."), ("es", "Añadir este paso", "Todavía no hay pasos.")],
)
def test_a_goal_asks_for_a_step_and_adds_a_step(
    make_context: ContextMaker, language: str, add: str, none: str
) -> None:
    page = make_context("phone", "dark").new_page()
    sign_up(page, "Ana", "ana@example.test", PASSWORD)
    page.get_by_label("Language").select_option(language)
    page.locator("footer button").click()
    expect(page.locator("html")).to_have_attribute("lang", language)
    page.goto("/together/goals/")
    page.locator("#id_title").fill("Run 5k")
    page.locator("main form button[type=submit]").last.click()
    page.locator("main a").filter(has_text="Run 5k").first.click()
    steps = page.locator("section[aria-labelledby=notes-heading]")
    expect(steps.get_by_text(none, exact=True)).to_be_visible()
    expect(steps).not_to_contain_text("nota" if language == "es" else "note")
    steps.locator("textarea").fill("Ran the first kilometre")
    steps.get_by_role("button", name=add).click()
    expect(steps.get_by_text("Ran the first kilometre")).to_be_visible()
    expect(steps.get_by_text(none, exact=True)).to_have_count(0)
    assert axe_serious(page) == []
