"""Reliability of a scale: Cronbach's alpha, McDonald's omega, item–rest correlations.

Input is a respondents × items matrix of answers (NaN where an item was not answered), the
item ids, which items are reverse-keyed, and the lowest and highest point of the response
scale. Reverse-keyed items are recoded (``low + high − x``) before anything is computed.

Missing answers are handled **pairwise** by default, as R's ``psych`` package does: every
covariance and correlation uses the respondents who answered both items, and every statistic
below is computed from that covariance (or correlation) matrix. ``missing="listwise"`` keeps
only respondents who answered every item. With complete data the two are identical.

* **alpha** — raw alpha ``k/(k−1)·(1 − tr C / ΣC)`` on the covariance matrix C, and the
  standardized alpha on the correlation matrix (``psych::alpha``'s ``raw_alpha``, ``std.alpha``);
* **item–rest correlation** — of each item with the sum of the other items, from C
  (``psych::alpha``'s ``r.drop``), and alpha if the item were dropped;
* **omega total** — from a one-factor model fitted by minimum residual (minres, unweighted
  least squares on the off-diagonal correlations; ``psych::fa(fm = "minres")``), as
  ``psych::omega`` computes it: ``ω_t = 1 − Σ uᵢ² / Σ R`` with uniquenesses ``uᵢ² = 1 − λᵢ²``
  and ``Σ R`` the sum of all elements of the correlation matrix (McDonald 1999). As in
  ``psych``, this correlation matrix is the pairwise Pearson one (each correlation with the
  means and SDs of the respondents who answered both items), while alpha uses the pairwise
  covariance matrix: with missing answers the two differ slightly;
* **reverse-key check** — every reverse-keyed item must correlate positively with the rest of
  its scale after recoding; those that do not are listed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import optimize

from interdepend.core.errors import InterdependError

__all__ = [
    "DegenerateItemError",
    "ItemStatistics",
    "Missing",
    "PsychometricsError",
    "ReliabilityReport",
    "cronbach_alpha",
    "item_rest_correlations",
    "one_factor_loadings",
    "omega_total",
    "pairwise_correlation",
    "pairwise_covariance",
    "recode_reverse",
    "reliability",
]

Missing = Literal["pairwise", "listwise"]
FloatArray = NDArray[np.float64]


class PsychometricsError(InterdependError):
    """The answers cannot be analysed as one scale."""


class DegenerateItemError(PsychometricsError):
    """An item has no variance, or two items were never answered together."""


@dataclass(frozen=True)
class ItemStatistics:
    """One item after recoding: its answers, item–rest correlation and alpha without it."""

    item_id: str
    reverse: bool
    n: int
    mean: float
    sd: float
    item_rest_r: float
    alpha_if_dropped: float
    loading: float


@dataclass(frozen=True)
class ReliabilityReport:
    """Reliability of one scale; ``reverse_problems`` lists reverse-keyed items that misfit."""

    n_respondents: int
    n_items: int
    missing: Missing
    alpha: float
    alpha_standardized: float
    omega_total: float
    items: tuple[ItemStatistics, ...]
    reverse_problems: tuple[str, ...]

    @property
    def reverse_keys_ok(self) -> bool:
        """Whether every reverse-keyed item correlates positively with its scale."""
        return not self.reverse_problems


def recode_reverse(
    responses: ArrayLike, reverse: Sequence[bool], minimum: float, maximum: float
) -> FloatArray:
    """Answers with reverse-keyed columns recoded to ``minimum + maximum − x``."""
    x = np.array(responses, dtype=np.float64)
    flags = np.asarray(reverse, dtype=bool)
    if x.ndim != 2 or flags.shape != (x.shape[1],):
        raise PsychometricsError("responses must be respondents × items, one flag per item")
    answered = x[~np.isnan(x)]
    if answered.size and (answered.min() < minimum or answered.max() > maximum):
        raise PsychometricsError(f"answers must lie between {minimum:g} and {maximum:g}")
    x[:, flags] = minimum + maximum - x[:, flags]
    return x


def _pairwise_sums(x: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """What pairwise-complete statistics start from: which answers are present (1.0/0.0), the
    answers with the missing ones as 0, how many answered each pair, and ``sums[i, j]``, the
    sum of item i over those who answered item j too."""
    present = (~np.isnan(x)).astype(np.float64)
    filled = np.where(np.isnan(x), 0.0, x)
    counts = present.T @ present
    if (counts < 2).any():
        raise DegenerateItemError("some pair of items was answered together fewer than twice")
    return present, filled, counts, filled.T @ present


def pairwise_covariance(x: FloatArray) -> tuple[FloatArray, NDArray[np.int64]]:
    """Covariances from pairwise-complete observations, and the count behind each."""
    _present, filled, counts, sums = _pairwise_sums(x)
    products = filled.T @ filled
    cov = (products - sums * sums.T / counts) / (counts - 1)
    return cov, counts.astype(np.int64)


def pairwise_correlation(x: FloatArray) -> FloatArray:
    """Pearson correlations, each from the respondents who answered both items."""
    present, filled, counts, sums = _pairwise_sums(x)
    squares = (filled**2).T @ present
    cross = filled.T @ filled - sums * sums.T / counts
    spread = squares - sums**2 / counts  # [i, j]: sum of squares of item i where j answered
    with np.errstate(divide="ignore", invalid="ignore"):
        corr: FloatArray = cross / np.sqrt(spread * spread.T)
    np.fill_diagonal(corr, 1.0)
    return corr


def cronbach_alpha(cov: ArrayLike) -> float:
    """Cronbach's alpha from a covariance (raw) or correlation (standardized) matrix."""
    c = np.asarray(cov, dtype=np.float64)
    k = c.shape[0]
    if k < 2:
        raise PsychometricsError("alpha needs at least two items")
    return float(k / (k - 1) * (1.0 - np.trace(c) / c.sum()))


