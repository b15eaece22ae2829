"""Steps the browser tests share."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from playwright.sync_api import Page, expect

if TYPE_CHECKING:
    from tests.browser.conftest import ContextMaker

_axe = Axe()

#: The password of the people the browser tests sign up through the form.
PASSWORD = "a calm and long passphrase"


def axe_serious(page: Page) -> list[str]:
    """Serious or critical axe-core violations on the current page, once it has loaded: a click
    that opens another page returns as soon as the new page has begun to arrive, and a page
    read half drawn (its script yet to run) is not the page she sees."""
    page.wait_for_load_state("load")
    results = _axe.run(page)
    return [
        f"{page.url}: {v['id']} ({v['impact']}): {v['help']}"
        for v in results.response["violations"]
        if v.get("impact") in {"serious", "critical"}
    ]


def confirmation_path(email: str) -> str:
    """The path of the newest sign-up confirmation link mailed to the address."""
    messages = [m for m in mail.outbox if m.to == [email]]
    assert messages, f"no mail to {email}"
    found = re.search(r"https?://\S+", str(messages[-1].body))
    assert found is not None
    return urlsplit(found.group(0)).path


def sign_up(page: Page, name: str, email: str, password: str) -> None:
    """Sign up through the form, then follow the confirmation link from the mail outbox."""
    page.goto("/signup/")
    page.get_by_label("What should we call you?").fill(name)
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Create my account").click()
    page.wait_for_url("**/signup/sent/")
    page.goto(confirmation_path(email))
    page.get_by_label("The password you chose when you signed up").fill(password)
    page.get_by_role("button", name="Create my account").click()
    page.wait_for_url(lambda url: urlsplit(url).path == "/")


def signed_in_again_unseen(page: Page, email: str, password: str) -> None:
    """Sign out and in again as another tab would, with no page drawn: a tab the phone had put
    to sleep hears nothing from the others (signing out in a tab that is awake sends her other
    tabs to the sign-in page), and wakes with a form key from before the new sign-in."""
    api = page.context.request
    assert api.post("/logout/").ok
    form = api.get("/login/").text()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
    assert token is not None
    fields = {"csrfmiddlewaretoken": token.group(1), "username": email, "password": password}
    signed_in = api.post("/login/", form=fields, max_redirects=0)
    assert signed_in.status == 302, signed_in.status


def _send_password(page: Page, email: str, password: str) -> None:
    page.goto("/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def log_in(page: Page, email: str, password: str) -> None:
    """Log in through the form and wait for the home page."""
    _send_password(page, email, password)
    page.wait_for_url("**/")


def password_step(page: Page, email: str, password: str) -> None:
    """Send the password of an account with a second step, and wait for that step."""
    _send_password(page, email, password)
    page.wait_for_url("**/login/second-step/")


def confirm_step(page: Page, password: str = PASSWORD) -> None:
    """A step that lets someone see more of her asks for her password typed for it, each time:
    type it on the page that asks, and send what the step carried."""
    expect(page.get_by_role("heading", name="Type your password for this step")).to_be_visible()
    page.get_by_label("Your password").fill(password)
    page.get_by_role("button", name="Confirm and continue").click()


def invitation_made(page: Page) -> None:
    """Make a partner invitation from the Us page, and wait for its code and link."""
    page.goto("/us/")
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Make an invitation").click()
    expect(page.locator("#invite-code")).to_be_visible()
    expect(page.locator("#invite-link")).to_be_visible()


def link(ana: Page, ben: Page) -> None:
    """Ana makes an invitation and Ben accepts it by its code: they are partners."""
    invitation_made(ana)
    code = ana.locator("#invite-code").inner_text().strip()
    ben.goto("/us/")
    ben.get_by_label("Invitation code").fill(code)
    ben.get_by_role("button", name="Look up the invitation").click()
    ben.get_by_label("Your password").fill(PASSWORD)
    ben.get_by_role("button", name="Accept").click()
    expect(ben.get_by_role("heading", name="You and Ana")).to_be_visible()


def new_couple(make_context: ContextMaker) -> tuple[Page, Page]:
    """Ana on a desktop in light mode and Ben on a phone in dark mode sign up and link."""
    ana = make_context("desktop", "light").new_page()
    ben = make_context("phone", "dark").new_page()
    sign_up(ana, "Ana", "ana@example.test", PASSWORD)
    sign_up(ben, "Ben", "ben@example.test", PASSWORD)
    link(ana, ben)
    return ana, ben
