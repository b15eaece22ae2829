"""Confirmatory factor analysis by maximum likelihood, fitted as R's lavaan fits it.

A :class:`Structure` says which factor each item measures (simple structure: one factor per
item, factors correlated, residuals uncorrelated). :func:`fit_cfa` fits it to the complete
rows of a respondents × items matrix; :func:`fit_invariance` fits it to two groups at once,
first with everything free per group (configural), then with equal loadings (metric), then
with equal loadings and intercepts (scalar).

The conventions are lavaan's for ``cfa(model, data, std.lv = TRUE)``, normal-theory ML:

* the sample covariance divides by N (not N − 1) and the statistic is ``Σ_g N_g · F_g`` with
  ``F = log|Σ| + tr(S Σ⁻¹) − log|S| − p + (ȳ − μ)ᵀ Σ⁻¹ (ȳ − μ)``;
* factor variances are fixed at 1 and every loading is free; in a second group whose loadings
  are held equal the factor variances are free (lavaan does this since 0.6-4), and when the
  intercepts are held equal too the factor means are free in that group;
* a single group has no mean structure; several groups have one (intercepts free per group
  unless held equal, factor means 0 unless freed as above);
* CFI and TLI against the independence model (free variances, and free means per group);
  RMSEA ``sqrt(max(χ²/(N·df) − 1/N, 0)) · sqrt(G)`` with lavaan's 90 % interval; SRMR is
  lavaan's default (Bentler's: residuals scaled by the observed standard deviations, the mean
  residuals included when there is a mean structure, groups weighted by N_g / N);
* standardized loadings are lavaan's ``std.all``.

The estimator is our own (quasi-Newton with an analytic gradient, polished by Newton steps);
``docs/validity.md`` says why and how close it comes to lavaan.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import linalg, optimize, stats

from interdepend.core.dyadic import capitals_hint
from interdepend.core.errors import InterdependError
from interdepend.core.instrument import Instrument
from interdepend.core.plural import counted, listed
from interdepend.core.textdata import is_missing

__all__ = [
    "CfaError",
    "CfaFit",
    "ChiSquareDifference",
    "DegenerateItem",
    "FitIndices",
    "GroupError",
    "InvarianceNotTestable",
    "InvarianceResult",
    "InvarianceStep",
    "Loading",
    "NotEnoughRows",
    "Structure",
    "chi_square_difference",
    "example_pairs",
    "fit_cfa",
    "fit_invariance",
    "intended_structure",
    "one_factor_structure",
    "paired_structure",
    "parse_pairs",
    "simple_structure",
    "simulate_responses",
]

FloatArray = NDArray[np.float64]
IndexArray = NDArray[np.intp]
FIXED = -1  # an index meaning "not a free parameter"
PAIRS_EXAMPLE = "self+enmeshment,bond+distance"  # the inventories' scales in their two pairs
INVARIANCE_STEPS = ("configural", "metric", "scalar")
POLISH_ABOVE = 1e-7  # largest gradient element L-BFGS-B may leave before Newton steps
CONVERGED_BELOW = 1e-5  # largest gradient element of a converged fit
SINGULAR_BELOW = 1e-12  # smallest eigenvalue of the items' correlations, or refused
FOLLOWS_BELOW = 1e-10  # share of an item's spread the items before it leave unexplained


class CfaError(InterdependError):
    """The answers cannot be analysed with this factor model."""


class NotEnoughRows(CfaError):
    """Too few respondents answered every item."""


class DegenerateItem(CfaError):
    """An item has no variance, or the items' covariance matrix is singular."""


class GroupError(CfaError):
    """The group column does not split the respondents into exactly two groups."""


class InvarianceNotTestable(CfaError):
    """One group cannot be fitted on its own (too few complete respondents, an item with one
    answer throughout the group, or items that are exact combinations of others within it).

    The groups cannot be compared, but the pooled models may still be fitted."""


# --------------------------------------------------------------------------------- structure


@dataclass(frozen=True)
class Structure:
    """Which factor each item measures: ``factor_of[i]`` indexes ``factors``."""

    name: str
    factors: tuple[str, ...]
    items: tuple[str, ...]
    factor_of: tuple[int, ...]

    def items_of(self, factor: str) -> tuple[str, ...]:
        k = self.factors.index(factor)
        return tuple(i for i, f in zip(self.items, self.factor_of, strict=True) if f == k)

    def lavaan_syntax(self) -> str:
        """The model in lavaan's syntax (for cross-checks and for readers who use R)."""
        lines = [f"{_name(f)} =~ {' + '.join(self.items_of(f))}" for f in self.factors]
        return "\n".join(lines)


def _name(factor: str) -> str:
    """A factor name lavaan's syntax accepts: letters, digits and underscores."""
    return "".join(c if c.isalnum() else "_" for c in factor)