def item_rest_correlations(cov: ArrayLike) -> FloatArray:
    """Each item's correlation with the sum of the other items (psych's ``r.drop``)."""
    c = np.asarray(cov, dtype=np.float64)
    total = c.sum(axis=1)
    with_rest = total - np.diag(c)
    rest_variance = c.sum() - 2 * total + np.diag(c)
    result: FloatArray = with_rest / np.sqrt(np.diag(c) * rest_variance)
    return result


def one_factor_loadings(corr: ArrayLike) -> FloatArray:
    """Loadings of a one-factor minres (off-diagonal least squares) model of ``corr``.

    Started from the first principal axis with squared multiple correlations as
    communalities; loadings are bounded to [−1, 1] (a Heywood case stops at the bound) and
    signed so that they sum to a positive number.
    """
    r = np.asarray(corr, dtype=np.float64)
    upper = np.triu_indices(r.shape[0], k=1)

    def residuals(loadings: FloatArray) -> FloatArray:
        result: FloatArray = (r - np.outer(loadings, loadings))[upper]
        return result

    def jacobian(loadings: FloatArray) -> FloatArray:
        jac = np.zeros((upper[0].size, loadings.size))
        rows = np.arange(upper[0].size)
        jac[rows, upper[0]] = -loadings[upper[1]]
        jac[rows, upper[1]] = -loadings[upper[0]]
        return jac

    tight = {"xtol": 1e-15, "ftol": 1e-15, "gtol": 1e-15}
    start = _principal_axis(r)
    loadings: FloatArray = optimize.least_squares(
        residuals, start, jac=jacobian, method="lm", **tight
    ).x
    if np.abs(loadings).max() > 1.0:  # a Heywood case: refit within the bounds
        bounded = optimize.least_squares(residuals, start, jac=jacobian, bounds=(-1.0, 1.0))
        loadings = bounded.x
    return loadings if loadings.sum() >= 0 else -loadings


