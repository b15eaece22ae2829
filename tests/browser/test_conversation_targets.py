"""The guided conversation ("Talk it through"), at both sizes, light and dark: "Back" beside
"Next" is a target at least 44 px each way, as the buttons are (the second phone walk: it was
41 x 26 here and 44 x 26 on a phone in Spanish, the height of its line, beside a 49 px "Next")."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ColorScheme, ContextMaker
from tests.browser.helpers import PASSWORD, axe_serious, sign_up

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(("viewport", "scheme"), [("phone", "dark"), ("desktop", "light")])
def test_back_in_the_conversation_is_as_tall_a_target_as_next(
    make_context: ContextMaker, viewport: str, scheme: ColorScheme
) -> None:
    page = make_context(viewport, scheme).new_page()
    sign_up(page, "Ana", "ana@example.test", PASSWORD)
    page.goto("/today/talk-it-through/")
    page.get_by_role("link", name="Next").click()
    step = page.locator(".conversation-step:not([hidden])")
    expect(step.get_by_role("heading", name="The first speaker talks")).to_be_visible()
    sizes = {}
    for name in ("Back", "Next"):
        box = step.get_by_role("link", name=name, exact=True).bounding_box()
        assert box is not None, name
        sizes[name] = (round(box["width"]), round(box["height"]))
    assert sizes["Back"][0] >= 44 and sizes["Back"][1] >= 44, sizes
    # "Back" still takes her back a step.
    step.get_by_role("link", name="Back", exact=True).click()
    expect(page.get_by_role("heading", name="Before you start")).to_be_visible()
    assert not axe_serious(page)
