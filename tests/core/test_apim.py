"""The APIM against R's nlme::gls, on the Acitelli couples and on simulated dyads."""

from __future__ import annotations

import csv
import math
import shutil
import subprocess
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from interdepend.core.apim import (
    ApimError,
    ApimResult,
    CollinearPredictorsError,
    NothingLeftOverError,
    TooFewDyadsError,
    UnknownEffectError,
    distinguishability_test,
    fit_apim,
    k_ratio,
)
from interdepend.core.dyadic import (
    DyadicDataError,
    DyadSizeError,
    MissingColumnError,
    MissingValueError,
    NonNumericValueError,
    RoleSplitError,
    Table,
    load_csv,
)


@pytest.fixture(scope="module")
def acitelli(acitelli_csv: str) -> Table:
    return load_csv(acitelli_csv)


def apim(data: Table, **options: Any) -> ApimResult:
    return fit_apim(data, dyad="cuplid", outcome="satisfaction", actor="other_pos", **options)


# --- the published reference (SCIENCE.md) -----------------------------------------------------


def test_indistinguishable_reml_reproduces_the_published_acitelli_result(acitelli: Table) -> None:
    result = apim(acitelli)
    assert result.effect("intercept").estimate == pytest.approx(0.6697541, abs=1e-6)
    assert result.effect("actor").estimate == pytest.approx(0.4004231, abs=1e-6)
    assert result.effect("actor").se == pytest.approx(0.0473141, abs=1e-6)
    assert result.effect("partner").estimate == pytest.approx(0.2879705, abs=1e-6)
    assert result.rho == pytest.approx(0.4693414, abs=1e-6)
    assert result.loglik == pytest.approx(-148.3591, abs=1e-4)


def test_indistinguishable_reml_matches_nlme_to_full_precision(acitelli: Table) -> None:
    # nlme 3.1.162, printed with digits = 12.
    result = apim(acitelli)
    assert result.loglik == pytest.approx(-148.35913147, abs=1e-7)
    assert result.aic == pytest.approx(306.71826294, abs=1e-6)
    assert result.n_params == 5
    assert result.residual_sd["all"] == pytest.approx(0.417365922763, abs=1e-7)
    assert result.effect("intercept").se == pytest.approx(0.3224381435394, abs=1e-7)
    assert result.effect("partner").se == pytest.approx(0.0473141437867, abs=1e-8)
    actor = result.effect("actor")
    assert actor.statistic == pytest.approx(8.463075, abs=1e-5)
    assert actor.df == 293
    assert result.effect("intercept").p_value == pytest.approx(0.0387, abs=5e-5)
    assert result.k["all"] == pytest.approx(0.2879705 / 0.4004231, abs=1e-6)


def test_indistinguishable_ml_matches_nlme(acitelli: Table) -> None:
    result = apim(acitelli, method="ml")
    assert result.loglik == pytest.approx(-141.442045412, abs=1e-7)
    assert result.aic == pytest.approx(292.884090824, abs=1e-6)
    assert result.rho == pytest.approx(0.466675936263, abs=1e-6)
    assert result.residual_sd["all"] == pytest.approx(0.414912792961, abs=1e-7)
    assert result.effect("actor").se == pytest.approx(0.0472925947759, abs=1e-8)


# R: gls(satisfaction ~ wife + husband + wife:other_pos_A + husband:other_pos_A
#        + wife:other_pos_P + husband:other_pos_P - 1, correlation = corCompSymm(form = ~1|cuplid),
#        weights = varIdent(form = ~1|gender), method = "REML"), nlme 3.1.162.
R_DISTINGUISHABLE = {
    "intercept[gender=-1]": (0.611248457565, 0.4128194891909),
    "intercept[gender=1]": (0.690458880215, 0.3429034228002),
    "actor[gender=-1]": (0.377699959134, 0.0739221563972),
    "actor[gender=1]": (0.424386632864, 0.0677156857489),
    "partner[gender=-1]": (0.321478178597, 0.0815225306670),
    "partner[gender=1]": (0.261649769481, 0.0614025284975),
}


