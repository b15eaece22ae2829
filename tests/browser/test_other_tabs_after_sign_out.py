"""Her other tabs once her sign-in has ended (the stranger audit of 2026-12-05).

Every tab of a browser shares its sign-in, so signing out in one ends it for all; yet the other
tabs went on showing what they had drawn. She read a journal entry in one tab, signed out in
another and left the shared computer: whoever sat down next clicked the first tab and read the
entry, as long as they liked. The same when her sign-in ended from elsewhere (*sign out
everywhere* on her phone, a new password there) or ran out: a tab of hers, seen again, still
showed her page. Now a page drawn for nobody signed in tells the other tabs of the site, and a
page of hers that hears it (having asked the server that nobody is signed in) empties itself
and goes to the sign-in page; so does a page of hers seen again whose report the server answers
with the sign-in page.
"""

from __future__ import annotations

import re
from urllib.request import urlopen

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, BrowserContext, Page, expect
from pytest_django.live_server_helper import LiveServer

from interdepend.web.accounts import services
from tests.browser.conftest import ContextMaker, close_context
from tests.browser.test_quick_exit import user_text
from tests.conftest import PASSWORD, Personas
from tests.security.policy import POLICY

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: The menu's sign-out button: on every page of someone signed in, and on no other.
SIGNED_IN = 'action="/logout/" class="inline"'


def _sign_in(context: BrowserContext, personas: Personas) -> Page:
    page = context.new_page()
    page.goto("/login/")
    page.get_by_label("E-mail address").fill(str(personas.alice.email))
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/")
    return page


def _entry_path(personas: Personas) -> str:
    return reverse("journal:entry", kwargs=POLICY["journal:entry"].kwargs(personas))


def _her_entry(context: BrowserContext, personas: Personas) -> Page:
    """Her journal entry, open in a tab of its own."""
    tab = context.new_page()
    tab.goto(_entry_path(personas))
    expect(tab.get_by_text(personas.markers["alice.journal"])).to_be_visible()
    return tab


def _shows_nothing_of_hers(tab: Page, personas: Personas) -> list[str]:
    expect(tab).to_have_url(re.compile(r"/login/$"), timeout=10_000)
    body = tab.content()
    found = [f"shows {w!r}" for w in user_text(personas) if len(w) > 3 and w in body]
    return found + (["is a page of hers, signed in"] if SIGNED_IN in body else [])


def test_signing_out_in_one_tab_takes_her_pages_off_the_others(
    make_context: ContextMaker, personas: Personas
) -> None:
    context = make_context()
    home = _sign_in(context, personas)
    entry = _her_entry(context, personas)
    home.bring_to_front()
    home.get_by_role("button", name="Log out").click()
    home.wait_for_url("**/login/")
    found = _shows_nothing_of_hers(entry, personas)
    print(f"\nthe other tab after signing out: {entry.url}, {len(found)} things of hers")
    assert not found, found


def _seen_again(page: Page) -> None:
    """As the browser does when the tab is clicked again, or her phone wakes."""
    for state in ("hidden", "visible"):
        page.evaluate(
            "state => { Object.defineProperty(document, 'visibilityState',"
            " {value: state, configurable: true});"
            " document.dispatchEvent(new Event('visibilitychange')); }",
            state,
        )


def test_a_tab_of_hers_seen_again_after_her_sign_in_ended_elsewhere_shows_nothing(
    make_context: ContextMaker, personas: Personas
) -> None:
    context = make_context()
    _sign_in(context, personas)
    entry = _her_entry(context, personas)
    # Signed out everywhere from her phone: every sign-in of hers ends on the server.
    services.sessions_end(user=personas.alice, forget_devices=False)
    _seen_again(entry)
    found = _shows_nothing_of_hers(entry, personas)
    assert not found, found


def test_a_page_drawn_for_nobody_signed_in_leaves_her_tabs_while_she_is_still_signed_in(
    browser: Browser, personas: Personas, live_server: LiveServer
) -> None:
    """Only an ended sign-in sends her tabs away: a page drawn for nobody signed in while she
    still is (another site's form sent here, which her browser sends without her cookie) leaves
    her pages as they were."""
    # No service worker, so that the test's own answer stands in for the server's.
    context = browser.new_context(base_url=live_server.url, service_workers="block")
    try:
        home = _sign_in(context, personas)
        entry = _her_entry(context, personas)
        other = context.new_page()
        # The sign-in page as the server draws it for a browser without her cookie.
        with urlopen(f"{live_server.url}/login/") as answer:  # noqa: S310 (the test's server)
            drawn = answer.read().decode()
        assert "data-signed-out" in drawn
        other.route("**/login/", lambda route: route.fulfill(body=drawn, content_type="text/html"))
        other.goto("/login/")
        expect(other.get_by_label("E-mail address")).to_be_visible()
        entry.wait_for_timeout(1500)
        assert entry.url.endswith(_entry_path(personas))
        expect(entry.get_by_text(personas.markers["alice.journal"])).to_be_visible()
        assert home.get_by_role("button", name="Log out").is_visible()
    finally:
        close_context(context)
