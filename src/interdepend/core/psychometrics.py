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
  its scale after recoding; those that do not are listed;
* **keying check** — every item, forward or reverse, whose item–rest correlation after recoding
  is below :data:`KEYING_THRESHOLD` (0.10) is listed with a plain explanation
  (:func:`keying_problems`): answers that move against the scale point to a keying or wording
  slip; answers that barely move with it, to a statement that may not belong;
* **omega hierarchical** — :func:`omega` and :func:`omega_from_answers`, the bifactor
  (Schmid–Leiman) omegas exactly as ``psych::omega`` reports them with its defaults.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import optimize

from interdepend.core.errors import InterdependError
from interdepend.core.lbfgsb import minimize_in_box

__all__ = [
    "KEYING_THRESHOLD",
    "DegenerateItemError",
    "UndefinedCorrelationError",
    "ItemStatistics",
    "KeyingProblem",
    "Missing",
    "Omega",
    "PsychometricsError",
    "ReliabilityReport",
    "cronbach_alpha",
    "item_rest_correlations",
    "keying_problems",
    "minres_loadings",
    "oblimin",
    "omega",
    "omega_from_answers",
    "one_factor_loadings",
    "omega_total",
    "pairwise_correlation",
    "pairwise_covariance",
    "recode_reverse",
    "reliability",
]

Missing = Literal["pairwise", "listwise"]
FloatArray = NDArray[np.float64]

#: Items whose corrected item–rest correlation is below this are flagged by the keying check.
#: A negative value says the item runs against its scale; from 0 to 0.10 the item shares less
#: than 1 % of its variance with the rest, below what a sample of a few hundred can tell from
#: zero, so it gives no evidence of measuring what its scale does. Weak but positive items
#: (0.10–0.30) are a matter for item review, not a keying error, and are not flagged.
KEYING_THRESHOLD = 0.10

AGAINST = (
    "answers to this statement move against the rest of its scale: check its keying or wording"
)
APART = (
    "answers to this statement hardly move with the rest of its scale: "
    "check its wording, or whether it belongs to this scale"
)


class PsychometricsError(InterdependError):
    """The answers cannot be analysed as one scale."""


class DegenerateItemError(PsychometricsError):
    """An item has no variance, or two items were never answered together."""


class UndefinedCorrelationError(DegenerateItemError):
    """Two items have no correlation: among the respondents who answered both, one of them
    did not vary. ``items`` names the two, ``flat`` the one that did not vary, ``n`` counts
    the respondents who answered both."""

    def __init__(self, items: tuple[str, str], flat: str, n: int) -> None:
        self.items, self.flat, self.n = items, flat, n
        super().__init__(
            f"items {items[0]} and {items[1]} have no correlation: the {n} respondents who "
            f"answered both gave {flat} the same answer"
        )


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
class KeyingProblem:
    """An item whose answers, after recoding, do not rise with the rest of its scale."""

    item_id: str
    reverse: bool
    item_rest_r: float
    explanation: str


@dataclass(frozen=True)
class ReliabilityReport:
    """Reliability of one scale.

    ``reverse_problems`` lists reverse-keyed items that correlate negatively with the rest;
    ``keying_problems`` every item, forward or reverse, below :data:`KEYING_THRESHOLD`;
    ``left_out`` the items every respondent answered alike, which say nothing about how the
    items go together and are left out of every figure (as ``psych::alpha`` drops them);
    ``unanswered`` the items fewer than two respondents answered, which have no spread either
    and are left out the same way (psych drops them with the same warning).
    """

    n_respondents: int
    n_items: int
    missing: Missing
    alpha: float
    alpha_standardized: float
    omega_total: float
    items: tuple[ItemStatistics, ...]
    reverse_problems: tuple[str, ...]
    keying_problems: tuple[KeyingProblem, ...] = ()
    left_out: tuple[str, ...] = ()
    unanswered: tuple[str, ...] = ()

    @property
    def reverse_keys_ok(self) -> bool:
        """Whether every reverse-keyed item correlates positively with its scale."""
        return not self.reverse_problems

    @property
    def keying_ok(self) -> bool:
        """Whether every item rises with the rest of its scale (the keying check)."""
        return not self.keying_problems


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


