"""What the year walk of 2026-12-05 (the thirteenth) met, held in Chromium at 390 x 844 and
1280 x 900.

A new invitation's link wrapped inside its code on a phone ("...A9TT" over "-G8N3/"), so that
her partner, reading it off her screen, could take the two halves for two things.

Maya and Jonah then had a year behind them. A goal they had noted a step on every week drew
every step as a card, a page eleven screens long on a phone with "Edit this goal" under them
all."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from interdepend.web.together import services as together
from interdepend.web.together.models import GoalNote
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


def a_year_of_steps() -> str:
    """Maya's own goal with a step noted each week for a year: its address."""
    maya = person("Maya")
    goal = together.goal_create(
        owner=maya, partnership=None, title="Learn the cello", detail="", idem_key=""
    )
    now = timezone.now()
    for week in range(52):
        note = together.goal_note_add(
            goal=goal, author=maya, text=f"Week {week + 1}: practised.", idem_key=""
        )
        GoalNote.objects.filter(pk=note.pk).update(created_at=now - timedelta(weeks=51 - week))
    return f"/together/goals/{goal.public_id}/"


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_a_goal_with_a_year_of_steps_shows_the_latest_and_offers_the_rest(
    make_context: ContextMaker, viewport: str
) -> None:
    address = a_year_of_steps()
    page = make_context(viewport).new_page()
    log_in(page, "maya@example.test", PASSWORD)
    page.goto(address)
    steps = page.locator("ul.notes li")
    expect(steps).to_have_count(8)
    expect(steps.first).to_contain_text("Week 52: practised.")
    expect(steps.last).to_contain_text("Week 45: practised.")
    # The way to change the goal is within three screens of the top, not under a year of steps.
    edit = page.get_by_text("Edit this goal").bounding_box()
    assert edit is not None and edit["y"] < 3 * VIEWPORTS[viewport]["height"], edit
    page.screenshot(path=f"/tmp/walk13/goal-{viewport}.png", full_page=True)
    assert axe_serious(page) == []
    page.get_by_role("link", name="Show the earlier steps").click()
    expect(steps).to_have_count(52)
    expect(steps.last).to_contain_text("Week 1: practised.")
    expect(page.get_by_role("link", name="Show the earlier steps")).to_have_count(0)
