"""Reads about practitioners and their clients, always fresh (no caching), so a revoked consent
or an ended link stops access on the very next request."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Final

from django.db import DEFAULT_DB_ALIAS, connection
from django.db.models import F, OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext

from interdepend.core.scoring import Result
from interdepend.web.accounts.models import User
from interdepend.web.assessment.models import Attempt
from interdepend.web.assessment.selectors import (
    attempt_result,
    finished_attempts,
    latest_finished_attempt,
)
from interdepend.web.frame.prepared import Prepared
from interdepend.web.frame.sqlite3 import kept_statement
from interdepend.web.journal.selectors import (
    SharedEntry,
    practitioner_reads,
    practitioner_share_counts,
)
from interdepend.web.partners.access import access_partner
from interdepend.web.practice.access import counted, partnership_starts, partnerships_began
from interdepend.web.practice.accesslog import OPERATOR_LABEL, practitioner_label, reader_label
from interdepend.web.practice.forms import kind_label
from interdepend.web.practice.models import (
    AccessLogEntry,
    ClientLink,
    Consent,
    Practitioner,
    Scope,
)


@kept_statement
def _practitioner_statement() -> str:
    table = connection.ops.quote_name(Practitioner._meta.db_table)
    return f"SELECT EXISTS (SELECT 1 FROM {table} WHERE user_id = %s)"


def is_practitioner(user_id: int) -> bool:
    """Whether the person has the practitioner role: asked by the menu on every page, so one
    hand-written statement (``tests/web/test_hand_written_reads.py`` holds it to the model)."""
    with connection.cursor() as cursor:
        cursor.execute(_practitioner_statement(), [user_id])
        row = cursor.fetchone()
    return bool(row and row[0])


def client_has_practitioner(user: User) -> bool:
    """Whether the person has at least one active link with a practitioner."""
    return bool(_ANY_LINK(user_id=user.pk))


_ANY_LINK = Prepared(
    lambda user_id: ClientLink.objects.filter(client_id=user_id, is_active=True).values_list(
        "pk", flat=True
    )[:1]
)


def links_between(people: Iterable[int]) -> list[ClientLink]:
    """The active links in which one of ``people`` is the practitioner and another the client:
    between two partners, the links that end with their partnership."""
    return _LINKS_BETWEEN(ids=list(people))


#: Read on every view of the leave page (what leaving ends), so kept as a prepared read: the
#: ORM took longer to build it than the rest of the page's own work (the ninth pass of
#: docs/performance-passes.md).
_LINKS_BETWEEN = Prepared(
    lambda ids: (
        ClientLink.objects.filter(is_active=True, practitioner__user_id__in=ids, client_id__in=ids)
        .exclude(practitioner__user_id=F("client_id"))
        .select_related("practitioner")
        .order_by("pk")
    )
)


def shared_journal(link: ClientLink) -> list[SharedEntry]:
    """Entries the person shared by name with this link's practitioner, while the link is
    active and holds their journal consent (nothing else, whoever else they work with)."""
    return practitioner_reads(link)


def latest_result(user: User) -> tuple[Attempt, Result] | None:
    """The person's latest finished inventory and its scores."""
    attempt = latest_finished_attempt(user)
    return (attempt, attempt_result(attempt)) if attempt else None


@dataclass(frozen=True)
class ClientRow:
    """One line of the practitioner's dashboard: who, since when, what they share."""

    link: ClientLink
    scopes: list[str]
    has_result: bool
    shared_entries: int
    #: The name of the client who connected with the same couple's code, while both are
    #: connected: she gave the two of them that code, and with several couples she could not
    #: tell from her list who came with whom (the practitioner walk of 2026-12-04). Fixed when
    #: the second one connected, so a partnership that ends or begins later changes nothing.
    came_with: str = ""


