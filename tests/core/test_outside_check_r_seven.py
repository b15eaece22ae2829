"""The statistics held against R an eighth time (the statistics audit of 2026-12-05, ``stats7``),
for the commands checked least: ``validate`` given an item whose answers follow exactly from
others' (lavaan stops with "sample covariance matrix is not positive-definite", we said only
that "some items" were "an exact combination of others", naming none, and when rounding hid
it fitted the noise); the counts of respondents in ``validate``'s sentences, which read "1
respondent(s)"; a scale of one item, which ``psychometrics`` left out without a word where
psych's alpha stops; a role written a third way; and ``apim-power`` against a simulation drawn
and fitted in R."""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

import numpy as np
import pytest

from interdepend.cli import main
from interdepend.core.cfa import (
    DegenerateItem,
    InvarianceNotTestable,
    NotEnoughRows,
    fit_cfa,
    fit_invariance,
    simple_structure,
)
from tests.core.apim_r import needs_r
from tests.core.apim_r import run_script as run_r
from tests.core.test_outside_check_r_three import fewer_scales, perception_answers

# --- an item whose answers follow from others' ------------------------------------------------


def copied_column(folder: Path, target: str, source: str) -> Path:
    """The perception answers with ``target``'s column replaced by ``source``'s."""
    perception_answers(folder / "answers.csv")
    with (folder / "answers.csv").open(newline="") as handle:
        header, *rows = csv.reader(handle)
    at, fro = header.index(target), header.index(source)
    for row in rows:
        row[at] = row[fro]
    path = folder / "copied.csv"
    with path.open("w", newline="") as handle:
        csv.writer(handle).writerows([header, *rows])
    return path


LAVAAN_SINGULAR = r"""
suppressPackageStartupMessages(library(lavaan))
d <- read.csv(commandArgs(TRUE)[1]); d$pp03 <- 8 - d$pp03; d$pp06 <- 8 - d$pp06
m <- "self =~ pp01 + pp02 + pp03\nbond =~ pp04 + pp05 + pp06"
cat(tryCatch({cfa(m, data = d, std.lv = TRUE); "fitted"}, error = conditionMessage), "\n")
"""


