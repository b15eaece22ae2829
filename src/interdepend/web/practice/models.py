"""Practitioners, their clients, each client's own consent, and the access log.

A ``ClientLink`` joins one practitioner and one person. A link grants nothing by itself: the
person grants ``Consent`` for themself only, one scope at a time, and revokes it alone. Consent
rows are history: a revoked row keeps its dates, a new grant is a new row.

Every practitioner (or operator) read of a person's data writes one ``AccessLogEntry`` for that
person, chained by SHA-256 to the person's previous entry, so an edited, removed, reordered or
forged row is detected by ``interdepend verify-access-log``.
"""

from __future__ import annotations

import secrets
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from interdepend.core import codes
from interdepend.web.frame.publicid import public_id_field


class PractitionerKind(models.TextChoices):
    THERAPIST = "therapist", "therapist"
    COUNSELLOR = "counsellor", "counsellor"
    COACH = "coach", "coach"


def practitioner_number() -> str:
    """A new practitioner number, ``K7Q-M2T``: six characters that read aloud plainly
    (Crockford's alphabet), in two groups."""
    while True:
        drawn = "".join(secrets.choice(codes.ALPHABET) for _ in range(NUMBER_LENGTH))
        if any(c.isdigit() for c in drawn):  # a name may never hold one (``reads_as_a_number``)
            return f"{drawn[:3]}-{drawn[3:]}"


#: Characters of a practitioner number (30 bits: drawn again on the rare repeat).
NUMBER_LENGTH = 6


