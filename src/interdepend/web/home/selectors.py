"""What the home page needs to know about the signed-in person, read in one statement.

The home page is the busiest page, and its four facts (the current partner, a waiting
invitation, the latest finished result, the practitioner role) cost about 4 ms of CPU when the
ORM builds them as four querysets, against about 0.1 ms for the SQL itself. So they are read here
with one hand-written statement, following the same rules as ``access_active_partnership``,
``open_invitations`` (open and not yet expired), ``latest_finished_attempt`` and the
``Practitioner`` row.
``tests/web/test_hand_written_reads.py`` holds it equal to those rules written as querysets, for
every persona and for random histories. The menu's practitioner question, asked on every page,
is answered the same way (``interdepend.web.practice.selectors.is_practitioner``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils import timezone

from interdepend.web.accounts.models import User
from interdepend.web.assessment.models import Attempt
from interdepend.web.assessment.selectors import INVENTORY_IDS
from interdepend.web.couple.models import Reveal
from interdepend.web.daily.models import DailyAnswer
from interdepend.web.decide.models import Decision, Rating
from interdepend.web.frame.rawsql import converted, known
from interdepend.web.frame.sqlite3 import kept_rows, kept_statement
from interdepend.web.partners.models import Invitation, InvitationState, Membership, Partnership
from interdepend.web.practice.models import Practitioner
from interdepend.web.together.models import (
    Bid,
    Boundary,
    BoundaryEvent,
    BoundaryEventKind,
    BoundaryState,
    Commitment,
    CommitmentState,
)


@dataclass(frozen=True)
class Waiting:
    """What the partner has addressed to this person and is waiting on, and the person's own
    promises whose day came. Only what the addressee already sees on the pages it links to;
    nothing of the partner's private activity, and nothing about the question for today."""

    bids: int = 0
    boundaries: int = 0
    decisions: int = 0
    promises: int = 0
    their_promises: int = 0
    #: The person's own answer to the question for today: 0 none, 1 given, 2 open to both (both
    #: answered the shared question). Shown on the home page only, never counted as waiting.
    today: int = 0
    #: The menu's other question, read in the same statement (as ``is_practitioner``).
    is_practitioner: bool = False

    @property
    def total(self) -> int:
        return self.bids + self.boundaries + self.decisions + self.promises + self.their_promises


@dataclass(frozen=True)
class HomeFacts:
    partner_id: int | None
    partner_name: str
    partnership_id: int | None
    has_open_invitation: bool
    latest_id: str | None
    latest_completed_at: datetime | None
    waiting: Waiting
    #: Linked in the last :data:`NEW_LINK_DAYS` days and no result of theirs shown to the
    #: partner yet (``Reveal``): the home page's next step points to the couple view. Their own
    #: fact only, never the partner's; and only for a while, so that a person who chooses not
    #: to share is not asked again and again.
    new_link_unshown: bool = False

    @property
    def is_practitioner(self) -> bool:
        return self.waiting.is_practitioner


def _table(model: type) -> str:
    return connection.ops.quote_name(model._meta.db_table)  # type: ignore[attr-defined]


def _ours() -> str:
    """The person's current partnership and partner, by the same rule and order as
    ``access_active_partnership``: the first other active membership of a live partnership in
    which the person is active too."""
    membership, partnership = _table(Membership), _table(Partnership)
    return f"""ours AS (
            SELECT m1.partnership_id AS pid, m2.user_id AS partner_id
            FROM {membership} m1
            JOIN {partnership} p ON p.id = m1.partnership_id AND p.ended_at IS NULL
            JOIN {membership} m2 ON m2.partnership_id = p.id AND m2.is_active
                                 AND m2.user_id <> m1.user_id
            WHERE m1.user_id = %(me)s AND m1.is_active
            ORDER BY m2.id LIMIT 1)"""


#: The columns :func:`_waiting_row` reads, in order.
WAITING_COLUMNS = 7


