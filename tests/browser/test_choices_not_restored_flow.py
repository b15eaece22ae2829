"""In real Chromium, on a phone: an answer she picked and never saved does not come back on Back.

Chromium keeps a page's form state with its history entry and puts it back when Back (or a
reopened tab) loads the page again, though the page itself is fetched afresh. Radio buttons
and ticks without ``autocomplete="off"`` were kept that way: whoever pressed Back in her tab
found the answer she had picked and left unsaved (an inventory question, a point of her
week's check-in) ticked again. The page-level check of every control is
``tests/security/test_choices_not_restored.py``; this is the browser's own behaviour.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import ContextMaker
from tests.browser.helpers import PASSWORD, sign_up

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHECKED = "els => els.filter(e => e.checked).map(e => e.name + '=' + e.value)"


def _picked_then_back(page: Page) -> tuple[list[str], list[str], list[str]]:
    """Pick the first answer not already chosen, leave without saving, come back by Back:
    what the server drew, what she picked, and what Back shows."""
    drawn = page.eval_on_selector_all("input[type=radio]", CHECKED)
    page.locator("input[type=radio]:not(:checked)").first.check(force=True)
    picked = page.eval_on_selector_all("input[type=radio]", CHECKED)
    page.goto("/about/")
    page.go_back()
    page.wait_for_load_state()
    back = page.eval_on_selector_all("input[type=radio]", CHECKED)
    return drawn, picked, back


def test_an_answer_picked_and_left_unsaved_is_not_ticked_again_on_back(
    make_context: ContextMaker,
) -> None:
    page = make_context("phone").new_page()
    sign_up(page, "Ana", "ana-choices@example.test", PASSWORD)

    page.goto("/together/check-in/")
    drawn, picked, back = _picked_then_back(page)
    assert picked != drawn
    assert back == drawn, "her unsaved check-in answer came back"

    page.goto("/me/assessment/")
    with page.expect_navigation():
        page.get_by_role("button", name="Begin").click()
    drawn, picked, back = _picked_then_back(page)
    assert picked != drawn
    assert back == drawn, "her unsaved answer to the inventory came back"
