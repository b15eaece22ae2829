"""Reads for the together space: summaries, weekly series and the over-time estimate.

Each selector runs a fixed number of queries whatever the length of the history; the
bucketing by week or month happens in Python over one fetched list.
"""

from __future__ import annotations

import contextlib
import hashlib
import struct
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Generator, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from itertools import islice, repeat
from operator import floordiv, itemgetter, lt, sub
from time import monotonic as time_monotonic
from typing import Any, NamedTuple, cast

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import Case, Field, Model, Q, QuerySet, Value, When
from django.utils import timezone
from redis.exceptions import RedisError

from interdepend.core.var import (
    PseudoCoupleNull,
    VarError,
    VarResult,
    fit_couple,
    no_link_null,
)
from interdepend.web.accounts.models import User
from interdepend.web.frame import dates
from interdepend.web.frame.prepared import Prepared
from interdepend.web.frame.rawsql import converted, converting, known, one_by_one
from interdepend.web.frame.sqlite3 import kept_rows, kept_statement
from interdepend.web.partners.access import (
    ACTIVE_FIELDS,
    ACTIVE_WIDTH,
    ActivePartnership,
    active_from,
    active_statement,
)
from interdepend.web.together.access import (
    BidRow,
    PromiseRow,
    bid_list_parts,
    bid_lists_of,
)
from interdepend.web.together.models import (
    ITEMS,
    Bid,
    BidAnswer,
    CheckIn,
    CirclePerson,
    Commitment,
    CommitmentState,
    Goal,
    GoalNote,
    overall_of,
)

FOLLOW_THROUGH_WEEKS = 8
CIRCLE_NUDGE_DAYS = 28
MIN_VAR_WEEKS = 8
#: Pairs of back-to-back shared weeks before a carry-over figure is shown: with fewer, a link
#: of 0.5 (a clear one) is found less than 80 % of the time against the no-link range
#: (docs/together.md, bench/simulate_carryover.py).
MIN_PAIRS_TO_TELL = 38
#: Series drawn for the no-link range (400 figures, both directions pooled).
NULL_SIMULATIONS = 200
#: Trends and the carry-over look at the last two years of weeks, so the page costs the same
#: after one year or ten, and the estimate describes the couple as they are now.
TREND_WEEKS = 104
CARRYOVER_CACHE_SECONDS = 24 * 3600
#: Raised whenever what is kept changes shape, so that a shared cache (Redis) never hands a
#: new server an estimate pickled by an older one (2: the pseudo-couple range kept, not redone).
CARRYOVER_CACHE_VERSION = 2
EPOCH = date(2000, 1, 3)  # a Monday: week numbers count from here


#: The steps back from each day of the week (by ``date.weekday``) to its Monday, made as the
#: module is imported: the same for everyone. A ``timedelta`` made for each day was about
#: 0.3-0.5 µs, seventeen days a view on Trends' goal balances (issue 15's twenty-third pass).
BACK_TO_MONDAY = tuple(timedelta(days=n) for n in range(7))


def week_start(day: date) -> date:
    """The Monday of ``day``'s week."""
    return day - BACK_TO_MONDAY[day.weekday()]


def this_week() -> date:
    return week_start(timezone.localdate())


def this_week_where(zone: tzinfo) -> date:
    """:func:`this_week` in ``zone`` (the person's, when the caller has looked it up)."""
    return week_start(timezone.localdate(timezone=zone))


def week_number(monday: date) -> int:
    return (monday - EPOCH).days // 7


@dataclass(frozen=True)
class FollowThrough:
    kept: int
    renegotiated: int
    missed: int
    #: Still open though their day has come: not counted as anything yet, but they did come
    #: due, so the card must not say none did (the new-couple walk of 2026-12-05, the 14th).
    unmarked: int

    @property
    def total(self) -> int:
        return self.kept + self.renegotiated + self.missed


def follow_through(
    commitments: Iterable[Commitment | PromiseRow], today: date | None = None
) -> FollowThrough:
    """How recent promises went (due in the last few weeks and marked), counted together, and
    how many of them came due and wait to be marked. ``today`` is hers, when the caller has
    it (the promises page works it out once for its lists and this)."""
    if today is None:
        today = timezone.localdate()
    since = today - timedelta(weeks=FOLLOW_THROUGH_WEEKS)
    recent = (c for c in commitments if c.due_on >= since)
    counts = Counter(
        c.state for c in recent if c.state != CommitmentState.OPEN or c.due_on <= today
    )
    return FollowThrough(
        kept=counts[CommitmentState.KEPT],
        renegotiated=counts[CommitmentState.RENEGOTIATED],
        missed=counts[CommitmentState.MISSED],
        unmarked=counts[CommitmentState.OPEN],
    )


@dataclass(frozen=True)
class BidMonth:
    month: date
    sent: int
    yes_now: int
    later: int
    not_now: int


def bid_months(bids: Iterable[Bid], months: int = 6) -> list[BidMonth]:
    """How bids went, month by month, for both partners together (no one is scored)."""
    return _bid_months(((bid.created_at, bid.answer) for bid in bids), months)


def couple_bid_months(active: ActivePartnership, months: int = 6) -> list[BidMonth]:
    """:func:`bid_months` of the couple's bids, read newest first as plain values (no model
    objects, no words) and only as far back as the last ``months`` months that have a bid:
    the page costs the same whatever the length of the history. Held equal to
    :func:`bid_months` by ``tests/web/test_series_reads.py``.

    The read streams (a hundred rows a fetch, stopped at the first month too many), so it is
    one hand-written statement rather than a queryset the ORM built anew on every view (about
    0.3 ms, for 0.1 ms of SQL; issue 15's eleventh pass). Read instead in prepared chunks, a
    long history took a statement more than a short one (``tests/web/test_query_pins.py``).
    ``tests/web/test_hand_written_reads.py`` holds it equal to the streamed queryset it
    replaced, for random histories and in two time zones."""
    buckets: dict[date, Counter[Any]] = {}
    zone = timezone.get_current_timezone()
    sent_at, answer_of = one_by_one(_MOMENT_FIELDS)
    # A moment well inside a month in UTC (:func:`_surely_within`) is in that month where the
    # reader is too: only the moments within a day of a month's ends are put into her time
    # zone, where each was (about 4 µs a bid: issue 15's fifteenth pass). The rows come newest
    # first, so from a moment well inside a month, every row of the fetch down to the first
    # before that span is in the same month: that row is found by halving the fetch, and only
    # the moments halving looks at are converted (about 1.5 µs a row through the backend's
    # converters, of a hundred in the benchmark's month; issue 15's twenty-third pass).
    month, since, until = date.min, _NEVER, _NEVER
    # On SQLite the moments come as the text it stores (``_bid_moments_statement``): the
    # halving compares that text with the span's first moment written the same way
    # (:func:`_first_before`, which checks the place it finds).
    # The connection looked up once for the read (each use of ``connection`` is a look into
    # request-local storage, about 1-2 µs; issue 15's twenty-eighth pass).
    db = connections[DEFAULT_DB_ALIAS]
    stored_zone = db.timezone if db.vendor == "sqlite" else None
    stored: str | None = None
    with contextlib.closing(_bid_fetches(active.partnership.pk, db)) as fetches:
        for rows in fetches:
            at, fetched = 0, len(rows)
            seen: dict[int, datetime] = {}  # moments of this fetch the halving's check converted
            while at < fetched:
                created_at = seen.pop(at, None) or sent_at(rows[at][0])
                if not since <= created_at < until:
                    month = _month(created_at, zone)
                    since, until = _surely_within(month)
                    stored = None if stored_zone is None else _stored(since, stored_zone)
                bucket = buckets.get(month)
                if bucket is None:
                    if len(buckets) == months:
                        return _counted_months(buckets, answer_of, months)
                    bucket = buckets[month] = Counter()
                ends = at + 1
                if since <= created_at < until:
                    ends = _first_before(rows, ends, since, sent_at, stored, seen)
                # The answers counted as the database hands them over (a count in C, not a
                # line of Python a row: about 0.2 µs a bid), and each answer counted converted
                # once at the end (:func:`_counted_months`; issue 15's twenty-sixth pass).
                bucket.update(map(_ANSWER, rows[at:ends]))
                at = ends
    return _counted_months(buckets, answer_of, months)


