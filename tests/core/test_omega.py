"""Omega hierarchical and omega total as ``psych::omega`` reports them (issue 17)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from interdepend.core.lbfgsb import minimize_in_box
from interdepend.core.psychometrics import (
    DegenerateItemError,
    PsychometricsError,
    minres_loadings,
    oblimin,
    omega,
    omega_from_answers,
    pairwise_correlation,
)

GENERAL = np.array([0.8, 0.7, 0.6])  # the general factor's loading on each group factor
PATTERN = np.array([0.7, 0.6, 0.5, 0.6, 0.7, 0.5, 0.6, 0.5, 0.7, 0.5, 0.6, 0.7])
GROUP = np.arange(12) // 4


def higher_order_correlations() -> np.ndarray:
    """12 items, 4 on each of 3 correlated factors that share one general factor."""
    loadings = np.zeros((12, 3))
    loadings[np.arange(12), GROUP] = PATTERN
    phi = np.outer(GENERAL, GENERAL)
    np.fill_diagonal(phi, 1.0)
    r = loadings @ phi @ loadings.T
    np.fill_diagonal(r, 1.0)
    return r


def simulate(seed: int, items: int, groups: int, n: int = 400) -> np.ndarray:
    """Answers 1–5 from a general factor and ``groups`` group factors, with 4 % missing."""
    rng = np.random.default_rng(seed)
    general = rng.normal(size=(n, 1))
    group = rng.normal(size=(n, groups))
    which = np.arange(items) % groups
    lg = 0.5 + rng.uniform(-0.1, 0.1, items)
    ls = 0.4 + rng.uniform(-0.1, 0.1, items)
    noise = rng.normal(size=(n, items)) * np.sqrt(1 - lg**2 - ls**2)
    answers = np.clip(np.round(3 + 1.2 * (general * lg + group[:, which] * ls + noise)), 1, 5)
    answers[rng.random(answers.shape) < 0.04] = np.nan
    return answers


# --- by hand --------------------------------------------------------------------------------


def test_a_higher_order_structure_is_recovered() -> None:
    # Schmid–Leiman: general loading λᵢγₖ, group loading λᵢ√(1 − γₖ²).
    r = higher_order_correlations()
    general = PATTERN * GENERAL[GROUP]
    group = PATTERN * np.sqrt(1 - GENERAL[GROUP] ** 2)
    hierarchical = general.sum() ** 2 / r.sum()  # 0.607138
    total = (general.sum() ** 2 + sum(group[k == GROUP].sum() ** 2 for k in range(3))) / r.sum()
    result = omega(r)
    # psych's optimiser and rotation stop a little short of the exact optimum: so does ours.
    assert result.hierarchical == pytest.approx(hierarchical, abs=1e-5)
    assert result.total == pytest.approx(total, abs=1e-7)
    assert result.general_loadings == pytest.approx(general, abs=1e-4)
    assert np.abs(result.group_loadings).max(axis=1) == pytest.approx(group, abs=1e-4)
    assert result.omega_limit == pytest.approx(result.hierarchical / result.total)
    assert result.keys == (1,) * 12
    assert result.rotation_converged and not result.heywood
    assert result.n_factors == 3


def test_items_running_the_other_way_are_turned_round_as_psych_does() -> None:
    r = higher_order_correlations()
    turn = np.ones(12)
    turn[[2, 7]] = -1
    turned = omega(r * np.outer(turn, turn))
    assert turned.keys == tuple(int(k) for k in turn)
    assert turned.hierarchical == pytest.approx(omega(r).hierarchical, abs=1e-6)
    assert min(turned.general_loadings) > 0


def test_two_factors_share_the_general_factor_equally() -> None:
    r = higher_order_correlations()[:8, :8]
    result = omega(r, nfactors=2)
    phi = result.factor_correlations[0][1]
    assert phi == pytest.approx(0.8 * 0.7, abs=1e-3)
    assert 0 < result.hierarchical < result.total < 1


def test_an_ultra_heywood_case_is_flagged_and_reported_as_psych_does() -> None:
    # One factor: λ₁² = 0.9 · 0.9 / 0.5 > 1. psych warns and reports these same figures.
    r = np.array([[1, 0.9, 0.9, 0.3], [0.9, 1, 0.5, 0.3], [0.9, 0.5, 1, 0.3], [0.3, 0.3, 0.3, 1]])
    result = omega(r, nfactors=1)
    assert result.heywood
    assert result.hierarchical == pytest.approx(0.836859692915292, abs=1e-9)
    assert result.total == pytest.approx(0.849666262348756, abs=1e-9)


def test_a_flat_optimum_stops_where_psych_stops() -> None:
    # Random answers: the minres optimum is flat and a uniqueness reaches its bound on the way.
    # psych 2.2.9 printed these; SciPy's L-BFGS-B (version 3.0) would give 0.198016 for ω_h.
    answers = np.random.default_rng(13).integers(1, 6, size=(200, 12)).astype(float)
    result = omega_from_answers(answers)
    assert result.hierarchical == pytest.approx(0.197854638516609, abs=1e-9)
    assert result.total == pytest.approx(0.246694455800003, abs=1e-9)


def test_answers_use_the_pairwise_correlations() -> None:
    answers = simulate(3, 12, 3, n=200)
    assert omega_from_answers(answers) == omega(pairwise_correlation(answers))


def test_refusals() -> None:
    with pytest.raises(PsychometricsError, match="square"):
        omega(np.ones((3, 4)))
    with pytest.raises(PsychometricsError, match="fewer factors than items"):
        omega(np.eye(3), nfactors=3)
    flat = simulate(4, 6, 3, n=50)
    flat[:, 2] = 3.0
    with pytest.raises(DegenerateItemError, match="columns 3 do not vary"):
        omega_from_answers(flat)


def test_oblimin_leaves_a_simple_structure_alone() -> None:
    loadings = np.array([[0.8, 0.0], [0.7, 0.0], [0.0, 0.6], [0.0, 0.9]])
    pattern, phi, converged = oblimin(loadings)
    assert converged
    assert pattern == pytest.approx(loadings)
    assert phi == pytest.approx(np.eye(2))


def test_minres_signs_each_factor_to_sum_positive() -> None:
    assert (minres_loadings(higher_order_correlations(), 3).sum(axis=0) > 0).all()


def test_the_box_search_stops_on_a_bound() -> None:
    result = minimize_in_box(
        lambda x: float(((x - 3.0) ** 2).sum()),
        lambda x: 2 * (x - 3.0),
        np.array([0.5, 0.5]),
        np.zeros(2),
        np.array([1.0, 5.0]),
    )
    assert result.converged
    assert result.x == pytest.approx([1.0, 3.0])


# --- live against R's psych -----------------------------------------------------------------

R_SCRIPT = r"""
suppressMessages(library(psych))
for (path in commandArgs(trailingOnly = TRUE)) {
  x <- read.csv(path)
  o <- suppressWarnings(suppressMessages(omega(x, plot = FALSE)))
  cat(format(c(o$omega_h, o$omega.tot, o$schmid$sl[, 1]), digits = 15), "\n")
}
"""


def write_csv(path: Path, answers: np.ndarray) -> Path:
    header = ",".join(f"i{j}" for j in range(answers.shape[1]))
    np.savetxt(path, answers, delimiter=",", fmt="%g", header=header, comments="")
    path.write_text(path.read_text().replace("nan", "NA"))
    return path


@pytest.mark.skipif(shutil.which("Rscript") is None, reason="Rscript is not installed")
def test_matches_psych_omega_live(tmp_path: Path) -> None:
    answers = [
        simulate(11, 12, 3),  # 12 items, a general and three group factors
        simulate(12, 16, 4),  # 16 items, four group factors, psych's default of three
        np.random.default_rng(13).integers(1, 6, size=(200, 12)).astype(float),  # no structure
    ]
    answers[1][:, [2, 9]] = 6 - answers[1][:, [2, 9]]  # two items worded the other way
    paths = [str(write_csv(tmp_path / f"a{i}.csv", a)) for i, a in enumerate(answers)]
    script = tmp_path / "omega.R"
    script.write_text(R_SCRIPT)
    output = subprocess.run(
        ["Rscript", str(script), *paths], capture_output=True, text=True, check=True, timeout=180
    ).stdout.splitlines()
    assert len(output) == 3
    for line, data in zip(output, answers, strict=True):
        hierarchical, total, *general = (float(v) for v in line.split())
        ours = omega_from_answers(data)
        # Measured: within 4e-10 of psych 2.2.9 (the same path through the same optimiser).
        assert ours.hierarchical == pytest.approx(hierarchical, abs=1e-6)
        assert ours.total == pytest.approx(total, abs=1e-6)
        assert ours.general_loadings == pytest.approx(general, abs=1e-5)


SWEEP_SCRIPT = r"""
suppressMessages(library(psych))
a <- commandArgs(trailingOnly = TRUE)
for (i in seq(1, length(a), 2)) {
  o <- suppressWarnings(suppressMessages(
    omega(read.csv(a[i]), nfactors = as.integer(a[i + 1]), plot = FALSE)))
  cat(format(c(o$omega_h, o$omega.tot), digits = 15), "\n")
}
"""


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("Rscript") is None, reason="Rscript is not installed")
def test_matches_psych_omega_on_forty_varied_scales(tmp_path: Path) -> None:
    # 6–30 items, 60–800 people, 2–5 factors; random answers, structured ones, with gaps.
    rng = np.random.default_rng(2026)
    cases = []
    for k in range(40):
        items, n = int(rng.integers(6, 31)), int(rng.integers(60, 800))
        nfactors = min(int(rng.integers(2, 6)), items - 2)
        if k % 3 == 0:
            answers = rng.integers(1, 8, size=(n, items)).astype(float)
        else:
            answers = simulate(int(rng.integers(10**6)), items, int(rng.integers(2, 6)), n=n)
        cases.append((write_csv(tmp_path / f"s{k}.csv", answers), nfactors, answers))
    script = tmp_path / "sweep.R"
    script.write_text(SWEEP_SCRIPT)
    arguments = [str(v) for path, nfactors, _ in cases for v in (path, nfactors)]
    output = subprocess.run(
        ["Rscript", str(script), *arguments],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    ).stdout.splitlines()
    assert len(output) == len(cases)
    for line, (_, nfactors, answers) in zip(output, cases, strict=True):
        hierarchical, total = (float(v) for v in line.split())
        ours = omega_from_answers(answers, nfactors)
        assert ours.hierarchical == pytest.approx(hierarchical, abs=1e-6)
        assert ours.total == pytest.approx(total, abs=1e-6)
