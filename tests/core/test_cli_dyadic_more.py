"""``interdepend apim-mediation`` and ``interdepend apim-power`` from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from interdepend.cli import AREAS, main
from interdepend.core.apim_mediation import fit_apim_mediation
from interdepend.core.dyadic import load_csv

MEDIATION = ["--dyad", "cuplid", "--x", "self_pos", "--m", "other_pos", "--y", "satisfaction"]
POWER = ["apim-power", "--actor", "0.3", "--partner", "0.2", "--rho-x", "0.2", "--rho-e", "0.3"]


@pytest.fixture(scope="module")
def acitelli(acitelli_csv: str) -> str:
    return acitelli_csv


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_the_area_comes_right_after_research() -> None:
    assert AREAS[AREAS.index("research") + 1] == "dyadic_more"


def test_mediation_prints_paths_and_indirect_effects(
    acitelli: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["apim-mediation", acitelli, *MEDIATION, "--bootstrap", "30", "--seed", "2"]
    code, out, _ = run(argv, capsys)
    assert code == 0
    assert "indistinguishable dyads, GLS (REML)" in out
    assert "148 dyads" in out
    assert "a actor        0.274  0.066" in out  # estimate and SE, as the library gives them
    assert "actor-partner" in out and "own X -> own M -> partner's Y" in out
    assert "bootstrap: 30 resamples of dyads (seed 2); 30 used, none failed" in out


def test_mediation_json_matches_the_library(
    acitelli: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["apim-mediation", acitelli, *MEDIATION, "--role", "gender", "--bootstrap", "10"]
    code, out, _ = run([*argv, "--seed", "5", "--json"], capsys)
    data = json.loads(out)
    expected = fit_apim_mediation(
        load_csv(acitelli),
        dyad="cuplid",
        x="self_pos",
        m="other_pos",
        y="satisfaction",
        role="gender",
        bootstrap=10,
        seed=5,
    )
    assert code == 0
    effect = data["effects"]["partner-actor [gender=1]"]
    assert effect["estimate"] == expected.effect("partner-actor [gender=1]").estimate
    assert effect["ci_high"] == expected.effect("partner-actor [gender=1]").ci_high
    assert data["paths"]["b partner[gender=-1]"]["se"] == pytest.approx(
        expected.path("b partner[gender=-1]").se
    )
    assert data["bootstrap"] == {
        "resamples": 10,
        "failed": 0,
        "failed_share": 0.0,
        "unreliable": False,
        "rough": True,  # ten resamples
        "seed": 5,
        "confidence": 0.95,
    }
    assert data["effects"]["total actor [gender=-1]"]["p_value"] is None  # NaN becomes null


def test_mediation_errors_exit_2_with_a_clear_message(
    acitelli: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = run(["apim-mediation", acitelli, *MEDIATION[:-1], "closeness"], capsys)
    assert (code, out) == (2, "")
    assert "column 'closeness' is not in the data" in err
    code, _, err = run(["apim-mediation", str(tmp_path / "none.csv"), *MEDIATION], capsys)
    assert code == 2 and "no such file" in err
    few = tmp_path / "few.csv"
    few.write_text("cuplid,self_pos,other_pos,satisfaction\n1,1,2,3\n1,2,3,4\n2,3,1,2\n2,1,1,1\n")
    code, _, err = run(["apim-mediation", str(few), *MEDIATION], capsys)
    assert code == 2 and "at least 10 dyads" in err


def test_an_incomplete_couple_is_told_what_to_do(
    acitelli: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The statistics audit (L7): one blank cell or a lone partner read as a broken file."""
    lines = Path(acitelli).read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    blank = lines[1].split(",")
    blank[header.index("satisfaction")] = ""
    gap = tmp_path / "gap.csv"
    gap.write_text("\n".join([lines[0], ",".join(blank), *lines[2:]]) + "\n", encoding="utf-8")
    lone = tmp_path / "lone.csv"
    lone.write_text("\n".join([lines[0], *lines[2:]]) + "\n", encoding="utf-8")
    for path in (gap, lone):
        code, out, err = run(["apim-mediation", str(path), *MEDIATION], capsys)
        assert (code, out) == (2, "")
        assert "Mediation uses only couples with both partners and every value present" in err
        assert "remove that couple's rows" in err


