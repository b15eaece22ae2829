"""T07 with the back-forward cache on, as it is in the browser on her phone.

Playwright starts Chromium with ``--disable-back-forward-cache`` (and without its field trials),
so the quick-exit test never met the cache that keeps whole pages, scripts and all, to show
them again on Back without asking the server (the two-minute audit of 2026-12-04). Here
Chromium runs as a phone's does, with that cache on, and told to keep even pages sent with
``Cache-Control: no-store`` unless an HttpOnly cookie changed (the most a shipped Chromium
allows). alice reads her private pages and leaves by the quick exit or by signing out, with
scripts on and off; every Back must show the lock page or the sign-in page, never her words.
Chromium's own account of each Back (over CDP) must show the cache was on and in play: a test
where it was off would pass whatever the app did.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import suppress
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from pytest_django import Settings
from pytest_django.live_server_helper import LiveServer

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, NEUTRAL_SITE, close_context
from tests.browser.test_quick_exit import (
    LOCK_FORM,
    TOKEN,
    locked_on_server,
    sign_in_and_read,
    user_text,
)
from tests.conftest import Personas

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: The phone's cache, kept for no-store pages too unless an HttpOnly cookie changed.
PHONE_CACHE = (
    "--enable-features=BackForwardCache,"
    "CacheControlNoStoreEnterBackForwardCache:level/restore-unless-http-only-cookie-change"
)
#: Playwright's own switches that take the cache (and its field trials) away.
PLAYWRIGHTS_OWN = ["--disable-back-forward-cache", "--disable-field-trial-config"]
#: Chromium's reason when the cache is off altogether: then this test proves nothing.
CACHE_OFF = "BackForwardCacheDisabled"
#: The menu's sign-out button: on every page of someone signed in, and on no other.
SIGNED_IN = 'action="/logout/" class="inline"'


@pytest.fixture(scope="module")
def phone_browser(playwright_driver: Playwright) -> Iterator[Browser]:
    browser = playwright_driver.chromium.launch(
        executable_path=CHROMIUM,
        args=[*CHROMIUM_ARGS, PHONE_CACHE],
        ignore_default_args=PLAYWRIGHTS_OWN,
    )
    yield browser
    browser.close()


class Backs:
    """What Chromium says of each Back: restored from its cache, or why not."""

    def __init__(self, context: BrowserContext, page: Page) -> None:
        self.restored: list[str] = []
        self.not_used: list[list[str]] = []
        cdp = context.new_cdp_session(page)
        cdp.send("Page.enable")
        cdp.on("Page.frameNavigated", self._navigated)
        cdp.on("Page.backForwardCacheNotUsed", self._not_used)

    def _navigated(self, event: dict[str, Any]) -> None:
        if event.get("type") == "BackForwardCacheRestore":
            self.restored.append(str(event["frame"]["url"]))

    def _not_used(self, event: dict[str, Any]) -> None:
        self.not_used.append([str(r["reason"]) for r in event["notRestoredExplanations"]])

    @property
    def cache_off(self) -> bool:
        return any(CACHE_OFF in reasons for reasons in self.not_used)

    @property
    def in_play(self) -> int:
        """Backs on which the cache had its say: a page restored, or a reason it was not."""
        return len(self.restored) + len(self.not_used)


def _sign_in_and_read(context: BrowserContext, personas: Personas) -> tuple[Page, Backs]:
    """Her private pages read as the quick exit's test reads them, then every Back watched
    (only the Backs after she leaves are counted)."""
    page = sign_in_and_read(context, personas)
    return page, Backs(context, page)


def _leave(page: Page, way: str) -> Callable[[str], bool]:
    """Leave as ``way`` says; what every Back must show instead of her pages."""
    if way == "quick exit":
        page.get_by_role("button", name="Quick exit").click()
        page.wait_for_url(NEUTRAL_SITE)
        return lambda body: LOCK_FORM in body
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/login/**")
    return lambda body: SIGNED_IN not in body


def _history_index(context: BrowserContext, page: Page) -> int:
    cdp = context.new_cdp_session(page)
    index = int(cdp.send("Page.getNavigationHistory")["currentIndex"])
    cdp.detach()
    return index


def walk_back(
    context: BrowserContext, page: Page, stands_in: Callable[[str], bool], words: list[str]
) -> tuple[int, list[str]]:
    """Back through the tab's history to its first entry: how many steps, and what showed of
    hers. A page the cache restores comes with no response, so the history is counted."""
    found, steps = [], 0
    while steps < 8 and _history_index(context, page) > 0:
        steps += 1
        page.go_back(wait_until="commit")
        with suppress(PlaywrightTimeout):  # a page restored with scripts off may never say so
            page.wait_for_load_state("domcontentloaded", timeout=5000)
        if page.url == "about:blank":  # the tab as it was opened, before any page of ours
            continue
        body = TOKEN.sub("", page.content())
        if not stands_in(body):
            found.append(f"Back {steps} ({page.url}) is a page of hers, signed in")
        found += [f"Back {steps} ({page.url}) shows {w!r}" for w in words if w in body]
    return steps, found


@pytest.mark.parametrize("scripts", [True, False], ids=["scripts on", "scripts off"])
@pytest.mark.parametrize("way", ["quick exit", "sign out"])
def test_back_after_leaving_shows_nothing_of_hers_with_the_cache_on(
    phone_browser: Browser,
    live_server: LiveServer,
    settings: Settings,
    personas: Personas,
    way: str,
    scripts: bool,
) -> None:
    settings.QUICK_EXIT_URL = NEUTRAL_SITE
    words = [w for w in user_text(personas) if len(w) > 3]  # a short name may be in any page
    context = phone_browser.new_context(base_url=live_server.url, java_script_enabled=scripts)
    try:
        page, backs = _sign_in_and_read(context, personas)
        expected = _leave(page, way)
        # The quick exit's beacon may reach the server after Back asks for her page on a busy
        # machine: wait until the server has locked her session, then let the worker's
        # message settle.
        assert way != "quick exit" or not locked_on_server(page, context)
        page.wait_for_timeout(300)
        steps, found = walk_back(context, page, expected, words)
    finally:
        close_context(context)
    print(
        f"\nT07 with the back-forward cache on ({way}, scripts {'on' if scripts else 'off'}): "
        f"{steps} Backs, {len(backs.restored)} restored from the cache, {len(found)} showing hers"
    )
    assert steps >= 3, "the test did not walk back through her private pages"
    assert not backs.cache_off, "Chromium ran with its back-forward cache off"
    assert backs.in_play >= steps, "Chromium did not account for every Back"
    assert not found, found
