"""The statistics held against R once more, on ground the first outside check did not cover (the
statistics audit of 2026-12-04, third round): factor models with an item in other units (lavaan),
tables of effects in millionths (gls), files without a couple, a covariate and a moderator far
from unit scale (gls), Kenny's k interval and the mediation intervals refitted by R on the same
draws, ten thousand couples (gls), rows in another order with accented names, scoring with
items left out (R), the likelihood-ratio tests with people missing (gls), accents stored two
ways (read.csv), and effects that cannot be told apart (gls). Each either matches R to a
stated tolerance or is refused in our own words."""

from __future__ import annotations

import csv
import json
import math
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from interdepend.cli import main
from interdepend.core.apim import fit_apim, k_ratio
from interdepend.core.cfa import CfaFit, DegenerateItem, fit_cfa, fit_invariance
from interdepend.core.dyadic import Table, load_csv
from tests.core.test_outside_check_r import (
    DIARY,
    FOUR_SCALES,
    assert_matches_gls,
    columns_times,
    four_scale_answers,
    lavaan,
    mostly_missing_husbands,
    our_name,
    r_gls,
    rescaled,
)

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from simulate_diary import simulate_diary, write_diary  # noqa: E402

needs_r = pytest.mark.skipif(shutil.which("Rscript") is None, reason="Rscript is not installed")


# --- a factor model with an item in other units -------------------------------------------


def figures(fit: CfaFit) -> list[float]:
    """The fit indices and standardized loadings, in the order ``lavaan`` prints them."""
    f = fit.fit
    head = [f.chi_square, f.df, f.cfi, f.tli, f.rmsea, f.rmsea_low, f.rmsea_high, f.srmr]
    return head + [loading.standardized for loading in fit.loadings]


def in_other_units(answers: np.ndarray, first: float, sixth: float) -> np.ndarray:
    """The first item times ``first`` plus 1000, the sixth times ``sixth``."""
    x = answers.copy()
    x[:, 0] = x[:, 0] * first + 1000
    x[:, 5] = x[:, 5] * sixth
    return x


@needs_r
def test_an_item_in_thousands_fits_as_lavaan_fits_it(tmp_path: Path) -> None:
    """One item in thousands beside fifteen answered 1 to 7: the search stopped with χ² 115.76
    where lavaan (and the same answers in one unit) reach 115.06, and said it had converged."""
    x = in_other_units(four_scale_answers(400), 1000.0, 1.0)
    fit = fit_cfa(x, FOUR_SCALES)
    assert fit.converged
    assert figures(fit) == pytest.approx(lavaan(tmp_path, x, FOUR_SCALES), abs=1e-4)
    assert fit.loadings[0].estimate == pytest.approx(
        1000 * fit_cfa(four_scale_answers(400), FOUR_SCALES).loadings[0].estimate, rel=1e-6
    )


@needs_r
@pytest.mark.parametrize(("first", "sixth"), [(137.5, 1e-3), (1e4, 1e-4), (1e-7, 1.0)])
def test_items_in_units_lavaan_cannot_fit_give_the_fit_of_the_same_answers(
    tmp_path: Path, first: float, sixth: float
) -> None:
    """Units so far apart that lavaan stops without a solution (or, in ten-millionths, says that
    its baseline model failed): the fit does not depend on units, so ours is lavaan's fit of
    the answers as given. We gave χ² 582 (not converged) at 1e4 and 1e-4, and called the item in
    ten-millionths one that everyone answered alike."""
    answers = four_scale_answers(400)
    fit = fit_cfa(in_other_units(answers, first, sixth), FOUR_SCALES)
    assert fit.converged
    assert figures(fit) == pytest.approx(lavaan(tmp_path, answers, FOUR_SCALES), abs=1e-4)


def test_invariance_does_not_depend_on_the_units_of_an_item() -> None:
    """Before: configural χ² 200.10, metric 373.10 and scalar 309.61 (a scalar model fitting
    better than the metric model it is nested in), none converged; in one unit 200.01, 220.90,
    230.91."""
    answers = four_scale_answers(400)
    groups = np.where(np.arange(400) % 2 == 0, "x", "y")
    plain = fit_invariance(answers, groups, FOUR_SCALES)
    other = fit_invariance(in_other_units(answers, 1000.0, 1e-3), groups, FOUR_SCALES)
    for before, after in zip(plain.steps, other.steps, strict=True):
        assert after.converged
        assert after.fit.chi_square == pytest.approx(before.fit.chi_square, abs=1e-6)
        assert np.ravel(after.standardized) == pytest.approx(
            np.ravel(before.standardized), abs=1e-6
        )