def test_power_prints_a_table_and_the_search(capsys: pytest.CaptureFixture[str]) -> None:
    argv = [*POWER, "--dyads", "30,60", "--replications", "40", "--seed", "1", "--target", "0.8"]
    code, out, _ = run(argv, capsys)
    assert code == 0
    assert "40 simulated data sets per number of dyads (seed 1)" in out
    lines = [line.split() for line in out.splitlines()]
    rows = [row for row in lines if row[:1] in (["30"], ["60"])]
    assert [row[1] for row in rows] == ["actor", "partner", "actor", "partner"]
    assert "Smallest number of dyads for power 0.8:" in out
    assert "large-sample answer" in out


def test_power_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run([*POWER, "--dyads", "40", "--replications", "30", "--json"], capsys)
    data = json.loads(out)
    assert code == 0
    assert data["search"] is None
    result = data["results"][0]
    assert result["design"]["n_dyads"] == 40 and result["replications"] == 30
    assert 0.0 <= result["effects"]["partner"]["power"] <= 1.0
    assert result["effects"]["actor"]["analytic"] > result["effects"]["partner"]["analytic"]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--dyads", "fifty"], "whole numbers separated by commas"),
        (["--dyads", "40", "--rho-e", "1.5"], "rho_e must lie strictly"),
        (["--dyads", "3"], "between 5 and"),
        # The same number twice was simulated and printed twice (the outside check of 2026-12-05).
        (["--dyads", "5,5"], "--dyads names 5 more than once"),
        (["--dyads", "40,60,40,60"], "--dyads names 40, 60 more than once"),
    ],
)
def test_power_errors_exit_2(
    extra: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run([*POWER, *extra], capsys)
    assert (code, out) == (2, "")
    assert message in err


def test_mediation_and_power_repeat_without_a_seed_given(
    acitelli: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without ``--seed`` the resampling and the simulation take seed 1, as the APIM's k
    interval does: two runs agree and say which seed (the statistics audit of 2026-12-02 got
    two different intervals from two runs)."""
    argv = ["apim-mediation", acitelli, *MEDIATION, "--bootstrap", "20"]
    first, second = run(argv, capsys)[1], run(argv, capsys)[1]
    assert first == second and "(seed 1)" in first
    assert first == run([*argv, "--seed", "1"], capsys)[1]
    power = [*POWER, "--dyads", "30", "--replications", "20", "--json"]
    assert run(power, capsys)[1] == run(power, capsys)[1] == run([*power, "--seed", "1"], capsys)[1]


@pytest.mark.parametrize("seed", ["-3", "1.5"])
@pytest.mark.parametrize("command", ["apim-mediation", "apim-power", "apim"])
def test_a_seed_below_zero_is_refused_in_one_line(
    command: str, seed: str, acitelli: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """NumPy takes no negative seed: ``--seed -3`` ended in a traceback after the models were
    fitted, in all three commands that resample (the outside check of 2026-12-04)."""
    argv = {
        "apim-mediation": ["apim-mediation", acitelli, *MEDIATION, "--bootstrap", "5"],
        "apim-power": [*POWER, "--dyads", "30", "--replications", "5"],
        "apim": ["apim", acitelli, "--dyad", "cuplid", "--actor", "self_pos"]
        + ["--outcome", "satisfaction", "--k-interval", "--bootstrap", "5"],
    }[command]
    with pytest.raises(SystemExit) as stopped:
        main([*argv, "--seed", seed])
    out, err = capsys.readouterr()
    assert (stopped.value.code, out) == (2, "")
    assert f"argument --seed: a seed is a whole number of 0 or more, not '{seed}'" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("command", ["apim-mediation", "apim"])
def test_a_bootstrap_past_the_most_resamples_is_refused_before_any_fit(
    command: str, acitelli: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--bootstrap 100000000000`` ran for days without a word, where ``apim-power`` caps its
    replications at 100,000 (the outside check of 2026-12-04); the bootstrap takes as many."""
    argv = {
        "apim-mediation": ["apim-mediation", acitelli, *MEDIATION],
        "apim": ["apim", acitelli, "--dyad", "cuplid", "--actor", "self_pos"]
        + ["--outcome", "satisfaction", "--k-interval"],
    }[command]
    code, out, err = run([*argv, "--bootstrap", "100000000000"], capsys)
    assert (code, out) == (2, "")
    assert "at most 100,000 resamples, not 100,000,000,000" in err
    assert "Traceback" not in err
    assert run([*argv, "--bootstrap", "100001"], capsys)[0] == 2
