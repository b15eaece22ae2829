"""What the new-couple walk of 2026-12-04 (the fifth) met, held in Chromium at 390 x 844 and
1280 x 900, in English and Spanish: on her home page and on Together, "Ben reached out to you;
answer when it suits you." stood as two columns, the name in one and the words in another,
glued together ("Benreached", in Spanish "Lenaresponde"), because the line was a box of flex
items."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from interdepend.web.accounts.models import User
from interdepend.web.accounts.services import user_create
from tests.browser.conftest import RESULTS, ContextMaker
from tests.browser.helpers import PASSWORD, axe_serious, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def person(name: str) -> User:
    return user_create(email=f"{name.lower()}@example.test", password=PASSWORD, display_name=name)


def choose_language(page: Page, language: str) -> None:
    page.locator("form.language-choice select").select_option(language)
    page.locator("form.language-choice button").click()
    page.wait_for_load_state("load")


#: The link of a sentence that starts with the partner's name: where the name is, where the
#: first letter after it is, and where each line of the sentence starts.
SENTENCE = """(a) => {
  const box = a.getBoundingClientRect();
  const bdi = a.querySelector('bdi');
  const name = bdi.getBoundingClientRect();
  const after = document.createRange();
  after.setStart(bdi.nextSibling, 1);  // the first letter after the space
  after.setEnd(bdi.nextSibling, 2);
  const next = after.getClientRects()[0];
  const all = document.createRange();
  all.selectNodeContents(a);
  const lines = [...all.getClientRects()].filter(r => r.width > 1 && r.top >= name.bottom - 1);
  return { words: a.textContent.trim(), left: box.left, height: box.height,
           nameRight: name.right, nameTop: name.top, nextLeft: next.left, nextTop: next.top,
           laterLefts: lines.map(r => r.left) };
}"""


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
@pytest.mark.parametrize("language", ["en", "es"])
def test_a_sentence_with_her_partners_name_reads_as_one_sentence(
    make_context: ContextMaker, viewport: str, language: str
) -> None:
    from interdepend.web.partners import services as partners
    from interdepend.web.together import services as together

    ana, ben = person("Ana"), person("Ben")
    invitation = partners.invitation_create(inviter=ana)
    partnership = partners.invitation_accept(invitation=invitation.invitation, user=ben)
    together.bid_send(owner=ben, partnership=partnership, text="A walk?", idem_key="w5-bid")
    page = make_context(viewport).new_page()
    log_in(page, "ana@example.test", PASSWORD)
    if language == "es":
        choose_language(page, "es")
    RESULTS.mkdir(exist_ok=True)
    bad: list[str] = []
    for path in ("/", "/together/"):
        page.goto(path)
        link = page.locator("main li > a.tap[href$='/together/bids/']")
        assert link.count() == 1, path
        found = link.evaluate(SENTENCE)
        words = f"{path} {found['words']!r}"
        assert found["words"].startswith("Ben "), words
        if abs(found["nextTop"] - found["nameTop"]) > 2:
            bad.append(f"{words}: the words after the name start on another line")
        gap = found["nextLeft"] - found["nameRight"]
        if not 2 <= gap <= 10:
            bad.append(f"{words}: {gap:.1f} px between the name and the next word")
        for left in found["laterLefts"]:
            if abs(left - found["left"]) > 1:
                bad.append(f"{words}: a line starts at {left:.0f}, not under {found['left']:.0f}")
        if found["height"] < 43.5:
            bad.append(f"{words}: {found['height']:.0f} px tall")
        page.screenshot(path=str(RESULTS / f"walk-five-waiting-{viewport}-{language}.png"))
        assert axe_serious(page) == []
    assert not bad, bad
