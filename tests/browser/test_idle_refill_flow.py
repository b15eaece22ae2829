"""In real Chromium: after the idle lock, Ben's new wording for Ana's boundary and his ratings of
their decision come back in their boxes after his password, and wait for his own press (the
forms audit of 2026-12-04, M2: the wording ended on a 405 page, the ratings came back empty)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import RESULTS, ContextMaker
from tests.browser.helpers import axe_serious, confirm_step, new_couple

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a calm and long passphrase"
WORDING = "Saturday mornings are for my run; we can plan the afternoon together."


def _left_alone(page: Page) -> None:
    """His session as if his private pages and his password were last used an hour ago."""
    from django.contrib.sessions.backends.base import SessionBase

    from interdepend.web.accounts.idle import PRIVATE_SEEN_KEY
    from interdepend.web.accounts.reauth import REAUTH_AT_KEY
    from interdepend.web.accounts.sessions import SessionStore

    cookie = next(c for c in page.context.cookies() if c["name"] == "interdepend_session")
    store: SessionBase = SessionStore(cookie["value"])
    store[REAUTH_AT_KEY] = time.time() - 3600
    store[PRIVATE_SEEN_KEY] = time.time() - 3600
    store.save()


@contextmanager
def _still_here_answered(page: Page) -> Iterator[None]:
    """The first tap on a private page tells the server she is still here, and the form is sent
    a moment later. With the window closed nothing opens again, but the report can still write
    the session (its once-a-minute mark of use): answered after the form, it would save the
    session back over the words the password page keeps. Wait for its answer first."""
    with page.expect_response(lambda answer: "/account/still-here/" in answer.url):
        yield


def _password(page: Page) -> None:
    expect(page.get_by_role("heading", name="Confirm it is you", level=1)).to_be_visible()
    expect(page.get_by_text("What you typed in the form is kept for you")).to_be_visible()
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("What you typed is back in its place")).to_be_visible()


def test_wording_and_ratings_wait_in_their_boxes_through_the_idle_lock(
    make_context: ContextMaker,
) -> None:
    violations: list[str] = []
    ana, ben = new_couple(make_context)
    ana.goto("/together/boundaries/")
    ana.get_by_label("Your boundary, in your words").fill("I keep Saturday mornings for my run.")
    ana.get_by_role("button", name="Save draft").click()
    ana.get_by_role("button", name="Tell Ben").click()
    confirm_step(ana)
    boundary = ana.url
    ana.goto("/decide/")
    ana.get_by_label("What are you deciding?").fill("Our summer holiday")
    ana.get_by_label("The options, one on each line").fill("The sea\nThe hills")
    ana.get_by_role("button", name="Start deciding").click()
    decision = ana.url
    for n, (mine, theirs) in enumerate([(6, 5), (3, 4)]):
        ana.locator(f"input[name='self-{n}'][value='{mine}']").check()
        ana.locator(f"input[name='other-{n}'][value='{theirs}']").check()
    ana.get_by_role("button", name="Save my ratings").click()

    # (a) Ben suggests new wording on a page left open past the window.
    ben.goto(boundary)
    _left_alone(ben)
    with _still_here_answered(ben):  # the first tap tells the server; it answers first
        ben.get_by_text("Suggest new wording").click()
    ben.get_by_label("Suggested new wording").fill(WORDING)
    ben.get_by_role("button", name="Suggest").click()
    _password(ben)
    assert ben.url == boundary  # the boundary's page, never the button's address
    expect(ben.get_by_label("Suggested new wording")).to_have_value(WORDING)
    expect(ben.get_by_text("You suggested new wording:", exact=True)).to_have_count(0)  # not yet
    violations += axe_serious(ben)
    RESULTS.mkdir(exist_ok=True)
    ben.screenshot(path=str(RESULTS / "idle-refill-boundary-phone.png"), full_page=True)
    ben.get_by_role("button", name="Suggest").click()
    expect(ben.get_by_text("Your wording is saved.")).to_be_visible()
    expect(ben.get_by_text("You suggested new wording:", exact=True)).to_be_visible()

    # (b) Ben rates the holiday on a page left open past the window.
    ben.goto(decision)
    _left_alone(ben)
    with _still_here_answered(ben):
        ben.locator("input[name='self-0'][value='7']").check()
    for n, (mine, theirs) in enumerate([(7, 2), (2, 6)]):
        ben.locator(f"input[name='self-{n}'][value='{mine}']").check()
        ben.locator(f"input[name='other-{n}'][value='{theirs}']").check()
    ben.get_by_role("button", name="Save my ratings").click()
    _password(ben)
    assert ben.url == decision
    for n, (mine, theirs) in enumerate([(7, 2), (2, 6)]):
        expect(ben.locator(f"input[name='self-{n}'][value='{mine}']")).to_be_checked()
        expect(ben.locator(f"input[name='other-{n}'][value='{theirs}']")).to_be_checked()
    ana.reload()
    expect(ana.get_by_role("heading", name="Waiting for both")).to_be_visible()  # not saved
    violations += axe_serious(ben)
    ben.screenshot(path=str(RESULTS / "idle-refill-decide-phone.png"), full_page=True)
    ben.get_by_role("button", name="Save my ratings").click()
    expect(ben.get_by_role("heading", name="Seen together")).to_be_visible()
    assert not violations, "\n".join(violations)
