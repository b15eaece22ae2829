"""In real Chromium, at phone and desktop size: a new person's account takes the time zone
their device is set to, and the account page offers the device's zone back when another is
kept. Screenshots go to test-results/ for a person to look at."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from interdepend.web.accounts.models import User
from tests.browser.conftest import ContextMaker
from tests.browser.helpers import PASSWORD, axe_serious, sign_up

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_a_new_account_takes_the_devices_zone_and_the_page_offers_it_back(
    make_context: ContextMaker, viewport: str
) -> None:
    from tests.browser.conftest import RESULTS

    context = make_context(viewport, "dark" if viewport == "phone" else "light", "Pacific/Auckland")
    page = context.new_page()
    sign_up(page, "Tama", f"tama.{viewport}@example.test", PASSWORD)
    person = User.objects.get(email=f"tama.{viewport}@example.test")
    assert person.time_zone == "Pacific/Auckland"

    page.goto("/account/")
    choice = page.get_by_label("The time zone you live in")
    expect(choice).to_have_value("Pacific/Auckland")
    expect(page.locator("#device-zone")).to_be_hidden()  # the kept zone is the device's
    choice.select_option("Europe/Madrid")
    page.get_by_role("button", name="Keep this time zone").click()
    expect(
        page.get_by_text("Your days, weeks and quiet hours follow this time zone.")
    ).to_be_visible()
    person.refresh_from_db()
    assert person.time_zone == "Europe/Madrid"

    offer = page.locator("#device-zone")
    expect(offer).to_contain_text("Time zone of this device: Pacific/Auckland.")
    page.locator("#time-zone").scroll_into_view_if_needed()
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / f"time-zone-{viewport}.png"), full_page=True)
    assert axe_serious(page) == []
    offer.get_by_role("button", name="Use it").click()
    expect(choice).to_have_value("Pacific/Auckland")
    expect(offer).to_be_hidden()
    page.get_by_role("button", name="Keep this time zone").click()
    expect(
        page.get_by_text("Your days, weeks and quiet hours follow this time zone.")
    ).to_be_visible()
    person.refresh_from_db()
    assert person.time_zone == "Pacific/Auckland"
