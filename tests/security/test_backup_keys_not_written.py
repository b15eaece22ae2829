"""A backup whose keys file cannot be written (the disk filled up after the copy was made).

The copy stayed behind without its keys file, the message named a hidden temporary file, and
that half-written file, which holds wrapped journal keys under a name no backup deletes, stayed
for good: the journals of people erased since could still be opened from it (the deployer walk
of 2026-12-04).
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from interdepend.cli import main
from interdepend.web.datarights import backup
from interdepend.web.journal import keys
from interdepend.web.journal.models import DataKey
from tests.conftest import build_personas

pytestmark = pytest.mark.django_db(transaction=True)


def full_disk(fd: int) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_a_keys_file_the_disk_cannot_hold_leaves_no_copy_and_no_half_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    build_personas()
    assert DataKey.objects.exists()
    real_dump = backup._dump_keys

    def dump_onto_a_full_disk(out: Path, apart: bool) -> str:
        assert out.is_file()  # the copy itself was made
        with monkeypatch.context() as patch:
            patch.setattr(os, "fsync", full_disk)
            return real_dump(out, apart)

    monkeypatch.setattr(backup, "_dump_keys", dump_onto_a_full_disk)
    out = tmp_path / "copy.db"
    assert main(["backup", str(out)]) == 2
    said = capsys.readouterr().err
    assert said == (
        f"interdepend: backup failed, nothing written: the keys file {out}.keys could not be "
        "written: the disk is full (OSError)\n"
    )
    assert sorted(tmp_path.iterdir()) == []


def test_a_private_file_that_cannot_be_written_leaves_nothing_aside(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "copy.db.keys"
    target.write_text("yesterday's\n")
    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OSError):
        keys.write_private(target, "today's\n")
    monkeypatch.undo()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["copy.db.keys"]
    assert target.read_text() == "yesterday's\n"
