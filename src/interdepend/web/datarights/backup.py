"""The deployer's backup and restore, while the app runs.

SQLite: the online backup API copies the live database page by page inside one read
transaction, so the copy is one consistent moment even while people write. PostgreSQL:
``pg_dump -Fc`` (a consistent snapshot too) and ``pg_restore``.

Signed-in sessions never travel in a copy (their keys are the browsers' cookies). The
journal's wrapped data keys never travel inside the database copy: they are written beside
it, to ``OUT.keys``, so the two can be stored apart and a person's erasure (which destroys
their key) also makes their entries in older copies unreadable once old key files are gone.

Every check happens before anything is changed: a restore that is refused leaves the live
database exactly as it was. A backup must hold exactly the schema the migrations make (see
:mod:`interdepend.web.datarights.schema`): no extra trigger, view, table or index.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.db import Error as DjangoDatabaseError
from django.db import connections
from django.db.migrations.loader import MigrationLoader

from interdepend.core.plural import counted
from interdepend.web.datarights import forgotten
from interdepend.web.env import PG_URL_OPTIONS
from interdepend.web.frame.logs import database_reason

KEYS_TABLE = "journal_datakey"
#: Signed-in sessions stay out of every copy: a session's key is the cookie a browser shows, so
#: a stolen copy would otherwise sign its thief in as anyone signed in when it was made. A
#: restore signs everyone out, which is what a restore should do anyway.
SESSIONS_TABLE = "accounts_usersession"
SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why and what to do."""


class BackupFailed(BackupError):
    """A backup that started and could not finish (a full disk, the database busy): nothing of
    it was left behind."""


def _database_errors() -> tuple[type[BaseException], ...]:
    """What a database driver raises: SQLite's, Django's, and psycopg's when it is installed."""
    found: list[type[BaseException]] = [sqlite3.Error, DjangoDatabaseError]
    try:
        import psycopg
    except ImportError:
        return tuple(found)
    return (*found, psycopg.Error)


@dataclass(frozen=True)
class Done:
    path: Path
    size: int
    seconds: float
    keys: str
    notes: tuple[str, ...] = ()


def keys_path(path: Path) -> Path:
    return path.with_name(path.name + ".keys")


def site_mark(using: str = "default") -> str:
    """Which site a keys file belongs to: a digest of the database it was made from (its
    engine, host, port and name), so that two sites backing up into one folder, a staging site
    beside the real one, never delete each other's files."""
    found = _settings(using)
    parts = [str(found.get(name) or "") for name in ("ENGINE", "HOST", "PORT", "NAME")]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class OlderKeys:
    """What :func:`remove_older_keys` did with the older keys files beside a new one."""

    removed: list[Path]
    #: Keys files older than the new one that name another database: another site's, or this
    #: site's from before its database moved (another host, port, name or data folder).
    kept: list[Path]


def remove_older_keys(newest: Path) -> OlderKeys:
    """Delete this site's keys files in ``newest``'s folder that are older than it.

    A keys file holds every person's journal key as it was that night: an old copy restored
    with its own keys file opens the journal of someone erased since, which her erasure
    promised would not happen (the operator audit of 2026-12-03: the nightly job kept every
    night's file). The newest file opens the older copies of everyone still here. Only files
    named ``*.keys`` that read as a keys file of this very site (:func:`site_mark`), written
    before ``newest``, go: another site's (its newest among them), one from before the mark was
    written, and anything else, stay. The older keys files of another mark are listed as kept:
    the mark is the database's address, so a site whose database moved writes a new one, and
    its operator must be told (the docs audit of 2026-12-04, M2)."""
    from interdepend.web.journal.keys import KEYS_FILE_FORMAT

    ours = site_mark()
    made = newest.stat().st_mtime
    removed, kept = [], []
    for path in sorted(newest.parent.glob("*.keys")):
        if path == newest or not path.is_file() or path.stat().st_mtime > made:
            continue
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # not ours, or not readable: left alone
        if not isinstance(document, dict) or document.get("format") != KEYS_FILE_FORMAT:
            continue
        if document.get("site") == ours:
            path.unlink()
            removed.append(path)
        else:
            kept.append(path)
    return OlderKeys(removed, kept)


def _settings(using: str) -> dict[str, Any]:
    return dict(connections[using].settings_dict)


def _vendor(using: str) -> str:
    return connections[using].vendor


# --- the journal's keys ----------------------------------------------------------------------


