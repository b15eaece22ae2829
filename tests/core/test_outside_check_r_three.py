"""The statistics held against R a fourth time (the statistics audit of 2026-12-04, fourth
round), on ground the other outside checks did not cover: answers to the items far from zero
(a response scale of 10,000,001 to 10,000,007) and in tiny units, for alpha and omega total
(psych's ``alpha``) and omega hierarchical (psych's ``omega``); a file with one row per
couple, as R users often keep one; ``validate`` with an instrument of one's own of one or two
scales, or a grouping of scales that is one of the other models (lavaan); a covariate
written as words (gls); and Kenny's k bootstrapped once. Each either matches R or is refused
in our own words, saying what is needed."""

from __future__ import annotations

import csv
import json
import math
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from interdepend.cli import main
from interdepend.content import CONTENT_DIR
from interdepend.core.cfa import intended_structure, one_factor_structure, simulate_responses
from interdepend.core.instrument import load_builtin, load_instrument
from interdepend.core.psychometrics import omega_from_answers, reliability
from tests.core.test_omega import R_SCRIPT as OMEGA_R
from tests.core.test_omega import simulate
from tests.core.test_outside_check_r import ALPHA_R, REVERSED, keyed_answers, lavaan

needs_r = pytest.mark.skipif(shutil.which("Rscript") is None, reason="Rscript is not installed")


def write_exactly(path: Path, answers: np.ndarray) -> Path:
    """Answers with every digit kept (``%g`` writes 10000004 as 1e+07), NA where missing."""
    lines = [",".join(f"i{k + 1}" for k in range(answers.shape[1]))]
    lines += [",".join("NA" if math.isnan(v) else repr(float(v)) for v in row) for row in answers]
    path.write_text("\n".join(lines) + "\n")
    return path


def run_r(tmp: Path, script: str, *arguments: str) -> list[list[float]]:
    path = tmp / "check.R"
    path.write_text(script)
    out = subprocess.run(
        ["Rscript", str(path), *arguments], capture_output=True, text=True, check=True, timeout=180
    ).stdout
    return [[float(v) for v in line.split()] for line in out.splitlines()]


def gapped_keyed_answers() -> np.ndarray:
    answers = keyed_answers()
    answers[np.random.default_rng(8).random(answers.shape) < 0.1] = np.nan
    return answers


# --- answers far from zero, and in tiny units ---------------------------------------------


@needs_r
@pytest.mark.parametrize(
    ("by", "offset"), [(1.0, 1e6), (1.0, 1e7), (1.0, 1e8), (1e-9, 0.0), (1e9, 1e15)]
)
def test_alpha_of_answers_far_from_zero_or_in_tiny_units_matches_psych(
    tmp_path: Path, by: float, offset: float
) -> None:
    """The spread of each item was worked out from sums of squares: on a scale of 1,000,001 to
    1,000,007 alpha was off in the sixth digit (0.870799 for psych's 0.870806); from
    10,000,001 up two items were said to have "no correlation" because everyone "gave the same
    answer"; in units of 1e-9 the same refusal, though the answers vary as much as before."""
    answers = gapped_keyed_answers() * by + offset
    keys = ",".join(f"i{k + 1}" for k, r in enumerate(REVERSED) if r)
    path = write_exactly(tmp_path / "answers.csv", answers)
    (alpha, std_alpha), r_drop, alpha_drop, (omega,) = run_r(tmp_path, ALPHA_R, str(path), keys)
    ids = [f"i{k + 1}" for k in range(5)]
    report = reliability(answers, ids, REVERSED, by + offset, 7 * by + offset)
    assert report.alpha == pytest.approx(alpha, abs=1e-9)
    assert report.alpha_standardized == pytest.approx(std_alpha, abs=1e-9)
    assert [i.item_rest_r for i in report.items] == pytest.approx(r_drop, abs=1e-9)
    assert [i.alpha_if_dropped for i in report.items] == pytest.approx(alpha_drop, abs=1e-9)
    assert report.omega_total == pytest.approx(omega, abs=1e-6)


