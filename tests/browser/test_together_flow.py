"""In real Chromium: a couple lives a week in the together space and sees it in the trends."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import ContextMaker
from tests.browser.helpers import axe_serious, confirm_step, new_couple

#: A day some months ahead, for a promise (a fixed day became the past and was refused).
SOON = (date.today() + timedelta(days=150)).isoformat()

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a calm and long passphrase"


def check_in(page: Page, answers: dict[str, str], need: str) -> None:
    page.goto("/together/check-in/")
    for legend, value in answers.items():
        page.get_by_role("group", name=legend).get_by_label(value, exact=True).check()
    page.get_by_label("What I need this week").fill(need)
    page.get_by_label("Share this check-in with my partner").check()
    page.get_by_role("button", name="Save my check-in").click()
    # Sharing the week asks for the password typed for it, in the same form, each time.
    page.get_by_role("textbox", name="Your password").fill(PASSWORD)
    page.get_by_role("button", name="Save my check-in").click()
    expect(page.get_by_role("heading", name="Trends", level=1)).to_be_visible()


def test_a_couple_lives_a_week_together(make_context: ContextMaker) -> None:
    violations: list[str] = []
    ana, ben = new_couple(make_context)

    # A shared goal, and a step on it by the other partner.
    ana.get_by_role("link", name="Together", exact=True).click()
    violations += axe_serious(ana)
    ana.get_by_role("link", name="Open goals").click()
    ana.get_by_label("What would you like to pursue?").fill("Cook a new recipe every week")
    ana.get_by_label("This is something we pursue together").check()
    ana.get_by_role("button", name="Add goal").click()
    violations += axe_serious(ana)
    ben.goto("/together/goals/")
    ben.get_by_role("link", name="Cook a new recipe every week").click()
    ben.get_by_label("A step, however small").fill("Made the lentil soup.")
    ben.get_by_role("button", name="Add this step").click()
    expect(ben.get_by_text("Made the lentil soup.")).to_be_visible()
    violations += axe_serious(ben)

    # A promise, made and kept (htmx: the item changes in place).
    ana.goto("/together/promises/")
    ana.get_by_label("What will you do?").fill("Book the concert tickets")
    ana.get_by_label("By when?").fill(SOON)
    ana.get_by_role("button", name="Write it down").click()
    violations += axe_serious(ana)
    ana.get_by_role("button", name="I kept it").click()
    expect(ana.get_by_role("button", name="I kept it")).to_have_count(0)
    expect(ana.locator("li.item").filter(has_text="Book the concert tickets")).to_contain_text(
        "kept"
    )
    ben.goto("/together/promises/")
    expect(ben.get_by_text("1 promise was kept")).to_be_visible()

    # A bid, sent and answered.
    ben.goto("/together/bids/")
    ben.get_by_label("What would you like to share or ask?").fill("Come and see the moon?")
    ben.get_by_role("button", name="Send").click()
    ana.goto("/together/bids/")
    violations += axe_serious(ana)
    ana.get_by_role("button", name="Yes, now").click()
    # The answered bid moves to Recent at once, and a status line says it went.
    expect(ana.locator("#bids-recent li.item").first).to_contain_text("yes, now")
    expect(ana.locator("#bids-waiting li.item")).to_have_count(0)
    expect(ana.locator("#bids-status")).to_have_text("Your answer was sent.")
    ben.reload()
    expect(ben.get_by_text("yes, now", exact=True)).to_be_visible()
    ben.get_by_label("What would you like to share or ask?").fill("Dinner at the corner place?")
    ben.get_by_role("button", name="Send").click()
    ana.goto("/together/bids/")
    ana.get_by_label("Or later, when?").fill("Friday")
    ana.get_by_label("Or later, when?").press("Enter")
    expect(ana.locator("#bids-recent").get_by_text("later: Friday")).to_be_visible()
    expect(ana.locator("#bids-waiting li.item")).to_have_count(0)
    assert "/together/bids/" in ana.url

    # A boundary, stated and acknowledged.
    ana.goto("/together/boundaries/")
    ana.get_by_label("Your boundary, in your words").fill("I need quiet on Sunday mornings.")
    ana.get_by_role("button", name="Save draft").click()
    expect(ana.get_by_text("only you can see it")).to_be_visible()
    violations += axe_serious(ana)
    ana.get_by_role("button", name="Tell Ben").click()
    confirm_step(ana)
    ben.goto("/together/boundaries/")
    ben.get_by_role("link", name="I need quiet on Sunday mornings.").click()
    ben.get_by_role("button", name="I hear this and will respect it").click()
    expect(ben.get_by_text("Acknowledged.", exact=True)).to_be_visible()
    violations += axe_serious(ben)

    # Both check in and share; the trends show it.
    check_in(ana, {"I felt heard": "6", "I felt close": "5"}, "A long walk on Saturday.")
    violations += axe_serious(ana)
    check_in(ben, {"I felt heard": "5", "I had time for myself": "3"}, "An evening alone.")
    expect(ben.get_by_role("heading", name="Our weeks")).to_be_visible()
    ben.wait_for_load_state("load")
    images = ben.locator("figure.chart img")
    expect(images).to_have_count(4)
    for image in images.all():
        expect(image).to_have_js_property("complete", True)
        assert image.evaluate("img => img.naturalWidth > 0")
    expect(ben.get_by_text("You have 1 week you both shared so far.")).to_be_visible()
    ana.goto("/together/check-in/")
    violations += axe_serious(ana)
    assert not violations, "\n".join(violations)