def simple_structure(name: str, factors: Mapping[str, Sequence[str]]) -> Structure:
    """A structure from ``{factor: [item, ...]}``; every item on one factor, two or more each."""
    items: list[str] = []
    factor_of: list[int] = []
    for k, (factor, members) in enumerate(factors.items()):
        if len(members) < 2:
            has = f"one item ({members[0]})" if members else "no items"
            raise CfaError(
                f"factor {factor!r} has {has}; a factor needs at least two items to be measured"
            )
        items += members
        factor_of += [k] * len(members)
    repeated = sorted({i for i in items if items.count(i) > 1})
    if repeated:
        raise CfaError(f"item {repeated[0]!r} is on more than one factor")
    return Structure(name, tuple(factors), tuple(items), tuple(factor_of))


def intended_structure(instrument: Instrument) -> Structure:
    """One factor per scale of ``instrument``, as its scores assume."""
    groups = {s.id: [i.id for i in instrument.items_of(s.id)] for s in instrument.scales}
    return simple_structure(f"{_factors(len(groups))} (one per scale)", groups)


def one_factor_structure(instrument: Instrument) -> Structure:
    """Every item of ``instrument`` on one factor."""
    return simple_structure("1 factor (all items)", {"all": list(instrument.item_ids)})


def paired_structure(instrument: Instrument, pairs: Sequence[Sequence[str]]) -> Structure:
    """One factor per group of scales: ``[["self", "enmeshment"], ...]`` puts the items of Self
    and Enmeshment on one factor. Every scale must be in exactly one group."""
    listed = [scale for pair in pairs for scale in pair]
    unknown = [s for s in listed if s not in instrument.scale_ids]
    if unknown:
        known = ", ".join(instrument.scale_ids)
        raise CfaError(f"{unknown[0]!r} is not a scale of {instrument.id} (its scales: {known})")
    example = example_pairs(instrument)
    only = (
        f"with {counted(len(instrument.scale_ids), 'scale', 'scales')}, {instrument.id} has no "
        "grouping but the two models fitted anyway (one factor for all items, one per scale): "
        "leave the grouping out"
    )
    if sorted(listed) != sorted(instrument.scale_ids):
        like = f", e.g. {example}" if example else f"; {only}"
        raise CfaError(f"name every scale exactly once{like}")
    if len(pairs) == 1:
        raise CfaError(
            "the grouping puts every scale on one factor, which is the model of one factor for "
            "all items: "
            + (f"split the scales into two or more groups, e.g. {example}" if example else only)
        )
    if len(pairs) == len(listed):
        raise CfaError(
            "the grouping gives each scale a factor of its own, which is the model of one "
            "factor per scale: "
            + (f"put two or more scales in one group, e.g. {example}" if example else only)
        )
    groups = {
        "+".join(pair): [i.id for s in pair for i in instrument.items_of(s)] for pair in pairs
    }
    return simple_structure(f"{_factors(len(groups))} ({', '.join(groups)})", groups)


def example_pairs(instrument: Instrument) -> str | None:
    """A grouping of ``instrument``'s own scales to show in advice: the inventories' two pairs,
    or the scales side by side in twos (a third left over joins the last group); ``None`` for
    two scales or fewer, where no grouping differs from the other two models."""
    scales = list(instrument.scale_ids)
    if sorted(scales) == sorted(PAIRS_EXAMPLE.replace("+", ",").split(",")):
        return PAIRS_EXAMPLE
    if len(scales) < 3:
        return None
    groups = [scales[i : i + 2] for i in range(0, len(scales), 2)]
    if len(groups[-1]) == 1:
        groups[-2].extend(groups.pop())
    return ",".join("+".join(group) for group in groups)


def _factors(count: int) -> str:
    return "1 factor" if count == 1 else f"{count} factors"


def parse_pairs(text: str, *, example: str | None = PAIRS_EXAMPLE) -> list[list[str]]:
    """``"self+enmeshment,bond+distance"`` as ``[["self", "enmeshment"], ["bond", "distance"]]``;
    ``example`` is the grouping its advice shows (``example_pairs`` of the instrument)."""
    pairs = [[s.strip() for s in part.split("+")] for part in text.split(",")]
    if any(not s for pair in pairs for s in pair):
        like = f" like {example}" if example else ", scales joined by + and groups by commas"
        raise CfaError(f"cannot read {text!r}: write groups of scales{like}")
    return pairs


# --------------------------------------------------------------------------------- results


@dataclass(frozen=True)
class FitIndices:
    """How well a model reproduces the data, as lavaan's ``fitMeasures`` reports it."""

    chi_square: float
    df: int
    p_value: float
    cfi: float
    tli: float
    rmsea: float
    rmsea_low: float  # 90 % interval
    rmsea_high: float
    srmr: float
    baseline_chi_square: float
    baseline_df: int
    n: int
    n_parameters: int

    def to_dict(self) -> dict[str, Any]:
        return dict(vars(self))


@dataclass(frozen=True)
class Loading:
    item: str
    factor: str
    estimate: float  # on the items' own scale, factor variance 1
    standardized: float  # lavaan's std.all


