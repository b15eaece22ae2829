"""What the phone walk of 2026-12-03 met, held in Chromium at phone and desktop sizes: a long
bid comes back whole, the language chooser after a form's mistake, the ring on words the page
moves the focus to, and the sign-up link's password."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import ContextMaker
from tests.browser.helpers import PASSWORD, axe_serious, confirmation_path, link, sign_up

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG = "Can we take a walk after dinner tonight, just the two of us, phones at home? " * 6


def _couple(make_context: ContextMaker, viewport: str) -> tuple[Page, Page]:
    ana = make_context(viewport).new_page()
    ben = make_context(viewport, "dark").new_page()
    sign_up(ana, "Ana", "ana@example.test", PASSWORD)
    sign_up(ben, "Ben", "ben@example.test", PASSWORD)
    link(ana, ben)
    return ana, ben


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_a_long_bid_is_never_cut_and_the_language_chooser_returns_to_the_form(
    make_context: ContextMaker, viewport: str
) -> None:
    ana, ben = _couple(make_context, viewport)
    ana.goto("/together/bids/")
    box = ana.get_by_label("What would you like to share or ask?")
    box.fill(LONG)  # the browser keeps every character: the box has no limit of its own
    expect(box).to_have_value(LONG)
    ana.get_by_role("button", name="Send").click()
    expect(ana.get_by_text("Please keep this to 200 characters or fewer.")).to_be_visible()
    expect(box).to_have_value(LONG)  # whole, as she typed it
    assert axe_serious(ana) == []
    box.fill("Walk after dinner?")
    ana.get_by_role("button", name="Send").click()
    ben.goto("/together/bids/")
    expect(ben.get_by_role("heading", name="Waiting for your answer")).to_be_visible()
    expect(ben.get_by_role("group", name="Walk after dinner?")).to_be_visible()
    assert axe_serious(ben) == []

    # A decision with one option: the mistake is shown at /decide/new/, which answers only a
    # press; the language chooser there goes back to the page the form was on.
    ana.goto("/decide/")
    ana.get_by_label("What are you deciding?").fill("Where to live")
    ana.get_by_label("The options, one on each line").fill("Here")
    ana.get_by_role("button", name="Start deciding").click()
    expect(ana.get_by_text("at least two options")).to_be_visible()
    ana.once("dialog", lambda dialog: dialog.accept())  # "what you typed is not saved yet"
    ana.get_by_label("Language").select_option("es")
    ana.get_by_role("button", name="Change language").click()
    ana.wait_for_url("**/decide/")
    expect(ana.get_by_role("heading", level=1)).not_to_have_text("Aquí no hay nada que ver")
    assert ana.evaluate("document.documentElement.lang") == "es"


def test_words_the_page_moves_the_focus_to_wear_a_calm_mark(make_context: ContextMaker) -> None:
    """The warm ring a field with a mistake wears read as an error round "Saved." and round the
    start of an inventory page (the phone walk), and a ring of any colour as a stray box (the
    phone look audit): no ring, a short bar in the accent colour in the margin beside them."""
    page = make_context("desktop").new_page()
    sign_up(page, "Rosa", "rosa@example.test", PASSWORD)
    told = page.locator("main > .messages")
    expect(told).to_be_focused()
    assert told.evaluate("e => getComputedStyle(e).outlineStyle") == "none"
    mark = told.evaluate("e => getComputedStyle(e, '::before').backgroundColor")
    accent = page.evaluate(
        "(() => { const p = document.createElement('p'); p.style.color = 'var(--accent)';"
        " document.body.append(p); const c = getComputedStyle(p).color; p.remove(); return c; })()"
    )
    assert mark == accent


def test_a_sign_up_link_asks_for_the_password_it_was_made_with(make_context: ContextMaker) -> None:
    """Someone else signed up with her address first: his link, pressed with her password,
    makes nothing and says why; her own link makes her account."""
    page = make_context("phone").new_page()
    for password in ("someone-elses-password-1", PASSWORD):
        page.goto("/signup/")
        page.get_by_label("What should we call you?").fill("Vic")
        page.get_by_label("E-mail address").fill("vic@example.test")
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Create my account").click()
        page.wait_for_url("**/signup/sent/")
        if password != PASSWORD:
            his = confirmation_path("vic@example.test")
    page.goto(his)
    page.get_by_label("The password you chose when you signed up").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    expect(
        page.get_by_text("That is not the password this sign-up was asked with.")
    ).to_be_visible()
    assert axe_serious(page) == []
    page.goto(confirmation_path("vic@example.test"))
    page.get_by_label("The password you chose when you signed up").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    page.wait_for_url(lambda url: url.endswith("/"))
    expect(page.get_by_text("Welcome. Your account is ready.")).to_be_visible()
