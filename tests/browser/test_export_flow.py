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


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_a_download_after_an_empty_password_clears_the_old_mistake_and_says_it_started(
    make_context: ContextMaker, viewport: str
) -> None:
    """The keyboard audit of 2026-12-03, finding 7: sent empty, the page asks for the password
    (the box marked and described by "Please fill this in."); typed and sent again, the file
    came, but the message and the mark stayed, and nothing said the download had started."""
    page = make_context(viewport).new_page()
    sign_up(page, "Rosa", "rosa@example.test", PASSWORD)
    page.goto("/me/data/")
    page.get_by_role("button", name="Download my data").click()
    box = page.get_by_label("Your password")
    expect(box).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_text("Please fill this in.")).to_be_visible()
    status = page.get_by_role("status").filter(has_text="download")
    expect(status).to_have_count(0)
    box.fill(PASSWORD)
    with page.expect_download() as waiting:
        page.get_by_role("button", name="Download my data").click()
    with zipfile.ZipFile(waiting.value.path()) as archive:
        assert "README.txt" in archive.namelist()
    expect(box).to_have_value("")
    expect(page.get_by_text("Please fill this in.")).to_have_count(0)
    expect(box).not_to_have_attribute("aria-invalid", "true")
    described = box.get_attribute("aria-describedby") or ""
    assert all(page.locator(f"#{name}").count() == 1 for name in described.split()), described
    expect(page.get_by_role("status")).to_contain_text("Your download has started.")
    assert axe_serious(page) == []
