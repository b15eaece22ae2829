"""The only ways together-space data is read for a requesting user.

Shared rows are visible only through the user's *current* active partnership, read fresh on
every request from :mod:`interdepend.web.partners.access`: once a partnership ends, neither
former partner sees what was shared in it. Someone else's object answers ``Http404``.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Generic, NamedTuple, TypeVar

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import F, Field, Q, QuerySet
from django.http import Http404

from interdepend.core.boundary import Role, Step, open_steps
from interdepend.web.accounts.models import User
from interdepend.web.frame.prepared import Prepared
from interdepend.web.frame.rawsql import converted, converting, known, made, one_by_one
from interdepend.web.frame.sqlite3 import kept_rows, kept_statement
from interdepend.web.partners.access import (
    ACTIVE_FIELDS,
    ACTIVE_WIDTH,
    ActivePartnership,
    access_active_partnership,
    active_from,
    active_statement,
)
from interdepend.web.partners.models import Membership, Partnership
from interdepend.web.together.models import (
    Bid,
    Boundary,
    BoundaryEvent,
    BoundaryEventKind,
    BoundaryState,
    CheckIn,
    CirclePerson,
    Commitment,
    Goal,
    GoalNote,
    Reminder,
)

Owned = TypeVar("Owned", Goal, GoalNote, Commitment, Bid, Boundary)


def owners_known(
    rows: Iterable[Owned], user: User, active: ActivePartnership | None
) -> list[Owned]:
    """The rows, each with its owner set from the two people the page has already read (the
    viewer and the current partner) instead of a join: the join and one user object a row cost
    more than the rest of the read (``bench/bench_pages.py``). A row of anyone else (there are
    none through the functions below) keeps reading its owner when asked."""
    known = {user.pk: user}
    if active is not None:
        known[active.partner.pk] = active.partner
    found = list(rows)
    for row in found:
        owner = known.get(row.owner_id)
        if owner is not None:
            row.owner = owner
    return found


def _one_known(row: Owned | None, user: User, active: ActivePartnership | None) -> Owned:
    if row is None:
        raise Http404
    return owners_known([row], user, active)[0]


class MineOrOurs(Generic[Owned]):
    """A read of rows the user made alone or that belong to the current partnership, kept as
    two prepared statements (with and without a partnership), owners set from the two people
    already read. ``build`` is given the rule as a ``Q`` and the read's other values."""

    def __init__(self, name: str, build: Callable[..., QuerySet[Owned]]) -> None:
        def alone(user_id: int, **more: Any) -> QuerySet[Owned]:
            return build(Q(owner_id=user_id, partnership__isnull=True), **more)

        def ours(user_id: int, partnership_id: int, **more: Any) -> QuerySet[Owned]:
            seen = Q(owner_id=user_id, partnership__isnull=True) | Q(partnership_id=partnership_id)
            return build(seen, **more)

        others: list[str] = list(inspect.signature(build).parameters)[1:]  # after the rule
        self.alone: Prepared[Owned] = Prepared(alone, f"{name} alone", ["user_id", *others])
        self.ours: Prepared[Owned] = Prepared(
            ours, f"{name} ours", ["user_id", "partnership_id", *others]
        )

    def __call__(self, user: User, active: ActivePartnership | None, **more: Any) -> list[Owned]:
        if active is None:
            rows = self.alone(user_id=user.pk, **more)
        else:
            rows = self.ours(user_id=user.pk, partnership_id=active.partnership.pk, **more)
        return owners_known(rows, user, active)


class GoalLink(NamedTuple):
    """A goal as the goals page lists it: a link with its title, "reached" when it is, under
    hers or theirs. Read as plain values, not as a model row of fourteen columns with its
    details (issue 15, docs/performance-passes.md); a named tuple, as :class:`PromiseRow` is."""

    public_id: str
    title: str
    done: bool
    partnership_id: int | None

    @property
    def is_shared(self) -> bool:
        return self.partnership_id is not None


_GOAL_COLUMNS = ("public_id", "title", "done", "partnership_id")
#: Both reads hand back the cursor's rows (``raw``), as the promises' do: on SQLite "reached"
#: is already a ``bool`` (Python's ``sqlite3`` reads a column declared ``bool`` through the
#: converter Django registers), which Django's converter hands back as it is; elsewhere no
#: column takes one (issue 15's twenty-fourth pass; ``tests/web/test_list_reads.py``).
_GOALS_ALONE = Prepared(
    lambda user_id: (
        Goal.objects.filter(owner_id=user_id, partnership__isnull=True)
        .order_by("done", "-created_at")
        .values_list(*_GOAL_COLUMNS)
    ),
    "goals alone",
    raw=True,
)
_GOALS_OURS = Prepared(
    lambda user_id, partnership_id: (
        Goal.objects.filter(
            Q(owner_id=user_id, partnership__isnull=True) | Q(partnership_id=partnership_id)
        )
        .order_by("done", "-created_at")
        .values_list(*_GOAL_COLUMNS)
    ),
    "goals ours",
    raw=True,
)


