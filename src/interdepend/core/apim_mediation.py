"""Mediation in dyads: the Actor–Partner Interdependence Mediation Model (APIMeM).

Ledermann, Macho & Kenny (2011). A predictor X, a mediator M and an outcome Y are measured on
both members of every dyad. Two APIMs are fitted by GLS (REML) with :func:`fit_apim`:

* the **mediator model**: M on the person's own X (path ``a`` actor) and the partner's X
  (``a`` partner);
* the **outcome model**: Y on own M (``b`` actor) and partner's M (``b`` partner), with own X
  (direct actor effect ``c'``) and partner's X (direct partner effect ``c'``) as covariates.

These are the same two ``nlme::gls`` fits one would run in R (``corCompSymm`` by dyad, plus
``varIdent`` by role for distinguishable dyads). The four indirect effects of a person's X are
products of one ``a`` path and one ``b`` path:

=================  ==========================================  ===============================
name               route                                       product (source person s,
                                                               partner o)
=================  ==========================================  ===============================
actor-actor        own X → own M → own Y                       a actor[s] · b actor[s]
partner-partner    own X → partner's M → own Y                 a partner[o] · b partner[s]
actor-partner      own X → own M → partner's Y                 a actor[s] · b partner[o]
partner-actor      own X → partner's M → partner's Y           a partner[o] · b actor[o]
=================  ==========================================  ===============================

For indistinguishable dyads the roles collapse and there is one of each. The first two add up
to the indirect part of the actor effect, the last two to the indirect part of the partner
effect; with the direct effects they give the total actor and partner effects.

Intervals are bootstrap percentiles: whole dyads are resampled with replacement (a seeded NumPy
generator), both models refitted, every effect recomputed. A resample whose fit fails (a
collinear draw, say) is counted and left out; when more than 10 % fail, ``unreliable`` says
that the intervals rest on the resamples that could be fitted and may not be reliable. The p
value of each of the four products is the normal-theory (Sobel) test, using the two paths'
GLS standard errors; the two models are fitted separately, so their estimates are treated as
independent, as in the usual Sobel test.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import stats

from interdepend.core.apim import (
    FAILED_SHARE_LIMIT,
    FEW_RESAMPLES,
    ApimError,
    ApimResult,
    FixedEffect,
    fit_apim,
)
from interdepend.core.dyadic import DyadicDataError, Table, check_scale, pair_members

__all__ = [
    "DEFAULT_BOOTSTRAP",
    "MAX_BOOTSTRAP",
    "MIN_DYADS",
    "MediationEffect",
    "MediationError",
    "MediationResult",
    "fit_apim_mediation",
]

DEFAULT_BOOTSTRAP = 2000
#: As many resamples as ``apim-power`` takes replications: more would run for hours.
MAX_BOOTSTRAP = 100_000
MIN_DYADS = 10  # below this a bootstrap of dyads says little
_CONFIDENCE = 0.95
_PARTNER_SUFFIX = "_partner"
_DYAD, _ROLE = "dyad", "role"

FloatArray = NDArray[np.float64]
Paths = Mapping[str, float]  # "a actor[s]" style keys, see _path_key

#: The routes of the four indirect effects, in the order they are reported.
ROUTES: Mapping[str, str] = {
    "actor-actor": "own X -> own M -> own Y",
    "partner-partner": "own X -> partner's M -> own Y",
    "actor-partner": "own X -> own M -> partner's Y",
    "partner-actor": "own X -> partner's M -> partner's Y",
    "indirect actor (total)": "actor-actor + partner-partner",
    "indirect partner (total)": "actor-partner + partner-actor",
    "total actor": "direct actor + indirect actor",
    "total partner": "direct partner + indirect partner",
}
_PRODUCTS = ("actor-actor", "partner-partner", "actor-partner", "partner-actor")


class MediationError(ApimError):
    """The mediation model cannot be estimated from these data."""


@dataclass(frozen=True)
class MediationEffect:
    """An indirect (or total) effect with its bootstrap percentile interval.

    ``se`` is the standard deviation of the bootstrap estimates. ``sobel_se`` and ``p_value``
    (normal theory) exist only for the four single products; they are ``nan`` for sums.
    ``source`` is the role of the person whose X starts the route, as ``"gender=1"`` (``None``
    for indistinguishable dyads).
    """

    name: str
    route: str
    source: str | None
    estimate: float
    se: float
    ci_low: float
    ci_high: float
    sobel_se: float
    p_value: float

    @property
    def label(self) -> str:
        """The name with the source role, e.g. ``actor-partner [gender=1]``."""
        return self.name if self.source is None else f"{self.name} [{self.source}]"


@dataclass(frozen=True)
class MediationResult:
    """The two fitted APIMs, the paths and the bootstrapped indirect effects.

    ``mediator_model`` and ``outcome_model`` are fitted to a table of their own, with columns
    ``x``, ``x_partner``, ``m``, ``y`` and ``role``, and their effects carry those names;
    :meth:`to_dict` gives them under the data's own column names.
    """

    x: str
    m: str
    y: str
    role: str | None
    roles: tuple[str, ...]
    n_dyads: int
    mediator_model: ApimResult
    outcome_model: ApimResult
    paths: tuple[FixedEffect, ...]
    effects: tuple[MediationEffect, ...]
    n_bootstrap: int
    n_failed: int
    seed: int | None
    confidence: float

    @property
    def failed_share(self) -> float:
        """The share of bootstrap resamples whose fit failed (0 without a bootstrap)."""
        return self.n_failed / self.n_bootstrap if self.n_bootstrap else 0.0

    @property
    def unreliable(self) -> bool:
        """Whether more than :data:`~interdepend.core.apim.FAILED_SHARE_LIMIT` of the resamples
        failed, so that the intervals rest on the resamples that could be fitted (not a fair
        sample of all the draws) and may not be reliable."""
        return self.failed_share > FAILED_SHARE_LIMIT

    @property
    def rough(self) -> bool:
        """Whether a bootstrap was asked for but fewer than
        :data:`~interdepend.core.apim.FEW_RESAMPLES` resamples could be used, so that the ends
        of the intervals rest on a handful of resamples and move with the seed."""
        return self.n_bootstrap > 0 and self.n_bootstrap - self.n_failed < FEW_RESAMPLES

    def effect(self, label: str) -> MediationEffect:
        """The effect with this label (e.g. ``"actor-actor"`` or ``"actor-actor [gender=1]"``)."""
        for item in self.effects:
            if item.label == label:
                return item
        raise KeyError(label)

    def path(self, name: str) -> FixedEffect:
        """The path called ``name`` (e.g. ``"a actor"`` or ``"c' partner[gender=-1]"``)."""
        for item in self.paths:
            if item.name == name:
                return item
        raise KeyError(name)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data."""
        return {
            "x": self.x,
            "m": self.m,
            "y": self.y,
            "role": self.role,
            "n_dyads": self.n_dyads,
            "paths": {
                p.name: {k: v for k, v in vars(p).items() if k != "name"} for p in self.paths
            },
            "effects": {e.label: _effect_dict(e) for e in self.effects},
            "bootstrap": {
                "resamples": self.n_bootstrap,
                "failed": self.n_failed,
                "failed_share": self.failed_share,
                "unreliable": self.unreliable,
                "rough": self.rough,
                "seed": self.seed,
                "confidence": self.confidence,
            },
            "mediator_model": self._model_dict(self.mediator_model, self.m, self.x),
            "outcome_model": self._model_dict(self.outcome_model, self.y, self.m),
        }

    def _model_dict(self, model: ApimResult, outcome: str, actor: str) -> dict[str, Any]:
        """One of the two APIMs as data, under the file's column names.

        The models are fitted to a table of their own, whose columns are called ``x``, ``m``,
        ``y`` and ``role``; the JSON gave those names (``"outcome": "m"``,
        ``"x_partner[role=-1]"``), which named the wrong column when a file's own X was called
        ``m`` (the statistics audit of 2026-12-05). X's own and partner's values, covariates
        of the outcome model, are called by X's name and by it with ``_partner``.
        """
        data = model.to_dict()
        data |= {"outcome": outcome, "actor": actor, "role": self.role}
        data["fixed"] = {self._named(key): figures for key, figures in data["fixed"].items()}
        data["nearly_collinear"] = [self._named(key) for key in model.nearly_collinear]
        return data

    def _named(self, key: str, *, partner: str = _PARTNER_SUFFIX, actor: str = "") -> str:
        """An effect of one of the two models under the file's names: X's own and partner's
        values by X's name (with ``partner``'s mark), the role by the file's role column;
        ``actor`` names the model's own predictor in place of "actor" and "partner"."""
        base, bracket, level = key.partition("[")
        if bracket and self.role is not None:
            level = self.role + level.removeprefix(_ROLE)
        names = {"x": self.x, "x" + _PARTNER_SUFFIX: self.x + partner}
        if actor:
            names |= {"actor": actor, "partner": actor + partner}
        return names.get(base, base) + bracket + level

    def collinear_effects(self, model: ApimResult, actor: str) -> tuple[str, ...]:
        """The effects of ``model`` (one of the two) that nearly repeat one another, in words
        under the file's names (``actor`` is that model's own predictor)."""
        return tuple(
            self._named(key, partner=" (the partner's)", actor=actor)
            for key in model.nearly_collinear
        )


