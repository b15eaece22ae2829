"""What the year walk of 2026-12-05 (the thirteenth) met, held in Chromium at 390 x 844 and
1280 x 900.

A new invitation's link wrapped inside its code on a phone ("...A9TT" over "-G8N3/"), so that
her partner, reading it off her screen, could take the two halves for two things."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import VIEWPORTS, ContextMaker
from tests.browser.helpers import PASSWORD, axe_serious, log_in
from tests.browser.test_phone_walk_five import person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: The lines the code takes up inside the link's box: the distinct tops of its letters.
CODE_LINES = """() => {
  const code = document.querySelector('#invite-code').textContent.trim();
  const box = document.querySelector('#invite-link');
  const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
  const letters = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.data.length; i++) letters.push([node, i]);
  }
  const text = letters.map(([node, i]) => node.data[i]).join('');
  const start = text.lastIndexOf(code);
  const tops = new Set();
  for (let k = start; k < start + code.length; k++) {
    const [node, i] = letters[k];
    const range = document.createRange();
    range.setStart(node, i); range.setEnd(node, i + 1);
    tops.add(Math.round(range.getBoundingClientRect().top));
  }
  return { start, code, link: text, lines: tops.size, width: box.getBoundingClientRect().right };
}"""


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_the_invitation_link_keeps_its_code_on_one_line(
    make_context: ContextMaker, viewport: str
) -> None:
    person("Lena")
    page = make_context(viewport).new_page()
    log_in(page, "lena@example.test", PASSWORD)
    page.goto("/us/")
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Make an invitation").click()
    expect(page.locator("#invite-link")).to_be_visible()
    found = page.evaluate(CODE_LINES)
    assert found["start"] > 0, found
    assert found["lines"] == 1, found
    assert found["width"] <= VIEWPORTS[viewport]["width"], found
    page.screenshot(path=f"/tmp/walk13/invitation-{viewport}.png", full_page=True)
    assert axe_serious(page) == []
