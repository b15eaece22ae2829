"""The statistics held against R a fifth time (the statistics audit of 2026-12-04, ``stats4``),
on ground the other outside checks did not cover: ``diary`` on diaries with a partner who kept
no days, couples of two days, couples of unequal length and a predictor constant within a
person (nlme's ``lme``); ``apim-power``, data set by data set, against ``gls`` fitted to the
very data sets it simulates; ``score`` against a hand computation in R of the recoding and
prorating rules of every built-in instrument; and what the commands say when a bootstrap or a
simulation is asked for with too few draws to mean much (they printed intervals and powers,
and an MC SE of 0.000, with nothing to say they were rough)."""

from __future__ import annotations

import csv
import json
import math
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from interdepend.cli import main
from interdepend.core import apim_power
from interdepend.core.apim import fit_apim, k_ratio
from interdepend.core.apim_mediation import fit_apim_mediation
from interdepend.core.apim_power import PowerDesign, PowerResult, simulate_power
from interdepend.core.dyadic import Table, load_csv
from interdepend.core.instrument import load_builtin
from tests.core.apim_r import agreement, needs_r, simulate, with_missing, write_csv
from tests.core.apim_r import run_r as run_gls
from tests.core.apim_r import run_script as run_r
from tests.core.test_apim_mediation import simulate as simulate_mediation

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

from compare_diary_nlme import compare, run_nlme  # noqa: E402
from simulate_diary import simulate_diary, write_diary  # noqa: E402


def write_table(table: Table, path: Path) -> Path:
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(table.names)
        columns = [table.column(n) for n in table.names]
        for row in zip(*columns, strict=True):
            writer.writerow([repr(float(v)) if isinstance(v, float) else v for v in row])
    return path


# --- diary: the awkward diaries -------------------------------------------------------------


def awkward_diary(path: Path) -> Path:
    """Thirty couples over ten days (10 % of days missing), then: in couples 1 and 2 partner
    b kept no diary at all; couples 3 and 4 kept two days; couple 5 five; and in couple 6
    partner a gave the same predictor every day."""
    write_diary(simulate_diary(30, 10, missing=0.1, seed=11), path)
    with path.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    kept = []
    for row in rows:
        couple, day = row["dyad"], int(row["day"])
        if couple in ("1", "2") and row["role"] == "b":
            continue
        if (couple in ("3", "4") and day > 2) or (couple == "5" and day > 5):
            continue
        if couple == "6" and row["role"] == "a":
            row["x"] = "1.5"
        kept.append(row)
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(kept)
    return path


@needs_r
def test_diary_of_awkward_couples_matches_nlme(tmp_path: Path) -> None:
    """Two couples in which one partner kept no days, two-day and five-day couples and a
    predictor that never changes for one person: the same fit as ``lme`` (its ``na.omit``
    leaves out the couples with one partner, and so do we, counting their rows)."""
    path = awkward_diary(tmp_path / "diary.csv")
    data = load_csv(path)
    for row in compare(data, run_nlme(path, tmp_path)):
        assert row["estimate"] < 1e-6, row
        assert row["se"] < 1e-6, row
        assert row["estimate_at_r"] < 1e-10, row
        assert row["loglik_gain"] > -1e-7, row
        assert row["variance"] < 1e-4, row