def _effect_dict(effect: MediationEffect) -> dict[str, Any]:
    return {k: v for k, v in vars(effect).items() if k != "name"} | {"name": effect.name}


@dataclass(frozen=True)
class _Dyads:
    """x, m and y as (n_dyads, 2) arrays; with roles, column 0 is ``roles[0]``."""

    x: FloatArray
    m: FloatArray
    y: FloatArray
    roles: tuple[str, str] | None

    @property
    def n(self) -> int:
        return int(self.x.shape[0])

    def take(self, rows: NDArray[np.intp]) -> _Dyads:
        return _Dyads(self.x[rows], self.m[rows], self.y[rows], self.roles)


def fit_apim_mediation(
    data: Table | Mapping[str, ArrayLike],
    *,
    dyad: str,
    x: str,
    m: str,
    y: str,
    role: str | None = None,
    bootstrap: int = DEFAULT_BOOTSTRAP,
    seed: int | None = None,
) -> MediationResult:
    """Fit the APIMeM to individual-structure data (one row per person, complete X, M, Y).

    ``bootstrap`` resamples of whole dyads give the percentile intervals (0 skips them).
    """
    if bootstrap < 0:
        raise MediationError("the number of bootstrap resamples cannot be negative")
    if bootstrap > MAX_BOOTSTRAP:
        raise MediationError(
            f"the bootstrap takes at most {MAX_BOOTSTRAP:,} resamples, not {bootstrap:,}"
        )
    dyads = _read(data, dyad, x, m, y, role)
    if dyads.n < MIN_DYADS:
        raise MediationError(
            f"mediation needs at least {MIN_DYADS} dyads to be estimated and bootstrapped; "
            f"these data have {dyads.n}"
        )
    mediator, outcome = _fit_both(dyads)
    paths = _paths(mediator, outcome, dyads.roles)
    estimates = _effects(paths, dyads.roles)
    draws, failed = _bootstrap(dyads, bootstrap, seed)
    effects = _summaries(estimates, draws, _sobel(mediator, outcome, dyads.roles), role)
    return MediationResult(
        x=x,
        m=m,
        y=y,
        role=role,
        roles=dyads.roles or (),
        n_dyads=dyads.n,
        mediator_model=mediator,
        outcome_model=outcome,
        paths=_named_paths(mediator, outcome, x, dyads.roles, role),
        effects=effects,
        n_bootstrap=bootstrap,
        n_failed=failed,
        seed=seed,
        confidence=_CONFIDENCE,
    )


