"""``interdepend backup`` into the folder of the master key file (the data folder, on one machine).

`interdepend backup var/before.db` put the copy and its keys file beside `var/master.key`:
whoever took that folder off the machine took the key that opens them too, and a lost disk lost
the database and its backups together (the deployer walk of 2026-12-04).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_django import Settings

from interdepend.cli import main
from interdepend.web.journal import keys
from tests.conftest import build_personas

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def key_file(tmp_path: Path, settings: Settings) -> Path:
    """The master keys in a key file in a data folder of this test's own."""
    current = keys.keyring()
    path = tmp_path / "var" / "master.key"
    path.parent.mkdir(mode=0o700)
    keys.write_private(path, "".join(keys.encode_key(k.secret) + "\n" for k in current.keys))
    settings.MASTER_KEY = ""
    settings.MASTER_KEY_FILE = path
    return path


def test_a_backup_beside_the_master_key_file_is_refused(
    tmp_path: Path, key_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    build_personas()
    out = key_file.parent / "before.db"
    assert main(["backup", str(out)]) == 2
    said = capsys.readouterr().err
    assert said.startswith(
        f"interdepend: backup refused: {key_file.parent} holds the journal's master key file"
    )
    assert said.count("\n") == 1
    assert sorted(p.name for p in key_file.parent.iterdir()) == ["master.key"]
    # nor in a folder inside it, which a copy of the data folder takes along too
    (key_file.parent / "backups").mkdir(mode=0o700)
    assert main(["backup", str(key_file.parent / "backups" / "before.db")]) == 2
    assert "holds the journal's master key file" in capsys.readouterr().err
    assert list((key_file.parent / "backups").iterdir()) == []
    # a folder of its own is fine
    elsewhere = tmp_path / "backups"
    elsewhere.mkdir(mode=0o700)
    assert main(["backup", str(elsewhere / "before.db")]) == 0
    assert sorted(p.name for p in elsewhere.iterdir()) == ["before.db", "before.db.keys"]


def test_with_the_keys_in_the_environment_the_data_folder_holds_no_key(
    tmp_path: Path, settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    build_personas()
    settings.MASTER_KEY = ",".join(keys.encode_key(k.secret) for k in keys.keyring().keys)
    settings.MASTER_KEY_FILE = tmp_path / "master.key"  # no such file: the keys are given
    assert main(["backup", str(tmp_path / "copy.db")]) == 0
    assert (tmp_path / "copy.db.keys").is_file()
