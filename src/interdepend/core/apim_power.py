"""Power of the APIM by simulation, for a planned study.

The planned design: ``n`` dyads; standardized actor and partner effects (the predictor and the
outcome both have variance 1, so the effects are standardized regression weights); the
correlation of the two partners' predictors (``rho_x``) and of their residuals (``rho_e``);
indistinguishable or distinguishable dyads (the same effects in both roles, but the model fitted
with separate effects and variances per role); and alpha. Each replication draws

    x ~ N(0, [[1, ρx], [ρx, 1]]),   e ~ N(0, σ²·[[1, ρe], [ρe, 1]]),
    y = actor · x_own + partner · x_partner + e,
    σ² = 1 − (actor² + partner² + 2·actor·partner·ρx),

fits it with :func:`fit_apim` (GLS, REML) and counts how often each effect's t test rejects at
alpha. Power is that proportion, with its Monte Carlo standard error √(p(1 − p)/R).

Alongside, :func:`analytic_power` gives the large-sample answer: the GLS covariance of the
estimates from the expected information of the design, and a noncentral t with 2n − p degrees
of freedom. It is the reference the simulation is checked against, and it places the search
for the smallest number of dyads that reaches a target power: the simulation is run at the
analytic answer and then stepped by about 5 % of it, down or up, until the target is crossed.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import stats

from interdepend.core.apim import ApimError, fit_apim
from interdepend.core.dyadic import Table
from interdepend.core.errors import InterdependError

__all__ = [
    "DEFAULT_REPLICATIONS",
    "FEW_REPLICATIONS",
    "EffectPower",
    "PowerDesign",
    "PowerError",
    "PowerResult",
    "SampleSizeResult",
    "analytic_power",
    "dyads_for_power",
    "simulate_power",
]

DEFAULT_REPLICATIONS = 1000
#: More than this buys no precision a power needs (its Monte Carlo SE is then under 0.002) and
#: would run for hours with nothing said.
MAX_REPLICATIONS = 100_000
#: Below this many fitted data sets a simulated power is flagged as rough: it is a count out of
#: so few that its Monte Carlo SE can be 0.05 or more (or 0 when every data set agreed).
FEW_REPLICATIONS = 100
MIN_DYADS = 5
MAX_DYADS = 100_000
_ROLES = ("1", "2")
_STEP = 0.05  # the search steps by this fraction of the analytic answer
_MAX_STEPS = 12

FloatArray = NDArray[np.float64]


class PowerError(InterdependError):
    """The planned design is impossible or outside what the simulation accepts."""


@dataclass(frozen=True)
class PowerDesign:
    """A planned APIM study; effects are standardized (unit-variance predictor and outcome)."""

    n_dyads: int
    actor: float
    partner: float
    rho_x: float = 0.0
    rho_e: float = 0.0
    distinguishable: bool = False
    alpha: float = 0.05

    def __post_init__(self) -> None:
        if not MIN_DYADS <= self.n_dyads <= MAX_DYADS:
            raise PowerError(
                f"the number of dyads must be between {MIN_DYADS} and {MAX_DYADS}, "
                f"not {self.n_dyads}"
            )
        if not (math.isfinite(self.actor) and math.isfinite(self.partner)):
            raise PowerError("the actor and partner effects must be numbers, not nan or inf")
        for name in ("rho_x", "rho_e"):
            if not -1.0 < getattr(self, name) < 1.0:
                raise PowerError(f"{name} must lie strictly between -1 and 1")
        if not 0.0 < self.alpha < 1.0:
            raise PowerError("alpha must lie strictly between 0 and 1")
        if not self.residual_variance > 0.0:  # nan too (an effect of 1e308 overflows)
            raise PowerError(
                "these actor and partner effects (with this predictor correlation) explain all "
                "of the outcome's variance or more; standardized effects must leave some over"
            )

    @property
    def residual_variance(self) -> float:
        """σ² = 1 − variance explained, so that the outcome has variance 1."""
        a, p = self.actor, self.partner
        return 1.0 - (a * a + p * p + 2.0 * a * p * self.rho_x)

    @property
    def effect_names(self) -> tuple[str, ...]:
        """The tested effects as :func:`fit_apim` names them."""
        if not self.distinguishable:
            return ("actor", "partner")
        return tuple(f"{e}[role={r}]" for e in ("actor", "partner") for r in _ROLES)


@dataclass(frozen=True)
class EffectPower:
    """Power of one effect's test: simulated (with its Monte Carlo SE) and analytic."""

    effect: str
    true_value: float
    power: float
    mc_se: float
    analytic: float


