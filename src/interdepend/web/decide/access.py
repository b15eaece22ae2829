"""The only ways decisions are read for a requesting person.

A decision is reachable only through the person's *current* partnership: someone else's, or
one from a partnership that has ended, answers ``Http404``. A person reads only their own
rating row; the partner's is read in the same statement and kept only once hers is saved,
solely to build the combined view.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection
from django.db.models import Count, Q
from django.http import Http404

from interdepend.web.accounts.models import User
from interdepend.web.decide.models import Decision, Rating
from interdepend.web.frame.prepared import Prepared
from interdepend.web.frame.rawsql import converted, known
from interdepend.web.frame.sqlite3 import kept_statement
from interdepend.web.partners.access import (
    ACTIVE_FIELDS,
    ACTIVE_WIDTH,
    ActivePartnership,
    access_active_partnership,
    active_from,
    active_statement,
)


@dataclass(frozen=True)
class DecisionAccess:
    decision: Decision
    active: ActivePartnership
    mine: Rating | None
    #: The partner's rating, only once hers is saved (``None`` before, whatever he did): all
    #: the combined view is built from, and never shown as numbers.
    theirs: Rating | None = None


def access_decisions(user: User) -> tuple[ActivePartnership | None, list[Decision]]:
    """The user's current partnership and its decisions, newest first."""
    active = access_active_partnership(user)
    if active is None:
        return None, []
    return active, _DECISIONS(partnership_id=active.partnership.pk)


def access_decision(user: User, decision_id: str) -> DecisionAccess:
    """The decision ``decision_id`` of her current partnership, with that partnership, her
    partner, her own rating of it and, once hers is saved, her partner's, in one hand-written
    statement (issue 15's seventeenth pass: it was her partnership, then
    ``_DECISION_AND_MINE``; the eighteenth joined the partner's rating, which was a read of its
    own once she had rated). The statement is her current
    partnership's (``partners.access``) with the decision and her rating joined on where found:
    one row whenever she has a current partnership, whatever the id, so another couple's
    decision, an ended partnership's and no decision at all answer ``Http404`` alike, and none
    reads more or less than another; the partner's rating is read whether or not either has
    rated, and dropped here while hers is missing. ``tests/web/test_decide_reads.py`` holds it
    to the separate reads for every persona over random histories."""
    with connection.cursor() as cursor:
        cursor.execute(_decision_statement(), [decision_id, user.pk])
        row = cursor.fetchone()
    if row is None:
        raise Http404
    values = converted(row, _ALL_FIELDS)
    cut_decision = ACTIVE_WIDTH + len(_DECISION_FIELDS)
    cut_mine = cut_decision + len(_RATING_READ)
    if values[ACTIVE_WIDTH] is None:  # the decision's id: not one of her current partnership's
        raise Http404
    active = active_from(values)
    decision = Decision.from_db(
        connection.alias, _DECISION_NAMES, values[ACTIVE_WIDTH:cut_decision]
    )
    mine = _rating_of(decision, user.pk, values[cut_decision:cut_mine])
    theirs = None if mine is None else _rating_of(decision, active.partner.pk, values[cut_mine:])
    return DecisionAccess(decision=decision, active=active, mine=mine, theirs=theirs)


_DECISION_FIELDS = tuple(Decision._meta.concrete_fields)
#: What :class:`Rating` holds beside its decision and person, read with the decision
#: (``test_decide_reads`` fails if a field is added and not read here).
_RATING_FIELDS = ("id", "for_self", "for_partner", "rated_at")
_RATING_READ = tuple(
    f for name in _RATING_FIELDS for f in Rating._meta.concrete_fields if f.name == name
)
_DECISION_NAMES = [f.attname for f in _DECISION_FIELDS]
#: Every column of the statement, in its order, through the fields' own converters.
_ALL_FIELDS = known(ACTIVE_FIELDS + _DECISION_FIELDS + _RATING_READ + _RATING_READ)


def _rating_of(decision: Decision, user_id: int, read: list[Any]) -> Rating | None:
    """Her rating's columns read with the decision, as a rating row, or None."""
    if read[0] is None:
        return None
    named = dict(zip(_RATING_FIELDS, read, strict=True))
    named |= {"decision_id": decision.pk, "user_id": user_id}
    # Every field, in the model's order, as ``from_db`` takes a whole row.
    names = [f.attname for f in Rating._meta.concrete_fields]
    rating = Rating.from_db(decision._state.db, names, [named[name] for name in names])
    rating.decision = decision  # the row it was read with, as a select_related would give
    return rating


@kept_statement
def _decision_statement() -> str:
    """Her current partnership (``partners.access.active_statement``) with the decision of
    that partnership by its public id, her own rating of it (``r``) and her partner's (``t``,
    ``u`` being the partner) left-joined: at most one row (one rating per person and
    decision), the decision's columns null when it is not the partnership's."""
    q = connection.ops.quote_name
    columns = [f"d.{q(f.column)}" for f in _DECISION_FIELDS]
    columns += [f"r.{q(f.column)}" for f in _RATING_READ]
    columns += [f"t.{q(f.column)}" for f in _RATING_READ]
    joins = f"""
        LEFT JOIN {q(Decision._meta.db_table)} d ON d.partnership_id = p.id AND d.public_id = %s
        LEFT JOIN {q(Rating._meta.db_table)} r ON r.decision_id = d.id
                                               AND r.user_id = mine.user_id
        LEFT JOIN {q(Rating._meta.db_table)} t ON t.decision_id = d.id AND t.user_id = u.id"""
    return active_statement(columns, joins)


@dataclass(frozen=True)
class DecisionRow:
    """A decision as the list shows it: its address, title and day, and two counts of its
    ratings. Read as plain values, not as a model row with its options (a list decoded from
    JSON that the list never shows): about half the read's time (issue 15's twelfth pass)."""

    public_id: str
    title: str
    created_at: datetime
    mine: int
    rated: int


def decision_rows(user: User) -> tuple[ActivePartnership | None, list[DecisionRow]]:
    """As :func:`access_decisions`, each decision with two counts of its ratings, read in the
    same statement: ``mine``, whether the user has rated it (their own row, 0 or 1), and
    ``rated``, how many have (so whether both have, which is all the list shows of the other's
    rating, as the decision's page does)."""
    active = access_active_partnership(user)
    if active is None:
        return None, []
    rows = _DECISION_ROWS(partnership_id=active.partnership.pk, user_id=user.pk)
    return active, [DecisionRow(*row) for row in rows]


_DECISIONS = Prepared(
    lambda partnership_id: Decision.objects.filter(partnership_id=partnership_id).order_by(
        "-created_at"
    )
)
_DECISION_ROWS = Prepared(
    lambda partnership_id, user_id: (
        Decision.objects.filter(partnership_id=partnership_id)
        .annotate(mine=Count("ratings", filter=Q(ratings__user_id=user_id)), rated=Count("ratings"))
        .order_by("-created_at")
        .values_list("public_id", "title", "created_at", "mine", "rated")
    ),
    "decision rows",
)
