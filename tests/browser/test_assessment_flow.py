"""In real Chromium: take the inventory with the keyboard alone and read the result."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import ContextMaker
from tests.browser.helpers import axe_serious, sign_up

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def answer_page_with_keyboard(page: Page, choice: int) -> None:
    """Tab to each question's first radio, arrow to the wanted choice (space selects)."""
    radios = page.locator("fieldset.item")
    for index in range(radios.count()):
        first = radios.nth(index).locator("input[type=radio]").first
        first.focus()
        page.keyboard.press("Space")
        for _ in range(choice - 1):
            page.keyboard.press("ArrowRight")


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_take_the_inventory_by_keyboard_and_read_the_result(
    make_context: ContextMaker, viewport: str
) -> None:
    page = make_context(viewport).new_page()
    sign_up(page, "Dana", f"dana-{viewport}@example.test", "a calm and long passphrase")
    page.get_by_role("link", name="Find out where you stand").click()
    violations = axe_serious(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Begin").click()
    violations += axe_serious(page)
    while page.get_by_role("button", name="Save and continue").count():
        expect(page.locator("progress")).to_be_visible()
        answer_page_with_keyboard(page, 5)
        page.get_by_role("button", name="Save and continue").focus()
        with page.expect_navigation():
            page.keyboard.press("Enter")
    violations += axe_serious(page)
    # The safety questions come before the result: a blank page is turned back; then, on the
    # desktop, they are answered ("Never") and on the phone skipped by the explicit button.
    expect(page.get_by_text("before showing your result")).to_be_visible()
    page.get_by_role("button", name="See my result", exact=True).focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_text("or choose to skip them")).to_be_visible()
    if viewport == "desktop":
        answer_page_with_keyboard(page, 1)
        button = page.get_by_role("button", name="See my result", exact=True)
    else:
        button = page.get_by_role("button", name="Skip these questions and see my result")
    button.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Your result")).to_be_visible()
    expect(page.get_by_text("not a clinical instrument")).to_be_visible()
    image = page.locator("figure.map img")
    expect(image).to_be_visible()
    assert page.evaluate("(img) => img.naturalWidth", image.element_handle()) > 100
    violations += axe_serious(page)
    assert not violations, "\n".join(violations)
