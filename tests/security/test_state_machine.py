"""T05: sharing, consent and unlinking as a Hypothesis state machine.

Three people who may partner (``a``, ``b``, ``c``: partners, then exes, then partners again in
any order), a practitioner (``p``) and a stranger (``s``) go through random sequences of: invite,
accept (sometimes refused), write a journal entry, share and unshare it with the partner or the
practitioner, share a check-in, reveal and withdraw a result, give and withdraw research consent,
link with the practitioner, consent by scope, revoke a scope (from the "Who can see what" page),
end the link, leave the partnership, the safety reset and erasure (the slot is then taken by a
new account). A small pure model (:class:`World`) says what each persona may see; after every
step every persona asks the app over HTTP (the Django test client) and the answers must match:
pages that must open or 404, markers present or absent, identifiers (entry and link ids) and the
counts on each person's "Who can see what" page. Journal sharing with practitioners follows
whichever rule the code has: every practitioner of the person's (before), or the practitioner
named on a link that holds the journal consent (issue 13, item 1).

The default suite runs a few short sequences; the ``slow`` lane runs many long ones. Both print
"T05: S sequences, N steps, 0 violations".
"""

from __future__ import annotations

import functools
import re
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from tests.helpers import as_user

if TYPE_CHECKING:
    from interdepend.web.accounts.models import User
    from interdepend.web.partners.access import ActivePartnership

pytestmark = pytest.mark.django_db

SLOTS = ("a", "b", "c")
ANY = 0  # before entries were shared by name: "with my practitioner", whoever that is


@functools.cache
def named() -> bool:
    """Whether journal entries are shared with named practitioners under a journal scope (the
    consent work of issue 13) or, as before, with every practitioner of the person's."""
    from interdepend.web.journal import models

    return hasattr(models, "PractitionerShare")


def scopes() -> tuple[str, ...]:
    return ("results", "trends", "journal") if named() else ("results", "trends")


people = st.sampled_from(SLOTS)
PASSWORD = "correct horse battery staple"


# --- the model -------------------------------------------------------------------------------


@dataclass
class EntryM:
    owner: str
    marker: str
    #: The name the app shows for it (its opaque public id).
    public: str
    #: The partnership (its real id, used only as a name) it is shared in, or None.
    shared_in: int | None = None
    #: The practitioner links (their real ids) it is shared on, by name; {ANY} before names.
    links: set[int] = field(default_factory=set)


@dataclass
class LinkM:
    person: str
    pk: int
    #: The name the app shows for it (its opaque public id).
    public: str
    active: bool = True
    scopes: set[str] = field(default_factory=set)


