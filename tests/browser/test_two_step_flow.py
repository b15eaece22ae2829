"""In real Chromium: a person turns on two-step sign-in, signs in with the app's code, and with a
recovery code after "losing the phone"; someone who knows only the password stays out.

The app's codes are computed in the test from the key the page shows (pyotp), as an
authenticator app would.
"""

from __future__ import annotations

import re
import time

import pyotp
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ContextMaker
from tests.browser.helpers import axe_serious, password_step, sign_up

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "lena@example.test"
PASSWORD = "a long and quiet passphrase"


def next_code(key: str) -> str:
    """A code the server has not taken yet: the next 30-second step's (one step ahead counts)."""
    totp = pyotp.TOTP(key)
    return totp.at(int(time.time()) + totp.interval)


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_two_step_sign_in_holds_when_the_password_is_known(
    make_context: ContextMaker, viewport: str
) -> None:
    page = make_context(viewport).new_page()
    sign_up(page, "Lena", EMAIL, PASSWORD)
    page.goto("/account/two-step/")
    violations = axe_serious(page)
    page.get_by_role("button", name="Set up an authenticator app").click()
    page.wait_for_load_state()
    if "/account/confirm/" in page.url:  # the password is asked first when it is not fresh
        page.get_by_label("Your password").fill(PASSWORD)
        page.get_by_role("button", name="Continue", exact=True).click()
        page.get_by_role("button", name="Set up an authenticator app").click()
    expect(page.get_by_role("heading", name="Add your authenticator app")).to_be_visible()
    violations += axe_serious(page)
    key = page.locator("code.key").inner_text().replace(" ", "")
    assert page.locator("figure.qr svg").count() == 1
    # Typed from the screen, a group of four is never split across two lines.
    lines = page.locator("code.key").evaluate(
        """code => { const range = document.createRange(); const tops = new Map();
          for (let i = 0; i < code.textContent.length; i++) {
            range.setStart(code.firstChild, i); range.setEnd(code.firstChild, i + 1);
            const top = Math.round(range.getBoundingClientRect().top);
            tops.set(top, (tops.get(top) || "") + code.textContent[i]); }
          return [...tops.values()]; }"""
    )
    assert all(len(part.strip().replace(" ", "")) % 4 == 0 for part in lines[:-1]), lines
    page.get_by_role("textbox", name="Code").fill(pyotp.TOTP(key).now())
    page.get_by_role("button", name="Turn two-step sign-in on").click()
    # The first second step also asks for the password, typed in its own form. Sent without
    # it, the key is not shown again: she starts again with a new one.
    expect(page.get_by_role("alert")).to_contain_text("password was not right")
    assert key not in page.content().replace(" ", "")
    page.get_by_role("button", name="Start again with a new key").click()
    first_key, key = key, page.locator("code.key").inner_text().replace(" ", "")
    assert key != first_key
    page.get_by_role("textbox", name="Code").fill(pyotp.TOTP(key).now())
    page.locator("#app-password").fill(PASSWORD)
    page.get_by_role("button", name="Turn two-step sign-in on").click()
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    codes = re.findall(
        r"\b[0-9A-Z]{5}-[0-9A-Z]{5}\b", page.locator("ol.recovery-codes").inner_text()
    )
    assert len(codes) == 10
    violations += axe_serious(page)

    # Someone who knows the password, in another browser: the second step, and no way past it.
    other = make_context(viewport).new_page()
    other.goto("/login/")
    other.get_by_label("E-mail address").fill(EMAIL)
    other.get_by_label("Password").fill(PASSWORD)
    other.get_by_role("button", name="Log in").click()
    other.wait_for_url("**/login/second-step/")
    violations += axe_serious(other)
    other.get_by_role("textbox", name="Code").fill("123456")
    other.get_by_role("button", name="Sign in").click()
    expect(other.get_by_text("That code is not right")).to_be_visible()
    other.goto("/account/")
    assert "/login/" in other.url

    # The person signs in with the app's code.
    page.get_by_role("button", name="Log out").click()
    password_step(page, EMAIL, PASSWORD)
    page.get_by_role("textbox", name="Code").fill(next_code(key))
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: url.rstrip("/").endswith("127.0.0.1") or url.endswith("/"))
    page.goto("/account/sessions/")
    expect(page.get_by_text("a code from your authenticator app")).to_be_visible()

    # The phone is lost: a recovery code, typed in lower case, gets in once.
    page.get_by_role("button", name="Log out").click()
    password_step(page, EMAIL, PASSWORD)
    page.get_by_role("textbox", name="Code").fill(codes[0].lower())
    page.get_by_role("button", name="Sign in").click()
    page.goto("/account/two-step/")
    expect(page.get_by_text("9 recovery codes are left")).to_be_visible()
    assert not violations, "\n".join(violations)
