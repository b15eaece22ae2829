"""In real Chromium, on a phone and a desktop: "Who can see what" lists a partner, a
practitioner and two devices, and one click on a row ends that access. Screenshots of both
sizes go to test-results/ for a person to look at."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ContextMaker
from tests.browser.helpers import axe_serious, log_in
from tests.conftest import PASSWORD, build_personas

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_who_can_see_what_lists_each_access_and_ends_one_with_a_click(
    make_context: ContextMaker, viewport: str
) -> None:
    from tests.browser.conftest import RESULTS

    personas = build_personas()
    email = personas.alice.email
    log_in(make_context("phone").new_page(), email, PASSWORD)  # a second device
    page = make_context(viewport).new_page()
    log_in(page, email, PASSWORD)
    page.goto("/account/")
    page.get_by_role("link", name="Who can see what, and how to stop it").click()
    expect(page.get_by_role("heading", name="Who can see what", level=1)).to_be_visible()
    expect(page.get_by_text("Bob").first).to_be_visible()
    expect(page.get_by_role("heading", name="Pat", level=3)).to_be_visible()
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / f"safetycheck-{viewport}.png"), full_page=True)
    assert axe_serious(page) == []

    results = page.locator('[data-access="results"]')
    results.get_by_role("button", name="Stop sharing my results").click()
    expect(page.get_by_text("Your results are no longer shared.")).to_be_visible()
    expect(page.locator('[data-access="results"]')).to_have_count(0)
    page.locator('[data-access="device"]').get_by_role("button", name="Sign it out").click()
    expect(page.locator('[data-access="device"]')).to_have_count(0)