def test_distinguishable_reml_matches_nlme(acitelli: Table) -> None:
    result = apim(acitelli, role="gender")
    for name, (estimate, se) in R_DISTINGUISHABLE.items():
        assert result.effect(name).estimate == pytest.approx(estimate, abs=1e-6), name
        assert result.effect(name).se == pytest.approx(se, abs=1e-6), name
    assert result.loglik == pytest.approx(-150.110799788, abs=1e-7)
    assert result.aic == pytest.approx(318.221599576, abs=1e-6)
    assert result.n_params == 9
    assert result.rho == pytest.approx(0.475109232219, abs=1e-6)
    assert result.residual_sd["-1"] == pytest.approx(0.455478036311, abs=1e-6)
    assert result.residual_sd["1"] == pytest.approx(0.455478036311 * 0.830637680097, abs=1e-6)
    assert result.roles == ("-1", "1")
    assert result.effect("actor[gender=1]").df == 290


def test_distinguishability_test_matches_nlme_anova_of_ml_fits(acitelli: Table) -> None:
    # anova(update(indistinguishable, method = "ML"), update(distinguishable, method = "ML"))
    test = distinguishability_test(
        acitelli, dyad="cuplid", outcome="satisfaction", actor="other_pos", role="gender"
    )
    assert test.chi2 == pytest.approx(7.277053, abs=1e-5)
    assert test.df == 4
    assert test.p_value == pytest.approx(0.122, abs=5e-4)
    assert test.loglik_indistinguishable == pytest.approx(-141.442045412, abs=1e-7)
    assert test.loglik_distinguishable == pytest.approx(-137.803519022, abs=1e-7)
    assert apim(acitelli, role="gender").distinguishability == test


def test_covariates_match_nlme_in_both_models(acitelli: Table) -> None:
    # nlme's own convergence tolerance limits the agreement here to about 1e-6.
    plain = apim(acitelli, covariates=["tension"])
    assert plain.effect("tension").estimate == pytest.approx(-0.2797957570, abs=1e-5)
    assert plain.effect("actor").se == pytest.approx(0.04447988141, abs=1e-6)
    assert plain.loglik == pytest.approx(-119.2470945, abs=1e-6)
    both = apim(acitelli, covariates=["tension"], role="gender")
    assert both.effect("tension[gender=-1]").estimate == pytest.approx(-0.3149787992, abs=1e-5)
    assert both.effect("tension[gender=1]").se == pytest.approx(0.04379193723, abs=1e-6)
    assert both.loglik == pytest.approx(-123.67976, abs=1e-5)
    assert both.distinguishability is not None
    assert both.distinguishability.chi2 == pytest.approx(6.147703, abs=1e-5)
    assert both.distinguishability.df == 5


# --- simulated dyads with known effects -----------------------------------------------------


