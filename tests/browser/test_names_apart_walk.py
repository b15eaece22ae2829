"""Controls that sound alike, heard as a screen reader hears them, on a phone and a desktop, in
English and Spanish (the assistive-technology walk of 2026-12-04).

Ana had two bids from Ben waiting: "Yes, now", "Not now" and "Later" twice over, nothing in
their names to say which bid each answered. Her two promises gave "I kept it" twice. Two
decisions both called "Holidays" were two links of one name, and a practitioner's open
invitations each had a "Withdraw" like the next. The sign-in form read "E-mail address:" where
the labels written into the pages have no colon. The names come from the browser's own
accessibility tree (Playwright's roles), and axe checks each page."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from interdepend.web.assessment import selectors
from interdepend.web.assessment.demo import complete_attempt, profile_answers
from interdepend.web.assessment.models import Attempt
from interdepend.web.couple.services import reveal_create
from interdepend.web.decide import services as decide
from interdepend.web.decide.models import Decision
from interdepend.web.partners.access import access_active_partnership
from interdepend.web.practice import services as practice
from interdepend.web.practice.models import ClientInvitation, Practitioner
from interdepend.web.together import services as together
from tests.browser.conftest import ColorScheme, ContextMaker
from tests.browser.helpers import axe_serious
from tests.browser.test_dates_shown_walk import NOVEMBER, OCTOBER, couple, linked, open_page, person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WALKS = [("en", "light", "phone"), ("es", "dark", "desktop")]

WORDS = {
    "en": {
        "table": "The numbers are in the table that goes with it.",
        "numbers": "The numbers of the map of Self and Bond",
        "yes": "Yes, now",
        "no": "Not now",
        "kept": "I kept it",
        "withdraw": "Withdraw the invitation made",
    },
    "es": {
        "table": "Los números están en la tabla que lo acompaña.",
        "numbers": "Los números del mapa Yo × Vínculo",
        "yes": "Sí, ahora",
        "no": "Ahora no",
        "kept": "La cumplí",
        "withdraw": "Retirar la invitación creada el",
    },
}


@pytest.mark.parametrize(("language", "scheme", "size"), WALKS)
def test_like_controls_have_names_of_their_own(
    make_context: ContextMaker, language: str, scheme: ColorScheme, size: str
) -> None:
    ana, ben, partnership = linked(language)
    for text in ("Tea now?", "A walk on Sunday?"):
        together.bid_send(owner=ben, partnership=partnership, text=text, idem_key="")
    due = timezone.localdate() + datetime.timedelta(days=3)
    for text in ("Call my sister", "Cook on Friday"):
        together.commitment_create(
            owner=ana, partnership=partnership, text=text, due_on=due, idem_key=""
        )
    for day, token in ((OCTOBER, "one"), (NOVEMBER, "two")):
        made = decide.decision_create(
            partnership=partnership,
            author=ana,
            title="Holidays",
            options=["Sea", "Hills"],
            token=token,
        )
        Decision.objects.filter(pk=made.pk).update(created_at=day)
    words = WORDS[language]

    bids = open_page(make_context, scheme, size, "ana@example.test", "/together/bids/")
    for text in ("Tea now?", "A walk on Sunday?"):
        for said in (words["yes"], words["no"]):
            name = f"{said} {text}"
            expect(bids.get_by_role("button", name=name, exact=True)).to_have_count(1)
    # What she sees on the buttons is as it was.
    expect(bids.locator("button", has_text=words["yes"]).first).to_have_text(words["yes"])
    assert axe_serious(bids) == []

    promises = bids.context.new_page()
    promises.goto(bids.url.replace("/together/bids/", "/together/promises/"))
    for text in ("Call my sister", "Cook on Friday"):
        name = f"{words['kept']} {text}"
        expect(promises.get_by_role("button", name=name, exact=True)).to_have_count(1)
    assert axe_serious(promises) == []

    decisions = bids.context.new_page()
    decisions.goto(bids.url.replace("/together/bids/", "/decide/"))
    links = decisions.get_by_role("link", name="Holidays")
    expect(links).to_have_count(2)
    names = [links.nth(i).evaluate("e => e.textContent") for i in range(2)]
    assert names[0] != names[1]
    assert axe_serious(decisions) == []


@pytest.mark.parametrize(("language", "scheme", "size"), WALKS)
def test_her_withdraw_buttons_and_the_sign_in_labels(
    make_context: ContextMaker, language: str, scheme: ColorScheme, size: str
) -> None:
    pat = person("Pat", language)
    practice.practitioner_enable(user=pat, kind="therapist", practice_name="Pat Practice")
    profile = Practitioner.objects.get(user=pat)
    for days in (1, 2):  # still open: made a day and two days ago
        day = timezone.now() - datetime.timedelta(days=days)
        made = practice.client_invitation_create(practitioner=profile)
        ClientInvitation.objects.filter(pk=made.invitation.pk).update(created_at=day)
    words = WORDS[language]
    page = open_page(make_context, scheme, size, "pat@example.test", "/practice/")
    buttons = page.get_by_role("button", name=words["withdraw"])
    expect(buttons).to_have_count(2)
    first, second = (buttons.nth(i).evaluate("e => e.textContent") for i in range(2))
    assert first != second
    assert axe_serious(page) == []

    # The sign-in form, as a visitor's browser first shows it: its labels end without a colon.
    visitor = make_context(size, scheme).new_page()
    visitor.goto("/login/")
    for label in ("E-mail address", "Password"):
        expect(visitor.get_by_label(label, exact=True)).to_be_visible()


@pytest.mark.parametrize(("language", "scheme", "size"), WALKS)
def test_the_couple_map_points_to_a_table_with_a_name(
    make_context: ContextMaker, language: str, scheme: ColorScheme, size: str
) -> None:
    """On a phone the table comes below the map, not beside it: the map's words say neither."""
    ana, ben = couple(language)
    inventory = selectors.inventory()
    for who, levels, seed in (
        (ana, {"self": 6, "bond": 6, "enmeshment": 2, "distance": 2}, 7),
        (ben, {"self": 3, "bond": 5, "enmeshment": 5, "distance": 3}, 8),
    ):
        complete_attempt(who, profile_answers(inventory, levels), days_ago=30, seed=seed)
        active = access_active_partnership(who)
        assert active is not None
        latest = Attempt.objects.filter(user=who).latest("completed_at")
        reveal_create(user=who, active=active, attempt=latest)
    words = WORDS[language]
    page = open_page(make_context, scheme, size, "ana@example.test", "/us/couple/")
    image = page.locator("figure.map img")
    assert (image.get_attribute("alt") or "").endswith(words["table"])
    table = page.get_by_role("table", name=words["numbers"], exact=True)
    expect(table).to_have_count(1)
    box = table.locator("caption").bounding_box()  # what she sees is as it was
    assert box is not None and box["width"] <= 1 and box["height"] <= 1, box
    width = page.evaluate("document.documentElement.scrollWidth")
    assert page.viewport_size is None or width <= page.viewport_size["width"]
    assert axe_serious(page) == []