@pytest.mark.parametrize("value", [4.0, 0.1, 1e-9, 123.456, 1e6 + 0.3])
def test_an_item_everyone_answered_alike_is_still_named_at_every_size(value: float) -> None:
    answers = four_scale_answers(100)
    answers[:, 2] = value
    with pytest.raises(DegenerateItem, match="everyone gave the same answer to a3"):
        fit_cfa(answers, FOUR_SCALES)


# --- tables of an outcome in millionths -----------------------------------------------------


def printed(out: str, name: str) -> list[float]:
    """The estimate, SE and interval of the effect ``name`` as the table prints them."""
    line = next(line for line in out.splitlines() if line.startswith(f"{name} "))
    estimate, se, _, _, _, interval = line[len(name) :].split(maxsplit=5)
    low, high = interval.strip("[]").split(", ")
    return [float(estimate), float(se), float(low), float(high)]


@needs_r
@pytest.mark.parametrize("role", [None, "gender"])
def test_effects_in_millionths_are_printed_as_r_gives_them(
    acitelli_csv: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], role: str | None
) -> None:
    """Satisfaction in millionths: every estimate, SE, interval bound and residual SD was
    printed 0.0000; R's gls gives the intercept as 6.697541e-07. Now each to four significant
    digits, and effects of ordinary size as before."""
    path = tmp_path / "millionths.csv"
    rescaled(acitelli_csv, path, 1e-6, 1.0)
    columns = ("cuplid", "satisfaction", "other_pos")
    r = r_gls(path, tmp_path, columns, role, "reml")
    argv = ["apim", str(path), "--dyad", "cuplid", "--outcome", "satisfaction"]
    assert main([*argv, "--actor", "other_pos", *(["--role", role] if role else [])]) == 0
    out = capsys.readouterr().out
    assert "0.0000" not in out
    for name, (estimate, se) in (
        (k, v) for k, v in r.items() if k not in ("rho", "loglik", "nobs")
    ):
        ours = printed(out, our_name(name, role))
        assert ours[:2] == pytest.approx([estimate, se], rel=1e-3), name
        assert ours[2] < estimate < ours[3]
    assert re.search(r"residual SD (gender=-1 )?[1-9]\.\d{3}e-07", out), out
    assert main(["apim", acitelli_csv, *argv[2:], "--actor", "other_pos"]) == 0
    assert "actor         0.4004    0.0473" in capsys.readouterr().out


