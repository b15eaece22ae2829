"""How alike partners' scores are (``interdepend.core.nonindependence``), against R and by
its properties, and ``interdepend nonindependence`` on real files."""

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
from hypothesis import given, settings
from hypothesis import strategies as st

from interdepend.cli import main
from interdepend.core.dyadic import DyadicDataError, DyadSizeError, load_csv
from interdepend.core.nonindependence import NonindependenceError, nonindependence


@pytest.fixture(scope="module")
def acitelli(acitelli_csv: str) -> str:
    return acitelli_csv


# Printed by R 4.2 for the Acitelli couples: summary(aov()) for MS_B and MS_W, pf() doubled,
# psych::ICC(cbind(wife, husband), lmer = FALSE) for ICC1 and its bounds, cor() on the
# double-entered scores, and cor.test(wife, husband).
R_ACITELLI = {
    "satisfaction": {
        "icc": 0.618470033503615,
        "f": 4.24205219937541,
        "p": 3.60381166577938e-17,
        "icc_ci": (0.508393841475697, 0.708704299031027),
        "pairwise_r": 0.616372433094621,
        "pairwise_p": 6.45550684069708e-14,
        "r": 0.623449796632284,
        "t": 9.63489621087902,
        "r_p": 2.61111517877605e-17,
        "r_ci": (0.513787754659265, 0.713066438542580),
    },
    "other_pos": {
        "icc": 0.23470904479135,
        "f": 1.61338512677798,
        "p": 0.00388844587099398,
        "icc_ci": (0.0770520435140808, 0.380991977054225),
        "pairwise_r": 0.231503403919486,
        "pairwise_p": 0.0048571137019344,
        "r": 0.234157307666732,
        "t": 2.91024195902942,
        "r_p": 0.00417764874144518,
        "r_ci": (0.0756723551119807, 0.381103134357242),
    },
}


@pytest.mark.parametrize("variable", sorted(R_ACITELLI))
def test_the_acitelli_couples_match_r(acitelli: str, variable: str) -> None:
    table = load_csv(acitelli)
    want = R_ACITELLI[variable]
    alike = nonindependence(table, dyad="cuplid", variable=variable)
    assert alike.kind == "intraclass"
    assert alike.n_dyads == 148 and alike.df == (147, 148)
    assert alike.estimate == pytest.approx(want["icc"], abs=1e-12)
    assert alike.statistic == pytest.approx(want["f"], abs=1e-11)
    assert alike.p_value == pytest.approx(want["p"], rel=1e-9)
    assert (alike.ci_low, alike.ci_high) == pytest.approx(want["icc_ci"], abs=1e-12)
    assert alike.pairwise_r == pytest.approx(want["pairwise_r"], abs=1e-12)
    assert alike.pairwise_p == pytest.approx(want["pairwise_p"], rel=1e-9)
    by_role = nonindependence(table, dyad="cuplid", variable=variable, role="gender")
    assert by_role.kind == "pearson" and by_role.df == (146,)
    assert by_role.estimate == pytest.approx(want["r"], abs=1e-12)
    assert by_role.statistic == pytest.approx(want["t"], abs=1e-10)
    assert by_role.p_value == pytest.approx(want["r_p"], rel=1e-8)
    assert (by_role.ci_low, by_role.ci_high) == pytest.approx(want["r_ci"], abs=1e-12)
    assert set(by_role.means) == {"-1", "1"}


def _couples(
    n: int, rho: float, seed: int, *, missing: float = 0.0, lone: int = 0
) -> list[dict[str, str]]:
    """``n`` couples (roles 0 and 1) with scores correlated ``rho``, some scores missing and
    ``lone`` people whose partner has no row."""
    rng = np.random.default_rng(seed)
    scores = rng.multivariate_normal([3.0, 3.4], [[1.0, rho * 1.2], [rho * 1.2, 1.44]], size=n)
    rows = []
    for couple in range(n):
        for role in (0, 1):
            value = scores[couple, role]
            cell = "NA" if rng.random() < missing else f"{value:.17g}"
            if couple < lone and role == 1:
                continue
            rows.append({"couple": str(couple + 1), "role": str(role), "y": cell})
    return rows


