"""In real Chromium, a practitioner's session pages at phone and desktop size: the table of a
client's weekly check-ins (a column per question) scrolls inside its own box, never the page,
and the menu says she is in her practice (the practitioner walk of 2026-12-04)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import VIEWPORTS, ContextMaker
from tests.browser.helpers import axe_serious, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_a_clients_numbers_fit_the_screen_and_scroll_in_their_box(
    make_context: ContextMaker, viewport: str
) -> None:
    from tests.conftest import PASSWORD, build_personas

    personas = build_personas()
    links = personas.practice.ids
    page = make_context(viewport).new_page()
    log_in(page, personas.practice.pat.email, PASSWORD)
    room = VIEWPORTS[viewport]["width"]
    for name, link in (
        ("practice:client_trends_numbers", links["bob_link"]),
        ("practice:couple_numbers", links["alice_link"]),
    ):
        page.goto(reverse(name, args=[link]))
        table = page.get_by_role("table")
        expect(table).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= room, name
        box = page.get_by_role("region", name=page.get_by_role("heading", level=1).inner_text())
        expect(box).to_be_visible()
        assert (
            page.evaluate(
                "() => document.querySelector('.table-scroll').getBoundingClientRect().right"
            )
            <= room
        ), name
        expect(page.locator('nav a[aria-current="true"]')).to_have_text("Practice")
        assert not axe_serious(page), name
    # On a phone the week's seven columns are wider than the screen: they scroll in the box,
    # which takes the keyboard's focus so that they can be scrolled without a pointer.
    page.goto(reverse("practice:client_trends_numbers", args=[links["bob_link"]]))
    wide = page.evaluate(
        "() => { const b = document.querySelector('.table-scroll');"
        " return b.scrollWidth > b.clientWidth; }"
    )
    assert wide == (viewport == "phone")
    page.locator(".table-scroll").focus()
    expect(page.locator(".table-scroll")).to_be_focused()
