"""Dyadic mediation (APIMeM): the two GLS fits against R's nlme::gls, live, and the bootstrap."""

from __future__ import annotations

import csv
import math
import shutil
import subprocess
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from interdepend.core.apim_mediation import (
    MediationError,
    MediationResult,
    fit_apim_mediation,
)
from interdepend.core.dyadic import (
    DyadicDataError,
    MissingColumnError,
    NonNumericValueError,
    Table,
    load_csv,
)

PRODUCTS = ("actor-actor", "partner-partner", "actor-partner", "partner-actor")


@pytest.fixture(scope="module")
def acitelli(acitelli_csv: str) -> Table:
    return load_csv(acitelli_csv)


def mediate(data: Table, **options: Any) -> MediationResult:
    return fit_apim_mediation(data, dyad="couple", x="x", m="m", y="y", **options)


def simulate(
    n: int, seed: int, effects: tuple[float, float, float, float] = (0.4, 0.2, 0.3, 0.25)
) -> Table:
    """Dyads (role 0/1) with X -> M -> Y: a actor/partner, b actor/partner as given."""
    rng = np.random.default_rng(seed)
    a_actor, a_partner, b_actor, b_partner = effects
    x = rng.normal(size=(n, 2))
    x[:, 1] += 0.3 * x[:, 0]
    e = rng.multivariate_normal([0, 0], [[1.0, -0.3], [-0.3, 1.5]], size=n)
    m = a_actor * x + a_partner * x[:, ::-1] + e
    f = rng.multivariate_normal([0, 0], [[1.0, 0.4], [0.4, 0.8]], size=n)
    y = b_actor * m + b_partner * m[:, ::-1] + 0.1 * x - 0.1 * x[:, ::-1] + f
    return Table.from_columns(
        {
            "couple": np.repeat(np.arange(n), 2),
            "role": np.tile([0.0, 1.0], n),
            "x": x.reshape(-1),
            "m": m.reshape(-1),
            "y": y.reshape(-1),
        }
    )


# --- live cross-check against R -------------------------------------------------------------

R_SCRIPT = r"""
suppressMessages(library(nlme))
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1])
d <- d[order(d$couple, d$role), ]
d$x_P <- ave(d$x, d$couple, FUN = rev)
d$m_P <- ave(d$m, d$couple, FUN = rev)
lv <- sort(unique(d$role))
d$r0 <- as.numeric(d$role == lv[1]); d$r1 <- as.numeric(d$role == lv[2]); d$rf <- factor(d$role)
ctl <- glsControl(tolerance = 1e-12, msTol = 1e-12, msMaxIter = 1000, maxIter = 1000,
                  opt = "optim")
show <- function(tag, m) {
  tt <- summary(m)$tTable
  for (i in seq_len(nrow(tt))) cat(tag, rownames(tt)[i], format(tt[i, 1], digits = 15),
                                   format(tt[i, 2], digits = 15), "\n")
}
cs <- corCompSymm(form = ~ 1 | couple)
vi <- varIdent(form = ~ 1 | rf)
show("ind_m", gls(m ~ x + x_P, data = d, correlation = cs, control = ctl))
show("ind_y", gls(y ~ m + m_P + x + x_P, data = d, correlation = cs, control = ctl))
show("dis_m", gls(m ~ r0 + r1 + r0:x + r1:x + r0:x_P + r1:x_P - 1, data = d,
                  correlation = cs, weights = vi, control = ctl))
show("dis_y", gls(y ~ r0 + r1 + r0:m + r1:m + r0:m_P + r1:m_P + r0:x + r1:x + r0:x_P + r1:x_P
                  - 1, data = d, correlation = cs, weights = vi, control = ctl))
"""

# R term -> our path name (indistinguishable); r0/r1 terms get [role=level] appended.
R_PATHS = {
    "ind_m": {"x": "a actor", "x_P": "a partner"},
    "ind_y": {"m": "b actor", "m_P": "b partner", "x": "c' actor", "x_P": "c' partner"},
}


