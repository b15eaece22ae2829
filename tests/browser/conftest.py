"""Browser tests: Playwright driving Debian's Chromium against the live server.

Never ``playwright install``: the browser is the system package at /usr/bin/chromium.
Every test collects console errors (a CSP violation is one) and requests to other origins;
a test fails if either appears. One console line is expected and not an error: Chromium's note
that a page came with status 400, when that page is a whole document answering a form with a
mistake in it (our forms answer so, with their message). Nor is a network failure
(``net::ERR_…``) in a context a test took offline with :meth:`ContextMaker.offline`: the
browser reports each request it could not send, and when it reports it is its own affair.
A failing test leaves a screenshot in test-results/.
"""

from __future__ import annotations

import os
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Literal

import pytest
from pluggy import Result
from pytest_django import Settings
from pytest_django.live_server_helper import LiveServer

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from playwright.sync_api import (  # noqa: E402
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Playwright,
    Request,
    Response,
    ViewportSize,
    expect,
    sync_playwright,
)
from playwright.sync_api import Error as PlaywrightError  # noqa: E402

#: How long an ``expect`` waits for what it asks (Playwright's own is 5 s). What the tests ask
#: is what a page shows, never how soon: on CI's two cores, shared by Chromium, the live server
#: and its database, a page drawn in well under a second here can take longer than 5 s. A
#: passing ``expect`` returns as soon as it holds, so only a failing one waits longer.
expect.set_options(timeout=15_000)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
RESULTS = Path(__file__).resolve().parents[2] / "test-results"
VIEWPORTS: dict[str, ViewportSize] = {
    "desktop": {"width": 1280, "height": 900},
    "phone": {"width": 390, "height": 844},
}
ColorScheme = Literal["light", "dark"]

pytestmark = pytest.mark.browser


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, Result[pytest.TestReport]]:
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Playwright]:
    """The one Playwright of the run: a second ``sync_playwright()`` inside it fails ("using
    Playwright Sync API inside the asyncio loop"), so a test that needs a Chromium started
    otherwise launches it from here."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package")
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_driver: Playwright) -> Iterator[Browser]:
    browser = playwright_driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


def close_context(context: BrowserContext) -> None:
    """Close a context once none of its pages runs a script of ours.

    A page of hers that hears of an ended sign-in goes to the sign-in page by itself, and
    Chromium, told to close the context while one of its pages is on the way, sometimes never
    answers (about one close in six, seen on 2026-12-05: the whole lane then waits until CI
    stops it). Each page is first sent to a blank page, which runs nothing and is waited for
    with a time limit; a page that will not go is closed on its own, also with nothing of ours
    running any more by then.
    """
    for page in list(context.pages):
        try:
            page.goto("about:blank", timeout=5_000)
        except PlaywrightError:
            page.close(run_before_unload=False)
    context.close()


class Watch:
    """Console errors and foreign requests seen by every page of a context."""

    def __init__(self, origin: str):
        self.origin = origin
        self.errors: list[str] = []
        self.foreign: list[str] = []
        self.refused_forms: set[str] = set()
        self.offline: list[BrowserContext] = []

    def attach(self, context: BrowserContext) -> None:
        context.on("page", self.attach_page)

    def attach_page(self, page: Page) -> None:
        page.on("response", self.on_response)
        page.on("console", self.on_console)
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("request", self.on_request)

    def on_response(self, response: Response) -> None:
        """Remember the documents that answered a posted form with 400 (its message shown) or
        404 (a code that opens nothing answers as a page that is not there, with its message)."""
        request = response.request
        form = request.method == "POST" and request.resource_type == "document"
        if form and response.status in (400, 404):
            self.refused_forms.add(response.url)

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        refused = message.text.startswith("Failed to load resource") and any(
            f"status of {status}" in message.text for status in (400, 404)
        )
        if refused and message.location.get("url") in self.refused_forms:
            return
        page = message.page
        if "net::ERR_" in message.text and page is not None and page.context in self.offline:
            return
        self.errors.append(message.text)

    def on_request(self, request: Request) -> None:
        url = request.url
        if not (url.startswith(self.origin) or url.startswith(("about:", "data:"))):
            self.foreign.append(url)


class ContextMaker:
    """Opens browser contexts on the live server, every one watched by :attr:`watch`."""

    def __init__(self, browser: Browser, base_url: str) -> None:
        self.browser = browser
        self.base_url = base_url
        self.watch = Watch(base_url)
        self.contexts: list[BrowserContext] = []

    def __call__(
        self,
        viewport: str = "desktop",
        color_scheme: ColorScheme = "light",
        timezone_id: str | None = None,
    ) -> BrowserContext:
        context = self.browser.new_context(
            base_url=self.base_url,
            viewport=VIEWPORTS[viewport],
            color_scheme=color_scheme,
            timezone_id=timezone_id,
        )
        self.watch.attach(context)
        self.contexts.append(context)
        return context

    def cut_short(self, context: BrowserContext) -> None:
        """A context whose requests the test itself cuts short (a Back overtaking a page that
        is still leaving): Chromium reports each as a console error (``net::ERR_FAILED``),
        which here is the test's doing, not the page's."""
        self.watch.offline.append(context)

    @contextmanager
    def offline(self, context: BrowserContext) -> Iterator[None]:
        """Take the context offline for the block; its network failures are not errors.

        Chromium reports a request it could not send as a console error, sometimes after the
        context is back online, so the context's ``net::`` failures stay forgiven from then on.
        """
        self.watch.offline.append(context)
        context.set_offline(True)
        try:
            yield
        finally:
            context.set_offline(False)


#: Where the quick exit goes in these tests: a site the tests answer themselves, never fetched.
NEUTRAL_SITE = "http://neutral.test/"


@pytest.fixture
def make_context(
    browser: Browser, live_server: LiveServer, request: pytest.FixtureRequest, settings: Settings
) -> Iterator[ContextMaker]:
    settings.QUICK_EXIT_URL = "about:blank"
    make = ContextMaker(browser, live_server.url)
    yield make
    watch, contexts = make.watch, make.contexts
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        RESULTS.mkdir(exist_ok=True)
        for n, context in enumerate(contexts):
            for m, page in enumerate(context.pages):
                page.screenshot(path=str(RESULTS / f"{request.node.name}-{n}-{m}.png"))
    # What the test's pages did; sending them to a blank page to close them is the fixture's
    # doing, and a page's script interrupted by it may say so in the console.
    errors, foreign = list(watch.errors), list(watch.foreign)
    for context in contexts:
        close_context(context)
    assert not errors, f"console errors: {errors}"
    assert not foreign, f"requests to other origins: {foreign}"


@pytest.fixture
def neutral_site(make_context: ContextMaker, settings: Settings) -> Iterator[ContextMaker]:
    """Contexts whose quick exit opens :data:`NEUTRAL_SITE`, which is not counted as a request
    to another site."""
    settings.QUICK_EXIT_URL = NEUTRAL_SITE
    yield make_context
    watch = make_context.watch
    watch.foreign[:] = [url for url in watch.foreign if not url.startswith(NEUTRAL_SITE)]
