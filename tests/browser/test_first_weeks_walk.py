"""A new couple's first weeks, walked on a phone (390 x 844, light and dark, English and
Spanish) as the weeks pass: the rows of past days are written through the services, as
``tests/together_fixtures.py`` does, and the pages are read as they stand on each day.

Eight weeks in, Ana took the inventory again. The couple view above still showed the result she
had shared in October; under "Your part" the page told her "Your latest result is from
4 December. Sharing it lets the couple view open once your partner shares too." The view was
open already, right above, and nothing said which of her results it showed: she could not tell
whether Ben was looking at her old answers or her new ones, or what sharing again would do. The
partnership page offered the same sentence as her next step.

In the second week, Ben opened the weekly check-in before Ana had done this week's. The card of
her week showed last week's, dated "the week starting 23 November", and under it "What Ana
needs this week": what she needed the week before, told as if it were now.

On the day a promise of hers was due, her home page said "The day came for one of your promises.
How did it go?" and led to her promises, where the one due that day said only "by 4 Dec 2026":
only a promise whose day had passed asked how it went, so she had to work out which one the
note meant."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, expect

from interdepend.web.accounts.models import User
from interdepend.web.assessment import selectors
from interdepend.web.assessment.demo import complete_attempt, profile_answers
from interdepend.web.assessment.models import Attempt
from interdepend.web.couple.services import reveal_create
from interdepend.web.partners import services as partners
from interdepend.web.partners.access import access_active_partnership
from interdepend.web.together import services as together
from interdepend.web.together.selectors import this_week
from tests.browser.conftest import ContextMaker
from tests.browser.helpers import PASSWORD, axe_serious, log_in
from tests.browser.test_phone_walk_five import choose_language, person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def share_latest(user: User) -> None:
    active = access_active_partnership(user)
    assert active is not None
    attempt = Attempt.objects.filter(user=user).exclude(completed_at=None)
    reveal_create(user=user, active=active, attempt=attempt.latest("completed_at"))


def couple_who_shared_in_october() -> tuple[User, User]:
    """Ana and Ben linked, each finished the inventory seven weeks ago and shared it."""
    inventory = selectors.inventory()
    ana, ben = person("Ana"), person("Ben")
    invitation = partners.invitation_create(inviter=ana)
    partners.invitation_accept(invitation=invitation.invitation, user=ben)
    for who, levels, seed in (
        (ana, {"self": 6, "bond": 6, "enmeshment": 2, "distance": 2}, 7),
        (ben, {"self": 3, "bond": 5, "enmeshment": 5, "distance": 3}, 8),
    ):
        complete_attempt(who, profile_answers(inventory, levels), days_ago=50, seed=seed)
        share_latest(who)
    return ana, ben


#: What "Your part" says of each of her results, per language: the shared one the view uses,
#: the sentence that wrongly promised a view that was open already.
WORDS = {
    "en": ("The couple view uses the result you shared from", "lets the couple view open once"),
    "es": ("La vista de pareja usa el resultado que compartiste del", "se abrirá cuando tu pareja"),
}


@pytest.mark.parametrize(("language", "scheme"), [("en", "light"), ("es", "dark")])
def test_after_a_retake_her_part_says_which_result_the_open_view_uses(
    make_context: ContextMaker, language: str, scheme: str
) -> None:
    ana, _ = couple_who_shared_in_october()
    inventory = selectors.inventory()
    levels = {"self": 4, "bond": 6, "enmeshment": 3, "distance": 2}
    complete_attempt(ana, profile_answers(inventory, levels), days_ago=0, seed=9)
    page = make_context("phone", scheme).new_page()  # type: ignore[arg-type]
    log_in(page, "ana@example.test", PASSWORD)
    if language == "es":
        choose_language(page, "es")
    uses, promised = WORDS[language]
    page.goto("/us/couple/")
    part = page.locator("section[aria-labelledby=mine-heading]")
    expect(page.locator("#couple-scales")).to_be_visible()  # the view is open, above
    expect(part).to_contain_text(uses)
    expect(part).not_to_contain_text(promised)
    page.goto("/us/")
    expect(page.locator("main")).to_contain_text(uses)
    expect(page.locator("main")).not_to_contain_text(promised)
    assert axe_serious(page) == []


def test_before_anything_is_shared_her_part_still_says_the_view_opens_later(
    make_context: ContextMaker,
) -> None:
    ana, ben = person("Ana"), person("Ben")
    invitation = partners.invitation_create(inviter=ana)
    partners.invitation_accept(invitation=invitation.invitation, user=ben)
    inventory = selectors.inventory()
    levels = {"self": 6, "bond": 6, "enmeshment": 2, "distance": 2}
    complete_attempt(ana, profile_answers(inventory, levels), days_ago=1, seed=7)
    page = make_context("phone", "light").new_page()
    log_in(page, "ana@example.test", PASSWORD)
    page.goto("/us/couple/")
    part = page.locator("section[aria-labelledby=mine-heading]")
    expect(part).to_contain_text("lets the couple view open once your partner shares too")
    expect(part).not_to_contain_text("The couple view uses")


def linked_couple() -> tuple[User, User]:
    ana, ben = person("Ana"), person("Ben")
    invitation = partners.invitation_create(inviter=ana)
    partners.invitation_accept(invitation=invitation.invitation, user=ben)
    return ana, ben


def ana_shares_a_week(ana: User, weeks_ago: int, need: str) -> None:
    active = access_active_partnership(ana)
    assert active is not None
    together.checkin_save(
        owner=ana,
        week=this_week() - timedelta(weeks=weeks_ago),
        values={"heard": 5, "close": 6},
        need=need,
        shared=True,
        partnership=active.partnership,
    )


#: The heading over what she wrote she needs: of this week, of the week before.
NEEDS = {
    "en": ("What Ana needs this week", "What Ana needed that week"),
    "es": ("Lo que Ana necesita esta semana", "Lo que Ana necesitaba esa semana"),
}


@pytest.mark.parametrize(("language", "scheme"), [("en", "dark"), ("es", "light")])
def test_in_week_two_her_last_weeks_need_is_not_told_as_this_weeks(
    make_context: ContextMaker, language: str, scheme: str
) -> None:
    ana, _ben = linked_couple()
    ana_shares_a_week(ana, 1, "A quiet evening")
    page = make_context("phone", scheme).new_page()  # type: ignore[arg-type]
    log_in(page, "ben@example.test", PASSWORD)
    if language == "es":
        choose_language(page, "es")
    page.goto("/together/check-in/")
    card = page.locator("section[aria-labelledby=partner-week-heading]")
    now, then = NEEDS[language]
    expect(card.get_by_role("heading", name=then)).to_be_visible()
    expect(card.get_by_text(now)).to_have_count(0)
    expect(card).to_contain_text("A quiet evening")

    ana_shares_a_week(ana, 0, "A long walk")
    page.reload()
    expect(card.get_by_role("heading", name=now)).to_be_visible()
    expect(card.get_by_text(then)).to_have_count(0)
    expect(card).to_contain_text("A long walk")
    assert axe_serious(page) == []


#: The word under each of her open promises, by how its day stands, per language.
DAY = {
    "en": ("The day has passed. How did it go?", "Today is the day. How did it go?"),
    "es": ("Ya pasó el día. ¿Qué tal fue?", "Hoy es el día. ¿Qué tal fue?"),
}


@pytest.mark.parametrize(("language", "scheme"), [("en", "light"), ("es", "dark")])
def test_her_promise_due_today_says_its_day_came_as_the_home_page_does(
    make_context: ContextMaker, language: str, scheme: str
) -> None:
    ana, _ben = linked_couple()
    active = access_active_partnership(ana)
    assert active is not None
    today = timezone.localdate()
    for text, days in (("Call the plumber", -3), ("Cook on Friday", 0), ("Plan the trip", 4)):
        together.commitment_create(
            owner=ana,
            partnership=active.partnership,
            text=text,
            due_on=today + timedelta(days=days),
            idem_key="",
        )
    page = make_context("phone", scheme).new_page()  # type: ignore[arg-type]
    log_in(page, "ana@example.test", PASSWORD)
    if language == "es":
        choose_language(page, "es")
    page.goto("/together/promises/")
    passed, now = DAY[language]

    def promise(text: str) -> Locator:
        return page.locator("#promises-open li.item").filter(has_text=text)

    expect(promise("Call the plumber")).to_contain_text(passed)
    expect(promise("Cook on Friday")).to_contain_text(now)
    expect(promise("Cook on Friday")).not_to_contain_text(passed)
    for words in (passed, now):
        expect(promise("Plan the trip")).not_to_contain_text(words)
    assert axe_serious(page) == []