def _waiting_columns() -> str:
    """What is waiting (see :class:`Waiting`), as columns over ``ours``; with no partner every
    count but the person's own promises is 0."""
    bid, boundary, event = _table(Bid), _table(Boundary), _table(BoundaryEvent)
    decision, rating, promise = _table(Decision), _table(Rating), _table(Commitment)
    answer, practitioner = _table(DailyAnswer), _table(Practitioner)
    # Each count names the partnership and the partner as scalars from ``ours``, so that the
    # database walks its index on (partnership, ...) rather than the whole table.
    pid, partner = "(SELECT pid FROM ours)", "(SELECT partner_id FROM ours)"
    return f"""
          (SELECT COUNT(*) FROM {bid} b
             WHERE b.partnership_id = {pid} AND b.owner_id = {partner} AND b.answer = ''),
          (SELECT COUNT(*) FROM {boundary} bd
             WHERE bd.partnership_id = {pid}
               AND ((bd.owner_id = {partner} AND bd.state = %(stated)s)
                    OR EXISTS (SELECT 1 FROM {event} e WHERE e.boundary_id = bd.id AND e.open
                               AND e.kind = %(proposed)s AND e.actor_id = {partner}))),
          (SELECT COUNT(*) FROM {decision} d
             WHERE d.partnership_id = {pid}
               AND NOT EXISTS (SELECT 1 FROM {rating} r
                               WHERE r.decision_id = d.id AND r.user_id = %(me)s)),
          (SELECT COUNT(*) FROM {promise} c
             WHERE c.owner_id = %(me)s AND c.state = %(open)s AND c.due_on <= %(today)s
               AND (c.partnership_id IS NULL OR c.partnership_id = {pid})),
          (SELECT COUNT(*) FROM {promise} c
             WHERE c.partnership_id = {pid} AND c.owner_id = {partner}
               AND c.state = %(open)s AND c.due_on <= %(their_today)s
               AND c.due_on >= %(fresh)s),
          (SELECT CASE WHEN a.id IS NULL THEN 0
                       WHEN a.partnership_id = {pid} AND EXISTS (
                            SELECT 1 FROM {answer} t WHERE t.partnership_id = {pid}
                            AND t.owner_id = {partner} AND t.day = a.day) THEN 2
                       ELSE 1 END
             FROM (SELECT 1 AS one) x
             LEFT JOIN {answer} a ON a.owner_id = %(me)s AND a.day = %(today)s),
          (SELECT COUNT(*) FROM {practitioner} pr WHERE pr.user_id = %(me)s)"""


@kept_statement
def _waiting_statement() -> str:
    return f"WITH {_ours()} SELECT {_waiting_columns()}"


@kept_statement
def _statement() -> str:
    user, attempt, invitation = _table(User), _table(Attempt), _table(Invitation)
    reveal, partnership = _table(Reveal), _table(Partnership)
    # The partner: from ``ours``. The latest result: the newest finished take of the inventory,
    # the later row first on a tie (as ``latest_finished_attempt``). Its time is taken straight
    # from the table's column, so it goes through that field's converters. Then what is waiting.
    return f"""
        WITH {_ours()}
        SELECT partner.id, partner.display_name, ours.pid, latest.public_id,
               latest.completed_at,
               EXISTS (SELECT 1 FROM {invitation} i
                       WHERE i.inviter_id = me.id AND i.state = %(invitation_open)s
                         AND i.expires_at > %(now)s),
               (EXISTS (SELECT 1 FROM {partnership} p
                        WHERE p.id = ours.pid AND p.started_at > %(new_link)s)
                AND NOT EXISTS (SELECT 1 FROM {reveal} r
                                WHERE r.partnership_id = ours.pid AND r.user_id = me.id)),
               {_waiting_columns()}
        FROM {user} me
        LEFT JOIN ours ON 1 = 1
        LEFT JOIN {user} partner ON partner.id = ours.partner_id
        LEFT JOIN {attempt} latest ON latest.id = (
            SELECT a.id FROM {attempt} a
            WHERE a.user_id = me.id AND a.instrument_id IN ({_versions()})
              AND a.completed_at IS NOT NULL
            ORDER BY a.completed_at DESC, a.id DESC LIMIT 1)
        WHERE me.id = %(me)s
    """


#: For this long after two people link, the home page points each to the couple view until they
#: show the other a result.
NEW_LINK_DAYS = 14

#: A partner's promise counts as waiting for the first days after its day came, not forever.
THEIR_PROMISE_DAYS = 7


#: The furthest behind UTC any place is (UTC-12): a date has begun everywhere once it has
#: begun there.
LATEST_OFFSET = timedelta(hours=12)


