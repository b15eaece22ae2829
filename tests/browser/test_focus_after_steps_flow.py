"""In real Chromium, with the keyboard: where focus goes after a step, and what is said.

The keyboard and screen-reader audit of 2026-12-04: after answering a bid, focus went to the
answered bid, off the screen in Recent (M1); the status lines came anew, already filled, and a
live region put in so is often not read (M2); the safety reset was done by one Enter one Tab
too far after the download (M4).
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import ContextMaker
from tests.browser.helpers import axe_serious, new_couple

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

IN_VIEW = """element => {
  const box = element.getBoundingClientRect();
  return box.top >= 0 && box.bottom <= window.innerHeight && box.height > 0;
}"""


def focused(page: Page) -> str:
    """The focused element: its tag, its words, and whether it is on the screen."""
    return str(
        page.evaluate(
            "() => { const a = document.activeElement;"
            " const box = a.getBoundingClientRect();"
            " const seen = box.top >= 0 && box.bottom <= innerHeight && box.height > 0;"
            " return `${a.tagName} ${seen ? 'seen' : 'unseen'} ${a.textContent.trim()}`; }"
        )
    )


def test_answering_a_bid_by_keyboard_goes_on_to_the_next_one_waiting(
    make_context: ContextMaker,
) -> None:
    ana, ben = new_couple(make_context)
    texts = ("Tea on the balcony?", "A walk after dinner?")
    for text in texts:
        ana.goto("/together/bids/")
        ana.get_by_label("What would you like to share or ask?").fill(text)
        ana.get_by_role("button", name="Send").click()
    ben.goto("/together/bids/")  # a phone, 390 wide
    status = ben.locator("#bids-status")
    expect(status).to_have_text("")
    status.evaluate("line => { window.statusLine = line; }")
    waiting = ben.locator("#bids-waiting")
    first = waiting.locator("li.item").first
    answered = first.locator("strong").inner_text()
    first.get_by_role("button", name="Not now").focus()
    ben.keyboard.press("Enter")
    expect(waiting.locator("li.item")).to_have_count(1)
    group = waiting.get_by_role("group")
    expect(group).to_be_focused()
    assert group.evaluate(IN_VIEW), focused(ben)
    other = next(t for t in texts if t != answered)
    expect(group).to_have_accessible_name(other)
    # The same status line, its words changed: a screen reader reads the change.
    expect(status).to_have_text("Your answer was sent.")
    assert status.evaluate("line => line === window.statusLine")
    ben.keyboard.press("Tab")
    expect(ben.get_by_role("button", name="Yes, now")).to_be_focused()
    ben.keyboard.press("Enter")
    line = waiting.get_by_text("Nothing else is waiting for your answer.")
    expect(line).to_be_focused()
    assert line.evaluate(IN_VIEW), focused(ben)
    expect(status).to_have_text("Your answer was sent.")
    assert status.evaluate("line => line === window.statusLine")
    violations = axe_serious(ben)
    assert not violations, violations


def test_a_kept_promise_is_said_in_the_pages_own_status_line(make_context: ContextMaker) -> None:
    ana, _ben = new_couple(make_context)
    ana.goto("/together/promises/")
    ana.get_by_label("What will you do?").fill("Book the concert tickets")
    ana.get_by_label("By when?").fill((date.today() + timedelta(days=150)).isoformat())
    ana.get_by_role("button", name="Write it down").click()
    status = ana.locator("#promises-status")
    expect(status).to_have_text("")
    status.evaluate("line => { window.statusLine = line; }")
    ana.get_by_role("button", name="I kept it").click()
    expect(status).to_contain_text("Marked as kept")
    assert status.evaluate("line => line === window.statusLine")
    expect(status).to_have_attribute("role", "status")


def test_the_safety_reset_asks_once_and_a_stray_enter_does_nothing(
    make_context: ContextMaker,
) -> None:
    ana, ben = new_couple(make_context)
    ana.goto("/me/data/")
    ana.get_by_role("button", name="Do the safety reset now").focus()
    ana.keyboard.press("Enter")
    question = ana.locator("[data-question]")
    expect(question).to_be_focused()
    expect(question).to_contain_text("Do the safety reset now?")
    expect(question).to_contain_text("unlinks you from your partner")
    assert question.evaluate(IN_VIEW)
    violations = axe_serious(ana)
    ana.keyboard.press("Enter")  # one press too many: on the question, not its button
    expect(question).to_be_focused()
    ana.get_by_role("link", name="Cancel").click()
    ben.goto("/us/")
    expect(ben.get_by_role("heading", name="You and Ana")).to_be_visible()
    ana.get_by_role("button", name="Do the safety reset now").click()
    expect(question).to_be_focused()
    ana.keyboard.press("Tab")
    expect(ana.get_by_role("button", name="Yes, do it now")).to_be_focused()
    ana.keyboard.press("Enter")
    expect(ana.locator(".messages")).to_contain_text("Nobody was told")
    ben.goto("/us/")
    expect(ben.get_by_role("heading", name="You and Ana")).to_have_count(0)
    assert not violations, violations
