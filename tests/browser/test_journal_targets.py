"""The journal's list, at both sizes, light and dark: each entry's "Open" is a target at least
44 px each way (the second phone walk: in Spanish on a phone "Abrir" was 41 px wide, the width
of its word)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ColorScheme, ContextMaker
from tests.browser.helpers import PASSWORD, axe_serious, sign_up

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    ("viewport", "scheme", "language", "word"),
    [("phone", "dark", "es", "Abrir"), ("desktop", "light", "en", "Open")],
)
def test_each_entrys_open_link_is_a_44_px_target(
    make_context: ContextMaker, viewport: str, scheme: ColorScheme, language: str, word: str
) -> None:
    from interdepend.web.accounts.models import User
    from interdepend.web.journal.services import entry_create

    page = make_context(viewport, scheme).new_page()
    sign_up(page, "Ana", "ana@example.test", PASSWORD)
    ana = User.objects.get(email="ana@example.test")
    User.objects.filter(pk=ana.pk).update(language=language)
    entry_create(owner=ana, body="A quiet evening, on my own.", prompt_key="", idem_key="t1")
    page.goto("/me/journal/")
    link = page.locator("ul.entries a", has_text=word)
    expect(link).to_have_count(1)
    box = link.bounding_box()
    assert box is not None
    assert box["width"] >= 44 and box["height"] >= 44, box
    assert not axe_serious(page)
    link.click()
    expect(page.get_by_text("A quiet evening, on my own.")).to_be_visible()