#: A fetched row's answer (its second column).
_ANSWER = itemgetter(1)


def _counted_months(
    buckets: dict[date, Counter[Any]], answer_of: Callable[[Any], Any], months: int
) -> list[BidMonth]:
    """:func:`_month_rows` of ``buckets`` with each answer put through ``answer_of`` (none yet
    counted as "open"), in one pass, each answer as the
    database handed it over converted once for the read rather than once for each month it is
    in, and each month's row counted straight from its counts (the two passes made a
    ``Counter`` a month and looked each answer up in it: about 15 µs of the bids page; issue
    15's twenty-eighth pass). ``tests/web/test_bid_month_counts.py`` holds the two equal."""
    said: dict[Any, Any] = {}
    rows = []
    yes, maybe, no = _MONTH_COUNTED
    for month in sorted(buckets)[-months:]:
        counted = buckets[month]
        yes_now = later = not_now = 0
        for answer, count in counted.items():
            kind = said.get(answer)
            if kind is None:
                kind = said[answer] = answer_of(answer) or "open"
            if kind == yes:
                yes_now += count
            elif kind == maybe:
                later += count
            elif kind == no:
                not_now += count
        sent = sum(counted.values())
        rows.append(BidMonth(month=month, sent=sent, yes_now=yes_now, later=later, not_now=not_now))
    return rows


def _first_before(
    rows: Sequence[Any],
    low: int,
    since: datetime,
    sent_at: Any,
    stored: str | None = None,
    seen: dict[int, datetime] | None = None,
) -> int:
    """The index of the first of ``rows`` from ``low`` on sent before ``since`` (``len(rows)``
    where none is): the rows are newest first, so those at or after ``since`` come first, and
    the row before ``low`` is at or after it.

    ``stored``: ``since`` as SQLite stores a moment (the backend's adapting), where the rows
    hand their moments over as that text. The halving then compares the texts, whose order is
    the moments' (SQLite sorted the rows by it), and only the two rows either side of the
    place found are converted, to check it: each moment the halving looked at was converted,
    about seven a month, some forty a view of the bids page (issue 15's twenty-seventh pass).
    Where a moment is not a text, or the check fails, every moment looked at is converted, as
    before. ``seen``: where the check's moment of the row at the place found is put, by its
    index, for the months to take as the next span's first rather than convert it again.
    ``tests/web/test_bid_month_halving.py`` holds the two equal."""
    found = None if stored is None else _first_stored_before(rows, low, stored)
    if found is not None and _is_the_place(rows, low, found, since, sent_at, seen):
        return found
    return _first_converted_before(rows, low, since, sent_at)


def _is_the_place(
    rows: Sequence[Any],
    low: int,
    found: int,
    since: datetime,
    sent_at: Any,
    seen: dict[int, datetime] | None = None,
) -> bool:
    """Whether the row before ``found`` (or ``low``'s own before it) is at or after ``since``
    and the row at ``found`` (if any) before it: where the converted halving ends. The row at
    ``found``'s moment goes into ``seen``."""
    if not (found == low or sent_at(rows[found - 1][0]) >= since):
        return False
    if found == len(rows):
        return True
    moment = sent_at(rows[found][0])
    if seen is not None:
        seen[found] = moment
    return bool(moment < since)


def _stored(moment: datetime, zone: tzinfo) -> str:
    """An aware moment as SQLite's backend stores it (``adapt_datetimefield_value``: made
    naive in the connection's zone, then written out), without the backend's checks; held to
    it by ``tests/web/test_bid_month_halving.py``. A text other than the stored one would only
    fail :func:`_first_before`'s check."""
    return str(moment.astimezone(zone).replace(tzinfo=None))


def _first_stored_before(rows: Sequence[Any], low: int, stored: str) -> int | None:
    """:func:`_first_before` by the stored texts alone (None where a moment is not a text)."""
    high = len(rows)
    while low < high:
        middle = (low + high) // 2
        value = rows[middle][0]
        if type(value) is not str:
            return None
        if value < stored:
            high = middle
        else:
            low = middle + 1
    return low


def _first_converted_before(rows: Sequence[Any], low: int, since: datetime, sent_at: Any) -> int:
    """:func:`_first_before` with each moment looked at converted."""
    high = len(rows)
    while low < high:
        middle = (low + high) // 2
        if sent_at(rows[middle][0]) < since:
            high = middle
        else:
            low = middle + 1
    return low


#: The columns :func:`_bid_moments` reads, for their converters (worked out as a worker starts).
_MOMENT_FIELDS = known((Bid._meta.get_field("created_at"), Bid._meta.get_field("answer")))


def _bid_moments(partnership_id: int) -> Generator[tuple[datetime, str]]:
    """The couple's bids, newest first, as (sent at, answer): the rows of
    ``Bid.objects.filter(partnership_id=...).order_by("-created_at", "-pk")
    .values_list("created_at", "answer").iterator(chunk_size=100)``, each value through the
    backend's converters (:func:`_bid_fetches`' rows, converted). Closed when the caller
    stops."""
    # Each column through its own converters, called straight (``one_by_one``): the same
    # functions as ``converting`` runs, without building a list for every row (about a
    # microsecond a row, some 50 a view: issue 15's twentieth pass).
    sent_at, answer_of = one_by_one(_MOMENT_FIELDS)
    with contextlib.closing(_bid_fetches(partnership_id)) as fetches:
        for rows in fetches:
            for created_at, answer in rows:
                yield sent_at(created_at), answer_of(answer)


def _bid_fetches(partnership_id: int, db: Any = None) -> Generator[list[tuple[Any, Any]]]:
    """The rows of :func:`_bid_moments_statement` as the database hands them over, a hundred
    at a time, through a cursor that streams where the database can (as ``iterator()`` asks
    for one). Closed when the caller stops."""
    db = connections[DEFAULT_DB_ALIAS] if db is None else db
    streams = not db.settings_dict.get("DISABLE_SERVER_SIDE_CURSORS")
    cursor = db.chunked_cursor() if streams else db.cursor()
    try:
        cursor.execute(_bid_moments_statement(db.vendor), [partnership_id])
        while rows := cursor.fetchmany(100):
            yield rows
    finally:
        cursor.close()


@kept_statement
def _bid_moments_statement(vendor: str) -> str:
    """The couple's bids' moments and answers, newest first. On SQLite the moment is handed
    over as the text SQLite stores (``CAST … AS TEXT``: a column of no declared type), not read
    into a ``datetime`` by SQLite's driver for every row fetched: the months convert only the
    moments they look at, about half of a hundred in the benchmark's month, and the backend's
    converter reads the text as the driver would have (about 0.3 µs a row; issue 15's
    twenty-fifth pass). The order is the column's, along the same index."""
    q = connection.ops.quote_name
    meta = Bid._meta
    columns = {field.name: q(field.column) for field in meta.concrete_fields}
    created, answer, partnership = columns["created_at"], columns["answer"], columns["partnership"]
    moment = f"CAST({created} AS TEXT)" if vendor == "sqlite" else created
    return (
        f"SELECT {moment}, {answer} FROM {q(meta.db_table)} WHERE {partnership} = %s"
        f" ORDER BY {created} DESC, {q(meta.pk.column)} DESC"
    )


