"""Reads for "Who can see what": only the requesting person's own facts, read fresh."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.utils import timezone
from django.utils.crypto import salted_hmac

from interdepend.web.accounts import twostep
from interdepend.web.accounts.models import User, UserSession
from interdepend.web.accounts.push import push_devices
from interdepend.web.couple.models import Reveal
from interdepend.web.daily.models import DailyAnswer
from interdepend.web.decide.models import Decision
from interdepend.web.frame.counts import counted
from interdepend.web.journal.access import readable_shares
from interdepend.web.journal.models import Entry
from interdepend.web.partners.access import access_active_partnership
from interdepend.web.partners.models import Invitation, InvitationState
from interdepend.web.practice.models import ClientLink, Consent
from interdepend.web.research.access import access_own_consent
from interdepend.web.together.models import (
    Bid,
    Boundary,
    BoundaryState,
    CheckIn,
    Commitment,
    Goal,
)

SESSION_SALT = "interdepend.safetycheck.session"


@dataclass(frozen=True)
class SharedEntryRow:
    public_id: str
    written: date


@dataclass(frozen=True)
class Together:
    """What the two made together in this partnership (shared by nature, both can see it)."""

    goals: int
    commitments: int
    bids: int
    boundaries: int
    decisions: int

    @property
    def any(self) -> bool:
        counts = (self.goals, self.commitments, self.bids, self.boundaries, self.decisions)
        return any(counts)


@dataclass(frozen=True)
class PartnerSide:
    name: str
    since: datetime
    results_shared: int
    entries: list[SharedEntryRow]
    checkins: list[date]
    together: Together
    #: The person's answers to the couple's shared questions of the day in this partnership.
    daily_answers: int = 0


@dataclass(frozen=True)
class PractitionerRow:
    #: The link's opaque id (its integer key never leaves the database).
    public_id: str
    name: str
    kind: str
    practice_name: str
    since: datetime
    scopes: list[str]


@dataclass(frozen=True)
class SessionRow:
    token: str
    #: "phone", "tablet" or "computer".
    device: str
    #: A well-known browser's name, or "".
    browser: str
    signed_in: datetime
    is_current: bool


@dataclass(frozen=True)
class Picture:
    """Everyone who can see anything of the person's right now."""

    partner: PartnerSide | None
    invitations: list[datetime]
    practitioners: list[PractitionerRow]
    practitioner_entries: list[SharedEntryRow]
    research: bool
    sessions: list[SessionRow] = field(default_factory=list)
    #: Browsers that get the person's (content-free) push notifications.
    push_devices: int = 0
    #: Whether signing in takes a second step; which kinds (the app, how many passkeys, never
    #: their names) and how many recovery codes are left.
    two_step: bool = False
    recovery_left: int = 0
    app: bool = False
    passkeys: int = 0

    @property
    def others_signed_in(self) -> int:
        return sum(not s.is_current for s in self.sessions)


def _entry_rows(entries: list[Entry]) -> list[SharedEntryRow]:
    """Only the day each was written: never its words, which an onlooker could read."""
    return [SharedEntryRow(e.public_id, timezone.localdate(e.created_at)) for e in entries]


def partner_side(user: User) -> PartnerSide | None:
    """What the current partner can see of the person's, or None when there is no partner.

    Goals and decisions belong to both; commitments, bids and boundaries are counted when the
    person made them. The counts are read in one statement (``frame.counts``).
    """
    active = access_active_partnership(user)
    if active is None:
        return None
    entries = Entry.objects.filter(
        owner=user, shared_with_partner=True, shared_partnership=active.partnership
    ).order_by("-created_at", "-pk")
    checkins = CheckIn.objects.filter(owner=user, shared=True, partnership=active.partnership)
    ours = {"partnership": active.partnership}
    mine = {**ours, "owner": user}
    n = counted(
        reveals=Reveal.objects.filter(partnership=active.partnership, user=user),
        goals=Goal.objects.filter(**ours),
        commitments=Commitment.objects.filter(**mine),
        bids=Bid.objects.filter(**mine),
        boundaries=Boundary.objects.filter(**mine).exclude(state=BoundaryState.DRAFT),
        decisions=Decision.objects.filter(**ours),
        daily=DailyAnswer.objects.filter(**mine),
    )
    return PartnerSide(
        name=active.partner.display_name,
        since=active.partnership.started_at,
        results_shared=n["reveals"],
        entries=_entry_rows(list(entries.only("pk", "public_id", "created_at"))),
        checkins=list(checkins.order_by("-week").values_list("week", flat=True)),
        together=Together(
            goals=n["goals"],
            commitments=n["commitments"],
            bids=n["bids"],
            boundaries=n["boundaries"],
            decisions=n["decisions"],
        ),
        daily_answers=n["daily"],
    )


