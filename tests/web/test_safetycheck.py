"""Who can see what: every kind of access appears when granted and goes when ended from the page.

Each case grants one kind of access, finds it on the person's page, presses that row's button,
and checks both that the row is gone and that the other side (partner or practitioner) lost it
over HTTP. The page is the person's own: nobody can name anyone else's things through it, and it
shows nothing private of anyone else.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from interdepend.web.accounts.models import User, UserSession
from interdepend.web.journal import services as journal_services
from interdepend.web.journal.models import Entry
from interdepend.web.partners.access import access_active_partnership
from interdepend.web.partners.models import Invitation, InvitationState
from interdepend.web.practice.models import ClientLink, Consent
from interdepend.web.research.services import consent_set
from tests.conftest import PASSWORD, Personas, marker
from tests.helpers import as_user, password_confirmed
from tests.journal_fixtures import SHARED_WITH_BOB, entry_id

pytestmark = pytest.mark.django_db
PAGE = "safetycheck:index"
PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) AppleWebKit/605 Mobile/15E148 Safari/604"


def on_device(user: User, agent: str) -> Client:
    """``user`` signed in from a browser that says ``agent``, its device recorded."""
    client = as_user(user, agent=agent)
    client.get(reverse("accounts:settings"))  # the device is recorded on its first request
    return client


def page(client: Client) -> str:
    response = client.get(reverse(PAGE))
    assert response.status_code == 200
    return response.content.decode()


def rows(html: str, kind: str) -> list[str]:
    """The list rows (or cards) of one kind of access on the page."""
    return re.findall(rf'data-access="{re.escape(kind)}"', html)


def pat_link(personas: Personas) -> ClientLink:
    return ClientLink.objects.get(public_id=personas.practice.ids["alice_link"])


@dataclass(frozen=True)
class Case:
    """One kind of access: who has it, how to grant it, the button, and the other side's view."""

    owner: str
    kind: str
    grant: Callable[[Personas], None]
    button: Callable[[Personas], tuple[str, dict[str, object]]]
    #: (persona, url, text): what the other side opens, and a text seen only while granted
    #: ("" when the granted access has no text of its own: then the response must change).
    seen_by: Callable[[Personas], tuple[User, str, str]]


def _nothing(p: Personas) -> None:
    return None


def _share_for_practitioner(p: Personas) -> None:
    found = Entry.objects.get(public_id=entry_id("alice-private"))
    journal_services.entry_share_with_practitioner(entry=found, link=pat_link(p))


def _research(p: Personas) -> None:
    consent_set(user=p.alice, given=True)


def _pat(p: Personas) -> User:
    return p.practice.pat


CASES = {
    "partner-results": Case(
        "alice",
        "results",
        _nothing,
        lambda p: ("safetycheck:results", {}),
        lambda p: (p.bob, reverse("couple:map"), "<svg"),
    ),
    "partner-entry": Case(
        "alice",
        "entry-partner",
        _nothing,
        lambda p: ("safetycheck:entry", {"entry": entry_id("alice-for-bob"), "with": "partner"}),
        lambda p: (p.bob, reverse("journal:shared"), SHARED_WITH_BOB),
    ),
    "partner-checkin": Case(
        "bob",
        "checkin",
        _nothing,
        lambda p: ("safetycheck:checkin", {"week": _bob_week()}),
        lambda p: (p.alice, reverse("together:us_svg"), ""),
    ),
    "partner-link": Case(
        "alice",
        "together",
        _nothing,
        lambda p: ("safetycheck:unlink", {}),
        lambda p: (p.bob, reverse("together:goals"), "Walk by the river on Sundays"),
    ),
    "practitioner-scope": Case(
        "alice",
        "scope-results",
        _nothing,
        lambda p: ("safetycheck:scope", {"link": pat_link(p).public_id, "scope": "results"}),
        lambda p: (_pat(p), reverse("practice:client_map", args=[pat_link(p).public_id]), "<svg"),
    ),
    "practitioner-link": Case(
        "alice",
        "practitioner",
        _nothing,
        lambda p: (
            "safetycheck:practitioner",
            {"link": pat_link(p).public_id, "password": PASSWORD},
        ),
        lambda p: (_pat(p), reverse("practice:client", args=[pat_link(p).public_id]), "Alice"),
    ),
    "practitioner-entry": Case(
        "alice",
        "entry-practitioner",
        _share_for_practitioner,
        lambda p: (
            "safetycheck:entry",
            {"entry": entry_id("alice-private"), "with": "practitioner"},
        ),
        lambda p: (
            _pat(p),
            reverse("practice:client", args=[pat_link(p).public_id]),
            _alice_journal(),
        ),
    ),
    "research": Case(
        "alice",
        "research",
        _research,
        lambda p: ("safetycheck:research", {}),
        lambda p: (p.alice, reverse("research:consent"), 'value="withdraw"'),
    ),
}