def simulate(
    n: int,
    *,
    rho: float,
    sds: tuple[float, float] = (1.0, 1.0),
    effects: tuple[float, float, float] = (1.0, 0.5, 0.2),
    seed: int = 7,
) -> Table:
    """Dyads with role 0/1, a predictor x and y = b0 + actor·x + partner·x_partner + e."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 2))
    cov = np.array([[sds[0] ** 2, rho * sds[0] * sds[1]], [rho * sds[0] * sds[1], sds[1] ** 2]])
    e = rng.multivariate_normal([0.0, 0.0], cov, size=n)
    b0, actor, partner = effects
    y = b0 + actor * x + partner * x[:, ::-1] + e
    return Table.from_columns(
        {
            "couple": np.repeat(np.arange(n), 2),
            "role": np.tile([0.0, 1.0], n),
            "x": x.reshape(-1),
            "y": y.reshape(-1),
        }
    )


def test_recovers_known_effects_with_a_negative_within_dyad_correlation() -> None:
    data = simulate(20_000, rho=-0.6)
    result = fit_apim(data, dyad="couple", outcome="y", actor="x")
    for name, truth in (("intercept", 1.0), ("actor", 0.5), ("partner", 0.2)):
        effect = result.effect(name)
        assert abs(effect.estimate - truth) < 4 * effect.se, name
        assert effect.ci_low < effect.estimate < effect.ci_high
    assert result.rho == pytest.approx(-0.6, abs=0.02)
    assert result.residual_sd["all"] == pytest.approx(1.0, abs=0.02)


def test_recovers_distinguishable_variances_and_correlation() -> None:
    data = simulate(20_000, rho=0.3, sds=(1.0, 2.0), seed=11)
    result = fit_apim(data, dyad="couple", outcome="y", actor="x", role="role")
    assert result.rho == pytest.approx(0.3, abs=0.03)
    assert result.residual_sd["0"] == pytest.approx(1.0, abs=0.03)
    assert result.residual_sd["1"] == pytest.approx(2.0, abs=0.05)
    assert result.effect("actor[role=1]").estimate == pytest.approx(0.5, abs=0.06)
    assert result.distinguishability is not None
    assert result.distinguishability.p_value < 1e-6  # the variances differ


def test_equal_roles_are_rarely_called_distinguishable() -> None:
    data = simulate(400, rho=0.4, seed=3)
    test = distinguishability_test(data, dyad="couple", outcome="y", actor="x", role="role")
    assert test.df == 4
    assert test.p_value > 0.01


def test_reml_and_ml_agree_on_estimates_in_a_large_sample() -> None:
    data = simulate(5_000, rho=0.5, seed=5)
    reml = fit_apim(data, dyad="couple", outcome="y", actor="x")
    ml = fit_apim(data, dyad="couple", outcome="y", actor="x", method="ml")
    assert reml.effect("actor").estimate == pytest.approx(ml.effect("actor").estimate, abs=1e-3)
    assert reml.loglik != ml.loglik


def test_accepts_a_plain_mapping_of_columns() -> None:
    data = simulate(50, rho=0.2)
    columns = {name: data.column(name) for name in data.names}
    assert fit_apim(columns, dyad="couple", outcome="y", actor="x").n_dyads == 50


def test_result_serialises_to_plain_data(acitelli: Table) -> None:
    data = apim(acitelli, role="gender").to_dict()
    assert set(data["fixed"]["actor[gender=1]"]) >= {"estimate", "se", "p_value", "ci_low"}
    assert data["distinguishability"]["df"] == 4
    assert data["residual_sd"].keys() == {"-1", "1"}


# --- errors ---------------------------------------------------------------------------------


def small(**overrides: list[Any]) -> Table:
    columns: dict[str, list[Any]] = {
        "couple": [1, 1, 2, 2, 3, 3, 4, 4],
        "role": ["a", "b", "a", "b", "b", "a", "a", "b"],
        "x": [1.0, 2.0, 3.0, 1.0, 2.0, 5.0, 4.0, 3.5],
        "y": [2.0, 3.0, 4.0, 2.0, 2.5, 6.0, 4.0, 3.0],
        "c": [1.0] * 8,
    }
    columns.update(overrides)
    return Table.from_columns(columns)


def test_missing_column_is_named() -> None:
    with pytest.raises(MissingColumnError, match="'z' is not in the data"):
        fit_apim(small(), dyad="couple", outcome="z", actor="x")


def test_a_dyad_of_three_is_refused() -> None:
    data = small(couple=[1, 1, 2, 2, 3, 3, 3, 4])
    with pytest.raises(DyadSizeError, match="dyad '3' has three members"):
        fit_apim(data, dyad="couple", outcome="y", actor="x")


def test_a_dyad_of_one_is_left_out_and_counted() -> None:
    # The lone member has no partner predictor, so (as in gls with na.omit) the row drops.
    data = small(couple=[1, 1, 2, 2, 3, 3, 4, 5])
    result = fit_apim(data, dyad="couple", outcome="y", actor="x")
    assert (result.n_dyads, result.n_complete_dyads, result.n_incomplete_dyads) == (3, 3, 0)
    assert (result.n_lone_members, result.n_people_left_out, result.n_dyads_left_out) == (2, 2, 2)
    assert result.n_obs == 6


def test_a_role_shared_within_a_dyad_is_refused() -> None:
    data = small(role=["a", "a", "a", "b", "b", "a", "a", "b"])
    with pytest.raises(RoleSplitError, match="both members share a role"):
        fit_apim(data, dyad="couple", outcome="y", actor="x", role="role")


def test_a_missing_outcome_leaves_out_only_that_person() -> None:
    data = small(y=[2.0, 3.0, 4.0, math.nan, 2.5, 6.0, 4.0, 3.0])
    result = fit_apim(data, dyad="couple", outcome="y", actor="x")
    assert (result.n_dyads, result.n_complete_dyads, result.n_incomplete_dyads) == (4, 3, 1)
    assert (result.n_obs, result.n_people_left_out, result.n_lone_members) == (7, 1, 0)


def test_a_non_number_cell_is_still_located() -> None:
    data = small(y=["2", "3", "4", "two", "2.5", "6", "4", "3"])
    with pytest.raises(NonNumericValueError, match="'y', row 4"):
        fit_apim(data, dyad="couple", outcome="y", actor="x")


def test_a_missing_role_is_still_refused() -> None:
    data = small(role=["a", "b", "a", "b", "b", "", "a", "b"])
    with pytest.raises(MissingValueError, match="column 'role', row 6"):
        fit_apim(data, dyad="couple", outcome="y", actor="x", role="role")


def test_constant_covariate_is_collinear_with_the_intercept() -> None:
    with pytest.raises(CollinearPredictorsError):
        fit_apim(small(), dyad="couple", outcome="y", actor="x", covariates=["c"])


def test_too_few_dyads_for_the_distinguishable_model() -> None:
    data = Table.from_columns({k: v[:4] for k, v in small().columns.items()})
    with pytest.raises(TooFewDyadsError):
        fit_apim(data, dyad="couple", outcome="y", actor="x", role="role")


def test_unknown_method_is_refused() -> None:
    with pytest.raises(ApimError, match="method"):
        # A method the signature rules out, as an untyped caller may still send it.
        fit_apim(small(), dyad="couple", outcome="y", actor="x", method="ols")  # type: ignore[arg-type]


# --- live cross-check against R -------------------------------------------------------------

R_SCRIPT = r"""
suppressMessages(library(nlme))
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1])
d <- d[order(d$couple, d$role), ]
d$x_P <- ave(d$x, d$couple, FUN = rev)
d$r0 <- as.numeric(d$role == 0); d$r1 <- as.numeric(d$role == 1); d$rf <- factor(d$role)
show <- function(tag, m) {
  tt <- summary(m)$tTable
  for (i in seq_len(nrow(tt))) cat(tag, rownames(tt)[i], format(tt[i, 1], digits = 15),
                                   format(tt[i, 2], digits = 15), "\n")
  cat(tag, "loglik", format(as.numeric(logLik(m)), digits = 15), "NA\n")
  cat(tag, "rho", format(coef(m$modelStruct$corStruct, unconstrained = FALSE), digits = 15), "NA\n")
}
cs <- corCompSymm(form = ~ 1 | couple)
show("ind", gls(y ~ x + x_P + c, data = d, correlation = cs, method = "REML"))
show("dis", gls(y ~ r0 + r1 + r0:x + r1:x + r0:x_P + r1:x_P + r0:c + r1:c - 1, data = d,
                correlation = cs, weights = varIdent(form = ~ 1 | rf), method = "REML"))
