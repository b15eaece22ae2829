"""Emotional interdependence over time: a lag-1 vector autoregression per couple.

Method (after Sels, Ceulemans, Bulteel & Kuppens 2016, *Frontiers in Psychology* 7:283):

* Each partner's weekly series (for instance a check-in score) is standardized over the weeks in
  which *both* partners have a value.
* A lag pair is two consecutive weeks ``t`` and ``t + 1`` for which both partners have a value in
  both weeks. A missing week on either side breaks the lag; nothing is interpolated.
* On the lag pairs, two ordinary-least-squares equations are fitted, each with an intercept::

      a[t+1] = c_a + auto_a * a[t] + b_to_a * b[t] + e_a
      b[t+1] = c_b + a_to_b * a[t] + auto_b * b[t] + e_b

  ``auto_*`` are the inertia (auto) effects; ``a_to_b`` is how much A's week carries into B's
  next week, ``b_to_a`` the reverse (the cross-partner effects).
* Uncertainty is **analytic**: classical OLS standard errors ``sqrt(s^2 (X'X)^-1)`` with
  ``s^2 = RSS / (n - 3)``, and confidence intervals from the t distribution with ``n - 3``
  degrees of freedom. They assume residuals that are independent from week to week and of
  constant variance, so with short series read them as approximate.

The pseudo-couple null model (Sels et al. 2020, *JPSP* 119:136) re-pairs partner A of one couple
with partner B of another couple, never with the real partner, fits the same model, and collects
the cross-partner coefficients. A couple's figure can then be shown beside the range seen among
people who never lived together, which is what "no interdependence" looks like in the same data.

None of these numbers is better when larger: they describe a pattern, they do not grade it.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import numpy.typing as npt
from scipy import stats

from interdepend.core.errors import InterdependError

__all__ = [
    "CollinearSeries",
    "ConstantSeries",
    "Coefficient",
    "NotEnoughCouples",
    "NotEnoughWeeks",
    "PseudoCoupleNull",
    "VarError",
    "VarResult",
    "WeeklySeries",
    "describe",
    "describe_against_pseudo",
    "fit_couple",
    "lag_pairs",
    "no_link_null",
    "pseudo_couple_null",
]

WeeklySeries = Mapping[int, float]
"""One partner's series: week number -> value. Missing weeks are absent keys (or NaN)."""

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

DEFAULT_MIN_PAIRS = 8
"""Fewest usable lag pairs (consecutive weeks with both partners present) for an estimate."""


class VarError(InterdependError):
    """Base class for errors from the over-time (vector autoregression) estimate."""


class NotEnoughWeeks(VarError):
    """Too few pairs of consecutive weeks in which both partners took part."""

    def __init__(self, usable_pairs: int, required: int) -> None:
        self.usable_pairs = usable_pairs
        self.required = required
        super().__init__(
            f"{usable_pairs} usable pairs of consecutive weeks; at least {required} are needed"
        )


class NotEnoughCouples(VarError):
    """Pseudo-couples need partners from at least two different couples."""

    def __init__(self, couples: int) -> None:
        self.couples = couples
        super().__init__(f"{couples} couple(s) given; pseudo-couples need at least 2")


class ConstantSeries(VarError):
    """A partner's values do not vary, so they cannot be standardized or used as a predictor."""

    def __init__(self, partner: Literal["a", "b"]) -> None:
        self.partner = partner
        super().__init__(f"partner {partner.upper()}'s values do not vary over the usable weeks")


class CollinearSeries(VarError):
    """The two partners' weeks move in exact lockstep, so their effects cannot be told apart."""

    def __init__(self) -> None:
        super().__init__("the two partners' series are exactly collinear over the usable weeks")


@dataclass(frozen=True, slots=True)
class Coefficient:
    """One lag-1 coefficient with its analytic standard error and confidence interval."""

    estimate: float
    se: float
    ci_low: float
    ci_high: float

    @property
    def interval_excludes_zero(self) -> bool:
        """True when the whole confidence interval lies on one side of zero."""
        return self.ci_low > 0.0 or self.ci_high < 0.0


