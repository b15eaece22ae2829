"""``interdepend rotate-key`` with the keys in INTERDEPEND_MASTER_KEY (every server of a cluster).

The command ends by telling the deployer whether the old key may go. It said "no longer needed
by any data key" without counting, and without a word of the backups made before the rotation:
a deployer who followed it lost, for good, the journals of every copy from before, and of any
person a server not yet given the new key had made a data key for since (the deployer walk of
2026-12-04).
"""

from __future__ import annotations

from typing import Any

import pytest
from pytest_django import Settings

from interdepend.cli import main
from interdepend.web.journal import keys
from interdepend.web.journal.models import DataKey
from tests.conftest import Personas

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _django_already_set_up(monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI sets Django up; here it is, and doing it again would point logging at capsys."""
    monkeypatch.setattr("interdepend.cli.web.setup_django", lambda: None)


def new_first(settings: Settings) -> tuple[str, str]:
    """Put a fresh key before the one the personas were sealed with: (new id, old id)."""
    old = keys.keyring().newest
    settings.MASTER_KEY = keys.new_key_text() + "," + keys.encode_key(old.secret)
    return keys.keyring().newest.key_id, old.key_id


def test_the_old_key_is_kept_for_the_backups_made_before_the_rotation(
    personas: Personas, settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    new, old = new_first(settings)
    assert main(["rotate-key"]) == 0
    said = capsys.readouterr().out
    assert set(DataKey.objects.values_list("master_key_id", flat=True)) == {new}
    assert "remove them from the variable" in said
    assert old in said and "backups made before this rotation" in said
    assert "Make a backup now" in said


def test_a_data_key_still_under_the_old_key_is_counted_not_assumed_gone(
    personas: Personas,
    settings: Settings,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    new, old = new_first(settings)
    real = keys.rewrap_all

    def and_a_server_without_the_new_key(**kwargs: Any) -> tuple[int, int]:
        done = real(**kwargs)
        # Meanwhile a server still running with the old key alone wraps a data key under it.
        ring = keys.keyring()
        row = DataKey.objects.order_by("pk").first()
        assert row is not None
        secret = keys.unwrap(ring, row.user_id, bytes(row.wrapped), row.master_key_id)
        row.wrapped = keys.wrap(ring.get(old), row.user_id, secret)
        row.master_key_id = old
        row.save()
        return done

    monkeypatch.setattr(keys, "rewrap_all", and_a_server_without_the_new_key)
    assert main(["rotate-key"]) == 0
    said = capsys.readouterr().out
    assert "no longer needed" not in said and "remove them" not in said
    assert f"1 data key(s) are still locked with an older master key ({old})" in said
    assert "run rotate-key again" in said
    # and run again once every server has the new key, it finishes and says the key may go
    monkeypatch.setattr(keys, "rewrap_all", real)
    assert main(["rotate-key"]) == 0
    assert "re-wrapped 1 data key(s)" in capsys.readouterr().out
    assert set(DataKey.objects.values_list("master_key_id", flat=True)) == {new}
