"""The research export as an outside checker reads it (the statistics audit of 2026-12-05,
``stats7``): who leaves the next file when a person deletes the account, uses the safety reset
or leaves the partnership; that nothing written in words reaches either file; and that its
ids cannot be matched to an account or to the file before."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from interdepend.cli import main
from interdepend.web.accounts.models import User
from interdepend.web.datarights import services as datarights
from interdepend.web.journal.services import entry_create
from interdepend.web.partners.services import partnership_leave
from interdepend.web.research import selectors
from tests.web.test_research import consent_all, couples

pytestmark = pytest.mark.django_db


def exported(tmp_path: Path, kind: str, name: str) -> list[dict[str, str]]:
    out = tmp_path / name
    assert main(["export", f"--{kind}", str(out)]) == 0
    with out.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def both_files(tmp_path: Path, tag: str) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    return (
        exported(tmp_path, "research", f"research-{tag}.csv"),
        exported(tmp_path, "answers", f"answers-{tag}.csv"),
    )


@pytest.mark.parametrize("how", ["deletes her account", "uses the safety reset", "leaves"])
def test_a_couple_leaves_both_files_when_one_partner(
    how: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pairs = couples(3)
    consent_all(pairs)
    research, answers = both_files(tmp_path, "before")
    assert (len(research), len(answers)) == (6, 6)
    her: User = pairs[1][1]
    if how == "deletes her account":
        datarights.user_delete(user=her)
    elif how == "uses the safety reset":
        datarights.safety_reset(user=her, keep_session_key=None)
    else:
        assert partnership_leave(user=her)
    capsys.readouterr()
    research, answers = both_files(tmp_path, "after")
    assert (len(research), len(answers)) == (4, 4)
    said = capsys.readouterr().out
    assert "wrote 4 rows (2 couples)" in said
    # The partner left behind is not "left out" of the file: the two are no couple now.
    assert "left out" not in said
    assert len(selectors.couples_and_takes()) == 2


def test_nothing_written_in_words_reaches_either_file(tmp_path: Path) -> None:
    """Journal entries and names, each holding a word no score or id can spell (ids are hex),
    are in neither file."""
    pairs = couples(2)
    consent_all(pairs)
    marks = []
    for n, person in enumerate(p for pair in pairs for p in pair):
        mark = f"Quokkaword{n}"
        marks.append(mark)
        entry_create(owner=person, body=f"{mark} wrote this", prompt_key="", idem_key=f"k{n}")
        person.display_name = f"Wombatname{n}"
        person.save(update_fields=["display_name"])
    research, answers = both_files(tmp_path, "words")
    text = "".join(path.read_text() for path in tmp_path.glob("*.csv"))
    assert len(research) == 4 and len(answers) == 4
    for mark in marks:
        assert mark not in text
    assert "Wombatname" not in text and "@" not in text


def test_ids_are_new_every_time_and_none_is_an_accounts(tmp_path: Path) -> None:
    pairs = couples(3)
    consent_all(pairs)
    first, first_answers = both_files(tmp_path, "one")
    second, second_answers = both_files(tmp_path, "two")
    ids_first = {r["dyad"] for r in first} | {r["dyad"] for r in first_answers}
    ids_first |= {r["respondent"] for r in first_answers}
    ids_second = {r["dyad"] for r in second} | {r["dyad"] for r in second_answers}
    ids_second |= {r["respondent"] for r in second_answers}
    assert len(ids_first) == 3 + 3 + 6 and len(ids_second) == 12
    assert not ids_first & ids_second
    accounts = {str(u.pk) for pair in pairs for u in pair}
    assert not (ids_first | ids_second) & accounts
    # The same couple's scores are in both files, under ids that do not match.
    assert sorted(r["self_A"] for r in first) == sorted(r["self_A"] for r in second)