def test_diary_counts_the_rows_of_a_partner_who_kept_no_days(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = awkward_diary(tmp_path / "diary.csv")
    argv = ["diary", str(path), "--dyad", "dyad", "--person", "person", "--day", "day"]
    assert main([*argv, "--outcome", "y", "--actor", "x", "--role", "role", "--json"]) == 0
    counts = json.loads(capsys.readouterr().out)["counts"]
    total = load_csv(path).n_rows
    assert counts["dyads"] == 28
    assert counts["observations"] + counts["left_out"] == total
    assert counts["dyads_left_out"] == ["1", "2"]


def test_diary_names_the_couples_it_left_out_entirely(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two couples in which one partner kept no diary went into "rows left out (a missing
    value, or no partner report that day)" with nothing to say that two whole couples were
    gone from the model, nor which."""
    path = awkward_diary(tmp_path / "diary.csv")
    argv = ["diary", str(path), "--dyad", "dyad", "--person", "person", "--day", "day"]
    assert main([*argv, "--outcome", "y", "--actor", "x", "--role", "role"]) == 0
    out = capsys.readouterr().out
    assert "note: 2 dyads left out entirely" in out
    assert out.splitlines()[2].endswith("their ids: 1, 2")


@needs_r
def test_diary_of_a_predictor_centred_within_person_matches_nlme(tmp_path: Path) -> None:
    """The docs tell researchers who want the daily link alone to centre the predictor on each
    person's own mean first: that column, with days missing, fits as ``lme`` fits it."""
    path = tmp_path / "diary.csv"
    write_diary(simulate_diary(30, 12, missing=0.15, seed=21), path)
    with path.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    days: dict[tuple[str, str], list[float]] = {}
    for row in rows:
        days.setdefault((row["dyad"], row["person"]), []).append(float(row["x"]))
    for row in rows:
        row["x"] = repr(float(row["x"]) - float(np.mean(days[row["dyad"], row["person"]])))
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    for row in compare(load_csv(path), run_nlme(path, tmp_path)):
        assert row["estimate"] < 1e-6, row
        assert row["estimate_at_r"] < 1e-10, row
        assert row["loglik_gain"] > -1e-7, row


# --- apim-power: the simulated data sets, fitted by gls -------------------------------------

POWER_R = r"""
suppressMessages(library(nlme))
args <- commandArgs(trailingOnly = TRUE)
all <- read.csv(args[1]); distinguishable <- args[2] == "yes"
ctl <- glsControl(tolerance = 1e-12, msTol = 1e-12, msMaxIter = 1000, maxIter = 500)
for (k in sort(unique(all$rep))) {
  d <- all[all$rep == k, ]
  d$role <- factor(d$role)
  cs <- corCompSymm(form = ~ 1 | dyad)
  if (distinguishable) {
    m <- gls(y ~ 0 + role + role:x + role:xp, correlation = cs,
             weights = varIdent(form = ~ 1 | role), data = d, method = "REML", control = ctl)
    tt <- summary(m)$tTable
    p <- tt[c("role1:x", "role2:x", "role1:xp", "role2:xp"), 4]
  } else {
    m <- gls(y ~ x + xp, correlation = cs, data = d, method = "REML", control = ctl)
    p <- summary(m)$tTable[c("x", "xp"), 4]
  }
  cat(k, format(p, digits = 15), "\n")
}
"""


@needs_r
@pytest.mark.parametrize("distinguishable", [False, True], ids=["indistinguishable", "roles"])
def test_power_counts_the_rejections_gls_makes_on_the_same_data_sets(
    tmp_path: Path, distinguishable: bool
) -> None:
    """The data sets ``apim-power`` simulates (seed 3, 30 dyads, correlated predictors and
    residuals), written out and fitted by ``gls``: every p value agrees, and so does the
    number of rejections behind the simulated power."""
    design = PowerDesign(
        30, 0.3, 0.15, rho_x=0.3, rho_e=0.4, distinguishable=distinguishable, alpha=0.05
    )
    replications = 60
    rng = apim_power._generator(3, design.n_dyads)
    path = tmp_path / "sets.csv"
    ours = []
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["rep", "dyad", "role", "x", "xp", "y"])
        for k in range(replications):
            data = apim_power._draw(design, rng)
            fit = fit_apim(
                data, dyad="dyad", outcome="y", actor="x", role="role" if distinguishable else None
            )
            ours.append([fit.effect(n).p_value for n in design.effect_names])
            x = data.numeric("x").reshape(-1, 2)
            roles = data.column("role") if distinguishable else np.tile(["1", "2"], 30)
            for i, (dyad, own, other, y) in enumerate(
                zip(
                    data.numeric("dyad"),
                    x.reshape(-1),
                    x[:, ::-1].reshape(-1),
                    data.numeric("y"),
                    strict=True,
                )
            ):
                cells = (repr(float(v)) for v in (own, other, y))
                writer.writerow([k, int(dyad), roles[i], *cells])
    lines = run_r(tmp_path, POWER_R, str(path), "yes" if distinguishable else "no")
    theirs = [[float(v) for v in line.split()[1:]] for line in lines.splitlines()]
    assert np.array(ours) == pytest.approx(np.array(theirs), abs=1e-6)
    result = simulate_power(design, replications=replications, seed=3)
    rejected = (np.array(theirs) < design.alpha).sum(axis=0) / replications
    assert [result.power(n).power for n in design.effect_names] == pytest.approx(list(rejected))


