"""Issue 16 part 3 (T30, service-worker caches) in real Chromium: installable, and nothing kept.

alice, whose journal, goals and decisions hold marker text, signs in; the service worker takes
over; she reads her private pages, and her page asks for an htmx fragment, a chart and a PDF
the way the app does. Then every entry of every Cache Storage cache is read back from the page
(its address and its whole text): only our static files and the offline page are there, and no
marker, name or address of anyone. Offline, any page of the app is the fixed offline page.
The quick exit still locks with the worker in charge: Back, and every address, is the lock
page, online or not. Last, Chromium's own installability check finds the manifest and nothing
missing, for the app's look and for the neutral one.
"""

from __future__ import annotations

import json
import tempfile
import time
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, BrowserContext, Page, expect
from pytest_django.live_server_helper import LiveServer

from interdepend.web.accounts import services
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, ContextMaker
from tests.browser.helpers import axe_serious
from tests.browser.test_quick_exit import (
    LOCK_FORM,
    NEUTRAL,
    exit_by_esc,
    fulfil,
    locked_on_server,
    private_pages,
    user_text,
)
from tests.conftest import PASSWORD, Personas
from tests.security.policy import POLICY

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: Every entry of every cache of the page's origin: the cache, the address, the whole text.
CACHED = """async () => {
  const found = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      const response = await cache.match(request);
      found.push({cache: name, url: request.url, text: await response.text()});
    }
  }
  return found;
}"""
#: True once the worker has kept its files: a cache besides the offline page's choice, with
#: something in it (a cache is made, empty, before its files are in: the full browser lane of
#: 2026-12-04 read it in between and found no files).
WORKER_KEPT = """async () => {
  for (const name of await caches.keys()) {
    if (name !== "interdepend-offline-choice" && (await (await caches.open(name)).keys()).length) {
      return true;
    }
  }
  return false;
}"""
CHOICE_CACHE = "interdepend-offline-choice"
NOTAS = "/offline/?look=neutral&lang=es"
#: What the app's own script and htmx ask for besides pages: a fragment, charts, a report.
ASKED = """async (urls) => {
  const statuses = [];
  for (const url of urls) {
    const asked = {headers: {"HX-Request": "true"}, credentials: "same-origin"};
    const response = await fetch(url, asked);
    await response.arrayBuffer();
    statuses.push(response.status);
  }
  return statuses;
}"""
WORKER_READY = """async () => {
  const registration = await navigator.serviceWorker.ready;
  return registration.active ? registration.active.scriptURL : "";
}"""


def other_requests(personas: Personas) -> list[str]:
    names = ("journal:entry", "couple:map", "assessment:map", "couple:report", "together:trends")
    return [reverse(name, kwargs=POLICY[name].kwargs(personas)) for name in names]


def settle(page: Page, script: str, arg: object = None, seconds: float = 15.0) -> Any:
    """Evaluate an async script until it answers something truthy, and return that answer.

    ``wait_for_function`` is not used for these: a script that reads the caches answers with a
    promise, and a promise is truthy before it settles, so the wait ended at once (the full
    browser lane of 2026-12-04 then read the caches before the worker had filled them)."""
    deadline = time.monotonic() + seconds
    while True:
        answer = page.evaluate(script, arg)
        if answer or time.monotonic() > deadline:
            assert answer, f"still nothing after {seconds} s: {script[:60]}"
            return answer
        page.wait_for_timeout(100)


def sign_in(context: BrowserContext, email: str) -> Page:
    context.route(f"{NEUTRAL}**", fulfil)
    page = context.new_page()
    page.goto("/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/")
    return page


def worker_in_charge(page: Page) -> None:
    """The worker is installed, active and controls the page (it claims pages as it starts)."""
    script = str(page.evaluate(WORKER_READY))
    assert urlsplit(script).path == "/sw.js", script
    page.reload()
    assert page.evaluate("navigator.serviceWorker.controller !== null")


def read_privately(page: Page, personas: Personas) -> None:
    for path in [*private_pages(personas), reverse("accounts:settings"), reverse("couple:home")]:
        page.goto(path)
    statuses = page.evaluate(ASKED, other_requests(personas))
    assert statuses == [200] * len(statuses), statuses


