"""In real Chromium: a person journals privately, shares one entry, and takes it back."""

from __future__ import annotations

import pytest
from playwright.sync_api import Dialog, Page, expect
from pytest_django import Settings

from tests.browser.conftest import ContextMaker
from tests.browser.helpers import axe_serious, confirm_step, link, new_couple, sign_up

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a calm and long passphrase"
PRIVATE = "I felt unsure about the move and did not say so."
SHARED = "Thank you for the tea on the balcony; it made my evening."


def test_a_person_journals_shares_one_entry_and_unshares_it(make_context: ContextMaker) -> None:
    violations: list[str] = []
    ana, ben = new_couple(make_context)

    ana.get_by_role("link", name="Reflect", exact=True).click()
    expect(ana.get_by_role("heading", name="My journal", level=1)).to_be_visible()
    violations += axe_serious(ana)
    for words in (PRIVATE, SHARED):
        ana.get_by_role("link", name="Write", exact=True).click()
        violations += axe_serious(ana)
        # The questions to start from read as answers to pick, lighter than the field's label.
        weights = ana.evaluate(
            "() => [...document.querySelectorAll('label')].filter(l => l.querySelector("
            "':scope > input[type=radio]')).map(l => getComputedStyle(l).fontWeight)"
        )
        assert weights and set(weights) == {"400"}, weights
        ana.get_by_label("Your words").fill(words)
        ana.get_by_role("button", name="Save").click()
        expect(ana.get_by_text("Only you. It is private.")).to_be_visible()
    violations += axe_serious(ana)

    ana.get_by_role("button", name="Share with my partner").click()
    confirm_step(ana)  # htmx swaps the page's main part for the password form
    expect(ana.get_by_text("Ben can read this entry.")).to_be_visible()
    ben.goto("/me/journal/shared-with-you/")
    expect(ben.get_by_text(SHARED)).to_be_visible()
    expect(ben.get_by_text(PRIVATE)).to_have_count(0)
    violations += axe_serious(ben)

    ana.get_by_role("button", name="Stop sharing with my partner").click()
    expect(ana.get_by_text("Sharing stopped.")).to_be_visible()
    ben.reload()
    expect(ben.get_by_text(SHARED)).to_have_count(0)
    expect(ben.get_by_text("Nothing has been shared with you here yet.")).to_be_visible()

    ana.goto("/me/journal/")
    expect(ana.get_by_text(PRIVATE)).to_be_visible()
    expect(ana.get_by_text(SHARED)).to_be_visible()
    assert not violations, violations


def _age_the_password(page: Page, away: float = 0) -> None:
    """As if she typed her password an hour ago, and was in her journal ``away`` seconds ago."""
    import time

    from django.contrib.sessions.backends.base import SessionBase

    from interdepend.web.accounts.reauth import REAUTH_AT_KEY
    from interdepend.web.accounts.sessions import SessionStore
    from interdepend.web.journal.idle import JOURNAL_SEEN_KEY

    cookie = next(c for c in page.context.cookies() if c["name"] == "interdepend_session")
    store: SessionBase = SessionStore(cookie["value"])
    store[REAUTH_AT_KEY] = time.time() - 3600
    store[JOURNAL_SEEN_KEY] = time.time() - away
    store.save()


def _save_an_entry(page: Page, words: str) -> None:
    """Write an entry and save it. Typing tells the server she is here, and the test waits for
    its answer: still on its way, it could save the session back over what the test does next
    (a password aged, a time away), as CI met on a loaded machine. So it waits for the saved
    entry's page: a press returns as the form leaves, and the test's next page, asked for
    while the save was still on its way, stopped it (``net::ERR_ABORTED``, or no entry)."""
    page.goto("/me/journal/write/")
    with page.expect_response(lambda answer: "/account/still-here/" in answer.url):
        page.get_by_label("Your words").fill(words)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Only you. It is private.")).to_be_visible()


def _hold_the_clock(page: Page) -> float:
    """From here on, the page's clock moves only as the test runs it on; the moment it holds
    (Unix seconds, as Playwright's Python takes them) is returned. Installed, the clock also
    runs by itself, with real time: on a loaded machine the seconds spent between two moves (the
    server answering, axe reading the page) counted towards the lock, and a page left five
    seconds before it locked itself before the test pressed its key. Held a minute ahead (a
    moment that cannot be past yet), before the page that counts loads."""
    held = float(page.evaluate("Date.now()")) / 1000 + 60
    page.clock.pause_at(held)
    return held


