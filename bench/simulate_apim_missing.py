"""Couples' data with missing values, for trying the APIM's missing-data handling and moderation.

Run: ``.venv/bin/python bench/simulate_apim_missing.py OUT.csv [--dyads 400] [--seed 1]``
writes one row per person (``couple, role, x, m, y``): a known APIM (intercept 1.0, actor 0.4,
partner 0.2, within-couple residual correlation 0.5, moderator main effect 0.2, actor × m 0.15,
partner × m −0.1), then

* 5 % of outcomes missing at random;
* the second partner's outcome missing more often when the first partner's outcome is high
  (missingness that depends on the partner: up to half for the highest);
* 1 % of people removed from the file, so their partner is alone there.

``--compare`` also prints, over ``--replications`` fresh samples, the mean actor effect and
intercept from every available person against dropping every couple with a missing value.
"""

from __future__ import annotations

import argparse
import csv
import math
import statistics
import sys
from pathlib import Path

import numpy as np

from interdepend.core.apim import fit_apim
from interdepend.core.dyadic import Table

TRUTH = {"intercept": 1.0, "actor": 0.4, "partner": 0.2, "m": 0.2, "actor:m": 0.15}
PARTNER_M = -0.1


def simulate(n: int, seed: int) -> dict[str, np.ndarray]:
    """n couples as (2n,) columns, with the missing values described above (NaN)."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 2))
    m = rng.normal(size=(n, 2))
    e = rng.multivariate_normal([0.0, 0.0], [[1.0, 0.5], [0.5, 1.0]], size=n)
    partner_x = x[:, ::-1]
    y = TRUTH["intercept"] + TRUTH["actor"] * x + TRUTH["partner"] * partner_x + e
    y += TRUTH["m"] * m + TRUTH["actor:m"] * x * m + PARTNER_M * partner_x * m
    y[rng.random(y.shape) < 0.05] = math.nan
    # The second partner answers less often when the first reported a high outcome.
    first = np.nan_to_num(y[:, 0], nan=0.0)
    y[rng.random(n) < 0.5 / (1 + np.exp(-3 * (first - 2))), 1] = math.nan
    columns = {
        "couple": np.repeat(np.arange(1, n + 1), 2).astype(np.float64),
        "role": np.tile([1.0, 2.0], n),
        "x": x.reshape(-1),
        "m": m.reshape(-1),
        "y": y.reshape(-1),
    }
    keep = rng.random(2 * n) >= 0.01
    return {name: values[keep] for name, values in columns.items()}


def write(columns: dict[str, np.ndarray], path: Path) -> None:
    # The guide writes into var/, which a fresh clone does not have yet.
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for row in zip(*columns.values(), strict=True):
            writer.writerow(["" if math.isnan(v) else f"{v:.6g}" for v in row])


def compare(n: int, replications: int) -> None:
    """Every available person against whole couples only, on fresh samples."""
    estimates: dict[str, list[float]] = {"available": [], "whole couples": []}
    intercepts: dict[str, list[float]] = {"available": [], "whole couples": []}
    for seed in range(replications):
        columns = simulate(n, seed=1000 + seed)
        table = Table.from_columns(columns)
        ids, counts = np.unique(columns["couple"], return_counts=True)
        missing = set(columns["couple"][np.isnan(columns["y"])]) | set(ids[counts == 1])
        whole = np.array([c not in missing for c in columns["couple"]])
        listwise = Table.from_columns({k: v[whole] for k, v in columns.items()})
        for label, data in (("available", table), ("whole couples", listwise)):
            fit = fit_apim(data, dyad="couple", outcome="y", actor="x", moderator="m")
            estimates[label].append(fit.effect("actor").estimate)
            intercepts[label].append(fit.effect("intercept").estimate)
    print(
        f"{replications} samples of {n} couples (moderated APIM); truth: actor 0.4, intercept 1.0"
    )
    for label in estimates:
        print(
            f"  {label:<14} actor {statistics.fmean(estimates[label]):.3f}, "
            f"intercept {statistics.fmean(intercepts[label]):.3f}"
        )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path, help="the CSV to write")
    parser.add_argument("--dyads", type=int, default=400)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--compare", action="store_true")
    parser.add_argument("--replications", type=int, default=200)
    args = parser.parse_args(argv)
    write(simulate(args.dyads, args.seed), args.out)
    print(f"wrote {args.out}")
    if args.compare:
        compare(args.dyads, args.replications)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
