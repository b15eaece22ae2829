"""Counts in the command line's sentences take the word that fits them ("1 dyad", "1 person"):
the statistics audit of 2026-12-03 read "1 dyads (2 people) are too few"."""

from __future__ import annotations

from pathlib import Path

import pytest

from interdepend.cli import main
from interdepend.core.plural import counted


def test_counted_fits_the_word_to_the_number() -> None:
    assert [counted(n, "dyad", "dyads") for n in (0, 1, 2)] == ["0 dyads", "1 dyad", "2 dyads"]


def _apim(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["apim", str(path), "--dyad", "couple", "--outcome", "y", "--actor", "x"])
    said = capsys.readouterr()
    return code, said.out + said.err


def test_one_dyad_is_too_few_in_the_singular(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "one.csv"
    path.write_text("couple,y,x\nc1,3,2\nc1,4,5\n", encoding="utf-8")
    code, said = _apim(path, capsys)
    assert code == 2
    assert "1 dyad (2 people) is too few for a model with 3 fixed effects" in said


def test_one_person_left_out_in_the_singular(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = ["couple,y,x"]
    values = [(3, 2), (4, 5), (2, 2), (5, 4), (4, 3), (3, 3), (6, 5), (2, 1), (5, 6), (4, 4)]
    for n, (y, x) in enumerate(values * 2):
        rows.append(f"c{n // 2},{y},{x}")
    rows.append("c10,,3")  # one person with no outcome, whose partner stays
    rows.append("c10,4,2")
    path = tmp_path / "one_missing.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    code, said = _apim(path, capsys)
    assert code == 0, said
    assert "left out: 1 person (1 with a missing value); 0 dyads had no one left" in said
