"""In real Chromium: a practitioner works with a couple under per-person consent, and one partner
reads the access log, downloads their data and runs the safety reset.

Both partners' finished inventories and their partnership are seeded in the database (taking
the inventory and linking have browser tests of their own); everything else is clicked.
"""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from playwright.sync_api import Page, expect

from interdepend.web.accounts.services import user_create
from interdepend.web.assessment import selectors
from interdepend.web.assessment.demo import complete_attempt, profile_answers
from interdepend.web.partners import services as partners
from tests.browser.conftest import ContextMaker
from tests.browser.helpers import axe_serious, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a calm and long passphrase"


def join_and_consent(page: Page, code: str, scope: str) -> None:
    page.goto("/practice/mine/")
    page.get_by_label("Invitation code").fill(code)
    page.get_by_role("button", name="Look up the invitation").click()
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Connect").click()
    expect(page.get_by_role("heading", name="Your practitioners", level=1)).to_be_visible()
    page.get_by_label(scope).check()
    # Letting them see something new asks for the password typed beside the boxes.
    page.get_by_role("button", name="Save what they may see").click()
    expect(page.get_by_text("Type your password to let them see more.")).to_be_visible()
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Save what they may see").click()
    expect(
        page.get_by_text("From now on your practitioner sees only what you ticked")
    ).to_be_visible()
    expect(page.get_by_label(scope)).to_be_checked()


def test_practitioner_sees_exactly_what_each_partner_allows(make_context: ContextMaker) -> None:
    inventory = selectors.inventory()
    people = {}
    for name, levels in (
        ("Ana", {"self": 3, "bond": 6, "enmeshment": 6, "distance": 2}),
        ("Ben", {"self": 6, "bond": 3, "enmeshment": 2, "distance": 6}),
        ("Pia", None),
    ):
        person = user_create(
            email=f"{name.lower()}@example.test", password=PASSWORD, display_name=name
        )
        if levels:
            complete_attempt(person, profile_answers(inventory, levels), days_ago=1, seed=3)
        people[name] = person
    invitation = partners.invitation_create(inviter=people["Ana"])
    partners.invitation_accept(invitation=invitation.invitation, user=people["Ben"])

    ana = make_context("desktop", "light").new_page()
    ben = make_context("phone", "dark").new_page()
    pia = make_context("desktop", "dark").new_page()
    for page, name in ((ana, "ana"), (ben, "ben"), (pia, "pia")):
        log_in(page, f"{name}@example.test", PASSWORD)
    violations: list[str] = []

    # Pia turns on the practitioner role and invites the couple.
    pia.goto("/practice/start/")
    pia.get_by_label("How you work with people").select_option(label="Counsellor")
    pia.get_by_role("button", name="Turn on the practitioner role").click()
    expect(pia.get_by_role("heading", name="Your practice", level=1)).to_be_visible()
    pia.get_by_label("A couple (each partner uses the same code)").check()
    pia.get_by_role("button", name="Make an invitation").click()
    code = pia.locator("#invite-code").inner_text().strip()
    violations += axe_serious(pia)

    # Each partner connects and consents to a different scope, for themself only.
    join_and_consent(ana, code, "My inventory results and my map")
    join_and_consent(ben, code, "My weekly check-in trends")
    violations += axe_serious(ana) + axe_serious(ben)

    pia.goto("/practice/")
    # Each client is a card, with no list bullet hanging beside it.
    bullets = pia.evaluate(
        "() => [...document.querySelectorAll('ul.clients > li')]"
        ".map(li => getComputedStyle(li).listStyleType)"
    )
    assert bullets and set(bullets) == {"none"}, bullets
    pia.get_by_role("link", name="Ana", exact=True).click()
    expect(pia.get_by_role("heading", name="Inventory results")).to_be_visible()
    expect(pia.get_by_role("heading", name="Weekly check-ins")).to_have_count(0)
    expect(pia.get_by_role("heading", name="Couple view")).to_have_count(0)
    violations += axe_serious(pia)
    ana_page = pia.url
    pia.goto("/practice/")
    pia.get_by_role("link", name="Ben", exact=True).click()
    expect(pia.get_by_role("heading", name="Weekly check-ins")).to_be_visible()
    expect(pia.get_by_role("heading", name="Inventory results")).to_have_count(0)

    # Ana takes her consent back; Pia's very next request shows it.
    ana.goto("/practice/mine/")
    ana.get_by_label("My inventory results and my map").uncheck()
    ana.get_by_role("button", name="Save what they may see").click()
    pia.goto(ana_page)
    expect(pia.get_by_role("heading", name="Inventory results")).to_have_count(0)
    expect(pia.get_by_text("Nothing is shared with you at the moment.")).to_be_visible()

    # Ana reads who looked at her data: Pia's reads of her results (the dashboard, the page,
    # the maps), each one a row, none with content.
    ana.goto("/practice/mine/log/")
    expect(ana.get_by_role("heading", name="Who has looked at your data")).to_be_visible()
    rows = ana.locator("table tbody tr")
    expect(rows.first).to_be_visible()
    for n in range(rows.count()):
        expect(rows.nth(n)).to_contain_text("Pia")
        expect(rows.nth(n)).to_contain_text("your results and map")
    violations += axe_serious(ana)

    # Ana downloads her data.
    ana.goto("/me/data/")
    ana.get_by_label("Your password").fill(PASSWORD)
    with ana.expect_download() as info:
        ana.get_by_role("button", name="Download my data").click()
    archive = zipfile.ZipFile(io.BytesIO(open(info.value.path(), "rb").read()))  # noqa: SIM115
    names = archive.namelist()
    everything = json.loads(
        archive.read(next(n for n in names if n.endswith(".json") and "/" not in n.strip("/")))
    )
    text = json.dumps(everything)
    assert "ana@example.test" in text
    assert "ben@example.test" not in text

    # And runs the safety reset: partnership gone, practitioner access gone, nothing announced.
    ana.goto("/me/data/")
    ana.get_by_role("button", name="Do the safety reset now").click()
    ana.get_by_role("button", name="Yes, do it now").click()
    expect(ana.locator(".messages")).to_be_visible()
    ben.goto("/us/")
    expect(ben.get_by_text("Ana")).to_have_count(0)
    pia.goto("/practice/")
    expect(pia.get_by_role("link", name="Ana", exact=True)).to_have_count(0)
    expect(pia.get_by_role("link", name="Ben", exact=True)).to_be_visible()
    assert pia.request.get(ana_page).status == 404  # her page is gone, not merely empty
    assert not violations, violations
