"""``interdepend diary`` on real CSV files, good and bad."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import pytest

from interdepend.cli import main

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

from simulate_diary import simulate_diary, write_diary  # noqa: E402

COLUMNS = ["--dyad", "dyad", "--person", "person", "--day", "day", "--outcome", "y", "--actor", "x"]


@pytest.fixture(scope="module")
def diary_csv(tmp_path_factory: pytest.TempPathFactory) -> str:
    # The file of the live nlme cross-check in test_diary.py (40 couples, 14 days, gaps).
    path = tmp_path_factory.mktemp("cli") / "diary.csv"
    write_diary(simulate_diary(40, 14, missing=0.15, seed=5), path)
    return str(path)


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def write(path: Path, rows: list[list[object]]) -> str:
    with path.open("w", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return str(path)


def test_prints_an_apa_style_table(diary_csv: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["diary", diary_csv, *COLUMNS, "--role", "role"], capsys)
    assert (code, err) == (0, "")
    assert "dyads distinguishable by role, REML" in out
    # Days are counted within each couple, among the rows used (it said "14 days": the
    # distinct day numbers of all couples together).
    assert "40 dyads, 80 people, 5 to 13 days per dyad (median 10), 752 person-days" in out
    # nlme::lme on the same file (nlme 3.1.162): rolea:x 0.508410 (SE 0.048330), df 707.
    assert "actor[role=a]         0.5084    0.0483    10.52    707" in out
    assert "log-likelihood -1209.8745 (REML)" in out
    assert "AR(1) phi) 0.3510" in out


def test_json_matches_nlme(diary_csv: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["diary", diary_csv, *COLUMNS, "--role", "role", "--json"], capsys)
    data = json.loads(out)
    assert code == 0
    actor = data["fixed"]["actor[role=a]"]
    assert actor["estimate"] == pytest.approx(0.508410031130309, abs=1e-6)
    assert actor["se"] == pytest.approx(0.0483298258125214, abs=1e-6)
    assert data["loglik"] == pytest.approx(-1209.87452614213, abs=1e-6)
    assert data["variance"]["phi"] == pytest.approx(0.351015781502976, abs=1e-5)
    assert data["counts"] == {
        "dyads": 40,
        "people": 80,
        "days": 13,
        "days_per_dyad": {"fewest": 5, "median": 10.0, "most": 13},
        "observations": 752,
        "left_out": data["counts"]["left_out"],
        "dyads_left_out": [],
    }


def test_indistinguishable_ml(diary_csv: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["diary", diary_csv, *COLUMNS, "--method", "ml"], capsys)
    assert code == 0
    assert "indistinguishable dyads, ML" in out
    assert "partner" in out and "[role=" not in out


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([["dyad", "person", "day", "y"], [1, 1, 1, 2.0]], "column 'x' is not in the data"),
        (
            [["dyad", "person", "day", "y", "x"], [1, 1, 1, "high", 2.0]],
            "column 'y', row 1 (line 2 of the file): 'high' is not a number",
        ),
        (
            [["dyad", "person", "day", "y", "x"], [1, 1, 1, 2, 2], [1, 1, 1, 3, 1]],
            "repeats day 1 for person '1'",
        ),
        (
            [
                ["dyad", "person", "day", "y", "x"],
                [1, 1, 1, 2, 2],
                [1, 2, 1, 3, 1],
                [1, 3, 1, 1, 1],
            ],
            "dyad '1' has 3 people",
        ),
        (
            [["dyad", "person", "day", "y", "x"], [1, 1, 1, 2, 2], [1, 2, 1, 3, 1]],
            "1 dyad with 2 usable person-days is too few",
        ),
    ],
)
def test_bad_files_are_clear_errors(
    tmp_path: Path, rows: list[list[object]], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path / "bad.csv", rows)
    code, out, err = run(["diary", path, *COLUMNS], capsys)
    assert code == 2
    assert out == ""
    assert err.startswith(f"interdepend: {path}: ")
    assert message in err


def test_missing_file_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["diary", "no/such.csv", *COLUMNS], capsys)
    assert (code, out) == (2, "")
    assert err == "interdepend: no such file: no/such.csv\n"


def test_an_outcome_the_predictor_repeats_is_refused_in_our_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """y equal to x (or the same for everyone) leaves nothing for the model: a plain message
    and exit 2, not numbers of 10¹⁵⁰ (the diary) or a traceback (the APIM)."""
    rows: list[list[object]] = [["dyad", "person", "day", "x", "y"]]
    for dyad in range(1, 7):
        for member in (1, 2):
            for day in range(1, 6):
                x = (dyad * 7 + member * 3 + day * 5) % 11 / 2
                rows.append([dyad, f"{dyad}-{member}", day, x, x])
    repeats = write(tmp_path / "repeats.csv", rows)
    constant = write(
        tmp_path / "constant.csv", [r[:4] + [3 if i else "y"] for i, r in enumerate(rows)]
    )
    for path in (repeats, constant):
        code, out, err = run(["diary", path, *COLUMNS], capsys)
        assert code == 2 and out == "", err
        assert "nothing is left over for the model to describe" in err
    one_day = [rows[0]] + [r for r in rows[1:] if r[2] == 1]
    apim_file = write(tmp_path / "apim.csv", [[r[0], r[3], r[4]] for r in one_day])
    code, out, err = run(
        ["apim", apim_file, "--dyad", "dyad", "--outcome", "y", "--actor", "x"], capsys
    )
    assert code == 2 and "Traceback" not in err
    assert "nothing is left over for the model to describe" in err


def test_a_reader_that_stops_early_gets_no_traceback(
    diary_csv: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``interdepend diary … | head -3``: the pipe closes before everything is written."""
    import io
    import os

    read_end, write_end = os.pipe()
    os.close(read_end)
    closed = io.TextIOWrapper(io.FileIO(write_end, "w"), write_through=True)
    monkeypatch.setattr(sys, "stdout", closed)
    try:
        assert main(["diary", diary_csv, *COLUMNS]) == 141
    finally:
        monkeypatch.undo()
        closed.close()


