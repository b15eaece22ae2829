"""The only ways decisions are read for a requesting person.

A decision is reachable only through the person's *current* partnership: someone else's, or
one from a partnership that has ended, answers ``Http404``. A person reads only their own
rating row; the partner's is used solely to build the combined view.
"""

from __future__ import annotations

from dataclasses import dataclass

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
    decision = _DECISION.first(decision_id=decision_id, partnership_id=active.partnership.pk)
    if decision is None:
        raise Http404
    mine = RATING.first(decision_id=decision.pk, user_id=user.pk)
    return DecisionAccess(decision=decision, active=active, mine=mine)


def own_rated_ids(user: User, decisions: list[Decision]) -> set[int]:
    """Which of these decisions the user has rated (their own rows only)."""
    return set(_RATED(user_id=user.pk, decision_ids=[d.pk for d in decisions]))


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
#: One person's rating of one decision (at most one).
RATING = Prepared(
    lambda decision_id, user_id: Rating.objects.filter(
        decision_id=decision_id, user_id=user_id
    ).order_by("pk")[:1]
)
_RATED = Prepared(
    lambda user_id, decision_ids: Rating.objects.filter(
        user_id=user_id, decision_id__in=decision_ids
    ).values_list("decision_id", flat=True)
)
