"""Two minutes with her phone: the partner holding it, in a profile that lasts as a phone's does.

The two-minute phone audit of 2026-12-05, in Chromium at 390x844 with a persistent profile
(``launch_persistent_context``): what he can bring back on her screen from the browser's
history once her sign-in has ended, what he is told, and what she is told, when he types wrong
passwords, and what the profile holds of her writing once she has signed out.
"""

from __future__ import annotations

import contextlib
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, BrowserContext, Error, Page, expect
from pytest_django import Settings
from pytest_django.live_server_helper import LiveServer

from interdepend.web.accounts.models import UserSession
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, VIEWPORTS
from tests.browser.helpers import log_in
from tests.conftest import PASSWORD, Personas

HERS = "Thinking of leaving in the spring, told no one"
TOLD = "A wrong password was typed 4 times for your account"


@pytest.fixture
def phone(browser: Browser, live_server: LiveServer, settings: Settings) -> Iterator[Page]:
    """Her phone: a profile kept on disk, at a phone's size; the quick exit goes nowhere."""
    settings.QUICK_EXIT_URL = "about:blank"
    with her_phone(browser, live_server) as (_, context):
        yield context.pages[0] if context.pages else context.new_page()


@contextlib.contextmanager
def her_phone(browser: Browser, live_server: LiveServer) -> Iterator[tuple[Path, BrowserContext]]:
    """A browser profile kept on disk in a folder of its own, at a phone's size, as a phone's
    browser keeps one; closed (and the folder removed) at the end."""
    with tempfile.TemporaryDirectory(prefix="interdepend-phone-") as profile:
        context = browser.browser_type.launch_persistent_context(
            profile,
            executable_path=CHROMIUM,
            args=CHROMIUM_ARGS,
            base_url=live_server.url,
            viewport=VIEWPORTS["phone"],
        )
        try:
            yield Path(profile), context
        finally:
            context.close()


def _goal_left_without_title(page: Page) -> None:
    """Her goal's words without a title, sent as the form is (the box is not required in the
    page itself, the server says what is missing): the answer is a page, so the browser keeps
    the post in its history. She adds the title there and saves."""
    page.goto(reverse("together:goals"))
    form = page.locator("main form").filter(has=page.locator("textarea[name=detail]"))
    form.locator("textarea[name=detail]").fill(HERS)
    with page.expect_navigation():
        form.evaluate("f => f.submit()")
    expect(page.locator("main")).to_contain_text("Please fill this in.")
    form = page.locator("main form").filter(has=page.locator("input[name=title]"))
    form.locator("input[name=title]").fill("Spring")
    with page.expect_navigation():
        form.evaluate("f => f.submit()")


def _history_index(page: Page) -> int | None:
    """Where in its history the page is, or None while it cannot say (between two pages)."""
    try:
        cdp = page.context.new_cdp_session(page)
        try:
            return int(cdp.send("Page.getNavigationHistory")["currentIndex"])
        finally:
            cdp.detach()
    except Error:
        return None


def _reload_her_post(page: Page) -> str:
    """Go to the history entry of her refused post and press reload, as he would: the text
    of what the page then shows."""
    cdp = page.context.new_cdp_session(page)
    entries = cdp.send("Page.getNavigationHistory")["entries"]
    goals = [e for e in entries if e["url"].endswith(reverse("together:goals"))]
    assert len(goals) >= 2, [e["url"] for e in entries]
    posted = goals[1]  # the page drawn, then her post, then the one she saved
    assert posted["transitionType"] == "form_submit"
    cdp.send("Page.navigateToHistoryEntry", {"entryId": posted["id"]})
    # On the entry before pressing reload (a fixed half second could end before a busy
    # machine got there, and then the page reloaded was the one she saved, not her post).
    # The session asked may be left behind by the navigation: a new one for each look.
    reached = time.monotonic() + 15
    while _history_index(page) != entries.index(posted):
        assert time.monotonic() < reached, "the history entry of her post was never reached"
        page.wait_for_timeout(50)
    with page.expect_navigation():
        page.reload()
    return page.locator("body").inner_text()


def test_her_post_reloaded_from_the_history_after_her_sign_in_ran_out_shows_nothing(
    phone: Page, personas: Personas
) -> None:
    log_in(phone, str(personas.alice.email), PASSWORD)
    _goal_left_without_title(phone)
    UserSession.objects.filter(user_id=personas.alice.pk).delete()  # two hours away
    shown = _reload_her_post(phone)
    print(f"\nher refused post reloaded after her sign-in ran out: words shown {HERS in shown}")
    assert HERS not in shown


