"""Alpha, omega, item–rest correlations and the reverse-key check, by hand and against psych."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from interdepend.core.psychometrics import (
    DegenerateItemError,
    PsychometricsError,
    UndefinedCorrelationError,
    cronbach_alpha,
    item_rest_correlations,
    omega_total,
    one_factor_loadings,
    pairwise_correlation,
    pairwise_covariance,
    recode_reverse,
    reliability,
)

# 12 respondents × 4 items on a 1–5 scale; item c is reverse-keyed.
SMALL = np.array(
    [
        [1, 2, 5, 1],
        [2, 2, 4, 3],
        [4, 5, 2, 4],
        [5, 4, 1, 4],
        [3, 3, 3, 2],
        [2, 1, 4, 2],
        [5, 5, 1, 4],
        [4, 5, 2, 5],
        [1, 2, 4, 2],
        [3, 3, 3, 2],
        [4, 3, 2, 5],
        [2, 2, 5, 1],
    ],
    dtype=float,
)
IDS = ["a", "b", "c", "d"]
REVERSE = [False, False, True, False]


def with_gaps() -> np.ndarray:
    gaps = SMALL.copy()
    gaps[1, 0] = gaps[4, 2] = gaps[8, 3] = np.nan
    return gaps


# --- by hand --------------------------------------------------------------------------------


def test_reverse_keyed_items_are_recoded_within_the_scale() -> None:
    recoded = recode_reverse([[2.0, 2.0], [7.0, np.nan]], [False, True], 1, 7)
    assert recoded[0].tolist() == [2.0, 6.0]
    assert recoded[1, 0] == 7.0
    assert np.isnan(recoded[1, 1])


def test_answers_outside_the_scale_are_refused() -> None:
    with pytest.raises(PsychometricsError, match="between 1 and 5"):
        recode_reverse([[0.0, 3.0]], [False, False], 1, 5)


def test_alpha_of_two_items_by_hand() -> None:
    # var a = var b = 1, cov = 0.5: alpha = 2 · (1 − 2 / 3) = 2/3.
    x = np.array([[1.0, 1.0], [2.0, 3.0], [3.0, 2.0]])
    cov, counts = pairwise_covariance(x)
    assert cov.tolist() == [[1.0, 0.5], [0.5, 1.0]]
    assert counts.tolist() == [[3, 3], [3, 3]]
    assert cronbach_alpha(cov) == pytest.approx(2 / 3)
    assert item_rest_correlations(cov).tolist() == pytest.approx([0.5, 0.5])


def test_standardized_alpha_is_the_spearman_brown_of_the_mean_correlation() -> None:
    r = np.full((5, 5), 0.3)
    np.fill_diagonal(r, 1.0)
    assert cronbach_alpha(r) == pytest.approx(5 * 0.3 / (1 + 4 * 0.3))


def test_omega_of_an_exact_one_factor_structure_by_hand() -> None:
    loadings = np.array([0.8, 0.7, 0.6])
    r = np.outer(loadings, loadings)
    np.fill_diagonal(r, 1.0)
    omega, fitted = omega_total(r)
    assert fitted == pytest.approx(loadings, abs=1e-9)
    # The total comes from psych's own one-factor fit (as omega(x, nfactors = 1)), which stops
    # within about 1e-8 of the exact loadings.
    assert omega == pytest.approx(2.1**2 / (2.1**2 + 1.51), abs=1e-7)  # 0.744932


def test_loadings_are_signed_to_sum_positive() -> None:
    r = np.array([[1.0, -0.5, -0.4], [-0.5, 1.0, 0.2], [-0.4, 0.2, 1.0]])
    assert one_factor_loadings(r).sum() > 0


def test_pairwise_correlation_uses_only_shared_answers() -> None:
    x = np.array([[1.0, 2.0], [2.0, 4.0], [3.0, 6.0], [10.0, np.nan]])
    assert pairwise_correlation(x)[0, 1] == pytest.approx(1.0)


def test_a_reverse_item_that_was_not_recoded_is_flagged() -> None:
    flags = [False, True, True, False]  # b is positively worded, wrongly marked reverse
    report = reliability(SMALL, IDS, flags, 1, 5)
    assert report.reverse_problems == ("b",)
    assert not report.reverse_keys_ok


def test_correct_keys_pass_the_reverse_check() -> None:
    report = reliability(SMALL, IDS, REVERSE, 1, 5)
    assert report.reverse_keys_ok
    assert [item.reverse for item in report.items] == REVERSE


def test_listwise_drops_incomplete_respondents() -> None:
    report = reliability(with_gaps(), IDS, REVERSE, 1, 5, missing="listwise")
    assert report.n_respondents == 9
    assert report.missing == "listwise"


def test_item_without_variance_is_named() -> None:
    x = SMALL.copy()
    x[:, 1] = 3.0
    assert reliability(x, IDS, REVERSE, 1, 5).left_out == ("b",)
    x[:, 2] = x[:, 3] = 2.0
    with pytest.raises(DegenerateItemError, match="same answer to b, c, d"):
        reliability(x, IDS, REVERSE, 1, 5)


def test_shape_errors() -> None:
    with pytest.raises(PsychometricsError, match="at least two items"):
        reliability(SMALL[:, :1], ["a"], [False], 1, 5)
    with pytest.raises(PsychometricsError, match="three respondents"):
        reliability(SMALL[:2], IDS, REVERSE, 1, 5)
    with pytest.raises(PsychometricsError, match="one flag per item"):
        reliability(SMALL, IDS, [False], 1, 5)


# --- against R's psych (2.2.9), recorded ----------------------------------------------------


def test_complete_data_matches_psych() -> None:
    # alpha(x), omega(x, nfactors = 1), fa(x, 1, fm = "minres") with item c recoded.
    report = reliability(SMALL, IDS, REVERSE, 1, 5)
    assert report.alpha == pytest.approx(0.953102453102, abs=1e-9)
    assert report.alpha_standardized == pytest.approx(0.95320604814, abs=1e-9)
    assert [i.item_rest_r for i in report.items] == pytest.approx(
        [0.926614926486, 0.842026761000, 0.948401413243, 0.829004834449], abs=1e-9
    )
    # psych's optimiser stops near 1e-7 of the minres optimum.
    assert report.omega_total == pytest.approx(0.954632729875, abs=1e-6)
    assert [i.loading for i in report.items] == pytest.approx(
        [0.962462898636, 0.862142209470, 0.988227715059, 0.846912956765], abs=1e-5
    )


def test_pairwise_missing_matches_psych() -> None:
    report = reliability(with_gaps(), IDS, REVERSE, 1, 5)
    assert report.alpha == pytest.approx(0.964171262587, abs=1e-9)
    assert report.alpha_standardized == pytest.approx(0.964027964807, abs=1e-9)
    assert report.items[2].item_rest_r == pytest.approx(1.007790723751, abs=1e-9)
    assert report.omega_total == pytest.approx(0.956551655352, abs=1e-6)


# --- live against R -------------------------------------------------------------------------

R_SCRIPT = r"""
suppressMessages(library(psych))
x <- read.csv(commandArgs(trailingOnly = TRUE)[1])
a <- alpha(x, check.keys = FALSE, warnings = FALSE)
o <- suppressWarnings(suppressMessages(omega(x, nfactors = 1, plot = FALSE)))
cat(format(c(a$total$raw_alpha, a$total$std.alpha, o$omega.tot, a$item.stats$r.drop),
           digits = 15), "\n")
