"""Keeping erasures, safety resets and new passwords done across a restore (see
:mod:`.models`)."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import uuid
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import DatabaseError, transaction

from interdepend.web.accounts.models import User
from interdepend.web.datarights.models import Forgotten, ForgottenKind, NewPassword

logger = logging.getLogger(__name__)


def forgotten_file() -> Path:
    """The file beside the database that no backup holds."""
    return Path(settings.FORGOTTEN_FILE)


def record(
    kind: ForgottenKind, user: User, record_id: str | None = None
) -> Forgotten | NewPassword:
    """Keep that ``user`` was erased, reset or given a new password now: a row, and a line in
    the file once the transaction commits (a rolled-back erasure leaves no line)."""
    row: Forgotten | NewPassword
    if kind == ForgottenKind.PASSWORD:
        row = NewPassword.objects.create(
            record=record_id or uuid.uuid4().hex, user_number=user.pk, joined=user.date_joined
        )
    else:
        row = Forgotten.objects.create(
            record=record_id or uuid.uuid4().hex,
            kind=kind,
            user_number=user.pk,
            joined=user.date_joined,
        )
    if record_id is None:
        transaction.on_commit(write_missing)
    return row


def write_missing(*, strict: bool = False) -> int:
    """Write to the file every record the database holds and the file does not: the one just
    made, and any that could not be written before. Returns how many were written.

    It runs once the erasure or reset has committed, so it must not fail the request: the
    person's deletion or reset is done, and an error page would tell her to try again (the
    operator audit of 2026-12-03). A file that cannot be written is said in the log, for the
    operator, and the record waits in the database for the next erasure, reset or backup
    (``strict``: the backup command, which says it itself, gets the error)."""
    path = forgotten_file()
    try:
        held = read_file(path)
        missing = _missing(read_database(), held)
        for line in missing:
            _append(_line(line))
    except OSError as error:
        if strict:
            raise
        logger.error(
            "the forgotten-file %s could not be written (%s): an erasure or reset is kept in the "
            "database and will be written to the file by the next one or the next backup",
            path,
            error.strerror or type(error).__name__,
        )
        return 0
    return len(missing)


def _missing(
    lines: Iterable[dict[str, Any]], held: Iterable[dict[str, Any]]
) -> list[dict[str, Any]]:
    kept = {line["record"] for line in held}
    out = []
    for line in lines:
        if line["record"] not in kept:
            kept.add(line["record"])
            out.append(line)
    return out


#: What a record holds, in a row, a file line and the dicts passed between them.
FIELDS = ("record", "kind", "user_number", "joined", "at")


def _values(row: Forgotten | NewPassword) -> dict[str, Any]:
    return {name: getattr(row, name) for name in FIELDS}


def _line(values: dict[str, Any]) -> dict[str, Any]:
    """A record as the file writes it: times as ISO 8601 text."""
    return {
        "record": str(values["record"]),
        "kind": str(values["kind"]),
        "user_number": int(values["user_number"]),
        "joined": values["joined"].isoformat(),
        "at": values["at"].isoformat(),
    }


def _append(line: dict[str, Any]) -> None:
    path = forgotten_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    with os.fdopen(descriptor, "a", encoding="utf-8") as out:
        out.write(json.dumps(line, separators=(",", ":")) + "\n")
        out.flush()
        os.fsync(out.fileno())


def read_file(path: Path) -> list[dict[str, Any]]:
    """The lines of a forgotten-file; a missing file is none, a damaged line is skipped."""
    if not path.is_file():
        return []
    found = []
    for text in path.read_text(encoding="utf-8").splitlines():
        try:
            line = json.loads(text)
            found.append(
                {
                    "record": str(line["record"]),
                    "kind": ForgottenKind(line["kind"]),
                    "user_number": int(line["user_number"]),
                    "joined": datetime.fromisoformat(line["joined"]),
                    "at": datetime.fromisoformat(line["at"]),
                }
            )
        except (ValueError, KeyError, TypeError):
            logger.warning("a line of the forgotten-file could not be read and was skipped")
    return found


def read_database(using: str = "default") -> list[dict[str, Any]]:
    """The rows the database holds now (none when it has no such table yet, or none at all)."""
    found: list[dict[str, Any]] = []
    for model in (Forgotten, NewPassword):
        with contextlib.suppress(DatabaseError):  # a copy from before this table
            found.extend(_values(row) for row in model.objects.using(using).all())
    return found


def known_records() -> set[str]:
    """The records the database holds, of every kind."""
    rows = set(Forgotten.objects.values_list("record", flat=True))
    return rows | set(NewPassword.objects.values_list("record", flat=True))


def replay(lines: Iterable[dict[str, Any]]) -> int:
    """Do again, oldest first, each erasure, reset and new password the database does not know
    of; the account must be the very one (its number and the moment it was made). Returns how
    many."""
    from interdepend.web.datarights.services import password_redo, safety_reset, user_delete

    known = known_records()
    done = 0
    seen: set[str] = set()
    for line in sorted(lines, key=lambda item: item["at"]):
        if line["record"] in known or line["record"] in seen:
            continue
        seen.add(line["record"])
        with transaction.atomic():
            user = User.objects.filter(pk=line["user_number"], date_joined=line["joined"]).first()
            if user is not None and line["kind"] == ForgottenKind.ERASE:
                user_delete(user=user, record_id=line["record"])
                done += 1
            elif user is not None and line["kind"] == ForgottenKind.PASSWORD:
                password_redo(user=user, record_id=line["record"])
                done += 1
            elif user is not None:
                safety_reset(user=user, keep_session_key=None, record_id=line["record"])
                done += 1
            elif line["kind"] == ForgottenKind.PASSWORD:
                NewPassword.objects.create(
                    record=line["record"],
                    user_number=line["user_number"],
                    joined=line["joined"],
                    at=line["at"],
                )
            else:
                Forgotten.objects.create(
                    record=line["record"],
                    kind=line["kind"],
                    user_number=line["user_number"],
                    joined=line["joined"],
                    at=line["at"],
                )
    return done


def keep_in_file(lines: Iterable[dict[str, Any]], held: Iterable[dict[str, Any]]) -> None:
    """Write to the file each record of ``lines`` (read from a database about to be replaced)
    that it does not hold yet (``held``: the file as read), so that a later ``migrate`` can
    still do them again."""
    for line in _missing(lines, held):
        _append(_line(line))


def replay_after_migrate(**_kwargs: Any) -> None:
    """After ``migrate`` (a restored older copy is migrated next): the file's records again."""
    try:
        replay(read_file(forgotten_file()))
    except DatabaseError:  # a database without these tables yet
        logger.warning("the erasures and resets to do again could not be read yet")


def password_kept(sender: object, *, user: User, **kwargs: Any) -> None:
    """Receives ``accounts.models.password_replaced``: keep the new password for a restore."""
    record(ForgottenKind.PASSWORD, user)
