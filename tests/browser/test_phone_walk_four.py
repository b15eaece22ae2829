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


#: Links that stand for an item of a list (a decision, a boundary, what waits for her): each
#: with its words and its box.
LIST_LINKS = """() => [...document.querySelectorAll('main li > a')].map(a => {
  const b = a.getBoundingClientRect();
  return { words: a.textContent.trim().slice(0, 40), height: b.height, width: b.width };
})"""


@VIEWPORTS
def test_a_decision_a_boundary_and_what_waits_are_each_a_fingertip_tall(
    make_context: ContextMaker, viewport: str
) -> None:
    """The walk: "Where to spend the summer holiday", the way into a decision, was a target
    20 px tall; so was a short boundary in its list, and each line of what waits on the home
    page and on Together."""
    from interdepend.core.boundary import Step
    from interdepend.web.decide.services import decision_create
    from interdepend.web.partners import services as partners
    from interdepend.web.together import services as together

    ana, ben = person("Ana"), person("Ben")
    invitation = partners.invitation_create(inviter=ana)
    partnership = partners.invitation_accept(invitation=invitation.invitation, user=ben)
    decision_create(
        partnership=partnership, author=ana, title="Summer", options=["Sea", "Hills"], token="w4"
    )
    told = together.boundary_draft(owner=ana, text="No calls after ten.", idem_key="w4-told")
    together.boundary_step(boundary=told, actor=ana, step=Step.TELL, partnership=partnership)
    together.boundary_draft(owner=ben, text="Sundays are slow.", idem_key="w4-mine")
    together.bid_send(owner=ana, partnership=partnership, text="Walk?", idem_key="w4-bid")
    page = make_context(viewport).new_page()
    log_in(page, "ben@example.test", PASSWORD)
    small: list[str] = []
    seen: list[str] = []
    for path in ("/", "/together/", "/together/boundaries/", "/decide/"):
        page.goto(path)
        for link in page.evaluate(LIST_LINKS):
            seen.append(f"{path} {link['words']}")
            if link["height"] < 43.5:
                small.append(f"{path} {link['words']!r}: {link['height']:.0f} px tall")
        assert axe_serious(page) == []
    page.screenshot(path=str(RESULTS / f"walk-four-decisions-{viewport}.png"), full_page=True)
    assert any(s.startswith("/decide/ Summer") for s in seen), seen
    assert any(s.startswith("/together/boundaries/ No calls after ten.") for s in seen), seen
    assert any(s.startswith("/together/boundaries/ Sundays are slow.") for s in seen), seen
    assert any("reached out" in s for s in seen), seen
    assert not small, small
