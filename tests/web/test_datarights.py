"""The "Your data" page: the download, the safety reset and what erasure keeps or removes."""

from __future__ import annotations

import csv
import importlib
import io
import re
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.urls import reverse

from interdepend.web.accounts.models import User, UserSession
from interdepend.web.accounts.reauth import REAUTH_FAILURES_KEY
from interdepend.web.datarights import providers
from interdepend.web.datarights.services import user_delete
from interdepend.web.decide.models import Decision
from interdepend.web.partners.access import access_active_partnership
from interdepend.web.partners.models import Invitation, InvitationState, Partnership
from interdepend.web.together.models import Bid, CheckIn, Goal, GoalNote
from tests.conftest import PASSWORD, Personas
from tests.helpers import active_partnership, as_user, password_confirmed
from tests.security.datarights_support import user_foreign_keys

pytestmark = pytest.mark.django_db

#: The safety reset's question answered: only this press does it.
YES = {"confirm": "yes"}


def test_settings_page_links_to_your_data(personas: Personas) -> None:
    page = as_user(personas.carol).get(reverse("accounts:settings")).content.decode()
    assert reverse("datarights:index") in page
    data = as_user(personas.carol).get(reverse("datarights:index")).content.decode()
    for name in ("datarights:export", "datarights:reset", "datarights:delete"):
        assert reverse(name) in data


def test_every_app_that_holds_rows_of_a_person_is_a_provider() -> None:
    ours = {
        model._meta.app_label
        for model, _field in user_foreign_keys()
        if model.__module__.startswith("interdepend.")
    }
    listed = dict(providers.PROVIDERS)
    assert ours <= set(listed), ours - set(listed)
    for label, module in listed.items():
        assert module.__name__ == f"{apps.get_app_config(label).name}.personal"
        for name in ("export", "unshare_all", "erase"):
            assert callable(getattr(module, name)), (label, name)