def goal_list(user: User, active: ActivePartnership | None) -> list[GoalLink]:
    """Every goal she may see, those not reached first, newest first: hers made alone and
    the current partnership's (the rule of :class:`MineOrOurs`)."""
    if active is None:
        rows = _GOALS_ALONE(user_id=user.pk)
    else:
        rows = _GOALS_OURS(user_id=user.pk, partnership_id=active.partnership.pk)
    return [GoalLink(*row) for row in rows]


_GOAL = MineOrOurs(
    "goal", lambda seen, goal_id: Goal.objects.filter(seen, public_id=goal_id).order_by("pk")[:1]
)


class PromiseRow(NamedTuple):
    """A promise as the promises page shows it: the columns it draws and counts, and its
    owner (one of the two people the page has read). Read as plain values, not as a model row:
    a model row for each of sixty promises cost about 0.7 ms a view, plain values 0.15 ms
    (issue 15, docs/performance-passes.md). A named tuple, unchangeable as the frozen dataclass it
    was but made in a quarter of the time: a frozen dataclass sets each field through
    ``object.__setattr__``, 54 µs for the page's 52 rows against 15 µs (issue 15's fourteenth
    pass, docs/performance-passes.md)."""

    pk: int
    public_id: str
    owner_id: int
    partnership_id: int | None
    text: str
    due_on: date
    state: str
    owner: User


#: The columns of :class:`PromiseRow` before its owner, in its order.
_PROMISE_COLUMNS = ("pk", "public_id", "owner_id", "partnership_id", "text", "due_on", "state")
#: How many of the newest promises the page reads (it lists what is still to do, the latest
#: earlier ones and counts the follow-through of the last weeks among them).
PROMISES_READ = 60
#: Both reads hand back the cursor's rows (``raw``): no column of theirs takes a converter
#: that changes what the cursor gives. On SQLite the day is already a ``date`` (Python's
#: ``sqlite3`` reads a column declared ``date`` through Django's ``parse_date``), and Django's
#: converter of a day hands a ``date`` back as it is; elsewhere no column takes one. Through
#: the converters each of the sixty rows was copied into a list, each day looked at, and the
#: list made a tuple again: about 40-80 µs a view of the promises page for nothing (issue 15's
#: twenty-fourth pass; ``tests/web/test_list_reads.py`` holds the rows, and their types, to the
#: model rows they replaced).
_PROMISES_ALONE = Prepared(
    lambda user_id: (
        Commitment.objects.filter(owner_id=user_id, partnership__isnull=True)
        .order_by("-due_on", "-pk")
        .values_list(*_PROMISE_COLUMNS)[:PROMISES_READ]
    ),
    "promises alone",
    raw=True,
)
_PROMISES_OURS = Prepared(
    lambda user_id, partnership_id: (
        Commitment.objects.filter(
            Q(owner_id=user_id, partnership__isnull=True) | Q(partnership_id=partnership_id)
        )
        .order_by("-due_on", "-pk")
        .values_list(*_PROMISE_COLUMNS)[:PROMISES_READ]
    ),
    "promises ours",
    raw=True,
)


def promise_list(user: User, active: ActivePartnership | None) -> list[PromiseRow]:
    """The newest promises she may see, newest due first: hers made alone and the current
    partnership's (the rule of :class:`MineOrOurs`), each with its owner from the two people
    the page has read. A row of anyone else (there is none by this rule) reads its owner."""
    if active is None:
        rows = _PROMISES_ALONE(user_id=user.pk)
    else:
        rows = _PROMISES_OURS(user_id=user.pk, partnership_id=active.partnership.pk)
    known = {user.pk: user}
    if active is not None:
        known[active.partner.pk] = active.partner
    return [
        PromiseRow(pk, public_id, owner_id, partnership_id, text, due_on, state, owner)
        for pk, public_id, owner_id, partnership_id, text, due_on, state in rows
        for owner in [known.get(owner_id) or User.objects.get(pk=owner_id)]
    ]


_OWN_PROMISE = MineOrOurs(
    "own promise",
    lambda seen, owner_id, commitment_id: Commitment.objects.filter(
        seen, public_id=commitment_id, owner_id=owner_id
    ).order_by("pk")[:1],
)


@dataclass(frozen=True)
class SeenGoal:
    """A goal the requesting person may see, and the partnership it was read through (whose
    two people are the only authors of its notes)."""

    goal: Goal
    active: ActivePartnership | None