@dataclass(frozen=True)
class CfaFit:
    """One model fitted to one group's complete rows."""

    structure: Structure
    n_used: int
    n_dropped: int  # rows with a missing answer (listwise deletion)
    fit: FitIndices
    loadings: tuple[Loading, ...]
    factor_correlations: tuple[tuple[str, str, float], ...]
    converged: bool

    @property
    def improper(self) -> tuple[str, ...]:
        """What makes the solution one that cannot be read as it stands (a Heywood case): a
        standardized loading beyond ±1, which means its item's residual variance fell below
        zero, or a factor correlation beyond ±1. Small samples do this; lavaan warns of the
        same ("some estimated ov variances are negative"). Empty when the solution is proper."""
        found = [
            f"{loading.item}: standardized loading {loading.standardized:.3f}"
            for loading in self.loadings
            if abs(loading.standardized) > 1
        ]
        found += [
            f"{a} with {b}: correlation {r:.3f}"
            for a, b, r in self.factor_correlations
            if abs(r) > 1
        ]
        return tuple(found)

    def to_dict(self) -> dict[str, Any]:
        return {
            "model": self.structure.name,
            "factors": {f: list(self.structure.items_of(f)) for f in self.structure.factors},
            "missing": "listwise",
            "n_used": self.n_used,
            "n_dropped": self.n_dropped,
            "converged": self.converged,
            "improper": list(self.improper),
            "fit": self.fit.to_dict(),
            "loadings": [vars(loading) for loading in self.loadings],
            "factor_correlations": [
                {"factor": a, "with": b, "r": r} for a, b, r in self.factor_correlations
            ],
        }


@dataclass(frozen=True)
class ChiSquareDifference:
    """The likelihood-ratio test of a restricted model against a more general one."""

    chi_square: float
    df: int
    p_value: float


@dataclass(frozen=True)
class InvarianceStep:
    name: str  # configural, metric or scalar
    fit: FitIndices
    converged: bool
    delta_cfi: float | None  # this step minus the one before
    delta_rmsea: float | None
    difference: ChiSquareDifference | None  # against the step before
    standardized: tuple[tuple[float, ...], ...]  # per group, in structure.items order


@dataclass(frozen=True)
class InvarianceResult:
    structure: Structure
    groups: tuple[str, str]
    n_per_group: tuple[int, int]
    n_dropped: int
    steps: tuple[InvarianceStep, ...]
    n_without_group: int = 0  # rows whose group label is blank or a missing-value marker

    def to_dict(self) -> dict[str, Any]:
        return {
            "model": self.structure.name,
            "groups": dict(zip(self.groups, self.n_per_group, strict=True)),
            "n_dropped": self.n_dropped,
            "n_without_group": self.n_without_group,
            "steps": [
                {
                    "step": s.name,
                    "converged": s.converged,
                    "fit": s.fit.to_dict(),
                    "delta_cfi": s.delta_cfi,
                    "delta_rmsea": s.delta_rmsea,
                    "difference": None if s.difference is None else vars(s.difference),
                    "standardized_loadings": {
                        g: dict(zip(self.structure.items, v, strict=True))
                        for g, v in zip(self.groups, s.standardized, strict=True)
                    },
                }
                for s in self.steps
            ],
        }


def chi_square_difference(restricted: FitIndices, general: FitIndices) -> ChiSquareDifference:
    """Test a model nested in ``general`` (more degrees of freedom) against it."""
    df = restricted.df - general.df
    if df <= 0:
        raise CfaError("the restricted model must have more degrees of freedom")
    chi = max(restricted.chi_square - general.chi_square, 0.0)
    return ChiSquareDifference(chi, df, float(stats.chi2.sf(chi, df)))


# --------------------------------------------------------------------------------- data


@dataclass(frozen=True)
class _Moments:
    n: int
    cov: FloatArray  # divided by n, as lavaan does
    mean: FloatArray
    logdet: float


def _complete_rows(data: ArrayLike, structure: Structure) -> tuple[FloatArray, int]:
    x = np.asarray(data, dtype=np.float64)
    if x.ndim != 2 or x.shape[1] != len(structure.items):
        raise CfaError(f"give a respondents × items matrix with {len(structure.items)} columns")
    keep = ~np.isnan(x).any(axis=1)
    return x[keep], int((~keep).sum())


