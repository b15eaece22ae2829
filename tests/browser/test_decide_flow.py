"""In real Chromium: two partners rate a decision on their own, then both see it together."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import RESULTS, ContextMaker
from tests.browser.helpers import axe_serious, confirm_step, new_couple, sign_up

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a calm and long passphrase"
OPTIONS = ["A solo hike", "A book by the pool", "Dinner together", "A mix"]


def rate(page: Page, own: list[int], other: list[int]) -> None:
    for n, (mine, theirs) in enumerate(zip(own, other, strict=True)):
        page.locator(f"input[name='self-{n}'][value='{mine}']").check()
        page.locator(f"input[name='other-{n}'][value='{theirs}']").check()
    page.get_by_role("button", name="Save my ratings").click()


def test_both_partners_rate_and_see_the_combined_view(make_context: ContextMaker) -> None:
    violations: list[str] = []
    ana, ben = new_couple(make_context)

    ana.goto("/")
    ana.get_by_role("link", name="Decide something together").click()
    violations += axe_serious(ana)
    ana.get_by_label("What are you deciding?").fill("Our summer holiday")
    ana.get_by_label("The options, one on each line").fill("\n".join(OPTIONS))
    ana.get_by_role("button", name="Start deciding").click()
    expect(ana.get_by_role("heading", level=1)).to_have_text("Our summer holiday")
    violations += axe_serious(ana)
    ana.get_by_role("button", name="Save my ratings").click()  # nothing chosen yet
    expect(ana.get_by_text("Nothing was saved yet")).to_be_visible()
    violations += axe_serious(ana)
    rate(ana, [3, 7, 6, 6], [7, 2, 5, 6])
    expect(ana.get_by_role("heading", name="Waiting for both")).to_be_visible()
    violations += axe_serious(ana)

    ben.goto("/decide/")
    ben.get_by_role("link", name="Our summer holiday").click()
    expect(ben.get_by_role("button", name="Save my ratings")).to_be_visible()
    violations += axe_serious(ben)
    rate(ben, [7, 2, 5, 6], [2, 6, 6, 6])
    expect(ben.get_by_role("heading", name="Seen together")).to_be_visible()
    ana.reload()

    for page in (ben, ana):
        expect(page.get_by_role("heading", name="Seen together")).to_be_visible()
        expect(
            page.get_by_text("Good for both of you: “Dinner together” and “A mix”.")
        ).to_be_visible()
        expect(page.get_by_role("heading", name="Option by option")).to_be_visible()
        expect(page.get_by_role("cell", name="not good").first).to_be_visible()
        violations += axe_serious(page)
    expect(ana.get_by_text("“A solo hike” looks good for Ben and less so for you")).to_be_visible()
    expect(ben.get_by_text("“A solo hike” looks good for you and less so for Ana")).to_be_visible()
    RESULTS.mkdir(exist_ok=True)
    ben.screenshot(path=str(RESULTS / "decide-story-phone.png"), full_page=True)
    ana.screenshot(path=str(RESULTS / "decide-story-desktop.png"), full_page=True)
    assert not violations, "\n".join(violations)


def test_research_pages_pass_axe(make_context: ContextMaker) -> None:
    from interdepend.web.accounts.models import User

    page = make_context("phone", "light").new_page()
    sign_up(page, "Cleo", "cleo@example.test", PASSWORD)
    violations: list[str] = []
    page.get_by_role("link", name="Your research choice").click()
    violations += axe_serious(page)
    page.get_by_role("button", name="Yes, my answers may be used for research").click()
    confirm_step(page)
    expect(page.get_by_text("You have said yes to research use")).to_be_visible()
    violations += axe_serious(page)
    page.goto("/decide/")
    expect(page.get_by_text("works once you are linked")).to_be_visible()
    violations += axe_serious(page)
    User.objects.filter(email="cleo@example.test").update(is_staff=True)
    page.goto("/research/psychometrics/")
    expect(page.get_by_text("too little data")).to_be_visible()
    violations += axe_serious(page)
    assert not violations, "\n".join(violations)
