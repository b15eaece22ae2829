"""Moderated APIM and Kenny's k with its bootstrap interval; moderation live against nlme::gls."""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import numpy as np
import pytest

from interdepend.cli import main
from interdepend.core.apim import ApimError, fit_apim, k_ratio
from interdepend.core.dyadic import DyadicDataError, Table, load_csv
from tests.core.apim_r import agreement, run_r, simulate, with_missing, write_csv

TOLERANCE = 1e-6

R_FITS = r"""
for (method in c("REML", "ML")) {
  fit(paste0("ind_", method), y ~ x + x_P + m + x:m + x_P:m, method, FALSE)
  fit(paste0("dis_", method), y ~ r0 + r1 + r0:x + r1:x + r0:x_P + r1:x_P + r0:m + r1:m
      + r0:x:m + r1:x:m + r0:x_P:m + r1:x_P:m - 1, method, TRUE)
}
"""

MODERATION = (0.2, 0.25, -0.15)  # the moderator's main effect, actor × m, partner × m


@pytest.fixture(scope="module")
def moderated() -> Table:
    return Table.from_columns(simulate(200, seed=41, rho=0.35, moderation=MODERATION))


def test_moderation_terms_are_named_and_recovered() -> None:
    data = Table.from_columns(simulate(20_000, seed=9, rho=0.3, moderation=MODERATION))
    result = fit_apim(data, dyad="couple", outcome="y", actor="x", moderator="m")
    assert [e.name for e in result.fixed] == [
        "intercept",
        "actor",
        "partner",
        "m",
        "actor:m",
        "partner:m",
    ]
    for name, truth in zip(("m", "actor:m", "partner:m"), MODERATION, strict=True):
        effect = result.effect(name)
        assert abs(effect.estimate - truth) < 4 * effect.se, name
    assert result.moderator == "m"
    assert result.to_dict()["moderator"] == "m"


def test_moderation_by_role_has_one_term_per_role(moderated: Table) -> None:
    result = fit_apim(moderated, dyad="couple", outcome="y", actor="x", moderator="m", role="role")
    names = {e.name for e in result.fixed}
    assert {"actor:m[role=0]", "actor:m[role=1]", "partner:m[role=0]", "m[role=1]"} <= names
    assert len(result.fixed) == 12
    assert result.distinguishability is not None
    assert result.distinguishability.df == 7  # six more effects and one more variance


def test_moderator_must_differ_from_the_predictor(moderated: Table) -> None:
    with pytest.raises(DyadicDataError, match="must differ"):
        fit_apim(moderated, dyad="couple", outcome="y", actor="x", moderator="x")


@pytest.mark.skipif(shutil.which("Rscript") is None, reason="Rscript is not installed")
@pytest.mark.parametrize("incomplete", [False, True], ids=["complete", "with-missing"])
def test_matches_r_gls_for_both_dyad_types(
    moderated: Table, incomplete: bool, tmp_path: Path
) -> None:
    columns = {n: moderated.numeric(n) for n in moderated.names}
    if incomplete:
        columns = with_missing(columns, seed=12)
    data = Table.from_columns(columns)
    path = tmp_path / "moderated.csv"
    write_csv(columns, path)
    fits = {
        f"{kind}_{method.upper()}": fit_apim(
            data,
            dyad="couple",
            outcome="y",
            actor="x",
            moderator="m",
            role="role" if kind == "dis" else None,
            method=method,
        )
        for kind in ("ind", "dis")
        for method in ("reml", "ml")
    }
    own, held = agreement(fits, run_r(R_FITS, path, tmp_path, fits))
    print("\nlargest absolute differences from gls at its optimum:", own)
    print("largest absolute differences from gls at our theta:", held)
    assert own["nobs"] == 0
    for name, value in held.items():
        assert value < TOLERANCE, name
    for name in ("estimate", "se", "loglik", "rho", "sd"):
        assert own[name] < TOLERANCE, name


# --- Kenny's k ------------------------------------------------------------------------------


def test_k_point_estimate_is_partner_over_actor(moderated: Table) -> None:
    for role in (None, "role"):
        fit = fit_apim(moderated, dyad="couple", outcome="y", actor="x", role=role)
        boot = k_ratio(moderated, dyad="couple", outcome="y", actor="x", role=role, n_resamples=20)
        suffix = "" if role is None else "[role=1]"
        key = "all" if role is None else "1"
        expected = fit.effect("partner" + suffix).estimate / fit.effect("actor" + suffix).estimate
        assert boot.interval(key).estimate == pytest.approx(expected, rel=1e-9)
        assert fit.k[key] == pytest.approx(expected, rel=1e-12)
    assert [i.key for i in boot.intervals] == ["0", "1"]


def test_k_interval_is_deterministic_given_the_seed(moderated: Table) -> None:
    options = {"dyad": "couple", "outcome": "y", "actor": "x", "n_resamples": 50}
    first = k_ratio(moderated, seed=7, **options)  # type: ignore[arg-type]
    again = k_ratio(moderated, seed=7, **options)  # type: ignore[arg-type]
    other = k_ratio(moderated, seed=8, **options)  # type: ignore[arg-type]
    assert first == again
    assert first.interval("all").ci_low != other.interval("all").ci_low
    assert first.n_failed == 0
    assert first.to_dict()["k"]["all"]["ci_low"] == first.interval("all").ci_low