@dataclass(frozen=True)
class PowerResult:
    """Simulated power of every effect at one design."""

    design: PowerDesign
    effects: tuple[EffectPower, ...]
    replications: int
    failed: int
    seed: int | None

    def power(self, effect: str) -> EffectPower:
        """The effect called ``effect`` (``"actor"``, ``"partner[role=2]"``, ...)."""
        for item in self.effects:
            if item.effect == effect:
                return item
        raise KeyError(effect)

    @property
    def rough(self) -> bool:
        """Whether fewer than :data:`FEW_REPLICATIONS` data sets could be fitted, so that each
        power is a count out of a handful and its Monte Carlo SE says little."""
        return self.replications - self.failed < FEW_REPLICATIONS

    def lowest(self, kind: str) -> float:
        """The lowest simulated power among the effects of this kind (over roles)."""
        return min(e.power for e in self.effects if e.effect.split("[")[0] == kind)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data."""
        return {
            "design": vars(self.design).copy(),
            "replications": self.replications,
            "failed": self.failed,
            "rough": self.rough,
            "seed": self.seed,
            "effects": {
                e.effect: {k: v for k, v in vars(e).items() if k != "effect"} for e in self.effects
            },
        }


@dataclass(frozen=True)
class SampleSizeResult:
    """The smallest number of dyads found to reach ``target`` power, per kind of effect.

    ``dyads[kind]`` is ``None`` when the effect is zero (power stays at alpha) or the search
    reached :data:`MAX_DYADS`. ``analytic[kind]`` is the large-sample answer that placed the
    search; ``evaluated`` holds every simulated design, by number of dyads.
    """

    target: float
    dyads: Mapping[str, int | None]
    analytic: Mapping[str, int | None]
    evaluated: Mapping[int, PowerResult]

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data."""
        return {
            "target": self.target,
            "dyads": dict(self.dyads),
            "analytic": dict(self.analytic),
            "evaluated": {
                str(n): {e.effect: e.power for e in r.effects}
                for n, r in sorted(self.evaluated.items())
            },
        }


# --- simulation -----------------------------------------------------------------------------


def simulate_power(
    design: PowerDesign, *, replications: int = DEFAULT_REPLICATIONS, seed: int | None = None
) -> PowerResult:
    """Simulate ``replications`` data sets of the design, fit each, count the rejections."""
    _check_replications(replications)
    rng = _generator(seed, design.n_dyads)
    names = design.effect_names
    rejections = dict.fromkeys(names, 0)
    failed = 0
    for _ in range(replications):
        try:
            fit = fit_apim(
                _draw(design, rng),
                dyad="dyad",
                outcome="y",
                actor="x",
                role="role" if design.distinguishable else None,
            )
        except ApimError:
            failed += 1
            continue
        for name in names:
            rejections[name] += fit.effect(name).p_value < design.alpha
    return PowerResult(
        design, _summarise(design, rejections, replications - failed), replications, failed, seed
    )


def _generator(seed: int | None, n_dyads: int) -> np.random.Generator:
    """One stream per (seed, number of dyads): each design is reproducible on its own."""
    base = np.random.SeedSequence(seed)
    return np.random.default_rng(np.random.SeedSequence(base.entropy, spawn_key=(n_dyads,)))


def _draw(design: PowerDesign, rng: np.random.Generator) -> Table:
    n = design.n_dyads
    x = _correlated_pairs(rng, n, design.rho_x, 1.0)
    e = _correlated_pairs(rng, n, design.rho_e, math.sqrt(design.residual_variance))
    y = design.actor * x + design.partner * x[:, ::-1] + e
    columns: dict[str, Any] = {
        "dyad": np.repeat(np.arange(n), 2),
        "x": x.reshape(-1),
        "y": y.reshape(-1),
    }
    if design.distinguishable:
        columns["role"] = np.tile(np.array(_ROLES), n)
    return Table.from_columns(columns)


def _correlated_pairs(rng: np.random.Generator, n: int, rho: float, sd: float) -> FloatArray:
    z = rng.standard_normal((n, 2))
    second = rho * z[:, 0] + math.sqrt(1.0 - rho * rho) * z[:, 1]
    return sd * np.column_stack([z[:, 0], second])


def _summarise(
    design: PowerDesign, rejections: Mapping[str, int], fitted: int
) -> tuple[EffectPower, ...]:
    analytic = analytic_power(design)
    effects = []
    for name, count in rejections.items():
        power = count / fitted if fitted else math.nan
        mc_se = math.sqrt(power * (1.0 - power) / fitted) if fitted else math.nan
        truth = design.actor if name.startswith("actor") else design.partner
        effects.append(EffectPower(name, truth, power, mc_se, analytic[name]))
    return tuple(effects)


# --- the large-sample reference -------------------------------------------------------------


def analytic_power(design: PowerDesign) -> dict[str, float]:
    """Large-sample power of every effect's test (expected GLS information, noncentral t)."""
    columns = _columns(design.distinguishable)
    info = design.n_dyads * _information(columns, design.rho_x, design.rho_e)
    cov = design.residual_variance * np.linalg.inv(info)
    df = 2 * design.n_dyads - len(columns)
    critical = float(stats.t.ppf(1.0 - design.alpha / 2.0, df))
    result = {}
    for index, (name, _) in enumerate(columns):
        if not name.startswith(("actor", "partner")):
            continue
        truth = design.actor if name.startswith("actor") else design.partner
        ncp = truth / math.sqrt(cov[index, index])
        result[name] = _two_sided_power(critical, df, ncp)
    return result