@needs_r
@pytest.mark.parametrize("offset", [1e7, 1e9])
def test_omega_hierarchical_of_answers_far_from_zero_matches_psych(
    tmp_path: Path, offset: float
) -> None:
    """Twelve items answered 10,000,001 to 10,000,005: omega hierarchical came out 0.678 and
    omega total 0.883 where psych gives 0.658 and 0.841 for the same answers, with no sign that
    anything was wrong (``validate`` prints these); at 10^9 the answers were refused as "some
    pair of items has answers that do not vary together"."""
    answers = simulate(11, 12, 3) + offset
    path = write_exactly(tmp_path / "answers.csv", answers)
    ((hierarchical, total, *general),) = run_r(tmp_path, OMEGA_R, str(path))
    ours = omega_from_answers(answers)
    assert ours.hierarchical == pytest.approx(hierarchical, abs=1e-6)
    assert ours.total == pytest.approx(total, abs=1e-6)
    assert ours.general_loadings == pytest.approx(general, abs=1e-5)


def test_an_item_answered_alike_far_from_zero_is_still_named() -> None:
    """The shift that keeps the digits must not hide an item that truly does not vary."""
    answers = gapped_keyed_answers() + 1e7
    answers[:, 1] = np.where(np.isnan(answers[:, 1]), np.nan, 1e7 + 4)
    ids = [f"i{k + 1}" for k in range(5)]
    report = reliability(answers, ids, REVERSED, 1e7 + 1, 1e7 + 7)
    assert report.n_items == 4 and "i2" not in [i.item_id for i in report.items]


def shifted_instrument(folder: Path, offset: int) -> Path:
    """The first inventory with its answers running from ``offset`` + 1 to ``offset`` + 7."""
    text = (CONTENT_DIR / "interdependence_inventory_v1.toml").read_text(encoding="utf-8")
    start, end = text.index("[response_scale]"), text.index("[scoring]")
    block = re.sub(
        r"\b(min|max|value) = (\d+)",
        lambda m: f"{m.group(1)} = {int(m.group(2)) + offset}",
        text[start:end],
    )
    path = folder / "shifted.toml"
    path.write_text(text[:start] + block + text[end:], encoding="utf-8")
    return path


def inventory_answers(path: Path, offset: int) -> Path:
    """150 people's answers to the first inventory, 5 % left blank, ``offset`` added."""
    inventory = load_builtin("interdependence_inventory_v1")
    structure = intended_structure(inventory)
    rng = np.random.default_rng(4)
    loadings = rng.uniform(0.55, 0.8, len(structure.items))
    phi = np.full((4, 4), 0.3) + 0.7 * np.eye(4)
    x = simulate_responses(structure, loadings, phi, 150, rng).astype(float)
    x = x[:, [structure.items.index(i) for i in inventory.item_ids]]
    x[rng.random(x.shape) < 0.05] = np.nan
    lines = [",".join(["respondent", *inventory.item_ids])]
    lines += [
        ",".join([f"p{k}", *("" if math.isnan(v) else str(int(v) + offset) for v in row)])
        for k, row in enumerate(x)
    ]
    path.write_text("\n".join(lines) + "\n")
    return path


