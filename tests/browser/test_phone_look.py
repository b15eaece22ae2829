"""In real Chromium at 390x844, on the demo couple's pages and a practitioner's (the phone look
audit, findings 6 to 10): every button and every link that stands on its own is a target at
least 44 px tall, the menus' entries 44 px wide too; Together's sub-menu wraps with every entry
whole on the screen, in English and Spanish; a practitioner's seven menu entries stand apart
and wrap into two rows; the four answers of the safety questions keep their circles level; the
words the page moves the focus to wear no box; the count waiting says what it counts; and a
chart with nothing to draw is words at the page's size.

Before: "Me" and "Us" were 30 px wide, "Talk it through" 26 px tall, the buttons drawn as links
35, goal titles and earlier results 20, the 1-7 boxes 43 px wide; the sub-menu scrolled and
cut "Boundaries" in half; the practitioner's entries stood 4 px apart."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from interdepend.web.accounts.models import User
from interdepend.web.accounts.selectors import DEMO_PASSWORD
from interdepend.web.demo import demo_load
from tests.browser.conftest import ColorScheme, ContextMaker
from tests.browser.helpers import axe_serious, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).resolve().parents[2] / "test-results"
MAYA = "maya@demo.interdepend.test"
ROBIN = "robin@demo.interdepend.test"
MAYAS_PAGES = (
    "/",
    "/us/couple/",
    "/us/couple/perception/",
    "/today/",
    "/today/past/",
    "/together/",
    "/together/circle/",
    "/together/goals/",
    "/together/trends/",
    "/together/bids/",
    "/together/check-in/",
    "/me/assessment/",
)

#: Every button and every link standing on its own (not one inside running text), and every
#: answer box of 1-7, smaller than a fingertip: under 44 px tall, or, in a menu or a row of
#: answers, under 44 px wide. A link is in running text when it is drawn inline among words.
SMALL = """() => {
  const out = [];
  const running = (el) => {
    if (getComputedStyle(el).display !== 'inline') return false;
    const around = (el.parentElement.innerText || '').replace(el.innerText || '', '').trim();
    return around.length >= 15;
  };
  const seen = (el) => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && !el.closest('.visually-hidden, .skip-link');
  };
  const wide = '.site-header nav a, .subnav a, a.waiting-badge, .scale7 .point';
  const targets = document.querySelectorAll(
    'header a[href], header button, main a[href], main button, .scale7 .point, .scale-ends .skip');
  for (const el of targets) {
    if (!seen(el) || (el.tagName === 'A' && running(el))) continue;
    const box = el.getBoundingClientRect();
    if (box.height < 43.5 || (el.matches(wide) && box.width < 43.5)) {
      const words = (el.innerText || el.getAttribute('aria-label') || '').trim().slice(0, 30);
      out.push(`${el.tagName.toLowerCase()}.${el.className} "${words}" ` +
               `${Math.round(box.width)} x ${Math.round(box.height)}`);
    }
  }
  return out;
}"""

#: Together's sub-menu: its rows, whether it hides anything sideways, and each entry cut by an
#: edge of the screen or of its own box.
SUBMENU = """() => {
  const row = document.querySelector('.subnav ul');
  const entries = [...row.querySelectorAll('a')];
  const r = row.getBoundingClientRect();
  const cut = entries.filter(a => { const b = a.getBoundingClientRect();
    return b.left < Math.max(0, r.left) - 0.5 || b.right > Math.min(innerWidth, r.right) + 0.5; })
    .map(a => a.innerText.trim());
  return { rows: new Set(entries.map(a => Math.round(a.getBoundingClientRect().top))).size,
           hidden: row.scrollWidth - row.clientWidth, cut };
}"""

#: The main menu: its rows, and the narrowest space between two entries' words on one row.
MENU = """() => {
  const range = document.createRange();
  const words = [...document.querySelectorAll('.site-header nav a')].map(a => {
    range.selectNodeContents(a); const b = range.getBoundingClientRect();
    const box = a.getBoundingClientRect();
    return { top: Math.round(box.top), left: b.left, right: b.right, wide: box.width };
  });
  let apart = Infinity;
  for (let i = 1; i < words.length; i++) {
    const gap = words[i].left - words[i - 1].right;
    if (words[i].top === words[i - 1].top) apart = Math.min(apart, gap);
  }
  return { entries: words.length, rows: new Set(words.map(w => w.top)).size, apart,
           narrowest: Math.min(...words.map(w => w.wide)) };
}"""


def phone(make_context: ContextMaker, email: str, scheme: ColorScheme = "light") -> Page:
    page = make_context("phone", scheme).new_page()
    log_in(page, email, DEMO_PASSWORD)
    return page


def spanish(page: Page, email: str) -> None:
    User.objects.filter(email=email).update(language="es")
    page.reload()
    assert page.locator("html").get_attribute("lang") == "es"


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"look-{name}.png"), full_page=True)


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_target_on_the_couples_pages_is_a_fingertip_tall(
    make_context: ContextMaker, language: str
) -> None:
    demo_load()
    page = phone(make_context, MAYA, "dark" if language == "es" else "light")
    if language == "es":
        spanish(page, MAYA)
    small: list[str] = []
    violations: list[str] = []
    for path in MAYAS_PAGES:
        page.goto(path)
        small += [f"{path}: {s}" for s in page.evaluate(SMALL)]
        if path in ("/today/", "/together/circle/", "/together/goals/", "/us/couple/"):
            violations += axe_serious(page)
            shot(page, f"{path.strip('/').replace('/', '-')}-{language}")
    robin = phone(make_context, ROBIN)
    if language == "es":
        spanish(robin, ROBIN)
    robin.goto("/practice/")
    small += [f"/practice/: {s}" for s in robin.evaluate(SMALL)]
    violations += axe_serious(robin)
    assert not small, "\n".join(small)
    assert not violations, "\n".join(violations)


def test_remove_stands_apart_from_the_button_beside_it(make_context: ContextMaker) -> None:
    demo_load()
    page = phone(make_context, MAYA)
    page.goto("/together/circle/")
    rows = page.evaluate(
        """() => [...document.querySelectorAll('li.item')].map(li => {
             const keep = li.querySelector('button.secondary').getBoundingClientRect();
             const remove = li.querySelector('button.remove').getBoundingClientRect();
             return remove.left - keep.right; })"""
    )
    assert rows, "the demo's circle is empty"
    assert min(rows) >= 24, rows  # 12 px before


def test_the_box_for_later_is_as_wide_as_the_buttons_above_it(make_context: ContextMaker) -> None:
    """ "Or later, when?" was a box of 224 px between buttons of 320 (the look audit)."""
    demo_load()
    page = phone(make_context, MAYA)
    page.goto("/together/bids/")
    widths = page.evaluate(
        """() => [...document.querySelectorAll('li.item input[name=when]')].map(box => {
             const later = box.closest('form').querySelector('button').getBoundingClientRect();
             return [box.getBoundingClientRect().width, later.width]; })"""
    )
    assert widths, "no bid waits for Maya's answer in the demo"
    assert all(abs(box - button) < 1 for box, button in widths), widths


@pytest.mark.parametrize("language", ["en", "es"])
def test_each_month_of_the_bids_table_stands_on_one_line(
    make_context: ContextMaker, language: str
) -> None:
    """ "Aug" stood above "2026" in the month-by-month table of Reaching out (the look audit)."""
    demo_load()
    page = phone(make_context, MAYA)
    if language == "es":
        spanish(page, MAYA)
    page.goto("/together/bids/")
    lines = page.evaluate(
        """() => [...document.querySelectorAll('tr[id^=bid-month] th')].map(th => {
             const words = document.createRange();
             words.selectNodeContents(th);
             const tops = new Set([...words.getClientRects()].map(r => Math.round(r.top)));
             return [th.innerText, tops.size]; })"""
    )
    assert len(lines) >= 3, lines
    assert all(count == 1 for _, count in lines), lines


@pytest.mark.parametrize("language", ["en", "es"])
def test_togethers_sub_menu_wraps_with_every_entry_whole(
    make_context: ContextMaker, language: str
) -> None:
    demo_load()
    page = phone(make_context, MAYA)
    if language == "es":
        spanish(page, MAYA)
    for path in ("/today/", "/together/goals/", "/together/bids/", "/together/trends/"):
        page.goto(path)
        row = page.evaluate(SUBMENU)
        assert row["hidden"] <= 0 and not row["cut"], (path, row)  # "Bound" cut before
        assert row["rows"] == 2, (path, row)  # four to a row, in either language
    shot(page, f"submenu-{language}")


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_practitioners_menu_stands_apart_and_wraps(
    make_context: ContextMaker, language: str
) -> None:
    demo_load()
    page = phone(make_context, ROBIN)
    if language == "es":
        spanish(page, ROBIN)
    page.goto("/practice/")
    menu = page.evaluate(MENU)
    assert menu["entries"] == 7, menu
    assert menu["rows"] == 2 and menu["apart"] >= 12 and menu["narrowest"] >= 43.5, menu
    shot(page, f"practitioner-menu-{language}")
    # A person's six entries keep one row, as wide apart.
    maya = phone(make_context, MAYA)
    if language == "es":
        spanish(maya, MAYA)
    menu = maya.evaluate(MENU)
    assert menu["rows"] == 1 and menu["apart"] >= 12 and menu["narrowest"] >= 43.5, menu


def test_the_count_waiting_shows_what_it_counts(make_context: ContextMaker) -> None:
    """A bell beside the number on a phone, the words themselves on a wider screen."""
    demo_load()
    page = phone(make_context, MAYA)
    badge = page.locator("a.waiting-badge")
    bell = badge.locator(".waiting-bell")
    box = bell.bounding_box()
    assert box is not None and box["width"] >= 12, box
    assert "bell.svg" in bell.evaluate("e => getComputedStyle(e).maskImage")
    assert page.get_by_role("link", name="1 thing waiting for you").count() == 1
    desk = make_context("desktop").new_page()
    log_in(desk, MAYA, DEMO_PASSWORD)
    words = desk.locator("a.waiting-badge .waiting-words")
    box = words.bounding_box()
    assert box is not None and box["width"] > 100, box
    assert words.inner_text() == "1 thing waiting for you"


def test_the_safety_answers_keep_their_circles_level_and_the_start_wears_no_box(
    make_context: ContextMaker,
) -> None:
    demo_load()
    page = phone(make_context, MAYA)
    page.goto("/me/assessment/")
    with page.expect_navigation():
        page.get_by_role("button", name="Take it again").click()
    start = page.locator("[data-start-here]")
    assert start.evaluate("el => el === document.activeElement")
    assert start.evaluate("el => getComputedStyle(el).outlineStyle") == "none"
    page.goto(page.url.rsplit("/page/", 1)[0] + "/page/10/")
    levels = page.evaluate(
        """() => [...document.querySelectorAll('.scale7')]
             .filter(row => row.querySelectorAll('.point').length === 4)
             .map(row => { const tops = [...row.querySelectorAll('input')]
               .map(i => i.getBoundingClientRect().top);
               return Math.max(...tops) - Math.min(...tops); })"""
    )
    assert levels, "no safety question on the last page"
    assert max(levels) < 1, levels
    shot(page, "safety-answers")


def test_an_empty_chart_is_words_at_the_pages_size(make_context: ContextMaker) -> None:
    demo_load()
    page = phone(make_context, ROBIN)  # a practitioner with no check-in of her own
    page.goto("/together/trends/")
    empty = page.locator(".chart-empty")
    assert empty.count() >= 2
    assert page.locator("figure.chart img").count() == 0
    sizes = page.evaluate(
        """() => [...document.querySelectorAll('.chart-empty p')].map(p =>
             [parseFloat(getComputedStyle(p).fontSize), p.getBoundingClientRect().width])"""
    )
    body = page.evaluate(
        "() => parseFloat(getComputedStyle(document.querySelector('main')).fontSize)"
    )
    assert all(size == body and width > 300 for size, width in sizes), (sizes, body)
    assert empty.first.locator("h3").inner_text() == "My weekly check-ins"
    assert empty.first.locator("p").inner_text().startswith("Nothing to draw yet.")
    shot(page, "empty-trends")
    assert not axe_serious(page)


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_way_on_alone_stands_whole_beside_or_below_the_invite_button(
    make_context: ContextMaker, language: str
) -> None:
    """After a result, Sam (who uses it alone) met "Seguir por tu cuenta: …" starting beside
    "Invitar a tu pareja" and wrapping under it, ragged (the Spanish phone walk of 2026-12-03,
    L4). The link is a box of its own: beside the button whole, or on the line below it."""
    demo_load()
    sam = "sam@demo.interdepend.test"
    page = phone(make_context, sam)
    if language == "es":
        spanish(page, sam)
    from django.urls import reverse

    from interdepend.web.assessment.models import Attempt

    attempt = Attempt.objects.filter(user__email=sam, completed_at__isnull=False).first()
    assert attempt is not None, "Sam has no result in the demo"
    result = reverse("assessment:results", args=[attempt.public_id])
    page.goto(result)
    boxes = page.evaluate(
        """() => {
          const invite = document.querySelector("a.button[href='/us/']");
          const alone = document.querySelector("a[href='/together/']:not(nav a)");
          const b = invite.getBoundingClientRect(), a = alone.getBoundingClientRect();
          return {beside: a.left >= b.right - 1 && a.top >= b.top - 1 && a.bottom <= b.bottom + 20,
                  below: a.top >= b.bottom - 1, rects: alone.getClientRects().length};
        }"""
    )
    assert boxes["beside"] or boxes["below"], boxes
    assert boxes["rects"] == 1, boxes  # one box, not a line beside the button and more below


def test_the_place_a_keyboard_starts_stays_marked_in_forced_colours(
    make_context: ContextMaker,
) -> None:
    """The accessibility audit of 2026-12-04 (L4): in Windows' high contrast the short bar that
    marks where the next Tab starts was a background, which forced colours paint over, so a
    keyboard user saw no mark at all. It is a border in the system's text colour there."""
    demo_load()
    page = phone(make_context, MAYA)
    page.emulate_media(forced_colors="active")
    page.goto("/me/assessment/")
    page.get_by_role("button", name="Take it again").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    start = page.locator("[data-start-here]")
    assert start.evaluate("el => el === document.activeElement && el.matches(':focus-visible')")
    bar = start.evaluate(
        """el => { const s = getComputedStyle(el, '::before');
             return [s.content, s.borderLeftStyle, s.borderLeftWidth]; }"""
    )
    assert bar == ['""', "solid", "4px"], bar
