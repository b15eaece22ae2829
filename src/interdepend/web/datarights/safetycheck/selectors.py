"""Reads for "Who can see what": only the requesting person's own facts, read fresh."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, TypeVar, cast

from django.conf import settings
from django.db.models import (
    CharField,
    DateTimeField,
    F,
    Field,
    Func,
    IntegerField,
    QuerySet,
    Value,
)
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.dateparse import parse_date

from interdepend.web.accounts import twostep
from interdepend.web.accounts.models import (
    AuthenticatorApp,
    Passkey,
    RecoveryCode,
    User,
    UserSession,
)
from interdepend.web.accounts.push import live_subscriptions
from interdepend.web.couple.models import Reveal
from interdepend.web.daily.models import DailyAnswer
from interdepend.web.decide.models import Decision
from interdepend.web.frame import rawsql
from interdepend.web.frame.counts import counted
from interdepend.web.frame.prepared import Prepared
from interdepend.web.journal.access import readable_shares
from interdepend.web.journal.models import Entry
from interdepend.web.partners.access import ActivePartnership, access_active_partnership
from interdepend.web.partners.models import (
    Invitation,
    InvitationState,
    Membership,
    Partnership,
)
from interdepend.web.practice.selectors import her_links_shown, my_links, partnerships_of
from interdepend.web.research.models import ResearchConsent
from interdepend.web.together.models import (
    Bid,
    Boundary,
    BoundaryState,
    CheckIn,
    Commitment,
    Goal,
)

SESSION_SALT = "interdepend.safetycheck.session"

T = TypeVar("T")


@dataclass(frozen=True)
class SharedEntryRow:
    public_id: str
    written: date
    #: When it was written, where the reader is: said only to a screen reader, and only when
    #: another row of the list shares its day, so that two "Make it private" buttons of one day
    #: never sound the same (the assistive-technology walk of 2026-12-04).
    at: datetime | None = None
    same_day: bool = False


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

    @property
    def any(self) -> bool:
        """Whether the partner sees anything of hers beyond her name: without this, the page
        said "sees your name, and:" over an empty list."""
        shown = (self.results_shared, self.entries, self.checkins, self.daily_answers)
        return any(shown) or self.together.any


@dataclass(frozen=True)
class PractitionerRow:
    #: The link's opaque id (its integer key never leaves the database).
    public_id: str
    name: str
    kind: str
    practice_name: str
    since: datetime
    scopes: list[str]
    #: Whether the practitioner's account is the person's current partner's.
    partner_account: bool = False
    #: Whether it is the account of someone she was linked with as partners before.
    ex_account: bool = False


@dataclass(frozen=True)
class SessionRow:
    token: str
    #: "phone", "tablet" or "computer".
    device: str
    #: A well-known browser's name, or "".
    browser: str
    signed_in: datetime
    #: When the device last opened a page (to the session's save interval): one still in use
    #: that she has not touched tells her more than when it signed in.
    last_used: datetime
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


def _entry_rows(entries: Sequence[Entry | EntryMoment]) -> list[SharedEntryRow]:
    """Only the day each was written (and its time, for two of one day): never its words,
    which an onlooker could read."""
    zone = timezone.get_current_timezone()
    moments = [timezone.localtime(e.created_at, zone) for e in entries]
    days = Counter(moment.date() for moment in moments)
    return [
        SharedEntryRow(e.public_id, moment.date(), moment, days[moment.date()] > 1)
        for e, moment in zip(entries, moments, strict=True)
    ]


def _rule(build: Callable[..., QuerySet[Any, T]]) -> Callable[..., list[T]]:
    """A read the page ran before :func:`her_rows` read its rows with four others (issue 15's
    eighteenth pass): kept as the rule ``tests/web/test_safety_rows.py`` holds that read to,
    built by the ORM, and run only by the tests."""
    return lambda **values: list(build(**values))


def partner_side(user: User, active: ActivePartnership | None) -> PartnerSide | None:
    """What the current partner can see of the person's, or None when there is no partner
    (``active``: her current partnership, as ``access_active_partnership`` read it).

    Goals and decisions belong to both; commitments, bids and boundaries are counted when the
    person made them. The counts are read in one statement (``frame.counts``). The page
    reads her shared entries and weeks with :func:`her_rows` (:func:`_partner_side_of`); this
    is the rule the tests hold it to.
    """
    if active is None:
        return None
    ids = {"user_id": user.pk, "partnership_id": active.partnership.pk}
    n = counted(**_partner_counts(**ids))
    return _partner_side_of(active, n, _PARTNER_ENTRIES(**ids), _PARTNER_CHECKINS(**ids))


def _partner_counts(user_id: int, partnership_id: int) -> dict[str, QuerySet[Any]]:
    """What her partner's card counts, as querysets (read with her settings' counts by
    :data:`_HER_COUNTS`)."""
    return {
        "reveals": Reveal.objects.filter(partnership_id=partnership_id, user_id=user_id),
        "goals": Goal.objects.filter(partnership_id=partnership_id),
        "commitments": Commitment.objects.filter(partnership_id=partnership_id, owner_id=user_id),
        "bids": Bid.objects.filter(partnership_id=partnership_id, owner_id=user_id),
        "boundaries": Boundary.objects.filter(
            partnership_id=partnership_id, owner_id=user_id
        ).exclude(state=BoundaryState.DRAFT),
        "decisions": Decision.objects.filter(partnership_id=partnership_id),
        "daily": DailyAnswer.objects.filter(partnership_id=partnership_id, owner_id=user_id),
    }


_PARTNER_ENTRIES = _rule(
    lambda user_id, partnership_id: (
        Entry.objects.filter(
            owner_id=user_id, shared_with_partner=True, shared_partnership_id=partnership_id
        )
        .order_by("-created_at", "-pk")
        .only("pk", "public_id", "created_at")
    )
)
_PARTNER_CHECKINS = _rule(
    lambda user_id, partnership_id: (
        CheckIn.objects.filter(owner_id=user_id, shared=True, partnership_id=partnership_id)
        .order_by("-week")
        .values_list("week", flat=True)
    )
)


def open_invitations(user: User) -> list[datetime]:
    """When each of the person's partner invitation codes that could still be used expires."""
    return _OPEN_INVITATIONS(user_id=user.pk, now=timezone.now())


