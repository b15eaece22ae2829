"""A couple, person or role id written as a missing-value marker is refused with its row.

``NA``, ``N/A``, ``NaN``, ``NULL``, ``None`` and ``.`` (and a NaN in a DataFrame's number
column) are missing values in every command. An id written so was kept as text: two rows with
``NA`` became a couple called "NA" and were fitted as partners, and their real partners were
counted as having no partner row (the library audit of 2026-12-03). Such an id is now refused
as an empty one is, by every command and library function that reads ids.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from interdepend.cli import main
from interdepend.core.apim import distinguishability_test, fit_apim, k_ratio
from interdepend.core.apim_mediation import fit_apim_mediation
from interdepend.core.diary import fit_diary
from interdepend.core.dyadic import (
    MissingValueError,
    Table,
    load_csv,
    pair_members,
    pair_rows,
    role_levels,
)
from interdepend.core.nonindependence import nonindependence
from interdepend.core.textdata import MISSING_MARKERS

#: Every marker as a file may write it: each in capitals and in small letters, and padded.
MARKERS = sorted({m for marker in MISSING_MARKERS - {""} for m in (marker, marker.upper())})
MARKERS += [" NA ", "n/A"]

#: The wife of couple 1 and the husband of couple 3 lose their couple id: the audit's case.
LOST = (0, 5)


def couples(n: int = 12, *, seed: int = 11) -> dict[str, list[str]]:
    """``n`` couples, one row per person, as a file holds them: every cell text."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=2 * n)
    m = 0.5 * x + rng.normal(size=2 * n)
    y = 0.4 * x + 0.3 * m + rng.normal(size=2 * n)
    return {
        "couple": [str(1 + i // 2) for i in range(2 * n)],
        "role": ["wife", "husband"] * n,
        "x": [f"{v:.4f}" for v in x],
        "m": [f"{v:.4f}" for v in m],
        "y": [f"{v:.4f}" for v in y],
    }


def marked(column: str, marker: str, rows: tuple[int, ...] = LOST) -> dict[str, list[str]]:
    data = couples()
    for row in rows:
        data[column][row] = marker
    return data


def write(path: Path, data: dict[str, list[str]]) -> str:
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(data)
        writer.writerows(zip(*data.values(), strict=True))
    return str(path)


def said(column: str, row: int = 1, line: int | None = None) -> str:
    """The start of the message for a missing id at 1-based ``row`` (and file ``line``)."""
    where = f"row {row} (line {line} of the file)" if line else f"row {row}"
    return f"column '{column}', {where}: the value is missing"


def refused(column: str, row: int = 1, line: int | None = None) -> str:
    """:func:`said` as a pattern for ``pytest.raises``."""
    return re.escape(said(column, row, line))


# --- the table: labels and identifiers ------------------------------------------------------


@pytest.mark.parametrize("marker", MARKERS)
def test_an_id_written_as_a_marker_is_refused_with_its_row_and_line(
    tmp_path: Path, marker: str
) -> None:
    table = load_csv(write(tmp_path / "ids.csv", marked("couple", marker)))
    with pytest.raises(MissingValueError, match=refused("couple", 1, 2)) as raised:
        table.identifiers("couple")
    assert (raised.value.column, raised.value.row) == ("couple", 0)
    assert f"({marker.strip()!r} marks a missing value)" in str(raised.value)


@pytest.mark.parametrize("marker", ["NA", "."])
def test_two_rows_marked_missing_are_never_paired(tmp_path: Path, marker: str) -> None:
    """They were one complete couple called "NA", and their partners had "no partner row"."""
    table = load_csv(write(tmp_path / "ids.csv", marked("couple", marker)))
    for pair in (
        lambda: pair_members(table, "couple"),
        lambda: pair_rows(table, "couple"),
        lambda: pair_rows(table, "couple", "role"),
    ):
        with pytest.raises(MissingValueError, match=refused("couple", 1, 2)):
            pair()


@pytest.mark.parametrize("rows", [(3,), (0, 5, 9)])
def test_one_or_three_rows_marked_missing_are_refused_too(rows: tuple[int, ...]) -> None:
    """One was left out as a lone member without a word; three made "dyad 'NA' has three
    members", a couple that does not exist."""
    table = Table.from_columns(marked("couple", "NA", rows))
    with pytest.raises(MissingValueError, match=refused("couple", rows[0] + 1)):
        pair_rows(table, "couple")


def test_a_role_written_as_a_marker_is_refused_as_an_empty_one() -> None:
    for marker in ("", "NA", "null"):
        table = Table.from_columns(marked("role", marker, (6,)))
        with pytest.raises(MissingValueError, match=refused("role", 7)):
            role_levels(table, "role")
        with pytest.raises(MissingValueError, match=refused("role", 7)):
            pair_rows(table, "couple", "role")


def test_a_nan_in_a_number_column_of_ids_is_refused() -> None:
    """Number columns are grouped as numbers; two NaNs made one couple."""
    ids = np.repeat(np.arange(1.0, 7.0), 2)
    ids[[2, 9]] = np.nan
    table = Table.from_columns({"couple": ids, "x": np.arange(12.0)})
    for pair in (lambda: pair_members(table, "couple"), lambda: pair_rows(table, "couple")):
        with pytest.raises(MissingValueError, match=refused("couple", 3)):
            pair()


def test_a_missing_number_is_an_empty_label_not_nan() -> None:
    table = Table.from_columns({"couple": np.array([1.0, np.nan, 2.0, -3.0])})
    assert table.labels("couple").tolist() == ["1", "", "2", "-3"]
    fractions = Table.from_columns({"x": np.array([0.5, np.nan])})
    assert fractions.labels("x").tolist() == ["0.5", ""]


def test_ids_that_only_look_like_a_marker_are_ids() -> None:
    near = ["n", "N", "Nan1", "NAB", "nones", "..", "n/a/b", "-", "0", "nil", "na na", "N1"]
    ids = np.repeat(np.array(near), 2)
    assert Table.from_columns({"couple": ids}).identifiers("couple").tolist() == ids.tolist()
    assert pair_members(Table.from_columns({"couple": ids}), "couple").dyads.size == len(near)


# --- DataFrames -----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["float", "object", "Int64"])
def test_a_missing_id_in_a_dataframe_is_refused(kind: str) -> None:
    """A float column with NaN, an object column with None and a nullable integer column
    with pd.NA: every kind of missing id pandas holds."""
    pd = pytest.importorskip("pandas")
    data = couples()
    ids: list[Any] = [int(v) for v in data["couple"]]
    for row in LOST:
        ids[row] = None
    frame = pd.DataFrame({**data, "couple": pd.Series(ids, dtype=kind)})
    frame[["x", "m", "y"]] = frame[["x", "m", "y"]].astype(float)
    with pytest.raises(MissingValueError, match=refused("couple", 1)):
        fit_apim(frame, dyad="couple", outcome="y", actor="x", role="role")
    assert "nan" not in Table.from_frame(frame).labels("couple").tolist()


# --- every library entry point --------------------------------------------------------------

FITS: dict[str, Callable[[Table], object]] = {
    "fit_apim": lambda t: fit_apim(t, dyad="couple", outcome="y", actor="x"),
    "fit_apim with role": lambda t: fit_apim(t, dyad="couple", outcome="y", actor="x", role="role"),
    "k_ratio": lambda t: k_ratio(t, dyad="couple", outcome="y", actor="x", n_resamples=5),
    "distinguishability_test": lambda t: distinguishability_test(
        t, dyad="couple", outcome="y", actor="x", role="role"
    ),
    "nonindependence": lambda t: nonindependence(t, dyad="couple", variable="y"),
    "nonindependence with role": lambda t: nonindependence(
        t, dyad="couple", variable="y", role="role"
    ),
    "fit_apim_mediation": lambda t: fit_apim_mediation(
        t, dyad="couple", x="x", m="m", y="y", bootstrap=0
    ),
}


@pytest.mark.parametrize(
    ("name", "column"),
    [(name, "couple") for name in FITS]
    + [(name, "role") for name in FITS if "role" in name or "distinguishability" in name],
)
def test_every_dyadic_function_refuses_a_missing_id(name: str, column: str) -> None:
    table = Table.from_columns(marked(column, "NA"))
    with pytest.raises(MissingValueError, match=refused(column, 1)):
        FITS[name](table)


def diary_days(n: int = 6, days: int = 5) -> dict[str, list[str]]:
    rng = np.random.default_rng(4)
    rows = [(d, p, t) for d in range(1, n + 1) for p in (1, 2) for t in range(1, days + 1)]
    x = rng.normal(size=len(rows))
    y = 0.3 * x + rng.normal(size=len(rows))
    return {
        "dyad": [str(d) for d, _, _ in rows],
        "person": [f"{d}{'ab'[p - 1]}" for d, p, _ in rows],
        "role": ["wife" if p == 1 else "husband" for _, p, _ in rows],
        "day": [str(t) for _, _, t in rows],
        "x": [f"{v:.4f}" for v in x],
        "y": [f"{v:.4f}" for v in y],
    }


@pytest.mark.parametrize("column", ["dyad", "person", "role"])
@pytest.mark.parametrize("marker", ["NA", "."])
def test_the_diary_refuses_a_missing_dyad_person_or_role(column: str, marker: str) -> None:
    """It said "repeats day 2 for person 'NA'" or "dyad 'NA' has 4 people" instead."""
    data = diary_days()
    data[column][3] = marker
    data[column][12] = marker  # a day of another person, in another couple
    options = {"dyad": "dyad", "person": "person", "day": "day", "outcome": "y", "actor": "x"}
    with pytest.raises(MissingValueError, match=refused(column, 4)):
        fit_diary(Table.from_columns(data), **options, role="role")  # type: ignore[arg-type]


# --- every command --------------------------------------------------------------------------

COMMANDS = {
    "apim": ["apim", "--dyad", "couple", "--outcome", "y", "--actor", "x"],
    "apim --role": ["apim", "--dyad", "couple", "--outcome", "y", "--actor", "x", "--role", "role"],
    "apim --k-interval": [
        *["apim", "--dyad", "couple", "--outcome", "y", "--actor", "x"],
        *["--k-interval", "--bootstrap", "5"],
    ],
    "nonindependence": ["nonindependence", "--dyad", "couple", "--variable", "y"],
    "apim-mediation": [
        *["apim-mediation", "--dyad", "couple", "--x", "x", "--m", "m", "--y", "y"],
        *["--bootstrap", "0"],
    ],
}


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("marker", ["NA", "N/A", "NULL"])
def test_every_command_stops_at_a_missing_couple_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str, marker: str
) -> None:
    argv = COMMANDS[command]
    path = write(tmp_path / "couples.csv", marked("couple", marker))
    code = main([argv[0], path, *argv[1:]])
    out, err = capsys.readouterr()
    assert code == 2
    assert said("couple", 1, 2) in err
    assert "Traceback" not in err
    assert out == ""


def test_the_diary_command_stops_at_a_missing_person_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = diary_days()
    data["person"][3] = "NA"
    data["person"][12] = "NA"
    path = write(tmp_path / "diary.csv", data)
    argv = ["diary", path, "--dyad", "dyad", "--person", "person", "--day", "day"]
    code = main([*argv, "--outcome", "y", "--actor", "x"])
    out, err = capsys.readouterr()
    assert code == 2
    assert said("person", 4, 5) in err
    assert out == ""