# The same models with no correlation: the other side of the test of rho = 0.
without <- function(tag, m) cat(tag, "loglik_without", format(as.numeric(logLik(m)), digits = 15),
                                "NA\n")
without("ind", gls(y ~ x + x_P + c, data = d, method = "REML"))
without("dis", gls(y ~ r0 + r1 + r0:x + r1:x + r0:x_P + r1:x_P + r0:c + r1:c - 1, data = d,
                   weights = varIdent(form = ~ 1 | rf), method = "REML",
                   control = glsControl(tolerance = 1e-14, msTol = 1e-14, opt = "optim")))
"""

R_NAMES = {
    "ind": {"(Intercept)": "intercept", "x": "actor", "x_P": "partner", "c": "c"},
    "dis": {
        "r0": "intercept[role=0]",
        "r1": "intercept[role=1]",
        "r0:x": "actor[role=0]",
        "r1:x": "actor[role=1]",
        "r0:x_P": "partner[role=0]",
        "r1:x_P": "partner[role=1]",
        "r0:c": "c[role=0]",
        "r1:c": "c[role=1]",
    },
}


@pytest.mark.skipif(shutil.which("Rscript") is None, reason="Rscript is not installed")
def test_matches_r_nlme_live_on_random_dyads(tmp_path: Path) -> None:
    rng = np.random.default_rng(99)
    n = 60
    data = simulate(n, rho=-0.35, sds=(1.0, 1.6), seed=2024)
    columns = {name: data.column(name) for name in data.names}
    columns["c"] = rng.normal(size=2 * n)
    columns["y"] = columns["y"] + 0.3 * columns["c"]
    path = tmp_path / "dyads.csv"
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        writer.writerows(zip(*(map(repr, map(float, v)) for v in columns.values()), strict=True))
    script = tmp_path / "apim.R"
    script.write_text(R_SCRIPT)
    output = subprocess.run(
        ["Rscript", str(script), str(path)], capture_output=True, text=True, check=True, timeout=120
    ).stdout
    table = Table.from_columns(columns)
    fits = {
        "ind": fit_apim(table, dyad="couple", outcome="y", actor="x", covariates=["c"]),
        "dis": fit_apim(
            table, dyad="couple", outcome="y", actor="x", covariates=["c"], role="role"
        ),
    }
    checked = 0
    for line in output.splitlines():
        tag, term, value, se = line.split()
        fit = fits[tag]
        if term == "loglik":
            assert fit.loglik == pytest.approx(float(value), abs=1e-5)
        elif term == "loglik_without":
            assert fit.rho_test is not None
            assert fit.rho_test.loglik_without == pytest.approx(float(value), abs=1e-6), tag
            chi2 = 2 * (fit.loglik - float(value))
            assert fit.rho_test.chi2 == pytest.approx(chi2, abs=1e-4), tag
        elif term == "rho":
            assert fit.rho == pytest.approx(float(value), abs=1e-4)
        else:
            effect = fit.effect(R_NAMES[tag][term])
            assert effect.estimate == pytest.approx(float(value), abs=1e-5), term
            assert effect.se == pytest.approx(float(se), abs=1e-5), term
        checked += 1
    assert checked == 4 + 2 + 8 + 2 + 2  # effects, loglik and rho, and each loglik_without


# --- what the audit of messy files found ----------------------------------------------------


def role_constant(**overrides: Any) -> Table:
    """Ten couples in which everyone in role "a" gave the same outcome."""
    rng = np.random.default_rng(4)
    columns: dict[str, Any] = {
        "couple": np.repeat(np.arange(10), 2),
        "role": ["a", "b"] * 10,
        "x": rng.normal(size=20),
        "y": np.where(np.arange(20) % 2 == 0, 3.0, rng.normal(size=20)),
    }
    columns.update(overrides)
    return Table.from_columns(columns)


def test_a_role_whose_outcome_never_varies_is_refused_in_words() -> None:
    """It used to fit: residual SD 0 for one role, millions for the other (nlme fails)."""
    with pytest.raises(NothingLeftOverError, match="the same for every person in role 'a'"):
        fit_apim(role_constant(), dyad="couple", outcome="y", actor="x", role="role")


def test_a_role_constant_once_missing_rows_are_left_out_is_refused() -> None:
    data = role_constant()
    y = data.column("y").copy()
    y[0] = 9.0  # the one person in role "a" who differs has no predictor
    x = data.column("x").copy()
    x[0] = math.nan
    with pytest.raises(NothingLeftOverError, match="role 'a'"):
        fit_apim(role_constant(x=x, y=y), dyad="couple", outcome="y", actor="x", role="role")


def test_a_role_whose_outcome_its_predictors_meet_exactly_is_refused() -> None:
    data = role_constant()
    x = data.column("x")
    partner = x.reshape(-1, 2)[:, ::-1].reshape(-1)
    noise = np.random.default_rng(5).normal(size=20)
    y = np.where(np.arange(20) % 2 == 1, 1.0 + 2.0 * x - partner, noise)
    with pytest.raises(NothingLeftOverError, match="account exactly for .* role 'b'"):
        fit_apim(role_constant(y=y), dyad="couple", outcome="y", actor="x", role="role")


def test_the_same_data_without_the_role_still_fit() -> None:
    result = fit_apim(role_constant(), dyad="couple", outcome="y", actor="x")
    assert result.n_dyads == 10


def test_no_one_with_a_partner_row_is_said_plainly() -> None:
    data = small(couple=[1, 2, 3, 4, 5, 6, 7, 8], role=["a"] * 8)
    for role in (None, "role"):
        with pytest.raises(TooFewDyadsError, match="each of the 8 people is the only row with"):
            fit_apim(data, dyad="couple", outcome="y", actor="x", role=role)


def test_role_values_are_counted_over_the_whole_file() -> None:
    # Couple 5's lone member has a third role: the file's role column takes three values.
    data = small(couple=[1, 1, 2, 2, 3, 3, 4, 5], role=["a", "b", "a", "b", "b", "a", "a", "c"])
    with pytest.raises(RoleSplitError, match="it takes 3: 'a', 'b', 'c'"):
        fit_apim(data, dyad="couple", outcome="y", actor="x", role="role")


def test_a_text_id_with_a_space_still_finds_its_partner() -> None:
    data = small(couple=["1", "1 ", "2", " 2", "3", "3", "4", "4"])
    result = fit_apim(data, dyad="couple", outcome="y", actor="x")
    assert (result.n_dyads, result.n_lone_members) == (4, 0)


def test_one_covariate_may_be_named_without_a_list() -> None:
    data = small(age=[0.5, 1.0, 2.0, 0.0, 1.5, 1.0, 3.0, 2.0])
    one = fit_apim(data, dyad="couple", outcome="y", actor="x", covariates="age")
    listed = fit_apim(data, dyad="couple", outcome="y", actor="x", covariates=["age"])
    assert one.effect("age").estimate == listed.effect("age").estimate


def test_an_unknown_effect_name_lists_the_names() -> None:
    result = fit_apim(small(), dyad="couple", outcome="y", actor="x")
    with pytest.raises(UnknownEffectError, match="'actr'; the names are 'intercept', 'actor'"):
        result.effect("actr")
    with pytest.raises(KeyError):  # what callers caught before still catches it
        result.effect("actr")


def test_an_unknown_k_interval_lists_the_keys() -> None:
    data = simulate(40, rho=0.3, seed=8)
    k = k_ratio(data, dyad="couple", outcome="y", actor="x", n_resamples=20)
    with pytest.raises(UnknownEffectError, match="'1'; the names are 'all'"):
        k.interval("1")


def test_data_that_is_not_a_table_is_refused_saying_what_is_taken() -> None:
    rows = [{"couple": 1, "x": 1.0, "y": 2.0}]
    with pytest.raises(DyadicDataError, match="a pandas DataFrame or a mapping"):
        fit_apim(rows, dyad="couple", outcome="y", actor="x")  # type: ignore[arg-type]


def nearly_zero_sum(n: int = 40, seed: int = 12) -> Table:
    """Partners' outcomes that almost cancel (shares of a task): ρ within 1e-6 of −1."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 2))
    y = np.empty((n, 2))
    y[:, 0] = 0.3 * x[:, 0] + rng.normal(size=n)
    y[:, 1] = -y[:, 0] + rng.normal(scale=0.001, size=n)
    return Table.from_columns(
        {
            "couple": np.repeat(np.arange(n), 2),
            "role": np.tile([0.0, 1.0], n),
            "x": x.reshape(-1),
            "y": y.reshape(-1),
        }
    )


