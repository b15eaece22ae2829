"""The only ways practice data is reached for a requesting person.

Everything is read fresh on each request: a revoked consent or an ended link stops access on
the very next one. Anything the person has no right to answers ``Http404``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, Q
from django.http import Http404

from interdepend.web.accounts.models import User
from interdepend.web.frame.prepared import Prepared
from interdepend.web.practice.models import (
    ClientInvitation,
    ClientInvitationState,
    ClientLink,
    Consent,
    Practitioner,
    Scope,
)


def practitioner_of(user: User) -> Practitioner | None:
    return _PRACTITIONER.first(user_id=user.pk)


_PRACTITIONER = Prepared(
    lambda user_id: Practitioner.objects.filter(user_id=user_id).order_by("pk")[:1]
)


def access_practitioner(user: User) -> Practitioner:
    profile = practitioner_of(user)
    if profile is None:
        raise Http404
    return profile


def access_client_link(user: User, link_id: str) -> ClientLink:
    """One of the practitioner's active client links."""
    found = _CLIENT_LINK.first(link_id=link_id, user_id=user.pk)
    if found is None:
        raise Http404
    return found


#: Public ids are unique: one row at most.
_CLIENT_LINK = Prepared(
    lambda link_id, user_id: ClientLink.objects.select_related("client", "practitioner").filter(
        public_id=link_id, practitioner__user_id=user_id, is_active=True
    )[:1]
)


def access_own_link(user: User, link_id: str) -> ClientLink:
    """One of the person's own active links with a practitioner (as the client)."""
    found = _OWN_LINK.first(link_id=link_id, user_id=user.pk)
    if found is None:
        raise Http404
    return found


_OWN_LINK = Prepared(
    lambda link_id, user_id: ClientLink.objects.select_related("practitioner__user").filter(
        public_id=link_id, client_id=user_id, is_active=True
    )[:1]
)


def access_own_client_invitation(user: User, invitation_id: str) -> ClientInvitation:
    try:
        return ClientInvitation.objects.get(public_id=invitation_id, practitioner__user=user)
    except ClientInvitation.DoesNotExist:
        raise Http404 from None


def live_scopes(link: ClientLink) -> set[str]:
    """The scopes the linked person consents to right now (none once the link has ended).

    The couple view is about one couple: a ``couple`` consent given before the person's
    latest partnership began was given for another, and does not count (it carried over to a
    new partner, whom neither had agreed to show: the practitioner audit), nor again once that
    partnership ends too. Her consents page shows it unticked, and ticking it again gives it
    for the couple she is in."""
    if not link.is_active:
        return set()
    given = Consent.objects.filter(link=link, revoked_at__isnull=True).values_list(
        "scope", "granted_at"
    )
    return counted(given, partnerships_began([link.client_id]).get(link.client_id))


def shown_scopes(link: ClientLink) -> set[str]:
    """The scopes the practitioner is shown for this link: every live one the person ticked.

    A ``couple`` consent that stopped counting when her current partnership began
    (:func:`live_scopes`) still shows: it dropping off his pages would tell him she has a new
    partner, and about when (the practitioner audit of 2026-12-02). The couple view itself
    answers "not available", as it does after a partnership ends."""
    if not link.is_active:
        return set()
    return set(
        Consent.objects.filter(link=link, revoked_at__isnull=True).values_list("scope", flat=True)
    )


def partnerships_began(client_ids: Iterable[int]) -> dict[int, datetime]:
    """When each person's latest partnership began, lasting or ended (no entry for a person
    who never had one): one query for a page of clients. Counting from the current one only, a
    couple consent that had stopped counting with a new partner counted again once that
    partnership ended too, and her record said "now" again (the re-audit of 2026-12-02)."""
    latest: dict[int, datetime] = {}
    for user_id, started in partnership_starts(client_ids):
        latest[user_id] = max(started, latest.get(user_id, started))
    return latest


def _starts(user_ids: list[int]) -> Any:
    from interdepend.web.partners.models import Membership

    return Membership.objects.filter(user_id__in=user_ids).values_list(
        "user_id", "partnership__started_at"
    )


#: A statement built once: a practitioner's pages and a client's practitioners page read it on
#: every view.
_STARTS = Prepared(_starts)


def partnership_starts(user_ids: Iterable[int]) -> list[tuple[int, datetime]]:
    """(person, when it began) for every partnership each of these people ever had."""
    return list(_STARTS(user_ids=list(user_ids)))


def counted(given: Iterable[tuple[str, datetime]], began: datetime | None) -> set[str]:
    """The scopes of these (scope, granted at) consents that count, for a person whose latest
    partnership began at ``began``: all but a ``couple`` consent given before it began (for
    another couple, or for none)."""
    return {
        scope
        for scope, granted_at in given
        if scope != Scope.COUPLE or began is None or granted_at >= began
    }


def require_scope(link: ClientLink, scope: Scope) -> None:
    if scope not in live_scopes(link):
        raise Http404


@dataclass(frozen=True)
class CoupleClients:
    """Two partners who each link the same practitioner and each consent to ``couple``."""

    first: ClientLink
    second: ClientLink


def couple_clients(link: ClientLink) -> CoupleClients | None:
    """The linked person and their active partner, when both consent to the couple scope."""
    from interdepend.web.partners.access import access_partner

    if Scope.COUPLE not in live_scopes(link):
        return None
    partner = access_partner(link.client)
    if partner is None:
        return None
    other = ClientLink.objects.filter(practitioner=link.by, client=partner, is_active=True).first()
    if other is None or Scope.COUPLE not in live_scopes(other):
        return None
    return CoupleClients(first=link, second=other)


def open_client_invitations(practitioner: Practitioner) -> list[ClientInvitation]:
    """Her open invitations, newest first, each with ``joined``: how many are connected with
    it now (a couple's code stays open until both partners have). That is someone already on
    her list of clients; who opened a code without connecting is never said (``opened_by``)."""
    return [
        invitation
        for invitation in ClientInvitation.objects.filter(
            practitioner=practitioner, state=ClientInvitationState.OPEN
        )
        .annotate(joined=Count("links", filter=Q(links__is_active=True)))
        .order_by("-created_at")
        if invitation.is_usable()
    ]