# --- score: recoding and prorating by hand in R ---------------------------------------------

SCORE_R = r"""
args <- commandArgs(trailingOnly = TRUE)
meta <- read.csv(args[1], stringsAsFactors = FALSE)
d <- read.csv(args[2], check.names = FALSE, colClasses = c(respondent = "character"))
lo <- as.numeric(args[3]); hi <- as.numeric(args[4]); share <- as.numeric(args[5])
for (s in unique(meta$scale)) {
  items <- meta[meta$scale == s, ]
  a <- as.matrix(d[, items$id, drop = FALSE])
  for (j in seq_len(nrow(items))) if (items$reverse[j] == 1) a[, j] <- lo + hi - a[, j]
  answered <- rowSums(!is.na(a))
  m <- rowMeans(a, na.rm = TRUE)
  m[answered < ceiling(share * nrow(items) - 1e-9)] <- NA
  cat(s, format((m - lo) / (hi - lo) * 100, digits = 15), "\n")
}
"""


@needs_r
@pytest.mark.parametrize(
    "instrument",
    ["interdependence_inventory_v1", "interdependence_inventory_v2", "partner_perception_v1"],
)
def test_score_recodes_and_prorates_as_a_hand_computation_in_r(
    tmp_path: Path, instrument: str
) -> None:
    """Two hundred respondents, each leaving out a share of items of their own (0 to 40 %), so
    that many scales sit just above or just below the share needed: R recodes the reversed
    items as min + max − answer, keeps a scale mean when enough items were answered and turns
    it to 0–100; ``score`` gives the same scores, missing in the same places."""
    model = load_builtin(instrument)
    low, high = model.response_scale.min, model.response_scale.max
    meta = tmp_path / "items.csv"
    with meta.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "scale", "reverse"])
        writer.writerows([i.id, i.scale_id, int(i.reverse)] for i in model.items)
    rng = np.random.default_rng(2)
    answers = rng.integers(low, high + 1, size=(200, len(model.items))).astype(float)
    answers[rng.random(answers.shape) < rng.random((200, 1)) * 0.4] = np.nan
    responses = tmp_path / "responses.csv"
    with responses.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["respondent", *(i.id for i in model.items)])
        for k, row in enumerate(answers):
            writer.writerow([f"r{k}", *("" if math.isnan(v) else int(v) for v in row)])
    share = str(model.scoring.prorate_min_share)
    out = run_r(tmp_path, SCORE_R, str(meta), str(responses), str(low), str(high), share)
    theirs = {
        line.split()[0]: [math.nan if v == "NA" else float(v) for v in line.split()[1:]]
        for line in out.splitlines()
    }
    scored = tmp_path / "scores.csv"
    assert main(["score", "--instrument", instrument, str(responses), "-o", str(scored)]) == 0
    with scored.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 200
    for scale, expected in theirs.items():
        ours = [float(r[scale]) if r[scale] else math.nan for r in rows]
        assert [math.isnan(v) for v in ours] == [math.isnan(v) for v in expected], scale
        assert 0 < sum(math.isnan(v) for v in ours) < 200, scale
        assert np.nan_to_num(ours) == pytest.approx(np.nan_to_num(expected), abs=5e-7), scale


