"""The journal's part of the personas: entries whose text is a marker, encrypted at rest.

- alice, bob and carol each keep a private entry (markers ``<name>.journal``);
- dave shared an entry with alice while they were partners (``dave.journalshared``): now that
  they have parted, alice must not see it;
- alice shared one entry with bob (:data:`SHARED_WITH_BOB`): bob sees it, nobody else does.
  It is not in ``personas.markers`` (bob may see it); the journal tests check it directly.
- alice shared one entry by name with pat, who holds her journal consent
  (:data:`SHARED_WITH_PAT`, not in ``personas.markers`` either: pat may read it);
- nobody may read these, all in ``personas.markers``: an entry with a share row on quinn's
  link although alice never gave quinn journal consent (``alice.journalforquinn``); one she
  shared with rory while rory held her journal consent, since revoked
  (``alice.journalforrory``); one marked "for my practitioner" before sharing named anyone
  (``alice.journalunnamed``).

Each fixture entry has a fixed idempotency key, so tests find it with :func:`entry_id`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from interdepend.web.accounts.models import User
    from interdepend.web.journal.models import Entry


#: What alice shared with bob (the form of ``tests.conftest.marker("alice", "journalforbob")``).
SHARED_WITH_BOB = "MRKALICEJOURNALFORBOBX"
#: What alice shared by name with pat (``marker("alice", "journalforpat")``).
SHARED_WITH_PAT = "MRKALICEJOURNALFORPATX"
PRIVATE = ("alice", "bob", "carol")


def entry_id(name: str) -> str:
    """The id of a fixture entry: ``alice-private``, ``alice-for-bob``, ``dave-for-alice``…"""
    from interdepend.web.journal.models import Entry

    return Entry.objects.get(idem_key=f"fixture-{name}").public_id


def build_journal(alice: User, bob: User, carol: User, dave: User, markers: dict[str, str]) -> None:
    from interdepend.web.journal import services
    from interdepend.web.journal.models import Entry
    from interdepend.web.partners.access import access_active_partnership
    from interdepend.web.partners.models import Partnership
    from tests.conftest import marker

    people = {"alice": alice, "bob": bob, "carol": carol}
    for name in PRIVATE:
        markers[f"{name}.journal"] = marker(name, "journal")
        services.entry_create(
            owner=people[name],
            body=f"Today I noticed {markers[f'{name}.journal']} and sat with it.",
            prompt_key="p01" if name == "alice" else "",
            idem_key=f"fixture-{name}-private",
        )
    for_bob = services.entry_create(
        owner=alice,
        body=f"For you to read: {SHARED_WITH_BOB}",
        prompt_key="p13",
        idem_key="fixture-alice-for-bob",
    )
    services.entry_share_with_partner(entry=for_bob, active=access_active_partnership(alice))
    markers["dave.journalshared"] = marker("dave", "journalshared")
    old = Partnership.objects.filter(members__user=dave).distinct().order_by("pk").first()
    once_shared = services.entry_create(
        owner=dave,
        body=f"Shared back then: {markers['dave.journalshared']}",
        prompt_key="",
        idem_key="fixture-dave-for-alice",
    )
    Entry.objects.filter(pk=once_shared.pk).update(shared_with_partner=True, shared_partnership=old)


def _entry(owner: User, text: str, key: str) -> Entry:
    from interdepend.web.journal import services

    return services.entry_create(
        owner=owner,
        body=f"For a practitioner: {text}",
        prompt_key="",
        idem_key=f"fixture-{key}",
    )


def build_practitioner_shares(alice: User, ids: dict[str, str], markers: dict[str, str]) -> None:
    """alice's entries for practitioners: one pat reads, three nobody may read."""
    from interdepend.web.journal import services
    from interdepend.web.journal.models import Entry, PractitionerShare
    from interdepend.web.practice.models import ClientLink
    from interdepend.web.practice.services import consent_set
    from tests.conftest import marker

    pat, quinn, rory = (
        ClientLink.objects.get(public_id=ids[k]) for k in ("alice_link", "quinn_link", "rory_link")
    )
    services.entry_share_with_practitioner(
        entry=_entry(alice, SHARED_WITH_PAT, "alice-for-pat"),
        link=pat,
    )
    for what in ("journalforquinn", "journalforrory", "journalunnamed"):
        markers[f"alice.{what}"] = marker("alice", what)
    for_quinn = _entry(alice, markers["alice.journalforquinn"], "alice-for-quinn")
    PractitionerShare.objects.create(entry=for_quinn, link=quinn)  # as if no check stood
    consent_set(link=rory, scopes=["results", "journal"])
    for_rory = _entry(alice, markers["alice.journalforrory"], "alice-for-rory")
    services.entry_share_with_practitioner(entry=for_rory, link=rory)
    consent_set(link=rory, scopes=[])
    unnamed = _entry(alice, markers["alice.journalunnamed"], "alice-unnamed")
    Entry.objects.filter(pk=unnamed.pk).update(unnamed_practitioner_share=True)
