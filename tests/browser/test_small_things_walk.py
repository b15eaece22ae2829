"""Small things the phone walk of 2026-12-05 saw, held in Chromium at 390 x 844 and 1280 x 900, in
English and Spanish: a man with no partner was offered "This is something we pursue together" on
the goal form; one error under a box was drawn as a list of one, with a bullet, and after the
box's hint rather than right under it; and only two pages of the account led back to it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from interdepend.web.accounts.services import user_create
from tests.browser.conftest import RESULTS, ContextMaker
from tests.browser.helpers import PASSWORD, axe_serious, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: Where each part of the new password's field is drawn, and how the wrong password's one error
#: is written.
PLACES = """() => {
  const at = id => document.getElementById(id).getBoundingClientRect();
  const box = at('id_new_password'), error = at('id_new_password_error'),
        hint = at('id_new_password_helptext');
  const one = document.getElementById('id_password_error');
  const sentence = one.querySelector('.errorlist');
  return { boxBottom: box.bottom, errorTop: error.top, errorBottom: error.bottom,
           hintTop: hint.top, items: one.querySelectorAll('li').length,
           display: getComputedStyle(sentence).display,
           sentenceLeft: sentence.getBoundingClientRect().left,
           boxLeft: document.getElementById('id_password').getBoundingClientRect().left,
           described: document.getElementById('id_new_password').getAttribute('aria-describedby') };
}"""


def choose_language(page: Page, language: str) -> None:
    page.locator("form.language-choice select").select_option(language)
    with page.expect_navigation():
        page.locator("form.language-choice button").click()
    page.wait_for_load_state("load")


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_small_things_of_the_walk(
    make_context: ContextMaker, viewport: str, language: str
) -> None:
    user_create(email="sam@example.test", password=PASSWORD, display_name="Sam")
    page = make_context(viewport).new_page()
    log_in(page, "sam@example.test", PASSWORD)
    if language == "es":
        choose_language(page, language)
    RESULTS.mkdir(exist_ok=True)

    # (1) Alone, his goal has no box to share it.
    page.goto("/together/goals/")
    expect(page.locator('input[name="title"]')).to_be_visible()
    expect(page.locator('input[name="together"]')).to_have_count(0)
    assert axe_serious(page) == []

    # (4) The account's pages lead back to it the same way, above their heading.
    page.goto("/account/password/")
    back = page.locator("main p:has(> a[href='/account/']) + h1")
    expect(back).to_have_count(1)

    # (2) and (5): one error is a sentence, right under its box, before the box's hint.
    page.locator("#id_password").fill("not the password")
    page.locator("#id_new_password").fill("short")
    with page.expect_navigation():  # the page sent back, not the one leaving
        page.locator("#id_password").press("Enter")
    page.wait_for_load_state("load")
    places = page.evaluate(PLACES)
    page.screenshot(path=str(RESULTS / f"small-things-errors-{viewport}-{language}.png"))
    assert places["items"] == 0 and places["display"] == "block", places
    assert abs(places["sentenceLeft"] - places["boxLeft"]) <= 1, places
    assert places["boxBottom"] <= places["errorTop"] + 1, places
    assert places["errorBottom"] <= places["hintTop"] + 1, places
    assert set(places["described"].split()) == {"id_new_password_helptext", "id_new_password_error"}
    assert axe_serious(page) == []