# --- data and the two fits ------------------------------------------------------------------


def _read(
    data: Table | Mapping[str, ArrayLike], dyad: str, x: str, m: str, y: str, role: str | None
) -> _Dyads:
    table = data if isinstance(data, Table) else Table.from_columns(data)
    names = [dyad, x, m, y, *([role] if role else [])]
    table.require(names)
    if len(set(names)) != len(names):
        raise DyadicDataError("the dyad, X, M, Y and role columns must all differ")
    pairing = pair_members(table, dyad, role)

    def pair(name: str) -> FloatArray:
        values = table.numeric(name)
        check_scale(name, values)
        return np.stack([values[pairing.first], values[pairing.second]], axis=1)

    return _Dyads(pair(x), pair(m), pair(y), pairing.roles)


def _table(dyads: _Dyads) -> Table:
    """The dyads as a fresh individual table with fixed column names (and a partner-X column)."""
    n = dyads.n
    columns: dict[str, ArrayLike] = {
        _DYAD: np.repeat(np.arange(n), 2),
        "x": dyads.x.reshape(-1),
        "x" + _PARTNER_SUFFIX: dyads.x[:, ::-1].reshape(-1),
        "m": dyads.m.reshape(-1),
        "y": dyads.y.reshape(-1),
    }
    if dyads.roles is not None:
        columns[_ROLE] = np.tile(np.array(dyads.roles), n)
    return Table.from_columns(columns)


