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
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import linalg, optimize, special  # not scipy.stats: it alone doubles start-up

from interdepend.core.dyadic import DyadicDataError, Pairing, Table, pair_members
from interdepend.core.errors import InterdependError

__all__ = [
    "ApimError",
    "ApimResult",
    "CollinearPredictorsError",
    "DistinguishabilityTest",
    "FixedEffect",
    "Method",
    "TooFewDyadsError",
    "distinguishability_test",
    "fit_apim",
]

Method = Literal["reml", "ml"]
FloatArray = NDArray[np.float64]

_ALL = "all"  # key of the single variance / ratio of indistinguishable dyads
_GRID = np.linspace(-6.0, 6.0, 61)  # atanh(rho) grid for the one-parameter search
_CONFIDENCE = 0.95


class ApimError(InterdependError):
    """The APIM cannot be fitted to these data."""


class CollinearPredictorsError(ApimError):
    """The predictors are linearly dependent, so the effects are not identified."""


class TooFewDyadsError(ApimError):
    """Fewer observations than the model has parameters."""


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
class ApimResult:
    """A fitted APIM.

    ``residual_sd`` and ``k`` (partner ÷ actor effect) are keyed by role value for
    distinguishable dyads and by ``"all"`` for indistinguishable ones.
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

    @property
    def distinguishable(self) -> bool:
        """Whether the model has separate effects and variances per role."""
        return self.role is not None

    def effect(self, name: str) -> FixedEffect:
        """The fixed effect called ``name`` (e.g. ``"actor"`` or ``"actor[gender=1]"``)."""
        for effect in self.fixed:
            if effect.name == name:
                return effect
        raise KeyError(name)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data: fixed effects by name, rho, loglik, aic and the rest."""
        test = self.distinguishability
        return {
            "method": self.method,
            "outcome": self.outcome,
            "actor": self.actor,
            "role": self.role,
            "n_dyads": self.n_dyads,
            "n_obs": self.n_obs,
            "fixed": {e.name: _effect_dict(e) for e in self.fixed},
            "residual_sd": dict(self.residual_sd),
            "rho": self.rho,
            "loglik": self.loglik,
            "n_params": self.n_params,
            "aic": self.aic,
            "k": dict(self.k),
            "distinguishability": None if test is None else vars(test).copy(),
        }


def _effect_dict(effect: FixedEffect) -> dict[str, float | int]:
    return {k: v for k, v in vars(effect).items() if k != "name"}


@dataclass(frozen=True)
class _Design:
    """Cross-products of ``Z = [X | y]`` between the two dyad members: shape (2, 2, q, q)."""

    names: tuple[str, ...]
    cross: FloatArray
    n_dyads: int
    n_theta: int  # 1: correlation only; 2: correlation and log SD ratio

    @property
    def n_fixed(self) -> int:
        return len(self.names)

    @property
    def n_obs(self) -> int:
        return 2 * self.n_dyads


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
    """Outcome, actor and covariates as (n_dyads, 2) arrays, member order fixed."""

    y: FloatArray
    x: FloatArray
    covariates: tuple[tuple[str, FloatArray], ...]
    roles: tuple[str, str] | None


def fit_apim(
    data: Table | Mapping[str, ArrayLike],
    *,
    dyad: str,
    outcome: str,
    actor: str,
    role: str | None = None,
    covariates: Sequence[str] = (),
    method: Method = "reml",
) -> ApimResult:
    """Fit the APIM to individual-structure data (one row per person).

    ``actor`` names the predictor column; the partner's value is found through ``dyad``.
    Covariates enter with the person's own value (one effect, or one per role). With ``role``
    the dyads are distinguishable and the distinguishability test is included.
    """
    if method not in ("reml", "ml"):
        raise ApimError(f"method must be 'reml' or 'ml', not {method!r}")
    members = _members(data, dyad, outcome, actor, role, covariates)
    design = _design(members, distinguishable=role is not None)
    fit = _fit(design, reml=method == "reml")
    test = _distinguishability(members) if role is not None else None
    return _result(design, fit, members, method=method, names=(outcome, actor, role), test=test)


