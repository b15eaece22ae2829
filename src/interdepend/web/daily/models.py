"""The question for today: each person's answer of the day, and the couple's list to talk about.

A person answers one question a day. A couple's shared question is answered by each alone; the
two answers open to both only once both exist (see :mod:`interdepend.web.daily.access`). A
question for one is never shown to anyone but its author. Nothing records that a question was
shown, skipped or seen: only answers are stored.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language

from interdepend.core.daily import question_text
from interdepend.web.frame.publicid import public_id_field
from interdepend.web.partners.models import Partnership

ANSWER_MAX = 1000


class DailyAnswer(models.Model):
    public_id = public_id_field()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="daily_answers"
    )
    #: The partnership a shared question was answered in; empty for a question for one.
    partnership = models.ForeignKey(
        Partnership, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField()
    question_id = models.CharField(max_length=8)
    text = models.TextField()
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["owner", "day"], name="one_daily_answer_a_day"),
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["partnership", "day"]),
        ]

    def __str__(self) -> str:
        return f"daily answer {self.pk}"

    @property
    def shared(self) -> bool:
        return self.partnership_id is not None


class TalkItem(models.Model):
    """A shared question, with both answers open, that one of the two wants to talk about."""

    public_id = public_id_field()
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    question_id = models.CharField(max_length=8)
    added_at = models.DateTimeField(default=timezone.now)
    talked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["partnership", "day"], name="talk_once_a_day"),
        ]

    def __str__(self) -> str:
        return f"talk item {self.pk}"

    @property
    def question_text(self) -> str:
        return question_text(self.question_id, get_language())
