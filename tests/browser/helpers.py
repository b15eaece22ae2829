"""Steps the browser tests share."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

_axe = Axe()


def axe_serious(page: Page) -> list[str]:
    """Serious or critical axe-core violations on the current page."""
    results = _axe.run(page)
    return [
        f"{page.url}: {v['id']} ({v['impact']}): {v['help']}"
        for v in results.response["violations"]
        if v.get("impact") in {"serious", "critical"}
    ]


def sign_up(page: Page, name: str, email: str, password: str) -> None:
    page.goto("/signup/")
    page.get_by_label("What should we call you?").fill(name)
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Create my account").click()
    page.wait_for_url("**/")
