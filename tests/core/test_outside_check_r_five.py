"""The statistics held against R a sixth time (the statistics audit of 2026-12-05, ``stats5``),
with the files researchers really have: a couple entered three times, a file in the layout of
one row per couple, and the figures R gives for such files once they are read as they should
be."""

from __future__ import annotations

import csv
import shutil
import subprocess
from pathlib import Path

import pytest

from interdepend.cli import main
from interdepend.core.dyadic import DyadSizeError, load_csv, pair_rows

needs_r = pytest.mark.skipif(shutil.which("Rscript") is None, reason="Rscript is not installed")


def run_r(tmp: Path, script: str, *arguments: str) -> str:
    path = tmp / "check.R"
    path.write_text(script)
    return subprocess.run(
        ["Rscript", str(path), *arguments], capture_output=True, text=True, check=True, timeout=600
    ).stdout


def acitelli_rows(acitelli_csv: str) -> tuple[list[str], list[list[str]]]:
    with open(acitelli_csv, newline="") as handle:
        header, *rows = csv.reader(handle)
    return header, rows


def write_rows(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", newline="") as handle:
        csv.writer(handle).writerows([header, *rows])
    return path


APIM = ["--dyad", "cuplid", "--outcome", "satisfaction", "--actor", "other_pos"]


# --- a couple with three rows ---------------------------------------------------------------


def test_a_couple_with_three_rows_is_refused_naming_its_rows(
    acitelli_csv: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A couple's row pasted again at the end of the file: the refusal named the couple's id
    alone, and a researcher had to search hundreds of rows for the three; it now names the
    rows and their lines, and says when two are the same row twice."""
    header, rows = acitelli_rows(acitelli_csv)
    path = write_rows(tmp_path / "three.csv", header, [*rows, rows[0]])
    assert main(["apim", str(path), *APIM]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert (
        "dyad '3' has three members, at rows 1, 2 and 297 (lines 2, 3 and 298 of the file), of "
        "which rows 1 and 297 are the same in every column, as a row entered twice would be"
    ) in captured.err


def test_a_couple_with_four_different_rows_names_them_without_calling_any_a_copy(
    tmp_path: Path,
) -> None:
    (tmp_path / "four.csv").write_text("d,y\n1,1\n2,1\n1,2\n1,3\n2,2\n1,4\n")
    table = load_csv(tmp_path / "four.csv")
    with pytest.raises(DyadSizeError) as raised:
        pair_rows(table, "d")
    assert str(raised.value) == (
        "every 'd' must have exactly two members: dyad '1' has 4 members, at rows 1, 3, 4 and "
        "6 (lines 2, 4, 5 and 7 of the file)"
    )
    assert raised.value.rows == {"1": [0, 2, 3, 5]}
