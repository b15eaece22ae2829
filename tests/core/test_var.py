"""The over-time (lag-1 vector autoregression) estimate, checked by simulation."""

from __future__ import annotations

import math

import numpy as np
import pytest

from interdepend.core.var import (
    CollinearSeries,
    ConstantSeries,
    NotEnoughCouples,
    NotEnoughWeeks,
    PseudoCoupleNull,
    describe,
    describe_against_pseudo,
    fit_couple,
    lag_pairs,
    pseudo_couple_null,
)

Matrix = tuple[tuple[float, float], tuple[float, float]]


def simulate(
    phi: Matrix, weeks: int, rng: np.random.Generator, burn: int = 50
) -> tuple[dict[int, float], dict[int, float]]:
    """A stationary bivariate lag-1 process; returns each partner's week -> value mapping."""
    coef = np.asarray(phi)
    state = np.zeros(2)
    rows = []
    for _ in range(burn + weeks):
        state = coef @ state + rng.standard_normal(2)
        rows.append(state.copy())
    data = np.asarray(rows[burn:])
    # Arbitrary level and scale per partner: the estimate standardizes them away.
    a = 4.0 + 1.5 * data[:, 0]
    b = 3.0 + 0.7 * data[:, 1]
    return dict(enumerate(a.tolist())), dict(enumerate(b.tolist()))


PHI: Matrix = ((0.4, 0.2), (0.3, 0.1))  # rows: next A, next B; columns: A, B


def test_known_coefficients_are_recovered_on_a_long_series() -> None:
    rng = np.random.default_rng(1)
    a, b = simulate(PHI, 20_000, rng)
    result = fit_couple(a, b)
    # The two partners' variances differ, so the standardized cross effects are rescaled by the
    # ratio of stationary standard deviations; the auto effects are scale-free.
    sd = np.sqrt(np.diag(_stationary_cov(np.asarray(PHI))))
    assert result.auto_a.estimate == pytest.approx(0.4, abs=0.03)
    assert result.auto_b.estimate == pytest.approx(0.1, abs=0.03)
    assert result.b_to_a.estimate == pytest.approx(0.2 * sd[1] / sd[0], abs=0.03)
    assert result.a_to_b.estimate == pytest.approx(0.3 * sd[0] / sd[1], abs=0.03)
    assert result.n_pairs == 19_999
    assert result.matrix[1][0] == result.a_to_b.estimate


def _stationary_cov(phi: np.ndarray) -> np.ndarray:
    cov = np.eye(2)
    for _ in range(500):
        cov = phi @ cov @ phi.T + np.eye(2)
    return cov


def test_confidence_intervals_cover_the_truth_at_about_the_stated_rate() -> None:
    rng = np.random.default_rng(2)
    phi: Matrix = ((0.3, 0.0), (0.0, 0.3))  # no cross effect, equal variances
    covered = 0
    runs = 300
    for _ in range(runs):
        a, b = simulate(phi, 60, rng)
        coef = fit_couple(a, b).a_to_b
        covered += coef.ci_low <= 0.0 <= coef.ci_high
    assert 0.90 <= covered / runs <= 0.99


def test_uncorrelated_partners_show_no_cross_effect() -> None:
    rng = np.random.default_rng(3)
    a, b = simulate(((0.5, 0.0), (0.0, 0.5)), 5_000, rng)
    result = fit_couple(a, b)
    assert abs(result.a_to_b.estimate) < 0.05
    assert abs(result.b_to_a.estimate) < 0.05


def test_shuffling_partners_removes_the_partner_effect() -> None:
    rng = np.random.default_rng(4)
    couples = [simulate(((0.3, 0.4), (0.4, 0.3)), 52, rng) for _ in range(30)]
    real = [fit_couple(a, b).a_to_b.estimate for a, b in couples]
    null = pseudo_couple_null(couples)
    assert np.mean(real) > 0.3
    assert null.n_attempted == 30 * 29
    assert null.n_skipped == 0
    assert abs(null.mean) < 0.03
    assert null.low < 0.0 < null.high
    assert null.share_at_or_above(float(np.mean(real))) < 0.05


def test_pseudo_couples_never_pair_real_partners() -> None:
    # Each couple's B is an exact copy of its A shifted by one week, so the real couple shows a
    # cross effect of ~1; any real pairing in the null would show up as a value near 1.
    rng = np.random.default_rng(5)
    couples = []
    for _ in range(6):
        x = rng.standard_normal(41)
        couples.append((dict(enumerate(x[:-1].tolist())), dict(enumerate(x[1:].tolist()))))
    null = pseudo_couple_null(couples)
    assert null.n_fitted == 30
    assert max(null.a_to_b) < 0.8


def test_pseudo_couples_can_be_sampled_reproducibly() -> None:
    rng = np.random.default_rng(6)
    couples = [simulate(PHI, 20, rng) for _ in range(12)]
    first = pseudo_couple_null(couples, max_pseudo=40, seed=9)
    again = pseudo_couple_null(couples, max_pseudo=40, seed=9)
    assert first.n_attempted == 40
    assert first == again


