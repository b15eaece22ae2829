"""Simulation study: does ``interdepend validate`` recover a known structure, and can it tell
four scales from two dimensions measured twice?

Run: ``.venv/bin/python bench/simulate_validity.py [--respondents 300 1000] [--replications 20]``.
Prints a Markdown table (the one in docs/validity.md) and writes ``var/bench/validity.json``.

Two truths generate answers to the inventory's items (7 points, by cutting a normal response
at fixed thresholds; reverse-keyed items are flipped as a person would answer them):

* **four scales** — one factor per scale, correlated as the scales are meant to be (Self with
  Bond 0.3, Enmeshment with Distance 0.3, the poles with the axes −0.2 to −0.4);
* **two dimensions** — Self and Enmeshment are the two ends of one dimension, Bond and Distance
  of another (Enmeshment and Distance items load negatively), so each dimension is measured
  twice. This is the worry of issue 17.

Each replication writes a CSV and runs the command's own code on it (reading, recoding, the three
models). The loadings are compared with the generating ones and with the "population" ones: the
four-factor fit to 200,000 answers from the same truth, which shows how much of the difference
is the coarsening into 7 points rather than sampling error.
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from interdepend.cli.validate import build_report
from interdepend.core.cfa import (
    CfaFit,
    fit_cfa,
    intended_structure,
    paired_structure,
    simulate_responses,
)
from interdepend.core.dyadic import load_csv
from interdepend.core.instrument import Instrument, load_builtin

OUT = Path(__file__).resolve().parents[1] / "var" / "bench" / "validity.json"
PAIRS = [["self", "enmeshment"], ["bond", "distance"]]
CORRELATIONS = {  # the four-scale truth, in the inventory's scale order
    ("self", "bond"): 0.3,
    ("self", "enmeshment"): -0.4,
    ("self", "distance"): -0.2,
    ("bond", "enmeshment"): -0.2,
    ("bond", "distance"): -0.4,
    ("enmeshment", "distance"): 0.3,
}
GOOD = {"cfi": 0.95, "rmsea": 0.06}  # the usual "fits well" line (Hu & Bentler 1999)


def truth_loadings(instrument: Instrument, seed: int) -> dict[str, float]:
    """Standardized loadings of the latent responses, 0.5 to 0.8, fixed for the study."""
    rng = np.random.default_rng(seed)
    return {item: float(rng.uniform(0.5, 0.8)) for item in instrument.item_ids}


def four_scale_answers(
    instrument: Instrument, loadings: dict[str, float], n: int, rng: np.random.Generator
) -> np.ndarray:
    structure = intended_structure(instrument)
    scales = structure.factors
    phi = np.eye(len(scales))
    for (a, b), r in CORRELATIONS.items():
        phi[scales.index(a), scales.index(b)] = phi[scales.index(b), scales.index(a)] = r
    lam = [loadings[i] for i in structure.items]
    return _as_answered(
        instrument, structure.items, simulate_responses(structure, lam, phi, n, rng)
    )


def two_dimension_answers(
    instrument: Instrument, loadings: dict[str, float], n: int, rng: np.random.Generator
) -> np.ndarray:
    structure = paired_structure(instrument, PAIRS)
    poles = {i.id for s in ("enmeshment", "distance") for i in instrument.items_of(s)}
    lam = [-loadings[i] if i in poles else loadings[i] for i in structure.items]
    answers = simulate_responses(structure, lam, [[1.0, 0.3], [0.3, 1.0]], n, rng)
    return _as_answered(instrument, structure.items, answers)


def _as_answered(instrument: Instrument, order: tuple[str, ...], x: np.ndarray) -> np.ndarray:
    """Columns in the instrument's order, reverse-keyed items flipped as people answer them."""
    x = x[:, [order.index(i) for i in instrument.item_ids]]
    flip = [item.reverse for item in instrument.items]
    top = instrument.response_scale.min + instrument.response_scale.max
    x[:, flip] = top - x[:, flip]
    return x


def run_kit(instrument: Instrument, x: np.ndarray, folder: Path) -> tuple[CfaFit, ...]:
    """Write ``x`` as a responses CSV and run the command's code on it."""
    path = folder / "answers.csv"
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["respondent", *instrument.item_ids])
        writer.writerows([f"r{k}", *row] for k, row in enumerate(x.tolist()))
    alternative = paired_structure(instrument, PAIRS)
    return build_report(instrument, load_csv(path), str(path), alternative).models


def population(instrument: Instrument, x: np.ndarray) -> dict[str, float]:
    """Standardized loadings of the four-factor model on a very large sample (recoded)."""
    structure = intended_structure(instrument)
    recoded = x.astype(float)
    flip = [item.reverse for item in instrument.items]
    recoded[:, flip] = 8 - recoded[:, flip]
    columns = recoded[:, [instrument.item_ids.index(i) for i in structure.items]]
    return {ld.item: ld.standardized for ld in fit_cfa(columns, structure).loadings}


