"""In real Chromium at phone size: a couple answers the day's question (nothing opens until
both have), one reaches out and the other finds it waiting on the home page, and they talk a
question through on one phone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from interdepend.web.daily import access
from tests.browser.conftest import ContextMaker
from tests.browser.helpers import PASSWORD, axe_serious, link, sign_up

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_couple_answers_the_question_for_today_and_finds_what_waits(
    make_context: ContextMaker, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(access, "is_reflective_day", lambda seed, day: False)
    violations: list[str] = []
    ana = make_context("phone", "light").new_page()
    ben = make_context("phone", "dark").new_page()
    sign_up(ana, "Ana", "ana@example.test", PASSWORD)
    sign_up(ben, "Ben", "ben@example.test", PASSWORD)
    link(ana, ben)

    # Ana answers first: her words stay hers until Ben has answered too.
    ana.goto("/")
    ana.get_by_role("link", name="See today's question").click()
    question = ana.locator(".daily-question h2").inner_text()
    violations += axe_serious(ana)
    ana.get_by_label("Your answer").fill("The soup you left for me on Tuesday.")
    ana.get_by_role("button", name="Save my answer").click()
    expect(ana.get_by_text("Both answers open once you have both answered")).to_be_visible()
    ben.goto("/today/")
    expect(ben.locator(".daily-question h2")).to_have_text(question)
    expect(ben.get_by_text("The soup you left for me")).to_have_count(0)
    ben.get_by_label("Your answer").fill("Walking home together in the rain.")
    ben.get_by_role("button", name="Save my answer").click()
    expect(ben.get_by_text("The soup you left for me on Tuesday.")).to_be_visible()
    violations += axe_serious(ben)
    ana.goto("/")
    expect(ana.get_by_text("You have both answered today's question.")).to_be_visible()
    ana.get_by_role("link", name="Read both answers").click()
    expect(ana.get_by_text("Walking home together in the rain.")).to_be_visible()

    # "Let's talk about this one": on the list for both, then talked through on one phone.
    ana.get_by_role("button", name="Let's talk about this one").click()
    expect(ana.get_by_role("heading", name="To talk about")).to_be_visible()
    ben.goto("/today/")
    ben.clock.install()  # the turns' timers run on a clock the test moves
    ben.get_by_role("link", name="Talk it through").click()
    expect(ben.get_by_text(question)).to_be_visible()
    expect(ben.get_by_role("heading", name="Before you start")).to_be_visible()
    expect(ben.get_by_role("heading", name="The first speaker talks")).to_be_hidden()
    violations += axe_serious(ben)
    ben.get_by_role("link", name="Next").click()
    expect(ben.get_by_role("heading", name="The first speaker talks")).to_be_visible()
    expect(ben.get_by_role("timer")).to_have_text("3:00")
    ben.get_by_role("button", name="Start the timer").click()
    ben.clock.run_for(2000)
    expect(ben.get_by_role("timer")).not_to_have_text("3:00")
    ben.get_by_role("button", name="Pause").click()
    # Time up: the end of the turn is said, and the focus stays on the button, which starts a
    # new turn (it was hidden while focused, and the words were never read: keyboard audit).
    ben.get_by_role("button", name="Start the timer").focus()
    ben.keyboard.press("Enter")
    ben.clock.run_for(181_000)
    expect(ben.get_by_role("timer")).to_have_text("0:00")
    step = ben.locator(".conversation-step:not([hidden])")
    expect(step.get_by_role("status")).to_have_text(re.compile("^Time is up"))
    focused = ben.evaluate("() => document.activeElement.textContent.trim()")
    assert focused == "Start the timer", focused
    violations += axe_serious(ben)
    ben.goto("/today/")
    ben.get_by_role("button", name="We talked about it").click()
    expect(ben.get_by_role("button", name="Put it back on the list")).to_be_visible()

    # Ben reaches out; Ana finds it waiting on her home page and in the top bar, and answers.
    ben.goto("/together/bids/")
    ben.get_by_label("What would you like to share or ask?").fill("Tea on the balcony?")
    ben.get_by_role("button", name="Send").click()
    ana.goto("/about/")
    badge = ana.get_by_role("link", name="1 thing waiting for you")
    expect(badge.locator(".waiting-number")).to_have_text("1")
    badge.click()
    waiting = ana.locator("#waiting")
    expect(waiting).to_contain_text("Ben reached out to you")
    violations += axe_serious(ana)
    waiting.get_by_role("link").first.click()
    ana.get_by_role("button", name="Yes, now").click()
    expect(ana.locator("#main li.item").first).to_contain_text("yes, now")
    ana.goto("/")
    expect(ana.locator("#waiting")).to_have_count(0)
    expect(ana.locator("a.waiting-badge")).to_have_count(0)

    # The history holds both answers; the quick exit still leaves at once.
    ana.goto("/today/past/")
    expect(ana.get_by_text("Walking home together in the rain.")).to_be_visible()
    violations += axe_serious(ana)
    ana.keyboard.press("Escape")
    ana.wait_for_url("about:blank")
    assert not violations, violations
