"""The APIM on incomplete dyads, live against nlme::gls(..., na.action = na.omit)."""

from __future__ import annotations

import json
import math
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from interdepend.cli import main
from interdepend.core.apim import fit_apim
from interdepend.core.dyadic import Table
from tests.core.apim_r import agreement, run_r, simulate, with_missing, write_csv

TOLERANCE = 1e-6

R_FITS = r"""
for (method in c("REML", "ML")) {
  fit(paste0("ind_", method), y ~ x + x_P + c, method, FALSE)
  fit(paste0("dis_", method), y ~ r0 + r1 + r0:x + r1:x + r0:x_P + r1:x_P + r0:c + r1:c - 1,
      method, TRUE)
}
"""


@pytest.fixture(scope="module")
def incomplete() -> Table:
    return Table.from_columns(with_missing(simulate(150, seed=18, rho=-0.3), seed=5))


def test_counts_of_complete_and_incomplete_dyads(incomplete: Table) -> None:
    result = fit_apim(incomplete, dyad="couple", outcome="y", actor="x", covariates=["c"])
    y = incomplete.numeric("y", allow_missing=True)
    assert result.n_incomplete_dyads > 10
    assert result.n_complete_dyads + result.n_incomplete_dyads == result.n_dyads
    assert result.n_obs == 2 * result.n_complete_dyads + result.n_incomplete_dyads
    assert result.n_people_left_out == incomplete.n_rows - result.n_obs
    assert result.n_people_left_out >= int(np.isnan(y).sum())
    assert result.n_lone_members == 6  # 300 people less 6 removed leave 6 partners alone
    data = result.to_dict()
    assert data["n_incomplete_dyads"] == result.n_incomplete_dyads
    assert data["n_lone_members"] == 6


def test_complete_data_give_the_same_fit_as_before() -> None:
    # No missing value: every dyad complete, nothing left out.
    data = Table.from_columns(simulate(80, seed=3))
    result = fit_apim(data, dyad="couple", outcome="y", actor="x")
    assert (result.n_complete_dyads, result.n_incomplete_dyads, result.n_people_left_out) == (
        80,
        0,
        0,
    )


def test_available_rows_beat_dropping_couples_when_missingness_follows_the_partner() -> None:
    # The second partner's outcome goes missing more often when the first partner's outcome is
    # high (missing at random given what was seen). Fitting every available person stays near
    # the truth (actor 0.4, intercept 1.0); keeping whole couples only does not.
    actor_all, actor_whole, intercept_whole = [], [], []
    for seed in range(6):
        full = simulate(1500, seed=100 + seed, rho=0.5, sds=(1.0, 1.0))
        rng = np.random.default_rng(seed)
        y = full["y"].reshape(-1, 2)
        y[rng.random(1500) < 0.6 / (1 + np.exp(-3 * (y[:, 0] - 1.5))), 1] = math.nan
        result = fit_apim(Table.from_columns(full), dyad="couple", outcome="y", actor="x")
        actor_all.append(result.effect("actor").estimate)
        whole = ~np.isnan(y).any(axis=1).repeat(2)
        listwise = Table.from_columns({k: v[whole] for k, v in full.items()})
        fit = fit_apim(listwise, dyad="couple", outcome="y", actor="x")
        actor_whole.append(fit.effect("actor").estimate)
        intercept_whole.append(fit.effect("intercept").estimate)
    assert abs(np.mean(actor_all) - 0.4) < 0.01
    assert abs(np.mean(actor_whole) - 0.4) > 0.02
    assert abs(np.mean(intercept_whole) - 1.0) > 0.05


@pytest.mark.skipif(shutil.which("Rscript") is None, reason="Rscript is not installed")
def test_matches_r_gls_with_na_omit_for_both_dyad_types(incomplete: Table, tmp_path: Path) -> None:
    path = tmp_path / "incomplete.csv"
    write_csv({n: incomplete.numeric(n, allow_missing=True) for n in incomplete.names}, path)
    fits = {
        f"{kind}_{method.upper()}": fit_apim(
            incomplete,
            dyad="couple",
            outcome="y",
            actor="x",
            covariates=["c"],
            role="role" if kind == "dis" else None,
            method=method,
        )
        for kind in ("ind", "dis")
        for method in ("reml", "ml")
    }
    own, held = agreement(fits, run_r(R_FITS, path, tmp_path, fits))
    print("\nlargest absolute differences from gls at its optimum:", own)
    print("largest absolute differences from gls at our theta:", held)
    assert own["nobs"] == 0
    for name, value in held.items():
        assert value < TOLERANCE, name
    for name in ("estimate", "se", "loglik", "rho", "sd"):
        assert own[name] < TOLERANCE, name


