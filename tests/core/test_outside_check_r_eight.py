"""The research commands on files as real tools write them, held live against R reading the
same file the way an R user would (the command-line audit of 2026-12-05, ``clifiles``): Excel's
"CSV UTF-8" (byte-order mark, CRLF, a comment over two lines, empty columns after the last),
its semicolon files, R's own ``write.csv`` (row names in a first column with no name), pandas'
``to_csv`` (its index, ``nan``, ``NaN``, blank cells), SPSS's ``.`` and a tab-separated file;
and a file of 100,000 people. ``apim`` against ``nlme::gls``, ``psychometrics`` against
``psych::alpha``, ``validate`` against ``lavaan::cfa`` and ``diary`` against ``nlme::lme``."""

from __future__ import annotations

import csv
import json
import math
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from interdepend.cli import main
from interdepend.core.cfa import intended_structure
from interdepend.core.dyadic import Table, load_csv
from interdepend.core.instrument import load_builtin, load_instrument
from tests.core.apim_r import needs_r, run_script
from tests.core.test_cli_real_files import (
    APIM,
    INVENTORY,
    WRITERS,
    Rows,
    answers,
    as_excel_semicolons,
    couples,
)
from tests.core.test_outside_check_r import lavaan, our_name
from tests.core.test_outside_check_r_three import fewer_scales, lavaan_figures, perception_answers

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

from compare_diary_nlme import compare, run_nlme  # noqa: E402
from simulate_diary import simulate_diary, write_diary  # noqa: E402

#: How an R user reads each tool's file: the call's arguments after the path.
R_READS = {
    "excel": 'read.csv(f, fileEncoding = "UTF-8-BOM")',
    "excel-semicolons": 'read.csv2(f, dec = ".", fileEncoding = "UTF-8-BOM")',
    "r-write-csv": "read.csv(f)",
    "pandas": 'read.csv(f, na.strings = c("nan", "NaN", ""), strip.white = TRUE)',
    "spss": 'read.csv(f, na.strings = ".")',
    "tsv": "read.delim(f)",
}

#: nlme::gls of the file as ``R_READS`` reads it: the partner's predictor by couple (and role,
#: the other row of the couple, NA when there is none), one intercept, actor and partner effect
#: or, with a role, one per role with varIdent. Prints "name estimate se", rho, loglik, nobs.
GLS_R = r"""
suppressMessages(library(nlme))
a <- commandArgs(trailingOnly = TRUE)
f <- a[1]
d <- eval(parse(text = a[2]))
d$.d <- d[[a[3]]]; d$.y <- d[[a[4]]]; d$.x <- d[[a[5]]]
d$.n <- ave(seq_len(nrow(d)), d$.d, FUN = seq_along)
key <- paste(d$.d, d$.n)
d$.xp <- d$.x[match(paste(d$.d, 3 - d$.n), key)]
ctl <- glsControl(tolerance = 1e-14, msTol = 1e-14, msMaxIter = 1000, maxIter = 500,
                  opt = "optim")
cs <- corCompSymm(form = ~ 1 | .d)
m <- if (a[6] == "-") {
  gls(.y ~ .x + .xp, data = d, correlation = cs, method = "REML", na.action = na.omit,
      control = ctl)
} else {
  d$.r <- factor(d[[a[6]]])
  gls(.y ~ 0 + .r + .r:.x + .r:.xp, data = d, correlation = cs, method = "REML",
      weights = varIdent(form = ~ 1 | .r), na.action = na.omit, control = ctl)
}
tt <- summary(m)$tTable
for (k in seq_len(nrow(tt))) cat(rownames(tt)[k], format(tt[k, 1:2], digits = 15), "\n")
cat("rho", format(coef(m$modelStruct$corStruct, unconstrained = FALSE), digits = 15), "\n")
cat("loglik", format(as.numeric(logLik(m)), digits = 15), "\n")
cat("nobs", length(m$fitted), "\n")
"""


def gls(tmp: Path, path: Path, kind: str, columns: list[str], role: str | None) -> dict[str, Any]:
    out = run_script(tmp, GLS_R, str(path), R_READS[kind], *columns, role or "-")
    return {line.split()[0]: [float(v) for v in line.split()[1:]] for line in out.splitlines()}


