"""In real Chromium: a person allows one practitioner to read journal entries, shares one entry
with them by name, and the other practitioner she works with sees nothing of it.

The link with each practitioner is seeded (connecting has its own browser test); the consent,
the sharing and the reading are clicked. Screenshots of the share card at both sizes are left in
test-results/ for a look.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from interdepend.web.accounts.models import User
from interdepend.web.accounts.services import user_create
from interdepend.web.practice import services
from tests.browser.conftest import RESULTS, ContextMaker
from tests.browser.helpers import axe_serious, confirm_step, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a calm and long passphrase"


def person(name: str) -> User:
    return user_create(email=f"{name.lower()}@example.test", password=PASSWORD, display_name=name)


def linked(practitioner: User, client: User) -> str:
    profile = services.practitioner_enable(user=practitioner)
    new = services.client_invitation_create(practitioner=profile)
    return services.client_invitation_redeem(invitation=new.invitation, user=client).public_id


def test_an_entry_is_shared_with_one_practitioner_by_name(make_context: ContextMaker) -> None:
    ana, pia, quin = person("Ana"), person("Pia"), person("Quin")
    pia_link, quin_link = linked(pia, ana), linked(quin, ana)
    page = make_context("desktop").new_page()
    log_in(page, "ana@example.test", PASSWORD)
    page.goto("/me/journal/write/")
    page.get_by_label("Your words").fill("Something for Pia to read: harbour lights.")
    page.get_by_role("button", name="Save").click()
    share = page.locator("#share")
    expect(share).to_contain_text("None of your practitioners may read journal entries")
    entry_url = page.url
    page.goto("/practice/mine/")
    page.locator(f"#id_link{pia_link}-scopes_3").check()
    page.locator(f"#id_link{pia_link}-password").fill(PASSWORD)
    page.locator(f"form[action$='/{pia_link}/consent/'] button").click()
    page.goto(entry_url)
    expect(page.get_by_role("button", name="Share with Quin")).to_have_count(0)
    page.get_by_role("button", name="Share with Pia").click()
    confirm_step(page)
    number = pia.practitioner.number  # beside the name, which anyone could copy
    expect(share).to_contain_text(f"Pia ({number}) can read this entry.")
    violations = axe_serious(page)
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / "journal-share-desktop.png"), full_page=True)
    phone = make_context("phone").new_page()
    log_in(phone, "ana@example.test", PASSWORD)
    phone.goto(entry_url)
    phone.screenshot(path=str(RESULTS / "journal-share-phone.png"), full_page=True)

    reader = make_context("desktop").new_page()
    log_in(reader, "pia@example.test", PASSWORD)
    reader.goto(f"/practice/clients/{pia_link}/")
    expect(reader.get_by_text("harbour lights")).to_be_visible()
    other = make_context("desktop").new_page()
    log_in(other, "quin@example.test", PASSWORD)
    other.goto(f"/practice/clients/{quin_link}/")
    expect(other.get_by_role("heading", name="Ana", level=1)).to_be_visible()
    expect(other.get_by_text("harbour lights")).to_have_count(0)
    assert not violations, violations
