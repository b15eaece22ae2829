"""In real Chromium, at phone and desktop size: a form's mistakes are explained in our own
words, next to the field, announced to a screen reader, and nothing is saved.

A promise due years ahead, a check-in note far too long, a date that does not exist: each
answers with its message (status 400) and the page passes axe with the message showing.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from interdepend.web.together.models import Commitment
from tests.browser.conftest import RESULTS, ColorScheme, ContextMaker
from tests.browser.helpers import PASSWORD, axe_serious, sign_up

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(("viewport", "scheme"), [("phone", "light"), ("desktop", "dark")])
def test_a_promise_too_long_and_too_far_ahead_is_explained_kindly(
    make_context: ContextMaker, viewport: str, scheme: ColorScheme
) -> None:
    page = make_context(viewport, scheme).new_page()
    sign_up(page, "Ana", f"ana-{viewport}@example.test", PASSWORD)
    page.goto("/together/promises/")
    assert page.get_by_label("By when?").get_attribute("min")
    page.get_by_label("What will you do?").fill("Water the plants")
    page.get_by_label("By when?").fill("9999-12-31")
    page.get_by_role("button", name="Write it down").click()
    expect(page.get_by_text("A promise works best when it is near enough to keep.")).to_be_visible()
    expect(page.get_by_text("Ensure this value")).to_have_count(0)
    expect(page.get_by_role("alert").filter(has_text="near enough to keep")).to_be_visible()
    assert page.get_by_label("What will you do?").input_value() == "Water the plants"
    assert not Commitment.objects.exists(), "nothing is saved"
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / f"form-words-{viewport}.png"), full_page=True)
    violations = axe_serious(page)

    page.get_by_label("What will you do?").fill("x" * 400)
    page.get_by_label("By when?").fill("")
    page.get_by_role("button", name="Write it down").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    expect(page.get_by_text("Ensure this value")).to_have_count(0)
    expect(page.get_by_text("This field is required.")).to_have_count(0)
    violations += axe_serious(page)
    assert not Commitment.objects.exists()
    assert violations == []