def cache_residues(page: Page, words: list[str]) -> tuple[list[dict[str, str]], list[str]]:
    entries: list[dict[str, str]] = page.evaluate(CACHED)
    found = []
    for entry in entries:
        path = urlsplit(entry["url"]).path
        offline = path == reverse("frame:offline")
        # The reader's choice of offline page: one of the worker's own addresses, nothing else.
        choice = path == CHOICE and urlsplit(entry["text"]).path == reverse("frame:offline")
        if not (path.startswith("/static/") or offline or choice):
            found.append(f"{entry['cache']} keeps {entry['url']}: {entry['text'][:80]!r}")
        found += [f"{entry['url']} holds {w!r}" for w in words if w in entry["text"]]
        found += [f"{entry['url']} names {w!r}" for w in words if w in entry["url"]]
    return entries, found


def test_the_worker_keeps_nothing_private_and_shows_the_offline_page(
    neutral_site: ContextMaker, personas: Personas
) -> None:
    words = user_text(personas)
    context = neutral_site("phone")
    page = sign_in(context, str(personas.alice.email))
    worker_in_charge(page)
    read_privately(page, personas)
    entries, found = cache_residues(page, words)
    kept = {urlsplit(e["url"]).path for e in entries}
    assert reverse("frame:offline") in kept and "/static/css/interdepend.css" in kept, kept

    with neutral_site.offline(context):
        offline_pages = [*private_pages(personas), "/", reverse("accounts:settings")]
        for path in offline_pages:
            page.goto(path)
            expect(page.get_by_role("heading", level=1)).to_have_text("You are offline")
            body = page.content()
            found += [f"offline {path} shows {w!r}" for w in words if w in body]
        entries_offline, more = cache_residues(page, words)
        found += more
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).not_to_have_text("You are offline")
    print(
        f"\nT30 service-worker caches: {len(entries)} entries ({len(kept)} addresses), "
        f"{len(offline_pages)} pages offline, {len(found)} private texts or addresses kept"
    )
    assert len(entries_offline) == len(entries)  # nothing was added while offline
    assert not found, found


#: Where the worker keeps the offline page a page named as the reader's (frame/sw.js).
CHOICE = "/offline/choice"
#: Whether the offline page the worker will show is ``wanted``: the one the pages named.
OFFLINE_CHOSEN = """async (wanted) => {
  const kept = await (await caches.open("interdepend-offline-choice")).match("/offline/choice");
  return (kept ? await kept.text() : "") === wanted;
}"""
#: The registration as it stands: the active worker's address, and any worker on its way in.
REGISTRATION = """async () => {
  const registration = await navigator.serviceWorker.getRegistration("/");
  return [registration.active ? new URL(registration.active.scriptURL).pathname
                                 + new URL(registration.active.scriptURL).search : "",
          registration.installing !== null || registration.waiting !== null];
}"""


def offline_title_and_heading(page: Page, neutral_site: ContextMaker) -> list[tuple[str, str]]:
    shown = []
    with neutral_site.offline(page.context):
        for path in (reverse("journal:home"), "/"):
            page.goto(path)
            shown.append((page.title(), page.get_by_role("heading", level=1).inner_text()))
    return shown


def her_plain_spanish_phone(neutral_site: ContextMaker, personas: Personas) -> Page:
    """alice, with the plain look, reading in Spanish, signed in on a phone: her pages have
    named her offline page to the worker."""
    services.user_home_screen_set(user=personas.alice, look="neutral")
    type(personas.alice).objects.filter(pk=personas.alice.pk).update(language="es")
    page = sign_in(neutral_site("phone"), str(personas.alice.email))
    settle(page, OFFLINE_CHOSEN, "/offline/?look=neutral&lang=es")
    # The worker's own files are kept as it installs, which on a loaded machine can come after
    # the offline page's choice (CI of 2026-12-04: no cache of its files yet).
    settle(page, WORKER_KEPT)
    return page


