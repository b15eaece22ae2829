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
    decisions = Decision.objects.filter(partnership=active.partnership).order_by("-created_at")
    return active, list(decisions)


def access_decision(user: User, decision_id: str) -> DecisionAccess:
    active = access_active_partnership(user)
    if active is None:
        raise Http404
    try:
        decision = Decision.objects.get(public_id=decision_id, partnership=active.partnership)
    except Decision.DoesNotExist:
        raise Http404 from None
    mine = Rating.objects.filter(decision=decision, user=user).first()
    return DecisionAccess(decision=decision, active=active, mine=mine)


def own_rated_ids(user: User, decisions: list[Decision]) -> set[int]:
    """Which of these decisions the user has rated (their own rows only)."""
    return set(
        Rating.objects.filter(user=user, decision__in=decisions).values_list(
            "decision_id", flat=True
        )
    )