def test_a_correlation_nearer_minus_one_than_the_old_grid_is_followed() -> None:
    """The search used to stop at ρ = −0.9999918, where nlme goes on to −0.9999993."""
    result = fit_apim(nearly_zero_sum(), dyad="couple", outcome="y", actor="x")
    assert -1 < result.rho < -0.99999
    assert not result.rho_at_bound


def test_outcomes_equal_within_every_couple_stop_at_the_bound_and_say_so() -> None:
    data = nearly_zero_sum()
    y = data.column("y").reshape(-1, 2)
    y[:, 1] = y[:, 0]
    result = fit_apim(data, dyad="couple", outcome="y", actor="x")
    assert result.rho_at_bound
    assert result.to_dict()["rho_at_bound"] is True


NEAR_R = r"""
suppressMessages(library(nlme))
d <- read.csv(commandArgs(trailingOnly = TRUE)[1])
d$x_P <- ave(d$x, d$couple, FUN = rev)
ctl <- glsControl(opt = "optim", tolerance = 1e-10, msTol = 1e-12)
m <- gls(y ~ x + x_P, data = d, correlation = corCompSymm(form = ~ 1 | couple), method = "REML",
         control = ctl)
tt <- summary(m)$tTable
cat("loglik", format(as.numeric(logLik(m)), digits = 15), "\n")
cat("rho", format(coef(m$modelStruct$corStruct, unconstrained = FALSE), digits = 15), "\n")
for (i in seq_len(nrow(tt))) cat(rownames(tt)[i], format(tt[i, 2], digits = 15), "\n")
"""


