"""In real Chromium: a promise marked kept moves to the earlier ones without a reload."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import RESULTS, ColorScheme, ContextMaker
from tests.browser.helpers import axe_serious, sign_up

#: A day some months ahead, for a promise (a fixed day became the past and was refused).
SOON = (date.today() + timedelta(days=150)).isoformat()

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(("viewport", "scheme"), [("phone", "dark"), ("desktop", "light")])
def test_a_kept_promise_leaves_still_to_do_at_once(
    make_context: ContextMaker, viewport: str, scheme: ColorScheme
) -> None:
    page = make_context(viewport, scheme).new_page()
    sign_up(page, "Ana", f"ana-{viewport}@example.test", "a calm and long passphrase")
    page.goto("/together/promises/")
    for text in ("Book the concert tickets", "Call the plumber"):
        page.get_by_label("What will you do?").fill(text)
        page.get_by_label("By when?").fill(SOON)
        page.get_by_role("button", name="Write it down").click()
    still = page.locator("#promises-open")
    earlier = page.locator("#promises-done")
    expect(earlier).to_be_hidden()
    still.locator("li.item").filter(has_text="Call the plumber").get_by_role(
        "button", name="I kept it"
    ).click()
    expect(still).not_to_contain_text("Call the plumber")
    expect(still).to_contain_text("Book the concert tickets")
    expect(earlier).to_be_visible()
    expect(earlier.locator("li.item").filter(has_text="Call the plumber")).to_contain_text("kept")
    expect(page.locator("#promises-follow")).to_contain_text("1 promise was kept")
    expect(page.locator("#promises-status")).to_contain_text("Marked as kept")
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / f"promise-kept-{viewport}.png"), full_page=True)
    assert axe_serious(page) == []