def _principal_axis(r: FloatArray) -> FloatArray:
    try:
        smc = 1.0 - 1.0 / np.diag(np.linalg.inv(r))
    except np.linalg.LinAlgError:
        smc = np.abs(r - np.eye(r.shape[0])).max(axis=1)
    reduced = r.copy()
    np.fill_diagonal(reduced, np.clip(smc, 0.0, 0.999))
    values, vectors = np.linalg.eigh(reduced)
    start: FloatArray = vectors[:, -1] * np.sqrt(max(values[-1], 1e-6))
    return np.clip(start if start.sum() >= 0 else -start, -0.999, 0.999)


def omega_total(corr: ArrayLike) -> tuple[float, FloatArray]:
    """McDonald's omega total as ``psych::omega`` reports it, and the minres loadings."""
    r = np.asarray(corr, dtype=np.float64)
    loadings = one_factor_loadings(r)
    uniqueness = 1.0 - loadings**2
    return float(1.0 - uniqueness.sum() / r.sum()), loadings


def reliability(
    responses: ArrayLike,
    item_ids: Sequence[str],
    reverse: Sequence[bool],
    minimum: float,
    maximum: float,
    *,
    missing: Missing = "pairwise",
) -> ReliabilityReport:
    """Alpha, omega, item statistics and the reverse-key check for one scale."""
    x = recode_reverse(responses, reverse, minimum, maximum)
    if len(item_ids) != x.shape[1] or x.shape[1] < 2:
        raise PsychometricsError("give at least two items, one id per column")
    x = _complete(x, missing)
    if x.shape[0] < 3:
        raise PsychometricsError("reliability needs at least three respondents")
    cov, _ = pairwise_covariance(x)
    _check_variances(cov, item_ids)
    corr = cov / np.sqrt(np.outer(np.diag(cov), np.diag(cov)))
    omega, loadings = omega_total(pairwise_correlation(x))
    items = _item_statistics(x, cov, loadings, item_ids, reverse)
    problems = tuple(item.item_id for item in items if item.reverse and not item.item_rest_r > 0)
    return ReliabilityReport(
        n_respondents=x.shape[0],
        n_items=x.shape[1],
        missing=missing,
        alpha=cronbach_alpha(cov),
        alpha_standardized=cronbach_alpha(corr),
        omega_total=omega,
        items=items,
        reverse_problems=problems,
    )


def _complete(x: FloatArray, missing: Missing) -> FloatArray:
    if missing == "listwise":
        return x[~np.isnan(x).any(axis=1)]
    if missing != "pairwise":
        raise PsychometricsError(f"missing must be 'pairwise' or 'listwise', not {missing!r}")
    return x[~np.isnan(x).all(axis=1)]


def _check_variances(cov: FloatArray, item_ids: Sequence[str]) -> None:
    flat = [item_ids[int(i)] for i in np.flatnonzero(np.diag(cov) <= 0)]
    if flat:
        raise DegenerateItemError(f"every respondent gave the same answer to {', '.join(flat)}")


def _item_statistics(
    x: FloatArray,
    cov: FloatArray,
    loadings: FloatArray,
    item_ids: Sequence[str],
    reverse: Sequence[bool],
) -> tuple[ItemStatistics, ...]:
    rest = item_rest_correlations(cov)
    k = cov.shape[0]
    dropped = [
        cronbach_alpha(np.delete(np.delete(cov, i, 0), i, 1)) if k > 2 else float("nan")
        for i in range(k)
    ]
    return tuple(
        ItemStatistics(
            item_id=str(item_ids[i]),
            reverse=bool(reverse[i]),
            n=int((~np.isnan(x[:, i])).sum()),
            mean=float(np.nanmean(x[:, i])),
            sd=float(np.nanstd(x[:, i], ddof=1)),
            item_rest_r=float(rest[i]),
            alpha_if_dropped=dropped[i],
            loading=float(loadings[i]),
        )
        for i in range(k)
    )