def test_pseudo_couples_align_weeks_from_each_couples_start() -> None:
    rng = np.random.default_rng(7)
    a1, b1 = simulate(PHI, 20, rng)
    a2, b2 = simulate(PHI, 20, rng)
    late = ({w + 100: v for w, v in a2.items()}, {w + 100: v for w, v in b2.items()})
    assert pseudo_couple_null([(a1, b1), late]).n_fitted == 2
    calendar = pseudo_couple_null([(a1, b1), late], align="as_given")
    assert calendar.n_fitted == 0
    assert calendar.n_skipped == 2
    assert math.isnan(calendar.mean)
    assert "not yet enough" in describe_against_pseudo(fit_couple(a1, b1), calendar)


def test_pseudo_couples_need_two_couples() -> None:
    with pytest.raises(NotEnoughCouples):
        pseudo_couple_null([({0: 1.0}, {0: 2.0})])


def test_a_gap_breaks_the_lag() -> None:
    weeks = [0, 1, 2, 4, 5, 7]
    a = {w: float(w) for w in weeks}
    b = {w: float(w % 3) for w in weeks}
    assert lag_pairs(a, b) == [0, 1, 4]


def test_a_week_missing_for_one_partner_breaks_the_lag() -> None:
    a = {0: 1.0, 1: 2.0, 2: 3.0, 3: 1.0}
    b = {0: 1.0, 1: math.nan, 2: 3.0, 3: 2.0}
    assert lag_pairs(a, b) == [2]


def test_gapped_series_uses_only_consecutive_weeks() -> None:
    rng = np.random.default_rng(8)
    a, b = simulate(PHI, 4_000, rng)
    for week in range(0, 4_000, 7):  # drop every seventh week for A
        del a[week]
    result = fit_couple(a, b)
    assert result.n_pairs == len(lag_pairs(a, b))
    assert result.n_weeks == len(a)
    assert result.auto_a.estimate == pytest.approx(0.4, abs=0.05)


def test_too_few_weeks_raises() -> None:
    rng = np.random.default_rng(9)
    a, b = simulate(PHI, 8, rng)  # 8 weeks give 7 lag pairs
    with pytest.raises(NotEnoughWeeks) as caught:
        fit_couple(a, b)
    assert caught.value.usable_pairs == 7
    assert caught.value.required == 8
    a, b = simulate(PHI, 9, rng)
    assert fit_couple(a, b).n_pairs == 8


def test_gaps_count_against_the_minimum() -> None:
    a = {w: float(w % 4) for w in (0, 1, 3, 4, 6, 7, 9, 10, 12, 13)}
    b = {w: float(w % 5) for w in a}
    with pytest.raises(NotEnoughWeeks):
        fit_couple(a, b)


def test_constant_series_raises_a_named_error() -> None:
    a = dict.fromkeys(range(20), 5.0)
    b = {w: float(w % 3) for w in range(20)}
    with pytest.raises(ConstantSeries) as caught:
        fit_couple(a, b)
    assert caught.value.partner == "a"
    with pytest.raises(ConstantSeries) as caught:
        fit_couple(b, a)
    assert caught.value.partner == "b"


def test_partners_in_exact_lockstep_raise_a_named_error() -> None:
    a = {w: float((w * 7) % 5) for w in range(20)}
    b = {w: 2.0 * v + 1.0 for w, v in a.items()}
    with pytest.raises(CollinearSeries):
        fit_couple(a, b)


def test_description_states_uncertainty_and_does_not_grade() -> None:
    rng = np.random.default_rng(10)
    couples = [simulate(((0.3, 0.4), (0.4, 0.3)), 52, rng) for _ in range(8)]
    result = fit_couple(*couples[0])
    text = describe(result, "Sam", "Alex")
    assert "Sam" in text and "Alex" in text
    assert "between" in text and "95%" in text
    assert "not a score" in text
    for graded in ("better", "worse", "good", "bad", "healthy"):
        assert graded not in text.lower()
    beside = describe_against_pseudo(result, pseudo_couple_null(couples), "Sam", "Alex")
    assert "paired at random" in beside


def test_description_of_no_clear_carry_over() -> None:
    rng = np.random.default_rng(11)
    a, b = simulate(((0.2, 0.0), (0.0, 0.2)), 12, rng)
    result = fit_couple(a, b)
    assert not result.a_to_b.interval_excludes_zero
    assert "no clear echo" in describe(result)


def test_empty_null_reports_nan() -> None:
    null = PseudoCoupleNull((), (), n_attempted=0, n_skipped=0, level=0.95)
    assert math.isnan(null.low) and math.isnan(null.share_at_or_above(0.0))


def test_errors_share_the_core_base_class() -> None:
    from interdepend.core.errors import InterdependError

    for error in (NotEnoughWeeks, NotEnoughCouples, ConstantSeries, CollinearSeries):
        assert issubclass(error, InterdependError)
