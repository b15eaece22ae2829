"""A person's takes of an instrument: their answers, and a snapshot of the scores on finishing.

Answers are private to the person. The scores snapshot lets history and trends be listed in
one query; the full result (explanation included) is recomputed from the answers by the core.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from interdepend.web.frame.publicid import public_id_field


class Attempt(models.Model):
    public_id = public_id_field()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attempts"
    )
    instrument_id = models.CharField(max_length=80)
    instrument_version = models.CharField(max_length=20)
    #: The language the statements were shown in ("en", the instrument's own, or a
    #: translation's), and that translation's version ("" for the original): a result says
    #: which language's items were answered, and is shown again in it.
    language = models.CharField(max_length=12, default="en", db_default="en")
    language_version = models.CharField(max_length=20, blank=True, default="", db_default="")
    started_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)
    #: Item ids in the order this person sees them (shuffled once, per attempt).
    item_order = models.JSONField(default=list)
    #: {item id: 1..7}; an unanswered item is absent.
    answers = models.JSONField(default=dict)
    #: Item ids she chose "Skip" for (never answered ones are in neither): her choice shows
    #: again when she comes back to their page (the keyboard audit of 2026-12-04, M5).
    skipped = models.JSONField(default=list)
    #: Safety screen answers, {item id: value}; private to the person, never shown to anyone.
    screen_answers = models.JSONField(default=dict)
    screen_flagged = models.BooleanField(default=False)
    #: The person chose to skip the safety screen (an explicit choice, never a blank page).
    screen_skipped = models.BooleanField(default=False)
    #: On completion: {"scores": {scale: 0-100 or None}, "balance": x, "dynamic": id}.
    snapshot = models.JSONField(default=dict)

    class Meta:
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["user", "instrument_id", "completed_at"])
        ]

    def __str__(self) -> str:
        return f"attempt {self.pk} of {self.instrument_id}"

    @property
    def is_complete(self) -> bool:
        return self.completed_at is not None

    @property
    def screen_outcome(self) -> str:
        """flagged, clear, skipped, or not_asked (takes finished before the screen was asked
        first, or made by the demo)."""
        if self.screen_flagged:
            return "flagged"
        if self.screen_skipped:
            return "skipped"
        return "clear" if self.screen_answers else "not_asked"
