"""The statistics held against R as an outside checker would, on cases the other tests do not
have (the statistics audit of 2026-12-04, second round): scales far from 1, roles missing for
some couples, diaries of unequal length, with gaps or with every report two days apart,
reverse-keyed and negatively correlated items, few respondents. Each either matches R or is
refused in our own words."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import numpy as np
import pytest

from interdepend.cli import main
from interdepend.core.diary import DiaryResult, fit_diary
from interdepend.core.dyadic import Table

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

from compare_diary_nlme import compare, run_nlme  # noqa: E402
from simulate_diary import simulate_diary, write_diary  # noqa: E402

needs_r = pytest.mark.skipif(shutil.which("Rscript") is None, reason="Rscript is not installed")

DIARY = ["--dyad", "dyad", "--person", "person", "--day", "day", "--outcome", "y", "--actor", "x"]


def diary(data: Table, role: str | None = None) -> DiaryResult:
    return fit_diary(
        data, dyad="dyad", person="person", day="day", outcome="y", actor="x", role=role
    )


def kept(data: Table, keep: np.ndarray) -> Table:
    return Table({name: data.column(name)[keep] for name in data.names})


# --- diaries whose reports are all an even number of days apart --------------------------------


def every_other_day() -> Table:
    """A diary kept every other day and numbered so (2, 4, 6, …), some days missing."""
    data = simulate_diary(40, 14, missing=0.05, seed=11)
    return Table({**data.columns, "day": 2.0 * data.column("day").astype(np.float64)})


@pytest.mark.parametrize("role", [None, "role"])
def test_reports_two_days_apart_say_that_phi_has_no_known_sign(role: str | None) -> None:
    """Reports 2, 4, 6 … days apart correlate φ², φ⁴, …: φ and −φ fit equally well. R's lme
    gave φ = −0.529 where we said 0.529, with the same likelihood, and nothing said so."""
    data = every_other_day()
    result = diary(data, role)
    assert not result.phi_sign_known
    assert result.variance.phi > 0
    assert result.to_dict()["variance"]["phi_sign_known"] is False
    mirrored = fit_diary(
        data,
        dyad="dyad",
        person="person",
        day="day",
        outcome="y",
        actor="x",
        role=role,
        theta=[*result.theta[:-1], -result.theta[-1]],
    )
    assert mirrored.loglik == pytest.approx(result.loglik, abs=1e-9)
    assert mirrored.variance.phi == pytest.approx(-result.variance.phi, abs=1e-12)


def test_one_step_of_an_odd_number_of_days_gives_phi_its_sign() -> None:
    data = every_other_day()
    day = data.column("day").astype(np.float64).copy()
    first = (data.column("dyad") == 1) & (data.column("day") == 2)
    day[np.flatnonzero(first)] = 1.0  # one couple's first report a day earlier
    assert diary(Table({**data.columns, "day": day})).phi_sign_known
    assert diary(simulate_diary(20, 7, seed=3)).phi_sign_known


def test_the_command_says_when_only_the_size_of_phi_is_known(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_diary(every_other_day(), tmp_path / "diary.csv")
    code = main(["diary", str(tmp_path / "diary.csv"), *DIARY])
    out = capsys.readouterr().out
    assert code == 0
    assert "note: every two reports of a person lie an even number of days apart" in out
    assert "only the size of phi is known" in out
    write_diary(simulate_diary(20, 7, seed=3), tmp_path / "daily.csv")
    assert main(["diary", str(tmp_path / "daily.csv"), *DIARY]) == 0
    assert "even number of days" not in capsys.readouterr().out


@needs_r
def test_reports_two_days_apart_match_nlme_but_for_the_sign_of_phi(tmp_path: Path) -> None:
    data = every_other_day()
    write_diary(data, tmp_path / "diary.csv")
    r = run_nlme(tmp_path / "diary.csv", tmp_path)
    for tag, method, role in (("dis", "reml", "role"), ("ind", "reml", None)):
        ours = fit_diary(
            data,
            dyad="dyad",
            person="person",
            day="day",
            outcome="y",
            actor="x",
            role=role,
            method="reml" if method == "reml" else "ml",
        )
        theirs = r[tag]["value"]
        assert ours.loglik == pytest.approx(theirs["loglik"], abs=1e-6)
        assert ours.variance.phi == pytest.approx(abs(theirs["phi"]), abs=1e-4)
        for name, (estimate, se, _) in r[tag]["fixed"].items():
            assert ours.effect(name).estimate == pytest.approx(estimate, abs=1e-6)
            assert ours.effect(name).se == pytest.approx(se, abs=1e-6)


# --- diaries of unequal length, with gaps, with some couples of one day -----------------------


def odd_diaries() -> dict[str, Table]:
    data = simulate_diary(40, 14, missing=0.05, seed=11)
    dyad = data.column("dyad").astype(np.int64)
    day = data.column("day").astype(np.int64)
    length = np.random.default_rng(5).integers(2, 15, size=dyad.max() + 1)
    return {
        "unequal": kept(data, day <= length[dyad]),
        "gaps": kept(data, ~((day >= 5) & (day <= 8 + dyad % 3))),
        "one_day_some": kept(data, (dyad % 3 != 0) | (day == 1)),
    }


@needs_r
@pytest.mark.parametrize("case", ["unequal", "gaps", "one_day_some"])
def test_diaries_of_unequal_length_with_gaps_or_single_days_match_nlme(
    tmp_path: Path, case: str
) -> None:
    """Couples with 2 to 14 days; a block of three to five days missing in every couple; a
    third of the couples with one day only. nlme and we reach the same optimum."""
    data = odd_diaries()[case]
    write_diary(data, tmp_path / "diary.csv")
    for row in compare(data, run_nlme(tmp_path / "diary.csv", tmp_path)):
        assert float(row["estimate"]) < 1e-5, row
        assert float(row["se"]) < 1e-5, row
        assert float(row["estimate_at_r"]) < 1e-9, row
        assert float(row["loglik_gain"]) > -1e-8, row


# --- numbers written with thousands separators ------------------------------------------------


@pytest.mark.parametrize(
    ("separator", "cell", "said"),
    [
        # A spreadsheet set to English quotes "1,234" in a comma file: a thousand and more,
        # which the hint called a decimal comma and told to write as 1.234.
        (",", '"1,234"', r"may stand between thousands, making it '1234', or be a decimal comma"),
        (",", '"12,345,678"', r"commas between thousands: write it without them, as in '12345678'"),
        (",", '"1,234.5"', r"commas between thousands: write it without them, as in '1234.5'"),
        (";", "1.234,5", r"points between thousands and a decimal comma.*as in '1234.5'"),
        (";", "1,25", r"it looks like a decimal comma.*'1.25'"),
    ],
)
def test_a_number_with_thousands_separators_is_refused_without_a_wrong_suggestion(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], separator: str, cell: str, said: str
) -> None:
    rows = [["d", "x", "y"], ["1", "2", "3"], ["1", cell, "4"], ["2", "1", "1"], ["2", "5", "2"]]
    path = tmp_path / "thousands.csv"
    path.write_text("\n".join(separator.join(row) for row in rows) + "\n")
    code = main(["apim", str(path), "--dyad", "d", "--outcome", "y", "--actor", "x"])
    captured = capsys.readouterr()
    assert code == 2 and captured.out == ""
    assert "column 'x', row 2 (line 3 of the file)" in captured.err
    assert re.search(said, captured.err), captured.err
    assert "Traceback" not in captured.err
