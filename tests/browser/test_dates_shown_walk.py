"""The days that tell like things apart, walked on a phone (390 x 844) and a desktop, light and
dark, in English and Spanish (the seventh walk of 2026-12-04).

Ana and Ben had named three decisions over the autumn; the list and each decision's page gave
only the title, so "Holidays" from October and "Holidays" from last week read alike. A bid Ben
sent five days before still offered Ana "Yes, now" under "From Ben · 29 November", as if he
had just asked. The couple view set both their results side by side without saying which day
either was from. And a practitioner with three invitations out read "For one person · open
until …" three times, with nothing to tell her which one she meant to withdraw."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format
from playwright.sync_api import Page, expect

from interdepend.web.accounts.models import User
from interdepend.web.accounts.services import user_create
from interdepend.web.assessment import selectors
from interdepend.web.assessment.demo import complete_attempt, profile_answers
from interdepend.web.assessment.models import Attempt
from interdepend.web.couple.services import reveal_create
from interdepend.web.decide.models import Decision
from interdepend.web.partners import services as partners
from interdepend.web.partners.access import access_active_partnership
from interdepend.web.partners.models import Partnership
from interdepend.web.practice import services as practice
from interdepend.web.practice.models import ClientInvitation, Practitioner
from interdepend.web.together import services as together
from interdepend.web.together.models import Bid
from tests.browser.conftest import ColorScheme, ContextMaker
from tests.browser.helpers import PASSWORD, axe_serious, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: Where the walk's pictures go, to be looked at.
SHOTS = Path("/tmp/walk7")
#: Noon on days well past: no time zone moves them to another day.
OCTOBER = datetime.datetime(2026, 10, 24, 12, tzinfo=datetime.UTC)
NOVEMBER = datetime.datetime(2026, 11, 2, 12, tzinfo=datetime.UTC)
#: Each walk: its language, its colours, its screen.
WALKS = [("en", "light", "phone"), ("es", "dark", "phone"), ("en", "dark", "desktop")]
WALKS += [("es", "light", "desktop")]

WORDS = {
    "en": {
        "named": "Named on 24 October 2026.",
        "waited": "5 days ago",
        "old_yes": "Yes, I am free now",
        "yes": "Yes, now",
        "results": "Ana's result is from 24 October 2026; Ben's is from 2 November 2026.",
        "joined": "For a couple, one partner has joined",
    },
    "es": {
        "named": "Planteada el 24 de octubre de 2026.",
        "waited": "hace 5 días",
        "old_yes": "Sí, ahora puedo",
        "yes": "Sí, ahora",
        "results": "El resultado de Ana es del 24 de octubre de 2026; el de Ben, del 2 de "
        "noviembre de 2026.",
        "joined": "Para una pareja, uno de los dos ya se ha unido",
    },
}


def person(name: str, language: str) -> User:
    user = user_create(email=f"{name.lower()}@example.test", password=PASSWORD, display_name=name)
    user.language = language
    user.time_zone = "UTC"
    user.save(update_fields=["language", "time_zone"])
    return user


def couple(language: str) -> tuple[User, User]:
    ana, ben = person("Ana", language), person("Ben", language)
    invitation = partners.invitation_create(inviter=ana)
    partners.invitation_accept(invitation=invitation.invitation, user=ben)
    return ana, ben


def linked(language: str) -> tuple[User, User, Partnership]:
    """Ana and Ben, linked, with their partnership."""
    ana, ben = couple(language)
    active = access_active_partnership(ana)
    assert active is not None
    return ana, ben, active.partnership


def yesterday_morning() -> datetime.datetime:
    """Yesterday at half past nine (UTC): a day an open invitation can have been made."""
    made = timezone.now() - datetime.timedelta(days=1)
    return made.replace(hour=9, minute=30, second=0, microsecond=0)


def made_words(made: datetime.datetime, language: str) -> str:
    """How her list says when an invitation was made, as the site writes a day and its time."""
    with translation.override(language), timezone.override(datetime.UTC):
        day = date_format(timezone.localtime(made), "DATETIME_FORMAT")
    return ("made %s" if language == "en" else "creada el %s") % day


def open_page(make_context: ContextMaker, scheme: str, size: str, email: str, address: str) -> Page:
    page = make_context(size, scheme).new_page()  # type: ignore[arg-type]
    log_in(page, email, PASSWORD)
    page.goto(address)
    return page


def look(
    page: Page,
    name: str,
    language: str,
    scheme: str,
    size: str,
    axe: bool = True,
) -> None:
    """The page as it stands, for the eye, and for axe."""
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{language}-{scheme}-{size}.png"), full_page=True)
    if axe:
        assert axe_serious(page) == []
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"] if page.viewport_size else True


@pytest.mark.parametrize(("language", "scheme", "size"), WALKS)
def test_each_decision_says_the_day_it_was_named(
    make_context: ContextMaker, language: str, scheme: ColorScheme, size: str
) -> None:
    ana, ben, partnership = linked(language)
    for title, day in (("Holidays", OCTOBER), ("Holidays", timezone.now())):
        Decision.objects.create(
            partnership=partnership,
            author=ben,
            title=title,
            options=["Sea", "Hills"],
            created_at=day,
            form_token=str(day.timestamp()),
        )
    words = WORDS[language]
    page = open_page(make_context, scheme, size, "ana@example.test", "/decide/")
    decisions = page.locator("ul.decisions li")
    expect(decisions).to_have_count(2)
    expect(decisions.filter(has_text=words["named"])).to_have_count(1)
    look(page, "decisions", language, scheme, size)
    decisions.filter(has_text=words["named"]).get_by_role("link").click()
    expect(page.locator("main")).to_contain_text(words["named"])
    look(page, "decision", language, scheme, size)


@pytest.mark.parametrize(("language", "scheme", "size"), WALKS)
def test_a_bid_that_waited_days_says_so_and_asks_if_she_is_free_now(
    make_context: ContextMaker, language: str, scheme: ColorScheme, size: str
) -> None:
    ana, ben, partnership = linked(language)
    old = together.bid_send(
        owner=ben, partnership=partnership, text="A walk on Sunday?", idem_key=""
    )
    Bid.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=5))
    together.bid_send(owner=ben, partnership=partnership, text="Tea now?", idem_key="")
    words = WORDS[language]
    page = open_page(make_context, scheme, size, "ana@example.test", "/together/bids/")
    waiting = page.locator("#bids-waiting li")
    old_card = waiting.filter(has_text="A walk on Sunday?")
    new_card = waiting.filter(has_text="Tea now?")
    expect(old_card).to_contain_text(words["waited"])
    # Each answer is named with the bid it answers (the assistive-technology walk of 2026-12-04).
    old_yes, new_yes = f"{words['old_yes']} A walk on Sunday?", f"{words['yes']} Tea now?"
    expect(old_card.get_by_role("button", name=old_yes, exact=True)).to_be_visible()
    expect(new_card.get_by_role("button", name=new_yes, exact=True)).to_be_visible()
    # The picture from a page of its own: a picture leaves an empty inline style behind, which
    # the page's rules (CSP) refuse in the swap an answer makes.
    seen = open_page(make_context, scheme, size, "ana@example.test", "/together/bids/")
    look(seen, "bids", language, scheme, size, axe=False)
    old_card.get_by_role("button", name=old_yes, exact=True).click()
    expect(page.locator("#bids-status")).not_to_be_empty()
    assert axe_serious(page) == []
    old.refresh_from_db()
    assert old.answer == "yes_now"  # the same answer as ever: only her words changed
    # Ben's page says nothing of how long she took.
    his = open_page(make_context, scheme, size, "ben@example.test", "/together/bids/")
    expect(his.locator("main")).not_to_contain_text(words["waited"])


@pytest.mark.parametrize(("language", "scheme", "size"), WALKS)
def test_the_couple_view_says_which_day_each_result_is_from(
    make_context: ContextMaker, language: str, scheme: ColorScheme, size: str
) -> None:
    ana, ben = couple(language)
    inventory = selectors.inventory()
    for who, day, levels, seed in (
        (ana, OCTOBER, {"self": 6, "bond": 6, "enmeshment": 2, "distance": 2}, 7),
        (ben, NOVEMBER, {"self": 3, "bond": 5, "enmeshment": 5, "distance": 3}, 8),
    ):
        complete_attempt(who, profile_answers(inventory, levels), days_ago=30, seed=seed)
        latest = Attempt.objects.filter(user=who).latest("completed_at")
        Attempt.objects.filter(pk=latest.pk).update(completed_at=day)
        active = access_active_partnership(who)
        assert active is not None
        reveal_create(user=who, active=active, attempt=latest)
    page = open_page(make_context, scheme, size, "ana@example.test", "/us/couple/")
    expect(page.locator("main")).to_contain_text(WORDS[language]["results"])
    look(page, "couple", language, scheme, size)


@pytest.mark.parametrize(("language", "scheme", "size"), WALKS)
def test_her_open_invitations_can_be_told_apart(
    make_context: ContextMaker, language: str, scheme: ColorScheme, size: str
) -> None:
    pat = person("Pat", language)
    practice.practitioner_enable(user=pat, kind="therapist", practice_name="Pat Practice")
    profile = Practitioner.objects.get(user=pat)
    fay, _gus = couple(language)
    old = practice.client_invitation_create(practitioner=profile)
    made = yesterday_morning()
    ClientInvitation.objects.filter(pk=old.invitation.pk).update(created_at=made)
    half = practice.client_invitation_create(practitioner=profile, invited="couple")
    practice.client_invitation_redeem(invitation=half.invitation, user=fay)
    practice.client_invitation_create(practitioner=profile)
    words = WORDS[language]
    page = open_page(make_context, scheme, size, "pat@example.test", "/practice/")
    listed = page.locator("section[aria-labelledby=invite-heading] li")
    expect(listed).to_have_count(3)
    expect(listed.filter(has_text=words["joined"])).to_have_count(1)
    expect(listed.filter(has_text=made_words(made, language))).to_have_count(1)
    look(page, "invitations", language, scheme, size)
