"""The only ways journal entries are read for a requesting user.

A person reads their own entries. Their partner reads only the entries they shared in the
partnership that is active *now*, read fresh on every request: after an unlink, nothing shared
before is visible, to either of them. A practitioner reads only what
:func:`practitioner_entries` lets through. Anyone else's entry answers ``Http404``.
"""

from __future__ import annotations

from django.db.models import F, QuerySet
from django.http import Http404

from interdepend.web.accounts.models import User
from interdepend.web.frame.prepared import Prepared
from interdepend.web.journal.models import Entry, PractitionerShare
from interdepend.web.partners.access import ActivePartnership
from interdepend.web.practice.models import ClientLink, Scope


def own_entries(user: User) -> QuerySet[Entry]:
    return Entry.objects.filter(owner=user).order_by("-created_at", "-pk")


_OWN_ENTRY = Prepared(
    lambda owner_id, entry_id: (
        Entry.objects.filter(owner_id=owner_id, public_id=entry_id)
        .select_related("owner")
        .order_by("pk")[:1]
    )
)


def access_own_entry(user: User, entry_id: str) -> Entry:
    found = _OWN_ENTRY.first(owner_id=user.pk, entry_id=entry_id)
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


def journal_links(user: User) -> list[ClientLink]:
    """The person's active practitioner links holding their live consent to the journal scope:
    the only practitioners an entry can be shared with."""
    return _JOURNAL_LINKS(client_id=user.pk)


_JOURNAL_LINKS = Prepared(
    lambda client_id: (
        ClientLink.objects.filter(
            client_id=client_id,
            is_active=True,
            consents__scope=Scope.JOURNAL,
            consents__revoked_at__isnull=True,
        )
        .select_related("practitioner__user")
        .order_by("started_at", "pk")
    )
)


def readable_shares() -> QuerySet[PractitionerShare]:
    """Shares a practitioner may read now: (a) the entry is shared with that link, by its
    owner, (b) the link is active, (c) the owner's live journal consent on that link was
    granted before the share was made (a later grant brings no older share back)."""
    return PractitionerShare.objects.filter(
        entry__owner=F("link__client"),
        link__is_active=True,
        link__consents__scope=Scope.JOURNAL,
        link__consents__revoked_at__isnull=True,
        link__consents__granted_at__lte=F("shared_at"),
    )


def practitioner_entries(link: ClientLink) -> QuerySet[Entry]:
    """The entries the practitioner of ``link`` reads through it right now, newest first."""
    shared = readable_shares().filter(link=link).values("entry_id")
    return Entry.objects.filter(pk__in=shared).order_by("-created_at", "-pk")