def _moments(x: FloatArray, items: Sequence[str]) -> _Moments:
    n, p = x.shape
    if n <= p:
        raise NotEnoughRows(
            f"{counted(n, 'respondent', 'respondents')} answered every item; a model of {p} "
            f"items needs more than {p}. It can be fitted once at least {p + 1} people have "
            "answered every item: a row with a blank or NA answer is set aside, so see "
            "whether one item was left blank by many, or gather more answers"
        )
    mean = x.mean(axis=0)
    cov = (x - mean).T @ (x - mean) / n
    # Flat against the item's own size, not against 1: answers in millionths vary too.
    flat = [
        items[int(i)] for i in np.flatnonzero(np.diag(cov) <= (1e-12 * np.abs(x).max(axis=0)) ** 2)
    ]
    if flat:
        raise DegenerateItem(f"everyone gave the same answer to {', '.join(flat)}")
    sign, logdet = np.linalg.slogdet(cov)
    # Answers that follow exactly from others' leave a determinant of rounding noise, often of
    # the right sign (a log of -28 for an item that is the sum of two): a fit to it would give
    # a chi-square of that noise. In correlations such an item leaves an eigenvalue near 1e-15;
    # items that correlate 0.9999 still leave one near 1e-4, and 52 random answers of 53
    # people one near 1e-4 (the least of 200 such draws, 3e-8).
    sd = np.sqrt(np.diag(cov))
    if (
        sign <= 0
        or not np.isfinite(logdet)
        or np.linalg.eigvalsh(cov / np.outer(sd, sd))[0] < SINGULAR_BELOW
    ):
        raise DegenerateItem(_combination(x, items))
    return _Moments(n, cov, mean, float(logdet))


def _combination(x: FloatArray, items: Sequence[str]) -> str:
    """Which item's answers follow exactly from earlier items' answers, and from which: the
    first item that adds nothing to those before it, with the items it is made of (an item
    pasted over another's column, or a total entered as a statement), for the message."""
    z = x - x.mean(axis=0)
    z = z / np.sqrt((z * z).sum(axis=0))
    kept: list[int] = []
    for k in range(z.shape[1]):
        if kept:
            coef, *_ = np.linalg.lstsq(z[:, kept], z[:, k], rcond=None)
            rest = z[:, k] - z[:, kept] @ coef
            if float(rest @ rest) < FOLLOWS_BELOW:
                made = [items[kept[i]] for i in np.flatnonzero(np.abs(coef) > 1e-6)]
                if len(made) == 1:
                    return f"the answers to {items[k]} follow exactly from those to {made[0]}"
                return (
                    f"the answers to {items[k]} are an exact combination of those to {listed(made)}"
                )
        kept.append(k)
    return "the answers to some items are an exact combination of others"


# --------------------------------------------------------------------------------- model


@dataclass(frozen=True)
class _Pattern:
    """Where each free parameter sits in one group's matrices (``FIXED`` elsewhere)."""

    lam: IndexArray  # p × m loadings, fixed at 0
    phi: IndexArray  # m × m factor covariances, fixed at 1 on the diagonal
    theta: IndexArray  # p residual variances
    nu: IndexArray | None  # p intercepts (None: no mean structure)
    alpha: IndexArray  # m factor means, fixed at 0


@dataclass
class _Builder:
    start: list[float]

    def new(self, value: float) -> int:
        self.start.append(value)
        return len(self.start) - 1

    def many(self, values: ArrayLike) -> IndexArray:
        return np.array([self.new(float(v)) for v in np.ravel(values)], dtype=np.intp)


def _patterns(
    structure: Structure, groups: Sequence[_Moments], *, loadings: bool, intercepts: bool
) -> tuple[list[_Pattern], FloatArray]:
    """The free parameters of a model over ``groups``, equal across them as asked."""
    p, m = len(structure.items), len(structure.factors)
    rows, cols = np.arange(p), np.asarray(structure.factor_of)
    build = _Builder([])
    shared_lam = build.many(_start_loadings(structure, groups[0])) if loadings else None
    shared_nu = build.many(np.mean([g.mean for g in groups], axis=0)) if intercepts else None
    patterns = []
    for k, group in enumerate(groups):
        lam = np.full((p, m), FIXED, dtype=np.intp)
        if shared_lam is None:
            lam[rows, cols] = build.many(_start_loadings(structure, group))
        else:
            lam[rows, cols] = shared_lam
        phi = np.full((m, m), FIXED, dtype=np.intp)
        for a in range(m):
            for b in range(a):
                phi[a, b] = phi[b, a] = build.new(0.0)
            if loadings and k > 0:
                phi[a, a] = build.new(1.0)
        theta = build.many(group.cov.diagonal() / 2)
        nu = None
        if len(groups) > 1:
            nu = shared_nu if shared_nu is not None else build.many(group.mean)
        alpha = np.full(m, FIXED, dtype=np.intp)
        if intercepts and k > 0:
            alpha = build.many(np.zeros(m))
        patterns.append(_Pattern(lam, phi, theta, nu, alpha))
    return patterns, np.asarray(build.start, dtype=np.float64)


def _start_loadings(structure: Structure, group: _Moments) -> FloatArray:
    """Each factor's first principal component of its items, its first item positive."""
    index = np.asarray(structure.factor_of)
    start = np.zeros(index.size)
    for k in range(len(structure.factors)):
        items = np.flatnonzero(index == k)
        values, vectors = np.linalg.eigh(group.cov[np.ix_(items, items)])
        vector = vectors[:, -1] * np.sqrt(values[-1]) * 0.9
        start[items] = vector if vector[0] >= 0 else -vector
    return start


def _fill(index: IndexArray, x: FloatArray, fixed: float | FloatArray) -> FloatArray:
    result: FloatArray = np.where(index >= 0, x[np.maximum(index, 0)], fixed)
    return result