def dashboard_rows(practitioner: Practitioner) -> list[ClientRow]:
    links = list(
        ClientLink.objects.filter(practitioner=practitioner, is_active=True)
        .select_related("client")
        .order_by("client__display_name", "pk")
    )
    # What each client ticked, live: a couple consent that stopped counting when her new
    # partnership began still shows (access.shown_scopes), or its dropping off would tell him.
    live: dict[int, set[str]] = {link.pk: set() for link in links}
    for link_id, scope, _granted in _LIVE(link_ids=[link.pk for link in links]):
        live[link_id].add(scope)
    clients = [link.client_id for link in links]
    finished = set(
        finished_attempts().filter(user__in=clients).order_by().values_list("user_id", flat=True)
    )
    entries = practitioner_share_counts(links)
    # Two active links from one invitation are a couple's: only its code opens twice.
    together: dict[int, list[ClientLink]] = {}
    for link in links:
        if link.invitation_id is not None:
            together.setdefault(link.invitation_id, []).append(link)
    couples = {key: pair for key, pair in together.items() if len(pair) > 1}

    def group(link: ClientLink) -> object:
        return link.invitation_id if link.invitation_id in couples else ("alone", link.pk)

    # In name order still, a couple's second partner straight after the first.
    first: dict[object, int] = {}
    for n, link in enumerate(links):
        first.setdefault(group(link), n)
    order = {link.pk: n for n, link in enumerate(links)}
    links.sort(key=lambda link: (first[group(link)], order[link.pk]))
    return [
        ClientRow(
            link=link,
            scopes=sorted(live[link.pk]),
            has_result=link.client_id in finished,
            shared_entries=entries.get(link.pk, 0),
            came_with=", ".join(
                other.client.display_name
                for other in couples.get(link.invitation_id or 0, [])
                if other.pk != link.pk
            ),
        )
        for link in links
    ]


@dataclass(frozen=True)
class MyLink:
    """One of the person's own links, with the scopes they consent to now."""

    link: ClientLink
    scopes: set[str]
    #: Whether the practitioner's account is the person's current partner's: her pages say so,
    #: since anyone can turn the role on (the practitioner audit). An ex's link has ended.
    partner_account: bool = False
    #: Whether the practitioner's account is that of someone she was linked with as partners
    #: before. Her invitation said so, and afterwards none of her pages did: an ex who pressed
    #: her to connect stood on them as any practitioner (the practitioner audit of 2026-12-05).
    ex_account: bool = False

    @functools.cached_property
    def renamed_from(self) -> str:
        """How the practitioner was named when she connected, when that is no longer how they
        are named (a name or title can be changed at will, and made to look like another's).
        Worked out when asked: *Your practitioners* asks for every link on every view; *Who
        can see what* never shows it, and no longer writes each practitioner's label in her
        language to throw it away (issue 15's twenty-second pass)."""
        return _renamed_from(self.link)


#: Given as ``partner`` when the caller has not read her partner: read here.
UNREAD: Final = object()


def my_links(
    user: User,
    *,
    starts: Sequence[datetime] | None = None,
    partner: User | None | object = UNREAD,
    earlier: set[int] | None = None,
    partner_id: int | None | object = UNREAD,
    partnerships: tuple[dict[int, datetime], set[int]] | None = None,
) -> list[MyLink]:
    """Her live links, with what each may see. ``starts``: when each of her partnerships began,
    in order, when the caller has read them (:func:`her_starts`,
    :func:`her_starts_and_partners`); read if not, with everyone she was ever linked with, in
    one statement (:func:`her_partnerships`).
    ``partner``: her current partner (or None) when the caller has read it on this request
    (*Who can see what* reads it for her partner's card), which is read here if not.
    ``earlier``: everyone she has been in a partnership with, when the caller has read it
    (:func:`her_starts_and_partners`); read here when needed if not. ``partner_id``: her
    current partner's id (or None) when the caller has read it (:func:`her_starts_and_partners`),
    in place of ``partner``. ``partnerships``: what :func:`her_partnerships` gives, when the
    caller has read her partnerships' members with its own reads (*Who can see what*, on every
    view, with :func:`partnerships_of`)."""
    links, rows = her_links_and_consents(user.pk)
    if not links:
        return []
    if partnerships is not None:
        began, earlier = partnerships
    elif starts is None:
        began, earlier = her_partnerships(user)
    else:
        began = {user.pk: starts[-1]} if starts else {}
        if earlier is None:
            earlier = _ever_partners(user)
    live = _counted_scopes(links, rows, began)
    if partner_id is UNREAD:
        found = access_partner(user) if partner is UNREAD else partner
        partner_id = found.pk if isinstance(found, User) else None
    return [
        MyLink(
            link=link,
            scopes=live[link.pk],
            partner_account=partner_id is not None and link.by.user_id == partner_id,
            ex_account=link.by.user_id in earlier
            and (partner_id is None or link.by.user_id != partner_id),
        )
        for link in links
    ]


