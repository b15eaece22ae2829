"""How alike the two partners' scores are: the first question of any dyadic analysis.

Kenny, Kashy & Cook (2006, *Dyadic Data Analysis*, ch. 2) test whether the two members of a
dyad are more alike (or less alike) than two people drawn at random before any model treats
them as separate cases. The measure depends on whether the members can be told apart:

* **indistinguishable dyads** (no role): the intraclass correlation from the one-way analysis
  of variance with dyads as groups, ``(MS_B - MS_W) / (MS_B + MS_W)``, tested by
  ``F = MS_B / MS_W`` on ``(n - 1, n)`` degrees of freedom (or its reciprocal on ``(n, n - 1)``
  when the correlation is negative), two-sided, with Shrout & Fleiss's interval (psych's
  ``ICC1``); and the pairwise (double-entry) correlation, tested by ``z = r sqrt(n)``;
* **distinguishable dyads** (a two-valued role): Pearson's correlation between the two roles'
  scores, tested by ``t`` on ``n - 2`` degrees of freedom, with Fisher's interval (R's
  ``cor.test``).

A dyad enters when both members have a score; dyads with one (a missing score, or no row for
the partner) are counted and left out. Negative values are kept: partners can be less alike
than strangers (one gives, the other takes).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from interdepend.core.dyadic import DyadicDataError, Table, pair_rows
from interdepend.core.errors import InterdependError
from interdepend.core.numerics import t_two_sided_p

__all__ = ["Nonindependence", "NonindependenceError", "nonindependence"]

FloatArray = NDArray[np.float64]

#: The interval's coverage, as R's ``cor.test`` and psych's ``ICC`` give it by default.
CONFIDENCE = 0.95
#: The fewest complete dyads a correlation between partners is worked out on.
FEWEST_DYADS = 3


class NonindependenceError(InterdependError):
    """The partners' likeness cannot be worked out from these data."""


