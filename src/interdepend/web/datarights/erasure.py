"""What an app's ``personal.erase`` needs to know: which partnership is the current one.

Erasure keeps a person's words only with a *current* partner who co-wrote them (see
docs/data-rights.md, "What stays with whom"). The apps erase while the person's active
partnership is still active (the partners app ends it last), so they can tell the two apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from interdepend.web.accounts.models import User
from interdepend.web.partners.access import access_active_partnership
from interdepend.web.partners.models import Partnership


@dataclass(frozen=True)
class PartnershipsOf:
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