def _fit_both(dyads: _Dyads) -> tuple[ApimResult, ApimResult]:
    table = _table(dyads)
    role = _ROLE if dyads.roles is not None else None
    mediator = fit_apim(table, dyad=_DYAD, outcome="m", actor="x", role=role)
    outcome = fit_apim(
        table,
        dyad=_DYAD,
        outcome="y",
        actor="m",
        role=role,
        covariates=["x", "x" + _PARTNER_SUFFIX],
    )
    return mediator, outcome


# --- paths and effects ----------------------------------------------------------------------

_PATH_TERMS = {  # path -> (model, term in that model)
    "a actor": ("mediator", "actor"),
    "a partner": ("mediator", "partner"),
    "b actor": ("outcome", "actor"),
    "b partner": ("outcome", "partner"),
    "c' actor": ("outcome", "x"),
    "c' partner": ("outcome", "x" + _PARTNER_SUFFIX),
}


def _levels(roles: tuple[str, str] | None) -> tuple[str | None, ...]:
    return (None,) if roles is None else roles


def _suffix(level: str | None, role: str = _ROLE) -> str:
    return "" if level is None else f"[{role}={level}]"


def _path_effect(
    mediator: ApimResult, outcome: ApimResult, path: str, level: str | None
) -> FixedEffect:
    model, term = _PATH_TERMS[path]
    return (mediator if model == "mediator" else outcome).effect(term + _suffix(level))


def _paths(mediator: ApimResult, outcome: ApimResult, roles: tuple[str, str] | None) -> Paths:
    return {
        path + _suffix(level): _path_effect(mediator, outcome, path, level).estimate
        for path in _PATH_TERMS
        for level in _levels(roles)
    }


def _named_paths(
    mediator: ApimResult,
    outcome: ApimResult,
    x: str,
    roles: tuple[str, str] | None,
    role: str | None,
) -> tuple[FixedEffect, ...]:
    named = []
    for path in _PATH_TERMS:
        for level in _levels(roles):
            effect = _path_effect(mediator, outcome, path, level)
            name = path + ("" if role is None else _suffix(level, role))
            named.append(replace(effect, name=name))
    return tuple(named)


def _other(level: str | None, roles: tuple[str, str] | None) -> str | None:
    if roles is None or level is None:
        return None
    return roles[1] if level == roles[0] else roles[0]


def _products(p: Paths, s: str | None, o: str | None) -> dict[str, tuple[str, str]]:
    """The two path keys of each indirect effect starting at person s (partner o)."""
    return {
        "actor-actor": ("a actor" + _suffix(s), "b actor" + _suffix(s)),
        "partner-partner": ("a partner" + _suffix(o), "b partner" + _suffix(s)),
        "actor-partner": ("a actor" + _suffix(s), "b partner" + _suffix(o)),
        "partner-actor": ("a partner" + _suffix(o), "b actor" + _suffix(o)),
    }


