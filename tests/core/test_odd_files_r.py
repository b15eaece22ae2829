"""Odd but real files, read as R reads them: ids written several ways, days on different
calendars, cells R reads as infinities, NUL characters. Each compared live against R where R
gives an answer, and refused in our own words where R's answer is not one."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from interdepend.cli import main
from interdepend.core.apim import ApimResult, fit_apim
from interdepend.core.diary import DiaryResult, fit_diary
from interdepend.core.dyadic import DyadicDataError, Table, ValueTooLargeError, load_csv
from interdepend.core.nonindependence import nonindependence

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

from compare_diary_nlme import compare, run_nlme  # noqa: E402
from simulate_diary import simulate_diary, write_diary  # noqa: E402

needs_r = pytest.mark.skipif(shutil.which("Rscript") is None, reason="Rscript is not installed")

#: R reads the file as read.csv does, finds the partner's predictor within the couple and fits
#: nlme::gls with a compound-symmetric correlation by couple; prints couples, fixed effects,
#: their SEs, rho and the REML log-likelihood, then the ICC's F as a one-way ANOVA by couple.
APIM_R = r"""
suppressMessages(library(nlme))
d <- read.csv(commandArgs(trailingOnly = TRUE)[1])
d$other_P <- ave(d$other_pos, d$cuplid, FUN = rev)
m <- gls(satisfaction ~ other_pos + other_P, data = d, method = "REML",
         correlation = corCompSymm(form = ~ 1 | cuplid),
         control = glsControl(tolerance = 1e-14, msTol = 1e-14, opt = "optim"))
cat(class(d$cuplid), length(unique(d$cuplid)), format(coef(m), digits = 15),
    format(sqrt(diag(vcov(m))), digits = 15),
    format(coef(m$modelStruct$corStruct, unconstrained = FALSE), digits = 15),
    format(as.numeric(logLik(m)), digits = 15), "\n")
