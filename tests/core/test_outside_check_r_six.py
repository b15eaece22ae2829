"""The statistics held against R a seventh time (the statistics audit of 2026-12-05, ``stats6``),
finishing what the sixth left: predictors that nearly repeat one another, where R and we print
estimates in the hundreds of thousands that differ from each other and mean nothing; a header
name with a space at its end; a row of separators alone, which R reads as a row of missing
values; and an outcome the same for both partners of every couple, where the fit has no best
point and R goes on past where we stop."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest

from interdepend.cli import main
from interdepend.core.apim import ILL_CONDITIONED, ROUNDING_MATTERS, fit_apim
from interdepend.core.diary import fit_diary
from interdepend.core.dyadic import DyadicDataError, load_csv
from tests.core.apim_r import APIM, acitelli_rows, needs_r, write_rows
from tests.core.apim_r import run_script as run_r

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

from simulate_diary import simulate_diary, write_diary  # noqa: E402


def figures(text: str) -> dict[str, list[float]]:
    return {name: [float(v) for v in values] for name, *values in map(str.split, text.splitlines())}


# --- predictors that nearly repeat one another ----------------------------------------------


def with_near_copy(acitelli_csv: str, path: Path, noise: float) -> Path:
    """The Acitelli couples with ``x2``: other_pos plus noise of SD ``noise``."""
    header, rows = acitelli_rows(acitelli_csv)
    rng = np.random.default_rng(1)
    at = header.index("other_pos")
    copied = [[*r, repr(float(r[at]) + noise * rng.normal())] for r in rows]
    return write_rows(path, [*header, "x2"], copied)


R_NEAR = r"""
suppressMessages(library(nlme))
d <- read.csv(commandArgs(TRUE)[1])
d$x_P <- d$other_pos[match(paste(d$cuplid, -d$gender), paste(d$cuplid, d$gender))]
m <- gls(satisfaction ~ other_pos + x_P + x2, data = d,
  correlation = corCompSymm(form = ~ 1 | cuplid))
cat("actor", format(coef(m)[["other_pos"]], digits = 15), "\n")
cat("x2", format(coef(m)[["x2"]], digits = 15), "\n")
"""


@needs_r
@pytest.mark.parametrize("as_json", [False, True])
def test_predictors_that_nearly_repeat_one_another_are_said_to(
    acitelli_csv: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], as_json: bool
) -> None:
    """`--covariate x2` with x2 = other_pos + noise of 1e-7: we printed an actor effect near
    -600,000, R's gls one of its own size but another figure, and neither said a word."""
    path = with_near_copy(acitelli_csv, tmp_path / "near.csv", 1e-7)
    r = figures(run_r(tmp_path, R_NEAR, str(path)))
    argv = ["apim", str(path), *APIM, "--covariate", "x2", *(["--json"] if as_json else [])]
    assert main(argv) == 0
    out = capsys.readouterr().out
    ours = fit_apim(
        load_csv(path), dyad="cuplid", outcome="satisfaction", actor="other_pos", covariates="x2"
    )
    # Both programs' figures are huge, and they differ: neither is to be trusted.
    assert abs(ours.effect("actor").estimate) > 1e4
    assert abs(r["actor"][0]) > 1e4
    assert ours.effect("actor").estimate != pytest.approx(r["actor"][0], rel=1e-3)
    assert ours.ill_conditioned
    assert ours.condition_number > 1e6
    if as_json:
        data = json.loads(out)
        assert data["ill_conditioned"] is True
        assert data["condition_number"] > 1e6
        assert data["nearly_collinear"] == ["actor", "x2"]
    else:
        assert "note: actor and x2 nearly repeat one another (condition number " in out
        assert (
            "above 30), so the data can hardly tell their effects apart: a small change in the "
            "data can move these estimates a long way, and their standard errors are many times "
            "what they would be apart; at this size even how a program rounds moves them, and "
            "another program may print quite different ones. Leave one of them out, or combine "
            "them into one score"
        ) in out


