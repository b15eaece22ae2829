"""In real Chromium, the demo couple's pages as people who use assistive technology meet them:
a screen reader's list of landmarks names each region apart from the others, a press in a
screen reader's reading mode keeps a private page open as the warning before its lock promises,
and a 320 px phone zoomed to 200 % never scrolls sideways (the assistive walk of 2026-12-04)."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from interdepend.web.accounts.models import User
from interdepend.web.accounts.selectors import DEMO_PASSWORD
from interdepend.web.demo import demo_load
from tests.browser.conftest import ContextMaker
from tests.browser.helpers import PASSWORD, log_in, sign_up
from tests.browser.test_accessibility_tree import open_details, person_pages
from tests.browser.test_journal_flow import PRIVATE, _hold_the_clock, _save_an_entry
from tests.browser.test_zoom_and_motion import layout_problems

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

_axe = Axe()


def test_every_region_on_a_page_has_a_name_of_its_own(make_context: ContextMaker) -> None:
    """A screen reader lists a page's landmarks by name to jump between them. On Trends the
    four tables of a chart's numbers scrolled in four regions all called "The numbers in this
    chart": a list of four alike, with nothing to say which chart each belongs to."""
    demo_load()
    maya = User.objects.get(email="maya@demo.interdepend.test")
    page = make_context("desktop").new_page()
    log_in(page, maya.email, DEMO_PASSWORD)
    alike: list[str] = []
    for path in person_pages(maya):
        page.goto(path)
        open_details(page)
        results = _axe.run(page, options={"runOnly": ["landmark-unique"]})
        for violation in results.response["violations"]:
            alike += [f"{path}: {node['target']}" for node in violation["nodes"]]
    assert not alike, alike
    page.goto("/together/trends/")
    open_details(page)
    charts = ("your check-ins", "steps on your goals", "shared check-ins", "steps on shared goals")
    for chart in charts:
        name = f"The numbers in this chart ({chart})"
        expect(page.get_by_role("region", name=name, exact=True)).to_have_count(1)
        expect(page.get_by_role("table", name=name, exact=True)).to_have_count(1)
    seen = page.locator("details.numbers > summary").evaluate_all(
        "all => all.map(s => s.firstChild.textContent)"
    )
    assert seen == ["The numbers in this chart"] * 4, "the words she sees stay as they were"


def test_a_press_from_a_screen_reader_keeps_a_private_page_open(
    make_context: ContextMaker,
) -> None:
    """A minute before her journal locks itself, an alert asks her to press any key to stay.
    A screen reader reading the page (NVDA's browse mode, VoiceOver's double tap) keeps its
    keys: Enter or Space there reaches the page as a click alone, with no key or pointer event
    before it. The page counted no click as use, and locked a minute after she pressed."""
    page = make_context("phone").new_page()
    page.clock.install()
    sign_up(page, "Ana", "ana.reader@example.test", PASSWORD)
    _save_an_entry(page, PRIVATE)
    held = _hold_the_clock(page)
    page.goto("/me/journal/")
    page.clock.run_for(14 * 60_000 + 6_000)
    expect(page.get_by_role("alert")).to_contain_text("Press any key")
    page.clock.pause_at(held + 15 * 60)
    with page.expect_response(lambda answer: "/account/still-here/" in answer.url):
        page.get_by_text(PRIVATE).dispatch_event("click")
    expect(page.locator("#idle-warning")).to_be_hidden()
    page.clock.run_for(2 * 60_000)  # past the first lock time: she pressed
    expect(page.get_by_text(PRIVATE)).to_be_visible()
    expect(page.get_by_role("heading", name="Confirm it is you")).to_have_count(0)


def test_the_main_pages_on_a_small_phone_at_200_percent_zoom(make_context: ContextMaker) -> None:
    """A 320x568 phone with its page zoomed to 200 % lays the page out in 160x284 CSS pixels.
    There the journal's questions to start from, each a row beside its circle, never got
    narrower than their longest word: "relationship?" ran past the card and the screen, and
    the page scrolled sideways; so did the boxes of what a practitioner may see, on
    *Practice*. In Spanish, longer words in buttons, links and the journal's menu, and a 1-7
    scale's ends, pushed ten pages sideways."""
    demo_load()
    maya = User.objects.get(email="maya@demo.interdepend.test")
    page = make_context("phone").new_page()
    log_in(page, maya.email, DEMO_PASSWORD)
    page.set_viewport_size({"width": 160, "height": 284})
    problems: dict[str, list[str]] = {}
    for language in ("en", "es"):
        page.goto("/account/")
        page.locator("#language-choice").select_option(language)
        page.locator(".language-choice button").click()
        expect(page.locator("html")).to_have_attribute("lang", language)
        for path in person_pages(maya):
            page.goto(path)
            open_details(page)
            found = layout_problems(page)
            if found:
                problems[f"{language} {path}"] = found
    assert not problems, problems
