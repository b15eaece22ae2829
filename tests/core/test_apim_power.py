"""APIM power by simulation: calibration at a zero effect, monotone in n, the search, the time."""

from __future__ import annotations

import math
import time
from dataclasses import replace

import pytest
from scipy import stats

from interdepend.core.apim_power import (
    MAX_REPLICATIONS,
    PowerDesign,
    PowerError,
    analytic_power,
    dyads_for_power,
    simulate_power,
)


def mc_se(p: float, replications: int) -> float:
    return math.sqrt(p * (1 - p) / replications)


def test_zero_partner_effect_is_found_at_the_rate_alpha() -> None:
    design = PowerDesign(30, actor=0.3, partner=0.0, rho_x=0.3, rho_e=0.4)
    result = simulate_power(design, replications=400, seed=8)
    partner = result.power("partner")
    assert abs(partner.power - 0.05) <= 3 * mc_se(0.05, 400)
    assert partner.mc_se == pytest.approx(mc_se(partner.power, 400))
    assert partner.analytic == pytest.approx(0.05, abs=1e-9)
    assert result.failed == 0


def test_power_rises_with_the_number_of_dyads_and_follows_the_analytic_curve() -> None:
    small = simulate_power(PowerDesign(25, 0.25, 0.15, 0.2, 0.3), replications=200, seed=1)
    large = simulate_power(PowerDesign(90, 0.25, 0.15, 0.2, 0.3), replications=200, seed=1)
    for effect in ("actor", "partner"):
        assert large.power(effect).power > small.power(effect).power + 0.1
        for result in (small, large):
            item = result.power(effect)
            spread = 3 * mc_se(item.analytic, 200) + 0.02  # + a little for small-sample bias
            assert abs(item.power - item.analytic) <= spread, (effect, result.design.n_dyads)


def test_analytic_power_matches_the_closed_form_for_independent_partners() -> None:
    # rho_x = rho_e = 0: the actor estimate has variance σ² / (2n), df = 2n − 3.
    design = PowerDesign(40, actor=0.3, partner=0.1)
    sigma2 = 1 - 0.3**2 - 0.1**2
    ncp = 0.3 / math.sqrt(sigma2 / 80)
    critical = stats.t.ppf(0.975, 77)
    expected = stats.nct.sf(critical, 77, ncp) + stats.nct.cdf(-critical, 77, ncp)
    assert analytic_power(design)["actor"] == pytest.approx(expected, rel=1e-9)


def test_distinguishable_designs_report_each_role() -> None:
    design = PowerDesign(40, 0.3, 0.2, 0.2, 0.3, distinguishable=True)
    result = simulate_power(design, replications=20, seed=2)
    assert [e.effect for e in result.effects] == [
        "actor[role=1]",
        "actor[role=2]",
        "partner[role=1]",
        "partner[role=2]",
    ]
    plain = analytic_power(replace(design, distinguishable=False))
    assert analytic_power(design)["actor[role=1]"] < plain["actor"]  # more parameters to fit


def test_seeded_runs_repeat_and_differ_between_seeds() -> None:
    design = PowerDesign(30, 0.2, 0.2, 0.1, 0.2)
    first = simulate_power(design, replications=60, seed=4)
    assert first == simulate_power(design, replications=60, seed=4)
    assert first.effects != simulate_power(design, replications=60, seed=5).effects


def test_search_finds_the_smallest_dyads_reaching_the_target() -> None:
    design = PowerDesign(10, actor=0.5, partner=0.35, rho_x=0.2, rho_e=0.3)
    search = dyads_for_power(design, target=0.8, replications=60, seed=3)
    for kind in ("actor", "partner"):
        n = search.dyads[kind]
        analytic = search.analytic[kind]
        assert n is not None and analytic is not None
        assert abs(n - analytic) <= max(3, 0.25 * analytic)
        assert search.evaluated[n].lowest(kind) >= 0.8
    actor, partner = search.analytic["actor"], search.analytic["partner"]
    assert actor is not None and partner is not None
    assert actor < partner  # the larger effect needs fewer dyads


def test_search_reports_a_zero_effect_as_never_reached() -> None:
    search = dyads_for_power(PowerDesign(10, 0.4, 0.0), target=0.8, replications=30, seed=1)
    assert search.dyads["partner"] is None and search.analytic["partner"] is None
    assert search.dyads["actor"] is not None


def test_a_typical_design_runs_in_bounded_time() -> None:
    # Processor time, not wall time: the shared test machine may be busy with other work.
    start = time.process_time()
    result = simulate_power(PowerDesign(100, 0.3, 0.15, 0.3, 0.4), replications=200, seed=1)
    elapsed = time.process_time() - start
    assert result.replications == 200
    assert elapsed < 6.0  # about 10 ms a fit: 1000 replications take about 10 s


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"n_dyads": 2}, "between 5 and"),
        ({"rho_x": 1.0}, "rho_x must lie strictly"),
        ({"alpha": 0.0}, "alpha"),
        ({"actor": 0.9, "partner": 0.5}, "explain all"),
        ({"actor": float("nan")}, "not nan or inf"),
        ({"partner": float("inf")}, "not nan or inf"),
        ({"actor": 1e308}, "explain all"),  # overflows to nan on the way
    ],
)
def test_impossible_designs_are_refused(options: dict[str, float], message: str) -> None:
    values: dict[str, float] = {"n_dyads": 50, "actor": 0.3, "partner": 0.1} | options
    with pytest.raises(PowerError, match=message):
        PowerDesign(
            int(values.pop("n_dyads")),
            values.pop("actor"),
            values.pop("partner"),
            **values,  # type: ignore[arg-type]
        )


def test_bad_replications_and_target_are_refused() -> None:
    design = PowerDesign(20, 0.3, 0.1)
    with pytest.raises(PowerError, match="between 1 and"):
        simulate_power(design, replications=0)
    with pytest.raises(PowerError, match="target"):
        dyads_for_power(design, target=1.0)


@pytest.mark.parametrize("replications", [0, -3, MAX_REPLICATIONS + 1, 100_000_000])
def test_a_number_of_replications_out_of_range_is_refused_before_any_work(
    replications: int,
) -> None:
    """100 million replications ran for minutes with nothing said (the forms audit)."""
    design = PowerDesign(40, 0.3, 0.2)
    with pytest.raises(PowerError, match=r"between 1 and 100000, not"):
        simulate_power(design, replications=replications, seed=1)
    with pytest.raises(PowerError, match=r"between 1 and 100000, not"):
        dyads_for_power(design, target=0.8, replications=replications, seed=1)