# --- too few draws are said -----------------------------------------------------------------


def test_a_handful_of_simulated_data_sets_is_said_to_give_a_rough_power(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """One data set gave "power 1.000, MC SE 0.000" for a partner effect whose power is 0.18,
    and nothing said that the figure was a count out of one."""
    argv = ["apim-power", "--dyads", "50", "--actor", "0.3", "--partner", "0.1"]
    assert main([*argv, "--replications", "1"]) == 0
    out = capsys.readouterr().out
    assert "count out of only 1 fitted data set," in out
    assert "not that the power is certain" in out
    assert main([*argv, "--replications", "5", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["results"][0]["rough"] is True
    assert main([*argv, "--replications", "20", "--target", "0.8"]) == 0
    out = capsys.readouterr().out
    assert "count out of only 20 fitted data sets, so it is rough" in out
    assert "MC SE of 0.000" not in out  # no power here came out 0 or 1
    assert out.rstrip().endswith("these numbers of dyads are rough too")


def test_enough_simulated_data_sets_are_not_called_rough() -> None:
    design = PowerDesign(50, 0.3, 0.1)
    assert not PowerResult(design, (), 1000, 0, 1).rough
    assert not PowerResult(design, (), 100, 0, 1).rough
    assert PowerResult(design, (), 120, 21, 1).rough  # 99 fitted


@pytest.fixture(scope="module")
def mediated(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(write_table(simulate_mediation(60, 3), tmp_path_factory.mktemp("m") / "m.csv"))


def test_mediation_with_few_resamples_says_its_intervals_are_rough(
    mediated: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Five resamples printed "95% bootstrap percentile CI" for every indirect effect, one of
    them not even holding its own estimate, with nothing said."""
    argv = ["apim-mediation", mediated, "--dyad", "couple", "--x", "x", "--m", "m", "--y", "y"]
    assert main([*argv, "--role", "role", "--bootstrap", "5"]) == 0
    assert "with only 5 resamples the 95% intervals are rough" in capsys.readouterr().out
    assert main([*argv, "--bootstrap", "1"]) == 0
    assert "no intervals: they need at least two resamples" in capsys.readouterr().out
    assert main([*argv, "--bootstrap", "5", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["bootstrap"]["rough"] is True


def test_mediation_rough_flag_follows_the_resamples_used() -> None:
    data = simulate_mediation(30, 4)
    options: dict[str, Any] = {"dyad": "couple", "x": "x", "m": "m", "y": "y", "seed": 1}
    assert not fit_apim_mediation(data, bootstrap=0, **options).rough
    assert fit_apim_mediation(data, bootstrap=20, **options).rough


def test_k_interval_with_few_resamples_is_said_to_be_rough(
    mediated: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["apim", mediated, "--dyad", "couple", "--outcome", "y", "--actor", "x"]
    assert main([*argv, "--k-interval", "--bootstrap", "50"]) == 0
    assert "with only 50 resamples the 95% interval is rough" in capsys.readouterr().out
    data = load_csv(mediated)
    assert k_ratio(data, dyad="couple", outcome="y", actor="x", n_resamples=50).rough
    assert not k_ratio(data, dyad="couple", outcome="y", actor="x", n_resamples=1000).rough


# --- apim-mediation: the paths and indirect effects against lavaan --------------------------

LAVAAN_R = r"""
suppressMessages(library(lavaan))
d <- read.csv(commandArgs(trailingOnly = TRUE)[1])
w <- reshape(d, idvar = "couple", timevar = "role", direction = "wide")
names(w) <- sub("\\.0$", "_A", sub("\\.1$", "_B", names(w)))
model <- '
m_A ~ aa_A*x_A + ap_A*x_B
m_B ~ aa_B*x_B + ap_B*x_A
y_A ~ ba_A*m_A + bp_A*m_B + ca_A*x_A + cp_A*x_B
y_B ~ ba_B*m_B + bp_B*m_A + ca_B*x_B + cp_B*x_A
m_A ~~ m_B
y_A ~~ y_B
x_A ~~ x_B
aa_A_ := aa_A*ba_A
aa_B_ := aa_B*ba_B
pp_A_ := ap_B*bp_A
pp_B_ := ap_A*bp_B
apart_A_ := aa_A*bp_B
apart_B_ := aa_B*bp_A
pa_A_ := ap_B*ba_B
pa_B_ := ap_A*ba_A
'
pe <- parameterEstimates(sem(model, data = w))
pe <- pe[pe$label != "", ]
for (i in seq_len(nrow(pe))) cat(pe$label[i], format(pe$est[i], digits = 15), "\n")
"""

#: lavaan's labels (role 0 is A, role 1 is B) and ours.
LAVAAN_NAMES = {
    "aa": "a actor[role={}]",
    "ap": "a partner[role={}]",
    "ba": "b actor[role={}]",
    "bp": "b partner[role={}]",
    "ca": "c' actor[role={}]",
    "cp": "c' partner[role={}]",
    "aa_": "actor-actor [role={}]",
    "pp_": "partner-partner [role={}]",
    "apart_": "actor-partner [role={}]",
    "pa_": "partner-actor [role={}]",
}


@needs_r
def test_mediation_of_distinguishable_dyads_matches_lavaan(tmp_path: Path) -> None:
    """The same two-stage APIMeM written as one path model in lavaan (one row per couple, a
    residual covariance per stage): with the same predictors in both partners' equations, GLS
    and lavaan's ML give the same paths, and so the same indirect effects of each role."""
    path = write_table(simulate_mediation(60, 3), tmp_path / "mediation.csv")
    result = fit_apim_mediation(
        load_csv(path), dyad="couple", x="x", m="m", y="y", role="role", bootstrap=0
    )
    lines = run_r(tmp_path, LAVAAN_R, str(path)).splitlines()
    theirs = {line.split()[0]: float(line.split()[1]) for line in lines}
    ours = {p.name: p.estimate for p in result.paths} | {
        e.label: e.estimate for e in result.effects
    }
    assert len(theirs) == 20
    for label, value in theirs.items():
        product = label.endswith("_")  # "aa_A_" is the product aa_A * ba_A
        stem, side = label.rstrip("_").rsplit("_", 1)
        name = LAVAAN_NAMES[stem + "_" * product].format("0" if side == "A" else "1")
        assert ours[name] == pytest.approx(value, abs=1e-6), name


# --- apim: a moderator shared by the couple, beside a covariate, by REML and ML -------------

MODERATED_R = r"""
for (method in c("REML", "ML")) {
  fit(paste0("ind_", method), y ~ x + x_P + c + m + x:m + x_P:m, method, FALSE)
  fit(paste0("dis_", method), y ~ r0 + r1 + r0:x + r1:x + r0:x_P + r1:x_P + r0:c + r1:c
      + r0:m + r1:m + r0:x:m + r1:x:m + r0:x_P:m + r1:x_P:m - 1, method, TRUE)
}
"""


@needs_r
def test_a_couple_level_moderator_with_a_covariate_matches_gls(tmp_path: Path) -> None:
    """The moderator the same for both partners (years together, say), a covariate beside it,
    values missing as real files lose them: the same fits as ``gls`` under REML and ML."""
    columns = simulate(120, seed=7, rho=0.3, moderation=(0.2, 0.25, -0.15))
    shared = columns["m"].reshape(-1, 2)
    shared[:, 1] = shared[:, 0]
    columns["m"] = shared.reshape(-1)
    columns = with_missing(columns, seed=3)
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
            covariates=["c"],
            role="role" if kind == "dis" else None,
            method=method,
        )
        for kind in ("ind", "dis")
        for method in ("reml", "ml")
    }
    own, held = agreement(fits, run_gls(MODERATED_R, path, tmp_path, fits))
    assert own["nobs"] == 0
    assert max(held.values()) < 1e-6, held
    assert max(own.values()) < 1e-6, own
