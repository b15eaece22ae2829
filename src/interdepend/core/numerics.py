"""Small numerical routines the APIM needs, written out so that its command imports no SciPy.

Importing ``scipy.optimize``, ``scipy.linalg`` and ``scipy.special`` costs most of a second of
start-up, more than a 100,000-couple fit itself; the indistinguishable APIM needs only a bounded
one-dimensional minimum and Student's t distribution. Both are classic algorithms:

* :func:`minimize_bounded` is Brent's bounded minimization (golden section with parabolic
  steps; Forsythe, Malcolm & Moler 1977), step for step as ``scipy.optimize.minimize_scalar``
  with ``method="bounded"`` takes it, so results are the same to the last bit;
* :func:`t_two_sided_p` and :func:`t_quantile` use the regularized incomplete beta function,
  evaluated by its continued fraction (modified Lentz), as Student's t CDF is usually computed.

``tests/core/test_numerics.py`` holds each equal to SciPy's on a wide grid.
"""

from __future__ import annotations

import math
from collections.abc import Callable

__all__ = ["minimize_bounded", "t_quantile", "t_two_sided_p"]

_SQRT_EPS = math.sqrt(2.2e-16)
_GOLDEN = 0.5 * (3.0 - math.sqrt(5.0))


def _sign(value: float) -> float:
    return 1.0 if value >= 0.0 else -1.0  # np.sign(v) + (v == 0), as the reference does


def minimize_bounded(
    func: Callable[[float], float], low: float, high: float, xatol: float, maxiter: int = 500
) -> float:
    """The x in [low, high] where ``func`` is least, to within about ``xatol``."""
    a, b = low, high
    fulc = a + _GOLDEN * (b - a)
    nfc = xf = fulc
    rat = e = 0.0
    fx = func(xf)
    num = 1
    ffulc = fnfc = fx
    xm = 0.5 * (a + b)
    tol1 = _SQRT_EPS * abs(xf) + xatol / 3.0
    tol2 = 2.0 * tol1
    while abs(xf - xm) > (tol2 - 0.5 * (b - a)):
        golden = True
        if abs(e) > tol1:  # try a parabola through the three best points
            golden = False
            r = (xf - nfc) * (fx - ffulc)
            q = (xf - fulc) * (fx - fnfc)
            p = (xf - fulc) * q - (xf - nfc) * r
            q = 2.0 * (q - r)
            if q > 0.0:
                p = -p
            q = abs(q)
            r = e
            e = rat
            if abs(p) < abs(0.5 * q * r) and q * (a - xf) < p < q * (b - xf):
                rat = (p + 0.0) / q
                x = xf + rat
                if (x - a) < tol2 or (b - x) < tol2:
                    rat = tol1 * _sign(xm - xf)
            else:
                golden = True
        if golden:
            e = (a - xf) if xf >= xm else (b - xf)
            rat = _GOLDEN * e
        x = xf + _sign(rat) * max(abs(rat), tol1)
        fu = func(x)
        num += 1
        if fu <= fx:
            if x >= xf:
                a = xf
            else:
                b = xf
            fulc, ffulc = nfc, fnfc
            nfc, fnfc = xf, fx
            xf, fx = x, fu
        else:
            if x < xf:
                a = x
            else:
                b = x
            if fu <= fnfc or nfc == xf:
                fulc, ffulc = nfc, fnfc
                nfc, fnfc = x, fu
            elif fu <= ffulc or fulc in (xf, nfc):
                fulc, ffulc = x, fu
        xm = 0.5 * (a + b)
        tol1 = _SQRT_EPS * abs(xf) + xatol / 3.0
        tol2 = 2.0 * tol1
        if num >= maxiter:
            break
    return xf


def _beta_fraction(a: float, b: float, x: float) -> float:
    """The continued fraction of the incomplete beta function (modified Lentz)."""
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c = 1.0
    d = 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 100_000):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        step = d * c
        h *= step
        if abs(step - 1.0) < 1e-16:
            break
    return h


