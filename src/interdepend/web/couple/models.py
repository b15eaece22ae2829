"""Choices to reveal a result to a partner, and the partner-perception form.

Both belong to one partnership: after unlinking they open nothing, and with a new partner
nothing is revealed until both choose again.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from interdepend.web.assessment.models import Attempt
from interdepend.web.partners.models import Partnership


class Reveal(models.Model):
    """A person's choice to show one finished result to their partner. Newest counts."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="reveals")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reveals"
    )
    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="reveals")
    revealed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["partnership", "user", "revealed_at"])
        ]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["partnership", "attempt"], name="reveal_once")
        ]

    def __str__(self) -> str:
        return f"reveal of attempt {self.attempt_id}"


class Perception(models.Model):
    """How one partner sees the other (the partner-perception form), within a partnership."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="perceptions"
    )
    rater = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="perceptions"
    )
    answers = models.JSONField(default=dict)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["partnership", "rater"], name="one_perception")
        ]

    def __str__(self) -> str:
        return f"perception by {self.rater_id}"