def open_invitations(user: User) -> list[datetime]:
    """When each of the person's partner invitation codes that could still be used expires."""
    rows = Invitation.objects.filter(
        inviter=user, state=InvitationState.OPEN, expires_at__gt=timezone.now()
    )
    return list(rows.order_by("expires_at").values_list("expires_at", flat=True))


def practitioners(user: User) -> list[PractitionerRow]:
    links = list(
        ClientLink.objects.filter(client=user, is_active=True)
        .select_related("practitioner__user")
        .order_by("started_at", "pk")
    )
    live: dict[int, list[str]] = {}
    for link_id, scope in Consent.objects.filter(
        link__in=links, revoked_at__isnull=True
    ).values_list("link_id", "scope"):
        live.setdefault(link_id, []).append(scope)
    return [
        PractitionerRow(
            public_id=link.public_id,
            name=link.practitioner.user.display_name,
            kind=link.practitioner.kind,
            practice_name=link.practitioner.practice_name,
            since=link.started_at,
            scopes=sorted(live.get(link.pk, [])),
        )
        for link in links
    ]


def practitioner_entries(user: User, linked: bool) -> list[SharedEntryRow]:
    """Entries a practitioner of the person's may read now (shared by name, under consent)."""
    if not linked:
        return []
    readable = readable_shares().filter(entry__owner=user).values("entry_id")
    rows = Entry.objects.filter(pk__in=readable)
    return _entry_rows(
        list(rows.order_by("-created_at", "-pk").only("pk", "public_id", "created_at"))
    )


def session_token(session_key: str) -> str:
    """A name for one session that reveals nothing of its key."""
    return salted_hmac(SESSION_SALT, session_key, secret=settings.SECRET_KEY).hexdigest()[:20]


BROWSERS = (("edg/", "Edge"), ("firefox", "Firefox"), ("chrome", "Chrome"), ("safari", "Safari"))


def browser_name(user_agent: str) -> str:
    agent = user_agent.lower()
    return next((name for mark, name in BROWSERS if mark in agent), "")


def device_kind(user_agent: str) -> str:
    """ "phone", "tablet" or "computer": enough to recognise one's own, nothing more."""
    agent = user_agent.lower()
    if "ipad" in agent or "tablet" in agent or ("android" in agent and "mobile" not in agent):
        return "tablet"
    if "mobile" in agent or "iphone" in agent:
        return "phone"
    return "computer"


def sessions(user: User, current_key: str | None) -> list[SessionRow]:
    rows = UserSession.objects.filter(user=user, expire_date__gt=timezone.now()).order_by(
        "-created_at"
    )
    return [
        SessionRow(
            token=session_token(row.session_key),
            device=device_kind(row.user_agent),
            browser=browser_name(row.user_agent),
            signed_in=row.created_at,
            is_current=row.session_key == current_key,
        )
        for row in rows
    ]


def picture(user: User, current_key: str | None) -> Picture:
    found = practitioners(user)
    factors = twostep.factors(user)
    return Picture(
        partner=partner_side(user),
        invitations=open_invitations(user),
        practitioners=found,
        practitioner_entries=practitioner_entries(user, bool(found)),
        research=access_own_consent(user),
        sessions=sessions(user, current_key),
        push_devices=push_devices(user),
        two_step=factors.any,
        recovery_left=factors.recovery_left,
        app=factors.app,
        passkeys=factors.passkeys,
    )
