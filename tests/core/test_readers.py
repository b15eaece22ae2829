"""Tables from every source a researcher has: CSV (any separator), DataFrames, Parquet, SPSS, Stata.

Each reader is checked on a real small file written here, and the APIM fitted from it must equal
the APIM fitted from the same numbers in a CSV.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from interdepend.cli import main
from interdepend.core.apim import ApimResult, fit_apim
from interdepend.core.dyadic import DyadicDataError, Table, load_csv, load_table

pd = pytest.importorskip("pandas")

COUPLES: dict[str, list[Any]] = {
    "couple": [1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8],
    "role": [1, 2] * 8,
    "warmth": [4.5, 3.0, 2.5, 3.5, 5.0, 4.0, 3.0, 2.0, 4.0, 4.5, 1.5, 2.5, 3.5, 3.0, 2.0, 4.0],
    "closeness": [4.0, 3.5, 2.0, 3.0, 4.5, 4.5, 3.5, 2.5, 4.5, 4.0, 2.0, 2.0, 3.0, 3.5, 2.5, 3.5],
}


def _fit(data: Any, role: str | None = None) -> ApimResult:
    return fit_apim(data, dyad="couple", outcome="closeness", actor="warmth", role=role)


def _same_fit(a: ApimResult, b: ApimResult) -> None:
    assert [e.name for e in a.fixed] == [e.name for e in b.fixed]
    for x, y in zip(a.fixed, b.fixed, strict=True):
        assert x.estimate == pytest.approx(y.estimate, abs=1e-9)
        assert x.se == pytest.approx(y.se, abs=1e-6)
    assert a.rho == pytest.approx(b.rho, abs=1e-6)


def _write_csv(path: Path, separator: str = ",", columns: dict[str, list[Any]] = COUPLES) -> Path:
    names = list(columns)
    lines = [separator.join(names)]
    lines += [separator.join(str(columns[n][i]) for n in names) for i in range(16)]
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.fixture
def from_csv(tmp_path: Path) -> ApimResult:
    return _fit(load_csv(_write_csv(tmp_path / "couples.csv")))


# --- CSV ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("separator", [";", "\t", "|"])
def test_a_semicolon_tab_or_bar_file_reads_like_a_comma_file(
    tmp_path: Path, separator: str, from_csv: ApimResult
) -> None:
    table = load_csv(_write_csv(tmp_path / "couples.txt", separator))
    assert table.names == tuple(COUPLES)
    _same_fit(_fit(table), from_csv)


def test_a_plain_number_file_reads_as_numbers_and_fits_as_its_text_does(tmp_path: Path) -> None:
    path = _write_csv(tmp_path / "couples.csv")
    fast = load_csv(path)
    assert all(column.dtype == np.float64 for column in fast.columns.values())
    text = Table.from_columns({k: np.array([str(v) for v in vals]) for k, vals in COUPLES.items()})
    for role in (None, "role"):
        _same_fit(_fit(fast, role), _fit(text, role))


@pytest.mark.parametrize(
    "cell", ["007", "+1", "1.0", "1e0", " 1", "NA", '"1"'], ids=lambda c: repr(c)
)
def test_ids_written_other_than_as_plain_integers_keep_their_text(
    tmp_path: Path, cell: str
) -> None:
    """ "007" stays "007" (and "NA" stays missing): only plain numbers take the fast path."""
    path = tmp_path / "ids.csv"
    path.write_text(f"couple,score\n{cell},1.5\n2,2.5\n")
    table = load_csv(path)
    assert table.column("couple").dtype.kind == "U"
    assert table.column("couple")[0] == cell.replace('"', "")


def test_a_missing_value_is_reported_by_row_and_column_as_before(tmp_path: Path) -> None:
    path = tmp_path / "gap.csv"
    path.write_text("couple,score\n1,1.5\n1,NA\n")
    with pytest.raises(DyadicDataError, match=r"'score', row 2 \(line 3 of the file\)"):
        load_csv(path).numeric("score")


def test_whole_numbers_too_large_for_a_float_keep_their_text(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_text("couple,score\n90071992547409931,1\n90071992547409932,2\n")
    assert list(load_csv(path).labels("couple")) == ["90071992547409931", "90071992547409932"]


# --- DataFrames ---------------------------------------------------------------------------------


def test_a_dataframe_fits_as_the_same_csv_does(from_csv: ApimResult) -> None:
    frame = pd.DataFrame(COUPLES)
    _same_fit(_fit(frame), from_csv)
    _same_fit(_fit(Table.from_frame(frame)), from_csv)


def test_a_dataframe_keeps_missing_values_missing_in_every_kind_of_column() -> None:
    frame = pd.DataFrame(
        {
            "n": pd.array([1, None, 3], dtype="Int64"),
            "x": [1.5, np.nan, 2.5],
            "label": ["a", None, "c"],
            "group": pd.Categorical(["u", "v", None]),
            7: [True, False, True],
        }
    )
    table = Table.from_frame(frame)
    assert table.names == ("n", "x", "label", "group", "7")
    np.testing.assert_array_equal(table.numeric("n", allow_missing=True), [1.0, np.nan, 3.0])
    np.testing.assert_array_equal(table.numeric("x", allow_missing=True), [1.5, np.nan, 2.5])
    assert list(table.column("label")) == ["a", "", "c"]
    assert list(table.column("group")) == ["u", "v", ""]
    assert list(table.numeric("7")) == [1.0, 0.0, 1.0]


def test_a_true_false_column_of_a_dataframe_is_labelled_as_a_mappings() -> None:
    """A role column of True/False names its roles "True" and "False" (not "1" and "0"), as
    the same column handed over in a mapping does; as a number it is still 1 and 0."""
    from interdepend.core.nonindependence import nonindependence

    rng = np.random.default_rng(3)
    columns = {
        "couple": np.repeat(np.arange(12), 2),
        "female": np.tile([True, False], 12),
        "y": rng.normal(size=24),
    }
    frame = pd.DataFrame(columns)
    table = Table.from_frame(frame)
    assert table.labels("female")[:2].tolist() == ["True", "False"]
    assert table.numeric("female")[:2].tolist() == [1.0, 0.0]
    from_frame = nonindependence(frame, dyad="couple", variable="y", role="female")
    from_mapping = nonindependence(columns, dyad="couple", variable="y", role="female")
    assert list(from_frame.means) == ["False", "True"]
    assert from_frame.means == from_mapping.means
    with_gap = pd.DataFrame({"f": pd.array([True, None, False], dtype="boolean")})
    assert np.isnan(Table.from_frame(with_gap).numeric("f", allow_missing=True)[1])


def test_something_that_is_not_a_dataframe_is_refused_in_words() -> None:
    with pytest.raises(DyadicDataError, match="expected a pandas DataFrame, got list"):
        Table.from_frame([1, 2])


def test_an_infinity_in_a_dataframe_is_refused_as_in_a_csv() -> None:
    """It used to be taken for a missing value, and its row left out without a word."""
    frame = pd.DataFrame(COUPLES)
    frame.loc[5, "warmth"] = np.inf
    with pytest.raises(
        DyadicDataError, match=r"column 'warmth', row 6: 'inf' is too large to analyse"
    ):
        _fit(frame)


def test_a_value_too_large_in_a_dataframe_is_refused_with_its_row() -> None:
    frame = pd.DataFrame(COUPLES)
    frame.loc[3, "closeness"] = 1e300
    with pytest.raises(DyadicDataError, match=r"column 'closeness', row 4: .* is too large"):
        _fit(frame)


def test_importing_the_library_does_not_import_pandas_or_the_readers() -> None:
    code = (
        "import sys, interdepend.core.dyadic, interdepend.core.apim, interdepend.cli\n"
        "interdepend.cli.build_parser()\n"
        "print(sorted(m for m in ('pandas', 'pyarrow', 'pyreadstat') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


# --- Parquet, SPSS, Stata -----------------------------------------------------------------------


def _frame_with_a_gap() -> Any:
    frame = pd.DataFrame(COUPLES)
    frame["note"] = ["calm", None] + ["ok"] * 14
    return frame


def test_a_parquet_file_reads_and_fits_as_the_csv_does(
    tmp_path: Path, from_csv: ApimResult
) -> None:
    pytest.importorskip("pyarrow")
    path = tmp_path / "couples.parquet"
    _frame_with_a_gap().to_parquet(path)
    table = load_table(path)
    assert list(table.column("note")[:3]) == ["calm", "", "ok"]
    _same_fit(_fit(table), from_csv)


def test_a_value_too_large_in_a_parquet_file_stops_the_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("pyarrow")
    path = tmp_path / "couples.parquet"
    frame = pd.DataFrame(COUPLES)
    frame.loc[3, "closeness"] = 1e300
    frame.to_parquet(path)
    args = ["--dyad", "couple", "--outcome", "closeness", "--actor", "warmth"]
    assert main(["apim", str(path), *args]) == 2
    said = capsys.readouterr().err
    assert "column 'closeness', row 4: '1e+300' is too large to analyse" in said
    assert "Traceback" not in said


@pytest.mark.parametrize("suffix", [".sav", ".dta"])
def test_spss_and_stata_files_read_and_fit_as_the_csv_does(
    tmp_path: Path, suffix: str, from_csv: ApimResult
) -> None:
    pyreadstat = pytest.importorskip("pyreadstat")
    path = tmp_path / f"couples{suffix}"
    frame = _frame_with_a_gap()
    frame["extra"] = [np.nan] + [1.0] * 15  # a system-missing number
    write = pyreadstat.write_sav if suffix == ".sav" else pyreadstat.write_dta
    write(frame, str(path))
    table = load_table(path)
    assert np.isnan(table.numeric("extra", allow_missing=True)[0])
    assert table.column("note")[1] == ""
    _same_fit(_fit(table), from_csv)
    _same_fit(_fit(load_csv(path)), from_csv)  # load_csv reads by extension too


def test_the_apim_command_reads_a_parquet_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("pyarrow")
    parquet, csv = tmp_path / "couples.parquet", _write_csv(tmp_path / "couples.csv")
    pd.DataFrame(COUPLES).to_parquet(parquet)
    args = ["--dyad", "couple", "--outcome", "closeness", "--actor", "warmth", "--role", "role"]
    assert main(["apim", str(parquet), *args]) == 0
    from_parquet = capsys.readouterr().out
    assert main(["apim", str(csv), *args]) == 0
    assert from_parquet == capsys.readouterr().out
    assert "8 dyads, 16 people" in from_parquet


@pytest.mark.parametrize(
    ("suffix", "module"), [(".parquet", "pyarrow.parquet"), (".sav", "pyreadstat")]
)
def test_a_missing_reader_names_the_extra_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str, module: str
) -> None:
    path = tmp_path / f"couples{suffix}"
    path.write_bytes(b"not read")
    monkeypatch.setitem(sys.modules, module, None)  # import fails as if not installed
    with pytest.raises(DyadicDataError, match=r"pip install '/path/to/interdepend\[files\]'"):
        load_table(path)


def test_a_damaged_file_is_reported_in_words(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    path = tmp_path / "broken.parquet"
    path.write_bytes(b"PAR1 this is not parquet")
    with pytest.raises(DyadicDataError, match="cannot read .*broken.parquet"):
        load_table(path)


@pytest.mark.parametrize(
    ("content", "fast"),
    [
        ("couple,score\r\n1,1.5\r\n2,2.5\r\n", True),  # Windows line ends
        ("couple,score\n1,1.5\n\n2,2.5\n", True),  # a blank line
        ("couple,score\n1,1.5e3\n2,2.5\n", True),  # an exponent in a column of fractions
        ("couple,score\n1,1500\n2,2.5e3\n", False),  # an exponent in a whole-number column
        ("couple,score\n1,1.5\n\n02,2.5\n", False),  # a leading zero after a blank line
    ],
)
def test_the_fast_path_takes_every_plain_file_and_only_those(
    tmp_path: Path, content: str, fast: bool
) -> None:
    path = tmp_path / "data.csv"
    path.write_text(content, newline="")
    table = load_csv(path)
    assert (table.column("couple").dtype == np.float64) is fast
    text = Table.from_columns({name: table.labels(name) for name in table.names})
    for name in table.names:
        np.testing.assert_array_equal(table.numeric(name), text.numeric(name))
