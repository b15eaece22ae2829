"""The statistics held against R as an outside checker would, on cases the other tests do not
have (the statistics audit of 2026-12-04, second round): scales far from 1, roles missing for
some couples, diaries of unequal length, with gaps or with every report two days apart,
reverse-keyed and negatively correlated items, few respondents. Each either matches R or is
refused in our own words."""

from __future__ import annotations

import csv
import datetime
import json
import math
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from interdepend.cli import main
from interdepend.core.apim import Method, TooFewDyadsError, fit_apim
from interdepend.core.apim_mediation import fit_apim_mediation
from interdepend.core.cfa import Structure, fit_cfa, simple_structure, simulate_responses
from interdepend.core.diary import DiaryError, DiaryResult, fit_diary
from interdepend.core.dyadic import Table, ValueTooSmallError, load_csv
from interdepend.core.nonindependence import nonindependence
from interdepend.core.psychometrics import reliability
from interdepend.core.var import ConstantSeries, fit_couple, pseudo_couple_null

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

from compare_diary_nlme import compare, run_nlme  # noqa: E402
from simulate_diary import simulate_diary, write_diary  # noqa: E402

needs_r = pytest.mark.skipif(shutil.which("Rscript") is None, reason="Rscript is not installed")

DIARY = ["--dyad", "dyad", "--person", "person", "--day", "day", "--outcome", "y", "--actor", "x"]