#: How far back a partner's promise still counts as waiting, as a span of days.
_FRESH = timedelta(days=THEIR_PROMISE_DAYS)

#: What the count names that is the same on every page.
_WAITING_FIXED: dict[str, int | str | None] = {
    "stated": BoundaryState.STATED.value,
    "proposed": BoundaryEventKind.PROPOSED.value,
    "open": CommitmentState.OPEN.value,
}


def _waiting_params(
    user_id: int, ops: BaseDatabaseOperations | None = None
) -> dict[str, int | str | None]:
    # One moment for both days, and the database's operations looked up once: each look at
    # the clock, the time zone or the connection goes through a per-request store, and this
    # runs on every page (the menu's count).
    now = timezone.now()
    # Her date: the moment in the zone her request set (``timezone.localdate`` without its
    # checks and second look at the zone: ``now`` is always aware; ``tests/web/test_waiting.py``
    # holds the two equal).
    today = now.astimezone(timezone.get_current_timezone()).date()
    # The partner's promise is due on the partner's calendar, whose zone this read does not
    # know: it counts once its day has begun everywhere, so it is never shown due before its
    # day came for the one who made it (a partner ahead in time saw it up to a day early).
    their_today = (now.astimezone(UTC) - LATEST_OFFSET).date()
    adapt = (ops or connection.ops).adapt_datefield_value
    return {
        "their_today": adapt(their_today),
        "me": user_id,
        **_WAITING_FIXED,
        "today": adapt(today),
        "fresh": adapt(today - _FRESH),
    }


def _waiting_row(values: Sequence[Any]) -> Waiting:
    bids, boundaries, decisions, promises, theirs, answered, practitioner = values
    return Waiting(
        bids=int(bids or 0),
        boundaries=int(boundaries or 0),
        decisions=int(decisions or 0),
        promises=int(promises or 0),
        their_promises=int(theirs or 0),
        today=int(answered or 0),
        is_practitioner=bool(practitioner),
    )


def waiting_for(user_id: int) -> Waiting:
    """One statement: the menu asks it on every page, with the practitioner question. The
    connection is looked up once (each ``connection.…`` goes through a per-request store), and
    the statement run by ``frame.sqlite3.kept_rows`` (on SQLite without Django's cursor around
    it, unless anyone is logging or watching the statements; its one row: issue 15's
    twenty-fourth pass)."""
    db = connections[DEFAULT_DB_ALIAS]
    rows = kept_rows(db, _waiting_statement(), _waiting_params(user_id, db.ops))
    return Waiting() if not rows else _waiting_row(rows[0])


def _versions() -> str:
    """Placeholders for every inventory version whose results count (as ``finished_attempts``)."""
    return ", ".join(f"%(inventory{n})s" for n in range(len(INVENTORY_IDS)))


#: The one column the home page's statement converts (its latest result's date).
_COMPLETED_AT = known([Attempt._meta.get_field("completed_at")])


def home_facts(user: User) -> HomeFacts:
    """The home page's facts and what is waiting, in one statement."""
    now = timezone.now()
    params = {
        **_waiting_params(user.pk),
        "invitation_open": InvitationState.OPEN.value,
        "now": connection.ops.adapt_datetimefield_value(now),
        "new_link": connection.ops.adapt_datetimefield_value(now - timedelta(days=NEW_LINK_DAYS)),
        **{f"inventory{n}": instrument_id for n, instrument_id in enumerate(INVENTORY_IDS)},
    }
    with connection.cursor() as cursor:
        cursor.execute(_statement(), params)
        row = cursor.fetchone()
    if row is None:  # the account was deleted while the request was being served
        return HomeFacts(None, "", None, False, None, None, Waiting())
    partner_id, partner_name, partnership_id, latest_id, completed_at, invited, unshown = row[:7]
    (completed_at,) = converted([completed_at], _COMPLETED_AT)
    return HomeFacts(
        partner_id=partner_id,
        partner_name=partner_name or "",
        partnership_id=partnership_id,
        has_open_invitation=bool(invited),
        latest_id=latest_id,
        latest_completed_at=completed_at,
        waiting=_waiting_row(row[7 : 7 + WAITING_COLUMNS]),
        new_link_unshown=bool(unshown),
    )