def test_offline_with_the_plain_look_in_spanish_the_page_is_called_notas(
    neutral_site: ContextMaker, personas: Personas
) -> None:
    """Airplane mode with the "Notas" icon (the 2026-12 refix audit, M3): the tab and the
    history read "Notas", the words are Spanish, and the app's name is nowhere on the page. Her
    pages name that offline page to the one worker, whose address stays ``/sw.js``."""
    page = her_plain_spanish_phone(neutral_site, personas)
    context = page.context
    # Read once both are in: the full browser lane of 2026-12-04 twice read no cache at all
    # just after the worker had kept its files (a worker taking over empties and refills).
    entries = settle(
        page,
        f"""async () => {{
          const found = await ({CACHED})();
          const own = new Set(found.map((e) => e.cache).filter((n) => n !== "{CHOICE_CACHE}"));
          return own.size === 1 && found.some((e) => e.url.includes("{NOTAS}")) ? found : null;
        }}""",
    )
    caches = {entry["cache"] for entry in entries}
    kept = {urlsplit(entry["url"]).path + "?" + urlsplit(entry["url"]).query for entry in entries}
    assert len(caches - {"interdepend-offline-choice"}) == 1, caches
    assert "/offline/?look=neutral&lang=es" in kept, kept
    assert page.evaluate(REGISTRATION) == ["/sw.js", False]
    with neutral_site.offline(context):
        for path in private_pages(personas)[:3]:
            page.goto(path)
            expect(page).to_have_title("Notas")
            expect(page.get_by_role("heading", level=1)).to_have_text("No tienes conexión")
            shown = page.locator("body").inner_text()
            assert "interdepend" not in shown.lower(), (path, shown)
    print(f"\noffline, plain look in Spanish: {page.title()!r}, {len(caches)} caches")


def test_another_language_or_look_changes_the_offline_page_and_never_the_worker(
    neutral_site: ContextMaker, personas: Personas
) -> None:
    """She reads in Spanish with the plain look, then turns to English, then to the app's own
    look: the offline page follows each choice, while the worker stays the one it was (a new
    worker on every change made the next page wait for it, and in CI once for ever). Signed out
    again on the sign-in page, her choice stays (the sign-in page does not bring back the
    app's name to her "Notes" phone)."""
    page = her_plain_spanish_phone(neutral_site, personas)
    first = page.evaluate(WORKER_READY)
    page.goto(reverse("accounts:settings"))
    page.locator("form.language-choice select").select_option("en")
    page.locator("form.language-choice button").click()
    settle(page, OFFLINE_CHOSEN, "/offline/?look=neutral")
    assert page.evaluate(REGISTRATION) == ["/sw.js", False]
    english = offline_title_and_heading(page, neutral_site)
    assert english == [("Notes", "You are offline")] * 2, english
    page.goto(reverse("accounts:settings"))
    page.get_by_label("Interdepend, with its two rings").check()
    page.get_by_role("button", name="Keep this choice").click()
    page.get_by_label("Password").fill(PASSWORD)  # asked every time: back to the app's name
    page.get_by_role("button", name="Confirm and continue").click()
    settle(page, OFFLINE_CHOSEN, "/offline/")
    own = offline_title_and_heading(page, neutral_site)
    assert own == [("Offline · Interdepend", "You are offline")] * 2, own
    assert page.evaluate(WORKER_READY) == first
    assert page.evaluate(REGISTRATION) == ["/sw.js", False]
    # A page signed out (here, a visitor's, in Spanish) never replaces a signed-in choice.
    services.user_home_screen_set(user=personas.alice, look="neutral")
    page.goto(reverse("journal:home"))
    settle(page, OFFLINE_CHOSEN, "/offline/?look=neutral")
    visitor = page.evaluate(
        """async () => {
          const registration = await navigator.serviceWorker.ready;
          registration.active.postMessage({offline: "/offline/?lang=es", chosen: false});
          registration.active.postMessage({offline: "/offline/?look=bright", chosen: true});
          await new Promise((resolve) => setTimeout(resolve, 500));
          const choice = await caches.open("interdepend-offline-choice");
          return (await choice.match("/offline/choice")).text();
        }"""
    )
    assert visitor == "/offline/?look=neutral", visitor
    print(f"\nlanguage and look changed: one worker ({first}), offline pages {english + own}")