def partnership_and_bid_month(
    user: User, moment: datetime
) -> tuple[ActivePartnership | None, BidMonth | None]:
    """Her current partnership read again after an answer (``access_active_partnership``'s
    rule: it answers a partnership that ended a moment after the write) and the row of
    :func:`couple_bid_months` for the month of ``moment`` alone, counted by the database (what
    an answered bid sends back to bring that month's row up to date), in one hand-written
    statement: her partnership's statement with the couple's bids of that month where she is
    left-joined and counted, each answer apart. The answer read her partnership, then the
    month's counts (a prepared read, made into the row through a ``Counter``): two statements,
    about 0.05-0.1 ms more of an answer inside the view (issue 15's twenty-second pass). The
    same statement runs whatever the partnership and its bids are; where she has none, it
    gives neither. ``tests/web/test_bid_month_read.py`` holds it to the two reads, the month's
    written with the ORM, for every persona over random histories and in far time zones."""
    month, values = _month_values(user, moment)
    with connection.cursor() as cursor:
        cursor.execute(partnership_and_bid_month_statement(), values)
        row = cursor.fetchone()
    if row is None:
        return None, None
    return _partnership_and_month(row, month)


def _month_values(user: User, moment: datetime) -> tuple[date, list[Any]]:
    """The first day of ``moment``'s month where she is, and the values of
    :func:`partnership_and_bid_month_statement`: the answers counted apart, the month's first
    moment and the next month's where she is, and her id."""
    zone = timezone.get_current_timezone()
    month = _month(moment, zone)
    start = datetime(month.year, month.month, 1, tzinfo=zone)
    end = datetime(month.year + month.month // 12, month.month % 12 + 1, 1, tzinfo=zone)
    # Each bound as ``_CREATED_AT.get_db_prep_value`` makes it ready: for an aware moment (both
    # are), the field's own preparing gives it back as it is, and the backend's adapting is all
    # that changes it (the field's checks were about 3-8 µs an answer; issue 15's twenty-fourth
    # pass, held equal by ``tests/web/test_bid_month_read.py``).
    adapt = connection.ops.adapt_datetimefield_value
    return month, [*_MONTH_COUNTED, adapt(start), adapt(end), user.pk]


def _partnership_and_month(row: Sequence[Any], month: date) -> tuple[ActivePartnership, BidMonth]:
    """Her partnership and the month's row from the first columns of a row of
    :func:`partnership_and_bid_month_statement`."""
    active = active_from(converted(row[:ACTIVE_WIDTH], ACTIVE_FIELDS))
    sent, yes_now, later, not_now = row[ACTIVE_WIDTH : ACTIVE_WIDTH + 4]
    return active, BidMonth(
        month=month, sent=int(sent), yes_now=int(yes_now), later=int(later), not_now=int(not_now)
    )


class AnswerReads(NamedTuple):
    """What an answer to a bid reads after its write (:func:`answer_reads`): her partnership
    (``None`` where she has none, or where it is no longer the answered bid's), the answered
    bid's month, and the couple's two lists as :func:`access.bid_lists` reads them."""

    active: ActivePartnership | None
    month: BidMonth | None
    waiting: list[BidRow]
    answered: list[BidRow]


def answer_reads(user: User, moment: datetime, partnership_id: int | None) -> AnswerReads:
    """After an answer, in one hand-written statement: what :func:`partnership_and_bid_month`
    reads (her partnership read again, the month of ``moment`` counted) and the couple's two
    lists of bids as ``access.bid_lists`` reads them for the partnership ``partnership_id``
    (the answered bid's). The answer ran the two statements one after the other, one round of
    a statement more after the write (issue 15's twenty-fifth pass). Her partnership's row
    comes first (none where she has none), then each bid of the lists. A partnership other
    than the answered bid's (one ended and another begun between the write and this read) is
    taken as none, where the lists read would have been of the one that ended: the answer
    then goes to the whole page, as for one that ended. The same statement runs whatever the
    partnership and its bids are; it is run by ``frame.sqlite3.kept_rows``.
    ``tests/web/test_answer_reads.py`` holds it to the two reads for every persona over random
    histories, on SQLite and PostgreSQL."""
    month, values = _month_values(user, moment)
    rows = kept_rows(
        connections[DEFAULT_DB_ALIAS],
        answer_reads_statement(),
        [*values, partnership_id, partnership_id],
    )
    first = ACTIVE_WIDTH + len(_MONTH_COUNTED) + 1
    if not rows or rows[0][-2] != -1:  # no partnership
        return AnswerReads(None, None, [], [])
    active, counted = _partnership_and_month(rows[0], month)
    if active.partnership.pk != partnership_id:
        return AnswerReads(None, None, [], [])
    lists = (row[first:-1] for row in islice(rows, 1, None))  # each bid's columns and part
    return AnswerReads(active, counted, *bid_lists_of(lists, user, active))


@kept_statement
def answer_reads_statement() -> str:
    """:func:`partnership_and_bid_month_statement`'s row (``here``, part -1: one row at most),
    then the couple's lists of bids (``access.bid_list_parts``, the two parts of
    ``access.bid_lists_statement``: part 0 the waiting, every one, part 1 the newest
    :data:`access.ANSWERED_SHOWN` answered, each along the index of the partnership and the
    moment sent), each row with the other's columns
    empty, in the lists' order: the month's parameters first, then the lists' partnership id
    twice. (Her partnership's row joined beside every bid's was about 30 µs slower in SQLite
    than the two statements; this is as fast as the two.)"""
    q = connection.ops.quote_name
    column = {f.attname: q(f.column) for f in Bid._meta.concrete_fields}
    empty = ", ".join(f"NULL AS {column[name]}" for name in BidRow._fields[:-1])  # no owner
    before = ", ".join(["NULL"] * (ACTIVE_WIDTH + len(_MONTH_COUNTED) + 1))
    waiting, answered, order = bid_list_parts()
    return f"""
        SELECT * FROM (
            SELECT here.*, {empty}, -1 AS part, NULL AS bid
            FROM ({partnership_and_bid_month_statement()}) here
            UNION ALL
            SELECT {before}, waiting.* FROM ({waiting}) waiting
            UNION ALL
            SELECT {before}, answered.* FROM ({answered}) answered
        ) ours
        ORDER BY {order}
    """


_CREATED_AT = Bid._meta.get_field("created_at")
#: The answers :func:`partnership_and_bid_month` counts apart, in the order of its columns.
_MONTH_COUNTED = (BidAnswer.YES_NOW.value, BidAnswer.LATER.value, BidAnswer.NOT_NOW.value)


@kept_statement
def partnership_and_bid_month_statement() -> str:
    """Her current partnership (``partners.access.active_statement``) with the couple's bids
    sent from one moment until another (``sent``) left-joined, grouped by the rule's row: how
    many there are, then how many have each of :data:`_MONTH_COUNTED` (its three values the
    first parameters, the two moments after them, her id the last)."""
    q = connection.ops.quote_name
    meta = Bid._meta
    answer, created = q(meta.get_field("answer").column), q(_CREATED_AT.column)
    partnership = q(meta.get_field("partnership").column)
    counts = [f"COUNT(sent.{q(meta.pk.column)})"]
    counts += [f"SUM(CASE WHEN sent.{answer} = %s THEN 1 ELSE 0 END)" for _ in _MONTH_COUNTED]
    joins = f"""
        LEFT JOIN {q(meta.db_table)} sent ON sent.{partnership} = p.id
                                          AND sent.{created} >= %s AND sent.{created} < %s"""
    return active_statement(counts, joins, grouped=True)


#: No moment is at or after it and before it: the first bid's month is always worked out.
_NEVER = datetime.max.replace(tzinfo=UTC)

#: Farther than any time zone can be from UTC: Python refuses an offset of a day or more (the
#: zones in use lie between 12 hours behind and 14 ahead).
_FARTHEST = timedelta(days=1)


def _surely_within(month: date) -> tuple[datetime, datetime]:
    """The moments (UTC, from, before) that are in ``month`` wherever anyone is: a month's
    first day begins, and its last ends, less than a day away from when it does in UTC, so
    whatever lies a day inside the month's ends in UTC is in the month in every time zone
    (and in every one of its hours, whichever way its clocks change). ``_month(moment, zone)
    == month`` for every moment between them and every zone
    (``tests/web/test_series_reads.py``)."""
    first = datetime(month.year, month.month, 1, tzinfo=UTC)
    after = datetime(month.year + month.month // 12, month.month % 12 + 1, 1, tzinfo=UTC)
    return first + _FARTHEST, after - _FARTHEST


def _month(moment: datetime, zone: tzinfo) -> date:
    """The first day of the moment's month where the person is (the zone is looked up once
    per list, not once per row), put there by :func:`dates.local` (``localtime`` without its
    checks for a moment with a zone; issue 15's twenty-eighth pass)."""
    return dates.local(moment, zone).date().replace(day=1)


def _bid_months(bids: Iterable[tuple[datetime, str]], months: int) -> list[BidMonth]:
    buckets: dict[date, Counter[str]] = {}
    zone = timezone.get_current_timezone()
    for created_at, answer in bids:
        buckets.setdefault(_month(created_at, zone), Counter())[answer or "open"] += 1
    return _month_rows(buckets, months)


def _month_rows(buckets: dict[date, Counter[str]], months: int) -> list[BidMonth]:
    """The last ``months`` months of ``buckets`` (each answer counted, "open" for none yet),
    oldest first."""
    rows = [
        BidMonth(
            month=m,
            sent=sum(c.values()),
            yes_now=c[BidAnswer.YES_NOW],
            later=c[BidAnswer.LATER],
            not_now=c[BidAnswer.NOT_NOW],
        )
        for m, c in sorted(buckets.items())
    ]
    return rows[-months:]


@dataclass(frozen=True)
class Balance:
    weeks: list[date]
    me: list[int]
    we: list[int]


def balance(
    notes: Iterable[tuple[datetime, int | None]],
    weeks: int = 26,
    *,
    first: date | None = None,
    here: tzinfo | None = None,
) -> Balance:
    """Progress notes a week on one's own goals (me) and on shared goals (we), from the first
    week with a note in the last ``weeks`` to this one. The empty weeks before the first note
    are not kept: a couple in their first week saw one bar at the far end of an axis that
    began half a year before they did ("8 Jun … 30 Nov"; the first-weeks walk of 2026-12-04).
    With no note at all, the whole span (nothing is drawn but words).

    Counted in plain dictionaries, each day's Monday worked out once: through two counters
    and a lookup of each of the 26 weeks in both, it was about 90 µs at load for half a year
    of notes on every view of the goals page (issue 15's seventeenth pass);
    ``tests/web/test_goal_balance_weeks.py`` holds it to the counters' way. ``first`` is the
    first of the ``weeks`` (this week's Monday, ``weeks - 1`` back) and ``here`` the person's
    zone, when the caller has them (:func:`own_balance`)."""
    if here is None:  # looked up once, not once a note
        here = timezone.get_current_timezone()
    if first is None:
        first = this_week_where(here) - timedelta(weeks=weeks - 1)
    me: dict[date, int] = {}
    we: dict[date, int] = {}
    monday_of: dict[date, date] = {}
    for created_at, partnership_id in notes:
        day = created_at.astimezone(here).date()
        monday = monday_of.get(day)
        if monday is None:
            monday = monday_of[day] = week_start(day)
        counts = we if partnership_id else me
        counts[monday] = counts.get(monday, 0) + 1
    mondays = [first + timedelta(weeks=n) for n in range(weeks)]
    start = next((i for i, m in enumerate(mondays) if m in me or m in we), 0)
    mondays = mondays[start:]
    return Balance(
        weeks=mondays, me=[me.get(m, 0) for m in mondays], we=[we.get(m, 0) for m in mondays]
    )


def own_balance(user: User, active: ActivePartnership | None) -> Balance:
    """:func:`balance` of her notes from :func:`balance_since` (:func:`_own_notes`, read by
    :func:`_own_notes_read`). Her zone and this week there are found once, for the read's
    start and the weeks counted: each was worked out twice a view (issue 15's twenty-fourth
    pass)."""
    zone = timezone.get_current_timezone()
    first = this_week_where(zone) - _SHOWN[-1]
    since = datetime.combine(first - timedelta(days=1), time.min, tzinfo=zone)
    shared = active.partnership.pk if active is not None else None
    return balance(_own_notes_read(user.pk, shared, since), first=first, here=zone)


def balance_since(weeks: int = 26) -> datetime:
    """A moment before every note :func:`balance` of ``weeks`` counts: the start of the day
    before its first Monday, where the person is (a day early, so that a clock changed at
    midnight never leaves a note out). Notes before it are not read: a year of them was, to
    count half of them in weeks not shown."""
    first = this_week() - timedelta(weeks=weeks - 1)
    zone = timezone.get_current_timezone()
    return datetime.combine(first - timedelta(days=1), time.min, tzinfo=zone)


def _own_notes(
    user_id: int, since: datetime, partnership_id: int | None = None
) -> QuerySet[GoalNote, tuple[datetime, int | None]]:
    """Her notes on her own goals, and (given its id) hers in the partnership, from ``since``:
    the rule :func:`_own_notes_read` is written by hand from (only the tests run it;
    ``tests/web/test_own_balance_read.py`` holds the two equal)."""
    notes = GoalNote.objects.filter(
        owner_id=user_id, goal__owner_id=user_id, partnership__isnull=True
    )
    if partnership_id is not None:
        notes = notes | GoalNote.objects.filter(owner_id=user_id, partnership_id=partnership_id)
    return notes.filter(created_at__gte=since).values_list("created_at", "partnership_id")


def couple_balance(active: ActivePartnership) -> Balance:
    """Shared items only: the two's notes on their shared goals (the 'we' side), from
    :func:`balance_since`, as :func:`own_balance` reads hers: every note the partnership ever
    had was read, to count those of the last half-year (a year's history read twice the rows
    the page shows, five years ten times: issue 15's eleventh pass)."""
    return balance(_COUPLE_NOTES(partnership_id=active.partnership.pk, since=balance_since()))


_COUPLE_NOTES = Prepared(
    lambda partnership_id, since: GoalNote.objects.filter(
        partnership_id=partnership_id, created_at__gte=since
    ).values_list("created_at", "partnership_id")
)


def trend_balances(
    user: User, active: ActivePartnership, *, monday: date | None = None, zone: tzinfo | None = None
) -> tuple[Balance, Balance]:
    """:func:`own_balance` and :func:`couple_balance` for Trends, from one read of the notes
    either counts (:func:`_trend_notes_rule`): the two reads had her notes on shared goals
    converted twice, in two statements. ``tests/web/test_own_balance_read.py`` holds each half
    equal to the read it replaces. ``zone`` is the person's and ``monday`` this week's there
    (:func:`this_week_where`), when the caller has them: Trends finds them once for its two
    reads, where each read and the counting looked the zone up again (four times a view,
    about 10 µs; issue 15's twenty-first pass)."""
    partnership_id, user_id = active.partnership.pk, user.pk
    zone = timezone.get_current_timezone() if zone is None else zone
    # This week is worked out once for the read's start and the weeks counted (twice, it was
    # about 6 µs more a view; :func:`balance_since` of 26 weeks, from the same Monday).
    first = (this_week_where(zone) if monday is None else monday) - _SHOWN[-1]
    since = datetime.combine(first - timedelta(days=1), time.min, tzinfo=zone)
    rows = _trend_notes(user_id, partnership_id, since)
    return both_balances(rows, user_id, partnership_id, first, zone)


#: The steps from the first of :func:`balance`'s 26 weeks to each of them: the same for
#: everyone, made as the module is imported (26 new ``timedelta`` a view were about 10 µs).
_SHOWN = tuple(timedelta(weeks=n) for n in range(26))


def both_balances(
    rows: Iterable[tuple[datetime, int | None, int]],
    user_id: int,
    partnership_id: int,
    first: date | None = None,
    here: tzinfo | None = None,
) -> tuple[Balance, Balance]:
    """``balance`` of her notes (those on her own goals and hers on shared ones) and
    ``balance`` of the couple's notes on shared goals, counted in one pass over the rows of
    :func:`_trend_notes_rule` (each a moment, its partnership or None, its author): the two lists
    were made apart and each note's week worked out once for each, through a ``Counter``.
    Each note's day is still its moment where the person is, and each day's Monday is worked
    out once a call (``tests/web/test_goal_balance_weeks.py`` holds the two to
    :func:`balance` of the two lists, in zones whose clocks change at midnight). ``first`` is
    the first of the 26 weeks (this week's Monday, 25 weeks back), and ``here`` the person's
    zone, when the caller has them."""
    if here is None:  # looked up once, not once a note
        here = timezone.get_current_timezone()
    mondays: dict[date, date] = {}
    own_me: dict[date, int] = {}
    own_we: dict[date, int] = {}
    ours: dict[date, int] = {}
    for created_at, shared, owner in rows:
        day = created_at.astimezone(here).date()
        monday = mondays.get(day)
        if monday is None:
            monday = mondays[day] = day - BACK_TO_MONDAY[day.weekday()]
        if shared is None:
            own_me[monday] = own_me.get(monday, 0) + 1
            continue
        if owner == user_id:
            own_we[monday] = own_we.get(monday, 0) + 1
        if shared == partnership_id:
            ours[monday] = ours.get(monday, 0) + 1
    if first is None:  # the first of balance()'s 26 weeks, when the caller has not found it
        first = this_week() - _SHOWN[-1]
    shown = [first + step for step in _SHOWN]  # balance()'s 26 weeks
    return _counted(shown, own_me, own_we), _counted(shown, {}, ours)


def _counted(mondays: list[date], me: dict[date, int], we: dict[date, int]) -> Balance:
    """:func:`balance` of notes already counted a week (``me`` and ``we``, by Monday), over
    ``mondays``, from the first with a note."""
    start = next((n for n, m in enumerate(mondays) if m in me or m in we), 0)
    mondays = mondays[start:]  # a list of its own, even when whole
    return Balance(
        weeks=mondays, me=[me.get(m, 0) for m in mondays], we=[we.get(m, 0) for m in mondays]
    )


#: Her notes on her own goals (as :data:`_OWN_NOTES` reads them) and every note on the couple's
#: shared goals (as :data:`_COUPLE_NOTES`), from ``since``, each with its author: the rule
#: :func:`_trend_notes` is written by hand from (``tests/web/test_trend_reads.py`` holds the two
#: equal).
def _trend_notes_rule(user_id: int, partnership_id: int, since: datetime) -> QuerySet[Any]:
    # Only the tests run it: a rule, not a read any page makes.
    return GoalNote.objects.filter(
        Q(owner_id=user_id, goal__owner_id=user_id, partnership__isnull=True)
        | Q(partnership_id=partnership_id),
        created_at__gte=since,
    ).values_list("created_at", "partnership_id", "owner_id")


def _field(model: type[Model], name: str) -> Field[Any, Any]:
    field = model._meta.get_field(name)
    assert isinstance(field, Field)  # a column of the model's own table
    return field


def _column(model: type[Model], name: str) -> str:
    quote = connection.ops.quote_name
    return f"{quote(model._meta.db_table)}.{quote(_field(model, name).column)}"


def _as_text(column: str, vendor: str) -> str:
    """``column`` as SQLite stores it (its text), not through the converter Python's ``sqlite3``
    calls on a column of its declared type (Django's: a Python function a value); as it is
    elsewhere."""
    return f"CAST({column} AS TEXT)" if vendor == "sqlite" else column


#: The columns :func:`_trend_notes` reads, for their converters off SQLite.
_NOTE_FIELDS = known([_field(GoalNote, name) for name in ("created_at", "partnership", "owner")])


@kept_statement
def _trend_notes_statement(vendor: str) -> str:
    """:func:`_trend_notes_rule`'s statement, as the ORM builds it, its table and columns named
    through ``_meta`` (on SQLite each moment as its stored text)."""
    note, goal = GoalNote._meta.db_table, Goal._meta.db_table
    quote = connection.ops.quote_name
    created_at, shared = _column(GoalNote, "created_at"), _column(GoalNote, "partnership")
    return (
        f"SELECT {_as_text(created_at, vendor)}, {shared}, {_column(GoalNote, 'owner')} "
        f"FROM {quote(note)} "
        f"INNER JOIN {quote(goal)} ON ({_column(GoalNote, 'goal')} = {_column(Goal, 'id')}) "
        f"WHERE ((({_column(Goal, 'owner')} = %s AND {_column(GoalNote, 'owner')} = %s "
        f"AND {shared} IS NULL) OR {shared} = %s) AND {created_at} >= %s)"
    )


def _trend_notes(
    user_id: int, partnership_id: int, since: datetime
) -> list[tuple[datetime, int | None, int]]:
    """:func:`_trend_notes_rule`'s rows, from one hand-written statement: through ``Prepared`` the
    ORM made each note's moment an aware datetime through two converters a row (about 0.15 ms
    of 0.19 ms on the benchmark's Maya). On SQLite a moment is stored as the UTC clock's text
    (the connection's zone), read here as that text and made a datetime as Django's
    converters make it (``datetime.fromisoformat``, then that zone); elsewhere each row goes
    through the fields' own converters (``frame.rawsql``).

    In the connection's zone of UTC (Django's, unless a deployer names another), the text is
    read with UTC's offset written after it, which ``fromisoformat`` gives the very ``UTC``
    object of: the same moment in the same zone, where each note's ``replace`` of its zone was
    about 1 µs (half the notes' making; issue 15's twenty-first pass). The connection is
    looked up once (each ``connection.…`` went through the thread's connections, five a read),
    and the statement run by ``frame.sqlite3.kept_rows`` (on SQLite without Django's cursor
    around it, unless anyone is logging or watching the statements: issue 15's twenty-fourth
    pass).
    """
    db = connections[DEFAULT_DB_ALIAS]
    vendor = db.vendor
    params = [user_id, user_id, partnership_id, db.ops.adapt_datetimefield_value(since)]
    rows = kept_rows(db, _trend_notes_statement(vendor), params)
    if vendor == "sqlite":
        zone, moment = db.timezone, datetime.fromisoformat
        if zone is UTC:
            # A text with an offset of its own (none Django writes) goes the general way.
            with contextlib.suppress(ValueError):
                return [(moment(f"{at}+00:00"), shared, owner) for at, shared, owner in rows]
        return [(moment(at).replace(tzinfo=zone), shared, owner) for at, shared, owner in rows]
    convert = converting(_NOTE_FIELDS)
    return [tuple(convert(row)) for row in rows]


#: The columns :func:`_own_notes_read` reads, for their converters off SQLite.
_OWN_NOTE_FIELDS = known([_field(GoalNote, name) for name in ("created_at", "partnership")])


@kept_statement
def _own_notes_statement(vendor: str) -> str:
    """:func:`_own_notes`'s statement, its tables and columns named through ``_meta`` (on
    SQLite each moment as its stored text). One statement alone or linked: without a
    partnership its id is given as ``NULL``, which no note's partnership equals, so only her
    notes on her own goals are read, as :func:`_own_notes` without one reads them. Both of the
    rule's branches ask for her as the note's author, so it is asked once."""
    note, goal = GoalNote._meta.db_table, Goal._meta.db_table
    quote = connection.ops.quote_name
    created_at, shared = _column(GoalNote, "created_at"), _column(GoalNote, "partnership")
    return (
        f"SELECT {_as_text(created_at, vendor)}, {shared} "
        f"FROM {quote(note)} "
        f"INNER JOIN {quote(goal)} ON ({_column(GoalNote, 'goal')} = {_column(Goal, 'id')}) "
        f"WHERE ({_column(GoalNote, 'owner')} = %s "
        f"AND (({_column(Goal, 'owner')} = %s AND {shared} IS NULL) OR {shared} = %s) "
        f"AND {created_at} >= %s)"
    )


def _own_notes_read(
    user_id: int, partnership_id: int | None, since: datetime
) -> list[tuple[datetime, int | None]]:
    """:func:`_own_notes`'s rows, from one hand-written statement, each moment made as
    :func:`_trend_notes` makes it: through ``Prepared`` the ORM made each note's moment an
    aware datetime through two converters a row (about 0.1 ms of the goals page's 0.25 ms
    read, for the benchmark's Maya's thirty notes; issue 15's twenty-fourth pass). Elsewhere
    than SQLite each row goes through the fields' own converters (``frame.rawsql``)."""
    db = connections[DEFAULT_DB_ALIAS]
    vendor = db.vendor
    params = [user_id, user_id, partnership_id, db.ops.adapt_datetimefield_value(since)]
    with db.cursor() as cursor:
        cursor.execute(_own_notes_statement(vendor), params)
        rows = cursor.fetchall()
    if vendor == "sqlite":
        zone, moment = db.timezone, datetime.fromisoformat
        if zone is UTC:
            # A text with an offset of its own (none Django writes) goes the general way.
            with contextlib.suppress(ValueError):
                return [(moment(f"{at}+00:00"), shared) for at, shared in rows]
        return [(moment(at).replace(tzinfo=zone), shared) for at, shared in rows]
    convert = converting(_OWN_NOTE_FIELDS)
    return [(at, shared) for at, shared in map(convert, rows)]


def circle_nudge(people: Sequence[CirclePerson]) -> bool:
    """True when the list says when someone was last seen, and every such day is a while ago.
    A list with no day noted yet (someone just added) is no reason to nudge: it says nothing
    about how long it has been."""
    seen = [p.last_connected for p in people if p.last_connected is not None]
    limit = timezone.localdate() - timedelta(days=CIRCLE_NUDGE_DAYS)
    return bool(seen) and max(seen) < limit


@dataclass(frozen=True)
class Series:
    label: str
    weeks: list[date]
    values: list[float | None]


def item_series(checkins: Sequence[CheckIn]) -> list[Series]:
    weeks = [c.week for c in checkins]
    return [
        Series(label=item, weeks=weeks, values=[_f(c.values()[item]) for c in checkins])
        for item in ITEMS
    ]


def _f(value: int | None) -> float | None:
    return None if value is None else float(value)


def _since(monday: date | None = None) -> date:
    """The first Monday Trends' check-ins are read from: :data:`TREND_WEEKS` to this week's
    (``monday``, when the caller has it)."""
    return (this_week() if monday is None else monday) - _TREND_SPAN


#: From the first of Trends' weeks to the last.
_TREND_SPAN = timedelta(weeks=TREND_WEEKS - 1)


def _recent(rows: QuerySet[CheckIn], since: date | None = None) -> QuerySet[CheckIn]:
    return rows.filter(week__gte=_since() if since is None else since)


_OWN_SERIES = Prepared(
    lambda user_id, since: (
        _recent(CheckIn.objects.filter(owner_id=user_id), since)
        .order_by("week")
        .values_list("week", *ITEMS)
    )
)
_COUPLE_SERIES = Prepared(
    lambda partnership_id, since: (
        _recent(CheckIn.objects.filter(partnership_id=partnership_id, shared=True), since)
        .order_by("week")
        .values_list("owner_id", "week", *ITEMS)
    )
)


def own_series(user: User) -> list[Series]:
    """:func:`item_series` of the person's recent check-ins, read as plain values (no model
    objects, no notes): ``tests/web/test_series_reads.py`` holds the two equal."""
    rows = _OWN_SERIES(user_id=user.pk, since=_since())
    weeks = [row[0] for row in rows]
    return [
        Series(label=item, weeks=weeks, values=[_f(row[1 + k]) for row in rows])
        for k, item in enumerate(ITEMS)
    ]


def overall_by_person(checkins: Sequence[CheckIn], people: Sequence[User]) -> list[Series]:
    """Each partner's weekly overall (mean of the items they answered), shared weeks only."""
    return [
        Series(
            label=person.display_name,
            weeks=[c.week for c in checkins if c.owner_id == person.pk],
            values=[c.overall() for c in checkins if c.owner_id == person.pk],
        )
        for person in people
    ]


def couple_series(user: User, active: ActivePartnership) -> list[Series]:
    """:func:`overall_by_person` of the couple's recent shared check-ins, read as plain values
    (no model objects, no notes): ``tests/web/test_series_reads.py`` holds the two equal."""
    rows = _COUPLE_SERIES(partnership_id=active.partnership.pk, since=_since())

    def of(person: User) -> Series:
        mine = [row for row in rows if row[0] == person.pk]
        return Series(
            label=person.display_name,
            weeks=[row[1] for row in mine],
            values=[overall_of(row[2:]) for row in mine],
        )

    return [of(user), of(active.partner)]


def trend_series(user: User, active: ActivePartnership) -> tuple[list[Series], list[Series]]:
    """:func:`own_series` and :func:`couple_series` for Trends, from one read of her recent
    check-ins and the couple's shared ones (:func:`_trend_rows_rule`): the two reads had her shared
    weeks converted twice, in two statements. ``tests/web/test_series_reads.py`` holds each
    half equal to the read it replaces."""
    own, ours, _table = trend_reads(user, active)
    return own_item_series(own), ours


#: A chart table's rows: each week with its values, one a column (none where a column has none).
TableRows = list[tuple[date, list[float | None]]]


def trend_reads(
    user: User, active: ActivePartnership, *, monday: date | None = None
) -> tuple[list[tuple[Any, ...]], list[Series], TableRows | None]:
    """Her own recent check-ins' rows, as :func:`_trend_rows` reads them (her id, whether the
    row is one of the couple's shared ones, the week, then the six answers),
    :func:`couple_series` for Trends, and the rows of the couple's table
    (``trends.series_numbers`` of those two series), from one read. Trends writes her own
    table straight from her rows (``trends.own_numbers``), where the rows were turned into six
    columns and the table's rows made from the columns again (:func:`trend_series` makes the
    columns for whoever needs them); the couple's table's rows are made in the same pass as
    the couple's series, where a dictionary of each partner's weeks was made and the weeks
    sorted again (about 25 µs a view). They are none when the shared rows do not come in
    order of week and then of person, each once (as the statement orders them): the table is
    then made the general way. ``monday`` is this week's where she is, when the caller has it
    (:func:`this_week_where`)."""
    # The ids are read once, not once a row (``.pk`` is a property: 300 calls a view).
    rows, day = _trend_fetch(user.pk, active.partnership.pk, _since(monday))
    return _reads_of(rows, day, user, active.partner)


#: No week: unequal to any week a row holds (before the first row).
_NO_WEEK = object()


def _reads_of(
    rows: Iterable[tuple[Any, ...]],
    day: Callable[[Any], date] | None,
    user: User,
    partner: User,
) -> tuple[list[tuple[Any, ...]], list[Series], TableRows | None]:
    """:func:`trend_reads` of the rows :func:`_trend_fetch` gives: each row's week made a date
    by ``day`` (none: a date already), in this one pass over the rows. Her rows were made
    again with their weeks as dates (:func:`_trend_rows`), picked out of the rows in a second
    pass and the couple's counted in a third (about 25 µs a view for a year of both partners'
    rows, issue 15's twenty-third pass): here only her rows are made again, the partner's
    shared ones are counted as they come, and each week's text is made a date once for both
    partners' rows of it (the rows come in order of week). ``tests/web/test_trend_reads.py``
    holds this to the three passes it replaced, the weeks as texts or as dates.

    The couple's shared rows, each partner's weeks and overall in the same pass (a list of the
    shared rows, then one for each partner, then each overall through :func:`overall_of`, was
    about 10 µs more a view): the overall is the same sum of the answers given over their
    count, the answers whole numbers. Each row's columns are named one by one, as
    :func:`_trend_rows` names them. A row with all six answers (nearly every one) is added up
    as it stands: the same whole-number sum over six; one with an answer missing cannot be
    added up (none is no number) and is counted the general way. A tuple, a count and a
    filtered sum a row were about 30 µs a view for a year of both partners' rows (issue 15's
    twentieth pass, second wave)."""
    user_id, partner_id = user.pk, partner.pk
    own: list[tuple[Any, ...]] = []
    keep = own.append
    her_weeks: list[date] = []
    her_values: list[float | None] = []
    his_weeks: list[date] = []
    his_values: list[float | None] = []
    # The couple's table: a row a week with a value, her column first.
    table: TableRows = []
    last_week: date | None = None
    last_owner = 0
    in_order = True
    read: object = _NO_WEEK  # the last week as the row held it (a text on SQLite)
    week: Any = None  # and as a date
    for owner, ours, held, a, b, c, d, e, f in rows:
        if held != read:
            read = held
            week = held if day is None else day(held)
        if owner == user_id:
            keep((owner, ours, week, a, b, c, d, e, f))
            if not ours:
                continue
            weeks, values, place = her_weeks, her_values, 0
        elif ours and owner == partner_id:
            weeks, values, place = his_weeks, his_values, 1
        else:
            continue
        weeks.append(week)
        value: float | None
        try:
            value = (a + b + c + d + e + f) / 6
        except TypeError:  # an answer not given
            answers = (a, b, c, d, e, f)
            given = 6 - answers.count(None)
            value = sum(filter(None, answers)) / given if given else None
        values.append(value)
        # (week, owner) after the last: compared as they stand, where a pair made a row
        # and compared as a tuple was about 10 µs a view (issue 15's twenty-first pass).
        if last_week is not None and (
            week < last_week or (week == last_week and owner <= last_owner)
        ):
            in_order = False
        last_week, last_owner = week, owner
        if value is None:
            continue
        if not table or table[-1][0] != week:
            table.append((week, [None, None]))
        table[-1][1][place] = value
    return (
        own,
        [
            Series(label=user.display_name, weeks=her_weeks, values=her_values),
            Series(label=partner.display_name, weeks=his_weeks, values=his_values),
        ],
        table if in_order else None,
    )


def own_item_series(own: Sequence[tuple[Any, ...]]) -> list[Series]:
    """Her six series (one a question) from her rows as :func:`trend_reads` gives them."""
    weeks = [row[2] for row in own]
    # Each item's answers as a column of her rows (none without rows).
    columns = list(zip(*own, strict=True))[3:] if own else [() for _ in ITEMS]
    return [
        Series(label=item, weeks=weeks, values=_floats(columns[k])) for k, item in enumerate(ITEMS)
    ]


#: Each answer a check-in can hold, as the float a chart's series holds it.
AS_FLOAT: dict[int | None, float | None] = {None: None, **{n: float(n) for n in range(8)}}


def _floats(column: Sequence[int | None]) -> list[float | None]:
    """Each answer of ``column`` as a float (none as none): from :data:`AS_FLOAT`, and any
    other number as ``float`` makes it (``tests/web/test_series_reads.py``)."""
    try:
        return list(map(AS_FLOAT.__getitem__, column))
    except KeyError:
        return [None if value is None else float(value) for value in column]


#: Her recent check-ins (as :data:`_OWN_SERIES`) and the couple's recent shared ones (as
#: :data:`_COUPLE_SERIES`), each row with its author and whether it is one of the couple's
#: shared ones (1, or 0: shared in this partnership): the rule :func:`_trend_rows` is written
#: by hand from (``tests/web/test_trend_reads.py``).
def _trend_rows_rule(user_id: int, partnership_id: int, since: date) -> QuerySet[Any]:
    # Only the tests run it: a rule, not a read any page makes.
    ours = Case(When(partnership_id=partnership_id, shared=True, then=Value(1)), default=Value(0))
    return (
        _recent(
            CheckIn.objects.filter(
                Q(owner_id=user_id) | Q(partnership_id=partnership_id, shared=True)
            ),
            since,
        )
        .annotate(ours=ours)
        .order_by("week", "owner_id")
        .values_list("owner_id", "ours", "week", *ITEMS)
    )


#: The columns :func:`_trend_rows` reads, for their converters off SQLite: the second is
#: whether a row is the couple's (a whole number, as an answer is; it has no field of its own).
_ROW_FIELDS = known([_field(CheckIn, name) for name in ("owner", ITEMS[0], "week", *ITEMS)])


@kept_statement
def _trend_rows_statement(vendor: str) -> str:
    """:func:`_trend_rows_rule`'s statement, its table and columns named through ``_meta`` (on
    SQLite each week as its stored text). Whether a row is the couple's is worked out here, one
    column where the partnership and the flag were two, each compared in Python a row (about
    18 µs a view with the rows' making, issue 15's twentieth pass, second wave)."""
    owner, week = _column(CheckIn, "owner"), _column(CheckIn, "week")
    ours = f"({_column(CheckIn, 'partnership')} = %s AND {_column(CheckIn, 'shared')})"
    answers = ", ".join(_column(CheckIn, name) for name in ITEMS)
    return (
        f"SELECT {owner}, CASE WHEN {ours} THEN 1 ELSE 0 END, {_as_text(week, vendor)}, "
        f"{answers} FROM {connection.ops.quote_name(CheckIn._meta.db_table)} "
        f"WHERE (({owner} = %s OR {ours}) AND {week} >= %s) ORDER BY {week} ASC, {owner} ASC"
    )


def _trend_rows(user_id: int, partnership_id: int, since: date) -> list[tuple[Any, ...]]:
    """:func:`_trend_rows_rule`'s rows, from one hand-written statement (:func:`_trend_fetch`):
    through ``Prepared`` the ORM's rows and its converters of each row's week and flag took
    about 0.1 ms of 0.29 ms on the benchmark's Maya. On SQLite a week is stored as its ISO
    text, made a date here by ``date.fromisoformat`` (whether the row is the couple's is a
    whole number the statement works out). Trends reads them through :func:`trend_reads`,
    which makes each week a date as it counts the rows."""
    rows, day = _trend_fetch(user_id, partnership_id, since)
    if day is None:
        return rows
    # Each row's nine columns named one by one (the rows are held to the rule's by
    # ``tests/web/test_trend_reads.py``): a starred name made a list of the answers and the
    # tuple was made from it again, about 30-50 µs more a view for a year of both partners'
    # rows.
    return [
        (owner, ours, day(week), a, b, c, d, e, f) for owner, ours, week, a, b, c, d, e, f in rows
    ]


def _trend_fetch(
    user_id: int, partnership_id: int, since: date
) -> tuple[list[tuple[Any, ...]], Callable[[Any], date] | None]:
    """The rows of :func:`_trend_rows_rule`'s statement as the database gives them, and what
    makes a row's week a date: on SQLite each week is its stored ISO text, made a date by
    ``date.fromisoformat``; elsewhere each row has been through the fields' own converters
    (``frame.rawsql``) and its week is a date already (none). The connection is looked up
    once and the statement run, as :func:`_trend_notes` runs its own."""
    db = connections[DEFAULT_DB_ALIAS]
    vendor = db.vendor
    params = [partnership_id, user_id, partnership_id, db.ops.adapt_datefield_value(since)]
    rows = kept_rows(db, _trend_rows_statement(vendor), params)
    if vendor == "sqlite":
        return rows, date.fromisoformat
    convert = converting(_ROW_FIELDS)
    return [tuple(convert(row)) for row in rows], None


@dataclass(frozen=True)
class Carryover:
    """The over-time estimate for a couple, or why there is none yet."""

    result: VarResult | None
    null: PseudoCoupleNull | None
    shared_weeks: int
    reason: str  # "" (an estimate), "weeks", "pattern" or "power" (too few to tell yet)
    pairs: int = 0  # back-to-back weeks both shared


def carryover_digest(series: Sequence[Series]) -> str:
    """The digest of the numbers :func:`carryover` is made from: each side's weeks with a
    value (as week numbers, in order) and their values, each side's count first, in their
    eight-byte forms. It was the digest of ``repr`` of the same pairs, and writing a hundred
    floats out in decimal was most of the time Trends took to find a kept estimate (about
    0.1-0.2 ms a view). Two sets of numbers that ``repr`` tells apart give two digests here
    too (``tests/web/test_trends_cache.py``): a float's eight bytes fix its ``repr``."""
    digest = hashlib.sha256()
    for side in series:
        numbers, values = _in_order(side)
        count = len(numbers)
        digest.update(struct.pack(f"<q{count}q{count}d", count, *numbers, *values))
    return digest.hexdigest()


def _in_order(series: Series) -> tuple[list[int], list[float]]:
    """``sorted(_weekly(series).items())`` as two lists, the week numbers and their values:
    a side whose weeks come in order, each once (every side Trends reads), is taken as it
    comes, with no dictionary and no sorting (about 8 µs less a view); any other goes through
    :func:`_weekly` (``tests/web/test_trends_cache.py`` holds the two equal).

    A side with every week's value (nearly every one: a shared check-in with no answer given
    has none) has its week numbers worked out and their order checked in C (:func:`_numbers`,
    :func:`rising`), where a loop a week asked of each value whether it was there, made each
    number through a ``timedelta`` and compared each pair in a generator (about 5 µs a view
    for a year of both partners' weeks; issue 15's twenty-second pass)."""
    weeks, values = series.weeks, series.values
    if len(weeks) != len(values):
        raise ValueError("a side's weeks and values differ in number")
    given: list[float]
    if None in values:  # the weeks with a value, one by one
        kept = [
            (week, value) for week, value in zip(weeks, values, strict=True) if value is not None
        ]
        weeks, given = [week for week, _v in kept], [value for _w, value in kept]
    else:
        given = cast("list[float]", list(values))  # none is None
    numbers = _numbers(weeks)
    if rising(numbers):
        return numbers, given
    found = sorted(_weekly(series).items())
    return [number for number, _n in found], [value for _n, value in found]


#: :data:`EPOCH` as ``date.toordinal`` counts days.
_EPOCH_DAY = EPOCH.toordinal()


def _numbers(weeks: Iterable[date]) -> list[int]:
    """:func:`week_number` of each of ``weeks``, worked out in C: the days from
    :data:`EPOCH` are the difference of the two ordinals, as ``date`` subtracts them."""
    return list(map(floordiv, map(sub, map(date.toordinal, weeks), repeat(_EPOCH_DAY)), repeat(7)))


def rising(items: Sequence[Any]) -> bool:
    """Whether each of ``items`` is greater than the one before it (so none is there twice):
    each pair compared in C, where a generator over ``itertools.pairwise`` ran a step of
    Python a pair (issue 15's twenty-second pass)."""
    return all(map(lt, items, islice(items, 1, None)))


def _weekly(series: Series) -> dict[int, float]:
    return {
        week_number(w): v for w, v in zip(series.weeks, series.values, strict=True) if v is not None
    }


def carryover(series: Sequence[Series], simulations: int = NULL_SIMULATIONS) -> Carryover:
    """Lag-1 VAR on both partners' weekly overall, beside what chance gives for this couple.

    Chance is :func:`no_link_null`: series like the couple's own (their inertia, their
    same-week closeness, their missing weeks) with no carry-over, fitted the same way. Below
    :data:`MIN_PAIRS_TO_TELL` pairs of back-to-back weeks the estimate is not shown at all
    (``reason="power"``): a real link of a clear size would still be missed more often than
    found, so a figure would mostly describe noise.
    """
    a, b = (_weekly(s) for s in series)
    shared = len(set(a) & set(b))
    if shared < MIN_VAR_WEEKS + 1:
        return Carryover(None, None, shared, "weeks")
    try:
        result = fit_couple(a, b, min_pairs=MIN_VAR_WEEKS)
    except VarError:
        return Carryover(None, None, shared, "pattern")
    if result.n_pairs < MIN_PAIRS_TO_TELL:
        return Carryover(None, None, shared, "power", pairs=result.n_pairs)
    try:
        null = no_link_null(a, b, simulations=simulations, min_pairs=MIN_VAR_WEEKS)
    except VarError:
        null = None
    return Carryover(result, null, shared, "", pairs=result.n_pairs)


#: What a shared cache that stalls or went away raises (Redis' own errors, a socket's): the
#: trends page then works without it rather than failing (the deployer audit).
CACHE_FAILURES: tuple[type[BaseException], ...] = (RedisError, OSError)


def couple_carryover(
    user: User, active: ActivePartnership, series: list[Series] | None = None
) -> Carryover:
    """:func:`carryover` for the couple as this person sees it, kept in the shared cache and
    remembered in this process in front of it (:data:`REMEMBERED`), under the same key.

    The key is a digest of the very numbers the estimate is made from (each partner's weekly
    overall, this person's first), so it cannot go stale whoever wrote a check-in and however:
    a new, changed, unshared or erased check-in is a different key. Nothing in the key names
    the couple. A caller that has read :func:`couple_series` already passes it as ``series``.
    """
    series = couple_series(user, active) if series is None else series
    digest = carryover_digest(series)
    with _remembered_lock:
        kept = _remembered.get(digest)
        if kept is not None and kept[1] > time_monotonic():
            _remembered.move_to_end(digest)
            return kept[0]
    key = f"carryover:{digest}"
    found: Carryover | None
    try:
        found = cache.get(key, version=CARRYOVER_CACHE_VERSION)
    except CACHE_FAILURES:  # the cache holds nothing that cannot be made again: make it
        found = carryover(series)
    else:
        if found is None:
            found = carryover(series)
            with contextlib.suppress(*CACHE_FAILURES):
                cache.set(key, found, CARRYOVER_CACHE_SECONDS, version=CARRYOVER_CACHE_VERSION)
    _remember(digest, found)
    return found


#: Estimates this process has found, by the same digest as the shared cache's key (of the very
#: numbers each was made from, naming no couple), the most recently used last, at most
#: :data:`REMEMBERED`: bounded as the charts' memory is (``charts.drawing``), and emptied where
#: it is (:func:`forget_estimates`). Taking an estimate from the shared cache was about
#: 70-100 µs of every Trends view (the cache's ``get``, most of it unpickling the estimate's
#: 800 chance figures); the estimate is frozen all through, so one object serves every view
#: that asks for the same numbers. Whether it is here turns only on numbers the two partners
#: both see on the page (each one's shared weekly overall), as the shared cache's does. Each is
#: kept with the moment it is forgotten, as long as the shared cache keeps it
#: (:data:`CARRYOVER_CACHE_SECONDS`: docs/data-rights.md says it is forgotten within a day).
REMEMBERED = 256
_remembered: OrderedDict[str, tuple[Carryover, float]] = OrderedDict()
_remembered_lock = threading.Lock()


def _remember(digest: str, found: Carryover) -> None:
    with _remembered_lock:
        _remembered[digest] = (found, time_monotonic() + CARRYOVER_CACHE_SECONDS)
        _remembered.move_to_end(digest)
        while len(_remembered) > REMEMBERED:
            _remembered.popitem(last=False)


def forget_estimates() -> None:
    """Empty this process's memory of estimates (the shared cache is emptied apart)."""
    with _remembered_lock:
        _remembered.clear()