@dataclass(frozen=True)
class _Matrices:
    lam: FloatArray
    phi: FloatArray
    theta: FloatArray
    nu: FloatArray | None
    alpha: FloatArray

    @property
    def sigma(self) -> FloatArray:
        result: FloatArray = self.lam @ self.phi @ self.lam.T + np.diag(self.theta)
        return result

    @property
    def mu(self) -> FloatArray | None:
        return None if self.nu is None else self.nu + self.lam @ self.alpha


def _matrices(pattern: _Pattern, x: FloatArray) -> _Matrices:
    m = pattern.phi.shape[0]
    return _Matrices(
        lam=_fill(pattern.lam, x, 0.0),
        phi=_fill(pattern.phi, x, np.eye(m)),
        theta=_fill(pattern.theta, x, 0.0),
        nu=None if pattern.nu is None else _fill(pattern.nu, x, 0.0),
        alpha=_fill(pattern.alpha, x, 0.0),
    )


def _add(grad: FloatArray, index: IndexArray, values: FloatArray) -> None:
    free = index >= 0
    np.add.at(grad, index[free], values[free])


def _inverse(mats: _Matrices) -> tuple[FloatArray, float] | None:
    """``Σ⁻¹`` and ``log|Σ|``, or None when Σ is not positive definite.

    With positive residual variances this goes through the m × m matrix ``I + Φ Λᵀ Θ⁻¹ Λ``
    (Woodbury), which costs p²·m instead of p³ and avoids LAPACK calls on p × p matrices
    (multithreaded BLAS makes those slow on a busy machine); otherwise it takes the
    Cholesky factor of Σ itself.
    """
    theta, lam, phi = mats.theta, mats.lam, mats.phi
    if (theta > 0).all():
        scaled = lam / theta[:, None]  # Θ⁻¹ Λ
        middle = np.eye(phi.shape[0]) + phi @ (lam.T @ scaled)
        eigenvalues = np.linalg.eigvals(middle)
        if (np.abs(eigenvalues.imag) < 1e-10).all() and (eigenvalues.real > 0).all():
            inv = np.diag(1.0 / theta) - scaled @ np.linalg.solve(middle, phi @ scaled.T)
            logdet = float(np.log(theta).sum() + np.log(eigenvalues.real).sum())
            return (inv + inv.T) / 2, logdet
        return None
    try:
        lower = np.linalg.cholesky(mats.sigma)
    except np.linalg.LinAlgError:
        return None
    inverse: FloatArray = np.asarray(np.linalg.inv(mats.sigma), dtype=np.float64)
    return inverse, 2.0 * float(np.log(np.diag(lower)).sum())


def _group_objective(
    pattern: _Pattern, moments: _Moments, x: FloatArray, grad: FloatArray, weight: float
) -> float:
    """``weight · F`` of one group, adding ``weight · ∂F/∂x`` to ``grad``."""
    mats = _matrices(pattern, x)
    inverse = _inverse(mats)
    if inverse is None:
        return np.inf
    inv, logdet = inverse
    s_inv = moments.cov @ inv
    value = logdet + float(np.trace(s_inv)) - moments.logdet - len(mats.theta)
    w = inv - inv @ s_inv
    g_mu = np.zeros(0)
    if mats.mu is not None:
        d = moments.mean - mats.mu
        a = inv @ d
        value += float(d @ a)
        w -= np.outer(a, a)
        g_mu = -2.0 * a
    g_lam = 2.0 * w @ mats.lam @ mats.phi
    if pattern.nu is not None:
        g_lam += np.outer(g_mu, mats.alpha)
        _add(grad, pattern.nu, weight * g_mu)
        _add(grad, pattern.alpha, weight * (mats.lam.T @ g_mu))
    _add(grad, pattern.lam, weight * g_lam)
    _add(grad, pattern.phi, weight * (mats.lam.T @ w @ mats.lam))
    _add(grad, pattern.theta, weight * np.diag(w))
    return weight * value


@dataclass(frozen=True)
class _Problem:
    patterns: list[_Pattern]
    groups: list[_Moments]

    @property
    def weights(self) -> list[float]:
        total = sum(g.n for g in self.groups)
        return [g.n / total for g in self.groups]

    def objective(self, x: FloatArray) -> tuple[float, FloatArray]:
        grad = np.zeros_like(x)
        value = 0.0
        for pattern, group, weight in zip(self.patterns, self.groups, self.weights, strict=True):
            value += _group_objective(pattern, group, x, grad, weight)
            if not np.isfinite(value):
                return 1e20, np.zeros_like(x)
        return value, grad

    def gradient(self, x: FloatArray) -> FloatArray:
        return self.objective(x)[1]