@pytest.mark.skipif(shutil.which("Rscript") is None, reason="Rscript is not installed")
def test_a_nearly_zero_sum_outcome_matches_nlme_live(tmp_path: Path) -> None:
    data = nearly_zero_sum()
    path, script = tmp_path / "near.csv", tmp_path / "near.R"
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(data.names)
        columns = [data.column(name) for name in data.names]
        writer.writerows(zip(*(map(repr, map(float, v)) for v in columns), strict=True))
    script.write_text(NEAR_R)
    output = subprocess.run(
        ["Rscript", str(script), str(path)], capture_output=True, text=True, check=True, timeout=120
    ).stdout
    said = dict(line.split() for line in output.splitlines())
    result = fit_apim(data, dyad="couple", outcome="y", actor="x")
    assert result.loglik == pytest.approx(float(said["loglik"]), abs=1e-4)
    assert result.rho == pytest.approx(float(said["rho"]), abs=1e-8)
    names = {"(Intercept)": "intercept", "x": "actor", "x_P": "partner"}
    for term, name in names.items():
        assert result.effect(name).se == pytest.approx(float(said[term]), rel=1e-4), term


# R 4.2, nlme: logLik() of gls(satisfaction ~ other_pos + other_pos_P) with and without
# corCompSymm(form = ~1 | cuplid) (for gender, both with varIdent(form = ~1 | gender)), and
# anova() of the two fits.
R_RHO_TESTS = {
    (None, "reml"): (-166.605103057945, 36.4919431757867, 1.53298594306656e-09),
    (None, "ml"): (-159.618478204155, 36.3528655841442, 1.64636968988613e-09),
    ("gender", "reml"): (-168.658708288095, 37.0958170000063, 1.12464720929724e-09),
    ("gender", "ml"): (-156.735177352762, 37.8633166620757, 7.58786671302526e-10),
}