def diary(data: Table, role: str | None = None, **options: Any) -> DiaryResult:
    """The diary model of these tests (``options``: ``method``, ``theta``)."""
    return fit_diary(
        data, dyad="dyad", person="person", day="day", outcome="y", actor="x", role=role, **options
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
    mirrored = diary(data, role, theta=[*result.theta[:-1], -result.theta[-1]])
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
        ours = diary(data, role, method=method)
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


# --- the APIM on scales far from 1, and with a role mostly missing ----------------------------

#: nlme::gls of the file given, as read.csv reads it: the partner's predictor is the other row
#: of the couple (NA when there is none), fixed effects per role with varIdent when a role
#: column is named ("-" for none). Prints "name estimate se", then rho, loglik and nobs.
APIM_R = r"""
suppressMessages(library(nlme))
a <- commandArgs(trailingOnly = TRUE)
d <- read.csv(a[1])
d$.d <- d[[a[2]]]; d$.y <- d[[a[3]]]; d$.x <- d[[a[4]]]
i <- seq_len(nrow(d))
d$.xp <- sapply(i, function(k) {
  o <- which(d$.d == d$.d[k] & i != k)
  if (length(o) == 1) d$.x[o] else NA
})
ctl <- glsControl(tolerance = 1e-14, msTol = 1e-14, msMaxIter = 1000, maxIter = 500,
                  opt = "optim")
cs <- corCompSymm(form = ~ 1 | .d)
m <- if (a[5] == "-") {
  gls(.y ~ .x + .xp, data = d, correlation = cs, method = a[6], na.action = na.omit,
      control = ctl)
} else {
  d$.r <- factor(d[[a[5]]])
  gls(.y ~ 0 + .r + .r:.x + .r:.xp, data = d, correlation = cs, method = a[6],
      weights = varIdent(form = ~ 1 | .r), na.action = na.omit, control = ctl)
}
tt <- summary(m)$tTable
for (k in seq_len(nrow(tt))) cat(rownames(tt)[k], format(tt[k, 1:2], digits = 15), "\n")
cat("rho", format(coef(m$modelStruct$corStruct, unconstrained = FALSE), digits = 15), "\n")
cat("loglik", format(as.numeric(logLik(m)), digits = 15), "\n")
cat("nobs", length(m$fitted), "\n")
"""


def r_gls(
    path: Path, tmp: Path, columns: tuple[str, str, str], role: str | None, method: str
) -> dict[str, list[float]]:
    script = tmp / "apim.R"
    script.write_text(APIM_R)
    argv = ["Rscript", str(script), str(path), *columns, role or "-", method.upper()]
    out = subprocess.run(argv, capture_output=True, text=True, check=True, timeout=120).stdout
    return {line.split()[0]: [float(v) for v in line.split()[1:]] for line in out.splitlines()}


def our_name(r_name: str, role: str | None) -> str:
    """Our effect name for gls's (``(Intercept)``, ``.x``, ``.rwife:.xp`` …)."""
    if role is None:
        return {"(Intercept)": "intercept", ".x": "actor", ".xp": "partner"}[r_name]
    level, *term = r_name.split(":")
    base = {(): "intercept", (".x",): "actor", (".xp",): "partner"}[tuple(term)]
    return f"{base}[{role}={level.removeprefix('.r')}]"


def assert_matches_gls(
    path: Path,
    tmp: Path,
    columns: tuple[str, str, str],
    role: str | None,
    method: Method,
    rel: float = 1e-6,
) -> float:
    """Our fit of the file against gls's, to a relative ``rel``, with a likelihood no lower
    than its; returns the largest relative difference of an estimate or SE."""
    r = r_gls(path, tmp, columns, role, method)
    dyad, outcome, actor = columns
    ours = fit_apim(
        load_csv(path), dyad=dyad, outcome=outcome, actor=actor, role=role, method=method
    )
    worst = 0.0
    for name, (estimate, se) in ((k, v) for k, v in r.items() if k not in NOT_EFFECTS):
        effect = ours.effect(our_name(name, role))
        assert effect.estimate == pytest.approx(estimate, rel=rel), name
        assert effect.se == pytest.approx(se, rel=rel), name
        worst = max(worst, abs(effect.estimate / estimate - 1), abs(effect.se / se - 1))
    assert ours.rho == pytest.approx(r["rho"][0], abs=rel)
    assert ours.loglik == pytest.approx(r["loglik"][0], rel=1e-12, abs=1e-8)
    assert ours.loglik > r["loglik"][0] - 1e-9
    assert ours.n_obs == r["nobs"][0]
    return worst


NOT_EFFECTS = ("rho", "loglik", "nobs")


def rescaled(source: str, target: Path, outcome_by: float, actor_by: float) -> None:
    """The Acitelli couples with satisfaction and other_pos multiplied (in full precision)."""
    columns_times(source, target, {"satisfaction": outcome_by, "other_pos": actor_by})


def columns_times(source: str, target: Path, factors: dict[str, float]) -> None:
    """A copy of the file with each named column multiplied by its factor (in full precision)."""
    with open(source, newline="") as handle:
        rows = list(csv.reader(handle))
    at = {rows[0].index(name): by for name, by in factors.items()}
    for row in rows[1:]:
        for column, by in at.items():
            row[column] = repr(float(row[column]) * by)
    with target.open("w", newline="") as handle:
        csv.writer(handle).writerows(rows)


@needs_r
@pytest.mark.parametrize(
    ("outcome_by", "actor_by"),
    [(1e-8, 1e-8), (1e8, 1e8), (1e-8, 1.0), (1.0, 1e8), (1e8, 1e-8), (1e-99, 1e-99)],
)
@pytest.mark.parametrize("role", [None, "gender"])
def test_outcomes_and_predictors_far_from_unit_scale_match_gls(
    acitelli_csv: str, tmp_path: Path, outcome_by: float, actor_by: float, role: str | None
) -> None:
    """Satisfaction and other_pos in units of 1e-8 to 1e8, and 1e-99, just above the smallest
    size taken: every estimate and SE within a relative 1e-6 of nlme's. At 1e-99 the search's
    start divided by zero (the product of two variances near 1e-200), and the command printed
    NumPy's warning."""
    path = tmp_path / "scaled.csv"
    rescaled(acitelli_csv, path, outcome_by, actor_by)
    columns = ("cuplid", "satisfaction", "other_pos")
    assert assert_matches_gls(path, tmp_path, columns, role, "reml") < 1e-6


def mostly_missing_husbands(path: Path) -> None:
    """60 couples; three husbands in four left their outcome empty and one wife in seven has
    no row at all, so many couples enter with one person, some in each role."""
    rng = np.random.default_rng(7)
    rows: list[list[object]] = [["d", "r", "x", "y"]]
    for couple in range(60):
        x = rng.normal(size=2)
        e = rng.multivariate_normal([0, 0], [[1, 0.3], [0.3, 1.5]])
        for k, role in enumerate(("wife", "husband")):
            y: object = round(1 + 0.5 * x[k] + 0.3 * x[1 - k] + e[k], 4)
            if role == "husband" and couple % 4:
                y = "NA"
            if role == "wife" and couple % 7 == 3:
                continue
            rows.append([couple, role, round(float(x[k]), 4), y])
    with path.open("w", newline="") as handle:
        csv.writer(handle).writerows(rows)


@needs_r
@pytest.mark.parametrize("method", ["reml", "ml"])
def test_a_role_mostly_missing_matches_gls(tmp_path: Path, method: Method) -> None:
    path = tmp_path / "few.csv"
    mostly_missing_husbands(path)
    result = fit_apim(load_csv(path), dyad="d", outcome="y", actor="x", role="r")
    assert (result.n_complete_dyads, result.n_incomplete_dyads) == (13, 38)
    assert_matches_gls(path, tmp_path, ("d", "y", "x"), "r", method)


def too_few_husbands(path: Path, answered: int) -> None:
    rng = np.random.default_rng(2)
    rows: list[list[object]] = [["d", "r", "x", "y"]]
    for couple in range(30):
        for role in ("w", "h"):
            y = round(float(rng.normal()), 3) if role == "w" or couple < answered else "NA"
            rows.append([couple, role, round(float(rng.normal()), 3), y])
    with path.open("w", newline="") as handle:
        csv.writer(handle).writerows(rows)


@pytest.mark.parametrize(
    ("answered", "said"), [(0, "no one in role 'h' has"), (2, "only 2 people in role 'h' have")]
)
def test_a_role_with_fewer_people_than_effects_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], answered: int, said: str
) -> None:
    """Two husbands of thirty answered: it said the predictors were collinear, as if the
    partners shared the predictor (and, with none, that no couple had both members)."""
    path = tmp_path / "few.csv"
    too_few_husbands(path, answered)
    code = main(["apim", str(path), "--dyad", "d", "--outcome", "y", "--actor", "x", "--role", "r"])
    captured = capsys.readouterr()
    assert code == 2 and captured.out == ""
    assert f"{said} every value the model needs" in captured.err
    assert "too few for that role's 3 effects" in captured.err
    assert "collinear" not in captured.err
    with pytest.raises(TooFewDyadsError, match=said):
        fit_apim(load_csv(path), dyad="d", outcome="y", actor="x", role="r")


