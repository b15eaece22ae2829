"""In real Chromium, the demo couple's pages as people who use assistive technology meet them:
a screen reader's list of landmarks names each region apart from the others (the assistive
walk of 2026-12-04)."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from interdepend.web.accounts.models import User
from interdepend.web.accounts.selectors import DEMO_PASSWORD
from interdepend.web.demo import demo_load
from tests.browser.conftest import ContextMaker
from tests.browser.helpers import log_in
from tests.browser.test_accessibility_tree import open_details, person_pages

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
