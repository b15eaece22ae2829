"""``interdepend apim`` and ``interdepend psychometrics`` on real files, good and bad."""

from __future__ import annotations

import csv
import json
import os
import re
import sys
from pathlib import Path

import numpy as np
import pytest

from interdepend.cli import main

ROOT = Path(__file__).resolve().parents[2]
APIM = ["apim", "--dyad", "cuplid", "--outcome", "satisfaction", "--actor", "other_pos"]
V1 = "interdependence_inventory_v1"


@pytest.fixture(scope="module")
def acitelli(acitelli_csv: str) -> str:
    return acitelli_csv


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_apim_prints_a_readable_table(acitelli: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run([*APIM[:1], acitelli, *APIM[1:]], capsys)
    assert code == 0
    assert "indistinguishable dyads, REML" in out
    assert "actor         0.4004    0.0473" in out
    assert "rho 0.4693" in out
    assert "log-likelihood -148.3591 (REML)" in out
    assert "test of rho = 0 (REML likelihood ratio): chi2(1) = 36.492, p < 0.0001" in out


def test_apim_json_has_effects_by_name(acitelli: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run([*APIM[:1], acitelli, *APIM[1:], "--json"], capsys)
    data = json.loads(out)
    assert code == 0
    assert data["fixed"]["actor"]["estimate"] == pytest.approx(0.4004231, abs=1e-6)
    assert data["fixed"]["actor"]["se"] == pytest.approx(0.0473141, abs=1e-6)
    assert data["fixed"]["partner"]["estimate"] == pytest.approx(0.2879705, abs=1e-6)
    assert data["rho"] == pytest.approx(0.4693414, abs=1e-6)
    assert data["loglik"] == pytest.approx(-148.3591, abs=1e-4)
    assert data["aic"] == pytest.approx(306.7183, abs=1e-4)
    assert data["distinguishability"] is None
    assert data["rho_test"]["chi2"] == pytest.approx(36.4919431757867, abs=1e-7)
    assert data["rho_test"]["df"] == 1


def test_apim_with_role_reports_the_distinguishability_test(
    acitelli: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [*APIM[:1], acitelli, *APIM[1:], "--role", "gender", "--json"]
    data = json.loads(run(argv, capsys)[1])
    assert data["distinguishability"]["chi2"] == pytest.approx(7.277053, abs=1e-5)
    assert data["distinguishability"]["df"] == 4
    assert "actor[gender=1]" in data["fixed"]
    text = run(argv[:-1], capsys)[1]
    assert "test of distinguishability (ML likelihood ratio): chi2(4) = 7.277" in text


def test_apim_ml_and_covariates(acitelli: str, capsys: pytest.CaptureFixture[str]) -> None:
    argv = [*APIM[:1], acitelli, *APIM[1:], "--covariate", "tension", "--method", "ml", "--json"]
    data = json.loads(run(argv, capsys)[1])
    assert data["method"] == "ml"
    assert "tension" in data["fixed"]


def test_missing_file_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run([*APIM[:1], "no/such.csv", *APIM[1:]], capsys)
    assert code == 2
    assert err == "interdepend: no such file: no/such.csv\n"


def test_standard_input_and_pipes_are_named_as_such(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """ "-" and a pipe said "no such file" (the statistics audit of 2026-12-03)."""
    code, _, err = run([*APIM[:1], "-", *APIM[1:]], capsys)
    assert code == 2 and "not read from standard input: give the path of a file" in err
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    code, _, err = run([*APIM[:1], str(pipe), *APIM[1:]], capsys)
    assert code == 2 and "is not a regular file (a pipe or a device)" in err


def test_a_header_with_no_rows_says_so_before_the_roles(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "header.csv"
    empty.write_text("cuplid,gender,other_pos,satisfaction\n")
    for command in (
        [*APIM[:1], str(empty), *APIM[1:]],
        [*APIM[:1], str(empty), *APIM[1:], "--role", "gender"],
        [
            "nonindependence",
            str(empty),
            "--dyad",
            "cuplid",
            "--variable",
            "satisfaction",
            "--role",
            "gender",
        ],
    ):
        code, _, err = run(command, capsys)
        assert code == 2 and "the data have no rows" in err, err


def test_a_couple_level_predictor_is_pointed_to_covariate(
    acitelli: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Years married is the same for both partners: it has no actor and partner effects of its
    own, and the message said only that "a covariate" may repeat something."""
    argv = [*APIM[:1], acitelli, *APIM[1:5], "--actor", "Yearsmar"]
    code, _, err = run(argv, capsys)
    assert code == 2
    assert "same for both partners in every couple" in err and "--covariate" in err


def test_a_column_named_in_other_capitals_is_pointed_to(
    acitelli: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [*APIM[:1], acitelli, "--dyad", "cuplid", "--outcome", "Satisfaction"]
    code, _, err = run([*argv, "--actor", "other_pos"], capsys)
    assert code == 2
    assert "did you mean 'satisfaction'? Names are matched exactly" in err


def test_ids_written_two_ways_are_one_couple_in_a_column_of_numbers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """ "03" and "3" were two couples here, where R's read.csv reads one number; now they are
    one, and with an id that is not a number in the column, the message says why they are
    two instead of only that nobody's partner has a row."""
    data = tmp_path / "padded.csv"
    rows = [
        f"{n:02d},{n + 1.5},{n % 3}" if k == 0 else f"{n},{n * 0.5},{(n + 1) % 3}"
        for n in range(1, 9)
        for k in (0, 1)
    ]
    data.write_text("cuplid,other_pos,satisfaction\n" + "\n".join(rows) + "\n")
    code, out, _ = run([*APIM[:1], str(data), *APIM[1:]], capsys)
    assert code == 0
    assert "8 dyads, 16 people (8 dyads with both members, 0 with one)" in out
    text = [f"{c},{k + n % 3},{(k * n) % 4}" for n, c in enumerate("ABCDEF") for k in (1, 2)]
    data.write_text("cuplid,other_pos,satisfaction\n" + "\n".join(rows + text) + "\n")
    code, out, _ = run([*APIM[:1], str(data), *APIM[1:]], capsys)
    assert code == 0
    assert "the same number written differently ('01' and '1')" in out


def test_a_quote_never_closed_is_named_at_the_line_where_its_row_begins(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "quote.csv"
    data.write_text('cuplid,other_pos,satisfaction,note\n1,2,3,fine\n1,"2,3,oops\n2,4,5,x\n')
    code, _, err = run([*APIM[:1], str(data), *APIM[1:]], capsys)
    assert code == 2
    assert "row 2 (line 3 of the file): 2 values for 4 columns" in err
    assert 'as after a quote (") that is opened and never closed' in err


@pytest.mark.parametrize("command", ["apim", "nonindependence", "diary", "apim-mediation"])
def test_each_research_command_says_what_files_it_reads(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        main([command, "--help"])
    shown = " ".join(capsys.readouterr().out.split())
    assert "separated by commas, semicolons, tabs or vertical bars" in shown
    assert "NA, N/A, NaN, NULL, None or '.' is a missing value" in shown
    assert "Standard input is not read" in shown


def test_missing_column_is_a_clear_error(acitelli: str, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["apim", acitelli, "--dyad", "couple", "--outcome", "satisfaction", "--actor", "x"]
    code, _, err = run(argv, capsys)
    assert code == 2
    assert "column 'couple' is not in the data" in err
    assert "Traceback" not in err


def write(path: Path, rows: list[list[object]]) -> str:
    with path.open("w", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return str(path)


def test_bad_dyads_are_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows: list[list[object]] = [
        ["d", "y", "x"],
        [1, 1, 2],
        [1, 2, 3],
        [2, 3, 1],
        [2, 1, 1],
        [2, 2, 2],
    ]
    path = write(tmp_path / "odd.csv", rows)
    code, out, err = run(["apim", path, "--dyad", "d", "--outcome", "y", "--actor", "x"], capsys)
    assert code == 2
    assert "dyad '2' has three members" in err
    assert out == ""


def test_non_numeric_value_is_located(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows: list[list[object]] = [["d", "y", "x"], [1, 1, 2], [1, 2, "high"], [2, 3, 1], [2, 1, 1]]
    path = write(tmp_path / "text.csv", rows)
    code, _, err = run(["apim", path, "--dyad", "d", "--outcome", "y", "--actor", "x"], capsys)
    assert code == 2
    assert "column 'x', row 2 (line 3 of the file): 'high' is not a number" in err


# --- psychometrics --------------------------------------------------------------------------


@pytest.fixture
def responses(tmp_path: Path) -> str:
    from interdepend.core.instrument import load_builtin

    instrument = load_builtin("interdependence_inventory_v1")
    scales = {scale.id: k for k, scale in enumerate(instrument.scales)}
    rng = np.random.default_rng(4)
    factors = rng.normal(size=(80, len(scales)))
    rows: list[list[object]] = [["respondent", *instrument.item_ids]]
    for person in range(80):
        row: list[object] = [f"p{person}"]
        for item in instrument.items:
            value = factors[person, scales[item.scale_id]] + 0.7 * rng.normal()
            row.append(int(np.clip(np.round(4 + (-1.4 if item.reverse else 1.4) * value), 1, 7)))
        rows.append(row)
    return write(tmp_path / "responses.csv", rows)


def test_psychometrics_reports_every_scale(
    responses: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        ["psychometrics", responses, "--instrument", "interdependence_inventory_v1"], capsys
    )
    assert code == 0
    assert "self: 12 items, 80 respondents (pairwise); alpha" in out
    assert "check the keying" not in out


def test_psychometrics_and_validate_read_an_instrument_file_as_score_does(
    responses: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A researcher's own instrument file (here a copy of a built-in one): ``score`` took it,
    ``psychometrics`` and ``validate`` said "no instrument" (the statistics audit, L1)."""
    import interdepend

    source = Path(interdepend.__file__).parent / "content" / "interdependence_inventory_v1.toml"
    mine = tmp_path / "mine.toml"
    mine.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    built_in = run(
        ["psychometrics", responses, "--instrument", "interdependence_inventory_v1"], capsys
    )
    own = run(["psychometrics", responses, "--instrument", str(mine)], capsys)
    assert own[0] == 0 and own[1] == built_in[1]
    code, out, err = run(["validate", responses, "--instrument", str(mine)], capsys)
    assert "no instrument" not in err
    assert "Validity of interdependence_inventory_v1" in out, (code, err)
    missing = run(["psychometrics", responses, "--instrument", str(tmp_path / "gone.toml")], capsys)
    assert missing[0] == 2 and "gone.toml: no such file" in missing[2]


def test_psychometrics_cautions_on_few_respondents_and_says_how_means_are_taken(
    responses: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The statistics audit (L4): figures on three people were printed as plainly as any."""
    argv = ["psychometrics", responses, "--instrument", "interdependence_inventory_v1"]
    code, out, _ = run(argv, capsys)
    assert code == 0 and "a reverse-keyed item's mean is of its answers after recoding" in out
    assert "respondents: these figures can move" not in out
    few = tmp_path / "few.csv"
    few.write_text(
        "\n".join(Path(responses).read_text(encoding="utf-8").splitlines()[:13]) + "\n",
        encoding="utf-8",
    )
    code, out, _ = run(["psychometrics", str(few), *argv[2:]], capsys)
    assert code == 0
    assert "fewer than 30 respondents: these figures can move a long way" in out


def test_psychometrics_json(responses: str, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["psychometrics", responses, "--instrument", "interdependence_inventory_v1", "--json"]
    data = json.loads(run(argv, capsys)[1])
    assert 0.8 < data["self"]["alpha"] < 1
    assert data["self"]["reverse_problems"] == []
    assert data["self"]["items"]["s01"]["item_rest_r"] > 0


def test_psychometrics_unknown_instrument(
    responses: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(["psychometrics", responses, "--instrument", "nope"], capsys)
    assert code == 2
    assert "no instrument 'nope'" in err


def test_psychometrics_missing_item_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path / "few.csv", [["s01", "s02"], [1, 2], [3, 4]])
    code, _, err = run(
        ["psychometrics", path, "--instrument", "interdependence_inventory_v1"], capsys
    )
    assert code == 2
    assert "is not in the data" in err


@pytest.mark.parametrize(("value", "said"), [("4.5", "4.5"), ("9", "9"), ("0", "0")])
def test_psychometrics_names_an_answer_off_the_scale(
    responses: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], value: str, said: str
) -> None:
    """As ``score`` and ``validate``: an answer must be a whole number on the scale."""
    rows = Path(responses).read_text().splitlines()
    cells = rows[3].split(",")
    cells[2] = value
    rows[3] = ",".join(cells)
    path = tmp_path / "off.csv"
    path.write_text("\n".join(rows) + "\n")
    code, out, err = run(
        ["psychometrics", str(path), "--instrument", "interdependence_inventory_v1"], capsys
    )
    assert code == 2 and out == ""
    assert (
        f"row 3 (line 4 of the file), column 's02': {said} is not a whole number from 1 to 7" in err
    )


def test_psychometrics_leaves_out_an_item_everyone_answered_alike(
    responses: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [line.split(",") for line in Path(responses).read_text().splitlines()]
    column = rows[0].index("s02")
    for row in rows[1:]:
        row[column] = "4"
    path = tmp_path / "flat.csv"
    path.write_text("\n".join(",".join(r) for r in rows) + "\n")
    argv = ["psychometrics", str(path), "--instrument", "interdependence_inventory_v1"]
    code, out, _ = run(argv, capsys)
    assert code == 0
    assert "self: 11 items" in out
    assert "left out, as every respondent gave them the same answer: s02" in out
    data = json.loads(run([*argv, "--json"], capsys)[1])
    assert data["self"]["left_out"] == ["s02"] and "s02" not in data["self"]["items"]


def test_psychometrics_reports_a_scale_left_with_two_items(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The partner perception form has three statements a scale: with one answered alike by
    everyone, two are left. It stopped with a traceback (the statistics audit of 2026-12-02);
    now the scale is reported, omega beside alpha, and alpha without an item is a dash."""
    from interdepend.core.instrument import load_builtin

    instrument = load_builtin("partner_perception_v1")
    scales = {scale.id: k for k, scale in enumerate(instrument.scales)}
    rng = np.random.default_rng(8)
    factors = rng.normal(size=(60, len(scales)))
    rows: list[list[object]] = [["respondent", *instrument.item_ids]]
    flat = instrument.items_of(instrument.scales[0].id)[1].id
    for person in range(60):
        row: list[object] = [f"p{person}"]
        for item in instrument.items:
            value = factors[person, scales[item.scale_id]] + 0.7 * rng.normal()
            answer = int(np.clip(np.round(4 + (-1.4 if item.reverse else 1.4) * value), 1, 7))
            row.append(4 if item.id == flat else answer)
        rows.append(row)
    path = write(tmp_path / "perception.csv", rows)
    argv = ["psychometrics", path, "--instrument", "partner_perception_v1"]
    code, out, err = run(argv, capsys)
    assert code == 0, err
    block = out.split("\n\n")[1]
    assert block.startswith(f"{instrument.scales[0].id}: 2 items, 60 respondents")
    assert f"left out, as every respondent gave them the same answer: {flat}" in block
    assert "nan" not in out and block.count("  –") == 2
    data = json.loads(run([*argv, "--json"], capsys)[1])[instrument.scales[0].id]
    assert data["omega_total"] > 0
    assert all(item["alpha_if_dropped"] is None for item in data["items"].values())


RESEARCH_MD = ROOT / "docs" / "research.md"


def _documented_k_interval() -> dict[str, float]:
    """The seeded ``--k-interval --json`` figures docs/research.md shows."""
    text = RESEARCH_MD.read_text(encoding="utf-8")
    start = text.index("--k-interval --bootstrap 500 --seed 7 --json")
    block = text[start : text.index("```", start)]
    names = ("estimate", "ci_low", "ci_high", "boot_se")
    return {n: float(re.search(rf'"{n}": ([-0-9.e]+)', block).group(1)) for n in names}  # type: ignore[union-attr]


def test_the_seeded_k_interval_in_the_guide_is_what_the_command_gives(
    acitelli: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The guide's seeded figures are pasted output: a change to the bootstrap shows here."""
    argv = [*APIM[:1], acitelli, *APIM[1:], "--k-interval", "--bootstrap", "500", "--seed", "7"]
    code, out, _ = run([*argv, "--json"], capsys)
    assert code == 0
    given = json.loads(out)["k_interval"]["k"]["all"]
    for name, documented in _documented_k_interval().items():
        assert given[name] == pytest.approx(documented, rel=1e-9, abs=1e-12), name


FIVE_DYADS = """dyad,role,x,y
1,1,1.053116,0.006432
1,2,1.776491,3.083575
2,1,-0.580195,2.611999
2,2,1.271551,3.083647
3,1,1.208357,1.375562
3,2,0.394546,0.525997
4,1,-0.363714,1.647017
4,2,-0.116300,0.948991
5,1,-0.391520,-0.309243
5,2,0.625933,1.900218
"""


def test_a_k_interval_from_mostly_failed_resamples_is_flagged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Five couples: over half the resamples cannot be fitted, and the output says what that
    means for the interval; the estimate is unchanged."""
    path = tmp_path / "five.csv"
    path.write_text(FIVE_DYADS)
    argv = ["apim", str(path), "--dyad", "dyad", "--outcome", "y", "--actor", "x"]
    argv += ["--role", "role", "--k-interval", "--bootstrap", "100"]
    code, out, _ = run(argv, capsys)
    assert code == 0
    assert "of the resamples could not be used, so the interval rests only on the ones" in out
    code, out, _ = run([*argv, "--json"], capsys)
    data = json.loads(out)
    k = data["k_interval"]
    assert k["unreliable"] is True
    assert k["failed_share"] == pytest.approx(k["n_failed"] / 100) and k["failed_share"] > 0.1
    assert k["k"]["2"]["estimate"] == pytest.approx(data["k"]["2"], rel=1e-12)


def test_a_k_interval_with_no_failed_resamples_is_not_flagged(
    acitelli: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [*APIM[:1], acitelli, *APIM[1:], "--k-interval", "--bootstrap", "50"]
    code, out, _ = run(argv, capsys)
    assert code == 0 and "could not be used" not in out
    code, out, _ = run([*argv, "--json"], capsys)
    assert json.loads(out)["k_interval"]["unreliable"] is False


def test_the_library_and_the_command_share_the_default_seed(acitelli: str) -> None:
    from interdepend.core.apim import k_ratio
    from interdepend.core.dyadic import load_csv

    options = {"dyad": "cuplid", "outcome": "satisfaction", "actor": "other_pos"}
    table = load_csv(acitelli)
    default = k_ratio(table, n_resamples=30, **options)  # type: ignore[arg-type]
    assert default.to_dict() == k_ratio(table, n_resamples=30, seed=1, **options).to_dict()  # type: ignore[arg-type]


def test_a_tiny_p_value_reads_less_than_not_equals_less_than() -> None:
    from interdepend.cli.research import _p_said

    assert _p_said(1e-9) == "< 0.0001"
    assert _p_said(0.12204) == "= 0.1220"


# --- messy files: what the audit found ------------------------------------------------------

XY = ["--dyad", "d", "--outcome", "y", "--actor", "x"]


def couples(n: int = 12, *, seed: int = 3) -> list[list[object]]:
    rng = np.random.default_rng(seed)
    rows: list[list[object]] = [["d", "role", "x", "y"]]
    for d in range(1, n + 1):
        for role in (1, 2):
            rows.append([d, role, round(float(rng.normal()), 4), round(float(rng.normal()), 4)])
    return rows


def test_a_value_too_large_in_a_plain_number_file_stops_with_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """It used to print an actor effect of 3e298 (or a LinAlgError traceback) and exit 0."""
    for column in (2, 3):
        rows = couples()
        rows[4][column] = "1e300"
        path = write(tmp_path / "huge.csv", rows)
        for role in ([], ["--role", "role"]):
            code, out, err = run(["apim", path, *XY, *role], capsys)
            assert code == 2
            name = "x" if column == 2 else "y"
            assert f"column '{name}', row 4 (line 5 of the file): '1e300' is too large" in err
            assert out == ""


def test_a_role_whose_outcome_never_varies_stops_the_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = couples()
    for row in rows[1:]:
        if row[1] == 1:
            row[3] = 3
    path = write(tmp_path / "ceiling.csv", rows)
    code, out, err = run(["apim", path, *XY, "--role", "role"], capsys)
    assert code == 2
    assert "the outcome is the same for every person in role '1'" in err
    assert "spread cannot be estimated" in err
    assert out == ""


def test_no_partner_rows_at_all_is_said_plainly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [row for row in couples() if row[1] != 2]
    path = write(tmp_path / "half.csv", rows)
    for role in ([], ["--role", "role"]):
        code, _, err = run(["apim", path, *XY, *role], capsys)
        assert code == 2
        assert "no one's partner has a row in the data: each of the 12 people" in err


def test_a_stray_space_in_a_couple_id_does_not_split_the_couple(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = couples()
    for row in rows[1:]:
        row[1] = "AB"[int(str(row[1])) - 1]  # a text column: the file is read cell by cell
    rows[9][0] = f"{rows[9][0]} "
    path = write(tmp_path / "space.csv", rows)
    code, out, _ = run(["apim", path, *XY], capsys)
    assert code == 0
    assert "12 dyads, 24 people" in out
    assert "left out" not in out


@pytest.mark.parametrize(
    ("first", "second", "shown"), [("1.0", "1", "'1' and '1.0'"), ("01", "1", "'01' and '1'")]
)
def test_ids_written_two_ways_are_pointed_out_when_only_some_are_left_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], first: str, second: str, shown: str
) -> None:
    """Couple 1's two rows, with "1.0" and "1" (or "01" and "1"), were counted as two people
    with no partner row, and the hint was given only when every row was left out (the library
    audit of 2026-12-03). In a column of numbers they are now one couple, as R's read.csv reads
    them; a column with an id that is not a number stays text, as in R, and the hint is given."""
    rows = couples()
    rows[1][0], rows[2][0] = first, second
    path = write(tmp_path / "ids.csv", rows)
    rows[23][0] = rows[24][0] = "A12"
    mixed = write(tmp_path / "mixed.csv", rows)
    for data, argv in [
        (data, [command, data, *rest])
        for data in (path, mixed)
        for command, *rest in (["apim", *XY], ["nonindependence", "--dyad", "d", "--variable", "y"])
    ]:
        code, out, _ = run(argv, capsys)
        assert code == 0
        if data == path:
            assert "no partner row" not in out and "left out" not in out, out
            continue
        assert "2 with no partner row in the file" in out
        assert (
            f"note: some 'd' values are the same number written differently ({shown}); since "
            "not every 'd' value is a number, they are compared as written: write each "
            "couple's id the same way on both rows"
        ) in out


def test_people_alone_for_another_reason_get_no_note_on_how_ids_are_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Couple 2 written "02" on both rows is a couple; the person alone is couple 5's."""
    rows = [row for row in couples() if row[:2] != [5, 2]]
    rows[3][0] = rows[4][0] = "02"
    path = write(tmp_path / "ids.csv", rows)
    for argv in (["apim", path, *XY], ["nonindependence", path, "--dyad", "d", "--variable", "y"]):
        code, out, _ = run(argv, capsys)
        assert code == 0
        assert "1 with no partner row in the file" in out
        assert "note:" not in out


def test_a_correlation_at_the_bound_gets_a_note(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = couples()
    for first, second in zip(rows[1::2], rows[2::2], strict=True):
        second[3] = first[3]  # the same outcome for both partners
    path = write(tmp_path / "same.csv", rows)
    code, out, _ = run(["apim", path, *XY], capsys)
    assert code == 0
    assert "note: the partners' residuals correlate at the edge of what is possible" in out
    code, out, _ = run(["apim", write(tmp_path / "plain.csv", couples()), *XY], capsys)
    assert "note:" not in out


@pytest.mark.parametrize(
    ("content", "said"),
    [
        ("d,role,x,y\n1,1,0.5,1\n".encode("latin-1") + b"1,2,0.5,caf\xe9\n", "line 3"),
        (b"PK\x03\x04\x14\x00\x08\x08\xa3\x9f", "a spreadsheet workbook"),
    ],
)
def test_a_file_that_is_not_utf8_gets_advice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, said: str
) -> None:
    path = tmp_path / "data.csv"
    path.write_bytes(content)
    code, _, err = run(["apim", str(path), *XY], capsys)
    assert code == 2
    assert said in err
    assert 'save it as "CSV UTF-8"' in err


def test_spreadsheet_habits_get_messages_that_help(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    trailing = tmp_path / "trailing.csv"
    trailing.write_text("\n".join(",".join(map(str, r)) + ",," for r in couples()) + "\n")
    code, out, _ = run(["apim", str(trailing), *XY], capsys)
    assert (code, "12 dyads" in out) == (0, True)
    comma = tmp_path / "comma.csv"
    comma.write_text("d;role;x;y\n1;1;0,5;1\n1;2;1,5;2\n")
    code, _, err = run(["apim", str(comma), *XY], capsys)
    assert code == 2
    assert "'0,5' is not a number (it looks like a decimal comma" in err
    long = tmp_path / "long.csv"
    long.write_text('d,role,x,y\n1,1,0.5,1\n1,2,"' + "9" * 140_000 + "\n")
    code, _, err = run(["apim", str(long), *XY], capsys)
    assert code == 2
    assert "row 2 (line 3 of the file): a cell holds more than 131,072 characters" in err
    ragged = tmp_path / "ragged.csv"
    ragged.write_text("d,role,x,y\n1,1,0.5,1\n1,2,0.5\n")
    code, _, err = run(["apim", str(ragged), *XY], capsys)
    assert (code, "row 2 (line 3 of the file): 3 values for 4 columns" in err) == (2, True)


def test_psychometrics_names_two_items_without_a_correlation(
    responses: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A LinAlgError traceback before: s02 answered by three people who all gave s01 a 4."""
    with open(responses, newline="") as handle:
        rows: list[list[object]] = [list[object](row) for row in csv.reader(handle)][:7]
    s01, s02 = rows[0].index("s01"), rows[0].index("s02")
    for k, row in enumerate(rows[1:]):
        row[s01] = "4" if k < 3 else row[s01]
        row[s02] = row[s02] if k < 3 else ""
    path = write(Path(responses).with_name("pilot.csv"), rows)
    code, out, err = run(["psychometrics", path, "--instrument", V1], capsys)
    assert code == 2
    assert "items s01 and s02 have no correlation" in err
    assert "or --missing listwise keeps only the respondents who answered every item" in err
    assert out == ""


def test_psychometrics_listwise_says_who_was_missing(
    responses: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with open(responses, newline="") as handle:
        rows: list[list[object]] = [list[object](row) for row in csv.reader(handle)][:9]
    for k, row in enumerate(rows[1:]):
        row[1 + k] = ""  # nobody answered every item
    path = write(Path(responses).with_name("gaps.csv"), rows)
    code, _, err = run(["psychometrics", path, "--instrument", V1, "--missing", "listwise"], capsys)
    assert code == 2
    assert "fewer than three respondents answered every item (0 of 8 did)" in err


# --- the guide's examples, as the command prints them -----------------------------------------

SIMULATED = "var/apim-missing.csv"


def _guide_examples_on(path: str) -> list[tuple[list[str], str]]:
    """Every ``interdepend apim`` example in docs/research.md on the simulated file: its
    arguments and the output pasted under it."""
    text = RESEARCH_MD.read_text(encoding="utf-8")
    examples = []
    for block in re.findall(rf"\$ interdepend (apim {SIMULATED} .*?)\n(.*?)```", text, re.S):
        examples.append((block[0].replace(SIMULATED, path).split(), block[1]))
    return examples


def test_the_guides_missing_data_and_moderation_examples_are_what_the_command_prints(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The two examples lacked the "test of rho = 0" line the command prints (the library
    audit of 2026-12-03): each is compared whole, as the guide shows it."""
    sys.path.insert(0, str(ROOT / "bench"))
    from simulate_apim_missing import main as simulate_main

    path = tmp_path / "apim-missing.csv"
    simulate_main([str(path)])
    capsys.readouterr()
    examples = _guide_examples_on(str(path))
    assert len(examples) == 2
    for argv, shown in examples:
        code, out, _ = run(argv, capsys)
        assert code == 0
        assert out == shown, " ".join(argv)


def test_the_guides_simulated_couples_are_written_into_a_folder_a_fresh_clone_lacks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The newcomers' walk of 2026-12-05: the guide's first step writes var/apim-missing.csv,
    and in a fresh clone, which has no var/ yet, it stopped with FileNotFoundError."""
    sys.path.insert(0, str(ROOT / "bench"))
    from simulate_apim_missing import main as simulate_main

    path = tmp_path / "var" / "apim-missing.csv"
    assert simulate_main([str(path)]) == 0
    assert capsys.readouterr().out == f"wrote {path}\n"
    assert path.read_text().splitlines()[0] == "couple,role,x,m,y"


def test_psychometrics_refuses_a_respondent_given_twice(
    responses: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The statistics audit of 2026-12-04: rows pasted twice were counted as more people, and
    alpha was printed on the doubled sample; ``score`` already refused such a row."""
    with open(responses, newline="") as handle:
        rows: list[list[object]] = [list(row) for row in csv.reader(handle)]
    rows[0][0] = "Respondent"  # any case, as score reads it
    rows.insert(6, list(rows[3]))
    path = write(tmp_path / "twice.csv", rows)
    code, out, err = run(["psychometrics", path, "--instrument", V1], capsys)
    assert code == 2 and out == ""
    assert (
        "row 6 (line 7 of the file), column 'Respondent': respondent 'p2' appears a second "
        "time, after row 3 (line 4 of the file); each respondent has one row"
    ) in err


def test_utf16_text_reads_as_its_utf8_copy(
    responses: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """What a spreadsheet saves as "Unicode text": UTF-16 with its byte-order mark, tab-separated
    (the statistics audit of 2026-12-04 found it refused as "an older encoding")."""
    text = Path(responses).read_text(encoding="utf-8").replace(",", "\t")
    wide = tmp_path / "unicode.txt"
    wide.write_text(text, encoding="utf-16")
    plain = run(["psychometrics", responses, "--instrument", V1, "--json"], capsys)
    assert run(["psychometrics", str(wide), "--instrument", V1, "--json"], capsys) == plain
    couples = tmp_path / "couples.csv"
    couples.write_text("d,y,x\n1,1,2\n1,3,3\n2,3,1\n2,1,4\n3,2,2\n3,1,1\n4,2,5\n4,6,1\n")
    apim = ["--dyad", "d", "--outcome", "y", "--actor", "x", "--json"]
    plain = run(["apim", str(couples), *apim], capsys)
    couples.write_text(couples.read_text(), encoding="utf-16-be")
    couples.write_bytes(b"\xfe\xff" + couples.read_bytes())
    assert plain[0] == 0 and run(["apim", str(couples), *apim], capsys) == plain