_OPEN_INVITATIONS = _rule(
    lambda user_id, now: (
        Invitation.objects.filter(
            inviter_id=user_id, state=InvitationState.OPEN, expires_at__gt=now
        )
        .order_by("expires_at")
        .values_list("expires_at", flat=True)
    )
)


def practitioners(
    user: User,
    partner: User | None,
    partnerships: tuple[dict[int, datetime], set[int]] | None = None,
) -> list[PractitionerRow]:
    """Her practitioners, ``partner`` being her current partner as the page read it and
    ``partnerships`` her partnerships as :func:`her_rows` read them (read by ``my_links``
    when not given). Given them, as the page does, each card's values are worked out from
    her links' rows (``her_links_shown``, the same statement) with no model object made
    (issue 15's twenty-fourth pass; ``tests/web/test_practice_links_live.py`` holds the two
    ways equal)."""
    if partnerships is not None:
        partner_id = partner.pk if partner is not None else None
        return [
            PractitionerRow(*shown) for shown in her_links_shown(user.pk, partner_id, partnerships)
        ]
    return [
        PractitionerRow(
            public_id=mine.link.public_id,
            name=mine.link.by.named,
            kind=mine.link.by.kind,
            practice_name=mine.link.by.practice_name,
            since=mine.link.started_at,
            scopes=sorted(mine.scopes),
            partner_account=mine.partner_account,
            ex_account=mine.ex_account,
        )
        for mine in my_links(user, partner=partner, partnerships=partnerships)
    ]


def practitioner_entries(user: User, linked: bool) -> list[SharedEntryRow]:
    """Entries a practitioner of the person's may read now (shared by name, under consent)."""
    if not linked:
        return []
    return _entry_rows(_PRACTITIONER_ENTRIES(user_id=user.pk))


