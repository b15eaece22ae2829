"""T22: a backup taken while people write, restored into a fresh database, compared row by row.

Also the deployer's commands: ``interdepend backup`` / ``restore`` round trip with the keys file,
and every refusal (missing, damaged, newer schema, non-empty database) changes nothing.
Runs on SQLite and, under ``make test-postgres``, on PostgreSQL.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, connections
from pytest_django import Settings

from interdepend.cli import main
from interdepend.web.accounts.models import User
from interdepend.web.accounts.services import user_create
from interdepend.web.datarights import backup
from interdepend.web.together.models import Goal
from interdepend.web.together.services import goal_create
from tests.conftest import build_personas

pytestmark = pytest.mark.django_db(transaction=True)

WRITERS = 4
MAX_ROWS = 400  # per writer: the loops are bounded whatever happens


def _raw(db: dict[str, Any]) -> Any:
    """A plain DB-API connection to the database ``db`` (no Django in between)."""
    if connection.vendor == "sqlite":
        return sqlite3.connect(str(db["NAME"]))
    import psycopg

    return psycopg.connect(
        dbname=db["NAME"],
        host=db.get("HOST") or None,
        port=db.get("PORT") or None,
        user=db.get("USER") or None,
        password=db.get("PASSWORD") or None,
    )


def _tables(raw: Any) -> dict[str, list[tuple[object, ...]]]:
    """Every table's rows, in primary-key (first column) order, bytes made comparable."""
    cursor = raw.cursor()
    if connection.vendor == "sqlite":
        cursor.execute("SELECT name FROM sqlite_master WHERE type='table'")
        names = [n for (n,) in cursor.fetchall() if not n.startswith("sqlite_")]
    else:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        names = [n for (n,) in cursor.fetchall()]
    found = {}
    for name in sorted(names):
        cursor.execute(f'SELECT * FROM "{name}" ORDER BY 1')  # noqa: S608 - names from the catalogue
        found[name] = [
            tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)
            for row in cursor.fetchall()
        ]
    return found


@contextmanager
def _fresh_database(tmp_path: Path) -> Iterator[dict[str, Any]]:
    live = dict(connection.settings_dict)
    if connection.vendor == "sqlite":
        yield {**live, "NAME": str(tmp_path / "fresh.sqlite3")}
        return
    name = f"{live['NAME']}_t22"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield {**live, "NAME": name}
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Writers:
    """Threads that each add goals, one commit at a time, and note what was acknowledged."""

    def __init__(self) -> None:
        self.people = [
            user_create(email=f"writer{n}@example.test", password="x" * 12, display_name="W")
            for n in range(WRITERS)
        ]
        self.acked = [0] * WRITERS
        self.stop = threading.Event()
        self.errors: list[BaseException] = []
        self.threads = [threading.Thread(target=self._write, args=(n,)) for n in range(WRITERS)]

    def _write(self, n: int) -> None:
        try:
            for i in range(MAX_ROWS):
                if self.stop.is_set():
                    break
                goal_create(
                    owner=self.people[n],
                    partnership=None,
                    title=f"w{n}-{i}",
                    detail="",
                    idem_key="",
                )
                self.acked[n] = i + 1
        except BaseException as error:  # noqa: BLE001 - reported by the test
            self.errors.append(error)
        finally:
            connections.close_all()

    def __enter__(self) -> Writers:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=60)


def _writer_diffs(
    restored: list[tuple[object, ...]],
    live: list[tuple[object, ...]],
    before: list[int],
    people: list[User],
) -> list[str]:
    """Each writer's rows in the copy: the same as live, gapless from the first, and at least
    every row acknowledged before the backup began."""
    live_rows = set(live)
    diffs = [f"goal row differs or is unknown: {row}" for row in restored if row not in live_rows]
    titles = {
        n: sorted(
            int(t.split("-")[1])
            for t in Goal.objects.filter(
                owner=people[n], pk__in=[r[0] for r in restored]
            ).values_list("title", flat=True)
        )
        for n in range(len(people))
    }
    for n, seq in titles.items():
        if seq != list(range(len(seq))):
            diffs.append(f"writer {n}: the copy has a gap")
        if len(seq) < before[n]:
            diffs.append(f"writer {n}: {before[n] - len(seq)} acknowledged rows missing")
    return diffs


