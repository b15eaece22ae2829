"""Encryption at rest for journal text: master keys outside the database, a data key per person.

Three layers, all AES-256-GCM (``cryptography``):

- **Master keyring.** 32-byte keys, newest first, from ``settings.MASTER_KEY``
  (``INTERDEPEND_MASTER_KEY``: base64url keys separated by commas) or else from the key file
  ``settings.MASTER_KEY_FILE`` (one key a line, created with mode 0600 and a fresh random key
  when absent). Never derived from ``SECRET_KEY``, never stored in the database. A key's id is
  the first 16 hex characters of its SHA-256.
- **Data key.** 32 random bytes per person, stored only wrapped under the newest master key
  (:class:`~interdepend.web.journal.models.DataKey`), the wrapping bound to the person's id.
  Made on the person's first entry.
- **Entry text.** ``seal`` gives ``version ‖ entry id (16 random bytes) ‖ nonce (12 random
  bytes) ‖ ciphertext ‖ tag``, bound (associated data) to the owner's id and the entry id, so
  a blob moved to another person's row does not open.

Erasing a person deletes their data key: what remains of their entries anywhere (an old
database copy) cannot be opened. Backups keep the wrapped keys apart from the database
(:func:`dump_wrapped_keys`), so that holds for backups too. See docs/journal.md.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import secrets
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from interdepend.web.accounts.models import User
from interdepend.web.frame.prepared import Prepared
from interdepend.web.journal.models import DataKey

KEY_BYTES = 32
NONCE_BYTES = 12
ENTRY_ID_BYTES = 16
TAG_BYTES = 16
BLOB_VERSION = b"\x01"
KEYS_FILE_FORMAT = "interdepend-journal-keys"
ENV_NAME = "INTERDEPEND_MASTER_KEY"
FILE_ENV_NAME = "INTERDEPEND_MASTER_KEY_FILE"


class JournalKeyError(Exception):
    """A key is missing, unknown or malformed, or a blob does not open. Safe to show."""


class MasterKeyError(JournalKeyError):
    """The master keyring is empty or malformed."""


class UnknownMasterKey(JournalKeyError):
    """A data key is wrapped under a master key the keyring does not hold."""


class MissingDataKey(JournalKeyError):
    """The person has no data key (never wrote, or was erased)."""


class CannotOpen(JournalKeyError):
    """The blob was changed, or belongs to someone else, or the key is not the right one."""


# --------------------------------------------------------------------------------- master keys


@dataclass(frozen=True)
class MasterKey:
    key_id: str
    secret: bytes = field(repr=False)


@dataclass(frozen=True)
class Keyring:
    keys: tuple[MasterKey, ...]
    #: "env" (INTERDEPEND_MASTER_KEY) or "file" (the key file at ``path``).
    source: str
    path: Path | None = None

    @property
    def newest(self) -> MasterKey:
        return self.keys[0]

    def get(self, key_id: str) -> MasterKey:
        for key in self.keys:
            if key.key_id == key_id:
                return key
        raise UnknownMasterKey(
            f"master key {key_id} is not in the keyring ({self.where()}); "
            "add it back (after the newest key) to read what it protects"
        )

    def where(self) -> str:
        return ENV_NAME if self.source == "env" else f"key file {self.path}"


def key_id(secret: bytes) -> str:
    return hashlib.sha256(secret).hexdigest()[:16]


def encode_key(secret: bytes) -> str:
    return base64.urlsafe_b64encode(secret).decode("ascii")


def new_key_text() -> str:
    """A fresh random master key, base64url-encoded (the form the keyring reads)."""
    return encode_key(secrets.token_bytes(KEY_BYTES))


def parse_key(text: str, where: str) -> MasterKey:
    raw = text.strip()
    try:
        secret = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4))
    except (binascii.Error, ValueError):
        raise MasterKeyError(f"{where}: a master key is not base64url text") from None
    if len(secret) != KEY_BYTES:
        raise MasterKeyError(
            f"{where}: a master key must be {KEY_BYTES} bytes (base64url), not {len(secret)}"
        )
    return MasterKey(key_id=key_id(secret), secret=secret)


def _parse_all(texts: Iterable[str], where: str) -> tuple[MasterKey, ...]:
    keys: list[MasterKey] = []
    for text in texts:
        key = parse_key(text, where)
        if all(k.key_id != key.key_id for k in keys):
            keys.append(key)
    if not keys:
        raise MasterKeyError(f"{where} holds no master key")
    return tuple(keys)


def _file_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip() and line[0] != "#"]


def keyring() -> Keyring:
    """The master keys, newest first, read afresh (a rotation is seen on the next call)."""
    from_env = str(getattr(settings, "MASTER_KEY", "") or "")
    if from_env.strip():
        return Keyring(_parse_all(from_env.split(","), ENV_NAME), source="env")
    path = key_file_path()
    try:
        try:
            text = _read_ascii(path)
        except FileNotFoundError:
            # Made on first use, then read as any other time. Read first and made only when
            # missing: asking whether it exists before every read cost a look-up on every
            # page that opens an entry (issue 15's thirteenth pass).
            ensure_key_file(path)
            text = _read_ascii(path)
    except (OSError, UnicodeDecodeError) as error:
        raise MasterKeyError(f"key file {path}: cannot read it ({error})") from None
    return Keyring(_parse_all(_file_lines(text), f"key file {path}"), source="file", path=path)


def _read_ascii(path: Path) -> str:
    """The file's whole text, read afresh: through the descriptor alone, since a file object
    asked the system three more times (its kind, whether it is a terminal, its size) on every
    page that opens an entry (about 2-3 µs: issue 15's seventeenth pass)."""
    fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    try:
        chunks = []
        while chunk := os.read(fd, 65536):
            chunks.append(chunk)
    finally:
        os.close(fd)
    return b"".join(chunks).decode("ascii")


def has_keyring() -> bool:
    """Whether this server has master keys (the variable, or the key file), so that reading
    them makes no key file (:func:`keyring` makes one on first use)."""
    return bool(str(getattr(settings, "MASTER_KEY", "") or "").strip()) or key_file_path().exists()


def key_file_path() -> Path:
    return Path(settings.MASTER_KEY_FILE)


def ensure_key_file(path: Path) -> bool:
    """Create the key file with one fresh key (mode 0600) unless it exists; True if created.

    The file appears whole or not at all, and two processes starting at once agree on one key:
    it is written aside, then hard-linked into place, which fails if the other was first.
    """
    if path.exists():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    aside = _write_aside(path, new_key_text() + "\n")
    try:
        os.link(aside, path)
    except FileExistsError:
        return False
    finally:
        aside.unlink(missing_ok=True)
    _fsync_dir(path.parent)
    return True


def write_private(path: Path, text: str) -> None:
    """Replace ``path`` atomically with ``text``, readable by the owner only (0600)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    aside = _write_aside(path, text)
    try:
        os.replace(aside, path)
    except BaseException:
        aside.unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def _write_aside(path: Path, text: str) -> Path:
    aside = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    fd = os.open(aside, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        # A full disk left the half-written file behind under a name no backup deletes: a
        # keys file's, it kept the wrapped keys of people erased since (the deployer walk of
        # 2026-12-04).
        aside.unlink(missing_ok=True)
        raise
    return aside


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def add_key_to_file(path: Path) -> MasterKey:
    """Put a fresh key at the top of the key file (the older ones stay below it)."""
    ensure_key_file(path)
    old = _file_lines(path.read_text(encoding="ascii"))
    text = new_key_text()
    write_private(path, "\n".join([text, *old]) + "\n")
    return parse_key(text, f"key file {path}")


def drop_old_keys(path: Path) -> int:
    """Keep only the newest key in the key file, if no data key needs an older one."""
    ring = keyring()
    if ring.source != "file" or ring.path != path:
        raise MasterKeyError("the keyring does not come from this key file")
    still = DataKey.objects.exclude(master_key_id=ring.newest.key_id).count()
    if still:
        raise MasterKeyError(
            f"{still} data key(s) still need an older master key; run rotate-key first"
        )
    write_private(path, encode_key(ring.newest.secret) + "\n")
    return len(ring.keys) - 1


# --------------------------------------------------------------------------------- primitives


def _wrap_aad(user_id: int) -> bytes:
    return b"interdepend/journal/datakey/v1|%d" % user_id


def _entry_aad(owner_id: int, entry_id: bytes) -> bytes:
    return b"interdepend/journal/entry/v1|%d|" % owner_id + entry_id


def wrap(master: MasterKey, user_id: int, data_key: bytes) -> bytes:
    nonce = secrets.token_bytes(NONCE_BYTES)
    return nonce + AESGCM(master.secret).encrypt(nonce, data_key, _wrap_aad(user_id))


def unwrap(ring: Keyring, user_id: int, wrapped: bytes, master_key_id: str) -> bytes:
    master = ring.get(master_key_id)
    try:
        return AESGCM(master.secret).decrypt(
            wrapped[:NONCE_BYTES], wrapped[NONCE_BYTES:], _wrap_aad(user_id)
        )
    except InvalidTag:
        raise CannotOpen(
            f"the data key of person {user_id} does not open under master key {master_key_id}"
        ) from None


def encrypt(data_key: bytes, owner_id: int, plaintext: str) -> bytes:
    entry_id = secrets.token_bytes(ENTRY_ID_BYTES)
    nonce = secrets.token_bytes(NONCE_BYTES)
    sealed = AESGCM(data_key).encrypt(
        nonce, plaintext.encode("utf-8"), _entry_aad(owner_id, entry_id)
    )
    return BLOB_VERSION + entry_id + nonce + sealed


def decrypt(data_key: bytes, owner_id: int, blob: bytes) -> str:
    head = len(BLOB_VERSION) + ENTRY_ID_BYTES + NONCE_BYTES
    if len(blob) < head + TAG_BYTES or blob[:1] != BLOB_VERSION:
        raise CannotOpen("this is not a sealed journal text")
    entry_id, nonce = blob[1 : 1 + ENTRY_ID_BYTES], blob[1 + ENTRY_ID_BYTES : head]
    try:
        plain = AESGCM(data_key).decrypt(nonce, blob[head:], _entry_aad(owner_id, entry_id))
    except InvalidTag:
        raise CannotOpen(f"a journal text of person {owner_id} does not open") from None
    return plain.decode("utf-8")


# --------------------------------------------------------------------------------- per person


@dataclass(frozen=True)
class PersonKey:
    """A person's unwrapped data key, for sealing and opening several texts with one look-up."""

    user_id: int
    secret: bytes = field(repr=False)

    def seal(self, plaintext: str) -> bytes:
        return encrypt(self.secret, self.user_id, plaintext)

    def open(self, blob: bytes | memoryview) -> str:
        return decrypt(self.secret, self.user_id, bytes(blob))


def person_key(user: User, *, create: bool = False) -> PersonKey:
    """The person's data key, unwrapped; made (under the newest master key) when ``create``."""
    row = _DATA_KEY.first(user_id=user.pk)
    if row is None and create:
        made = _create_data_key(user)
        if made is not None:
            return made
        row = _DATA_KEY.first(user_id=user.pk)
    return unwrapped(user, row)


#: A person's data key as stored: wrapped, and the id of the master key it is wrapped under.
WrappedKey = tuple[bytes | memoryview, str]


def unwrapped(user: User, row: WrappedKey | None) -> PersonKey:
    """The person's data key from its stored row (None: she has none), unwrapped with the
    master keys read afresh, so that a rotation counts at once: for a page that read the row
    with something else of hers (an entry's page, with the entry)."""
    if row is None:
        raise MissingDataKey(f"person {user.pk} has no data key")
    wrapped, master_key_id = row
    return PersonKey(user.pk, unwrap(keyring(), user.pk, bytes(wrapped), master_key_id))


#: The person's wrapped data key, prepared: every page that opens an entry reads it, and the
#: ORM spent longer building the statement than running it (the tenth pass, issue 15).
_DATA_KEY = Prepared(
    lambda user_id: (
        DataKey.objects.filter(user_id=user_id)
        .order_by("pk")
        .values_list("wrapped", "master_key_id")[:1]
    )
)


def _create_data_key(user: User) -> PersonKey | None:
    """Make the data key; None when another request made it first (then use theirs)."""
    master = keyring().newest
    secret = secrets.token_bytes(KEY_BYTES)
    try:
        with transaction.atomic():
            DataKey.objects.create(
                user_id=user.pk, wrapped=wrap(master, user.pk, secret), master_key_id=master.key_id
            )
    except IntegrityError:
        return None
    return PersonKey(user.pk, secret)


def seal(user: User, plaintext: str) -> bytes:
    """Encrypt a text for ``user`` (their data key is made on first use)."""
    return person_key(user, create=True).seal(plaintext)


def open_(user: User, blob: bytes | memoryview) -> str:
    """Decrypt a text sealed for ``user``; :class:`JournalKeyError` when it cannot be."""
    return person_key(user).open(blob)


def destroy_data_key(user: User) -> int:
    """Delete the person's data key: nothing sealed for them opens again, anywhere."""
    deleted, _ = DataKey.objects.filter(user_id=user.pk).delete()
    return deleted


# --------------------------------------------------------------------------------- rotation


def rewrap_all(batch: int = 500) -> tuple[int, int]:
    """Re-wrap every data key not under the newest master key: (re-wrapped, already current).

    Each batch is one transaction, so a crash leaves every key wrapped under one key or the
    other, and running it again finishes the work. Runs on several machines at once share the
    work: on PostgreSQL a batch passes over rows another run holds (``SKIP LOCKED``) and that
    run re-wraps them; on SQLite the runs take turns. Each data key is re-wrapped once.
    """
    ring = keyring()
    newest = ring.newest
    current = DataKey.objects.filter(master_key_id=newest.key_id).count()
    done, last = 0, 0
    while True:
        with transaction.atomic():
            rows = list(
                DataKey.objects.select_for_update(skip_locked=True)
                .filter(pk__gt=last)
                .exclude(master_key_id=newest.key_id)
                .order_by("pk")[:batch]
            )
            for row in rows:
                secret = unwrap(ring, row.user_id, bytes(row.wrapped), row.master_key_id)
                row.wrapped = wrap(newest, row.user_id, secret)
                row.master_key_id = newest.key_id
            DataKey.objects.bulk_update(rows, ["wrapped", "master_key_id"])
        if not rows:
            return done, current
        done += len(rows)
        last = rows[-1].pk


def key_ids_in_use() -> dict[str, int]:
    """How many data keys each master key id wraps."""
    counts: dict[str, int] = {}
    for master_key_id in DataKey.objects.values_list("master_key_id", flat=True):
        counts[master_key_id] = counts.get(master_key_id, 0) + 1
    return counts


# --------------------------------------------------------------------------------- backups


def dump_wrapped_keys(path: str | Path, site: str = "") -> int:
    """Write every data key, still wrapped, to a JSON file (atomic, 0600); how many. ``site``
    marks which site's file it is (``datarights.backup.site_mark``)."""
    rows = [
        {
            "user": row.user_id,
            "master_key_id": row.master_key_id,
            "wrapped": base64.b64encode(bytes(row.wrapped)).decode("ascii"),
            "created_at": row.created_at.isoformat(),
        }
        for row in DataKey.objects.order_by("user_id")
    ]
    document: dict[str, object] = {"format": KEYS_FILE_FORMAT, "version": 1, "keys": rows}
    if site:
        document["site"] = site
    write_private(Path(path), json.dumps(document, indent=1) + "\n")
    return len(rows)


def load_wrapped_keys(path: str | Path) -> int:
    """Put the data keys of a keys file back (replacing any a person already has).

    Keys of people who are not in the database are skipped: they were made after the database
    copy, and nothing in it needs them. Returns how many were loaded.
    """
    rows = _read_keys_file(Path(path))
    present = set(
        User.objects.filter(pk__in=[r.user_id for r in rows]).values_list("pk", flat=True)
    )
    keep = [r for r in rows if r.user_id in present]
    with transaction.atomic():
        DataKey.objects.filter(user_id__in=present).delete()
        DataKey.objects.bulk_create(
            DataKey(
                user_id=r.user_id,
                master_key_id=r.master_key_id,
                wrapped=r.wrapped,
                created_at=parse_datetime(r.created_at) or timezone.now(),
            )
            for r in keep
        )
    return len(keep)


def master_keys_lacking(path: str | Path) -> dict[str, int]:
    """The master keys a keys file needs that this server does not hold: id → how many data
    keys of the file are locked with it (empty when it holds them all). Reads the keyring
    without making a key file when there is none (then every key is lacking)."""
    held = {key.key_id for key in keyring().keys} if has_keyring() else set()
    rows = _read_keys_file(Path(path))
    return dict(Counter(row.master_key_id for row in rows if row.master_key_id not in held))


@dataclass(frozen=True)
class _KeyRow:
    user_id: int
    master_key_id: str
    wrapped: bytes
    created_at: str


def _read_keys_file(path: Path) -> list[_KeyRow]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        rows = [
            _KeyRow(
                user_id=int(r["user"]),
                master_key_id=str(r["master_key_id"]),
                wrapped=base64.b64decode(r["wrapped"], validate=True),
                created_at=str(r["created_at"]),
            )
            for r in document["keys"]
        ]
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise JournalKeyError(f"{path}: cannot read the keys file ({error})") from None
    except (KeyError, TypeError, ValueError, binascii.Error):
        raise JournalKeyError(f"{path}: not an Interdepend journal keys file, or damaged") from None
    if document.get("format") != KEYS_FILE_FORMAT:
        raise JournalKeyError(f"{path}: not an Interdepend journal keys file")
    return rows
