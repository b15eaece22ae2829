"""The no-link range for the carry-over estimate: calibrated, reproducible and honest about gaps."""

from __future__ import annotations

import numpy as np
import pytest

from interdepend.core.var import NotEnoughWeeks, fit_couple, no_link_null, pseudo_couple_null


def couple(
    weeks: int, link: float, rng: np.random.Generator, inertia: float = 0.3, closeness: float = 0.3
) -> tuple[dict[int, float], dict[int, float]]:
    chol = np.linalg.cholesky(np.array([[1.0, closeness], [closeness, 1.0]]))
    x = np.zeros((weeks + 20, 2))
    for t in range(1, weeks + 20):
        e = chol @ rng.standard_normal(2)
        x[t, 0] = inertia * x[t - 1, 0] + link * x[t - 1, 1] + e[0]
        x[t, 1] = inertia * x[t - 1, 1] + link * x[t - 1, 0] + e[1]
    return {w: float(x[20 + w, 0]) for w in range(weeks)}, {
        w: float(x[20 + w, 1]) for w in range(weeks)
    }


def test_a_couple_without_a_link_falls_outside_about_one_time_in_twenty() -> None:
    """With 120 couples (240 directions) at 14 weeks, the share outside must sit within three
    binomial standard errors of 5 %; the rotated range it replaced gave about 8-10 % here."""
    rng = np.random.default_rng(5)
    outside = total = 0
    for k in range(120):
        a, b = couple(14, 0.0, rng)
        result = fit_couple(a, b)
        null = no_link_null(a, b, simulations=200, seed=k)
        for estimate in (result.a_to_b.estimate, result.b_to_a.estimate):
            total += 1
            outside += not null.low <= estimate <= null.high
    share = outside / total
    assert abs(share - 0.05) < 3 * np.sqrt(0.05 * 0.95 / total), share


def test_a_real_link_is_found_more_often_with_more_weeks() -> None:
    rng = np.random.default_rng(6)

    def found(weeks: int) -> float:
        hits = 0
        for k in range(60):
            a, b = couple(weeks, 0.5, rng)
            null = no_link_null(a, b, simulations=200, seed=k)
            hits += not null.low <= fit_couple(a, b).b_to_a.estimate <= null.high
        return hits / 60

    assert found(12) < found(40)
    assert found(52) > 0.8


def test_the_range_is_reproducible_and_keeps_the_couples_gaps() -> None:
    rng = np.random.default_rng(7)
    a, b = couple(30, 0.0, rng)
    for week in (5, 6, 17):
        del b[week]
    first = no_link_null(a, b, seed=3)
    assert first == no_link_null(a, b, seed=3)
    assert first != no_link_null(a, b, seed=4)
    assert first.n_attempted == 400 and first.n_fitted + first.n_skipped == 400
    assert first.low < 0 < first.high and abs(first.mean) < 0.1


def test_too_few_weeks_is_refused_like_the_estimate() -> None:
    rng = np.random.default_rng(8)
    a, b = couple(6, 0.0, rng)
    with pytest.raises(NotEnoughWeeks):
        no_link_null(a, b)


def test_explicit_pairs_limit_the_re_pairings() -> None:
    rng = np.random.default_rng(9)
    couples = [couple(20, 0.0, rng) for _ in range(4)]
    null = pseudo_couple_null(couples, pairs=[(0, 1), (2, 3)])
    assert null.n_attempted == 2
    with pytest.raises(ValueError, match="two different couples"):
        pseudo_couple_null(couples, pairs=[(1, 1)])
