"""In real Chromium: Back and Reload after new recovery codes make no other set (the two-minute
audit of 2026-12-05).

New recovery codes are the answer to the press that makes them, so the tab's history keeps that
press, her password in it. Back from the page she went on to meets "Confirm Form
Resubmission"; Reload sends the press again. With passkeys only, while her passkey still
counted, that made a second set, shown to whoever held the phone, and the set she had just
written down stopped working. Now the press carries a key good once.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Error, Page, expect

from interdepend.web.accounts import twostep
from interdepend.web.accounts.models import User
from tests.browser.conftest import ContextMaker
from tests.browser.helpers import sign_up
from tests.browser.test_passkey_flow import EMAIL, PASSWORD, with_authenticator

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CODE = re.compile(r"\b[0-9A-Z]{5}-[0-9A-Z]{5}\b")


def _codes(page: Page) -> list[str]:
    return CODE.findall(page.locator("ol.recovery-codes").inner_text())


def test_back_and_reload_after_new_codes_make_no_other_set(make_context: ContextMaker) -> None:
    page = make_context("phone").new_page()
    with_authenticator(page)
    sign_up(page, "Mira", EMAIL, PASSWORD)
    page.goto("/account/two-step/")
    page.get_by_label("A name for this passkey").fill("My phone")
    page.locator("#passkey-password").fill(PASSWORD)
    page.get_by_role("button", name="Add a passkey").click()
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    page.get_by_role("link", name="I have kept them somewhere safe").click()
    # New codes: her passkey first, then her password beside the button.
    page.get_by_role("button", name="Make new recovery codes").click()
    page.wait_for_url("**/account/confirm/**")
    page.get_by_role("button", name="Continue with a passkey").click()
    page.wait_for_url("**/account/two-step/")
    page.locator("#app-off-password").fill(PASSWORD)
    page.get_by_role("button", name="Make new recovery codes").click()
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    hers = _codes(page)
    assert len(hers) == 10
    page.get_by_role("link", name="I have kept them somewhere safe").click()
    page.wait_for_url("**/account/two-step/")
    # The phone in someone else's hands: Back, then Reload sends the press again.
    try:
        page.go_back()
    except Error as error:  # the press's page is not kept: "Confirm Form Resubmission"
        assert "ERR_CACHE_MISS" in str(error)
    page.wait_for_timeout(500)
    page.reload()
    expect(page.get_by_text("Part of this form was out of date")).to_be_visible()  # it was sent
    assert CODE.findall(page.locator("main").inner_text()) == []
    person = User.objects.get(email=EMAIL)
    assert twostep.verify(person, hers[0])  # the set she wrote down still works
