"""The pseudo-couple null fits all its pairs at once; it must give what one fit per pair gives."""

from __future__ import annotations

import math

import numpy as np
import pytest

from interdepend.core.var import VarError, WeeklySeries, fit_couple, pseudo_couple_null


def _couples(seed: int, n: int) -> list[tuple[WeeklySeries, WeeklySeries]]:
    rng = np.random.default_rng(seed)
    couples: list[tuple[WeeklySeries, WeeklySeries]] = []
    for k in range(n):
        weeks = range(int(rng.integers(0, 4)), int(rng.integers(8, 30)))
        a = {w: float(rng.integers(1, 8)) for w in weeks if rng.random() > 0.15}
        b = {w: float(rng.normal()) for w in weeks if rng.random() > 0.15}
        if k == 1:
            b = dict.fromkeys(b, 3.0)  # a partner who never varies: skipped
        if k == 2:
            b[int(min(b)) + 1] = math.nan  # a missing value given as NaN
        couples.append((a, b))
    return couples


def _one_by_one(
    couples: list[tuple[WeeklySeries, WeeklySeries]],
) -> tuple[list[float], list[float]]:
    a_to_b: list[float] = []
    b_to_a: list[float] = []
    for i, (a, _) in enumerate(couples):
        for j, (_, b) in enumerate(couples):
            if i == j:
                continue
            try:
                fit = fit_couple(a, b, min_pairs=5)
            except VarError:
                continue
            a_to_b.append(fit.a_to_b.estimate)
            b_to_a.append(fit.b_to_a.estimate)
    return a_to_b, b_to_a


@pytest.mark.parametrize("seed", range(6))
def test_the_batched_null_gives_each_pairs_own_fit(seed: int) -> None:
    couples = _couples(seed, 7)
    null = pseudo_couple_null(couples, align="as_given", min_pairs=5, max_pseudo=10_000)
    a_to_b, b_to_a = _one_by_one(couples)
    assert null.n_attempted == 42
    assert null.n_skipped == 42 - len(a_to_b)
    assert null.a_to_b == pytest.approx(a_to_b, abs=1e-9)
    assert null.b_to_a == pytest.approx(b_to_a, abs=1e-9)


def test_a_collinear_pseudo_couple_is_skipped_as_one_fit_would_skip_it() -> None:
    series = {w: float((w * 7) % 5) for w in range(12)}
    double = {w: 2 * v + 1 for w, v in series.items()}
    null = pseudo_couple_null([(series, series), (double, double)], align="as_given")
    assert null.n_attempted == 2 and null.n_skipped == 2