def _from_first_answer(x: FloatArray) -> FloatArray:
    """Each item's answers less the item's first answer (missing answers stay missing).

    Covariances and correlations do not change when an item is shifted, but the sums of
    squares they are worked out from do: answers of 10,000,001 to 10,000,007 squared leave
    too few digits for their spread, which came out as nothing (the items "did not vary") or
    wrong in the fifth digit. Shifted, the answers keep their spread in every digit, and an
    item answered alike by everyone becomes exactly 0."""
    answered = ~np.isnan(x)
    first = x[np.argmax(answered, axis=0), np.arange(x.shape[1])]
    shifted: FloatArray = x - np.where(answered.any(axis=0), first, 0.0)
    return shifted


def _pairwise_sums(x: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """What pairwise-complete statistics start from: which answers are present (1.0/0.0), the
    answers (shifted by :func:`_from_first_answer`) with the missing ones as 0, how many
    answered each pair, and ``sums[i, j]``, the sum of item i over those who answered item j
    too."""
    present = (~np.isnan(x)).astype(np.float64)
    filled = np.where(np.isnan(x), 0.0, _from_first_answer(x))
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
    if r.shape[0] == 2:
        # One correlation and two loadings: any pair whose product is r fits it exactly. The
        # equal pair is the one psych reports, and it makes omega equal standardised alpha.
        size = math.sqrt(min(abs(float(r[0, 1])), 1.0))
        return np.array([size, size if r[0, 1] >= 0 else -size])
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
        with np.errstate(divide="ignore"):  # an infinite smc is clipped below
            smc = 1.0 - 1.0 / np.diag(np.linalg.inv(r))
    except np.linalg.LinAlgError:
        smc = np.abs(r - np.eye(r.shape[0])).max(axis=1)
    reduced = r.copy()
    np.fill_diagonal(reduced, np.clip(smc, 0.0, 0.999))
    values, vectors = np.linalg.eigh(reduced)
    start: FloatArray = vectors[:, -1] * np.sqrt(max(values[-1], 1e-6))
    return np.clip(start if start.sum() >= 0 else -start, -0.999, 0.999)


def omega_total(corr: ArrayLike) -> tuple[float, FloatArray]:
    """McDonald's omega total as ``psych::omega(x, nfactors = 1)`` reports it, and the minres
    loadings (bounded to [−1, 1], for the item table).

    The total is :func:`omega`'s with one factor, so it follows psych in two places the item
    table does not: an item whose loading comes out negative is turned round before the sums
    (``flip = TRUE``), and a Heywood loading above one is kept as it came (its uniqueness below
    zero), not stopped at the bound.
    """
    r = np.asarray(corr, dtype=np.float64)
    loadings = one_factor_loadings(r)
    return omega(r, nfactors=1).total, loadings


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
    complete = _complete(x, missing)
    if complete.shape[0] < 3:
        raise PsychometricsError(_too_few(x, complete.shape[0], missing))
    x = complete
    # An item with no spread, because everyone answered it alike or fewer than two answered
    # it at all, is left out, as psych::alpha deletes it ("had no variance and was deleted").
    few = (~np.isnan(x)).sum(axis=0) < 2
    flat = np.zeros_like(few)
    flat[~few] = np.nanmax(x[:, ~few], axis=0) == np.nanmin(x[:, ~few], axis=0)
    left_out = tuple(item_ids[int(i)] for i in np.flatnonzero(flat))
    unanswered = tuple(item_ids[int(i)] for i in np.flatnonzero(few))
    gone = few | flat
    if int((~gone).sum()) < 2:
        why = [f"every respondent gave the same answer to {', '.join(left_out)}"] * bool(left_out)
        why += [f"fewer than two respondents answered {', '.join(unanswered)}"] * bool(unanswered)
        raise DegenerateItemError(f"{'; '.join(why)}, which leaves fewer than two items to compare")
    if gone.any():
        x = x[:, ~gone]
        item_ids = [i for i, out in zip(item_ids, gone, strict=True) if not out]
        reverse = [r for r, out in zip(reverse, gone, strict=True) if not out]
    _check_pairs(x, item_ids)
    cov, _ = pairwise_covariance(x)
    _check_correlations(x, item_ids)
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
        keying_problems=keying_problems(items),
        left_out=left_out,
        unanswered=unanswered,
    )