def _bob_week() -> str:
    from interdepend.web.together.models import CheckIn

    return CheckIn.objects.get(owner__display_name="Bob", shared=True).week.isoformat()


def _bob_week_of(bob: User) -> str:
    from interdepend.web.together.models import CheckIn

    found = CheckIn.objects.filter(owner=bob, shared=True).order_by("week").first()
    assert found is not None
    return found.week.isoformat()


def _alice_journal() -> str:
    return marker("alice", "journal")


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_access_is_listed_while_granted_and_ended_by_its_button(
    personas: Personas, name: str
) -> None:
    case = CASES[name]
    case.grant(personas)
    owner = as_user(getattr(personas, case.owner))
    other, url, seen = case.seen_by(personas)
    before = as_user(other).get(url).content.decode()
    assert seen in before, "granted access is not open"
    listed = len(rows(page(owner), case.kind))
    assert listed >= 1

    target, data = case.button(personas)
    response = owner.post(reverse(target), data)
    assert response.status_code == 302 and response["Location"] == reverse(PAGE)

    assert len(rows(page(owner), case.kind)) == listed - 1
    after = as_user(other).get(url).content.decode()
    assert (seen not in after) if seen else (after != before), "the other side still sees it"


def test_open_invitation_code_is_listed_and_stopped(personas: Personas) -> None:
    carol = as_user(personas.carol)
    assert len(rows(page(carol), "invitation")) == 1
    carol.post(reverse("safetycheck:invitations"))
    assert rows(page(carol), "invitation") == []
    assert (
        Invitation.objects.get(public_id=personas.invitation_id).state == InvitationState.WITHDRAWN
    )
    erin = as_user(personas.erin)
    join = erin.get(reverse("partners:join_link", args=[personas.invitation_code]))
    assert "Carol" not in join.content.decode()


def test_other_devices_are_listed_without_address_and_signed_out_one_by_one(
    personas: Personas,
) -> None:
    phone = on_device(personas.alice, PHONE)
    here = on_device(personas.alice, "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0")
    html = page(here)
    assert len(rows(html, "device")) == 1 and len(rows(html, "this-device")) == 1
    assert "A phone (Safari)" in html and "127.0.0.1" not in html
    for row in UserSession.objects.filter(user=personas.alice):
        assert row.session_key not in html
        # A shown tail would stand on its own ("…k3x9"); a random tail may
        # well spell the end of a word on the page ("November").
        assert not re.search(rf"(?<![A-Za-z0-9]){re.escape(row.session_key[-4:])}\b", html)
    token = re.search(r'name="session" value="([0-9a-f]+)"', html)
    assert token is not None
    here.post(reverse("safetycheck:session"), {"session": token.group(1)})
    assert rows(page(here), "device") == []
    assert phone.get(reverse(PAGE)).status_code == 302, "the phone is still signed in"


