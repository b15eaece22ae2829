"""Individual, dyad and pairwise structures and the errors on data that are not dyads."""

from __future__ import annotations

import re
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
    lone_ids_hint,
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


def test_infinite_value_is_too_large() -> None:
    """R reads "Inf" and "1e400" as infinities: numbers, too large for any model, and said so
    (the statistics audit of 2026-12-04 found "1e400" called "not a number")."""
    for written in ("inf", "-Infinity", "1e400", "-1E+999"):
        with pytest.raises(
            ValueTooLargeError, match=rf"row 2: {re.escape(repr(written))} is too large to analyse"
        ):
            Table.from_columns({"x": ["1", written]}).numeric("x")


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


def test_ragged_row_is_refused_with_its_file_line(tmp_path: Path) -> None:
    path = tmp_path / "ragged.csv"
    path.write_text("a,b\n1,2\n\n3\n")
    with pytest.raises(DyadicDataError, match=r"row 2 \(line 4 of the file\): 1 value for 2 col"):
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


def test_role_values_differing_only_in_capitals_are_pointed_out() -> None:
    table = Table.from_columns({"d": [1, 1, 2, 2], "r": ["Wife", "Husband", "wife", "Husband"]})
    with pytest.raises(
        RoleSplitError, match="takes 3: .*; 'Wife' and 'wife' differ only in capitals"
    ):
        pair_members(table, "d", "r")
    plain = Table.from_columns({"d": [1, 1, 2, 2], "r": ["a", "b", "a", "c"]})
    with pytest.raises(RoleSplitError) as raised:
        pair_members(plain, "d", "r")
    assert "capitals" not in str(raised.value)


def test_a_row_after_a_blank_line_or_a_cell_over_two_lines_is_placed_on_its_own_line(
    tmp_path: Path,
) -> None:
    path = tmp_path / "gaps.csv"
    path.write_text('d,note,x\n1,fine,2\n\n1,"two\nlines",3\n\n\n2,ok,high\n2,ok,4\n')
    table = load_csv(path)
    with pytest.raises(NonNumericValueError, match=re.escape("row 3 (line 8 of the file)")):
        table.numeric("x")
    # The line the row begins on, where its first values are (it said line 5, where the quoted
    # cell ends: the statistics audit of 2026-12-03).
    assert table.where(1) == "row 2 (line 4 of the file)"
    numbers = tmp_path / "plain.csv"
    numbers.write_text("d,x\n1,2\n1,3\n")
    assert load_csv(numbers).where(1) == "row 2 (line 3 of the file)"


def test_a_missing_role_is_placed_in_the_file(tmp_path: Path) -> None:
    """Refused as an empty role is (it was a RoleSplitError, an empty role this one)."""
    path = tmp_path / "roles.csv"
    path.write_text("couple,role,y\n1,a,2\n1,b,3\n2,a,4\n2,NA,5\n")
    with pytest.raises(
        MissingValueError, match=re.escape("column 'role', row 4 (line 5 of the file)")
    ):
        pair_members(load_csv(path), "couple", "role")


def test_people_alone_with_ids_that_are_one_number_get_a_hint() -> None:
    """In a column that is not all numbers, ids are compared as written; only the ids of people
    with no partner row are compared: "01" and "1" on two rows each are two couples, and
    nothing is said of them."""
    alone = Table.from_columns({"d": ["1.0", "1", "2", "2", "A3", "A3"]})
    assert lone_ids_hint(alone, "d") == (
        "some 'd' values are the same number written differently ('1' and '1.0'); since not "
        "every 'd' value is a number, they are compared as written: write each couple's id "
        "the same way on both rows"
    )
    paired = Table.from_columns({"d": ["01", "01", "1", "1", "A3"]})
    assert lone_ids_hint(paired, "d") == ""
    assert lone_ids_hint(Table.from_columns({"d": [1.0, 1.0, 2.0]}), "d") == ""