def _too_few(x: FloatArray, kept: int, missing: Missing) -> str:
    if missing == "listwise" and x.shape[0] >= 3:
        return (
            f"fewer than three respondents answered every item ({kept} of {x.shape[0]} did), "
            "and listwise reliability uses only those who did; pairwise, the default, uses every "
            "answer given"
        )
    return f"reliability needs at least three respondents ({kept} answered any item)"


def _check_pairs(x: FloatArray, item_ids: Sequence[str]) -> None:
    """Name an item, or else the first two items, answered (together) by fewer than two
    respondents: too few for a variance or a correlation."""
    counts = (~np.isnan(x)).astype(np.float64).T @ (~np.isnan(x)).astype(np.float64)
    alone = np.flatnonzero(np.diag(counts) < 2)
    pairs = np.argwhere(counts < 2)
    if not alone.size and not pairs.size:
        return
    i, j = (int(alone[0]), int(alone[0])) if alone.size else (int(pairs[0][0]), int(pairs[0][1]))
    n = int(counts[i, j])
    what = (
        f"item {item_ids[i]} was answered by"
        if i == j
        else f"items {item_ids[i]} and {item_ids[j]} were answered together by"
    )
    who = "1 respondent" if n == 1 else f"{n} respondents"
    raise DegenerateItemError(f"{what} {who}; at least two are needed")


def _check_correlations(x: FloatArray, item_ids: Sequence[str]) -> None:
    """Raise :class:`UndefinedCorrelationError` for the first pair of items whose pairwise
    correlation is undefined, because one of them did not vary among those who answered both
    (psych stops on the gap this leaves in the correlation matrix)."""
    present = (~np.isnan(x)).astype(np.float64)
    filled = np.where(np.isnan(x), 0.0, _from_first_answer(x))
    counts = present.T @ present
    sums = filled.T @ present
    squares = (filled**2).T @ present
    spread = squares - sums**2 / counts  # [i, j]: sum of squares of item i where j answered
    flat = spread <= 1e-12 * squares  # rounding, not variation, whatever the answers' units
    np.fill_diagonal(flat, False)
    bad = np.argwhere(flat | flat.T)
    if bad.size:
        i, j = sorted(int(v) for v in bad[0])
        still = i if flat[i, j] else j
        raise UndefinedCorrelationError(
            (item_ids[i], item_ids[j]), item_ids[still], int(counts[i, j])
        )


def keying_problems(
    items: Sequence[ItemStatistics], threshold: float = KEYING_THRESHOLD
) -> tuple[KeyingProblem, ...]:
    """Every item, forward or reverse, whose item–rest correlation after recoding is below
    ``threshold``, with a plain explanation (an undefined correlation counts as below).

    Below ``−threshold`` the answers run against the scale (a keying or wording slip); between
    the two they are about as likely to be unrelated to it as against it, so the words say so.
    """
    return tuple(
        KeyingProblem(
            item_id=item.item_id,
            reverse=item.reverse,
            item_rest_r=item.item_rest_r,
            explanation=AGAINST if item.item_rest_r < -threshold else APART,
        )
        for item in items
        if not item.item_rest_r >= threshold
    )


def _complete(x: FloatArray, missing: Missing) -> FloatArray:
    if missing == "listwise":
        return x[~np.isnan(x).any(axis=1)]
    if missing != "pairwise":
        raise PsychometricsError(f"missing must be 'pairwise' or 'listwise', not {missing!r}")
    return x[~np.isnan(x).all(axis=1)]


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