def distinguishability_test(
    data: Table | Mapping[str, ArrayLike],
    *,
    dyad: str,
    outcome: str,
    actor: str,
    role: str,
    covariates: Sequence[str] = (),
) -> DistinguishabilityTest:
    """ML likelihood-ratio test: distinguishable by ``role`` against indistinguishable."""
    return _distinguishability(_members(data, dyad, outcome, actor, role, covariates))


def _distinguishability(members: _Members) -> DistinguishabilityTest:
    full_design = _design(members, distinguishable=True)
    reduced_design = _design(members, distinguishable=False)
    full, reduced = _fit(full_design, reml=False), _fit(reduced_design, reml=False)
    df = _n_params(full_design) - _n_params(reduced_design)
    chi2 = max(0.0, 2.0 * (full.loglik - reduced.loglik))
    return DistinguishabilityTest(
        chi2=chi2,
        df=df,
        p_value=float(special.chdtrc(df, chi2)),
        loglik_indistinguishable=reduced.loglik,
        loglik_distinguishable=full.loglik,
    )


# --- data -----------------------------------------------------------------------------------


def _members(
    data: Table | Mapping[str, ArrayLike],
    dyad: str,
    outcome: str,
    actor: str,
    role: str | None,
    covariates: Sequence[str],
) -> _Members:
    table = data if isinstance(data, Table) else Table.from_columns(data)
    names = [dyad, outcome, actor, *covariates, *([role] if role else [])]
    table.require(names)
    if len(set(names)) != len(names):
        raise DyadicDataError("the dyad, outcome, predictor, role and covariates must differ")
    pairing = pair_members(table, dyad, role)

    def pair(name: str) -> FloatArray:
        return _by_member(table.numeric(name), pairing)

    covs = tuple((name, pair(name)) for name in covariates)
    return _Members(pair(outcome), pair(actor), covs, pairing.roles)


def _by_member(values: FloatArray, pairing: Pairing) -> FloatArray:
    return np.stack([values[pairing.first], values[pairing.second]], axis=1)


# --- design ---------------------------------------------------------------------------------


def _design(members: _Members, *, distinguishable: bool) -> _Design:
    columns = [("intercept", np.ones_like(members.y)), ("actor", members.x)]
    columns += [("partner", members.x[:, ::-1]), *members.covariates]
    if distinguishable:
        columns = _split_by_role(columns, members)
    names = tuple(name for name, _ in columns)
    z = np.stack([c for _, c in columns] + [members.y], axis=2)  # (n, 2, q)
    n, _, q = z.shape
    flat = z.reshape(n, 2 * q)
    cross = (flat.T @ flat).reshape(2, q, 2, q).transpose(0, 2, 1, 3)
    return _Design(names, np.ascontiguousarray(cross), n, 2 if distinguishable else 1)


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
    ratio = math.exp(theta[1]) if theta.size > 1 else 1.0
    return np.array([[1.0, rho * ratio], [rho * ratio, ratio * ratio]])


def _profile(design: _Design, theta: FloatArray, reml: bool) -> _Profile:
    """GLS at θ with σ² profiled out: nlme's (restricted) log-likelihood."""
    corr = _correlation(theta)
    det = corr[0, 0] * corr[1, 1] - corr[0, 1] ** 2
    inverse = np.array([[corr[1, 1], -corr[0, 1]], [-corr[1, 0], corr[0, 0]]]) / det
    a = np.einsum("ij,ijpq->pq", inverse, design.cross)
    p = design.n_fixed
    chol = linalg.cholesky(a[:p, :p], lower=True)
    w = linalg.solve_triangular(chol, a[:p, p], lower=True)
    rss = max(float(a[p, p] - w @ w), 1e-300)
    beta = linalg.solve_triangular(chol.T, w, lower=False)
    dof = design.n_obs - p if reml else design.n_obs
    sigma2 = rss / dof
    loglik = -0.5 * dof * (math.log(2 * math.pi) + 1 + math.log(sigma2))
    loglik -= 0.5 * design.n_dyads * math.log(det)
    if reml:
        loglik -= float(np.log(np.diag(chol)).sum())
    unscaled = linalg.cho_solve((chol, True), np.eye(p))
    return _Profile(theta, loglik, beta, unscaled, sigma2, rss)


