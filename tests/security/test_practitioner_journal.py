"""Journal entries reach a practitioner only when shared with them by name, while the link is
active and the person's journal consent on it is live; redeeming a code needs her password.

The attack these stop: a partner turns the practitioner role on with a second account, makes a
client code, redeems it at the person's unlocked, signed-in device, and reads every entry she
ever shared "with my practitioner".
"""

from __future__ import annotations

import time

import pytest
from django.test import Client
from django.urls import reverse

from interdepend.web.accounts.models import User
from interdepend.web.accounts.services import user_create
from interdepend.web.journal import access, selectors
from interdepend.web.journal.idle import JOURNAL_SEEN_KEY
from interdepend.web.journal.models import Entry, PractitionerShare
from interdepend.web.practice import services
from interdepend.web.practice.models import ClientLink, Consent, Practitioner, Scope
from tests.conftest import PASSWORD, Personas
from tests.helpers import as_user, password_confirmed
from tests.journal_fixtures import SHARED_WITH_BOB, SHARED_WITH_PAT, entry_id

pytestmark = pytest.mark.django_db


def unlocked_device(user: User) -> Client:
    """``user`` signed in long ago, and in the journal a moment ago."""
    client = password_confirmed(as_user(user), seconds_ago=100_000)
    session = client.session
    session[JOURNAL_SEEN_KEY] = time.time()
    session.save()
    return client


def link(personas: Personas, key: str) -> ClientLink:
    return ClientLink.objects.get(public_id=personas.practice.ids[key])


def page(client: Client, name: str, *args: object) -> str:
    return client.get(reverse(name, args=args)).content.decode()


def alice_secrets(personas: Personas) -> list[str]:
    """Every journal text of alice's: what she shared with pat, bob, or nobody."""
    names = ("journal", "journalforquinn", "journalforrory", "journalunnamed")
    return [SHARED_WITH_PAT, SHARED_WITH_BOB, *(personas.markers[f"alice.{n}"] for n in names)]


def seen_by(client: Client, link_id: str, personas: Personas) -> list[str]:
    body = page(client, "practice:client", link_id)
    return [secret for secret in alice_secrets(personas) if secret in body]


def second_account_code() -> tuple[User, str]:
    """bob's second account, with the practitioner role on and a client code of its own."""
    other = user_create(email="bob.second@example.test", password=PASSWORD, display_name="B.")
    as_user(other).post(reverse("practice:start"), {"kind": "therapist", "practice_name": ""})
    profile = Practitioner.objects.get(user=other)
    return other, services.client_invitation_create(practitioner=profile).code