def test_another_device_says_when_it_was_last_used(personas: Personas) -> None:
    """A device still in use that she has not touched since she signed in on it: when it last
    opened a page tells her more than when it signed in."""
    from django.utils import timezone

    on_device(personas.alice, PHONE)
    here = as_user(personas.alice)
    signed_in = timezone.now() - timedelta(days=40)
    used = timezone.now() - timedelta(days=2)
    phone = UserSession.objects.filter(user=personas.alice, user_agent=PHONE)
    phone.update(created_at=signed_in, last_seen_at=used)
    html = page(here)
    other, this = (
        re.findall(rf'data-access="{kind}">(.*?)</li>', html, re.DOTALL)
        for kind in ("device", "this-device")
    )
    started, last = (timezone.localtime(t).strftime("%-d %B %Y") for t in (signed_in, used))
    assert len(other) == 1 and re.search(rf"signed in {started}[^<]*, last used {last}", other[0])
    assert len(this) == 1 and "last used" not in this[0]


def test_sign_out_every_other_device_keeps_this_one(personas: Personas) -> None:
    phone = on_device(personas.alice, PHONE)
    here = as_user(personas.alice)
    here.post(reverse("safetycheck:sessions"))
    assert rows(page(here), "device") == []
    assert phone.get(reverse(PAGE)).status_code == 302


def test_safety_reset_from_the_page_ends_every_access_at_once(personas: Personas) -> None:
    _share_for_practitioner(personas)
    _research(personas)
    on_device(personas.alice, PHONE)
    alice = as_user(personas.alice)
    # The first press asks, and changes nothing (the keyboard audit of 2026-12-04, M4).
    asked = alice.post(reverse("safetycheck:reset"))
    assert asked.status_code == 200 and "Do the safety reset now?" in asked.content.decode()
    assert f'action="{reverse("safetycheck:reset")}"' in asked.content.decode()
    assert f'href="{reverse(PAGE)}"' in asked.content.decode()
    assert access_active_partnership(personas.alice) is not None
    response = alice.post(reverse("safetycheck:reset"), {"confirm": "yes"})
    assert response["Location"] == reverse(PAGE)
    html = page(alice)
    assert re.findall(r'data-access="(?!this-device)[^"]+"', html) == []
    assert access_active_partnership(personas.alice) is None
    assert not Consent.objects.filter(link__client=personas.alice, revoked_at=None).exists()


def test_partner_cannot_end_or_see_anything_of_the_other_through_the_page(
    personas: Personas,
) -> None:
    bob = as_user(personas.bob)
    mine = entry_id("alice-for-bob")
    link = pat_link(personas).public_id
    assert (
        bob.post(reverse("safetycheck:entry"), {"entry": mine, "with": "partner"}).status_code
        == 404
    )
    assert (
        bob.post(reverse("safetycheck:scope"), {"link": link, "scope": "results"}).status_code
        == 404
    )
    assert bob.post(reverse("safetycheck:practitioner"), {"link": link}).status_code == 404
    assert Entry.objects.get(public_id=mine).shared_with_partner
    assert Consent.objects.filter(link__public_id=link, scope="results", revoked_at=None).exists()
    phone = on_device(personas.alice, PHONE)
    for row in UserSession.objects.filter(user=personas.alice):
        from interdepend.web.datarights.safetycheck.selectors import session_token

        bob.post(reverse("safetycheck:session"), {"session": session_token(row.session_key)})
    assert phone.get(reverse(PAGE)).status_code == 200, "bob signed alice's phone out"


def test_page_shows_nothing_private_of_anyone_else(personas: Personas) -> None:
    people = {"alice": personas.alice, "bob": personas.bob, "carol": personas.carol}
    people |= {"dave": personas.dave, "erin": personas.erin}
    for name, person in people.items():
        html = page(as_user(person))
        leaked = [k for k, v in personas.markers.items() if v in html and not k.startswith(name)]
        assert not leaked, f"{name}'s page shows {leaked}"
        assert SHARED_WITH_BOB not in html  # not even the author's own words: only dates


def test_bad_or_stale_input_changes_nothing_and_says_so(personas: Personas) -> None:
    alice = as_user(personas.alice)
    for target, data in (
        ("safetycheck:entry", {"entry": "x", "with": "partner"}),
        ("safetycheck:checkin", {"week": "not a date"}),
        ("safetycheck:scope", {"link": "", "scope": "results"}),
        ("safetycheck:session", {"session": "0" * 20}),
    ):
        response = alice.post(reverse(target), data, follow=True)
        assert "Nothing changed" in response.content.decode()
    assert Entry.objects.get(public_id=entry_id("alice-for-bob")).shared_with_partner