def _effects(p: Paths, roles: tuple[str, str] | None) -> dict[tuple[str, str | None], float]:
    """Every reported effect, keyed by (name, source role)."""
    result: dict[tuple[str, str | None], float] = {}
    for s in _levels(roles):
        o = _other(s, roles)
        values = {name: p[a] * p[b] for name, (a, b) in _products(p, s, o).items()}
        actor = values["actor-actor"] + values["partner-partner"]
        partner = values["actor-partner"] + values["partner-actor"]
        values["indirect actor (total)"] = actor
        values["indirect partner (total)"] = partner
        values["total actor"] = p["c' actor" + _suffix(s)] + actor
        values["total partner"] = p["c' partner" + _suffix(o)] + partner
        result.update({(name, s): value for name, value in values.items()})
    return result


def _sobel(
    mediator: ApimResult, outcome: ApimResult, roles: tuple[str, str] | None
) -> dict[tuple[str, str | None], float]:
    """Delta-method (Sobel) standard errors of the four single products."""
    ses = {
        path + _suffix(level): _path_effect(mediator, outcome, path, level).se
        for path in _PATH_TERMS
        for level in _levels(roles)
    }
    estimates = _paths(mediator, outcome, roles)
    result = {}
    for s in _levels(roles):
        for name, (a, b) in _products(estimates, s, _other(s, roles)).items():
            result[(name, s)] = math.hypot(estimates[a] * ses[b], estimates[b] * ses[a])
    return result


# --- bootstrap ------------------------------------------------------------------------------


def _bootstrap(
    dyads: _Dyads, resamples: int, seed: int | None
) -> tuple[dict[tuple[str, str | None], FloatArray], int]:
    """Refit on ``resamples`` resamples of whole dyads; the draws of every effect and the
    number of resamples whose fit failed."""
    rng = np.random.default_rng(seed)
    draws: list[dict[tuple[str, str | None], float]] = []
    failed = 0
    for _ in range(resamples):
        sample = dyads.take(rng.integers(0, dyads.n, size=dyads.n))
        try:
            mediator, outcome = _fit_both(sample)
        except ApimError:
            failed += 1
            continue
        draws.append(_effects(_paths(mediator, outcome, dyads.roles), dyads.roles))
    keys = _effects(_dummy_paths(dyads.roles), dyads.roles).keys()
    return {key: np.array([d[key] for d in draws], dtype=np.float64) for key in keys}, failed


def _dummy_paths(roles: tuple[str, str] | None) -> Paths:
    return {path + _suffix(level): 0.0 for path in _PATH_TERMS for level in _levels(roles)}


def _summaries(
    estimates: Mapping[tuple[str, str | None], float],
    draws: Mapping[tuple[str, str | None], FloatArray],
    sobel: Mapping[tuple[str, str | None], float],
    role: str | None,
) -> tuple[MediationEffect, ...]:
    tail = (1.0 - _CONFIDENCE) / 2.0
    ordered = sorted(estimates, key=lambda key: (list(ROUTES).index(key[0]), str(key[1])))
    effects = []
    for key in ordered:
        name, level = key
        values = draws[key]
        enough = values.size >= 2
        low, high = np.quantile(values, [tail, 1 - tail]) if enough else (math.nan, math.nan)
        sobel_se = sobel.get(key, math.nan)
        effects.append(
            MediationEffect(
                name=name,
                route=ROUTES[name],
                source=None if level is None else f"{role}={level}",
                estimate=estimates[key],
                se=float(np.std(values, ddof=1)) if enough else math.nan,
                ci_low=float(low),
                ci_high=float(high),
                sobel_se=sobel_se,
                p_value=_normal_p(estimates[key], sobel_se),
            )
        )
    return tuple(effects)


def _normal_p(estimate: float, se: float) -> float:
    if not math.isfinite(se) or se <= 0:
        return math.nan
    return float(2.0 * stats.norm.sf(abs(estimate / se)))