def replicate(
    instrument: Instrument,
    truth: str,
    n: int,
    replications: int,
    loadings: dict[str, float],
    reference: dict[str, float],
    seed: int,
) -> dict[str, Any]:
    generate = four_scale_answers if truth == "four scales" else two_dimension_answers
    rng = np.random.default_rng(seed)
    rows: list[dict[str, float]] = []
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(replications):
            four, two, one = run_kit(
                instrument, generate(instrument, loadings, n, rng), Path(folder)
            )
            rows.append(_summary(four, two, one, loadings, reference))
    mean = {key: statistics.fmean(r[key] for r in rows) for key in rows[0]}
    return {
        "truth": truth,
        "n": n,
        "replications": replications,
        **mean,
        "seconds_per_replication": (time.perf_counter() - start) / replications,
    }


def _summary(
    four: CfaFit, two: CfaFit, one: CfaFit, truth: dict[str, float], reference: dict[str, float]
) -> dict[str, float]:
    from interdepend.core.cfa import chi_square_difference

    difference = chi_square_difference(two.fit, four.fit)
    estimated = {ld.item: abs(ld.standardized) for ld in four.loadings}
    return {
        **{
            f"{name}_{key}": getattr(m.fit, key)
            for name, m in (("four", four), ("two", two), ("one", one))
            for key in ("cfi", "rmsea", "srmr")
        },
        "four_fits_well": float(four.fit.cfi >= GOOD["cfi"] and four.fit.rmsea <= GOOD["rmsea"]),
        "four_beats_two": float(difference.p_value < 0.05 and four.fit.cfi - two.fit.cfi > 0.01),
        "converged": float(four.converged and two.converged and one.converged),
        "r_self_enmeshment": _correlation(four, "self", "enmeshment"),
        "r_bond_distance": _correlation(four, "bond", "distance"),
        "mae_latent": statistics.fmean(abs(estimated[i] - truth[i]) for i in estimated),
        "mae_population": statistics.fmean(
            abs(estimated[i] - abs(reference[i])) for i in estimated
        ),
    }


def _correlation(model: CfaFit, a: str, b: str) -> float:
    return next(r for x, y, r in model.factor_correlations if {x, y} == {a, b})


def table(results: list[dict[str, Any]]) -> str:
    head = (
        "| truth | N | CFI 4 / 2 / 1 | RMSEA 4 / 2 / 1 | SRMR 4 | 4 fits well | 4 beats 2 "
        "| r self, enmeshment / bond, distance | loading MAE vs latent | vs population |\n"
        "|---|---|---|---|---|---|---|---|---|---|"
    )
    lines = [head]
    for r in results:
        lines.append(
            f"| {r['truth']} | {r['n']} | {r['four_cfi']:.3f} / {r['two_cfi']:.3f} / "
            f"{r['one_cfi']:.3f} | {r['four_rmsea']:.3f} / {r['two_rmsea']:.3f} / "
            f"{r['one_rmsea']:.3f} | {r['four_srmr']:.3f} | {r['four_fits_well']:.0%} | "
            f"{r['four_beats_two']:.0%} | {r['r_self_enmeshment']:.2f} / "
            f"{r['r_bond_distance']:.2f} | {r['mae_latent']:.3f} | {r['mae_population']:.3f} |"
        )
    return "\n".join(lines)


def write_example(instrument: Instrument, path: Path) -> None:
    """The responses file the example in docs/validity.md was made from."""
    rng = np.random.default_rng(5)
    x = four_scale_answers(instrument, truth_loadings(instrument, 5), 800, rng).astype(float)
    x[rng.random(x.shape) < 1 / 500] = np.nan
    roles = np.where(rng.random(len(x)) < 0.5, "partner_a", "partner_b")
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["respondent", *instrument.item_ids, "role"])
        for r, row in enumerate(x):
            cells = ["" if np.isnan(v) else str(int(v)) for v in row]
            writer.writerow([f"p{r + 1}", *cells, roles[r]])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--respondents", type=int, nargs="+", default=[300, 1000])
    parser.add_argument("--replications", type=int, default=20)
    parser.add_argument("--instrument", default="interdependence_inventory_v2")
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument(
        "--example",
        metavar="OUT.csv",
        help="only write the docs' example file (800 people from the four-scale truth, seed 5, "
        "one answer in 500 blank, a random role) and stop",
    )
    args = parser.parse_args(argv)
    instrument = load_builtin(args.instrument)
    if args.example:
        write_example(instrument, Path(args.example))
        return 0
    loadings = truth_loadings(instrument, args.seed)
    big = np.random.default_rng(args.seed + 1)
    reference = {
        "four scales": population(
            instrument, four_scale_answers(instrument, loadings, 200_000, big)
        ),
        "two dimensions": population(
            instrument, two_dimension_answers(instrument, loadings, 200_000, big)
        ),
    }
    results = [
        replicate(
            instrument,
            truth,
            n,
            args.replications,
            loadings,
            reference[truth],
            args.seed + 100 * k + n,
        )
        for k, truth in enumerate(("four scales", "two dimensions"))
        for n in args.respondents
    ]
    print(table(results))
    print(
        "share of replications whose three fits converged: "
        + ", ".join(f"{r['truth']} N={r['n']}: {r['converged']:.0%}" for r in results)
    )
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"arguments": vars(args), "results": results}, indent=1) + "\n")
    print(f"\nwrote {OUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
