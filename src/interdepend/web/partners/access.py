"""The only ways partnership data is read for a requesting user.

Someone else's object is never returned: the helpers answer ``Http404``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404
from django.utils import timezone

from interdepend.web.accounts.models import User
from interdepend.web.partners.models import Invitation, InvitationState, Membership, Partnership


@dataclass(frozen=True)
class ActivePartnership:
    partnership: Partnership
    partner: User


def access_active_partnership(user: User) -> ActivePartnership | None:
    """The user's current partnership and partner, read fresh on every request (one query:
    the other active membership of a live partnership in which the user is active too)."""
    other = (
        Membership.objects.filter(
            is_active=True,
            partnership__ended_at__isnull=True,
            partnership__members__user=user,
            partnership__members__is_active=True,
        )
        .exclude(user=user)
        .select_related("partnership", "user")
        .first()
    )
    if other is None:
        return None
    return ActivePartnership(partnership=other.partnership, partner=other.user)


def access_partner(user: User) -> User | None:
    active = access_active_partnership(user)
    return active.partner if active else None


def access_own_invitation(user: User, invitation_id: int) -> Invitation:
    try:
        return Invitation.objects.get(pk=invitation_id, inviter=user)
    except Invitation.DoesNotExist:
        raise Http404 from None


def access_own_history(user: User) -> list[Membership]:
    """The user's own past memberships, newest first (never anyone else's)."""
    return list(
        Membership.objects.filter(user=user, is_active=False)
        .select_related("partnership")
        .order_by("-joined_at")
    )


def has_open_invitation(user: User) -> bool:
    return Invitation.objects.filter(
        inviter=user, state=InvitationState.OPEN, expires_at__gt=timezone.now()
    ).exists()


def open_invitations(user: User) -> list[Invitation]:
    return [
        invitation
        for invitation in Invitation.objects.filter(
            inviter=user, state=InvitationState.OPEN
        ).order_by("-created_at")
        if invitation.is_usable()
    ]