@dataclass
class World:
    """What each persona may see: a handful of sets and maps, no database."""

    current: dict[str, int | None] = field(default_factory=lambda: dict.fromkeys(SLOTS))
    entries: dict[int, EntryM] = field(default_factory=dict)
    reveals: set[tuple[str, int]] = field(default_factory=set)
    checkin_in: dict[str, int | None] = field(default_factory=lambda: dict.fromkeys(SLOTS))
    research: dict[str, bool] = field(default_factory=lambda: dict.fromkeys(SLOTS, False))
    #: Open partner invitations: invitation id → inviter.
    invitations: dict[int, str] = field(default_factory=dict)
    links: list[LinkM] = field(default_factory=list)

    def partner(self, x: str) -> str | None:
        pid = self.current[x]
        return next((y for y in SLOTS if y != x and pid and self.current[y] == pid), None)

    def link_of(self, x: str) -> LinkM | None:
        return next((k for k in self.links if k.person == x and k.active), None)

    # What each persona may see ------------------------------------------------------------

    def shared_with(self, viewer: str) -> set[int]:
        """Entries ``viewer`` reads on "Shared with you": the current partner's, shared now."""
        other, pid = self.partner(viewer), self.current[viewer]
        return {
            k for k, e in self.entries.items() if other and e.owner == other and e.shared_in == pid
        }

    def couple_open(self, viewer: str) -> bool:
        other, pid = self.partner(viewer), self.current[viewer]
        return bool(other and pid and {(viewer, pid), (other, pid)} <= self.reveals)

    def practitioner_reads(self, link: LinkM) -> set[int]:
        """Entries the practitioner reads through ``link``: shared on it by name, while it is
        active and holds the journal consent."""
        if not named():
            shared = {k for k, e in self.entries.items() if e.owner == link.person and e.links}
            return shared if link.active else set()
        if not (link.active and "journal" in link.scopes):
            return set()
        return {k for k, e in self.entries.items() if link.pk in e.links}

    def drop_shares(self, link: LinkM) -> None:
        """Revoking the journal scope or ending the link removes the entries shared on it."""
        for e in self.entries.values():
            e.links.discard(link.pk)

    def own_page(self, x: str) -> dict[str, int]:
        """The rows of each kind on x's "Who can see what" page."""
        pid, link = self.current[x], self.link_of(x)
        mine = [e for e in self.entries.values() if e.owner == x]
        return {
            "results": int(bool(pid) and (x, pid) in self.reveals),
            "entry-partner": sum(bool(pid) and e.shared_in == pid for e in mine),
            "checkin": int(bool(pid) and self.checkin_in[x] == pid),
            "invitation": int(x in self.invitations.values()),
            "practitioner": int(link is not None),
            **{f"scope-{s}": int(link is not None and s in link.scopes) for s in scopes()},
            "entry-practitioner": sum(self._reaches_practitioner(e) for e in mine) if link else 0,
            "research": int(self.research[x]),
        }

    def _reaches_practitioner(self, e: EntryM) -> bool:
        if not named():
            return bool(e.links)
        return any(k.active and "journal" in k.scopes for k in self.links if k.pk in e.links)

    # Changes --------------------------------------------------------------------------------

    def leave(self, x: str) -> None:
        other = self.partner(x)
        for person in (x, other):
            if person:
                self.current[person] = None

    def reset(self, x: str) -> None:
        for e in self.entries.values():
            if e.owner == x:
                e.shared_in, e.links = None, set()
        self.reveals = {r for r in self.reveals if r[0] != x}
        self.checkin_in[x] = None
        self.research[x] = False
        self.invitations = {k: v for k, v in self.invitations.items() if v != x}
        self.leave(x)
        for link in self.links:
            if link.person == x:
                link.active, link.scopes = False, set()

    def erase(self, x: str) -> None:
        self.reset(x)
        self.entries = {k: e for k, e in self.entries.items() if e.owner != x}


# --- the machine -----------------------------------------------------------------------------


class Counter:
    sequences = 0
    steps = 0
    checks = 0


def _person(slot: str, generation: int) -> User:
    from interdepend.web.accounts.services import user_create
    from interdepend.web.assessment import selectors
    from interdepend.web.assessment.demo import complete_attempt, profile_answers

    tag = uuid.uuid4().hex[:8]
    user = user_create(
        email=f"{slot}{generation}.{tag}@example.test",
        password=PASSWORD,
        display_name=f"Nm{slot.upper()}{tag}Q",
    )
    levels = {"self": 6, "bond": 5, "enmeshment": 2, "distance": 3}
    complete_attempt(user, profile_answers(selectors.inventory(), levels), days_ago=1, seed=3)
    return user


def _rows(html: str) -> dict[str, int]:
    found = re.findall(r'data-access="([a-z-]+)"', html)
    return {kind: found.count(kind) for kind in set(found)}