def _key_helper(name: str) -> Callable[..., object] | None:
    """The journal's ``dump_wrapped_keys`` / ``load_wrapped_keys``, when that code is present."""
    try:
        from interdepend.web.journal import keys
    except ImportError:
        return None
    helper = getattr(keys, name, None)
    return helper if callable(helper) else None


def _has_keys_table(using: str) -> bool:
    with connections[using].cursor() as cursor:
        return KEYS_TABLE in connections[using].introspection.table_names(cursor)


def keys_apart(using: str) -> bool:
    """Whether the wrapped keys go to their own file (the table and the journal's helper are
    both there); otherwise they stay inside the copy, and the backup says so."""
    return _has_keys_table(using) and _key_helper("dump_wrapped_keys") is not None


def _keys_count(count: object) -> str:
    return "1 key" if count == 1 else f"{count} keys"


def _dump_keys(out: Path, apart: bool) -> str:
    if not apart:
        return "no keys file: the journal's key helper is not installed, keys stay in the copy"
    dump = _key_helper("dump_wrapped_keys")
    assert dump is not None
    count = dump(keys_path(out), site=site_mark())
    return f"{keys_path(out)} ({_keys_count(count)})"


def _load_keys(source: Path, inside: bool, without_keys: bool) -> str:
    path = keys_path(source)
    if inside:
        return "the keys came inside the backup"
    if without_keys:
        return "keys file not loaded (--without-keys): journal entries stay unreadable"
    load = _key_helper("load_wrapped_keys")
    if load is None:
        raise BackupError("the journal's key helper (load_wrapped_keys) is missing")
    count = load(path)
    return f"{path} ({_keys_count(count)})"


# --- checks before a restore ----------------------------------------------------------------


def known_migrations() -> set[tuple[str, str]]:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return set(loader.disk_migrations)


def check_schema(applied: set[tuple[str, str]]) -> list[str]:
    """Refuse a backup made by a newer version; notes for an older one."""
    if not applied:
        raise BackupError("the backup holds no Interdepend schema (no migrations recorded)")
    known = known_migrations()
    newer = sorted(applied - known)
    if newer:
        shown = ", ".join(f"{app}.{name}" for app, name in newer[:5])
        raise BackupError(
            f"the backup comes from a newer version of Interdepend ({len(newer)} migrations "
            f"this version does not know: {shown}); upgrade first, then restore"
        )
    older = known - applied
    if older:
        return ["the backup is from an older version: run `interdepend manage migrate` next"]
    return []


def database_is_empty(using: str) -> bool:
    """True when no table of the project holds a row (or none exists yet)."""
    with connections[using].cursor() as cursor:
        present = set(connections[using].introspection.table_names(cursor))
    for model in apps.get_models():
        if not model.__module__.startswith("interdepend.web."):
            continue
        if model._meta.db_table in present and model._default_manager.using(using).exists():
            return False
    return True


def _check_file(source: Path, magic: bytes, kind: str) -> None:
    if not source.is_file():
        raise BackupError(f"{source} does not exist or is not a file")
    with source.open("rb") as opened:
        head = opened.read(len(magic))
    if head != magic:
        raise BackupError(f"{source} is not a {kind} backup (it may be damaged or another kind)")


@dataclass(frozen=True)
class Inspected:
    """What a backup file holds, read without changing anything."""

    applied: set[tuple[str, str]]
    keys_inside: bool
    #: ``pg_restore -l`` of a PostgreSQL dump (empty for SQLite).
    listing: str = ""


# --- SQLite ---------------------------------------------------------------------------------


def _sqlite_copy(source: str, target: Path, apart: bool) -> None:
    """The online backup API: the whole database in one step, so one consistent moment."""
    live = sqlite3.connect(source, timeout=30)
    copy = sqlite3.connect(target)
    try:
        live.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")
        copy.execute("PRAGMA secure_delete=ON")
        copy.execute(f"DELETE FROM {SESSIONS_TABLE}")  # noqa: S608 - a fixed name
        copy.commit()
        if apart:
            copy.execute(f"DELETE FROM {KEYS_TABLE}")  # noqa: S608 - a fixed name
            copy.commit()
        copy.execute("VACUUM")
    finally:
        copy.close()
        live.close()


def _sqlite_backup(out: Path, db: dict[str, Any], apart: bool) -> None:
    part = out.with_name(out.name + ".part")
    part.unlink(missing_ok=True)
    try:
        _sqlite_copy(str(db["NAME"]), part, apart)
        os.chmod(part, 0o600)
        os.replace(part, out)
    finally:
        part.unlink(missing_ok=True)  # a copy that failed half-way (a full disk) is not kept