def test_role_shared_within_a_dyad_is_named() -> None:
    table = Table.from_columns({"d": [1, 1, 2, 2], "r": ["a", "b", "a", "a"]})
    with pytest.raises(RoleSplitError, match="in 1 dyad: d '2', both 'a', at rows 3 and 4$"):
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


# --- values too large, on every path ----------------------------------------------------------


def test_a_plain_number_file_with_a_value_too_large_names_its_cell(tmp_path: Path) -> None:
    """The fast reader took 1e300 as it was; the models then printed NaN or a traceback."""
    path = tmp_path / "numbers.csv"
    path.write_text("couple,x,y\n1,0.5,1.5\n1,1e300,2.5\n2,0.25,3.5\n2,0.75,4.5\n")
    table = load_csv(path)
    assert table.numeric("y").tolist() == [1.5, 2.5, 3.5, 4.5]
    with pytest.raises(ValueTooLargeError, match=r"'x', row 2 \(line 3 of the file\): '1e300'"):
        table.numeric("x")


def test_a_plain_number_file_still_takes_the_fast_path(tmp_path: Path) -> None:
    path = tmp_path / "numbers.csv"
    path.write_text("couple,x\n1,0.5\n1,1e15\n")
    assert load_csv(path).column("x").dtype == np.float64


@pytest.mark.parametrize(
    ("value", "error", "shown"),
    [
        (1e300, ValueTooLargeError, "'1e+300' is too large"),
        (-2e15, ValueTooLargeError, "'-2e+15' is too large"),
        (np.inf, ValueTooLargeError, "'inf' is too large"),
        (-np.inf, ValueTooLargeError, "'-inf' is too large"),
    ],
)
def test_a_number_column_is_held_to_the_same_limits_as_text(
    value: float, error: type[DyadicDataError], shown: str
) -> None:
    """A DataFrame's, Parquet's or SPSS's number column: refused like the same cell in a CSV."""
    table = Table.from_columns({"x": np.array([1.0, np.nan, value, 2.0])})
    with pytest.raises(error, match=rf"column 'x', row 3: {re.escape(shown)}"):
        table.numeric("x", allow_missing=True)


def test_a_whole_number_column_beyond_the_limit_is_refused() -> None:
    with pytest.raises(ValueTooLargeError, match="row 2"):
        Table.from_columns({"x": np.array([1, 10**16], dtype=np.int64)}).numeric("x")


# --- labels and identifiers -------------------------------------------------------------------


def test_spaces_around_an_id_or_a_role_do_not_make_another_couple(tmp_path: Path) -> None:
    path = tmp_path / "spaced.csv"
    path.write_text("couple,role,x\n5 ,female ,1\n5,male,2\n 6,female,3\n6, male,4\n")
    table = load_csv(path)
    pairing = pair_members(table, "couple", "role")
    assert pairing.dyads.tolist() == ["5", "6"]
    assert pairing.roles == ("female", "male")
    assert table.labels("role").tolist() == ["female", "male", "female", "male"]


def test_role_values_in_a_message_are_quoted_so_a_difference_shows() -> None:
    table = Table.from_columns({"couple": [1, 1, 2, 2], "role": ["f", "m", "F", "m"]})
    with pytest.raises(RoleSplitError, match="it takes 3: 'F', 'f', 'm'"):
        pair_members(table, "couple", "role")


def test_write_csv_keeps_text_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    write_csv(Table.from_columns({"note": [" calm ", "ok"]}), path)
    assert path.read_text().splitlines() == ["note", " calm ", "ok"]


# --- what a spreadsheet leaves in a file ------------------------------------------------------


