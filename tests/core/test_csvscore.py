"""Scoring a CSV in chunks: good rows scored, bad rows reported by row and column."""

from __future__ import annotations

import csv
import io
import re

import pytest

from interdepend.core.csvscore import CsvSummary, iter_score_csv, output_columns, score_csv
from interdepend.core.errors import CsvFormatError
from tests.core.assessment_personas import V1

# The CSV machinery is the same for every version; these tests use version 1's columns.
INVENTORY = V1.instrument
ALEX = V1.alex
LOST_SELF = V1.lost_self

IDS = INVENTORY.item_ids


def row(name: str, answers: dict[str, int | None]) -> str:
    return ",".join([name, *("" if answers[i] is None else str(answers[i]) for i in IDS)])


def source(*rows: str, header: str = ",".join(["respondent", *IDS])) -> io.StringIO:
    return io.StringIO("\n".join([header, *rows]) + "\n")


def scored(text: io.StringIO, max_errors: int = 1000) -> tuple[list[dict[str, str]], CsvSummary]:
    out = io.StringIO()
    summary = score_csv(INVENTORY, text, out, max_errors=max_errors)
    return list(csv.DictReader(io.StringIO(out.getvalue()))), summary


def test_output_columns_are_the_documented_ones() -> None:
    assert output_columns(INVENTORY) == [
        "respondent",
        "self",
        "bond",
        "enmeshment",
        "distance",
        "balance",
        "dynamic",
        "answered",
        "safety_screen",
    ]


def test_good_rows_are_scored() -> None:
    rows, summary = scored(source(row("alex", ALEX), row("sam", LOST_SELF)))
    assert [r["dynamic"] for r in rows] == ["interdependent", "enmeshed_leaning"]
    assert [r["safety_screen"] for r in rows] == ["not_asked", "not_asked"]
    assert rows[0]["answered"] == "52" and float(rows[0]["self"]) > 70
    assert summary.rows == 2 and summary.failed == 0


def test_bad_rows_are_reported_and_the_others_still_scored() -> None:
    cells = row("b1", ALEX).split(",")
    cells[1], cells[3] = "9", "often"
    text = source(
        row("alex", ALEX),
        ",".join(cells),
        "short,1,2",
        row("", ALEX),
        row("alex", ALEX),
        "",
        row("sam", LOST_SELF),
    )
    rows, summary = scored(text)
    assert [r["respondent"] for r in rows] == ["alex", "sam"]
    messages = [str(e) for e in summary.errors]
    assert messages == [
        "row 2 (line 3 of the file), column 's01': '9' is outside 1-7",
        "row 2 (line 3 of the file), column 's03': 'often' is not a number: answers are "
        "numbers from 1 to 7, so save the answer scale's numbers, not its words",
        "row 3 (line 4 of the file): has 3 cells; the header has 53",
        "row 4 (line 5 of the file), column 'respondent': the respondent is empty",
        "row 5 (line 6 of the file), column 'respondent': respondent 'alex' appears more than once",
    ]
    assert (summary.rows, summary.scored, summary.failed) == (6, 2, 4)


def test_missing_markers_and_whitespace_are_understood() -> None:
    cells = row("a", ALEX).split(",")
    cells[1], cells[2], cells[3] = "NA", " 5 ", "6.0"
    rows, summary = scored(source(",".join(cells)))
    assert summary.failed == 0
    assert rows[0]["answered"] == "51"


def test_columns_in_any_order_and_absent_columns() -> None:
    header = "s02,respondent,s01"
    rows, summary = scored(source("7,x,7", header=header))
    assert rows[0]["self"] == "" and rows[0]["dynamic"] == "unscored"
    assert len(summary.missing_columns) == 50


@pytest.mark.parametrize(
    ("header", "problem"),
    [
        ("id,s01", "no 'respondent' column"),
        ("respondent,s01,s01", "repeats column 's01'"),
        # Apart only by a space at one end: both named, as the research commands name them.
        ("respondent,s01,s01 ", "'s01' and 's01 ', which differ only by spaces"),
        ("respondent", "no item columns"),
    ],
)
def test_a_bad_header_stops_before_reading(header: str, problem: str) -> None:
    with pytest.raises(CsvFormatError, match=re.escape(problem)):
        score_csv(INVENTORY, source(header=header))


def test_empty_file_is_a_format_error() -> None:
    with pytest.raises(CsvFormatError, match="empty"):
        score_csv(INVENTORY, io.StringIO(""))


def test_progress_is_reported_per_chunk() -> None:
    seen: list[int] = []
    text = source(*(row(f"r{i}", ALEX) for i in range(25)))
    chunks = list(iter_score_csv(INVENTORY, text, chunk_rows=10, progress=seen.append))
    assert seen == [10, 10, 5]
    assert sum(len(c.respondents) for c in chunks) == 25


def test_error_list_is_capped_but_counted() -> None:
    text = source(*(f"r{i},x" for i in range(20)))
    _, summary = scored(text, max_errors=5)
    assert len(summary.errors) == 5 and summary.error_count == 20


def test_the_safety_screen_beside_the_items_gives_each_row_its_outcome() -> None:
    screen = ",".join(f"sf0{k}" for k in range(1, 7))
    header = ",".join(["respondent", *IDS]) + "," + screen
    text = source(
        row("calm", ALEX) + ",1,1,1,1,1,1",
        row("afraid", LOST_SELF) + ",1,,3,1,1,",
        row("quiet", LOST_SELF) + ",,,,,,",
        row("bad", ALEX) + ",1,1,5,1,1,1",
        header=header,
    )
    rows, summary = scored(text)
    assert [(r["respondent"], r["safety_screen"]) for r in rows] == [
        ("calm", "clear"),
        ("afraid", "flagged"),
        ("quiet", "not_answered"),
    ]
    assert rows[1]["dynamic"] == "enmeshed_leaning"  # the scores stay; the outcome sits beside
    assert summary.failed == 1
    assert str(summary.errors[0]) == "row 4 (line 5 of the file), column 'sf03': '5' is outside 1-4"