# --- omega hierarchical: minres, oblimin and the Schmid–Leiman transformation ---------------
#
# Each step mirrors what ``psych::omega(m)`` does with its defaults (psych 2.2.9, GPArotation
# 2022.10): the same starting values, optimiser settings, stopping rules and sign conventions,
# so that the figures agree with R's to about 1e-6 rather than only at the exact optimum.

_EPS = float(np.finfo(np.float64).eps)
_PARSCALE = 0.01  # optim's ``parscale`` in psych's minres fit


@dataclass(frozen=True)
class Omega:
    """McDonald's omegas of a scale from a bifactor (Schmid–Leiman) solution.

    ``hierarchical`` is the share of the total score's variance owed to one general factor,
    ``total`` the share owed to all common factors. ``general_loadings`` (one per item) and
    ``group_loadings`` (items × group factors) are the Schmid–Leiman loadings after the items
    have been turned (``keys``, +1 or −1) so that every general loading is positive, as psych
    does by default. ``omega_limit`` is ``hierarchical / total``; ``explained_common_variance``
    the general factor's share of the common variance (psych's ECV).
    """

    hierarchical: float
    total: float
    general_loadings: tuple[float, ...]
    group_loadings: tuple[tuple[float, ...], ...]
    communalities: tuple[float, ...]
    keys: tuple[int, ...]
    factor_correlations: tuple[tuple[float, ...], ...]
    n_factors: int
    omega_limit: float
    explained_common_variance: float
    rotation_converged: bool
    heywood: bool


def _descending_eigh(matrix: FloatArray) -> tuple[FloatArray, FloatArray]:
    values, vectors = np.linalg.eigh(matrix)
    return values[::-1], vectors[:, ::-1]


def _smc(r: FloatArray) -> FloatArray:
    """Squared multiple correlations, bounded to [0, 1] (``psych::smc``)."""
    smc: FloatArray = 1.0 - 1.0 / np.diag(np.linalg.pinv(r, hermitian=True))
    return np.clip(smc, 0.0, 1.0)


def _principal_loadings(reduced: FloatArray, nfactors: int) -> FloatArray:
    values, vectors = _descending_eigh(reduced)
    loadings: FloatArray = vectors[:, :nfactors] * np.sqrt(np.maximum(values[:nfactors], 0.0))
    return loadings


def _minres_uniquenesses(r: FloatArray, nfactors: int) -> FloatArray:
    """psych's minres fit: R's L-BFGS-B on the uniquenesses (scaled by ``parscale`` 0.01),
    from ``1 − smc``, within [0.005, 1]; see :mod:`interdepend.core.lbfgsb`."""
    smc = _smc(r)
    lower = np.tril_indices(r.shape[0], k=-1)

    def objective(scaled: FloatArray) -> float:
        s = r.copy()
        np.fill_diagonal(s, 1.0 - scaled * _PARSCALE)
        values, vectors = _descending_eigh(s)
        values[values < _EPS] = 100 * _EPS
        loadings = vectors[:, :nfactors] * np.sqrt(values[:nfactors])
        return float(((s - loadings @ loadings.T)[lower] ** 2).sum())

    def gradient(scaled: FloatArray) -> FloatArray:
        psi = scaled * _PARSCALE
        loadings = _principal_loadings(r - np.diag(psi), nfactors)
        result: FloatArray = ((loadings**2).sum(axis=1) + psi - np.diag(r)) * _PARSCALE
        return result

    upper = max(float(smc.max()), 1.0)
    n = r.shape[0]
    fit = minimize_in_box(
        objective,
        gradient,
        (np.diag(r) - smc) / _PARSCALE,
        np.full(n, 0.005 / _PARSCALE),
        np.full(n, upper / _PARSCALE),
    )
    psi: FloatArray = fit.x * _PARSCALE
    return psi


