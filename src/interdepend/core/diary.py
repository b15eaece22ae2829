"""The dyadic multilevel model for daily diaries, by REML or ML.

Kenny, Kashy & Cook (2006, ch. 13); Laurenceau & Bolger (2005). Both partners of a couple report
an outcome ``y`` and a predictor ``x`` every day. For person ``i`` of dyad ``d`` on day ``t``

    y_dit = b0[r] + a[r]·x_dit + p[r]·x_d(i')t + u_di + e_dit

where ``r`` is the person's role, ``i'`` the partner and:

* ``u_d = (u_d1, u_d2)`` are the two partners' random intercepts, with an unstructured 2×2
  covariance (two SDs and a correlation, which may be negative);
* ``e_di·`` is an AR(1) series over the person's days: corr(e_dit, e_dis) = φ^|t − s|, so a
  missing day is a gap (two reports three days apart correlate φ³), with a residual SD per role.

This is R's

    lme(y ~ 0 + role + role:x + role:x_partner, random = ~ 0 + role | dyad,
        weights = varIdent(form = ~ 1 | role),
        correlation = corAR1(form = ~ day | dyad/role), method = "REML")

(nlme 3.1.162 uses the integer day values, not the positions, so its corAR1 equals corCAR1
here; the tests check this). Without a role the dyads are indistinguishable: one
intercept, actor and partner effect, one residual SD and exchangeable random intercepts
(``random = list(dyad = pdCompSymm(~ 0 + member))``). The two partners' same-day residuals are
*not* correlated beyond what the random intercepts give: nlme's correlation structures act
within one grouping (here, one person), so the R reference cannot express it.

How it is computed: the variance is ``σ²·W(θ)`` with ``W`` block-diagonal by dyad. Each
person's AR(1) series is whitened row by row (with gaps it is still a chain: a report depends
only on the one before), the two random intercepts of a dyad are added back by a 2×2 Woodbury
identity, and the fixed effects and σ² are profiled out by GLS, so no matrix larger than the
number of fixed effects is inverted. θ — the log-Cholesky factor of the random-intercept
covariance relative to σ², the log SD ratio of the roles and atanh φ — is found by BFGS with
forward differences on the log-likelihood per observation, then polished by Newton steps with a
finite-difference Hessian. Fixed-effect t tests use nlme's between/within degrees of freedom.
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import linalg, optimize, stats

from interdepend.core.apim import (
    ILL_CONDITIONED,
    NOTHING_LEFT_OVER,
    FixedEffect,
    conditioning,
    nothing_left_over,
    role_left_over,
)
from interdepend.core.dyadic import DyadicDataError, NonNumericValueError, Table, capitals_hint
from interdepend.core.errors import InterdependError
from interdepend.core.plural import counted

__all__ = [
    "DiaryError",
    "DiaryFixedEffect",
    "DiaryResult",
    "DiaryVariance",
    "Method",
    "fit_diary",
]

Method = Literal["reml", "ml"]
FloatArray = NDArray[np.float64]

_CONFIDENCE = 0.95
_ALL = "all"


class DiaryError(InterdependError):
    """The diary model cannot be fitted to these data; the message says why."""


#: A diary fixed effect is the APIM's: a t test with nlme's degrees of freedom and 95% interval.
DiaryFixedEffect = FixedEffect


@dataclass(frozen=True)
class DiaryVariance:
    """The variance components, keyed by role (or ``"all"`` for indistinguishable dyads)."""

    intercept_sd: Mapping[str, float]
    intercept_corr: float
    residual_sd: Mapping[str, float]
    phi: float


@dataclass(frozen=True)
class DiaryResult:
    """A fitted dyadic multilevel model for diary data.

    ``theta`` holds the variance parameters as the search sees them, relative to the residual
    variance σ² of the first role: with roles, the log-Cholesky factor of the random-intercept
    covariance ``(log L₁₁, L₂₁, log L₂₂)``, the log ratio of the residual SDs and atanh φ;
    without, the log random-intercept SD, atanh of its correlation and atanh φ.
    """

    method: Method
    outcome: str
    actor: str
    role: str | None
    roles: tuple[str, ...]
    n_dyads: int
    n_people: int
    #: The most days any one dyad has among the rows used. Days are counted within each dyad,
    #: as the model's time runs within a couple: two couples who kept their diaries in
    #: different weeks have seven days each, not fourteen between them.
    n_days: int
    n_obs: int  # person-days used
    n_left_out: int  # rows without their own outcome or predictor or the partner's predictor
    fixed: tuple[DiaryFixedEffect, ...]
    variance: DiaryVariance
    loglik: float
    n_params: int
    aic: float
    bic: float
    theta: tuple[float, ...]  # the variance parameters on the fitting scale (see fit_diary)
    #: The fewest days a dyad has, and the median over dyads (the most is ``n_days``).
    fewest_days: int = 0
    median_days: float = 0.0
    #: False when every person's reports lie an even number of days apart (days numbered
    #: 2, 4, 6, …): the residuals then correlate φ², φ⁴, … and φ fits exactly as well as −φ, so
    #: only its size is known; ``variance.phi`` is then given as the positive one.
    phi_sign_known: bool = True
    #: The fewest days between two consecutive reports of one person (1 for daily reports,
    #: 7 for weekly ones counted in days). The data see φ only through φ to this power and
    #: beyond: when that is near zero, φ itself is not pinned down.
    days_apart: int = 1
    #: The couples in the data none of whose rows could be used (no day with the person's
    #: outcome and both partners' predictor: one partner kept no diary, say), by their ids.
    dyads_left_out: tuple[str, ...] = ()
    #: The condition number of the fixed-effects design (centred, columns of length one), and
    #: the effects that move together in its weakest direction when it is above
    #: :data:`~interdepend.core.apim.ILL_CONDITIONED` (as the APIM's).
    condition_number: float = 1.0
    nearly_collinear: tuple[str, ...] = ()

    @property
    def ill_conditioned(self) -> bool:
        """Whether some effects nearly repeat one another (a partner's daily predictor that
        all but repeats the person's own, say): their estimates can move a long way with a
        tiny change in the data or the arithmetic."""
        return self.condition_number > ILL_CONDITIONED

    def days_said(self) -> str:
        """The days per dyad in words: ``14 days per dyad``, or ``9 to 14 days per dyad
        (median 12)`` when couples kept their diaries for different numbers of days."""
        if self.fewest_days == self.n_days:
            return f"{counted(self.n_days, 'day', 'days')} per dyad"
        return f"{self.fewest_days} to {self.n_days} days per dyad (median {self.median_days:g})"

    def effect(self, name: str) -> DiaryFixedEffect:
        """The fixed effect called ``name`` (e.g. ``"actor"`` or ``"actor[role=a]"``)."""
        for effect in self.fixed:
            if effect.name == name:
                return effect
        raise KeyError(name)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data."""
        return {
            "method": self.method,
            "outcome": self.outcome,
            "actor": self.actor,
            "role": self.role,
            "counts": {
                "dyads": self.n_dyads,
                "people": self.n_people,
                "days": self.n_days,
                "days_per_dyad": {
                    "fewest": self.fewest_days,
                    "median": self.median_days,
                    "most": self.n_days,
                },
                "observations": self.n_obs,
                "left_out": self.n_left_out,
                "dyads_left_out": list(self.dyads_left_out),
            },
            "fixed": {
                e.name: {k: v for k, v in vars(e).items() if k != "name"} for e in self.fixed
            },
            "variance": {
                "intercept_sd": dict(self.variance.intercept_sd),
                "intercept_corr": self.variance.intercept_corr,
                "residual_sd": dict(self.variance.residual_sd),
                "phi": self.variance.phi,
                "phi_sign_known": self.phi_sign_known,
                "days_apart": self.days_apart,
            },
            "loglik": self.loglik,
            "n_params": self.n_params,
            "aic": self.aic,
            "bic": self.bic,
            "condition_number": self.condition_number,
            "ill_conditioned": self.ill_conditioned,
            "nearly_collinear": list(self.nearly_collinear),
        }


# --- data -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Diary:
    """Rows used, sorted by dyad, member (0/1) and day."""

    dyad: NDArray[np.intp]  # dyad index 0..n_dyads-1
    member: NDArray[np.intp]  # 0 or 1 (the role order when there is a role)
    day: FloatArray
    y: FloatArray
    x: FloatArray
    x_partner: FloatArray
    roles: tuple[str, str] | None
    n_people: int
    n_left_out: int
    dyads_left_out: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Columns:
    dyad: str
    person: str
    day: str
    outcome: str
    actor: str
    role: str | None


def _read(table: Table, cols: _Columns) -> _Diary:
    names = [cols.dyad, cols.person, cols.day, cols.outcome, cols.actor]
    names += [cols.role] if cols.role else []
    table.require(names)
    if len(set(names)) != len(names):
        raise DiaryError("the dyad, person, day, outcome, predictor and role columns must differ")
    if table.n_rows == 0:
        raise DiaryError("the data have no rows")
    day = _days(table, cols.day)
    if not np.all(day == np.round(day)):
        row = int(np.flatnonzero(day != np.round(day))[0])
        raise DiaryError(f"column {cols.day!r}, {table.where(row)}: days must be whole numbers")
    _refuse_dates_as_numbers(table, cols.day, day)
    y = table.measured(cols.outcome)
    x = table.measured(cols.actor)
    dyad_ids = np.unique(table.identifiers(cols.dyad), return_inverse=True)[1].astype(np.intp)
    person_keys = np.char.add(
        np.char.add(table.labels(cols.dyad), "\x1f"), table.identifiers(cols.person)
    )
    person_ids = np.unique(person_keys, return_inverse=True)[1].astype(np.intp)
    member, roles = _members(table, cols, dyad_ids, person_ids)
    _check_days(table, cols, person_ids, day)
    partner = _partner_rows(dyad_ids, member, day)
    x_partner = np.where(partner >= 0, x[np.maximum(partner, 0)], np.nan)
    use = ~(np.isnan(y) | np.isnan(x) | np.isnan(x_partner))
    if not use.any():
        raise DiaryError(
            "no day has both partners' predictor and the person's outcome, so there is "
            "nothing to fit"
        )
    order = np.lexsort((day[use], member[use], dyad_ids[use]))
    unused = np.setdiff1d(dyad_ids, dyad_ids[use])
    first_rows = np.unique(dyad_ids, return_index=True)[1]
    dyads_left_out = tuple(str(v) for v in table.labels(cols.dyad)[first_rows[unused]])
    kept_dyads = np.unique(dyad_ids[use], return_inverse=True)[1].astype(np.intp)
    return _Diary(
        dyad=kept_dyads[order],
        member=member[use][order],
        day=day[use][order],
        y=y[use][order],
        x=x[use][order],
        x_partner=x_partner[use][order],
        roles=roles,
        n_people=int(np.unique(person_ids[use]).size),
        n_left_out=int((~use).sum()),
        dyads_left_out=dyads_left_out,
    )


#: A calendar date as spreadsheets and survey tools write one: 2024-01-05, 05/01/2024, 5.1.24.
_DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}(?:[ T].*)?|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}")


