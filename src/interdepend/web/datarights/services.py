"""A person's data rights, built from every app's ``personal`` module.

- :func:`export_archive`: the person's own data as a zip (one JSON file, one CSV per table, a
  short README). Only ever downloaded, never sent by e-mail.
- :func:`personal_data_erase`: what the cascades of an account's deletion cannot do, and
  :func:`user_delete`, the deletion itself.
- :func:`safety_reset`: un-share everything, leave the partnership, end every other session.
  Quiet: nothing is announced to anyone.
"""

from __future__ import annotations

import datetime
import io
import json
import logging
import re
import secrets
import zipfile
from dataclasses import dataclass

from django.apps import apps
from django.db import DatabaseError, connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from interdepend.core.csvcell import SafeDictWriter
from interdepend.web.accounts.models import User, UserSession
from interdepend.web.datarights import forgotten
from interdepend.web.datarights.models import Forgotten, ForgottenKind, NewPassword
from interdepend.web.datarights.providers import providers
from interdepend.web.datarights.tablewords import TABLE_WORDS
from interdepend.web.frame.exportrows import Row, Table, Tables, with_choice_words
from interdepend.web.frame.pwa import file_name

logger = logging.getLogger(__name__)

EXPORT_FORMAT = "interdepend-personal-export"
EXPORT_VERSION = 1
JSON_NAME = "interdepend-data.json"


def export_tables(user: User) -> Tables:
    """Table name → the person's rows, from every provider, tables in a stable order."""
    tables: dict[str, Table] = {}
    for _app, module in providers():
        for name, found in module.export(user).items():
            if name not in tables:
                tables[name] = Table(columns=getattr(found, "columns", ()))
            tables[name].extend(found)
    # Her safety resets, kept so that a restore does them again (models.Forgotten): when, and
    # nothing else; they name her only by her account's number and the moment it was made.
    hers = {"user_number": user.pk, "joined": user.date_joined}
    resets: list[Forgotten | NewPassword] = [
        *Forgotten.objects.filter(**hers),
        *NewPassword.objects.filter(**hers),
    ]
    resets.sort(key=lambda row: row.at)
    tables[Forgotten._meta.db_table] = Table(
        ({"kind": str(row.kind), "at": row.at.isoformat()} for row in resets), ("kind", "at")
    )
    models = {model._meta.db_table: model for model in apps.get_models(include_auto_created=True)}
    for name, found in tables.items():
        if name in models:
            tables[name] = with_choice_words(found, models[name])
    return dict(sorted(tables.items()))


def _csv_text(found: list[Row]) -> str:
    """One table as CSV: UTF-8 with a byte-order mark, which tells a spreadsheet the text is
    UTF-8 (Excel read accented and other letters wrong without it), and a header line even for
    a table with no records (it was an empty file: the data-rights audit of 2026-12-03). The
    columns are those the table was made with
    (:class:`~interdepend.web.frame.exportrows.Table`), so an empty table names the same ones
    as a full one (the ex audit of the same day: tables the download builds itself were files
    with no header, and others named columns it leaves out)."""
    header: list[str] = list(getattr(found, "columns", ()))
    for row in found:
        header.extend(key for key in row if key not in header)
    out = io.StringIO()
    out.write("\ufeff")
    writer = SafeDictWriter(out, fieldnames=header, lineterminator="\n")
    if header:
        writer.writeheader()
    for row in found:
        writer.writerow({k: _cell(v, moment=_is_moment_column(k)) for k, v in row.items()})
    return out.getvalue()


#: A moment as the JSON file writes it: ISO 8601, with its offset.
_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})")


#: Columns that hold a moment the app recorded ("created_at", "expire_date", "at"): only these
#: are rewritten as her own hour. A text she typed that happens to read as a moment, in any
#: other column, stays exactly as she wrote it.
_MOMENT_COLUMNS = frozenset({"at", "date_joined", "last_login", "joined", "until"})


def _is_moment_column(name: str) -> bool:
    return name.endswith(("_at", "_date", "_time")) or name in _MOMENT_COLUMNS


def _cell(value: object, *, moment: bool = False) -> object:
    """Lists and mappings go into one CSV cell as JSON; a moment in a column of moments as
    :func:`_spreadsheet_time` writes it; other values as they are."""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if moment and isinstance(value, str) and _MOMENT.fullmatch(value):
        return _spreadsheet_time(value)
    return "" if value is None else value


def _spreadsheet_time(moment: str) -> str:
    """A moment as a spreadsheet reads a time, and as the pages show it: in the zone the
    download is made in (her own), to the second ("2026-12-05 09:30:00"). A CSV cell read
    "2026-12-05T08:30:00.123456+00:00": a time in UTC to the millionth of a second, which a
    spreadsheet keeps as text and a person has to work back to her own hour. The JSON file
    keeps the exact moment."""
    local = timezone.localtime(datetime.datetime.fromisoformat(moment))
    return local.strftime("%Y-%m-%d %H:%M:%S")


