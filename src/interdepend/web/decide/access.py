"""The only ways decisions are read for a requesting person.

A decision is reachable only through the person's *current* partnership: someone else's, or
one from a partnership that has ended, answers ``Http404``. A person reads only their own
rating row; the partner's is used solely to build the combined view.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, F, FilteredRelation, Q
from django.http import Http404

from interdepend.web.accounts.models import User
from interdepend.web.decide.models import Decision, Rating
from interdepend.web.frame.prepared import Prepared
from interdepend.web.partners.access import ActivePartnership, access_active_partnership


@dataclass(frozen=True)
class DecisionAccess:
    decision: Decision
    active: ActivePartnership
    mine: Rating | None


def access_decisions(user: User) -> tuple[ActivePartnership | None, list[Decision]]:
    """The user's current partnership and its decisions, newest first."""
    active = access_active_partnership(user)
    if active is None:
        return None, []
    return active, _DECISIONS(partnership_id=active.partnership.pk)


def access_decision(user: User, decision_id: str) -> DecisionAccess:
    active = access_active_partnership(user)
    if active is None:
        raise Http404
    found = _DECISION_AND_MINE.first(
        decision_id=decision_id, partnership_id=active.partnership.pk, user_id=user.pk
    )
    if found is None:
        raise Http404
    return DecisionAccess(decision=found, active=active, mine=_rating_in(found, user.pk))


#: What :class:`Rating` holds beside its decision and person, read with the decision as
#: ``mine_<name>`` (``test_decide_reads`` fails if a field is added and not read here).
_RATING_FIELDS = ("id", "for_self", "for_partner", "rated_at")


def _rating_in(decision: Decision, user_id: int) -> Rating | None:
    """Her rating read with the decision (``_DECISION_AND_MINE``), as a rating row, or None."""
    read = {name: getattr(decision, f"mine_{name}") for name in _RATING_FIELDS}
    for name in _RATING_FIELDS:
        delattr(decision, f"mine_{name}")
    if read["id"] is None:
        return None
    read |= {"decision_id": decision.pk, "user_id": user_id}
    # Every field, in the model's order, as ``from_db`` takes a whole row.
    names = [f.attname for f in Rating._meta.concrete_fields]
    rating = Rating.from_db(decision._state.db, names, [read[name] for name in names])
    rating.decision = decision  # the row it was read with, as a select_related would give
    return rating


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
#: Public ids are unique: one row at most.
_DECISION = Prepared(
    lambda decision_id, partnership_id: Decision.objects.filter(
        public_id=decision_id, partnership_id=partnership_id
    )[:1]
)
#: A decision of the partnership with her own rating of it (at most one: ``rating_once_per_
#: person``), in one statement where it took two (``_DECISION``, then ``RATING``; issue 15's
#: fourteenth pass). Only her own row is joined; the partner's is read as before, once hers
#: is saved.
_DECISION_AND_MINE = Prepared(
    lambda decision_id, partnership_id, user_id: (
        Decision.objects.filter(public_id=decision_id, partnership_id=partnership_id)
        .annotate(mine=FilteredRelation("ratings", condition=Q(ratings__user_id=user_id)))
        .annotate(**{f"mine_{name}": F(f"mine__{name}") for name in _RATING_FIELDS})[:1]
    ),
    "a decision and her rating",
)
#: One person's rating of one decision (at most one).
RATING = Prepared(
    lambda decision_id, user_id: Rating.objects.filter(
        decision_id=decision_id, user_id=user_id
    ).order_by("pk")[:1]
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