@dataclass(frozen=True)
class Nonindependence:
    """How alike the partners' scores on one variable are.

    ``kind`` is ``"intraclass"`` (indistinguishable dyads: ``estimate`` is the ANOVA intraclass
    correlation, ``statistic`` its F on ``df`` = (numerator, denominator)) or ``"pearson"``
    (distinguishable dyads: ``estimate`` is Pearson's r, ``statistic`` its t on ``df`` =
    (n - 2,)). ``p_value`` is two-sided; ``ci_low`` and ``ci_high`` bound a 95 % interval.
    ``pairwise_r`` and its ``pairwise_z`` test are given for indistinguishable dyads only.
    ``means`` and ``sds`` are keyed by role value, or by ``"all"`` without a role, over the
    dyads that entered.
    """

    variable: str
    role: str | None
    kind: Literal["intraclass", "pearson"]
    n_dyads: int
    n_dyads_left_out: int
    n_lone_members: int
    estimate: float
    statistic: float
    df: tuple[int, ...]
    p_value: float
    ci_low: float
    ci_high: float
    means: Mapping[str, float]
    sds: Mapping[str, float]
    pairwise_r: float | None = None
    pairwise_z: float | None = None
    pairwise_p: float | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data."""
        data = dict(vars(self))
        data["df"] = list(self.df)
        data["means"] = dict(self.means)
        data["sds"] = dict(self.sds)
        return data


def nonindependence(
    data: Table | Mapping[str, ArrayLike],
    *,
    dyad: str,
    variable: str,
    role: str | None = None,
) -> Nonindependence:
    """How alike the two members of each dyad are on ``variable``.

    ``data`` has one row per person (a :class:`~interdepend.core.dyadic.Table`, a mapping of
    columns or a pandas DataFrame), ``dyad`` names the couple id column and ``role`` a
    two-valued column that tells the members apart. Raises :class:`NonindependenceError` with
    fewer than three complete dyads or no spread to correlate, and
    :class:`~interdepend.core.dyadic.DyadicDataError` for a missing column or a bad value.
    """
    table = data if isinstance(data, Table) else Table.from_columns(data)
    names = [dyad, variable, *([role] if role else [])]
    table.require(names)
    if len(set(names)) != len(names):
        raise DyadicDataError("the dyad, variable and role columns must differ")
    first, second, roles, n_lone = pair_rows(table, dyad, role)
    values = table.measured(variable)
    pairs = np.stack([values[first], values[second]], axis=1)
    complete = ~np.isnan(pairs).any(axis=1)
    pairs = pairs[complete]
    n = len(pairs)
    left_out = int((~complete).sum()) + n_lone
    if n < FEWEST_DYADS:
        raise NonindependenceError(
            f"{variable!r}: {n} {'dyad has' if n == 1 else 'dyads have'} both members' scores; "
            f"a correlation between partners needs at least {FEWEST_DYADS}"
        )
    counts = {"variable": variable, "role": role, "n_dyads": n}
    counts |= {"n_dyads_left_out": left_out, "n_lone_members": n_lone}
    if roles is None:
        return _intraclass(pairs, counts)
    return _pearson(pairs, roles, counts)


def _intraclass(pairs: FloatArray, counts: dict[str, Any]) -> Nonindependence:
    from scipy.special import fdtrc, fdtri, ndtr

    n = len(pairs)
    if np.ptp(pairs) == 0.0:
        raise NonindependenceError(
            f"{counts['variable']!r}: every score is the same, so there is nothing to correlate"
        )
    dyad_means = pairs.mean(axis=1)
    grand = float(dyad_means.mean())
    ms_between = 2.0 * float(((dyad_means - grand) ** 2).sum()) / (n - 1)
    ms_within = float(((pairs[:, 0] - pairs[:, 1]) ** 2).sum()) / (2.0 * n)
    icc = (ms_between - ms_within) / (ms_between + ms_within)
    if ms_between >= ms_within:
        df = (n - 1, n)
        f = ms_between / ms_within if ms_within > 0.0 else math.inf
    else:
        df = (n, n - 1)
        f = ms_within / ms_between if ms_between > 0.0 else math.inf
    p = 0.0 if math.isinf(f) else min(1.0, 2.0 * float(fdtrc(df[0], df[1], f)))
    # Shrout & Fleiss's interval for ICC(1), always from MS_B / MS_W on (n - 1, n).
    upper_tail = 1.0 - (1.0 - CONFIDENCE) / 2.0
    ratio = ms_between / ms_within if ms_within > 0.0 else math.inf
    low_f = ratio / float(fdtri(n - 1, n, upper_tail))
    high_f = ratio * float(fdtri(n, n - 1, upper_tail))
    ci_low = 1.0 if math.isinf(low_f) else (low_f - 1.0) / (low_f + 1.0)
    ci_high = 1.0 if math.isinf(high_f) else (high_f - 1.0) / (high_f + 1.0)
    both = pairs.reshape(-1)
    # Double entry: each couple once as (first, second) and once as (second, first).
    r_pairwise = _pearson_r(
        np.concatenate([pairs[:, 0], pairs[:, 1]]), np.concatenate([pairs[:, 1], pairs[:, 0]])
    )
    z = r_pairwise * math.sqrt(n)
    return Nonindependence(
        **counts,
        kind="intraclass",
        estimate=icc,
        statistic=f,
        df=df,
        p_value=p,
        ci_low=ci_low,
        ci_high=ci_high,
        means={"all": float(both.mean())},
        sds={"all": float(both.std(ddof=1))},
        pairwise_r=r_pairwise,
        pairwise_z=z,
        pairwise_p=float(2.0 * ndtr(-abs(z))),
    )


def _pearson(pairs: FloatArray, roles: tuple[str, str], counts: dict[str, Any]) -> Nonindependence:
    n = len(pairs)
    sds = {label: float(pairs[:, k].std(ddof=1)) for k, label in enumerate(roles)}
    # Exactly equal scores, not a zero SD: the mean of 3.7s is not exactly 3.7, and an SD of
    # 1e-16 had made a constant column look perfectly alike (the statistics audit).
    flat = [label for k, label in enumerate(roles) if np.ptp(pairs[:, k]) == 0.0]
    if flat:
        raise NonindependenceError(
            f"{counts['variable']!r}: everyone with {counts['role']}={flat[0]} has the same "
            "score, so there is nothing to correlate"
        )
    r = _pearson_r(pairs[:, 0], pairs[:, 1])
    df = n - 2
    if abs(r) >= 1.0:
        t, p, ci = math.copysign(math.inf, r), 0.0, (r, r)
    else:
        t = r * math.sqrt(df / (1.0 - r * r))
        p = t_two_sided_p(t, df) if df > 0 else math.nan
        ci = _fisher_interval(r, n)
    return Nonindependence(
        **counts,
        kind="pearson",
        estimate=r,
        statistic=t,
        df=(df,),
        p_value=p,
        ci_low=ci[0],
        ci_high=ci[1],
        means={label: float(pairs[:, k].mean()) for k, label in enumerate(roles)},
        sds=sds,
    )


def _pearson_r(x: FloatArray, y: FloatArray) -> float:
    """Pearson's r of two columns that vary, each scaled to at most 1 first, so that values
    of 1e-90 do not underflow to a zero spread (they read as r = 1 before)."""
    dx, dy = x - x.mean(), y - y.mean()
    dx, dy = dx / np.abs(dx).max(), dy / np.abs(dy).max()
    r = float((dx * dy).sum()) / (
        math.sqrt(float((dx * dx).sum())) * math.sqrt(float((dy * dy).sum()))
    )
    return max(-1.0, min(1.0, r))


def _fisher_interval(r: float, n: int) -> tuple[float, float]:
    """Fisher's z interval, as R's ``cor.test`` gives it (NaN below four dyads)."""
    if n <= 3:
        return math.nan, math.nan
    from scipy.special import ndtri

    half = float(ndtri(1.0 - (1.0 - CONFIDENCE) / 2.0)) / math.sqrt(n - 3)
    z = math.atanh(r)
    return math.tanh(z - half), math.tanh(z + half)