def assert_same_fit(ours: dict[str, Any], r: dict[str, Any], role: str | None) -> None:
    for name, (estimate, se) in ((k, v) for k, v in r.items() if k[0] in "(."):
        effect = ours["fixed"][our_name(name, role)]
        assert effect["estimate"] == pytest.approx(estimate, rel=1e-6, abs=1e-9), name
        assert effect["se"] == pytest.approx(se, rel=1e-6), name
    assert ours["rho"] == pytest.approx(r["rho"][0], abs=1e-6)
    assert ours["loglik"] == pytest.approx(r["loglik"][0], abs=1e-6)
    # No lower than R's, but for rounding: a sum over 100,000 people is exact to about 1e-12.
    assert ours["loglik"] > r["loglik"][0] - max(1e-9, 1e-12 * abs(r["loglik"][0]))
    assert ours["n_obs"] == r["nobs"][0]


def command_json(argv: list[str], capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    code = main(argv)
    out, err = capsys.readouterr()
    assert code == 0, err
    data: dict[str, Any] = json.loads(out)
    return data


@needs_r
@pytest.mark.parametrize("role", [None, "gender"])
@pytest.mark.parametrize("kind", sorted(WRITERS))
def test_apim_on_each_tools_file_matches_gls_reading_it(
    acitelli_csv: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    kind: str,
    role: str | None,
) -> None:
    """Couple 3 with no outcome, 13 couples with one; R's row names and pandas' index were
    refused before (a first column with no name)."""
    path = WRITERS[kind](tmp_path / f"{kind}.csv", couples(acitelli_csv))
    argv = ["apim", str(path), *APIM, "--json", *(["--role", role] if role else [])]
    ours = command_json(argv, capsys)
    assert (ours["n_obs"], ours["n_incomplete_dyads"], ours["n_dyads_left_out"]) == (281, 13, 1)
    r = gls(tmp_path, path, kind, ["cuplid", "satisfaction", "other_pos"], role)
    assert_same_fit(ours, r, role)


@needs_r
@pytest.mark.parametrize("kind", ["excel", "r-write-csv", "pandas"])
def test_apim_with_partners_absent_from_the_file_matches_gls(
    acitelli_csv: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    """Three people whose partner has no row at all, beside the missing outcomes: each enters
    with no partner's value, so gls leaves them out, and so do we, counting them."""
    header, rows = couples(acitelli_csv)
    kept = [r for k, r in enumerate(rows) if k not in {40, 101, 203}]
    path = WRITERS[kind](tmp_path / f"{kind}.csv", (header, kept))
    ours = command_json(["apim", str(path), *APIM, "--json"], capsys)
    assert ours["n_lone_members"] == 3
    r = gls(tmp_path, path, kind, ["cuplid", "satisfaction", "other_pos"], None)
    assert_same_fit(ours, r, None)


# --- 100,000 people ---------------------------------------------------------------------


def hundred_thousand(path: Path) -> Path:
    """50,000 couples as Excel writes a semicolon file (byte-order mark, CRLF, two empty
    columns after the last), one outcome in 37 left blank."""
    rng = np.random.default_rng(1)
    n = 50_000
    x = rng.normal(size=(n, 2))
    e = rng.multivariate_normal([0, 0], [[1, 0.4], [0.4, 1]], size=n)
    y = 0.5 + 0.4 * x + 0.2 * x[:, ::-1] + e
    rows: list[list[str | None]] = []
    for i in range(n):
        for j in range(2):
            outcome = None if (2 * i + j) % 37 == 0 else repr(float(y[i, j]))
            rows.append([str(i + 1), str(j), repr(float(x[i, j])), outcome])
    return as_excel_semicolons(path, (["dyad", "role", "x", "y"], rows))


@pytest.mark.slow
@needs_r
def test_a_file_of_100000_people_matches_gls(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = hundred_thousand(tmp_path / "big.csv")
    argv = ["apim", str(path), "--dyad", "dyad", "--outcome", "y", "--actor", "x", "--json"]
    ours = command_json(argv, capsys)
    assert ours["n_obs"] == 100_000 - math.ceil(100_000 / 37)
    r = gls(tmp_path, path, "excel-semicolons", ["dyad", "y", "x"], None)
    assert_same_fit(ours, r, None)


# --- psychometrics against psych::alpha ------------------------------------------------------

#: psych::alpha of each scale's items of the file as ``R_READS`` reads it, the reverse-keyed
#: items named; prints "scale raw_alpha std.alpha" and then "scale r.drop...".
ALPHA_R = r"""
suppressMessages(library(psych))
a <- commandArgs(trailingOnly = TRUE)
f <- a[1]
d <- eval(parse(text = a[2]))
for (spec in a[-(1:2)]) {
  parts <- strsplit(spec, "=")[[1]]
  items <- strsplit(parts[2], ",")[[1]]
  keys <- if (length(parts) > 2) strsplit(parts[3], ",")[[1]] else NULL
  al <- suppressWarnings(suppressMessages(alpha(d[, items], keys = keys, warnings = FALSE)))
  cat(parts[1], format(c(al$total$raw_alpha, al$total$std.alpha), digits = 15), "\n")
  cat(parts[1], format(al$item.stats$r.drop, digits = 15), "\n")
}
"""


@needs_r
@pytest.mark.parametrize("kind", sorted(WRITERS))
def test_psychometrics_on_each_tools_file_matches_psych(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    path = WRITERS[kind](tmp_path / f"{kind}.csv", answers())
    ours = command_json(["psychometrics", str(path), "--instrument", INVENTORY, "--json"], capsys)
    instrument = load_builtin(INVENTORY)
    specs = []
    for scale in instrument.scales:
        items = [i for i in instrument.items if i.scale_id == scale.id]
        keys = ",".join(i.id for i in items if i.reverse)
        specs.append(f"{scale.id}={','.join(i.id for i in items)}" + (f"={keys}" if keys else ""))
    out = run_script(tmp_path, ALPHA_R, str(path), R_READS[kind], *specs).splitlines()
    for head, drops in zip(out[0::2], out[1::2], strict=True):
        name, raw, std = head.split()
        assert ours[name]["alpha"] == pytest.approx(float(raw), abs=1e-9)
        assert ours[name]["alpha_standardized"] == pytest.approx(float(std), abs=1e-9)
        rest = [item["item_rest_r"] for item in ours[name]["items"].values()]
        assert rest == pytest.approx([float(v) for v in drops.split()[1:]], abs=1e-9)


# --- validate against lavaan ------------------------------------------------------------------


@needs_r
@pytest.mark.parametrize("kind", ["excel", "r-write-csv", "pandas"])
def test_validate_on_each_tools_file_matches_lavaan(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    """The partner-perception form's two scales, answered by 200 people with a role column."""
    recoded = perception_answers(tmp_path / "answers.csv")
    with (tmp_path / "answers.csv").open(newline="") as handle:
        header, *body = csv.reader(handle)
    cells: list[list[str | None]] = [list(r) for r in body]
    rows: Rows = (header, cells)
    path = WRITERS[kind](tmp_path / f"{kind}.csv", rows)
    form = fewer_scales(tmp_path, ("self", "bond"))
    out = tmp_path / "validity.json"
    assert main(["validate", str(path), "--instrument", str(form), "--json", str(out)]) == 0
    capsys.readouterr()
    intended = json.loads(out.read_text())["models"][0]
    structure = intended_structure(load_instrument(form))
    expected = lavaan(tmp_path, recoded, structure)
    assert lavaan_figures(intended) == pytest.approx(expected, abs=1e-4)


# --- diary against nlme::lme ------------------------------------------------------------------


def diary_rows(table: Table) -> Rows:
    columns = [table.column(n) for n in table.names]
    rows: list[list[str | None]] = []
    for row in zip(*columns, strict=True):
        cells: list[str | None] = []
        for value in row:
            if isinstance(value, float | np.floating):
                cells.append(None if np.isnan(value) else repr(float(value)))
            else:
                cells.append(str(value))
        rows.append(cells)
    return list(table.names), rows


@needs_r
@pytest.mark.parametrize("kind", ["excel", "r-write-csv", "pandas", "spss"])
def test_diary_on_each_tools_file_matches_nlme(tmp_path: Path, kind: str) -> None:
    """Days left out, and 5 % of the outcomes of the days kept blank."""
    table = simulate_diary(30, 10, missing=0.1, missing_outcome=0.05, seed=4)
    write_diary(table, tmp_path / "plain.csv")
    path = WRITERS[kind](tmp_path / f"{kind}.csv", diary_rows(table))
    for row in compare(load_csv(path), run_nlme(tmp_path / "plain.csv", tmp_path)):
        assert float(row["estimate"]) < 1e-6, row
        assert float(row["se"]) < 1e-6, row
        assert float(row["loglik_gain"]) > -1e-9, row