# --- the command line -----------------------------------------------------------------------


def test_cli_reports_what_entered_and_what_was_left_out(
    incomplete: Table, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "incomplete.csv"
    write_csv({n: incomplete.numeric(n, allow_missing=True) for n in incomplete.names}, path)
    fit = fit_apim(incomplete, dyad="couple", outcome="y", actor="x")
    argv = ["apim", str(path), "--dyad", "couple", "--outcome", "y", "--actor", "x"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert (
        f"{fit.n_dyads} dyads, {fit.n_obs} people ({fit.n_complete_dyads} dyads with both "
        f"members, {fit.n_incomplete_dyads} with one)"
    ) in out
    missing = fit.n_people_left_out - 6
    assert (
        f"left out: {fit.n_people_left_out} people ({missing} with a missing value and 6 with no "
        "partner row in the file)"
    ) in out
    assert main([*argv, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["n_complete_dyads"] == fit.n_complete_dyads
    assert data["n_incomplete_dyads"] == fit.n_incomplete_dyads
    assert data["n_people_left_out"] == fit.n_people_left_out
    assert data["fixed"]["actor"]["estimate"] == pytest.approx(fit.effect("actor").estimate)


def test_cli_still_refuses_a_non_number(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "text.csv"
    path.write_text("d,y,x\n1,1,2\n1,NA,3\n2,3,1\n2,1,many\n3,2,2\n3,1,1\n")
    code = main(["apim", str(path), "--dyad", "d", "--outcome", "y", "--actor", "x"])
    out, err = capsys.readouterr()
    assert code == 2
    assert "column 'x', row 4 (line 5 of the file): 'many' is not a number" in err
    assert out == ""


# --- a missing-value code left in the file ---------------------------------------------------

R_CODED = r"""
suppressMessages(library(nlme))
d <- read.csv(commandArgs(trailingOnly = TRUE)[1])
d$x_P <- d$x[match(paste(d$couple, 1 - d$role), paste(d$couple, d$role))]
m <- gls(y ~ x + x_P, data = d, correlation = corCompSymm(form = ~ 1 | couple),
         na.action = na.omit,
         control = glsControl(opt = "optim", tolerance = 1e-12, msTol = 1e-12, maxIter = 500))
cat(format(coef(m), digits = 15), "\n")
"""


@pytest.mark.skipif(shutil.which("Rscript") is None, reason="Rscript is not installed")
def test_a_code_such_as_minus_99_is_fitted_as_r_fits_it_and_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The statistics audit of 2026-12-04: -99 left for a missing outcome moved every estimate
    with not a word. It is still a number, as R reads it, but a note now names it."""
    columns = simulate(60, seed=31)
    columns["y"][[4, 17]] = -99.0
    columns["x"][9] = 999.0
    path = tmp_path / "coded.csv"
    write_csv(columns, path)
    argv = ["apim", str(path), "--dyad", "couple", "--outcome", "y", "--actor", "x", "--json"]
    assert main(argv) == 0
    out, err = capsys.readouterr()
    fixed = json.loads(out)["fixed"]  # standard output stays JSON
    script = tmp_path / "coded.R"
    script.write_text(R_CODED)
    printed = subprocess.run(
        ["Rscript", str(script), str(path)], capture_output=True, text=True, check=True, timeout=120
    ).stdout.split()
    ours = [fixed[name]["estimate"] for name in ("intercept", "actor", "partner")]
    assert ours == pytest.approx([float(v) for v in printed], abs=1e-6)
    assert (
        "note: column 'y' holds -99 in 2 rows, first at row 5 (line 6 of the file), far from "
        "its other values"
    ) in err
    assert "note: column 'x' holds 999 at row 10 (line 11 of the file)" in err
    assert "if it marks a missing value, empty those cells or write NA" in err


def test_no_note_for_values_of_the_column_s_own_spread(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    columns = simulate(40, seed=32)
    columns["x"] = columns["x"] * 4  # about -9 to 9: a -9 is one of its values, not a code
    columns["x"][3] = -9.0
    path = tmp_path / "plain.csv"
    write_csv(columns, path)
    assert main(["apim", str(path), "--dyad", "couple", "--outcome", "y", "--actor", "x"]) == 0
    assert "note: column" not in capsys.readouterr().err
