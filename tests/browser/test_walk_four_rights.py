"""What the fourth walk of 2026-12-04 met on a counsellor's pages and a person's data-rights
pages, in Chromium at 390 x 844 and 1280 x 900: "Who can see what" told someone linked with a
partner who saw nothing else of hers that the partner "sees your name, and:", over a list with
nothing in it; and a counsellor whom both partners let see their couple view read only that it
"needs ... their couple view to be open", with nothing to say what was missing; and "Who has
looked at your data" wrote a sitting's times on a 12-hour clock ("9:54 p.m. to 10:03 p.m.")
beside lines at "22:03"; and the table of a client's check-ins, before her first one, was seven
headings cut off at a phone's edge over one line saying there was nothing to show."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from interdepend.web.accounts.models import User
from interdepend.web.accounts.services import user_create
from interdepend.web.assessment import selectors
from interdepend.web.assessment.demo import complete_attempt, profile_answers
from interdepend.web.couple.services import reveal_create
from interdepend.web.partners import services as partners
from interdepend.web.partners.access import access_active_partnership
from interdepend.web.practice import services as practice
from interdepend.web.practice.accesslog import _append, reader_label
from interdepend.web.practice.models import AccessKind, ClientLink, InvitationFor, Scope
from tests.browser.conftest import ColorScheme, ContextMaker
from tests.browser.helpers import PASSWORD, axe_serious, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LEVELS = {"self": 3, "bond": 6, "enmeshment": 6, "distance": 2}

LOOKS: tuple[tuple[str, ColorScheme], ...] = (("phone", "light"), ("desktop", "dark"))

#: The words of the partner card on "Who can see what", and how many rows its list has.
PARTNER_CARD = """() => { const card = document.querySelector('#partner-heading + .card');
  return [card.querySelector('p').textContent.replace(/\\s+/g, ' ').trim(),
          card.querySelectorAll('ul.items > li').length]; }"""


def couple() -> tuple[User, User]:
    """Ana and Ben, linked, each with a finished inventory and nothing shared."""
    inventory = selectors.inventory()
    ana = user_create(email="ana@example.test", password=PASSWORD, display_name="Ana")
    ben = user_create(email="ben@example.test", password=PASSWORD, display_name="Ben")
    for person in (ana, ben):
        complete_attempt(person, profile_answers(inventory, LEVELS), days_ago=1, seed=3)
    invitation = partners.invitation_create(inviter=ana)
    partners.invitation_accept(invitation=invitation.invitation, user=ben)
    return ana, ben


def partner_card(page: Page) -> tuple[str, int]:
    page.goto("/me/sharing/")
    expect(page.get_by_role("heading", name="Your partner")).to_be_visible()
    words, rows = page.evaluate(PARTNER_CARD)
    return str(words), int(rows)


@pytest.mark.parametrize(("size", "scheme"), LOOKS)
def test_a_partner_who_sees_only_her_name_is_said_to_see_nothing_else(
    make_context: ContextMaker, size: str, scheme: ColorScheme
) -> None:
    ana, _ = couple()
    page = make_context(size, scheme).new_page()
    log_in(page, "ana@example.test", PASSWORD)
    words, rows = partner_card(page)
    assert words.endswith("Ben sees your name, and nothing else of yours."), words
    assert rows == 0
    assert not page.locator("#partner-heading + .card ul").count(), "an empty list is left"
    assert page.get_by_role("button", name="Unlink from Ben").is_visible()
    assert not axe_serious(page)

    # Once she shares her result, the sentence leads into the list that names it.
    active = access_active_partnership(ana)
    assert active is not None
    reveal_create(user=ana, active=active, attempt=ana.attempts.get())
    words, rows = partner_card(page)
    assert words.endswith("Ben sees your name, and:"), words
    assert rows == 1
    expect(page.get_by_role("button", name="Stop sharing my results")).to_be_visible()


@pytest.mark.parametrize(("size", "scheme"), LOOKS)
def test_a_counsellor_reads_what_the_couple_view_still_waits_for(
    make_context: ContextMaker, size: str, scheme: ColorScheme
) -> None:
    ana, ben = couple()
    pia = user_create(email="pia@example.test", password=PASSWORD, display_name="Pia")
    profile = practice.practitioner_enable(user=pia, kind="counsellor")
    new = practice.client_invitation_create(practitioner=profile, invited=InvitationFor.COUPLE)
    links = [
        practice.client_invitation_redeem(invitation=new.invitation, user=p) for p in (ana, ben)
    ]
    for link in links:
        practice.consent_set(link=link, scopes=[Scope.COUPLE])
    page = make_context(size, scheme).new_page()
    log_in(page, "pia@example.test", PASSWORD)
    page.goto(f"/practice/clients/{links[0].public_id}/")
    section = page.locator("section", has=page.get_by_role("heading", name="Couple view"))
    expect(section).to_contain_text(
        "It opens once both partners share it with you and each of them has shared their "
        "latest inventory result with the other."
    )
    expect(section).not_to_contain_text("their couple view to be open")
    assert not axe_serious(page)

    # What it waited for is what opens it: each shares their latest result with the other.
    for person in (ana, ben):
        active = access_active_partnership(person)
        assert active is not None
        reveal_create(user=person, active=active, attempt=person.attempts.get())
    page.reload()
    expect(section.get_by_role("img", name="Both partners on the map")).to_be_visible()
    expect(section.get_by_role("link", name="Both partners' scores, as a table")).to_be_visible()


def cleo_with_pia() -> tuple[User, User, ClientLink]:
    """Cleo, and Pia, a counsellor she has connected with by Pia's code."""
    cleo = user_create(email="cleo@example.test", password=PASSWORD, display_name="Cleo")
    pia = user_create(email="pia@example.test", password=PASSWORD, display_name="Pia")
    profile = practice.practitioner_enable(user=pia)
    new = practice.client_invitation_create(practitioner=profile)
    return cleo, pia, practice.client_invitation_redeem(invitation=new.invitation, user=cleo)