#: Resolves ``window.scrollSettled`` once the page has stopped scrolling, or at once when it
#: cannot scroll further down: a key or a tap scrolls the page smoothly, in frames of its own.
SCROLL_SETTLES = """() => { window.scrollSettled = new Promise((done) => {
  const page = document.scrollingElement;
  if (page.scrollTop + window.innerHeight >= page.scrollHeight) { done(); return; }
  document.addEventListener("scrollend", () => done(), {once: true});
}); }"""


def _press_and_settle(page: Page, key: str) -> None:
    """Press a key on a private page, wait for the server's answer to what it told, and until
    the scroll it set going has stopped. A scroll is the page used too: one still moving as the
    test runs the clock on told the server again, minutes later by the page's clock, and that
    report could land after the password was aged and save the session back open (the lock
    never came, and the journal stayed on the screen)."""
    page.evaluate(SCROLL_SETTLES)
    with page.expect_response(lambda answer: "/account/still-here/" in answer.url):
        page.keyboard.press(key)
    page.evaluate("() => window.scrollSettled")


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_sharing_after_a_while_asks_for_the_password_on_a_page_of_its_own(
    make_context: ContextMaker, viewport: str
) -> None:
    """The share button is sent by htmx: its answer, a form asking for her password (asked
    each time, however recent her last one), takes the page's main part (not the entry's
    card, and never a page inside the page); with the password typed, the entry is shared
    without a second press."""
    ana = make_context(viewport, "light").new_page()
    sign_up(ana, "Ana", "ana@example.test", PASSWORD)
    ben = make_context("phone", "dark").new_page()
    sign_up(ben, "Ben", "ben@example.test", PASSWORD)
    link(ana, ben)
    _save_an_entry(ana, SHARED)
    expect(ana.get_by_text("Only you. It is private.")).to_be_visible()
    entry = ana.url
    _age_the_password(ana)

    ana.get_by_role("button", name="Share with my partner").click()
    expect(ana.get_by_role("heading", name="Type your password for this step")).to_be_visible()
    assert ana.locator("header.site-header").count() == 1  # one page, not one inside another
    assert ana.url == entry
    violations = axe_serious(ana)
    ana.get_by_label("Your password").fill("not her password")
    ana.get_by_role("button", name="Confirm and continue").click()
    expect(ana.get_by_text("That password is not right. Please try again.")).to_be_visible()
    expect(ana.get_by_label("Your password")).to_be_focused()
    confirm_step(ana)
    expect(ana.get_by_text("Ben can read this entry.")).to_be_visible()
    assert not violations, violations


def test_typing_a_long_entry_tells_the_server_she_is_still_here(
    make_context: ContextMaker,
) -> None:
    """On a private page, the first key she types (then at most one a minute) posts to the
    still-here address, which keeps the private pages' window open while she writes."""
    page = make_context("phone").new_page()
    sign_up(page, "Ana", "ana.writes@example.test", PASSWORD)
    page.goto("/me/journal/write/")
    with page.expect_request(lambda r: r.url.endswith("/account/still-here/")) as said:
        page.get_by_label("Your words").press_sequentially("Slowly")
    assert said.value.method == "POST"
    answer = said.value.response()
    assert answer is not None and answer.status == 204
    page.goto("/together/bids/")  # not a private page: nothing is sent while typing there
    assert page.evaluate("document.body.dataset.stillHere") is None