def run_r(table: Table, tmp_path: Path) -> dict[str, tuple[float, float]]:
    """R's estimate and SE of every path, keyed by our path names."""
    path = tmp_path / "dyads.csv"
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(table.names)
        columns = [table.column(n) for n in table.names]
        writer.writerows(zip(*(map(str, c) for c in columns), strict=True))
    script = tmp_path / "mediation.R"
    script.write_text(R_SCRIPT)
    output = subprocess.run(
        ["Rscript", str(script), str(path)], capture_output=True, text=True, check=True, timeout=120
    ).stdout
    levels = sorted({str(v) for v in table.labels("role")}, key=float)
    paths: dict[str, tuple[float, float]] = {}
    for line in output.splitlines():
        tag, term, estimate, se = line.split()
        model = "ind_m" if tag.endswith("_m") else "ind_y"
        if tag.startswith("ind"):
            name = R_PATHS[model].get(term)
        elif ":" in term:
            name = f"{R_PATHS[model][term[3:]]}[role={levels[int(term[1])]}]"
        else:
            name = None
        if name is not None:
            paths[f"{tag[:3]} {name}"] = (float(estimate), float(se))
    return paths


def check_against_r(result: MediationResult, r: dict[str, tuple[float, float]], tag: str) -> int:
    """Paths to 1e-6; the products (and their Sobel SEs) from R's paths to 1e-6."""
    checked = 0
    for key, (estimate, se) in r.items():
        if not key.startswith(tag):
            continue
        path = result.path(key[4:])
        assert path.estimate == pytest.approx(estimate, abs=1e-6), key
        assert path.se == pytest.approx(se, abs=1e-6), key
        checked += 1
    for level in result.roles or (None,):
        other = None if level is None else next(v for v in result.roles if v != level)

        def p(name: str, who: str | None) -> tuple[float, float]:
            return r[f"{tag} {name}" + ("" if who is None else f"[role={who}]")]

        routes = {
            "actor-actor": (p("a actor", level), p("b actor", level)),
            "partner-partner": (p("a partner", other), p("b partner", level)),
            "actor-partner": (p("a actor", level), p("b partner", other)),
            "partner-actor": (p("a partner", other), p("b actor", other)),
        }
        for name, ((a, sa), (b, sb)) in routes.items():
            effect = result.effect(name if level is None else f"{name} [role={level}]")
            assert effect.estimate == pytest.approx(a * b, abs=1e-6), name
            assert effect.sobel_se == pytest.approx(math.hypot(a * sb, b * sa), abs=1e-6), name
            checked += 1
    return checked


needs_r = pytest.mark.skipif(shutil.which("Rscript") is None, reason="Rscript is not installed")


@needs_r
def test_paths_and_indirect_effects_match_r_gls_live(tmp_path: Path) -> None:
    data = simulate(80, seed=5)
    r = run_r(data, tmp_path)
    assert len(r) == 2 + 4 + 4 + 8
    assert check_against_r(mediate(data, bootstrap=0), r, "ind") == 6 + 4
    assert check_against_r(mediate(data, bootstrap=0, role="role"), r, "dis") == 12 + 8


@needs_r
def test_acitelli_mediation_matches_r_gls_live(acitelli: Table, tmp_path: Path) -> None:
    columns = {
        "couple": acitelli.column("cuplid"),
        "role": acitelli.column("gender"),
        "x": acitelli.column("self_pos"),
        "m": acitelli.column("other_pos"),
        "y": acitelli.column("satisfaction"),
    }
    data = Table.from_columns(columns)
    r = run_r(data, tmp_path)
    assert check_against_r(mediate(data, bootstrap=0), r, "ind") == 10
    assert check_against_r(mediate(data, bootstrap=0, role="role"), r, "dis") == 20


# --- the model ------------------------------------------------------------------------------


def test_indirect_effects_are_products_of_the_paths_and_add_up() -> None:
    result = mediate(simulate(200, seed=1), bootstrap=0)
    path = {p.name: p.estimate for p in result.paths}
    assert result.effect("actor-actor").estimate == pytest.approx(path["a actor"] * path["b actor"])
    assert result.effect("partner-actor").estimate == pytest.approx(
        path["a partner"] * path["b actor"]
    )
    indirect = result.effect("indirect actor (total)").estimate
    assert indirect == pytest.approx(
        result.effect("actor-actor").estimate + result.effect("partner-partner").estimate
    )
    assert result.effect("total actor").estimate == pytest.approx(path["c' actor"] + indirect)
    assert result.n_bootstrap == 0 and math.isnan(result.effect("actor-actor").ci_low)