@dataclass(frozen=True, slots=True)
class VarResult:
    """A couple's lag-1 vector autoregression on standardized weekly series.

    ``matrix`` is the 2x2 coefficient matrix, rows = next week's outcome (A, B), columns = this
    week's predictor (A, B): ``[[auto_a, b_to_a], [a_to_b, auto_b]]``.
    """

    auto_a: Coefficient
    auto_b: Coefficient
    a_to_b: Coefficient
    b_to_a: Coefficient
    intercept_a: float
    intercept_b: float
    residual_sd_a: float
    residual_sd_b: float
    residual_correlation: float
    n_pairs: int
    n_weeks: int
    level: float

    @property
    def matrix(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """The coefficient matrix ``[[auto_a, b_to_a], [a_to_b, auto_b]]``."""
        return (
            (self.auto_a.estimate, self.b_to_a.estimate),
            (self.a_to_b.estimate, self.auto_b.estimate),
        )


@dataclass(frozen=True, slots=True)
class PseudoCoupleNull:
    """Cross-partner coefficients of re-paired (pseudo) couples: what chance pairing gives.

    ``cross`` pools both directions (A-to-B and B-to-A) of every pseudo-couple that could be
    fitted; ``low`` and ``high`` are its central ``level`` range (percentiles), worked out once
    (a page reads them for each direction and again to say them).
    """

    a_to_b: tuple[float, ...]
    b_to_a: tuple[float, ...]
    n_attempted: int
    n_skipped: int
    level: float
    cross: tuple[float, ...] = field(init=False, repr=False, compare=False)
    low: float = field(init=False, repr=False, compare=False)
    high: float = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "cross", self.a_to_b + self.b_to_a)
        object.__setattr__(self, "low", self._percentile((1.0 - self.level) / 2.0))
        object.__setattr__(self, "high", self._percentile(1.0 - (1.0 - self.level) / 2.0))

    @property
    def n_fitted(self) -> int:
        return len(self.a_to_b)

    @property
    def mean(self) -> float:
        return float(np.mean(self.cross)) if self.cross else math.nan

    def share_at_or_above(self, value: float) -> float:
        """Share of pseudo-couple cross coefficients that are >= ``value`` (NaN when empty)."""
        if not self.cross:
            return math.nan
        return float(np.mean(np.asarray(self.cross) >= value))

    def _percentile(self, q: float) -> float:
        if not self.cross:
            return math.nan
        return float(np.quantile(np.asarray(self.cross), q))


# --------------------------------------------------------------------------------------------
# Data preparation


def _clean(series: WeeklySeries) -> dict[int, float]:
    """Drop missing (NaN or infinite) values; weeks must be whole numbers."""
    cleaned: dict[int, float] = {}
    for week, value in series.items():
        if int(week) != week:
            raise TypeError(f"week numbers must be integers, got {week!r}")
        number = float(value)
        if math.isfinite(number):
            cleaned[int(week)] = number
    return cleaned


def lag_pairs(a: WeeklySeries, b: WeeklySeries) -> list[int]:
    """Weeks ``t`` such that both partners have values in week ``t`` and week ``t + 1``."""
    ca, cb = _clean(a), _clean(b)
    both = set(ca) & set(cb)
    return sorted(t for t in both if t + 1 in both)


def _standardize(
    values: dict[int, float], weeks: list[int], partner: Literal["a", "b"]
) -> dict[int, float]:
    data = np.array([values[w] for w in weeks], dtype=np.float64)
    sd = float(np.std(data, ddof=1))
    # Relative to the values' own size: a series in millionths of a point varies as one in
    # points does (a floor of 1e-12 in absolute terms called a series below 1e-12 constant).
    if not sd > 1e-12 * float(np.max(np.abs(data))):
        raise ConstantSeries(partner)
    mean = float(np.mean(data))
    return {w: (values[w] - mean) / sd for w in weeks}


def _design(
    a: WeeklySeries, b: WeeklySeries, min_pairs: int
) -> tuple[FloatArray, FloatArray, FloatArray, int]:
    """Return the design matrix, the two outcomes and the number of shared weeks."""
    ca, cb = _clean(a), _clean(b)
    shared = sorted(set(ca) & set(cb))
    starts = [t for t in shared if t + 1 in ca and t + 1 in cb]
    if len(starts) < min_pairs:
        raise NotEnoughWeeks(len(starts), min_pairs)
    za = _standardize(ca, shared, "a")
    zb = _standardize(cb, shared, "b")
    x = np.array([[1.0, za[t], zb[t]] for t in starts], dtype=np.float64)
    ya = np.array([za[t + 1] for t in starts], dtype=np.float64)
    yb = np.array([zb[t + 1] for t in starts], dtype=np.float64)
    return x, ya, yb, len(shared)