def test_a_missing_personal_module_stops_the_registry_loudly(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """As if ``journal/personal.py`` had been renamed: the registry does not load at all."""
    monkeypatch.delattr(sys.modules["interdepend.web.journal"], "personal")
    monkeypatch.setitem(sys.modules, "interdepend.web.journal.personal", None)
    with pytest.raises(ImportError, match="journal.personal"):
        importlib.reload(providers)
    monkeypatch.undo()
    importlib.reload(providers)
    assert ("journal", sys.modules["interdepend.web.journal.personal"]) in providers.PROVIDERS


def test_export_is_a_zip_of_json_csv_and_readme(personas: Personas) -> None:
    response = as_user(personas.alice).post(reverse("datarights:export"), {"password": PASSWORD})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="interdepend-data-')
    assert response["Cache-Control"].startswith("no-store")
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        names = archive.namelist()
        readme = archive.read("README.txt").decode()
        goals = list(
            csv.DictReader(io.StringIO(archive.read("csv/together_goal.csv").decode("utf-8-sig")))
        )
    assert "interdepend-data.json" in names
    assert "csv/accounts_user.csv" in names and "csv/assessment_attempt.csv" in names
    assert "csv/together_goal.csv (2): your goals" in readme
    # Every file the archive holds is named in plain words beside its count.
    listed = re.findall(r"^  (csv/\S+\.csv) \(\d+\): \w", readme, re.MULTILINE)
    assert sorted(listed) == sorted(name for name in names if name.startswith("csv/"))
    assert {row["title"] for row in goals} >= {personas.markers["alice.goal"]}
    assert all("password" not in name for name in names)


def test_every_kind_of_record_has_words_for_the_readme(personas: Personas) -> None:
    from interdepend.web.datarights.services import export_tables
    from interdepend.web.datarights.tablewords import TABLE_WORDS

    assert set(export_tables(personas.alice)) == set(TABLE_WORDS)


def test_export_holds_no_password_hash_or_session_key(personas: Personas) -> None:
    client = as_user(personas.carol)
    body = client.post(reverse("datarights:export"), {"password": PASSWORD}).content
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        text = archive.read("interdepend-data.json").decode()
    user = User.objects.get(pk=personas.carol.pk)
    assert user.password not in text
    for key in UserSession.objects.filter(user=user).values_list("session_key", flat=True):
        assert key not in text


def test_the_export_asks_for_the_password_in_its_form_even_just_after_signing_in(
    personas: Personas,
) -> None:
    """A sign-in a moment ago is not enough: whoever picks up her phone must not walk off
    with everything. Nothing typed, or a wrong password, gives the page again and no file."""
    client = password_confirmed(as_user(personas.alice), seconds_ago=0)
    for form in ({}, {"password": "a guess"}):
        response = client.post(reverse("datarights:export"), form)
        assert response.status_code == 400
        assert response["Content-Type"].startswith("text/html")
        assert "Your password" in response.content.decode()
    assert client.session.get(REAUTH_FAILURES_KEY) == 1  # the wrong one counted, once
    response = client.post(reverse("datarights:export"), {"password": PASSWORD})
    assert response["Content-Type"] == "application/zip"


def test_export_csvs_tell_a_spreadsheet_their_encoding_and_name_columns_when_empty(
    personas: Personas,
) -> None:
    """Excel read accented letters wrong without a byte-order mark, and a table with no
    records was an empty file with no columns (the data-rights audit of 2026-12-03)."""
    from interdepend.web.datarights.services import export_archive

    archive = export_archive(personas.carol)
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        files = {n: opened.read(n) for n in opened.namelist() if n.startswith("csv/")}
        readme = opened.read("README.txt").decode()
    assert files and all(data.startswith("\ufeff".encode()) for data in files.values())
    empty = [n for n, data in files.items() if data.decode("utf-8-sig").count("\n") == 1]
    assert empty, "some table of hers has no records"
    for name in empty:
        header = files[name].decode("utf-8-sig").strip()
        assert header, f"{name} names no columns"
    assert "begin with the mark that tells a spreadsheet so" in " ".join(readme.split())


def test_export_and_reset_need_a_fresh_password(personas: Personas) -> None:
    client = password_confirmed(as_user(personas.alice), seconds_ago=10_000)
    response = client.post(reverse("datarights:export"), {"password": PASSWORD})
    assert response["Content-Type"] == "application/zip"  # typed in the form: fresh enough
    assert client.post(reverse("datarights:reset"), YES).status_code == 302
    assert access_active_partnership(personas.alice) is not None
    assert client.get(reverse("datarights:export")).status_code == 405


def test_the_first_press_of_the_safety_reset_only_asks(personas: Personas) -> None:
    """The keyboard audit of 2026-12-04, M4: one Tab too many after the download, then Enter,
    did the reset at once. The first press (no ``confirm``: without scripts too) answers with
    the question; nothing is changed until its own button is pressed."""
    alice = personas.alice
    other = as_user(alice)
    here = as_user(alice)
    asked = here.post(reverse("datarights:reset"))
    page = asked.content.decode()
    assert asked.status_code == 200
    assert "Do the safety reset now?" in page and "data-question" in page
    assert 'name="confirm" value="yes"' in page and "Yes, do it now" in page
    assert f'href="{reverse("datarights:index")}">Cancel' in page
    assert str(personas.bob.display_name) not in page
    assert access_active_partnership(alice) is not None
    assert other.get(reverse("datarights:index")).status_code == 200
    odd = here.post(reverse("datarights:reset"), {"confirm": "maybe"})
    assert odd.status_code == 400 and "Nothing was changed yet" in odd.content.decode()
    assert access_active_partnership(alice) is not None
    assert here.post(reverse("datarights:reset"), YES).status_code == 302
    assert access_active_partnership(alice) is None


def test_after_her_password_the_reset_is_one_press_away(personas: Personas) -> None:
    """Under threat it stays quick: a press, her password, then the question's own button."""
    client = password_confirmed(as_user(personas.alice), seconds_ago=10_000)
    stopped = client.post(reverse("datarights:reset"))
    assert stopped.status_code == 302
    confirmed = client.post(stopped["Location"], {"password": PASSWORD})
    assert confirmed["Location"] == reverse("datarights:reset_ask")
    question = client.get(confirmed["Location"]).content.decode()
    assert "Do the safety reset now?" in question and "press the button once more" in question
    assert access_active_partnership(personas.alice) is not None
    assert client.post(reverse("datarights:reset"), YES).status_code == 302
    assert access_active_partnership(personas.alice) is None


def test_safety_reset_unshares_leaves_and_signs_out_other_devices(personas: Personas) -> None:
    alice = personas.alice
    other = as_user(alice)
    here = as_user(alice)
    reveals = alice.reveals
    CheckIn.objects.filter(owner=alice).update(
        shared=True,
        partnership=active_partnership(alice).partnership,
    )
    Invitation.objects.create(inviter=alice, code_digest="x" * 64, expires_at="2999-01-01T00:00Z")
    response = here.post(reverse("datarights:reset"), YES)
    assert response.status_code == 302
    assert access_active_partnership(alice) is None
    assert not reveals.exists()
    assert not CheckIn.objects.filter(owner=alice, shared=True).exists()
    assert not Invitation.objects.filter(inviter=alice, state=InvitationState.OPEN).exists()
    assert "Nobody was told" in here.get(reverse("datarights:index")).content.decode()
    assert other.get(reverse("datarights:index")).status_code == 302
    # Kept so that a restore does it again, and in her download: when, and nothing else.
    from interdepend.web.datarights.services import export_tables

    (kept,) = export_tables(alice)["datarights_forgotten"]
    assert set(kept) == {"kind", "at"} and kept["kind"] == "reset"


def test_safety_reset_withdraws_the_client_codes_she_gave_out(personas: Personas) -> None:
    """The reset promises every code she gave out stops working; an ex used her practitioner
    code after it and became her client (the data-rights audit of 2026-12-03)."""
    from interdepend.web.practice import services as practice
    from interdepend.web.practice.models import ClientInvitation, ClientLink, Practitioner

    alice = personas.alice
    profile = Practitioner.objects.create(user=alice, kind="coach")
    made = practice.client_invitation_create(practitioner=profile)
    assert as_user(alice).post(reverse("datarights:reset"), YES).status_code == 302
    assert ClientInvitation.objects.get(pk=made.invitation.pk).state == "withdrawn"
    with pytest.raises(practice.PracticeError):
        practice.client_invitation_find(code=made.code, user=personas.dave, ip_address=None)
    assert not ClientLink.objects.filter(practitioner=profile).exists()


def test_erasure_removes_her_shared_goal_and_keeps_the_partners_notes_in_his_kept_words(
    personas: Personas,
) -> None:
    """As after a leave: her goal does not pass to him (it did, and stayed in his download,
    which told him she had erased her account rather than left: the ex audit of 2026-12-05)."""
    from interdepend.web.together.models import KeptWords

    alice, bob = personas.alice, personas.bob
    goal_id = personas.together["shared_goal"]
    note = GoalNote.objects.get(goal__public_id=goal_id, owner=bob)
    user_delete(user=alice)
    assert not Goal.objects.filter(public_id=goal_id).exists()
    assert KeptWords.objects.filter(owner=bob, kind="goal_note", text=note.text).exists()


def test_erasure_removes_shared_goals_nobody_else_wrote_on(personas: Personas) -> None:
    from interdepend.web.together import services

    alice = personas.alice
    active = active_partnership(alice)
    lone = services.goal_create(
        owner=alice,
        partnership=active.partnership,
        title="Paint the hall",
        detail="",
        idem_key="",
    )
    user_delete(user=alice)
    assert not Goal.objects.filter(pk=lone.pk).exists()


def test_erasure_clears_answers_to_the_partner_bids(personas: Personas) -> None:
    from interdepend.web.together import services

    bid = Bid.objects.get(public_id=personas.together["bid"])
    services.bid_answer(bid=bid, answer="later", when="after the news")
    user_delete(user=personas.alice)
    kept = Bid.objects.get(pk=bid.pk)
    assert (kept.answer, kept.answer_when, kept.answered_at) == ("", "", None)


def test_erasure_takes_the_decisions_she_named_and_leaves_her_exs_with_him(
    personas: Personas,
) -> None:
    from interdepend.web.decide import services

    holiday = Decision.objects.get(public_id=personas.decision_id)  # alice named it
    services.rating_save(decision=holiday, user=personas.bob, for_self=[4, 4], for_partner=[4, 4])
    user_delete(user=personas.alice)
    assert not Decision.objects.filter(pk=holiday.pk).exists()
    assert Decision.objects.filter(public_id=personas.ex_decision_id).exists()  # dave named it
    user_delete(user=personas.dave)
    assert not Decision.objects.filter(public_id=personas.ex_decision_id).exists()


def test_a_partnership_nobody_is_left_in_is_removed(personas: Personas) -> None:
    old = Partnership.objects.filter(members__user=personas.dave).get()
    user_delete(user=personas.dave)
    assert Partnership.objects.filter(pk=old.pk).exists()  # alice is still in its history
    user_delete(user=personas.alice)
    assert not Partnership.objects.filter(pk=old.pk).exists()


def test_export_names_each_statement_beside_its_answer(personas: Personas) -> None:
    from interdepend.web.assessment import selectors
    from interdepend.web.assessment.demo import complete_attempt

    inventory = selectors.inventory()
    item = inventory.items[0]
    complete_attempt(personas.alice, {item.id: 7}, days_ago=1, seed=5)
    response = as_user(personas.alice).post(reverse("datarights:export"), {"password": PASSWORD})
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        text = archive.read("csv/assessment_answers.csv").decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    mine = [row for row in rows if row["item"] == item.id]
    assert mine and mine[-1]["statement"] == item.text
    assert mine[-1]["answer"] == "7" and mine[-1]["answer_words"] == "Strongly agree"


def test_export_names_each_statement_of_how_she_sees_her_partner(personas: Personas) -> None:
    """Her partner-perception answers come out in words beside their codes; none of the
    partner's answers about her do."""
    from interdepend.web.couple import services as couple_services
    from interdepend.web.couple.selectors import perception_form

    form = perception_form()
    first, second = form.items[0], form.items[1]
    couple_services.perception_save(
        user=personas.alice,
        active=active_partnership(personas.alice),
        form=form,
        answers={first.id: 2},
    )
    couple_services.perception_save(
        user=personas.bob,
        active=active_partnership(personas.bob),
        form=form,
        answers={second.id: 6},
    )
    response = as_user(personas.alice).post(reverse("datarights:export"), {"password": PASSWORD})
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        text = archive.read("csv/couple_perception_answers.csv").decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(r["item"], r["statement"], r["answer"]) for r in rows] == [(first.id, first.text, "2")]
    assert rows[0]["answer_words"] and rows[0]["questionnaire"] == form.title