def access_goal(user: User, goal_id: str) -> SeenGoal:
    active = access_active_partnership(user)
    found = next(iter(_GOAL(user, active, goal_id=goal_id)), None)
    return SeenGoal(_one_known(found, user, active), active)


class StepRow(NamedTuple):
    """A step noted on a goal as its page shows it: its words, who noted it (one of the two
    people the page has read) and when. Read as plain values, not as a model row of seven
    columns with two converted (issue 15's thirteenth pass); a named tuple, as
    :class:`PromiseRow` is."""

    pk: int
    owner_id: int
    text: str
    created_at: datetime
    owner: User


#: The columns of :class:`StepRow` before its owner, in its order.
_STEP_COLUMNS = ("pk", "owner_id", "text", "created_at")
#: How many of a goal's latest steps its page shows before "Show the earlier steps".
NOTES_SHOWN = 8
#: A goal's latest steps, newest first: one more than shown, to know whether there are more
#: (and not how many, so the page keeps its one read whatever the history).
_LATEST_NOTES = Prepared(
    lambda goal_id: (
        GoalNote.objects.filter(goal_id=goal_id)
        .order_by("-created_at", "-pk")
        .values_list(*_STEP_COLUMNS)[: NOTES_SHOWN + 1]
    )
)
_EVERY_NOTE = Prepared(
    lambda goal_id: (
        GoalNote.objects.filter(goal_id=goal_id)
        .order_by("-created_at", "-pk")
        .values_list(*_STEP_COLUMNS)
    )
)


def goal_notes(seen: SeenGoal, user: User, *, every: bool) -> tuple[list[StepRow], bool]:
    """The steps its page shows of a goal the person may see (read through
    :func:`access_goal`), newest first, with their owners; and whether earlier ones are left
    out (only the latest :data:`NOTES_SHOWN` show unless ``every``)."""
    read = _EVERY_NOTE if every else _LATEST_NOTES
    known = {user.pk: user}
    if seen.active is not None:
        known[seen.active.partner.pk] = seen.active.partner
    notes = [
        StepRow(pk, owner_id, text, created_at, owner)
        for pk, owner_id, text, created_at in read(goal_id=seen.goal.pk)
        for owner in [known.get(owner_id) or User.objects.get(pk=owner_id)]
    ]
    if every or len(notes) <= NOTES_SHOWN:
        return notes, False
    return notes[:NOTES_SHOWN], True


def access_own_commitment(user: User, commitment_id: str) -> Commitment:
    """Only the one who made a promise marks it, and only while it is visible to them."""
    active = access_active_partnership(user)
    found = _OWN_PROMISE(user, active, owner_id=user.pk, commitment_id=commitment_id)
    return _one_known(next(iter(found), None), user, active)


def couple_bids(active: ActivePartnership) -> QuerySet[Bid]:
    """Without their owners: read them with :func:`owners_known`."""
    return Bid.objects.filter(partnership=active.partnership)


class BidToAnswer(NamedTuple):
    """What answering a bid reads first, in one statement: her partnerships that have ended
    (as ``partners.ended.ENDED_OF`` reads them, for the form's mark) and the bid to answer
    (``None`` where there is none she may answer)."""

    ended: tuple[int, ...]
    bid: Bid | None


def bid_to_answer(user: User, bid_id: str) -> BidToAnswer:
    """Her partnerships that have ended and the bid the partner sent her in the current
    partnership, with its owner (the partner, as read), in one hand-written statement (issue
    15's nineteenth pass, both waves), where her ended partnerships were read (the mark's
    check), then her partnership, then the bid: her current partnership's statement
    (``partners.access.active_statement``) with the bid left-joined where it is that
    partnership's and her partner's, and after it one row for each partnership of hers that
    has ended. The same statement runs whatever was posted and whatever the partner did;
    another couple's bid, one of an ended partnership, her own and no bid at all give no bid
    alike. ``tests/web/test_bid_to_answer_read.py`` holds it to the reads it replaced for
    every persona over random histories."""
    # Run by ``frame.sqlite3.kept_rows``: on SQLite without Django's cursor around it, unless
    # anyone logs or watches the statements (issue 15's twenty-fifth pass).
    db = connections[DEFAULT_DB_ALIAS]
    rows = kept_rows(db, _bid_to_answer_statement(), [bid_id, user.pk, user.pk])
    ended = tuple(row[-1] for row in rows if row[-1] is not None)
    found = [row for row in rows if row[-1] is None]
    if not found:  # no current partnership
        return BidToAnswer(ended, None)
    values = converted(found[0][:-1], _BID_TO_ANSWER_FIELDS)
    if values[ACTIVE_WIDTH] is None:  # the bid's id: not one her partner sent her in it
        return BidToAnswer(ended, None)
    active = active_from(values)
    # Made with its loaded state and columns set at once, as ``Bid.from_db`` would make it
    # (``frame.rawsql.made``; about 10-15 µs an answer, issue 15's twenty-sixth pass).
    bid = made(Bid, _BID_NAMES, values[ACTIVE_WIDTH:])
    bid.owner = active.partner  # the one who sent it, as read (``owners_known``)
    return BidToAnswer(ended, bid)


