"""The scheduled commands run on every machine at once: two runs started at the same instant,
each in its own thread with its own database connection (SQLite here, PostgreSQL in the
PostgreSQL lane), and every reminder goes out once and every data key is re-wrapped once.
(``interdepend push`` is held to the same in tests/web/test_push.py, two senders at once.)"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from pytest_django import Settings

from interdepend.cli import main
from interdepend.web.accounts.models import User
from interdepend.web.frame.mailing import hand_over
from interdepend.web.journal import keys
from interdepend.web.journal.models import DataKey
from interdepend.web.together import reminders
from interdepend.web.together.models import Reminder

pytestmark = pytest.mark.django_db(transaction=True)

PEOPLE = 40


@pytest.fixture(autouse=True)
def _django_already_set_up(monkeypatch: pytest.MonkeyPatch) -> None:
    """The commands set Django up; here it is already."""
    monkeypatch.setattr("interdepend.cli.web.setup_django", lambda: None)


def twice_at_once(command: list[str]) -> list[int]:
    """Run the command in two threads released together; their exit codes."""
    start = threading.Barrier(2)
    codes: list[int] = []

    def run() -> None:
        try:
            start.wait(timeout=10)
            codes.append(main(command))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return codes


def slowed(real: Callable[..., Any], seconds: float) -> Callable[..., Any]:
    """``real``, taking a little longer, so that the two runs overlap."""

    def slow(*args: Any, **kwargs: Any) -> Any:
        time.sleep(seconds)
        return real(*args, **kwargs)

    return slow


def test_remind_on_two_machines_at_once_sends_each_reminder_once(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    people = User.objects.bulk_create(
        User(email=f"r{n}@example.test", display_name=f"R{n}") for n in range(PEOPLE)
    )
    Reminder.objects.bulk_create(Reminder(owner=p, weekly_checkin=True) for p in people)
    monkeypatch.setattr(reminders, "hand_over", slowed(hand_over, 0.01))
    monkeypatch.setattr(reminders, "in_reminder_hours", lambda *_: True)  # due now, any day
    assert twice_at_once(["remind"]) == [0, 0]
    said = capsys.readouterr().out
    sent = sorted(address for message in mail.outbox for address in message.to)
    double = len(sent) - len(set(sent))
    print(f"\nremind twice at once ({connection.vendor}): {len(sent)} sent, double sends: {double}")
    assert double == 0
    assert sorted(sent) == sorted(p.email for p in people)
    counts = [int(line.split()[1]) for line in said.splitlines() if line.startswith("sent ")]
    assert sum(counts) == PEOPLE
    assert twice_at_once(["remind"]) == [0, 0]
    assert len(mail.outbox) == PEOPLE  # and none again this week


def test_rotate_key_on_two_machines_at_once_rewraps_each_key_once(
    tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "master.key"
    settings.MASTER_KEY = ""
    settings.MASTER_KEY_FILE = path
    people = User.objects.bulk_create(
        User(email=f"k{n}@example.test", display_name=f"K{n}") for n in range(PEOPLE)
    )
    old = keys.keyring().newest
    DataKey.objects.bulk_create(
        DataKey(
            user_id=p.pk, wrapped=keys.wrap(old, p.pk, os.urandom(32)), master_key_id=old.key_id
        )
        for p in people
    )
    secrets_before = {
        row.user_id: keys.unwrap(keys.keyring(), row.user_id, bytes(row.wrapped), old.key_id)
        for row in DataKey.objects.all()
    }
    new = keys.add_key_to_file(path)
    wrapped: list[int] = []
    real_wrap = keys.wrap

    def counting(master: keys.MasterKey, user_id: int, data_key: bytes) -> bytes:
        wrapped.append(user_id)
        time.sleep(0.005)
        return real_wrap(master, user_id, data_key)

    monkeypatch.setattr(keys, "wrap", counting)
    assert twice_at_once(["rotate-key", "--batch", "5"]) == [0, 0]
    double = len(wrapped) - len(set(wrapped))
    print(
        f"\nrotate-key twice at once ({connection.vendor}): {len(wrapped)} re-wrapped, "
        f"twice: {double}"
    )
    assert double == 0 and sorted(wrapped) == sorted(p.pk for p in people)
    ring = keys.keyring()
    for row in DataKey.objects.all():
        assert row.master_key_id == new.key_id
        assert (
            keys.unwrap(ring, row.user_id, bytes(row.wrapped), new.key_id)
            == secrets_before[row.user_id]
        )