@needs_r
def test_gls_cannot_fit_a_role_with_fewer_people_than_effects_either(tmp_path: Path) -> None:
    path = tmp_path / "few.csv"
    too_few_husbands(path, 2)
    with pytest.raises(subprocess.CalledProcessError) as failed:
        r_gls(path, tmp_path, ("d", "y", "x"), "r", "reml")
    assert "singular" in failed.value.stderr


@pytest.mark.parametrize("by", [1e-150, 1e-170, 1e-300])
def test_values_too_small_for_the_arithmetic_are_refused_naming_the_column(
    acitelli_csv: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], by: float
) -> None:
    """R's QR fits these; our sums of squares fell below what a double holds, and the fit was
    refused as "collinear" (1e-170) or "the same for everyone" (1e-300), which it is not."""
    path = tmp_path / "tiny.csv"
    rescaled(acitelli_csv, path, by, 1.0)
    code = main(
        ["apim", str(path), "--dyad", "cuplid", "--outcome", "satisfaction"]
        + ["--actor", "other_pos"]
    )
    captured = capsys.readouterr()
    assert code == 2 and captured.out == ""
    assert "column 'satisfaction' holds only values smaller than 1e-100 in size" in captured.err
    assert "rescale the column" in captured.err
    assert "collinear" not in captured.err and "same for everyone" not in captured.err
    table = load_csv(path)
    for command in (
        lambda: fit_apim(table, dyad="cuplid", outcome="satisfaction", actor="other_pos"),
        lambda: nonindependence(table, dyad="cuplid", variable="satisfaction"),
        lambda: fit_apim_mediation(
            table, dyad="cuplid", x="other_pos", m="tension", y="satisfaction", bootstrap=0
        ),
    ):
        with pytest.raises(ValueTooSmallError, match="'satisfaction'"):
            command()


@needs_r
@pytest.mark.parametrize(
    ("outcome_by", "actor_by"), [(1e-8, 1e-8), (1e8, 1e8), (1e-8, 1.0), (1.0, 1e8), (1e6, 1e-6)]
)
def test_a_diary_far_from_unit_scale_matches_nlme(
    tmp_path: Path, outcome_by: float, actor_by: float
) -> None:
    """Every estimate and SE within a relative 2e-5 of nlme's (its own optimum stops about
    that far from the flat top, at any scale), and our likelihood no lower than its."""
    data = simulate_diary(30, 10, missing=0.1, seed=4)
    scaled = Table(
        {**data.columns, "y": data.column("y") * outcome_by, "x": data.column("x") * actor_by}
    )
    write_diary(scaled, tmp_path / "diary.csv")
    r = run_nlme(tmp_path / "diary.csv", tmp_path)
    for tag, method, role in (
        ("dis", "reml", "role"),
        ("dis_ml", "ml", "role"),
        ("ind", "reml", None),
    ):
        ours = diary(scaled, role, method=method)
        assert ours.loglik - r[tag]["value"]["loglik"] > -1e-8, tag
        for name, (estimate, se, _) in r[tag]["fixed"].items():
            assert ours.effect(name).estimate == pytest.approx(estimate, rel=2e-5), (tag, name)
            assert ours.effect(name).se == pytest.approx(se, rel=2e-5), (tag, name)


# --- reliability: reverse-keyed items, items that run against the others, few respondents ----

#: psych::alpha of the answers, with the items named in the second argument reverse-keyed
#: (psych recodes them itself); raw and standardised alpha, then each item's r.drop and alpha
#: without it; then psych::omega's omega total (which turns such items round itself).
ALPHA_R = r"""
suppressMessages(library(psych))
a <- commandArgs(trailingOnly = TRUE)
x <- read.csv(a[1])
keys <- if (length(a) > 1) strsplit(a[2], ",")[[1]] else NULL
al <- suppressWarnings(suppressMessages(
  if (is.null(keys)) alpha(x, check.keys = FALSE, warnings = FALSE)
  else alpha(x, keys = keys, warnings = FALSE)))
cat(format(c(al$total$raw_alpha, al$total$std.alpha), digits = 15), "\n")
cat(format(al$item.stats$r.drop, digits = 15), "\n")
cat(format(al$alpha.drop$raw_alpha, digits = 15), "\n")
o <- suppressWarnings(suppressMessages(omega(x, nfactors = 1, plot = FALSE)))
cat(format(o$omega.tot, digits = 15), "\n")
"""


def psych_alpha(tmp: Path, answers: np.ndarray, reverse: list[bool]) -> list[list[float]]:
    path = tmp / "answers.csv"
    ids = [f"i{k + 1}" for k in range(answers.shape[1])]
    lines = [",".join(ids)]
    lines += [",".join("NA" if math.isnan(v) else f"{v:g}" for v in row) for row in answers]
    path.write_text("\n".join(lines) + "\n")
    script = tmp / "alpha.R"
    script.write_text(ALPHA_R)
    keys = ",".join(i for i, r in zip(ids, reverse, strict=True) if r)
    argv = ["Rscript", str(script), str(path), *([keys] if keys else [])]
    out = subprocess.run(argv, capture_output=True, text=True, check=True, timeout=120).stdout
    return [[float(v) for v in line.split()] for line in out.splitlines()]