def test_unlinking_and_the_reset_ask_for_a_recent_password(personas: Personas) -> None:
    alice = password_confirmed(as_user(personas.alice), seconds_ago=10_000)
    for target in ("safetycheck:unlink", "safetycheck:reset"):
        response = alice.post(reverse(target), {"link": pat_link(personas).public_id})
        assert response["Location"].startswith(reverse("accounts:confirm"))
    assert access_active_partnership(personas.alice) is not None
    # Ending a practitioner connection asks each time, even just after signing in (the phone
    # audit of 2026-12-02), on a page that names whom.
    fresh = as_user(personas.alice)
    asked = fresh.post(reverse("safetycheck:practitioner"), {"link": pat_link(personas).public_id})
    assert (
        asked.status_code == 200
        and f"stop working with {personas.practice.pat.practitioner.named} here"
        in asked.content.decode()
    )
    assert pat_link(personas).is_active


def test_linked_from_account_and_staying_safe(personas: Personas) -> None:
    carol = as_user(personas.carol)
    for name in ("accounts:settings", "frame:safety"):
        assert reverse(PAGE) in carol.get(reverse(name)).content.decode()


def test_many_shared_check_ins_are_one_row_ended_by_one_button(personas: Personas) -> None:
    """Weeks of shared check-ins make one row (with each week behind "One week at a time"), and
    its button makes them all private at once; the partner then sees none of them."""
    from interdepend.web.together import services as together_services
    from interdepend.web.together.models import ITEMS, CheckIn
    from interdepend.web.together.selectors import this_week

    bob = personas.bob
    active = access_active_partnership(bob)
    assert active is not None
    for n in range(1, 6):
        together_services.checkin_save(
            owner=bob,
            week=this_week() - timedelta(weeks=n),
            values=dict.fromkeys(ITEMS, 4),
            need="",
            shared=True,
            partnership=active.partnership,
        )
    shared = CheckIn.objects.filter(owner=bob, shared=True).count()
    assert shared >= 5
    client = as_user(bob)
    page = client.get(reverse("safetycheck:index")).content.decode()
    assert page.count('data-access="checkins"') == 1
    assert f"Your check-ins: {shared} weeks" in page
    assert page.count('data-access="checkin"') == 0, "no row per week"
    main = page.split("<main", 1)[1].split("</main>", 1)[0]  # not the language chooser below
    assert main.count("<option value=") == shared, "each week is still one choice away"
    one = client.post(reverse("safetycheck:checkin"), {"week": _bob_week_of(bob)}, follow=True)
    assert "That check-in is yours alone again." in one.content.decode()
    shared -= 1
    assert CheckIn.objects.filter(owner=bob, shared=True).count() == shared
    answer = client.post(reverse("safetycheck:checkin"), {"week": "all"}, follow=True)
    assert "Your check-ins are yours alone again." in answer.content.decode()
    assert not CheckIn.objects.filter(owner=bob, shared=True).exists()
    assert CheckIn.objects.filter(owner=bob).count() == shared + 1, "nothing is deleted"
    page = client.get(reverse("safetycheck:index")).content.decode()
    assert 'data-access="checkin' not in page
    again = client.post(reverse("safetycheck:checkin"), {"week": "all"}, follow=True)
    assert "Your check-ins are yours alone again." not in again.content.decode()


def test_the_page_says_what_whoever_runs_the_site_can_reach(personas: Personas) -> None:
    """The operator audit of 2026-12-03: nothing told people that the site's operators can read
    everything stored but the journal (docs/security.md, Known limits)."""
    page = password_confirmed(as_user(personas.carol)).get(reverse("safetycheck:index"))
    text = " ".join(page.content.decode().split())
    assert "Whoever runs this site" in text
    assert "so a copy of the database alone does not show them" in text
