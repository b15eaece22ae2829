"""Simulated daily diaries of couples for the dyadic multilevel model (``interdepend diary``).

Run: ``PYTHONPATH=src .venv/bin/python bench/simulate_diary.py OUT.csv [--dyads 100] [--days 21]
[--missing 0.1] [--missing-outcome 0] [--seed 1] [--replications 1]`` writes one row per person
per day (columns dyad, person, role, day, x, y) and prints the true values beside the fit
(beside the mean and SD of the estimates over the replications).

The truth, for partner ``a`` and partner ``b`` of every couple:

* ``x`` is the person's own mean (SD 1) plus daily noise (SD 1);
* ``y = intercept[role] + actor[role]·x + partner[role]·x of the partner the same day
  + u[person] + e[person, day]``;
* the two partners' random intercepts ``u`` have SDs 0.8 and 0.6 and correlate 0.4;
* ``e`` follows an AR(1) series over days within each person (phi 0.3) with SD 1.0 for ``a``
  and 1.3 for ``b``;
* with ``--missing``, each person-day is left out with that probability (a gap in the diary);
  with ``--missing-outcome``, only the outcome is (the predictor was still reported).
"""

from __future__ import annotations

import argparse
import csv
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from interdepend.core.dyadic import Table


@dataclass(frozen=True)
class DiaryTruth:
    """The generating values: per role ``(a, b)``."""

    intercept: tuple[float, float] = (2.0, 2.5)
    actor: tuple[float, float] = (0.5, 0.3)
    partner: tuple[float, float] = (0.2, 0.1)
    intercept_sd: tuple[float, float] = (0.8, 0.6)
    intercept_corr: float = 0.4
    residual_sd: tuple[float, float] = (1.0, 1.3)
    phi: float = 0.3


ROLES = ("a", "b")


def simulate_diary(
    n_dyads: int = 100,
    n_days: int = 21,
    *,
    missing: float = 0.0,
    missing_outcome: float = 0.0,
    seed: int = 1,
    truth: DiaryTruth | None = None,
) -> Table:
    """A table with one row per person per day: dyad, person, role, day, x, y."""
    truth = truth or DiaryTruth()
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n_dyads, 2, 1)) + rng.normal(size=(n_dyads, 2, n_days))
    sd_u, r_u = np.array(truth.intercept_sd), truth.intercept_corr
    cov_u = np.outer(sd_u, sd_u) * np.array([[1.0, r_u], [r_u, 1.0]])
    u = rng.multivariate_normal(np.zeros(2), cov_u, size=n_dyads)
    e = _ar1(rng, n_dyads, n_days, truth.phi) * np.array(truth.residual_sd)[None, :, None]
    role = np.arange(2)[None, :, None]
    y = (
        np.array(truth.intercept)[role]
        + np.array(truth.actor)[role] * x
        + np.array(truth.partner)[role] * x[:, ::-1, :]
        + u[:, :, None]
        + e
    )
    keep = rng.random(size=y.shape) >= missing
    y = np.where(rng.random(size=y.shape) < missing_outcome, np.nan, y)
    dyad = np.broadcast_to(np.arange(1, n_dyads + 1)[:, None, None], y.shape)
    member = np.broadcast_to(role, y.shape)
    day = np.broadcast_to(np.arange(1, n_days + 1)[None, None, :], y.shape)
    return Table.from_columns(
        {
            "dyad": dyad[keep],
            "person": (2 * dyad + member)[keep] - 1,
            "role": np.array(ROLES)[member[keep]],
            "day": day[keep],
            "x": x[keep],
            "y": y[keep],
        }
    )


def _ar1(rng: np.random.Generator, n: int, days: int, phi: float) -> NDArray[np.float64]:
    """Unit-variance AR(1) series, shape (n, 2, days)."""
    shocks = rng.normal(size=(n, 2, days)) * np.sqrt(1 - phi * phi)
    series: NDArray[np.float64] = np.empty_like(shocks)
    series[..., 0] = rng.normal(size=(n, 2))
    for t in range(1, days):
        series[..., t] = phi * series[..., t - 1] + shocks[..., t]
    return series


def write_diary(table: Table, path: Path) -> None:
    """CSV with full float precision (R reads the same numbers)."""
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(table.names)
        columns = [table.column(n) for n in table.names]
        for row in zip(*columns, strict=True):
            writer.writerow([_cell(v) for v in row])


def _cell(value: object) -> object:
    """Floats in full precision; a missing value as NA (which R reads as missing too)."""
    if isinstance(value, float):
        return "NA" if np.isnan(value) else repr(float(value))
    return value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--dyads", type=int, default=100)
    parser.add_argument("--days", type=int, default=21)
    parser.add_argument("--missing", type=float, default=0.0)
    parser.add_argument("--missing-outcome", type=float, default=0.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--replications", type=int, default=1, help="fit this many diaries (seeds from --seed)"
    )
    args = parser.parse_args()
    rows, times = [], []
    for replication in range(args.replications):
        table = simulate_diary(
            args.dyads,
            args.days,
            missing=args.missing,
            missing_outcome=args.missing_outcome,
            seed=args.seed + replication,
        )
        if replication == 0:
            write_diary(table, args.out)
        start = time.perf_counter()
        rows.append(_estimates(table))
        times.append(time.perf_counter() - start)
    print(
        f"wrote the first diary to {args.out}; {args.replications} fit(s), median "
        f"{statistics.median(times):.3f} s"
    )
    truth = _truth_row(DiaryTruth())
    values = np.array([list(row.values()) for row in rows])
    print(f"{'quantity':<22} {'truth':>7} {'mean':>7} {'SD':>7}")
    for i, name in enumerate(rows[0]):
        sd = values[:, i].std(ddof=1) if len(rows) > 1 else float("nan")
        print(f"{name:<22} {truth[name]:>7.3f} {values[:, i].mean():>7.3f} {sd:>7.3f}")


def _estimates(table: Table) -> dict[str, float]:
    from interdepend.core.diary import fit_diary

    result = fit_diary(
        table, dyad="dyad", person="person", day="day", outcome="y", actor="x", role="role"
    )
    row = {effect.name: effect.estimate for effect in result.fixed}
    variance = result.variance
    for role in ROLES:
        row[f"intercept SD[{role}]"] = variance.intercept_sd[role]
        row[f"residual SD[{role}]"] = variance.residual_sd[role]
    row["intercept corr"] = variance.intercept_corr
    row["phi"] = variance.phi
    return row


def _truth_row(truth: DiaryTruth) -> dict[str, float]:
    row = {}
    for kind in ("intercept", "actor", "partner"):
        for i, role in enumerate(ROLES):
            row[f"{kind}[role={role}]"] = getattr(truth, kind)[i]
    for i, role in enumerate(ROLES):
        row[f"intercept SD[{role}]"] = truth.intercept_sd[i]
        row[f"residual SD[{role}]"] = truth.residual_sd[i]
    row["intercept corr"] = truth.intercept_corr
    row["phi"] = truth.phi
    return row


if __name__ == "__main__":
    main()
