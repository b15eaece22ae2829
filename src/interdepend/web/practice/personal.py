"""The practice's part of a person's data rights (see ``datarights.providers``).

A client's export holds their links, every consent they gave (with its dates) and their whole
access log; a practitioner's adds their profile and invitations, never their clients' data.
Erasure is the database cascade: the person's links, consents and access-log chain go with the
account; rows they wrote as a reader stay in the other people's logs under the reader label.
"""

from __future__ import annotations

from interdepend.web.accounts.models import User
from interdepend.web.practice.models import (
    AccessLogEntry,
    ClientInvitation,
    ClientLink,
    Consent,
    Practitioner,
)
from interdepend.web.practice.services import client_withdraw_all

Rows = list[dict[str, object]]


def _when(value: object) -> object:
    return value.isoformat() if hasattr(value, "isoformat") else value


def _client_rows(user: User) -> dict[str, Rows]:
    links = ClientLink.objects.filter(client=user).select_related("practitioner__user")
    consents = Consent.objects.filter(link__client=user).order_by("granted_at", "pk")
    log = AccessLogEntry.objects.filter(subject=user).order_by("seq")
    return {
        "practice_links": [
            {
                "id": link.pk,
                "practitioner": link.practitioner.user.display_name,
                "practitioner_kind": link.practitioner.kind,
                "practice_name": link.practitioner.practice_name,
                "started_at": _when(link.started_at),
                "ended_at": _when(link.ended_at),
                "active": link.is_active,
            }
            for link in links.order_by("started_at", "pk")
        ],
        "practice_consents": [
            {
                "link": c.link_id,
                "scope": c.scope,
                "granted_at": _when(c.granted_at),
                "revoked_at": _when(c.revoked_at),
            }
            for c in consents
        ],
        "practice_access_log": [
            {
                "seq": e.seq,
                "at": _when(e.at),
                "reader": e.reader_label,
                "kind": e.kind,
                "prev_hash": e.prev_hash,
                "entry_hash": e.entry_hash,
            }
            for e in log
        ],
    }


def _practitioner_rows(user: User) -> dict[str, Rows]:
    profile = Practitioner.objects.filter(user=user).first()
    if profile is None:
        return {}
    invitations = ClientInvitation.objects.filter(practitioner=profile).order_by("created_at")
    return {
        "practitioner_profile": [
            {
                "kind": profile.kind,
                "practice_name": profile.practice_name,
                "created_at": _when(profile.created_at),
            }
        ],
        "practitioner_invitations": [
            {
                "for": inv.invited,
                "created_at": _when(inv.created_at),
                "expires_at": _when(inv.expires_at),
                "state": inv.state,
            }
            for inv in invitations
        ],
    }


def export(user: User) -> dict[str, Rows]:
    return {**_client_rows(user), **_practitioner_rows(user)}


def unshare_all(user: User) -> int:
    """Revoke every consent the person gave and end all their client links, quietly."""
    return client_withdraw_all(user=user)


def erase(user: User) -> None:
    """Nothing beyond the cascade: links, consents and the person's log chain go with them."""
    return None