@pytest.mark.parametrize(("role", "method"), sorted(R_RHO_TESTS, key=str))
def test_the_test_of_no_residual_correlation_matches_nlme_anova(
    acitelli: Table, role: str | None, method: str
) -> None:
    fit = apim(acitelli, role=role, method=method)
    without, chi2, p = R_RHO_TESTS[(role, method)]
    assert fit.rho_test is not None and fit.rho_test.df == 1
    assert fit.rho_test.loglik_without == pytest.approx(without, abs=1e-8)
    assert fit.rho_test.chi2 == pytest.approx(chi2, abs=1e-7)
    assert fit.rho_test.p_value == pytest.approx(p, rel=1e-6)
    assert fit.to_dict()["rho_test"]["chi2"] == fit.rho_test.chi2


def test_partners_with_unrelated_residuals_are_not_found_alike() -> None:
    rng = np.random.default_rng(7)
    n = 400
    x = rng.normal(size=2 * n)
    columns = {
        "couple": np.repeat(np.arange(n), 2),
        "role": np.tile([0, 1], n),
        "x": x,
        "y": 0.5 * x + rng.normal(size=2 * n),
    }
    for role in (None, "role"):
        fit = fit_apim(columns, dyad="couple", outcome="y", actor="x", role=role)
        assert fit.rho_test is not None
        assert fit.rho_test.chi2 >= 0.0
        assert fit.rho_test.p_value > 0.01  # no correlation was drawn (seed fixed)