def _days(table: Table, column: str) -> FloatArray:
    """The day column as numbers; a date is refused with a word on how to number the days."""
    try:
        return table.numeric(column)
    except NonNumericValueError as error:
        if not _DATE.fullmatch(error.value):
            raise
        raise DiaryError(
            f"{error.plain}: it looks like a date, and the model needs days as whole numbers; "
            "number each couple's days (1 for the first, 2 for the next, a missed day leaving a "
            "gap), or turn the dates into day numbers in the spreadsheet"
        ) from None


def _refuse_dates_as_numbers(table: Table, column: str, day: FloatArray) -> None:
    """Refuse a day column in which every value is a date written as a number, year, month
    and day (20240131). corAR1, ours as R's, would take the step from 20240131 to 20240201 as
    70 days and give the month's last day almost no link to the next: the fit changed with no
    word of why (the statistics audit of 2026-12-04)."""
    if not day.size or day.min() < 19000101 or day.max() > 21001231:
        return
    for value in np.unique(day):
        whole = int(value)
        try:
            datetime.date(whole // 10000, whole // 100 % 100, whole % 100)
        except ValueError:
            return
    raise DiaryError(
        f"column {column!r}, {table.where(0)}: {int(day[0])} looks like a date written as "
        "year, month and day, and every day in the column does; read as numbers, the 31st "
        "of a month and the 1st of the next lie about 70 days apart. Number each couple's days "
        "(1 for the first, 2 for the next, a missed day leaving a gap), or turn the dates into "
        "day numbers in the spreadsheet"
    )


def _members(
    table: Table, cols: _Columns, dyad_ids: NDArray[np.intp], person_ids: NDArray[np.intp]
) -> tuple[NDArray[np.intp], tuple[str, str] | None]:
    """Member 0 or 1 of every row: by role when given, else by order of the person ids."""
    n_people = int(person_ids.max()) + 1
    person_dyad = np.zeros(n_people, dtype=np.intp)
    person_dyad[person_ids] = dyad_ids
    sizes = np.bincount(person_dyad, minlength=int(dyad_ids.max()) + 1)
    if (sizes > 2).any():
        labels = table.labels(cols.dyad)
        bad = int(np.flatnonzero(sizes > 2)[0])
        shown = str(labels[np.flatnonzero(dyad_ids == bad)[0]])
        raise DyadicDataError(
            f"dyad {shown!r} has {sizes[bad]} people in column {cols.person!r}; "
            "a dyad has two people"
        )
    if cols.role is None:
        first = np.full(int(dyad_ids.max()) + 1, n_people)
        np.minimum.at(first, person_dyad, np.arange(n_people))
        return (person_ids != first[dyad_ids]).astype(np.intp), None
    return _members_by_role(table, cols, dyad_ids, person_ids)


def _members_by_role(
    table: Table, cols: _Columns, dyad_ids: NDArray[np.intp], person_ids: NDArray[np.intp]
) -> tuple[NDArray[np.intp], tuple[str, str]]:
    assert cols.role is not None
    labels = table.identifiers(cols.role)
    levels = sorted({str(v) for v in labels}, key=_sort_key)
    if len(levels) != 2:
        raise DiaryError(
            f"role {cols.role!r} must take exactly two values, one per partner; it takes "
            f"{len(levels)}: {', '.join(levels[:5])}{capitals_hint(levels)}"
        )
    member = (labels == levels[1]).astype(np.intp)
    high = np.zeros(int(person_ids.max()) + 1, dtype=np.intp)
    np.maximum.at(high, person_ids, member)
    if (high[person_ids] != member).any():
        row = int(np.flatnonzero(high[person_ids] != member)[0])
        raise DiaryError(
            f"the person at {table.where(row)} changes {cols.role!r} between days; "
            "each person keeps one role"
        )
    key = dyad_ids * 2 + member
    count = np.zeros(2 * (int(dyad_ids.max()) + 1), dtype=np.intp)
    first_person = np.full_like(count, -1)
    first_person[key] = person_ids
    np.add.at(count, key, person_ids != first_person[key])
    if count.any():
        row = int(np.flatnonzero(count[key] > 0)[0])
        raise DiaryError(
            f"both people of the dyad at {table.where(row)} have the same {cols.role!r}; "
            "each dyad needs one of each role"
        )
    return member, (levels[0], levels[1])


def _sort_key(label: str) -> tuple[int, float, str]:
    try:
        return (0, float(label), label)
    except ValueError:
        return (1, 0.0, label)


def _check_days(
    table: Table, cols: _Columns, person_ids: NDArray[np.intp], day: FloatArray
) -> None:
    order = np.lexsort((day, person_ids))
    same = (np.diff(person_ids[order]) == 0) & (np.diff(day[order]) == 0)
    if same.any():
        row = int(order[np.flatnonzero(same)[0] + 1])
        raise DiaryError(
            f"{table.where(row)} repeats day {day[row]:g} for person "
            f"{str(table.labels(cols.person)[row])!r} of dyad "
            f"{str(table.labels(cols.dyad)[row])!r}; "
            "each person has one row per day"
        )


def _partner_rows(
    dyad_ids: NDArray[np.intp], member: NDArray[np.intp], day: FloatArray
) -> NDArray[np.intp]:
    """The row of the partner's same-day report, or −1."""
    keys: dict[tuple[int, int, float], int] = {}
    for row, key in enumerate(zip(dyad_ids.tolist(), member.tolist(), day.tolist(), strict=True)):
        keys[key] = row
    return np.array(
        [
            keys.get((d, 1 - m, t), -1)
            for d, m, t in zip(dyad_ids.tolist(), member.tolist(), day.tolist(), strict=True)
        ],
        dtype=np.intp,
    )


# --- design ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Design:
    """Rows sorted by dyad, member and day, with what the whitening of AR(1) series needs."""

    names: tuple[str, ...]
    z: FloatArray  # (N, p + 1): [X | y]
    member: NDArray[np.intp]  # (N,) 0 or 1
    previous: FloatArray  # (N, p + 1): the row before (zero on a person's first row)
    gaps: FloatArray  # the distinct numbers of days since a person's previous row (0: first)
    gap_index: NDArray[np.intp]  # (N,) the gap of every row, as an index into ``gaps``
    person_starts: NDArray[np.intp]  # first row of every person
    person_dyad: NDArray[np.intp]  # dyad of every person
    person_member: NDArray[np.intp]  # member (0/1) of every person
    n_dyads: int
    df: tuple[int, ...]  # nlme's denominator df per fixed effect
    distinguishable: bool
    #: ``z`` is centred (:func:`_centred`); the model's estimates are ``back @ β + moved``.
    back: FloatArray
    moved: FloatArray

    @property
    def n_fixed(self) -> int:
        return len(self.names)

    @property
    def n_obs(self) -> int:
        return int(self.z.shape[0])

    @property
    def n_theta(self) -> int:
        return 5 if self.distinguishable else 3


def _design(diary: _Diary, *, distinguishable: bool) -> _Design:
    names, x = _columns(diary, distinguishable)
    person = diary.dyad * 2 + diary.member
    new_person = np.ones(person.size, dtype=bool)
    new_person[1:] = person[1:] != person[:-1]
    starts = np.flatnonzero(new_person)
    lag = np.zeros(person.size)
    lag[1:] = np.diff(diary.day)
    lag[new_person] = 0.0
    n_dyads = int(diary.dyad.max()) + 1
    z = np.column_stack([x, diary.y])
    back, moved = _centred(z, diary.member, distinguishable)
    previous = np.zeros_like(z)
    previous[1:] = z[:-1]
    previous[new_person] = 0.0
    gaps, gap_index = np.unique(lag, return_inverse=True)
    return _Design(
        names=names,
        z=z,
        member=diary.member,
        previous=previous,
        gaps=gaps,
        gap_index=gap_index.reshape(-1).astype(np.intp),
        person_starts=starts,
        person_dyad=diary.dyad[starts],
        person_member=diary.member[starts],
        n_dyads=n_dyads,
        df=_nlme_df(x, diary.dyad, n_dyads),
        distinguishable=distinguishable,
        back=back,
        moved=moved,
    )


def _centred(
    z: FloatArray, member: NDArray[np.intp], distinguishable: bool
) -> tuple[FloatArray, FloatArray]:
    """Centre each column of ``[X | y]`` in place on its mean over its own role's rows, by
    subtracting that mean times the role's intercept column (the same model, reparametrised
    by a unit triangular matrix, as the APIM does: an outcome offset by 10⁴ moved the
    log-likelihood by 0.006 and one offset by 10⁶ was refused as having no spread). Returns
    the matrix that turns centred estimates back and what the outcome's shift adds to each."""
    p = z.shape[1] - 1
    back, moved = np.eye(p), np.zeros(p)
    for j in range(p + 1):
        k = j % 2 if distinguishable else 0  # the intercept column this one is centred by
        if j == k:
            continue
        if j == p:  # y: by each role's own intercept
            for intercept in (0, 1) if distinguishable else (0,):
                rows = z[:, intercept] != 0.0
                shift = float(z[rows, p].mean()) if rows.any() else 0.0
                z[rows, p] -= shift
                moved[intercept] = shift
            continue
        rows = z[:, k] != 0.0
        shift = float(z[rows, j].mean()) if rows.any() else 0.0
        z[:, j] -= shift * z[:, k]
        back[k, j] = -shift
    return back, moved


def _columns(diary: _Diary, distinguishable: bool) -> tuple[tuple[str, ...], FloatArray]:
    base = [("intercept", np.ones_like(diary.y)), ("actor", diary.x), ("partner", diary.x_partner)]
    if not distinguishable:
        return tuple(n for n, _ in base), np.column_stack([c for _, c in base])
    assert diary.roles is not None
    names, columns = [], []
    for name, values in base:
        for m, level in enumerate(diary.roles):
            names.append(f"{name}[{{role}}={level}]")
            columns.append(np.where(diary.member == m, values, 0.0))
    return tuple(names), np.column_stack(columns)


def _nlme_df(x: FloatArray, dyad: NDArray[np.intp], n_dyads: int) -> tuple[int, ...]:
    """nlme's getFixDF with one grouping level.

    A column that varies within some dyad is estimated within dyads (df N − D − p_within),
    one constant within every dyad between them (df D − p_between); with an intercept column
    the between df lose one, without one the within df gain one, as in nlme.
    """
    n = x.shape[0]
    constant = np.all(np.abs(x - x[:1]) <= 1e-8 * np.maximum(np.abs(x[:1]), 1e-300), axis=0)
    low = np.full((n_dyads, x.shape[1]), np.inf)
    high = np.full((n_dyads, x.shape[1]), -np.inf)
    np.minimum.at(low, dyad, x)
    np.maximum.at(high, dyad, x)
    inner = (high > low).any(axis=0) & ~constant
    df_dyad = n_dyads - int((~inner & ~constant).sum())
    df_within = n - n_dyads - int(inner.sum())
    if constant.any():
        df_dyad -= 1
    else:
        df_within += 1
    df = np.where(inner, df_within, df_dyad)
    df[constant] = max(df_dyad, df_within)
    return tuple(int(v) for v in df)


# --- likelihood -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Parameters:
    """θ on the natural scale: D relative to σ², λ (SD of member 1 ÷ member 0) and φ."""

    d: FloatArray  # (2, 2)
    ratio: float
    phi: float


def _natural(theta: FloatArray, distinguishable: bool) -> _Parameters:
    """Distinguishable: log-Cholesky of D, log λ, atanh φ; else log τ, atanh ρ, atanh φ."""
    if distinguishable:
        chol = np.array([[math.exp(theta[0]), 0.0], [theta[1], math.exp(theta[2])]])
        return _Parameters(chol @ chol.T, math.exp(theta[3]), math.tanh(theta[4]))
    tau2, rho = math.exp(2 * theta[0]), math.tanh(theta[1])
    return _Parameters(tau2 * np.array([[1.0, rho], [rho, 1.0]]), 1.0, math.tanh(theta[2]))


@dataclass(frozen=True)
class _Profile:
    theta: FloatArray
    loglik: float
    beta: FloatArray
    unscaled_cov: FloatArray  # (Xᵀ W⁻¹ X)⁻¹
    sigma2: float  # the (RE)ML estimate of σ²
    rss: float  # (y − Xβ)ᵀ W⁻¹ (y − Xβ)


def _whiten(design: _Design, par: _Parameters) -> tuple[FloatArray, FloatArray, float]:
    """R^(-1/2)·[X | y] and R^(-1/2)·(the person's indicator), and log|R|, row by row.

    For an AR(1) series observed at days t₁ < t₂ < …, e_k − φ^(t_k − t_(k−1))·e_(k−1) is
    independent of the past with variance 1 − φ^(2(t_k − t_(k−1))).
    """
    # Few distinct gaps: raise φ to each once (a gap of 0 marks a person's first day).
    powers = np.where(design.gaps > 0, np.power(par.phi, design.gaps), 0.0)
    a, s2 = powers[design.gap_index], 1.0 - powers[design.gap_index] ** 2
    if (s2 <= 0).any():
        raise ValueError("the AR(1) parameter is at the boundary")
    inverse_scale = np.array([1.0, 1.0 / par.ratio])[design.member] / np.sqrt(s2)
    z = (design.z - a[:, None] * design.previous) * inverse_scale[:, None]
    indicator = (1.0 - a) * inverse_scale
    logdet = float(np.log(s2).sum()) + 2.0 * math.log(par.ratio) * float(design.member.sum())
    return z, indicator, logdet


def _profile(design: _Design, theta: FloatArray, reml: bool, *, full: bool = True) -> _Profile:
    """GLS at θ with σ² profiled out, by Woodbury per dyad: nlme's (restricted) likelihood."""
    par = _natural(theta, design.distinguishable)
    z, indicator, logdet_r = _whiten(design, par)
    m = np.add.reduceat(indicator * indicator, design.person_starts)  # (people,)
    c = np.add.reduceat(indicator[:, None] * z, design.person_starts, axis=0)  # (people, q)
    q = z.shape[1]
    mm = np.zeros((design.n_dyads, 2))
    cc = np.zeros((design.n_dyads, 2, q))
    mm[design.person_dyad, design.person_member] = m
    cc[design.person_dyad, design.person_member] = c
    inner = np.eye(2)[None] + par.d[None] * mm[:, None, :]  # I + D·M, M diagonal
    det = inner[:, 0, 0] * inner[:, 1, 1] - inner[:, 0, 1] * inner[:, 1, 0]
    if (det <= 0).any():
        raise ValueError("the random-intercept covariance is not positive")
    adj = np.stack([inner[:, 1, 1], -inner[:, 0, 1], -inner[:, 1, 0], inner[:, 0, 0]], axis=1)
    k = (adj.reshape(-1, 2, 2) / det[:, None, None]) @ par.d  # (I + D·M)⁻¹·D
    a = z.T @ z - cc.reshape(-1, q).T @ (k @ cc).reshape(-1, q)
    p = design.n_fixed
    chol = np.linalg.cholesky(a[:p, :p])
    w = np.linalg.solve(chol, a[:p, p])
    rss = max(float(a[p, p] - w @ w), 1e-300)
    dof = design.n_obs - p if reml else design.n_obs
    sigma2 = rss / dof
    loglik = -0.5 * dof * (math.log(2 * math.pi) + 1 + math.log(sigma2))
    loglik -= 0.5 * (logdet_r + float(np.log(det).sum()))
    if reml:
        loglik -= float(np.log(np.diag(chol)).sum())
    if not full:
        return _Profile(theta, loglik, np.empty(0), np.empty((0, 0)), sigma2, rss)
    beta = linalg.solve_triangular(chol.T, w, lower=False)
    unscaled = linalg.cho_solve((chol, True), np.eye(p))
    return _Profile(theta, loglik, beta, unscaled, sigma2, rss)


def _objective(design: _Design, reml: bool) -> Callable[[FloatArray], float]:
    def negative(theta: FloatArray) -> float:
        if not np.all(np.isfinite(theta)) or np.abs(theta).max() > 25:
            return math.inf
        try:
            return -_profile(design, theta, reml, full=False).loglik
        except (np.linalg.LinAlgError, linalg.LinAlgError, ValueError, OverflowError):
            return math.inf

    return negative


def _fit(design: _Design, *, reml: bool) -> _Profile:
    """BFGS with forward differences to near the optimum, then Newton steps to polish."""
    objective = _objective(design, reml)
    scale = 1.0 / design.n_obs  # per observation, the Hessian is of order one for BFGS's start
    result = optimize.minimize(
        lambda theta: scale * objective(theta),
        _start(design, objective),
        method="BFGS",
        jac="2-point",  # forward differences: the Newton polish makes up the precision
        options={"gtol": 1e-6, "maxiter": 400},
    )
    best = np.asarray(result.x, dtype=np.float64)
    if float(np.abs(result.jac).max()) > 1e-4:  # BFGS lost its way: a slower, surer search
        polish = optimize.minimize(
            objective, best, method="Nelder-Mead", options={"xatol": 1e-10, "fatol": 1e-12}
        )
        best = np.asarray(polish.x, dtype=np.float64) if polish.fun < objective(best) else best
    return _profile(design, _newton(objective, best), reml)


def _newton(objective: Callable[[FloatArray], float], theta: FloatArray) -> FloatArray:
    """Up to three Newton steps with a finite-difference Hessian, each kept only if it helps.

    Near the optimum BFGS stalls on the rounding noise of its difference quotients; a Newton
    step from a central-difference Hessian (step 1e-4) takes θ to about 1e-8.
    """
    value = objective(theta)
    for _ in range(3):
        gradient, hessian = _derivatives(objective, theta, value)
        eigen, vectors = np.linalg.eigh(hessian)
        if not np.isfinite(eigen).all() or eigen.max() <= 0:
            break
        keep = eigen > 1e-8 * eigen.max()  # flat directions (a variance at zero) are left alone
        step = vectors[:, keep] @ ((vectors[:, keep].T @ gradient) / eigen[keep])
        candidate = theta - step
        new = objective(candidate)
        if not new < value:
            break
        theta, value = candidate, new
        if float(np.abs(step).max()) < 1e-9:
            break
    return theta


def _derivatives(
    objective: Callable[[FloatArray], float], theta: FloatArray, value: float
) -> tuple[FloatArray, FloatArray]:
    """Central-difference gradient and Hessian with step 1e-4."""
    h = 1e-4
    n = theta.size
    unit = np.eye(n) * h
    plus = np.array([objective(theta + unit[i]) for i in range(n)])
    minus = np.array([objective(theta - unit[i]) for i in range(n)])
    gradient = (plus - minus) / (2 * h)
    hessian = np.empty((n, n))
    for i in range(n):
        hessian[i, i] = (plus[i] - 2 * value + minus[i]) / (h * h)
        for j in range(i):
            pp = objective(theta + unit[i] + unit[j])
            mm = objective(theta - unit[i] - unit[j])
            hessian[i, j] = hessian[j, i] = (
                pp - plus[i] - plus[j] + 2 * value - minus[i] - minus[j] + mm
            ) / (2 * h * h)
    return gradient, hessian


#: Where the search for φ may begin (as atanh φ): little carry-over first, then more of it,
#: then the other way.
_PHI_STARTS = (0.1, math.atanh(0.5), math.atanh(0.8), math.atanh(0.95), math.atanh(-0.5))


def _start(design: _Design, objective: Callable[[FloatArray], float] | None = None) -> FloatArray:
    """Random-intercept variance as large as the residual one, equal SDs, and of the values
    of φ in ``_PHI_STARTS`` the one the likelihood likes best (the first when there is none
    to ask). Reports a week apart counted in days see φ only as φ⁷: from φ = 0.1 the slope is
    about 10⁻⁶ and a search would stop where it began, so the start must already be near."""
    base = np.array([0.0, 0.0, 0.0, 0.0, 0.0]) if design.distinguishable else np.zeros(3)
    starts = [np.concatenate([base[:-1], [z]]) for z in _PHI_STARTS]
    if objective is None:
        return starts[0]
    values = [objective(theta) for theta in starts]
    return starts[int(np.argmin(values))]


def _check_days_apart(diary: _Diary) -> None:
    """Refuse data whose reports cannot tell day-to-day links from lasting differences.

    The AR(1) residual correlation φ and the split of the variance between the person's
    lasting level and the day are told apart by reports at two different distances in days:
    one person with three days or more, or two people whose two days lie a different number
    of days apart. With one day each, or every person's two days the same distance apart, the
    likelihood is flat along a ridge: R's ``lme`` reaches the same log-likelihood at other
    values, and the search would print its own starting point (the statistics audit of
    2026-12-03). The fixed effects would be sound; the variance parts would not.
    """
    person = diary.dyad * 2 + diary.member  # rows are sorted by dyad, member, day
    starts = np.flatnonzero(np.r_[True, np.diff(person) != 0])
    counts = np.diff(np.r_[starts, person.size])
    if (counts >= 3).any():
        return
    pairs = starts[counts == 2]
    gaps = np.unique(diary.day[pairs + 1] - diary.day[pairs])
    if gaps.size >= 2:
        return
    if gaps.size == 0:
        said = "every person has one usable day"
    else:
        apart = f"{gaps[0]:g} day" + ("" if gaps[0] == 1 else "s")
        said = f"every person's two usable days are {apart} apart"
    raise DiaryError(
        f"{said}, so a day-to-day link cannot be told from lasting differences between people; "
        "the diary model needs some people with three days or more (or two days at different "
        "distances). For one report per person, `interdepend apim` fits the same effects"
    )


def _check_daily_spread(design: _Design, diary: _Diary) -> None:
    """Refuse an outcome that never changes within a person (within a role, with roles): the
    person levels then take all of it, the daily residual variance runs to zero and the
    likelihood with it to infinity. The search ended in NumPy's "Eigenvalues did not
    converge", a traceback from the command."""
    starts = design.person_starts
    high = np.maximum.reduceat(diary.y, starts)
    low = np.minimum.reduceat(diary.y, starts)
    size = np.maximum.reduceat(np.abs(diary.y), starts)
    # A person with one usable day says nothing of the daily part (and with no one of more,
    # _check_days_apart says so): the flat ones are among those with two days or more.
    several = np.diff(np.r_[starts, diary.y.size]) >= 2
    flat = (high - low <= 1e-12 * size) | ~several
    if not several.any():
        return
    if design.distinguishable and diary.roles is not None:
        for member, level in enumerate(diary.roles):
            mine = design.person_member == member
            if flat[mine].all():
                what = (
                    f"every person in role {level!r} gave the same outcome on each of their days"
                    if several[mine].any()
                    else f"no person in role {level!r} has two usable days or more"
                )
                raise DiaryError(
                    f"{what}, so that role's day-to-day spread cannot be estimated; fit the "
                    "model without the role, or check that role's outcome"
                )
    if flat.all():
        raise DiaryError(
            "every person gave the same outcome on each of their days, so nothing varies from "
            "day to day for the model to describe; for one report per person, "
            "`interdepend apim` fits the same effects"
        )


def _check_partners(diary: _Diary, design: _Design) -> None:
    """Each role needs at least as many usable person-days as it has effects, and the model
    needs couples in which both partners have usable days. With no one usable in a role the
    fit was refused as a predictor that "does not vary enough"; and with no couple of two,
    the indistinguishable model printed the search's starting correlation of the partners'
    levels (0.0000), which nothing in the data could inform."""
    if design.distinguishable and diary.roles is not None:
        per_role = design.n_fixed // 2
        counts = np.bincount(diary.member, minlength=2)
        for member, level in enumerate(diary.roles):
            count = int(counts[member])
            if count < per_role:
                who = (
                    f"no person-day in role {level!r} is"
                    if count == 0
                    else f"only {counted(count, 'person-day', 'person-days')} in role "
                    f"{level!r} {'is' if count == 1 else 'are'}"
                )
                raise DiaryError(
                    f"{who} usable (the person's outcome and predictor and the partner's "
                    f"predictor that day), too few for that role's {per_role} effects; fit the "
                    "model without the role, or check that role's values"
                )
    members = np.zeros((design.n_dyads, 2), dtype=bool)
    members[design.person_dyad, design.person_member] = True
    both = int(members.all(axis=1).sum())
    if both < 2:
        said = "no couple has" if both == 0 else "only 1 couple has"
        raise DiaryError(
            f"{said} usable days from both partners, so how the partners' levels go together "
            "cannot be learnt; at least two such couples are needed"
        )


def _check(design: _Design, diary: _Diary) -> None:
    p = design.n_fixed
    if design.n_dyads < 3 or design.n_obs - p < design.n_dyads + design.n_theta:
        raise DiaryError(
            f"{counted(design.n_dyads, 'dyad', 'dyads')} with "
            f"{counted(design.n_obs, 'usable person-day', 'usable person-days')} "
            f"{'is' if design.n_dyads == 1 else 'are'} too few for a model with {p} fixed "
            "effects, random intercepts and AR(1) residuals"
        )
    _check_partners(diary, design)
    x = design.z[:, :p]
    xtx = x.T @ x
    scale = np.sqrt(np.diag(xtx))
    if (scale == 0).any() or np.linalg.matrix_rank(xtx / np.outer(scale, scale)) < p:
        raise DiaryError(
            "the predictor does not vary enough (or a partner's predictor repeats the "
            "person's own), so the effects cannot be told apart"
        )
    if nothing_left_over(design.z.T @ design.z, p):
        raise DiaryError(NOTHING_LEFT_OVER)
    if design.distinguishable and diary.roles is not None:
        # As the APIM's check: a role whose outcome never varies, or that its own predictors
        # meet exactly, has no residual spread, and the search ended in NumPy's "Eigenvalues
        # did not converge" (a traceback from the command).
        for member, level in enumerate(diary.roles):
            rows = design.z[design.member == member]
            own = rows.T @ rows
            if nothing_left_over(own[np.ix_([member, p], [member, p])], 1):
                raise DiaryError(role_left_over(level, constant=True))
            if nothing_left_over(own, p):
                raise DiaryError(role_left_over(level, constant=False))
    _check_daily_spread(design, diary)


# --- entry point ----------------------------------------------------------------------------


def fit_diary(
    data: Table | Mapping[str, ArrayLike],
    *,
    dyad: str,
    person: str,
    day: str,
    outcome: str,
    actor: str,
    role: str | None = None,
    method: Method = "reml",
    theta: ArrayLike | None = None,
) -> DiaryResult:
    """Fit the dyadic multilevel model to diary data (one row per person per day).

    ``actor`` names the daily predictor; the partner's value on the same day is found through
    ``dyad`` and ``day``. With ``role`` (two values, one per partner) the dyads are
    distinguishable; without it, ``person`` tells the partners apart and the model is the
    indistinguishable one. A row enters when the person's outcome and predictor and the
    partner's predictor that day are all present.

    ``theta`` (for cross-checks) skips the search and evaluates the model at these variance
    parameters on the fitting scale (see :attr:`DiaryResult.theta`).
    """
    if method not in ("reml", "ml"):
        raise DiaryError(f"method must be 'reml' or 'ml', not {method!r}")
    table = data if isinstance(data, Table) else Table.from_columns(data)
    diary = _read(table, _Columns(dyad, person, day, outcome, actor, role))
    step = _role_step(diary) if role is not None else 1.0
    if step != 1.0:  # the fit runs on role b's outcome divided by ``step`` (see _role_step)
        diary = replace(diary, y=np.where(diary.member == 1, diary.y / step, diary.y))
    design = _design(diary, distinguishable=role is not None)
    _check(design, diary)
    _check_days_apart(diary)
    reml = method == "reml"
    sign_known = _phi_sign_known(diary)
    if theta is None:
        try:
            with np.errstate(all="ignore"):  # a failed trial point is set aside, not printed
                fit = _fit(design, reml=reml)
        except (np.linalg.LinAlgError, linalg.LinAlgError):
            raise DiaryError(
                "the search for the model's variance parts found no resting point on these "
                "data (a part of the variance runs to zero or without bound); check that the "
                "outcome varies from day to day within people, in each role"
            ) from None
        if not sign_known and fit.theta[-1] < 0:
            # φ and −φ give the same likelihood here: report the positive one, the same
            # whichever side the search came to rest on.
            fit = _profile(design, np.r_[fit.theta[:-1], -fit.theta[-1]], reml)
    else:
        given = np.asarray(theta, dtype=np.float64).reshape(-1)
        if given.size != design.n_theta:
            raise DiaryError(f"theta needs {design.n_theta} values for this model")
        fit = _profile(design, _theta_scaled(given, 1.0 / step), reml)
    result = _result(design, fit, diary, method=method, names=(outcome, actor, role))
    if step != 1.0:
        result = _unscaled(result, step, n_b=int(diary.member.sum()))
    return replace(result, phi_sign_known=sign_known, days_apart=_days_apart(diary))


def _days_apart(diary: _Diary) -> int:
    """The fewest days between two consecutive usable reports of one person."""
    person = diary.dyad * 2 + diary.member
    steps = np.diff(diary.day)[np.diff(person) == 0]
    return int(steps.min()) if steps.size else 1


def _role_step(diary: _Diary) -> float:
    """The power of two nearest the ratio of role b's outcome spread to role a's.

    With roles, every part of the model but φ and the correlation of the person levels is the
    role's own, so dividing role b's outcome by a constant divides its effects and SDs by it
    and changes nothing else: the same model. The search, though, starts from equal spreads
    and lost its way when the roles' outcomes differed in scale (role b in hundredths of role
    a's: a lower likelihood than nlme's, a correlation of the levels of 0.99997 for 0.9939;
    in hundreds: no fit at all). So it runs on outcomes of like spread. A power of two keeps
    the division exact, and spreads within a factor √2 of each other are left as they are.
    """
    spreads = []
    for member in (0, 1):
        y = diary.y[diary.member == member]
        spreads.append(float(np.sqrt(np.mean((y - y.mean()) ** 2))) if y.size else 0.0)
    if not (spreads[0] > 0 and spreads[1] > 0):
        return 1.0  # a role without spread is refused by _check, with its own message
    return float(2.0 ** round(math.log2(spreads[1] / spreads[0])))


def _theta_scaled(theta: FloatArray, factor: float) -> FloatArray:
    """θ for role b's outcome multiplied by ``factor`` (role a's residual SD is the unit):
    role b's random-intercept column of the Cholesky factor and its SD ratio scale with it."""
    if factor == 1.0:
        return theta
    scaled = np.array(theta, dtype=np.float64)
    scaled[1] *= factor
    scaled[2] += math.log(factor)
    scaled[3] += math.log(factor)
    return scaled


def _unscaled(result: DiaryResult, step: float, *, n_b: int) -> DiaryResult:
    """The result of a fit to role b's outcome divided by ``step``, for the outcome as given:
    role b's effects, SEs, intervals and SDs times ``step``; the likelihood by the Jacobian of
    the change (less role b's effects for REML, whose restricted likelihood counts them)."""
    level = result.roles[1]
    fixed = tuple(
        replace(
            e,
            estimate=e.estimate * step,
            se=e.se * step,
            ci_low=e.ci_low * step,
            ci_high=e.ci_high * step,
        )
        if e.name.endswith(f"={level}]")
        else e
        for e in result.fixed
    )
    p_b = sum(1 for e in fixed if e.name.endswith(f"={level}]"))
    loglik = result.loglik - (n_b - (p_b if result.method == "reml" else 0)) * math.log(step)
    variance = replace(
        result.variance,
        intercept_sd={
            **result.variance.intercept_sd,
            level: result.variance.intercept_sd[level] * step,
        },
        residual_sd={
            **result.variance.residual_sd,
            level: result.variance.residual_sd[level] * step,
        },
    )
    shift = 2.0 * (loglik - result.loglik)
    return replace(
        result,
        fixed=fixed,
        variance=variance,
        loglik=loglik,
        aic=result.aic - shift,
        bic=result.bic - shift,
        theta=tuple(float(t) for t in _theta_scaled(np.asarray(result.theta), step)),
    )


def _phi_sign_known(diary: _Diary) -> bool:
    """Whether the data can tell φ from −φ: some person has two reports an odd number of
    days apart. When every step between a person's reports is even (every other day, or days
    numbered 2, 4, 6), each correlation is an even power of φ and the sign is lost (R's
    ``lme`` then rests on either side with the same likelihood)."""
    person = diary.dyad * 2 + diary.member  # rows are sorted by dyad, member, day
    same = np.diff(person) == 0
    steps = np.diff(diary.day)[same].astype(np.int64)
    return steps.size == 0 or int(np.gcd.reduce(steps)) % 2 == 1


# --- results --------------------------------------------------------------------------------


def _result(
    design: _Design,
    fit: _Profile,
    diary: _Diary,
    *,
    method: Method,
    names: tuple[str, str, str | None],
) -> DiaryResult:
    outcome, actor, role = names
    n_params = design.n_fixed + design.n_theta + 1
    days = _days_per_dyad(diary)
    n_for_bic = design.n_obs - (design.n_fixed if method == "reml" else 0)
    x = design.z[:, : design.n_fixed]
    number, involved = conditioning(x.T @ x)
    fixed = _fixed_effects(design, fit, role)
    return DiaryResult(
        method=method,
        outcome=outcome,
        actor=actor,
        role=role,
        roles=diary.roles if role is not None and diary.roles else (),
        n_dyads=design.n_dyads,
        n_people=diary.n_people,
        n_days=int(days.max()),
        fewest_days=int(days.min()),
        median_days=float(np.median(days)),
        n_obs=design.n_obs,
        n_left_out=diary.n_left_out,
        dyads_left_out=diary.dyads_left_out,
        fixed=fixed,
        variance=_variance(design, fit, diary.roles if role else None),
        loglik=fit.loglik,
        n_params=n_params,
        aic=-2.0 * fit.loglik + 2.0 * n_params,
        bic=-2.0 * fit.loglik + math.log(n_for_bic) * n_params,
        theta=tuple(float(t) for t in fit.theta),
        condition_number=number,
        nearly_collinear=tuple(fixed[k].name for k in involved),
    )


def _days_per_dyad(diary: _Diary) -> NDArray[np.intp]:
    """How many different days each dyad reported on, among the rows used."""
    pairs = np.unique(np.stack([diary.dyad.astype(np.float64), diary.day]), axis=1)
    days: NDArray[np.intp] = np.bincount(pairs[0].astype(np.intp))
    return days


def _variance(design: _Design, fit: _Profile, roles: tuple[str, str] | None) -> DiaryVariance:
    par = _natural(fit.theta, design.distinguishable)
    sigma = math.sqrt(fit.sigma2)
    sds = sigma * np.sqrt(np.diag(par.d))
    corr = float(par.d[0, 1] / math.sqrt(par.d[0, 0] * par.d[1, 1]))
    if roles is None:
        return DiaryVariance({_ALL: float(sds[0])}, corr, {_ALL: sigma}, par.phi)
    return DiaryVariance(
        {roles[0]: float(sds[0]), roles[1]: float(sds[1])},
        corr,
        {roles[0]: sigma, roles[1]: sigma * par.ratio},
        par.phi,
    )


def _fixed_effects(
    design: _Design, fit: _Profile, role: str | None
) -> tuple[DiaryFixedEffect, ...]:
    beta = design.back @ fit.beta + design.moved
    unscaled = design.back @ fit.unscaled_cov @ design.back.T
    # As nlme does, the covariance of the estimates uses RSS / (N − p) under ML too.
    ses = np.sqrt(fit.rss / (design.n_obs - design.n_fixed) * np.diag(unscaled))
    effects = []
    for name, estimate, se, df in zip(design.names, beta, ses, design.df, strict=True):
        statistic = float(estimate / se)
        quantile = float(stats.t.ppf(0.5 + _CONFIDENCE / 2, df))
        effects.append(
            DiaryFixedEffect(
                name=name.replace("{role}", role or ""),
                estimate=float(estimate),
                se=float(se),
                statistic=statistic,
                df=df,
                p_value=float(2 * stats.t.sf(abs(statistic), df)),
                ci_low=float(estimate - quantile * se),
                ci_high=float(estimate + quantile * se),
            )
        )
    return tuple(effects)
