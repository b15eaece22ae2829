"""What must stay done: a record of each account deleted and each safety reset.

A restore puts back the database as a backup holds it. A person who deleted her account, or
pressed the safety reset, after that backup was taken would be back as she was: signed in,
linked with the partner she left, sharing what she took back (the data-rights audit of
2026-12-03); one who changed her password would have the old one back, which the partner she
changed it against may know (the upgrade audit of 2026-12-05). Each erasure, reset and new
password leaves a :class:`Forgotten` row, in the database (so every
later backup holds it) and as a line in a file beside it (``FORGOTTEN_FILE``, which no backup
holds), and ``interdepend restore`` does again each one the restored database does not know.

A row names the account only by its internal number and the moment it was made, which together
tell one account from any other: no name, address or words of hers.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class ForgottenKind(models.TextChoices):
    ERASE = "erase", "erase"
    RESET = "reset", "reset"
    # A new password (hers, by a reset link, or set by whoever runs the site): a restore would
    # otherwise bring back the old one, which the partner she changed it against may know.
    # Kept in a table of its own (:class:`NewPassword`), never as a Forgotten row.
    PASSWORD = "password", "password"


#: The kinds a Forgotten row holds: a release from before new passwords were kept reads every
#: row it does not know as a safety reset, so those rows stay erasures and resets only.
ROW_KINDS = [(kind.value, kind.label) for kind in (ForgottenKind.ERASE, ForgottenKind.RESET)]


class Forgotten(models.Model):
    record = models.CharField(max_length=32, unique=True)
    kind = models.CharField(max_length=5, choices=ROW_KINDS)
    user_number = models.BigIntegerField()
    joined = models.DateTimeField()
    at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.kind} {self.record}"


class NewPassword(models.Model):
    """A new password, kept as a :class:`Forgotten` row is (the upgrade audit of 2026-12-05). A
    table of its own: a release that knows only erasures and resets, put back for a rollback,
    would do a safety reset for a row of a kind it does not know; it never reads this table, and
    skips the file's lines of this kind."""

    record = models.CharField(max_length=32, unique=True)
    user_number = models.BigIntegerField()
    joined = models.DateTimeField()
    at = models.DateTimeField(default=timezone.now)

    kind = ForgottenKind.PASSWORD

    def __str__(self) -> str:
        return f"new password {self.record}"