def _write(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


# For each file: the complete couples, the ANOVA intraclass correlation with its two-sided F
# test (the reciprocal F when it is negative, as Kenny, Kashy & Cook test it), psych's ICC1
# bounds, the pairwise correlation and cor.test between the roles.
R_SCRIPT = r"""
suppressMessages(library(psych))
for (path in commandArgs(trailingOnly = TRUE)) {
  d <- read.csv(path)
  a <- d[d$role == 0, c("couple", "y")]; b <- d[d$role == 1, c("couple", "y")]
  m <- merge(a, b, by = "couple"); m <- m[complete.cases(m), ]
  x1 <- m$y.x; x2 <- m$y.y; n <- nrow(m)
  long <- data.frame(g = factor(rep(m$couple, 2)), y = c(x1, x2))
  s <- summary(aov(y ~ g, data = long))[[1]]
  msb <- s[1, "Mean Sq"]; msw <- s[2, "Mean Sq"]
  f <- if (msb >= msw) msb / msw else msw / msb
  p <- if (msb >= msw) 2 * pf(f, n - 1, n, lower.tail = FALSE) else
    2 * pf(f, n, n - 1, lower.tail = FALSE)
  ic <- ICC(cbind(x1, x2), lmer = FALSE)$results
  rp <- cor(c(x1, x2), c(x2, x1))
  ct <- cor.test(x1, x2)
  cat(basename(path), format(c(n, (msb - msw) / (msb + msw), f, min(1, p), ic$ICC[1],
      ic$"lower bound"[1], ic$"upper bound"[1], rp, 2 * pnorm(-abs(rp * sqrt(n))),
      ct$estimate, ct$statistic, ct$p.value, ct$conf.int), digits = 15), "\n")
}
"""


@pytest.mark.skipif(shutil.which("Rscript") is None, reason="Rscript is not installed")
def test_simulated_couples_match_r_live(tmp_path: Path) -> None:
    files = {
        "alike.csv": _couples(60, 0.5, seed=1),
        "unalike.csv": _couples(40, -0.45, seed=2),  # a negative ICC: the reciprocal F
        "gaps.csv": _couples(80, 0.2, seed=3, missing=0.1, lone=5),
        "few.csv": _couples(5, 0.3, seed=4),
    }
    paths = [str(_write(tmp_path / name, rows)) for name, rows in files.items()]
    script = tmp_path / "alike.R"
    script.write_text(R_SCRIPT)
    out = subprocess.run(
        ["Rscript", str(script), *paths], capture_output=True, text=True, check=True, timeout=180
    )
    r_lines = {
        line.split()[0]: [float(v) for v in line.split()[1:]] for line in out.stdout.splitlines()
    }
    assert set(r_lines) == set(files)
    for name, r in r_lines.items():
        table = load_csv(tmp_path / name)
        ours = nonindependence(table, dyad="couple", variable="y")
        by_role = nonindependence(table, dyad="couple", variable="y", role="role")
        assert ours.n_dyads == by_role.n_dyads == int(r[0]), name
        assert [ours.estimate, ours.statistic, ours.p_value] == pytest.approx(r[1:4], rel=1e-9)
        assert ours.estimate == pytest.approx(r[4], abs=1e-12)  # psych's ICC1
        assert [ours.ci_low, ours.ci_high] == pytest.approx(r[5:7], abs=1e-10), name
        assert [ours.pairwise_r, ours.pairwise_p] == pytest.approx(r[7:9], rel=1e-9), name
        assert [by_role.estimate, by_role.statistic, by_role.p_value] == pytest.approx(
            r[9:12], rel=1e-8
        ), name
        assert [by_role.ci_low, by_role.ci_high] == pytest.approx(r[12:14], abs=1e-10), name
    unalike = nonindependence(load_csv(tmp_path / "unalike.csv"), dyad="couple", variable="y")
    assert unalike.estimate < 0 and unalike.df == (40, 39)
    gaps = nonindependence(load_csv(tmp_path / "gaps.csv"), dyad="couple", variable="y")
    assert gaps.n_lone_members == 5
    assert gaps.n_dyads + gaps.n_dyads_left_out == 80


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    scale=st.floats(-50, 50).filter(lambda v: abs(v) > 1e-3),
    shift=st.floats(-100, 100),
)
def test_likeness_does_not_depend_on_units_or_who_is_listed_first(
    seed: int, scale: float, shift: float
) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(4, 40))
    y = rng.normal(size=(n, 2)) + rng.normal(size=(n, 1))
    data = {
        "couple": np.repeat(np.arange(n), 2),
        "role": np.tile([0, 1], n),
        "y": y.reshape(-1),
    }
    base = nonindependence(data, dyad="couple", variable="y")
    changed = nonindependence(
        data | {"y": y.reshape(-1) * scale + shift}, dyad="couple", variable="y"
    )
    swapped = nonindependence(data | {"y": y[:, ::-1].reshape(-1)}, dyad="couple", variable="y")
    for other in (changed, swapped):
        assert other.estimate == pytest.approx(base.estimate, abs=1e-9)
        assert other.p_value == pytest.approx(base.p_value, rel=1e-6, abs=1e-12)
        assert other.pairwise_r == pytest.approx(base.pairwise_r, abs=1e-9)
    assert -1.0 <= base.estimate <= 1.0 and 0.0 <= base.p_value <= 1.0
    assert base.ci_low <= base.estimate <= base.ci_high
    # Swapping the roles' labels in every couple leaves Pearson's r as it was.
    pearson = nonindependence(data, dyad="couple", variable="y", role="role")
    turned = nonindependence(
        data | {"role": np.tile([1, 0], n)}, dyad="couple", variable="y", role="role"
    )
    assert turned.estimate == pytest.approx(pearson.estimate, abs=1e-12)


