"""Partnerships' part of a person's data rights (see :mod:`interdepend.web.datarights.providers`).

The export holds the person's own memberships, the dates of those partnerships (never who the
partner was), the invitations they made (never the code or its digest) and their failed code
look-ups. Un-sharing withdraws open invitations, so a code already given out cannot link anyone
after a safety reset. Erasure ends the active partnership (quietly, as leaving does), then
removes the person's memberships and any partnership nobody is left in; of the invitations
the person made that someone else had opened, only the code's digest and the opener's key stay
(:class:`~interdepend.web.partners.models.SpentCode`), so the code answers the opener as before.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef

from interdepend.web.accounts.models import User
from interdepend.web.frame.exportrows import Tables, rows, table
from interdepend.web.partners.models import (
    GuessAttempt,
    Invitation,
    InvitationState,
    Membership,
    Partnership,
    SpentCode,
)


def _guesses(user: User) -> str:
    return f"user:{user.pk}"


def export(user: User) -> Tables:
    return {
        table(Membership): rows(Membership.objects.filter(user=user)),
        table(Partnership): rows(Partnership.objects.filter(members__user=user)),
        table(Invitation): rows(
            Invitation.objects.filter(inviter=user), exclude=("code_digest", "opened_by")
        ),
        # When she typed a code that matched none; the key it is counted under is her account's
        # number, which never leaves the database (the data audit found "user:5").
        table(GuessAttempt): rows(
            GuessAttempt.objects.filter(key=_guesses(user)), exclude=("key",)
        ),
    }


def unshare_all(user: User) -> int:
    """Withdraw every open invitation of the person."""
    return Invitation.objects.filter(inviter=user, state=InvitationState.OPEN).update(
        state=InvitationState.WITHDRAWN
    )


def erase(user: User) -> None:
    """Runs after the apps that build on partnerships, so while they erase, the person's
    current partnership is still active: they can tell the current partner from an ex."""
    from interdepend.web.partners.services import account_key, codes_spent, partnership_leave

    partnership_leave(user=user, erasing=True)
    # Her codes someone opened answer him as before; what his opening left goes with him.
    codes_spent(Invitation.objects.filter(inviter=user).values_list("code_digest", "opened_by"))
    SpentCode.objects.filter(opened_by=account_key(user)).delete()
    GuessAttempt.objects.filter(key=_guesses(user)).delete()
    mine = list(Partnership.objects.filter(members__user=user).values_list("pk", flat=True))
    Membership.objects.filter(user=user).delete()
    anyone_left = Membership.objects.filter(partnership=OuterRef("pk"))
    Partnership.objects.filter(pk__in=mine).exclude(Exists(anyone_left)).delete()
