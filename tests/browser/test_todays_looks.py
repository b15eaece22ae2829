"""What the look at the day's new pages (2026-12-05) met, held in Chromium at 390 x 844 and
1280 x 900, light and dark.

"Your earlier results" set each take's date in a link as tall as a finger (44 px, its words
centred in it) beside scores written at the top of their cells: every row's date sat some five
pixels lower than its own scores, so the eye ran from one line to the next one down."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from interdepend.web.assessment import selectors
from interdepend.web.assessment.demo import complete_attempt, profile_answers
from tests.browser.conftest import ColorScheme, ContextMaker
from tests.browser.helpers import PASSWORD, axe_serious, log_in
from tests.browser.test_phone_walk_five import person

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
