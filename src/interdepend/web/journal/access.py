"""The only ways journal entries are read for a requesting user.

A person reads their own entries. Their partner reads only the entries they shared in the
partnership that is active *now*, read fresh on every request: after an unlink, nothing shared
before is visible, to either of them. Anyone else's entry answers ``Http404``.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from interdepend.web.accounts.models import User
from interdepend.web.journal.models import Entry
from interdepend.web.partners.access import ActivePartnership


def own_entries(user: User) -> QuerySet[Entry]:
    return Entry.objects.filter(owner=user).order_by("-created_at", "-pk")


def access_own_entry(user: User, entry_id: str) -> Entry:
    found = Entry.objects.filter(owner=user, public_id=entry_id).select_related("owner").first()
    if found is None:
        raise Http404
    return found


def shared_with_me(active: ActivePartnership | None) -> QuerySet[Entry]:
    """What the current partner shared with the user in this partnership (nothing else)."""
    if active is None:
        return Entry.objects.none()
    return Entry.objects.filter(
        owner=active.partner,
        shared_with_partner=True,
        shared_partnership=active.partnership,
    ).order_by("-created_at", "-pk")
