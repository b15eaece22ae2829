"""The second look at the day's changed pages (2026-12-05), in Chromium at 390 x 844 and
1280 x 900, light and dark, English and Spanish.

The follow-through card on the promises page now lists what happened to the promises under
"In the last eight weeks:". The list was bare: it stood a whole line's gap below the words
that open it, as far from them as the hint under it, and on a phone a count that wrapped ("1
promise was talked over and / reshaped") began its second line where the next count began,
so it read as two.

The rows of seven now keep "Skip" whole and let the end words beside it wrap. On a phone in
Spanish the far end, "Totalmente de acuerdo", wrapped ranged left: its second line,
"acuerdo", ended 56 px short of the 7 it names.

The check-in page's heading over what the partner needs took two lines on a phone with its
last word alone: "What Jonah needs this / week", "Lo que Jonah necesita esta / semana"."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from interdepend.web.partners import services as partners
from interdepend.web.partners.access import access_active_partnership
from interdepend.web.together import services as together
from interdepend.web.together.models import CommitmentState
from interdepend.web.together.selectors import this_week
from tests.browser.conftest import ColorScheme, ContextMaker
from tests.browser.helpers import PASSWORD, axe_serious, log_in
from tests.browser.test_dates_shown_walk import person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: The lines of words of an element: for each, its left, right, top and bottom.
LINES = """(el) => {
  const range = document.createRange();
  range.selectNodeContents(el);
  const lines = new Map();
  for (const r of range.getClientRects()) {
    if (r.width === 0) continue;
    const key = Math.round(r.top);
    const was = lines.get(key);
    lines.set(key, was ? {left: Math.min(was.left, r.left), right: Math.max(was.right, r.right),
      top: Math.min(was.top, r.top), bottom: Math.max(was.bottom, r.bottom)}
      : {left: r.left, right: r.right, top: r.top, bottom: r.bottom});
  }
  return [...lines.values()].sort((a, b) => a.top - b.top);
}"""

#: The follow-through card: the lines of its opening words, of each count and of the hint, and
#: how each count is drawn.
CARD = f"""() => {{
  const lines = {LINES};
  const card = document.querySelector('#promises-follow');
  return {{
    lead: lines(card.querySelector('#follow-lead')),
    items: [...card.querySelectorAll('ul li')].map(li => ({{
      lines: lines(li), display: getComputedStyle(li).display,
      marker: getComputedStyle(li).listStyleType,
    }})),
    hint: lines(card.querySelector('.hint')),
  }};
}}"""


def promises_of_every_kind(language: str) -> None:
    """Ana and Ben, linked, reading in ``language``; in the last weeks one promise of his was
    kept, one talked over and reshaped, one did not happen, and one came due and is not marked
    yet."""
    ana, ben = person("Ana", language), person("Ben", language)
    invitation = partners.invitation_create(inviter=ana)
    partners.invitation_accept(invitation=invitation.invitation, user=ben)
    active = access_active_partnership(ana)
    assert active is not None
    today = timezone.localdate()
    marks = [CommitmentState.KEPT, CommitmentState.RENEGOTIATED, CommitmentState.MISSED, None]
    for days, state in enumerate(marks, start=2):
        made = together.commitment_create(
            owner=ben,
            partnership=active.partnership,
            text=f"Promise {days}",
            due_on=today - timedelta(days=days),
            idem_key="",
        )
        if state is not None:
            together.commitment_mark(commitment=made, state=state)


@pytest.mark.parametrize(
    ("viewport", "scheme", "language"),
    [("phone", "light", "en"), ("phone", "dark", "es"), ("desktop", "dark", "en")],
)
def test_the_follow_through_counts_read_as_one_list_under_their_opening_words(
    make_context: ContextMaker, viewport: str, scheme: ColorScheme, language: str
) -> None:
    promises_of_every_kind(language)
    page = make_context(viewport, scheme).new_page()
    log_in(page, "ana@example.test", PASSWORD)
    page.goto("/together/promises/")
    expect(page.locator("#promises-follow li")).to_have_count(4)
    card: dict[str, Any] = page.evaluate(CARD)
    lead, items, hint = card["lead"], card["items"], card["hint"]
    tops = [item["lines"][0] for item in items]
    bottoms = [item["lines"][-1] for item in items]
    lead_gap = tops[0]["top"] - lead[-1]["bottom"]
    item_gaps = [
        after["top"] - before["bottom"]
        for before, after in zip(bottoms[:-1], tops[1:], strict=True)
    ]
    hint_gap = hint[0]["top"] - bottoms[-1]["bottom"]
    # The opening words sit as near the first count as the counts sit to each other, and the
    # hint stands clearly apart below them (the opening words stood 28 px above the first
    # count and the counts 16 px apart; now 11, 11, and 23 to the hint).
    assert 0 < lead_gap <= min(item_gaps) + 1, (lead_gap, item_gaps)
    assert hint_gap >= lead_gap + 8, (hint_gap, lead_gap)
    # Each count wears a mark, its words set in from the opening words', and a count that
    # wraps carries on under its own first word.
    for item in items:
        assert item["display"] == "list-item" and item["marker"] != "none", item
        first = item["lines"][0]["left"]
        assert first >= lead[0]["left"] + 12, (first, lead[0])
        assert all(abs(line["left"] - first) <= 1 for line in item["lines"]), item
    if viewport == "phone":
        assert any(len(item["lines"]) > 1 for item in items), items
    assert axe_serious(page) == []


#: Each row of seven whose far end's words take more than one line: how far each of those lines
#: ends short of the row's right edge.
FAR_END = f"""() => {{
  const lines = {LINES};
  return [...document.querySelectorAll('main fieldset.item')].map(item => {{
    const row = item.querySelector('.scale7').getBoundingClientRect();
    const ends = item.querySelector('.scale-ends');
    const near = lines(ends.firstElementChild), far = lines(ends.lastElementChild);
    return {{
      near: near.map(line => line.left - row.left),
      far: far.map(line => row.right - line.right),
    }};
  }});
}}"""


@pytest.mark.parametrize(("width", "scheme"), [(390, "light"), (320, "dark")])
def test_the_far_end_s_words_end_under_seven_when_they_wrap(
    make_context: ContextMaker, width: int, scheme: ColorScheme
) -> None:
    """In Spanish on a phone, each line of "Totalmente de acuerdo" ends at the row's right
    edge, under 7, as each line of "Totalmente en desacuerdo" begins at its left, under 1."""
    lena, tomas = person("Lena", "es"), person("Tomas", "es")
    invitation = partners.invitation_create(inviter=lena)
    partners.invitation_accept(invitation=invitation.invitation, user=tomas)
    page = make_context("phone", scheme).new_page()
    page.set_viewport_size({"width": width, "height": 844})
    log_in(page, "lena@example.test", PASSWORD)
    page.goto("/me/assessment/")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    for path in (None, "/us/couple/perception/"):
        if path is not None:
            page.goto(path)
        expect(page.locator("main .scale-ends .skip").first).to_contain_text("Omitir")
        rows: list[dict[str, list[float]]] = page.evaluate(FAR_END)
        assert rows, page.url
        assert any(len(row["far"]) > 1 for row in rows), rows
        for row in rows:
            assert all(abs(gap) <= 1 for gap in row["near"]), row
            assert all(abs(gap) <= 1 for gap in row["far"]), row
        assert axe_serious(page) == []


@pytest.mark.parametrize(("scheme", "language"), [("light", "en"), ("dark", "es")])
def test_the_partner_s_need_heading_splits_its_two_lines_evenly_on_a_phone(
    make_context: ContextMaker, scheme: ColorScheme, language: str
) -> None:
    ana, jonah = person("Ana", language), person("Jonah", language)
    invitation = partners.invitation_create(inviter=ana)
    partners.invitation_accept(invitation=invitation.invitation, user=jonah)
    active = access_active_partnership(ana)
    assert active is not None
    together.checkin_save(
        owner=jonah,
        week=this_week(),
        values=dict.fromkeys(("own_time", "supported", "voice", "heard", "close"), 5),
        need="An evening on my own on Thursday.",
        shared=True,
        partnership=active.partnership,
    )
    page = make_context("phone", scheme).new_page()
    log_in(page, "ana@example.test", PASSWORD)
    page.goto("/together/check-in/")
    heading = page.locator("section[aria-labelledby=partner-week-heading] h3")
    expect(heading).to_contain_text("Jonah")
    lines: list[dict[str, float]] = heading.evaluate(LINES)
    assert len(lines) == 2, lines
    widths = [line["right"] - line["left"] for line in lines]
    assert min(widths) >= 0.5 * max(widths), (heading.inner_text(), widths)
    assert axe_serious(page) == []
