"""What the year walk of 2026-12-05 (the thirteenth) met, held in Chromium at 390 x 844 and
1280 x 900.

A new invitation's link wrapped inside its code on a phone ("...A9TT" over "-G8N3/"), so that
her partner, reading it off her screen, could take the two halves for two things.

Maya and Jonah then had a year behind them. A goal they had noted a step on every week drew
every step as a card, a page eleven screens long on a phone with "Edit this goal" under them
all. Her journal of two hundred entries was eleven pages with only "Older" and "Newer" between
them: an entry from last winter was eight pages away, with nothing to say which. Her five takes
of the inventory were five dates under "Your earlier results": to see how she had moved over
the year she had to open each one in turn."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from interdepend.web.assessment import selectors
from interdepend.web.assessment.demo import complete_attempt, profile_answers
from interdepend.web.journal import services as journal
from interdepend.web.journal.models import Entry
from interdepend.web.together import services as together
from interdepend.web.together.models import GoalNote
from tests.browser.conftest import VIEWPORTS, ContextMaker
from tests.browser.helpers import PASSWORD, axe_serious, invitation_made, log_in
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
    invitation_made(page)
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


def a_year_of_entries() -> None:
    """Maya's journal: five entries a month for the twelve months before this one, on the
    10th to the 14th at noon (no time zone moves one into another month)."""
    maya = person("Maya")
    today = timezone.localdate()
    for back in range(1, 13):
        year, month = divmod(today.year * 12 + today.month - 1 - back, 12)
        for day in range(10, 15):
            entry = journal.entry_create(
                owner=maya,
                body=f"{year}-{month + 1:02d}-{day}: a line.",
                prompt_key="",
                idem_key="",
            )
            when = timezone.make_aware(datetime(year, month + 1, day, 12))
            Entry.objects.filter(pk=entry.pk).update(created_at=when, updated_at=when)


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_a_year_of_journal_entries_can_be_found_by_month(
    make_context: ContextMaker, viewport: str
) -> None:
    a_year_of_entries()
    today = timezone.localdate()
    year, month = divmod(today.year * 12 + today.month - 1 - 11, 12)
    wanted = f"{year}-{month + 1:02d}"
    page = make_context(viewport).new_page()
    log_in(page, "maya@example.test", PASSWORD)
    page.goto("/me/journal/")
    expect(page.locator("ul.entries > li")).to_have_count(20)
    months = page.get_by_label("Go to a month")
    expect(months.locator("option")).to_have_count(13)  # all entries, then twelve months
    months.select_option(wanted)
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(f"**/me/journal/?month={wanted}")
    entries = page.locator("ul.entries > li")
    expect(entries).to_have_count(5)
    for n, day in enumerate(range(14, 9, -1)):
        expect(entries.nth(n)).to_contain_text(f"{wanted}-{day}: a line.")
    expect(page.get_by_role("heading", level=2)).to_contain_text("Written in")
    expect(months).to_have_value(wanted)
    page.screenshot(path=f"/tmp/walk13/journal-month-{viewport}.png", full_page=True)
    assert axe_serious(page) == []
    page.get_by_role("link", name="All entries").click()
    expect(page.locator("ul.entries > li")).to_have_count(20)


#: Maya's three takes across the year, oldest first: (days ago, levels of each scale 1-7).
TAKES = (
    (330, {"self": 3, "bond": 5, "enmeshment": 6, "distance": 3}),
    (180, {"self": 4, "bond": 5, "enmeshment": 5, "distance": 3}),
    (20, {"self": 6, "bond": 6, "enmeshment": 3, "distance": 2}),
)


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_a_year_of_takes_shows_how_each_part_moved(
    make_context: ContextMaker, viewport: str
) -> None:
    maya = person("Maya")
    taken = [
        complete_attempt(
            maya, profile_answers(selectors.inventory(), levels), days_ago=days, seed=70 + days
        )
        for days, levels in TAKES
    ]
    page = make_context(viewport).new_page()
    log_in(page, "maya@example.test", PASSWORD)
    page.goto("/me/assessment/")
    rows = page.locator("table.takes tbody tr")
    expect(rows).to_have_count(3)
    expect(page.locator("table.takes thead th")).to_have_text(
        ["Taken", "Self", "Bond", "Merging", "Distance"]
    )
    for row, attempt in zip(rows.all(), reversed(taken), strict=True):  # newest first
        kept = attempt.snapshot["scores"]
        scores = [str(round(kept[s])) for s in ("self", "bond", "enmeshment", "distance")]
        expect(row.locator("td")).to_have_text(scores)
    # Self went up and Merging down over the year, and the table reads so at a glance.
    firsts = [int(t) for t in rows.last.locator("td").all_inner_texts()]
    lasts = [int(t) for t in rows.first.locator("td").all_inner_texts()]
    assert lasts[0] > firsts[0] and lasts[2] < firsts[2], (firsts, lasts)
    # The four scores fit beside the date without scrolling sideways, on a phone too.
    box = page.locator("table.takes").evaluate("t => [t.scrollWidth, t.parentElement.clientWidth]")
    assert box[0] <= box[1], box
    page.screenshot(path=f"/tmp/walk13/takes-{viewport}.png", full_page=True)
    assert axe_serious(page) == []
    rows.first.get_by_role("link").click()
    page.wait_for_url(f"**/me/assessment/{taken[-1].public_id}/results/")