def _log_front(a: float, b: float, x: float, one_minus_x: float) -> float:
    """log of x^a (1-x)^b / B(a, b), with 1 - x given (so a tiny 1 - x keeps its digits)."""
    if x <= 0.0 or one_minus_x <= 0.0:
        return -math.inf
    return (
        math.lgamma(a + b)
        - math.lgamma(a)
        - math.lgamma(b)
        + a * math.log(x)
        + b * math.log(one_minus_x)
    )


def t_two_sided_p(statistic: float, df: float) -> float:
    """P(|T| >= |statistic|) for Student's t with ``df`` degrees of freedom."""
    if math.isnan(statistic):
        return math.nan
    if math.isinf(statistic):
        return 0.0
    t2 = statistic * statistic
    a, b = 0.5 * df, 0.5
    x, y = df / (df + t2), t2 / (df + t2)  # y = 1 - x, computed without losing small t
    # p = I_x(df/2, 1/2), by the continued fraction on the side where it converges fast.
    if x < (a + 1.0) / (a + b + 2.0):
        return math.exp(_log_front(a, b, x, y)) * _beta_fraction(a, b, x) / a
    return 1.0 - math.exp(_log_front(b, a, y, x)) * _beta_fraction(b, a, y) / b


def _t_cdf(t: float, df: float) -> float:
    tail = 0.5 * t_two_sided_p(t, df)
    return 1.0 - tail if t > 0 else tail


def t_quantile(probability: float, df: float) -> float:
    """The t with P(T <= t) = ``probability`` (0 < probability < 1), by Newton's method from
    the normal quantile's Cornish-Fisher expansion, with bisection as a safeguard."""
    if not 0.0 < probability < 1.0:
        raise ValueError("probability must lie strictly between 0 and 1")
    if probability == 0.5:
        return 0.0
    if probability < 0.5:
        return -t_quantile(1.0 - probability, df)
    z = _normal_quantile(probability)
    g1 = (z**3 + z) / 4.0
    g2 = (5 * z**5 + 16 * z**3 + 3 * z) / 96.0
    t = z + g1 / df + g2 / df**2
    low, high = 0.0, max(2.0 * t, 1.0)
    while _t_cdf(high, df) < probability:
        low, high = high, 2.0 * high
    log_norm = math.lgamma((df + 1) / 2) - math.lgamma(df / 2) - 0.5 * math.log(df * math.pi)
    for _ in range(100):
        if not low < t < high:
            t = 0.5 * (low + high)
        gap = _t_cdf(t, df) - probability
        if gap > 0:
            high = t
        else:
            low = t
        density = math.exp(log_norm - (df + 1) / 2 * math.log1p(t * t / df))
        step = gap / density
        t -= step
        if abs(step) <= 1e-15 * max(1.0, abs(t)):
            break
    return t


def _normal_quantile(p: float) -> float:
    """The standard normal quantile (Acklam's rational approximation, about 1e-9), a start."""
    a = (-3.969683028665376e01, 2.209460984245205e02, -2.759285104469687e02,
         1.383577518672690e02, -3.066479806614716e01, 2.506628277459239e00)  # fmt: skip
    b = (-5.447609879822406e01, 1.615858368580409e02, -1.556989798598866e02,
         6.680131188771972e01, -1.328068155288572e01)  # fmt: skip
    c = (-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e00,
         -2.549732539343734e00, 4.374664141464968e00, 2.938163982698783e00)  # fmt: skip
    d = (7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e00,
         3.754408661907416e00)  # fmt: skip
    if p < 0.02425:
        q = math.sqrt(-2 * math.log(p))
        num = ((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]
        return num / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    if p > 1 - 0.02425:
        return -_normal_quantile(1 - p)
    q = p - 0.5
    r = q * q
    num = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
    return num / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
