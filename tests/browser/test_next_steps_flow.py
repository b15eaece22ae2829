"""In real Chromium, at phone and desktop size: the ways on from two pages where the phone look
of 2026-12-03 found the obvious next step missing (findings 2 and 12).

- The safety questions' page of a take with too few answers: its ways back to the statements
  left out are buttons that keep what was ticked there, and it says how close each part is.
- The partnership page right after linking: what comes next together comes first, as a button;
  leaving is still there, quieter and last, behind its confirmation.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from interdepend.web.accounts.services import user_create
from interdepend.web.assessment import selectors
from interdepend.web.assessment.demo import complete_attempt, profile_answers
from interdepend.web.partners import services as partners
from tests.browser.conftest import ContextMaker
from tests.browser.helpers import axe_serious, confirm_step, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a calm and long passphrase"
SHOTS = Path(__file__).resolve().parents[2] / "test-results"
BOTH_SIZES = pytest.mark.parametrize("viewport", ["phone", "desktop"])


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def press(page: Page, name: str) -> None:
    """Press a button that sends its form, and wait for the page it leads to."""
    with page.expect_navigation():
        page.get_by_role("button", name=name, exact=True).click()


def answer_two_a_page(page: Page) -> None:
    """From the first page of a take, answer two statements a page up to the safety questions."""
    while page.get_by_role("button", name="Save and continue").count():
        items = page.locator("fieldset.item")
        for n in range(min(2, items.count())):
            items.nth(n).locator(".point").nth(5).click()
        press(page, "Save and continue")


@BOTH_SIZES
def test_going_back_from_the_safety_questions_keeps_what_was_ticked(
    make_context: ContextMaker, viewport: str
) -> None:
    user_create(email="ona@example.test", password=PASSWORD, display_name="Ona")
    page = make_context(viewport).new_page()
    log_in(page, "ona@example.test", PASSWORD)
    page.goto("/me/assessment/")
    expect(page.get_by_text("skipping many can leave a part without a result")).to_be_visible()
    press(page, "Begin")
    answer_two_a_page(page)
    notice = page.locator("#too-few")
    expect(notice.get_by_role("heading", name="A few more answers are needed")).to_be_visible()
    # How close each part is, in answers; no skip is promised that the page does not have.
    expect(notice.get_by_role("listitem").filter(has_text="Self:")).to_contain_text(
        "more answers would give it a score"
    )
    expect(page.get_by_text("choose to skip below")).to_have_count(0)
    expect(page.get_by_role("button", name="Back", exact=True)).to_have_count(0)
    expect(notice.get_by_role("link")).to_have_count(0)
    violations = axe_serious(page)
    shot(page, f"next-steps-too-few-{viewport}")
    first = page.locator("fieldset.item").first
    first.locator(".point").nth(1).click()  # "Once or twice"
    press(page, "Go back to the statements I left out")
    expect(page.get_by_text("Page 1 of")).to_be_visible()
    # Back to the safety questions by the pages' own buttons: the answer is still ticked.
    while page.get_by_role("button", name="Save and continue").count():
        press(page, "Save and continue")
    expect(page.locator("fieldset.item").first.locator("input:checked")).to_have_value("2")
    # A page of the list is a button too, and keeps the answer as well.
    press(page, "Page 3: 6 statements left out")
    expect(page.get_by_text("Page 3 of")).to_be_visible()
    assert not violations, "\n".join(violations)


def linked(result_for: str | None = None) -> None:
    """Rosa and Tom are linked; ``result_for`` (an e-mail address) has a finished result."""
    rosa = user_create(email="rosa@example.test", password=PASSWORD, display_name="Rosa")
    tom = user_create(email="tom@example.test", password=PASSWORD, display_name="Tom")
    invitation = partners.invitation_create(inviter=rosa)
    partners.invitation_accept(invitation=invitation.invitation, user=tom)
    if result_for is not None:
        who = rosa if result_for == rosa.email else tom
        answers = profile_answers(
            selectors.inventory(), {"self": 6, "bond": 6, "enmeshment": 2, "distance": 2}
        )
        complete_attempt(who, answers, days_ago=0, seed=7)


def main_actions(page: Page) -> list[str]:
    """The names of the buttons and links in the page's main part, in reading order."""
    found: list[str] = page.evaluate(
        """() => [...document.querySelectorAll('main a, main button')]
            .map(e => e.textContent.trim())"""
    )
    return found


@BOTH_SIZES
def test_after_linking_the_next_step_comes_before_leaving(
    make_context: ContextMaker, viewport: str
) -> None:
    linked()
    page = make_context(viewport).new_page()
    log_in(page, "tom@example.test", PASSWORD)
    page.goto("/us/")
    actions = main_actions(page)
    assert actions.index("Find out where you stand") < actions.index("Leave this partnership")
    assert actions[-1] == "Leave this partnership", actions
    violations = axe_serious(page)
    shot(page, f"next-steps-us-new-{viewport}")
    # Leaving is quieter than the step: smaller and in the muted colour, yet a whole target.
    step = page.get_by_role("link", name="Find out where you stand")
    leave = page.get_by_role("link", name="Leave this partnership")
    sizes = page.evaluate(
        """([a, b]) => [a, b].map(e => parseFloat(getComputedStyle(e).fontSize))""",
        [step.element_handle(), leave.element_handle()],
    )
    assert sizes[1] < sizes[0], sizes
    box = leave.bounding_box()
    assert box is not None and box["height"] >= 44
    step.click()
    expect(page.get_by_role("heading", name="Where you stand", level=1)).to_be_visible()
    # Still reachable, still behind its page and the password.
    page.goto("/us/")
    leave.click()
    expect(page.get_by_role("button", name="Leave now")).to_be_visible()
    assert not violations, "\n".join(violations)


@BOTH_SIZES
def test_with_a_result_not_shared_the_step_is_sharing_it(
    make_context: ContextMaker, viewport: str
) -> None:
    linked(result_for="tom@example.test")
    page = make_context(viewport).new_page()
    log_in(page, "tom@example.test", PASSWORD)
    page.goto("/us/")
    actions = main_actions(page)
    assert actions.index("Share my latest result") < actions.index("Leave this partnership")
    expect(page.get_by_text("word for word")).to_be_visible()  # what Rosa would then see
    violations = axe_serious(page)
    shot(page, f"next-steps-us-share-{viewport}")
    page.get_by_role("button", name="Share my latest result").click()
    confirm_step(page)
    expect(page.get_by_text("You have chosen to share your latest result.")).to_be_visible()
    # Shared: nothing is left to do but look, so the couple view is the button.
    page.goto("/us/")
    expect(page.get_by_role("button", name="Share my latest result")).to_have_count(0)
    view = page.get_by_role("link", name="Open the couple view")
    expect(view).to_have_class("button")
    violations += axe_serious(page)
    assert not violations, "\n".join(violations)