def test_a_press_that_goes_to_the_server_on_its_own_says_nothing_more(
    make_context: ContextMaker,
) -> None:
    """A tap on a link, or on a button that sends its form, reaches the server on its own. The
    still-here report the same tap sent went with it, and the server, answering both at once,
    could save the session back over what the press did (a step that asks for the password,
    words kept for it). The press says nothing more; a tap anywhere else on the page still
    tells. (The taps are the events alone: a real click would also scroll, and leave.)"""
    page = make_context("phone").new_page()
    sign_up(page, "Ana", "ana.presses@example.test", PASSWORD)
    page.goto("/me/journal/write/")
    told: list[str] = []
    page.on("request", lambda asked: told.append(asked.url) if "still-here" in asked.url else None)
    page.get_by_role("button", name="Save").dispatch_event("pointerdown")
    page.get_by_role("link", name="Reflect").first.dispatch_event("pointerdown")
    page.locator("#quick-exit").dispatch_event("pointerdown")
    with page.expect_response(lambda answer: "/account/still-here/" in answer.url):
        page.locator("main h1").dispatch_event("pointerdown")
    assert len(told) == 1, told  # the last tap's alone


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_an_entry_saved_after_a_long_pause_is_kept_through_the_password(
    make_context: ContextMaker, viewport: str
) -> None:
    """She wrote, left the page untouched past the window, then pressed Save: the password page
    keeps her words and, once it is her, shows them back; her own press saves them, once."""
    page = make_context(viewport).new_page()
    sign_up(page, "Ana", "ana.pause@example.test", PASSWORD)
    page.goto("/me/journal/write/")
    # Typing tells the server she is here: its answer lands before the password is aged.
    with page.expect_response(lambda answer: "/account/still-here/" in answer.url):
        page.get_by_label("Your words").fill(PRIVATE + "\nSecond line.")
    _age_the_password(page, away=3600)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Confirm it is you")).to_be_visible()
    expect(page.get_by_text("Nothing has been saved yet", exact=False)).to_be_visible()
    violations = axe_serious(page)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Continue", exact=True).click()
    expect(page.get_by_role("heading", name="Thank you, that was you")).to_be_visible()
    expect(page.locator("blockquote.kept-text")).to_contain_text(PRIVATE)
    violations += axe_serious(page)
    page.get_by_role("button", name="Save it").click()
    expect(page.get_by_text("Only you. It is private.")).to_be_visible()
    expect(page.get_by_text(PRIVATE)).to_be_visible()
    expect(page.get_by_text("Second line.")).to_be_visible()
    page.goto("/me/journal/")
    expect(page.get_by_text(PRIVATE)).to_have_count(1)
    assert not violations, violations


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_a_private_page_left_open_locks_itself(make_context: ContextMaker, viewport: str) -> None:
    """The phone audit left her journal open for 20 minutes: every entry was still on the
    screen (only the next page load asked for the password). Left alone past the window, the
    page hides itself and the password page takes its place in the history, so Back does not
    bring it back; words typed and not sent meet the password page, which keeps them."""
    page = make_context(viewport).new_page()
    page.clock.install()
    sign_up(page, "Ana", "ana.away@example.test", PASSWORD)
    _save_an_entry(page, PRIVATE)
    expect(page.get_by_text("Only you. It is private.")).to_be_visible()
    page.goto("/me/journal/")
    expect(page.get_by_text(PRIVATE)).to_be_visible()
    page.clock.run_for(10 * 60_000)  # ten minutes: still open
    expect(page.get_by_text(PRIVATE)).to_be_visible()
    _age_the_password(page, away=3600)
    page.clock.run_for(6 * 60_000)
    expect(page.get_by_role("heading", name="Confirm it is you")).to_be_visible()
    assert PRIVATE not in page.content()
    page.go_back()  # the entry before: private too, so the password page again
    expect(page.get_by_role("heading", name="Confirm it is you")).to_be_visible()
    expect(page.get_by_text(PRIVATE)).to_have_count(0)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Continue", exact=True).click()
    expect(page.get_by_text(PRIVATE)).to_be_visible()

    # Half an entry, then away: kept behind the password, shown back once it is her.
    page.goto("/me/journal/write/")
    with page.expect_response(lambda answer: "/account/still-here/" in answer.url):
        page.get_by_label("Your words").fill("Half a thought")  # told before the password is aged
    _age_the_password(page, away=3600)
    page.clock.run_for(16 * 60_000)
    expect(page.get_by_role("heading", name="Confirm it is you")).to_be_visible()
    assert "Half a thought" not in page.locator("main").inner_text()
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Continue", exact=True).click()
    expect(page.get_by_text("Half a thought")).to_be_visible()


def test_changing_the_language_asks_before_losing_what_she_typed(
    make_context: ContextMaker,
) -> None:
    """The phone walk lost a half-written form to the language chooser at the foot of the
    page. With words typed and not sent, it asks first; "Cancel" keeps her words."""
    page = make_context("phone").new_page()
    sign_up(page, "Ana", "ana.lang@example.test", PASSWORD)
    page.goto("/me/journal/write/")
    page.get_by_label("Your words").fill("Words not yet saved")
    page.locator("#language-choice").select_option("es")
    asked: list[str] = []

    def say_cancel(dialog: Dialog) -> None:
        asked.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", say_cancel)
    page.get_by_role("button", name="Change language").click()
    expect(page.get_by_label("Your words")).to_have_value("Words not yet saved")
    assert asked and "not saved yet" in asked[0]
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Change language").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")