#: How far the page reaches past the right edge of the window, in CSS pixels.
SIDEWAYS = "() => document.documentElement.scrollWidth - innerWidth"

#: The "When" of each line of her access log.
LOG_WHEN = """() => [...document.querySelectorAll('main tbody tr td:first-child')]
  .map(td => td.textContent.trim())"""


@pytest.mark.parametrize(("size", "scheme"), LOOKS)
def test_her_access_log_writes_every_time_on_one_clock(
    make_context: ContextMaker, size: str, scheme: ColorScheme
) -> None:
    cleo, pia, _link = cleo_with_pia()
    day = (timezone.now() - timedelta(days=1)).replace(hour=21, minute=54, second=0)
    label = reader_label(pia)
    # An evening's sitting of three looks at her map, then a look at her trends.
    for minutes, kind in (
        (0, AccessKind.RESULTS),
        (4, AccessKind.RESULTS),
        (9, AccessKind.RESULTS),
        (11, AccessKind.TRENDS),
    ):
        _append(
            subject_id=cleo.pk,
            reader=pia,
            label=label,
            kind=kind,
            at=day + timedelta(minutes=minutes),
        )
    page = make_context(size, scheme).new_page()
    log_in(page, "cleo@example.test", PASSWORD)
    page.goto("/practice/mine/log/")
    when = page.evaluate(LOG_WHEN)
    assert len(when) == 2, when
    assert when[0].endswith(", 22:05"), when
    assert when[1].endswith(", 21:54 to 22:03 (3 times)"), when
    assert not [w for w in when if re.search(r"[ap]\.m\.", w)], when
    assert not axe_serious(page)


@pytest.mark.parametrize(("size", "scheme"), LOOKS)
def test_a_clients_check_in_numbers_before_any_check_in_are_one_plain_sentence(
    make_context: ContextMaker, size: str, scheme: ColorScheme
) -> None:
    cleo, pia, link = cleo_with_pia()
    practice.consent_set(link=link, scopes=[Scope.TRENDS])
    page = make_context(size, scheme).new_page()
    log_in(page, "pia@example.test", PASSWORD)
    page.goto(f"/practice/clients/{link.public_id}/")
    page.get_by_role("link", name="The numbers in this chart, as a table").click()
    expect(page.get_by_role("heading", name="Weekly check-ins: the numbers")).to_be_visible()
    expect(page.locator("main").get_by_text("Nothing to show yet.")).to_be_visible()
    assert page.locator("main table").count() == 0, "a table of headings over no row"
    assert page.locator("main [role=region]").count() == 0
    assert page.evaluate(SIDEWAYS) <= 0
    assert not axe_serious(page)
    page.get_by_role("link", name="Back to the client's page").click()
    expect(page.get_by_role("heading", name="Weekly check-ins", exact=True)).to_be_visible()