def test_partner_with_second_account_cannot_read_entries_shared_with_practitioner(
    personas: Personas,
) -> None:
    other, code = second_account_code()
    device = unlocked_device(personas.alice)  # her unlocked, signed-in device
    for response in (
        device.post(reverse("practice:join"), {"code": code}),
        device.get(reverse("practice:join_link", args=[code])),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:confirm"))
    # Accepting asks for her password typed for it, whatever proof the session holds.
    asked = device.post(reverse("practice:accept"), {"code": code})
    assert asked.status_code == 200 and 'name="password"' in asked.content.decode()
    assert not ClientLink.objects.filter(client=personas.alice, practitioner__user=other).exists()
    # Even once linked (say she connected herself), a practitioner she did not name on an
    # entry, and who has no journal consent of hers, reads nothing of her journal.
    invitation = services.client_invitation_find(code=code, user=personas.alice, ip_address=None)
    linked = services.client_invitation_redeem(invitation=invitation, user=personas.alice)
    reader = as_user(other)
    assert seen_by(reader, linked.public_id, personas) == []
    services.consent_set(link=linked, scopes=["journal"])
    assert seen_by(reader, linked.public_id, personas) == []  # consent alone shares no entry


def test_a_practitioner_reads_only_entries_shared_with_them_by_name(personas: Personas) -> None:
    """Every practitioner link × every journal text of alice's: only pat's named share shows."""
    readers = {
        "alice_link": personas.practice.pat,
        "bob_link": personas.practice.pat,  # bob's link holds no journal consent
        "quinn_link": personas.practice.quinn,
        "rory_link": personas.practice.rory,
    }
    allowed = {("alice_link", SHARED_WITH_PAT)}
    checks, wrong = 0, []
    for key, who in readers.items():
        shown = seen_by(as_user(who), personas.practice.ids[key], personas)
        checks += len(alice_secrets(personas))
        wrong += [(key, secret) for secret in shown if (key, secret) not in allowed]
        assert access.practitioner_entries(link(personas, key)).count() == (key == "alice_link")
    assert seen_by(as_user(personas.practice.pat), personas.practice.ids["alice_link"], personas)
    print(
        f"\npractitioner reads of entries not shared with them by name or without journal "
        f"consent: {len(wrong)} of {checks} checks"
    )
    assert not wrong


def test_revoking_journal_consent_ends_access_at_once_and_regranting_brings_nothing_back(
    personas: Personas,
) -> None:
    ids, reader = personas.practice.ids, as_user(personas.practice.pat)
    mine = as_user(personas.alice)
    consent = reverse("practice:consent", args=[ids["alice_link"]])
    field = f"link{ids['alice_link']}-scopes"
    typed = {f"link{ids['alice_link']}-password": PASSWORD}
    mine.post(consent, {field: ["results", "couple"]})
    assert seen_by(reader, ids["alice_link"], personas) == []
    mine.post(consent, {field: ["results", "couple", "journal"]} | typed)
    assert seen_by(reader, ids["alice_link"], personas) == []
    entry_page = page(mine, "journal:entry", entry_id("alice-for-pat"))
    named = personas.practice.pat.practitioner.named
    assert f"<bdi>{named}</bdi> can read this entry." not in entry_page
    assert f"Share with {named}" in entry_page


def test_ending_the_link_ends_access_and_linking_again_brings_nothing_back(
    personas: Personas,
) -> None:
    ids, reader = personas.practice.ids, as_user(personas.practice.pat)
    mine = as_user(personas.alice)
    mine.post(reverse("practice:end", args=[ids["alice_link"]]), {"password": PASSWORD})
    assert reader.get(reverse("practice:client", args=[ids["alice_link"]])).status_code == 404
    assert not PractitionerShare.objects.filter(link__public_id=ids["alice_link"]).exists()
    mine.post(
        reverse("practice:accept"), {"code": personas.practice.open_code, "password": PASSWORD}
    )
    again = ClientLink.objects.get(
        client=personas.alice, practitioner__user=personas.practice.pat, is_active=True
    )
    services.consent_set(link=again, scopes=["journal"])
    assert seen_by(reader, again.public_id, personas) == []


def test_a_share_row_alone_opens_nothing(personas: Personas) -> None:
    """The read rule itself, whatever rows exist: (a) named, (b) active, (c) consent before."""
    pat_link = link(personas, "alice_link")
    quinn_entry = Entry.objects.get(idem_key="fixture-alice-for-quinn")
    assert PractitionerShare.objects.filter(entry=quinn_entry).exists()  # a row, no consent
    PractitionerShare.objects.create(entry=quinn_entry, link=pat_link)
    live = Consent.objects.get(link=pat_link, scope=Scope.JOURNAL, revoked_at__isnull=True)
    share = PractitionerShare.objects.get(entry=quinn_entry, link=pat_link)
    Consent.objects.filter(pk=live.pk).update(granted_at=share.shared_at)
    assert quinn_entry in access.practitioner_entries(pat_link)  # granted no later: readable
    PractitionerShare.objects.filter(pk=share.pk).update(
        shared_at=share.shared_at.replace(year=2020)
    )
    assert quinn_entry not in access.practitioner_entries(pat_link)  # shared before the grant
    ClientLink.objects.filter(pk=pat_link.pk).update(is_active=False)
    assert not access.practitioner_entries(pat_link).exists()  # the link has ended


def test_the_share_form_lists_only_practitioners_holding_journal_consent(
    personas: Personas,
) -> None:
    ids = personas.practice.ids
    mine = as_user(personas.alice)
    entry = entry_id("alice-private")
    body = page(mine, "journal:entry", entry)
    assert "Share with Pat" in body
    assert "Share with Quinn" not in body and "Share with Rory" not in body
    for key in ("quinn_link", "rory_link", "bob_link"):
        mine.post(
            reverse("journal:share", args=[entry]),
            {"with": "practitioner", "link": ids[key], "share": "on", "password": PASSWORD},
        )
    assert not PractitionerShare.objects.filter(entry__public_id=entry).exists()
    mine.post(
        reverse("journal:share", args=[entry]),
        {"with": "practitioner", "share": "on", "password": PASSWORD},
    )
    assert not PractitionerShare.objects.filter(entry__public_id=entry).exists()
    services.consent_set(link=link(personas, "alice_link"), scopes=["results"])
    body = page(mine, "journal:entry", entry)
    assert "Share with" not in body.replace("Share with my partner", "")
    assert "None of your practitioners may read journal entries" in body
    assert "None of your practitioners" not in page(
        as_user(personas.carol), "journal:entry", entry_id("carol-private")
    )


def test_sharing_by_name_and_stopping(personas: Personas) -> None:
    ids = personas.practice.ids
    mine, reader = as_user(personas.alice), as_user(personas.practice.pat)
    entry = entry_id("alice-private")
    url = reverse("journal:share", args=[entry])
    data = {"with": "practitioner", "link": ids["alice_link"]}
    mine.post(url, {**data, "share": "on", "password": PASSWORD})
    assert personas.markers["alice.journal"] in page(reader, "practice:client", ids["alice_link"])
    named = personas.practice.pat.practitioner.named
    assert f"<bdi>{named}</bdi> can read this entry." in page(mine, "journal:entry", entry)
    assert f"shared with {named}" in page(mine, "journal:home")
    stale = unlocked_device(personas.alice)
    again = stale.post(url, {**data, "share": "on"})  # sharing again asks for the password
    assert again.status_code == 200 and 'name="password"' in again.content.decode()
    stale.post(url, {**data, "share": "off"})  # stopping never waits
    assert personas.markers["alice.journal"] not in page(
        reader, "practice:client", ids["alice_link"]
    )


def test_entries_marked_before_sharing_named_anyone_reach_nobody(personas: Personas) -> None:
    unnamed = Entry.objects.get(idem_key="fixture-alice-unnamed")
    assert unnamed.unnamed_practitioner_share
    assert not PractitionerShare.objects.filter(entry=unnamed).exists()
    body = page(as_user(personas.alice), "journal:entry", unnamed.public_id)
    assert "Nobody reads it through that mark any more" in body
    views = selectors.entry_views(personas.alice, [unnamed], None)
    assert views[0].practitioners == ()


@pytest.mark.django_db(transaction=True)
def test_entries_flagged_before_named_sharing_reach_nobody_after_migrating() -> None:
    """An entry flagged "for my practitioner" under the old rule keeps its flag, as history,
    and gains no share: no practitioner, however linked or consented, reads it."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("journal", "0001_initial")]
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    owner = old.get_model("accounts", "User").objects.create(
        email="old@example.test", password="-", display_name="Old"
    )
    old.get_model("journal", "Entry").objects.create(
        owner_id=owner.pk, body=b"sealed", shared_with_practitioner=True
    )
    executor = MigrationExecutor(connection)
    executor.migrate(latest)
    (entry,) = Entry.objects.all()
    assert entry.unnamed_practitioner_share
    assert not PractitionerShare.objects.exists()
    assert not access.readable_shares().exists()