def test_the_command_gives_a_scale_of_ten_million_the_figures_of_one_to_seven(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``psychometrics`` with an instrument answered 10,000,001 to 10,000,007 stopped with
    "items s01 and s02 have no correlation: the 142 respondents who answered both gave s01
    the same answer"; the same answers on 1 to 7 are reported in full."""
    plain = inventory_answers(tmp_path / "plain.csv", 0)
    far = inventory_answers(tmp_path / "far.csv", 10_000_000)
    argv = ["psychometrics", "--json", "--instrument"]
    assert main([*argv, "interdependence_inventory_v1", str(plain)]) == 0
    expected = json.loads(capsys.readouterr().out)
    assert main([*argv, str(shifted_instrument(tmp_path, 10_000_000)), str(far)]) == 0
    got = json.loads(capsys.readouterr().out)
    assert got.keys() == expected.keys()
    for scale, figures in expected.items():
        for name in ("alpha", "alpha_standardized", "omega_total"):
            assert got[scale][name] == pytest.approx(figures[name], abs=1e-12), (scale, name)
        for item, stats in figures["items"].items():
            ours = got[scale]["items"][item]
            assert ours["mean"] == pytest.approx(stats["mean"] + 10_000_000, abs=1e-6)
            for name in ("sd", "item_rest_r", "alpha_if_dropped", "loading"):
                assert ours[name] == pytest.approx(stats[name], abs=1e-9), (item, name)


# --- a file with one row per couple -------------------------------------------------------


def one_row_per_couple(source: str, path: Path) -> Path:
    """The Acitelli couples with each couple on one row, the wife's and the husband's values
    side by side (Kenny's dyad layout)."""
    with Path(source).open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    by_couple: dict[str, dict[str, dict[str, str]]] = {}
    for row in rows:
        by_couple.setdefault(row["cuplid"], {})[row["gender"]] = row
    lines = ["cuplid,satisfaction_w,satisfaction_h,other_pos_w,other_pos_h,tension_w"]
    for couple, members in by_couple.items():
        w, h = members["-1"], members["1"]
        values = [w["satisfaction"], h["satisfaction"], w["other_pos"], h["other_pos"]]
        lines.append(",".join([couple, *values, w["tension"]]))
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.mark.parametrize(
    "command",
    [
        ["apim", "--outcome", "satisfaction_w", "--actor", "other_pos_w"],
        ["nonindependence", "--variable", "satisfaction_w"],
        ["apim-mediation", "--x", "other_pos_w", "--m", "tension_w", "--y", "satisfaction_w"],
    ],
)
def test_a_file_with_one_row_per_couple_says_what_it_needs(
    acitelli_csv: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    """Each couple on one row (a layout R users often have) was told only that each of the
    "148 people" had no partner; ``apim-mediation`` added "fill in the value, or remove that
    couple's rows", which would remove every row."""
    path = one_row_per_couple(acitelli_csv, tmp_path / "couples.csv")
    assert main([command[0], str(path), "--dyad", "cuplid", *command[1:]]) == 2
    err = capsys.readouterr().err
    assert "each couple needs two rows, one per partner, with the same 'cuplid' value" in err
    assert "needs to be written as one row per person first" in err
    assert "remove that couple's rows" not in err and "Traceback" not in err


# --- validate with an instrument of one's own of one or two scales ------------------------


def fewer_scales(folder: Path, keep: tuple[str, ...]) -> Path:
    """The partner-perception form with only the scales ``keep`` and their statements."""
    text = (CONTENT_DIR / "partner_perception_v1.toml").read_text(encoding="utf-8")
    head, *blocks = text.split("\n[[")
    gone = [s for s in ("self", "bond", "enmeshment", "distance") if s not in keep]
    kept = [b for b in blocks if not any(f'id = "{s}"' in b or f'scale = "{s}"' in b for s in gone)]
    path = folder / f"{len(keep)}_scales.toml"
    path.write_text("\n[[".join([head, *kept]), encoding="utf-8")
    return path


def perception_answers(path: Path, n: int = 200) -> np.ndarray:
    """Answers to the form's first six statements (Self, then Bond), the third of each scale
    worded the other way; the role alternates."""
    rng = np.random.default_rng(2)
    factors = rng.normal(size=(n, 2)) @ np.linalg.cholesky([[1, 0.4], [0.4, 1]]).T
    latent = np.repeat(factors, 3, axis=1) * 0.7 + rng.normal(size=(n, 6)) * 0.6
    x = np.clip(np.round(4 + 1.2 * latent), 1, 7)
    x[:, [2, 5]] = 8 - x[:, [2, 5]]
    lines = ["respondent,pp01,pp02,pp03,pp04,pp05,pp06,role"]
    lines += [
        ",".join([f"p{k}", *(str(int(v)) for v in row), "ab"[k % 2]]) for k, row in enumerate(x)
    ]
    path.write_text("\n".join(lines) + "\n")
    recoded: np.ndarray = x.copy()
    recoded[:, [2, 5]] = 8 - recoded[:, [2, 5]]
    return recoded


def lavaan_figures(model: dict[str, Any]) -> list[float]:
    f = model["fit"]
    head = ["chi_square", "df", "cfi", "tli", "rmsea", "rmsea_low", "rmsea_high", "srmr"]
    return [f[k] for k in head] + [loading["standardized"] for loading in model["loadings"]]


@needs_r
def test_an_instrument_of_two_scales_is_validated_as_lavaan_fits_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without ``--pairs`` the inventories' grouping was looked for ("'enmeshment' is not a
    scale of two_scales"); with ``--pairs self+bond`` (the only grouping two scales have) the
    command ended in a traceback. Now the two models it can have, each as lavaan fits it."""
    answers = perception_answers(tmp_path / "answers.csv")
    form = fewer_scales(tmp_path, ("self", "bond"))
    out = tmp_path / "validity.json"
    argv = ["validate", str(tmp_path / "answers.csv"), "--instrument", str(form)]
    assert main([*argv, "--json", str(out)]) == 0
    text = capsys.readouterr().out
    assert "2 factors (one per scale)" in text and "1 factor (all items)" in text
    report = json.loads(out.read_text())
    intended, one = report["models"]
    assert [d["df"] for d in report["differences"]] == [1]
    inventory = load_instrument(form)
    for model, structure in zip(
        (intended, one),
        (intended_structure(inventory), one_factor_structure(inventory)),
        strict=True,
    ):
        expected = lavaan(tmp_path, answers[:, : len(structure.items)], structure)
        assert lavaan_figures(model) == pytest.approx(expected, abs=1e-4), structure.name
    assert main([*argv, "--pairs", "self+bond"]) == 2
    err = capsys.readouterr().err
    assert "puts every scale on one factor" in err and "Traceback" not in err


@needs_r
def test_an_instrument_of_one_scale_fits_its_one_model_as_lavaan_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One scale of three statements: its model is one factor for all items too, and no test
    can compare the two (lavaan's ``anova`` warns that they have the same degrees of
    freedom). Its p is not printed as "nan": three items fit exactly, on 0 df."""
    answers = perception_answers(tmp_path / "answers.csv")
    form = fewer_scales(tmp_path, ("self",))
    out = tmp_path / "validity.json"
    argv = ["validate", str(tmp_path / "answers.csv"), "--instrument", str(form)]
    assert main([*argv, "--json", str(out)]) == 0
    text = capsys.readouterr().out
    assert "nan" not in text and "Chi-square difference" not in text
    report = json.loads(out.read_text())
    (model,) = report["models"]
    assert report["differences"] == []
    structure = intended_structure(load_instrument(form))
    expected = lavaan(tmp_path, answers[:, :3], structure)
    assert lavaan_figures(model) == pytest.approx(expected, abs=1e-4, nan_ok=True)


@pytest.mark.parametrize(
    ("pairs", "said"),
    [
        ("self+bond+enmeshment+distance", "puts every scale on one factor"),
        ("self,bond,enmeshment,distance", "gives each scale a factor of its own"),
    ],
)
def test_a_grouping_that_is_another_model_is_refused_in_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], pairs: str, said: str
) -> None:
    """Both ended in a traceback ("the restricted model must have more degrees of freedom")
    after every model had been fitted."""
    path = inventory_answers(tmp_path / "answers.csv", 0)
    argv = ["validate", str(path), "--instrument", "interdependence_inventory_v1"]
    assert main([*argv, "--pairs", pairs]) == 2
    captured = capsys.readouterr()
    assert said in captured.err and "Traceback" not in captured.err and captured.out == ""