class Practitioner(models.Model):
    """The practitioner role of a person, turned on by themself or by the deployer."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practitioner"
    )
    kind = models.CharField(
        max_length=12, choices=PractitionerKind.choices, default=PractitionerKind.THERAPIST
    )
    practice_name = models.CharField(max_length=120, blank=True, default="")
    #: Given once, never chosen nor changed: clients see it beside the name, which anyone can
    #: copy (the practitioner audit of 2026-12-03: an account took another practitioner's
    #: name, title and practice, and her pages and access log could not tell the two apart).
    number = models.CharField(max_length=7, unique=True, default=practitioner_number)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"practitioner {self.pk}"

    @property
    def named(self) -> str:
        """Who this is, to a client: the name the account chose and the number it did not,
        ``Robin (K7Q-M2T)``."""
        return f"{self.user.display_name} ({self.number})"


class InvitationFor(models.TextChoices):
    PERSON = "person", "person"
    COUPLE = "couple", "couple"


class ClientInvitationState(models.TextChoices):
    OPEN = "open", "open"
    USED = "used", "used"
    WITHDRAWN = "withdrawn", "withdrawn"


class ClientInvitation(models.Model):
    """A single-use (couple: two-use) expiring code. Only a digest of the code is stored."""

    public_id = public_id_field()
    practitioner = models.ForeignKey(
        Practitioner, on_delete=models.CASCADE, related_name="invitations"
    )
    invited = models.CharField(
        max_length=8, choices=InvitationFor.choices, default=InvitationFor.PERSON
    )
    code_digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    state = models.CharField(
        max_length=12, choices=ClientInvitationState.choices, default=ClientInvitationState.OPEN
    )
    #: Whose the invitation became, as a partner's invitation keeps it
    #: (``partners.models.Invitation.opened_by``): the first signed-in account other than the
    #: practitioner's that opened it. A couple's code also opens for that account's partner,
    #: once one of the two has connected with it (``services.client_invitation_find``).
    opened_by = models.CharField(max_length=64, blank=True, default="", db_default="")

    class Meta:
        indexes: ClassVar[list[models.Index]] = [models.Index(fields=["practitioner", "state"])]

    def __str__(self) -> str:
        return f"client invitation {self.pk} ({self.state})"

    @property
    def places(self) -> int:
        return 2 if self.invited == InvitationFor.COUPLE else 1

    def is_usable(self) -> bool:
        return self.state == ClientInvitationState.OPEN and self.expires_at > timezone.now()


class ClientLink(models.Model):
    """A person working with a practitioner. Grants nothing until the person consents."""

    public_id = public_id_field()
    #: Empty once the practitioner erased their account: every link of theirs ended first, and
    #: the client keeps her record of what she shared with them (``practitioner_label``).
    practitioner = models.ForeignKey(
        Practitioner,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="client_links",
    )
    #: Who the practitioner was ("Pat (therapist)"), written when they erase their account: the
    #: client's history of what she shared, and with whom, stays hers, as her access log's
    #: reader label does (the practitioner audit of 2026-12-02).
    practitioner_label = models.CharField(max_length=160, blank=True, default="")
    #: How the practitioner was named when the client connected ("Pat (therapist, Pat
    #: Practice; number K7Q-M2T)"): her page says so when the name or title changed since.
    label_at_start = models.CharField(max_length=160, blank=True, default="")
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practitioner_links"
    )
    invitation = models.ForeignKey(
        ClientInvitation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="links",
    )
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["practitioner", "client"],
                condition=Q(is_active=True),
                name="one_active_link_per_client",
            ),
            # Only an ended link may lose its practitioner (their erasure ends it first), so
            # every active link has one (``ClientLink.by``).
            models.CheckConstraint(
                condition=Q(is_active=False) | Q(practitioner__isnull=False),
                name="active_link_has_practitioner",
            ),
        ]
        indexes: ClassVar[list[models.Index]] = [models.Index(fields=["client", "is_active"])]

    def __str__(self) -> str:
        return f"client link {self.pk}"

    @property
    def by(self) -> Practitioner:
        """The link's practitioner. Every active link has one: a practitioner's erasure ends
        their links before their profile goes (``practice.personal.erase``)."""
        if self.practitioner is None:
            raise Practitioner.DoesNotExist("this link's practitioner erased their account")
        return self.practitioner

    @property
    def practitioner_name(self) -> str:
        """Who the practitioner is, or was: their name now, or the words kept at erasure."""
        if self.practitioner is None:
            return self.practitioner_label
        return self.practitioner.named


class Scope(models.TextChoices):
    RESULTS = "results", "results"
    COUPLE = "couple", "couple"
    TRENDS = "trends", "trends"
    #: Reading the journal entries the person shares with this practitioner by name.
    JOURNAL = "journal", "journal"


class Consent(models.Model):
    """One grant of one scope by the linked person, for their own data only."""

    link = models.ForeignKey(ClientLink, on_delete=models.CASCADE, related_name="consents")
    scope = models.CharField(max_length=10, choices=Scope.choices)
    granted_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["link", "scope"],
                condition=Q(revoked_at__isnull=True),
                name="one_live_consent_per_scope",
            )
        ]

    def __str__(self) -> str:
        return f"consent {self.scope} on link {self.link_id}"


class AccessKind(models.TextChoices):
    RESULTS = "results", "results"
    COUPLE = "couple", "couple"
    TRENDS = "trends", "trends"
    JOURNAL = "journal", "journal"
    REPORT = "report", "report"


class AppendOnly(Exception):
    """Access-log rows are never changed or removed; they go only with their subject."""


class AccessLogQuerySet(models.QuerySet["AccessLogEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnly("the access log is append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnly("the access log is append-only")


class AccessLogEntry(models.Model):
    """One read of the subject's data: who, what kind, when. Never any content.

    Append-only: the code has no update or delete path; rows go only with their subject, by
    the database cascade when the person's account is erased. ``entry_hash`` is SHA-256 over the
    previous hash and this row's fields (see :mod:`interdepend.web.practice.accesslog`).
    """

    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_log"
    )
    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reader_label = models.CharField(max_length=160)
    #: A digest of the reader's account (its number and the moment it was made), in the chain,
    #: so that moving a read to another account is seen; empty for the operator's reads and for
    #: rows written before it was kept.
    reader_key = models.CharField(max_length=64, blank=True, default="", db_default="")
    kind = models.CharField(max_length=10, choices=AccessKind.choices)
    at = models.DateTimeField()
    seq = models.PositiveIntegerField()
    prev_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64)

    objects: ClassVar[models.Manager[AccessLogEntry]] = AccessLogQuerySet.as_manager()

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["subject", "seq"], name="one_entry_per_seq")
        ]

    def __str__(self) -> str:
        return f"access {self.kind} of {self.subject_id} #{self.seq}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnly("the access log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnly("the access log is append-only")