_BID_FIELDS = tuple(Bid._meta.concrete_fields)
_BID_NAMES = [f.attname for f in _BID_FIELDS]
#: Every column of :func:`_bid_to_answer_statement`'s first part but its last, in its order,
#: through the fields' own converters.
_BID_TO_ANSWER_FIELDS = known(ACTIVE_FIELDS + _BID_FIELDS)


@kept_statement
def _bid_to_answer_statement() -> str:
    """Her current partnership (``partners.access.active_statement``, ``u`` the partner) with
    the bid of that partnership by its public id, sent by the partner (``b``), left-joined:
    at most one row (a public id is unique), the bid's columns null where it is not one he
    sent her in it, and a last column null. Then, for each partnership of hers that has ended,
    a row of nulls but the last column, its id (``ENDED_OF``'s read)."""
    q = connection.ops.quote_name
    columns = [f"b.{q(f.column)}" for f in _BID_FIELDS]
    partnership, owner = Bid._meta.get_field("partnership"), Bid._meta.get_field("owner")
    public_id = Bid._meta.get_field("public_id")
    joins = f"""
        LEFT JOIN {q(Bid._meta.db_table)} b ON b.{q(partnership.column)} = p.id
                                            AND b.{q(public_id.column)} = %s
                                            AND b.{q(owner.column)} = u.id"""
    membership, table = q(Membership._meta.db_table), q(Partnership._meta.db_table)
    width = len(_BID_TO_ANSWER_FIELDS)
    return f"""
        SELECT here.*, NULL FROM ({active_statement(columns, joins)}) here
        UNION ALL
        SELECT {", ".join(["NULL"] * width)}, m.partnership_id
        FROM {membership} m
        JOIN {table} gone ON gone.id = m.partnership_id AND gone.ended_at IS NOT NULL
        WHERE m.user_id = %s
    """


class BidRow(NamedTuple):
    """A bid as the bids page and the answer to one draw it (``bidcards.draw``): the columns
    it shows and its owner (one of the two people the page has read). Read as plain values,
    not as a model row of ten columns: fifteen model rows cost about 0.3 ms a view, most of it
    the ORM making each object (issue 15's fourteenth pass). A named tuple, as unchangeable as
    the frozen dataclass it was, and made in about a quarter of the time: the dataclass's
    ``__init__`` set each of its eight fields through ``object.__setattr__`` (about 14 µs for
    fifteen rows against 4, on each view of the page and each answer; issue 15's twenty-first
    pass)."""

    public_id: str
    owner_id: int
    partnership_id: int
    text: str
    created_at: datetime
    answer: str
    answer_when: str
    owner: User


#: The columns of :class:`BidRow` before its owner, in its order.
_BID_COLUMNS = (
    "public_id",
    "owner_id",
    "partnership_id",
    "text",
    "created_at",
    "answer",
    "answer_when",
)
#: How many of the couple's answered bids the bids page shows, newest first.
ANSWERED_SHOWN = 12


def bid_lists(user: User, active: ActivePartnership) -> tuple[list[BidRow], list[BidRow]]:
    """The couple's bids still waiting (oldest first) and their newest twelve answered ones
    (newest first), each with its owner from the two people the page has read. A row of
    anyone else (there is none: a bid is sent by one of the two) reads its owner.

    One hand-written statement (:func:`bid_lists_statement`), where the two lists were two
    prepared reads of the ORM's (``Bid.objects.filter(partnership_id=…, answer="")
    .order_by("created_at", "pk")`` and ``….exclude(answer="").order_by("-created_at",
    "-pk")[:12]``, each as a ``values_list`` of :data:`_BID_COLUMNS`): one statement's round
    less on every view of the bids page and every answer to a bid (issue 15's twenty-second
    pass). Of its columns only the moment sent takes a converter (the backend's and its
    field's, as the ORM runs them); ``tests/web/test_list_reads.py`` holds the rows equal to
    the two querysets', values and types, on SQLite and PostgreSQL. Run by
    ``frame.sqlite3.kept_rows``: on SQLite without Django's cursor around it, unless anyone
    logs or watches the statements (about 15 µs a view; issue 15's twenty-sixth pass)."""
    ours = active.partnership.pk
    rows = kept_rows(connections[DEFAULT_DB_ALIAS], bid_lists_statement(), [ours, ours])
    return bid_lists_of(rows, user, active)