# --- a covariate written as words ---------------------------------------------------------

#: R's gls with a covariate of words: R makes the 0/1 columns of the category itself.
CITY_R = r"""
suppressMessages(library(nlme))
d <- read.csv(commandArgs(trailingOnly = TRUE)[1])
d$xp <- ave(d$other_pos, d$cuplid, FUN = rev)
m <- gls(satisfaction ~ other_pos + xp + city, data = d,
         correlation = corCompSymm(form = ~ 1 | cuplid))
cat(format(coef(m)[c("other_pos", "xp")], digits = 15), "\n")
"""


@needs_r
def test_a_covariate_of_words_says_how_to_enter_it_and_then_matches_gls(
    acitelli_csv: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--covariate city`` with cities written as words: R's gls makes the category's 0/1
    columns itself; we said only "'west' is not a number". Now the message says what to do,
    and doing it gives gls's actor and partner effects."""
    cities = ("north", "south", "east", "west", "centre")
    with Path(acitelli_csv).open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        row["city"] = cities[int(row["cuplid"]) % 5]
        for city in cities[1:]:
            row[city] = str(int(row["city"] == city))
    path = tmp_path / "cities.csv"
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    argv = ["apim", str(path), "--dyad", "cuplid", "--outcome", "satisfaction"]
    argv += ["--actor", "other_pos", "--json"]
    assert main([*argv, "--covariate", "city"]) == 2
    err = capsys.readouterr().err
    assert "no value in 'city' is a number" in err
    assert "a category enters as 0/1 columns, one for each of its values but one" in err
    assert main([*argv, *(a for city in cities[1:] for a in ("--covariate", city))]) == 0
    fixed = json.loads(capsys.readouterr().out)["fixed"]
    ((actor, partner),) = run_r(tmp_path, CITY_R, str(path))
    ours = [fixed["actor"]["estimate"], fixed["partner"]["estimate"]]
    assert ours == pytest.approx([actor, partner], abs=1e-6)


# --- Kenny's k from one resample ----------------------------------------------------------


def test_the_k_interval_of_one_resample_is_not_printed(
    acitelli_csv: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--k-interval --bootstrap 1`` printed "0.7192  nan  [0.7960, 0.7960]": an interval
    that does not hold its estimate, beside a spread of "nan"."""
    argv = ["apim", acitelli_csv, "--dyad", "cuplid", "--outcome", "satisfaction"]
    argv += ["--actor", "other_pos", "--k-interval", "--bootstrap"]
    assert main([*argv, "1"]) == 0
    out = capsys.readouterr().out
    assert "nan" not in out and "0.7960" not in out
    assert re.search(r"^k +0\.7192 +– +–$", out, re.MULTILINE), out
    assert "no interval: it needs at least two resamples that could be fitted" in out
    assert main([*argv, "2"]) == 0
    assert re.search(
        r"^k +0\.7192 +\d\.\d{4} +\[\d\.\d{4}, \d\.\d{4}\]$", capsys.readouterr().out, re.MULTILINE
    )


# --- an item hardly anyone answered -------------------------------------------------------

#: psych's alpha of answers already recoded: it deletes an item without spread, with a warning.
RECODED_ALPHA_R = r"""
suppressMessages(library(psych))
x <- read.csv(commandArgs(trailingOnly = TRUE)[1])
a <- suppressWarnings(alpha(x, check.keys = FALSE, warnings = FALSE))
cat(format(c(a$total$raw_alpha, a$total$std.alpha), digits = 15), "\n")
cat(format(a$item.stats$r.drop, digits = 15), "\n")
"""


@needs_r
@pytest.mark.parametrize("answered", [0, 1])
def test_an_item_fewer_than_two_answered_is_left_out_as_psych_leaves_it_out(
    tmp_path: Path, answered: int
) -> None:
    """Nobody, or one person, answered the second item: psych deletes it ("had no variance")
    and gives the alpha of the other four; we stopped with "item i2 was answered by 0
    respondents; at least two are needed", for every scale of the file at once."""
    answers = gapped_keyed_answers()
    answers[answered:, 1] = np.nan
    recoded = answers.copy()
    recoded[:, [2, 4]] = 8 - recoded[:, [2, 4]]
    path = write_exactly(tmp_path / "answers.csv", recoded)
    (alpha, std_alpha), r_drop = run_r(tmp_path, RECODED_ALPHA_R, str(path))
    ids = [f"i{k + 1}" for k in range(5)]
    report = reliability(answers, ids, REVERSED, 1, 7)
    assert report.unanswered == ("i2",) and report.left_out == ()
    assert [i.item_id for i in report.items] == ["i1", "i3", "i4", "i5"]
    assert report.alpha == pytest.approx(alpha, abs=1e-12)
    assert report.alpha_standardized == pytest.approx(std_alpha, abs=1e-12)
    assert [i.item_rest_r for i in report.items] == pytest.approx(r_drop, abs=1e-12)


def test_the_command_reports_every_scale_beside_an_item_nobody_answered(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = inventory_answers(tmp_path / "answers.csv", 0)
    lines = path.read_text().splitlines()
    header = lines[0].split(",")
    column = header.index("s01")
    rows = [line.split(",") for line in lines[1:]]
    for row in rows:
        row[column] = ""
    path.write_text("\n".join([lines[0], *(",".join(row) for row in rows)]) + "\n")
    argv = ["psychometrics", str(path), "--instrument", "interdependence_inventory_v1"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "self: 11 items" in out and "bond: 12 items" in out
    assert "left out, as fewer than two respondents answered them: s01" in out
    assert main([*argv, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["self"]["unanswered"] == ["s01"]
