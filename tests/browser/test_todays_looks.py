"""What the look at the day's new pages (2026-12-05) met, held in Chromium at 390 x 844 and
1280 x 900, light and dark.

"Your earlier results" set each take's date in a link as tall as a finger (44 px, its words
centred in it) beside scores written at the top of their cells: every row's date sat some five
pixels lower than its own scores, so the eye ran from one line to the next one down.

Under forced colours (Windows' high contrast), with the count's bell now kept there, the bar
drew the line it keeps unseen under every entry in the system's text colour: a line ran under
all of them alike, and nothing but a bolder word said which part of the site she was in (the
row of a section's pages below it did the same).

"That form had expired", giving back a long entry, put "Open that page again, fresh" above her
words, and under them what that button does: the fresh page starts its form empty. On a phone
the button was on the first screen (537 px down) and the warning two screens further down
(2,289 px), under the words it would take away.

A practitioner's new invitation drew its link in the code's large letters, free to break
anywhere: on a phone and on a computer alike its code ran over two lines, where the invitation
for a partner keeps it whole on one line, its link broken before it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from interdepend.web.accounts.selectors import DEMO_PASSWORD
from interdepend.web.assessment import selectors
from interdepend.web.assessment.demo import complete_attempt, profile_answers
from tests.browser.conftest import VIEWPORTS, ColorScheme, ContextMaker
from tests.browser.helpers import PASSWORD, axe_serious, log_in, signed_in_again_unseen
from tests.browser.test_keyboard_walk import PAINTED, _contrast
from tests.browser.test_phone_walk_five import person
from tests.browser.test_practice_forty_clients import forty_clients
from tests.browser.test_writes_kept_browser import _forgive, _writing
from tests.browser.test_year_walk import CODE_LINES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: Each row of the takes: the bottom of the date's first line of words and of each score's.
ROW_LINES = """() => [...document.querySelectorAll('table.takes tbody tr')].map(row => {
  const first = (el) => {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.data.trim()) continue;
      const range = document.createRange();
      range.setStart(node, 0); range.setEnd(node, 1);
      return range.getBoundingClientRect().bottom;
    }
    return null;
  };
  return [first(row.querySelector('th a')), ...[...row.querySelectorAll('td')].map(first)];
})"""


@pytest.mark.parametrize(("viewport", "scheme"), [("phone", "dark"), ("desktop", "light")])
def test_each_take_s_date_sits_on_the_line_of_its_scores(
    make_context: ContextMaker, viewport: str, scheme: ColorScheme
) -> None:
    maya = person("Maya")
    for days, level in ((300, 3), (150, 4), (20, 6)):
        levels = {"self": level, "bond": 5, "enmeshment": 7 - level, "distance": 3}
        complete_attempt(
            maya, profile_answers(selectors.inventory(), levels), days_ago=days, seed=days
        )
    page = make_context(viewport, scheme).new_page()
    log_in(page, "maya@example.test", PASSWORD)
    page.goto("/me/assessment/")
    expect(page.locator("table.takes tbody tr")).to_have_count(3)
    rows = page.evaluate(ROW_LINES)
    for row in rows:
        date, *scores = row
        assert len(scores) == 4 and None not in row, row
        assert all(abs(date - score) <= 1 for score in scores), row
    assert axe_serious(page) == []


#: Each entry of the bar and of the row of a section's pages: its line's colour, whether it is
#: the current one, and the selector of its row (for the colour painted behind it).
LINES = """() => [
  ...[...document.querySelectorAll('.site-header nav a')].map(a => ['.site-header nav', a]),
  ...[...document.querySelectorAll('.subnav a')].map(a => ['.subnav', a]),
].map(([row, a]) => [row, a.hasAttribute('aria-current'), a.textContent.trim(),
  getComputedStyle(a).borderBottomColor.match(/[\\d.]+/g).map(Number).slice(0, 3)])"""


@pytest.mark.parametrize(("viewport", "scheme"), [("phone", "dark"), ("desktop", "light")])
def test_under_forced_colours_only_the_current_entry_is_underlined(
    make_context: ContextMaker, viewport: str, scheme: ColorScheme
) -> None:
    person("Maya")
    page = make_context(viewport, scheme).new_page()
    log_in(page, "maya@example.test", PASSWORD)
    page.emulate_media(forced_colors="active")
    page.goto("/me/journal/")
    entries = page.evaluate(LINES)
    assert {row for row, *_ in entries} == {".site-header nav", ".subnav"}, entries
    for row, current, name, line in entries:
        behind = tuple(page.evaluate(PAINTED, row))
        seen = _contrast(tuple(line), behind)
        if current:
            assert seen >= 3, (row, name, line, behind)
        else:
            assert seen < 1.5, (row, name, line, behind)
    assert sum(current for _, current, *_ in entries) == 2, entries


@pytest.mark.parametrize(("viewport", "scheme"), [("phone", "dark"), ("desktop", "light")])
def test_the_expired_form_page_shows_her_words_and_the_warning_before_the_button(
    make_context: ContextMaker, viewport: str, scheme: ColorScheme
) -> None:
    person("Ana")
    page = make_context(viewport, scheme).new_page()
    log_in(page, "ana@example.test", PASSWORD)
    _writing(page)
    signed_in_again_unseen(page, "ana@example.test", PASSWORD)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="That form had expired")).to_be_visible()
    _forgive(make_context, "Failed to load resource")
    words = page.locator("[data-unsent] .user-text").bounding_box()
    warning = page.get_by_text("The fresh page starts its form empty").bounding_box()
    again = page.get_by_role("link", name="Open that page again, fresh").bounding_box()
    assert words is not None and warning is not None and again is not None
    assert words["y"] + words["height"] <= warning["y"] < again["y"], (words, warning, again)
    assert axe_serious(page) == []


@pytest.mark.parametrize(("viewport", "scheme"), [("phone", "dark"), ("desktop", "light")])
def test_a_practitioner_s_invitation_link_keeps_its_code_on_one_line(
    make_context: ContextMaker, viewport: str, scheme: ColorScheme
) -> None:
    forty_clients()
    page = make_context(viewport, scheme).new_page()
    log_in(page, "robin@demo.interdepend.test", DEMO_PASSWORD)
    page.goto("/practice/")
    page.get_by_role("link", name="Invite a client").click()
    page.get_by_role("button", name="Make an invitation").click()
    expect(page.locator("#invite-link")).to_be_visible()
    found = page.evaluate(CODE_LINES)
    assert found["start"] > 0, found
    assert found["lines"] == 1, found
    assert found["width"] <= VIEWPORTS[viewport]["width"], found
    assert axe_serious(page) == []
