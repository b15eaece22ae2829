"""The statistics held against R once more, on ground the first outside check did not cover (the
statistics audit of 2026-12-04, third round): factor models with an item in other units, ...
Each either matches R to a stated tolerance or is refused in our own words."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from interdepend.core.cfa import CfaFit, DegenerateItem, fit_cfa, fit_invariance
from tests.core.test_outside_check_r import FOUR_SCALES, four_scale_answers, lavaan

needs_r = pytest.mark.skipif(shutil.which("Rscript") is None, reason="Rscript is not installed")


# --- a factor model with an item in other units -------------------------------------------


def figures(fit: CfaFit) -> list[float]:
    """The fit indices and standardized loadings, in the order ``lavaan`` prints them."""
    f = fit.fit
    head = [f.chi_square, f.df, f.cfi, f.tli, f.rmsea, f.rmsea_low, f.rmsea_high, f.srmr]
    return head + [loading.standardized for loading in fit.loadings]


def in_other_units(answers: np.ndarray, first: float, sixth: float) -> np.ndarray:
    """The first item times ``first`` plus 1000, the sixth times ``sixth``."""
    x = answers.copy()
    x[:, 0] = x[:, 0] * first + 1000
    x[:, 5] = x[:, 5] * sixth
    return x


@needs_r
def test_an_item_in_thousands_fits_as_lavaan_fits_it(tmp_path: Path) -> None:
    """One item in thousands beside fifteen answered 1 to 7: the search stopped with χ² 115.76
    where lavaan (and the same answers in one unit) reach 115.06, and said it had converged."""
    x = in_other_units(four_scale_answers(400), 1000.0, 1.0)
    fit = fit_cfa(x, FOUR_SCALES)
    assert fit.converged
    assert figures(fit) == pytest.approx(lavaan(tmp_path, x, FOUR_SCALES), abs=1e-4)
    assert fit.loadings[0].estimate == pytest.approx(
        1000 * fit_cfa(four_scale_answers(400), FOUR_SCALES).loadings[0].estimate, rel=1e-6
    )


@needs_r
@pytest.mark.parametrize(("first", "sixth"), [(137.5, 1e-3), (1e4, 1e-4), (1e-7, 1.0)])
def test_items_in_units_lavaan_cannot_fit_give_the_fit_of_the_same_answers(
    tmp_path: Path, first: float, sixth: float
) -> None:
    """Units so far apart that lavaan stops without a solution (or, in ten-millionths, says that
    its baseline model failed): the fit does not depend on units, so ours is lavaan's fit of
    the answers as given. We gave χ² 582 (not converged) at 1e4 and 1e-4, and called the item in
    ten-millionths one that everyone answered alike."""
    answers = four_scale_answers(400)
    fit = fit_cfa(in_other_units(answers, first, sixth), FOUR_SCALES)
    assert fit.converged
    assert figures(fit) == pytest.approx(lavaan(tmp_path, answers, FOUR_SCALES), abs=1e-4)


def test_invariance_does_not_depend_on_the_units_of_an_item() -> None:
    """Before: configural χ² 200.10, metric 373.10 and scalar 309.61 (a scalar model fitting
    better than the metric model it is nested in), none converged; in one unit 200.01, 220.90,
    230.91."""
    answers = four_scale_answers(400)
    groups = np.where(np.arange(400) % 2 == 0, "x", "y")
    plain = fit_invariance(answers, groups, FOUR_SCALES)
    other = fit_invariance(in_other_units(answers, 1000.0, 1e-3), groups, FOUR_SCALES)
    for before, after in zip(plain.steps, other.steps, strict=True):
        assert after.converged
        assert after.fit.chi_square == pytest.approx(before.fit.chi_square, abs=1e-6)
        assert np.ravel(after.standardized) == pytest.approx(
            np.ravel(before.standardized), abs=1e-6
        )


@pytest.mark.parametrize("value", [4.0, 0.1, 1e-9, 123.456, 1e6 + 0.3])
def test_an_item_everyone_answered_alike_is_still_named_at_every_size(value: float) -> None:
    answers = four_scale_answers(100)
    answers[:, 2] = value
    with pytest.raises(DegenerateItem, match="everyone gave the same answer to a3"):
        fit_cfa(answers, FOUR_SCALES)
