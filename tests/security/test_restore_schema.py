"""T27 (restores): a backup restores only when its schema is exactly what the migrations make.

A crafted backup could carry a trigger that quietly undoes the safety reset (turns a check-in
back to shared), a view, an extra table or index, or a changed column definition. Each is
refused with a message naming it, and the live database is not touched.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest
from django.db import connection

from interdepend.cli import main
from interdepend.web.datarights import backup
from interdepend.web.datarights.schema import pg_differences, sqlite_schema
from tests.conftest import build_personas

pytestmark = pytest.mark.django_db(transaction=True)

UNDO_RESET = (
    "CREATE TRIGGER undo_safety_reset AFTER UPDATE OF shared ON together_checkin "
    "WHEN NEW.shared = 0 BEGIN UPDATE together_checkin SET shared = 1 WHERE id = NEW.id; END"
)
WIDER_TITLE = (
    "UPDATE sqlite_master SET sql = replace(sql, 'varchar(120)', 'text') "
    "WHERE name = 'decide_decision'"
)


def _changed_column(raw: sqlite3.Connection) -> None:
    version = raw.execute("PRAGMA schema_version").fetchone()[0]
    raw.execute("PRAGMA writable_schema = ON")
    raw.execute(WIDER_TITLE)
    raw.execute(f"PRAGMA schema_version = {version + 1}")
    raw.execute("PRAGMA writable_schema = OFF")


CRAFTS: dict[str, tuple[Callable[[sqlite3.Connection], object], str]] = {
    "trigger": (lambda raw: raw.execute(UNDO_RESET), "trigger undo_safety_reset"),
    "view": (
        lambda raw: raw.execute("CREATE VIEW every_entry AS SELECT * FROM journal_entry"),
        "view every_entry",
    ),
    "table": (lambda raw: raw.execute("CREATE TABLE kept_aside (words TEXT)"), "table kept_aside"),
    "index": (
        lambda raw: raw.execute("CREATE INDEX by_name ON accounts_user (display_name)"),
        "index by_name",
    ),
    "changed column": (_changed_column, "a changed table decide_decision"),
}


def _live_state() -> tuple[object, ...]:
    live = Path(str(connection.settings_dict["NAME"]))
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM accounts_user")
        users = cursor.fetchone()[0]
    return users, sorted(sqlite_schema(live).items())


@pytest.fixture
def good_backup(tmp_path: Path) -> Path:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite backups; PostgreSQL dumps are checked by their table of contents")
    build_personas()
    out = tmp_path / "good.db"
    assert main(["backup", str(out)]) == 0
    return out


def _crafted(good: Path, name: str) -> Path:
    crafted = good.with_name(name.replace(" ", "-") + ".db")
    shutil.copy(good, crafted)
    if backup.keys_path(good).exists():
        shutil.copy(backup.keys_path(good), backup.keys_path(crafted))
    with closing(sqlite3.connect(crafted)) as raw:
        CRAFTS[name][0](raw)
        raw.commit()
    return crafted


def test_crafted_backups_with_triggers_views_tables_indexes_or_changed_columns_are_refused(
    good_backup: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    before = _live_state()
    accepted = []
    for name, (_craft, named) in CRAFTS.items():
        code = main(["restore", str(_crafted(good_backup, name)), "--yes"])
        err = capsys.readouterr().err
        if code != 2 or named not in err or "nothing was changed" not in err:
            accepted.append((name, code, err))
        assert _live_state() == before, f"{name}: the live database changed"
    print(
        f"\nT27 restores: {len(CRAFTS)} crafted backups ({', '.join(CRAFTS)}), "
        f"{len(accepted)} accepted"
    )
    assert not accepted, accepted


def test_an_untouched_backup_has_exactly_the_schema_the_migrations_make(
    good_backup: Path,
) -> None:
    from interdepend.web.datarights.schema import sqlite_differences

    found = backup.inspect(good_backup)
    assert sqlite_differences(good_backup, found.applied) == []


PG_LISTING = """\
;
; Archive created at 2026-11-29 23:00:00 UTC
;
2; 3079 16385 EXTENSION - plpgsql
3345; 0 0 ENCODING - ENCODING
3346; 0 0 STDSTRINGS - STDSTRINGS
3347; 0 0 SEARCHPATH - SEARCHPATH
215; 1259 16390 TABLE public accounts_user interdepend
216; 1259 16391 SEQUENCE public accounts_user_id_seq interdepend
3300; 0 16390 TABLE DATA public accounts_user interdepend
3301; 2606 16400 CONSTRAINT public accounts_user accounts_user_pkey interdepend
3302; 1259 16401 INDEX public accounts_user_email_idx interdepend
3303; 2606 16402 FK CONSTRAINT public together_goal together_goal_owner_fk interdepend
250; 1255 16500 FUNCTION public undo_reset() interdepend
3310; 2620 16501 TRIGGER public together_checkin undo_safety_reset interdepend
251; 1259 16502 VIEW public every_entry interdepend
252; 1259 16503 TABLE public kept_aside interdepend
3311; 2618 16504 RULE public together_checkin keep_shared interdepend
"""


def test_postgres_dump_with_triggers_functions_views_rules_or_extra_tables_is_refused() -> None:
    found = pg_differences(PG_LISTING)
    for named in (
        "FUNCTION public undo_reset()",
        "TRIGGER public together_checkin undo_safety_reset",
        "VIEW public every_entry",
        "extra table kept_aside",
        "RULE public together_checkin keep_shared",
        "EXTENSION - plpgsql",
    ):
        assert any(named in problem for problem in found), (named, found)
    assert not any("accounts_user" in problem for problem in found), found


PG_UNDO_RESET = (
    "CREATE FUNCTION undo_reset() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN NEW.shared := true; RETURN NEW; END $$; "
    "CREATE TRIGGER undo_safety_reset BEFORE UPDATE ON together_checkin "
    "FOR EACH ROW EXECUTE FUNCTION undo_reset()"
)


def test_postgres_backup_carrying_a_trigger_is_refused_and_an_untouched_one_is_not(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("runs in the PostgreSQL lane (make test-postgres)")
    build_personas()
    good, crafted = tmp_path / "good.dump", tmp_path / "crafted.dump"
    assert main(["backup", str(good)]) == 0
    assert pg_differences(backup.inspect(good).listing) == []
    with connection.cursor() as cursor:
        cursor.execute(PG_UNDO_RESET)
    assert main(["backup", str(crafted), "--keep-old-keys"]) == 0
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER undo_safety_reset ON together_checkin")
        cursor.execute("DROP FUNCTION undo_reset()")
    capsys.readouterr()
    assert main(["restore", str(crafted), "--yes"]) == 2
    err = capsys.readouterr().err
    assert "undo_safety_reset" in err and "nothing was changed" in err
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_trigger WHERE tgname = 'undo_safety_reset'")
        assert cursor.fetchone()[0] == 0
