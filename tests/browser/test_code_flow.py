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
    ana.get_by_label("Your password").fill(PASSWORD)
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
    ben.get_by_label("Your password").fill(PASSWORD)
    ben.get_by_role("button", name="Accept").click()
    expect(ben.get_by_role("heading", name="You and Ana")).to_be_visible()
    assert violations == []


LINES_OF = """element => {
    const lines = new Map();
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (let i = 0; i < node.length; i++) {
            const range = document.createRange();
            range.setStart(node, i);
            range.setEnd(node, i + 1);
            const top = Math.round(range.getBoundingClientRect().top);
            lines.set(top, (lines.get(top) || "") + node.data[i]);
        }
    }
    return [...lines.entries()].sort((a, b) => a[0] - b[0]).map(entry => entry[1]);
}"""


def test_on_a_phone_the_code_wraps_between_groups_never_inside_one(
    make_context: ContextMaker,
) -> None:
    """Twenty-four characters do not fit one line of a phone: the code goes onto a second line
    after a dash, so nobody reads "5G" and "X9" as two groups."""
    ana = make_context("phone", "light").new_page()
    sign_up(ana, "Ana", "ana@example.test", PASSWORD)
    ana.goto("/us/")
    ana.get_by_label("Your password").fill(PASSWORD)
    ana.get_by_role("button", name="Make an invitation").click()
    shown = ana.locator("#invite-code")
    lines = shown.evaluate(LINES_OF)
    assert len(lines) >= 2, lines  # it does wrap at 390 px
    assert all(re.fullmatch(r"([0-9A-Z]{4}-)*[0-9A-Z]{4}-?", line) for line in lines), lines
    code = shown.inner_text().strip()
    assert re.fullmatch(r"([0-9A-Z]{4}-){4}[0-9A-Z]{4}", code), code  # copied as one code
