"""What the second phone walk of 2026-12-04 met on the practitioner's side, held in Chromium at
390 x 844 and 1280 x 900, light and dark: on the list of clients each shared map was drawn
280 px wide, so its words stood 11.2 px tall at either size; on a client's page the links to
the numbers under the check-in chart and the couple map were targets 20 px tall."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from interdepend.web.accounts.models import User
from interdepend.web.accounts.selectors import DEMO_PASSWORD
from interdepend.web.demo import demo_load
from interdepend.web.practice.models import ClientLink, Scope
from interdepend.web.practice.services import consent_set
from tests.browser.conftest import ColorScheme, ContextMaker
from tests.browser.helpers import axe_serious, log_in
from tests.browser.test_charts_flow import smallest_text_px

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LOOKS: tuple[tuple[str, ColorScheme], ...] = (
    ("phone", "light"),
    ("phone", "dark"),
    ("desktop", "light"),
    ("desktop", "dark"),
)

#: How far the page reaches past the right edge of the window, in CSS pixels.
SIDEWAYS = "() => document.documentElement.scrollWidth - innerWidth"

#: Each link under a chart on the page: its words and its height.
CAPTION_LINKS = """() => [...document.querySelectorAll('main figcaption a')].map(a =>
  [a.textContent.trim(), a.getBoundingClientRect().height])"""


def robin(make_context: ContextMaker, size: str, scheme: ColorScheme) -> Page:
    page = make_context(size, scheme).new_page()
    log_in(page, "robin@demo.interdepend.test", DEMO_PASSWORD)
    return page


@pytest.mark.parametrize(("size", "scheme"), LOOKS)
def test_a_clients_map_on_the_practice_list_has_words_at_least_12_px(
    make_context: ContextMaker, size: str, scheme: ColorScheme
) -> None:
    demo_load()
    page = robin(make_context, size, scheme)
    page.goto("/practice/")
    shown = smallest_text_px(page)
    assert shown, "no map on the list of clients"
    small = {src: round(px, 1) for src, px in shown.items() if px < 12}
    assert not small, f"map text below 12 px at {size}: {small}"
    assert page.evaluate(SIDEWAYS) <= 0
    assert not axe_serious(page)


@pytest.mark.parametrize(("size", "scheme"), LOOKS)
def test_the_links_to_a_charts_numbers_are_a_finger_tall(
    make_context: ContextMaker, size: str, scheme: ColorScheme
) -> None:
    demo_load()
    maya = User.objects.get(email="maya@demo.interdepend.test")
    for link in ClientLink.objects.all():
        consent_set(link=link, scopes=[Scope.RESULTS, Scope.COUPLE, Scope.TRENDS])
    link = ClientLink.objects.get(client=maya)
    page = robin(make_context, size, scheme)
    page.goto(f"/practice/clients/{link.public_id}/")
    links = page.evaluate(CAPTION_LINKS)
    assert [words for words, _ in links] == [
        "The numbers in this chart, as a table",
        "Both partners' scores, as a table",
    ]
    short = [f"{words}: {height:.0f} px" for words, height in links if height < 43.5]
    assert not short, short
    assert all(px >= 12 for px in smallest_text_px(page).values())
    assert page.evaluate(SIDEWAYS) <= 0
    assert not axe_serious(page)