_PRACTITIONER_ENTRIES = _rule(
    lambda user_id: (
        Entry.objects.filter(
            pk__in=readable_shares().filter(entry__owner_id=user_id).values("entry_id")
        )
        .order_by("-created_at", "-pk")
        .only("pk", "public_id", "created_at")
    )
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
    """Her running sign-ins, newest first: the four columns the list shows or names each by,
    never a session's data (issue 15's sixteenth pass: whole rows, each with its signed data,
    were made into model objects to read four of their columns;
    ``tests/web/test_safety_reads.py`` holds this to the rows)."""
    return _session_rows(_SESSIONS(user_id=user.pk, now=timezone.now()), current_key)


_SESSIONS = _rule(
    lambda user_id, now: (
        UserSession.objects.filter(user_id=user_id, expire_date__gt=now)
        .order_by("-created_at")
        .values_list("session_key", "user_agent", "created_at", "last_seen_at")
    )
)


def picture(user: User, current_key: str | None) -> Picture:
    # Her partnership is read once, for her partner's card and her practitioners' (whether
    # one is her partner's account): always, whatever it holds.
    active = access_active_partnership(user)
    mine = her_rows(user, active)
    found = practitioners(user, active.partner if active is not None else None, mine.partnerships)
    counts = mine.counts
    factors, devices, research = _settings_of(counts)
    return Picture(
        partner=_partner_side_of(active, counts, mine.partner_entries, mine.partner_checkins),
        invitations=mine.invitations,
        practitioners=found,
        practitioner_entries=_entry_rows(mine.practitioner_entries) if found else [],
        research=research,
        sessions=_session_rows(mine.sessions, current_key),
        push_devices=devices,
        two_step=factors.any,
        recovery_left=factors.recovery_left,
        app=factors.app,
        passkeys=factors.passkeys,
    )


@dataclass(frozen=True)
class EntryMoment:
    """An entry as the page lists it: its opaque id and when it was written."""

    pk: int
    public_id: str
    created_at: datetime


@dataclass(frozen=True)
class HerRows:
    """Her own rows the page lists, each list in the order of the read it replaces."""

    invitations: list[datetime]
    #: (key, browser's name for itself, signed in, last used), newest first.
    sessions: list[tuple[str, str, datetime, datetime]]
    partner_entries: list[EntryMoment]
    partner_checkins: list[date]
    practitioner_entries: list[EntryMoment]
    #: When her latest partnership began and everyone she has been in one with, as
    #: ``practice.selectors.her_partnerships`` gives them (for her practitioners' cards).
    partnerships: tuple[dict[int, datetime], set[int]] = ({}, set())
    #: Her settings' counts and her partner's card's, as :data:`_HER_COUNTS` reads them.
    counts: dict[str, int] = field(default_factory=dict)


#: The kinds of row of :data:`_HER_ROWS`, in its first column.
_INVITATION, _SESSION, _PARTNER_ENTRY, _PARTNER_CHECKIN, _PRACTITIONER_ENTRY, _MEMBER = range(6)
#: Her counts (:func:`_her_counts`' names, in its order): one row each in :data:`_HER_ROWS`, of
#: the kinds from :data:`_COUNTED` on, the count in its second column.
COUNT_NAMES = (
    "app",
    "passkeys",
    "recovery",
    "devices",
    "research",
    "reveals",
    "goals",
    "commitments",
    "bids",
    "boundaries",
    "decisions",
    "daily",
)
_COUNTED = 6
_KINDS = range(_COUNTED + len(COUNT_NAMES))
#: No partnership has this key: her partner's lists are read from it when she has none, so
#: that the same statement runs on every view.
NO_PARTNERSHIP = 0


def her_rows(user: User, active: ActivePartnership | None) -> HerRows:
    """Her open invitations (:func:`open_invitations`), her running sessions
    (:func:`sessions`), her entries and check-in weeks shared with her partner
    (:func:`partner_side`) and her entries a practitioner may read
    (:func:`practitioner_entries`): five lists of her own rows, read in one statement where
    five ran (issue 15's eighteenth pass; ``tests/web/test_safety_rows.py`` holds it to the
    five). Each is read on every view, whoever she is linked with: her partner's two from no
    partnership when she has none, her practitioners' whether or not she has one. The members
    of her partnerships, with when each began, are read in it too, on every view (issue 15's
    nineteenth pass: ``practice.selectors.her_partnerships`` read them in a statement of its
    own, only for a person with a practitioner); row order does not matter to them. Her
    counts (:data:`_HER_COUNTS`) are read in it too, a row each, on every view (issue 15's
    twenty-fourth pass: a statement of their own took about 40 µs around their SQL)."""
    partnership_id = active.partnership.pk if active is not None else NO_PARTNERSHIP
    found: dict[int, list[tuple[Any, ...]]] = {kind: [] for kind in _KINDS}
    for row in _HER_ROWS(user_id=user.pk, partnership_id=partnership_id, now=timezone.now()):
        found[row[0]].append(row)
    # The rows come as the database gave them: each kind's own columns are converted as the
    # ORM converts its field's (``frame.rawsql``), and the NULLs of the others are left alone
    # (issue 15's nineteenth pass: the ORM's converters ran on all seven columns of every row).
    expires, signed_in, seen, written, began = rawsql.one_by_one(_HER_FIELDS)
    # A union hands its rows back in no promised order: each list is put in its read's order.
    # Python's sort keeps rows of one key in the order they came (a read's ties were too).
    running = [(r[2], r[3], signed_in(r[4]), seen(r[5])) for r in found[_SESSION]]
    running.sort(key=lambda row: row[2], reverse=True)
    return HerRows(
        invitations=sorted(expires(row[4]) for row in found[_INVITATION]),
        sessions=running,
        partner_entries=_entries_in_order(found[_PARTNER_ENTRY], written),
        partner_checkins=sorted(_weeks_of(found[_PARTNER_CHECKIN]), reverse=True),
        practitioner_entries=_entries_in_order(found[_PRACTITIONER_ENTRY], written),
        partnerships=partnerships_of(user.pk, [(r[1], began(r[4])) for r in found[_MEMBER]]),
        counts={name: int(found[kind][0][1]) for kind, name in enumerate(COUNT_NAMES, _COUNTED)},
    )


def _weeks_of(rows: list[tuple[Any, ...]]) -> list[date]:
    """Her shared weeks from the row :class:`_Weeks` makes of them (its text NULL when she
    shares no week), each written as the date's ISO text: parsed as the ORM parses a day's
    text (``parse_date``, what its converter of a day calls on SQLite). ``parse_date`` asks
    ``date.fromisoformat`` first, which reads every text the read writes: asked here
    directly, a year of weeks is 52 calls of Python fewer (issue 15's twenty-third pass);
    should any text be of another shape, all go through ``parse_date`` as before."""
    texts = [week for row in rows if row[2] is not None for week in row[2].split(_WEEKS_APART)]
    try:
        return [date.fromisoformat(week) for week in texts]
    except ValueError:
        return [cast(date, parse_date(week)) for week in texts]


def _entries_in_order(
    rows: list[tuple[Any, ...]], written: Callable[[Any], Any]
) -> list[EntryMoment]:
    """Entries newest first, the later made first of one moment (``-created_at, -pk``)."""
    entries = [EntryMoment(row[1], row[2], written(row[4])) for row in rows]
    entries.sort(key=lambda entry: (entry.created_at, entry.pk), reverse=True)
    return entries


def _columns(
    kind: int,
    *,
    n: Any = None,
    text: Any = None,
    agent: Any = None,
    moment: Any = None,
    seen: Any = None,
) -> dict[str, Any]:
    """One part of :data:`_HER_ROWS`: its six columns, a NULL of the column's kind where the
    part has nothing."""
    return {
        "k": Value(kind, output_field=IntegerField()),
        "n": _null(IntegerField()) if n is None else n,
        "t": _null(CharField()) if text is None else text,
        "a": _null(CharField()) if agent is None else agent,
        "m": _null(DateTimeField()) if moment is None else moment,
        "s": _null(DateTimeField()) if seen is None else seen,
    }


def _null(field: Field[Any, Any]) -> Cast:
    """A NULL of ``field``'s kind, cast so that PostgreSQL, which settles a ``UNION``'s column
    types two parts at a time, never takes two NULLs for text."""
    return Cast(Value(None), field)


def _part(rows: QuerySet[Any], kind: int, **columns: Any) -> QuerySet[Any, tuple[Any, ...]]:
    """The rows of one read as a part of :data:`_HER_ROWS`, without its order."""
    part: QuerySet[Any, tuple[Any, ...]]
    part = rows.order_by().annotate(**_columns(kind, **columns)).values_list(*_NAMES)
    return part


_NAMES = ("k", "n", "t", "a", "m", "s")


def _her_rows_read(
    user_id: int, partnership_id: int, now: datetime
) -> QuerySet[Any, tuple[Any, ...]]:
    """The five reads and her partnerships' members (``practice.selectors._her_members_read``)
    as one ``UNION ALL``, each part filtered as its read is (the same querysets, without their
    order, which :func:`her_rows` puts back)."""
    invitations = Invitation.objects.filter(
        inviter_id=user_id, state=InvitationState.OPEN, expires_at__gt=now
    )
    running = UserSession.objects.filter(user_id=user_id, expire_date__gt=now)
    shared = Entry.objects.filter(
        owner_id=user_id, shared_with_partner=True, shared_partnership_id=partnership_id
    )
    weeks = CheckIn.objects.filter(owner_id=user_id, shared=True, partnership_id=partnership_id)
    readable = Entry.objects.filter(
        pk__in=readable_shares().filter(entry__owner_id=user_id).values("entry_id")
    )
    members = Membership.objects.filter(
        partnership_id__in=Membership.objects.filter(user_id=user_id).values("partnership_id")
    )
    entry = {"n": F("pk"), "text": F("public_id"), "moment": F("created_at")}
    counts = _her_counts(user_id, partnership_id, now)
    return _part(invitations, _INVITATION, moment=F("expires_at")).union(
        _part(
            running,
            _SESSION,
            text=F("session_key"),
            agent=F("user_agent"),
            moment=F("created_at"),
            seen=F("last_seen_at"),
        ),
        _part(shared, _PARTNER_ENTRY, **entry),
        _part(weeks, _PARTNER_CHECKIN, text=_Weeks("week")),
        _part(readable, _PRACTITIONER_ENTRY, **entry),
        _part(members, _MEMBER, n=F("user_id"), moment=F("partnership__started_at")),
        *(_part(counts[name], kind, n=_Count()) for kind, name in enumerate(COUNT_NAMES, _COUNTED)),
        all=True,
    )


class _Count(Func):
    """``COUNT(*)`` of the rows a part's ``WHERE`` leaves: its rows as ``frame.counts`` counts
    them (``SELECT COUNT(*)`` of the same ``FROM`` and ``WHERE``). Like :class:`_Weeks`, an
    aggregate the ORM is not told of, so that it adds no ``GROUP BY``: one row on every view,
    0 when no row is left."""

    template = "COUNT(*)"
    output_field = IntegerField()


#: What :class:`_Weeks` writes between two weeks (no ISO date holds it).
_WEEKS_APART = ","


class _Weeks(Func):
    """Every week of the rows as the day's ISO text (``YYYY-MM-DD``), joined by
    :data:`_WEEKS_APART`, in no promised order, or NULL when there is none: her shared weeks in
    one row of her lists where there was a row a week (issue 15's twentieth pass: a year of
    weeks was 52 rows of seven columns for SQLite to make and Python to take apart, and each
    week's text was then parsed by the ORM's converter one call at a time). SQLite keeps a day
    as that text; PostgreSQL writes it so with ``TO_CHAR``, whatever its ``DateStyle``.

    It is an aggregate the ORM is not told of, so that it adds no ``GROUP BY``: the part is
    one row on every view, whoever she is and whatever she shares, as an aggregate over all the
    rows a ``WHERE`` leaves is in SQL."""

    function = "GROUP_CONCAT"
    output_field = CharField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            function="STRING_AGG",
            template=f"%(function)s(TO_CHAR(%(expressions)s, 'YYYY-MM-DD'), '{_WEEKS_APART}')",
            **extra,
        )


