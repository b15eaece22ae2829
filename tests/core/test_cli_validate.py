"""``interdepend validate`` on real CSV files: the report, its JSON, and clear refusals."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest

from interdepend.cli import main
from interdepend.core.cfa import fit_cfa, intended_structure, simulate_responses
from interdepend.core.instrument import load_builtin

INVENTORY = load_builtin("interdependence_inventory_v2")
PHI = [[1, 0.3, -0.4, -0.2], [0.3, 1, -0.2, -0.4], [-0.4, -0.2, 1, 0.3], [-0.2, -0.4, 0.3, 1]]


def _answers(n: int, seed: int) -> np.ndarray:
    """Answers to the inventory from its four scales, reverse-keyed items flipped as people
    answer them."""
    structure = intended_structure(INVENTORY)
    rng = np.random.default_rng(seed)
    loadings = rng.uniform(0.55, 0.8, len(structure.items))
    x = simulate_responses(structure, loadings, PHI, n, rng)
    x = x[:, [structure.items.index(i) for i in INVENTORY.item_ids]]
    reverse = [item.reverse for item in INVENTORY.items]
    x[:, reverse] = 8 - x[:, reverse]
    return x


def _write(path: Path, x: np.ndarray, extra: dict[str, list[str]] | None = None) -> str:
    extra = extra or {}
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["respondent", *INVENTORY.item_ids, *extra])
        for r, row in enumerate(x):
            cells = ["" if v < 0 else str(int(v)) for v in row]  # -1 marks a blank answer
            writer.writerow([f"p{r}", *cells, *(column[r] for column in extra.values())])
    return str(path)


@pytest.fixture(scope="module")
def responses(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, np.ndarray]:
    x = _answers(360, seed=21)
    x[:4, 3] = -1  # four people skipped an item
    roles = ["partner_a" if r % 2 else "partner_b" for r in range(360)]
    path = tmp_path_factory.mktemp("validate") / "answers.csv"
    return _write(path, x, {"role": roles}), x


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_validate_prints_models_loadings_invariance_and_reliability(
    responses: tuple[str, np.ndarray], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, x = responses
    out_json = tmp_path / "validity.json"
    code, out, _ = run(["validate", path, "--json", str(out_json)], capsys)
    assert code == 0
    assert "Validity of interdependence_inventory_v2 (66 items)" in out
    assert "356 respondents who answered every item; 4 with a missing answer" in out
    assert "listwise" in out
    for name in (
        "4 factors (one per scale)",
        "2 factors (self+enmeshment, bond+distance)",
        "1 factor (all items)",
    ):
        assert name in out
    assert "Measurement invariance across role (partner_b: 178, partner_a: 178" in out
    assert "configural" in out and "scalar" in out
    assert "Reliability per scale" in out and "omega total (one factor)" in out
    assert "omega hierarchical" in out  # psych::omega's default, in its own block
    data = json.loads(out_json.read_text())
    intended = data["models"][0]
    assert intended["n_used"] == 356 and intended["n_dropped"] == 4
    assert all(loading["standardized"] > 0.3 for loading in intended["loadings"])  # recoded
    assert intended["fit"]["cfi"] > 0.95
    assert data["models"][1]["fit"]["cfi"] < intended["fit"]["cfi"] - 0.05
    # the command reports what the library computes on the same recoded answers
    structure = intended_structure(INVENTORY)
    recoded = x[4:].astype(float)
    reverse = [item.reverse for item in INVENTORY.items]
    recoded[:, reverse] = 8 - recoded[:, reverse]
    direct = fit_cfa(recoded[:, [INVENTORY.item_ids.index(i) for i in structure.items]], structure)
    assert intended["fit"]["chi_square"] == pytest.approx(direct.fit.chi_square, abs=1e-6)
    steps = data["invariance"]["steps"]
    assert [s["step"] for s in steps] == ["configural", "metric", "scalar"]
    assert steps[1]["fit"]["df"] - steps[0]["fit"]["df"] == 66 - 4
    assert steps[1]["delta_cfi"] == pytest.approx(steps[1]["fit"]["cfi"] - steps[0]["fit"]["cfi"])
    assert set(data["reliability"]) == {"self", "bond", "enmeshment", "distance"}
    assert data["reliability"]["self"]["alpha"] > 0.7
    assert len(data["differences"]) == 3
    # omega hierarchical and total per scale, the keying check and provisional norms
    assert "omega hierarchical" in out and "Keying check: every item rises" in out
    assert set(data["omega"]) == {"self", "bond", "enmeshment", "distance"}
    assert all(0 < o["hierarchical"] <= o["total"] < 1 for o in data["omega"].values())
    assert data["keying_problems"] == {s: [] for s in ("self", "bond", "enmeshment", "distance")}
    assert "Norms: percentiles" in out and data["norms"]["self"]["provisional"] is True
    assert data["norms"]["self"]["n"] == 360


def test_a_mis_keyed_item_is_flagged_forward_or_reverse(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    x = _answers(300, seed=8)
    forward = INVENTORY.item_ids.index("sl01")
    reverse = INVENTORY.item_ids.index("sl04")
    assert not INVENTORY.items[forward].reverse and INVENTORY.items[reverse].reverse
    x[:, [forward, reverse]] = 8 - x[:, [forward, reverse]]  # as if each were keyed the other way
    path = _write(tmp_path / "answers.csv", x)
    out_json = tmp_path / "v.json"
    code, out, _ = run(["validate", path, "--json", str(out_json)], capsys)
    assert code == 0
    assert "Keying check: 2 item(s) to look at" in out
    assert "self sl01 (forward-keyed" in out and "self sl04 (reverse-keyed" in out
    flagged = json.loads(out_json.read_text())["keying_problems"]["self"]
    assert {p["item"] for p in flagged} == {"sl01", "sl04"}
    assert all(p["item_rest_r"] < 0 for p in flagged)


def test_pairs_choose_the_alternative_and_no_role_means_no_invariance(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path / "answers.csv", _answers(200, seed=3))
    out_json = tmp_path / "v.json"
    argv = ["validate", path, "--pairs", "self+bond,enmeshment+distance", "--json", str(out_json)]
    code, out, _ = run(argv, capsys)
    assert code == 0
    assert "2 factors (self+bond, enmeshment+distance)" in out
    assert "Measurement invariance" not in out
    assert json.loads(out_json.read_text())["invariance"] is None


@pytest.mark.parametrize(
    ("pairs", "message"),
    [
        ("self+enmeshment,bond", "name every scale exactly once"),
        ("self+closeness,bond+distance", "'closeness' is not a scale"),
        ("self+,bond+distance", "cannot read"),
    ],
)
def test_bad_pairs_are_refused_and_nothing_is_written(
    pairs: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path / "answers.csv", _answers(80, seed=4))
    out_json = tmp_path / "v.json"
    code, out, err = run(["validate", path, "--pairs", pairs, "--json", str(out_json)], capsys)
    assert code == 2 and not out
    assert message in err
    assert not out_json.exists()


def _refused(path: str, capsys: pytest.CaptureFixture[str]) -> str:
    code, out, err = run(["validate", path], capsys)
    assert code == 2 and not out
    return err


def test_a_missing_file_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert "no such file" in _refused(str(tmp_path / "nowhere.csv"), capsys)


def test_a_missing_item_column_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "answers.csv"
    _write(path, _answers(80, seed=5))
    rows = [row[:-1] for row in csv.reader(path.open())]  # drop the last item's column
    with path.open("w", newline="") as handle:
        csv.writer(handle).writerows(rows)
    assert f"no column for item(s) {INVENTORY.item_ids[-1]}" in _refused(str(path), capsys)


def test_version_one_answers_without_instrument_are_told_which_to_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The statistics audit (L6): the file's columns were listed as missing, with no word that
    they are another version's statements."""
    v1 = load_builtin("interdependence_inventory_v1")
    path = tmp_path / "v1.csv"
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["respondent", *v1.item_ids])
        writer.writerows([[f"p{r}", *(4 for _ in v1.item_ids)] for r in range(5)])
    err = _refused(str(path), capsys)
    assert "the columns are the statements of interdependence_inventory_v1" in err
    assert "add --instrument interdependence_inventory_v1" in err


