"""Partnerships between two people, the invitations that start them, and guess throttling.

A person may have many partnerships over time (history, re-partnering) but at most one
active membership at once, which the database enforces.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from interdepend.web.frame.publicid import public_id_field


class Partnership(models.Model):
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"partnership {self.pk}"

    @property
    def is_active(self) -> bool:
        return self.ended_at is None


class Membership(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    joined_at = models.DateTimeField(default=timezone.now)
    left_at = models.DateTimeField(null=True, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(is_active=True), name="one_active_membership"
            ),
            models.UniqueConstraint(fields=["partnership", "user"], name="member_once"),
        ]

    def __str__(self) -> str:
        return f"member {self.user_id} of {self.partnership_id}"


class InvitationState(models.TextChoices):
    OPEN = "open", "open"
    ACCEPTED = "accepted", "accepted"
    DECLINED = "declined", "declined"
    WITHDRAWN = "withdrawn", "withdrawn"


class Invitation(models.Model):
    """A single-use, expiring invitation. Only a digest of the code is stored."""

    public_id = public_id_field()
    inviter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations_sent"
    )
    code_digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    state = models.CharField(
        max_length=12, choices=InvitationState.choices, default=InvitationState.OPEN
    )
    #: Whose the invitation became: the key (``services.account_key``) of the first signed-in
    #: account other than the inviter's that opened its link or typed its code. For any other
    #: account the code answers as one that does not exist: a link in her browser's history
    #: let her partner, on his own account, read who invited her and take the invitation
    #: himself (the notifications audit of 2026-12-03). Empty until then.
    opened_by = models.CharField(max_length=64, blank=True, default="", db_default="")

    class Meta:
        indexes: ClassVar[list[models.Index]] = [models.Index(fields=["inviter", "state"])]

    def __str__(self) -> str:
        return f"invitation {self.pk} ({self.state})"

    def is_usable(self) -> bool:
        return self.state == InvitationState.OPEN and self.expires_at > timezone.now()


class SpentCode(models.Model):
    """A code of an erased account's invitation that another account had opened: its digest
    and the key of that account (``services.account_key``), nothing of the erased person's.

    Typed again by the account that opened it, such a code opens nothing and is not counted as
    a wrong guess, as before the erasure (``services.opened_once``). Gone with the invitation,
    it counted: her ex, typing the code she had given him, was paused after ten tries once she
    had erased her account and never while it lasted, so he could tell the two apart (the ex
    audit of 2026-12-05). Kept for a partner's invitation and a practitioner's alike; goes
    when the account that opened it is erased."""

    code_digest = models.CharField(max_length=64, db_index=True)
    opened_by = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"spent code {self.pk}"


class GuessAttempt(models.Model):
    """A failed invitation-code lookup, counted per key (person or address) to slow guessing."""

    key = models.CharField(max_length=120, db_index=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"guess {self.key} at {self.at:%Y-%m-%d %H:%M}"
