"""Downloading one's data: the file comes, and the password does not stay behind in the page."""

from __future__ import annotations

import zipfile

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ContextMaker
from tests.browser.helpers import PASSWORD, axe_serious, sign_up

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_the_password_is_gone_from_the_page_once_the_download_starts(
    make_context: ContextMaker, viewport: str
) -> None:
    """The download answers with a file, so the page stayed as it was, her password still in
    its box: anyone at the screen could press the button again (the desktop walk of
    2026-12-02). The box is emptied as the form is sent; a second press asks again."""
    page = make_context(viewport).new_page()
    sign_up(page, "Rosa", "rosa@example.test", PASSWORD)
    page.goto("/me/data/")
    box = page.get_by_label("Your password")
    box.fill(PASSWORD)
    with page.expect_download() as waiting:
        page.get_by_role("button", name="Download my data").click()
    download = waiting.value
    with zipfile.ZipFile(download.path()) as archive:
        assert "README.txt" in archive.namelist()
    expect(box).to_have_value("")
    page.get_by_role("button", name="Download my data").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    assert axe_serious(page) == []