#: Raw rows: :func:`her_rows` converts each kind's own columns with these fields' converters.
_HER_ROWS = Prepared(_her_rows_read, raw=True)
#: The fields of the columns :func:`her_rows` converts, in the order it takes them.
_HER_FIELDS = rawsql.known(
    [
        Invitation._meta.get_field("expires_at"),
        UserSession._meta.get_field("created_at"),
        UserSession._meta.get_field("last_seen_at"),
        Entry._meta.get_field("created_at"),
        Partnership._meta.get_field("started_at"),
    ]
)


def _partner_side_of(
    active: ActivePartnership | None,
    n: dict[str, int],
    entries: Sequence[Entry | EntryMoment],
    checkins: list[date],
) -> PartnerSide | None:
    """Her partner's card from its counts and her shared entries and weeks: the page's, from
    :data:`_HER_COUNTS` and :func:`her_rows`, and :func:`partner_side`'s, from the reads it
    is held to."""
    if active is None:
        return None
    return PartnerSide(
        name=active.partner.display_name,
        since=active.partnership.started_at,
        results_shared=n["reveals"],
        entries=_entry_rows(entries),
        checkins=checkins,
        together=Together(
            goals=n["goals"],
            commitments=n["commitments"],
            bids=n["bids"],
            boundaries=n["boundaries"],
            decisions=n["decisions"],
        ),
        daily_answers=n["daily"],
    )


