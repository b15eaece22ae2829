"""In real Chromium, at phone and desktop size: a person renames themself, then moves their
account to a new e-mail address by the link mailed there. The browser's history afterwards
names neither address. Screenshots go to test-results/ for a person to look at."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from playwright.sync_api import expect

from interdepend.web.accounts.models import User
from tests.browser.conftest import ContextMaker
from tests.browser.helpers import PASSWORD, axe_serious, sign_up

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_a_person_changes_their_name_and_address(make_context: ContextMaker, viewport: str) -> None:
    from tests.browser.conftest import RESULTS

    violations: list[str] = []
    page = make_context(viewport, "dark" if viewport == "phone" else "light").new_page()
    sign_up(page, "Rosa", "rosa@example.test", PASSWORD)
    page.goto("/account/")
    page.get_by_role("link", name="Change your name or e-mail address").click()
    # The password was typed a moment ago at sign-up, so no confirmation is asked for here
    # (tests/web/test_account_details.py holds the gate).
    expect(
        page.get_by_role("heading", name="Your name and e-mail address", level=1)
    ).to_be_visible()
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / f"account-details-{viewport}.png"), full_page=True)
    violations += axe_serious(page)

    page.get_by_label("What should we call you?").fill("Ro")
    page.get_by_role("button", name="Save my name").click()
    expect(page.get_by_text("Your name is changed.")).to_be_visible()
    expect(page.get_by_text("Ro", exact=True)).to_be_visible()

    page.get_by_role("link", name="Change your name or e-mail address").click()
    page.get_by_label("New e-mail address").fill("not an address")
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    violations += axe_serious(page)

    mail.outbox.clear()
    page.get_by_label("New e-mail address").fill("rosa.elsewhere@example.test")
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_text("a link to confirm it is on its way there")).to_be_visible()
    message = next(m for m in mail.outbox if m.to == ["rosa.elsewhere@example.test"])
    assert any(m.to == ["rosa@example.test"] for m in mail.outbox), "the old address is told"
    found = re.search(r"https?://\S+", str(message.body))
    assert found is not None
    page.goto(urlsplit(found.group(0)).path)
    violations += axe_serious(page)
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Use my new address").click()
    expect(page.get_by_text("Your e-mail address is changed.")).to_be_visible()
    assert User.objects.get(display_name="Ro").email == "rosa.elsewhere@example.test"

    cdp = page.context.new_cdp_session(page)
    history = cdp.send("Page.getNavigationHistory")["entries"]
    visited = " ".join(f"{e['url']} {e['title']}" for e in history)
    assert "rosa" not in visited.lower(), visited
    assert violations == []