@pytest.mark.parametrize("viewport", ["phone"])
def test_a_minute_before_it_locks_the_page_says_so_and_a_key_keeps_it_open(
    make_context: ContextMaker, viewport: str
) -> None:
    """The accessibility audit of 2026-12-04 (M3): someone reading with a screen reader, whose
    arrow keys never reach the page, was locked mid-reading with no warning, and the password
    page then spoke of "the next step" she had not taken. A minute before, an alert now says the
    page will lock and how to stay; any key keeps it open; once locked, the password page says
    why."""
    page = make_context(viewport).new_page()
    page.clock.install()
    sign_up(page, "Ana", "ana.reading@example.test", PASSWORD)
    _save_an_entry(page, PRIVATE)
    held = _hold_the_clock(page)
    page.goto("/me/journal/")
    warning = page.get_by_role("alert")
    expect(warning).to_have_count(0)
    page.clock.run_for(13 * 60_000)
    expect(page.locator("#idle-warning")).to_be_hidden()
    page.clock.run_for(66_000)  # the warning comes a minute before the lock (15 min 5 s)
    expect(warning).to_have_text(
        "This page will lock itself in a minute, to keep it private. Press any key or tap the "
        "page to stay."
    )
    # axe waits on the page's timers: the clock runs while it reads (the warning's minute is
    # the margin), then holds again at 15 minutes, five seconds before the lock.
    page.clock.resume()
    assert not axe_serious(page)
    page.clock.pause_at(held + 15 * 60)
    # The key tells the server she is still here; its answer must land before the password is
    # aged below, or it would open the window again (a race CI met on a loaded machine).
    _press_and_settle(page, "ArrowDown")
    expect(page.locator("#idle-warning")).to_be_hidden()
    page.clock.run_for(2 * 60_000)  # past the first lock time: she pressed a key
    expect(page.get_by_text(PRIVATE)).to_be_visible()
    _age_the_password(page, away=3600)
    page.clock.run_for(16 * 60_000)
    expect(page.get_by_role("heading", name="Confirm it is you")).to_be_visible()
    expect(
        page.get_by_text("The page you had open locked itself after a while without use")
    ).to_be_visible()
    assert PRIVATE not in page.content()


def _out_of_sight(page: Page, state: str) -> None:
    """As the browser does when her phone locks (``hidden``) and wakes (``visible``)."""
    page.evaluate(
        "state => { Object.defineProperty(document, 'visibilityState',"
        " {value: state, configurable: true});"
        " document.dispatchEvent(new Event('visibilitychange')); }",
        state,
    )


def _out_of_sight_told(page: Page, state: str) -> None:
    """:func:`_out_of_sight`, and wait until the server has answered what the page told it:
    each report writes the session, and one still on its way could save it back over the next
    (a lock, a time away) on a loaded machine."""
    with page.expect_response(lambda answer: "/account/stepped-away/" in answer.url):
        _out_of_sight(page, state)


@pytest.mark.parametrize("viewport", ["phone"])
def test_a_page_out_of_sight_a_while_locks_as_it_is_seen_again(
    make_context: ContextMaker, viewport: str
) -> None:
    """The phone audit of 2026-12-04 (M3): she locked her phone on her journal, and whoever
    woke it within fifteen minutes read the page and everything behind Back. Out of sight more
    than a minute, the page locks as it is seen again and tells the server, so Back and reloads
    ask for the password too; a short look at another app changes nothing."""
    page = make_context(viewport).new_page()
    page.clock.install()
    sign_up(page, "Ana", "ana.away@example.test", PASSWORD)
    _save_an_entry(page, PRIVATE)
    page.goto("/me/journal/")
    expect(page.get_by_text(PRIVATE)).to_be_visible()

    _out_of_sight_told(page, "hidden")
    page.clock.run_for(20_000)
    _out_of_sight_told(page, "visible")  # the server says it is not locked: nothing happens
    page.wait_for_timeout(300)
    expect(page.get_by_text(PRIVATE)).to_be_visible()

    _out_of_sight_told(page, "hidden")
    page.clock.run_for(90_000)
    _out_of_sight_told(page, "visible")  # the page's own clock locks it, and tells the server
    expect(page.get_by_role("heading", name="Confirm it is you")).to_be_visible()
    assert PRIVATE not in page.content()
    page.go_back()
    expect(page.get_by_role("heading", name="Confirm it is you")).to_be_visible()
    assert PRIVATE not in page.content()
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text(PRIVATE)).to_be_visible()

    # A page the phone dropped while locked loads again as it wakes: the same. (Its mark was
    # left as it went out of sight; a reload's own unloading would write a fresh one.)
    page.add_init_script("sessionStorage.setItem('interdepend-away', String(Date.now() - 120000))")
    page.reload()
    expect(page.get_by_role("heading", name="Confirm it is you")).to_be_visible()
    assert PRIVATE not in page.content()


