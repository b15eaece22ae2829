"""A partner who is also a practitioner of the other: the link ends with the partnership.

Any account can turn the practitioner role on. In the practitioner audit, a partner did, she
connected to him while they were together, and after she left him he went on reading her new
results, check-ins and shared journal entries through that link; her pages listed him like any
counsellor. Now every link between the two ends when either leaves, however the partnership
ends, and while it lasts her pages say whose account it is.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from interdepend.web.accounts.models import User
from interdepend.web.datarights.services import safety_reset, user_delete
from interdepend.web.journal import services as journal_services
from interdepend.web.journal.models import PractitionerShare
from interdepend.web.partners import services as partner_services
from interdepend.web.partners.access import access_active_partnership
from interdepend.web.practice import services
from interdepend.web.practice.models import AccessLogEntry, ClientLink, Consent, Practitioner
from tests.conftest import PASSWORD, Personas
from tests.helpers import as_user, password_confirmed

pytestmark = pytest.mark.django_db

#: The practitioner's pages of one client, each one read of hers.
CLIENT_PAGES = ("client", "client_map", "client_trends", "client_trends_numbers")

NOTE = "This is also your partner's account."


def connect(practitioner: User, client: User, scopes: list[str]) -> ClientLink:
    """``practitioner`` turns the role on and ``client`` connects with its code and consents."""
    services.practitioner_enable(user=practitioner, kind="coach", practice_name="Home Coaching")
    profile = Practitioner.objects.get(user=practitioner)
    new = services.client_invitation_create(practitioner=profile)
    link = services.client_invitation_redeem(invitation=new.invitation, user=client)
    services.consent_set(link=link, scopes=scopes)
    return link


def statuses(practitioner: User, link: ClientLink) -> dict[str, int]:
    reader = as_user(practitioner)
    return {
        name: reader.get(reverse(f"practice:{name}", args=[link.public_id])).status_code
        for name in CLIENT_PAGES
    }


def ended(link: ClientLink) -> bool:
    link.refresh_from_db()
    return not link.is_active and link.ended_at is not None


def leave_page(user: User) -> str:
    return as_user(user).get(reverse("partners:leave")).content.decode()


def test_her_leaving_ends_his_link_as_her_practitioner(personas: Personas) -> None:
    alice, bob = personas.alice, personas.bob  # partners; alice has a finished inventory
    link = connect(bob, alice, ["results", "trends", "journal"])
    entry = journal_services.entry_create(
        owner=alice, body="For the coach", prompt_key="", idem_key="partner-coach-1"
    )
    journal_services.entry_share_with_practitioner(entry=entry, link=link)
    assert set(statuses(bob, link).values()) == {200}
    logged = AccessLogEntry.objects.filter(subject=alice).count()
    other = ClientLink.objects.get(public_id=personas.practice.ids["alice_link"])  # pat's

    page = as_user(alice).post(reverse("partners:leave"), {"password": PASSWORD})
    assert page.status_code == 302 and access_active_partnership(alice) is None

    assert ended(link)
    assert not Consent.objects.filter(link=link, revoked_at__isnull=True).exists()
    assert not PractitionerShare.objects.filter(link=link).exists()
    assert set(statuses(bob, link).values()) == {404}
    # Ended as she would end it herself: the reads are still in her log, none is added.
    assert AccessLogEntry.objects.filter(subject=alice).count() == logged
    # Her other practitioners keep their links; her pages no longer name bob.
    other.refresh_from_db()
    assert other.is_active
    mine = as_user(alice).get(reverse("practice:mine")).content.decode()
    assert "Home Coaching" not in mine and "Pat" in mine


def test_the_reverse_direction_ends_too(personas: Personas) -> None:
    """She is his practitioner: leaving ends her access to him as well."""
    alice, bob = personas.alice, personas.bob
    link = connect(alice, bob, ["results", "trends"])
    assert statuses(alice, link)["client"] == 200
    assert partner_services.partnership_leave(user=alice)
    assert ended(link)
    assert set(statuses(alice, link).values()) == {404}


def test_his_leaving_ends_his_link_too(personas: Personas) -> None:
    alice, bob = personas.alice, personas.bob
    link = connect(bob, alice, ["results", "trends", "journal"])
    as_user(bob).post(reverse("partners:leave"), {"password": PASSWORD})
    assert access_active_partnership(bob) is None
    assert ended(link)
    assert set(statuses(bob, link).values()) == {404}


def test_both_links_end_and_nobody_elses(personas: Personas) -> None:
    alice, bob = personas.alice, personas.bob
    his, hers = connect(bob, alice, ["results"]), connect(alice, bob, ["trends"])
    carols = ClientLink.objects.create(
        practitioner=Practitioner.objects.get(user=bob), client=personas.carol
    )
    before = ClientLink.objects.filter(is_active=True).count()
    partner_services.partnership_leave(user=bob)
    assert ended(his) and ended(hers)
    carols.refresh_from_db()
    assert carols.is_active
    assert ClientLink.objects.filter(is_active=True).count() == before - 2


def test_unlinking_on_who_can_see_what_ends_the_link(personas: Personas) -> None:
    alice, bob = personas.alice, personas.bob
    link = connect(bob, alice, ["results"])
    client = password_confirmed(as_user(alice))
    assert client.post(reverse("safetycheck:unlink")).status_code == 302
    assert ended(link)


def test_her_safety_reset_ends_her_link_as_his_practitioner(personas: Personas) -> None:
    """The reset always ended her own client links; the partnership's end now also ends the
    link in which she is the practitioner of the partner she leaves."""
    alice, bob = personas.alice, personas.bob
    hers = connect(alice, bob, ["results"])
    safety_reset(user=alice, keep_session_key=None)
    assert ended(hers)


@pytest.mark.parametrize("who", ["client", "practitioner"])
def test_deleting_either_account_leaves_no_link(personas: Personas, who: str) -> None:
    alice, bob = personas.alice, personas.bob
    link = connect(bob, alice, ["results"])
    user_delete(user=alice if who == "client" else bob)
    assert not ClientLink.objects.filter(pk=link.pk, is_active=True).exists()


def test_the_leave_page_names_the_link_only_when_there_is_one(personas: Personas) -> None:
    alice, bob = personas.alice, personas.bob
    # pat is alice's practitioner but not her partner: nothing to say.
    assert "data-ends" not in leave_page(alice)
    assert "as your practitioner" not in leave_page(alice)

    connect(bob, alice, ["results"])
    his = "Leaving also ends <bdi>Bob</bdi>'s access as your practitioner."
    assert his in leave_page(alice)
    theirs = "Leaving also ends your access as <bdi>Alice</bdi>'s practitioner."
    assert theirs in leave_page(bob)

    connect(alice, bob, ["trends"])
    both = "Leaving also ends <bdi>Bob</bdi>'s access as your practitioner, and yours as theirs."
    assert both in leave_page(alice)


def test_her_pages_say_the_practitioner_is_her_partner(personas: Personas) -> None:
    alice, bob = personas.alice, personas.bob
    client = as_user(alice)
    mine, sharing = reverse("practice:mine"), reverse("safetycheck:index")
    # pat, quinn and rory are nobody's partners.
    assert NOTE not in client.get(mine).content.decode()
    assert NOTE not in client.get(sharing).content.decode()

    connect(bob, alice, ["results"])
    for page in (client.get(mine).content.decode(), client.get(sharing).content.decode()):
        assert page.count(NOTE) == 1
        # The note sits in bob's card, after his practice's name.
        assert page.index("Home Coaching") < page.index(NOTE)

    # After she leaves, the link has ended: no card, no note.
    partner_services.partnership_leave(user=alice)
    for page in (client.get(mine).content.decode(), client.get(sharing).content.decode()):
        assert NOTE not in page and "Home Coaching" not in page


def test_a_fresh_process_ends_the_links_on_the_first_leave() -> None:
    """The practice answers the partners app's signals from its ``services``, connected as
    Django starts (``PracticeConfig.ready``), whatever page or command comes first."""
    script = (
        "import sys, django; django.setup()\n"
        "from interdepend.web.partners import services\n"
        "assert services.partnership_ended.has_listeners()\n"
        "assert services.partnership_ties.has_listeners()\n"
    )
    src = Path(partner_services.__file__).resolve().parents[3]  # the code under test
    env = {
        **os.environ,
        "PYTHONPATH": str(src),
        "DJANGO_SETTINGS_MODULE": "interdepend.web.settings_test",
    }
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr


def test_the_leave_page_reads_the_links_between_them_from_a_kept_statement(
    personas: Personas,
) -> None:
    """The leave page asks on every view which links leaving ends; the ORM built that read anew
    each time, longer than the rest of the page's own work (the ninth pass of
    docs/performance-passes.md). It is prepared, and says the same before and after it is kept."""
    from interdepend.web.practice.selectors import _LINKS_BETWEEN, links_between

    alice, bob = personas.alice, personas.bob
    connect(bob, alice, ["results"])
    token = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*"')
    first = token.sub(r"\1", leave_page(alice))
    runs = _LINKS_BETWEEN.kept_calls
    assert token.sub(r"\1", leave_page(alice)) == first
    assert _LINKS_BETWEEN.kept_calls == runs + 1
    assert _LINKS_BETWEEN.prepared(ids=[alice.pk, bob.pk])
    assert "Leaving also ends <bdi>Bob</bdi>'s access as your practitioner." in first
    (link,) = links_between([alice.pk, bob.pk])
    assert _LINKS_BETWEEN.direct(ids=[alice.pk, bob.pk]) == [link]
    assert link.by.user_id == bob.pk and link.client_id == alice.pk
