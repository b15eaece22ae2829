"""The reflection journal: entries whose text is encrypted at rest, and each person's data key.

An entry's text is stored only as ciphertext (``body``), sealed with the owner's data key
(:mod:`interdepend.web.journal.keys`). The data key itself is stored only wrapped by a master
key that lives outside the database. Everything else on the row (dates, the prompt id, the
share flags) is plain, and is never shown to anyone but the owner unless the entry is shared.

Sharing with practitioners names them: one :class:`PractitionerShare` per entry and client link.
A share opens nothing by itself; see :func:`interdepend.web.journal.access.practitioner_entries`
for the whole rule a practitioner's read must pass.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from interdepend.web.frame.publicid import public_id_field
from interdepend.web.partners.models import Partnership


class DataKey(models.Model):
    """One person's 256-bit data key, wrapped (AES-256-GCM) by the master key named here."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    #: nonce (12 bytes) + the data key encrypted under the master key + tag (16 bytes).
    wrapped = models.BinaryField()
    master_key_id = models.CharField(max_length=16, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"data key of person {self.user_id} under {self.master_key_id}"


class Entry(models.Model):
    """One journal entry. Private unless the owner shares it, one entry at a time."""

    public_id = public_id_field()
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    #: The id of the prompt from the prompt library the entry answers, or "".
    prompt_key = models.CharField(max_length=20, blank=True, default="")
    #: The text, sealed: see :func:`interdepend.web.journal.keys.seal`.
    body = models.BinaryField()
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    shared_with_partner = models.BooleanField(default=False)
    #: The partnership the entry was shared in: only that partnership's other member reads it,
    #: and only while it is their active partnership.
    shared_partnership = models.ForeignKey(
        Partnership, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    #: Shared "with my practitioner" before sharing named anyone. History only: it reaches
    #: nobody (see docs/journal.md); the owner is offered to share again, by name.
    unnamed_practitioner_share = models.BooleanField(default=False)
    idem_key = models.CharField(max_length=40, blank=True, default="")

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["owner", "idem_key"],
                condition=~Q(idem_key=""),
                name="journal_entry_once_per_key",
            )
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["owner", "-created_at"]),
            # What a partner shared with the reader, newest first, read without passing over
            # the owner's private entries (only a shared entry names a partnership): through the
            # owner's index the time of the "Shared with you" page grew with how much she wrote
            # alone (the journal audit of 2026-12-03). The flag is no part of it: SQLite reads a
            # true boolean as a bare column, which no index can match.
            models.Index(fields=["shared_partnership", "owner", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"journal entry {self.pk}"


class PractitionerShare(models.Model):
    """One entry shared with one practitioner, named by the owner's link with them.

    The row alone opens nothing: the link must be active and hold the owner's live consent to
    the journal scope, granted before this share was made. Revoking that consent or ending
    the link removes the row (``practice.services``), so granting it again shares nothing.
    """

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="practitioner_shares")
    link = models.ForeignKey("practice.ClientLink", on_delete=models.CASCADE, related_name="+")
    shared_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["entry", "link"], name="journal_share_once_per_link")
        ]

    def __str__(self) -> str:
        return f"journal entry {self.entry_id} shared on link {self.link_id}"