def _check_predictors(x: FloatArray) -> None:
    if np.ptp(x[:, 1]) <= 1e-12:
        raise ConstantSeries("a")
    if np.ptp(x[:, 2]) <= 1e-12:
        raise ConstantSeries("b")
    if np.linalg.matrix_rank(x) < x.shape[1]:
        raise CollinearSeries()


# --------------------------------------------------------------------------------------------
# Estimation


def _ols(
    x: FloatArray, y: FloatArray, xtx_inv: FloatArray, t_crit: float
) -> tuple[FloatArray, list[Coefficient], FloatArray]:
    beta = xtx_inv @ (x.T @ y)
    residuals = y - x @ beta
    df = x.shape[0] - x.shape[1]
    s2 = float(residuals @ residuals) / df
    ses = np.sqrt(np.maximum(np.diag(xtx_inv) * s2, 0.0))
    coefs = [
        Coefficient(float(b), float(se), float(b - t_crit * se), float(b + t_crit * se))
        for b, se in zip(beta, ses, strict=True)
    ]
    return beta, coefs, residuals


@functools.lru_cache(maxsize=256)
def _t_quantile(probability: float, df: int) -> float:
    """Student's t quantile; remembered, as a few (level, df) recur across every fit."""
    return float(stats.t.ppf(probability, df))


def fit_couple(
    a: WeeklySeries,
    b: WeeklySeries,
    *,
    min_pairs: int = DEFAULT_MIN_PAIRS,
    level: float = 0.95,
) -> VarResult:
    """Fit the lag-1 vector autoregression for one couple.

    ``a`` and ``b`` map week numbers to each partner's value that week. Only weeks where both
    partners have a value are used, and only consecutive pairs of such weeks enter the model.

    Raises :class:`NotEnoughWeeks` with fewer than ``min_pairs`` lag pairs (never fewer than 4,
    which leaves one residual degree of freedom), :class:`ConstantSeries` when a partner's values
    do not vary, :class:`CollinearSeries` when the two series are exact copies up to scale.
    """
    if not 0.0 < level < 1.0:
        raise ValueError("level must lie strictly between 0 and 1")
    x, ya, yb, n_weeks = _design(a, b, max(min_pairs, 4))
    _check_predictors(x)
    xtx_inv: FloatArray = np.asarray(np.linalg.inv(x.T @ x), dtype=np.float64)
    df = x.shape[0] - x.shape[1]
    t_crit = _t_quantile(0.5 + level / 2.0, df)
    beta_a, coefs_a, res_a = _ols(x, ya, xtx_inv, t_crit)
    beta_b, coefs_b, res_b = _ols(x, yb, xtx_inv, t_crit)
    return VarResult(
        auto_a=coefs_a[1],
        b_to_a=coefs_a[2],
        a_to_b=coefs_b[1],
        auto_b=coefs_b[2],
        intercept_a=float(beta_a[0]),
        intercept_b=float(beta_b[0]),
        residual_sd_a=float(np.sqrt(res_a @ res_a / df)),
        residual_sd_b=float(np.sqrt(res_b @ res_b / df)),
        residual_correlation=_correlation(res_a, res_b),
        n_pairs=x.shape[0],
        n_weeks=n_weeks,
        level=level,
    )


def _correlation(u: FloatArray, v: FloatArray) -> float:
    su, sv = float(np.std(u)), float(np.std(v))
    if su <= 1e-12 or sv <= 1e-12:
        return math.nan
    return float(np.corrcoef(u, v)[0, 1])


# --------------------------------------------------------------------------------------------
# Pseudo-couple null model


def _from_start(a: WeeklySeries, b: WeeklySeries) -> tuple[dict[int, float], dict[int, float]]:
    """Re-number a couple's weeks so its first observed week (either partner) is week 0."""
    ca, cb = _clean(a), _clean(b)
    weeks = list(ca) + list(cb)
    first = min(weeks) if weeks else 0
    return {w - first: v for w, v in ca.items()}, {w - first: v for w, v in cb.items()}


def _pairings(n: int, max_pseudo: int, rng: np.random.Generator) -> list[tuple[int, int]]:
    """Ordered pairs (i, j), i != j: A of couple i with B of couple j; sampled when too many."""
    total = n * (n - 1)
    if total <= max_pseudo:
        return [(i, j) for i in range(n) for j in range(n) if i != j]
    picks = rng.choice(total, size=max_pseudo, replace=False)
    pairs = []
    for k in sorted(int(p) for p in picks):
        i, r = divmod(k, n - 1)
        pairs.append((i, r if r < i else r + 1))
    return pairs


