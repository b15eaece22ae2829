"""What the new-couple walk of 2026-12-04 met, held in Chromium at 390 x 844 and 1280 x 900: the
boxes of what a practitioner may see had their words in bold, running back under each box (the
couple view's long choice a block of nine bold lines on a phone), and three of the four boxes
were 31 px tall."""

from __future__ import annotations

import pytest

from interdepend.web.accounts.models import User
from interdepend.web.accounts.services import user_create
from interdepend.web.practice import services
from tests.browser.conftest import RESULTS, ContextMaker
from tests.browser.helpers import PASSWORD, axe_serious, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = pytest.mark.parametrize("viewport", ["phone", "desktop"])


def person(name: str) -> User:
    return user_create(email=f"{name.lower()}@example.test", password=PASSWORD, display_name=name)


#: Each box of a list of boxes in a form: its words' lines (left edge, width), the box's right
#: edge, the label's height and the words' weight.
BOXES = """(form) => [...form.querySelectorAll('label:has(> input[type=checkbox])')].map(label => {
  const box = label.querySelector('input').getBoundingClientRect();
  const range = document.createRange();
  range.selectNodeContents(label);
  range.setStartAfter(label.querySelector('input'));
  const lines = [...range.getClientRects()].filter(r => r.width > 1);
  return { words: label.textContent.trim().slice(0, 30), boxRight: box.right,
           lefts: lines.map(r => r.left), widest: Math.max(...lines.map(r => r.width)),
           height: label.getBoundingClientRect().height,
           weight: Number(getComputedStyle(label).fontWeight) };
})"""


@VIEWPORTS
def test_what_a_practitioner_may_see_reads_as_boxes_beside_their_words(
    make_context: ContextMaker, viewport: str
) -> None:
    ana, pia = person("Ana"), person("Pia")
    profile = services.practitioner_enable(user=pia)
    invitation = services.client_invitation_create(practitioner=profile)
    services.client_invitation_redeem(invitation=invitation.invitation, user=ana)
    page = make_context(viewport).new_page()
    log_in(page, "ana@example.test", PASSWORD)
    page.goto("/practice/mine/")
    form = page.locator("form[action$='/consent/']")
    boxes = form.evaluate(BOXES)
    RESULTS.mkdir(exist_ok=True)
    form.screenshot(path=str(RESULTS / f"walk-four-consent-{viewport}.png"))
    assert len(boxes) == 4, boxes
    bad = []
    for box in boxes:
        if min(box["lefts"]) < box["boxRight"]:
            bad.append(f"{box['words']!r}: a line starts under its box")
        if box["height"] < 43.5:
            bad.append(f"{box['words']!r}: {box['height']:.0f} px tall")
        if box["weight"] > 400:
            bad.append(f"{box['words']!r}: in bold, as if a question")
        if box["widest"] > 720:  # about 75 characters: a line the eye can follow back
            bad.append(f"{box['words']!r}: a line {box['widest']:.0f} px wide")
    assert not bad, bad
    # Still one group named by its question, each box named by its words.
    group = page.get_by_role("group", name="What this practitioner may see")
    assert group.get_by_role("checkbox", name="My weekly check-in trends").count() == 1
    assert axe_serious(page) == []
