"""A person's choice about research use of their answers. No row means no consent."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class ResearchConsent(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="research_consent"
    )
    is_given = models.BooleanField(default=False)
    changed_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"research consent of {self.user_id}: {'given' if self.is_given else 'not given'}"