def _grid(series: Sequence[WeeklySeries]) -> FloatArray:
    """One row per series over all their weeks, from the first; NaN where a value is missing
    (:func:`_clean` for many series at once, with the same refusal of fractional weeks)."""
    weeks = np.array([week for one in series for week in one], dtype=np.float64)
    values = np.array([value for one in series for value in one.values()], dtype=np.float64)
    rows = np.repeat(np.arange(len(series)), [len(one) for one in series])
    if not np.array_equal(weeks, np.round(weeks)):
        raise TypeError(f"week numbers must be integers, got {weeks[weeks != np.round(weeks)]}")
    kept = np.isfinite(values)
    first = int(weeks.min()) if weeks.size else 0
    width = (int(weeks.max()) - first if weeks.size else 0) + 2
    grid = np.full((len(series), width), np.nan)
    grid[rows[kept], weeks[kept].astype(np.intp) - first] = values[kept]
    return grid


def _z_rows(values: FloatArray, shared: BoolArray) -> tuple[FloatArray, BoolArray]:
    """Each row standardized over its shared weeks (0 elsewhere), and whether it varies there:
    :func:`_standardize` for many rows at once."""
    n = shared.sum(axis=1)
    data = np.where(shared, values, 0.0)
    mean = data.sum(axis=1) / np.maximum(n, 1)
    deviation = np.where(shared, values - mean[:, None], 0.0)
    sd = np.sqrt((deviation**2).sum(axis=1) / np.maximum(n - 1, 1))
    varies = (n >= 2) & (sd > 1e-12 * np.abs(data).max(axis=1))
    return deviation / np.where(varies, sd, 1.0)[:, None], varies


def _spread(z: FloatArray, rows: BoolArray) -> FloatArray:
    high = np.where(rows, z, -np.inf).max(axis=1)
    low = np.where(rows, z, np.inf).min(axis=1)
    spread: FloatArray = high - low
    return spread


def _full_rank(x: FloatArray) -> BoolArray:
    """``matrix_rank(x) == 3`` for each of a stack of designs, with an SVD only for the few
    whose Gram matrix is near singular (a clear margin: the rest are of full rank for sure)."""
    eigen = np.linalg.eigvalsh(np.swapaxes(x, 1, 2) @ x)
    full: BoolArray = eigen[:, 0] > 1e-8 * np.maximum(eigen[:, -1], 1e-300)
    doubtful = ~full
    if doubtful.any():
        full[doubtful] = np.linalg.matrix_rank(x[doubtful]) == x.shape[2]
    return full


def _cross_estimates(
    a: FloatArray, b: FloatArray, min_pairs: int
) -> tuple[FloatArray, FloatArray, BoolArray]:
    """:func:`fit_couple`'s two partner effects (A to B, B to A) for many pairs at once, row
    ``k`` of ``a`` with row ``k`` of ``b`` on the same weeks, and which pairs it would fit (the
    others raise a :class:`VarError` there). One batched solve instead of a fit per pair: the
    null model needs only these two numbers from each of its pseudo-couples."""
    shared = ~np.isnan(a) & ~np.isnan(b)
    starts = shared[:, :-1] & shared[:, 1:]
    za, varies_a = _z_rows(a, shared)
    zb, varies_b = _z_rows(b, shared)
    x = np.stack([starts.astype(np.float64), za[:, :-1] * starts, zb[:, :-1] * starts], axis=2)
    fitted: BoolArray = (starts.sum(axis=1) >= min_pairs) & varies_a & varies_b
    fitted &= (_spread(za[:, :-1], starts) > 1e-12) & (_spread(zb[:, :-1], starts) > 1e-12)
    fitted &= _full_rank(x)
    xt = np.swapaxes(x, 1, 2)
    xtx = xt @ x
    xtx[~fitted] = np.eye(3)
    ya = (za[:, 1:] * starts)[..., None]
    yb = (zb[:, 1:] * starts)[..., None]
    beta_a = np.asarray(np.linalg.solve(xtx, xt @ ya)[..., 0], dtype=np.float64)
    beta_b = np.asarray(np.linalg.solve(xtx, xt @ yb)[..., 0], dtype=np.float64)
    return beta_b[:, 1], beta_a[:, 2], fitted


