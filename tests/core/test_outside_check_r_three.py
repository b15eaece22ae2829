"""The statistics held against R a fourth time (the statistics audit of 2026-12-04, fourth
round), on ground the other outside checks did not cover: answers to the items far from zero
(a response scale of 10,000,001 to 10,000,007) and in tiny units, for alpha and omega total
(psych's ``alpha``) and omega hierarchical (psych's ``omega``); and a file with one row per
couple, as R users often keep one. Each either matches R or is refused in our own words,
saying what the file needs."""

from __future__ import annotations

import csv
import json
import math
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from interdepend.cli import main
from interdepend.content import CONTENT_DIR
from interdepend.core.cfa import intended_structure, simulate_responses
from interdepend.core.instrument import load_builtin
from interdepend.core.psychometrics import omega_from_answers, reliability
from tests.core.test_omega import R_SCRIPT as OMEGA_R
from tests.core.test_omega import simulate
from tests.core.test_outside_check_r import ALPHA_R, REVERSED, keyed_answers

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