def her_partnerships(user: User) -> tuple[dict[int, datetime], set[int]]:
    """When her latest partnership began (as ``access.partnerships_began([user.pk])`` gives
    it: no entry if she never had one) and everyone she has been in a partnership with (as
    :func:`_ever_partners`), from one statement: the members of each of her partnerships, with
    when it began. *Who can see what* read the two apart, on every view of a person with a
    practitioner who may see the couple's things (issue 15's fourteenth pass;
    ``tests/web/test_practice_reads.py`` holds the two equal)."""
    return partnerships_of(user.pk, _HER_MEMBERS(user_id=user.pk))


def partnerships_of(
    user_id: int, members: Iterable[tuple[int, datetime]]
) -> tuple[dict[int, datetime], set[int]]:
    """:func:`her_partnerships` from the (member, when the partnership began) rows of each of
    her partnerships, as :data:`_HER_MEMBERS` reads them (or a caller reading them with its
    own reads: *Who can see what*)."""
    hers: list[datetime] = []
    earlier: set[int] = set()
    for member_id, started_at in members:
        if member_id == user_id:
            hers.append(started_at)
        else:
            earlier.add(member_id)
    return ({user_id: max(hers)} if hers else {}), earlier


def _her_members_read(user_id: int) -> QuerySet[Any, tuple[int, datetime]]:
    from interdepend.web.partners.models import Membership

    hers = Membership.objects.filter(user_id=user_id).values("partnership_id")
    return Membership.objects.filter(partnership_id__in=hers).values_list(
        "user_id", "partnership__started_at"
    )


_HER_MEMBERS = Prepared(_her_members_read)


def _ever_partners(user: User) -> set[int]:
    """Everyone the person has been in a partnership with, lasting or ended (as
    ``partners.access.linked_with`` reads it, for all her practitioners at once)."""
    return set(_EVER_PARTNERS(user_id=user.pk))


def _ever_partners_read(user_id: int) -> QuerySet[Any, int]:
    from interdepend.web.partners.models import Membership

    hers = Membership.objects.filter(user_id=user_id).values("partnership_id")
    return (
        Membership.objects.filter(partnership_id__in=hers)
        .exclude(user_id=user_id)
        .values_list("user_id", flat=True)
    )


#: Built once per connection: the ORM spent about 0.4 ms building it on every view of
#: *Your practitioners*, more than the rest of the page's reads together.
_EVER_PARTNERS = Prepared(_ever_partners_read)


def _renamed_from(link: ClientLink) -> str:
    then = link.label_at_start
    return then if then and then != practitioner_label(link.by) else ""


def live_scopes(link: ClientLink) -> set[str]:
    """What the person lets this link's practitioner see now."""
    return _counted_scopes([link], _LIVE(link_ids=[link.pk]))[link.pk]


def _counted_scopes(
    links: Sequence[ClientLink],
    rows: Iterable[tuple[int, str, datetime]],
    began: dict[int, datetime] | None = None,
) -> dict[int, set[str]]:
    """Each link's live (link, scope, granted at) consents that count
    (:func:`interdepend.web.practice.access.counted`), the clients' partnerships read once
    (``began``: when each client's latest began, as ``partnerships_began`` gives it, if read)."""
    given: dict[int, list[tuple[str, datetime]]] = {link.pk: [] for link in links}
    for link_id, scope, granted_at in rows:
        given[link_id].append((scope, granted_at))
    if began is None:
        needed = [
            link.client_id for link in links if any(s == Scope.COUPLE for s, _ in given[link.pk])
        ]
        began = partnerships_began(needed) if needed else {}
    return {link.pk: counted(given[link.pk], began.get(link.client_id)) for link in links}