def _keys_file_matches_live(path: Path) -> list[str]:
    from interdepend.web.journal.models import DataKey

    document = json.loads(path.read_text())
    in_file = {(k["user"], k["master_key_id"], k["wrapped"]) for k in document["keys"]}
    import base64

    live = {
        (k.user_id, k.master_key_id, base64.b64encode(bytes(k.wrapped)).decode())
        for k in DataKey.objects.all()
    }
    return [] if live <= in_file else [f"keys file lacks {len(live - in_file)} keys"]


def test_t22_backup_under_load_restores_every_row(tmp_path: Path) -> None:
    from django.test import Client

    personas = build_personas()
    Client().force_login(personas.alice)  # a signed-in session: it must not travel
    out = tmp_path / "backup.db"
    with Writers() as writers:
        deadline = time.monotonic() + 30
        while min(writers.acked) < 20 and time.monotonic() < deadline and not writers.errors:
            time.sleep(0.01)
        before = list(writers.acked)
        done = backup.backup(out)
        time.sleep(0.2)  # the writers carry on after the copy
    assert not writers.errors, writers.errors
    assert min(before) >= 20, before

    with _fresh_database(tmp_path) as fresh:
        started = time.perf_counter()
        backup.restore_database(out, fresh)
        seconds = time.perf_counter() - started
        with closing(_raw(fresh)) as raw:
            restored = _tables(raw)
    with closing(_raw(connection.settings_dict)) as raw:
        live = _tables(raw)

    diffs: list[str] = []
    for name in sorted(set(live) | set(restored)):
        if name == backup.KEYS_TABLE:
            if restored.get(name):
                diffs.append("the data keys travelled inside the copy")
        elif name == backup.SESSIONS_TABLE:
            if restored.get(name) or not live.get(name):
                diffs.append("signed-in sessions travelled inside the copy (or none were live)")
        elif name == Goal._meta.db_table:
            diffs += _writer_diffs(restored[name], live[name], before, writers.people)
        elif restored.get(name) != live.get(name):
            diffs.append(f"{name}: {len(live.get(name, []))} live, {len(restored.get(name, []))}")
    if backup.keys_apart("default"):
        diffs += _keys_file_matches_live(backup.keys_path(out))
    rows = sum(len(found) for found in restored.values())
    print(
        f"\nT22 backup under load: {len(restored)} tables, {rows} rows, {len(diffs)} diffs, "
        f"restore {seconds:.2f} s (backup {done.seconds:.2f} s, {done.size / 1e6:.1f} MB, "
        f"{sum(before)} rows acknowledged at the start, {sum(writers.acked)} at the end)"
    )
    assert not diffs, diffs


# The commands -------------------------------------------------------------------------------


def _count() -> int:
    return Goal.objects.count()