def minres_loadings(corr: ArrayLike, nfactors: int) -> FloatArray:
    """Unrotated minres loadings of ``corr`` as ``psych::fa(fm = "minres", rotate = "none")``.

    Each column is signed so that its loadings sum to a positive number.
    """
    r = np.asarray(corr, dtype=np.float64)
    psi = _minres_uniquenesses(r, nfactors)
    loadings = _principal_loadings(r - np.diag(psi), nfactors)
    signs = np.where(loadings.sum(axis=0) < 0, -1.0, 1.0)
    result: FloatArray = loadings * signs
    return result


def _varimax(loadings: FloatArray) -> FloatArray:
    """``stats::varimax`` with Kaiser normalisation and its stopping rule (eps = 1e-5)."""
    scale = np.sqrt((loadings**2).sum(axis=1))
    x = loadings / scale[:, None]
    p, k = x.shape
    rotation = np.eye(k)
    d = 0.0
    for _ in range(1000):
        z = x @ rotation
        b = x.T @ (z**3 - z * (z**2).sum(axis=0) / p)
        u, singular, vt = np.linalg.svd(b)
        rotation = u @ vt
        d_past, d = d, float(singular.sum())
        if d < d_past * (1 + 1e-5):
            break
    result: FloatArray = (x @ rotation) * scale[:, None]
    return result


def _quartimin(loadings: FloatArray) -> tuple[float, FloatArray]:
    """Oblimin's criterion with gamma = 0 (quartimin) and its gradient (GPArotation's vgQ)."""
    squares = loadings**2
    others = squares @ (1.0 - np.eye(loadings.shape[1]))
    return float((squares * others).sum() / 4), loadings * others


def oblimin(loadings: ArrayLike) -> tuple[FloatArray, FloatArray, bool]:
    """Oblimin (gamma = 0) by GPArotation's gradient projection ``GPFoblq``.

    Starts from the identity, stops when the projected gradient's norm is below 1e-5 or after
    1,000 iterations, as GPArotation does. Returns the pattern loadings, the factor
    correlations and whether it converged.
    """
    a = np.asarray(loadings, dtype=np.float64)
    rotation = np.eye(a.shape[1])
    pattern = a.copy()
    f, gq = _quartimin(pattern)
    gradient = -(pattern.T @ gq).T
    step, converged = 1.0, False
    for _ in range(1001):
        projected = gradient - rotation * (rotation * gradient).sum(axis=0)
        s = float(np.sqrt((projected**2).sum()))
        if s < 1e-5:
            converged = True
            break
        step *= 2
        for _ in range(11):
            x = rotation - step * projected
            candidate = x / np.sqrt((x**2).sum(axis=0))
            pattern = a @ np.linalg.inv(candidate).T
            f_new, gq = _quartimin(pattern)
            if f - f_new > 0.5 * s**2 * step:
                break
            step /= 2
        rotation, f = candidate, f_new
        gradient = -(pattern.T @ gq @ np.linalg.inv(rotation)).T
    phi: FloatArray = rotation.T @ rotation
    return pattern, phi, converged


def _fa_varimax(r: FloatArray, nfactors: int) -> FloatArray:
    """``psych::fa(r, nfactors, rotate = "varimax")``: signed, columns by size."""
    loadings = minres_loadings(r, nfactors)
    if nfactors == 1:
        return loadings
    rotated = _varimax(loadings)
    rotated = rotated * np.where(rotated.sum(axis=0) < 0, -1.0, 1.0)
    order = np.argsort(-(rotated**2).sum(axis=0), kind="stable")
    result: FloatArray = rotated[:, order]
    return result


def _general_of_factors(phi: FloatArray) -> FloatArray:
    """The general factor's loadings on the group factors (psych's ``schmid``, option "equal")."""
    k = phi.shape[0]
    if k == 1:
        return np.ones(1)
    if k == 2:
        root = np.sqrt(abs(phi[0, 1]))
        return np.array([root, np.sign(phi[0, 1]) * root])
    return minres_loadings(phi, 1)[:, 0]