class Sharing(RuleBasedStateMachine):
    """One sequence: its own savepoint, rolled back at the end."""

    def __init__(self) -> None:
        super().__init__()
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        self.world = World()
        self.users: dict[str, User] = {}
        self.clients: dict[str, Client] = {}
        self.generation = 0
        self.last_entry: int | None = None
        Counter.sequences += 1

    @initialize(data=st.data())
    def setup(self, data: st.DataObject) -> None:
        """Five people; then a drawn start, so short sequences reach the interesting states:
        one entry each, perhaps a couple, perhaps links with the practitioner under consent."""
        from interdepend.web.practice.services import practitioner_enable

        for slot in SLOTS:
            self._new(slot)
        self.users["p"] = pat = _person("p", 0)
        practitioner_enable(user=pat, kind="therapist", practice_name="")
        self.users["s"] = _person("s", 0)
        for name in ("p", "s"):
            self._login(name)
        for slot in SLOTS:
            self.write(slot)
        couple = data.draw(st.sampled_from([None, ("a", "b"), ("c", "b")]))
        if couple:
            self.invite(couple[0])
            self.accept(couple[1], data)
        for slot in data.draw(st.sets(people)):
            self.link(slot)
            self.consent(data)
        if self.world.links:
            self.share_with_practitioner(data, True)

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self.atomic.__exit__(None, None, None)

    def _new(self, slot: str) -> None:
        self.generation += 1
        self.users[slot] = _person(slot, self.generation)
        self._login(slot)

    def _login(self, name: str) -> None:
        self.clients[name] = as_user(self.users[name])

    def _active(self, x: str) -> ActivePartnership | None:
        from interdepend.web.partners.access import access_active_partnership

        return access_active_partnership(self.users[x])

    def _step(self) -> None:
        Counter.steps += 1

    def linked(self) -> list[str]:
        return [x for x in SLOTS if self.world.current[x] is not None]

    def with_practitioner(self) -> list[str]:
        return [x for x in SLOTS if self.world.link_of(x) is not None]

    # Partnerships -----------------------------------------------------------------------------

    @rule(x=people)
    def invite(self, x: str) -> None:
        from interdepend.web.partners.services import invitation_create

        made = invitation_create(inviter=self.users[x])
        self.world.invitations[made.invitation.pk] = x
        self._step()

    @precondition(lambda self: bool(self.world.invitations))
    @rule(y=people, data=st.data())
    def accept(self, y: str, data: st.DataObject) -> None:
        from interdepend.web.partners.models import Invitation
        from interdepend.web.partners.services import PartnershipError, invitation_accept

        pk = data.draw(st.sampled_from(sorted(self.world.invitations)))
        x = self.world.invitations[pk]
        allowed = x != y and self.world.current[x] is None and self.world.current[y] is None
        try:
            made = invitation_accept(invitation=Invitation.objects.get(pk=pk), user=self.users[y])
        except PartnershipError:
            assert not allowed, "a valid invitation was refused"
            if x != y:  # a refusal by state leaves the code open only for its own inviter
                self._sync_invitations()
        else:
            assert allowed, f"{y} accepted {x}'s invitation while one was linked"
            self.world.current[x] = self.world.current[y] = made.pk
            self.world.invitations = {
                k: v for k, v in self.world.invitations.items() if v not in (x, y)
            }
        self._step()

    def _sync_invitations(self) -> None:
        """Which codes a refused accept left open is the service's choice; read it back."""
        from interdepend.web.partners.models import Invitation, InvitationState

        still = set(
            Invitation.objects.filter(
                pk__in=self.world.invitations, state=InvitationState.OPEN
            ).values_list("pk", flat=True)
        )
        self.world.invitations = {k: v for k, v in self.world.invitations.items() if k in still}

    @rule(x=people)
    def leave(self, x: str) -> None:
        from interdepend.web.partners.services import partnership_leave

        assert partnership_leave(user=self.users[x]) == (self.world.current[x] is not None)
        self.world.leave(x)
        self._step()

    # The journal ------------------------------------------------------------------------------

    @precondition(lambda self: len(self.world.entries) < 8)
    @rule(x=people)
    def write(self, x: str) -> None:
        from interdepend.web.journal.services import entry_create

        text = f"MRKT05{uuid.uuid4().hex[:10].upper()}X"
        made = entry_create(owner=self.users[x], body=text, prompt_key="", idem_key="")
        self.world.entries[made.pk] = EntryM(owner=x, marker=text, public=str(made.public_id))
        self.last_entry = made.pk
        self._step()

    def _entry(self, data: st.DataObject) -> tuple[int, EntryM]:
        pk = data.draw(st.sampled_from(sorted(self.world.entries)))
        self.last_entry = pk
        return pk, self.world.entries[pk]

    @precondition(lambda self: bool(self.world.entries))
    @rule(data=st.data(), on=st.booleans())
    def share(self, data: st.DataObject, on: bool) -> None:
        from interdepend.web.journal import services
        from interdepend.web.journal.models import Entry

        pk, entry = self._entry(data)
        active = self._active(entry.owner) if on else None
        services.entry_share_with_partner(entry=Entry.objects.get(pk=pk), active=active)
        entry.shared_in = self.world.current[entry.owner] if on else None
        self._step()

    @precondition(lambda self: bool(self.world.entries))
    @rule(data=st.data(), on=st.booleans())
    def share_with_practitioner(self, data: st.DataObject, on: bool) -> None:
        """Share an entry with the practitioner named by one of the owner's links (live or
        ended, with or without the journal consent), or stop sharing it there."""
        from interdepend.web.journal import services as journal_services
        from interdepend.web.journal.models import Entry
        from interdepend.web.practice.models import ClientLink

        services: Any = journal_services  # its sharing API depends on the consent work
        pk, entry = self._entry(data)
        if not named():
            services.entry_share_with_practitioner(entry=Entry.objects.get(pk=pk), shared=on)
            entry.links = {ANY} if on else set()
            return self._step()
        if not self.world.links:
            return None
        link = data.draw(st.sampled_from(self.world.links))
        found = Entry.objects.get(pk=pk)
        if not on:
            services.entry_unshare_with_practitioner(entry=found, link_id=link.public)
            entry.links.discard(link.pk)
            return self._step()
        row = ClientLink.objects.filter(pk=link.pk).first()
        if row is None:
            # The link went with an erased account: no form can name it any more (its public
            # id answers 404), so there is nothing to share on.
            assert not link.active
            return None
        allowed = link.person == entry.owner and link.active and "journal" in link.scopes
        try:
            services.entry_share_with_practitioner(entry=found, link=row)
        except services.NotSharable:
            assert not allowed, "a share the owner may make was refused"
        else:
            assert allowed, f"shared on link {link.pk}, which may not receive it"
            entry.links.add(link.pk)
        self._step()

    @precondition(lambda self: any(e.shared_in for e in self.world.entries.values()))
    @rule(data=st.data())
    def unshare_from_the_page(self, data: st.DataObject) -> None:
        """Unshare with the partner through the "Who can see what" page."""
        shared = sorted(k for k, e in self.world.entries.items() if e.shared_in)
        pk = data.draw(st.sampled_from(shared))
        entry, self.last_entry = self.world.entries[pk], pk
        url = reverse("safetycheck:entry")
        response = self.clients[entry.owner].post(url, {"entry": entry.public, "with": "partner"})
        assert response.status_code == 302
        entry.shared_in = None
        self._step()

    # Check-ins, results, research -------------------------------------------------------------

    @rule(x=people, shared=st.booleans())
    def checkin(self, x: str, shared: bool) -> None:
        from interdepend.web.together.services import checkin_save

        active = self._active(x)
        today = timezone.localdate()
        checkin_save(
            owner=self.users[x],
            week=today - timedelta(days=today.weekday()),
            values={"heard": 4},
            need="",
            shared=shared,
            partnership=active.partnership if active else None,
        )
        self.world.checkin_in[x] = self.world.current[x] if shared else None
        self._step()

    @precondition(lambda self: bool(self.linked()))
    @rule(data=st.data())
    def reveal(self, data: st.DataObject) -> None:
        from interdepend.web.assessment.models import Attempt
        from interdepend.web.couple.services import reveal_create

        x = data.draw(st.sampled_from(self.linked()))
        active, current = self._active(x), self.world.current[x]
        assert active is not None and current is not None, f"{x} is linked"
        latest = Attempt.objects.filter(user=self.users[x]).latest("completed_at")
        reveal_create(user=self.users[x], active=active, attempt=latest)
        self.world.reveals.add((x, current))
        self._step()

    @precondition(lambda self: bool(self.world.reveals))
    @rule(data=st.data())
    def withdraw(self, data: st.DataObject) -> None:
        """Stop sharing results through the "Who can see what" page."""
        x = data.draw(st.sampled_from(sorted({r[0] for r in self.world.reveals})))
        response = self.clients[x].post(reverse("safetycheck:results"))
        assert response.status_code == 302
        self.world.reveals.discard((x, self.world.current[x]))
        self._step()

    @rule(x=people, given=st.booleans())
    def research(self, x: str, given: bool) -> None:
        from interdepend.web.research.services import consent_set

        consent_set(user=self.users[x], given=given)
        self.world.research[x] = given
        self._step()

    # The practitioner -------------------------------------------------------------------------

    @precondition(lambda self: len(self.world.links) < 4)
    @rule(x=people)
    def link(self, x: str) -> None:
        from interdepend.web.practice.models import Practitioner
        from interdepend.web.practice.services import (
            PracticeError,
            client_invitation_create,
            client_invitation_redeem,
        )

        profile = Practitioner.objects.get(user=self.users["p"])
        made = client_invitation_create(practitioner=profile)
        try:
            found = client_invitation_redeem(invitation=made.invitation, user=self.users[x])
        except PracticeError:
            assert self.world.link_of(x) is not None, "a first link was refused"
        else:
            assert self.world.link_of(x) is None, "a second live link with one practitioner"
            self.world.links.append(LinkM(person=x, pk=found.pk, public=str(found.public_id)))
        self._step()

    def _linked_client(self, data: st.DataObject) -> tuple[str, LinkM]:
        x = data.draw(st.sampled_from(self.with_practitioner()))
        link = self.world.link_of(x)
        assert link is not None
        return x, link

    @precondition(lambda self: bool(self.with_practitioner()))
    @rule(data=st.data())
    def consent(self, data: st.DataObject) -> None:
        from interdepend.web.practice.models import ClientLink
        from interdepend.web.practice.services import consent_set

        _x, link = self._linked_client(data)
        wanted = data.draw(st.sets(st.sampled_from(scopes())))
        consent_set(link=ClientLink.objects.get(pk=link.pk), scopes=wanted)
        if "journal" not in wanted:
            self.world.drop_shares(link)
        link.scopes = set(wanted)
        self._step()

    @precondition(lambda self: bool(self.with_practitioner()))
    @rule(data=st.data())
    def revoke_from_the_page(self, data: st.DataObject) -> None:
        x, link = self._linked_client(data)
        scope = data.draw(st.sampled_from(scopes()))
        url = reverse("safetycheck:scope")
        response = self.clients[x].post(url, {"link": link.public, "scope": scope})
        assert response.status_code == 302
        if scope == "journal":
            self.world.drop_shares(link)
        link.scopes.discard(scope)
        self._step()

    @precondition(lambda self: bool(self.with_practitioner()))
    @rule(data=st.data())
    def end(self, data: st.DataObject) -> None:
        from interdepend.web.practice.models import ClientLink
        from interdepend.web.practice.services import link_end

        _x, link = self._linked_client(data)
        link_end(link=ClientLink.objects.get(pk=link.pk))
        self.world.drop_shares(link)
        link.active, link.scopes = False, set()
        self._step()

    # Everything at once ------------------------------------------------------------------------

    @rule(x=people, erase=st.booleans())
    def start_over(self, x: str, erase: bool) -> None:
        """The safety reset, or the account's erasure (one rule: both undo everything)."""
        if erase:
            self._erase(x)
        else:
            self._safety_reset(x)

    def _safety_reset(self, x: str) -> None:
        from interdepend.web.datarights.services import safety_reset

        safety_reset(user=self.users[x], keep_session_key=None)
        self.world.reset(x)
        self._login(x)  # every session ended: sign in again to keep looking
        self._step()

    def _erase(self, x: str) -> None:
        from interdepend.web.datarights.services import user_delete

        user_delete(user=self.users[x])
        self.world.erase(x)
        if self.last_entry not in self.world.entries:
            self.last_entry = None
        self._new(x)
        self._step()

    # After every step: what HTTP answers equals what the model says -------------------------

    def _get(self, who: str, name: str, *args: object) -> tuple[int, str]:
        Counter.checks += 1
        response = self.clients[who].get(reverse(name, args=args))
        return response.status_code, response.content.decode(errors="replace")

    @invariant()
    def partners_see_what_the_model_says(self) -> None:
        markers = {k: e.marker for k, e in self.world.entries.items()}
        for x in SLOTS:
            status, html = self._get(x, "journal:shared")
            assert status == 200
            seen = {k for k, m in markers.items() if m in html}
            assert seen == self.world.shared_with(x), f"{x} reads {seen} on Shared with you"
            status, html = self._get(x, "partners:us")
            names = {y for y in SLOTS if y != x and self._name(y) in html}
            expected = {self.world.partner(x)} - {None}
            assert names == expected, f"{x}'s Us page names {names}, not {expected}"
            status, _ = self._get(x, "couple:map")
            assert (status == 200) == self.world.couple_open(x), f"{x}'s couple map: {status}"

    def _name(self, slot: str) -> str:
        return str(self.users[slot].display_name)

    @invariant()
    def own_pages_list_exactly_what_others_can_see(self) -> None:
        for x in SLOTS:
            status, html = self._get(x, "safetycheck:index")
            got = _rows(html)
            for kind, count in self.world.own_page(x).items():
                assert got.get(kind, 0) == count, f"{x}'s page lists {kind}: {got}"
            assert not any(e.marker in html for e in self.world.entries.values())

    @invariant()
    def practitioner_sees_what_the_model_says(self) -> None:
        markers = {k: e.marker for k, e in self.world.entries.items()}
        for link in self.world.links:
            status, html = self._get("p", "practice:client", link.public)
            assert (status == 200) == link.active, f"link {link.pk} page: {status}"
            seen = {k for k, m in markers.items() if m in html}
            assert seen == self.world.practitioner_reads(link), f"p reads {seen}"
            for scope, name in (
                ("results", "practice:client_map"),
                ("trends", "practice:client_trends"),
            ):
                status, _ = self._get("p", name, link.public)
                assert (status == 200) == (link.active and scope in link.scopes), name
            status, _ = self._get("s", "practice:client", link.public)
            assert status == 404

    @invariant()
    def an_entry_opens_for_its_owner_alone(self) -> None:
        if self.last_entry is None:
            return
        owner = self.world.entries[self.last_entry].owner
        for who in (*SLOTS, "p", "s"):
            public = self.world.entries[self.last_entry].public
            status, _ = self._get(who, "journal:entry", public)
            assert status == (200 if who == owner else 404), f"{who} opens the entry: {status}"

    @invariant()
    def the_stranger_sees_nothing(self) -> None:
        status, html = self._get("s", "journal:shared")
        assert not any(e.marker in html for e in self.world.entries.values())
        assert self._get("s", "couple:map")[0] == 404
        assert not any(self._name(x) in self._get("s", "partners:us")[1] for x in SLOTS)


def _run(examples: int, steps: int) -> None:
    Counter.sequences = Counter.steps = Counter.checks = 0
    run_state_machine_as_test(
        Sharing,
        settings=settings(
            max_examples=examples,
            stateful_step_count=steps,
            deadline=None,
            derandomize=examples <= 10,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
    print(
        f"\nT05: {Counter.sequences} sequences, {Counter.steps} steps, "
        f"{Counter.checks} HTTP checks, 0 violations"
    )


def test_t05_what_each_persona_sees_matches_the_model(db: None) -> None:
    _run(examples=3, steps=10)


@pytest.mark.slow
def test_t05_long_run(db: None) -> None:
    _run(examples=25, steps=25)
