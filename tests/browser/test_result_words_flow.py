"""In real Chromium, at phone and desktop size: a result speaks in plain words, with the
numbers one click away, and a result whose safety questions ask for care lists the help lines
the operator set instead of advice. Screenshots go to test-results/."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from pytest_django import Settings

from interdepend.web.accounts.models import User
from interdepend.web.accounts.services import user_create
from interdepend.web.assessment import selectors, services
from interdepend.web.assessment.demo import profile_answers
from tests.browser.conftest import RESULTS, VIEWPORTS, ColorScheme, ContextMaker
from tests.browser.helpers import PASSWORD, axe_serious, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HELP_LINE = "Quiet Line 0800 123 456, day and night"


def finished(user: User, *, flagged: bool) -> str:
    """A finished take of the inventory with every statement answered; its public id."""
    inventory = selectors.inventory()
    screen = selectors.safety_screen()
    attempt = services.attempt_start(user=user, instrument=inventory, seed=3)
    # Strong on Self and Bond, low on the warning signs: no sign stands out, so the overall
    # number is offered (behind a click); where one stands out the page offers none.
    answers = profile_answers(inventory, {"self": 6, "bond": 6, "enmeshment": 2, "distance": 2})
    attempt = services.attempt_save_answers(
        attempt=attempt, instrument=inventory, page_items=list(inventory.item_ids), answers=answers
    )
    screen_answers: dict[str, int | None] = {}
    if flagged:
        assert screen.flag is not None
        screen_answers = {screen.items[0].id: screen.flag.at_or_above}
    attempt = services.attempt_finish(
        attempt=attempt,
        instrument=inventory,
        screen=screen,
        screen_answers=screen_answers,
        skip_screen=not flagged,
    )
    return str(attempt.public_id)


@pytest.mark.parametrize(("viewport", "scheme"), [("phone", "dark"), ("desktop", "light")])
def test_a_result_is_told_in_words_with_the_numbers_one_click_away(
    make_context: ContextMaker, viewport: str, scheme: ColorScheme
) -> None:
    user = user_create(email="lee@example.test", password=PASSWORD, display_name="Lee")
    public_id = finished(user, flagged=False)
    page = make_context(viewport, scheme).new_page()
    log_in(page, user.email, PASSWORD)
    page.goto(f"/me/assessment/{public_id}/results/")
    expect(page.get_by_role("heading", name="Your result", level=1)).to_be_visible()
    number = page.locator("details", has=page.get_by_text("The number behind this"))
    expect(number).to_be_visible()
    assert not number.evaluate("d => d.open"), "the number waits behind a click"
    number.locator("summary").click()
    expect(number.get_by_text(re.compile(r"\d\.\d\d"))).to_be_visible()
    more = page.locator("details", has=page.get_by_text(re.compile("more answers? that weighed")))
    if more.count():
        more.locator("summary").click()
        expect(more.locator("li").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS[viewport]["width"]
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / f"result-words-{viewport}.png"), full_page=True)
    assert axe_serious(page) == []


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_a_result_that_asks_for_care_lists_the_operators_help_lines(
    make_context: ContextMaker, viewport: str, settings: Settings
) -> None:
    settings.SAFETY_HELP_LINES = [HELP_LINE]
    user = user_create(email="kim@example.test", password=PASSWORD, display_name="Kim")
    public_id = finished(user, flagged=True)
    page = make_context(viewport).new_page()
    log_in(page, user.email, PASSWORD)
    page.goto(f"/me/assessment/{public_id}/results/")
    if page.get_by_role("heading", name="Confirm it is you").count():
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("Your safety comes first")).to_be_visible()
    expect(page.get_by_text(HELP_LINE)).to_be_visible()
    expect(page.get_by_text("Things to try")).to_have_count(0)
    expect(page.get_by_text("private settings")).to_have_count(0)
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / f"result-care-{viewport}.png"), full_page=True)
    violations = axe_serious(page)
    page.goto("/safety/")
    expect(page.get_by_text(HELP_LINE)).to_be_visible()
    violations += axe_serious(page)
    assert violations == []


#: WCAG 1.4.12's text spacing, forced on every element as a reader's own style sheet would (set
#: through each element's style: the CSP keeps out a style sheet of the page's own).
TEXT_SPACING = """() => {
  for (const el of document.querySelectorAll('body, body *')) {
    el.style.setProperty('line-height', '1.5', 'important');
    el.style.setProperty('letter-spacing', '0.12em', 'important');
    el.style.setProperty('word-spacing', '0.16em', 'important');
    if (el.tagName === 'P') el.style.setProperty('margin-bottom', '2em', 'important');
  }
}"""


@pytest.mark.parametrize("width", [390, 320])
def test_the_scales_table_keeps_a_spanish_phone_page_still_under_text_spacing(
    make_context: ContextMaker, width: int
) -> None:
    """The keyboard audit of 2026-12-03, finding 3: "Tus escalas" was 403 px wide at 390 with
    the spacing override, and the whole page scrolled sideways."""
    user = user_create(email="ben@example.test", password=PASSWORD, display_name="Ben")
    User.objects.filter(pk=user.pk).update(language="es")
    public_id = finished(user, flagged=False)
    context = make_context("phone", "dark")
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": 844})
    log_in(page, user.email, PASSWORD)
    page.goto(f"/me/assessment/{public_id}/results/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    page.evaluate(TEXT_SPACING)
    scroll = page.evaluate("document.scrollingElement.scrollWidth")
    assert scroll <= width, f"the page scrolls sideways: {scroll} px in {width}"
    # The table scrolls in its own box, which the keyboard can reach and which has a name.
    box = page.locator("#scales-heading ~ .table-scroll")
    expect(box).to_have_attribute("tabindex", "0")
    expect(box).to_have_attribute("role", "group")
    box.focus()
    expect(box).to_be_focused()
    # Every impact level, as the audit ran it: the box's name must not clash with its section's.
    assert [v["id"] for v in Axe().run(page).response["violations"]] == []