def test_backup_and_restore_commands_round_trip_with_keys(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    personas = build_personas()
    out = tmp_path / "copy.db"
    kept = tmp_path / "kept.csv"
    kept.write_text("a file someone keeps\n")
    assert main(["backup", str(kept)]) == 2  # a typo never overwrites a file
    assert "already exists" in capsys.readouterr().err
    assert kept.read_text() == "a file someone keeps\n"
    assert main(["backup", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "backup:" in printed and " s" in printed
    assert main(["backup", str(out)]) == 2
    assert main(["backup", str(out), "--force"]) == 0
    capsys.readouterr()
    before = _count()
    goal_create(owner=personas.carol, partnership=None, title="after", detail="", idem_key="")
    assert main(["restore", str(out)]) == 2  # not empty, no --yes
    assert _count() == before + 1
    assert main(["restore", str(out), "--yes"]) == 0
    assert "restored:" in capsys.readouterr().out
    assert _count() == before
    if backup.keys_apart("default"):
        from interdepend.web.journal.models import DataKey

        assert DataKey.objects.exists(), "the keys file was loaded back"


def test_a_backup_onto_a_full_disk_is_one_line_and_leaves_nothing_behind(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk gave a traceback and exit 1, and left ``OUT.part`` behind (the operator
    audit). The copy fails here as SQLite (or pg_dump's run) fails on a full disk."""
    out = tmp_path / "copy.db"

    def full(target: Path) -> None:
        target.write_bytes(b"half a copy")
        raise sqlite3.OperationalError("database or disk is full")

    if connection.vendor == "sqlite":
        monkeypatch.setattr(backup, "_sqlite_copy", lambda source, target, apart: full(target))
    else:
        monkeypatch.setattr(backup, "_run", lambda argv, db: full(Path(argv[argv.index("-f") + 1])))
    assert main(["backup", str(out)]) == 2
    said = capsys.readouterr()
    assert said.err == (
        "interdepend: backup failed, nothing written: the disk is full (OperationalError)\n"
    )
    assert sorted(tmp_path.iterdir()) == []


def test_a_backup_whose_keys_cannot_be_read_leaves_no_copy_without_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.db import OperationalError

    def busy(out: Path, apart: bool) -> str:
        error = OperationalError("database is locked")
        error.__cause__ = sqlite3.OperationalError("database is locked")
        raise error

    monkeypatch.setattr(backup, "_dump_keys", busy)
    assert main(["backup", str(tmp_path / "copy.db")]) == 2
    said = capsys.readouterr().err
    assert said.startswith("interdepend: backup failed, nothing written: the database was busy")
    assert said.count("\n") == 1 and sorted(tmp_path.iterdir()) == []


def test_a_restore_does_again_the_deletions_and_resets_made_after_its_copy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A restore brought back an account deleted after the copy, signed-in-able and linked
    with the partner she left, and undid a safety reset (the data-rights audit of
    2026-12-03). Each is kept in the database and in the file beside it; restoring the copy
    does them again, whether the database it replaces still stands or is lost, and a person
    reset before the copy keeps what she did after."""
    from interdepend.web.datarights import forgotten
    from interdepend.web.datarights.services import safety_reset, user_delete
    from interdepend.web.partners.access import access_active_partnership

    personas = build_personas()
    alice, bob, dave = personas.alice, personas.bob, personas.dave
    safety_reset(user=dave, keep_session_key=None)  # before the copy: stays as it was
    out = tmp_path / "copy.db"
    assert main(["backup", str(out)]) == 0
    user_delete(user=alice)
    safety_reset(user=bob, keep_session_key=None)
    assert len(forgotten.read_file(forgotten.forgotten_file())) == 3
    for lost in (False, True):
        if lost:  # the disk is gone: only the file beside it remembers
            main(["restore", str(out), "--yes"])
            from interdepend.web.datarights.models import Forgotten

            Forgotten.objects.all().delete()
        assert main(["restore", str(out), "--yes"]) == 0
        printed = capsys.readouterr().out
        assert "2 steps taken after this copy was made" in printed, printed
        assert not User.objects.filter(email=alice.email).exists()
        bob_now = User.objects.get(pk=bob.pk)
        assert access_active_partnership(bob_now) is None
        assert User.objects.filter(pk=dave.pk).exists()


def test_restore_refuses_missing_damaged_and_newer_backups(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    build_personas()
    out = tmp_path / "copy.db"
    assert main(["backup", str(out)]) == 0
    before = _count()
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(out.read_bytes()[: max(4096, out.stat().st_size // 3)])
    if backup.keys_path(out).exists():
        shutil.copy(backup.keys_path(out), backup.keys_path(damaged))
    newer = _newer_schema_copy(out, tmp_path)
    for source in (tmp_path / "missing.db", damaged, newer):
        assert main(["restore", str(source), "--yes"]) == 2, source
        assert "nothing was changed" in capsys.readouterr().err
        assert _count() == before


def _newer_schema_copy(out: Path, tmp_path: Path) -> Path:
    """The backup as a newer version would make it: one migration this code does not know."""
    newer = tmp_path / "newer.db"
    if connection.vendor == "sqlite":
        shutil.copy(out, newer)
        with closing(sqlite3.connect(newer)) as raw:
            raw.execute(
                "INSERT INTO django_migrations (app, name, applied) "
                "VALUES ('accounts', '9999_from_the_future', '2099-01-01')"
            )
            raw.commit()
    else:
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO django_migrations (app, name, applied) "
                "VALUES ('accounts', '9999_from_the_future', now())"
            )
        assert main(["backup", str(newer), "--keep-old-keys"]) == 0
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM django_migrations WHERE name = '9999_from_the_future'")
    if backup.keys_path(out).exists():
        shutil.copy(backup.keys_path(out), backup.keys_path(newer))
    return newer


def test_restore_refuses_a_postgresql_database_holding_tables_the_backup_does_not(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A release's new table stayed after a rollback by restore (pg_restore replaces only what
    the backup holds), and every later backup was refused (the deployer audit)."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's restore replaces the whole file")
    build_personas()
    out = tmp_path / "before-upgrade.db"
    assert main(["backup", str(out)]) == 0
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE accounts_from_the_next_release (id integer)")
    try:
        before = _count()
        assert main(["restore", str(out), "--yes"]) == 2
        said = capsys.readouterr().err
        assert "accounts_from_the_next_release" in said and "nothing was changed" in said
        assert _count() == before
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE accounts_from_the_next_release")


def test_a_backup_writes_the_lines_the_forgotten_file_missed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], settings: Any
) -> None:
    """A deletion whose line could not be written when it was made (the operator audit of
    2026-12-03) has it written by the next backup; a file still out of reach is said, and the
    copy is made all the same."""
    from interdepend.web.datarights import forgotten
    from interdepend.web.datarights.services import user_delete

    personas = build_personas()
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    settings.FORGOTTEN_FILE = str(blocker / "forgotten.jsonl")
    carol_number = personas.carol.pk
    user_delete(user=personas.carol)
    assert main(["backup", str(tmp_path / "one.db")]) == 0
    assert "could not be written" in capsys.readouterr().err
    settings.FORGOTTEN_FILE = str(tmp_path / "forgotten.jsonl")
    from interdepend.web.datarights.models import Forgotten

    held = Forgotten.objects.count()  # carol's, and those the personas' own story made
    assert main(["backup", str(tmp_path / "two.db")]) == 0
    said = f"{held} missing step{'' if held == 1 else 's'} written"
    assert said in capsys.readouterr().out
    lines = forgotten.read_file(tmp_path / "forgotten.jsonl")
    assert carol_number in {line["user_number"] for line in lines} and len(lines) == held
    assert main(["backup", str(tmp_path / "three.db")]) == 0
    assert "forgotten-file" not in capsys.readouterr().out  # nothing left to write


def test_a_backup_leaves_only_the_newest_keys_file_in_its_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The operator audit of 2026-12-03: the nightly job kept every night's keys file, so an
    old copy opened with its own keys file showed the journal of someone erased since. A backup
    now deletes this site's older keys files in its folder (another site's, one written before
    files named their site, and a file that is not a keys file stay), and the newest still opens
    an older copy for the people who are still here."""
    build_personas()
    folder = tmp_path / "nightly"
    folder.mkdir()
    assert main(["backup", str(folder / "monday.db")]) == 0
    if not backup.keys_apart("default"):
        pytest.skip("the journal's keys stay inside the copy here")
    other = folder / "notes.keys"
    other.write_text("my own file\n")
    monday = json.loads((folder / "monday.db.keys").read_text())
    staging = folder / "staging.db.keys"  # another site's, in the same folder
    staging.write_text(json.dumps({**monday, "site": "0123456789abcdef"}))
    unmarked = folder / "before-marks.db.keys"  # written before keys files named their site
    unmarked.write_text(json.dumps({k: v for k, v in monday.items() if k != "site"}))
    # A day before the copy was written, by the file system's clock (not this process's: the
    # two may differ, and the backup compares files only with each other).
    old = (folder / "monday.db.keys").stat().st_mtime - 86_400
    for path in (folder / "monday.db.keys", staging, unmarked):
        os.utime(path, (old, old))
    capsys.readouterr()
    assert main(["backup", str(folder / "tuesday.db"), "--keep-old-keys"]) == 0
    assert (folder / "monday.db.keys").exists()
    assert main(["backup", str(folder / "wednesday.db")]) == 0
    said = capsys.readouterr().out
    assert "removed 2 older keys file(s)" in said, said
    # Not this database's mark: kept, and named, so that a site whose database moved (its mark
    # is the database's address) is told (the docs audit of 2026-12-04, M2).
    assert (
        "kept 2 older keys file(s) not marked as this database's: before-marks.db.keys, "
        "staging.db.keys." in said
    ), said
    assert sorted(p.name for p in folder.glob("*.keys")) == [
        "before-marks.db.keys",
        "notes.keys",
        "staging.db.keys",
        "wednesday.db.keys",
    ]
    shutil.copy(folder / "wednesday.db.keys", folder / "monday.db.keys")
    assert main(["restore", str(folder / "monday.db"), "--yes"]) == 0


def test_a_copy_whose_keys_need_a_dropped_master_key_is_refused_until_it_is_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], settings: Settings
) -> None:
    """The docs audit of 2026-12-04 (H2): after `rotate-key --generate` and `--drop-old`, a copy
    from before the rotation restored with exit 0 and every journal in it unreadable; only a
    later check-deploy said so. The restore now refuses it, changing nothing, and names the key;
    `--drop-old` says so as it drops; with the old key put back, the copy restores and opens."""
    from interdepend.web.journal import keys
    from interdepend.web.journal.models import DataKey

    personas = build_personas()
    key_file = tmp_path / "keys" / "master.key"
    key_file.parent.mkdir()
    keys.write_private(
        key_file, "".join(keys.encode_key(k.secret) + "\n" for k in keys.keyring().keys)
    )
    settings.MASTER_KEY = ""
    settings.MASTER_KEY_FILE = key_file
    if not backup.keys_apart("default"):
        pytest.skip("the journal's keys stay inside the copy here")
    old = keys.keyring().newest
    out = tmp_path / "before-rotation.db"
    assert main(["backup", str(out)]) == 0
    assert main(["rotate-key", "--generate"]) == 0
    assert main(["rotate-key", "--drop-old"]) == 0
    said = capsys.readouterr().out
    assert f"Backups made before the rotation hold journal keys locked with {old.key_id}" in said
    before = _count()
    goal_create(owner=personas.carol, partnership=None, title="after", detail="", idem_key="")
    assert main(["restore", str(out), "--yes"]) == 2
    err = capsys.readouterr().err
    assert "restore refused, nothing was changed" in err
    assert f"locked with a master key this server does not have ({old.key_id})" in err
    assert _count() == before + 1  # nothing changed
    assert set(DataKey.objects.values_list("master_key_id", flat=True)) == {
        keys.keyring().newest.key_id
    }
    keys.write_private(key_file, key_file.read_text() + keys.encode_key(old.secret) + "\n")
    assert main(["restore", str(out), "--yes"]) == 0
    assert _count() == before
    assert set(DataKey.objects.values_list("master_key_id", flat=True)) == {old.key_id}
