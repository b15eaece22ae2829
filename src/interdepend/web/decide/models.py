"""A decision a couple faces, its options, and each partner's private ratings of them.

A decision belongs to one partnership and is seen only while that partnership is active.
Each rating row belongs to one person; the partner never reads it, only the combined view
computed from both (see :mod:`interdepend.web.decide.selectors`).
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from interdepend.web.frame.publicid import public_id_field
from interdepend.web.partners.models import Partnership

MIN_OPTIONS = 2
MAX_OPTIONS = 8
RATING_MIN = 1
RATING_MAX = 7


class Decision(models.Model):
    public_id = public_id_field()
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="decisions")
    #: Who named it (its title and options are their words), so it is in their download and
    #: goes with their account. Empty for a decision named before this was recorded.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="decisions_named",
    )
    title = models.CharField(max_length=120)
    #: The option names, in the order they were given (2-8).
    options = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now)
    #: A random token from the form that made it, so a repeated post makes nothing new.
    form_token = models.CharField(max_length=40)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["partnership", "form_token"], name="decision_once_per_form"
            ),
        ]

    def __str__(self) -> str:
        return f"decision {self.pk}"


class Rating(models.Model):
    """One person's ratings: for each option, how good for themself and for the partner."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="ratings")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="decision_ratings"
    )
    #: One rating per option, 1-7, in the decision's option order.
    for_self = models.JSONField(default=list)
    for_partner = models.JSONField(default=list)
    rated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["decision", "user"], name="rating_once_per_person"),
        ]

    def __str__(self) -> str:
        return f"rating {self.pk} of decision {self.decision_id}"
