"""In real Chromium: her words given back after her sign-in ended do not come back from history.

The page that gives them back answers a post, which Chromium keeps in the tab's history with the
words in it. She leaves the page (it said they were gone from this device once she did); the
next person at the phone presses Back and sends the page again (the review of 2026-12-05).
"""

from __future__ import annotations

import contextlib

import pytest
from playwright.sync_api import Error, Page, expect

from tests.browser.conftest import ContextMaker
from tests.browser.helpers import log_in, sign_up

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORDS = "He checked my messages again tonight and I stayed quiet about it."
PASSPHRASE = "a calm and long passphrase"


def _sent_again(page: Page) -> str:
    """Back onto the page a post drew, and that post sent again, as "Reload" does there."""
    # Chromium's own page for a post it does not keep: nothing to wait for.
    left = page.url
    with contextlib.suppress(Error):
        page.go_back()
    # Chromium lands there after go_back has returned: reloading before it does reloads nothing.
    page.wait_for_url(lambda url: url != left)
    page.reload()
    return page.content()


def test_her_words_given_back_are_not_sent_again_from_history(make_context: ContextMaker) -> None:
    phone = make_context("phone", "light").new_page()
    sign_up(phone, "Ana", "ana-history@example.test", PASSPHRASE)
    phone.goto("/me/journal/write/")
    with phone.expect_response(lambda answer: "/account/still-here/" in answer.url):
        phone.get_by_label("Your words").fill(WORDS)
    laptop = make_context("desktop", "light").new_page()
    log_in(laptop, "ana-history@example.test", PASSPHRASE)
    laptop.goto("/account/sessions/")
    laptop.get_by_role("button", name="Sign out everywhere else").click()
    phone.get_by_role("button", name="Save").click()
    expect(phone.locator("[data-unsent] .user-text")).to_have_text(WORDS)
    phone.goto("/login/")
    assert WORDS not in _sent_again(phone)