def test_mediation_in_millionths_is_not_printed_as_zero(
    acitelli_csv: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "millionths.csv"
    rescaled(acitelli_csv, path, 1e-6, 1.0)
    argv = ["apim-mediation", str(path), "--dyad", "cuplid", "--x", "other_pos"]
    assert main([*argv, "--m", "tension", "--y", "satisfaction", "--bootstrap", "20"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"b actor +-3\.02e-07 +3\.28e-08 +\[-3\.67e-07, -2\.38e-07\]", out), out
    assert re.search(r"a actor +-0\.445 +0\.074 +\[-0\.590, -0\.300\]", out), out
    assert " 0.000 " not in out


def test_a_diary_in_millionths_prints_its_spreads(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = simulate_diary(20, 7, seed=3)
    y = data.column("y").astype(np.float64) * 1e-6
    write_diary(Table({**data.columns, "y": y}), tmp_path / "diary.csv")
    assert main(["diary", str(tmp_path / "diary.csv"), *DIARY]) == 0
    out = capsys.readouterr().out
    assert re.search(r"random intercept SD \d\.\d{3}e-0[67];", out), out
    assert re.search(r"residual SD \d\.\d{3}e-0[67];", out), out
    assert re.search(r"intercept +-?\d\.\d{3}e-0[5-8] ", out), out


#: R's mean and SD (n - 1) of each role's column, the roles in order.
MEANS_R = r"""
d <- read.csv(commandArgs(trailingOnly = TRUE)[1])
cat(format(c(tapply(d$satisfaction, d$gender, mean), tapply(d$satisfaction, d$gender, sd)),
           digits = 15), "\n")
"""


@needs_r
def test_role_means_in_millionths_are_printed_as_r_gives_them(
    acitelli_csv: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``nonindependence --role`` printed each role's mean and SD as 0.0000 (0.0000)."""
    path = tmp_path / "millionths.csv"
    rescaled(acitelli_csv, path, 1e-6, 1.0)
    script = tmp_path / "means.R"
    script.write_text(MEANS_R)
    done = subprocess.run(
        ["Rscript", str(script), str(path)], capture_output=True, text=True, check=True, timeout=60
    )
    wife, husband, wife_sd, husband_sd = (float(v) for v in done.stdout.split())
    argv = ["nonindependence", str(path), "--dyad", "cuplid", "--variable", "satisfaction"]
    assert main([*argv, "--role", "gender"]) == 0
    out = capsys.readouterr().out
    found = re.search(r"gender=-1 (\S+) \((\S+)\); gender=1 (\S+) \((\S+)\)", out)
    assert found, out
    ours = [float(v) for v in found.groups()]
    assert ours == pytest.approx([wife, wife_sd, husband, husband_sd], rel=1e-3)


# --- files too small for any couple ---------------------------------------------------------


@pytest.mark.parametrize(
    ("rows", "said"),
    [
        (["1,1,2"], "the one person's 'd' value is on no other row, so they were left out"),
        (["1,1,2", "2,2,3"], "each of the 2 people is the only row with their 'd' value, so both"),
        (["1,1,2", "2,2,3", "3,1,1"], "each of the 3 people is the only row with their 'd' value"),
    ],
)
def test_a_file_without_a_couple_says_so_in_plain_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], rows: list[str], said: str
) -> None:
    """One person alone was "each of the 1 people ... so all 1 were left out"."""
    path = tmp_path / "alone.csv"
    path.write_text("\n".join(["d,x,y", *rows]) + "\n")
    assert main(["apim", str(path), "--dyad", "d", "--outcome", "y", "--actor", "x"]) == 2
    captured = capsys.readouterr()
    assert said in captured.err
    assert "1 people" not in captured.err and "all 2" not in captured.err
    assert captured.out == "" and "Traceback" not in captured.err


# --- a covariate and a moderator far from unit scale ----------------------------------------

#: gls of satisfaction on own and partner other_pos moderated by tension, with Yearsmar as a
#: covariate; prints "name estimate se" and the REML log-likelihood.
MODERATED_R = r"""
suppressMessages(library(nlme))
d <- read.csv(commandArgs(trailingOnly = TRUE)[1])
d$xp <- ave(d$other_pos, d$cuplid, FUN = rev)
ctl <- glsControl(tolerance = 1e-14, msTol = 1e-14, opt = "optim")
m <- gls(satisfaction ~ other_pos + xp + tension + other_pos:tension + xp:tension + Yearsmar,
         data = d, correlation = corCompSymm(form = ~ 1 | cuplid), control = ctl)
tt <- summary(m)$tTable
for (k in seq_len(nrow(tt))) cat(rownames(tt)[k], format(tt[k, 1:2], digits = 15), "\n")
cat("loglik", format(as.numeric(logLik(m)), digits = 15), "\n")
"""

MODERATED_NAMES = {
    "(Intercept)": "intercept",
    "other_pos": "actor",
    "xp": "partner",
    "tension": "tension",
    "Yearsmar": "Yearsmar",
    "other_pos:tension": "actor:tension",
    "xp:tension": "partner:tension",
}


@needs_r
@pytest.mark.parametrize(
    ("years_by", "tension_by"), [(1.0, 1.0), (1e9, 1.0), (1.0, 1e-9), (1e-13, 1e13), (1e12, 1e-12)]
)
def test_a_covariate_and_a_moderator_far_from_unit_scale_match_gls(
    acitelli_csv: str, tmp_path: Path, years_by: float, tension_by: float
) -> None:
    """Years married in units up to 1e13 and tension (the moderator) down to 1e-12 of its own:
    every estimate and SE within a relative 1e-6 of nlme's (the largest seen: 8e-8), the
    likelihood the same to 1e-8."""
    path = tmp_path / "scaled.csv"
    columns_times(acitelli_csv, path, {"Yearsmar": years_by, "tension": tension_by})
    script = tmp_path / "moderated.R"
    script.write_text(MODERATED_R)
    done = subprocess.run(
        ["Rscript", str(script), str(path)], capture_output=True, text=True, check=True, timeout=120
    )
    r = {line.split()[0]: [float(v) for v in line.split()[1:]] for line in done.stdout.splitlines()}
    ours = fit_apim(
        load_csv(path),
        dyad="cuplid",
        outcome="satisfaction",
        actor="other_pos",
        covariates=["Yearsmar"],
        moderator="tension",
    )
    for name, (estimate, se) in ((k, v) for k, v in r.items() if k != "loglik"):
        effect = ours.effect(MODERATED_NAMES[name])
        assert [effect.estimate, effect.se] == pytest.approx([estimate, se], rel=1e-6), name
    assert ours.loglik == pytest.approx(r["loglik"][0], abs=1e-8)


# --- Kenny's k: the bootstrap interval refitted by R --------------------------------------

#: Each draw of couples refitted by gls (REML, compound symmetry; with a role, separate effects
#: and varIdent), k = partner / actor per draw; prints each k's 2.5 and 97.5 % quantiles (R's
#: type 7) and SD, one line per k, then every draw's k.
K_BOOTSTRAP_R = r"""
suppressMessages(library(nlme))
a <- commandArgs(trailingOnly = TRUE)
all <- read.csv(a[1])
ctl <- glsControl(tolerance = 1e-14, msTol = 1e-14, opt = "optim")
ks <- t(sapply(split(all, all$draw), function(d) {
  d$xp <- ave(d$other_pos, d$nid, FUN = rev)
  cs <- corCompSymm(form = ~ 1 | nid)
  if (a[2] == "-") {
    b <- coef(gls(satisfaction ~ other_pos + xp, data = d, correlation = cs, control = ctl))
    b["xp"] / b["other_pos"]
  } else {
    d$r <- factor(d$gender)
    b <- coef(gls(satisfaction ~ 0 + r + r:other_pos + r:xp, data = d, correlation = cs,
                  weights = varIdent(form = ~ 1 | r), control = ctl))
    c(b["r-1:xp"] / b["r-1:other_pos"], b["r1:xp"] / b["r1:other_pos"])
  }
}))
if (nrow(ks) == 1) ks <- t(ks)
for (j in seq_len(ncol(ks))) {
  cat(format(c(quantile(ks[, j], c(0.025, 0.975)), sd(ks[, j])), digits = 15), "\n")
}
"""


def write_draws(source: str, target: Path, n_resamples: int, seed: int) -> None:
    """The couples of each bootstrap draw, as ``k_ratio`` draws them: whole couples, in the
    order of their sorted ids, drawn with replacement by NumPy's generator from ``seed``; a
    couple drawn twice enters twice, under a new id ``nid``."""
    table = load_csv(source)
    ids = table.ids("cuplid")
    units = np.unique(ids)
    with open(source, newline="") as handle:
        header, *body = list(csv.reader(handle))
    rows_of: dict[str, list[list[str]]] = {}
    for row, couple in zip(body, ids, strict=True):
        rows_of.setdefault(str(couple), []).append(row)
    rng = np.random.default_rng(seed)
    out: list[list[object]] = [["draw", "nid", *header]]
    for draw in range(n_resamples):
        for new, unit in enumerate(rng.integers(units.size, size=units.size)):
            out += [[draw, new, *row] for row in rows_of[str(units[unit])]]
    with target.open("w", newline="") as handle:
        csv.writer(handle).writerows(out)


@needs_r
@pytest.mark.parametrize("role", [None, "gender"])
def test_the_k_interval_is_r_refitting_the_same_draws(
    acitelli_csv: str, tmp_path: Path, role: str | None
) -> None:
    """The seeded percentile interval of k and its bootstrap SE are those R gets refitting
    gls to the same 100 draws of couples and taking quantile()'s default type 7 (seen: within
    4e-14)."""
    ours = k_ratio(
        load_csv(acitelli_csv),
        dyad="cuplid",
        outcome="satisfaction",
        actor="other_pos",
        role=role,
        n_resamples=100,
        seed=3,
    )
    assert ours.n_failed == 0
    draws = tmp_path / "draws.csv"
    write_draws(acitelli_csv, draws, 100, 3)
    script = tmp_path / "k.R"
    script.write_text(K_BOOTSTRAP_R)
    done = subprocess.run(
        ["Rscript", str(script), str(draws), role or "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    r = [[float(v) for v in line.split()] for line in done.stdout.splitlines()]
    assert [i.key for i in ours.intervals] == (["all"] if role is None else ["-1", "1"])
    for interval, (low, high, sd) in zip(ours.intervals, r, strict=True):
        assert [interval.ci_low, interval.ci_high, interval.boot_se] == pytest.approx(
            [low, high, sd], rel=1e-9
        )


# --- ten thousand couples --------------------------------------------------------------------


def many_couples(path: Path, couples: int) -> None:
    rng = np.random.default_rng(1)
    x = rng.normal(size=(couples, 2))
    e = rng.multivariate_normal([0, 0], [[1, 0.4], [0.4, 1.3]], size=couples)
    y = 1 + 0.4 * x + 0.2 * x[:, ::-1] + e
    with path.open("w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["d", "r", "x", "y"])
        for k in range(couples):
            for m, role in enumerate(("a", "b")):
                out.writerow([f"c{k}", role, round(x[k, m], 4), round(y[k, m], 4)])


@needs_r
@pytest.mark.parametrize("role", [None, "r"])
def test_ten_thousand_couples_match_gls(tmp_path: Path, role: str | None) -> None:
    """20,000 rows: each estimate and SE within a relative 1e-6 of nlme's, the likelihood no
    lower than its (the command takes about 0.3 s and 50 MB indistinguishable, 0.8 s and 90 MB
    distinguishable, on the machine of the check)."""
    path = tmp_path / "many.csv"
    many_couples(path, 10_000)
    assert assert_matches_gls(path, tmp_path, ("d", "y", "x"), role, "reml") < 1e-6


# --- the same file in another row order, with other names --------------------------------


def reordered(source: str, target: Path, *, renamed: bool) -> None:
    """The Acitelli couples with their rows in another order; ``renamed``: the columns named in
    Spanish with accents and the couples named in several scripts as well."""
    with open(source, newline="") as handle:
        header, *body = list(csv.reader(handle))
    if renamed:
        header = [SPANISH.get(name, name) for name in header]
        names = ["Zoë", "José", "Ærø", "李", "Müller"]
        for row in body:
            row[0] = f"{names[int(row[0]) % len(names)]}-{row[0]}"
    order = np.random.default_rng(4).permutation(len(body))
    with target.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([header, *(body[k] for k in order)])


SPANISH = {
    "cuplid": "pareja_ñ",
    "gender": "género",
    "other_pos": "visión_del_otro",
    "satisfaction": "satisfacción",
}


def flat(data: Any, path: str = "") -> dict[str, Any]:
    """Every leaf of a JSON document by its path, the Spanish names put back in English."""
    for english, spanish in SPANISH.items():
        path = path.replace(spanish, english)
    if isinstance(data, dict):
        return {
            k: v for key, value in data.items() for k, v in flat(value, f"{path}/{key}").items()
        }
    if isinstance(data, str):
        for english, spanish in SPANISH.items():
            data = data.replace(spanish, english)
    return {path: data}


def figures_of(
    path: str,
    capsys: pytest.CaptureFixture[str],
    role: str | None,
    names: dict[str, str],
    boot: bool,
) -> dict[str, Any]:
    by_role = ["--role", names[role]] if role else []
    found: dict[str, Any] = {}
    runs = [
        ["apim", "--outcome", "satisfaction", "--actor", "other_pos"],
        ["nonindependence", "--variable", "satisfaction"],
        ["apim-mediation", "--x", "other_pos", "--m", "tension", "--y", "satisfaction"],
    ]
    if boot:
        runs[0] += ["--k-interval"]
    for command, *options in runs:
        named = [names.get(v, v) for v in options]
        small = ["--bootstrap", "60"] if command != "nonindependence" else []
        argv = [command, path, "--dyad", names["cuplid"], *named, *by_role, *small, "--json"]
        assert main(argv) == 0
        found |= flat(json.loads(capsys.readouterr().out), command)
    if not boot:  # draws are numbered by the couples' ids in order, which renaming changes
        found = {k: v for k, v in found.items() if not k.startswith("apim-mediation/effects")}
    return found


@pytest.mark.parametrize("renamed", [False, True])
@pytest.mark.parametrize("role", [None, "gender"])
def test_rows_in_another_order_and_names_in_other_scripts_give_the_same_figures(
    acitelli_csv: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    role: str | None,
    renamed: bool,
) -> None:
    """Every figure of the APIM, of the likeness of partners and of the mediation model within
    a relative 1e-6 of those of the file as published (ρ, on a flat top, moved by 1e-8 and the
    SEs with it), the bootstrap intervals too when only the order of rows changed. Renaming
    the couples changes which couple each draw picks, as it would in R."""
    other = tmp_path / "otra.csv"
    reordered(acitelli_csv, other, renamed=renamed)
    names = SPANISH if renamed else {name: name for name in SPANISH}
    plain = figures_of(acitelli_csv, capsys, role, {n: n for n in SPANISH}, not renamed)
    moved = figures_of(str(other), capsys, role, names, not renamed)
    assert set(moved) == set(plain)
    for key, value in plain.items():
        if isinstance(value, float):
            assert moved[key] == pytest.approx(value, rel=1e-6, abs=1e-12), key
        else:
            assert moved[key] == value, key


# --- scoring with items left out, against R --------------------------------------------------

#: Each scale from the answers by R: reverse-keyed items as 8 - x, the mean of the answered items
#: when at least ceiling(0.8 k) of the k items are answered (else NA), on 0-100 as
#: (mean - 1) / 6 * 100; balance as mean(Self, Bond) / mean(Enmeshment, Distance) of the means.
#: Prints, per scale and the balance, how many NA disagree, the largest difference and the
#: number scored.
SCORE_R = r"""
a <- commandArgs(trailingOnly = TRUE)
d <- read.csv(a[1], check.names = FALSE, na.strings = c("", "NA"))
k <- read.csv(a[2])
s <- read.csv(a[3])
out <- data.frame(respondent = d$respondent)
for (sc in unique(k$scale)) {
  it <- k$item[k$scale == sc]; rv <- k$reverse[k$scale == sc] == 1
  x <- as.matrix(d[, it]); x[, rv] <- 8 - x[, rv]
  m <- rowMeans(x, na.rm = TRUE)
  m[rowSums(!is.na(x)) < ceiling(0.8 * length(it))] <- NA
  out[[sc]] <- (m - 1) / 6 * 100
  out[[paste0(sc, "_m")]] <- m
}
out$balance <- ((out$self_m + out$bond_m) / 2) / ((out$enmeshment_m + out$distance_m) / 2)
m <- merge(s, out, by = "respondent", suffixes = c("", ".r"))
for (v in c("self", "bond", "enmeshment", "distance", "balance")) {
  ours <- m[[v]]; theirs <- m[[paste0(v, ".r")]]
  cat(v, sum(is.na(ours) != is.na(theirs)), max(abs(ours - theirs), na.rm = TRUE),
      sum(!is.na(ours)), "\n")
}
"""


def answers_with_gaps(folder: Path) -> tuple[Path, Path, int]:
    """400 respondents of the inventory; each leaves out items at a rate of 0 to 50 % (or all),
    and 30 leave out exactly one item more than each scale allows, or exactly as many."""
    from interdepend.core.instrument import load_builtin

    instrument = load_builtin("interdependence_inventory_v2")
    items = instrument.items
    rng = np.random.default_rng(4)
    x = rng.integers(1, 8, size=(430, len(items))).astype(float)
    rate = rng.choice([0, 0.05, 0.1, 0.2, 0.25, 0.3, 0.5, 1.0], size=430)
    x[:400][rng.random((400, len(items))) < rate[:400, None]] = np.nan
    for row in range(400, 430):  # at the rule's edge, scale by scale
        for scale in instrument.scales:
            members = [k for k, item in enumerate(items) if item.scale_id == scale.id]
            allowed = len(members) - math.ceil(0.8 * len(members) - 1e-9)
            x[row, rng.permutation(members)[: allowed + row % 2]] = np.nan
    key = folder / "key.csv"
    with key.open("w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["item", "scale", "reverse"])
        out.writerows([i.id, i.scale_id, int(i.reverse)] for i in items)
    path = folder / "answers.csv"
    with path.open("w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["respondent", *(i.id for i in items)])
        for k, row in enumerate(x):
            out.writerow([f"p{k}", *("" if math.isnan(v) else int(v) for v in row)])
    return path, key, int(np.isnan(x).all(axis=1).sum())


@needs_r
def test_scores_with_items_left_out_match_r(tmp_path: Path) -> None:
    """Prorating as SCIENCE.md says (at least 80 % of a scale's items, so 13 of 16, 17 of 21,
    11 of 13), reverse keys, the 0-100 metric and the balance: the same scales missing as R
    says, and each score within the six decimals the file is written to."""
    answers, key, empty = answers_with_gaps(tmp_path)
    scored = tmp_path / "scored.csv"
    code = main(
        ["score", "--instrument", "interdependence_inventory_v2", str(answers), "-o", str(scored)]
    )
    assert code == 0
    script = tmp_path / "score.R"
    script.write_text(SCORE_R)
    done = subprocess.run(
        ["Rscript", str(script), str(answers), str(key), str(scored)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    rows = {
        line.split()[0]: [float(v) for v in line.split()[1:]] for line in done.stdout.splitlines()
    }
    assert set(rows) == {"self", "bond", "enmeshment", "distance", "balance"}
    for name, (disagree, largest, n) in rows.items():
        assert disagree == 0, name
        assert largest <= 5e-7 + 1e-12, name
        assert 100 < n < 430 - empty, name
    with scored.open(newline="") as handle:
        by_id = {row["respondent"]: row for row in csv.DictReader(handle)}
    scales = ("self", "bond", "enmeshment", "distance")
    assert all(by_id["p400"][s] != "" for s in scales)  # exactly as many left out as allowed
    assert all(by_id["p401"][s] == "" for s in scales)  # one more


# --- the likelihood-ratio tests with people missing ----------------------------------------

#: gls with na.omit, the partner's predictor NA when the partner has no row: the
#: distinguishability χ² (ML) and both REML tests of ρ = 0 (with varIdent by role, and without).
TESTS_R = r"""
suppressMessages(library(nlme))
d <- read.csv(commandArgs(trailingOnly = TRUE)[1])
i <- seq_len(nrow(d))
d$xp <- sapply(i, function(k) {
  o <- which(d$d == d$d[k] & i != k)
  if (length(o) == 1) d$x[o] else NA
})
d$r <- factor(d$r)
ctl <- glsControl(tolerance = 1e-14, msTol = 1e-14, opt = "optim")
cs <- corCompSymm(form = ~ 1 | d)
vi <- varIdent(form = ~ 1 | r)
one <- y ~ x + xp
two <- y ~ 0 + r + r:x + r:xp
f <- function(formula, method, ...) {
  gls(formula, d, method = method, na.action = na.omit, control = ctl, ...)
}
lr <- function(a, b) format(2 * (as.numeric(logLik(a)) - as.numeric(logLik(b))), digits = 15)
cat(lr(f(two, "ML", correlation = cs, weights = vi), f(one, "ML", correlation = cs)),
    lr(f(two, "REML", correlation = cs, weights = vi), f(two, "REML", weights = vi)),
    lr(f(one, "REML", correlation = cs), f(one, "REML")), "\n")
"""


@needs_r
def test_the_likelihood_ratio_tests_with_people_missing_match_gls(tmp_path: Path) -> None:
    """60 couples, three husbands in four without an outcome and some wives without a row:
    the test of distinguishability and the tests of ρ = 0, each χ² within 1e-6 of R's."""
    path = tmp_path / "missing.csv"
    mostly_missing_husbands(path)
    script = tmp_path / "tests.R"
    script.write_text(TESTS_R)
    done = subprocess.run(
        ["Rscript", str(script), str(path)], capture_output=True, text=True, check=True, timeout=120
    )
    distinguishability, rho_by_role, rho = (float(v) for v in done.stdout.split())
    table = load_csv(path)
    by_role = fit_apim(table, dyad="d", outcome="y", actor="x", role="r")
    alike = fit_apim(table, dyad="d", outcome="y", actor="x")
    assert by_role.n_lone_members > 0 and by_role.n_incomplete_dyads > 20
    assert by_role.distinguishability is not None and by_role.rho_test is not None
    assert alike.rho_test is not None
    assert by_role.distinguishability.chi2 == pytest.approx(distinguishability, abs=1e-6)
    assert by_role.distinguishability.df == 4
    assert by_role.rho_test.chi2 == pytest.approx(rho_by_role, abs=1e-6)
    assert alike.rho_test.chi2 == pytest.approx(rho, abs=1e-6)


# --- accented names stored two ways ----------------------------------------------------------


def accents_apart(source: str, target: Path, every: int) -> None:
    """The Acitelli couples named José-<id>, the husband's id of every ``every``-th couple with
    its é stored as e and a separate accent mark (as some programs write it), and the column
    satisfaction named satisfacción in that way."""
    with open(source, newline="") as handle:
        header, *body = list(csv.reader(handle))
    header[header.index("satisfaction")] = unicodedata.normalize("NFD", "satisfacción")
    for row in body:
        apart = row[2] == "1" and int(row[0]) % every == 0
        row[0] = unicodedata.normalize("NFD" if apart else "NFC", f"José-{row[0]}")
    with target.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([header, *body])


def test_a_column_whose_accent_is_stored_apart_is_explained(
    acitelli_csv: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The message listed 'satisfacción' among the columns while saying 'satisfacción' was not
    one of them, the two printed alike."""
    path = tmp_path / "accents.csv"
    accents_apart(acitelli_csv, path, 1)
    argv = ["apim", str(path), "--dyad", "cuplid", "--outcome", "satisfacción"]
    assert main([*argv, "--actor", "other_pos"]) == 2
    captured = capsys.readouterr()
    assert "which looks the same but stores its accented letters differently" in captured.err
    assert "copy the name from the file's header" in captured.err
    assert captured.out == "" and "Traceback" not in captured.err


@needs_r
def test_couple_ids_whose_accent_is_stored_apart_are_told_apart_as_r_tells_them(
    acitelli_csv: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """R's read.csv compares the two ways as different ids, and so do we; what was missing was
    the reason, where every person, or some, had no partner row."""
    path = tmp_path / "accents.csv"
    accents_apart(acitelli_csv, path, 4)
    script = tmp_path / "ids.R"
    script.write_text('cat(length(unique(read.csv(commandArgs(TRUE)[1])$cuplid)), "\\n")\n')
    done = subprocess.run(
        ["Rscript", str(script), str(path)], capture_output=True, text=True, check=True, timeout=60
    )
    outcome = unicodedata.normalize("NFD", "satisfacción")
    fit = fit_apim(load_csv(path), dyad="cuplid", outcome=outcome, actor="other_pos")
    assert fit.n_dyads + fit.n_lone_members == int(done.stdout) > 148
    assert fit.n_lone_members == 2 * (int(done.stdout) - 148)
    argv = ["apim", str(path), "--dyad", "cuplid", "--outcome", outcome, "--actor", "other_pos"]
    assert main(argv) == 0
    said = "look the same but store their accented letters in different ways"
    assert f"note: some 'cuplid' values {said}" in capsys.readouterr().out
    accents_apart(acitelli_csv, path, 1)
    assert main(argv) == 2
    assert said in capsys.readouterr().err


# --- effects that cannot be told apart, named -----------------------------------------------


def one_value_in_a_role(path: Path) -> None:
    """30 couples; every husband's predictor is 1, the wives' vary."""
    rng = np.random.default_rng(3)
    with path.open("w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["d", "r", "x", "y"])
        for couple in range(30):
            out.writerow(
                [couple, "wife", round(float(rng.normal()), 3), round(float(rng.normal()), 3)]
            )
            out.writerow([couple, "husband", 1, round(float(rng.normal()), 3)])


@needs_r
def test_a_predictor_with_one_value_in_a_role_is_named_where_gls_stops(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The message blamed a predictor shared by the partners, which it was not, and named no
    effect; gls stops on the singular fit."""
    path = tmp_path / "husbands.csv"
    one_value_in_a_role(path)
    with pytest.raises(subprocess.CalledProcessError):
        r_gls(path, tmp_path, ("d", "y", "x"), "r", "reml")
    argv = ["apim", str(path), "--dyad", "d", "--outcome", "y", "--actor", "x", "--role", "r"]
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert "(here: actor[role=husband] and partner[role=wife] each take one value only" in (
        captured.err
    )
    assert "takes one value only among the people of one role" in captured.err
    assert captured.out == "" and "Traceback" not in captured.err
    assert main(argv[:-2]) == 0  # without the role, the husbands' 1s vary with the wives' values
    capsys.readouterr()


def test_a_predictor_the_same_for_both_partners_names_the_two_effects(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "shared.csv"
    rows = [f"{c},{c % 5},{(c * 7 + m) % 11},3" for c in range(12) for m in (0, 1)]
    path.write_text("\n".join(["d,x,y,k", *rows]) + "\n")
    argv = ["apim", str(path), "--dyad", "d", "--outcome", "y", "--actor", "x"]
    assert main(argv) == 2
    assert "cannot be told apart (here: actor and partner):" in capsys.readouterr().err
    rows = [f"{c},{c % 5 + m},{(c * 7 + m) % 11},3" for c in range(12) for m in (0, 1)]
    path.write_text("\n".join(["d,x,y,k", *rows]) + "\n")
    assert main([*argv, "--covariate", "k"]) == 2
    assert "(here: k takes one value only, as the intercept does)" in capsys.readouterr().err


#: The mediation model on each draw: tension on own and partner other_pos, satisfaction on own
#: and partner other_pos and tension, by gls; the four indirect products, the two indirect
#: totals and the two total effects; each one's 2.5 and 97.5 % quantiles and SD, one per line.
MEDIATION_R = r"""
suppressMessages(library(nlme))
all <- read.csv(commandArgs(trailingOnly = TRUE)[1])
ctl <- glsControl(tolerance = 1e-14, msTol = 1e-14, opt = "optim")
v <- t(sapply(split(all, all$draw), function(d) {
  d$xp <- ave(d$other_pos, d$nid, FUN = rev)
  d$mp <- ave(d$tension, d$nid, FUN = rev)
  cs <- corCompSymm(form = ~ 1 | nid)
  a <- coef(gls(tension ~ other_pos + xp, data = d, correlation = cs, control = ctl))
  b <- coef(gls(satisfaction ~ other_pos + xp + tension + mp, data = d, correlation = cs,
                control = ctl))
  aa <- a["other_pos"] * b["tension"]; pp <- a["xp"] * b["mp"]
  ap <- a["other_pos"] * b["mp"]; pa <- a["xp"] * b["tension"]
  c(aa, pp, ap, pa, aa + pp, ap + pa, b["other_pos"] + aa + pp, b["xp"] + ap + pa)
}))
for (j in seq_len(ncol(v))) {
  cat(format(c(quantile(v[, j], c(0.025, 0.975)), sd(v[, j])), digits = 15), "\n")
}
"""

MEDIATION_EFFECTS = [
    "actor-actor",
    "partner-partner",
    "actor-partner",
    "partner-actor",
    "indirect actor (total)",
    "indirect partner (total)",
    "total actor",
    "total partner",
]


@needs_r
def test_the_mediation_intervals_are_r_refitting_the_same_draws(
    acitelli_csv: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``apim-mediation --bootstrap 100 --seed 3``: each indirect and total effect's percentile
    interval and bootstrap SE are those of R refitting both gls models to the same 100 draws
    (seen: within 1e-14)."""
    draws = tmp_path / "draws.csv"
    write_draws(acitelli_csv, draws, 100, 3)
    script = tmp_path / "mediation.R"
    script.write_text(MEDIATION_R)
    done = subprocess.run(
        ["Rscript", str(script), str(draws)],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    r = [[float(v) for v in line.split()] for line in done.stdout.splitlines()]
    argv = ["apim-mediation", acitelli_csv, "--dyad", "cuplid", "--x", "other_pos", "--m"]
    argv += ["tension", "--y", "satisfaction", "--bootstrap", "100", "--seed", "3", "--json"]
    assert main(argv) == 0
    effects = json.loads(capsys.readouterr().out)["effects"]
    for name, (low, high, sd) in zip(MEDIATION_EFFECTS, r, strict=True):
        ours = effects[name]
        assert [ours["ci_low"], ours["ci_high"], ours["se"]] == pytest.approx(
            [low, high, sd], rel=1e-9
        ), name
