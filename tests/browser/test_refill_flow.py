"""In real Chromium, on a phone: a person signed in a while ago types a practitioner's code, is
asked to confirm it is her, and finds the code back in its box (the designer's audit of
2026-12-03, finding 4: it came back empty). Connecting still asks for her password beside the
practitioner's name (docs/security.md says why)."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import Page, expect

from interdepend.web.accounts.services import user_create
from interdepend.web.demo import demo_load
from tests.browser.conftest import RESULTS, ContextMaker
from tests.browser.helpers import axe_serious, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a calm and long passphrase"
DEMO_PASSWORD = "demo-interdepend-2026"


def _signed_in_an_hour_ago(page: Page) -> None:
    """Her session as if her password was last typed an hour ago, while her private pages
    were in use a moment ago (as the journal flow's sessions are made)."""
    from django.contrib.sessions.backends.base import SessionBase

    from interdepend.web.accounts.idle import PRIVATE_SEEN_KEY
    from interdepend.web.accounts.reauth import REAUTH_AT_KEY
    from interdepend.web.accounts.sessions import SessionStore

    cookie = next(c for c in page.context.cookies() if c["name"] == "interdepend_session")
    store: SessionBase = SessionStore(cookie["value"])
    store[REAUTH_AT_KEY] = time.time() - 3600
    store[PRIVATE_SEEN_KEY] = time.time()
    store.save()


def test_a_practitioners_code_survives_the_password_page_on_a_phone(
    make_context: ContextMaker,
) -> None:
    demo_load()
    user_create(email="ana@example.test", password=PASSWORD, display_name="Ana")
    robin = make_context("desktop", "light").new_page()
    log_in(robin, "robin@demo.interdepend.test", DEMO_PASSWORD)
    robin.goto("/practice/")
    robin.get_by_label("One person").check()
    robin.get_by_role("button", name="Make an invitation").click()
    code = robin.locator("#invite-code").inner_text().strip()
    assert len(code.replace("-", "")) >= 20, code

    ana = make_context("phone", "light").new_page()
    log_in(ana, "ana@example.test", PASSWORD)
    _signed_in_an_hour_ago(ana)
    ana.goto("/practice/mine/")
    ana.get_by_label("Invitation code").fill(code)
    ana.get_by_role("button", name="Look up the invitation").click()

    expect(ana.get_by_role("heading", name="Confirm it is you", level=1)).to_be_visible()
    expect(ana.get_by_text("What you typed in the form is kept for you")).to_be_visible()
    assert code not in ana.url and code not in ana.content()
    violations = axe_serious(ana)
    RESULTS.mkdir(exist_ok=True)
    ana.screenshot(path=str(RESULTS / "refill-confirm-phone.png"), full_page=True)
    ana.get_by_label("Your password").fill(PASSWORD)
    ana.get_by_role("button", name="Continue").click()

    expect(ana.get_by_role("heading", name="Your practitioners", level=1)).to_be_visible()
    expect(ana.get_by_text("What you typed is back in its place")).to_be_visible()
    expect(ana.get_by_label("Invitation code")).to_have_value(code)
    violations += axe_serious(ana)
    ana.screenshot(path=str(RESULTS / "refill-back-phone.png"), full_page=True)
    # Nothing in the tab's history holds the code, in an address or a title.
    entries = ana.context.new_cdp_session(ana).send("Page.getNavigationHistory")["entries"]
    assert len(entries) >= 3
    assert not [e for e in entries if code in e["url"] or code in e["title"]], entries

    ana.get_by_role("button", name="Look up the invitation").click()
    invites = ana.get_by_role("heading", name=re.compile(r"^Robin\b.* invites you to connect$"))
    expect(invites).to_be_visible()
    # Connecting is the step that lets someone see more of her: her password, beside the name.
    ana.get_by_label("Your password, to connect").fill(PASSWORD)
    ana.get_by_role("button", name="Connect").click()
    expect(ana.get_by_text("You are connected.")).to_be_visible()
    assert not violations, violations
