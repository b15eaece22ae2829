"""What the new-couple walk of 2026-12-05 (the twelfth) met, held in Chromium at 390 x 844 and
1280 x 900, in English and Spanish.

Lena and Tomás each took the inventory as many people answer it: Lena with Self 69, Bond 88,
Merging 51, Distance 22; Tomás with Self 88, Bond 54, Merging 20, Distance 53. Each read "Still
forming", and their couple view (and its PDF) read "Both still taking shape ... The areas to
grow below are a good shared place to start." Below, under "Where you can grow together", it
said "Nothing stands out. Keep doing what works.": no scale was low or high enough for either
of them to be named, and the page pointed to a list that was not there.

On the last day of the walk they both answered the question of the day, read each other's
answers, and then Tomás ended the partnership. Both their pages for the day's question then
said "A small question each day, for you alone. Your answer stays with you and is never
shared." of the answer the other had read that morning."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from interdepend.core.dyad import growth_areas
from interdepend.core.scoring import score_one
from interdepend.web.accounts.models import User
from interdepend.web.assessment import selectors
from interdepend.web.assessment.demo import complete_attempt, profile_answers
from interdepend.web.daily import access as daily
from interdepend.web.daily import services as daily_services
from interdepend.web.partners import services as partners
from tests.browser.conftest import ContextMaker
from tests.browser.helpers import PASSWORD, axe_serious, invitation_made, log_in
from tests.browser.test_first_weeks_walk import share_latest
from tests.browser.test_phone_walk_five import choose_language, person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: Lena's and Tomás's answers, as levels of each scale (1-7): both "Still forming", and no
#: scale low (Self, Bond under 50) or high (Merging, Distance from 55) for either.
LENA = {"self": 5, "bond": 6, "enmeshment": 4, "distance": 2}
TOMAS = {"self": 6, "bond": 4, "enmeshment": 2, "distance": 4}


def linked() -> tuple[User, User]:
    lena, tomas = person("Lena"), person("Tomas")
    invitation = partners.invitation_create(inviter=lena)
    partners.invitation_accept(invitation=invitation.invitation, user=tomas)
    return lena, tomas


def forming_couple_who_shared() -> tuple[User, User]:
    lena, tomas = linked()
    inventory = selectors.inventory()
    results = []
    for who, levels, seed in ((lena, LENA, 7), (tomas, TOMAS, 8)):
        answers = profile_answers(inventory, levels)
        complete_attempt(who, answers, days_ago=0, seed=seed)
        share_latest(who)
        results.append(score_one(inventory, answers))
    # The walk's case: both still forming, and nothing low or high enough to be a growth area.
    assert [r.dynamic_id for r in results] == ["still_forming", "still_forming"]
    assert growth_areas(*results) == ()
    return lena, tomas


#: Per language: what the page says when no area to grow is named, and the words that point to
#: a list of growth areas below.
NOTHING = {
    "en": ("Nothing stands out.", ("areas to grow below", "growth areas below")),
    "es": ("Nada destaca.", ("áreas para crecer de abajo", "áreas de crecimiento de abajo")),
}


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
@pytest.mark.parametrize(("language", "scheme"), [("en", "light"), ("es", "dark")])
def test_a_couple_still_forming_is_not_sent_to_growth_areas_that_are_not_there(
    make_context: ContextMaker, viewport: str, language: str, scheme: str
) -> None:
    forming_couple_who_shared()
    page = make_context(viewport, scheme).new_page()  # type: ignore[arg-type]
    log_in(page, "lena@example.test", PASSWORD)
    if language == "es":
        choose_language(page, "es")
    page.goto("/us/couple/")
    nothing, pointers = NOTHING[language]
    main = page.locator("main")
    expect(page.locator("#couple-scales")).to_be_visible()
    expect(main).to_contain_text(nothing)
    for words in pointers:
        expect(main).not_to_contain_text(words)
    assert axe_serious(page) == []


def both_answered_then_he_left() -> None:
    lena, tomas = linked()
    for who, text in ((lena, "The tea on Tuesday."), (tomas, "Waiting up on Thursday.")):
        today = daily.today_for(who)
        assert today.shared
        daily_services.answer_save(user=who, today=today, text=text)
    assert daily.today_for(lena).opened
    assert partners.partnership_leave(user=tomas)


#: Per language: the sentence that said her answer was never shared, and the one that says it
#: was given while they were linked.
TODAY = {
    "en": ("is never shared", "You answered today's question while you were linked."),
    "es": (
        "nunca se comparte",
        "Respondiste la pregunta de hoy mientras vuestras cuentas estaban vinculadas.",
    ),
}


def read_today(page: Page, language: str) -> None:
    never, linked_words = TODAY[language]
    page.goto("/today/")
    main = page.locator("main")
    expect(main).to_contain_text(linked_words)
    expect(main).not_to_contain_text(never)


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
@pytest.mark.parametrize(("language", "scheme"), [("en", "light"), ("es", "dark")])
def test_after_he_leaves_the_answer_they_both_read_today_is_not_called_never_shared(
    make_context: ContextMaker,
    monkeypatch: pytest.MonkeyPatch,
    viewport: str,
    language: str,
    scheme: str,
) -> None:
    # Every day is a day for two here (two days a week are for one, chosen from the couple).
    monkeypatch.setattr("interdepend.web.daily.access.is_reflective_day", lambda *_: False)
    both_answered_then_he_left()
    for email in ("tomas@example.test", "lena@example.test"):
        page = make_context(viewport, scheme).new_page()  # type: ignore[arg-type]
        log_in(page, email, PASSWORD)
        if language == "es":
            choose_language(page, "es")
        read_today(page, language)
        assert axe_serious(page) == []


def test_an_answer_for_one_is_still_called_never_shared(make_context: ContextMaker) -> None:
    """Someone on her own, who never linked, still reads that her answer is never shared."""
    sam = person("Sam")
    daily_services.answer_save(user=sam, today=daily.today_for(sam), text="A long walk.")
    page = make_context("phone", "light").new_page()
    log_in(page, "sam@example.test", PASSWORD)
    page.goto("/today/")
    expect(page.locator("main")).to_contain_text("Your answer stays with you and is never shared.")
    expect(page.locator("main")).not_to_contain_text("while you were linked")


#: Each code box on the page of a new invitation and the copy button after it: the gap between
#: them, below the box when the button went to the next line, beside it otherwise.
GAPS = """() => [...document.querySelectorAll('main .code')].map(code => {
  const box = code.getBoundingClientRect();
  const button = code.parentElement.querySelector('button[data-copy="' + code.id + '"]')
    .getBoundingClientRect();
  const below = button.top >= box.bottom - 1;
  return { id: code.id, below, gap: below ? button.top - box.bottom : button.left - box.right };
})"""


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_the_copy_buttons_stand_apart_from_the_code_and_the_link(
    make_context: ContextMaker, viewport: str
) -> None:
    person("Lena")
    page = make_context(viewport).new_page()
    log_in(page, "lena@example.test", PASSWORD)
    invitation_made(page)
    gaps = page.evaluate(GAPS)
    assert [g["id"] for g in gaps] == ["invite-code", "invite-link"]
    # On the phone both buttons go under their boxes, on the desktop the link's does.
    assert any(g["below"] for g in gaps), gaps
    for g in gaps:  # under the box: room to see two things; beside it, at least a space
        assert g["gap"] >= (6 if g["below"] else 4), gaps
    assert axe_serious(page) == []
