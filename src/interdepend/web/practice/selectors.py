"""Reads about practitioners and their clients, always fresh (no caching), so a revoked consent
or an ended link stops access on the very next request."""

from __future__ import annotations

from interdepend.web.accounts.models import User
from interdepend.web.practice.models import ClientLink


def client_has_practitioner(user: User) -> bool:
    """Whether the person has at least one active link with a practitioner."""
    return ClientLink.objects.filter(client=user, is_active=True).exists()
