"""``interdepend backup`` on a database an older version set up: the copy made before migrating.

The new release refused it, saying to run `interdepend manage migrate` first; a deployer who did
so had no copy from before the upgrade to go back to (the deployer walk of 2026-12-04). The copy
is made as the database stands, and restores.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from interdepend.cli import main
from interdepend.cli.web import NOT_SET_UP
from tests.conftest import build_personas

pytestmark = pytest.mark.django_db(transaction=True)


@contextmanager
def one_migration_behind() -> Iterator[str]:
    """The database as the release before left it: the newest migration of one app undone
    (and done again afterwards, whatever the test did)."""
    graph = MigrationExecutor(connection).loader.graph
    leaf = next(node for node in graph.leaf_nodes() if node[0] == "together")
    parent = next(p for p in graph.node_map[leaf].parents if p[0] == "together")
    call_command("migrate", parent[0], parent[1], verbosity=0)
    try:
        yield leaf[1]
    finally:
        call_command("migrate", verbosity=0)


def test_a_database_from_an_older_version_is_copied_before_it_is_migrated(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    build_personas()
    out = tmp_path / "pre-upgrade.db"
    with one_migration_behind():
        assert main(["backup", str(out)]) == 0
        said = capsys.readouterr()
        assert said.err == ""
        assert f"backup: {out}" in said.out
        assert "from an older version of Interdepend (1 migration(s) to run)" in said.out
        assert out.is_file() and Path(f"{out}.keys").is_file()
        assert "(0 keys)" not in said.out
        # and it is a copy `restore` takes back, older version and all
        assert main(["restore", str(out), "--yes"]) == 0
        assert "restored:" in capsys.readouterr().out


def test_a_database_never_set_up_is_still_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("interdepend.cli.web._pending_migrations", lambda: (40, 0))
    assert main(["backup", str(tmp_path / "copy.db")]) == 2
    assert capsys.readouterr().err == f"interdepend: {NOT_SET_UP}\n"
    assert sorted(tmp_path.iterdir()) == []