"""


def spelled_apart(source: Path, target: Path) -> None:
    """The Acitelli couples with each couple's second id written another way: 3.0, 03, " 3 ",
    +3, 3e0 in turn (one number each to R's read.csv)."""
    with source.open(newline="") as handle:
        rows = list(csv.reader(handle))
    spellings = ["{}.0", "0{}", " {} ", "+{}", "{}e0"]
    seen: dict[str, int] = {}
    for row in rows[1:]:
        couple = row[0]
        seen[couple] = seen.get(couple, 0) + 1
        if seen[couple] == 2:
            row[0] = spellings[int(couple) % len(spellings)].format(couple)
    with target.open("w", newline="") as handle:
        csv.writer(handle).writerows(rows)


def r_apim(path: Path, tmp: Path) -> list[str]:
    script = tmp / "apim.R"
    script.write_text(APIM_R)
    done = subprocess.run(
        ["Rscript", str(script), str(path)], capture_output=True, text=True, check=True, timeout=120
    )
    return done.stdout.split()


@needs_r
def test_couple_ids_written_several_ways_are_one_couple_as_in_r(
    acitelli_csv: str, tmp_path: Path
) -> None:
    """The statistics audit of 2026-12-04: "3" and "3.0" were two couples, each person alone."""
    odd = tmp_path / "ids.csv"
    spelled_apart(Path(acitelli_csv), odd)
    kind, couples, *figures = r_apim(odd, tmp_path)
    assert (kind, couples) == ("numeric", "148")
    r = [float(value) for value in figures]
    table = load_csv(odd)
    ours = fit_apim(table, dyad="cuplid", outcome="satisfaction", actor="other_pos")
    assert (ours.n_dyads, ours.n_lone_members) == (148, 0)
    effects = [ours.effect(name) for name in ("intercept", "actor", "partner")]
    assert [e.estimate for e in effects] == pytest.approx(r[0:3], abs=1e-6)
    assert [e.se for e in effects] == pytest.approx(r[3:6], abs=1e-6)
    assert ours.rho == pytest.approx(r[6], abs=1e-6)
    assert ours.loglik == pytest.approx(r[7], abs=1e-6)
    plain = fit_apim(
        load_csv(acitelli_csv), dyad="cuplid", outcome="satisfaction", actor="other_pos"
    )
    assert ours.loglik == pytest.approx(plain.loglik, abs=1e-12)
    alike = nonindependence(table, dyad="cuplid", variable="satisfaction")
    assert alike.n_dyads == 148 and alike.n_lone_members == 0


@needs_r
def test_a_column_with_an_id_that_is_not_a_number_stays_text_as_in_r(
    acitelli_csv: str, tmp_path: Path
) -> None:
    """R's read.csv keeps such a column as text, where "3" and "3.0" differ; so do we, and say
    why the people are alone."""
    odd = tmp_path / "ids.csv"
    spelled_apart(Path(acitelli_csv), odd)
    with odd.open("a", newline="") as handle:
        csv.writer(handle).writerows([["A1", 1, -1, 4, 4, 4, 1, 0], ["A1", 1, 1, 4, 5, 4, 1, 0]])
    script = tmp_path / "kind.R"
    script.write_text(
        "d <- read.csv(commandArgs(trailingOnly = TRUE)[1]); cat(class(d$cuplid), "
        'sum(table(d$cuplid) == 1), "\\n")'
    )
    r = subprocess.run(
        ["Rscript", str(script), str(odd)], capture_output=True, text=True, check=True
    ).stdout.split()
    assert r[0] == "character"
    ours = fit_apim(load_csv(odd), dyad="cuplid", outcome="satisfaction", actor="other_pos")
    # Every couple is split in R; here too, but for those written " 3 ": spaces around an id
    # are dropped in a text column too (R keeps them), so "3" and " 3 " stay one couple.
    spaced = sum(1 for line in odd.read_text().splitlines() if line.startswith(" "))
    assert int(r[1]) == 2 * 148
    assert ours.n_lone_members == int(r[1]) - 2 * spaced
    assert ours.n_dyads == spaced + 1


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        (["3", "3.0", "03", " 3 ", "+3", "3e0", "0x3"], ["3"] * 7),
        (["-0", "0", "0.50", ".5"], ["0", "0", "0.5", "0.5"]),
        (["3", "3.0", "A"], ["3", "3.0", "A"]),
        (
            ["12345678901234567890", "12345678901234567891"],
            ["12345678901234567890", "12345678901234567891"],
        ),
        (["3", "NA", "3.0", ""], ["3", "NA", "3", ""]),
    ],
)
def test_ids_are_numbers_when_every_id_is_one(written: list[str], shown: list[str]) -> None:
    """R's rule, but exact: two twenty-digit ids that differ in the last digit stay two."""
    assert Table.from_columns({"d": written}).labels("d").tolist() == shown


def test_roles_written_as_numbers_two_ways_are_two_values_not_four() -> None:
    table = Table.from_columns({"d": [1, 1, 2, 2, 3, 3], "r": ["1", "2", "1.0", "2.0", "01", "02"]})
    from interdepend.core.dyadic import role_levels

    assert role_levels(table, "r") == ("1", "2")


# --- values R reads as infinities --------------------------------------------------------------


@needs_r
def test_a_number_too_large_for_a_double_is_said_to_be_too_large(tmp_path: Path) -> None:
    """R reads 1e400 as Inf, a number; it was called "not a number" here."""
    path = tmp_path / "big.csv"
    path.write_text("couple,x,y\n1,1,2\n1,1e400,3\n2,1,1\n2,2,2\n")
    script = tmp_path / "big.R"
    script.write_text("d <- read.csv(commandArgs(trailingOnly = TRUE)[1]); cat(class(d$x), d$x[2])")
    r = subprocess.run(
        ["Rscript", str(script), str(path)], capture_output=True, text=True, check=True
    ).stdout
    assert r == "numeric Inf"
    with pytest.raises(ValueTooLargeError, match=r"'x', row 2 \(line 3 of the file\): '1e400'"):
        load_csv(path).numeric("x")