#: The columns of her links, their practitioners and their accounts that *Your practitioners*
#: and *Who can see what* use (a card's name, kind, practice and number, when she connected,
#: how they were named then): the account row alone has some twenty columns, which took about
#: half of this read (issue 15's sixteenth pass). ``tests/web/test_practice_reads.py`` holds
#: it to the whole rows and to no further statement when the pages use what they show.
MY_LINK_COLUMNS: Final = (
    "public_id",
    "practitioner_id",
    "practitioner_label",
    "label_at_start",
    "client_id",
    "invitation_id",
    "started_at",
    "ended_at",
    "is_active",
    "practitioner__user_id",
    "practitioner__kind",
    "practitioner__practice_name",
    "practitioner__number",
    "practitioner__user__display_name",
)
_LIVE = Prepared(
    lambda link_ids: Consent.objects.filter(
        link_id__in=link_ids, revoked_at__isnull=True
    ).values_list("link_id", "scope", "granted_at")
)

#: Each scope's column of her links read with their live consents (:func:`_my_links_read`).
LIVE_COLUMNS: Final = {scope: f"live_{scope}" for scope in Scope.values}


def _my_links_read(user_id: int) -> QuerySet[ClientLink, tuple[Any, ...]]:
    """Her live links as :func:`her_links_and_consents_apart` reads them, as the columns of
    :data:`_LINK_COLUMNS` (the link's, its practitioner's and the account's, each model's in
    its own order), each with when its live consent to each scope was given (None: no live
    consent to it). A link has at most one live consent to a scope
    (``one_live_consent_per_scope``), so each scope's column is that consent's moment."""
    live = Consent.objects.filter(link_id=OuterRef("pk"), revoked_at__isnull=True)
    given = {
        column: Subquery(live.filter(scope=scope).values("granted_at")[:1])
        for scope, column in LIVE_COLUMNS.items()
    }
    return (
        ClientLink.objects.filter(client_id=user_id, is_active=True)
        .annotate(**given)
        .order_by("started_at", "pk")
        .values_list(*_LINK_COLUMNS, *LIVE_COLUMNS.values())
    )


def _read_of(model: type[Any], path: str) -> list[str]:
    """``model``'s columns that :data:`MY_LINK_COLUMNS` names under ``path`` (``""``: the
    link's own, ``"practitioner__"``, ``"practitioner__user__"``), its key first, in the
    model's order: the names ``Model.from_db`` takes."""
    named = {column.removeprefix(path) for column in MY_LINK_COLUMNS if column.startswith(path)}
    return [f.attname for f in model._meta.concrete_fields if f.primary_key or f.attname in named]


#: The names of the columns each of the three objects of a link is made from, as the ORM's
#: ``select_related`` read with ``only(*MY_LINK_COLUMNS)`` makes them.
_LINK_NAMES: Final = _read_of(ClientLink, "")
_PRACTITIONER_NAMES: Final = _read_of(Practitioner, "practitioner__")
_ACCOUNT_NAMES: Final = _read_of(User, "practitioner__user__")
#: Those columns as her links' read names them, the link's, then its practitioner's, then
#: the account's.
_LINK_COLUMNS: Final = (
    *_LINK_NAMES,
    *(f"practitioner__{name}" for name in _PRACTITIONER_NAMES),
    *(f"practitioner__user__{name}" for name in _ACCOUNT_NAMES),
)
_BY: Final = ClientLink._meta.get_field("practitioner")
_ACCOUNT: Final = Practitioner._meta.get_field("user")


