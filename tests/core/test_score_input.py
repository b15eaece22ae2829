"""``interdepend score`` reads the files researchers have, the way the other commands read them.

Semicolon and tab files, a ``Respondent`` column, extra columns, every missing-value marker, rows
with no answers, and a run that fails at the header writing nothing at all.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pytest

from interdepend import cli
from interdepend.core import csvscore, dyadic, textdata
from interdepend.core.csvscore import CsvSummary, score_csv
from interdepend.core.dyadic import Table
from interdepend.core.errors import CsvFormatError
from tests.core.assessment_personas import V1

INVENTORY = V1.instrument
ALEX, SAM = V1.alex, V1.lost_self
IDS = INVENTORY.item_ids


@pytest.fixture(autouse=True)
def only_assessment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "AREAS", ("assessment",))


def text(
    rows: list[list[str]], separator: str = ",", header: list[str] | None = None
) -> io.StringIO:
    lines = [separator.join(header or ["respondent", *IDS])]
    lines += [separator.join(r) for r in rows]
    return io.StringIO("\n".join(lines) + "\n")


def cells(name: str, answers: dict[str, int | None]) -> list[str]:
    return [name, *("" if answers[i] is None else str(answers[i]) for i in IDS)]


def scored(source: io.StringIO) -> tuple[list[dict[str, str]], CsvSummary]:
    out = io.StringIO()
    summary = score_csv(INVENTORY, source, out)
    return list(csv.DictReader(io.StringIO(out.getvalue()))), summary


@pytest.fixture
def by_comma() -> list[dict[str, str]]:
    rows, _ = scored(text([cells("alex", ALEX), cells("sam", SAM)]))
    return rows


@pytest.mark.parametrize("separator", [";", "\t"])
def test_a_semicolon_or_tab_file_scores_as_a_comma_file_does(
    separator: str, by_comma: list[dict[str, str]]
) -> None:
    rows, summary = scored(text([cells("alex", ALEX), cells("sam", SAM)], separator))
    assert rows == by_comma and summary.failed == 0


def test_without_a_respondent_column_the_message_says_how_the_header_was_read() -> None:
    header = ["who", *IDS[:6]]
    with pytest.raises(CsvFormatError, match=r"read as semicolon-separated, its columns are 'who'"):
        score_csv(INVENTORY, text([], ";", header))


@pytest.mark.parametrize("name", ["Respondent", "RESPONDENT", " respondent "])
def test_the_respondent_column_is_found_whatever_its_case(
    name: str, by_comma: list[dict[str, str]]
) -> None:
    rows, _ = scored(text([cells("alex", ALEX), cells("sam", SAM)], header=[name, *IDS]))
    assert rows == by_comma


def test_two_respondent_columns_are_refused() -> None:
    with pytest.raises(CsvFormatError, match="more than one respondent column"):
        score_csv(INVENTORY, text([], header=["respondent", "Respondent", *IDS]))


def test_columns_that_are_not_items_are_left_aside_and_named(
    by_comma: list[dict[str, str]],
) -> None:
    header = ["timestamp", "respondent", *IDS, "group"]
    rows_in = [["2026-11-30", *cells("alex", ALEX), "a"], ["", *cells("sam", SAM), "b"]]
    rows, summary = scored(text(rows_in, header=header))
    assert rows == by_comma
    assert summary.ignored_columns == ("timestamp", "group") and summary.failed == 0


def test_every_missing_marker_of_the_other_commands_is_missing_here() -> None:
    """One definition: the same cells are missing for ``score`` as for ``apim`` and the rest."""
    shared = textdata.MISSING_MARKERS
    assert vars(csvscore)["MISSING_MARKERS"] is shared and vars(dyadic)["MISSING_MARKERS"] is shared
    markers = ["", "NA", "n/a", "NaN", "NULL", "None", ".", " na "]
    row = cells("alex", ALEX)
    for k, marker in enumerate(markers, start=1):
        row[k] = marker
    rows, summary = scored(text([row]))
    assert summary.failed == 0 and rows[0]["answered"] == str(len(IDS) - len(markers))
    as_table = Table.from_columns({"x": np.array(markers)}).numeric("x", allow_missing=True)
    assert np.isnan(as_table).all()


def test_a_row_with_no_answers_is_neither_scored_nor_failed() -> None:
    empty = ["quiet", *[""] * len(IDS)]
    only_markers = ["still", *["NA"] * len(IDS)]
    nothing = [""] * (len(IDS) + 1)  # a line of separators only: not a row at all
    rows, summary = scored(text([cells("alex", ALEX), empty, only_markers, nothing]))
    assert [r["respondent"] for r in rows] == ["alex"]
    assert (summary.rows, summary.scored, summary.blank, summary.failed) == (3, 1, 2, 0)


def _file(tmp_path: Path, content: str) -> Path:
    path = tmp_path / "responses.csv"
    path.write_text(content, encoding="utf-8")
    return path


def test_the_command_reads_a_semicolon_file_and_names_what_it_left_aside(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    header = ";".join(["Respondent", *IDS, "age"])
    quiet = ";".join(["quiet", *[""] * len(IDS), "40"])
    source = _file(tmp_path, "\n".join([header, ";".join([*cells("alex", ALEX), "31"]), quiet]))
    assert cli.main(["score", str(source), "--instrument", INVENTORY.id]) == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines()[0].startswith("respondent,self,bond")
    assert captured.out.splitlines()[1].startswith("alex,")
    assert "note: not items, so left aside: 'age'" in captured.err
    assert "scored 1 of 2 row(s); 1 had no answers and were left out; 0 failed" in captured.err


@pytest.mark.parametrize("to_file", [False, True], ids=["stdout", "file"])
def test_a_run_that_fails_at_the_header_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], to_file: bool
) -> None:
    source = _file(tmp_path, "who,s01\nx,3\n")
    out = tmp_path / "scores.csv"
    argv = ["score", str(source), "--instrument", INVENTORY.id] + (["-o", str(out)] * to_file)
    assert cli.main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "no 'respondent' column (read as comma-separated" in captured.err
    assert not out.exists() and not (tmp_path / "scores.csv.part").exists()


def test_scores_are_written_to_six_decimal_places_without_padding() -> None:
    rows, _ = scored(text([cells("alex", ALEX), cells("sam", SAM)]))
    alex, sam = rows
    assert (alex["self"], alex["bond"], alex["balance"]) == ("86.111111", "83.333333", "3.041667")
    assert (sam["enmeshment"], sam["balance"]) == ("87.5", "0.808081")


def test_a_spreadsheets_sep_line_names_the_separator_and_is_not_the_header() -> None:
    stated = text([cells("alex", ALEX), cells("sam", SAM)], separator=";")
    with_line = io.StringIO("sep=;\n" + stated.getvalue())
    rows, summary = scored(with_line)
    plain, _ = scored(text([cells("alex", ALEX), cells("sam", SAM)]))
    assert rows == plain and summary.failed == 0


def test_after_a_sep_line_a_bad_row_is_named_by_row_and_by_its_line_in_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = cells("b", ALEX)
    bad[1] = "9"
    body = text([cells("a", ALEX), bad], separator="|").getvalue()
    source = _file(tmp_path, "SEP=|\r\n" + body)
    assert cli.main(["score", str(source), "--instrument", INVENTORY.id]) == 1
    err = capsys.readouterr().err
    assert f"row 2 (line 4 of the file), column '{IDS[0]}': '9' is outside 1-7" in err
    assert "scored 1 of 2 row(s); 1 failed" in err


def _frame(rows: list[list[str]]) -> object:
    pandas = pytest.importorskip("pandas")
    header = ["respondent", *IDS, "group"]
    frame = pandas.DataFrame(
        [[r[0], *(float(c) if c else float("nan") for c in r[1:]), "g1"] for r in rows],
        columns=header,
    )
    return frame


def _write_sav(frame: object, path: Path) -> None:
    pytest.importorskip("pyreadstat").write_sav(frame, str(path))


def _write_dta(frame: object, path: Path) -> None:
    pytest.importorskip("pyreadstat").write_dta(frame, str(path))


def _write_parquet(frame: object, path: Path) -> None:
    pytest.importorskip("pyarrow")
    frame.to_parquet(path)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("suffix", "write"),
    [(".sav", _write_sav), (".dta", _write_dta), (".parquet", _write_parquet)],
)
def test_an_spss_stata_or_parquet_file_is_scored_as_its_csv_is(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str, write: object
) -> None:
    missing = cells("sam", SAM)
    missing[2] = ""
    bad = cells("kai", ALEX)
    bad[1] = "9"
    rows = [cells("alex", ALEX), missing, bad]
    as_csv = _file(tmp_path, text(rows).getvalue())
    assert cli.main(["score", str(as_csv), "--instrument", INVENTORY.id]) == 1
    expected = capsys.readouterr().out
    source = tmp_path / f"responses{suffix}"
    write(_frame(rows), source)  # type: ignore[operator]
    assert cli.main(["score", str(source), "--instrument", INVENTORY.id]) == 1
    captured = capsys.readouterr()
    assert captured.out == expected
    assert f"row 3, column '{IDS[0]}': '9' is outside 1-7" in captured.err
    assert "note: not items, so left aside: 'group'" in captured.err
    assert "scored 2 of 3 row(s); 1 failed" in captured.err
