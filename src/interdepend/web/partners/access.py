"""The only ways partnership data is read for a requesting user.

Someone else's object is never returned: the helpers answer ``Http404``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.http import Http404

from interdepend.web.accounts.models import User
from interdepend.web.frame.prepared import Prepared
from interdepend.web.frame.rawsql import converted, known, made
from interdepend.web.frame.sqlite3 import kept_rows, kept_statement
from interdepend.web.partners.models import Invitation, InvitationState, Membership, Partnership


@dataclass(frozen=True)
class ActivePartnership:
    partnership: Partnership
    partner: User


def access_active_partnership(user: User) -> ActivePartnership | None:
    """The user's current partnership and partner, read fresh on every request: the first other
    active membership (by id) of a live partnership in which the user is active too.

    Nearly every page asks this, so it is one hand-written statement (about 0.1 ms) rather than
    a queryset the ORM builds anew each time (about 2 ms); the rows come back as model instances
    through the backend's own converters. ``tests/web/test_hand_written_reads.py`` holds it equal
    to the same rule written as a queryset, for every persona and for random histories. It is
    run by ``frame.sqlite3.kept_rows`` (on SQLite without Django's cursor around it, unless
    anyone is logging or watching the statements; it reads one row at most: issue 15's
    twenty-fourth pass).
    """
    rows = kept_rows(connections[DEFAULT_DB_ALIAS], _active_statement(), [user.pk])
    if not rows:
        return None
    return active_from(converted(rows[0], ACTIVE_FIELDS))


def has_active_partnership(user: User) -> bool:
    """Whether :func:`access_active_partnership` finds a partnership: its statement, run as it
    runs it (the same rule, the same statement whatever the partnerships are), with nothing
    made of the row. A page that only asks whether there is one (the result page's "What
    next") made both models and converted every column for a yes or no (about 20 µs in a
    loop; issue 15's twentieth pass)."""
    return bool(kept_rows(connections[DEFAULT_DB_ALIAS], _active_statement(), [user.pk]))


_PARTNERSHIP_FIELDS = tuple(Partnership._meta.concrete_fields)
#: What pages use of the partner's account: his number and the name he goes by. Nothing else of
#: it is read on every page (not his password's hash, his e-mail address or his sign-in times:
#: about 17 columns less to fetch, convert and set, issue 15's eighteenth pass); every other
#: field is left deferred, so a caller that asks for one still gets it, read by Django then.
PARTNER_READ = ("id", "display_name")
#: The partner's columns read, in the model's order (``Model.from_db`` takes them so).
_USER_FIELDS = tuple(f for f in User._meta.concrete_fields if f.attname in PARTNER_READ)
_PARTNERSHIP_NAMES = [f.attname for f in _PARTNERSHIP_FIELDS]
_USER_NAMES = [f.attname for f in _USER_FIELDS]
#: The current partnership's columns and its partner's, in the order the statement reads them.
ACTIVE_FIELDS = known(_PARTNERSHIP_FIELDS + _USER_FIELDS)
#: How many values of a row :func:`active_from` takes.
ACTIVE_WIDTH = len(ACTIVE_FIELDS)


def active_from(values: list[Any]) -> ActivePartnership:
    """Her partnership and partner from the first :data:`ACTIVE_WIDTH` converted values of a
    row of :func:`active_statement` (the rest are the caller's). The partner holds only
    :data:`PARTNER_READ`; his other fields are deferred. Each is made as ``Model.from_db``
    makes it, its columns set at once (``frame.rawsql.made``): ``Model.__init__`` walked the
    partner's eighteen fields to set two, on nearly every page (about 20 µs a page; issue
    15's twenty-fifth pass)."""
    cut = len(_PARTNERSHIP_FIELDS)
    partnership = made(Partnership, _PARTNERSHIP_NAMES, values[:cut])
    partner = made(User, _USER_NAMES, values[cut:ACTIVE_WIDTH])
    return ActivePartnership(partnership=partnership, partner=partner)


def active_statement(columns: Sequence[str] = (), joins: str = "", *, grouped: bool = False) -> str:
    """Her current partnership's statement (``mine`` her membership, ``p`` the partnership,
    ``u`` the partner): the partnership's columns and the partner's that pages use
    (:data:`PARTNER_READ`), then ``columns``, with
    ``joins`` after the partner's (their parameters come before her id, the last one). A page
    that reads its own rows with her partnership (a decision: ``decide.access``) extends this
    one, so the rule of which partnership is current is written once. ``grouped``: each row of
    the rule made one group (by her membership, the partner's, the partnership and the
    partner, whose keys decide every column it reads), for ``columns`` that count the rows
    ``joins`` brings (a bid's month: ``together.selectors``)."""
    q = connection.ops.quote_name
    selected = [f"p.{q(f.column)}" for f in _PARTNERSHIP_FIELDS]
    selected += [f"u.{q(f.column)}" for f in _USER_FIELDS]
    selected += columns
    membership, partnership = q(Membership._meta.db_table), q(Partnership._meta.db_table)
    group = "\n        GROUP BY mine.id, other.id, p.id, u.id" if grouped else ""
    return f"""
        SELECT {", ".join(selected)}
        FROM {membership} mine
        JOIN {partnership} p ON p.id = mine.partnership_id AND p.ended_at IS NULL
        JOIN {membership} other ON other.partnership_id = p.id AND other.is_active
                                AND other.user_id <> mine.user_id
        JOIN {q(User._meta.db_table)} u ON u.id = other.user_id{joins}
        WHERE mine.user_id = %s AND mine.is_active{group}
        ORDER BY other.id LIMIT 1
    """


@kept_statement
def _active_statement() -> str:
    return active_statement()


def access_partner(user: User) -> User | None:
    active = access_active_partnership(user)
    return active.partner if active else None


def access_own_invitation(user: User, invitation_id: str) -> Invitation:
    try:
        return Invitation.objects.get(public_id=invitation_id, inviter=user)
    except Invitation.DoesNotExist:
        raise Http404 from None


def linked_with(user: User, other: User) -> str:
    """Whether ``user`` and ``other`` are partners now ("now"), were in a partnership that has
    ended ("before"), or never were (""): asked only by ``user``'s own pages."""
    shared = Membership.objects.filter(
        user=other,
        partnership_id__in=Membership.objects.filter(user=user).values("partnership_id"),
    )
    if shared.filter(is_active=True, partnership__ended_at__isnull=True).exists():
        return "now"
    return "before" if shared.exists() else ""


def access_own_history(user: User) -> list[Membership]:
    """The user's own past memberships, newest first (never anyone else's)."""
    return _HISTORY(user_id=user.pk)


def open_invitations(user: User) -> list[Invitation]:
    return [invitation for invitation in _OPEN(user_id=user.pk) if invitation.is_usable()]


_HISTORY = Prepared(
    lambda user_id: (
        Membership.objects.filter(user_id=user_id, is_active=False)
        .select_related("partnership")
        .order_by("-joined_at")
    )
)
_OPEN = Prepared(
    lambda user_id: Invitation.objects.filter(
        inviter_id=user_id, state=InvitationState.OPEN
    ).order_by("-created_at")
)


@dataclass(frozen=True)
class PartnershipsOf:
    """A person's partnerships, told apart for erasure (see docs/data-rights.md, "What stays
    with whom"): a person's words stay only with a *current* partner who co-wrote them. The apps
    erase while the active partnership is still active (the partners app ends it last)."""

    #: The active partnership, whose other member is the current partner; None when alone.
    current: int | None
    #: Every partnership of the person that has ended: the other member is an ex.
    ended: tuple[int, ...]


def partnerships_of(user: User) -> PartnershipsOf:
    active = access_active_partnership(user)
    ended = Partnership.objects.filter(members__user=user).distinct()
    if active is None:
        return PartnershipsOf(None, tuple(ended.values_list("pk", flat=True)))
    current = active.partnership.pk
    return PartnershipsOf(current, tuple(ended.exclude(pk=current).values_list("pk", flat=True)))