def _minimize(problem: _Problem, start: FloatArray) -> tuple[FloatArray, bool]:
    """Quasi-Newton (L-BFGS-B) to the minimum; damped Newton steps if it stopped short (it
    can, near a boundary where the implied covariance stops being positive definite)."""
    options = {"maxiter": 20_000, "maxcor": 30, "ftol": 1e-15, "gtol": 1e-10}
    found = optimize.minimize(
        problem.objective, start, jac=True, method="L-BFGS-B", options=options
    )
    x = _newton(problem, np.asarray(found.x, dtype=np.float64))
    return x, bool(np.abs(problem.gradient(x)).max() < CONVERGED_BELOW)


def _newton(problem: _Problem, x: FloatArray) -> FloatArray:
    """Levenberg-damped Newton steps until the gradient vanishes or no step lowers F."""
    value, grad = problem.objective(x)
    damping = 0.0
    for _ in range(200):
        if np.abs(grad).max() < POLISH_ABOVE:
            break
        hessian = _hessian(problem, x)
        scale = float(np.abs(np.diag(hessian)).mean()) * np.eye(x.size)
        for _ in range(40):
            try:
                factor = linalg.cho_factor(hessian + damping * scale, check_finite=False)
                trial = x - linalg.cho_solve(factor, grad, check_finite=False)
                trial_value, trial_grad = problem.objective(trial)
            except linalg.LinAlgError:
                trial_value, trial_grad = np.inf, grad
            if trial_value < value:
                x, value, grad = trial, trial_value, trial_grad
                damping = damping / 10 if damping > 1e-9 else 0.0
                break
            damping = max(damping * 10, 1e-6)
        else:
            break
    return x


def _hessian(problem: _Problem, x: FloatArray) -> FloatArray:
    """The Hessian by central differences of the analytic gradient."""
    h = 1e-6
    columns = []
    for k in range(x.size):
        step = np.zeros_like(x)
        step[k] = h
        columns.append((problem.gradient(x + step) - problem.gradient(x - step)) / (2 * h))
    hessian = np.column_stack(columns)
    result: FloatArray = (hessian + hessian.T) / 2
    return result


def _orient(patterns: list[_Pattern], x: FloatArray) -> FloatArray:
    """Flip factors whose first item loads below zero (in the first group), as lavaan's start
    values lead it to do."""
    lam = _matrices(patterns[0], x).lam
    signs = np.sign(lam[np.argmax(lam != 0, axis=0), np.arange(lam.shape[1])])
    signs[signs == 0] = 1.0
    factor = np.ones_like(x)
    for pattern in patterns:
        for index, values in (
            (pattern.lam, np.broadcast_to(signs, pattern.lam.shape)),
            (pattern.phi, np.outer(signs, signs)),
            (pattern.alpha, signs),
        ):
            free = index >= 0
            factor[index[free]] = values[free]
    return x * factor


# --------------------------------------------------------------------------------- fit indices


@dataclass(frozen=True)
class _Fitted:
    x: FloatArray
    matrices: list[_Matrices]
    converged: bool
    chi_square: float
    df: int
    n_parameters: int


