"""A restore must not bring back a password she changed after the copy was taken.

The upgrade audit of 2026-12-05 restored last night's copy after a disaster: a person who had
changed her password that day, because the partner she fears knew the old one, had the old one
back, and he could sign in with it. The restore already did again every erasure and safety
reset made after the copy (``datarights.forgotten``); a new password is now kept the same way,
and done again by replacing the old password with one nobody is told.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from pytest_django import Settings

from interdepend.cli import main
from interdepend.web.accounts.models import User
from tests.conftest import PASSWORD, build_personas

pytestmark = pytest.mark.django_db(transaction=True)

NEW = "a brand new one only she knows 41"


def _reset_by_link(user: User) -> None:
    """A new password through the link "Forgot your password?" mails."""
    mail.outbox.clear()
    Client().post(reverse("accounts:password_reset"), {"email": user.email})
    (message,) = mail.outbox
    link = re.search(r"http://\S+", str(message.body))
    assert link is not None
    client = Client()
    form = client.get(link.group(0), follow=True)
    chosen = {"new_password1": NEW, "new_password2": NEW}
    assert client.post(form.redirect_chain[-1][0], chosen).status_code == 302
    assert User.objects.get(pk=user.pk).check_password(NEW)


def _restored_passwords(out: Path) -> tuple[User, User, User]:
    assert main(["restore", str(out), "--yes"]) == 0
    alice = User.objects.get(email__startswith="alice")
    bob = User.objects.get(email__startswith="bob")
    dave = User.objects.get(email__startswith="dave")
    return alice, bob, dave


def test_a_restore_does_not_bring_back_a_password_changed_after_its_copy(
    tmp_path: Path, settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    from interdepend.web.accounts.services import user_change_password
    from interdepend.web.datarights.models import Forgotten

    settings.FORGOTTEN_FILE = str(tmp_path / "forgotten.jsonl")
    personas = build_personas()
    out = tmp_path / "copy.db"
    assert main(["backup", str(out)]) == 0
    # After the copy: alice on her password page, bob by the link in his mail.
    user_change_password(
        user=personas.alice, new_password=NEW, keep_session_key=None, end_other_sessions=True
    )
    _reset_by_link(personas.bob)
    capsys.readouterr()
    for lost in (False, True):
        if lost:  # the disk is gone: only the file beside it remembers
            main(["restore", str(out), "--yes"])
            Forgotten.objects.all().delete()
        alice, bob, dave = _restored_passwords(out)
        printed = capsys.readouterr().out
        assert "2 steps taken after this copy was made" in printed, printed
        # Neither the old password (which the partner may know) nor anything else opens them.
        for person in (alice, bob):
            assert not person.check_password(PASSWORD), person.email
            assert not person.check_password(NEW), person.email
            assert person.has_usable_password()  # she can still choose one by the mailed link
            assert person.password_changed_at is not None
        assert dave.check_password(PASSWORD)  # changed nothing: as the copy holds him
        him = Client()
        him.post(reverse("accounts:login"), {"username": alice.email, "password": PASSWORD})
        assert "_auth_user_id" not in him.session
    # Her download says when, and nothing else.
    from interdepend.web.datarights.services import export_tables

    kept = export_tables(User.objects.get(email__startswith="alice"))["datarights_forgotten"]
    assert [row["kind"] for row in kept] == ["password"]
    assert set(kept[0]) == {"kind", "at"}


def test_a_restore_after_an_operator_replaced_her_password_does_it_again(
    tmp_path: Path, settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    """``two-step off`` and ``email-change`` replace the password with one nobody is told (she
    was locked out of her own account): a restore put the old one back."""
    settings.FORGOTTEN_FILE = str(tmp_path / "forgotten.jsonl")
    personas = build_personas()
    out = tmp_path / "copy.db"
    assert main(["backup", str(out)]) == 0
    assert main(["two-step", "off", personas.alice.email, "--yes"]) == 0
    capsys.readouterr()
    alice, _bob, dave = _restored_passwords(out)
    assert "1 step taken after this copy was made" in capsys.readouterr().out
    assert not alice.check_password(PASSWORD)
    assert dave.check_password(PASSWORD)


def test_a_new_password_is_never_a_row_an_older_release_would_take_for_a_safety_reset(
    tmp_path: Path, settings: Settings
) -> None:
    """A release from before new passwords were kept reads every ``datarights_forgotten`` row
    that is not an erasure as a safety reset, and does it on restore: rolled back onto such a
    release with ``restore --yes`` (one machine, SQLite), her new password would have left her
    partnership and taken back all she shared. New passwords are kept in a table of their own,
    which such a release never reads; it skips the file's lines of a kind it does not know."""
    from interdepend.web.accounts.services import user_change_password
    from interdepend.web.datarights import forgotten
    from interdepend.web.datarights.models import Forgotten, NewPassword

    settings.FORGOTTEN_FILE = str(tmp_path / "forgotten.jsonl")
    personas = build_personas()
    rows_before = set(Forgotten.objects.values_list("kind", flat=True))
    user_change_password(
        user=personas.alice, new_password=NEW, keep_session_key=None, end_other_sessions=True
    )
    assert set(Forgotten.objects.values_list("kind", flat=True)) == rows_before
    assert rows_before <= {"erase", "reset"}
    assert NewPassword.objects.filter(user_number=personas.alice.pk).count() == 1
    # Rows an earlier test left waiting for a file are written beside it: hers is the one new.
    lines = forgotten.read_file(tmp_path / "forgotten.jsonl")
    (line,) = [one for one in lines if one["user_number"] == personas.alice.pk]
    assert line["kind"] == "password"