def bid_lists_of(
    rows: Iterable[Sequence[Any]], user: User, active: ActivePartnership
) -> tuple[list[BidRow], list[BidRow]]:
    """:func:`bid_lists` of its statement's rows, each :data:`_BID_COLUMNS` then its part (0
    waiting, 1 answered), in the lists' order (the answer to a bid reads them in its own
    statement, ``selectors.answer_reads``)."""
    known = {user.pk: user, active.partner.pk: active.partner}
    (sent_at,) = one_by_one(_SENT_AT)
    waiting: list[BidRow] = []
    answered: list[BidRow] = []
    for public_id, owner_id, partnership_id, text, sent, answer, when, part in rows:
        owner = known.get(owner_id) or User.objects.get(pk=owner_id)
        row = BidRow(public_id, owner_id, partnership_id, text, sent_at(sent), answer, when, owner)
        (answered if part else waiting).append(row)
    return waiting, answered


#: The one column of :data:`_BID_COLUMNS` that takes a converter: the moment a bid was sent.
_SENT_AT = known([Bid._meta.get_field("created_at")])


@kept_statement
def bid_lists_statement() -> str:
    """The couple's bids still waiting (part 0: every one, so that each bid counted as waiting
    can be answered; a partner has at most ``services.BIDS_WAITING_MAX`` waiting at a time),
    then their newest :data:`ANSWERED_SHOWN` answered ones (part 1), each a row of
    :data:`_BID_COLUMNS` and its part, the couple's partnership id the two parameters. The
    answered part is read along the index of the partnership and the moment sent
    (``together_bid_sent``), the waiting part along the index of the bids still waiting alone
    (``together_bid_unanswered``, whose condition is the part's own: issue 15's twenty-sixth
    pass); the waiting oldest first and the answered newest first, as the two querysets
    ordered them (the moment, then the id)."""
    q = connection.ops.quote_name
    column = {f.attname: q(f.column) for f in _BID_FIELDS}
    names = ", ".join(column[name] for name in _BID_COLUMNS)
    waiting, answered, order = bid_list_parts()
    return f"""
        SELECT {names}, part FROM (
            SELECT * FROM ({waiting}) waiting
            UNION ALL
            SELECT * FROM ({answered}) answered
        ) ours
        ORDER BY {order}
    """


def bid_list_parts() -> tuple[str, str, str]:
    """:func:`bid_lists_statement`'s two parts, each a statement of :data:`_BID_COLUMNS`, its
    part and its id (``bid``), the partnership id its one parameter; and the lists' order of
    the rows of both, put together. Shared with the answer to a bid, which reads the lists in
    its own statement (``selectors.answer_reads_statement``)."""
    q = connection.ops.quote_name
    column = {f.attname: q(f.column) for f in _BID_FIELDS}
    columns = ", ".join(_list_column(column[name], name) for name in _BID_COLUMNS)
    table, partnership, answer = q(Bid._meta.db_table), column["partnership_id"], column["answer"]
    created, pk = column["created_at"], column["id"]
    waiting = f"""
                SELECT {columns}, 0 AS part, b.{pk} AS bid
                FROM {table} b WHERE b.{partnership} = %s AND b.{answer} = ''"""
    answered = f"""
                SELECT {columns}, 1 AS part, b.{pk} AS bid
                FROM {table} b WHERE b.{partnership} = %s AND NOT (b.{answer} = '')
                ORDER BY b.{created} DESC, b.{pk} DESC LIMIT {ANSWERED_SHOWN}"""
    order = f"""part,
                 CASE WHEN part = 0 THEN {created} END, CASE WHEN part = 0 THEN bid END,
                 {created} DESC, bid DESC"""
    return waiting, answered, order


def _list_column(column: str, name: str) -> str:
    """A column of :func:`bid_list_parts`, read from the bid ``b``. On SQLite the moment sent
    is handed over as the text SQLite stores (``CAST … AS TEXT``, under its own name: a column
    of no declared type), as the months read it (``selectors._bid_moments_statement``): SQLite's
    driver read every moment of a column declared ``datetime`` into a ``datetime`` as it was
    fetched (through Django's ``parse_datetime``), before the column's converters made it again
    with its zone; the converters read the text as the driver would have. The text is the one
    compared and sorted before, so the order is the same (issue 15's twenty-seventh pass)."""
    if name == "created_at" and connection.vendor == "sqlite":
        return f"CAST(b.{column} AS TEXT) AS {column}"
    return f"b.{column}"