@pytest.mark.parametrize(
    ("column", "offset"), [("satisfaction", 1e4), ("satisfaction", 1e6), ("other_pos", 1e7)]
)
@pytest.mark.parametrize("role", [None, "gender"])
def test_a_column_far_from_zero_fits_as_the_same_column_near_it(
    acitelli: Table, column: str, offset: float, role: str | None
) -> None:
    """Cross-products of raw columns lost the digits of the fit: satisfaction + 10⁴ moved χ²
    in the fifth figure, + 10⁶ was refused as having no spread, and other_pos + 10⁷ as
    collinear, where nlme fits them all (the statistics audit). Columns are centred first."""
    moved = {name: acitelli.column(name) for name in acitelli.names}
    moved[column] = np.asarray(moved[column], dtype=float) + offset
    near, far = apim(acitelli, role=role), apim(Table.from_columns(moved), role=role)
    assert far.rho == pytest.approx(near.rho, abs=1e-7)
    assert near.rho_test is not None and far.rho_test is not None
    assert far.rho_test.chi2 == pytest.approx(near.rho_test.chi2, abs=1e-6)
    assert far.loglik == pytest.approx(near.loglik, abs=1e-6)
    for a, b in zip(near.fixed, far.fixed, strict=True):
        if a.name.startswith("intercept"):
            continue  # moves with the offset, as it should
        assert (b.estimate, b.se) == pytest.approx((a.estimate, a.se), abs=1e-8), a.name
    if column == "satisfaction":  # the intercepts move by the offset, their SEs stay
        for a, b in zip(near.fixed[:2], far.fixed[:2], strict=True):
            if a.name.startswith("intercept"):
                assert b.estimate - a.estimate == pytest.approx(offset, rel=1e-12)
                assert b.se == pytest.approx(a.se, rel=1e-6)


def five_couples(seed: int = 0) -> dict[str, Any]:
    """Five couples told apart by role: too few for most bootstrap draws, and some draws' search
    runs to where the partners' residuals correlate at ±1."""
    rng = np.random.default_rng(seed)
    x = rng.normal(3.0, 1.0, size=10)
    y = 1.0 + 0.5 * x + 0.2 * x.reshape(5, 2)[:, ::-1].ravel() + rng.normal(size=10)
    return {
        "couple": np.repeat(np.arange(1, 6), 2),
        "role": ["wife", "husband"] * 5,
        "x": x,
        "y": y,
    }


def test_a_resample_that_divides_by_zero_is_set_aside_without_a_warning() -> None:
    """NumPy printed "divide by zero encountered in divide" for such a resample, and raised it
    out of k_ratio where warnings are errors (the library audit of 2026-12-03)."""
    options: dict[str, Any] = {"dyad": "couple", "outcome": "y", "actor": "x", "role": "role"}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        k = k_ratio(five_couples(), **options, n_resamples=300, seed=1)
    assert [str(w.message) for w in caught] == []
    assert k.unreliable and 0 < k.n_failed < 300
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        again = k_ratio(five_couples(), **options, n_resamples=300, seed=1)
    assert again.to_dict() == k.to_dict()


def test_the_command_prints_no_numpy_warning_for_such_a_resample(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from interdepend.cli import main

    data = five_couples()
    path = tmp_path / "five.csv"
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(data)
        writer.writerows(zip(*data.values(), strict=True))
    argv = ["apim", str(path), "--dyad", "couple", "--outcome", "y", "--actor", "x"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        code = main([*argv, "--role", "role", "--k-interval", "--bootstrap", "300"])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    assert "resamples were set aside" in out