def pseudo_couple_null(
    couples: Sequence[tuple[WeeklySeries, WeeklySeries]],
    *,
    align: Literal["from_start", "as_given"] = "from_start",
    max_pseudo: int = 2000,
    seed: int = 0,
    min_pairs: int = DEFAULT_MIN_PAIRS,
    level: float = 0.95,
    pairs: Sequence[tuple[int, int]] | None = None,
) -> PseudoCoupleNull:
    """Fit the model on pseudo-couples: partner A of one couple with partner B of another.

    ``couples`` holds each real couple's ``(a, b)`` series. Every ordered re-pairing of A of
    couple *i* with B of couple *j* (*j* != *i*) is used, or a random sample of ``max_pseudo``
    of them when there are more (reproducible through ``seed``). With ``align="from_start"``
    each couple's weeks are counted from its own first week, so pseudo-partners are matched on
    time in the study; ``"as_given"`` matches them on the week numbers supplied (calendar time).
    Pseudo-couples with too few shared consecutive weeks, or without variation, are skipped and
    counted in ``n_skipped``. ``pairs`` limits the re-pairings to these ordered ``(i, j)``
    (A of couple *i* with B of couple *j*), sampled in the same way when there are more.
    """
    if len(couples) < 2:
        raise NotEnoughCouples(len(couples))
    if not 0.0 < level < 1.0:
        raise ValueError("level must lie strictly between 0 and 1")
    aligned = [_from_start(a, b) if align == "from_start" else (a, b) for a, b in couples]
    rng = np.random.default_rng(seed)
    if pairs is None:
        pairs = _pairings(len(aligned), max_pseudo, rng)
    else:
        if any(i == j or not (0 <= i < len(aligned) and 0 <= j < len(aligned)) for i, j in pairs):
            raise ValueError("each pair names two different couples")
        if len(pairs) > max_pseudo:
            picks = sorted(int(k) for k in rng.choice(len(pairs), size=max_pseudo, replace=False))
            pairs = [pairs[k] for k in picks]
        if not pairs:
            raise NotEnoughCouples(0)
    grid = _grid([a for a, _ in aligned] + [b for _, b in aligned])
    grid_a, grid_b = grid[: len(aligned)], grid[len(aligned) :]
    rows_a = np.array([i for i, _ in pairs], dtype=np.intp)
    rows_b = np.array([j for _, j in pairs], dtype=np.intp)
    to_b, to_a, fitted = _cross_estimates(grid_a[rows_a], grid_b[rows_b], max(min_pairs, 4))
    a_to_b = [float(v) for v in to_b[fitted]]
    b_to_a = [float(v) for v in to_a[fitted]]
    return PseudoCoupleNull(
        a_to_b=tuple(a_to_b),
        b_to_a=tuple(b_to_a),
        n_attempted=len(pairs),
        n_skipped=len(pairs) - len(a_to_b),
        level=level,
    )


def no_link_null(
    a: WeeklySeries,
    b: WeeklySeries,
    *,
    simulations: int = 400,
    seed: int = 0,
    min_pairs: int = DEFAULT_MIN_PAIRS,
    level: float = 0.95,
) -> PseudoCoupleNull:
    """What chance gives for this couple: the same model fitted to series made to resemble the
    couple's own in every way but one, with no carry-over between the two.

    The couple's weeks are standardized as :func:`fit_couple` does; each partner's own
    week-to-week inertia and the two partners' same-week closeness (the correlation of their
    surprises) are estimated with the partner effects held at zero; ``simulations`` series of
    the couple's length are drawn from that model, with the couple's missing weeks left out,
    and fitted. Their partner effects, both directions pooled, form the range. Unlike rotating
    or re-pairing the couple's own weeks (a few dozen overlapping copies of one history), this
    range has the spread the estimate itself has when there is no link, so a couple without
    one falls outside it about ``1 - level`` of the time in each direction
    (docs/together.md has the simulation). Reproducible through ``seed``.
    """
    if not 0.0 < level < 1.0:
        raise ValueError("level must lie strictly between 0 and 1")
    x, ya, yb, _ = _design(a, b, max(min_pairs, 4))
    _check_predictors(x)
    auto_a, res_a = _ar1(x[:, [0, 1]], ya)
    auto_b, res_b = _ar1(x[:, [0, 2]], yb)
    closeness = _correlation(res_a, res_b)
    closeness = 0.0 if math.isnan(closeness) else closeness
    ca, cb = _clean(a), _clean(b)
    first = min(min(ca), min(cb))
    width = max(max(ca), max(cb)) - first + 2
    present_a = np.zeros(width, dtype=bool)
    present_b = np.zeros(width, dtype=bool)
    present_a[[w - first for w in ca]] = True
    present_b[[w - first for w in cb]] = True
    rng = np.random.default_rng(seed)
    sim_a, sim_b = _no_link_series(auto_a, auto_b, closeness, simulations, width, rng)
    sim_a[:, ~present_a] = np.nan
    sim_b[:, ~present_b] = np.nan
    to_b, to_a, fitted = _cross_estimates(sim_a, sim_b, max(min_pairs, 4))
    return PseudoCoupleNull(
        a_to_b=tuple(float(v) for v in to_b[fitted]),
        b_to_a=tuple(float(v) for v in to_a[fitted]),
        n_attempted=simulations,
        n_skipped=int(simulations - fitted.sum()),
        level=level,
    )


