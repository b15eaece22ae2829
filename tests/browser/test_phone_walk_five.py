"""What the new-couple walk of 2026-12-04 (the fifth) met, held in Chromium at 390 x 844 and
1280 x 900, in English and Spanish: on her home page and on Together, "Ben reached out to you;
answer when it suits you." stood as two columns, the name in one and the words in another,
glued together ("Benreached", in Spanish "Lenaresponde"), because the line was a box of flex
items."""

from __future__ import annotations

from datetime import UTC, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from interdepend.web.accounts.models import User
from interdepend.web.accounts.services import user_create
from tests.browser.conftest import RESULTS, ContextMaker
from tests.browser.helpers import PASSWORD, axe_serious, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def person(name: str) -> User:
    return user_create(email=f"{name.lower()}@example.test", password=PASSWORD, display_name=name)


def choose_language(page: Page, language: str) -> None:
    page.locator("form.language-choice select").select_option(language)
    with page.expect_navigation():
        page.locator("form.language-choice button").click()
    page.wait_for_load_state("load")


#: Each line of what waits that has the partner's name in it: the gap between the name and the
#: letter either side of it across a space, whether that letter is on the name's line, and
#: where each line after the first starts.
SENTENCES = r"""() => [...document.querySelectorAll('main li > a.tap')]
  .filter(a => a.querySelector('bdi')).map(a => {
  const box = a.getBoundingClientRect();
  const bdi = a.querySelector('bdi');
  const range = document.createRange();
  const letter = (node, at) => {
    range.setStart(node, at);
    range.setEnd(node, at + 1);
    return range.getClientRects()[0];
  };
  const name = bdi.firstChild;
  const first = letter(name, 0), last = letter(name, name.length - 1);
  const sides = [];
  // A side with a space between (not "Ben." or "Ben,"): its nearest letter.
  const before = bdi.previousSibling, after = bdi.nextSibling;
  if (before && /\s$/.test(before.textContent) && before.textContent.trim()) {
    const r = letter(before, before.textContent.trimEnd().length - 1);
    sides.push({ gap: first.left - r.right, sameLine: Math.abs(r.top - first.top) <= 2 });
  }
  if (after && /^\s/.test(after.textContent) && after.textContent.trim()) {
    const r = letter(after, after.textContent.length - after.textContent.trimStart().length);
    sides.push({ gap: r.left - last.right, sameLine: Math.abs(r.top - last.top) <= 2 });
  }
  // The pieces of its words on screen, line by line: where each line after the first starts.
  const pieces = [];
  const walk = document.createTreeWalker(a, NodeFilter.SHOW_TEXT);
  while (walk.nextNode()) {
    if (walk.currentNode.parentElement.closest('.visually-hidden')) continue;
    range.selectNodeContents(walk.currentNode);
    pieces.push(...[...range.getClientRects()].filter(r => r.width > 1));
  }
  const top = Math.min(...pieces.map(r => r.top));
  const later = {};
  for (const r of pieces.filter(r => r.top > top + 2)) {
    const at = Math.round(r.top);
    later[at] = Math.min(later[at] ?? Infinity, r.left);
  }
  return { words: a.textContent.trim(), left: box.left, height: box.height, sides,
           starts: Object.values(later) };
})"""


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
@pytest.mark.parametrize("language", ["en", "es"])
def test_a_sentence_with_her_partners_name_reads_as_one_sentence(
    make_context: ContextMaker, viewport: str, language: str
) -> None:
    from interdepend.core.boundary import Step
    from interdepend.web.partners import services as partners
    from interdepend.web.together import services as together

    ana, ben = person("Ana"), person("Ben")
    invitation = partners.invitation_create(inviter=ana)
    partnership = partners.invitation_accept(invitation=invitation.invitation, user=ben)
    together.bid_send(owner=ben, partnership=partnership, text="A walk?", idem_key="w5-bid")
    told = together.boundary_draft(owner=ben, text="No calls after ten.", idem_key="w5-told")
    together.boundary_step(boundary=told, actor=ben, step=Step.TELL, partnership=partnership)
    # Due yesterday: a partner's promise shows once its day has begun everywhere (UTC-12), so
    # one due today would wait until noon UTC, and the walk would hang on the hour it runs.
    # Yesterday in UTC, not on the machine's clock: on a machine in Auckland between its
    # midnight and 01:00 (11:00 to 12:00 UTC) the machine's yesterday is UTC's today.
    together.commitment_create(
        owner=ben,
        partnership=partnership,
        text="Cook",
        due_on=timezone.now().astimezone(UTC).date() - timedelta(days=1),
        idem_key="w5-due",
    )
    page = make_context(viewport).new_page()
    log_in(page, "ana@example.test", PASSWORD)
    if language == "es":
        choose_language(page, "es")
    RESULTS.mkdir(exist_ok=True)
    bad: list[str] = []
    counted: dict[str, int] = {}
    for path in ("/", "/together/"):
        page.goto(path)
        lines = page.evaluate(SENTENCES)
        counted[path] = len(lines)
        for line in lines:
            words = f"{path} {line['words']!r}"
            # A word on the name's line is a space away from it; one on another line (the
            # sentence wrapped there) starts that line under the sentence's start, below.
            for side in line["sides"]:
                if side["sameLine"] and not 2 <= side["gap"] <= 10:
                    bad.append(f"{words}: {side['gap']:.1f} px between the name and a word")
            for start in line["starts"]:
                if abs(start - line["left"]) > 1:
                    bad.append(f"{words}: a line starts at {start:.0f}, not under its start")
            if line["height"] < 43.5:
                bad.append(f"{words}: {line['height']:.0f} px tall")
        page.screenshot(path=str(RESULTS / f"walk-five-waiting-{viewport}-{language}.png"))
        assert axe_serious(page) == []
    # Home: Ben reached out, his boundary waits, his promise came due; Together: the first two.
    assert counted == {"/": 3, "/together/": 2}, counted
    assert not bad, bad