def test_k_interval_covers_the_truth_in_most_samples() -> None:
    # Truth: actor 0.5, partner 0.25, so k = 0.5. A 90% interval should miss rarely.
    covered = 0
    runs = 12
    for seed in range(runs):
        data = Table.from_columns(
            simulate(150, seed=300 + seed, rho=0.4, sds=(1.0, 1.0), effects=(1.0, 0.5, 0.25))
        )
        boot = k_ratio(
            data, dyad="couple", outcome="y", actor="x", n_resamples=200, seed=seed, confidence=0.9
        )
        interval = boot.interval("all")
        assert interval.ci_low < interval.estimate < interval.ci_high
        covered += interval.ci_low <= 0.5 <= interval.ci_high
    assert covered >= 9


def test_k_interval_works_with_incomplete_dyads() -> None:
    data = Table.from_columns(with_missing(simulate(120, seed=4), seed=4))
    boot = k_ratio(data, dyad="couple", outcome="y", actor="x", role="role", n_resamples=40, seed=1)
    assert boot.n_resamples == 40
    assert all(np.isfinite([i.ci_low, i.ci_high]).all() for i in boot.intervals)


def test_k_bootstrap_refuses_no_resamples(moderated: Table) -> None:
    with pytest.raises(ApimError, match="at least one resample"):
        k_ratio(moderated, dyad="couple", outcome="y", actor="x", n_resamples=0)


# --- the command line -----------------------------------------------------------------------


def test_cli_moderator_and_k_interval(
    moderated: Table, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "moderated.csv"
    write_csv({n: moderated.numeric(n) for n in moderated.names}, path)
    argv = ["apim", str(path), "--dyad", "couple", "--outcome", "y", "--actor", "x"]
    argv += ["--moderator", "m", "--role", "role", "--k-interval", "--bootstrap", "30"]
    assert main([*argv, "--seed", "5"]) == 0
    out = capsys.readouterr().out
    assert "moderated by m: dyads distinguishable by role" in out
    assert "actor:m[role=1]" in out
    assert "95% percentile bootstrap interval over dyads (30 of 30 resamples used, seed 5)" in out
    assert main([*argv, "--seed", "5", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    boot = k_ratio(
        load_csv(path),  # the draws follow the dyads' order, which is that of the file's ids
        dyad="couple",
        outcome="y",
        actor="x",
        moderator="m",
        role="role",
        n_resamples=30,
        seed=5,
    )
    assert data["k_interval"]["k"]["1"]["ci_low"] == boot.interval("1").ci_low
    assert data["fixed"]["partner:m[role=0]"]["se"] > 0


def test_cli_refuses_a_bootstrap_of_nothing(
    moderated: Table, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "moderated.csv"
    write_csv({n: moderated.numeric(n) for n in moderated.names}, path)
    argv = ["apim", str(path), "--dyad", "couple", "--outcome", "y", "--actor", "x"]
    assert main([*argv, "--k-interval", "--bootstrap", "0"]) == 2
    out, err = capsys.readouterr()
    assert "at least one resample" in err
    assert out == ""


@pytest.mark.parametrize("role", [None, "role"])
def test_a_resample_is_the_fit_to_the_drawn_dyads(moderated: Table, role: str | None) -> None:
    # Two draws, redone by hand: the dyads (in id order) drawn by the same generator, each row
    # copied as often as its dyad was drawn, and fitted from scratch; the interval is R's
    # quantile (type 7) of the two.
    boot = k_ratio(
        moderated, dyad="couple", outcome="y", actor="x", role=role, n_resamples=2, seed=3
    )
    n = 200
    generator = np.random.default_rng(3)
    couples = moderated.numeric("couple")
    by_hand: dict[str, list[float]] = {}
    for drawn in (generator.integers(n, size=n), generator.integers(n, size=n)):
        rows = np.concatenate([np.flatnonzero(couples == i + 1) for i in drawn])
        copy = Table.from_columns(
            {name: moderated.numeric(name)[rows] for name in moderated.names}
            | {"couple": np.repeat(np.arange(n), 2)}
        )
        fit = fit_apim(copy, dyad="couple", outcome="y", actor="x", role=role)
        for key, value in fit.k.items():
            by_hand.setdefault(key, []).append(value)
    for key, values in by_hand.items():
        interval = boot.interval(key)
        expected = np.quantile(values, [0.025, 0.975])
        assert [interval.ci_low, interval.ci_high] == pytest.approx(expected, rel=1e-5, abs=1e-6)
        assert interval.boot_se == pytest.approx(np.std(values, ddof=1), rel=1e-4, abs=1e-6)


@pytest.mark.parametrize("role", [None, "role"])
def test_one_resample_gives_no_interval(moderated: Table, role: str | None) -> None:
    """One resample has no spread: its "interval" was that one draw twice (0.7960 to 0.7960
    around k = 0.7192 on the Acitelli couples, not holding the estimate) beside a boot SE
    printed as "nan". As with the mediation's intervals, there is none."""
    boot = k_ratio(
        moderated, dyad="couple", outcome="y", actor="x", role=role, n_resamples=1, seed=3
    )
    for interval in boot.intervals:
        assert math.isnan(interval.ci_low) and math.isnan(interval.ci_high)
        assert math.isnan(interval.boot_se)