def keyed_answers() -> np.ndarray:
    """60 respondents, five 1–7 items; items 3 and 5 worded the other way."""
    rng = np.random.default_rng(3)
    factor = rng.normal(size=(60, 1))
    loadings = np.array([0.8, 0.7, -0.7, 0.6, -0.5])
    latent = factor * loadings + rng.normal(size=(60, 5)) * 0.6
    answers: np.ndarray = np.clip(np.round(4 + 1.3 * latent), 1, 7)
    return answers


REVERSED = [False, False, True, False, True]


@needs_r
@pytest.mark.parametrize(
    ("case", "reverse"),
    [
        ("keyed", REVERSED),
        ("keyed, 10 % missing", REVERSED),
        ("not keyed: negative correlations", [False] * 5),
        ("four respondents", REVERSED),
        ("three respondents", REVERSED),
        ("answers 2 to 6 of 1 to 7", REVERSED),
    ],
)
def test_alpha_and_item_statistics_match_psych(
    tmp_path: Path, case: str, reverse: list[bool]
) -> None:
    """We recode reverse-keyed items on the scale's own ends (8 − x); psych on the ends
    observed. Alpha is the same either way, as are the item-rest correlations and alpha
    without each item (which the other live test does not compare). Unkeyed, the items that
    run against the others give psych's negative alpha: reported as it is, not hidden."""
    answers = keyed_answers()
    if case.startswith("keyed, 10"):
        answers[np.random.default_rng(8).random(answers.shape) < 0.1] = np.nan
    elif case == "four respondents":
        answers = answers[:4]
    elif case == "three respondents":
        answers = answers[:3]
    elif case.startswith("answers 2"):
        answers = np.clip(answers, 2, 6)
    (alpha, std_alpha), r_drop, alpha_drop, (omega,) = psych_alpha(tmp_path, answers, reverse)
    ids = [f"i{k + 1}" for k in range(5)]
    report = reliability(answers, ids, reverse, 1, 7)
    assert report.alpha == pytest.approx(alpha, abs=1e-12)
    assert report.alpha_standardized == pytest.approx(std_alpha, abs=1e-12)
    assert [i.item_rest_r for i in report.items] == pytest.approx(r_drop, abs=1e-12)
    assert [i.alpha_if_dropped for i in report.items] == pytest.approx(alpha_drop, abs=1e-12)
    assert report.omega_total == pytest.approx(omega, abs=1e-6)
    if not any(reverse):
        assert report.alpha < 0


def husbands_answered(path: Path, couples: int) -> None:
    """30 couples; only the first ``couples`` husbands gave an outcome (their wives did too)."""
    rng = np.random.default_rng(2)
    rows: list[list[object]] = [["d", "r", "x", "y"]]
    for couple in range(30):
        for role in ("w", "h"):
            x, y = round(float(rng.normal()), 3), round(float(rng.normal()), 3)
            rows.append([couple, role, x, y if role == "w" or couple < couples else "NA"])
    with path.open("w", newline="") as handle:
        csv.writer(handle).writerows(rows)


def test_too_few_complete_couples_to_tell_the_roles_apart_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Four complete couples, three effects per role: the husbands' outcomes given their wives'
    fit exactly, and the likelihood has no maximum. The command printed ρ = 1.0000 (with a note
    that the outcome was nearly the same within every couple, which it was not) and a
    distinguishability χ²(4) of 135.3, p < 0.0001."""
    path = tmp_path / "four.csv"
    husbands_answered(path, 4)
    argv = ["apim", str(path), "--dyad", "d", "--outcome", "y", "--actor", "x", "--role", "r"]
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "only 4 couples have both members' values, too few to tell the roles apart" in (
        captured.err
    )
    assert "it needs at least 5 such couples" in captured.err
    with pytest.raises(TooFewDyadsError, match="too few to tell the roles apart"):
        fit_apim(load_csv(path), dyad="d", outcome="y", actor="x", role="r")
    assert fit_apim(load_csv(path), dyad="d", outcome="y", actor="x").n_complete_dyads == 4


@needs_r
def test_five_complete_couples_match_gls_and_four_are_not_fitted_by_it(tmp_path: Path) -> None:
    path = tmp_path / "five.csv"
    husbands_answered(path, 5)
    # ρ = 0.945 on five couples: a flat top, where gls's optimum lies a relative 3e-6 away
    # with the same likelihood to 13 figures.
    for method in ("reml", "ml"):
        assert_matches_gls(path, tmp_path, ("d", "y", "x"), "r", method, rel=1e-5)
    husbands_answered(path, 4)
    with pytest.raises(subprocess.CalledProcessError):
        r_gls(path, tmp_path, ("d", "y", "x"), "r", "reml")


# --- confirmatory factor analysis on small samples and just-identified models -----------------

#: lavaan's cfa of the answers and the model (std.lv): fit measures, then standardized loadings.
CFA_R = r"""
suppressPackageStartupMessages(library(lavaan))
a <- commandArgs(trailingOnly = TRUE)
fit <- cfa(readLines(a[2]), data = read.csv(a[1]), std.lv = TRUE)
s <- standardizedSolution(fit)
cat(format(c(fitMeasures(fit, c("chisq", "df", "cfi", "tli", "rmsea", "rmsea.ci.lower",
                                 "rmsea.ci.upper", "srmr")), s[s$op == "=~", "est.std"]),
           digits = 15), "\n")