def test_scoring_calls_a_huge_answer_outside_the_scale(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "answers.csv"
    path.write_text("respondent,s01\nr1,1e400\nr2,1e20\nr3,9\n")
    code = main(["score", str(path), "--instrument", "interdependence_inventory_v1"])
    err = capsys.readouterr().err
    assert code == 1
    for row, value in ((1, "1e400"), (2, "1e20"), (3, "9")):
        assert (
            f"row {row} (line {row + 1} of the file), column 's01': '{value}' is outside 1-7" in err
        )


# --- NUL characters -----------------------------------------------------------------------------


def test_a_nul_character_in_an_id_is_refused_with_its_place(tmp_path: Path) -> None:
    """NumPy's text drops a NUL from the end of a cell: "1<NUL>" was quietly couple 1."""
    path = tmp_path / "nul.csv"
    path.write_bytes(b"couple,x,y\n1,1,2\n\n1\x00,2,3\n2,1,1\n2,3,3\n")
    with pytest.raises(
        DyadicDataError,
        match=r"row 2 \(line 4 of the file\), column 'couple': the cell holds a NUL character",
    ):
        load_csv(path)


def test_the_command_refuses_a_file_with_a_nul_in_plain_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "nul.csv"
    path.write_bytes(b"couple,x,y\n1,1,2\n1,2,3\n2\x00,1,1\n2,3,3\n3,1,1\n3,2,2\n")
    code = main(["apim", str(path), "--dyad", "couple", "--outcome", "y", "--actor", "x"])
    captured = capsys.readouterr()
    assert code == 2 and captured.out == ""
    assert "row 3 (line 4 of the file), column 'couple': the cell holds a NUL" in captured.err
    assert 'save it as "CSV UTF-8"' in captured.err


def test_scoring_leaves_out_a_row_whose_respondent_holds_a_nul(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "nul.csv"
    path.write_bytes(b"respondent,s01\nr1\x00,3\nr2,4\n")
    code = main(["score", str(path), "--instrument", "interdependence_inventory_v1"])
    captured = capsys.readouterr()
    assert code == 1
    assert "\x00" not in captured.out
    assert "column 'respondent': the cell holds a NUL character" in captured.err


# --- days counted within each couple ------------------------------------------------------------


def staggered(days: int, dyads: int, seed: int) -> tuple[Table, Table]:
    """A simulated diary, and the same with each couple's days moved to its own calendar weeks
    (as day numbers of the year, or dates turned into numbers, give them)."""
    data = simulate_diary(dyads, days, missing=0.1, seed=seed)
    day = data.column("day").astype(np.float64)
    dyad = data.column("dyad").astype(np.float64)
    shifted = Table({**data.columns, "day": day + 100 * dyad})
    return data, shifted


def test_days_are_counted_within_each_couple() -> None:
    """Couples on different calendar days were counted as more days (2 couples × 14 days in
    different weeks said 28 days); the model runs its time within each couple."""
    data, shifted = staggered(14, 30, seed=8)

    def fit(table: Table) -> DiaryResult:
        return fit_diary(table, dyad="dyad", person="person", day="day", outcome="y", actor="x")

    plain, moved = fit(data), fit(shifted)
    assert moved.loglik == pytest.approx(plain.loglik, abs=1e-8)
    assert moved.n_days == plain.n_days <= 14
    assert (moved.fewest_days, moved.median_days) == (plain.fewest_days, plain.median_days)
    counts = moved.to_dict()["counts"]
    assert counts["days"] == counts["days_per_dyad"]["most"] == moved.n_days


def test_the_command_says_days_per_couple(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows: list[list[object]] = [["dyad", "person", "day", "x", "y"]]
    rng = np.random.default_rng(4)
    for couple, (start, length) in enumerate([(1, 7), (200, 7), (400, 5), (600, 7)], start=1):
        for person in (1, 2):
            for day in range(start, start + length):
                rows.append([couple, f"{couple}{person}", day, *rng.normal(size=2).round(3)])
    path = tmp_path / "days.csv"
    with path.open("w", newline="") as handle:
        csv.writer(handle).writerows(rows)
    argv = ["diary", str(path), "--dyad", "dyad", "--person", "person", "--day", "day"]
    code = main([*argv, "--outcome", "y", "--actor", "x"])
    out = capsys.readouterr().out
    assert code == 0
    assert "4 dyads, 8 people, 5 to 7 days per dyad (median 7), 52 person-days" in out


@needs_r
def test_couples_on_their_own_calendar_days_match_nlme(tmp_path: Path) -> None:
    """nlme's corAR1 by day within person, on days numbered by the calendar: the same model,
    and the same figures as ours."""
    _, shifted = staggered(10, 25, seed=9)
    write_diary(shifted, tmp_path / "diary.csv")
    for row in compare(shifted, run_nlme(tmp_path / "diary.csv", tmp_path)):
        assert float(row["estimate"]) < 1e-6, row
        assert float(row["se"]) < 1e-6, row
        assert float(row["loglik_gain"]) > -1e-9, row


def test_roles_written_several_ways_fit_the_model_of_the_plain_file(acitelli_csv: str) -> None:
    """gender -1/1 written "-1.0", "+1", "1.0" on some rows: R reads the same two numbers."""
    table = load_csv(acitelli_csv)
    spelled = np.array(
        [
            {"-1": "-1.0", "1": "+1"}[label] if k % 3 == 0 else label
            for k, label in enumerate(table.labels("gender").tolist())
        ]
    )
    respelled = Table({**table.columns, "gender": spelled})

    def fit(data: Table) -> ApimResult:
        return fit_apim(
            data, dyad="cuplid", outcome="satisfaction", actor="other_pos", role="gender"
        )

    plain, odd = fit(table), fit(respelled)
    assert odd.roles == plain.roles == ("-1", "1")
    assert odd.loglik == pytest.approx(plain.loglik, abs=1e-12)
    assert odd.distinguishability is not None and plain.distinguishability is not None
    assert odd.distinguishability.chi2 == pytest.approx(plain.distinguishability.chi2, abs=1e-9)


@pytest.mark.parametrize("command", ["apim", "nonindependence", "diary"])
def test_a_column_with_no_value_at_all_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    """It said "0 dyads (0 people) are too few for a model with 3 fixed effects"."""
    rows: list[list[object]] = [["d", "p", "day", "x", "y"]]
    rows += [
        [d, f"{d}{p}", day, "NA", day + p]
        for d in (1, 2, 3, 4)
        for p in (1, 2)
        for day in (1, 2, 3)
    ]
    path = tmp_path / "empty.csv"
    with path.open("w", newline="") as handle:
        csv.writer(handle).writerows(rows)
    argv = {
        "apim": ["--dyad", "d", "--outcome", "y", "--actor", "x"],
        "nonindependence": ["--dyad", "d", "--variable", "x"],
        "diary": ["--dyad", "d", "--person", "p", "--day", "day", "--outcome", "y", "--actor", "x"],
    }[command]
    if command != "diary":
        path.write_text("d,x,y\n1,,2\n1,NA,3\n2,.,4\n2,,5\n3,,1\n3,,2\n")
    code = main([command, str(path), *argv])
    err = capsys.readouterr().err
    assert code == 2
    assert "column 'x' holds no values: every cell is empty or marks a missing value" in err


@pytest.mark.parametrize("written", ["2024-01-05", "05/01/2024", "5.1.24"])
def test_a_date_in_the_day_column_says_how_to_number_the_days(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], written: str
) -> None:
    """R's read.csv keeps dates as text, which corAR1 cannot take either; the message said only
    "not a number"."""
    path = tmp_path / "dates.csv"
    path.write_text(f"d,p,day,x,y\n1,a,{written},1,2\n1,b,{written},2,3\n")
    argv = ["--dyad", "d", "--person", "p", "--day", "day", "--outcome", "y", "--actor", "x"]
    code = main(["diary", str(path), *argv])
    err = capsys.readouterr().err
    assert code == 2
    assert f"row 1 (line 2 of the file): {written!r} is not a number: it looks like a date" in err
    assert "number each couple's days (1 for the first" in err