def _sqlite_inspect(source: Path) -> Inspected:
    _check_file(source, SQLITE_MAGIC, "SQLite")
    try:
        opened = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            if opened.execute("PRAGMA quick_check").fetchone() != ("ok",):
                raise BackupError(f"{source} is damaged (the integrity check failed)")
            rows = opened.execute("SELECT app, name FROM django_migrations").fetchall()
            tables = {r[0] for r in opened.execute("SELECT name FROM sqlite_master")}
            inside = KEYS_TABLE in tables and bool(
                opened.execute(f"SELECT 1 FROM {KEYS_TABLE} LIMIT 1").fetchone()  # noqa: S608
            )
        finally:
            opened.close()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{source} cannot be read as a database ({error})") from None
    return Inspected({(str(app), str(name)) for app, name in rows}, inside)


def _sqlite_restore(source: Path, db: dict[str, Any]) -> None:
    backup = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    live = sqlite3.connect(str(db["NAME"]), timeout=30)
    try:
        backup.backup(live)
    finally:
        live.close()
        backup.close()


# --- PostgreSQL -----------------------------------------------------------------------------


def pg_tool(name: str, using: str = "default") -> str:
    """The ``pg_dump`` / ``pg_restore`` to use: $INTERDEPEND_PG_BIN, else the one of the
    server's major version (or the nearest newer one) under /usr/lib/postgresql, else $PATH."""
    chosen = os.environ.get("INTERDEPEND_PG_BIN")
    if chosen:
        return str(Path(chosen) / name)
    with connections[using].cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        major = int(cursor.fetchone()[0]) // 10000
    installed = sorted(
        (int(p.parent.parent.name), p)
        for p in Path("/usr/lib/postgresql").glob(f"*/bin/{name}")
        if p.parent.parent.name.isdigit()
    )
    for version, path in installed:
        if version >= major:
            return str(path)
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} was not found; install the PostgreSQL client tools")
    return found


def _pg_env(db: dict[str, Any]) -> dict[str, str]:
    """Connection settings for the tools, the password included, in the environment only."""
    env = dict(os.environ)
    for key, value in (
        ("PGHOST", db.get("HOST")),
        ("PGPORT", db.get("PORT")),
        ("PGUSER", db.get("USER")),
        ("PGPASSWORD", db.get("PASSWORD")),
        ("PGDATABASE", db.get("NAME")),
    ):
        if value:
            env[key] = str(value)
    for name, value in dict(db.get("OPTIONS") or {}).items():
        if name in PG_URL_OPTIONS:  # sslmode and the rest, as the app itself connects
            env[PG_URL_OPTIONS[name]] = str(value)
    return env


def _run(argv: list[str], db: dict[str, Any]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - fixed tools, no shell, arguments as a list
        argv, env=_pg_env(db), capture_output=True, text=True, check=False
    )


def _pg_backup(out: Path, using: str, apart: bool) -> None:
    part = out.with_name(out.name + ".part")
    part.unlink(missing_ok=True)
    argv = [pg_tool("pg_dump", using), "-Fc", "-f", str(part)]
    argv.append(f"--exclude-table-data={SESSIONS_TABLE}")
    if apart:
        argv.append(f"--exclude-table-data={KEYS_TABLE}")
    try:
        done = _run(argv, _settings(using))
        if done.returncode != 0:
            raise BackupFailed(f"pg_dump failed: {done.stderr.strip()}")
        os.chmod(part, 0o600)
        os.replace(part, out)
    finally:
        part.unlink(missing_ok=True)


COPY_START = re.compile(r"^COPY \S*django_migrations \(([^)]*)\) FROM stdin;$")


def _pg_inspect(source: Path, using: str) -> Inspected:
    _check_file(source, PGDUMP_MAGIC, "PostgreSQL (pg_dump -Fc)")
    tool, db = pg_tool("pg_restore", using), _settings(using)
    listed = _run([tool, "-l", str(source)], db)
    data = _run([tool, "--data-only", "--table=django_migrations", "-f", "-", str(source)], db)
    for done in (listed, data):
        if done.returncode != 0:
            raise BackupError(f"{source} cannot be read: {done.stderr.strip()}")
    inside = re.search(rf"TABLE DATA \S+ {KEYS_TABLE} ", listed.stdout) is not None
    return Inspected(_copy_rows(data.stdout), inside, listed.stdout)