def test_a_correlation_resting_on_its_boundary_is_said(
    tmp_path: Path, diary_csv: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Four couples, six days, distinguishable: the partners' intercepts end correlated at
    1.0000 (nlme stops without converging on the same file); a note says what that means.
    From the second statistics audit, 2026-12-01."""
    import numpy as np

    rng = np.random.default_rng(2)
    rows: list[list[object]] = [["dyad", "person", "role", "day", "x", "y"]]
    for d in range(4):
        u = rng.multivariate_normal([0, 0], [[0.6, 0.2], [0.2, 0.5]])
        x = rng.normal(size=(2, 6))
        e = np.zeros((2, 6))
        for k in range(2):
            e[k, 0] = rng.normal()
            for t in range(1, 6):
                e[k, t] = 0.3 * e[k, t - 1] + rng.normal() * np.sqrt(1 - 0.09)
        for k in range(2):
            for t in range(6):
                y = 2 + 0.5 * x[k, t] + 0.2 * x[1 - k, t] + u[k] + e[k, t]
                role = ["husband", "wife"][k]
                rows.append([f"d{d}", k + 1, role, t + 1, repr(float(x[k, t])), repr(float(y))])
    path = write(tmp_path / "tiny.csv", rows)
    code, out, _ = run(["diary", path, *COLUMNS, "--role", "role"], capsys)
    assert code == 0 and "correlation of the partners' intercepts 1.0000" in out
    assert "note: the partners' intercepts correlate at the edge of what is possible" in out
    code, out, _ = run(["diary", diary_csv, *COLUMNS, "--role", "role"], capsys)
    assert code == 0 and "at the edge" not in out  # forty couples: well inside


def test_a_missing_value_code_in_the_outcome_is_named(
    diary_csv: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The statistics audit of 2026-12-04: a -99 left in the outcome was fitted with no word."""
    with open(diary_csv, newline="") as handle:
        rows: list[list[object]] = [list(row) for row in csv.reader(handle)]
    y = rows[0].index("y")
    rows[3][y] = "-99"
    path = write(tmp_path / "coded.csv", rows)
    code, out, err = run(["diary", path, *COLUMNS, "--json"], capsys)
    assert code == 0 and json.loads(out)["outcome"] == "y"
    assert "note: column 'y' holds -99 at row 3 (line 4 of the file), far from" in err
