"""In real Chromium, with its virtual authenticator (DevTools protocol): a person adds a passkey
and an authenticator app, signs in with each, confirms a sensitive step with the passkey, loses
the phone and gets in with a recovery code; someone who knows the password stays out.

The live server answers at http://localhost:PORT (pytest-django's default), which Chromium
treats as a secure context; browsers refuse an IP address as a passkey's site. The app's codes
are computed in the test from the key the page shows (pyotp), as an authenticator app would.
"""

from __future__ import annotations

import re
import time
from urllib.parse import urlsplit

import pyotp
import pytest
from playwright.sync_api import CDPSession, Page, expect

from interdepend.web.accounts.reauth import REAUTH_AT_KEY
from interdepend.web.accounts.sessions import SessionStore
from tests.browser.conftest import ContextMaker
from tests.browser.helpers import axe_serious, password_step, sign_up

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "mira@example.test"
PASSWORD = "a long and quiet passphrase"
AUTHENTICATOR = {
    "protocol": "ctap2",
    "transport": "internal",
    "hasResidentKey": True,
    "hasUserVerification": True,
    "isUserVerified": True,
}


def with_authenticator(page: Page) -> tuple[CDPSession, str]:
    """A virtual passkey device attached to this page, as a phone's or laptop's would be."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    added = cdp.send("WebAuthn.addVirtualAuthenticator", {"options": AUTHENTICATOR})
    return cdp, str(added["authenticatorId"])


def at_home(page: Page) -> None:
    page.wait_for_url(lambda url: urlsplit(url).path == "/")


def next_code(key: str) -> str:
    """A code the server has not taken yet: the next 30-second step's (one step ahead counts)."""
    totp = pyotp.TOTP(key)
    return totp.at(int(time.time()) + totp.interval)


def age_the_proof(page: Page) -> None:
    """As if the person last confirmed it was them an hour ago (the session, server side)."""
    cookie = next(c for c in page.context.cookies() if c["name"] == "interdepend_session")
    store = SessionStore(cookie["value"])
    store[REAUTH_AT_KEY] = time.time() - 3600
    store.save()


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_passkey_app_and_recovery_code_hold_when_the_password_is_known(
    make_context: ContextMaker, viewport: str
) -> None:
    page = make_context(viewport).new_page()
    cdp, authenticator = with_authenticator(page)
    sign_up(page, "Mira", EMAIL, PASSWORD)

    # A passkey, named by her.
    page.goto("/account/two-step/")
    violations = axe_serious(page)
    page.get_by_label("A name for this passkey").fill("My phone")
    page.locator("#passkey-password").fill(PASSWORD)
    page.get_by_role("button", name="Add a passkey").click()
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    expect(page.get_by_text("asks for your passkey after your password")).to_be_visible()
    codes = re.findall(
        r"\b[0-9A-Z]{5}-[0-9A-Z]{5}\b", page.locator("ol.recovery-codes").inner_text()
    )
    assert len(codes) == 10
    page.screenshot(path=f"/tmp/passkey-codes-{viewport}.png", full_page=True)

    # And an authenticator app; the recovery codes stay the same set.
    page.get_by_role("link", name="I have kept them somewhere safe").click()
    expect(page.get_by_text("My phone", exact=True)).to_be_visible()
    violations += axe_serious(page)
    page.get_by_role("button", name="Set up an authenticator app").click()
    # A second one asks for the passkey now: neither the sign-up's sign-in nor making the
    # passkey counts as a second step proved at this moment.
    page.wait_for_url("**/account/confirm/**")
    page.get_by_role("button", name="Continue with a passkey").click()
    page.wait_for_url("**/account/two-step/")
    page.get_by_role("button", name="Set up an authenticator app").click()
    expect(page.get_by_role("heading", name="Add your authenticator app")).to_be_visible()
    key = page.locator("code.key").inner_text().replace(" ", "")
    page.get_by_role("textbox", name="Code").fill(pyotp.TOTP(key).now())
    # Her password too, typed beside it: the passkey she has is on this same device.
    page.locator("#app-password").fill(PASSWORD)
    page.get_by_role("button", name="Turn two-step sign-in on").click()
    expect(page.get_by_text("Your recovery codes stay as they were")).to_be_visible()
    page.screenshot(path=f"/tmp/passkey-two-step-{viewport}.png", full_page=True)

    # Signing in with the passkey.
    page.get_by_role("button", name="Log out").click()
    password_step(page, EMAIL, PASSWORD)
    violations += axe_serious(page)
    page.screenshot(path=f"/tmp/passkey-second-step-{viewport}.png", full_page=True)
    page.get_by_role("button", name="Sign in with a passkey").click()
    at_home(page)

    # Signing in with the app's code.
    page.get_by_role("button", name="Log out").click()
    password_step(page, EMAIL, PASSWORD)
    page.get_by_role("textbox", name="Code").fill(next_code(key))
    page.get_by_role("button", name="Sign in with the code").click()
    at_home(page)

    # A sensitive step, a while later: the passkey confirms it is her.
    age_the_proof(page)
    page.goto("/account/details/")
    page.wait_for_url("**/account/confirm/**")
    violations += axe_serious(page)
    page.screenshot(path=f"/tmp/passkey-confirm-{viewport}.png", full_page=True)
    page.get_by_role("button", name="Continue with a passkey").click()
    page.wait_for_url("**/account/details/")

    # Someone who knows the password, in another browser with a passkey device of their own.
    other = make_context(viewport).new_page()
    with_authenticator(other)
    other.goto("/login/")
    other.get_by_label("E-mail address").fill(EMAIL)
    other.get_by_label("Password").fill(PASSWORD)
    other.get_by_role("button", name="Log in").click()
    other.wait_for_url("**/login/second-step/")
    other.get_by_role("button", name="Sign in with a passkey").click()
    expect(other.get_by_text("Nothing was done: the passkey step was closed")).to_be_visible(
        timeout=15_000
    )
    other.get_by_role("textbox", name="Code").fill("123456")
    other.get_by_role("button", name="Sign in with the code").click()
    expect(other.get_by_text("That code is not right")).to_be_visible()
    other.goto("/account/")
    assert "/login/" in other.url

    # A browser without passkey support is told so, in our words, and offered the codes.
    old = make_context(viewport).new_page()
    old.add_init_script("delete window.PublicKeyCredential;")
    old.goto("/login/")
    old.get_by_label("E-mail address").fill(EMAIL)
    old.get_by_label("Password").fill(PASSWORD)
    old.get_by_role("button", name="Log in").click()
    old.wait_for_url("**/login/second-step/")
    old.get_by_role("button", name="Sign in with a passkey").click()
    expect(old.get_by_text("This browser cannot use passkeys")).to_be_visible()

    # The phone is lost: no passkey device any more, and a recovery code gets her in, once.
    cdp.send("WebAuthn.removeVirtualAuthenticator", {"authenticatorId": authenticator})
    page.get_by_role("button", name="Log out").click()
    password_step(page, EMAIL, PASSWORD)
    page.get_by_role("textbox", name="Code").fill(codes[0].lower())
    page.get_by_role("button", name="Sign in with the code").click()
    at_home(page)
    page.goto("/account/sessions/")
    expect(page.get_by_text("one of your passkeys (1 added)")).to_be_visible()
    expect(page.get_by_text("a recovery code (9 left)")).to_be_visible()
    assert "My phone" not in page.content()
    page.screenshot(path=f"/tmp/passkey-sessions-{viewport}.png", full_page=True)
    assert not violations, "\n".join(violations)