def test_her_post_reloaded_with_him_signed_in_on_her_phone_shows_nothing(
    phone: Page, personas: Personas
) -> None:
    log_in(phone, str(personas.alice.email), PASSWORD)
    _goal_left_without_title(phone)
    phone.goto(reverse("home:home"))
    with phone.expect_navigation():
        phone.get_by_role("button", name="Log out").click()
    log_in(phone, str(personas.bob.email), PASSWORD)
    shown = _reload_her_post(phone)
    print(f"\nher refused post reloaded with him signed in: words shown {HERS in shown}")
    assert HERS not in shown


def test_his_guesses_on_her_lock_page_are_told_to_her_and_not_to_him(
    phone: Page, personas: Personas
) -> None:
    log_in(phone, str(personas.alice.email), PASSWORD)
    phone.goto(reverse("together:goals"))
    phone.keyboard.press("Escape")
    phone.wait_for_url("about:blank")
    phone.go_back()
    expect(phone.get_by_role("heading", name="Confirm it is you")).to_be_visible()
    for guess in ("her birthday", "our street", "the dog's name", "1234"):
        phone.get_by_label("Your password").fill(guess)
        with phone.expect_navigation():
            phone.get_by_role("button", name="Continue").click()
        expect(phone.locator("main")).to_contain_text("That password is not right")
        assert "wrong password was typed" not in phone.locator("body").inner_text()
    # She comes back and types hers.
    phone.get_by_label("Your password").fill(PASSWORD)
    with phone.expect_navigation():
        phone.get_by_role("button", name="Continue").click()
    expect(phone.locator(".messages")).to_contain_text(TOLD)
    phone.reload()
    assert TOLD not in phone.locator("body").inner_text()


@pytest.mark.parametrize("way", ["log out", "quick exit"])
def test_nothing_she_wrote_is_in_the_phones_profile_once_she_leaves(
    browser: Browser, live_server: LiveServer, personas: Personas, settings: Settings, way: str
) -> None:
    """Every file the profile keeps (history, caches, the worker's store, site storage,
    autofill, the session to restore tabs), read byte by byte once she has written, left (by
    logging out, or by the quick exit, which leaves her session locked) and the browser is
    closed: none holds her words, in UTF-8 or UTF-16."""
    settings.QUICK_EXIT_URL = "about:blank"
    words = {
        "journal": "Marker-journal-qv7 what I could not say",
        "goal": "Marker-goal-qv7 a week by the sea",
        "circle": "Marker-circle-qv7 Lucia",
    }
    with her_phone(browser, live_server) as (profile, context):
        page = context.pages[0] if context.pages else context.new_page()
        log_in(page, str(personas.alice.email), PASSWORD)
        _write(page, context, words)
        page.goto(reverse("home:home"))
        if way == "log out":
            with page.expect_navigation():
                page.get_by_role("button", name="Log out").click()
        else:
            page.keyboard.press("Escape")
            page.wait_for_url("about:blank")
        context.close()  # the browser closed, as she leaves it: its files as it wrote them
        found = _files_holding(profile, list(words.values()))
        # The scan reads what the browser kept: its history names the pages she opened.
        assert _files_holding(profile, [f"{live_server.url}{reverse('journal:write')}"])
    print(f"\nprofile files holding her words after a {way}: {len(found)}")
    assert not found, found


def _write(page: Page, context: BrowserContext, words: dict[str, str]) -> None:
    page.goto(reverse("journal:write"))
    page.locator("textarea[name=body]").fill(words["journal"])
    with page.expect_navigation():
        page.locator("textarea[name=body]").evaluate("e => e.form.requestSubmit()")
    expect(page.locator("main")).to_contain_text(words["journal"])
    for name, field, text in (
        ("together:goals", "input[name=title]", words["goal"]),
        ("together:circle", "input[name=name]", words["circle"]),
    ):
        page.goto(reverse(name))
        page.locator(field).fill(text)
        page.locator(field).evaluate("e => e.form.requestSubmit()")
        expect(page.locator("main")).to_contain_text(text)


def _files_holding(root: Path, words: list[str]) -> list[str]:
    needles = [w.encode(code) for w in words for code in ("utf-8", "utf-16-le")]
    found = []
    for path in root.rglob("*"):
        if path.is_file() and any(n in path.read_bytes() for n in needles):
            found.append(str(path.relative_to(root)))
    return found