def _ar1(x: FloatArray, y: FloatArray) -> tuple[float, FloatArray]:
    """A partner's inertia with the other's effect held at zero, kept inside (-0.95, 0.95)."""
    beta, *_ = np.linalg.lstsq(x, y, rcond=None)
    return float(np.clip(beta[1], -0.95, 0.95)), y - x @ beta


def _no_link_series(
    auto_a: float,
    auto_b: float,
    closeness: float,
    count: int,
    width: int,
    rng: np.random.Generator,
) -> tuple[FloatArray, FloatArray]:
    """``count`` pairs of series of ``width`` weeks from two AR(1) processes whose surprises
    correlate ``closeness`` and that never carry into each other; each starts in its long-run
    spread (no warm-up drift)."""
    from scipy.signal import lfilter

    burn = 20
    e = rng.standard_normal((2, count, width + burn))
    r = float(np.clip(closeness, -0.99, 0.99))
    e[1] = r * e[0] + math.sqrt(1 - r * r) * e[1]
    sim_a = np.asarray(lfilter([1.0], [1.0, -auto_a], e[0], axis=1), dtype=np.float64)
    sim_b = np.asarray(lfilter([1.0], [1.0, -auto_b], e[1], axis=1), dtype=np.float64)
    return sim_a[:, burn:], sim_b[:, burn:]


# --------------------------------------------------------------------------------------------
# Plain-language descriptions


def _direction_sentence(coef: Coefficient, sender: str, receiver: str) -> str:
    figure = f"{coef.estimate:+.2f} (likely between {coef.ci_low:+.2f} and {coef.ci_high:+.2f})"
    if not coef.interval_excludes_zero:
        return (
            f"So far, how {sender}'s week went shows no clear echo in {receiver}'s "
            f"following week: {figure}."
        )
    way = "above theirs too" if coef.estimate > 0 else "below theirs instead"
    return (
        f"When {sender} was above their usual level one week, {receiver} tended to be "
        f"{way} the week after: {figure}."
    )


def describe(result: VarResult, name_a: str = "Partner A", name_b: str = "Partner B") -> str:
    """A short, neutral description of a couple's over-time pattern, with its uncertainty."""
    pct = round(result.level * 100)
    lines = [
        f"Based on {result.n_pairs} pairs of back-to-back weeks in which you both checked in.",
        _direction_sentence(result.a_to_b, name_a, name_b),
        _direction_sentence(result.b_to_a, name_b, name_a),
        (
            f"Each figure is in standard units of the receiving person's own ups and downs; "
            f"the range in brackets is a {pct}% interval. Many close couples show little "
            "week-to-week carry-over, and that is as ordinary as a strong one: this describes "
            "how your weeks have moved, it is not a score."
        ),
    ]
    return "\n".join(lines)


def describe_against_pseudo(
    result: VarResult,
    null: PseudoCoupleNull,
    name_a: str = "Partner A",
    name_b: str = "Partner B",
) -> str:
    """Describe the couple's cross-partner figures beside the pseudo-couple range."""
    if not null.cross:
        return "There are not yet enough other couples to show what chance pairings look like."
    band = f"{null.low:+.2f} to {null.high:+.2f}"
    lines = [
        (
            f"For comparison, when people from different couples are paired at random, the same "
            f"figure usually lies within {band} ({null.n_fitted} random pairings)."
        )
    ]
    for coef, sender, receiver in (
        (result.a_to_b, name_a, name_b),
        (result.b_to_a, name_b, name_a),
    ):
        inside = null.low <= coef.estimate <= null.high
        where = "inside" if inside else "outside"
        lines.append(
            f"From {sender} to {receiver}, your figure ({coef.estimate:+.2f}) sits {where} "
            "that range."
        )
    return "\n".join(lines)
