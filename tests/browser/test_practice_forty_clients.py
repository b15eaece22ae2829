"""A practitioner's list with forty clients, in Chromium at 390 x 844 and 1280 x 900.

Every card was whole and said what its client shares, but the form to invite someone stood
under all of them: some 14,000 px down a phone's page and 11,800 px down a computer's (the
practitioner audit of 2026-12-05). A link on the first screen now leads to it.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from interdepend.web.accounts.models import User
from interdepend.web.accounts.selectors import DEMO_PASSWORD
from interdepend.web.demo import demo_load
from interdepend.web.practice.models import Practitioner, Scope
from interdepend.web.practice.services import (
    client_invitation_create,
    client_invitation_redeem,
    consent_set,
)
from tests.browser.conftest import ContextMaker
from tests.browser.helpers import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: How far the page reaches past the right edge of the window, in CSS pixels.
SIDEWAYS = "() => document.documentElement.scrollWidth - innerWidth"

#: Each client card's name and whether it says what the client shares (or that it is nothing).
CARDS = """() => [...document.querySelectorAll('ul.clients > li.card')].map(card => [
  card.querySelector('h3').textContent.trim(),
  /Shares with you:|Shares nothing with you at the moment\\./.test(card.textContent),
  card.getBoundingClientRect().right <= innerWidth])"""

SCOPES = [[], [Scope.RESULTS], [Scope.TRENDS, Scope.JOURNAL], [Scope.COUPLE, Scope.TRENDS]]


def forty_clients() -> None:
    """Robin of the demo, with forty more clients, long names among them, sharing in turns."""
    demo_load()
    profile = Practitioner.objects.get(user__email="robin@demo.interdepend.test")
    for n in range(40):
        name = f"Alexandra Konstantinopoulou-Fairweather {n}" if n % 3 == 0 else f"Bo {n}"
        client = User.objects.create_user(
            email=f"client{n}@clients.example.test", password=DEMO_PASSWORD, display_name=name
        )
        new = client_invitation_create(practitioner=profile)
        link = client_invitation_redeem(invitation=new.invitation, user=client)
        consent_set(link=link, scopes=SCOPES[n % len(SCOPES)])


def in_view(page: Page, selector: str) -> bool:
    box = page.locator(selector).bounding_box()
    height = page.viewport_size["height"] if page.viewport_size else 0
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_with_forty_clients_the_way_to_invite_is_on_the_first_screen(
    make_context: ContextMaker, size: str
) -> None:
    forty_clients()
    page = make_context(size).new_page()
    log_in(page, "robin@demo.interdepend.test", DEMO_PASSWORD)
    page.goto("/practice/")
    cards = page.evaluate(CARDS)
    assert len(cards) >= 40
    assert not [name for name, says, _inside in cards if not says]
    assert not [name for name, _says, inside in cards if not inside]
    assert page.evaluate(SIDEWAYS) <= 0
    assert page.evaluate("document.documentElement.scrollHeight") > 5000  # forty cards long
    assert in_view(page, "a[data-to=invite]"), "no way to the invitation on the first screen"
    page.locator("a[data-to=invite]").click()
    page.wait_for_function("location.hash === '#invite-heading'")
    assert in_view(page, "#invite-heading")
    page.get_by_role("button", name="Make an invitation").scroll_into_view_if_needed()
    page.get_by_role("button", name="Make an invitation").click()
    page.wait_for_url("**/practice/invitation/")
