"""A copy from before a key rotation restores with the newest keys file, and nobody is told to
keep the old master key beside the copies.

The upgrade audit of 2026-12-05 rotated the master key (``--generate``, ``--drop-old``) and then
restored a copy from before. ``rotate-key --drop-old`` told the operator to "keep the old key
with those copies", which puts the key that opens every journal beside the copies it opens,
against the rule the docs give (the master key is kept apart from the backups). It was not even
needed: the keys file of any backup made since holds the same people's journal keys under the
key in use, and ``restore`` opens the older copy with it. Neither message said so.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pytest_django import Settings

from interdepend.cli import main
from interdepend.web.accounts.models import User
from interdepend.web.datarights import backup
from tests.conftest import build_personas

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_copy_from_before_a_rotation_opens_with_the_newest_keys_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], settings: Settings
) -> None:
    from interdepend.web.journal import keys
    from interdepend.web.journal.models import Entry
    from interdepend.web.journal.services import entry_create

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
    words = "Before the rotation: the morning I walked alone by the river"
    entry_create(owner=personas.alice, body=words, prompt_key="", idem_key="")
    old = keys.keyring().newest
    before = tmp_path / "copies" / "before-rotation.db"
    before.parent.mkdir()
    assert main(["backup", str(before)]) == 0
    assert main(["rotate-key", "--generate"]) == 0
    assert main(["rotate-key", "--drop-old"]) == 0
    said = capsys.readouterr().out
    assert "with those copies" not in said
    assert "apart from the copies, never beside them" in said
    assert "put the newest keys file beside it in place of its own" in said
    assert old.key_id not in {k.key_id for k in keys.keyring().keys}  # dropped

    # As it stands the older copy is refused, and the message names the way that needs no old key.
    assert main(["restore", str(before), "--yes"]) == 2
    err = capsys.readouterr().err
    assert "restore refused, nothing was changed" in err
    assert "keys file of a backup made since in its place" in err

    # A backup under the new key; its keys file beside the older copy, in place of its own.
    after = tmp_path / "copies" / "after-rotation.db"
    assert main(["backup", str(after)]) == 0
    shutil.copy(backup.keys_path(after), backup.keys_path(before))
    assert main(["restore", str(before), "--yes"]) == 0
    alice = User.objects.get(pk=personas.alice.pk)
    (entry,) = Entry.objects.filter(owner=alice, created_at__isnull=False).order_by("-pk")[:1]
    assert keys.open_(alice, entry.body) == words
