"""The schema a restore accepts: exactly what the migrations create, nothing more or less.

A backup is a whole database, so it can carry more than rows: a trigger that quietly undoes
the safety reset, a view, a table or an index nobody made. :func:`sqlite_differences` compares a
SQLite backup's ``sqlite_master`` with that of a database freshly migrated to the same
migrations (built in a separate process, in a throwaway folder, so no migration code ever
touches the live database); :func:`pg_differences` reads a PostgreSQL dump's table of contents
and refuses every kind of entry the migrations never make (triggers, functions, rules, views,
extensions…) and every table no model names.
"""

from __future__ import annotations

import functools
import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
from contextlib import closing
from pathlib import Path

Schema = dict[str, str]

#: Entries SQLite keeps for itself and fills as it likes (statistics, AUTOINCREMENT counters).
SQLITE_OWN = re.compile(r"^sqlite_(sequence|stat\d)$")


def _normalised(sql: str | None) -> str:
    """The SQL text with quoting and spacing made uniform."""
    text = re.sub(r"\s+", " ", (sql or "").replace('"', "").replace("`", ""))
    return re.sub(r"\s*([(),])\s*", r"\1", text).strip()


def sqlite_schema(path: Path) -> Schema:
    """``"kind name"`` → ``"on table: normalised SQL"`` for every entry of ``sqlite_master``."""
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        found = db.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    return {
        f"{kind} {name}": f"on {table}: {_normalised(sql)}"
        for kind, name, table, sql in found
        if not SQLITE_OWN.match(name)
    }


def differences(found: Schema, expected: Schema) -> list[str]:
    """What the backup holds that the migrations do not make, lacks, or makes differently."""
    extra = [f"an extra {key} ({found[key]})" for key in sorted(found.keys() - expected.keys())]
    missing = [f"no {key}" for key in sorted(expected.keys() - found.keys())]
    changed = [
        f"a changed {key} ({found[key]})"
        for key in sorted(found.keys() & expected.keys())
        if found[key] != expected[key]
    ]
    return extra + changed + missing


def _leaves(applied: frozenset[tuple[str, str]]) -> list[list[str]]:
    """The newest applied migration of each app (migrating to these applies the rest)."""
    from django.db.migrations.loader import MigrationLoader

    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    return [
        [app, name]
        for app, name in sorted(applied)
        if (app, name) in graph.nodes
        and not any(child in applied for child in graph.node_map[(app, name)].children)
    ]


@functools.cache
def reference_schema(applied: frozenset[tuple[str, str]]) -> Schema:
    """The schema of a new SQLite database migrated to ``applied``, made in another process."""
    from interdepend.web.datarights.backup import BackupError

    with tempfile.TemporaryDirectory(prefix="interdepend-schema-") as folder:
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env.update(
            DJANGO_SETTINGS_MODULE="interdepend.web.settings",
            INTERDEPEND_VAR_DIR=folder,
            SECRET_KEY="only-for-a-throwaway-schema-reference-database",
        )
        done = subprocess.run(  # noqa: S603 - our own module, arguments as a list
            [sys.executable, "-m", __name__, json.dumps(_leaves(applied))],
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
    if done.returncode != 0:
        raise BackupError(f"the schema to compare with could not be made: {done.stderr[-500:]}")
    return dict(json.loads(done.stdout))


def sqlite_differences(source: Path, applied: set[tuple[str, str]]) -> list[str]:
    return differences(sqlite_schema(source), reference_schema(frozenset(applied)))


# --- PostgreSQL -----------------------------------------------------------------------------

#: Kinds of entry in ``pg_restore -l`` that the migrations make (longest first, to match).
PG_KINDS = (
    "SEQUENCE OWNED BY",
    "FK CONSTRAINT",
    "SEQUENCE SET",
    "TABLE DATA",
    "CONSTRAINT",
    "SEQUENCE",
    "DEFAULT",
    "INDEX",
    "TABLE",
)
#: Entries pg_dump writes for every database, whatever it holds.
PG_PREAMBLE = ("ENCODING - ENCODING", "STDSTRINGS - STDSTRINGS", "SEARCHPATH - SEARCHPATH")
PG_ENTRY = re.compile(r"^\d+; \d+ \d+ (?P<rest>.*)$")


def expected_tables() -> set[str]:
    from django.apps import apps

    tables = {m._meta.db_table for m in apps.get_models(include_auto_created=True)}
    return tables | {"django_migrations"}


def _pg_entry(rest: str, tables: set[str]) -> str | None:
    """Why one table-of-contents entry is refused, or None when the migrations make it."""
    if rest.startswith(PG_PREAMBLE):
        return None
    kind = next((k for k in PG_KINDS if rest.startswith(f"{k} public ")), None)
    if kind is None:
        return f"an entry the migrations never make ({rest})"
    name = rest[len(kind) + len(" public ") :].split(" ")[0]
    if kind in ("TABLE", "TABLE DATA") and name not in tables:
        return f"an extra table {name}"
    return None


def _pg_entries(listing: str) -> list[str]:
    """What each table-of-contents line of a ``pg_restore -l`` listing names (after its ids)."""
    found = (PG_ENTRY.match(line.strip()) for line in listing.splitlines())
    return [entry.group("rest") for entry in found if entry is not None]


def pg_tables(listing: str) -> set[str]:
    """The tables a ``pg_restore -l`` listing holds."""
    return {
        rest[len("TABLE public ") :].split(" ")[0]
        for rest in _pg_entries(listing)
        if rest.startswith("TABLE public ")
    }


def pg_differences(listing: str) -> list[str]:
    """What a ``pg_restore -l`` listing holds that the migrations do not make."""
    tables = expected_tables()
    found: list[str] = []
    for rest in _pg_entries(listing):
        why = _pg_entry(rest, tables)
        if why is not None and why not in found:
            found.append(why)
    return found


# --- the other process ----------------------------------------------------------------------


def _migrate_and_print(leaves: list[list[str]]) -> None:
    import django

    django.setup()
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    MigrationExecutor(connection).migrate([(app, name) for app, name in leaves])
    connection.close()
    print(json.dumps(sqlite_schema(Path(str(connection.settings_dict["NAME"])))))


if __name__ == "__main__":  # pragma: no cover - run by reference_schema in its own process
    _migrate_and_print(json.loads(sys.argv[1]))