def _two_sided_power(critical: float, df: int, ncp: float) -> float:
    """P(|T| > critical) for a noncentral t; the normal limit where SciPy's nct gives up."""
    power = float(stats.nct.sf(critical, df, ncp) + stats.nct.cdf(-critical, df, ncp))
    if math.isfinite(power) and 0.0 <= power <= 1.0:
        return power
    return float(stats.norm.sf(critical - ncp) + stats.norm.cdf(-critical - ncp))


# Each column of the design, for each member, as coefficients on z = (1, x_own, x_partner) of
# member 1: member 2's own x is member 1's partner x.
_BASE = {
    "intercept": ((1.0, 0.0, 0.0), (1.0, 0.0, 0.0)),
    "actor": ((0.0, 1.0, 0.0), (0.0, 0.0, 1.0)),
    "partner": ((0.0, 0.0, 1.0), (0.0, 1.0, 0.0)),
}


def _columns(distinguishable: bool) -> list[tuple[str, FloatArray]]:
    """(name, 2×3 coefficient matrix) for every fixed effect of the fitted model."""
    columns = [(name, np.array(rows)) for name, rows in _BASE.items()]
    if not distinguishable:
        return columns
    split = []
    for name, rows in columns:
        for member, role in enumerate(_ROLES):
            only = np.zeros_like(rows)
            only[member] = rows[member]
            split.append((f"{name}[role={role}]", only))
    return split


def _information(
    columns: Sequence[tuple[str, FloatArray]], rho_x: float, rho_e: float
) -> FloatArray:
    """E[X_dᵀ R⁻¹ X_d] for one dyad, R the residual correlation matrix (σ² factored out)."""
    moments = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, rho_x], [0.0, rho_x, 1.0]])
    weight = np.linalg.inv(np.array([[1.0, rho_e], [rho_e, 1.0]]))
    coef = np.stack([c for _, c in columns])  # (p, member, 3)
    info: FloatArray = np.einsum("jaz,ab,zw,kbw->jk", coef, weight, moments, coef)
    return info


def analytic_dyads(design: PowerDesign, kind: str, target: float) -> int | None:
    """The smallest n whose analytic power of every ``kind`` effect reaches ``target``."""
    if (design.actor if kind == "actor" else design.partner) == 0.0:
        return None

    def reaches(n: int) -> bool:
        powers = analytic_power(replace(design, n_dyads=n))
        return min(v for k, v in powers.items() if k.startswith(kind)) >= target

    if not reaches(MAX_DYADS):
        return None
    low, high = MIN_DYADS, MAX_DYADS
    if reaches(low):
        return low
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (low, middle) if reaches(middle) else (middle, high)
    return high


def _check_replications(replications: int) -> None:
    if not 1 <= replications <= MAX_REPLICATIONS:
        raise PowerError(
            f"the number of replications must be between 1 and {MAX_REPLICATIONS}, "
            f"not {replications} (10000 already gives a power to within about 0.005)"
        )


# --- the search over n ----------------------------------------------------------------------


def dyads_for_power(
    design: PowerDesign,
    *,
    target: float = 0.8,
    replications: int = DEFAULT_REPLICATIONS,
    seed: int | None = None,
    kinds: Sequence[str] = ("actor", "partner"),
) -> SampleSizeResult:
    """The smallest number of dyads whose simulated power reaches ``target``, per kind.

    ``design.n_dyads`` is ignored. The search starts at the analytic answer and steps by about
    5 % of it; the answer is therefore the smallest n on that grid, not to the single dyad.
    """
    _check_replications(replications)
    if not 0.0 < target < 1.0:
        raise PowerError("the target power must lie strictly between 0 and 1")
    cache: dict[int, PowerResult] = {}

    def simulated(n: int) -> PowerResult:
        if n not in cache:
            cache[n] = simulate_power(
                replace(design, n_dyads=n), replications=replications, seed=seed
            )
        return cache[n]

    found: dict[str, int | None] = {}
    analytic: dict[str, int | None] = {}
    for kind in kinds:
        start = analytic_dyads(design, kind, target)
        analytic[kind] = start
        found[kind] = None if start is None else _walk(start, kind, target, simulated)
    return SampleSizeResult(target, found, analytic, dict(cache))


def _walk(start: int, kind: str, target: float, simulated: Any) -> int | None:
    step = max(1, round(_STEP * start))
    n = start
    if simulated(n).lowest(kind) >= target:
        for _ in range(_MAX_STEPS):
            if n - step < MIN_DYADS or simulated(n - step).lowest(kind) < target:
                break
            n -= step
        return n
    for _ in range(_MAX_STEPS):
        n += step
        if n > MAX_DYADS:
            return None
        if simulated(n).lowest(kind) >= target:
            return n
    return None
