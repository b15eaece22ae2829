"""The diary model against R's ``nlme::lme`` on simulated diaries: agreement and time.

Run: ``PYTHONPATH=src .venv/bin/python bench/compare_diary_nlme.py [--dyads 40 100]
[--days 14 21] [--missing 0.15 0.1]``. For every design it simulates a diary
(``bench/simulate_diary.py``; days left out at the given rate, and 5 % of the outcomes of the
days kept), fits it with nlme (tight tolerances) and with
:func:`interdepend.core.diary.fit_diary`, and prints the largest absolute differences: of the
fixed effects and SEs at our own optimum and at nlme's variance parameters, of the
log-likelihood and of the variance components, with both fitting times.
``tests/core/test_diary.py`` uses the same R script.
"""

from __future__ import annotations

import argparse
import math
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from interdepend.core.diary import DiaryResult, fit_diary
from interdepend.core.dyadic import Table

R_SCRIPT = r"""
suppressMessages(library(nlme))
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1])
p <- d[, c("dyad", "day", "role", "x")]
p$role <- ifelse(p$role == "a", "b", "a")
names(p)[4] <- "x_P"
d <- merge(d, p, by = c("dyad", "role", "day"))
d <- d[order(d$dyad, d$role, d$day), ]
d$role <- factor(d$role)
ctl <- lmeControl(maxIter = 500, msMaxIter = 500, niterEM = 0, msTol = 1e-14,
                  tolerance = 1e-10, returnObject = TRUE)
show <- function(tag, m, seconds) {
  tt <- summary(m)$tTable
  for (i in seq_len(nrow(tt))) cat(tag, "fixed", rownames(tt)[i], format(tt[i, 1], digits = 15),
                                   format(tt[i, 2], digits = 15), tt[i, 3], "\n")
  v <- as.matrix(m$modelStruct$reStruct[[1]]) * m$sigma^2
  ratio <- if (is.null(m$modelStruct$varStruct)) 1 else
    coef(m$modelStruct$varStruct, unconstrained = FALSE, allCoef = TRUE)[2]
  phi <- coef(m$modelStruct$corStruct, unconstrained = FALSE)
  vals <- c(loglik = as.numeric(logLik(m)), v11 = v[1, 1], v21 = v[2, 1], v22 = v[2, 2],
            sigma = m$sigma, ratio = as.numeric(ratio), phi = as.numeric(phi),
            aic = AIC(m), bic = BIC(m), seconds = seconds)
  for (n in names(vals)) cat(tag, "value", n, format(vals[[n]], digits = 15), "NA NA\n")
}
fit <- function(tag, expr) {
  seconds <- system.time(m <- expr)[["elapsed"]]
  show(tag, m, seconds)
  invisible(m)
}
ar <- corAR1(form = ~ day | dyad/role)
dis <- fit("dis", lme(y ~ 0 + role + role:x + role:x_P, random = ~ 0 + role | dyad,
                      weights = varIdent(form = ~ 1 | role), correlation = ar, data = d,
                      method = "REML", control = ctl, na.action = na.omit))
fit("dis_ml", update(dis, method = "ML"))
fit("ind", lme(y ~ x + x_P, random = list(dyad = pdCompSymm(~ 0 + role)), correlation = ar,
               data = d, method = "REML", control = ctl, na.action = na.omit))
car <- update(dis, correlation = corCAR1(form = ~ day | dyad/role))
cat("car value loglik", format(as.numeric(logLik(car)), digits = 15), "NA NA\n")
d$position <- ave(d$day, d$dyad, d$role, FUN = seq_along)
pos <- update(dis, correlation = corAR1(form = ~ position | dyad/role))
cat("pos value loglik", format(as.numeric(logLik(pos)), digits = 15), "NA NA\n")
"""

#: nlme's coefficient names and ours.
R_NAMES = {
    "rolea": "intercept[role=a]",
    "roleb": "intercept[role=b]",
    "rolea:x": "actor[role=a]",
    "roleb:x": "actor[role=b]",
    "rolea:x_P": "partner[role=a]",
    "roleb:x_P": "partner[role=b]",
    "(Intercept)": "intercept",
    "x": "actor",
    "x_P": "partner",
}

#: The fits the script makes: tag, method, role column.
CASES = (("dis", "reml", "role"), ("dis_ml", "ml", "role"), ("ind", "reml", None))


def run_nlme(csv: Path, folder: Path) -> dict[str, Any]:
    """Run the R script on ``csv``; fixed effects (estimate, SE, df) and values per fit."""
    script = folder / "diary.R"
    script.write_text(R_SCRIPT)
    output = subprocess.run(
        ["Rscript", str(script), str(csv)], capture_output=True, text=True, check=True, timeout=900
    ).stdout
    fits: dict[str, Any] = {}
    for line in output.splitlines():
        tag, kind, name, value, se, df = line.split()
        entry = fits.setdefault(tag, {"fixed": {}, "value": {}})
        if kind == "fixed":
            entry["fixed"][R_NAMES[name]] = (float(value), float(se), int(df))
        else:
            entry["value"][name] = float(value)
    return fits


