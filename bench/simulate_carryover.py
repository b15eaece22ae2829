"""How often the couple view's carry-over check cries wolf, and how often it finds a real link.

Couples are simulated week by week from a lag-1 process: each partner's own inertia 0.3, their
same-week surprises correlated 0.3, and a carry-over from each partner to the other of 0 (no
link: every "outside the chance range" is a false alarm) or 0.3 and 0.5 (a real link: the share
found is the power). For each couple the estimate is set beside two chance ranges:

* **rotated** (the range the app used until 2026-11-30): the couple's own weeks shifted round
  in time and paired out of step;
* **no link** (what it uses now): series drawn with the couple's inertia, same-week closeness and
  missing weeks but no carry-over (:func:`interdepend.core.var.no_link_null`).

Run: ``.venv/bin/python bench/simulate_carryover.py [--couples 300] [--seed 1]``. The table goes
to docs/together.md; the figures to var/bench/carryover.json.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

from interdepend.core.var import VarError, fit_couple, no_link_null, pseudo_couple_null

OUT = Path("var/bench/carryover.json")
WEEKS = (10, 14, 20, 26, 38, 52, 104)
MIN_PAIRS = 8


def simulate(
    weeks: int, link: float, rng: np.random.Generator, inertia: float = 0.3, closeness: float = 0.3
) -> tuple[dict[int, float], dict[int, float]]:
    chol = np.linalg.cholesky(np.array([[1.0, closeness], [closeness, 1.0]]))
    x = np.zeros((weeks + 20, 2))
    for t in range(1, weeks + 20):
        e = chol @ rng.standard_normal(2)
        x[t, 0] = inertia * x[t - 1, 0] + link * x[t - 1, 1] + e[0]
        x[t, 1] = inertia * x[t - 1, 1] + link * x[t - 1, 0] + e[1]
    x = x[20:]
    return {w: float(x[w, 0]) for w in range(weeks)}, {w: float(x[w, 1]) for w in range(weeks)}


def rotated(a: dict[int, float], b: dict[int, float]) -> tuple[float, float]:
    first = min(min(a), min(b))
    span = max(max(a), max(b)) - first + 1

    def shift(s: dict[int, float], k: int) -> dict[int, float]:
        return {first + (w - first + k) % span: v for w, v in s.items()}

    copies = [(shift(a, k), shift(b, k)) for k in range(span)]
    null = pseudo_couple_null(copies, align="as_given", min_pairs=MIN_PAIRS, max_pseudo=120)
    return null.low, null.high


def no_link(a: dict[int, float], b: dict[int, float], seed: int) -> tuple[float, float]:
    null = no_link_null(a, b, simulations=200, seed=seed, min_pairs=MIN_PAIRS)
    return null.low, null.high


def share_outside(weeks: int, link: float, couples: int, seed: int) -> dict[str, float]:
    rng = np.random.default_rng(seed)
    outside = {"rotated": 0, "no link": 0}
    directions = 0
    for k in range(couples):
        a, b = simulate(weeks, link, rng)
        try:
            result = fit_couple(a, b, min_pairs=MIN_PAIRS)
            ranges = {"rotated": rotated(a, b), "no link": no_link(a, b, seed=k)}
        except VarError:
            continue
        for estimate in (result.a_to_b.estimate, result.b_to_a.estimate):
            directions += 1
            for name, (low, high) in ranges.items():
                outside[name] += not low <= estimate <= high
    return {name: count / max(directions, 1) for name, count in outside.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--couples", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    rows = []
    print("| weeks | false alarms, rotated | false alarms, no link | found at 0.3 | found at 0.5 |")
    print("|---:|---:|---:|---:|---:|")
    for weeks in WEEKS:
        none = share_outside(weeks, 0.0, args.couples, args.seed)
        some = share_outside(weeks, 0.3, args.couples, args.seed + 1)
        clear = share_outside(weeks, 0.5, args.couples, args.seed + 2)
        rows.append({"weeks": weeks, "no_link": none, "link_0.3": some, "link_0.5": clear})
        print(
            f"| {weeks} | {none['rotated']:.1%} | {none['no link']:.1%} | "
            f"{some['no link']:.0%} | {clear['no link']:.0%} |",
            flush=True,
        )
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"arguments": vars(args), "rows": rows}, indent=1) + "\n")
    print(f"\nwrote {OUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