def boundary_list(user: User, active: ActivePartnership | None) -> list[Boundary]:
    """:func:`visible_boundaries`, newest change first, with their owners, each in the words
    it is shown in (:func:`own_words_after_end`)."""
    if active is None:
        rows = _BOUNDARIES_ALONE(user_id=user.pk)
    else:
        rows = _BOUNDARIES_OURS(user_id=user.pk, partnership_id=active.partnership.pk)
    return own_words_after_end(owners_known(rows, user, active), active)


def ended_for(partnership_id: int | None, active: ActivePartnership | None) -> bool:
    """Whether a row of that partnership belongs to one that has ended for this person (not the
    one they are in now); a row of no partnership (their own, or a draft) never does."""
    return partnership_id is not None and (
        active is None or partnership_id != active.partnership.pk
    )


def _ended(boundary: Boundary, active: ActivePartnership | None) -> bool:
    """Told in a partnership that has ended (for this person: not the one they are in now)."""
    return ended_for(boundary.partnership_id, active)


def own_words_after_end(rows: list[Boundary], active: ActivePartnership | None) -> list[Boundary]:
    """For showing only: a boundary told in a partnership that has ended is shown in its
    author's own words, the first they stated or a later wording of their own, never wording
    the former partner proposed and the author agreed to. That wording stays with the
    partnership; shown after the end, it went back to the author's words the moment the former
    partner deleted their account, which told the author of the deletion (the ex audit). The
    rows' text is set here and never saved (every write reads the row again)."""
    ended = [row for row in rows if _ended(row, active)]
    if not ended:
        return rows
    own: dict[int, tuple[str, set[str]]] = {}
    for boundary_id, kind, text in (
        BoundaryEvent.objects.filter(
            boundary__in=ended,
            actor_id=F("boundary__owner_id"),
            kind__in=[BoundaryEventKind.STATED, BoundaryEventKind.PROPOSED],
        )
        .order_by("pk")
        .values_list("boundary_id", "kind", "text")
    ):
        first, texts = own.setdefault(boundary_id, ("", set()))
        if kind == BoundaryEventKind.STATED and not first:
            own[boundary_id] = (text, texts)
        texts.add(text)
    for row in ended:
        first, texts = own.get(row.pk, ("", set()))
        if row.text not in texts and first:
            row.text = first
    return rows


def _boundaries_ours(user_id: int, partnership_id: int) -> QuerySet[Boundary]:
    seen = Q(owner_id=user_id) | Q(partnership_id=partnership_id) & ~Q(state=BoundaryState.DRAFT)
    return Boundary.objects.filter(seen).order_by("-updated_at")


_BOUNDARY_ALONE = Prepared(
    lambda user_id, boundary_id: Boundary.objects.filter(
        owner_id=user_id, public_id=boundary_id
    ).order_by("pk")[:1]
)
_BOUNDARY_OURS = Prepared(
    lambda user_id, partnership_id, boundary_id: (
        _boundaries_ours(user_id, partnership_id).filter(public_id=boundary_id).order_by("pk")[:1]
    )
)
_BOUNDARIES_ALONE = Prepared(
    lambda user_id: Boundary.objects.filter(owner_id=user_id).order_by("-updated_at")
)
_BOUNDARIES_OURS = Prepared(_boundaries_ours)


def visible_boundaries(user: User, active: ActivePartnership | None) -> QuerySet[Boundary]:
    """The user's own boundaries (drafts too, and after a partnership ends), and the partner's
    stated ones in the current partnership."""
    seen = Q(owner=user)
    if active is not None:
        seen |= Q(partnership=active.partnership) & ~Q(state=BoundaryState.DRAFT)
    return Boundary.objects.filter(seen)


@dataclass(frozen=True)
class SeenBoundary:
    """A boundary as the requesting person may see it now, and the part they take in it."""

    boundary: Boundary
    role: Role
    #: The person's current partnership, read fresh on this request.
    active: ActivePartnership | None

    @property
    def partnership(self) -> Partnership | None:
        return self.active.partnership if self.active else None

    @property
    def within(self) -> ActivePartnership | None:
        """The current partnership while the boundary's steps are seen and taken in it; None
        for a draft while there is no partner, and once the one it was told in has ended."""
        pk = self.partnership.pk if self.partnership else None
        return self.active if self.boundary.steps_open_in(pk) else None

    def open_steps(self, waiting: BoundaryEvent | None) -> frozenset[Step]:
        """The steps this person may take now, given the wording ``waiting`` (if any)."""
        standing = self.boundary.standing(waiting)
        return open_steps(standing, by=self.role, together=self.within is not None)


