"""The access log: one hash-chained row per read of a person's data by someone else.

Each subject has their own chain. A row's hash covers the previous row's hash and the row's
own fields (sequence number, reader label, kind, time, and a key of the reader's account),
so changing, removing, reordering or inventing a row breaks the chain where it happened. The
reader's id is not hashed: it is set to null when the reader's account is deleted, and the
label keeps who it was; while it is set, it must match the hashed key, so a read cannot be
moved to another account unseen (the data-rights audit of 2026-12-03 moved one). Rows written
before the key was kept have none and are checked as they were written.

Rows are written inside the same transaction that serves the read, so a read that cannot be
logged is not served. There is no update path; rows leave only with their subject.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import transaction
from django.utils import timezone

from interdepend.web.accounts.models import User
from interdepend.web.practice.models import AccessKind, AccessLogEntry, Practitioner

GENESIS = "0" * 64
#: The label of reads made by whoever runs the deployment's command line.
OPERATOR_LABEL = "operator (command line)"


def entry_digest(
    *,
    prev_hash: str,
    subject_id: int,
    seq: int,
    label: str,
    kind: str,
    at: datetime,
    reader_key: str = "",
) -> str:
    stamp = at.astimezone(UTC).isoformat(timespec="microseconds")
    fields = [prev_hash, str(subject_id), str(seq), label, kind, stamp]
    if reader_key:  # rows written before the key was kept are hashed as they were
        fields.append(reader_key)
    payload = "\x1f".join(fields)
    return hashlib.sha256(payload.encode()).hexdigest()


def reader_key_of(reader: User) -> str:
    """The key of a reader's account in the chain: its number and the moment it was made."""
    made = reader.date_joined.astimezone(UTC).isoformat(timespec="microseconds")
    return hashlib.sha256(f"{reader.pk}\x1f{made}".encode()).hexdigest()


def _append(
    *, subject_id: int, reader: User | None, label: str, kind: AccessKind, at: datetime
) -> AccessLogEntry:
    # Lock the subject's row so two reads of one person never take the same place in the chain
    # (SQLite already serialises writers: transactions start IMMEDIATE).
    User.objects.select_for_update().filter(pk=subject_id).exists()
    last = AccessLogEntry.objects.filter(subject_id=subject_id).order_by("-seq").first()
    seq = last.seq + 1 if last else 1
    prev = last.entry_hash if last else GENESIS
    key = reader_key_of(reader) if reader is not None else ""
    entry = AccessLogEntry(
        subject_id=subject_id,
        reader=reader,
        reader_label=label,
        reader_key=key,
        kind=kind,
        at=at,
        seq=seq,
        prev_hash=prev,
        entry_hash=entry_digest(
            prev_hash=prev,
            subject_id=subject_id,
            seq=seq,
            label=label,
            kind=kind,
            at=at,
            reader_key=key,
        ),
    )
    entry.save(force_insert=True)
    return entry


def reader_label(
    reader: User, *, numbered: bool = True, kind_words: Callable[[str], str] | None = None
) -> str:
    """How a read is labelled in the log: the reader's name and, for a practitioner, title,
    practice and practitioner number (``numbered=False``: as rows written before numbers)."""
    profile = Practitioner.objects.filter(user=reader).first()
    if profile is None:
        return reader.display_name
    profile.user = reader  # already read: no second read of the account for its name
    return practitioner_label(profile, numbered=numbered, kind_words=kind_words)


def practitioner_label(
    profile: Practitioner, *, numbered: bool = True, kind_words: Callable[[str], str] | None = None
) -> str:
    """``Pat (therapist, Pat Practice, K7Q-M2T)``: the number is the part nobody chooses.

    ``kind_words``: the kind of work in the words of the page that shows the label (the log
    records it in English, the same whatever the language of the one who reads it)."""
    kind = kind_words(profile.kind) if kind_words is not None else profile.get_kind_display()
    parts = (kind, profile.practice_name, profile.number if numbered else "")
    detail = ", ".join(p for p in parts if p)
    return f"{profile.user.display_name} ({detail})"


def record_reads(
    *, subjects: Iterable[User], reader: User | None, kind: AccessKind, label: str | None = None
) -> int:
    """Log one read of ``kind`` for each subject; must run inside the serving transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("access log rows must be written in the transaction serving the read")
    text = label if label is not None else (reader_label(reader) if reader else OPERATOR_LABEL)
    at = timezone.now()
    count = 0
    for subject in {s.pk: s for s in subjects}.values():
        _append(subject_id=subject.pk, reader=reader, label=text, kind=kind, at=at)
        count += 1
    return count


@dataclass(frozen=True)
class ChainReport:
    subject_id: int
    rows: int
    problem: str | None  # None when the chain holds
    head: str


@dataclass(frozen=True)
class Verification:
    chains: list[ChainReport]

    @property
    def rows(self) -> int:
        return sum(c.rows for c in self.chains)

    @property
    def broken(self) -> list[ChainReport]:
        return [c for c in self.chains if c.problem is not None]

    @property
    def heads_fingerprint(self) -> str:
        """One digest of every chain's last hash: note it elsewhere to detect a rewrite later."""
        return hashlib.sha256("".join(c.head for c in self.chains if c.head).encode()).hexdigest()


def _check(rows: list[AccessLogEntry]) -> str | None:
    prev = GENESIS
    for expected_seq, row in enumerate(rows, start=1):
        if row.seq != expected_seq:
            return f"row {row.seq} stands where row {expected_seq} should be"
        if row.prev_hash != prev:
            return f"row {row.seq} does not follow the row before it"
        digest = entry_digest(
            prev_hash=row.prev_hash,
            subject_id=row.subject_id,
            seq=row.seq,
            label=row.reader_label,
            kind=row.kind,
            at=row.at,
            reader_key=row.reader_key,
        )
        if digest != row.entry_hash:
            return f"row {row.seq} was changed after it was written"
        if (
            row.reader_key
            and row.reader is not None
            and (reader_key_of(row.reader) != row.reader_key)
        ):
            return f"row {row.seq} names another reader than the one who read"
        prev = row.entry_hash
    return None


def _chains() -> Iterator[list[AccessLogEntry]]:
    current: list[AccessLogEntry] = []
    rows = (
        AccessLogEntry.objects.select_related("reader")
        .order_by("subject_id", "seq", "pk")
        .iterator(chunk_size=2000)
    )
    for row in rows:
        if current and current[0].subject_id != row.subject_id:
            yield current
            current = []
        current.append(row)
    if current:
        yield current


def verify_all() -> Verification:
    """Check every subject's chain from its first row to its last."""
    return Verification(
        chains=[
            ChainReport(
                subject_id=rows[0].subject_id,
                rows=len(rows),
                problem=_check(rows),
                head=rows[-1].entry_hash,
            )
            for rows in _chains()
        ]
    )