def test_empty_trailing_columns_of_a_spreadsheet_are_dropped(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_text("couple,x,,\n1,2,,\n1,3,,\n")
    assert load_csv(path).names == ("couple", "x")


def test_a_nameless_column_with_values_is_named_by_position(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_text("couple,x,,\n1,2,,\n1,3,,7\n")
    with pytest.raises(DyadicDataError, match=r"column 4 has no name.*row 2, line 3"):
        load_csv(path)


def test_a_repeated_column_name_is_named(tmp_path: Path) -> None:
    path = tmp_path / "twice.csv"
    path.write_text("couple,x,x\n1,2,3\n1,3,4\n")
    with pytest.raises(DyadicDataError, match="repeats the column name 'x'"):
        load_csv(path)


def test_a_decimal_comma_gets_a_hint(tmp_path: Path) -> None:
    path = tmp_path / "comma.csv"
    path.write_text("couple;x\n1;1,5\n1;2\n")
    with pytest.raises(
        NonNumericValueError, match=r"'1,5' is not a number \(.*decimal comma.*'1.5'"
    ):
        load_csv(path).numeric("x")
    with pytest.raises(NonNumericValueError, match=r"'two' is not a number$"):
        Table.from_columns({"x": ["1", "two"]}).numeric("x")  # a word among numbers: no hint


def test_a_decimal_comma_in_the_first_row_is_not_called_a_survey_tools_row(
    tmp_path: Path,
) -> None:
    """With numbers below it, a decimal comma in the first row was told as the comma it is and
    then as a row of words Qualtrics writes, to be deleted (the outside check of 2026-12-05)."""
    path = tmp_path / "comma.csv"
    path.write_text("couple;x\n1;1,5\n1;2\n2;3\n2;4\n")
    with pytest.raises(NonNumericValueError) as raised:
        load_csv(path).numeric("x")
    assert str(raised.value).endswith("so save the file with points instead of commas)")
    assert "Qualtrics" not in str(raised.value)
    path.write_text("couple;x\n1;Question text\n1;2\n2;3\n2;4\n")
    with pytest.raises(NonNumericValueError, match="Qualtrics writes each question's text"):
        load_csv(path).numeric("x")


@pytest.mark.parametrize(
    ("cell", "said"),
    [
        ("\u22121.2", r"typographic sign.*'-1\.2'"),  # pasted from a document
        ("\u20133", r"typographic sign.*'-3'"),  # an en dash
        ("#N/A", r"spreadsheet's error value.*empty, or write NA"),
        ("#DIV/0!", r"spreadsheet's error value"),
    ],
)
def test_a_typographic_minus_or_a_spreadsheet_error_gets_a_hint(cell: str, said: str) -> None:
    """The statistics audit of 2026-12-03 (L2): these were refused with no word of why."""
    with pytest.raises(NonNumericValueError, match=said):
        Table.from_columns({"x": [cell]}).numeric("x")


@pytest.mark.parametrize(
    ("content", "said"),
    [
        ("couple,r\u00f4le\n1,\u00e9pouse\n".encode("latin-1"), r"line 1: the file is not UTF-8"),
        ("couple,x\n1,2\n1,caf\u00e9\n".encode("cp1252"), r"line 3: the file is not UTF-8"),
        (b"PK\x03\x04\x14\x00\x08\x08\xa3\x9f", "a spreadsheet workbook"),
    ],
)
def test_a_file_that_is_not_utf8_says_where_and_what_to_do(
    tmp_path: Path, content: bytes, said: str
) -> None:
    path = tmp_path / "data.csv"
    path.write_bytes(content)
    with pytest.raises(DyadicDataError, match=said) as error:
        load_csv(path)
    assert '"CSV UTF-8"' in str(error.value)


def test_a_cell_beyond_the_csv_limit_is_reported_by_row(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    path.write_text('couple,x\n1,2\n1,"' + "9" * 200_000 + "\n")
    with pytest.raises(DyadicDataError, match=r"row 2 \(line 3 of the file\): a cell holds more"):
        load_csv(path)


# --- what the library takes -------------------------------------------------------------------


def test_data_of_a_kind_not_taken_is_refused_saying_what_is() -> None:
    with pytest.raises(DyadicDataError, match="a pandas DataFrame or a mapping.*not a list"):
        Table.from_columns([{"couple": 1}])  # type: ignore[arg-type]


def test_one_column_name_given_without_a_list_is_taken_as_one(people: Table) -> None:
    one = individual_to_pairwise(people, "couple", columns="role")
    assert one.names == individual_to_pairwise(people, "couple", columns=["role"]).names