def test_recovers_known_paths_in_a_large_sample() -> None:
    result = mediate(simulate(5000, seed=2), bootstrap=0, role="role")
    for level in ("0", "1"):
        assert result.path(f"a actor[role={level}]").estimate == pytest.approx(0.4, abs=0.06)
        assert result.path(f"b partner[role={level}]").estimate == pytest.approx(0.25, abs=0.06)
    assert result.effect("actor-partner [role=0]").estimate == pytest.approx(0.1, abs=0.03)


def test_bootstrap_is_deterministic_with_a_seed_and_varies_without(acitelli: Table) -> None:
    def run(seed: int) -> MediationResult:
        return fit_apim_mediation(
            acitelli,
            dyad="cuplid",
            x="self_pos",
            m="other_pos",
            y="satisfaction",
            bootstrap=40,
            seed=seed,
        )

    first, again, other = run(11), run(11), run(12)
    assert first.effects == again.effects
    assert first.effect("actor-actor").ci_low != other.effect("actor-actor").ci_low
    effect = first.effect("actor-actor")
    assert effect.ci_low < effect.estimate < effect.ci_high
    assert first.n_failed == 0
    # The bootstrap SE of a product is of the order of its Sobel SE.
    assert 0.5 < effect.se / effect.sobel_se < 2.0


def test_failed_resamples_are_counted_and_left_out() -> None:
    # Only dyad 0 has a non-zero X: resamples without it cannot be fitted.
    data = simulate(12, seed=3)
    x = np.zeros(24)
    x[0] = 1.0
    columns = {name: data.column(name) for name in data.names} | {"x": x}
    result = mediate(Table.from_columns(columns), bootstrap=60, seed=1)
    assert 5 < result.n_failed < 60
    assert result.to_dict()["bootstrap"]["failed"] == result.n_failed


def test_many_failed_resamples_mark_the_intervals_unreliable() -> None:
    """Over 10 % of resamples failing flags the intervals (text and JSON); none failing does not."""
    data = simulate(12, seed=3)
    x = np.zeros(24)
    x[0] = 1.0
    columns = {name: data.column(name) for name in data.names} | {"x": x}
    bad = mediate(Table.from_columns(columns), bootstrap=60, seed=1)
    assert bad.n_failed > 6 and bad.unreliable
    assert bad.to_dict()["bootstrap"]["unreliable"] is True
    assert bad.to_dict()["bootstrap"]["failed_share"] == pytest.approx(bad.n_failed / 60)
    from interdepend.cli.dyadic_more import _bootstrap_line

    assert "may not be reliable" in _bootstrap_line(bad)
    good = mediate(simulate(80, seed=5), bootstrap=20, seed=1)
    assert "may not be reliable" not in _bootstrap_line(good)
    assert good.n_failed == 0 and not good.unreliable
    assert good.to_dict()["bootstrap"]["unreliable"] is False


@pytest.mark.slow
def test_percentile_intervals_cover_the_true_indirect_effect() -> None:
    # 30 data sets of 120 dyads, 99 resamples each (kept small for the slow lane's time):
    # about 95 % should cover 0.4 · 0.3.
    covered = 0
    for seed in range(30):
        result = mediate(simulate(120, seed=100 + seed), bootstrap=99, seed=seed)
        effect = result.effect("actor-actor")
        covered += effect.ci_low <= 0.12 <= effect.ci_high
    assert covered >= 24  # 80 %: a broken interval (e.g. too narrow by half) falls far below


# --- bad input ------------------------------------------------------------------------------


def test_missing_column_is_named() -> None:
    with pytest.raises(MissingColumnError, match="'w' is not in the data"):
        fit_apim_mediation(simulate(20, seed=1), dyad="couple", x="x", m="w", y="y")


def test_non_numeric_value_is_located() -> None:
    data = simulate(20, seed=1)
    columns = {name: data.column(name).astype(str) for name in data.names}
    columns["m"][5] = "often"
    with pytest.raises(NonNumericValueError, match="'m', row 6: 'often' is not a number"):
        mediate(Table.from_columns(columns))


def test_too_few_dyads_are_refused() -> None:
    with pytest.raises(MediationError, match="at least 10 dyads.*have 6"):
        mediate(simulate(6, seed=1))


def test_repeated_columns_and_negative_bootstrap_are_refused() -> None:
    with pytest.raises(DyadicDataError, match="must all differ"):
        fit_apim_mediation(simulate(20, seed=1), dyad="couple", x="x", m="x", y="y")
    with pytest.raises(MediationError, match="negative"):
        mediate(simulate(20, seed=1), bootstrap=-1)
