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

import functools
from dataclasses import dataclass
from datetime import datetime

from django.db import connection
from django.utils import timezone

from interdepend.web.accounts.models import User
from interdepend.web.assessment.models import Attempt
from interdepend.web.assessment.selectors import INVENTORY_ID
from interdepend.web.frame.rawsql import converted
from interdepend.web.partners.models import Invitation, InvitationState, Membership, Partnership
from interdepend.web.practice.models import Practitioner


@dataclass(frozen=True)
class HomeFacts:
    partner_id: int | None
    partner_name: str
    partnership_id: int | None
    has_open_invitation: bool
    latest_id: str | None
    latest_completed_at: datetime | None
    is_practitioner: bool


@functools.cache
def _statement() -> str:
    q = connection.ops.quote_name

    def table(model: type) -> str:
        return q(model._meta.db_table)  # type: ignore[attr-defined]

    user, membership = table(User), table(Membership)
    partnership, attempt = table(Partnership), table(Attempt)
    invitation, practitioner = table(Invitation), table(Practitioner)
    # The partner: the first other active membership of a live partnership in which the person
    # is active too (the same rule and order as ``access_active_partnership``). The latest
    # result: the newest finished take of the inventory, the later row first on a tie (as
    # ``latest_finished_attempt``). Its time is taken straight from the table's column, so it
    # goes through that field's converters.
    return f"""
        SELECT partner.id, partner.display_name, other.partnership_id, latest.public_id,
               latest.completed_at,
               EXISTS (SELECT 1 FROM {invitation} i
                       WHERE i.inviter_id = me.id AND i.state = %s AND i.expires_at > %s),
               EXISTS (SELECT 1 FROM {practitioner} pr WHERE pr.user_id = me.id)
        FROM {user} me
        LEFT JOIN {membership} other ON other.id = (
            SELECT m2.id FROM {membership} m1
            JOIN {partnership} p ON p.id = m1.partnership_id AND p.ended_at IS NULL
            JOIN {membership} m2 ON m2.partnership_id = p.id AND m2.is_active
                                 AND m2.user_id <> me.id
            WHERE m1.user_id = me.id AND m1.is_active
            ORDER BY m2.id LIMIT 1)
        LEFT JOIN {user} partner ON partner.id = other.user_id
        LEFT JOIN {attempt} latest ON latest.id = (
            SELECT a.id FROM {attempt} a
            WHERE a.user_id = me.id AND a.instrument_id = %s AND a.completed_at IS NOT NULL
            ORDER BY a.completed_at DESC, a.id DESC LIMIT 1)
        WHERE me.id = %s
    """


def home_facts(user: User) -> HomeFacts:
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(_statement(), [InvitationState.OPEN.value, now, INVENTORY_ID, user.pk])
        row = cursor.fetchone()
    if row is None:  # the account was deleted while the request was being served
        return HomeFacts(None, "", None, False, None, None, False)
    partner_id, partner_name, partnership_id, latest_id, completed_at, invited, practitioner = row
    (completed_at,) = converted([completed_at], [Attempt._meta.get_field("completed_at")])
    return HomeFacts(
        partner_id=partner_id,
        partner_name=partner_name or "",
        partnership_id=partnership_id,
        has_open_invitation=bool(invited),
        latest_id=latest_id,
        latest_completed_at=completed_at,
        is_practitioner=bool(practitioner),
    )
