"""The Actor–Partner Interdependence Model (APIM) by generalized least squares.

Kenny, Kashy & Cook (2006), *Dyadic Data Analysis*, chapter 7. Each person's outcome is
regressed on their own predictor (actor effect) and their partner's (partner effect); the two
residuals of a dyad share a 2×2 covariance matrix, the same for every dyad:

* **indistinguishable** dyads — one intercept, one actor and one partner effect, compound
  symmetry ``σ²·[[1, ρ], [ρ, 1]]`` (ρ may be negative);
* **distinguishable** dyads (a role column with two values) — an intercept, actor and partner
  effect (and covariate effects) per role, written as R's "two-intercept" model, and an
  unstructured covariance ``[[σ₁², ρσ₁σ₂], [ρσ₁σ₂, σ₂²]]``.

This is the model of R's ``nlme::gls(..., correlation = corCompSymm(form = ~1 | dyad))`` (plus
``weights = varIdent(form = ~1 | role)`` for distinguishable dyads), and the estimates, standard
errors, log-likelihoods and AIC match it: the REML log-likelihood is nlme's, the fixed-effect
tests are t tests on N − p degrees of freedom, and AIC counts the fixed effects, the
correlation, the variance ratio (distinguishable only) and the residual variance.

How it is computed: the members of every dyad are ordered (by role when there is one), so the
residual covariance is one 2×2 matrix ``σ²·R(θ)``. All the GLS needs is then the four cross-
product matrices ``Z₁ᵀZ₁, Z₁ᵀZ₂, Z₂ᵀZ1, Z₂ᵀZ₂`` of ``Z = [X | y]`` over dyads, computed once; for a
given θ the GLS estimate and the (restricted) likelihood with σ² profiled out cost O(p³),
whatever the number of dyads. θ (the correlation, and the log ratio of the two standard
deviations for distinguishable dyads) is found by a grid and Brent's method (one parameter) or
Nelder–Mead (two). No n×n matrix is ever built.

The **test of distinguishability** follows Kenny, Kashy & Cook (2006, ch. 6–7) and the
Garcia–Kenny workshop materials: both models are refitted by ML (their fixed effects differ,
so REML likelihoods are not comparable) and −2 Δ log-likelihood is referred to χ² with as many
degrees of freedom as the distinguishable model has extra parameters (for one predictor: two
intercepts, two actor, two partner effects and a second variance against one of each: 4).

**Missing values** are handled as ``gls(..., na.action = na.omit)`` handles them: a person's row
enters when their outcome, their own predictor, their partner's predictor, their covariates and
their moderator are all present. A dyad then enters with two rows (complete) or one
(incomplete); a lone row's variance is its role's, and the correlation is learnt from the
complete dyads. A person whose partner has no row in the file has no partner predictor, so that
row is left out, and counted.

**Moderation** adds a person-level moderator ``m``: its main effect and the products actor × m
(own predictor × own moderator) and partner × m (partner's predictor × own moderator), by role
for distinguishable dyads. **Kenny's k** (partner ÷ actor effect) has a percentile bootstrap
interval from :func:`k_ratio`, which resamples whole dyads.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from interdepend.core.dyadic import DyadicDataError, NoPairsError, Table, pair_rows
from interdepend.core.errors import InterdependError
from interdepend.core.numerics import minimize_bounded, t_quantile, t_two_sided_p
from interdepend.core.plural import counted, listed

__all__ = [
    "ApimError",
    "ApimResult",
    "CollinearPredictorsError",
    "NothingLeftOverError",
    "DistinguishabilityTest",
    "FixedEffect",
    "Method",
    "TooFewDyadsError",
    "UnknownEffectError",
    "KBootstrap",
    "KInterval",
    "RhoTest",
    "distinguishability_test",
    "fit_apim",
    "k_ratio",
]

Method = Literal["reml", "ml"]
FloatArray = NDArray[np.float64]

_ALL = "all"  # key of the single variance / ratio of indistinguishable dyads
_GRID = np.linspace(-6.0, 6.0, 61)  # atanh(rho) grid for the one-parameter search
#: Where the grid goes on when its best point is its edge: out to atanh ρ = ±9 (plus one step),
#: so ρ can come within 2e-8 of ±1, as nlme's does on a nearly zero-sum outcome; beyond that
#: 1 − ρ² is too small for the arithmetic to tell values apart.
_OUTER = np.linspace(6.2, 9.0, 15)
#: A correlation this close to ±1 is the search resting on its bound
#: (:attr:`ApimResult.rho_at_bound`).
RHO_BOUND = math.tanh(9.0)
_CONFIDENCE = 0.95
#: Above this share of resamples that could not be used, a bootstrap interval is flagged: it
#: rests on the resamples that could be fitted, which are not a fair sample of all the draws.
FAILED_SHARE_LIMIT = 0.10
#: Below this many usable resamples a 95 % percentile interval is flagged as rough: each end
#: rests on the few most extreme resamples (25 of 1,000; 5 of 200; none of 20), so another seed
#: can move it far (Efron & Tibshirani 1993, ch. 19, ask for about 1,000).
FEW_RESAMPLES = 1000
#: Below this many dyads a bootstrap of whole dyads is flagged: they can be drawn in too few
#: different ways for the ends of a percentile interval to mean much (5 dyads give at most 126
#: different resamples; 10 give 92,378). ``apim-mediation`` needs as many to run at all.
FEW_DYADS = 10
#: Above this condition number of the fixed-effects design a fit carries a note that some of
#: its effects nearly repeat one another (:attr:`ApimResult.ill_conditioned`). The number is
#: taken on the design as it is fitted, each column centred on its mean and scaled to length
#: one, so that a predictor far from zero (years married, say) is not counted against it.
#: Belsley, Kuh & Welsch (1980, *Regression Diagnostics*, ch. 3) found that condition indexes
#: of 30 and more go with dependencies strong enough to degrade the estimates; at 30 two
#: predictors correlate at 0.998 and each effect's variance is some 225 times what it would be
#: apart. docs/research.md says more.
ILL_CONDITIONED = 30.0
#: From this condition number on, the arithmetic itself moves the estimates: the fit works
#: from cross-products, which lose about twice the number's digits of the 16 a double holds
#: (nlme's QR about once), so at 10⁵ some six are left, and other programs part from ours.
ROUNDING_MATTERS = 1e5
#: Most resamples of k's bootstrap, as many as ``apim-power`` takes replications.
MAX_RESAMPLES = 100_000
_WINDOW = 1.5  # half-width, in atanh ρ, of a bootstrap refit's search near the full fit
#: Half-width, in log σ₂/σ₁, of the search for the SD ratio with ρ held at 0 (e⁴ ≈ 55 times
#: the ratio of the full fit either way).
_RATIO_WINDOW = 4.0


class ApimError(InterdependError):
    """The APIM cannot be fitted to these data."""


class CollinearPredictorsError(ApimError):
    """The predictors are linearly dependent, so the effects are not identified."""


class TooFewDyadsError(ApimError):
    """Fewer observations than the model has parameters."""


class NothingLeftOverError(ApimError):
    """The outcome is the same for everyone (or everyone in one role), or the predictors
    account for it exactly."""


class UnknownEffectError(ApimError, KeyError):
    """A fixed effect or k was asked for by a name the result does not have.

    A :class:`KeyError` too, so code that caught the bare ``KeyError`` still does.
    """

    def __init__(self, what: str, name: str, known: Sequence[str]) -> None:
        self.name = name
        super().__init__(
            f"no {what} is called {name!r}; the names are {', '.join(map(repr, known))}"
        )

    def __str__(self) -> str:  # KeyError would print the message in quotes
        return str(self.args[0])


#: Below this share of the outcome's sum of squares, what the predictors leave over is
#: rounding, not variation a model of residual covariance could describe.
_LEFT_OVER = 1e-11


def nothing_left_over(cross: FloatArray, p: int) -> bool:
    """Whether an ordinary least-squares fit of the last column of the cross-product matrix
    ``cross`` ([X | y]ᵀ[X | y]) on the first ``p`` leaves only rounding behind."""
    xtx, xty, yty = cross[:p, :p], cross[:p, p], float(cross[p, p])
    beta = np.linalg.lstsq(xtx, xty, rcond=None)[0]
    return yty <= 0 or float(yty - xty @ beta) <= _LEFT_OVER * yty


def conditioning(xtx: FloatArray) -> tuple[float, tuple[int, ...]]:
    """The condition number of a centred design whose cross-product is ``xtx``, with its
    columns scaled to length one, and the columns that carry its weak directions (those with
    at least a tenth of the largest weight in a direction that is on its own above the
    threshold: with roles, each role's) when that number is above
    :data:`ILL_CONDITIONED`. Beyond what the arithmetic can tell (about 7e7 for a cross-product
    in double precision) the number is given as that limit."""
    scale = np.sqrt(np.diag(xtx))
    if not (scale > 0).all():
        return math.inf, ()
    values, vectors = np.linalg.eigh(xtx / np.outer(scale, scale))
    largest = float(values[-1])
    least = max(float(values[0]), largest * float(np.finfo(np.float64).eps))
    number = math.sqrt(largest / least)
    if number <= ILL_CONDITIONED:
        return number, ()
    involved: set[int] = set()
    for k in np.flatnonzero(values * ILL_CONDITIONED**2 < largest):  # each weak direction
        weights = np.abs(vectors[:, k])
        involved.update(int(j) for j in np.flatnonzero(weights >= 0.1 * weights.max()))
    return number, tuple(sorted(involved))


NOTHING_LEFT_OVER = (
    "the outcome is the same for everyone, or the predictors account for it exactly, so "
    "nothing is left over for the model to describe"
)


def role_left_over(level: str, *, constant: bool) -> str:
    """Why a distinguishable model cannot be fitted when one role leaves nothing over."""
    what = (
        f"the outcome is the same for every person in role {level!r}"
        if constant
        else f"the predictors account exactly for the outcome of every person in role {level!r}"
    )
    return (
        f"{what}, so that role's spread cannot be estimated; fit the model without the role, "
        "or check that role's outcome"
    )


@dataclass(frozen=True)
class FixedEffect:
    """One fixed effect with its t test (df = N − p, as nlme) and 95% confidence interval."""

    name: str
    estimate: float
    se: float
    statistic: float
    df: int
    p_value: float
    ci_low: float
    ci_high: float


@dataclass(frozen=True)
class DistinguishabilityTest:
    """ML likelihood-ratio test of the distinguishable against the indistinguishable model."""

    chi2: float
    df: int
    p_value: float
    loglik_indistinguishable: float
    loglik_distinguishable: float


@dataclass(frozen=True)
class RhoTest:
    """Likelihood-ratio test of no within-dyad residual correlation (ρ = 0), on one degree of
    freedom, by the model's own method: what ``anova()`` of two ``nlme::gls`` fits, with and
    without ``corCompSymm``, gives. ρ = 0 lies inside its range, so χ²(1) holds."""

    chi2: float
    df: int
    p_value: float
    loglik_without: float


@dataclass(frozen=True)
class ApimResult:
    """A fitted APIM.

    ``residual_sd`` and ``k`` (partner ÷ actor effect) are keyed by role value for
    distinguishable dyads and by ``"all"`` for indistinguishable ones. ``n_dyads`` counts the
    dyads that entered: ``n_complete_dyads`` with both members, ``n_incomplete_dyads`` with
    one. ``n_people_left_out`` rows of the data did not enter (a missing value, or no partner
    row), of which ``n_lone_members`` came from dyads with a single row in the data; whole
    dyads that did not enter at all are ``n_dyads_left_out``.
    """

    method: Method
    outcome: str
    actor: str
    role: str | None
    roles: tuple[str, ...]
    n_dyads: int
    n_obs: int
    fixed: tuple[FixedEffect, ...]
    residual_sd: Mapping[str, float]
    rho: float
    loglik: float
    n_params: int
    aic: float
    k: Mapping[str, float]
    distinguishability: DistinguishabilityTest | None
    n_complete_dyads: int = 0
    n_incomplete_dyads: int = 0
    n_people_left_out: int = 0
    n_lone_members: int = 0
    n_dyads_left_out: int = 0
    moderator: str | None = None
    rho_test: RhoTest | None = None
    #: The condition number of the fixed-effects design (centred, columns of length one), and
    #: the effects that move together in its weakest direction when it is above
    #: :data:`ILL_CONDITIONED` (empty otherwise).
    condition_number: float = 1.0
    nearly_collinear: tuple[str, ...] = ()

    @property
    def ill_conditioned(self) -> bool:
        """Whether some effects nearly repeat one another (the condition number is above
        :data:`ILL_CONDITIONED`): their separate estimates rest on a sliver of the data and
        can move a long way with a tiny change in it, or in the arithmetic (the statistics
        audit of 2026-12-05: a predictor repeated with noise of 1e-7 gave -392,614 here and
        about -376,000 in R, with no word from either)."""
        return self.condition_number > ILL_CONDITIONED

    @property
    def distinguishable(self) -> bool:
        """Whether the model has separate effects and variances per role."""
        return self.role is not None

    @property
    def rho_at_bound(self) -> bool:
        """Whether ρ stopped at the edge of the search (within 3e-8 of ±1): the outcome is
        (nearly) the same, or the opposite, within every dyad, and the standard errors are
        less trustworthy."""
        return abs(self.rho) >= RHO_BOUND

    def effect(self, name: str) -> FixedEffect:
        """The fixed effect called ``name`` (e.g. ``"actor"`` or ``"actor[gender=1]"``);
        :class:`UnknownEffectError` (a ``KeyError``) listing the names otherwise."""
        for effect in self.fixed:
            if effect.name == name:
                return effect
        raise UnknownEffectError("fixed effect", name, [e.name for e in self.fixed])

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data: fixed effects by name, rho, loglik, aic and the rest."""
        test = self.distinguishability
        return {
            "method": self.method,
            "outcome": self.outcome,
            "actor": self.actor,
            "role": self.role,
            "moderator": self.moderator,
            "n_dyads": self.n_dyads,
            "n_complete_dyads": self.n_complete_dyads,
            "n_incomplete_dyads": self.n_incomplete_dyads,
            "n_dyads_left_out": self.n_dyads_left_out,
            "n_obs": self.n_obs,
            "n_people_left_out": self.n_people_left_out,
            "n_lone_members": self.n_lone_members,
            "fixed": {e.name: _effect_dict(e) for e in self.fixed},
            "residual_sd": dict(self.residual_sd),
            "rho": self.rho,
            "rho_at_bound": self.rho_at_bound,
            "loglik": self.loglik,
            "n_params": self.n_params,
            "aic": self.aic,
            "k": dict(self.k),
            "distinguishability": None if test is None else vars(test).copy(),
            "rho_test": None if self.rho_test is None else vars(self.rho_test).copy(),
            "condition_number": self.condition_number,
            "ill_conditioned": self.ill_conditioned,
            "nearly_collinear": list(self.nearly_collinear),
        }


def _effect_dict(effect: FixedEffect) -> dict[str, float | int]:
    return {k: v for k, v in vars(effect).items() if k != "name"}


@dataclass(frozen=True)
class KInterval:
    """Kenny's k for one role (or ``"all"``) with its percentile bootstrap interval."""

    key: str
    estimate: float
    ci_low: float
    ci_high: float
    boot_se: float


@dataclass(frozen=True)
class KBootstrap:
    """The k ratio(s) with percentile intervals from ``n_resamples`` dyad resamples.

    ``n_failed`` resamples could not be used (the model could not be fitted to them, or an
    actor effect came out exactly zero, leaving k undefined); the intervals rest on the rest.
    When more than :data:`FAILED_SHARE_LIMIT` of them failed, ``unreliable`` is true: the
    resamples that could be fitted are not a fair sample of all the draws, and the interval
    may be far too narrow.
    """

    intervals: tuple[KInterval, ...]
    confidence: float
    n_resamples: int
    n_failed: int
    seed: int | None
    #: The dyads resampled (0 when not known).
    n_dyads: int = 0

    @property
    def failed_share(self) -> float:
        """The share of resamples that could not be used."""
        return self.n_failed / self.n_resamples

    @property
    def few_dyads(self) -> bool:
        """Whether fewer than :data:`FEW_DYADS` dyads were resampled: they can be drawn in so
        few different ways (``different_resamples``) that the interval cannot be relied on,
        however many resamples are taken (the statistics audit of 2026-12-05: three couples
        gave an interval from 2000 resamples with no word, though only 10 differ)."""
        return 0 < self.n_dyads < FEW_DYADS

    @property
    def different_resamples(self) -> int:
        """How many different resamples of ``n_dyads`` dyads there are: C(2n - 1, n)."""
        return math.comb(2 * self.n_dyads - 1, self.n_dyads) if self.n_dyads else 0

    @property
    def unreliable(self) -> bool:
        """Whether more than :data:`FAILED_SHARE_LIMIT` of the resamples could not be used."""
        return self.failed_share > FAILED_SHARE_LIMIT

    @property
    def rough(self) -> bool:
        """Whether fewer than :data:`FEW_RESAMPLES` resamples could be used, so that the ends
        of the interval rest on a handful of resamples and move with the seed."""
        return self.n_resamples - self.n_failed < FEW_RESAMPLES

    def interval(self, key: str) -> KInterval:
        """The interval for role value ``key`` (``"all"`` for indistinguishable dyads)."""
        for interval in self.intervals:
            if interval.key == key:
                return interval
        raise UnknownEffectError("k interval", key, [i.key for i in self.intervals])

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data."""
        return {
            "confidence": self.confidence,
            "n_resamples": self.n_resamples,
            "n_failed": self.n_failed,
            "failed_share": self.failed_share,
            "unreliable": self.unreliable,
            "rough": self.rough,
            "n_dyads": self.n_dyads,
            "few_dyads": self.few_dyads,
            "seed": self.seed,
            "k": {i.key: {k: v for k, v in vars(i).items() if k != "key"} for i in self.intervals},
        }


@dataclass(frozen=True)
class _Design:
    """Cross-products of ``Z = [X | y]``.

    ``pairs`` holds Z for dyads with both rows present, shape (n, 2, q); ``singles`` Z for
    dyads with one row present, by the position (role) of that row. ``cross`` is the (2, 2, q, q)
    cross-product between members over the pairs; ``single_cross`` the (2, q, q) one over the
    singles; ``counts`` the number of pairs and of singles in positions 0 and 1 (weights
    when the design is a bootstrap resample).
    """

    names: tuple[str, ...]
    pairs: FloatArray
    singles: tuple[FloatArray, FloatArray]
    cross: FloatArray
    single_cross: FloatArray
    counts: tuple[float, float, float]
    n_theta: int  # 1: correlation only; 2: correlation and log SD ratio
    roles: tuple[str, str]  # the role values, in member order (for messages)
    #: Each column of Z was centred by ``shifts[j]`` times intercept column ``base[j]`` (itself
    #: for an intercept, with shift 0): see :func:`_centred` and :func:`_uncentred`.
    shifts: FloatArray
    base: tuple[int, ...]

    @property
    def n_fixed(self) -> int:
        return len(self.names)

    @property
    def n_pairs(self) -> int:
        return round(self.counts[0])

    @property
    def n_dyads(self) -> int:
        return round(sum(self.counts))

    @property
    def n_obs(self) -> int:
        return round(2 * self.counts[0] + self.counts[1] + self.counts[2])


@dataclass(frozen=True)
class _Profile:
    """The GLS solution and profiled likelihood at one value of θ."""

    theta: FloatArray
    loglik: float
    beta: FloatArray
    unscaled_cov: FloatArray  # (Xᵀ R⁻¹ X)⁻¹
    sigma2: float  # the (RE)ML estimate of σ²
    rss: float  # (y − Xβ)ᵀ R⁻¹ (y − Xβ)


@dataclass(frozen=True)
class _Members:
    """Outcome, actor, covariates and moderator as (n_dyads, 2) arrays (NaN where missing).

    Member order is fixed (by role when there is one). ``n_rows`` is the number of rows in
    the data and ``n_lone`` the number of dyads with a single row there.
    """

    y: FloatArray
    x: FloatArray
    covariates: tuple[tuple[str, FloatArray], ...]
    moderator: tuple[str, FloatArray] | None
    roles: tuple[str, str] | None
    n_rows: int
    n_lone: int


def fit_apim(
    data: Table | Mapping[str, ArrayLike],
    *,
    dyad: str,
    outcome: str,
    actor: str,
    role: str | None = None,
    covariates: Sequence[str] = (),
    moderator: str | None = None,
    method: Method = "reml",
) -> ApimResult:
    """Fit the APIM to individual-structure data (one row per person).

    ``actor`` names the predictor column; the partner's value is found through ``dyad``.
    Covariates enter with the person's own value (one effect, or one per role); a single name
    may be given as it is, without a list. With ``role``
    the dyads are distinguishable and the distinguishability test is included. With
    ``moderator`` the model adds its main effect and the actor × moderator and partner ×
    moderator products. Rows with a missing value are left out one person at a time, as
    ``nlme::gls(..., na.action = na.omit)`` does; the result counts what entered.
    """
    _check_method(method)
    members = _members(data, dyad, outcome, actor, role, covariates, moderator)
    design = _design(members, distinguishable=role is not None)
    fit = _fit(design, reml=method == "reml")
    test = _distinguishability(members) if role is not None else None
    return _result(
        design,
        fit,
        members,
        method=method,
        names=(outcome, actor, role, moderator),
        test=test,
        rho_test=_rho_test(design, fit, reml=method == "reml"),
    )


def distinguishability_test(
    data: Table | Mapping[str, ArrayLike],
    *,
    dyad: str,
    outcome: str,
    actor: str,
    role: str,
    covariates: Sequence[str] = (),
    moderator: str | None = None,
) -> DistinguishabilityTest:
    """ML likelihood-ratio test: distinguishable by ``role`` against indistinguishable."""
    return _distinguishability(_members(data, dyad, outcome, actor, role, covariates, moderator))


def k_ratio(
    data: Table | Mapping[str, ArrayLike],
    *,
    dyad: str,
    outcome: str,
    actor: str,
    role: str | None = None,
    covariates: Sequence[str] = (),
    moderator: str | None = None,
    method: Method = "reml",
    n_resamples: int = 2000,
    seed: int | None = 1,
    confidence: float = 0.95,
) -> KBootstrap:
    """Kenny's k (partner ÷ actor effect) with a percentile bootstrap interval.

    Whole dyads (complete or incomplete) are drawn with replacement ``n_resamples`` times and
    the model is refitted to each draw; with ``role`` there is one k per role. With a
    moderator, k is the ratio of the partner and actor effects where the moderator is zero.
    The same ``seed`` gives the same interval; the default, 1, is the command's, so the
    library and ``interdepend apim --k-interval`` agree; ``None`` draws afresh each time.
    """
    _check_method(method)
    if n_resamples < 1 or not 0 < confidence < 1:
        raise ApimError("the bootstrap needs at least one resample and a confidence in (0, 1)")
    if n_resamples > MAX_RESAMPLES:
        raise ApimError(
            f"the bootstrap takes at most {MAX_RESAMPLES:,} resamples, not {n_resamples:,}"
        )
    members = _members(data, dyad, outcome, actor, role, covariates, moderator)
    design = _design(members, distinguishable=role is not None)
    reml = method == "reml"
    fit = _fit(design, reml=reml)
    keys, positions = _k_positions(design, role, members.roles)
    estimate = _k_values(fit.beta, positions)
    rng = np.random.default_rng(seed)
    draws, failed = [], 0
    for _ in range(n_resamples):
        values = _k_resample(design, positions, rng, reml, fit.theta)
        if values is None:
            failed += 1
        else:
            draws.append(values)
    if not draws:
        raise ApimError("the model could not be fitted to any bootstrap resample")
    boot = np.array(draws)
    tail = (1 - confidence) / 2
    # One resample has no spread: its "interval" was that one draw twice, which need not hold
    # the estimate (0.7960 to 0.7960 around k = 0.7192). As in the mediation, there is none.
    gap = np.full(len(keys), math.nan)
    enough = len(draws) >= 2
    low, high = np.quantile(boot, [tail, 1 - tail], axis=0) if enough else (gap, gap)
    sd = boot.std(axis=0, ddof=1) if enough else gap
    intervals = tuple(
        KInterval(key, float(e), float(lo), float(hi), float(s))
        for key, e, lo, hi, s in zip(keys, estimate, low, high, sd, strict=True)
    )
    n_dyads = design.pairs.shape[0] + design.singles[0].shape[0] + design.singles[1].shape[0]
    return KBootstrap(intervals, confidence, n_resamples, failed, seed, n_dyads)


def _check_method(method: str) -> None:
    if method not in ("reml", "ml"):
        raise ApimError(f"method must be 'reml' or 'ml', not {method!r}")


def _k_positions(
    design: _Design, role: str | None, roles: tuple[str, str] | None
) -> tuple[list[str], list[tuple[int, int]]]:
    """For each k: its key and the positions of its actor and partner effects in β."""
    if role is None or roles is None:
        return [_ALL], [(design.names.index("actor"), design.names.index("partner"))]
    keys, positions = [], []
    for level in roles:
        suffix = f"[{_ROLE_PLACEHOLDER}={level}]"
        keys.append(level)
        positions.append(
            (design.names.index("actor" + suffix), design.names.index("partner" + suffix))
        )
    return keys, positions


def _k_values(beta: FloatArray, positions: list[tuple[int, int]]) -> list[float]:
    return [float(beta[p] / beta[a]) if beta[a] != 0 else math.nan for a, p in positions]


def _k_resample(
    design: _Design,
    positions: list[tuple[int, int]],
    rng: np.random.Generator,
    reml: bool,
    start: FloatArray,
) -> list[float] | None:
    """k on one resample of whole dyads, or None when it cannot be had."""
    n_pairs, n_first = design.pairs.shape[0], design.singles[0].shape[0]
    n = n_pairs + n_first + design.singles[1].shape[0]
    weights = np.bincount(rng.integers(n, size=n), minlength=n).astype(np.float64)
    resample = _weighted(
        design,
        weights[:n_pairs],
        weights[n_pairs : n_pairs + n_first],
        weights[n_pairs + n_first :],
    )
    try:
        values = _k_values(_fit(resample, reml=reml, start=start).beta, positions)
    except (ApimError, np.linalg.LinAlgError, ValueError):
        return None
    return values if all(math.isfinite(v) for v in values) else None


def _chi2_survival(df: int, chi2: float) -> float:
    from scipy import special  # the distinguishability test alone needs it

    return float(special.chdtrc(df, chi2))


def _distinguishability(members: _Members) -> DistinguishabilityTest:
    full_design = _design(members, distinguishable=True)
    reduced_design = _design(members, distinguishable=False)
    full, reduced = _fit(full_design, reml=False), _fit(reduced_design, reml=False)
    df = _n_params(full_design) - _n_params(reduced_design)
    chi2 = max(0.0, 2.0 * (full.loglik - reduced.loglik))
    return DistinguishabilityTest(
        chi2=chi2,
        df=df,
        p_value=_chi2_survival(df, chi2),
        loglik_indistinguishable=reduced.loglik,
        loglik_distinguishable=full.loglik,
    )


def _rho_test(design: _Design, fit: _Profile, *, reml: bool) -> RhoTest:
    """The fit against the same model with ρ held at 0 (for distinguishable dyads, the ratio
    of the two roles' SDs searched again)."""
    if design.n_theta == 1:
        without = _loglik(design, np.zeros(1), reml)
    else:

        def objective(log_ratio: float) -> float:
            try:
                return -_loglik(design, np.array([0.0, log_ratio]), reml)
            except (np.linalg.LinAlgError, ValueError):
                return math.inf

        start = float(fit.theta[1])
        found = minimize_bounded(
            objective, start - _RATIO_WINDOW, start + _RATIO_WINDOW, xatol=1e-10
        )
        without = -objective(found)
    chi2 = max(0.0, 2.0 * (fit.loglik - without))
    # χ²(1)'s upper tail is erfc(√(χ²/2)): no SciPy on this path.
    return RhoTest(
        chi2=chi2, df=1, p_value=math.erfc(math.sqrt(chi2 / 2.0)), loglik_without=without
    )


# --- data -----------------------------------------------------------------------------------


def _members(
    data: Table | Mapping[str, ArrayLike],
    dyad: str,
    outcome: str,
    actor: str,
    role: str | None,
    covariates: Sequence[str],
    moderator: str | None = None,
) -> _Members:
    table = data if isinstance(data, Table) else Table.from_columns(data)
    covariates = [covariates] if isinstance(covariates, str) else list(covariates)
    extra = [*covariates, *([moderator] if moderator else [])]
    names = [dyad, outcome, actor, *extra, *([role] if role else [])]
    table.require(names)
    if len(set(names)) != len(names):
        raise DyadicDataError(
            "the dyad, outcome, predictor, role, covariates and moderator must differ"
        )
    first, second, roles, n_lone = _pair_rows(table, dyad, role)

    def pair(name: str) -> FloatArray:
        values = table.measured(name)
        return np.stack([values[first], values[second]], axis=1)

    covs = tuple((name, pair(name)) for name in covariates)
    mod = (moderator, pair(moderator)) if moderator else None
    return _Members(pair(outcome), pair(actor), covs, mod, roles, table.n_rows, n_lone)


def _pair_rows(
    table: Table, dyad: str, role: str | None
) -> tuple[NDArray[np.intp], NDArray[np.intp], tuple[str, str] | None, int]:
    """:func:`~interdepend.core.dyadic.pair_rows`, with no pair at all an APIM error."""
    try:
        return pair_rows(table, dyad, role)
    except NoPairsError as error:
        raise TooFewDyadsError(str(error)) from None


# --- design ---------------------------------------------------------------------------------


def _columns(members: _Members) -> list[tuple[str, FloatArray]]:
    """The fixed-effect columns as (n_dyads, 2) arrays, before any split by role."""
    x, partner = members.x, members.x[:, ::-1]
    columns = [("intercept", np.ones_like(members.y)), ("actor", x), ("partner", partner)]
    columns += list(members.covariates)
    if members.moderator is not None:
        name, m = members.moderator
        columns += [(name, m), (f"actor:{name}", x * m), (f"partner:{name}", partner * m)]
    return columns


def _design(members: _Members, *, distinguishable: bool) -> _Design:
    columns = _columns(members)
    z = np.stack([c for _, c in columns] + [members.y], axis=2)  # (n, 2, q)
    # A row enters when all its values are there (nlme's na.omit).
    present = np.asarray(np.isfinite(z).all(axis=2), dtype=np.bool_)
    if distinguishable:
        columns = _split_by_role(columns, members)
        z = np.stack([c for _, c in columns] + [members.y], axis=2)
    if present.all():  # nothing missing: every dyad is a pair
        pairs, singles = z, (z[:0, 0, :], z[:0, 1, :])
    else:
        z = np.where(present[:, :, None], z, 0.0)
        both = present.all(axis=1)
        one = present.any(axis=1) & ~both
        pairs = np.ascontiguousarray(z[both])
        singles = (z[one & present[:, 0], 0, :], z[one & present[:, 1], 1, :])
    names = tuple(name for name, _ in columns)
    roles = members.roles or ("", "")
    base = _bases(len(names), distinguishable=distinguishable)
    shifts = _centred(pairs, singles, base)
    return _weighted(
        _Design(
            names,
            pairs,
            singles,
            np.empty(0),
            np.empty(0),
            (0, 0, 0),
            2 if distinguishable else 1,
            roles,
            shifts,
            base,
        ),
        np.ones(pairs.shape[0]),
        np.ones(singles[0].shape[0]),
        np.ones(singles[1].shape[0]),
    )


def _bases(n_fixed: int, *, distinguishable: bool) -> tuple[int, ...]:
    """The intercept column each column of Z (the fixed effects, then y) is centred by: the one
    intercept, or with roles its own role's intercept (columns go role by role, intercepts
    first: :func:`_split_by_role`); y by the intercept of the row's own role (-1)."""
    if distinguishable:
        return (*(j % 2 for j in range(n_fixed)), -1)
    return (*(0 for _ in range(n_fixed)), 0)


def _centred(
    pairs: FloatArray, singles: tuple[FloatArray, FloatArray], base: tuple[int, ...]
) -> FloatArray:
    """Centre each column of Z in place on its mean over the rows that entered, by subtracting
    that mean times its intercept column (the same model, reparametrised by a unit triangular
    matrix). Cross-products of raw columns far from zero lost the digits that carry the fit
    (an outcome offset by 10⁴ moved χ² in the fifth figure and by 10⁶ was refused as having
    no spread: the statistics audit); nlme works from a QR decomposition instead. Returns the
    shifts: per column, and for y per role in its last two places when ``base[-1]`` is -1."""
    q = len(base)
    rows = [pairs[:, 0, :], pairs[:, 1, :], singles[0], singles[1]]
    by_member = [np.concatenate(rows[0::2]), np.concatenate(rows[1::2])]
    everyone = np.concatenate(by_member)
    shifts = np.zeros(q + 1)
    for j in range(q):
        if j == base[j]:
            continue  # an intercept
        if base[j] == -1:  # y, by role: each member's rows have their own intercept column
            for member in (0, 1):
                values = by_member[member][:, j]
                shifts[q - 1 + member] = float(values.mean()) if values.size else 0.0
            for member, z in ((0, pairs[:, 0, :]), (1, pairs[:, 1, :])):
                z[:, j] -= shifts[q - 1 + member]
            for member in (0, 1):
                singles[member][:, j] -= shifts[q - 1 + member]
            continue
        k = base[j]
        inside = everyone[:, k] != 0.0  # the rows this column's intercept is 1 in
        values = everyone[inside, j]
        shifts[j] = float(values.mean()) if values.size else 0.0
        pairs[:, :, j] -= shifts[j] * pairs[:, :, k]
        for single in singles:
            single[:, j] -= shifts[j] * single[:, k]
    return shifts


def _uncentred(design: _Design, beta: FloatArray, cov: FloatArray) -> tuple[FloatArray, FloatArray]:
    """The model's estimates and their unscaled covariance from the centred fit's."""
    p = design.n_fixed
    b = np.eye(p)
    for j in range(p):
        k = design.base[j]
        if k != j:
            b[k, j] = -design.shifts[j]
    out = b @ beta
    if design.base[-1] == -1:
        out[0] += design.shifts[p]
        out[1] += design.shifts[p + 1]
    else:
        out[design.base[-1]] += design.shifts[p]
    return out, b @ cov @ b.T


def _weighted(design: _Design, pairs: FloatArray, first: FloatArray, second: FloatArray) -> _Design:
    """The design's cross-products with each pair and single weighted (a resample's counts)."""
    n, _, q = design.pairs.shape if design.pairs.size else (0, 2, design.n_fixed + 1)
    flat = design.pairs.reshape(n, 2 * q)
    cross = ((flat.T * pairs) @ flat).reshape(2, q, 2, q).transpose(0, 2, 1, 3)
    single = np.stack([(s.T * w) @ s for s, w in zip(design.singles, (first, second), strict=True)])
    counts = (float(pairs.sum()), float(first.sum()), float(second.sum()))
    return _Design(
        design.names,
        design.pairs,
        design.singles,
        np.ascontiguousarray(cross),
        single,
        counts,
        design.n_theta,
        design.roles,
        design.shifts,
        design.base,
    )


def _split_by_role(
    columns: list[tuple[str, FloatArray]], members: _Members
) -> list[tuple[str, FloatArray]]:
    """Interact every column with the two role dummies (R's two-intercept formulation)."""
    assert members.roles is not None
    split: list[tuple[str, FloatArray]] = []
    for name, values in columns:
        for member, level in enumerate(members.roles):
            only = np.zeros_like(values)
            only[:, member] = values[:, member]
            split.append((f"{name}[{_ROLE_PLACEHOLDER}={level}]", only))
    return split


_ROLE_PLACEHOLDER = "{role}"


# --- likelihood -----------------------------------------------------------------------------


def _correlation(theta: FloatArray) -> FloatArray:
    """R(θ) = [[1, ρλ], [ρλ, λ²]] with ρ = tanh θ₀ and λ = exp θ₁ (λ = 1 if absent)."""
    rho = math.tanh(theta[0])
    try:
        ratio = math.exp(theta[1]) if theta.size > 1 else 1.0
    except OverflowError:
        raise ValueError("the ratio of the residual SDs is beyond what a float holds") from None
    return np.array([[1.0, rho * ratio], [rho * ratio, ratio * ratio]])


def _weighted_cross(design: _Design, theta: FloatArray) -> tuple[FloatArray, float, FloatArray]:
    """``Zᵀ R⁻¹ Z`` at θ, with the log-determinant of all residual blocks and R(θ).

    ``ValueError`` where R(θ) cannot be inverted (ρ at ±1, or a residual SD at zero or beyond
    a float), which the searches take as no fit there: a bootstrap resample's search could go
    to that edge and divide by zero, printing NumPy's warnings, or raising them where warnings
    are errors (the library audit of 2026-12-03).
    """
    corr = _correlation(theta)
    det = corr[0, 0] * corr[1, 1] - corr[0, 1] ** 2
    if not (det > 0.0 and math.isfinite(det) and corr[1, 1] > 0.0):
        raise ValueError("the residual covariance cannot be inverted at this θ")
    cross, single = design.cross, design.single_cross
    with np.errstate(over="ignore", invalid="ignore"):  # a near-singular R(θ): checked below
        a = (corr[1, 1] * cross[0, 0] - corr[0, 1] * (cross[0, 1] + cross[1, 0])) / det
        a += corr[0, 0] / det * cross[1, 1] + single[0] / corr[0, 0] + single[1] / corr[1, 1]
    if not np.isfinite(a).all():
        raise ValueError("the weighted cross-products overflow at this θ")
    n_pairs, _, n_second = design.counts
    logdet = n_pairs * math.log(det) + n_second * math.log(corr[1, 1])
    return a, logdet, corr


def _loglik_parts(design: _Design, reml: bool, logdet: float, rss: float, logdiag: float) -> float:
    n_pairs, n_first, n_second = design.counts
    n_obs = 2 * n_pairs + n_first + n_second
    dof = n_obs - design.n_fixed if reml else n_obs
    loglik = -0.5 * dof * (math.log(2 * math.pi) + 1 + math.log(rss / dof)) - 0.5 * logdet
    return loglik - logdiag if reml else loglik


def _loglik(design: _Design, theta: FloatArray, reml: bool) -> float:
    """nlme's (restricted) log-likelihood at θ, σ² profiled out: one small Cholesky factor.

    The last diagonal element of the factor of ``[X | y]ᵀ R⁻¹ [X | y]`` is √RSS.
    """
    a, logdet, _ = _weighted_cross(design, theta)
    diag = np.diag(np.linalg.cholesky(a))
    p = design.n_fixed
    rss = max(float(diag[p]) ** 2, 1e-300)
    return _loglik_parts(design, reml, logdet, rss, float(np.log(diag[:p]).sum()))


def _profile(design: _Design, theta: FloatArray, reml: bool) -> _Profile:
    """GLS at θ with σ² profiled out: nlme's (restricted) log-likelihood and the estimates."""
    a, logdet, _ = _weighted_cross(design, theta)
    p = design.n_fixed
    chol = np.linalg.cholesky(a[:p, :p])
    w = np.linalg.solve(chol, a[:p, p])
    rss = max(float(a[p, p] - w @ w), 1e-300)
    beta = np.linalg.solve(chol.T, w)
    n_pairs, n_first, n_second = design.counts
    n_obs = 2 * n_pairs + n_first + n_second
    sigma2 = rss / (n_obs - p if reml else n_obs)
    loglik = _loglik_parts(design, reml, logdet, rss, float(np.log(np.diag(chol)).sum()))
    inverse_chol = np.linalg.solve(chol, np.eye(p))
    unscaled = inverse_chol.T @ inverse_chol
    return _Profile(theta, loglik, beta, unscaled, sigma2, rss)


def _fit(design: _Design, *, reml: bool, start: FloatArray | None = None) -> _Profile:
    _check_identified(design, reml)

    def objective(theta: FloatArray) -> float:
        try:
            return -_loglik(design, theta, reml)
        except (np.linalg.LinAlgError, ValueError):
            return math.inf

    if start is not None:
        best = _search_near(objective, start)
    elif design.n_theta == 1:
        best = _search_one(objective)
    else:
        best = _search_two(objective, _ols_start(design))
    return _profile(design, best, reml)


def _check_identified(design: _Design, reml: bool) -> None:
    p = design.n_fixed
    if design.n_obs - p < 1 + design.n_theta:
        raise TooFewDyadsError(
            f"{counted(design.n_dyads, 'dyad', 'dyads')} "
            f"({counted(design.n_obs, 'person', 'people')}) "
            f"{'is' if design.n_dyads == 1 else 'are'} too few for a model with {p} fixed effects"
        )
    if design.n_theta == 2:
        _check_role_counts(design)
    if design.n_pairs < 2:
        raise TooFewDyadsError(
            f"{design.n_pairs} dyad(s) have both members' values: at least two are needed to "
            "learn how partners' outcomes go together"
        )
    full = design.cross[0, 0] + design.cross[1, 1] + design.single_cross.sum(axis=0)
    xtx = full[:p, :p]
    scale = np.sqrt(np.diag(xtx))
    if (scale == 0).any() or np.linalg.matrix_rank(xtx / np.outer(scale, scale)) < p:
        raise CollinearPredictorsError(
            "the predictors are collinear, so the effects cannot be told apart"
            f"{_collinear_effects(design, xtx, scale)}: a predictor that is the same for both "
            "partners in every couple (years together, say) has no separate actor and partner "
            "effects, and belongs in --covariate; or a predictor, covariate or moderator "
            "takes one value only among the people of one role; or a covariate repeats the "
            "predictor, the role, or the partner's predictor (as a file in the pairwise "
            "layout holds it, in a column ending in _P: the model finds the partner's value "
            "through the couple's id by itself, so leave that column out), or is constant"
        )
    if nothing_left_over(full, p):
        raise NothingLeftOverError(NOTHING_LEFT_OVER)
    if design.n_theta == 2:
        _check_each_role(design)


def _collinear_effects(design: _Design, xtx: FloatArray, scale: FloatArray) -> str:
    """`` (here: a, b and c)``, the effects that move together, or ``""`` if none stands out.

    With a predictor that took one value among one role's people, the message blamed a
    predictor shared by the partners and named nothing (the outside check of 2026-12-04,
    third round)."""
    p = design.n_fixed
    flat = bool((scale == 0).any())
    if flat:  # a column with one value throughout (the design holds it centred)
        involved = np.flatnonzero(scale == 0)
    else:
        values, vectors = np.linalg.eigh(xtx / np.outer(scale, scale))
        weights = np.abs(vectors[:, int(np.argmin(values))])
        involved = np.flatnonzero(weights > 0.1 * weights.max())
    if not 0 < involved.size < p:
        return ""
    names = [design.names[k].replace(_ROLE_PLACEHOLDER, "role") for k in involved]
    said = listed(names)
    if flat:
        takes = "takes" if len(names) == 1 else "each take"
        return f" (here: {said} {takes} one value only, as the intercept does)"
    return f" (here: {said})"


def _check_role_counts(design: _Design) -> None:
    """Each role needs at least as many people with every value as it has effects. Fewer, and
    that role's effects cannot all be estimated (nlme stops on a singular fit); the collinearity
    message that came instead blamed a predictor shared by the partners.

    And the model needs more couples with both rows than a role has effects plus one. With
    ``k`` effects per role, a role's outcome given the partner's is a regression on ``k + 1``
    terms (its effects and the partner's residual); over ``k + 1`` complete couples or fewer it
    fits exactly, so as ρ → ±1 the likelihood grows without bound. The search stopped at its
    bound and printed figures (and, on four complete couples, a distinguishability χ² of 135)
    for a likelihood with no maximum; nlme fails on such data."""
    per_role = design.n_fixed // 2
    for member, level in enumerate(design.roles):
        count = round(design.counts[0] + design.counts[1 + member])
        if count < per_role:
            who = (
                f"no one in role {level!r} has"
                if count == 0
                else f"only {counted(count, 'person', 'people')} in role {level!r} "
                f"{'has' if count == 1 else 'have'}"
            )
            raise TooFewDyadsError(
                f"{who} every value the model needs (the outcome, their own and their "
                "partner's predictor, and any covariate or moderator), too few for that "
                f"role's {per_role} effects; fit the model without the role, or check that "
                "role's values"
            )
    if design.n_pairs <= per_role + 1:
        raise TooFewDyadsError(
            f"only {counted(design.n_pairs, 'couple has', 'couples have')} both members' "
            f"values, too few to tell the roles apart: with {per_role} effects per role, one "
            "role's outcomes can be matched exactly from the other's, and the fit has no best "
            f"point; it needs at least {per_role + 2} such couples. Fit the model without the "
            "role, or gather more couples in which both partners answered"
        )


def _check_each_role(design: _Design) -> None:
    """Each role's own outcome must vary, and not be met exactly by its predictors: otherwise
    that role's residual SD runs to zero and the search with it (nlme fails on such data)."""
    p = design.n_fixed
    for member, level in enumerate(design.roles):
        own = design.cross[member, member] + design.single_cross[member]
        # Column ``member`` is that role's intercept (the design is split role by role).
        mean_only = own[np.ix_([member, p], [member, p])]
        if nothing_left_over(mean_only, 1):
            raise NothingLeftOverError(role_left_over(level, constant=True))
        if nothing_left_over(own, p):
            raise NothingLeftOverError(role_left_over(level, constant=False))


def _search_one(objective: Callable[[FloatArray], float]) -> FloatArray:
    """Grid over atanh ρ, then Brent's method within the best grid cell."""
    grid = _GRID
    values = [objective(np.array([z])) for z in grid]
    i = int(np.argmin(values))
    if i in (0, grid.size - 1):  # ρ is nearer ±1 than the grid goes: follow it outwards
        grid = _OUTER * np.sign(grid[i])
        values = [objective(np.array([z])) for z in grid]
        i = int(np.argmin(values))
    step = _GRID[1] - _GRID[0]
    found = minimize_bounded(
        lambda z: objective(np.array([z])), grid[i] - step, grid[i] + step, xatol=1e-11
    )
    return np.array([found])


def _search_two(objective: Callable[[FloatArray], float], start: FloatArray) -> FloatArray:
    """Nelder–Mead over (atanh ρ, log σ₂/σ₁), started at the OLS residual covariance."""
    from scipy import optimize  # only distinguishable dyads need it: a second of start-up

    options = {"xatol": 1e-9, "fatol": 1e-10, "maxiter": 2000}
    for _ in range(2):  # a restart at the optimum guards against a collapsed simplex
        result = optimize.minimize(objective, start, method="Nelder-Mead", options=options)
        start = result.x
    return np.asarray(result.x, dtype=np.float64)


def _search_near(objective: Callable[[FloatArray], float], start: FloatArray) -> FloatArray:
    """A quicker search from a nearby θ (the full-data fit, for a bootstrap resample).

    One parameter: Brent's method within ±1.5 of the start, with the full grid search as a
    fallback when the optimum sits on that window's edge. Two: one Nelder–Mead run.
    """
    if start.size == 2:
        from scipy import optimize

        options = {"xatol": 1e-7, "fatol": 1e-10, "maxiter": 2000}
        result = optimize.minimize(objective, start, method="Nelder-Mead", options=options)
        return np.asarray(result.x, dtype=np.float64)
    low, high = float(start[0]) - _WINDOW, float(start[0]) + _WINDOW
    found = minimize_bounded(lambda z: objective(np.array([z])), low, high, xatol=1e-9)
    if min(found - low, high - found) < 1e-3:
        return _search_one(objective)
    return np.array([found])


def _ols_start(design: _Design) -> FloatArray:
    """θ from the residual covariance of each member's ordinary least squares."""
    fit = _profile(design, np.zeros(2), reml=False)
    b = np.append(-fit.beta, 1.0)
    pairs = np.array([[b @ design.cross[i, j] @ b for j in (0, 1)] for i in (0, 1)])
    singles = [b @ design.single_cross[i] @ b for i in (0, 1)]
    n_pairs = design.counts[0]
    var = [(pairs[i, i] + singles[i]) / (n_pairs + design.counts[1 + i]) for i in (0, 1)]
    # Each root first: the product of two variances of values near 1e-150 underflows to 0.
    rho = pairs[0, 1] / n_pairs / (math.sqrt(var[0]) * math.sqrt(var[1]))
    return np.array([math.atanh(min(max(rho, -0.99), 0.99)), 0.5 * math.log(var[1] / var[0])])


# --- results --------------------------------------------------------------------------------


def _n_params(design: _Design) -> int:
    """Parameters as nlme counts them: fixed effects, θ and σ²."""
    return design.n_fixed + design.n_theta + 1


def _result(
    design: _Design,
    fit: _Profile,
    members: _Members,
    *,
    method: Method,
    names: tuple[str, str, str | None, str | None],
    test: DistinguishabilityTest | None,
    rho_test: RhoTest | None = None,
) -> ApimResult:
    outcome, actor, role, moderator = names
    effects = _fixed_effects(design, fit, role)
    roles = members.roles if role is not None and members.roles else ()
    n_params = _n_params(design)
    n_in_file = members.y.shape[0] + members.n_lone
    number, involved = _conditioning(design, members)
    return ApimResult(
        method=method,
        outcome=outcome,
        actor=actor,
        role=role,
        roles=tuple(roles),
        n_dyads=design.n_dyads,
        n_obs=design.n_obs,
        fixed=effects,
        residual_sd=_residual_sds(fit, roles),
        rho=math.tanh(fit.theta[0]),
        loglik=fit.loglik,
        n_params=n_params,
        aic=-2.0 * fit.loglik + 2.0 * n_params,
        k=_ratios(effects, role, roles),
        distinguishability=test,
        n_complete_dyads=design.n_pairs,
        n_incomplete_dyads=design.n_dyads - design.n_pairs,
        n_people_left_out=members.n_rows - design.n_obs,
        n_lone_members=members.n_lone,
        n_dyads_left_out=n_in_file - design.n_dyads,
        moderator=moderator,
        rho_test=rho_test,
        condition_number=number,
        nearly_collinear=tuple(effects[k].name for k in involved),
    )


def _conditioning(design: _Design, members: _Members) -> tuple[float, tuple[int, ...]]:
    """:func:`conditioning` of the fixed effects' design. With a moderator, the products are
    formed from the predictor and the moderator centred first: a product of two columns far
    from zero moves with each of them (actor × self-esteem with actor, on a 1-to-5 scale),
    which only says that the effects at a moderator of zero are far from the data, and goes
    away when the columns are centred (Marquardt 1980); what is left is what no centring can
    take away."""
    p = design.n_fixed
    if members.moderator is None:
        full = design.cross[0, 0] + design.cross[1, 1] + design.single_cross.sum(axis=0)
        return conditioning(full[:p, :p])
    name, m = members.moderator
    # The rows that entered (nlme's na.omit): every factor of every column there.
    present = np.isfinite(members.y) & np.isfinite(members.x) & np.isfinite(members.x[:, ::-1])
    for values in [m, *(c for _, c in members.covariates)]:
        present &= np.isfinite(values)
    x = members.x - members.x[present].mean()
    m = m - m[present].mean()
    centred = replace(members, x=x, moderator=(name, m))
    z = np.stack([c for _, c in _columns(centred)], axis=2)

    def cross(rows: FloatArray) -> FloatArray:
        rows = rows - np.r_[0.0, rows[:, 1:].mean(axis=0)]  # the intercept stays as it is
        return np.asarray(rows.T @ rows, dtype=np.float64)

    if design.n_theta == 1:
        return conditioning(cross(z[present]))
    q = z.shape[2]  # by role: the design's columns go name by name, one for each role
    full = np.zeros((2 * q, 2 * q))
    for member in (0, 1):
        full[member::2, member::2] = cross(z[:, member, :][present[:, member]])
    return conditioning(full)


def _residual_sds(fit: _Profile, roles: tuple[str, ...]) -> dict[str, float]:
    """σ for indistinguishable dyads; σ₁ and σ₂ = σ₁·λ per role otherwise."""
    sigma = math.sqrt(fit.sigma2)
    if not roles:
        return {_ALL: sigma}
    return {roles[0]: sigma, roles[1]: sigma * math.exp(fit.theta[1])}


def _fixed_effects(design: _Design, fit: _Profile, role: str | None) -> tuple[FixedEffect, ...]:
    df = design.n_obs - design.n_fixed
    beta, unscaled = _uncentred(design, fit.beta, fit.unscaled_cov)
    # nlme scales the covariance of the estimates by RSS / (N − p) under ML as under REML.
    ses = np.sqrt(fit.rss / df * np.diag(unscaled))
    quantile = t_quantile(0.5 + _CONFIDENCE / 2, df)
    effects = []
    for name, estimate, se in zip(design.names, beta, ses, strict=True):
        statistic = float(estimate / se)
        effects.append(
            FixedEffect(
                name=name.replace(_ROLE_PLACEHOLDER, role or ""),
                estimate=float(estimate),
                se=float(se),
                statistic=statistic,
                df=df,
                p_value=t_two_sided_p(statistic, df),
                ci_low=float(estimate - quantile * se),
                ci_high=float(estimate + quantile * se),
            )
        )
    return tuple(effects)


def _ratios(
    effects: tuple[FixedEffect, ...], role: str | None, roles: tuple[str, ...]
) -> dict[str, float]:
    """Kenny's k: the partner effect divided by the actor effect (NaN if the actor is 0)."""
    values = {e.name: e.estimate for e in effects}
    keys = [(level, f"[{role}={level}]") for level in roles] if roles else [(_ALL, "")]
    result = {}
    for key, suffix in keys:
        act, par = values["actor" + suffix], values["partner" + suffix]
        result[key] = par / act if act != 0 else math.nan
    return result