def theta_of(values: dict[str, float], *, distinguishable: bool) -> list[float]:
    """nlme's variance components on our fitting scale (see ``DiaryResult.theta``)."""
    sigma2 = values["sigma"] ** 2
    phi = math.atanh(values["phi"])
    if not distinguishable:
        rho = values["v21"] / values["v11"]
        return [0.5 * math.log(values["v11"] / sigma2), math.atanh(rho), phi]
    d = np.array([[values["v11"], values["v21"]], [values["v21"], values["v22"]]]) / sigma2
    chol = np.linalg.cholesky(d)
    ratio = math.log(values["ratio"])
    return [math.log(chol[0, 0]), float(chol[1, 0]), math.log(chol[1, 1]), ratio, phi]


def fit(
    data: Table, method: str, role: str | None, theta: list[float] | None = None
) -> DiaryResult:
    """Our fit of the simulated columns."""
    return fit_diary(
        data,
        dyad="dyad",
        person="person",
        day="day",
        outcome="y",
        actor="x",
        role=role,
        method="ml" if method == "ml" else "reml",
        theta=theta,
    )


def variance_differences(result: DiaryResult, values: dict[str, float]) -> float:
    """Largest absolute difference of the variance components (SDs, correlation, φ)."""
    first = result.roles[0] if result.roles else "all"
    ours = [
        result.variance.residual_sd[first],
        result.variance.intercept_sd[first],
        result.variance.intercept_corr,
        result.variance.phi,
    ]
    theirs = [
        values["sigma"],
        math.sqrt(values["v11"]),
        values["v21"] / math.sqrt(values["v11"] * values["v22"]),
        values["phi"],
    ]
    if result.roles:
        second = result.roles[1]
        ours += [result.variance.residual_sd[second], result.variance.intercept_sd[second]]
        theirs += [values["sigma"] * values["ratio"], math.sqrt(values["v22"])]
    return max(abs(a - b) for a, b in zip(ours, theirs, strict=True))


def compare(data: Table, fits: dict[str, Any]) -> list[dict[str, float | str]]:
    """One row of differences per fit."""
    rows: list[dict[str, float | str]] = []
    for tag, method, role in CASES:
        reference = fits[tag]
        start = time.perf_counter()
        ours = fit(data, method, role)
        seconds = time.perf_counter() - start
        theta = theta_of(reference["value"], distinguishable=role is not None)
        at_r = fit(data, method, role, theta)
        fixed = reference["fixed"].items()
        rows.append(
            {
                "fit": tag,
                "estimate": max(abs(ours.effect(n).estimate - v[0]) for n, v in fixed),
                "se": max(abs(ours.effect(n).se - v[1]) for n, v in fixed),
                "estimate_at_r": max(abs(at_r.effect(n).estimate - v[0]) for n, v in fixed),
                "se_at_r": max(abs(at_r.effect(n).se - v[1]) for n, v in fixed),
                "loglik_gain": ours.loglik - reference["value"]["loglik"],
                "variance": variance_differences(ours, reference["value"]),
                "bic": abs(ours.bic - reference["value"]["bic"]),
                "ours_s": seconds,
                "nlme_s": reference["value"]["seconds"],
            }
        )
    return rows


def main() -> None:
    from simulate_diary import simulate_diary, write_diary

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dyads", type=int, nargs="+", default=[40, 100])
    parser.add_argument("--days", type=int, nargs="+", default=[14, 21])
    parser.add_argument("--missing", type=float, nargs="+", default=[0.15, 0.1])
    args = parser.parse_args()
    print(
        "| dyads × days (missing) | fit | max Δ estimate | max Δ SE | at nlme's θ: Δ estimate "
        "| Δ SE | logLik ours − nlme | max Δ variance | Δ BIC | ours s | nlme s |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for seed, (dyads, days, missing) in enumerate(
        zip(args.dyads, args.days, args.missing, strict=True), start=5
    ):
        data = simulate_diary(dyads, days, missing=missing, missing_outcome=0.05, seed=seed)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "diary.csv"
            write_diary(data, path)
            fits = run_nlme(path, Path(folder))
        for row in compare(data, fits):
            print(
                f"| {dyads} × {days} ({missing:.0%}) | {row['fit']} | {row['estimate']:.1e} | "
                f"{row['se']:.1e} | {row['estimate_at_r']:.1e} | {row['se_at_r']:.1e} | "
                f"{row['loglik_gain']:+.1e} | {row['variance']:.1e} | {row['bic']:.1e} | "
                f"{row['ours_s']:.2f} | {row['nlme_s']:.2f} |"
            )


if __name__ == "__main__":
    main()
