"""In real Chromium: a person journals privately, shares one entry, and takes it back."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ContextMaker
from tests.browser.helpers import axe_serious, new_couple

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a calm and long passphrase"
PRIVATE = "I felt unsure about the move and did not say so."
SHARED = "Thank you for the tea on the balcony; it made my evening."


def test_a_person_journals_shares_one_entry_and_unshares_it(make_context: ContextMaker) -> None:
    violations: list[str] = []
    ana, ben = new_couple(make_context)

    ana.get_by_role("link", name="Reflect", exact=True).click()
    expect(ana.get_by_role("heading", name="My journal", level=1)).to_be_visible()
    violations += axe_serious(ana)
    for words in (PRIVATE, SHARED):
        ana.get_by_role("link", name="Write", exact=True).click()
        violations += axe_serious(ana)
        # The questions to start from read as answers to pick, lighter than the field's label.
        weights = ana.evaluate(
            "() => [...document.querySelectorAll('label')].filter(l => l.querySelector("
            "':scope > input[type=radio]')).map(l => getComputedStyle(l).fontWeight)"
        )
        assert weights and set(weights) == {"400"}, weights
        ana.get_by_label("Your words").fill(words)
        ana.get_by_role("button", name="Save").click()
        expect(ana.get_by_text("Only you. It is private.")).to_be_visible()
    violations += axe_serious(ana)

    ana.get_by_role("button", name="Share with my partner").click()  # htmx swaps the card
    expect(ana.get_by_text("Ben can read this entry.")).to_be_visible()
    ben.goto("/me/journal/shared-with-you/")
    expect(ben.get_by_text(SHARED)).to_be_visible()
    expect(ben.get_by_text(PRIVATE)).to_have_count(0)
    violations += axe_serious(ben)

    ana.get_by_role("button", name="Stop sharing with my partner").click()
    expect(ana.get_by_text("This entry is yours alone.")).to_be_visible()
    ben.reload()
    expect(ben.get_by_text(SHARED)).to_have_count(0)
    expect(ben.get_by_text("Nothing has been shared with you here yet.")).to_be_visible()

    ana.goto("/me/journal/")
    expect(ana.get_by_text(PRIVATE)).to_be_visible()
    expect(ana.get_by_text(SHARED)).to_be_visible()
    assert not violations, violations