def _link_of(row: tuple[Any, ...]) -> ClientLink:
    """A link with its practitioner and the practitioner's account, from a row of
    :func:`_my_links_read`: the three objects the ORM's ``select_related`` read makes
    (``Model.from_db`` of each, the fields of :data:`MY_LINK_COLUMNS` and the rest deferred,
    each related object in its cache, and the account's practitioner in the account's, as
    the ORM sets a one-to-one's other side). A live link always has its practitioner (the
    constraint ``active_link_has_practitioner``), so the practitioner is never missing here."""
    cut = len(_LINK_NAMES)
    end = cut + len(_PRACTITIONER_NAMES)
    link = ClientLink.from_db(DEFAULT_DB_ALIAS, _LINK_NAMES, row[:cut])
    by = Practitioner.from_db(DEFAULT_DB_ALIAS, _PRACTITIONER_NAMES, row[cut:end])
    account = User.from_db(DEFAULT_DB_ALIAS, _ACCOUNT_NAMES, row[end : end + len(_ACCOUNT_NAMES)])
    _BY.set_cached_value(link, by)
    _ACCOUNT.set_cached_value(by, account)
    _ACCOUNT.remote_field.set_cached_value(account, by)
    return link


#: Her links and their live consents in one statement, where her links' read and
#: :data:`_LIVE` were two on every view of *Your practitioners* and *Who can see what*
#: (issue 15's eighteenth pass, second wave). ``tests/web/test_practice_links_live.py`` holds
#: it to the two reads over random histories. A read of plain values (issue 15's
#: twenty-second pass): made into model objects through the ORM's iterable, with its
#: ``select_related`` and four annotations, the link, its practitioner and the account took
#: about half of the read; :func:`_link_of` makes the same three from the row.
_MY_LINKS_LIVE = Prepared(_my_links_read)


def her_links_and_consents(
    user_id: int,
) -> tuple[list[ClientLink], list[tuple[int, str, datetime]]]:
    """Her live links, as :func:`her_links_and_consents_apart` reads them, and their live
    consents as (link, scope, granted at), as :data:`_LIVE` reads them (in no promised order),
    from one statement. Each link is the object the links' read makes, with nothing of the
    consents' columns on it."""
    links: list[ClientLink] = []
    rows: list[tuple[int, str, datetime]] = []
    width = len(_LINK_COLUMNS)
    for row in _MY_LINKS_LIVE(user_id=user_id):
        link = _link_of(row)
        links.append(link)
        for scope, granted in zip(LIVE_COLUMNS, row[width:], strict=True):
            if granted is not None:
                rows.append((link.pk, scope, granted))
    return links, rows


#: Where each column of :data:`_LINK_COLUMNS` stands in a row of :data:`_MY_LINKS_LIVE`.
_AT: Final = {name: place for place, name in enumerate(_LINK_COLUMNS)}
#: What a card of *Who can see what* shows of a link, as :func:`her_links_shown` gives it:
#: (public id, name, kind, practice, connected since, scopes sorted, her partner's account,
#: the account of someone she was linked with before).
LinkShown = tuple[str, str, str, str, datetime, list[str], bool, bool]


def her_links_shown(
    user_id: int, partner_id: int | None, partnerships: tuple[dict[int, datetime], set[int]]
) -> list[LinkShown]:
    """What *Who can see what* shows of each of her live links, worked out from the rows of
    :data:`_MY_LINKS_LIVE` as :func:`my_links` works it out from the objects it makes of them
    (``my_links(user, partner=..., partnerships=...)``): the same statement, run once on
    every view, with no link, practitioner or account made (issue 15's twenty-fourth pass:
    three ``Model.from_db`` a link, about 15 µs, for six of their values).
    ``tests/web/test_practice_links_live.py`` holds the two equal over random links."""
    width = len(_LINK_COLUMNS)
    began, earlier = partnerships
    public_id, started_at, client_id = _AT["public_id"], _AT["started_at"], _AT["client_id"]
    account, number = _AT["practitioner__user_id"], _AT["practitioner__number"]
    kind, practice = _AT["practitioner__kind"], _AT["practitioner__practice_name"]
    display_name = _AT["practitioner__user__display_name"]
    shown: list[LinkShown] = []
    for row in _MY_LINKS_LIVE(user_id=user_id):
        given = [
            (scope, granted)
            for scope, granted in zip(LIVE_COLUMNS, row[width:], strict=True)
            if granted is not None
        ]
        by = row[account]
        shown.append(
            (
                row[public_id],
                f"{row[display_name]} ({row[number]})",
                row[kind],
                row[practice],
                row[started_at],
                sorted(counted(given, began.get(row[client_id]))),
                partner_id is not None and by == partner_id,
                by in earlier and (partner_id is None or by != partner_id),
            )
        )
    return shown