def test_an_answer_off_the_scale_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    x = _answers(80, seed=6)
    x[2, 0] = 9
    err = _refused(_write(tmp_path / "answers.csv", x), capsys)
    assert "row 3" in err and f"'{INVENTORY.item_ids[0]}'" in err
    assert "9 is not a whole number from 1 to 7" in err


def test_too_few_complete_rows_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    x = _answers(100, seed=7)
    x[:60, 10] = -1
    err = _refused(_write(tmp_path / "answers.csv", x), capsys)
    assert "40 respondents answered every item; a model of 66 items needs more than 66" in err


def test_an_item_column_no_one_answered_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An item column left empty in every row was told only as "0 respondent(s) answered every
    item", which names no column (the outside check of 2026-12-04)."""
    x = _answers(80, seed=9)
    x[:, 20] = -1
    err = _refused(_write(tmp_path / "answers.csv", x), capsys)
    assert f"answers.csv: no one answered item(s) {INVENTORY.item_ids[20]}:" in err
    assert "0 respondent" not in err and "Traceback" not in err


def test_an_item_with_one_answer_for_everyone_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    x = _answers(80, seed=8)
    x[:, 12] = 4
    err = _refused(_write(tmp_path / "answers.csv", x), capsys)
    assert f"everyone gave the same answer to {INVENTORY.item_ids[12]}" in err
    # and how to go on (the statistics audit of 2026-12-04)
    assert "more respondents, or an instrument file of your own without that item" in err