def access_boundary(user: User, boundary_id: str) -> SeenBoundary:
    active = access_active_partnership(user)
    if active is None:
        found = _BOUNDARY_ALONE.first(user_id=user.pk, boundary_id=boundary_id)
    else:
        found = _BOUNDARY_OURS.first(
            user_id=user.pk, partnership_id=active.partnership.pk, boundary_id=boundary_id
        )
    boundary = _one_known(found, user, active)
    return SeenBoundary(boundary=boundary, role=boundary.role_of(user.pk), active=active)


def boundary_history(user: User, seen: SeenBoundary) -> list[BoundaryEvent]:
    """The steps on the boundary this person may see: all of them while it is in play in their
    partnership; once the partnership it was told in has ended, only their own (a former
    partner's steps are no longer shown to anyone)."""
    boundary_id = seen.boundary.pk
    if seen.boundary.partnership_id is None or seen.within is not None:
        return actors_known(_EVENTS(boundary_id=boundary_id), user, seen.active)
    own = actors_known(_OWN_EVENTS(boundary_id=boundary_id, actor_id=user.pk), user, None)
    for event in own:  # agreeing quoted the former partner's wording: not shown after the end
        if event.kind == BoundaryEventKind.ACCEPTED:
            event.text = ""
    return own


def actors_known(
    events: list[BoundaryEvent], user: User, active: ActivePartnership | None
) -> list[BoundaryEvent]:
    """The steps, each with who took it set from the two people the page has already read
    (the viewer and the current partner) instead of a join, as :func:`owners_known` does for
    owners: the join made a whole user of every step's taker (issue 15's thirteenth pass). A
    step of anyone else (there are none through :func:`boundary_history`) keeps reading its
    taker when asked."""
    known = {user.pk: user}
    if active is not None:
        known[active.partner.pk] = active.partner
    for event in events:
        actor = known.get(event.actor_id)
        if actor is not None:
            event.actor = actor
    return events


def _events(boundary_id: int) -> QuerySet[BoundaryEvent]:
    return BoundaryEvent.objects.filter(boundary_id=boundary_id).order_by("at", "pk")


_EVENTS = Prepared(_events)
_OWN_EVENTS = Prepared(lambda boundary_id, actor_id: _events(boundary_id).filter(actor_id=actor_id))


def own_checkins(user: User) -> QuerySet[CheckIn]:
    return CheckIn.objects.filter(owner=user).order_by("week")


def couple_checkins(active: ActivePartnership) -> QuerySet[CheckIn]:
    """Shared check-ins of the two, made in the current partnership."""
    return CheckIn.objects.filter(partnership=active.partnership, shared=True).order_by("week")


def circle_list(user: User) -> list[CirclePerson]:
    """:func:`own_circle`, read."""
    return _CIRCLE(user_id=user.pk)


_CIRCLE = Prepared(
    lambda user_id: CirclePerson.objects.filter(owner_id=user_id).order_by("name", "pk")
)
_CIRCLE_PERSON = Prepared(
    lambda user_id, person_id: CirclePerson.objects.filter(
        owner_id=user_id, public_id=person_id
    ).order_by("name", "pk")[:1]
)


def checkin_of(user_id: int, week: date) -> CheckIn | None:
    """The person's check-in of one week (one at most). Built by the ORM on each call: since
    the check-in page reads its weeks with :func:`weeks_and_reminder`, only a week saved from
    elsewhere meanwhile reads it (and the tests, as a rule), so it is not a prepared read that
    no page makes (``tests/web/test_prepared.py``)."""
    return CheckIn.objects.filter(owner_id=user_id, week=week).order_by("pk").first()


def partner_checkin_rule(owner_id: int, partnership_id: int, since: date) -> CheckIn | None:
    """The partner's latest check-in shared in this partnership from ``since`` on (the form
    tells her that her partner sees her week's answers and what she needs: here is where). A
    rule :func:`weeks_and_reminder` is held to; only the tests run it."""
    return (
        CheckIn.objects.filter(
            owner_id=owner_id, partnership_id=partnership_id, shared=True, week__gte=since
        )
        .order_by("-week")
        .first()
    )


#: Her check-in of ``week`` and her partner's shared in this partnership from ``since`` on, in
#: one statement: :func:`checkin_of` and :func:`partner_checkin_rule` read together (issue 15's
#: fourteenth pass, about a read's cost). One check-in a week for each person
#: (``one_checkin_a_week``), and his from the week before hers on: a few rows at most. The rule
#: :func:`weeks_and_reminder` is written by hand from; only the tests run it
#: (``tests/web/test_checkin_reads.py``).
def _weeks_of_two_rule(
    user_id: int, week: date, partner_id: int, partnership_id: int, since: date
) -> QuerySet[CheckIn]:
    return CheckIn.objects.filter(
        Q(owner_id=user_id, week=week)
        | Q(owner_id=partner_id, partnership_id=partnership_id, shared=True, week__gte=since)
    )