def _read_further_down(page: Page) -> None:
    """Scroll the page down, as she reads on: wait for what the scroll told the server (the
    first use of a page says she is still here) and until the scroll has stopped."""
    page.evaluate(SCROLL_SETTLES)
    with page.expect_response(lambda answer: "/account/still-here/" in answer.url):
        page.mouse.wheel(0, 2_000)
    page.evaluate("() => window.scrollSettled")
    assert page.evaluate("window.scrollY") > 0


@pytest.mark.parametrize("viewport", ["phone"])
def test_a_page_locking_itself_does_not_say_she_is_still_here(
    make_context: ContextMaker, viewport: str
) -> None:
    """Hiding what a page shows as it locks itself takes a page read further down back to its
    top, and that scroll was taken for her using the page: it told the server she was still
    here as it locked, by its own clock or as it was seen again after a while out of sight,
    beside its word that she had stepped away. Answered at the same moment, the two could leave
    her journal open behind the password page, for a reload or a new tab. A page locking
    itself says nothing more."""
    page = make_context(viewport).new_page()
    page.clock.install()
    sign_up(page, "Ana", "ana.scrolls@example.test", PASSWORD)
    _save_an_entry(page, PRIVATE)
    _hold_the_clock(page)
    page.goto("/me/journal/")
    told: list[str] = []
    page.on("request", lambda asked: told.append(asked.url) if "still-here" in asked.url else None)

    _read_further_down(page)
    told.clear()
    page.clock.run_for(16 * 60_000)  # left alone: the page locks itself
    expect(page.get_by_role("heading", name="Confirm it is you")).to_be_visible()
    assert not told, told

    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Continue", exact=True).click()
    expect(page.get_by_text(PRIVATE)).to_be_visible()
    _read_further_down(page)
    told.clear()
    _out_of_sight_told(page, "hidden")
    page.clock.run_for(90_000)
    _out_of_sight_told(page, "visible")  # the page's own clock locks it as it is seen again
    expect(page.get_by_role("heading", name="Confirm it is you")).to_be_visible()
    assert not told, told


@pytest.mark.parametrize("viewport", ["phone"])
def test_any_page_out_of_sight_a_while_locks_her_private_pages_in_a_new_tab(
    make_context: ContextMaker, viewport: str, settings: Settings
) -> None:
    """The security audit of 2026-12-04 (M1): she left the start page in front and locked her
    phone; whoever woke it after a minute opened her journal in a new tab, or from the menu,
    without her password. The page tells the server as it goes out of sight, and the server
    keeps the time (real seconds here: the server's clock is not the page's)."""
    settings.PRIVATE_AWAY_SECONDS = 2
    context = make_context(viewport)
    page = context.new_page()
    sign_up(page, "Ana", "ana.tabs@example.test", PASSWORD)
    _save_an_entry(page, PRIVATE)
    page.goto("/")
    # The time away counts from when the server heard the page (not when the page spoke).
    _out_of_sight_told(page, "hidden")
    page.wait_for_timeout(2_500)
    tab = context.new_page()
    tab.goto("/me/journal/")
    expect(tab.get_by_role("heading", name="Confirm it is you")).to_be_visible()
    assert PRIVATE not in tab.content()
    # The start page, seen again, asks nothing (it shows nothing private) and stays signed in.
    _out_of_sight_told(page, "visible")
    page.get_by_role("link", name="Reflect").first.click()
    expect(page.get_by_role("heading", name="Confirm it is you")).to_be_visible()
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text(PRIVATE)).to_be_visible()


@pytest.mark.parametrize("viewport", ["phone"])
def test_following_a_link_is_not_stepping_away(
    make_context: ContextMaker, viewport: str, settings: Settings
) -> None:
    """A page left by a link goes out of sight too; it says nothing then, so reading the next
    page for longer than the time away never locks it."""
    settings.PRIVATE_AWAY_SECONDS = 1
    page = make_context(viewport).new_page()
    sign_up(page, "Ana", "ana.links@example.test", PASSWORD)
    told: list[str] = []
    page.on(
        "request", lambda asked: told.append(asked.url) if "stepped-away" in asked.url else None
    )
    _save_an_entry(page, PRIVATE)
    page.goto("/")
    # As a browser leaving the page does: pagehide first, then out of sight.
    page.evaluate("window.dispatchEvent(new PageTransitionEvent('pagehide', {persisted: false}))")
    _out_of_sight(page, "hidden")
    page.wait_for_timeout(300)
    page.get_by_role("link", name="Reflect").first.click()
    page.wait_for_timeout(1_500)
    page.reload()
    expect(page.get_by_text(PRIVATE)).to_be_visible()
    assert not told