def test_partners_exactly_alike_give_one_and_a_zero_p() -> None:
    data = {"couple": [1, 1, 2, 2, 3, 3, 4, 4], "y": [1, 1, 3, 3, 2, 2, 5, 5]}
    alike = nonindependence(data, dyad="couple", variable="y")
    assert alike.estimate == 1.0 and math.isinf(alike.statistic) and alike.p_value == 0.0
    assert (alike.ci_low, alike.ci_high) == (1.0, 1.0)
    by_role = nonindependence(data | {"r": [0, 1] * 4}, dyad="couple", variable="y", role="r")
    assert by_role.estimate == 1.0 and by_role.p_value == 0.0


def test_three_couples_have_a_test_but_no_fisher_interval() -> None:
    data = {"couple": [1, 1, 2, 2, 3, 3], "r": [0, 1] * 3, "y": [1, 2, 3, 5, 2, 2]}
    by_role = nonindependence(data, dyad="couple", variable="y", role="r")
    assert by_role.df == (1,) and 0.0 < by_role.p_value < 1.0
    assert math.isnan(by_role.ci_low) and math.isnan(by_role.ci_high)


@pytest.mark.parametrize(
    ("data", "role", "error", "words"),
    [
        (
            {"couple": [1, 1, 2, 2], "y": [1, 2, 3, 4]},
            None,
            NonindependenceError,
            "needs at least 3",
        ),
        (
            {"couple": [1, 1, 2, 2, 3, 3, 4, 4], "y": [2.0, "NA", 1, 2, 3, 4, "", 1]},
            None,
            NonindependenceError,
            "2 dyads have both members' scores",
        ),
        ({"couple": [1, 1, 2, 2, 3, 3], "y": [4] * 6}, None, NonindependenceError, "every score"),
        (
            {"couple": [1, 1, 2, 2, 3, 3], "r": ["a", "b"] * 3, "y": [4, 1, 4, 2, 4, 3]},
            "r",
            NonindependenceError,
            "everyone with r=a has the same score",
        ),
        (
            {"couple": [1, 1, 1, 2, 2, 3], "y": [1, 2, 3, 4, 5, 6]},
            None,
            DyadSizeError,
            "exactly two",
        ),
        ({"couple": [1, 1, 2, 2], "y": [1, "x", 3, 4]}, None, DyadicDataError, "'y'"),
    ],
)
def test_data_it_cannot_use_is_named(
    data: dict[str, list[object]], role: str | None, error: type[Exception], words: str
) -> None:
    columns = {k: np.array([str(v) for v in vs]) for k, vs in data.items()}
    with pytest.raises(error, match=words):
        nonindependence(columns, dyad="couple", variable="y", role=role)


def test_the_same_column_twice_is_refused() -> None:
    with pytest.raises(DyadicDataError, match="must differ"):
        nonindependence({"couple": [1, 1], "y": [1, 2]}, dyad="couple", variable="couple")