def _fit(
    structure: Structure, groups: list[_Moments], *, loadings: bool, intercepts: bool
) -> _Fitted:
    unit = _units(groups)
    scaled = [_in_units(g, unit) for g in groups]
    patterns, start = _patterns(structure, scaled, loadings=loadings, intercepts=intercepts)
    problem = _Problem(patterns, scaled)
    x, converged = _minimize(problem, start)
    x = _orient(patterns, x)
    n = sum(g.n for g in groups)
    chi = max(n * problem.objective(x)[0], 0.0)
    p = len(structure.items)
    moments = len(groups) * (p * (p + 1) // 2 + (p if len(groups) > 1 else 0))
    df = moments - x.size
    if df < 0:
        raise CfaError(f"the model {structure.name!r} has more parameters than the data have")
    mats = [_from_units(_matrices(pattern, x), unit) for pattern in patterns]
    return _Fitted(x, mats, converged, chi, df, x.size)


def _units(groups: Sequence[_Moments]) -> FloatArray:
    """Each item's standard deviation over the groups: the model is fitted to the answers in
    these units and carried back. An ML fit does not depend on an item's units, but the search
    does: one item in thousandths beside items answered 1 to 7 stopped with χ² 0.7 above the
    minimum, the fit said to have converged (the outside check of 2026-12-04, third round)."""
    unit: FloatArray = np.sqrt(np.mean([g.cov.diagonal() for g in groups], axis=0))
    return unit


def _in_units(moments: _Moments, unit: FloatArray) -> _Moments:
    cov = moments.cov / np.outer(unit, unit)
    logdet = moments.logdet - 2.0 * float(np.log(unit).sum())
    return _Moments(moments.n, cov, moments.mean / unit, logdet)


def _from_units(mats: _Matrices, unit: FloatArray) -> _Matrices:
    return _Matrices(
        lam=mats.lam * unit[:, None],
        phi=mats.phi,
        theta=mats.theta * unit**2,
        nu=None if mats.nu is None else mats.nu * unit,
        alpha=mats.alpha,
    )


def _indices(fitted: _Fitted, groups: list[_Moments]) -> FitIndices:
    n = sum(g.n for g in groups)
    p = groups[0].cov.shape[0]
    base_chi = sum(g.n * (float(np.log(g.cov.diagonal()).sum()) - g.logdet) for g in groups)
    base_df = len(groups) * p * (p - 1) // 2
    chi, df = fitted.chi_square, fitted.df
    low, high = _rmsea_interval(chi, df, n, len(groups))
    return FitIndices(
        chi_square=chi,
        df=df,
        p_value=float(stats.chi2.sf(chi, df)) if df > 0 else float("nan"),
        cfi=_cfi(chi, df, base_chi, base_df),
        tli=_tli(chi, df, base_chi, base_df),
        rmsea=float(np.sqrt(max(chi / n / df - 1.0 / n, 0.0)) * np.sqrt(len(groups)))
        if df > 0
        else 0.0,
        rmsea_low=low,
        rmsea_high=high,
        srmr=_srmr(fitted.matrices, groups),
        baseline_chi_square=base_chi,
        baseline_df=base_df,
        n=n,
        n_parameters=fitted.n_parameters,
    )


def _cfi(chi: float, df: int, base_chi: float, base_df: int) -> float:
    t1 = max(chi - df, 0.0)
    t2 = max(chi - df, base_chi - base_df, 0.0)
    return 1.0 if t1 == 0 and t2 == 0 else 1.0 - t1 / t2


def _tli(chi: float, df: int, base_chi: float, base_df: int) -> float:
    if df == 0:
        return 1.0
    return float((base_chi / base_df - chi / df) / (base_chi / base_df - 1.0))


def _rmsea_interval(chi: float, df: int, n: int, groups: int) -> tuple[float, float]:
    """lavaan's 90 % interval: the noncentralities at which χ² sits at the 95th and 5th
    percentiles."""
    if df < 1:
        return 0.0, 0.0

    def cdf(ncp: float) -> float:
        return float(stats.chi2.cdf(chi, df) if ncp == 0 else stats.ncx2.cdf(chi, df, ncp))

    def scaled(ncp: float) -> float:
        return float(np.sqrt(ncp / (n * df)) * np.sqrt(groups))

    low = 0.0
    if cdf(0.0) >= 0.95:
        low = scaled(optimize.brentq(lambda v: cdf(v) - 0.95, 0.0, chi, xtol=1e-12))
    top = max(n, 4 * chi)
    high = 0.0
    if not (cdf(top) > 0.05 or cdf(0.0) < 0.05):
        high = scaled(optimize.brentq(lambda v: cdf(v) - 0.05, 0.0, top, xtol=1e-12))
    return low, high


def _srmr(matrices: list[_Matrices], groups: list[_Moments]) -> float:
    n = sum(g.n for g in groups)
    total = 0.0
    for mats, group in zip(matrices, groups, strict=True):
        sd = np.sqrt(group.cov.diagonal())
        residual = (group.cov - mats.sigma) / np.outer(sd, sd)
        squares = list(residual[np.tril_indices_from(residual)] ** 2)
        if mats.mu is not None:
            squares += list(((group.mean - mats.mu) / sd) ** 2)
        total += group.n / n * float(np.sqrt(np.mean(squares)))
    return total


def _standardized(mats: _Matrices) -> FloatArray:
    sd_factor = np.sqrt(mats.phi.diagonal())
    sd_item = np.sqrt(mats.sigma.diagonal())
    result: FloatArray = mats.lam * sd_factor[None, :] / sd_item[:, None]
    return result


# --------------------------------------------------------------------------------- public fits


def fit_cfa(data: ArrayLike, structure: Structure) -> CfaFit:
    """Fit ``structure`` to the rows of ``data`` (columns in ``structure.items`` order) that
    have every answer; rows with a missing answer are left out (listwise)."""
    x, dropped = _complete_rows(data, structure)
    moments = _moments(x, structure.items)
    fitted = _fit(structure, [moments], loadings=False, intercepts=False)
    mats = fitted.matrices[0]
    std = _standardized(mats)
    loadings = tuple(
        Loading(item, structure.factors[k], float(mats.lam[i, k]), float(std[i, k]))
        for i, (item, k) in enumerate(zip(structure.items, structure.factor_of, strict=True))
    )
    return CfaFit(
        structure=structure,
        n_used=moments.n,
        n_dropped=dropped,
        fit=_indices(fitted, [moments]),
        loadings=loadings,
        factor_correlations=_correlations(structure, mats),
        converged=fitted.converged,
    )


def _correlations(structure: Structure, mats: _Matrices) -> tuple[tuple[str, str, float], ...]:
    sd = np.sqrt(mats.phi.diagonal())
    r = mats.phi / np.outer(sd, sd)
    f = structure.factors
    return tuple((f[a], f[b], float(r[a, b])) for a in range(len(f)) for b in range(a + 1, len(f)))


def fit_invariance(
    data: ArrayLike, group: ArrayLike, structure: Structure, *, column: str = "group"
) -> InvarianceResult:
    """Configural, metric and scalar models of ``structure`` across the two values of ``group``
    (one label per row of ``data``), as lavaan's ``group.equal`` fits them.

    A row whose label is blank or a missing-value marker (``NA`` and the like) has no group: it
    is left out, as lavaan leaves it out, and counted in ``n_without_group``. ``column`` names
    the group column in messages. :class:`GroupError` when the other labels are not exactly
    two values; :class:`InvarianceNotTestable` when a group cannot be fitted on its own."""
    labels = np.asarray(group, dtype=np.str_)
    x = np.asarray(data, dtype=np.float64)
    if labels.shape != (x.shape[0],):
        raise CfaError("give one group label per row")
    unlabelled = np.array([is_missing(str(v)) for v in labels], dtype=bool)
    names = _group_names(labels[~unlabelled], column)
    parts = [_complete_rows(x[~unlabelled & (labels == name)], structure) for name in names]
    moments = _group_moments([rows for rows, _ in parts], names, structure.items, column)
    steps: list[InvarianceStep] = []
    for name, loadings, intercepts in zip(
        INVARIANCE_STEPS, (False, True, True), (False, False, True), strict=True
    ):
        fitted = _fit(structure, moments, loadings=loadings, intercepts=intercepts)
        steps.append(_step(name, structure, fitted, moments, steps[-1] if steps else None))
    return InvarianceResult(
        structure=structure,
        groups=(names[0], names[1]),
        n_per_group=(moments[0].n, moments[1].n),
        n_dropped=sum(d for _, d in parts),
        steps=tuple(steps),
        n_without_group=int(unlabelled.sum()),
    )


def _group_names(labels: NDArray[np.str_], column: str) -> tuple[str, ...]:
    """The distinct labels in order of appearance, refused unless there are exactly two."""
    names = tuple(dict.fromkeys(str(v) for v in labels))
    if not names:
        raise GroupError(
            f"the {column!r} column has no value in any row (blank or NA counts as missing)"
        )
    if len(names) != 2:
        listed = ", ".join(repr(v) for v in names[:5])
        raise GroupError(
            f"the {column!r} column must have exactly two values (blank or NA counts as "
            f"missing); found {len(names)}: {listed}{capitals_hint(names)}"
        )
    return names


def _group_moments(
    rows: Sequence[FloatArray], names: Sequence[str], items: Sequence[str], column: str
) -> list[_Moments]:
    """Each group's moments; every group that cannot be fitted on its own is named at once."""
    found: list[_Moments] = []
    problems: list[str] = []
    for x, name in zip(rows, names, strict=True):
        n, p = x.shape
        if n <= p:
            problems.append(
                f"{column} {name!r} has {counted(n, 'respondent', 'respondents')} who answered "
                f"every item, and a model of {p} items needs more than {p} in each group "
                f"(at least {p + 1} of each {column} who answered every item; see whether "
                f"some rows of {name!r} left an item blank)"
            )
            continue
        try:
            found.append(_moments(x, items))
        except DegenerateItem as error:
            problems.append(f"within {column} {name!r}, {error}")
    if problems:
        raise InvarianceNotTestable("; ".join(problems))
    return found


def _step(
    name: str,
    structure: Structure,
    fitted: _Fitted,
    moments: list[_Moments],
    before: InvarianceStep | None,
) -> InvarianceStep:
    fit = _indices(fitted, moments)
    rows = np.arange(len(structure.items))
    standardized = tuple(
        tuple(float(v) for v in _standardized(m)[rows, list(structure.factor_of)])
        for m in fitted.matrices
    )
    return InvarianceStep(
        name,
        fit,
        fitted.converged,
        delta_cfi=None if before is None else fit.cfi - before.fit.cfi,
        delta_rmsea=None if before is None else fit.rmsea - before.fit.rmsea,
        difference=None if before is None else chi_square_difference(fit, before.fit),
        standardized=standardized,
    )


# --------------------------------------------------------------------------------- simulation


def simulate_responses(
    structure: Structure,
    loadings: ArrayLike,
    correlations: ArrayLike,
    n: int,
    rng: np.random.Generator,
    *,
    thresholds: ArrayLike = (-1.8, -1.1, -0.4, 0.3, 1.0, 1.7),
) -> NDArray[np.int64]:
    """Answers 1..len(thresholds)+1 drawn from ``structure``: normal factors with the given
    correlations, each item ``loading · factor + noise`` with unit variance, cut at the
    thresholds. Columns follow ``structure.items``; no item is reverse-keyed here."""
    lam = np.asarray(loadings, dtype=np.float64)
    phi = np.asarray(correlations, dtype=np.float64)
    factors = rng.multivariate_normal(np.zeros(len(structure.factors)), phi, size=n)
    index = np.asarray(structure.factor_of)
    noise = rng.standard_normal((n, len(structure.items))) * np.sqrt(1.0 - lam**2)
    latent = factors[:, index] * lam + noise
    return np.searchsorted(np.asarray(thresholds, dtype=np.float64), latent) + 1
