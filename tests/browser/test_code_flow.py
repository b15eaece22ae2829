"""In real Chromium: an invitation code read off a phone, typed in small letters, links a couple."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import RESULTS, ContextMaker
from tests.browser.helpers import axe_serious, sign_up

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a calm and long passphrase"


def test_a_code_typed_in_small_letters_with_spaces_links_the_couple(
    make_context: ContextMaker,
) -> None:
    ana = make_context("desktop", "light").new_page()
    ben = make_context("phone", "dark").new_page()
    sign_up(ana, "Ana", "ana@example.test", PASSWORD)
    sign_up(ben, "Ben", "ben@example.test", PASSWORD)
    ana.goto("/us/")
    ana.get_by_role("button", name="Make an invitation").click()
    code = ana.locator("#invite-code").inner_text().strip()
    assert re.fullmatch(r"([0-9A-Z]{4}-){4}[0-9A-Z]{4}", code)
    RESULTS.mkdir(exist_ok=True)
    ana.screenshot(path=str(RESULTS / "invitation-code-desktop.png"), full_page=True)
    violations = axe_serious(ana)
    ben.goto("/us/")
    ben.get_by_label("Invitation code").fill(code.replace("-", " ").lower())
    ben.screenshot(path=str(RESULTS / "invitation-code-typed-phone.png"), full_page=True)
    violations += axe_serious(ben)
    ben.get_by_role("button", name="Look up the invitation").click()
    ben.get_by_role("button", name="Accept").click()
    expect(ben.get_by_role("heading", name="You and Ana")).to_be_visible()
    assert violations == []