def _oblique(orthogonal: FloatArray) -> tuple[FloatArray, FloatArray, bool]:
    """Oblimin of the varimax loadings, as psych's ``schmid`` (one factor stays as it is)."""
    k = orthogonal.shape[1]
    if k == 1:
        return orthogonal, np.ones((1, 1)), True
    try:
        return oblimin(orthogonal)
    except np.linalg.LinAlgError as error:
        raise PsychometricsError(
            f"the {k} factors could not be rotated apart; try fewer factors"
        ) from error


def omega(corr: ArrayLike, nfactors: int = 3) -> Omega:
    """Omega hierarchical and omega total of a correlation matrix as ``psych::omega`` gives them.

    The defaults of ``psych::omega(m)`` are followed: ``nfactors`` minres factors, rotated by
    varimax then oblimin; a one-factor minres fit of the factors' correlations gives the general
    factor (with two factors, both load ``√|φ₁₂|``); items whose general loading comes out
    negative are turned round before the sums (psych's ``flip = TRUE``). Then, with R the
    (turned) correlation matrix and g the general loadings,
    ``ω_h = (Σ g)² / Σ R`` and ``ω_t = (Σ R − Σ (1 − h²)) / Σ R``,
    h² being each item's communality in the ``nfactors``-factor model.
    """
    r = np.asarray(corr, dtype=np.float64)
    if r.ndim != 2 or r.shape[0] != r.shape[1] or not np.isfinite(r).all():
        raise PsychometricsError("omega needs a square correlation matrix without gaps")
    if not 1 <= nfactors < r.shape[0]:
        raise PsychometricsError("omega needs fewer factors than items, and at least one")
    sd = np.sqrt(np.diag(r))
    r = r / np.outer(sd, sd)  # as psych's cov2cor
    orthogonal = _fa_varimax(r, nfactors)
    pattern, phi, converged = _oblique(orthogonal)
    g_of_factors = _general_of_factors(phi)
    general = pattern @ g_of_factors
    groups = np.sign(pattern) * np.sqrt(np.maximum(pattern**2 * (1 - g_of_factors**2), 0.0))
    communality = (orthogonal**2).sum(axis=1)
    keys = np.where(general < 0, -1.0, 1.0)
    turned = r * np.outer(keys, keys)
    general, groups = general * keys, groups * keys[:, None]
    total_variance = float(turned.sum())
    common = total_variance - float((1.0 - communality).sum())
    gsq = float(general.sum() ** 2)
    strength = np.concatenate([[float((general**2).sum())], (groups**2).sum(axis=0)])
    return Omega(
        hierarchical=gsq / total_variance,
        total=common / total_variance,
        general_loadings=tuple(float(v) for v in general),
        group_loadings=tuple(tuple(float(v) for v in row) for row in groups),
        communalities=tuple(float(v) for v in communality),
        keys=tuple(int(k) for k in keys),
        factor_correlations=tuple(tuple(float(v) for v in row) for row in phi),
        n_factors=nfactors,
        omega_limit=gsq / common,
        explained_common_variance=float(strength[0] / strength.sum()),
        rotation_converged=converged,
        heywood=bool((communality > 1).any() or (np.abs(g_of_factors) > 1).any()),
    )


def omega_from_answers(responses: ArrayLike, nfactors: int = 3) -> Omega:
    """:func:`omega` of respondents × items answers (NaN where unanswered), from the pairwise
    Pearson correlations that ``psych::omega`` computes from raw data."""
    x = np.asarray(responses, dtype=np.float64)
    if x.ndim != 2:
        raise PsychometricsError("responses must be respondents × items")
    corr = pairwise_correlation(x[~np.isnan(x).all(axis=1)])
    flat = [str(i + 1) for i in np.flatnonzero(~(np.nanstd(x, axis=0) > 0))]
    if flat:
        raise DegenerateItemError(f"the answers in columns {', '.join(flat)} do not vary")
    if not np.isfinite(corr).all():
        raise DegenerateItemError("some pair of items has answers that do not vary together")
    return omega(corr, nfactors)