def time_zone_words() -> str:
    """The zone a download's CSV times are in, by its name ("Europe/Madrid")."""
    return timezone.get_current_timezone_name()


def export_filename(user: User) -> str:
    day = timezone.localdate().isoformat()
    return file_name(user, f"interdepend-data-{day}.zip", f"notes-{day}.zip")


def export_archive(user: User) -> bytes:
    """The zip a person downloads: everything of theirs, in JSON and in CSV."""
    tables = export_tables(user)
    document = {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": timezone.now().isoformat(),
        "tables": tables,
    }
    readme = render_to_string(
        "datarights/export_readme.txt",
        {
            "tables": [
                (f"csv/{name}.csv", len(found), TABLE_WORDS.get(name, ""))
                for name, found in tables.items()
            ],
            "json": JSON_NAME,
            "zone": time_zone_words(),
        },
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", readme)
        archive.writestr(JSON_NAME, json.dumps(document, ensure_ascii=False, indent=1))
        for name, found in tables.items():
            archive.writestr(f"csv/{name}.csv", _csv_text(found))
    return buffer.getvalue()


def journal_scrub() -> None:
    """Empty SQLite's write-ahead log once an erasure is written: the database file itself is
    overwritten (``secure_delete``), but the log kept the pages as they were (her address, her
    circle's names) until the last connection closed, and a quiet server may never close it (the
    data audit of 2026-12-02). Best effort: a reader still holding an old snapshot leaves the
    log for the next checkpoint, which ``journal_size_limit`` then truncates."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        return
    try:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except DatabaseError:
        logger.warning("The write-ahead log could not be emptied after an erasure just now.")


@transaction.atomic
def personal_data_erase(*, user: User) -> None:
    """Run every provider's ``erase``, apps that build on others first."""
    for _app, module in reversed(list(providers())):
        module.erase(user)
    transaction.on_commit(journal_scrub)


@transaction.atomic
def user_delete(*, user: User, record_id: str | None = None) -> None:
    """Delete the account and every row that is only theirs.

    Every app's ``personal.erase`` does what the cascades cannot (see docs/data-rights.md);
    the active partnership ends among them, once the apps that build on it have decided what
    the current partner keeps. The erasure is recorded so that a restore does it again
    (:mod:`.forgotten`; ``record_id`` when it is that replay).
    """
    forgotten.record(ForgottenKind.ERASE, user, record_id)
    personal_data_erase(user=user)
    UserSession.objects.filter(user=user).delete()
    user.delete()


@transaction.atomic
def password_redo(*, user: User, record_id: str) -> None:
    """A new password made after the restored copy was taken, done again: the copy holds the
    old one, which the partner she changed it against may know. Nobody knows her new one, so
    it is replaced with one nobody is told and every session ends, as ``two-step off`` does;
    she chooses another with *Forgot your password?*."""
    from interdepend.web.accounts.services import sessions_end

    forgotten.record(ForgottenKind.PASSWORD, user, record_id)
    user.set_password(secrets.token_urlsafe(32))
    user.password_changed_at = timezone.now()
    user.save(update_fields=["password", "password_changed_at"])
    sessions_end(user=user)


@dataclass(frozen=True)
class ResetDone:
    unshared: int
    left_partnership: bool
    sessions_ended: int


@transaction.atomic
def safety_reset(
    *, user: User, keep_session_key: str | None, record_id: str | None = None
) -> ResetDone:
    """Un-share everything, leave the partnership, revoke practitioner grants (the practice
    provider's ``unshare_all``), drop a new e-mail address waiting for its link, and end every
    session but the current one, and an authenticator app left half set up. Nothing is
    sent."""
    from interdepend.web.accounts.services import email_change_cancel, sessions_end
    from interdepend.web.accounts.twostep import app_pending_drop
    from interdepend.web.partners.services import partnership_leave

    transaction.on_commit(journal_scrub)
    forgotten.record(ForgottenKind.RESET, user, record_id)  # a restore does it again
    unshared = sum(module.unshare_all(user) for _app, module in providers())
    left = partnership_leave(user=user)
    email_change_cancel(user=user)
    app_pending_drop(user)
    # Every other session ends, but her other browsers stay trusted: the reset asks for no
    # password typed for it, and whoever held her phone could otherwise untrust her laptop, then
    # pause her address from the shared home connection (the re-audit of 2026-12-02).
    ended = sessions_end(user=user, keep_session_key=keep_session_key, forget_devices=False)
    return ResetDone(unshared=unshared, left_partnership=left, sessions_ended=ended)