# --- the command ----------------------------------------------------------------------------


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_the_command_prints_both_tests(acitelli: str, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["nonindependence", acitelli, "--dyad", "cuplid", "--variable", "satisfaction"]
    code, out, _ = run([*argv, "--variable", "other_pos", "--variable", "satisfaction"], capsys)
    assert code == 0
    assert "indistinguishable dyads" in out
    assert "satisfaction    148   0.6185     4.242   147, 148  <0.0001  [0.5084, 0.7087]" in out
    assert "other_pos       148   0.2347     1.613   147, 148   0.0039  [0.0771, 0.3810]" in out
    assert "other_pos      0.2315    2.816   0.0049" in out
    assert out.count("satisfaction ") == 2  # named twice, tested once (in each table)
    code, out, _ = run([*argv, "--role", "gender"], capsys)
    assert "distinguishable by gender" in out
    assert "satisfaction    148   0.6234     9.635    146  <0.0001  [0.5138, 0.7131]" in out
    assert "satisfaction  gender=-1 3.5912 (0.5300); gender=1 3.6182 (0.4618)" in out


def test_the_command_writes_json(acitelli: str, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["nonindependence", acitelli, "--dyad", "cuplid", "--variable", "other_pos", "--json"]
    code, out, _ = run(argv, capsys)
    data = json.loads(out)["other_pos"]
    assert code == 0
    assert data["kind"] == "intraclass" and data["df"] == [147, 148]
    assert data["estimate"] == pytest.approx(R_ACITELLI["other_pos"]["icc"], abs=1e-12)
    assert data["pairwise_p"] == pytest.approx(R_ACITELLI["other_pos"]["pairwise_p"], rel=1e-9)


def test_the_command_counts_who_was_left_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path / "gaps.csv", _couples(30, 0.4, seed=5, missing=0.1, lone=2))
    code, out, _ = run(
        ["nonindependence", str(path), "--dyad", "couple", "--variable", "y"], capsys
    )
    result = nonindependence(load_csv(path), dyad="couple", variable="y")
    missing = result.n_dyads_left_out - 2
    assert code == 0 and missing > 0
    assert (
        f"y: {result.n_dyads_left_out} dyads left out ({missing} with a score missing, "
        "2 with no partner row in the file)"
    ) in out


def test_the_command_names_what_is_wrong(
    acitelli: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(
        ["nonindependence", acitelli, "--dyad", "cuplid", "--variable", "happiness"], capsys
    )
    assert code == 2 and "happiness" in err and "satisfaction" in err
    flat = _write(tmp_path / "flat.csv", [{"couple": str(c), "y": "3"} for c in (1, 1, 2, 2, 3, 3)])
    code, out, err = run(
        ["nonindependence", str(flat), "--dyad", "couple", "--variable", "y"], capsys
    )
    assert code == 2 and out == ""
    assert (
        err
        == f"interdepend: {flat}: 'y': every score is the same, so there is nothing to correlate\n"
    )


@pytest.mark.parametrize("value", [3.7, 0.1, 100000000.1])
def test_a_constant_decimal_column_is_refused_at_every_size(value: float) -> None:
    """The mean of many 3.7s is not exactly 3.7: a spread of 1e-32 read as partners perfectly
    alike (ICC 1, F infinite) at 147 of 198 sizes (the statistics audit)."""
    for n in range(3, 60):
        data = {"couple": np.repeat(np.arange(n), 2), "r": np.tile([0, 1], n)}
        data["y"] = np.full(2 * n, value)
        with pytest.raises(NonindependenceError, match="every score is the same"):
            nonindependence(data, dyad="couple", variable="y")
        data["y"] = np.where(data["r"] == 1, value, np.arange(2 * n) / 7.0)
        with pytest.raises(NonindependenceError, match="everyone with r=1 has the same score"):
            nonindependence(data, dyad="couple", variable="y", role="r")


def test_tiny_scores_keep_their_correlation() -> None:
    rng = np.random.default_rng(3)
    y = rng.normal(size=(30, 2)) + rng.normal(size=(30, 1))
    data = {"couple": np.repeat(np.arange(30), 2), "r": np.tile([0, 1], 30)}
    plain = nonindependence(data | {"y": y.reshape(-1)}, dyad="couple", variable="y", role="r")
    tiny = nonindependence(
        data | {"y": y.reshape(-1) * 1e-90}, dyad="couple", variable="y", role="r"
    )
    assert tiny.estimate == pytest.approx(plain.estimate, abs=1e-12)
    assert abs(plain.estimate) < 0.99


def test_one_couple_left_out_is_said_in_the_singular(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = _couples(10, 0.3, seed=8)
    rows[0]["y"] = "NA"
    path = _write(tmp_path / "one.csv", rows)
    code, out, _ = run(
        ["nonindependence", str(path), "--dyad", "couple", "--variable", "y"], capsys
    )
    assert code == 0 and "y: 1 dyad left out (1 with a score missing)" in out


def test_a_huge_statistic_keeps_to_its_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Partners all but exactly opposite give t and F far past a million: written with an
    exponent so the table's columns stay in line."""
    rng = np.random.default_rng(5)
    x = rng.normal(size=30)
    lines = ["couple,role,y"]
    for d, v in enumerate(x):
        lines += [f"{d},a,{v:.6f}", f"{d},b,{-v + rng.normal(scale=1e-7):.9f}"]
    path = tmp_path / "opposite.csv"
    path.write_text("\n".join(lines) + "\n")
    argv = ["nonindependence", str(path), "--dyad", "couple", "--variable", "y"]
    for extra in ([], ["--role", "role"]):
        code, out, _ = run([*argv, *extra], capsys)
        assert code == 0
        head, row = out.splitlines()[3:5]
        assert re.search(r" -?\d\.\d\de\d+ ", row), row
        # each cell ends under its heading's last letter, as in every other row
        for word in ("dyads", "df", "p"):
            end = head.index(f" {word} ") + len(word) + 1
            assert row[end - 1] != " " and row[end] == " ", (word, head, row)