@needs_r
def test_an_item_that_repeats_another_is_named_with_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """pp02's column pasted over with pp01's: lavaan refuses the answers, and so do we, but we
    said only "the answers to some items are an exact combination of others", which left the
    researcher to find which of 6 (or 52) columns to look at."""
    path = copied_column(tmp_path, "pp02", "pp01")
    assert "not positive-definite" in run_r(tmp_path, LAVAAN_SINGULAR, str(path))
    form = fewer_scales(tmp_path, ("self", "bond"))
    assert main(["validate", str(path), "--instrument", str(form)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "the answers to pp02 follow exactly from those to pp01" in captured.err
    assert "some items" not in captured.err and "Traceback" not in captured.err


LAVAAN_ONE_FACTOR = r"""
suppressPackageStartupMessages(library(lavaan))
d <- read.csv(commandArgs(TRUE)[1])
cat(tryCatch({cfa("f =~ a + b + c + d", data = d, std.lv = TRUE); "fitted"},
             warning = conditionMessage, error = conditionMessage), "\n")
"""


@needs_r
def test_an_item_made_of_two_others_is_named_with_both(tmp_path: Path) -> None:
    """A total entered as a statement: the answers to c are those to a and b added up. The
    determinant of their covariances is rounding noise of the right sign, so we fitted it: a
    chi-square of 1387.04 on 2 df, a loading of 1.24 and a note that the model did not settle,
    with nothing said of c. lavaan searches too and warns that no solution was found."""
    structure = simple_structure("four", {"f": ["a", "b", "c", "d"]})
    rng = np.random.default_rng(7)
    x = rng.integers(1, 8, size=(60, 4)).astype(float)
    x[:, 2] = x[:, 0] + x[:, 1]
    path = tmp_path / "sum.csv"
    np.savetxt(path, x, delimiter=",", header="a,b,c,d", comments="", fmt="%g")
    assert "solution has NOT been found" in run_r(tmp_path, LAVAAN_ONE_FACTOR, str(path))
    with pytest.raises(DegenerateItem, match=r"^the answers to c are an exact combination of "):
        fit_cfa(x, structure)
    with pytest.raises(DegenerateItem, match="those to a and b$"):
        fit_cfa(x, structure)
    # A constant shift or a change of units is still the same answers.
    x[:, 2] = 8 - 2 * x[:, 3]
    with pytest.raises(DegenerateItem, match="^the answers to d follow exactly from those to c$"):
        fit_cfa(x, structure)


def test_items_that_correlate_very_highly_are_still_fitted() -> None:
    """Only answers that follow exactly are refused: d is c plus a little of its own."""
    structure = simple_structure("four", {"f": ["a", "b", "c", "d"]})
    rng = np.random.default_rng(9)
    common = rng.normal(size=(200, 1))
    x = common + rng.normal(size=(200, 4))
    x[:, 3] = x[:, 2] + 0.01 * rng.normal(size=200)
    assert np.corrcoef(x[:, 2], x[:, 3])[0, 1] > 0.9999
    fit = fit_cfa(x, structure)
    assert fit.fit.df == 2


def test_barely_more_people_than_items_are_not_taken_for_items_that_follow_from_others() -> None:
    """Twelve items answered at random by thirteen people leave a small least eigenvalue, but
    none of rounding's size: the model is fitted (and is flagged if improper), not refused."""
    structure = simple_structure("twelve", {"f": [f"i{k}" for k in range(12)]})
    for seed in range(5):
        x = np.random.default_rng(seed).integers(1, 8, size=(13, 12)).astype(float)
        assert fit_cfa(x, structure).fit.n == 13


def test_within_one_group_the_item_that_repeats_another_is_named() -> None:
    structure = simple_structure("four", {"f": ["a", "b", "c", "d"]})
    rng = np.random.default_rng(8)
    x = rng.integers(1, 8, size=(80, 4)).astype(float)
    groups = np.array(["x", "y"] * 40)
    x[groups == "y", 3] = x[groups == "y", 1]
    with pytest.raises(
        InvarianceNotTestable, match="within role 'y', the answers to d follow exactly from those"
    ):
        fit_invariance(x, groups, structure, column="role")


# --- counts said as they are read -------------------------------------------------------------


def test_one_respondent_is_not_counted_as_respondent_s() -> None:
    structure = simple_structure("four", {"f": ["a", "b", "c", "d"]})
    x = np.full((5, 4), np.nan)
    x[0] = [1, 2, 3, 4]
    with pytest.raises(NotEnoughRows, match=r"^1 respondent answered every item; a model of 4 "):
        fit_cfa(x, structure)
    x[1] = [2, 2, 3, 4]
    with pytest.raises(NotEnoughRows, match=r"^2 respondents answered every item"):
        fit_cfa(x, structure)


def test_the_heading_of_validate_counts_the_respondents_and_the_one_left_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    perception_answers(tmp_path / "answers.csv", n=40)
    lines = (tmp_path / "answers.csv").read_text().splitlines()
    cells = lines[5].split(",")
    cells[3] = ""
    lines[5] = ",".join(cells)
    (tmp_path / "answers.csv").write_text("\n".join(lines) + "\n")
    form = fewer_scales(tmp_path, ("self", "bond"))
    assert main(["validate", str(tmp_path / "answers.csv"), "--instrument", str(form)]) == 0
    out = capsys.readouterr().out
    assert (
        "Factor models use the 39 respondents who answered every item; 1 with a missing answer "
        "is left out (listwise)." in out
    )
    assert "(s)" not in out


# --- a scale of one item ----------------------------------------------------------------------


def one_item_form(folder: Path, *, both: bool = False) -> Path:
    """The two-scale form with pp05 and pp06 moved to Self, so Bond keeps pp04 alone; with
    ``both``, Self keeps pp01 alone too."""
    text = fewer_scales(folder, ("self", "bond")).read_text(encoding="utf-8")
    for item in ("pp05", "pp06"):
        text = text.replace(
            f'id = "{item}"\nscale = "bond"\nfacet = "partner_bond"',
            f'id = "{item}"\nscale = "self"\nfacet = "partner_self"',
        )
    text = text.replace("reverse_share_min = 0.25", "reverse_share_min = 0.0")
    if both:
        head, *blocks = text.split("\n[[")
        gone = ("pp02", "pp03", "pp05", "pp06")
        text = "\n[[".join([head, *(b for b in blocks if not any(f'"{i}"' in b for i in gone))])
    path = folder / "one_item.toml"
    path.write_text(text, encoding="utf-8")
    return path


PSYCH_ONE_ITEM = r"""
suppressMessages(library(psych))
d <- read.csv(commandArgs(TRUE)[1])
cat(tryCatch({suppressWarnings(alpha(d[, "pp04", drop = FALSE])); "fitted"},
             error = function(e) "error"), "\n")
"""


@needs_r
@pytest.mark.parametrize("as_json", [False, True])
def test_a_scale_of_one_item_is_said_to_be_left_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], as_json: bool
) -> None:
    """psych's alpha stops with an error on one item; we left the scale out of the report
    without a word, so a reader saw one scale where the form has two."""
    perception_answers(tmp_path / "answers.csv")
    assert run_r(tmp_path, PSYCH_ONE_ITEM, str(tmp_path / "answers.csv")).strip() == "error"
    form = one_item_form(tmp_path)
    argv = ["psychometrics", str(tmp_path / "answers.csv"), "--instrument", str(form)]
    assert main([*argv, *(["--json"] if as_json else [])]) == 0
    captured = capsys.readouterr()
    assert (
        "note: bond is not reported: it has one item (pp04), and alpha, omega and item-rest "
        "correlations need at least two" in captured.err
    )
    if as_json:
        assert list(json.loads(captured.out)) == ["self"]
    else:
        assert "self: 5 items" in captured.out and "note" not in captured.out


