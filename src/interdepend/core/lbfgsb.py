"""Bounded minimisation as R's ``optim(method = "L-BFGS-B")`` does it, step for step.

``psych::fa`` fits minres factors by handing the uniquenesses to R's L-BFGS-B, which is the
1997 version 2.3 of Zhu, Byrd, Lu and Nocedal's algorithm; it stops on a relative reduction of
1e-7·ε, short of the exact optimum. SciPy's L-BFGS-B is version 3.0, whose subspace step
differs once a variable reaches a bound, so it can stop at another point of a flat valley and
move omega by 1e-3. To give psych's figures we follow version 2.3's path instead:

1. the generalized Cauchy point along the projected steepest-descent path, breakpoint by
   breakpoint, on the limited-memory BFGS model;
2. a Newton step on the variables still free there, cut back (never projected) to the box;
3. the Moré–Thuente line search (MINPACK-2 ``dcsrch``: ftol 1e-3, gtol 0.9, xtol 0.1),
   starting from a step of 1, never beyond the box;
4. the BFGS update of the last ``m`` pairs, skipped when the curvature is not positive; the
   memory is dropped and the iteration restarted when a search direction fails to descend.

The BFGS matrix is kept whole (the problems here have a few dozen variables), where the Fortran
keeps the compact form; the two agree to rounding. Only fully boxed variables are supported.
This is our own code, written from the published algorithm and R's behaviour.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

__all__ = ["BoxResult", "minimize_in_box"]

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
_EPS = float(np.finfo(np.float64).eps)


@dataclass(frozen=True)
class BoxResult:
    """Where the search stopped, the value there, its iterations and why it stopped."""

    x: FloatArray
    fun: float
    iterations: int
    evaluations: int
    converged: bool


class _Model:
    """The limited-memory BFGS matrix of the last ``m`` steps, started from ``theta·I``."""

    def __init__(self, n: int, m: int) -> None:
        self.n, self.m = n, m
        self.pairs: list[tuple[FloatArray, FloatArray, float]] = []
        self.theta = 1.0

    def matrix(self) -> FloatArray:
        b = self.theta * np.eye(self.n)
        for s, y, curvature in self.pairs:
            bs = b @ s
            b = b - np.outer(bs, bs) / (s @ bs) + np.outer(y, y) / curvature
        return b

    def add(self, s: FloatArray, y: FloatArray, curvature: float) -> None:
        kept = self.pairs[-(self.m - 1) :] if self.m > 1 else []
        self.pairs = [*kept, (s, y, curvature)]
        self.theta = float(y @ y) / curvature

    def reset(self) -> None:
        self.pairs, self.theta = [], 1.0


def _cauchy(
    x: FloatArray, g: FloatArray, lo: FloatArray, hi: FloatArray, b: FloatArray
) -> tuple[FloatArray, BoolArray]:
    """The generalized Cauchy point and which variables are free there (version 2.3)."""
    at_lo = (x - lo <= 0) & (g >= 0)
    at_hi = (hi - x <= 0) & (g <= 0) & ~(x - lo <= 0)
    flat = ~(x - lo <= 0) & ~(hi - x <= 0) & (g == 0)
    fixed = at_lo | at_hi | flat
    free = ~(at_lo | at_hi)
    d = np.where(fixed, 0.0, -g)
    xcp = x.copy()
    moving = np.flatnonzero(d != 0)
    if moving.size == 0:
        return xcp, free
    breaks = np.where(d[moving] < 0, (x - lo)[moving] / g[moving], (hi - x)[moving] / -g[moving])
    order = moving[np.argsort(breaks, kind="stable")]
    times = np.sort(breaks, kind="stable")
    f1, f2 = float(g @ d), float(d @ b @ d)
    f2_first = f2
    dtm, tsum, t_prev = -f1 / f2, 0.0, 0.0
    for left, (i, tj) in enumerate(zip(order, times, strict=True), start=1):
        if dtm < tj - t_prev:
            break
        tsum += tj - t_prev
        t_prev = tj
        xcp[i] = hi[i] if d[i] > 0 else lo[i]
        free[i] = False
        d[i] = 0.0
        if left == order.size and order.size == x.size:
            return xcp, free
        z = np.where(d != 0, tsum * d, xcp - x)
        f1, f2 = float(g @ d + d @ b @ z), max(_EPS * f2_first, float(d @ b @ d))
        dtm = -f1 / f2 if left < order.size else 0.0
    xcp += (tsum + max(dtm, 0.0)) * d
    return xcp, free


def _subspace(
    x: FloatArray,
    g: FloatArray,
    xcp: FloatArray,
    free: BoolArray,
    lo: FloatArray,
    hi: FloatArray,
    b: FloatArray,
) -> FloatArray:
    """A Newton step on the free variables from the Cauchy point, cut back to the box."""
    index = np.flatnonzero(free)
    reduced = -(g + b @ (xcp - x))[index]
    d = np.linalg.solve(b[np.ix_(index, index)], reduced)
    alpha, blocking = 1.0, -1
    for j, (k, dk) in enumerate(zip(index, d, strict=True)):
        room = (lo[k] - xcp[k]) if dk < 0 else (hi[k] - xcp[k]) if dk > 0 else math.nan
        if math.isnan(room):
            continue
        step = 0.0 if room * dk <= 0 else room / dk if abs(dk * alpha) > abs(room) else alpha
        if step < alpha:
            alpha, blocking = step, j
    z = xcp.copy()
    if alpha < 1.0:
        k = index[blocking]
        z[k] = hi[k] if d[blocking] > 0 else lo[k]
        d[blocking] = 0.0
    z[index] += alpha * d
    return z


def _dcstep(
    stx: float,
    fx: float,
    dx: float,
    sty: float,
    fy: float,
    dy: float,
    stp: float,
    fp: float,
    dp: float,
    brackt: bool,
    stpmin: float,
    stpmax: float,
) -> tuple[float, float, float, float, float, float, float, bool]:
    """One safeguarded cubic or quadratic step of the Moré–Thuente search (MINPACK-2)."""
    opposite = math.copysign(1.0, dp) * math.copysign(1.0, dx) < 0 and dp != 0 and dx != 0

    def cubic(f_a: float, d_a: float, a: float, f_b: float, d_b: float, b: float) -> float:
        theta = 3.0 * (f_a - f_b) / (b - a) + d_a + d_b
        s = max(abs(theta), abs(d_a), abs(d_b))
        gamma = s * math.sqrt(max(0.0, (theta / s) ** 2 - (d_a / s) * (d_b / s)))
        return -gamma if b < a else gamma

    if fp > fx:
        theta = 3.0 * (fx - fp) / (stp - stx) + dx + dp
        gamma = cubic(fx, dx, stx, fp, dp, stp)
        stpc = stx + ((gamma - dx) + theta) / (((gamma - dx) + gamma) + dp) * (stp - stx)
        stpq = stx + ((dx / ((fx - fp) / (stp - stx) + dx)) / 2.0) * (stp - stx)
        stpf = stpc if abs(stpc - stx) <= abs(stpq - stx) else stpc + (stpq - stpc) / 2.0
        brackt = True
    elif opposite:
        theta = 3.0 * (fx - fp) / (stp - stx) + dx + dp
        gamma = -cubic(fx, dx, stx, fp, dp, stp)
        stpc = stp + ((gamma - dp) + theta) / (((gamma - dp) + gamma) + dx) * (stx - stp)
        stpq = stp + (dp / (dp - dx)) * (stx - stp)
        stpf = stpc if abs(stpc - stp) > abs(stpq - stp) else stpq
        brackt = True
    elif abs(dp) < abs(dx):
        theta = 3.0 * (fx - fp) / (stp - stx) + dx + dp
        gamma = -cubic(fx, dx, stx, fp, dp, stp)
        r = ((gamma - dp) + theta) / ((gamma + (dx - dp)) + gamma)
        stpc = stp + r * (stx - stp) if r < 0 and gamma != 0 else stpmax if stp > stx else stpmin
        stpq = stp + (dp / (dp - dx)) * (stx - stp)
        if brackt:
            stpf = stpc if abs(stpc - stp) < abs(stpq - stp) else stpq
            bound = stp + 0.66 * (sty - stp)
            stpf = min(bound, stpf) if stp > stx else max(bound, stpf)
        else:
            stpf = stpc if abs(stpc - stp) > abs(stpq - stp) else stpq
            stpf = min(stpmax, max(stpmin, stpf))
    elif brackt:
        theta = 3.0 * (fp - fy) / (sty - stp) + dy + dp
        gamma = -cubic(fy, dy, sty, fp, dp, stp)
        stpf = stp + ((gamma - dp) + theta) / (((gamma - dp) + gamma) + dy) * (sty - stp)
    else:
        stpf = stpmax if stp > stx else stpmin
    if fp > fx:
        sty, fy, dy = stp, fp, dp
    else:
        if opposite:
            sty, fy, dy = stx, fx, dx
        stx, fx, dx = stp, fp, dp
    return stx, fx, dx, sty, fy, dy, stpf, brackt


class _LineSearch:
    """MINPACK-2's ``dcsrch`` as a state machine: ``step`` takes f and f' at the last step
    and returns the next step to try, or ``None`` once it has converged or given up."""

    def __init__(self, f0: float, g0: float, stp: float, stpmax: float) -> None:
        self.ftol, self.gtol, self.xtol, self.stpmin, self.stpmax = 1e-3, 0.9, 0.1, 0.0, stpmax
        self.finit, self.ginit, self.gtest = f0, g0, 1e-3 * g0
        self.brackt, self.stage = False, 1
        self.width = stpmax
        self.width1 = self.width / 0.5
        self.stx, self.fx, self.gx = 0.0, f0, g0
        self.sty, self.fy, self.gy = 0.0, f0, g0
        self.stmin, self.stmax = 0.0, stp + 4.0 * stp

    def step(self, stp: float, f: float, g: float) -> float | None:
        ftest = self.finit + stp * self.gtest
        if self.stage == 1 and f <= ftest and g >= 0:
            self.stage = 2
        if (
            (self.brackt and (stp <= self.stmin or stp >= self.stmax))
            or (self.brackt and self.stmax - self.stmin <= self.xtol * self.stmax)
            or (stp == self.stpmax and f <= ftest and g <= self.gtest)
            or (stp == self.stpmin and (f > ftest or g >= self.gtest))
            or (f <= ftest and abs(g) <= self.gtol * -self.ginit)
        ):
            return None
        if self.stage == 1 and self.fx >= f > ftest:
            shift = self.gtest
            out = _dcstep(
                self.stx, self.fx - self.stx * shift, self.gx - shift,
                self.sty, self.fy - self.sty * shift, self.gy - shift,
                stp, f - stp * shift, g - shift, self.brackt, self.stmin, self.stmax,
            )  # fmt: skip
            self.stx, fxm, gxm, self.sty, fym, gym, stp, self.brackt = out
            self.fx, self.fy = fxm + self.stx * shift, fym + self.sty * shift
            self.gx, self.gy = gxm + shift, gym + shift
        else:
            out = _dcstep(
                self.stx, self.fx, self.gx, self.sty, self.fy, self.gy,
                stp, f, g, self.brackt, self.stmin, self.stmax,
            )  # fmt: skip
            self.stx, self.fx, self.gx, self.sty, self.fy, self.gy, stp, self.brackt = out
        if self.brackt:
            if abs(self.sty - self.stx) >= 0.66 * self.width1:
                stp = self.stx + 0.5 * (self.sty - self.stx)
            self.width1, self.width = self.width, abs(self.sty - self.stx)
            self.stmin, self.stmax = min(self.stx, self.sty), max(self.stx, self.sty)
        else:
            self.stmin = stp + 1.1 * (stp - self.stx)
            self.stmax = stp + 4.0 * (stp - self.stx)
        stp = min(max(stp, self.stpmin), self.stpmax)
        if (self.brackt and (stp <= self.stmin or stp >= self.stmax)) or (
            self.brackt and self.stmax - self.stmin <= self.xtol * self.stmax
        ):
            stp = self.stx
        return stp


def _max_step(x: FloatArray, d: FloatArray, lo: FloatArray, hi: FloatArray) -> float:
    """The longest step along ``d`` that stays in the box (version 2.3's ``stpmx``)."""
    longest = 1e10
    for xi, di, li, ui in zip(x, d, lo, hi, strict=True):
        room = (li - xi) if di < 0 else (ui - xi) if di > 0 else math.nan
        if math.isnan(room):
            continue
        if room * di <= 0:
            longest = 0.0
        elif abs(di * longest) > abs(room):
            longest = room / di
    return longest


Objective = Callable[[FloatArray], float]
Gradient = Callable[[FloatArray], FloatArray]


def minimize_in_box(
    fun: Objective,
    grad: Gradient,
    x0: FloatArray,
    lower: FloatArray,
    upper: FloatArray,
    *,
    memory: int = 5,
    factr: float = 1e7,
    maxit: int = 100,
) -> BoxResult:
    """Minimise ``fun`` within ``lower ≤ x ≤ upper`` as R's ``optim(method = "L-BFGS-B")``
    does with its defaults (``lmm = 5``, ``factr = 1e7``, ``pgtol = 0``, ``maxit = 100``)."""
    lo, hi = np.asarray(lower, dtype=np.float64), np.asarray(upper, dtype=np.float64)
    x = np.clip(np.asarray(x0, dtype=np.float64), lo, hi)
    f, g = fun(x), grad(x)
    model, iterations, evaluations, first = _Model(x.size, memory), 0, 1, True
    while True:
        if _projected_gradient_norm(x, g, lo, hi) <= 0.0:
            return BoxResult(x, f, iterations, evaluations, True)
        b = model.matrix()
        xcp, free = _cauchy(x, g, lo, hi, b)
        z = _subspace(x, g, xcp, free, lo, hi, b) if model.pairs and free.any() else xcp
        d = z - x
        searched = _search(fun, grad, x, f, g, d, z, 1.0 if first else _max_step(x, d, lo, hi))
        evaluations += searched.evaluations
        if searched.failed:
            if not model.pairs:
                return BoxResult(x, f, iterations, evaluations, False)
            model.reset()
            continue
        first = False
        iterations += 1
        if iterations > maxit:
            return BoxResult(searched.x, searched.f, iterations, evaluations, False)
        f_old, g_old, x, f, g = f, g, searched.x, searched.f, searched.g
        if (f_old - f) <= factr * _EPS * max(abs(f_old), abs(f), 1.0):
            return BoxResult(x, f, iterations, evaluations, True)
        stp = searched.stp  # y's = (g'd − g₀'d)·stp; the update is skipped unless it is > 0
        curvature = (searched.gd - searched.gd0) * stp
        if curvature > _EPS * -searched.gd0 * stp:
            model.add(stp * d, g - g_old, curvature)


def _projected_gradient_norm(x: FloatArray, g: FloatArray, lo: FloatArray, hi: FloatArray) -> float:
    projected = np.where(g < 0, np.maximum(x - hi, g), np.minimum(x - lo, g))
    return float(np.abs(projected).max())


@dataclass(frozen=True)
class _Searched:
    x: FloatArray
    f: float
    g: FloatArray
    stp: float
    gd: float
    gd0: float
    evaluations: int
    failed: bool


def _search(
    fun: Objective,
    grad: Gradient,
    x0: FloatArray,
    f0: float,
    g0: FloatArray,
    d: FloatArray,
    z: FloatArray,
    stpmax: float,
) -> _Searched:
    """Version 2.3's ``lnsrlb``: a Moré–Thuente search from a step of 1 along ``d``."""
    gd0 = float(g0 @ d)
    if gd0 >= 0:
        return _Searched(x0, f0, g0, 0.0, gd0, gd0, 0, True)
    stp = 1.0
    search = _LineSearch(f0, gd0, stp, stpmax)
    x, f, g, evaluations = x0, f0, g0, 0
    while True:
        if evaluations >= 20:
            return _Searched(x0, f0, g0, 0.0, gd0, gd0, evaluations, True)
        x = z.copy() if stp == 1.0 else stp * d + x0
        f, g = fun(x), grad(x)
        evaluations += 1
        gd = float(g @ d)
        following = search.step(stp, f, gd)
        if following is None:
            return _Searched(x, f, g, stp, gd, gd0, evaluations, False)
        stp = following