def test_a_role_column_with_three_values_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    roles = [("a", "b", "c")[r % 3] for r in range(120)]
    path = _write(tmp_path / "answers.csv", _answers(120, seed=9), {"role": roles})
    expected = (
        "the 'role' column must have exactly two values (blank or NA counts as missing); "
        "found 3: 'a', 'b', 'c'"
    )
    assert expected in _refused(path, capsys)


def test_a_role_too_small_for_invariance_skips_it_and_reports_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Many of one role and few of the other: everything but invariance is fitted, and the
    note gives the small role's own count, not the file's."""
    x = _answers(300, seed=22)
    x[280:285, 0] = -1  # five of the twenty b skipped an item
    roles = ["a"] * 280 + ["b"] * 20
    path = _write(tmp_path / "answers.csv", x, {"role": roles})
    out_json = tmp_path / "out.json"
    code, out, err = run(["validate", path, "--json", str(out_json)], capsys)
    assert code == 0, err
    items = len(INVENTORY.item_ids)
    assert (
        "Measurement invariance across role: not tested: role 'b' has 15 respondents who "
        f"answered every item, and a model of {items} items needs more than {items} in each "
        f"group (at least {items + 1} of each role who answered every item; see whether some "
        "rows of 'b' left an item blank)." in out
    )
    assert "Factor models use the 295 respondents" in out
    assert "Reliability per scale" in out and "Norms:" in out
    data = json.loads(out_json.read_text())
    assert data["invariance"] is None
    assert "role 'b' has 15 respondents" in data["invariance_not_tested"]
    assert len(data["models"]) == 3


def test_an_item_constant_within_one_role_skips_invariance_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    x = _answers(240, seed=23)
    x[1::2, 3] = 4  # everyone with role b gave item 4 the same answer; role a did not
    roles = ["a" if r % 2 == 0 else "b" for r in range(240)]
    path = _write(tmp_path / "answers.csv", x, {"role": roles})
    code, out, err = run(["validate", path], capsys)
    assert code == 0, err
    item = INVENTORY.item_ids[3]
    assert f"not tested: within role 'b', everyone gave the same answer to {item}." in out
    assert "Factor models (maximum likelihood)" in out


def test_blank_and_na_roles_are_left_out_of_invariance_and_counted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    roles = ["a" if r % 2 == 0 else "b" for r in range(240)]
    roles[:3] = ["", "NA", " "]
    path = _write(tmp_path / "answers.csv", _answers(240, seed=24), {"role": roles})
    out_json = tmp_path / "out.json"
    code, out, err = run(["validate", path, "--json", str(out_json)], capsys)
    assert code == 0, err
    assert "Measurement invariance across role (b: 119, a: 118 complete respondents)" in out
    assert "3 row(s) with a blank or NA role are not in either group." in out
    assert "Factor models use the 240 respondents" in out
    assert json.loads(out_json.read_text())["invariance"]["n_without_group"] == 3


def test_an_unknown_instrument_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path / "answers.csv", _answers(60, seed=10))
    code, _, err = run(["validate", path, "--instrument", "no_such_inventory"], capsys)
    assert code == 2 and "no_such_inventory" in err


def test_a_scale_too_short_for_omega_says_why() -> None:
    """A three-item scale gets a reason, in the text and the JSON, not an empty section."""
    from interdepend.cli.validate import _omega_text, _omegas
    from interdepend.core.instrument import load_builtin

    perception = load_builtin("partner_perception_v1")
    x = np.random.default_rng(2).integers(1, 8, size=(50, len(perception.item_ids))).astype(float)
    found = _omegas(perception, x)
    assert set(found) == set(perception.scale_ids)
    assert found["self"] == "3 items, too few for 3 group factors (at least 6)"
    assert "  self: not estimated (3 items, too few for 3 group factors" in _omega_text(found)


def test_a_respondent_given_twice_is_refused_with_both_rows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The statistics audit of 2026-12-04: a row pasted twice entered every model as a second
    person, with nothing said."""
    path = _write(tmp_path / "answers.csv", _answers(120, seed=30))
    lines = Path(path).read_text().splitlines()
    Path(path).write_text("\n".join([*lines[:11], lines[5], *lines[11:]]) + "\n")
    assert (
        "row 11 (line 12 of the file), column 'respondent': respondent 'p4' appears a second "
        "time, after row 5 (line 6 of the file)"
    ) in _refused(path, capsys)


def test_a_role_column_of_one_value_says_how_to_have_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One partner's answers, still with their role column: the audit of 2026-12-04 found the
    refusal silent on how to go on."""
    path = _write(tmp_path / "answers.csv", _answers(120, seed=31), {"role": ["a"] * 120})
    err = _refused(path, capsys)
    assert "found 1: 'a'; only the invariance step needs two roles" in err
    assert "rename or remove the 'role' column" in err
    Path(path).write_text(Path(path).read_text().replace(",role\n", ",group\n", 1))
    code, out, _ = run(["validate", path], capsys)
    assert code == 0 and "4 factors (one per scale)" in out