def test_a_form_whose_scales_all_have_one_item_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every scale one item: we printed a title and nothing under it, with status 0."""
    perception_answers(tmp_path / "answers.csv")
    form = one_item_form(tmp_path, both=True)
    argv = ["psychometrics", str(tmp_path / "answers.csv"), "--instrument", str(form)]
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "self is not reported: it has one item (pp01)" in captured.err
    assert "bond is not reported: it has one item (pp04)" in captured.err
    assert "Traceback" not in captured.err


def test_validate_names_the_one_item_of_a_scale_it_cannot_fit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """We said "factor 'bond' needs at least two items", leaving the researcher to find which
    item the form gave it."""
    perception_answers(tmp_path / "answers.csv")
    form = one_item_form(tmp_path)
    assert main(["validate", str(tmp_path / "answers.csv"), "--instrument", str(form)]) == 2
    captured = capsys.readouterr()
    assert "factor 'bond' has one item (pp04); a factor needs at least two" in captured.err
    assert captured.out == "" and "Traceback" not in captured.err


# --- a role written a third way -------------------------------------------------------------


@pytest.mark.parametrize(
    ("rows", "said"),
    [
        ([4], "'c' is on row 5 (line 6 of the file); only the invariance step"),
        (
            [4, 9, 10, 30, 31],
            "'c' is on row 5 (line 6 of the file), row 10 (line 11 of the file), row 11 "
            "(line 12 of the file) and 2 other rows;",
        ),
    ],
)
def test_a_role_written_a_third_way_is_found_for_the_reader(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], rows: list[int], said: str
) -> None:
    """One slip in 200 roles ('c' for 'a') was refused as "found 3: 'a', 'b', 'c'", leaving
    the reader to search the file for the row."""
    perception_answers(tmp_path / "answers.csv")
    lines = (tmp_path / "answers.csv").read_text().splitlines()
    for row in rows:
        lines[row + 1] = lines[row + 1][:-1] + "c"
    (tmp_path / "answers.csv").write_text("\n".join(lines) + "\n")
    form = fewer_scales(tmp_path, ("self", "bond"))
    assert main(["validate", str(tmp_path / "answers.csv"), "--instrument", str(form)]) == 2
    err = capsys.readouterr().err
    assert "found 3: 'a', 'b', 'c'" in err and said in err
    assert "'a' is on" not in err and "'b' is on" not in err


# --- power, simulated here and in R -----------------------------------------------------------

#: The design of ``apim-power`` drawn in R with R's own random numbers (predictors and
#: residuals each correlated within the couple, the outcome's variance 1) and fitted by gls.
R_POWER = r"""
suppressMessages(library(nlme))
a <- as.numeric(commandArgs(TRUE)); set.seed(a[8])
n <- a[1]; b_a <- a[2]; b_p <- a[3]; rx <- a[4]; re <- a[5]; R <- a[6]; alpha <- a[7]
ve <- 1 - (b_a^2 + b_p^2 + 2 * b_a * b_p * rx)
hits <- c(0, 0); fitted <- 0
for (k in 1:R) {
  z1 <- rnorm(n); z2 <- rx * z1 + sqrt(1 - rx^2) * rnorm(n)
  e1 <- rnorm(n); e2 <- re * e1 + sqrt(1 - re^2) * rnorm(n)
  d <- data.frame(dyad = rep(1:n, 2), x = c(z1, z2), xp = c(z2, z1))
  d$y <- b_a * d$x + b_p * d$xp + sqrt(ve) * c(e1, e2)
  m <- try(gls(y ~ x + xp, data = d, correlation = corCompSymm(form = ~ 1 | dyad)), TRUE)
  if (inherits(m, "try-error")) next
  fitted <- fitted + 1
  hits <- hits + (summary(m)$tTable[c("x", "xp"), 4] < alpha)
}
cat(hits / fitted, fitted, "\n")
"""


@needs_r
def test_power_agrees_with_a_simulation_drawn_and_fitted_in_r(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An outside check of the whole of ``apim-power``, its drawing as well as its fits: the
    same design simulated with R's random numbers and fitted by gls gives powers within Monte
    Carlo error of ours (here 4 standard errors of the difference of two independent runs).
    Ten thousand replications of 40 distinguishable couples each (the report of 2026-12-05)
    agreed within 1.2 such errors."""
    design = ["30", "0.3", "0.15", "0.3", "0.4"]
    reps = 400
    r_out = run_r(tmp_path, R_POWER, *design, str(reps), "0.05", "5").split()
    r_actor, r_partner, r_fitted = float(r_out[0]), float(r_out[1]), int(r_out[2])
    assert r_fitted == reps
    argv = ["apim-power", "--dyads", "30", "--actor", "0.3", "--partner", "0.15"]
    argv += ["--rho-x", "0.3", "--rho-e", "0.4", "--replications", str(reps), "--json"]
    assert main(argv) == 0
    (result,) = json.loads(capsys.readouterr().out)["results"]
    assert result["failed"] == 0
    for name, theirs in (("actor", r_actor), ("partner", r_partner)):
        ours = result["effects"][name]["power"]
        both = math.sqrt(ours * (1 - ours) / reps + theirs * (1 - theirs) / reps)
        assert abs(ours - theirs) < 4 * both, (name, ours, theirs)
        # And both sit near the large-sample power, which is a little high at 30 couples.
        assert abs(theirs - result["effects"][name]["analytic"]) < 0.1


@pytest.mark.parametrize("rows", ["none", "roles blank"])
def test_a_role_column_without_values_is_said_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], rows: str
) -> None:
    """A header alone, or every role left blank, was refused as "found 0: ;" (an export of
    the answers before any couple consented is a header alone)."""
    perception_answers(tmp_path / "answers.csv")
    lines = (tmp_path / "answers.csv").read_text().splitlines()
    if rows == "none":
        lines = lines[:1]
    else:
        lines = [lines[0], *(line.rsplit(",", 1)[0] + "," for line in lines[1:])]
    (tmp_path / "answers.csv").write_text("\n".join(lines) + "\n")
    form = fewer_scales(tmp_path, ("self", "bond"))
    assert main(["validate", str(tmp_path / "answers.csv"), "--instrument", str(form)]) == 2
    err = capsys.readouterr().err
    assert "found 0" not in err and "Traceback" not in err
    if rows == "none":
        assert "the file has a header but no rows of answers" in err
    else:
        assert "the 'role' column has no value in any row (blank or NA counts as missing)" in err