#: The words on show in the page's main part before its form: hidden ones (a closed fold, words
#: for a screen reader only) are not counted.
WORDS_BEFORE_FORM = """() => {
  const form = document.querySelector('main form');
  const walk = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
  let words = 0;
  while (walk.nextNode()) {
    const node = walk.currentNode;
    if (!(node.compareDocumentPosition(form) & Node.DOCUMENT_POSITION_FOLLOWING)) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const shown = node.parentElement.checkVisibility({ visibilityProperty: true })
      && [...range.getClientRects()].some(r => r.width > 1 && r.height > 1);
    if (!shown) continue;
    words += node.textContent.split(/\\s+/).filter(Boolean).length;
  }
  return words;
}"""


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_deleting_the_account_asks_for_the_password_before_the_fine_print(
    make_context: ContextMaker, viewport: str
) -> None:
    """The walk: before the password and the button, four paragraphs of grey fine print (what a
    partner's download keeps, backups, what an e-mail to the freed address says), 241
    words; on a phone the password field began 1,340 px down. The fine print is one tap away,
    in a fold named for what it tells."""
    person("Ana")
    page = make_context(viewport).new_page()
    log_in(page, "ana@example.test", PASSWORD)
    page.goto("/account/delete/")
    words = page.evaluate(WORDS_BEFORE_FORM)
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / f"walk-five-delete-{viewport}.png"), full_page=True)
    assert words <= 80, f"{words} words before the password"
    height = page.viewport_size["height"] if page.viewport_size else 0
    field = page.get_by_label("Your password").bounding_box()
    assert field is not None and field["y"] + field["height"] <= height, field
    assert axe_serious(page) == []
    # Nothing is lost: the fold opens to every word of it.
    backups = page.get_by_text("Copies the site keeps in case of a breakdown")
    expect(backups).to_be_hidden()
    page.get_by_text("What your partner keeps, and what happens afterwards").click()
    expect(backups).to_be_visible()
    expect(page.get_by_text("in the download of their data rather than on their")).to_be_visible()
    expect(page.get_by_text("they could tell from such an e-mail")).to_be_visible()
    assert axe_serious(page) == []


#: Each answer of a row of four in words: how far its words run past the room inside its
#: border (0 when they fit), their size, and whether it is the chosen one.
FOUR_WORDS = """(row) => [...row.querySelectorAll('.point')].map(point => {
  const words = point.querySelector('.visually-hidden');
  const box = point.getBoundingClientRect(), style = getComputedStyle(point);
  const inner = [box.left + parseFloat(style.borderLeftWidth),
                 box.right - parseFloat(style.borderRightWidth)];
  const range = document.createRange();
  range.selectNodeContents(words);
  const lines = [...range.getClientRects()];
  const left = Math.min(...lines.map(r => r.left)), right = Math.max(...lines.map(r => r.right));
  return { words: words.textContent.trim(), over: Math.max(0, inner[0] - left, right - inner[1]),
           size: parseFloat(getComputedStyle(words).fontSize),
           chosen: point.querySelector('input').checked };
})"""


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_chosen_answer_of_the_safety_check_stays_inside_its_box(
    make_context: ContextMaker, viewport: str, language: str
) -> None:
    """The walk: on the private check on feeling safe, at 390 px, the chosen "Sometimes" in bold
    ran 2 px past each side of its box, over its border."""
    person("Ana")
    page = make_context(viewport).new_page()
    log_in(page, "ana@example.test", PASSWORD)
    if language == "es":
        choose_language(page, "es")
    page.goto("/me/assessment/")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()  # Begin
    while page.locator("#page-form fieldset.item .point:nth-child(5)").count():
        with page.expect_navigation():
            page.locator("#page-form button[type=submit]").first.click()  # Save and continue
    row = page.locator("#page-form fieldset.item .scale7").first
    bad: list[str] = []
    for n in range(4):
        row.locator(".point").nth(n).click()
        for point in row.evaluate(FOUR_WORDS):
            state = "chosen" if point["chosen"] else "not chosen"
            if point["over"] > 0.5:
                bad.append(f"{point['words']!r} ({state}): {point['over']:.1f} px over its box")
            if point["size"] < 12:
                bad.append(f"{point['words']!r}: {point['size']} px")
        assert [p["chosen"] for p in row.evaluate(FOUR_WORDS)].index(True) == n
        if n == 2:
            RESULTS.mkdir(exist_ok=True)
            row.screenshot(path=str(RESULTS / f"walk-five-safety-{viewport}-{language}.png"))
    assert not bad, bad
    assert axe_serious(page) == []
