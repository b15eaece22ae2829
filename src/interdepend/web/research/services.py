"""Writes for research consent: a person gives or withdraws it, alone, at any time."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from interdepend.web.accounts.models import User
from interdepend.web.research.models import ResearchConsent


@transaction.atomic
def consent_set(*, user: User, given: bool) -> ResearchConsent:
    """Record the person's choice; setting the same choice again changes nothing."""
    consent, created = ResearchConsent.objects.select_for_update().get_or_create(
        user=user, defaults={"is_given": given}
    )
    if not created and consent.is_given != given:
        consent.is_given = given
        consent.changed_at = timezone.now()
        consent.save(update_fields=["is_given", "changed_at"])
    return consent