def _hers_and_his(
    rows: Iterable[CheckIn], user_id: int, week: date
) -> tuple[CheckIn | None, CheckIn | None]:
    """Her check-in of the week (the first made, were there two) and his latest, from the rows
    of both."""
    hers: CheckIn | None = None
    his: CheckIn | None = None
    for row in rows:
        if row.owner_id == user_id:
            if row.week == week and (hers is None or row.pk < hers.pk):
                hers = row
        elif his is None or row.week > his.week:
            his = row
    return hers, his


def checkins_of_two(
    user_id: int, week: date, partner_id: int, partnership_id: int, since: date
) -> tuple[CheckIn | None, CheckIn | None]:
    """What ``checkin_of(user_id, week)`` and ``partner_checkin_rule(partner_id,
    partnership_id, since)`` give, read in one statement built by the ORM: her check-in of the
    week, and his latest shared one (the rule :func:`weeks_and_reminder` is held to)."""
    return _hers_and_his(
        _weeks_of_two_rule(user_id, week, partner_id, partnership_id, since), user_id, week
    )


#: A check-in's columns, in the order :func:`weeks_and_reminder` reads them (their converters
#: worked out as a worker starts).
_CHECKIN_FIELDS = known(CheckIn._meta.concrete_fields)
_CHECKIN_NAMES = tuple(field.attname for field in _CHECKIN_FIELDS)


@kept_statement
def _weeks_and_reminder_statement(vendor: str) -> str:
    """One row that says whether her weekly reminder is on, beside each check-in of
    :func:`_weeks_of_two_rule` (a row of nulls beside it when there is none), its tables and
    columns named through ``_meta``. ``vendor`` keys the names' quoting."""
    quote = connection.ops.quote_name
    table = quote(CheckIn._meta.db_table)

    def column(model: type[CheckIn] | type[Reminder], name: str) -> str:
        field = model._meta.get_field(name)
        assert isinstance(field, Field) and field.column  # a column of the model's own table
        return f"{quote(model._meta.db_table)}.{quote(field.column)}"

    owner, week = column(CheckIn, "owner"), column(CheckIn, "week")
    columns = ", ".join(f"{table}.{quote(field.column)}" for field in _CHECKIN_FIELDS)
    return (
        f"SELECT EXISTS(SELECT 1 FROM {quote(Reminder._meta.db_table)} "
        f"WHERE {column(Reminder, 'owner')} = %s AND {column(Reminder, 'weekly_checkin')}), "
        f"{columns} FROM (SELECT 1 AS one) AS one LEFT OUTER JOIN {table} "
        f"ON (({owner} = %s AND {week} = %s) OR ({owner} = %s "
        f"AND {column(CheckIn, 'partnership')} = %s AND {column(CheckIn, 'shared')} "
        f"AND {week} >= %s))"
    )


def weeks_and_reminder(
    user_id: int,
    week: date,
    active: ActivePartnership | None,
    since: date,
) -> tuple[CheckIn | None, CheckIn | None, bool]:
    """Her check-in of ``week``, the latest her partner shared with her in this partnership
    from ``since`` on (none when she is alone), and whether her weekly reminder is on: what
    :func:`checkins_of_two` (or :func:`checkin_of` alone) and ``reminder_is_on`` give, in one
    hand-written statement that answers one row at least, whatever either of them wrote (issue
    15's seventeenth pass: the reminder's read was a statement of its own on every view).
    Alone, the partner's side of the statement asks for an owner and a partnership that are
    null, which no row has. Each row goes through the fields' own converters
    (``frame.rawsql``), so the check-ins are the ORM's own."""
    partner_id = active.partner.pk if active is not None else None
    partnership_id = active.partnership.pk if active is not None else None
    params = [
        user_id,
        user_id,
        connection.ops.adapt_datefield_value(week),
        partner_id,
        partnership_id,
        connection.ops.adapt_datefield_value(since),
    ]
    with connection.cursor() as cursor:
        cursor.execute(_weeks_and_reminder_statement(connection.vendor), params)
        rows = cursor.fetchall()
    convert = converting(_CHECKIN_FIELDS)
    alias = connection.alias
    found = [
        CheckIn.from_db(alias, _CHECKIN_NAMES, convert(row[1:]))
        for row in rows
        if row[1] is not None
    ]
    hers, his = _hers_and_his(found, user_id, week)
    return hers, his, bool(rows[0][0])


def own_circle(user: User) -> QuerySet[CirclePerson]:
    return CirclePerson.objects.filter(owner=user).order_by("name", "pk")


def access_circle_person(user: User, person_id: str) -> CirclePerson:
    found = _CIRCLE_PERSON.first(user_id=user.pk, person_id=person_id)
    if found is None:
        raise Http404
    return found
