"""How close ``interdepend.core.cfa`` comes to R's lavaan, and how fast, on the inventory's items.

Run: ``.venv/bin/python bench/compare_lavaan.py [--respondents 600] [--semopy]``. Needs Rscript
with lavaan (Debian's ``r-cran-lavaan``). ``--semopy`` adds semopy's figures when it can be
imported (it is not a dependency: see docs/validity.md). Prints one row per model: the largest
absolute difference from lavaan over chi-square, p, CFI, TLI, RMSEA and its interval and SRMR,
the largest over the standardized loadings, and the seconds each fit took (lavaan's measured
inside R, without R's start-up).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from interdepend.core.cfa import (
    FitIndices,
    Structure,
    fit_cfa,
    fit_invariance,
    intended_structure,
    one_factor_structure,
    paired_structure,
    simulate_responses,
)
from interdepend.core.instrument import load_builtin

R = r"""
suppressPackageStartupMessages(library(lavaan))
args <- commandArgs(trailingOnly = TRUE)
x <- read.csv(args[1])
measures <- c("chisq", "df", "pvalue", "cfi", "tli", "rmsea", "rmsea.ci.lower",
              "rmsea.ci.upper", "srmr")
show <- function(call) {
  seconds <- system.time(fit <- eval(call))[["elapsed"]]
  s <- standardizedSolution(fit)
  if (is.null(s$group)) s$group <- 1L
  cat(format(c(seconds, fitMeasures(fit, measures), s[s$op == "=~" & s$group == 1, "est.std"]),
             digits = 15), "\n")
}
for (m in args[2:4]) show(quote(cfa(readLines(m), data = x, std.lv = TRUE)))
for (equal in list("", "loadings", c("loadings", "intercepts"))) {
  show(quote(cfa(readLines(args[2]), data = x, std.lv = TRUE, group = "role",
                 group.equal = equal)))
}
"""


def _row(f: FitIndices) -> np.ndarray:
    return np.array(
        [f.chi_square, f.df, f.p_value, f.cfi, f.tli, f.rmsea, f.rmsea_low, f.rmsea_high, f.srmr]
    )


def _semopy(structure: Structure, path: Path) -> tuple[float, float, np.ndarray]:
    import pandas as pd  # type: ignore[import-untyped]
    import semopy  # type: ignore[import-untyped]

    data = pd.read_csv(path)[list(structure.items)]
    model = semopy.Model(structure.lavaan_syntax())
    start = time.perf_counter()
    model.fit(data)
    seconds = time.perf_counter() - start
    stats = semopy.calc_stats(model).T.iloc[:, 0]
    row = np.array(
        [
            stats["chi2"],
            stats["DoF"],
            stats["chi2 p-value"],
            stats["CFI"],
            stats["TLI"],
            stats["RMSEA"],
        ]
    )
    estimates = model.inspect(std_est=True)
    loadings = estimates[estimates.op == "~"]
    std = np.array(
        [float(loadings[loadings.lval == i]["Est. Std"].iloc[0]) for i in structure.items]
    )
    return seconds, 0.0, np.concatenate([row, std])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--respondents", type=int, default=600)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--semopy", action="store_true")
    parser.add_argument("--instrument", default="interdependence_inventory_v2")
    args = parser.parse_args(argv)
    inventory = load_builtin(args.instrument)
    four = intended_structure(inventory)
    two = paired_structure(inventory, [["self", "enmeshment"], ["bond", "distance"]])
    one = one_factor_structure(inventory)
    rng = np.random.default_rng(args.seed)
    phi = np.array(
        [[1, 0.4, -0.3, -0.2], [0.4, 1, -0.2, -0.5], [-0.3, -0.2, 1, 0.3], [-0.2, -0.5, 0.3, 1]]
    )
    x = simulate_responses(four, rng.uniform(0.5, 0.8, len(four.items)), phi, args.respondents, rng)
    roles = np.where(rng.random(args.respondents) < 0.5, "a", "b")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "answers.csv"
        lines = [",".join([*four.items, "role"])]
        lines += [",".join([*map(str, row), r]) for row, r in zip(x, roles, strict=True)]
        path.write_text("\n".join(lines) + "\n")
        models = []
        for structure in (four, one, two):
            model = Path(folder) / f"{len(models)}.lav"
            model.write_text(structure.lavaan_syntax() + "\n")
            models.append(str(model))
        script = Path(folder) / "lavaan.R"
        script.write_text(R)
        output = subprocess.run(
            ["Rscript", str(script), str(path), *models],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        lavaan = [np.array(line.split(), dtype=float) for line in output.strip().splitlines()]
        print(
            f"{args.respondents} respondents, {len(inventory.items)} items of {inventory.id}; "
            f"lavaan {_lavaan_version()}"
        )
        print(
            "| model | largest fit difference | largest loading difference | ours (s) "
            "| lavaan (s) |"
        )
        print("|---|---|---|---|---|")
        for structure, expected in zip((four, one, two), lavaan, strict=False):
            columns = x[:, [four.items.index(i) for i in structure.items]]
            start = time.perf_counter()
            fit = fit_cfa(columns, structure)
            seconds = time.perf_counter() - start
            fit_gap = np.abs(_row(fit.fit) - expected[1:10]).max()
            loading_gap = np.abs(
                np.array([ld.standardized for ld in fit.loadings]) - expected[10:]
            ).max()
            print(
                f"| {structure.name} | {fit_gap:.1e} | {loading_gap:.1e} | {seconds:.2f} | "
                f"{expected[0]:.2f} |"
            )
            if args.semopy:
                s_seconds, _, s_row = _semopy(structure, path)
                s_fit = np.abs(s_row[[0, 2, 3, 4, 5]] - expected[[1, 3, 4, 5, 6]]).max()
                s_load = np.abs(np.abs(s_row[6:]) - np.abs(expected[10:])).max()
                print(
                    f"| {structure.name}, semopy | {s_fit:.1e} | {s_load:.1e} | {s_seconds:.2f} | |"
                )
        start = time.perf_counter()
        result = fit_invariance(x, roles, four)
        seconds = time.perf_counter() - start
        gaps = [
            np.abs(_row(step.fit) - expected[1:10]).max()
            for step, expected in zip(result.steps, lavaan[3:], strict=True)
        ]
        lavaan_seconds = sum(e[0] for e in lavaan[3:])
        print(
            f"| invariance, three steps | {max(gaps):.1e} | | {seconds:.2f} | "
            f"{lavaan_seconds:.2f} |"
        )
    return 0


def _lavaan_version() -> str:
    return subprocess.run(
        ["Rscript", "-e", 'cat(format(packageVersion("lavaan")))'],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


if __name__ == "__main__":
    sys.exit(main())
