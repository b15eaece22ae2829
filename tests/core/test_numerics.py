"""The APIM's own numerics agree with SciPy's, so its command can start without SciPy."""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest
from scipy import optimize, special

from interdepend.core.numerics import minimize_bounded, t_quantile, t_two_sided_p

DFS = (2, 3, 5, 10, 30, 100, 293, 1_000, 10_000, 100_000, 200_000, 300_000)
STATISTICS = (0.0, 1e-8, 0.01, 0.1, 0.5, 1.0, 1.96, 2.5, 3.0, 5.0, 8.0, 12.0, 20.0, 40.0, 80.0)


@pytest.mark.parametrize("df", DFS)
def test_two_sided_p_values_match_scipy(df: int) -> None:
    for t in STATISTICS:
        expected = float(2 * special.stdtr(df, -t))
        got = t_two_sided_p(-t, df)
        assert got == pytest.approx(expected, rel=1e-6, abs=1e-12), (df, t)
        assert t_two_sided_p(t, df) == got


@pytest.mark.parametrize("df", DFS)
def test_t_quantiles_match_scipy(df: int) -> None:
    for p in (0.6, 0.9, 0.975, 0.995, 0.9995):
        assert t_quantile(p, df) == pytest.approx(float(special.stdtrit(df, p)), abs=1e-9)
        assert t_quantile(1 - p, df) == pytest.approx(-t_quantile(p, df), abs=1e-12)
    with pytest.raises(ValueError):
        t_quantile(1.0, df)


def test_odd_statistics() -> None:
    assert math.isnan(t_two_sided_p(math.nan, 10))
    assert t_two_sided_p(math.inf, 10) == 0.0
    assert t_two_sided_p(0.0, 10) == 1.0


@pytest.mark.parametrize(
    ("func", "low", "high"),
    [
        (lambda z: (z - 0.3) ** 2 + 0.01 * math.sin(3 * z), -1.0, 1.0),
        (lambda z: math.cosh(z - 0.7), -2.0, 2.0),
        (lambda z: abs(z - 0.123) ** 1.5, -1.0, 1.0),
        (lambda z: -z, 0.0, 1.0),  # the minimum on an edge
    ],
)
def test_bounded_minimum_takes_scipys_steps(
    func: Callable[[float], float], low: float, high: float
) -> None:
    expected = optimize.minimize_scalar(
        func, bounds=(low, high), method="bounded", options={"xatol": 1e-11}
    ).x
    assert minimize_bounded(func, low, high, xatol=1e-11) == float(expected)
