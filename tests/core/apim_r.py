"""Shared helpers for the live R cross-checks of the APIM: simulated dyads and an nlme runner."""

from __future__ import annotations

import csv
import math
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pytest
from numpy.typing import NDArray

from interdepend.core.apim import ApimResult

Columns = dict[str, NDArray[np.float64]]

#: The live cross-checks run where R is; elsewhere they are skipped with this reason.
needs_r = pytest.mark.skipif(shutil.which("Rscript") is None, reason="Rscript is not installed")


def acitelli_rows(acitelli_csv: str) -> tuple[list[str], list[list[str]]]:
    """The Acitelli file's header and rows, as text, to be changed and written again."""
    with open(acitelli_csv, newline="") as handle:
        header, *rows = csv.reader(handle)
    return header, rows


def write_rows(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", newline="") as handle:
        csv.writer(handle).writerows([header, *rows])
    return path


#: The APIM of the Acitelli file the checks fit, as the command line asks for it.
APIM = ["--dyad", "cuplid", "--outcome", "satisfaction", "--actor", "other_pos"]


def run_script(tmp: Path, script: str, *arguments: str) -> str:
    """Run an R script written into ``tmp`` with these arguments; what it printed."""
    path = tmp / "check.R"
    path.write_text(script)
    return subprocess.run(
        ["Rscript", str(path), *arguments], capture_output=True, text=True, check=True, timeout=600
    ).stdout


# Reads the CSV written by write_csv (NA for missing cells), finds the partner's predictor by
# couple and role (NA when the partner has no row), and prints every quantity of one gls fit as
# "tag quantity value [se]". Formulas and options come from the command line.
R_PRELUDE = r"""
suppressMessages(library(nlme))
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1])
key <- paste(d$couple, d$role)
d$x_P <- d$x[match(paste(d$couple, 1 - d$role), key)]
d$r0 <- as.numeric(d$role == 0); d$r1 <- as.numeric(d$role == 1); d$rf <- factor(d$role)
ctl <- glsControl(tolerance = 1e-14, msTol = 1e-14, msMaxIter = 1000, maxIter = 500)
say <- function(...) cat(..., "\n")
num <- function(v) format(v, digits = 15)
show <- function(tag, m) {
  tt <- summary(m)$tTable
  for (i in seq_len(nrow(tt))) say(tag, rownames(tt)[i], num(tt[i, 1]), num(tt[i, 2]))
  say(tag, "loglik", num(as.numeric(logLik(m))))
  say(tag, "rho", num(coef(m$modelStruct$corStruct, unconstrained = FALSE)))
  say(tag, "sigma", num(m$sigma))
  if (!is.null(m$modelStruct$varStruct)) {
    ratio <- coef(m$modelStruct$varStruct, unconstrained = FALSE, allCoef = TRUE)
    say(tag, "sd_ratio", num(ratio[["1"]] / ratio[["0"]]))
  }
  say(tag, "nobs", length(m$fitted))
}
ours <- read.csv(args[2])  # our (rho, SD ratio) per tag: R's likelihood is also taken there
one <- function(formula, method, distinguishable, rho, ratio, fixed) {
  cs <- corCompSymm(value = rho, form = ~ 1 | couple, fixed = fixed)
  if (!distinguishable) {
    return(gls(formula, data = d, correlation = cs, method = method, na.action = na.omit,
               control = ctl))
  }
  vi <- if (fixed) varIdent(form = ~ 1 | rf, fixed = c("1" = ratio)) else
    varIdent(value = c("1" = ratio), form = ~ 1 | rf)
  gls(formula, data = d, correlation = cs, weights = vi, method = method, na.action = na.omit,
      control = ctl)
}
fit <- function(tag, formula, method, distinguishable) {
  show(tag, one(formula, method, distinguishable, 0, 1, FALSE))
  at <- ours[ours$tag == tag, ]
  show(paste0("at_", tag), one(formula, method, distinguishable, at$rho, at$ratio, TRUE))
}
"""


def simulate(
    n: int,
    *,
    seed: int,
    rho: float = 0.4,
    sds: tuple[float, float] = (1.0, 1.5),
    effects: tuple[float, float, float] = (1.0, 0.4, 0.2),
    moderation: tuple[float, float, float] = (0.0, 0.0, 0.0),
) -> Columns:
    """n dyads, role 0/1, predictor x, covariate c, moderator m and outcome y (no missing)."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 2))
    m = rng.normal(size=(n, 2))
    c = rng.normal(size=(n, 2))
    cov = np.array([[sds[0] ** 2, rho * sds[0] * sds[1]], [rho * sds[0] * sds[1], sds[1] ** 2]])
    e = rng.multivariate_normal([0.0, 0.0], cov, size=n)
    b0, actor, partner = effects
    main, actor_m, partner_m = moderation
    y = b0 + actor * x + partner * x[:, ::-1] + 0.3 * c + e
    y += main * m + actor_m * x * m + partner_m * x[:, ::-1] * m
    return {
        "couple": np.repeat(np.arange(1.0, n + 1), 2),
        "role": np.tile([0.0, 1.0], n),
        "x": x.reshape(-1),
        "c": c.reshape(-1),
        "m": m.reshape(-1),
        "y": y.reshape(-1),
    }


def with_missing(columns: Columns, *, seed: int) -> Columns:
    """Knock out values the way real couples' files lose them.

    5 % of outcomes at random; outcomes more often missing when the partner's predictor is
    high (missingness that depends on the partner); 4 % of predictors and covariates; and a
    few people removed entirely, so their partner's row stands alone in the file.
    """
    rng = np.random.default_rng(seed)
    out = {name: values.copy() for name, values in columns.items()}
    n = out["y"].size
    partner_x = out["x"].reshape(-1, 2)[:, ::-1].reshape(-1)
    out["y"][rng.random(n) < 0.05] = math.nan
    out["y"][rng.random(n) < 0.25 / (1 + np.exp(-2 * (partner_x - 1)))] = math.nan
    out["x"][rng.random(n) < 0.04] = math.nan
    out["c"][rng.random(n) < 0.03] = math.nan
    out["m"][rng.random(n) < 0.03] = math.nan
    keep = np.ones(n, dtype=bool)
    keep[rng.choice(n, size=max(2, n // 50), replace=False)] = False
    return {name: values[keep] for name, values in out.items()}


def write_csv(columns: Mapping[str, NDArray[np.float64]], path: Path) -> None:
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        rows = zip(*columns.values(), strict=True)
        writer.writerows([_cell(float(v)) for v in row] for row in rows)


def _cell(value: float) -> str:
    if math.isnan(value):
        return "NA"
    return str(int(value)) if value.is_integer() else repr(value)


def run_r(
    script: str, data: Path, tmp: Path, ours: Mapping[str, ApimResult]
) -> dict[str, dict[str, tuple[float, float]]]:
    """Run R_PRELUDE + script on data; results by tag, then quantity: (value, se or NaN).

    ``ours`` holds our fit for each tag; R fits each model twice: by its own optimiser (tag)
    and with the correlation and SD ratio held at ours (``at_`` + tag).
    """
    path = tmp / "fit.R"
    path.write_text(R_PRELUDE + script)
    theta = tmp / "ours.csv"
    with theta.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["tag", "rho", "ratio"])
        for tag, fit in ours.items():
            sds = list(fit.residual_sd.values())
            writer.writerow([tag, repr(fit.rho), repr(sds[-1] / sds[0])])
    output = subprocess.run(
        ["Rscript", str(path), str(data), str(theta)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    results: dict[str, dict[str, tuple[float, float]]] = {}
    for line in output.splitlines():
        tag, name, value, *se = line.split()
        results.setdefault(tag, {})[name] = (float(value), float(se[0]) if se else math.nan)
    return results


def r_term(term: str, role_split: bool) -> str:
    """Our effect name for an R coefficient name such as ``r1:x:m`` or ``x_P:m``."""
    parts = set(term.split(":"))
    role = next((p for p in parts if p in ("r0", "r1")), None)
    parts -= {"r0", "r1"}
    if parts in ({"(Intercept)"}, set()):
        base = "intercept"
    elif parts == {"x"}:
        base = "actor"
    elif parts == {"x_P"}:
        base = "partner"
    elif parts == {"x", "m"}:
        base = "actor:m"
    elif parts == {"x_P", "m"}:
        base = "partner:m"
    else:
        (base,) = parts
    return f"{base}[role={role[1]}]" if role_split and role else base


def differences(
    fit: ApimResult, r: Mapping[str, tuple[float, float]], role_split: bool
) -> dict[str, float]:
    """Largest absolute difference from R per quantity (estimates, SEs, rho, SDs, loglik)."""
    worst = {"estimate": 0.0, "se": 0.0}
    for term, (value, se) in r.items():
        if term in ("loglik", "rho", "sigma", "sd_ratio", "nobs"):
            continue
        effect = fit.effect(r_term(term, role_split))
        worst["estimate"] = max(worst["estimate"], abs(effect.estimate - value))
        worst["se"] = max(worst["se"], abs(effect.se - se))
    worst["loglik"] = abs(fit.loglik - r["loglik"][0])
    worst["rho"] = abs(fit.rho - r["rho"][0])
    sds = list(fit.residual_sd.values())
    worst["sd"] = abs(sds[0] - r["sigma"][0])
    if "sd_ratio" in r:
        worst["sd"] = max(worst["sd"], abs(sds[1] - r["sigma"][0] * r["sd_ratio"][0]))
    worst["nobs"] = abs(fit.n_obs - r["nobs"][0])
    return worst


def agreement(
    fits: Mapping[str, ApimResult], r: Mapping[str, Mapping[str, tuple[float, float]]]
) -> tuple[dict[str, float], dict[str, float]]:
    """Largest differences from gls's own optimum and from gls held at our θ, over all tags.

    Where gls's optimum differs from ours by more than the tolerance, ours must have the
    higher likelihood (gls stopped short on a flat likelihood): the difference at its own
    optimum is then reported, and the comparison at our θ carries the check.
    """
    own: dict[str, float] = {}
    held: dict[str, float] = {}
    for tag, fit in fits.items():
        split = fit.role is not None
        for worst, key in ((own, tag), (held, "at_" + tag)):
            for name, value in differences(fit, r[key], split).items():
                worst[name] = max(worst.get(name, 0.0), value)
        short = max(differences(fit, r[tag], split).values()) >= 1e-6
        assert not short or fit.loglik > r[tag]["loglik"][0], tag
    return own, held
