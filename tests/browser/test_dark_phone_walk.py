"""What the dark phone walk of 2026-12-05 met, held in Chromium at 390 x 844 in the dark look and
at 1280 x 900 in the light one, on the demo couple's pages.

A decision's "Option by option" set two tables one under the other: their titles ("For
yourselves", "For each other") stood centred, the second glued to the last row of the first,
and the columns of the two did not line up, so "good" under Maya's own rating stood a few
pixels left of "good" under her guess. A form sent back with two empty fields marked only the
one holding the focus: the other, its "Please fill this in." under the hint, looked like any
field. The boxes of what she stops sharing sat in the browser's own grey groove inside the
card, round a title in plain type. And a card opening with anything but its usual heading (a
client's name, a thing to try, the day of an earlier question, a field's label) started its
words 15 px lower than the cards beside it."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from interdepend.web.accounts.selectors import DEMO_PASSWORD
from interdepend.web.demo import demo_load
from tests.browser.conftest import RESULTS, ColorScheme, ContextMaker
from tests.browser.helpers import axe_serious, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAYA = "maya@demo.interdepend.test"
#: The two looks walked: a phone in the dark, a computer in the light.
LOOKS = [("phone", "dark"), ("desktop", "light")]

#: Each table of "Option by option": where its title's words start, where its first heading's
#: words start, how its title is aligned, the left edge of each column, and its title's top and
#: its own bottom.
TABLES = """() => [...document.querySelectorAll('main table.decide-bands')].map(t => {
  const start = el => { const r = document.createRange(); r.selectNodeContents(el);
                        return r.getBoundingClientRect().left; };
  return { title: start(t.caption), heading: start(t.querySelector('thead th')),
           align: getComputedStyle(t.caption).textAlign,
           columns: [...t.querySelectorAll('thead th')].map(c => c.getBoundingClientRect().left),
           titleTop: t.caption.getBoundingClientRect().top,
           bottom: t.querySelector('tbody').getBoundingClientRect().bottom };
})"""

#: Every field of the page's main part: whether it is marked as a mistake, its border's colour
#: and width, its inner ring, and the colour a mistake is drawn in.
FIELDS = """() => [...document.querySelectorAll('main input[type=password]')].map(f => {
  const s = getComputedStyle(f);
  return { invalid: f.getAttribute('aria-invalid') === 'true', border: s.borderTopColor,
           ring: s.boxShadow,
           danger: getComputedStyle(document.querySelector('main .errorlist')).color };
})"""


def maya(make_context: ContextMaker, viewport: str, scheme: ColorScheme) -> Page:
    demo_load()
    page = make_context(viewport, scheme).new_page()
    log_in(page, MAYA, DEMO_PASSWORD)
    return page


def shot(page: Page, name: str) -> None:
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / f"dark-walk-{name}.png"), full_page=True)


@pytest.mark.parametrize(("viewport", "scheme"), LOOKS)
def test_a_decisions_two_tables_share_their_columns_under_titles_of_their_own(
    make_context: ContextMaker, viewport: str, scheme: ColorScheme
) -> None:
    page = maya(make_context, viewport, scheme)
    page.goto("/decide/")
    page.get_by_role("link", name="Our summer holiday").click()
    expect(page.get_by_role("heading", name="Option by option")).to_be_visible()
    shot(page, f"decide-{viewport}-{scheme}")
    tables: list[dict[str, Any]] = page.evaluate(TABLES)
    assert len(tables) == 2
    for table in tables:
        # Over the table where its words start, not centred above it.
        assert table["align"] in {"start", "left"}, table
        assert abs(table["title"] - table["heading"]) <= 1, table
    # "good" under her own rating stands where "good" under her guess does.
    first, second = tables
    assert second["columns"] == pytest.approx(first["columns"], abs=1)
    # The second title is a heading of its own, a line's space below the first table.
    assert second["titleTop"] - first["bottom"] >= 16, (first, second)
    assert axe_serious(page) == []


@pytest.mark.parametrize(("viewport", "scheme"), LOOKS)
def test_every_field_sent_back_with_a_mistake_is_drawn_in_the_mistakes_colour(
    make_context: ContextMaker, viewport: str, scheme: ColorScheme
) -> None:
    page = maya(make_context, viewport, scheme)
    page.goto("/account/password/")
    page.get_by_label("New password").fill("short")
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_text("Please fill this in.")).to_be_visible()
    # One field empty, one too short: both are mistakes, and both say so in their colour,
    # whichever holds the focus.
    page.locator("main h1").click()
    shot(page, f"mistakes-{viewport}-{scheme}")
    fields: list[dict[str, Any]] = page.evaluate(FIELDS)
    assert [f["invalid"] for f in fields] == [True, True], fields
    for field in fields:
        assert field["border"] == field["danger"], field
        assert field["danger"] in field["ring"], field
    # Mended and sent again, a field with no mistake is drawn as any other.
    page.get_by_label("Your password").fill(DEMO_PASSWORD)
    # Read once the page sent back has come (read at once, the old page could be leaving).
    with page.expect_navigation():
        page.get_by_role("button", name="Change password").click()
    page.wait_for_load_state("load")
    fields = page.evaluate(FIELDS)
    assert [f["invalid"] for f in fields] == [False, True], fields
    assert fields[0]["border"] != fields[0]["danger"], fields
    assert axe_serious(page) == []


@pytest.mark.parametrize(("viewport", "scheme"), LOOKS)
def test_what_she_stops_sharing_stands_in_the_card_without_a_frame_of_the_browsers(
    make_context: ContextMaker, viewport: str, scheme: ColorScheme
) -> None:
    page = maya(make_context, viewport, scheme)
    page.goto("/us/couple/stop-sharing/")
    group = page.get_by_role("group", name="What you share now")
    expect(group).to_be_visible()
    shot(page, f"stop-sharing-{viewport}-{scheme}")
    look: dict[str, Any] = group.evaluate(
        """g => { const s = getComputedStyle(g), l = getComputedStyle(g.querySelector('legend'));
           return { border: s.borderTopStyle, pad: parseFloat(s.paddingLeft),
                    weight: Number(l.fontWeight),
                    label: Number(getComputedStyle(document.querySelector('.field > label'))
                                  .fontWeight) }; }"""
    )
    assert look["border"] == "none", look
    assert look["pad"] == 0, look  # the boxes stand under the card's words, not indented
    # Its title is a title, as every question of a form is, above answers in plain type.
    assert look["weight"] >= 600 > look["label"], look
    assert axe_serious(page) == []


#: Each card of the page's main part: how far below the card's top edge its first words start
#: (a heading's, a line's, a field's label's), and the words. A fold's card (its summary a
#: button of its own size) and a form's hidden inputs do not count.
CARD_TOPS = """() => [...document.querySelectorAll('main .card')].map(c => {
  const first = [...c.children].find(e => !e.matches('input[type=hidden]'));
  if (!first || first.matches('summary')) return null;
  const words = first.matches('.field') ? first.querySelector('label, legend') : first;
  const r = document.createRange(); r.selectNodeContents(words);
  return [r.getBoundingClientRect().top - c.getBoundingClientRect().top,
          words.textContent.trim().slice(0, 40)];
}).filter(Boolean)"""


@pytest.mark.parametrize(("viewport", "scheme"), LOOKS)
def test_a_cards_first_words_stand_as_near_its_top_as_any_others(
    make_context: ContextMaker, viewport: str, scheme: ColorScheme
) -> None:
    """A client's name on the practitioner's page and a thing to try under her result are
    smaller headings than a card's usual one, and stood 16 px lower in their cards than the
    card beside them; a card opening with a line (what her partner sees, the day of an earlier
    question) or a label (editing an entry) stood lower still."""
    page = maya(make_context, viewport, scheme)
    page.get_by_role("link", name="See your result").click()
    expect(page.get_by_role("heading", name="Things to try")).to_be_visible()
    result = page.url
    page.goto("/me/journal/")
    page.get_by_role("link", name="Open").first.click()
    page.get_by_role("link", name="Edit").click()
    expect(page.get_by_label("Your words")).to_be_visible()
    robin = make_context(viewport, scheme).new_page()
    log_in(robin, "robin@demo.interdepend.test", DEMO_PASSWORD)
    walked = [
        (page, result),
        (page, page.url),
        (page, "/me/sharing/"),
        (page, "/today/past/"),
        (robin, "/practice/"),
    ]
    tops: list[tuple[float, str]] = []
    for seen, path in walked:
        seen.goto(path)
        tops += seen.evaluate(CARD_TOPS)
        assert axe_serious(seen) == []
    shot(page, f"cards-{viewport}-{scheme}")
    nearest = min(top for top, _ in tops)
    assert [(top, words) for top, words in tops if top - nearest > 3] == [], tops