def _fit(design: _Design, *, reml: bool) -> _Profile:
    _check_identified(design, reml)

    def objective(theta: FloatArray) -> float:
        try:
            return -_profile(design, theta, reml).loglik
        except (linalg.LinAlgError, ValueError):
            return math.inf

    best = _search_one(objective) if design.n_theta == 1 else _search_two(objective, design)
    return _profile(design, best, reml)


def _check_identified(design: _Design, reml: bool) -> None:
    p = design.n_fixed
    if design.n_obs - p < 1 + design.n_theta:
        raise TooFewDyadsError(
            f"{design.n_dyads} dyads are too few for a model with {p} fixed effects"
        )
    xtx = design.cross[0, 0, :p, :p] + design.cross[1, 1, :p, :p]
    scale = np.sqrt(np.diag(xtx))
    if (scale == 0).any() or np.linalg.matrix_rank(xtx / np.outer(scale, scale)) < p:
        raise CollinearPredictorsError(
            "the predictors are collinear (a covariate may repeat the predictor, the role or "
            "be constant), so the effects cannot be told apart"
        )


def _search_one(objective: Callable[[FloatArray], float]) -> FloatArray:
    """Grid over atanh ρ, then Brent's method within the best grid cell."""
    values = [objective(np.array([z])) for z in _GRID]
    i = int(np.argmin(values))
    step = _GRID[1] - _GRID[0]
    result = optimize.minimize_scalar(
        lambda z: objective(np.array([z])),
        bounds=(_GRID[i] - step, _GRID[i] + step),
        method="bounded",
        options={"xatol": 1e-11},
    )
    return np.array([float(result.x)])


def _search_two(objective: Callable[[FloatArray], float], design: _Design) -> FloatArray:
    """Nelder–Mead over (atanh ρ, log σ₂/σ₁), started at the OLS residual covariance."""
    start = _ols_start(design)
    options = {"xatol": 1e-9, "fatol": 1e-10, "maxiter": 2000}
    for _ in range(2):  # a restart at the optimum guards against a collapsed simplex
        result = optimize.minimize(objective, start, method="Nelder-Mead", options=options)
        start = result.x
    return np.asarray(result.x, dtype=np.float64)


def _ols_start(design: _Design) -> FloatArray:
    """θ from the residual covariance of each member's ordinary least squares."""
    fit = _profile(design, np.zeros(2), reml=False)
    b = np.append(-fit.beta, 1.0)
    cov = np.array([[b @ design.cross[i, j, :, :] @ b for j in (0, 1)] for i in (0, 1)])
    cov /= design.n_dyads
    rho = cov[0, 1] / math.sqrt(cov[0, 0] * cov[1, 1])
    return np.array([math.atanh(min(max(rho, -0.99), 0.99)), 0.5 * math.log(cov[1, 1] / cov[0, 0])])


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
    names: tuple[str, str, str | None],
    test: DistinguishabilityTest | None,
) -> ApimResult:
    outcome, actor, role = names
    effects = _fixed_effects(design, fit, role)
    roles = members.roles if role is not None and members.roles else ()
    n_params = _n_params(design)
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
    )


def _residual_sds(fit: _Profile, roles: tuple[str, ...]) -> dict[str, float]:
    """σ for indistinguishable dyads; σ₁ and σ₂ = σ₁·λ per role otherwise."""
    sigma = math.sqrt(fit.sigma2)
    if not roles:
        return {_ALL: sigma}
    return {roles[0]: sigma, roles[1]: sigma * math.exp(fit.theta[1])}


def _fixed_effects(design: _Design, fit: _Profile, role: str | None) -> tuple[FixedEffect, ...]:
    df = design.n_obs - design.n_fixed
    # nlme scales the covariance of the estimates by RSS / (N − p) under ML as under REML.
    ses = np.sqrt(fit.rss / df * np.diag(fit.unscaled_cov))
    quantile = float(special.stdtrit(df, 0.5 + _CONFIDENCE / 2))
    effects = []
    for name, estimate, se in zip(design.names, fit.beta, ses, strict=True):
        statistic = float(estimate / se)
        effects.append(
            FixedEffect(
                name=name.replace(_ROLE_PLACEHOLDER, role or ""),
                estimate=float(estimate),
                se=float(se),
                statistic=statistic,
                df=df,
                p_value=float(2 * special.stdtr(df, -abs(statistic))),
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
