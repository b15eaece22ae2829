"""In real Chromium: two people sign up, link, and one leaves; the pages pass axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ColorScheme, ContextMaker
from tests.browser.helpers import axe_serious, sign_up

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a calm and long passphrase"


@pytest.mark.parametrize(("viewport", "scheme"), [("desktop", "light"), ("phone", "dark")])
def test_two_people_link_and_one_leaves(
    make_context: ContextMaker, viewport: str, scheme: ColorScheme
) -> None:
    violations: list[str] = []
    ana = make_context(viewport, scheme).new_page()
    ben = make_context(viewport, scheme).new_page()

    ana.goto("/")
    violations += axe_serious(ana)
    sign_up(ana, "Ana", "ana@example.test", PASSWORD)
    violations += axe_serious(ana)
    sign_up(ben, "Ben", "ben@example.test", PASSWORD)

    ana.get_by_role("link", name="Us", exact=True).click()
    violations += axe_serious(ana)
    ana.get_by_label("Your password").fill(PASSWORD)
    ana.get_by_role("button", name="Make an invitation").click()
    code = ana.locator("#invite-code").inner_text().strip()
    violations += axe_serious(ana)

    ben.goto("/us/")
    ben.get_by_label("Invitation code").fill(code)
    ben.get_by_role("button", name="Look up the invitation").click()
    expect(ben.get_by_role("heading", level=1)).to_contain_text("Ana invites you")
    violations += axe_serious(ben)
    ben.get_by_label("Your password").fill(PASSWORD)
    ben.get_by_role("button", name="Accept").click()
    expect(ben.get_by_role("heading", name="You and Ana")).to_be_visible()

    ana.goto("/us/")
    expect(ana.get_by_role("heading", name="You and Ben")).to_be_visible()
    ana.get_by_role("link", name="Leave this partnership").click()
    violations += axe_serious(ana)
    ana.get_by_label("Your password").fill(PASSWORD)
    ana.get_by_role("button", name="Leave now").click()
    expect(ana.get_by_text("not linked with a partner")).to_be_visible()

    ben.reload()
    expect(ben.get_by_text("not linked with a partner")).to_be_visible()
    expect(ben.get_by_role("heading", name="You and Ana")).to_have_count(0)
    assert not violations, "\n".join(violations)


def test_account_pages_pass_axe_and_quick_exit_leaves(make_context: ContextMaker) -> None:
    page = make_context("phone", "light").new_page()
    sign_up(page, "Cleo", "cleo@example.test", PASSWORD)
    violations: list[str] = []
    for path in (
        "/",
        "/account/",
        "/account/password/",
        "/account/sessions/",
        "/account/delete/",
        "/safety/",
        "/about/",
        "/us/join/",
    ):
        page.goto(path)
        violations += axe_serious(page)
    anonymous = make_context("desktop", "dark").new_page()
    for path in (
        "/login/",
        "/signup/",
        "/signup/sent/",
        "/password-reset/",
        "/password-reset/sent/",
    ):
        anonymous.goto(path)
        violations += axe_serious(anonymous)
    assert not violations, "\n".join(violations)

    fresh = make_context().new_page()
    fresh.goto("/login/")
    fresh.keyboard.press("Escape")
    fresh.wait_for_url("about:blank")
    fresh.go_back()
    assert "Log in" not in fresh.content()
    page.get_by_role("button", name="Quick exit").click()
    page.wait_for_url("about:blank")
