"""In real Chromium: a button sent in place (htmx) whose press did not go through says so.

htmx puts no answer of 400 and over on the page, and none comes when the connection is gone:
the promise's "I kept it" looked pressed, nothing was saved and nothing was said (the writes
audit of 2026-12-05). Now the words of our own page that answered, or ours for a press that
never arrived, go under the form, and the promise is still there to press again.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect

from interdepend.web.journal.models import Entry
from interdepend.web.together import services
from interdepend.web.together.models import Commitment
from tests.browser.conftest import ContextMaker
from tests.browser.helpers import log_in, sign_up, signed_in_again_unseen

SOON = (date.today() + timedelta(days=150)).isoformat()
NOT_SENT = "That did not go through, so nothing changed."

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _a_promise(page: Page, email: str) -> None:
    sign_up(page, "Ana", email, "a calm and long passphrase")
    page.goto("/together/promises/")
    page.get_by_label("What will you do?").fill("Call the plumber")
    page.get_by_label("By when?").fill(SOON)
    page.get_by_role("button", name="Write it down").click()
    expect(page.locator("#promises-open")).to_contain_text("Call the plumber")


def _forgive(make_context: ContextMaker, *lines: str) -> None:
    """The console lines the test's own failure makes: Chromium's about the status, and htmx's
    own report of the error event (its names, or "Response Status Error Code 500 ...")."""
    watch = make_context.watch
    watch.errors[:] = [error for error in watch.errors if not error.startswith(lines)]


def _press_kept(page: Page) -> None:
    page.locator("#promises-open li.item").filter(has_text="Call the plumber").get_by_role(
        "button", name="I kept it"
    ).click()


def test_a_press_without_a_connection_says_nothing_changed(make_context: ContextMaker) -> None:
    context = make_context("phone", "light")
    page = context.new_page()
    _a_promise(page, "ana-offline@example.test")
    with make_context.offline(context):
        _press_kept(page)
        alert = page.locator("#promises-open [role='alert']")
        expect(alert).to_contain_text(NOT_SENT)
    assert Commitment.objects.get().state == "open"
    expect(page.locator("#promises-open")).to_contain_text("Call the plumber")
    # Pressed again once back online, it goes through, and the old words go.
    _press_kept(page)
    expect(page.locator("#promises-status")).to_contain_text("Marked as kept")
    expect(page.locator("[role='alert']")).to_have_count(0)
    assert Commitment.objects.get().state == "kept"
    _forgive(make_context, "htmx:afterRequest", "htmx:sendError")


def test_a_press_the_server_failed_says_so_in_our_words(
    make_context: ContextMaker, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = make_context("phone", "dark").new_page()
    _a_promise(page, "ana-failed@example.test")

    def broken(**kwargs: object) -> None:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services, "commitment_mark", broken)
    _press_kept(page)
    alert = page.locator("#promises-open [role='alert']")
    expect(alert).to_contain_text("Something went wrong on our side")
    expect(alert).to_contain_text("Nothing you did caused this.")
    assert Commitment.objects.get().state == "open"
    _forgive(make_context, "Response Status Error Code 500", "Failed to load resource")


WORDS = "I said what I needed tonight, 👩‍👩‍👧 and it was heard. " * 40
PASSPHRASE = "a calm and long passphrase"


def _writing(page: Page) -> None:
    """The journal open, a long entry typed, not yet saved."""
    page.goto("/me/journal/write/")
    with page.expect_response(lambda answer: "/account/still-here/" in answer.url):
        page.get_by_label("Your words").fill(WORDS)


def _given_back(page: Page, heading: str) -> None:
    expect(page.get_by_role("heading", name=heading)).to_be_visible()
    expect(page.locator("[data-unsent] .user-text")).to_have_text(WORDS.strip())
    assert not Entry.objects.exists()


def test_an_entry_saved_after_she_was_signed_out_elsewhere_comes_back(
    make_context: ContextMaker,
) -> None:
    phone = make_context("phone", "light").new_page()
    sign_up(phone, "Ana", "ana-elsewhere@example.test", PASSPHRASE)
    _writing(phone)
    laptop = make_context("desktop", "light").new_page()
    log_in(laptop, "ana-elsewhere@example.test", PASSPHRASE)
    laptop.goto("/account/sessions/")
    laptop.get_by_role("button", name="Sign out everywhere else").click()
    phone.get_by_role("button", name="Save").click()
    _given_back(phone, "You had been signed out")
    expect(phone.get_by_role("link", name="Sign in")).to_be_visible()


def test_an_entry_saved_from_a_tab_older_than_her_sign_in_comes_back(
    make_context: ContextMaker,
) -> None:
    context = make_context("phone", "dark")
    phone = context.new_page()
    sign_up(phone, "Ana", "ana-stale@example.test", PASSPHRASE)
    _writing(phone)
    signed_in_again_unseen(phone, "ana-stale@example.test", PASSPHRASE)
    phone.get_by_role("button", name="Save").click()
    _given_back(phone, "That form had expired")
    _forgive(make_context, "Failed to load resource")
