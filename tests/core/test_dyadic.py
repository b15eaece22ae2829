"""Individual, dyad and pairwise structures and the errors on data that are not dyads."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from interdepend.core.dyadic import (
    DyadicDataError,
    DyadSizeError,
    MissingColumnError,
    MissingValueError,
    NonNumericValueError,
    RoleSplitError,
    Table,
    ValueTooLargeError,
    dyad_to_individual,
    individual_to_dyad,
    individual_to_pairwise,
    load_csv,
    pair_members,
    pairwise_to_individual,
    partner_rows,
    write_csv,
)
from interdepend.core.errors import InterdependError

CSV = """couple,role,x,y
7,wife,1.5,2
7,husband,2.5,3
9,husband,4,5
9,wife,3,
"""


@pytest.fixture
def people(tmp_path: Path) -> Table:
    path = tmp_path / "people.csv"
    path.write_text(CSV)
    return load_csv(path)


def test_load_csv_keeps_text_and_converts_on_request(people: Table) -> None:
    assert people.names == ("couple", "role", "x", "y")
    assert people.n_rows == 4
    assert people.numeric("x").tolist() == [1.5, 2.5, 4.0, 3.0]
    assert np.isnan(people.numeric("y", allow_missing=True)[3])


def test_missing_value_names_row_line_and_column(people: Table) -> None:
    with pytest.raises(MissingValueError, match=r"column 'y', row 4 \(line 5 of the file\)"):
        people.numeric("y")


def test_non_numeric_value_names_row_and_column(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("couple,x\n1,2\n1,two\n")
    with pytest.raises(NonNumericValueError, match=r"column 'x', row 2 \(line 3.*'two'") as error:
        load_csv(path).numeric("x")
    assert (error.value.row, error.value.column) == (1, "x")


@pytest.mark.parametrize("huge", ["1e200", "-1e300", "2e15"])
def test_a_value_too_large_for_the_models_is_refused_with_its_cell(huge: str) -> None:
    """1e200 made the APIM's linear algebra fail to converge; 1e300 printed NaN."""
    with pytest.raises(ValueTooLargeError, match=rf"column 'x', row 2.*'{huge}' is too large"):
        Table.from_columns({"x": ["1", huge, "3"]}).numeric("x")
    assert Table.from_columns({"x": ["1", "1e15", "-1e15"]}).numeric("x")[1] == 1e15


def test_infinite_value_is_not_a_number() -> None:
    with pytest.raises(NonNumericValueError):
        Table.from_columns({"x": ["1", "inf"]}).numeric("x")


def test_digits_with_underscores_are_not_a_number() -> None:
    """Python's float() reads "1_000" as a thousand; in a data file it is a typing slip."""
    with pytest.raises(NonNumericValueError, match="'1_000'"):
        Table.from_columns({"x": ["2", "1_000"]}).numeric("x")


def test_a_spreadsheets_separator_line_is_followed(tmp_path: Path) -> None:
    for body in ("sep=;\ncouple;x\n1;2,5\n1;3\n", "SEP=;\r\ncouple;x\r\n1;2\r\n1;3\r\n"):
        path = tmp_path / "excel.csv"
        path.write_text(body, newline="")
        table = load_csv(path)
        assert table.names == ("couple", "x")
        assert table.n_rows == 2
    path.write_text("sep=;\ncouple;x\n1;2\n1;two\n")
    with pytest.raises(NonNumericValueError, match=r"row 2 \(line 4 of the file\)"):
        load_csv(path).numeric("x")


def test_an_empty_dyad_id_is_refused_with_its_row(tmp_path: Path) -> None:
    path = tmp_path / "ids.csv"
    path.write_text("couple,role,x\n1,a,2\n1,b,3\n,a,4\n,b,5\n")
    with pytest.raises(MissingValueError, match=r"column 'couple', row 3"):
        pair_members(load_csv(path), "couple", "role")
    path.write_text("couple,role,x\n1,a,2\n1,,3\n")
    with pytest.raises(MissingValueError, match=r"column 'role', row 2"):
        pair_members(load_csv(path), "couple", "role")


def test_missing_column_lists_the_columns(people: Table) -> None:
    with pytest.raises(MissingColumnError, match="'z' is not in the data.*couple, role"):
        people.column("z")


