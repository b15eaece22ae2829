"""T14: journal text encrypted at rest, key rotation, crypto-shredding; the key file itself."""

from __future__ import annotations

import base64
import io
import json
import os
import sqlite3
import stat
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from pytest_django import Settings

from interdepend.cli import main
from interdepend.web.accounts.models import User
from interdepend.web.journal import keys, personal
from interdepend.web.journal.models import DataKey, Entry
from tests.conftest import Personas
from tests.helpers import as_user
from tests.journal_fixtures import SHARED_WITH_BOB

pytestmark = pytest.mark.django_db

JOURNAL_KEYS = ("alice.journal", "bob.journal", "carol.journal", "dave.journalshared")


def journal_markers(personas: Personas) -> list[str]:
    return [personas.markers[k] for k in JOURNAL_KEYS] + [SHARED_WITH_BOB]


@pytest.fixture(autouse=True)
def _django_already_set_up(monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI sets Django up; here it is, and doing it again would point logging at capsys."""
    monkeypatch.setattr("interdepend.cli.web.setup_django", lambda: None)


@pytest.fixture
def key_file(tmp_path: Path, settings: Settings) -> Path:
    """A key file of this test's own, holding the keys the personas were sealed with."""
    current = keys.keyring()
    path = tmp_path / "keys" / "master.key"
    path.parent.mkdir()
    keys.write_private(path, "".join(keys.encode_key(k.secret) + "\n" for k in current.keys))
    settings.MASTER_KEY = ""
    settings.MASTER_KEY_FILE = path
    return path


def every_entry_opens() -> int:
    opened = 0
    for entry in Entry.objects.select_related("owner"):
        assert "MRK" in keys.open_(entry.owner, entry.body)
        opened += 1
    return opened


# The key file and the keyring --------------------------------------------------------------


def test_key_file_is_made_once_private_with_one_fresh_key(
    tmp_path: Path, settings: Settings
) -> None:
    path = tmp_path / "var" / "master.key"
    settings.MASTER_KEY = ""
    settings.MASTER_KEY_FILE = path
    ring = keys.keyring()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    lines = path.read_text().split()
    assert len(lines) == 1 and len(base64.urlsafe_b64decode(lines[0])) == 32
    assert ring.source == "file" and len(ring.keys) == 1
    assert ring.newest.key_id == keys.key_id(base64.urlsafe_b64decode(lines[0]))
    assert len(ring.newest.key_id) == 16
    assert keys.keyring().newest == ring.newest  # made once, then read
    assert not [p for p in path.parent.iterdir() if p.name != "master.key"]  # nothing left aside


def test_a_key_file_there_is_read_without_asking_first_whether_it_exists(
    key_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every page that opens an entry reads the key file afresh (a rotated key counts on the
    next request), and only reads it: whether it exists is asked only when the read finds
    nothing, to make it (issue 15's thirteenth pass). A rotation is still seen at once."""
    asked: list[Path] = []
    exists = Path.exists

    def counted(self: Path, *args: object, **kwargs: object) -> bool:
        asked.append(self)
        return exists(self)

    monkeypatch.setattr(Path, "exists", counted)
    before = keys.keyring()
    assert asked == []
    keys.add_key_to_file(key_file)
    after = keys.keyring()
    assert after.newest != before.newest and after.keys[1:] == before.keys
    key_file.unlink()
    made = keys.keyring()  # missing: made, then read
    assert made.newest.key_id not in {k.key_id for k in after.keys}
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


def test_a_long_key_file_is_read_whole_and_an_unreadable_one_is_said(
    key_file: Path, settings: Settings
) -> None:
    """The key file is read through its descriptor (issue 15's seventeenth pass): a file of
    thousands of keys, longer than one read of it, is read whole, the keys in their order;
    a folder in its place, or text that is not ASCII, is the keyring's error as before."""
    current = keys.keyring()
    many = [keys.new_key_text() for _ in range(3000)]
    keys.write_private(key_file, "# rotated\n" + "\n".join(many) + "\n")
    assert key_file.stat().st_size > 65536 * 2
    ring = keys.keyring()
    assert [keys.encode_key(k.secret) for k in ring.keys] == many
    assert keys._read_ascii(key_file) == key_file.read_text(encoding="ascii")
    keys.write_private(key_file, "".join(keys.encode_key(k.secret) + "\n" for k in current.keys))
    assert keys.keyring() == current
    key_file.write_bytes("clé\n".encode())
    with pytest.raises(keys.MasterKeyError, match="cannot read it"):
        keys.keyring()
    key_file.unlink()
    key_file.mkdir()
    with pytest.raises(keys.MasterKeyError, match="cannot read it"):
        keys.keyring()


def test_the_master_key_is_not_derived_from_the_secret_key(settings: Settings) -> None:
    first = keys.keyring().newest
    settings.SECRET_KEY = "another-secret-key-0123456789abcdefghijklmnopqrstuvwxyz"
    assert keys.keyring().newest == first


def test_env_keyring_wins_newest_first(settings: Settings) -> None:
    first, second = keys.new_key_text(), keys.new_key_text()
    settings.MASTER_KEY = f"{first}, {second}"
    ring = keys.keyring()
    assert ring.source == "env"
    assert [k.key_id for k in ring.keys] == [
        keys.parse_key(first, "t").key_id,
        keys.parse_key(second, "t").key_id,
    ]


@pytest.mark.parametrize("bad", ["not base64 at all!", base64.urlsafe_b64encode(b"short").decode()])
def test_a_malformed_key_is_refused_naming_where_it_came_from(settings: Settings, bad: str) -> None:
    settings.MASTER_KEY = bad
    with pytest.raises(keys.MasterKeyError, match="INTERDEPEND_MASTER_KEY"):
        keys.keyring()


def test_an_unknown_master_key_is_a_clear_error(personas: Personas, settings: Settings) -> None:
    entry = Entry.objects.get(idem_key="fixture-alice-private")
    wrapped_under = DataKey.objects.get(user=personas.alice).master_key_id
    settings.MASTER_KEY = keys.new_key_text()
    with pytest.raises(keys.UnknownMasterKey, match=wrapped_under):
        keys.open_(personas.alice, entry.body)


def test_a_person_without_a_data_key_is_a_clear_error(personas: Personas) -> None:
    entry = Entry.objects.get(idem_key="fixture-alice-private")
    with pytest.raises(keys.MissingDataKey):
        keys.open_(personas.erin, entry.body)


def test_tampered_or_moved_ciphertext_is_rejected(personas: Personas) -> None:
    entry = Entry.objects.get(idem_key="fixture-alice-private")
    blob = bytearray(bytes(entry.body))
    for position in (1, 20, 40, len(blob) - 1):  # entry id, nonce, ciphertext, tag
        changed = bytearray(blob)
        changed[position] ^= 0x01
        with pytest.raises(keys.CannotOpen):
            keys.open_(personas.alice, bytes(changed))
    with pytest.raises(keys.CannotOpen):
        keys.open_(personas.alice, bytes(blob[:30]))
    with pytest.raises(keys.CannotOpen):  # alice's text on bob's row: bound to its owner
        keys.open_(personas.bob, bytes(blob))
    assert personas.markers["alice.journal"] in keys.open_(personas.alice, bytes(blob))


def test_a_wrapped_data_key_is_bound_to_its_person(personas: Personas) -> None:
    alice, bob = (DataKey.objects.get(user=p) for p in (personas.alice, personas.bob))
    DataKey.objects.filter(pk=bob.pk).update(wrapped=bytes(alice.wrapped))
    with pytest.raises(keys.CannotOpen):
        keys.person_key(personas.bob)


def test_every_person_has_their_own_data_key_made_on_first_entry(personas: Personas) -> None:
    assert not DataKey.objects.filter(user=personas.erin).exists()
    secrets = {bytes(keys.person_key(p).secret) for p in (personas.alice, personas.bob)}
    assert len(secrets) == 2
    assert DataKey.objects.filter(user__in=[personas.alice, personas.bob]).count() == 2


def test_sqlite_overwrites_deleted_content() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA secure_delete")
        assert cursor.fetchone()[0] == 1


# T14: no plaintext at rest ------------------------------------------------------------------


def _raw_database() -> bytes:
    if connection.vendor != "sqlite":
        return b""
    name = Path(str(connection.settings_dict["NAME"]))
    return b"".join(p.read_bytes() for p in (name, Path(f"{name}-wal")) if p.exists())


@pytest.mark.django_db(transaction=True)
def test_t14_no_journal_marker_in_the_database_file_wal_or_dump(personas: Personas) -> None:
    raw = _raw_database()
    out = io.StringIO()
    call_command("dumpdata", stdout=out)
    dump = out.getvalue().encode()
    hits = [m for m in journal_markers(personas) if m.encode() in raw or m.encode() in dump]
    # The scan itself works: a plain (unencrypted) marker of the same personas is found.
    control = personas.markers["alice.goal"].encode()
    assert control in dump and (connection.vendor != "sqlite" or control in raw)
    for master in keys.keyring().keys:  # nor is a master key ever in the database
        for form in (master.secret, keys.encode_key(master.secret).encode()):
            assert form not in raw and form not in dump
    print(
        f"\nT14 at rest: {len(journal_markers(personas))} journal markers, "
        f"{len(raw)} bytes of database + WAL, {len(dump)} bytes of dumpdata: "
        f"{len(hits)} plaintext hits"
    )
    assert not hits


# T14: rotation --------------------------------------------------------------------------------

EXTRA_PEOPLE = 1000


def _more_people_with_keys(count: int) -> None:
    """Many people with a data key (as if each had written), sealed under the newest key."""
    User.objects.bulk_create(
        User(email=f"p{n}@example.test", display_name=f"P{n}") for n in range(count)
    )
    master = keys.keyring().newest
    DataKey.objects.bulk_create(
        DataKey(
            user_id=pk,
            wrapped=keys.wrap(master, pk, os.urandom(32)),
            master_key_id=master.key_id,
        )
        for pk in User.objects.filter(email__startswith="p").values_list("pk", flat=True)
    )


def test_t14_rotate_key_rewraps_everything_and_frees_the_old_key(
    personas: Personas, key_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _more_people_with_keys(EXTRA_PEOPLE)
    old = keys.keyring().newest.key_id
    total = DataKey.objects.count()
    started = time.perf_counter()
    assert main(["rotate-key", "--generate"]) == 0
    took = time.perf_counter() - started
    said = capsys.readouterr().out
    new = keys.keyring().newest.key_id
    assert new != old and f"re-wrapped {total} data key(s)" in said
    assert set(DataKey.objects.values_list("master_key_id", flat=True)) == {new}
    assert every_entry_opens() == Entry.objects.count()
    assert len(key_file.read_text().split()) == 2  # the old key stays until dropped
    assert main(["rotate-key", "--drop-old"]) == 0
    assert "re-wrapped 0 data key(s)" in capsys.readouterr().out
    assert key_file.read_text().split() == [keys.encode_key(keys.keyring().newest.secret)]
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert every_entry_opens() == Entry.objects.count()
    print(f"\nT14 rotation: rotate-key --generate re-wrapped {total} data keys in {took:.2f} s")


def test_old_keys_stay_while_a_data_key_needs_them(personas: Personas, key_file: Path) -> None:
    keys.add_key_to_file(key_file)
    with pytest.raises(keys.MasterKeyError, match="still need an older master key"):
        keys.drop_old_keys(key_file)
    assert len(key_file.read_text().split()) == 2


def test_rewrap_can_be_run_again_after_a_crash_midway(
    personas: Personas, key_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keys.add_key_to_file(key_file)
    first = DataKey.objects.order_by("pk").first()
    assert first is not None
    real_wrap = keys.wrap
    calls = {"n": 0}

    def failing(master: keys.MasterKey, user_id: int, data_key: bytes) -> bytes:
        calls["n"] += 1
        if calls["n"] > 1:
            raise RuntimeError("power cut")
        return real_wrap(master, user_id, data_key)

    monkeypatch.setattr(keys, "wrap", failing)
    with pytest.raises(RuntimeError):
        keys.rewrap_all(batch=1)
    monkeypatch.setattr(keys, "wrap", real_wrap)
    new = keys.keyring().newest.key_id
    assert DataKey.objects.filter(master_key_id=new).count() == 1  # one batch committed
    rewrapped, current = keys.rewrap_all(batch=2)
    assert current == 1 and rewrapped == DataKey.objects.count() - 1
    assert every_entry_opens() == Entry.objects.count()


def test_rotate_key_with_the_environment_keyring_explains_the_steps(
    personas: Personas, settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    old = keys.encode_key(keys.keyring().newest.secret)
    settings.MASTER_KEY = keys.new_key_text() + "," + old
    assert main(["rotate-key", "--generate"]) == 2
    assert "put a new key first in INTERDEPEND_MASTER_KEY" in capsys.readouterr().err
    assert main(["rotate-key"]) == 0
    said = capsys.readouterr().out
    assert "re-wrapped 4 data key(s)" in said and "remove them from the variable" in said
    assert every_entry_opens() == Entry.objects.count()


def test_rotate_key_reports_a_missing_key_plainly(
    personas: Personas, key_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    keys.write_private(key_file, keys.new_key_text() + "\n")  # the old key was lost
    assert main(["rotate-key"]) == 2
    assert "is not in the keyring" in capsys.readouterr().err


def test_print_new_key_gives_a_usable_key(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rotate-key", "--print-new-key"]) == 0
    text = capsys.readouterr().out.strip()
    assert len(keys.parse_key(text, "printed").secret) == 32


# T14: crypto-shredding ------------------------------------------------------------------------


def _backup(out: Path) -> None:
    """What `interdepend backup OUT` does: the database without the key rows, the keys apart."""
    target = sqlite3.connect(out)
    connection.ensure_connection()
    connection.connection.backup(target)
    target.execute("DELETE FROM journal_datakey")
    target.commit()
    target.close()
    keys.dump_wrapped_keys(f"{out}.keys")


def _open_old_copy(copy: Path, keys_file: Path, owner_id: int) -> tuple[int, int]:
    """(entries of the person in the old copy, how many open with any key of the keys file)."""
    with sqlite3.connect(copy) as db:
        blobs = [
            r[0] for r in db.execute("SELECT body FROM journal_entry WHERE owner_id=?", [owner_id])
        ]
        assert db.execute("SELECT COUNT(*) FROM journal_datakey").fetchone()[0] == 0
    ring = keys.keyring()
    data_keys = [
        keys.unwrap(ring, r["user"], base64.b64decode(r["wrapped"]), r["master_key_id"])
        for r in json.loads(keys_file.read_text())["keys"]
    ]
    opened = 0
    for blob in blobs:
        for secret in data_keys:
            try:
                keys.decrypt(secret, owner_id, blob)
            except keys.CannotOpen:
                continue
            opened += 1
            break
    return len(blobs), opened


@pytest.mark.django_db(transaction=True)
def test_t14_erasing_a_person_makes_their_entries_in_old_backups_unreadable(
    personas: Personas, tmp_path: Path
) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("the backup copy here is SQLite's; PostgreSQL splits the same way")
    alice, bob = personas.alice, personas.bob
    alice_id, bob_id = alice.pk, bob.pk
    _backup(tmp_path / "monday.sqlite3")
    assert stat.S_IMODE((tmp_path / "monday.sqlite3.keys").stat().st_mode) == 0o600
    wrapped_alice = bytes(DataKey.objects.get(user=alice).wrapped)
    written = Entry.objects.filter(owner=alice).count()
    personal.erase(alice)
    alice.delete()
    _backup(tmp_path / "tuesday.sqlite3")
    # The deployer keeps only the newest keys file.
    (tmp_path / "monday.sqlite3.keys").unlink()
    newest = tmp_path / "tuesday.sqlite3.keys"
    in_file = {r["user"] for r in json.loads(newest.read_text())["keys"]}
    assert alice_id not in in_file and bob_id in in_file
    old = tmp_path / "monday.sqlite3"
    alice_total, alice_opened = _open_old_copy(old, newest, alice_id)
    bob_total, bob_opened = _open_old_copy(old, newest, bob_id)
    assert alice_total == written and alice_opened == 0
    assert bob_total == 1 and bob_opened == 1
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    live = _raw_database()
    print(
        f"\nT14 crypto-shred: erased person's entries in Monday's copy: {alice_total}, "
        f"opened {alice_opened}; another person's: {bob_total}, opened {bob_opened}; "
        f"erased wrapped key in the live file after a checkpoint: {live.count(wrapped_alice)}"
    )
    assert wrapped_alice not in live


def test_keys_file_round_trip_restores_reading(personas: Personas, tmp_path: Path) -> None:
    out = tmp_path / "backup.keys"
    assert keys.dump_wrapped_keys(out) == 4
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    DataKey.objects.all().delete()
    with pytest.raises(keys.MissingDataKey):
        every_entry_opens()
    assert keys.load_wrapped_keys(out) == 4
    assert every_entry_opens() == Entry.objects.count()
    assert keys.load_wrapped_keys(out) == 4  # again: replaces, never duplicates
    assert DataKey.objects.count() == 4


def test_a_damaged_keys_file_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.keys"
    for text in ("{", '{"format": "other", "keys": []}', '{"format": "interdepend-journal-keys"}'):
        bad.write_text(text)
        with pytest.raises(keys.JournalKeyError):
            keys.load_wrapped_keys(bad)


def test_the_journal_page_opens_after_a_restore_of_keys(personas: Personas, tmp_path: Path) -> None:
    keys.dump_wrapped_keys(tmp_path / "k")
    DataKey.objects.all().delete()
    keys.load_wrapped_keys(tmp_path / "k")
    client = as_user(personas.alice)
    assert personas.markers["alice.journal"] in client.get(reverse("journal:home")).content.decode()
