"""Benchmark: the APIM on 100,000 synthetic dyads, beside statsmodels' MixedLM.

Run: ``.venv/bin/python bench/bench_apim.py [--dyads N] [--repeat R] [--no-statsmodels]``.
Needs ``requirements-bench.txt`` (statsmodels) for the comparison; without it that row is
skipped. Prints a table and writes ``var/bench/apim.json``.

MixedLM with a random intercept per dyad is the same model as the indistinguishable APIM only
when the within-dyad correlation is positive (it is then the intraclass correlation), so the
comparison data have ρ = 0.4; the distinguishable model has no MixedLM counterpart.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import multiprocessing
import os
import platform
import resource
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from results import figure, record

from interdepend.core.apim import fit_apim
from interdepend.core.dyadic import Table

OUT = Path(__file__).resolve().parents[1] / "var" / "bench" / "apim.json"
TRUTH = {"intercept": 1.0, "actor": 0.5, "partner": 0.2, "rho": 0.4}


def simulate(n: int, seed: int = 2024) -> dict[str, np.ndarray]:
    """n dyads: role 0/1, predictor x, outcome y with a within-dyad correlation of 0.4."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 2))
    rho = TRUTH["rho"]
    e = rng.multivariate_normal([0.0, 0.0], [[1.0, rho], [rho, 1.0]], size=n)
    y = TRUTH["intercept"] + TRUTH["actor"] * x + TRUTH["partner"] * x[:, ::-1] + e
    return {
        "dyad": np.repeat(np.arange(n), 2),
        "role": np.tile([0.0, 1.0], n),
        "x": x.reshape(-1),
        "x_partner": x[:, ::-1].reshape(-1),
        "y": y.reshape(-1),
    }


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def measure(task: str, dyads: int, repeat: int) -> dict[str, Any]:
    """Run ``task`` in this (fresh) process: median wall time, and the growth of peak RSS.

    Peak memory is the maximum resident set size after the fit minus that before it (with
    the data already built), so it counts what the fit itself needed.
    """
    data = simulate(dyads)
    before = _peak_mib()
    times, estimates = [], {}
    for _ in range(repeat):
        start = time.perf_counter()
        estimates = TASKS[task](data)
        times.append(time.perf_counter() - start)
    return {"seconds": statistics.median(times), "peak_mib": _peak_mib() - before, **estimates}


def isolated(task: str, dyads: int, repeat: int) -> dict[str, Any]:
    """:func:`measure` in a fresh interpreter, so peak memory of one fit is not mixed up."""
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(measure, (task, dyads, repeat))


def ours(data: dict[str, np.ndarray], role: str | None) -> dict[str, float]:
    table = Table.from_columns({k: data[k] for k in ("dyad", "role", "x", "y")})
    result = fit_apim(table, dyad="dyad", outcome="y", actor="x", role=role)
    names = ("actor", "partner") if role is None else ("actor[role=0]", "partner[role=0]")
    return {
        "actor": result.effect(names[0]).estimate,
        "partner": result.effect(names[1]).estimate,
        "rho": result.rho,
    }


def mixedlm(data: dict[str, np.ndarray]) -> dict[str, float]:
    import statsmodels.api as sm

    exog = sm.add_constant(np.column_stack([data["x"], data["x_partner"]]))
    model = sm.MixedLM(data["y"], exog, groups=data["dyad"])
    with warnings.catch_warnings():  # convergence chatter, not errors
        warnings.simplefilter("ignore")
        fit = model.fit(reml=True)
    between = float(np.asarray(fit.cov_re)[0, 0])
    return {
        "actor": float(fit.fe_params[1]),
        "partner": float(fit.fe_params[2]),
        "rho": between / (between + float(fit.scale)),
    }


TASKS: dict[str, Callable[[dict[str, np.ndarray]], dict[str, float]]] = {
    "interdepend REML, indistinguishable": lambda data: ours(data, None),
    "interdepend REML, distinguishable + ML test": lambda data: ours(data, "role"),
    "statsmodels MixedLM REML, random intercept": lambda data: mixedlm(data),
}


def run(dyads: int, repeat: int, with_statsmodels: bool) -> list[dict[str, Any]]:
    names = list(TASKS)
    if not with_statsmodels:
        names.pop()
    elif importlib.util.find_spec("statsmodels") is None:
        print("statsmodels is not installed (pip install -r requirements-bench.txt): skipped")
        names.pop()
    rows = []
    for name in names:
        runs = 1 if name.startswith("statsmodels") else repeat
        rows.append({"fit": name, "runs": runs, **isolated(name, dyads, runs)})
    return rows


def report(rows: list[dict[str, Any]], dyads: int) -> None:
    print(f"APIM benchmark: {dyads:,} dyads ({2 * dyads:,} people); truth {TRUTH}")
    print(f"{'fit':<46} {'seconds':>8} {'peak MiB':>9} {'actor':>8} {'partner':>8} {'rho':>7}")
    for r in rows:
        print(
            f"{r['fit']:<46} {r['seconds']:>8.2f} {r['peak_mib']:>9.1f} "
            f"{r['actor']:>8.4f} {r['partner']:>8.4f} {r['rho']:>7.4f}"
        )


def figures(rows: list[dict[str, Any]], dyads: int) -> list[dict[str, Any]]:
    out = []
    for r in rows:
        out.append(figure(f"APIM {dyads:,} dyads: {r['fit']}", round(r["seconds"], 3), "s"))
        out.append(
            figure(f"APIM {dyads:,} dyads: {r['fit']} peak memory", round(r["peak_mib"], 1), "MiB")
        )
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dyads", type=int, default=int(os.environ.get("BENCH_DYADS") or 100_000))
    parser.add_argument("--repeat", type=int, default=3, help="runs of our fits (median taken)")
    parser.add_argument("--no-statsmodels", action="store_true")
    args = parser.parse_args()
    rows = run(args.dyads, args.repeat, not args.no_statsmodels)
    report(rows, args.dyads)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    meta = {
        "dyads": args.dyads,
        "python": sys.version.split()[0],
        "machine": platform.machine(),
        "cpus": multiprocessing.cpu_count(),
        "numpy": np.__version__,
    }
    OUT.write_text(json.dumps({**meta, "results": rows}, indent=2) + "\n")
    record("apim", figures(rows, args.dyads))
    print(f"written to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