def test_errors_share_the_core_base_class() -> None:
    assert issubclass(DyadicDataError, InterdependError)
    assert issubclass(DyadSizeError, DyadicDataError)


def test_unreadable_file_is_a_dyadic_data_error(tmp_path: Path) -> None:
    with pytest.raises(DyadicDataError, match="cannot read"):
        load_csv(tmp_path / "absent.csv")


def test_ragged_row_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "ragged.csv"
    path.write_text("a,b\n1,2\n3\n")
    with pytest.raises(DyadicDataError, match="row 2: 1 values for 2 columns"):
        load_csv(path)


def test_pairing_orders_members_by_role(people: Table) -> None:
    pairing = pair_members(people, "couple", "role")
    assert pairing.roles == ("husband", "wife")
    assert people.column("role")[pairing.first].tolist() == ["husband", "husband"]
    assert pairing.dyads.tolist() == ["7", "9"]


def test_numeric_roles_sort_by_value() -> None:
    table = Table.from_columns({"d": [1, 1], "g": [1.0, -1.0]})
    assert pair_members(table, "d", "g").roles == ("-1", "1")


@pytest.mark.parametrize(
    ("ids", "message"),
    [([1, 1, 2, 3], "dyad '2' has one member"), ([1, 1, 1, 2, 2], "dyad '1' has three members")],
)
def test_dyads_must_have_two_members(ids: list[int], message: str) -> None:
    with pytest.raises(DyadSizeError, match=message):
        pair_members(Table.from_columns({"d": ids}), "d")


def test_role_with_three_values_does_not_split_dyads() -> None:
    table = Table.from_columns({"d": [1, 1, 2, 2], "r": ["a", "b", "a", "c"]})
    with pytest.raises(RoleSplitError, match="exactly two values.*takes 3"):
        pair_members(table, "d", "r")


def test_role_shared_within_a_dyad_is_named() -> None:
    table = Table.from_columns({"d": [1, 1, 2, 2], "r": ["a", "b", "a", "a"]})
    with pytest.raises(RoleSplitError, match="d: '2'"):
        pair_members(table, "d", "r")


def test_individual_to_dyad_and_back_by_role(people: Table) -> None:
    dyads = individual_to_dyad(people, "couple", "role")
    assert dyads.names == ("couple", "x_husband", "x_wife", "y_husband", "y_wife")
    assert dyads.column("x_wife").tolist() == ["1.5", "3"]
    back = dyad_to_individual(dyads, "couple", ("_husband", "_wife"), role="role")
    assert back.n_rows == 4
    assert back.column("role").tolist() == ["husband", "wife", "husband", "wife"]
    assert back.column("x").tolist() == ["2.5", "1.5", "4", "3"]


def test_dyad_to_individual_copies_couple_level_columns() -> None:
    dyads = Table.from_columns({"d": [1, 2], "years": [3, 8], "y_1": [1, 2], "y_2": [3, 4]})
    people = dyad_to_individual(dyads, "d")
    assert people.column("years").tolist() == [3, 3, 8, 8]
    assert people.column("y").tolist() == [1, 3, 2, 4]


def test_individual_to_pairwise_adds_partner_columns_in_row_order(people: Table) -> None:
    pairwise = individual_to_pairwise(people, "couple", ["x"])
    assert pairwise.names == ("couple", "x_A", "x_P")
    assert pairwise.column("x_P").tolist() == ["2.5", "1.5", "3", "4"]
    assert partner_rows(people, "couple").tolist() == [1, 0, 3, 2]
    assert pairwise_to_individual(pairwise).names == ("couple", "x")


def test_write_csv_round_trips(people: Table, tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    write_csv(individual_to_pairwise(people, "couple"), path)
    again = load_csv(path)
    assert again.column("role_P").tolist() == ["husband", "wife", "wife", "husband"]


def test_columns_must_be_equally_long() -> None:
    with pytest.raises(DyadicDataError, match="same length"):
        Table.from_columns({"a": [1, 2], "b": [1]})


def test_float_labels_print_integers_plainly() -> None:
    table = Table.from_columns({"a": [1.0, -1.0], "b": [0.5, 2.0]})
    assert table.labels("a").tolist() == ["1", "-1"]
    assert table.labels("b").tolist() == ["0.5", "2.0"]