def her_links_and_consents_apart(
    user_id: int,
) -> tuple[list[ClientLink], list[tuple[int, str, datetime]]]:
    """The two reads :func:`her_links_and_consents` replaces (her links, then their live
    consents, as :data:`_LIVE` reads them), built by the ORM on each call: the rule its tests
    hold it to, run by no page."""
    links = list(
        ClientLink.objects.filter(client_id=user_id, is_active=True)
        .select_related("practitioner__user")
        .only(*MY_LINK_COLUMNS)
        .order_by("started_at", "pk")
    )
    if not links:
        return [], []
    live = Consent.objects.filter(link_id__in=[link.pk for link in links], revoked_at__isnull=True)
    return links, list(live.values_list("link_id", "scope", "granted_at"))


@dataclass(frozen=True)
class HistoryLine:
    """One consent in the person's own record: with whom, what, from when until when (None:
    it still counts)."""

    who: str
    scope: str
    granted_at: datetime
    until: datetime | None


def her_starts_and_partners(user: User) -> tuple[list[datetime], set[int], int | None]:
    """:func:`her_starts`, everyone she has been in a partnership with (``_ever_partners``)
    and her partner now (the id of ``access_partner``'s, or None), from one statement: every
    member of each of her partnerships, with when it began and whether it and each membership
    last. *Your practitioners* read the first two apart on every view (issue 15's fourteenth
    pass), and her partner apart again for her cards (the sixteenth);
    ``tests/web/test_practice_mine_page.py`` holds this to all three."""
    starts: list[datetime] = []
    partners: set[int] = set()
    rows = _MEMBERS_OF_HERS(user_id=user.pk)
    for member, started, *_rest in rows:
        if member == user.pk:
            starts.append(started)
        else:
            partners.add(member)
    return sorted(starts), partners, _partner_now(user.pk, rows)


def _partner_now(user_id: int, rows: Sequence[tuple[Any, ...]]) -> int | None:
    """``access_active_partnership``'s rule on her partnerships' members: the first other
    active membership (by id) of a partnership not ended in which she is active too."""
    live = {
        p for member, _s, p, active, ended, _m in rows if member == user_id and active and not ended
    }
    others = [
        (membership, member)
        for member, _s, p, active, _e, membership in rows
        if p in live and active and member != user_id
    ]
    return min(others)[1] if others else None


def _members_of_hers(user_id: int) -> QuerySet[Any, tuple[Any, ...]]:
    from interdepend.web.partners.models import Membership

    # A person is a member of a partnership once (``member_once``): one row for each member
    # of each of her partnerships, hers among them.
    return Membership.objects.filter(partnership__members__user_id=user_id).values_list(
        "user_id",
        "partnership__started_at",
        "partnership_id",
        "is_active",
        "partnership__ended_at",
        "id",
    )


_MEMBERS_OF_HERS = Prepared(_members_of_hers)


def her_starts(user: User) -> list[datetime]:
    """When each of her partnerships began, lasting or ended, in order: read once for her
    practitioners page's cards and record (:func:`my_links`, :func:`consent_history`), which
    each read it before."""
    return sorted(started for _user, started in partnership_starts([user.pk]))


def consent_history(user: User, *, starts: Sequence[datetime] | None = None) -> list[HistoryLine]:
    """Every consent the person ever granted, newest first (their own record).

    A practitioner who erased their account is named as they were then. A ``couple`` consent
    given before the person's latest partnership began stopped counting when the first
    partnership after it began (her boxes show it unticked), and the record says so rather
    than "now"."""
    rows = _HISTORY(user_id=user.pk)
    if starts is None:
        starts = her_starts(user)
    began = starts[-1] if starts else None  # as partnerships_began finds it
    lines: list[HistoryLine] = []
    for scope, granted_at, revoked_at, label, practitioner_id, name, number in rows:
        until = revoked_at
        if until is None and not counted([(scope, granted_at)], began):
            until = next((s for s in starts if s > granted_at), began)
        # As ``ClientLink.practitioner_name`` and ``Practitioner.named`` write it.
        who = label if practitioner_id is None else f"{name} ({number})"
        lines.append(HistoryLine(who=who, scope=scope, granted_at=granted_at, until=until))
    return lines