def _copy_rows(text: str) -> set[tuple[str, str]]:
    applied: set[tuple[str, str]] = set()
    columns: list[str] | None = None
    for line in text.splitlines():
        if columns is None:
            match = COPY_START.match(line)
            columns = [c.strip() for c in match.group(1).split(",")] if match else None
            continue
        if line == "\\.":
            break
        values = dict(zip(columns, line.split("\t"), strict=False))
        applied.add((values["app"], values["name"]))
    return applied


def _pg_restore(source: Path, db: dict[str, Any]) -> None:
    argv = [pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner"]
    argv += ["--single-transaction", "--exit-on-error", "-d", str(db["NAME"])]
    done = _run([*argv, str(source)], db)
    if done.returncode != 0:
        raise BackupError(f"pg_restore failed, nothing was changed: {done.stderr.strip()}")


# --- the two commands -----------------------------------------------------------------------


def backup(out: Path, *, using: str = "default") -> Done:
    if out.is_dir():
        raise BackupError(f"{out} is a folder; give a file name")
    if not out.parent.is_dir():
        raise BackupError(f"the folder {out.parent} does not exist")
    _refuse_beside_the_master_key(out)
    started = time.perf_counter()
    vendor = _vendor(using)
    if vendor not in {"sqlite", "postgresql"}:
        raise BackupError(f"backups of a {vendor} database are not supported")
    try:
        apart = keys_apart(using)
        if vendor == "sqlite":
            _sqlite_backup(out, _settings(using), apart)
        else:
            _pg_backup(out, using, apart)
    except _database_errors() as error:
        raise BackupFailed(_failed(error)) from None
    try:
        keys = _dump_keys(out, apart)
    except _database_errors() as error:
        out.unlink(missing_ok=True)  # a copy without its keys file would not restore
        raise BackupFailed(_failed(error)) from None
    except OSError as error:
        # The keys file could not be written (a disk that filled up after the copy): the copy
        # stayed without it, and the message named a hidden temporary file (the deployer walk
        # of 2026-12-04).
        out.unlink(missing_ok=True)
        raise BackupFailed(_keys_not_written(keys_path(out), error)) from None
    return Done(out, out.stat().st_size, time.perf_counter() - started, keys)


def _refuse_beside_the_master_key(out: Path) -> None:
    """Refuse a copy written into the folder of the master key file (the data folder, on one
    machine): the copy and its keys file then sat with the key that opens them, so whoever
    took that folder off the machine took all three, and a lost disk lost the database and
    its backups together (the deployer walk of 2026-12-04: `interdepend backup var/x.db`)."""
    from django.conf import settings

    if str(getattr(settings, "MASTER_KEY", "") or "").strip():
        return  # the master keys are in the environment, in no file
    key_file = Path(settings.MASTER_KEY_FILE)
    if not key_file.exists():
        return
    key_folder, folder = key_file.parent.resolve(), out.parent.resolve()
    if folder == key_folder or key_folder in folder.parents:
        raise BackupError(
            f"{key_folder} holds the journal's master key file ({key_file.name}): a backup "
            "inside it would travel with the key that opens it, and be lost with the database's "
            "own disk; write backups to a folder of their own, such as /var/backups/interdepend "
            "(docs/data-rights.md)"
        )


def _keys_not_written(path: Path, error: OSError) -> str:
    full = error.errno in {errno.ENOSPC, errno.EDQUOT}
    reason = "the disk is full" if full else (error.strerror or "it could not be written")
    return f"the keys file {path} could not be written: {reason} ({type(error).__name__})"


def _failed(error: BaseException) -> str:
    """Why a backup failed, in our words (the database's message can hold data)."""
    reason = database_reason(error) or "the database could not be copied"
    return f"{reason} ({type(error).__name__})"


def inspect(source: Path, using: str = "default") -> Inspected:
    vendor = _vendor(using)
    if vendor == "sqlite":
        return _sqlite_inspect(source)
    if vendor == "postgresql":
        return _pg_inspect(source, using)
    raise BackupError(f"restoring into a {vendor} database is not supported")


def check_objects(source: Path, found: Inspected, using: str = "default") -> None:
    """Refuse a backup whose schema is not exactly what the migrations make: an extra trigger,
    view, table or index, or a changed definition, could undo the app's rules after restore."""
    from interdepend.web.datarights import schema

    if _vendor(using) == "sqlite":
        problems = schema.sqlite_differences(source, found.applied)
    else:
        problems = schema.pg_differences(found.listing)
    if problems:
        shown = "; ".join(problems[:5])
        more = f"; and {len(problems) - 5} more" if len(problems) > 5 else ""
        raise BackupError(
            f"the backup holds a schema the migrations do not make, so it cannot be trusted: "
            f"{shown}{more}"
        )


def _check_keys(source: Path, found: Inspected, without_keys: bool) -> None:
    if found.keys_inside or without_keys:
        return
    if not keys_path(source).is_file():
        raise BackupError(
            f"{keys_path(source)} is missing: without it the journal entries in the backup "
            "cannot be read; put it beside the backup, or pass --without-keys"
        )
    if _key_helper("load_wrapped_keys") is None:
        raise BackupError("the journal's key helper (load_wrapped_keys) is missing")
    lacking_in = _key_helper("master_keys_lacking")
    lacking = lacking_in(keys_path(source)) if lacking_in is not None else {}
    if lacking:
        # The copy would restore with those journals unreadable, and nothing but a later
        # check-deploy would say so (the docs audit of 2026-12-04, H2: a copy from before a
        # rotation whose old master key was then dropped).
        assert isinstance(lacking, dict)
        people = sum(lacking.values())
        ids = ", ".join(sorted(lacking))
        raise BackupError(
            f"{keys_path(source)} holds {people} journal key(s) locked with a master key this "
            f"server does not have ({ids}), so those journals could not be opened. Put the "
            "keys file of a backup made since in its place (the newest: it holds the same "
            "journal keys, locked with the master key in use), or that master key back in the "
            "key file or INTERDEPEND_MASTER_KEY, after the newest (docs/journal.md, rotating "
            "the master key), or pass --without-keys"
        )


def _refuse_tables_left_beside(found: Inspected, using: str) -> None:
    """PostgreSQL's restore replaces the tables the backup holds and leaves any other: a
    release's new tables stayed after a rollback by restore, the next upgrade failed on them,
    and every later backup was refused by restore (the deployer audit). Refuse first."""
    from interdepend.web.datarights import schema

    if _vendor(using) != "postgresql":
        return  # SQLite's restore replaces the whole file
    listed = schema.pg_tables(found.listing)
    with connections[using].cursor() as cursor:
        present = set(connections[using].introspection.table_names(cursor))
    beside = sorted(present - listed)
    if beside:
        raise BackupError(
            f"the database holds tables the backup does not ({', '.join(beside[:5])}); they "
            "would stay beside what is restored. Restore into an empty database: drop it and "
            "make it again (dropdb, createdb), then restore (docs/deploy.md, rolling back)"
        )


def restore_database(source: Path, db: dict[str, Any]) -> None:
    """Put the backup into the database ``db`` (a Django database settings entry) as it is:
    no checks and no keys. :func:`restore` does the checks first."""
    if "sqlite" in str(db["ENGINE"]):
        _sqlite_restore(source, db)
    else:
        _pg_restore(source, db)


def restore(
    source: Path, *, using: str = "default", overwrite: bool = False, without_keys: bool = False
) -> Done:
    """Replace the database with the backup. Every check first: a refusal changes nothing."""
    started = time.perf_counter()
    found = inspect(source, using)
    notes = check_schema(found.applied)
    check_objects(source, found, using)
    _check_keys(source, found, without_keys)
    if not overwrite and not database_is_empty(using):
        raise BackupError("the database is not empty; pass --yes to replace everything in it")
    _refuse_tables_left_beside(found, using)
    # Erasures and resets the copy may not know of: from the database it replaces (a rollback)
    # and from the file beside it that no backup holds (a lost disk), done again after.
    in_database = forgotten.read_database(using)
    in_file = forgotten.read_file(forgotten.forgotten_file())
    forgotten.keep_in_file(in_database, held=in_file)
    known = in_database + in_file
    connections[using].close()
    restore_database(source, _settings(using))
    keys = _load_keys(source, found.keys_inside, without_keys)
    # An older copy has no table for them yet: `migrate`, which it needs next, does them.
    redone = 0 if notes else forgotten.replay(known)
    if redone:
        notes.append(
            f"{counted(redone, 'step', 'steps')} taken after this copy was made (an account "
            "deleted, a safety reset, a new password) were done again (a new password is done "
            "again by replacing it with one nobody is told: that person chooses another with "
            "Forgot your password?)"
        )
    return Done(source, source.stat().st_size, time.perf_counter() - started, keys, tuple(notes))