def test_quick_exit_locks_with_the_worker_in_charge_online_and_offline(
    neutral_site: ContextMaker, personas: Personas
) -> None:
    words = user_text(personas)
    context = neutral_site("phone")
    page = sign_in(context, str(personas.alice.email))
    worker_in_charge(page)
    read_privately(page, personas)
    exit_by_esc(page)
    page.wait_for_url(NEUTRAL)
    # Back only once the exit's lock has landed, as the walk without the worker does: on a
    # loaded machine the first Back overtook it, and the page it brought, hiding itself to lock
    # the session and load again, was interrupted by the next Back (``net::ERR_…`` in its
    # console, or a Back that never loaded).
    found = locked_on_server(page, context)
    backs = 0
    while page.go_back() is not None:
        backs += 1
        body = page.content()
        if LOCK_FORM not in body:
            found.append(f"Back {backs} ({page.url}) shows app content: {page.title()!r}")
        found += [f"Back {backs} shows {w!r}" for w in words if len(w) > 8 and w in body]
    assert backs >= 3
    # A page typed in afresh: the lock page online; offline, only the fixed offline page.
    for path in private_pages(personas):
        page.goto(path)
        if LOCK_FORM not in page.content():
            found.append(f"{path} is not locked after the quick exit")
    with neutral_site.offline(context):
        page.goto(reverse("journal:home"))
        body = page.content()
        if LOCK_FORM not in body and "You are offline" not in body:
            found.append("offline after the exit, a page other than the offline page")
        found += [f"offline after the exit: {w!r}" for w in words if len(w) > 8 and w in body]
    page.goto(reverse("together:goals"))
    if LOCK_FORM not in page.content():
        found.append("online again, the lock was undone")
    if page.evaluate("!!self.caches"):
        found += cache_residues(page, words)[1]
    print(f"\nquick exit with the worker: {backs} Backs, {len(found)} private pages shown")
    assert not found, found


def test_choosing_the_neutral_look_on_the_account_page(
    make_context: ContextMaker, personas: Personas
) -> None:
    page = sign_in(make_context("phone", "dark"), str(personas.alice.email))
    page.goto(reverse("accounts:settings"))
    manifest = page.locator('link[rel="manifest"]')
    expect(manifest).to_have_attribute("href", "/manifest.webmanifest")
    expect(page.get_by_label("Interdepend, with its two rings")).to_be_checked()
    violations = axe_serious(page)
    page.get_by_label("Notes, with a plain page").check()
    page.get_by_role("button", name="Keep this choice").click()
    expect(page.get_by_text("Saved.")).to_be_visible()
    expect(page.get_by_label("Notes, with a plain page")).to_be_checked()
    expect(manifest).to_have_attribute("href", "/manifest.webmanifest?look=neutral")
    expect(page.locator('link[rel="apple-touch-icon"]')).to_have_attribute(
        "href", "/static/icons/neutral-180.png"
    )
    violations += axe_serious(page)
    assert not violations, violations


def manifest_check(page: Page, context: BrowserContext) -> tuple[dict[str, object], list[str]]:
    """Chromium's own reading of the page's manifest and its installability verdict."""
    cdp = context.new_cdp_session(page)
    try:
        manifest = cdp.send("Page.getAppManifest")
        verdict = cdp.send("Page.getInstallabilityErrors")
    finally:
        cdp.detach()
    problems = [str(e) for e in manifest.get("errors", [])]
    problems += [str(e) for e in verdict.get("installabilityErrors", [])]
    return json.loads(str(manifest["data"])), problems


@pytest.mark.parametrize(("look", "name"), [("interdepend", "Interdepend"), ("neutral", "Notes")])
def test_chromium_finds_the_app_installable_in_either_look(
    browser: Browser, live_server: LiveServer, personas: Personas, look: str, name: str
) -> None:
    """An ordinary profile (incognito contexts are never offered installing), signed in as
    alice with the look chosen."""
    services.user_home_screen_set(user=personas.alice, look=look)
    with tempfile.TemporaryDirectory(prefix="interdepend-profile-") as profile:
        context = browser.browser_type.launch_persistent_context(
            profile, executable_path=CHROMIUM, args=CHROMIUM_ARGS, base_url=live_server.url
        )
        try:
            page = sign_in(context, str(personas.alice.email))
            worker_in_charge(page)
            page.goto(reverse("together:goals"))
            members, problems = manifest_check(page, context)
        finally:
            context.close()
    print(f"\ninstallable ({look}): {members['name']!r}, {len(problems)} problems")
    assert members["name"] == members["short_name"] == name
    assert members["id"] == ("/" if look == "interdepend" else "/notes")
    assert not problems, problems