"""


def lavaan(tmp: Path, answers: np.ndarray, structure: Structure) -> list[float]:
    data = tmp / "answers.csv"
    lines = [",".join(structure.items)]
    lines += [",".join(f"{v:g}" for v in row) for row in answers]
    data.write_text("\n".join(lines) + "\n")
    model = tmp / "model.lav"
    model.write_text(structure.lavaan_syntax() + "\n")
    script = tmp / "cfa.R"
    script.write_text(CFA_R)
    argv = ["Rscript", str(script), str(data), str(model)]
    out = subprocess.run(argv, capture_output=True, text=True, check=True, timeout=120).stdout
    return [math.nan if v == "NA" else float(v) for v in out.split()]


FOUR_SCALES = simple_structure("four", {f: [f"{f}{k}" for k in range(1, 5)] for f in "abcd"})


def four_scale_answers(n: int) -> np.ndarray:
    rng = np.random.default_rng(5)
    phi = np.array([[1, 0.4, 0.3, 0.2], [0.4, 1, 0.2, 0.5], [0.3, 0.2, 1, 0.3], [0.2, 0.5, 0.3, 1]])
    loadings = np.array([0.7, 0.6, 0.5, 0.8, 0.6, 0.7, 0.5, 0.6, 0.8, 0.5, 0.6, 0.7, 0.6, 0.7])
    loadings = np.r_[loadings, 0.5, 0.6]
    answers: np.ndarray = simulate_responses(FOUR_SCALES, loadings, phi, n, rng).astype(float)
    return answers


@needs_r
@pytest.mark.parametrize(
    "case", ["30 respondents, 16 items", "3 items: no degrees of freedom", "2 items per factor"]
)
def test_small_and_just_identified_factor_models_match_lavaan(tmp_path: Path, case: str) -> None:
    """Thirty people for 16 items (lavaan reaches the same improper solution, two standardized
    loadings above 1); three items on one factor, which fit exactly (chi-square 0 on 0 df,
    RMSEA 0, CFI 1); two factors of two items each."""
    answers = four_scale_answers(200)
    if case.startswith("30"):
        structure, x = FOUR_SCALES, answers[:30]
    elif case.startswith("3 items"):
        structure = simple_structure("three", {"a": ["a1", "a2", "a3"]})
        x = answers[:, :3]
    else:
        structure = simple_structure("pairs", {"a": ["a1", "a2"], "b": ["b1", "b2"]})
        x = answers[:, [0, 1, 4, 5]]
    fit = fit_cfa(x, structure)
    f = fit.fit
    ours = [f.chi_square, f.df, f.cfi, f.tli, f.rmsea, f.rmsea_low, f.rmsea_high, f.srmr]
    ours += [loading.standardized for loading in fit.loadings]
    expected = lavaan(tmp_path, x, structure)
    assert fit.converged
    assert ours == pytest.approx(expected, abs=1e-4, nan_ok=True)
    # With thirty people two standardized loadings pass 1, as in lavaan: flagged, not hidden.
    assert bool(fit.improper) == case.startswith("30")


def test_twenty_people_for_sixteen_items_are_flagged_improper_not_passed_as_a_fit() -> None:
    """Such a fit has more than one local minimum: lavaan stops at chi-square 170.17, we at
    171.25 (both with loadings above 1). The solution is flagged, so neither is read as a
    fit of the model."""
    fit = fit_cfa(four_scale_answers(200)[:20], FOUR_SCALES)
    assert fit.improper


# --- files as spreadsheets save them --------------------------------------------------------


def spreadsheet_files(source: str, folder: Path) -> tuple[Path, list[Path]]:
    """The Acitelli couples with eight outcomes missing, written plainly (commas, NA) for R,
    and as spreadsheets save them: a byte-order mark, CRLF line ends, semicolons and quoted
    numbers, a 'sep=;' line, UTF-16 with tabs ('Unicode text'), trailing empty rows and
    columns, and the missing outcomes written as NA, na, '.', N/A, an empty cell or spaces."""
    with open(source, newline="") as handle:
        rows = list(csv.reader(handle))
    y = rows[0].index("satisfaction")
    markers = ["NA", "na", ".", "N/A", "", " ", "NA", "."]
    gaps = {5 + 31 * k: marker for k, marker in enumerate(markers)}
    plain = folder / "plain.csv"
    with plain.open("w", newline="") as handle:
        csv.writer(handle).writerows(
            [[*row[:y], "NA" if k in gaps else row[y], *row[y + 1 :]] for k, row in enumerate(rows)]
        )
    odd = [[*row[:y], gaps.get(k, row[y]), *row[y + 1 :]] for k, row in enumerate(rows)]

    def text(separator: str, quoted: bool) -> list[str]:
        cells = [[f'"{c}"' if quoted and k else c for c in row] for k, row in enumerate(odd)]
        return [separator.join(row) for row in cells]

    files = {
        "bom_crlf_semicolon.csv": ("\ufeff" + "\r\n".join(text(";", True)) + "\r\n", "utf-8"),
        "sep_line.csv": ("sep=;\n" + "\n".join(text(";", False)) + "\n", "utf-8"),
        "unicode_text.txt": ("\ufeff" + "\r\n".join(text("\t", False)) + "\r\n", "utf-16-le"),
        "trailing.csv": (
            "\n".join(line + ",," for line in text(",", False)) + "\n,,\n\n\n",
            "utf-8",
        ),
    }
    paths = []
    for name, (content, encoding) in files.items():
        path = folder / name
        path.write_bytes(content.encode(encoding))
        paths.append(path)
    return plain, paths


@needs_r
@pytest.mark.parametrize("role", [None, "gender"])
def test_files_saved_by_spreadsheets_fit_as_r_fits_the_plain_file(
    acitelli_csv: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], role: str | None
) -> None:
    plain, files = spreadsheet_files(acitelli_csv, tmp_path)
    r = r_gls(plain, tmp_path, ("cuplid", "satisfaction", "other_pos"), role, "reml")
    assert r["nobs"] == [288.0]
    for path in files:
        argv = ["apim", str(path), "--dyad", "cuplid", "--outcome", "satisfaction"]
        argv += ["--actor", "other_pos", "--json", *(["--role", role] if role else [])]
        assert main(argv) == 0, path.name
        out = capsys.readouterr().out
        ours = json.loads(out)
        assert ours["n_obs"] == 288, path.name
        assert ours["loglik"] == pytest.approx(r["loglik"][0], abs=1e-8), path.name
        for name, (estimate, se) in ((k, v) for k, v in r.items() if k not in NOT_EFFECTS):
            effect = ours["fixed"][our_name(name, role)]
            assert effect["estimate"] == pytest.approx(estimate, rel=1e-6), (path.name, name)
            assert effect["se"] == pytest.approx(se, rel=1e-6), (path.name, name)


# --- days written as dates in numbers ---------------------------------------------------------


def as_year_month_day(data: Table) -> Table:
    start = datetime.date(2024, 1, 20)
    days = [start + datetime.timedelta(days=int(d)) for d in data.column("day")]
    return Table({**data.columns, "day": np.array([int(d.strftime("%Y%m%d")) for d in days])})


def test_days_written_as_dates_in_numbers_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """20240131 then 20240201: read as numbers, 70 days apart, and the fit changed (actor 0.4605
    for 0.4556, phi 0.2951 for 0.3097) with no word of why; R's corAR1 reads them so too."""
    data = simulate_diary(30, 21, missing=0.05, seed=3)
    write_diary(as_year_month_day(data), tmp_path / "dates.csv")
    assert main(["diary", str(tmp_path / "dates.csv"), *DIARY, "--role", "role"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "column 'day', row 1 (line 2 of the file): 20240121 looks like a date written as" in (
        captured.err
    )
    assert "number each couple's days" in captured.err.lower()
    with pytest.raises(DiaryError, match="looks like a date written as year, month and day"):
        diary(as_year_month_day(data))
    # Day numbers of that size that are not all dates (20240132 is none) are days as given.
    odd = Table({**data.columns, "day": data.column("day") + 20240120})
    assert diary(odd).n_obs == diary(data).n_obs


# --- the weekly lag-1 model (emotional interdependence over time) ------------------------------

#: Standardise each partner over the weeks both answered, keep the pairs of consecutive such
#: weeks, and fit lm for each partner's next week; print both equations' slopes with their SEs,
#: the number of pairs, the residual correlation and the 95 % interval of A -> B.
VAR_R = r"""
d <- read.csv(commandArgs(trailingOnly = TRUE)[1])
s <- d[!is.na(d$a) & !is.na(d$b), ]
s$za <- (s$a - mean(s$a)) / sd(s$a); s$zb <- (s$b - mean(s$b)) / sd(s$b)
nx <- match(s$week + 1, s$week)
l <- data.frame(za = s$za, zb = s$zb, na = s$za[nx], nb = s$zb[nx])[!is.na(nx), ]
ma <- lm(na ~ za + zb, data = l); mb <- lm(nb ~ za + zb, data = l)
ca <- summary(ma)$coefficients; cb <- summary(mb)$coefficients
cat(format(c(ca[2, 1:2], ca[3, 1:2], cb[2, 1:2], cb[3, 1:2], nrow(l),
             cor(resid(ma), resid(mb)), confint(mb)[2, ]), digits = 15), "\n")
"""


@needs_r
@pytest.mark.parametrize("case", ["gaps", "a on a 0-100 scale", "a in millionths", "week 100 on"])
def test_the_weekly_lag_model_matches_lm(tmp_path: Path, case: str) -> None:
    """Thirty weeks with about one in seven missing for each partner (so lag pairs break at
    every gap), on the partners' own scales: every figure as R's lm gives it."""
    rng = np.random.default_rng(4)
    a, b = np.zeros(30), np.zeros(30)
    for t in range(1, 30):
        a[t] = 0.4 * a[t - 1] + 0.3 * b[t - 1] + rng.normal()
        b[t] = 0.2 * a[t - 1] + 0.5 * b[t - 1] + rng.normal()
    a = {"a on a 0-100 scale": 50 + 10 * a, "a in millionths": a * 1e-6}.get(case, a)
    weeks = np.arange(30) + (100 if case == "week 100 on" else 0)
    gone_a, gone_b = rng.random(30) < 0.15, rng.random(30) < 0.15
    series_a = {int(w): float(v) for w, v, gone in zip(weeks, a, gone_a, strict=True) if not gone}
    series_b = {int(w): float(v) for w, v, gone in zip(weeks, b, gone_b, strict=True) if not gone}
    lines = ["week,a,b"]
    for w in weeks:
        cells = [repr(s[int(w)]) if int(w) in s else "NA" for s in (series_a, series_b)]
        lines.append(f"{w},{cells[0]},{cells[1]}")
    (tmp_path / "weeks.csv").write_text("\n".join(lines) + "\n")
    (tmp_path / "var.R").write_text(VAR_R)
    argv = ["Rscript", str(tmp_path / "var.R"), str(tmp_path / "weeks.csv")]
    out = subprocess.run(argv, capture_output=True, text=True, check=True, timeout=120).stdout
    r = [float(v) for v in out.split()]
    fit = fit_couple(series_a, series_b)
    ours = [
        *(fit.auto_a.estimate, fit.auto_a.se, fit.b_to_a.estimate, fit.b_to_a.se),
        *(fit.a_to_b.estimate, fit.a_to_b.se, fit.auto_b.estimate, fit.auto_b.se),
        fit.n_pairs,
        fit.residual_correlation,
        fit.a_to_b.ci_low,
        fit.a_to_b.ci_high,
    ]
    assert ours == pytest.approx(r, abs=1e-12)
    assert fit.n_pairs < 29  # the gaps broke some pairs


@pytest.mark.parametrize("by", [1e-13, 1e-30, 1e13])
def test_a_weekly_series_in_tiny_units_is_not_called_constant(by: float) -> None:
    """Each series is standardised, so its units cannot matter; a floor of 1e-12 in absolute
    terms called a series in units of 1e-13 constant ("partner A's values do not vary")."""
    rng = np.random.default_rng(1)
    a = {week: float(v) for week, v in enumerate(rng.normal(size=20))}
    b = {week: float(v) for week, v in enumerate(rng.normal(size=20))}
    plain = fit_couple(a, b)
    scaled = fit_couple({week: v * by for week, v in a.items()}, b)
    assert scaled.a_to_b.estimate == pytest.approx(plain.a_to_b.estimate, abs=1e-12)
    assert scaled.auto_a.se == pytest.approx(plain.auto_a.se, abs=1e-12)
    couples = [({w: float(v) for w, v in enumerate(rng.normal(size=20))}, b) for _ in range(4)]
    plain_null = pseudo_couple_null(couples)
    scaled_null = pseudo_couple_null([({w: v * by for w, v in x.items()}, y) for x, y in couples])
    assert plain_null.n_skipped == scaled_null.n_skipped == 0
    assert scaled_null.a_to_b == pytest.approx(plain_null.a_to_b, abs=1e-12)
    with pytest.raises(ConstantSeries):
        fit_couple(dict.fromkeys(a, 3.3), b)


# --- diaries in which one partner hardly took part ---------------------------------------------


def partner_b_kept(rows_kept: int) -> Table:
    """30 couples × 10 days in which partner b gave an outcome on only the first
    ``rows_kept`` of b's rows (all in the first couple when fewer than 11)."""
    data = simulate_diary(30, 10, seed=3)
    y = data.column("y").astype(np.float64).copy()
    y[np.flatnonzero(data.column("role") == "b")[rows_kept:]] = np.nan
    return Table({**data.columns, "y": y})


@pytest.mark.parametrize(
    ("kept", "said"),
    [(0, "no person-day in role 'b' is usable"), (2, "only 2 person-days in role 'b' are usable")],
)
def test_a_diary_role_with_fewer_usable_days_than_effects_is_named(kept: int, said: str) -> None:
    """It said "the predictor does not vary enough", which was not the matter."""
    with pytest.raises(DiaryError, match=f"{said} .*too few for that role's 3 effects"):
        diary(partner_b_kept(kept), role="role")


@pytest.mark.parametrize(("kept", "said"), [(0, "no couple has"), (3, "only 1 couple has")])
def test_a_diary_with_fewer_than_two_couples_of_two_is_refused(kept: int, said: str) -> None:
    """With no couple in which both partners reported, the correlation of the partners' levels
    came out as 0.0000, the search's start, though nothing in the data bore on it."""
    for role in (None, "role") if kept else (None,):
        with pytest.raises(DiaryError, match=f"{said} usable days from both partners"):
            diary(partner_b_kept(kept), role=role)
    assert diary(partner_b_kept(11)).n_dyads == 30


def role_b_outcome(make: str) -> Table:
    data = simulate_diary(30, 10, seed=3)
    y = data.column("y").astype(np.float64).copy()
    b = data.column("role") == "b"
    y[b] = 4.0 if make == "constant" else 1.0 + 2.0 * data.column("x").astype(np.float64)[b]
    return Table({**data.columns, "y": y})


@pytest.mark.parametrize(
    ("make", "said"),
    [
        ("constant", "the outcome is the same for every person in role 'b'"),
        ("exact", "the predictors account exactly for the outcome of every person in role 'b'"),
    ],
)
def test_a_diary_role_whose_outcome_leaves_nothing_over_is_refused_in_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make: str, said: str
) -> None:
    """Partner b answered 4 every day: the command ended in a traceback, NumPy's "Eigenvalues
    did not converge". Without the role, one residual variance, the model still fits."""
    write_diary(role_b_outcome(make), tmp_path / "diary.csv")
    code = main(["diary", str(tmp_path / "diary.csv"), *DIARY, "--role", "role"])
    captured = capsys.readouterr()
    assert code == 2 and captured.out == ""
    assert said in captured.err and "Traceback" not in captured.err
    assert diary(role_b_outcome(make)).n_obs == 600


@needs_r
def test_nlme_cannot_fit_a_diary_role_whose_outcome_never_varies_either(tmp_path: Path) -> None:
    write_diary(role_b_outcome("constant"), tmp_path / "diary.csv")
    with pytest.raises(subprocess.CalledProcessError):
        run_nlme(tmp_path / "diary.csv", tmp_path)


# --- a diary whose two roles answer on different scales ----------------------------------------


def role_b_times(by: float) -> Table:
    data = simulate_diary(20, 8, seed=5, missing=0.1)
    y = data.column("y").astype(np.float64).copy()
    y[data.column("role") == "b"] *= by
    return Table({**data.columns, "y": y})


@pytest.mark.parametrize("by", [1e-4, 1e-2, 0.3, 3.0, 1e2, 1e4, 1e6])
@pytest.mark.parametrize("method", ["reml", "ml"])
def test_a_role_answering_on_another_scale_gives_the_same_model(by: float, method: str) -> None:
    """With roles, role b's outcome in other units changes only role b's effects and SDs, by
    the same factor. The search began at equal spreads and lost its way: role b in hundredths
    gave a likelihood below nlme's and a correlation of the levels of 0.99997 for 0.9939; in
    hundreds, no fit at all ("Eigenvalues did not converge")."""
    plain = diary(role_b_times(1.0), "role", method=method)
    scaled = diary(role_b_times(by), "role", method=method)
    assert scaled.variance.phi == pytest.approx(plain.variance.phi, abs=1e-6)
    assert scaled.variance.intercept_corr == pytest.approx(plain.variance.intercept_corr, abs=1e-5)
    for a, b in zip(plain.fixed, scaled.fixed, strict=True):
        factor = by if a.name.endswith("=b]") else 1.0
        assert b.estimate == pytest.approx(a.estimate * factor, rel=1e-5, abs=1e-9 * factor)
        assert b.se == pytest.approx(a.se * factor, rel=1e-5)
    assert scaled.variance.residual_sd["b"] == pytest.approx(
        plain.variance.residual_sd["b"] * by, rel=1e-6
    )
    assert scaled.variance.residual_sd["a"] == pytest.approx(
        plain.variance.residual_sd["a"], rel=1e-6
    )


@needs_r
@pytest.mark.parametrize("by", [1e-2, 1e-4, 1e2])
def test_a_role_answering_on_another_scale_matches_nlme_or_beats_it(
    tmp_path: Path, by: float
) -> None:
    """At nlme's own variance parameters our estimates are nlme's; at ours the likelihood is no
    lower than nlme's (with role b in ten-thousandths nlme stops 2.2 below the optimum)."""
    data = role_b_times(by)
    write_diary(data, tmp_path / "diary.csv")
    for row in compare(data, run_nlme(tmp_path / "diary.csv", tmp_path)):
        assert float(row["estimate_at_r"]) < 1e-9 * max(1.0, by), row
        assert float(row["se_at_r"]) < 1e-9 * max(1.0, by), row
        assert float(row["loglik_gain"]) > -1e-8, row


@pytest.mark.parametrize("role", [None, "role"])
def test_an_outcome_that_never_changes_within_a_person_is_refused_in_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], role: str | None
) -> None:
    """Each person gave one outcome every day (a trait asked daily): the person levels take it
    all and the daily variance runs to zero; the command ended in "Eigenvalues did not
    converge", with NumPy's warnings before it."""
    data = simulate_diary(20, 8, seed=5, missing=0.1)
    person = data.column("person")
    y = data.column("y").astype(np.float64).copy()
    for one in np.unique(person):
        y[person == one] = y[person == one][0]
    write_diary(Table({**data.columns, "y": y}), tmp_path / "diary.csv")
    argv = ["diary", str(tmp_path / "diary.csv"), *DIARY, *(["--role", role] if role else [])]
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "Traceback" not in captured.err
    assert "Warning" not in captured.err
    said = "every person in role 'a' gave" if role else "every person gave"
    assert f"{said} the same outcome on each of their days" in captured.err


@pytest.mark.parametrize(("apart", "noted"), [(1, False), (7, False), (999, True)])
def test_reports_far_apart_say_that_phi_is_unknown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], apart: int, noted: bool
) -> None:
    """Reports 999 days apart see phi only as phi to the 999th: the likelihood is flat, and the
    command printed the search's start, 0.0997, as if it were an estimate. Daily and weekly
    reports (phi to the 7th is 0.46 here) are told apart well enough."""
    data = simulate_diary(20, 8, seed=5, missing=0.1)
    spaced = Table({**data.columns, "day": data.column("day") * apart})
    write_diary(spaced, tmp_path / "diary.csv")
    assert main(["diary", str(tmp_path / "diary.csv"), *DIARY]) == 0
    out = capsys.readouterr().out
    said = f"note: a person's reports lie at least {apart} days apart"
    assert (said in out) == noted
    assert ("read its value as unknown" in out) == noted
    assert diary(spaced).days_apart == apart