def test_a_deletion_and_a_reset_whose_file_line_cannot_be_written_are_done_and_said_done(
    personas: Personas,
    settings: Any,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """The operator audit of 2026-12-03: with the forgotten-file out of reach (a full disk,
    shared storage gone), a deletion or a safety reset committed, then answered with the error
    page ("please try again") and its line was lost. The person is now told it is done, the
    operator reads why in the log, and the line is written by the next one that can be."""
    from interdepend.web.datarights import forgotten
    from interdepend.web.datarights.services import safety_reset

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    settings.FORGOTTEN_FILE = str(blocker / "forgotten.jsonl")
    carol, dave = personas.carol, personas.dave
    with django_capture_on_commit_callbacks(execute=True):
        deleted = password_confirmed(as_user(carol)).post(
            reverse("datarights:delete"), {"password": PASSWORD, "confirm": "on"}
        )
        reset = as_user(dave).post(reverse("datarights:reset"), YES)
    assert deleted.status_code == 200 and "deleted" in deleted.content.decode().lower()
    assert reset.status_code == 302
    assert not User.objects.filter(pk=carol.pk).exists()
    assert "the forgotten-file" in caplog.text and "could not be written" in caplog.text
    assert str(carol.pk) not in caplog.text.replace(str(tmp_path), "")

    settings.FORGOTTEN_FILE = str(tmp_path / "forgotten.jsonl")
    with django_capture_on_commit_callbacks(execute=True):
        safety_reset(user=personas.bob, keep_session_key=None)
    written = forgotten.read_file(tmp_path / "forgotten.jsonl")
    assert {line["user_number"] for line in written} == {carol.pk, dave.pk, personas.bob.pk}


def test_an_empty_table_names_the_same_columns_as_a_full_one(personas: Personas) -> None:
    """The ex audit of 2026-12-03: after she left, several of his CSVs were only a byte-order
    mark (the tables the export builds itself: each answer beside its statement, each rating
    beside its option, his answers to her bids), and others named columns the download leaves
    out (the decisions' once-only key, an invitation's code digest, the password). Every table
    of a stranger's download (nearly all empty) has a header, the same as in a full one."""
    from interdepend.web.datarights.services import _csv_text, export_tables

    full: dict[str, str] = {}
    for person in (personas.alice, personas.bob, personas.practice.pat, personas.dave):
        for name, found in export_tables(person).items():
            if found and name not in full:
                full[name] = _csv_text(found).splitlines()[0]
    empty = {
        name: _csv_text(found).splitlines()[0]
        for name, found in export_tables(personas.erin).items()
    }
    assert len(full) > 25 and set(full) <= set(empty)
    assert [name for name, header in empty.items() if header == "\ufeff"] == []
    differ = {name: (full[name], empty[name]) for name in full if full[name] != empty[name]}
    assert not differ, differ
    leaked = [
        n
        for n, h in empty.items()
        if {"password", "code_digest", "form_token"} & set(h.lstrip("\ufeff").split(","))
    ]
    assert not leaked, leaked


def test_the_pages_say_what_the_download_keeps_after_an_end_and_what_erasure_takes(
    personas: Personas,
) -> None:
    """The data-rights audit of 2026-12-03 (M2, M3): the delete page promised decisions "stay
    with a partner" whom they then served nowhere, and the leave page promised the download
    "keeps your own part" while it dropped her words."""
    alice = as_user(personas.alice)
    delete = alice.get(reverse("datarights:delete")).content.decode()
    assert "decisions they rated" not in delete
    assert "Decisions you named go" in delete
    # The outside audit of 2026-12-04, L1: after deletion a sign-up mail to her address asks to
    # confirm it, which whoever reads her mailbox can notice; the page says so beforehand.
    assert "Afterwards your e-mail address is free" in delete
    leave = alice.get(reverse("partners:leave")).content.decode()
    assert "keeps your own part" not in leave
    assert "your ratings of the decisions they named (the numbers only" in leave
    assert "and their ratings of the decisions you named, without your words" in leave
    data = alice.get(reverse("datarights:index")).content.decode()
    assert "a shared goal either of you changed after it was made" in data
    # The download audit of 2026-12-05: ratings of the partner's decisions stay, as numbers.
    assert "your ratings of the decisions your partner named (the numbers only" in data
    assert "your ratings of decisions your partner named." not in data


def test_the_readme_says_days_are_her_own_calendar_days(personas: Personas) -> None:
    """Days without a time (and the file's name) are her own calendar's, not UTC's (the time
    audit of 2026-12-03, L7)."""
    from interdepend.web.datarights.services import export_archive

    with zipfile.ZipFile(io.BytesIO(export_archive(personas.alice))) as archive:
        readme = " ".join(archive.read("README.txt").decode().split())
    assert "Dates and times are in UTC" not in readme
    assert "times are in UTC (ISO 8601)" in readme  # in the JSON file; the CSV says her zone
    assert "are days of your own calendar, as is the date in this archive's name" in readme
