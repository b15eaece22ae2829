"""Benchmark: ``interdepend apim`` against R's ``nlme::gls``, whole process, on the same CSV files.

Run: ``.venv/bin/python bench/bench_apim_r.py [--dyads 10000 100000] [--repeat R]
[--r-repeat R]``. Each size is one CSV file (dyad, role, x, y; simulated as in
``bench_apim.py``), read by both sides. Ours is the command as a researcher runs it: a fresh
Python process, start-up and CSV reading included. R's is a fresh ``Rscript`` that reads the same
file with ``read.csv``, adds the partner's predictor (vectorised) and fits the same model with
``gls``: compound symmetry within the dyad, and for distinguishable dyads a variance per role
(``varIdent``). Our distinguishable run also fits the two ML models of its distinguishability
test, which R's is not asked to do. The best of the runs counts (the machine is shared).

Prints a table of seconds and ratios and the largest difference between the two sides'
estimates; writes ``var/bench/apim_r.json``. Skipped (exit 0) without ``Rscript`` and ``nlme``.
Knobs: ``BENCH_R_DYADS`` (comma-separated sizes), ``BENCH_R_REPEAT``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
from bench_apim import simulate
from results import figure, record

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "var" / "bench" / "apim_r.json"
MODELS = ("indistinguishable", "distinguishable")

R_SCRIPT = r"""
args <- commandArgs(TRUE)
suppressPackageStartupMessages(library(nlme))
d <- read.csv(args[1])
d <- d[order(d$dyad), ]
n <- nrow(d); i <- seq(1, n, 2)
xp <- numeric(n); xp[i] <- d$x[i + 1]; xp[i + 1] <- d$x[i]
d$xp <- xp
cs <- corCompSymm(form = ~ 1 | dyad)
if (args[2] == "indistinguishable") {
  fit <- gls(y ~ x + xp, data = d, correlation = cs, method = "REML")
  est <- coef(fit)[c("x", "xp")]
} else {
  d$r <- factor(d$role)
  fit <- gls(y ~ 0 + r + r:x + r:xp, data = d, correlation = cs,
             weights = varIdent(form = ~ 1 | r), method = "REML")
  est <- coef(fit)[c("r0:x", "r0:xp")]
}
cat(sprintf("%.10f", est), sep = "\n")
"""

OURS = "import sys\nfrom interdepend.cli import main\nsys.exit(main())"


def write_csv(dyads: int, folder: Path) -> Path:
    """The simulated dyads as the CSV a researcher would have: ids as integers, 6 decimals."""
    data = simulate(dyads)
    path = folder / f"dyads_{dyads}.csv"
    columns = np.column_stack([data["dyad"], data["role"], data["x"], data["y"]])
    np.savetxt(
        path,
        columns,
        fmt=["%d", "%d", "%.6f", "%.6f"],
        delimiter=",",
        comments="",
        header="dyad,role,x,y",
    )
    return path


def _cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def _best(
    command: list[str], runs: int, env: dict[str, str] | None = None
) -> tuple[float, float, str]:
    """The best wall-clock seconds and CPU seconds (user + system) of ``runs`` runs, and output.

    CPU time counts only this process's own work, so it is the steadier figure on a shared
    machine; wall-clock time is what a researcher waits.
    """
    walls, cpus, out = [], [], ""
    for _ in range(runs):
        start, cpu = time.perf_counter(), _cpu()
        done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
        walls.append(time.perf_counter() - start)
        cpus.append(_cpu() - cpu)
        if done.returncode != 0:
            raise RuntimeError(f"{command[0]} failed: {done.stderr.strip()[-500:]}")
        out = done.stdout
    return min(walls), min(cpus), out


def ours(path: Path, model: str, runs: int) -> tuple[float, float, list[float]]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # compiled once, as an installed package is
    command = [sys.executable, "-c", OURS, "apim", str(path), "--dyad", "dyad"]
    command += ["--outcome", "y", "--actor", "x", "--json"]
    if model == "distinguishable":
        command += ["--role", "role"]
    wall, cpu, out = _best(command, runs, env)
    fixed = json.loads(out)["fixed"]
    names = (
        ("actor", "partner")
        if model == "indistinguishable"
        else ("actor[role=0]", "partner[role=0]")
    )
    return wall, cpu, [fixed[name]["estimate"] for name in names]


def r_gls(script: Path, path: Path, model: str, runs: int) -> tuple[float, float, list[float]]:
    wall, cpu, out = _best(["Rscript", "--vanilla", str(script), str(path), model], runs)
    return wall, cpu, [float(line) for line in out.split()]


def r_ready() -> str | None:
    """Why R cannot run the comparison, or None when it can."""
    if shutil.which("Rscript") is None:
        return "Rscript is not installed (Debian: r-base-core r-cran-nlme)"
    check = subprocess.run(["Rscript", "-e", "library(nlme)"], capture_output=True, check=False)
    return None if check.returncode == 0 else "R's nlme package is not installed (r-cran-nlme)"


def run(sizes: list[int], repeat: int, r_repeat: int) -> list[dict[str, Any]]:
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-apim-r-") as folder:
        script = Path(folder) / "gls.R"
        script.write_text(R_SCRIPT)
        for dyads in sizes:
            path = write_csv(dyads, Path(folder))
            for model in MODELS:
                our_s, our_cpu, our_est = ours(path, model, repeat)
                runs = r_repeat if dyads > 20_000 else repeat
                r_s, r_cpu, r_est = r_gls(script, path, model, runs)
                rows.append(
                    {
                        "dyads": dyads,
                        "model": model,
                        "ours_s": our_s,
                        "r_s": r_s,
                        "ratio": r_s / our_s,
                        "ours_cpu_s": our_cpu,
                        "r_cpu_s": r_cpu,
                        "cpu_ratio": r_cpu / our_cpu,
                        "max_abs_diff": max(
                            abs(a - b) for a, b in zip(our_est, r_est, strict=True)
                        ),
                        "mib": path.stat().st_size / 2**20,
                    }
                )
                print(_line(rows[-1]), flush=True)
    return rows


def _line(r: dict[str, Any]) -> str:
    return (
        f"{r['dyads']:>9,} {r['model']:<18} {r['mib']:>5.1f} {r['ours_s']:>6.2f} "
        f"{r['r_s']:>6.2f} {r['ratio']:>6.1f}x {r['ours_cpu_s']:>6.2f} {r['r_cpu_s']:>6.2f} "
        f"{r['cpu_ratio']:>6.1f}x {r['max_abs_diff']:>10.1e}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sizes = os.environ.get("BENCH_R_DYADS") or "10000,100000"
    parser.add_argument("--dyads", type=int, nargs="+", default=[int(s) for s in sizes.split(",")])
    parser.add_argument(
        "--repeat",
        type=int,
        default=int(os.environ.get("BENCH_R_REPEAT") or 3),
        help="runs of each command, best taken (default 3)",
    )
    parser.add_argument(
        "--r-repeat",
        type=int,
        default=1,
        help="runs of R above 20,000 dyads, where one takes ~20 s (default 1)",
    )
    args = parser.parse_args()
    why = r_ready()
    if why:
        print(f"skipped: {why}")
        return 0
    load_before = os.getloadavg()[0]
    print("interdepend apim against Rscript + nlme::gls, whole process, same CSV (seconds)")
    print(f"{'':<34}{'wall clock':^22} {'CPU (user + system)':^22}")
    print(
        f"{'dyads':>9} {'model':<18} {'MiB':>5} {'ours':>6} {'R':>6} {'R/ours':>7} "
        f"{'ours':>6} {'R':>6} {'R/ours':>7} {'max |diff|':>10}"
    )
    rows = run(args.dyads, args.repeat, args.r_repeat)
    load = {"before": load_before, "after": os.getloadavg()[0]}
    print(f"1-minute load average: {load['before']:.1f} before, {load['after']:.1f} after")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    meta = {
        "python": sys.version.split()[0],
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "load_average": load,
    }
    OUT.write_text(json.dumps({**meta, "results": rows}, indent=2) + "\n")
    record(
        "apim_r",
        [
            figure(f"APIM vs R, {r['dyads']:,} dyads, {r['model']}: {side}", round(r[key], 3), unit)
            for r in rows
            for side, key, unit in (
                ("ours", "ours_s", "s"),
                ("R gls", "r_s", "s"),
                ("R / ours", "ratio", "x"),
                ("ours CPU", "ours_cpu_s", "s"),
                ("R gls CPU", "r_cpu_s", "s"),
                ("R / ours CPU", "cpu_ratio", "x"),
            )
        ],
    )
    print(f"written to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