def _session_rows(
    found: list[tuple[str, str, datetime, datetime]], current_key: str | None
) -> list[SessionRow]:
    return [
        SessionRow(
            token=session_token(key),
            device=device_kind(agent),
            browser=browser_name(agent),
            signed_in=created_at,
            last_used=last_seen_at,
            is_current=key == current_key,
        )
        for key, agent, created_at, last_seen_at in found
    ]


def settings_counts(user: User) -> tuple[twostep.Factors, int, bool]:
    """Her two-step factors (``twostep.factors``), how many browsers get her notifications
    (``push.push_devices``) and whether she said yes to research (``access_own_consent``),
    read in one statement rather than three (issue 15's fifteenth pass;
    ``tests/web/test_safety_reads.py`` holds it to the three): :data:`_HER_COUNTS`, whose
    counts the page reads in her lists' statement (:func:`her_rows`)."""
    return _settings_of(
        _HER_COUNTS(user_id=user.pk, partnership_id=NO_PARTNERSHIP, now=timezone.now())
    )


def _settings_of(found: dict[str, int]) -> tuple[twostep.Factors, int, bool]:
    factors = twostep.Factors(found["app"] > 0, found["passkeys"], found["recovery"])
    return factors, found["devices"], found["research"] > 0


def _settings_counts(user_id: int, now: datetime) -> dict[str, QuerySet[Any]]:
    """Her factors, devices and research yes as counts, as querysets."""
    return {
        "app": AuthenticatorApp.objects.filter(user_id=user_id, confirmed_at__isnull=False),
        "passkeys": Passkey.objects.filter(user_id=user_id),
        "recovery": RecoveryCode.objects.filter(user_id=user_id, used_at__isnull=True),
        "devices": live_subscriptions(now).filter(user_id=user_id),
        "research": ResearchConsent.objects.filter(user_id=user_id, is_given=True),
    }


def _her_counts(user_id: int, partnership_id: int, now: datetime) -> dict[str, QuerySet[Any]]:
    return {**_settings_counts(user_id, now), **_partner_counts(user_id, partnership_id)}


def _her_counts_apart(user_id: int, partnership_id: int, now: datetime) -> dict[str, int]:
    """Her settings' counts and her partner's card's in one statement where two ran (issue
    15's eighteenth pass): from no partnership when she has none. Since the twenty-fourth pass
    the page reads them in her lists' statement (:func:`her_rows`), on every view; this,
    built by the ORM (``frame.counts.counted``) and run only by the tests, is the read
    ``tests/web/test_safety_rows.py`` holds those to (a kept statement run by no page, as
    :func:`_rule`'s reads are not)."""
    return counted(**_her_counts(user_id, partnership_id, now))


#: Her counts as their own statement read them (:func:`_her_counts_apart`).
_HER_COUNTS = _her_counts_apart