"""


def psych_live(tmp_path: Path, answers: np.ndarray) -> list[float]:
    """psych's raw and standardised alpha, omega total and each r.drop, for these answers
    (columns i1, i2, ...; NaN written as NA)."""
    path = tmp_path / "answers.csv"
    header = ",".join(f"i{k + 1}" for k in range(answers.shape[1]))
    np.savetxt(path, answers, delimiter=",", fmt="%g", header=header, comments="")
    path.write_text(path.read_text().replace("nan", "NA"))
    script = tmp_path / "psych.R"
    script.write_text(R_SCRIPT)
    output = subprocess.run(
        ["Rscript", str(script), str(path)], capture_output=True, text=True, check=True, timeout=120
    ).stdout
    return [float(v) for v in output.split()]


@pytest.mark.skipif(shutil.which("Rscript") is None, reason="Rscript is not installed")
def test_matches_psych_live_on_random_answers(tmp_path: Path) -> None:
    rng = np.random.default_rng(31)
    loadings = np.array([0.8, 0.6, 0.7, 0.5, 0.4])
    factor = rng.normal(size=(150, 1))
    latent = factor * loadings + rng.normal(size=(150, 5)) * np.sqrt(1 - loadings**2)
    answers = np.clip(np.round(4 + 1.4 * latent), 1, 7)
    answers[rng.random(answers.shape) < 0.04] = np.nan
    alpha, std_alpha, omega, *r_drop = psych_live(tmp_path, answers)
    report = reliability(answers, ["i1", "i2", "i3", "i4", "i5"], [False] * 5, 1, 7)
    assert report.alpha == pytest.approx(alpha, abs=1e-9)
    assert report.alpha_standardized == pytest.approx(std_alpha, abs=1e-9)
    assert report.omega_total == pytest.approx(omega, abs=1e-5)
    assert [i.item_rest_r for i in report.items] == pytest.approx(r_drop, abs=1e-9)


def test_omega_total_turns_round_an_item_that_loads_against_the_others() -> None:
    """psych::omega(x, nfactors = 1) flips such an item before the sums (flip = TRUE): the
    total is that of the same answers with the item recoded, not lower for its sign."""
    rng = np.random.default_rng(5)
    factor = rng.normal(size=(400, 1))
    x = factor * np.array([0.8, 0.7, 0.6, 0.7]) + rng.normal(size=(400, 4)) * 0.6
    flipped = x.copy()
    flipped[:, 2] = -flipped[:, 2]
    as_given, _ = omega_total(np.corrcoef(flipped, rowvar=False))
    recoded, _ = omega_total(np.corrcoef(x, rowvar=False))
    assert as_given == pytest.approx(recoded, abs=1e-7)


def test_a_heywood_case_stops_at_a_loading_of_one() -> None:
    # Exactly identified: λ₁² = r₁₂ · r₁₃ / r₂₃ = 1.62 > 1.
    r = np.array([[1.0, 0.9, 0.9], [0.9, 1.0, 0.5], [0.9, 0.5, 1.0]])
    loadings = one_factor_loadings(r)
    assert np.abs(loadings).max() <= 1.0
    assert loadings[0] == pytest.approx(1.0, abs=1e-6)


def test_an_item_everyone_answered_alike_is_left_out_as_psych_alpha_drops_it() -> None:
    """psych::alpha deletes an item without variance (with a warning) and reports the rest."""
    rng = np.random.default_rng(9)
    factor = rng.normal(size=(120, 1))
    answers = np.clip(np.round(4 + 1.3 * (factor + rng.normal(size=(120, 4)))), 1, 7)
    with_flat = np.column_stack([answers[:, :2], np.full(120, 4.0), answers[:, 2:]])
    ids = ["a", "b", "flat", "c", "d"]
    report = reliability(with_flat, ids, [False] * 5, 1, 7)
    alone = reliability(answers, ["a", "b", "c", "d"], [False] * 4, 1, 7)
    assert report.left_out == ("flat",)
    assert report.n_items == 4 and [i.item_id for i in report.items] == ["a", "b", "c", "d"]
    assert report.alpha == pytest.approx(alone.alpha, abs=1e-12)
    assert report.omega_total == pytest.approx(alone.omega_total, abs=1e-12)
    two_flat = np.column_stack([answers[:, 0], np.full(120, 4.0), np.full(120, 2.0)])
    with pytest.raises(DegenerateItemError, match="fewer than two items"):
        reliability(two_flat, ["a", "flat", "flatter"], [False] * 3, 1, 7)


# --- small pilots with skipped items --------------------------------------------------------


def pilot() -> np.ndarray:
    """Six respondents; item b was answered only by the first three, who all gave a 4."""
    x = SMALL[:6].copy()
    x[:3, 0] = 4.0
    x[3:, 1] = np.nan
    return x


def test_two_items_without_a_correlation_are_named_not_a_traceback() -> None:
    """The gap in the correlation matrix used to end in LinAlgError from the omega fit."""
    with pytest.raises(UndefinedCorrelationError, match="items a and b have no correlation") as e:
        reliability(pilot(), IDS, REVERSE, 1, 5)
    assert "the 3 respondents who answered both gave a the same answer" in str(e.value)
    assert (e.value.items, e.value.flat, e.value.n) == (("a", "b"), "a", 3)
    assert isinstance(e.value, DegenerateItemError)


def test_listwise_says_too_few_answered_every_item() -> None:
    x = SMALL.copy()
    x[np.arange(10), np.arange(10) % 4] = np.nan  # only the last two answered everything
    with pytest.raises(PsychometricsError, match="fewer than three respondents answered every"):
        reliability(x, IDS, REVERSE, 1, 5, missing="listwise")


def test_items_answered_together_by_one_respondent_are_named() -> None:
    x = SMALL.copy()
    x[1:, 1] = np.nan  # one answer has no spread: left out, as psych deletes it
    report = reliability(x, IDS, REVERSE, 1, 5)
    assert report.unanswered == ("b",) and "b" not in [i.item_id for i in report.items]
    x = SMALL.copy()
    x[:6, 1] = np.nan
    x[5:, 3] = np.nan
    with pytest.raises(DegenerateItemError, match="items b and d were answered together by 0"):
        reliability(x, IDS, REVERSE, 1, 5)


@pytest.mark.skipif(shutil.which("Rscript") is None, reason="Rscript is not installed")
@pytest.mark.parametrize("flat", [False, True])
def test_a_scale_of_two_items_matches_psych_live(tmp_path: Path, flat: bool) -> None:
    """Two items that vary: one correlation for two loadings. The fit refused it with a
    traceback, on a two-item scale and on a three-item one with an item everyone answered alike
    (the statistics audit of 2026-12-02). The equal loadings are psych's (with complete answers
    omega total is then standardised alpha); alpha without an item is undefined (nan, null in
    JSON), and the table writes a dash."""
    rng = np.random.default_rng(12)
    factor = rng.normal(size=(90, 1))
    answers = np.clip(np.round(4 + 1.2 * (factor + rng.normal(size=(90, 2)))), 1, 7)
    answers[rng.random(answers.shape) < 0.05] = np.nan
    alpha, std_alpha, omega, *r_drop = psych_live(tmp_path, answers)
    given, ids = answers, ["i1", "i2"]
    if flat:
        given, ids = (
            np.column_stack([answers[:, 0], np.full(90, 4.0), answers[:, 1]]),
            [
                "i1",
                "flat",
                "i2",
            ],
        )
    report = reliability(given, ids, [False] * len(ids), 1, 7)
    assert report.left_out == (("flat",) if flat else ())
    assert report.alpha == pytest.approx(alpha, abs=1e-9)
    assert report.alpha_standardized == pytest.approx(std_alpha, abs=1e-9)
    assert report.omega_total == pytest.approx(omega, abs=1e-9)
    assert [i.item_rest_r for i in report.items] == pytest.approx(r_drop, abs=1e-9)
    assert all(np.isnan(i.alpha_if_dropped) for i in report.items)
    loadings = one_factor_loadings(np.array([[1.0, -0.36], [-0.36, 1.0]]))
    assert loadings.tolist() == pytest.approx([0.6, -0.6])
