"""Benchmark: core scoring of 1,000,000 synthetic respondents on the Interdependence Inventory.

Compares ``score_matrix`` (recoding, prorating, four scales, 0-100 scores, balance, dynamics)
with two references on the same answer matrix:

* the floor: one bare NumPy pass, ``np.nanmean(answers, axis=1)``;
* a plain per-row Python loop doing the same scale arithmetic, timed on a subsample and
  extrapolated to the full size.

Times are the best of ``--repeat`` runs (the machine may be shared); peak memory is measured
separately with ``tracemalloc`` (NumPy reports its buffers to it), beyond the answer matrix
itself. Prints a table and appends JSON lines to ``var/bench/scoring.jsonl``.

    .venv/bin/python bench/bench_scoring.py [--respondents N] [--repeat R]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from results import figure, record

from interdepend.core.instrument import Instrument, load_builtin
from interdepend.core.scoring import score_matrix

OUT_DIR = Path(__file__).resolve().parent.parent / "var" / "bench"
MISSING_SHARE = 0.02
LOOP_SAMPLE = 20_000


def synthetic(instrument: Instrument, n: int, seed: int = 1) -> np.ndarray:
    rng = np.random.default_rng(seed)
    answers = rng.integers(1, 8, size=(n, len(instrument.items))).astype(np.float64)
    answers[rng.random(answers.shape) < MISSING_SHARE] = np.nan
    return answers


def best_time(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def peak_bytes(run: Callable[[], object]) -> int:
    tracemalloc.start()
    run()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def python_loop(instrument: Instrument, answers: np.ndarray) -> list[list[float]]:
    """The same per-scale arithmetic, one respondent and one item at a time."""
    low, high = instrument.response_scale.min, instrument.response_scale.max
    share = instrument.scoring.prorate_min_share
    totals = {s: len(instrument.items_of(s)) for s in instrument.scale_ids}
    out = []
    for row in answers.tolist():
        sums = dict.fromkeys(totals, 0.0)
        counts = dict.fromkeys(totals, 0)
        for item, value in zip(instrument.items, row, strict=True):
            if not math.isnan(value):
                sums[item.scale_id] += (low + high - value) if item.reverse else value
                counts[item.scale_id] += 1
        out.append(
            [
                (sums[s] / counts[s] - low) / (high - low) * 100
                if counts[s] >= share * totals[s] - 1e-9
                else math.nan
                for s in totals
            ]
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--respondents", type=int, default=int(os.environ.get("BENCH_RESPONDENTS") or 1_000_000)
    )
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    instrument = load_builtin("interdependence_inventory_v1")
    answers = synthetic(instrument, args.respondents)
    rows = measure(instrument, answers, args.repeat)
    print_table(rows, answers)
    write_json(rows, answers)
    record("scoring", figures(rows, answers))


@dataclass(frozen=True)
class Measure:
    name: str
    seconds: float
    ratio_to_floor: float
    peak_bytes: int | None


def measure(instrument: Instrument, answers: np.ndarray, repeat: int) -> list[Measure]:
    score_matrix(instrument, answers[:1000])  # warm the model cache
    floor = best_time(lambda: np.nanmean(answers, axis=1), repeat)
    core = best_time(lambda: score_matrix(instrument, answers), repeat)
    sample = answers[:LOOP_SAMPLE]
    loop = best_time(lambda: python_loop(instrument, sample), 1) * len(answers) / len(sample)
    floor_peak = peak_bytes(lambda: np.nanmean(answers, axis=1))
    core_peak = peak_bytes(lambda: score_matrix(instrument, answers))
    return [
        Measure("bare NumPy nanmean (floor)", floor, 1.0, floor_peak),
        Measure("score_matrix (core)", core, core / floor, core_peak),
        Measure("per-row Python loop (extrapolated)", loop, loop / floor, None),
    ]


def print_table(rows: list[Measure], answers: np.ndarray) -> None:
    n, p = answers.shape
    size = answers.nbytes / 2**20
    print(f"{n:,} respondents x {p} items, {MISSING_SHARE:.0%} missing, matrix {size:,.0f} MiB")
    print(f"{'':<36} {'seconds':>9} {'x floor':>8} {'peak MiB':>9} {'rows/s':>12}")
    for r in rows:
        peak = "-" if r.peak_bytes is None else f"{r.peak_bytes / 2**20:,.0f}"
        print(
            f"{r.name:<36} {r.seconds:>9.3f} {r.ratio_to_floor:>8.2f} {peak:>9}"
            f" {n / r.seconds:>12,.0f}"
        )


def figures(rows: list[Measure], answers: np.ndarray) -> list[dict[str, object]]:
    n = answers.shape[0]
    out = []
    for r, key in zip(rows, ("floor nanmean", "score_matrix", "per-row Python loop"), strict=True):
        out.append(figure(f"scoring {n:,}: {key}", round(r.seconds, 3), "s"))
        if r.peak_bytes is not None:
            out.append(
                figure(f"scoring {n:,}: {key} peak memory", round(r.peak_bytes / 2**20), "MiB")
            )
    out.append(
        figure(f"scoring {n:,}: score_matrix ratio to floor", round(rows[1].ratio_to_floor, 2), "x")
    )
    return out


def write_json(rows: list[Measure], answers: np.ndarray) -> None:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    context = {
        "bench": "scoring",
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "respondents": answers.shape[0],
        "items": answers.shape[1],
        "numpy": np.__version__,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
    }
    with (OUT_DIR / "scoring.jsonl").open("a", encoding="utf-8") as handle:
        for r in rows:
            handle.write(json.dumps({**context, **asdict(r)}) + "\n")


if __name__ == "__main__":
    main()