def test_with_roles_the_effects_that_repeat_one_another_are_named_in_each_role(
    acitelli_csv: str, tmp_path: Path
) -> None:
    """Each role's pair of effects nearly repeats; the note named one role's pair alone."""
    path = with_near_copy(acitelli_csv, tmp_path / "near.csv", 1e-7)
    fit = fit_apim(
        load_csv(path),
        dyad="cuplid",
        outcome="satisfaction",
        actor="other_pos",
        covariates="x2",
        role="gender",
    )
    assert fit.nearly_collinear == (
        "actor[gender=-1]",
        "actor[gender=1]",
        "x2[gender=-1]",
        "x2[gender=1]",
    )


@needs_r
def test_predictors_close_but_not_that_close_get_the_note_without_the_word_on_rounding(
    acitelli_csv: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Noise of 0.01: the effects are hard to tell apart, but the arithmetic holds, and R
    prints the same estimates: the note says the first and not the second."""
    path = with_near_copy(acitelli_csv, tmp_path / "close.csv", 0.01)
    r = figures(run_r(tmp_path, R_NEAR, str(path)))
    assert main(["apim", str(path), *APIM, "--covariate", "x2", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert ILL_CONDITIONED < data["condition_number"] < ROUNDING_MATTERS
    assert data["fixed"]["actor"]["estimate"] == pytest.approx(r["actor"][0], rel=1e-6)
    assert data["fixed"]["x2"]["estimate"] == pytest.approx(r["x2"][0], rel=1e-6)
    assert main(["apim", str(path), *APIM, "--covariate", "x2"]) == 0
    out = capsys.readouterr().out
    assert "note: actor and x2 nearly repeat one another" in out
    assert "what they would be apart. Leave one of them out" in out
    assert "how a program rounds" not in out


def test_predictors_apart_enough_give_no_such_note(
    acitelli_csv: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Noise of SD 1 leaves x2 its own predictor: no note, and the Acitelli fits stay as they
    were, well inside the threshold."""
    path = with_near_copy(acitelli_csv, tmp_path / "apart.csv", 1.0)
    assert main(["apim", str(path), *APIM, "--covariate", "x2"]) == 0
    assert "nearly repeat" not in capsys.readouterr().out
    for role, covariates in ((None, ()), ("gender", ("Yearsmar",))):
        fit = fit_apim(
            load_csv(acitelli_csv),
            dyad="cuplid",
            outcome="satisfaction",
            actor="other_pos",
            role=role,
            covariates=covariates,
        )
        assert fit.condition_number < 2 < ILL_CONDITIONED
        assert not fit.ill_conditioned
        assert fit.nearly_collinear == ()
    assert fit_apim(
        load_csv(acitelli_csv), dyad="cuplid", outcome="satisfaction", actor="other_pos"
    ).effect("actor").estimate == pytest.approx(0.40043, abs=1e-5)


@pytest.mark.parametrize("role", [None, "gender"])
def test_a_moderator_far_from_zero_is_not_taken_for_effects_that_repeat_one_another(
    acitelli_csv: str, role: str | None
) -> None:
    """Actor × self_pos moves with the actor when neither is centred (self_pos runs from 1 to
    5): the design's condition number was 36.6 and the fit got the note, though the estimates
    are R's and centring the two takes it away. The number is now taken with the products
    formed from centred columns."""
    fit = fit_apim(
        load_csv(acitelli_csv),
        dyad="cuplid",
        outcome="satisfaction",
        actor="other_pos",
        moderator="self_pos",
        role=role,
    )
    assert fit.condition_number < 2
    assert not fit.ill_conditioned


def test_a_mediator_that_nearly_repeats_x_is_said_to_in_the_model_of_y(
    acitelli_csv: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    header, rows = acitelli_rows(acitelli_csv)
    rng = np.random.default_rng(1)
    at = header.index("other_pos")
    near = [[*r, repr(float(r[at]) + 1e-4 * rng.normal())] for r in rows]
    path = write_rows(tmp_path / "med.csv", [*header, "m2"], near)
    argv = ["apim-mediation", str(path), "--dyad", "cuplid", "--x", "other_pos", "--m", "m2"]
    argv += ["--y", "satisfaction", "--bootstrap", "0"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert (
        "note (in the model of Y): m2, m2 (the partner's), other_pos and other_pos (the "
        "partner's) nearly repeat one another (condition number "
    ) in out
    assert "in the model of M" not in out
    assert main([*argv, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["mediator_model"]["ill_conditioned"] is False
    assert data["outcome_model"]["ill_conditioned"] is True
    assert data["outcome_model"]["nearly_collinear"] == [
        "actor",
        "partner",
        "other_pos",
        "other_pos_partner",
    ]


def test_a_partner_whose_daily_report_all_but_repeats_the_persons_is_said_to(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_diary(simulate_diary(30, 10, missing=0.0, seed=2), tmp_path / "d.csv")
    header, rows = acitelli_rows(str(tmp_path / "d.csv"))
    rng = np.random.default_rng(3)
    first = {(r[0], r[3]): r[4] for r in rows if r[2] == "a"}
    for r in rows:
        if r[2] == "b":
            r[4] = repr(float(first[(r[0], r[3])]) + 1e-7 * rng.normal())
    path = write_rows(tmp_path / "near.csv", header, rows)
    argv = ["diary", str(path), "--dyad", "dyad", "--person", "person", "--day", "day"]
    argv += ["--outcome", "y", "--actor", "x"]
    assert main(argv) == 0
    assert "note: actor and partner nearly repeat one another" in capsys.readouterr().out
    assert main([*argv, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["ill_conditioned"], data["nearly_collinear"]) == (True, ["actor", "partner"])
    plain = fit_diary(
        load_csv(tmp_path / "d.csv"),
        dyad="dyad",
        person="person",
        day="day",
        outcome="y",
        actor="x",
    )
    assert not plain.ill_conditioned and plain.to_dict()["nearly_collinear"] == []


# --- a header name with spaces at its ends --------------------------------------------------

R_TRIMMED = r"""
suppressMessages(library(nlme))
d <- read.csv(commandArgs(TRUE)[1], check.names = FALSE)
names(d) <- trimws(names(d))
d$x_P <- d$other_pos[match(paste(d$cuplid, -d$gender), paste(d$cuplid, d$gender))]
m <- gls(satisfaction ~ other_pos + x_P, data = d, correlation = corCompSymm(form = ~ 1 | cuplid))
cat("actor", format(coef(m)[["other_pos"]], digits = 15), "\n")
cat("loglik", format(as.numeric(logLik(m)), digits = 15), "\n")
"""


@needs_r
def test_a_name_with_spaces_at_its_ends_is_the_name_without_them(
    acitelli_csv: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    header, rows = acitelli_rows(acitelli_csv)
    spaced = [
        {"satisfaction": "satisfaction ", "other_pos": " other_pos"}.get(n, n) for n in header
    ]
    path = write_rows(tmp_path / "spaced.csv", spaced, rows)
    r = figures(run_r(tmp_path, R_TRIMMED, str(path)))
    assert main(["apim", str(path), *APIM, "--json"]) == 0
    ours = json.loads(capsys.readouterr().out)
    assert ours["fixed"]["actor"]["estimate"] == pytest.approx(r["actor"][0], rel=1e-6)
    assert ours["loglik"] == pytest.approx(r["loglik"][0], abs=1e-6)


@pytest.mark.parametrize("spelling", ["satisfaction ", " satisfaction", "\tsatisfaction"])
def test_two_names_that_differ_only_by_spaces_at_their_ends_are_refused_as_such(
    acitelli_csv: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], spelling: str
) -> None:
    """The refusal said "the header repeats the column name 'satisfaction'", of a header that
    does not, as it is seen in a spreadsheet."""
    header, rows = acitelli_rows(acitelli_csv)
    at = header.index("satisfaction")
    path = write_rows(tmp_path / "twice.csv", [*header, spelling], [[*r, r[at]] for r in rows])
    assert main(["apim", str(path), *APIM]) == 2
    err = capsys.readouterr().err
    assert (
        f"the header has 'satisfaction' and {spelling!r}, which differ only by spaces at the "
        "start or end; those spaces are dropped when a column is looked for, so the two would "
        "be one name: rename one of them in the header"
    ) in err
    with pytest.raises(DyadicDataError, match="repeats the column name 'x'"):
        (tmp_path / "same.csv").write_text("x,x\n1,2\n")
        load_csv(tmp_path / "same.csv")


# --- a row of separators alone --------------------------------------------------------------

R_ROWS = r"""
suppressMessages(library(nlme))
d <- read.csv(commandArgs(TRUE)[1])
cat("rows", nrow(d), "\n")
d$x_P <- d$other_pos[match(paste(d$cuplid, -d$gender), paste(d$cuplid, d$gender))]
m <- gls(satisfaction ~ other_pos + x_P, data = d, na.action = na.omit,
  correlation = corCompSymm(form = ~ 1 | cuplid))
cat("nobs", length(m$fitted), "\n")
cat("loglik", format(as.numeric(logLik(m)), digits = 15), "\n")
"""


@needs_r
@pytest.mark.parametrize("as_json", [False, True])
def test_rows_of_separators_alone_are_skipped_and_counted(
    acitelli_csv: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], as_json: bool
) -> None:
    """Two rows of ',,,,,,,' (and a blank line): R reads 298 rows, two of them missing, and
    fits 296; we skipped the two with no word, so the files' row counts disagreed unexplained."""
    header, rows = acitelli_rows(acitelli_csv)
    empty = "," * (len(header) - 1)
    lines = [",".join(header), *(",".join(r) for r in rows[:4]), empty, "", " ," + empty[1:]]
    path = tmp_path / "gaps.csv"
    path.write_text("\n".join([*lines, *(",".join(r) for r in rows[4:])]) + "\n")
    r = figures(run_r(tmp_path, R_ROWS, str(path)))
    assert r["rows"] == [298.0]
    assert main(["apim", str(path), *APIM, *(["--json"] if as_json else [])]) == 0
    captured = capsys.readouterr()
    assert (
        f"note: {path}: 2 rows held nothing but separators (lines 6 and 8 of the file), as a "
        "spreadsheet leaves where a row's values were deleted, and were skipped as blank lines "
        "are; the rows counted here leave them out"
    ) in captured.err
    if as_json:
        assert json.loads(captured.out)["n_obs"] == r["nobs"][0] == 296
    else:
        assert "148 dyads, 296 people" in captured.out
    assert load_csv(path).separator_rows == (6, 8)
    assert load_csv(acitelli_csv).separator_rows == ()


def test_one_row_of_separators_is_said_in_the_singular(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "one.csv"
    path.write_text("d,y\n1,2\n,\n1,3\n")
    assert main(["nonindependence", str(path), "--dyad", "d", "--variable", "y"]) in (0, 1, 2)
    assert "1 row held nothing but separators (line 3 of the file)" in capsys.readouterr().err


# --- the same outcome for both partners of every couple -------------------------------------

R_SAME = r"""
suppressMessages(library(nlme))
d <- read.csv(commandArgs(TRUE)[1])
d$x_P <- d$other_pos[match(paste(d$cuplid, -d$gender), paste(d$cuplid, d$gender))]
m <- gls(satisfaction ~ other_pos + x_P, data = d, correlation = corCompSymm(form = ~ 1 | cuplid))
cat("rho", format(coef(m$modelStruct$corStruct, unconstrained = FALSE), digits = 15), "\n")
cat("loglik", format(as.numeric(logLik(m)), digits = 15), "\n")
cat("se", format(summary(m)$tTable["other_pos", 2], digits = 15), "\n")
w <- d[d$gender == -1, ]
o <- summary(lm(satisfaction ~ I(other_pos + x_P), data = w))$coefficients
cat("couple", format(o[2, 1:2], digits = 15), "\n")
"""


def _wives_outcome_for_both(acitelli_csv: str, tmp_path: Path) -> Path:
    """Each wife's satisfaction given to her husband too, plus noise of 1e-6."""
    header, rows = acitelli_rows(acitelli_csv)
    at = header.index("satisfaction")
    wife = {r[0]: float(r[at]) for r in rows if r[2] == "-1"}
    rng = np.random.default_rng(1)
    shared = [[*r[:at], repr(wife[r[0]] + 1e-6 * rng.normal()), *r[at + 1 :]] for r in rows]
    return write_rows(tmp_path / "shared.csv", header, shared)


@needs_r
def test_an_outcome_shared_by_the_partners_is_said_to_belong_to_the_couple(
    acitelli_csv: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each wife's satisfaction given to her husband too, plus noise of 1e-6: R's gls goes on to
    rho = 1 and a log-likelihood of 1669 where ours stops at 1161, and both give SEs that count
    each couple's one outcome twice. The note spoke of "less trustworthy" standard errors and
    of a chi2 that is "a floor", and said nothing of what to do."""
    path = _wives_outcome_for_both(acitelli_csv, tmp_path)
    r = figures(run_r(tmp_path, R_SAME, str(path)))
    assert main(["apim", str(path), *APIM, "--json"]) == 0
    ours = json.loads(capsys.readouterr().out)
    assert ours["rho_at_bound"] is True
    assert r["rho"][0] == pytest.approx(1.0, abs=1e-9)
    assert r["loglik"][0] > ours["loglik"] + 100  # R's is "better": no better a fit
    # The estimate is the couple-level one; neither program's SE is that regression's.
    actor = ours["fixed"]["actor"]
    assert actor["estimate"] == pytest.approx(r["couple"][0], rel=1e-5)
    assert actor["se"] < 0.8 * r["couple"][1]
    assert r["se"][0] != pytest.approx(r["couple"][1], rel=0.05)
    assert main(["apim", str(path), *APIM]) == 0
    out = capsys.readouterr().out
    assert (
        "note: the partners' residuals correlate at the edge of what is possible: within every "
        "couple the outcome is (nearly) the same, or the opposite, once the predictors are "
        "taken into account, so the nearer rho comes to 1, the better the model fits, with no "
        "best point the arithmetic can reach. The search stopped near that edge; R's gls stops "
        "with an error there, or goes on to rho = 1 with a log-likelihood of its own, higher or "
        "lower, that is no better a fit. Either way the estimates, standard errors, p values "
        "and intervals above, and the tests below, cannot be relied on: they come from a fit "
        "with no best point, and take what is one value per couple for two. Such an outcome "
        "belongs to the couple: fit it once per couple, with one row per couple and both "
        "partners' predictor values as its predictors (in R, lm(y ~ x_1 + x_2))"
    ) in out
    assert out.index("note: the partners'") < out.index("test of rho = 0")


R_SAME_ROLES = r"""
suppressMessages(library(nlme))
d <- read.csv(commandArgs(TRUE)[1])
d$x_P <- d$other_pos[match(paste(d$cuplid, -d$gender), paste(d$cuplid, d$gender))]
d$h <- as.numeric(d$gender == 1); d$w <- 1 - d$h
m <- gls(satisfaction ~ 0 + w + h + w:other_pos + h:other_pos + w:x_P + h:x_P, data = d,
  correlation = corCompSymm(form = ~ 1 | cuplid), weights = varIdent(form = ~ 1 | gender))
cat("rho", format(coef(m$modelStruct$corStruct, unconstrained = FALSE), digits = 15), "\n")
cat("loglik", format(as.numeric(logLik(m)), digits = 15), "\n")
w <- d[d$gender == -1, ]
o <- summary(lm(satisfaction ~ other_pos + x_P, data = w))$coefficients
cat("couple", format(o[2:3, 1], digits = 15), "\n")
"""


@needs_r
def test_with_roles_r_reports_a_lower_likelihood_at_the_same_edge(
    acitelli_csv: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With `--role gender`, R's gls goes on to rho = 1 too, with a lower log-likelihood than
    ours: the note says "higher or lower", and the note comes all the same."""
    path = _wives_outcome_for_both(acitelli_csv, tmp_path)
    r = figures(run_r(tmp_path, R_SAME_ROLES, str(path)))
    assert main(["apim", str(path), *APIM, "--role", "gender", "--json"]) == 0
    ours = json.loads(capsys.readouterr().out)
    assert ours["rho_at_bound"] is True
    assert r["rho"][0] == pytest.approx(1.0, abs=1e-9)
    assert r["loglik"][0] < ours["loglik"]
    wives = [ours["fixed"]["actor[gender=-1]"], ours["fixed"]["partner[gender=-1]"]]
    assert [e["estimate"] for e in wives] == pytest.approx(r["couple"], rel=1e-4)
    assert main(["apim", str(path), *APIM, "--role", "gender"]) == 0
    assert "goes on to rho = 1 with a log-likelihood of its own, higher or lower" in (
        capsys.readouterr().out
    )