#: Only the columns the record shows: reading whole consents with their links, practitioners
#: and accounts made three objects a line, to show a name.
_HISTORY = Prepared(
    lambda user_id: (
        Consent.objects.filter(link__client_id=user_id)
        .order_by("-granted_at", "-pk")
        .values_list(
            "scope",
            "granted_at",
            "revoked_at",
            "link__practitioner_label",
            "link__practitioner_id",
            "link__practitioner__user__display_name",
            "link__practitioner__number",
        )
    )
)


@dataclass(frozen=True)
class LogLine:
    """One read as the person's log shows it: when, who, what kind; and, when the reader's
    name or title is not what it was at the read, the words recorded then."""

    at: datetime
    who: str
    then: str
    kind: str
    #: Reads of one kind by one reader in a row on one of her days are one line: the earliest
    #: of them and how many (a practitioner's list draws each client's map, and each page
    #: its charts, so one visit wrote a line per image: her log grew to some 20,000 px on a
    #: phone in the second phone walk of 2026-12-04). Every read keeps its own row in the
    #: log's chain and in her data download.
    first: datetime | None = None
    times: int = 1

    @property
    def one_minute(self) -> bool:
        """Whether the reads of the line fall in one minute of her clock (said once)."""
        if self.first is None:
            return True
        start, end = timezone.localtime(self.first), timezone.localtime(self.at)
        return start.replace(second=0, microsecond=0) == end.replace(second=0, microsecond=0)


def access_log_of(user: User) -> list[LogLine]:
    """Who read the person's data, newest first: who, what kind, when. Never content.

    "Who" is the reader's account as it is called now; the words recorded at the read (kept
    in the log's chain) follow when they differ. A practitioner chooses his name and title,
    and one who took another's for a read, then changed back, was blamed on the other in the
    log (the practitioner audit).

    "Who" is worded in the page's language (a Spanish log said "counsellor" and "operator
    (command line)": the second phone walk of 2026-12-04); whether it differs from the words
    recorded is judged on the words as recorded, in English."""
    rows = _LOG(user_id=user.pk)
    readers = {r.reader for r in rows if r.reader}
    now = {reader.pk: reader_label(reader) for reader in readers}
    said = {reader.pk: reader_label(reader, kind_words=_kind_in_words) for reader in readers}
    # Rows written before practitioner numbers hold the same words without one.
    unnumbered = {reader.pk: reader_label(reader, numbered=False) for reader in readers}
    lines: list[LogLine] = []
    for row in rows:
        who = now.get(row.reader_id, row.reader_label) if row.reader_id else row.reader_label
        same = (who, unnumbered.get(row.reader_id)) if row.reader_id else (who,)
        then = row.reader_label if row.reader_label not in same else ""
        if row.reader_id:
            who = said.get(row.reader_id, who)
        elif row.reader_label == OPERATOR_LABEL:
            who = gettext("the people running this site")
        line = LogLine(at=row.at, who=who, then=then, kind=row.kind)
        if lines and _same_sitting(lines[-1], line):
            last = lines[-1]
            line = replace(last, first=row.at, times=last.times + 1)
            lines[-1] = line
        else:
            lines.append(line)
    return lines


def _same_sitting(newer: LogLine, older: LogLine) -> bool:
    """Whether an older read joins the line above it: same reader in the same words, same
    kind, same day where she lives (rows come newest first)."""
    return (newer.who, newer.then, newer.kind) == (older.who, older.then, older.kind) and (
        timezone.localdate(newer.at) == timezone.localdate(older.at)
    )


def _kind_in_words(kind: str) -> str:
    """A practitioner's kind of work as her log shows it: in her language, in lower case as the
    words recorded have it ("counsellor")."""
    return kind_label(kind).lower()


_LOG = Prepared(
    lambda user_id: (
        AccessLogEntry.objects.filter(subject_id=user_id).select_related("reader").order_by("-seq")
    )
)
