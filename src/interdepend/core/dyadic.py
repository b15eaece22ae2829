"""Dyadic data structures and the converters between them.

Three layouts of the same couples (Kenny, Kashy & Cook 2006, ch. 1):

* **individual** — one row per person, with a dyad id column (and perhaps a role column);
* **dyad** — one row per couple, each person variable twice with a member suffix;
* **pairwise** — one row per person with the person's own values (suffix ``_A``, actor) and the
  partner's (suffix ``_P``, partner).

A :class:`Table` is a frozen mapping of column names to equally long one-dimensional NumPy
arrays. Loaded from CSV a column holds strings, or floats when the whole file is plain numbers
(the fast path: the same values, read at C speed); :meth:`Table.numeric` converts one column to
floats and names the row and column of any value that is not a number.

Tables come from a CSV file (comma, semicolon, tab or vertical bar, found from the header), from
Parquet, SPSS ``.sav`` and Stata ``.dta`` files (:func:`load_table`, with the ``files`` extra) and
from pandas DataFrames (:meth:`Table.from_frame`). pandas, pyarrow and pyreadstat are imported
only when such a table is read, never when this module is.
"""

from __future__ import annotations

import codecs
import csv
import decimal
import functools
import io
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from interdepend.core.csvcell import SafeWriter
from interdepend.core.errors import InterdependError
from interdepend.core.plural import listed
from interdepend.core.textdata import (
    MISSING_MARKERS,
    apart_only_by_spaces,
    separator_of,
    stated_separator,
)

__all__ = [
    "DyadSizeError",
    "DyadicDataError",
    "EmptyColumnError",
    "MissingColumnError",
    "MissingValueError",
    "NoPairsError",
    "NonNumericValueError",
    "Pairing",
    "RoleSplitError",
    "Table",
    "dyad_to_individual",
    "individual_to_dyad",
    "individual_to_pairwise",
    "load_csv",
    "load_table",
    "missing_code_findings",
    "missing_code_notes",
    "pair_members",
    "pair_rows",
    "partner_rows",
    "role_levels",
    "pairwise_to_individual",
    "write_csv",
]

_MISSING_TOKENS = MISSING_MARKERS
_SHOWN = 5  # how many offending dyads an error message lists


class DyadicDataError(InterdependError):
    """The data cannot be read as dyads; the message says where and why."""


class MissingColumnError(DyadicDataError):
    """A column the analysis needs is not in the table."""

    def __init__(self, column: str, available: Sequence[str]) -> None:
        self.column = column
        shown = ", ".join(available) or "none"
        # Names are matched exactly; one that differs only in capitals or spaces is named
        # (the statistics audit of 2026-12-03 typed "Satisfaction" for "satisfaction").
        near = [name for name in available if _folded(name) == _folded(column)]
        hint = f"; did you mean {near[0]!r}? Names are matched exactly" if near else ""
        if near and _composed(near[0]) == _composed(column):
            # The same letters, an accent stored apart in one of them: the two print alike.
            hint = (
                f"; the file has {near[0]!r}, which looks the same but stores its accented "
                "letters differently from the name given (in one of them, a letter followed "
                "by a separate accent mark). Names are matched exactly: copy the name from "
                "the file's header, or rename the column there"
            )
        hint = hint or _per_partner_hint(column, available)
        super().__init__(f"column {column!r} is not in the data (columns: {shown}){hint}")


def _per_partner_hint(column: str, available: Sequence[str]) -> str:
    """A word when the name is missing but two columns are that name with a partner's mark on
    it (``satisfaction_w`` and ``satisfaction_h``, ``satisfaction_A`` and ``satisfaction_P``):
    the file is in another layout (the statistics audit of 2026-12-05: a file with one row per
    couple was answered with the list of its columns and no word of why)."""
    stem = _folded(column)
    if not stem:
        return ""
    marked = [
        name
        for name in available
        if (folded := _folded(name)) != stem
        and (
            (folded.startswith(stem) and not folded[len(stem)].isalpha())
            or (folded.endswith(stem) and not folded[-len(stem) - 1].isalpha())
        )
    ]
    if len(marked) < 2:
        return ""
    pair = f"{marked[0]!r} and {marked[1]!r}"
    own = [name for name in marked if _folded(name).endswith(("_a", ".a", " a"))]
    if own and any(_folded(name).endswith(("_p", ".p", " p")) for name in marked):
        return (
            f"; the file has {pair}, as a file with a person's own value and their partner's "
            f"on one row has: give the person's own column ({own[0]!r}); the partner's value "
            "is found from the couple's other row"
        )
    return (
        f"; the file has {pair}, which look like one column for each partner, as a file with "
        "one row per couple has: the commands need one row per person, with the couple's id "
        "on both partners' rows (in Python, interdepend.core.dyadic.dyad_to_individual "
        "rewrites a table that way)"
    )


def _composed(text: str) -> str:
    """``text`` with every accented letter stored as one character (Unicode's NFC)."""
    return unicodedata.normalize("NFC", text)


def _folded(text: str) -> str:
    return _composed(text).strip().casefold()


class NonNumericValueError(DyadicDataError):
    """A cell of a numeric column does not hold a number."""

    def __init__(
        self,
        column: str,
        row: int,
        value: str,
        where: str,
        *,
        all_words: bool = False,
        more: str = "",
    ) -> None:
        self.column, self.row, self.value = column, row, value
        #: Whether no value of the column is a number (words throughout, not one odd cell).
        self.all_words = all_words
        #: The message without a hint, for a caller that has a better one (a date, say).
        self.plain = f"column {column!r}, {where}: {value!r} is not a number"
        hint = _hint(value) or (_words_hint(column) if all_words else "")
        super().__init__(f"{self.plain}{hint}{more}")


#: How many rows under the header a survey tool fills with words: Qualtrics writes each
#: question's text in the first and an import id in the second.
_SURVEY_ROWS = 2

_SURVEY_ROWS_SAID = (
    "; the rest of the column holds numbers, so the first rows under the header may be words a "
    "survey tool writes there (Qualtrics writes each question's text and an import id): "
    "delete those rows, keeping the header"
)


def _numbers_from(values: NDArray[Any], start: int) -> bool:
    """Whether every cell of ``values`` from ``start`` on is a number or missing, some of
    them numbers."""
    rest = [str(v).strip() for v in values[start:].tolist()]
    given = [v for v in rest if v.lower() not in _MISSING_TOKENS]
    return bool(given) and all(_reads_as_number(v) for v in given)


def _reads_as_number(value: object) -> bool:
    text = str(value).strip()
    if text.lower() in _MISSING_TOKENS:
        return False
    try:
        return not math.isnan(float(text))
    except ValueError:
        return False


def _words_hint(column: str) -> str:
    """What to do with a column of words where a number is needed: R's ``gls`` would turn a
    category into 0/1 columns by itself; the models here take numbers only."""
    return (
        f" (no value in {column!r} is a number, and the models take numbers only: a category "
        "enters as 0/1 columns, one for each of its values but one)"
    )


#: A number written with a decimal comma, as a spreadsheet set to a European language saves it.
_DECIMAL_COMMA = re.compile(r"[-+]?\d*,\d+")

#: A number with commas between groups of three digits, as a spreadsheet set to English writes
#: thousands (1,234 or 12,345,678.5).
_THOUSANDS_COMMAS = re.compile(r"[-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")

#: Points between thousands and a decimal comma (1.234,5), as a spreadsheet set to a European
#: language writes them.
_THOUSANDS_POINTS = re.compile(r"[-+]?\d{1,3}(?:\.\d{3})+,\d+")


#: Signs a word processor or a web page writes for a minus: the minus sign, the en dash.
_MINUS_LOOKALIKES = ("\u2212", "\u2013")

#: A number written with a minus look-alike in place of "-".
_LOOKALIKE_MINUS = re.compile(r"[\u2212\u2013]\d*\.?\d+(?:[eE][-+]?\d+)?")


#: What a spreadsheet writes in a cell whose formula failed.
_SPREADSHEET_ERRORS = frozenset(
    {"#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!"}
)


def _hint(value: str) -> str:
    """A word on what a cell that is not a number may have meant, or nothing."""
    if _THOUSANDS_POINTS.fullmatch(value):
        plain = value.replace(".", "").replace(",", ".")
        return (
            f" (it looks like points between thousands and a decimal comma: write it without "
            f"the points and with a decimal point, as in {plain!r})"
        )
    if _THOUSANDS_COMMAS.fullmatch(value):
        whole = value.replace(",", "")
        if "." in value or value.count(",") > 1:
            return (
                f" (it looks like commas between thousands: write it without them, as in {whole!r})"
            )
        return (
            f" (its comma may stand between thousands, making it {whole!r}, or be a decimal "
            f"comma, making it {value.replace(',', '.')!r}: write it without thousands "
            "separators and with a decimal point, whichever it is)"
        )
    if _DECIMAL_COMMA.fullmatch(value):
        return (
            f" (it looks like a decimal comma: numbers need a decimal point, as in "
            f"{value.replace(',', '.')!r}, so save the file with points instead of commas)"
        )
    if _LOOKALIKE_MINUS.fullmatch(value):
        plain = value
        for sign in _MINUS_LOOKALIKES:
            plain = plain.replace(sign, "-")
        return (
            f" (its minus is a typographic sign, as text pasted from a document or a web page "
            f"has; write it with the plain hyphen-minus, as in {plain!r})"
        )
    if value.strip().upper() in _SPREADSHEET_ERRORS:
        return (
            " (it looks like a spreadsheet's error value: leave the cell empty, or write NA, "
            "for a value that is missing)"
        )
    return ""


#: The largest size a value may have. Far beyond any measurement (a score, a count, money in
#: cents), and small enough that the models' sums of squares stay exact enough; a value like
#: 1e200 made their linear algebra fail to converge or print NaN.
LARGEST = 1e15


class ValueTooLargeError(DyadicDataError):
    """A cell holds a number too large for the models' arithmetic."""

    def __init__(self, column: str, row: int, value: str, where: str) -> None:
        self.column, self.row, self.value = column, row, value
        super().__init__(
            f"column {column!r}, {where}: {value!r} is too large to analyse (the models take "
            f"values up to {LARGEST:.0e} in size); rescale the column, for example to thousands"
        )


#: The size below which a column's largest value is too small: the models' sums of squares
#: of values near 1e-170 fall below what a double holds, and a fit R's QR decomposition
#: makes was refused as "collinear" or "the same for everyone" (the statistics audit).
SMALLEST = 1e-100


class ValueTooSmallError(DyadicDataError):
    """Every value of a column is too small in size for the models' arithmetic."""

    def __init__(self, column: str, largest: float) -> None:
        self.column, self.largest = column, largest
        super().__init__(
            f"column {column!r} holds only values smaller than {SMALLEST:.0e} in size (the "
            f"largest is {largest:.3g}), too small to analyse; rescale the column, for example "
            "by multiplying it by a power of ten that brings its values near 1"
        )


def check_scale(name: str, values: NDArray[np.float64]) -> None:
    """Refuse column ``name`` when its largest value in size (NaN aside) is above zero but
    below :data:`SMALLEST`: :class:`ValueTooSmallError`."""
    with np.errstate(invalid="ignore"):
        largest = float(np.nanmax(np.abs(values))) if values.size else 0.0
    if 0 < largest < SMALLEST:
        raise ValueTooSmallError(name, largest)


class EmptyColumnError(DyadicDataError):
    """A column the analysis needs holds no value at all."""


class MissingValueError(DyadicDataError):
    """A cell the analysis needs is empty (or NA/NaN).

    ``written`` is the missing-value marker the cell holds (``"NA"``, ``"."``...), when it is
    not simply empty: the message quotes it, so the cell can be found in the file.
    """

    def __init__(self, column: str, row: int, where: str, written: str = "") -> None:
        self.column, self.row = column, row
        shown = f" ({written!r} marks a missing value)" if written else ""
        super().__init__(f"column {column!r}, {where}: the value is missing{shown}")


class DyadSizeError(DyadicDataError):
    """Some dyad id does not occur exactly twice."""

    def __init__(
        self,
        column: str,
        sizes: Mapping[str, int],
        rows: Mapping[str, Sequence[int]] | None = None,
        table: Table | None = None,
    ) -> None:
        self.sizes = dict(sizes)
        #: The rows (0-based) of each dyad named, when the table was at hand.
        self.rows = {label: list(rows[label]) for label in sizes if rows and label in rows}
        self.table = table
        listed = "; ".join(
            f"dyad {k!r} has {_members(n)}{_rows_said(table, self.rows.get(k, []))}"
            for k, n in list(sizes.items())[:_SHOWN]
        )
        more = f" (and {len(sizes) - _SHOWN} more)" if len(sizes) > _SHOWN else ""
        super().__init__(f"every {column!r} must have exactly two members: {listed}{more}")


#: How many rows of one dyad a message names.
_ROWS_SHOWN = 4


def _rows_said(table: Table | None, rows: Sequence[int]) -> str:
    """Where a dyad's rows are, for :class:`DyadSizeError`: ", at rows 1, 2 and 297 (lines 2, 3
    and 298 of the file)", and a word when two of them are alike in every column, as a row
    pasted twice is (the statistics audit of 2026-12-05: a couple with three rows was named by
    its id alone, to be searched for by hand in a file of hundreds of rows)."""
    if table is None or not rows:
        return ""
    shown = list(rows[:_ROWS_SHOWN])
    more = len(rows) - len(shown)
    numbers = [str(r + 1) for r in shown] + ([f"{more} more"] if more else [])
    lines: list[str] = []
    if table.line_of is not None:
        lines = [str(table.line_of(r)) for r in shown]
    elif table.first_line:
        lines = [str(r + table.first_line) for r in shown]
    noun = "row" if len(rows) == 1 else "rows"
    said = f", at {noun} {listed(numbers)}"
    if lines:
        said += f" ({'line' if len(lines) == 1 else 'lines'} {listed(lines)} of the file)"
    return said + _twice(table, rows)


def _twice(table: Table, rows: Sequence[int]) -> str:
    """A word when two of a dyad's rows are alike in every column."""
    if len(rows) < 3:
        return ""
    cells = [tuple(str(table.columns[name][r]).strip() for name in table.names) for r in rows]
    seen: dict[tuple[str, ...], int] = {}
    for row, cell in zip(rows, cells, strict=True):
        if cell in seen:
            return (
                f", of which rows {seen[cell] + 1} and {row + 1} are the same in every column, "
                "as a row entered twice would be"
            )
        seen[cell] = row
    return ""


class NoPairsError(DyadicDataError):
    """No dyad has both of its members' rows in the data."""


class RoleSplitError(DyadicDataError):
    """The role column does not give each dyad one member of each of two roles."""


def _members(count: int) -> str:
    words = {1: "one member", 3: "three members"}
    return words.get(count, f"{count} members")


@dataclass(frozen=True)
class Table:
    """Named, equally long, one-dimensional columns.

    ``first_line`` is the file line of the first data row when the table came from a CSV
    file (so errors can point into the file); ``None`` for tables built in memory.
    """

    columns: Mapping[str, NDArray[Any]]
    first_line: int | None = None
    #: The file line of a data row, when rows and lines do not keep step (blank lines, or a
    #: quoted cell over several lines); worked out only when a message needs it.
    line_of: Callable[[int], int] | None = field(default=None, compare=False, repr=False)
    #: The file lines of rows that held nothing but separators (``,,,,``, as a spreadsheet
    #: leaves where a row's values were deleted), which were skipped as blank lines are. R's
    #: ``read.csv`` reads such a row as a row of missing values; the commands say how many.
    separator_rows: tuple[int, ...] = field(default=(), compare=False, repr=False)
    #: Whether the file's first column had no name but held values: the row names R's
    #: ``write.csv`` and the index pandas' ``to_csv`` write by default, left aside.
    row_names: bool = field(default=False, compare=False, repr=False)
    n_rows: int = field(init=False)

    def __post_init__(self) -> None:
        arrays = {name: np.asarray(values) for name, values in self.columns.items()}
        lengths = {len(a) for a in arrays.values()}
        if len(lengths) > 1 or any(a.ndim != 1 for a in arrays.values()):
            raise DyadicDataError("all columns must be one-dimensional and of the same length")
        object.__setattr__(self, "columns", arrays)
        object.__setattr__(self, "n_rows", lengths.pop() if lengths else 0)

    @classmethod
    def from_columns(cls, columns: Mapping[str, ArrayLike]) -> Table:
        """Build a table from any mapping of names to sequences, or from a pandas DataFrame.

        Anything else (a list of rows, a NumPy array) is refused with
        :class:`DyadicDataError`, which says what is taken.
        """
        if _is_frame(columns):
            return cls.from_frame(columns)
        if not isinstance(columns, Mapping):
            raise DyadicDataError(
                f"the data must be a Table, a pandas DataFrame or a mapping of column names to "
                f"columns (such as a dict of lists), not a {type(columns).__name__}; a list of "
                "rows becomes a DataFrame with pandas.DataFrame(rows)"
            )
        return cls({str(name): np.asarray(values) for name, values in columns.items()})

    @classmethod
    def from_frame(cls, frame: Any) -> Table:
        """Build a table from a pandas DataFrame (pandas is not imported by this module).

        Number columns (nullable ones too) become floats with NaN where a value is missing;
        every other column becomes text, with an empty cell where a value is missing. The index
        is not a column: call ``frame.reset_index()`` first to keep it. Column names become text.
        """
        if not _is_frame(frame):
            raise DyadicDataError(f"expected a pandas DataFrame, got {type(frame).__name__}")
        names = [str(name) for name in frame.columns]
        if len(set(names)) != len(names):
            raise DyadicDataError("the DataFrame repeats a column name")
        return cls({name: _frame_column(frame.iloc[:, k]) for k, name in enumerate(names)})

    @property
    def names(self) -> tuple[str, ...]:
        """Column names in order."""
        return tuple(self.columns)

    def column(self, name: str) -> NDArray[Any]:
        """The column ``name`` as stored; :class:`MissingColumnError` if absent."""
        try:
            return self.columns[name]
        except KeyError:
            raise MissingColumnError(name, self.names) from None

    def require(self, names: Iterable[str]) -> None:
        """Raise :class:`MissingColumnError` for the first of ``names`` that is absent."""
        for name in names:
            self.column(name)

    def where(self, row: int) -> str:
        """Human words for data row ``row`` (0-based), with the file line when known."""
        if self.line_of is not None:
            return f"row {row + 1} (line {self.line_of(row)} of the file)"
        line = f" (line {row + self.first_line} of the file)" if self.first_line else ""
        return f"row {row + 1}{line}"

    def numeric(self, name: str, *, allow_missing: bool = False) -> NDArray[np.float64]:
        """Column ``name`` as floats, naming the row and column of any bad value."""
        values = self.column(name)
        if values.dtype.kind in "biuf":
            result = values.astype(np.float64)
            self._check_sizes(name, result)
        else:
            result = self._parse_all(name, values)
        if not allow_missing and result.size and np.isnan(result).any():
            row = int(np.flatnonzero(np.isnan(result))[0])
            raise MissingValueError(name, row, self.where(row))
        return result.astype(np.float64, copy=False)

    def measured(self, name: str) -> NDArray[np.float64]:
        """Column ``name`` as floats with NaN where a value is missing, as
        ``numeric(name, allow_missing=True)``; a column with no value at all is refused,
        :class:`EmptyColumnError`, rather than reported as "0 dyads are too few"."""
        values = self.numeric(name, allow_missing=True)
        if values.size and np.isnan(values).all():
            raise EmptyColumnError(
                f"column {name!r} holds no values: every cell is empty or marks a missing "
                "value, so there is nothing to analyse; check that it is the column you meant"
            )
        check_scale(name, values)
        return values

    def _check_sizes(self, name: str, result: NDArray[np.float64]) -> None:
        """Refuse an infinity or a value beyond :data:`LARGEST` in a column that is already
        numbers (a DataFrame's, a Parquet, SPSS or Stata file's), as the text reader does."""
        with np.errstate(invalid="ignore"):
            fits = np.isnan(result) | (np.abs(result) <= LARGEST)
        if fits.all():  # one vectorised pass; the row is looked for only when there is one
            return
        row = int(np.flatnonzero(~fits)[0])
        value = float(result[row])
        # An infinity is a value too large, said as a too large one is (1e400 read as inf).
        raise ValueTooLargeError(name, row, f"{value:g}", self.where(row))

    def _parse_all(self, name: str, values: NDArray[Any]) -> NDArray[np.float64]:
        result = _plain_numbers(values)
        if result is None:
            try:
                return np.array([self._parse(name, i, v) for i, v in enumerate(values)])
            except NonNumericValueError as error:
                if not any(_reads_as_number(v) for v in values):
                    where = self.where(error.row)
                    raise NonNumericValueError(
                        name, error.row, error.value, where, all_words=True
                    ) from None
                # A cell with a hint of its own (a decimal comma in the first row) is that, not
                # a survey tool's row of words.
                if (
                    error.row < _SURVEY_ROWS
                    and not _hint(error.value)
                    and _numbers_from(values, _SURVEY_ROWS)
                ):
                    raise NonNumericValueError(
                        name, error.row, error.value, self.where(error.row), more=_SURVEY_ROWS_SAID
                    ) from None
                raise
        return result

    def _parse(self, name: str, row: int, value: object) -> float:
        text = str(value).strip()
        if text.lower() in _MISSING_TOKENS:
            return math.nan
        try:
            # Python reads "1_000" as a thousand; a data file means something else by it.
            number = math.nan if "_" in text else float(text)
        except ValueError:
            number = math.nan
        if math.isnan(number):
            raise NonNumericValueError(name, row, text, self.where(row))
        if abs(number) > LARGEST:  # an infinity too: "1e400" is a number too large, as R reads it
            raise ValueTooLargeError(name, row, text, self.where(row))
        return number

    def labels(self, name: str) -> NDArray[np.str_]:
        """Column ``name`` as text labels (integral floats print without ``.0``), without the
        spaces around them: ``"5 "`` and ``"5"`` are the same couple, as they are when the
        column is read as numbers. A missing number (NaN, as a DataFrame's float column holds
        it) is an empty label, as a missing text cell is; it was the label ``"nan"``.

        A text column whose every label (missing ones aside) is a number is labelled by the
        numbers, as R's ``read.csv`` reads such a column: ``"3"``, ``"3.0"``, ``"03"`` and
        ``"+3"`` are all ``"3"``. One label that is not a number keeps the column as text, as
        it does in R, and then ``"03"`` and ``"3"`` differ (the statistics audit of
        2026-12-04 found a couple written ``3`` and ``3.0`` taken for two)."""
        values = self.column(name)
        if values.dtype.kind not in "biuf":
            return _numbers_as_labels(np.char.strip(_labels(values)))
        missing = np.isnan(values) if values.dtype.kind == "f" else None
        if missing is None or not missing.any():
            return _labels(values)
        labels = _labels(np.where(missing, 0.0, values))
        labels[missing] = ""
        return labels

    def identifiers(self, name: str) -> NDArray[np.str_]:
        """Column ``name`` as labels that name something (a dyad, a person, a role).

        A cell that is empty or holds a missing-value marker (``NA``, ``N/A``, ``NaN``,
        ``NULL``, ``None``, ``.``, or a NaN in a number column) is refused with its row and
        column, :class:`MissingValueError`, rather than taken for a dyad called "" or "NA":
        two rows with ``NA`` were paired as partners (the library audit of 2026-12-03).
        """
        labels = self.labels(name)
        missing = _missing_labels(labels)
        if missing.size:
            row = int(missing[0])
            raise MissingValueError(name, row, self.where(row), written=str(labels[row]))
        return labels

    def ids(self, name: str) -> NDArray[Any]:
        """Column ``name`` as ids to group rows by: a number column as it is (grouping numbers
        is much faster than grouping text), any other as :meth:`identifiers`, and those again
        as numbers when every one is a number; a missing id is refused either way."""
        values = self.column(name)
        if values.dtype.kind in "biu" or (values.dtype.kind == "f" and not np.isnan(values).any()):
            return values
        return _as_numbers(self.identifiers(name))

    def take(self, rows: NDArray[np.intp]) -> Table:
        """The rows at ``rows``, in that order."""
        return Table({n: v[rows] for n, v in self.columns.items()})

    def with_missing(self, codes: Sequence[str]) -> tuple[Table, dict[str, int]]:
        """The table with every cell that holds one of ``codes`` made missing, in every
        column, as R's ``na.strings`` and pandas' ``na_values`` do: ``-99`` where a survey
        tool or SPSS wrote it for no answer. A cell holds a code when its text is the code's,
        once spaces at either end are dropped, or, for a code that is a number, when it is
        the same number (``-99.0`` is ``-99``). Returns the table and how many cells each code
        emptied (0 for a code no cell holds, which is worth saying: a typo, or the wrong
        file)."""
        wanted = [code.strip() for code in codes]
        if any(not code for code in wanted):
            raise DyadicDataError("a missing-value code cannot be empty: an empty cell is one")
        numbers = {code: _code_number(code) for code in wanted}
        counts = dict.fromkeys(wanted, 0)
        columns: dict[str, NDArray[Any]] = {}
        for name, values in self.columns.items():
            if values.dtype.kind in "biuf":
                floats = values.astype(np.float64)
                emptied = np.zeros(len(floats), dtype=bool)
                for code, number in numbers.items():
                    if number is None:
                        continue  # a code of words: no number holds it
                    hit = (floats == number) & ~emptied
                    counts[code] += int(hit.sum())
                    emptied |= hit
                columns[name] = np.where(emptied, np.nan, floats) if emptied.any() else values
                continue
            cells = np.char.strip(values.astype(np.str_))
            # Each cell read as a number once for the column, not once for each code.
            as_numbers = (
                np.array([_code_number(cell) for cell in cells.tolist()], dtype=object)
                if any(number is not None for number in numbers.values())
                else None
            )
            hit_any = np.zeros(len(cells), dtype=bool)
            for code, number in numbers.items():
                hit = cells == code
                if number is not None and as_numbers is not None:
                    hit |= as_numbers == number
                hit &= ~hit_any
                counts[code] += int(hit.sum())
                hit_any |= hit
            columns[name] = np.where(hit_any, "", values) if hit_any.any() else values
        return replace(self, columns=columns), counts


def _code_number(text: str) -> float | None:
    """``text`` as a number when it is one (not NaN, not an infinity), else None."""
    if "_" in text:
        return None
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


#: The longest missing-value marker, and the characters markers begin with, in either case.
_LONGEST_MARKER = max(len(marker) for marker in _MISSING_TOKENS)
_MARKER_STARTS = sorted({m[:1] for m in _MISSING_TOKENS} | {m[:1].upper() for m in _MISSING_TOKENS})


def _missing_labels(labels: NDArray[np.str_]) -> NDArray[np.intp]:
    """The positions of the labels that are empty or a missing-value marker, in order.

    Only the labels short enough, and beginning as a marker does, are compared in Python: a
    column of 200,000 ids is checked in a few milliseconds.
    """
    first = labels.astype("<U1")  # the first character, "" for an empty label
    starts = np.zeros(labels.shape, dtype=bool)
    for start in _MARKER_STARTS:
        starts |= first == start
    rows = np.flatnonzero(starts & (np.char.str_len(labels) <= _LONGEST_MARKER))
    marked = [label.lower() in _MISSING_TOKENS for label in labels[rows].tolist()]
    found: NDArray[np.intp] = rows[np.array(marked, dtype=bool)]
    return found


#: A number as R's ``read.csv`` reads one in a number column: a decimal, with or without a sign,
#: a point or an exponent, or a hexadecimal integer ("0x1F").
_DECIMAL = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_HEXADECIMAL = re.compile(r"[-+]?0[xX][0-9a-fA-F]+")
#: Decimal arithmetic that rounds no id a file could hold.
_EXACTLY = decimal.Context(prec=10_000, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN)


def _numbers_as_labels(labels: NDArray[np.str_]) -> NDArray[np.str_]:
    """``labels`` with every number written in one way, when every label that is not missing
    is a number; ``labels`` unchanged when one of them is not."""
    present = np.ones(labels.shape, dtype=bool)
    present[_missing_labels(labels)] = False
    given = labels[present]
    if not given.size:
        return labels
    written = _fast_integer_labels(given)
    if written is None:
        written = _careful_number_labels(given.tolist())
        if written is None:
            return labels
    result = labels.astype(np.result_type(labels, written))
    result[present] = written
    return result


def _fast_integer_labels(given: NDArray[np.str_]) -> NDArray[np.str_] | None:
    """The labels of whole numbers below 2**53 read at C speed, or ``None`` for any other
    column (text, fractions, very long integers, "1_000" that Python reads as a thousand)."""
    try:
        numbers = given.astype(np.float64)
    except ValueError:
        return None
    if not (np.isfinite(numbers).all() and (np.abs(numbers) < _EXACT).all()):
        return None
    if (numbers % 1 != 0).any() or (np.char.find(given, "_") >= 0).any():
        return None
    written: NDArray[np.str_] = numbers.astype(np.int64).astype(np.str_)
    return written


def _careful_number_labels(given: list[str]) -> NDArray[np.str_] | None:
    """Every label as its number in one way of writing, exact at any length (two ids of twenty
    digits stay two, where a floating-point number would make them one); ``None`` as soon as
    one label is not a number."""
    written = []
    for label in given:
        if _DECIMAL.fullmatch(label):
            number = decimal.Decimal(label)
        elif _HEXADECIMAL.fullmatch(label):
            number = decimal.Decimal(int(label, 16))
        else:
            return None
        whole = number == number.to_integral_value() and number.adjusted() < 40
        written.append(str(int(number)) if whole else str(_EXACTLY.normalize(number)))
    return np.array(written, dtype=np.str_)


def _plain_numbers(values: NDArray[Any]) -> NDArray[np.float64] | None:
    """A text column as numbers at C speed, NaN where a cell is missing, when every other cell
    is a plain number of a size the models take; ``None`` sends it to the careful reader,
    which names the cell that is not.

    Missing cells are found first (:func:`_missing_labels`), so a column with a few blank
    answers takes this path too: it went cell by cell in Python, 22 s of ``psychometrics`` on
    100,000 people's 66 answers with 1 % left blank (the command-line audit of 2026-12-05).
    Only those cells may be NaN: ``-nan``, which ``float`` reads as NaN, is no missing marker.
    """
    text = np.char.strip(values.astype(np.str_))
    missing = _missing_labels(text)
    if missing.size:
        text = text.astype(np.result_type(text.dtype, np.dtype("<U3")))
        text[missing] = "nan"
    try:
        result: NDArray[np.float64] = text.astype(np.float64)
    except ValueError:
        return None
    gaps = np.isnan(result)
    if int(gaps.sum()) != missing.size or not (np.abs(result[~gaps]) <= LARGEST).all():
        return None
    if (np.char.find(text, "_") >= 0).any():
        return None  # "1_000", which Python reads as a thousand: the careful path names it
    return result


def _as_numbers(labels: NDArray[np.str_]) -> NDArray[Any]:
    """Ids read as text that are all numbers (``labels`` has written each one way), as the
    numbers they are, so that couples come in the order of their numbers whichever reader
    took the file; ``labels`` unchanged when one is not a number, or not exactly a double.

    The order of the couples is the order a bootstrap draws them in: the same seed gave
    another interval for the same couples when a quote, a column of words or R's row names
    sent the file to the text reader, which ordered ``"10"`` before ``"3"`` (the command-line
    audit of 2026-12-05)."""
    try:
        numbers = labels.astype(np.float64)
    except ValueError:
        return labels
    if not (np.isfinite(numbers).all() and (np.abs(numbers) < _EXACT).all()):
        return labels
    return numbers if (_labels(numbers) == labels).all() else labels


def _labels(values: NDArray[Any]) -> NDArray[np.str_]:
    if values.dtype.kind == "f" and np.isfinite(values).all() and (values % 1 == 0).all():
        return values.astype(np.int64).astype(np.str_)
    if values.dtype.kind == "f":
        return np.array([repr(float(v)) for v in values], dtype=np.str_)
    return values.astype(np.str_)


def _is_frame(data: object) -> bool:
    """Whether ``data`` looks like a pandas DataFrame (checked without importing pandas)."""
    return all(hasattr(data, name) for name in ("columns", "dtypes", "iloc", "isna"))


def _frame_column(series: Any) -> NDArray[Any]:
    kind = getattr(series.dtype, "kind", "O")
    if kind == "b" and not series.isna().any():
        # True/False stay booleans: numbers where a number is needed, and a role or dyad
        # column labelled "True"/"False" as a mapping's would be (not "1"/"0").
        flags: NDArray[Any] = series.to_numpy(dtype=bool)
        return flags
    if kind in "biuf":
        values: NDArray[Any] = series.to_numpy(dtype=np.float64, na_value=np.nan)
        return values
    missing = np.asarray(series.isna(), dtype=bool)
    text = np.array([str(v) for v in series.astype(object).to_numpy()], dtype=np.str_)
    text[missing] = ""
    return text


def load_table(path: str | Path) -> Table:
    """Read a data file by its extension: CSV (or TSV), Parquet, SPSS ``.sav`` or Stata ``.dta``.

    Parquet needs pyarrow and SPSS/Stata need pyreadstat (with pandas): ``pip install
    '/path/to/interdepend[files]'``, from a copy of the project (the name on PyPI is not ours).
    A missing reader raises :class:`DyadicDataError` naming the extra.
    """
    suffix = Path(path).suffix.lower()
    if suffix not in _READERS:
        return _load_delimited(path)
    if not Path(path).is_file():
        raise DyadicDataError(f"cannot read {path}: no such file")
    read, needs = _READERS[suffix]
    try:
        return read(str(path))
    except ImportError:
        raise DyadicDataError(
            f"reading {suffix} files needs {needs}: install them from your copy of the project "
            "with pip install '/path/to/interdepend[files]', never by name from PyPI"
        ) from None
    except DyadicDataError:
        raise
    except Exception as error:  # each reader has its own error classes (ArrowInvalid, ...)
        raise DyadicDataError(f"cannot read {path}: {error}") from None


def _read_parquet(path: str) -> Table:
    import pyarrow.parquet

    return _from_arrow(pyarrow.parquet.read_table(path))


def _read_sav(path: str) -> Table:
    import pyreadstat

    frame, _meta = pyreadstat.read_sav(path)
    return Table.from_frame(frame)


def _read_dta(path: str) -> Table:
    import pyreadstat

    frame, _meta = pyreadstat.read_dta(path)
    return Table.from_frame(frame)


#: Readers of other file formats by extension, and the packages each needs.
_READERS = {
    ".parquet": (_read_parquet, "pyarrow"),
    ".sav": (_read_sav, "pyreadstat and pandas"),
    ".zsav": (_read_sav, "pyreadstat and pandas"),
    ".dta": (_read_dta, "pyreadstat and pandas"),
}
#: The extensions :func:`load_table` reads, for messages and docs.
TABLE_FORMATS = (".csv", ".tsv", ".txt", *_READERS)
#: The extensions that are not delimited text (each needs the ``files`` extra).
FILE_FORMATS = tuple(_READERS)


def _from_arrow(table: Any) -> Table:
    """Columns of a pyarrow Table: numbers as floats (NaN where null), the rest as text."""
    import pyarrow as pa

    columns: dict[str, NDArray[Any]] = {}
    for name, column in zip(table.column_names, table.columns, strict=True):
        kind = column.type
        if pa.types.is_integer(kind) or pa.types.is_floating(kind) or pa.types.is_boolean(kind):
            values = column.cast(pa.float64()).to_numpy(zero_copy_only=False)
            columns[str(name)] = np.asarray(values, dtype=np.float64)
        else:
            cells = column.to_pylist()
            columns[str(name)] = np.array(
                ["" if v is None else str(v) for v in cells], dtype=np.str_
            )
    if len(columns) != table.num_columns:
        raise DyadicDataError("the file repeats a column name")
    return Table(columns)


def load_csv(path: str | Path) -> Table:
    """Read a delimited text file with a header row (or, by extension, any :func:`load_table`
    format).

    The separator (comma, semicolon, tab or vertical bar) is found from the header. A file of
    plain numbers is read at C speed into float columns; any other file keeps every column as
    text, to be converted by :meth:`Table.numeric`. Both give the same numbers, and whole-number
    columns (ids, roles) the same labels; a column with fractions labels its values in their
    shortest form ("0.5" where the file wrote "0.50").
    """
    if Path(path).suffix.lower() in _READERS:
        return load_table(path)
    return _load_delimited(path)


def _load_delimited(path: str | Path) -> Table:
    text = _read_text(path)
    first = text[: text.find("\n") if "\n" in text else len(text)]
    skipped = 0
    if stated := stated_separator(first):
        # A spreadsheet's first line naming the separator ("sep=;"), then the header.
        separator, text, skipped = stated, text[len(first) + 1 :], 1
    else:
        separator = separator_of(first)
    if "\x00" in text:
        raise DyadicDataError(_nul_said(path, text, separator, skipped))
    fast = _numeric_fast_path(text, separator, first_line=2 + skipped)
    if fast is not None:
        return fast
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=separator))
    except csv.Error:
        _records(path, text, separator, skipped)  # read again, row by row, to say where
        raise
    if not rows:
        raise DyadicDataError(f"{path} is empty")
    # Spaces at either end of a name are dropped (a spreadsheet or survey tool leaves them,
    # and they cannot be seen): "satisfaction " is the column "satisfaction".
    header = [h.strip() for h in rows[0]]
    keep = [n for n, row in enumerate(rows[1:], 1) if any(c.strip() for c in row)]
    body = [rows[n] for n in keep]
    # A row of separators alone is skipped as a blank line is, and counted, not silently.
    kept = set(keep)
    separated = [n for n in range(1, len(rows)) if len(rows[n]) > 1 and n not in kept]

    @functools.cache
    def lines() -> list[int]:
        return _records(path, text, separator, skipped)[1]

    def line(number: int) -> int:
        """The file line of data row ``number``: worked out only for a message."""
        return lines()[keep[number]]

    for number, row in enumerate(body):
        if len(row) != len(header):
            raise DyadicDataError(
                f"{path}, row {number + 1} (line {line(number)} of the file): "
                f"{_values(len(row))} for {len(header)} columns{_open_quote(row)}"
            )
    named = _named_columns(path, header, body, line, rows[0])
    columns = {header[i]: np.array([r[i] for r in body], dtype=np.str_) for i in named}
    separator_rows = tuple(lines()[n] for n in separated) if separated else ()
    row_names = bool(header) and not header[0] and any(row[0].strip() for row in body)
    return Table(
        columns,
        first_line=2 + skipped,
        line_of=line,
        separator_rows=separator_rows,
        row_names=row_names,
    )


def _read_text(path: str | Path) -> str:
    """The file's text, or a :class:`DyadicDataError` saying why it cannot be had."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise DyadicDataError(f"cannot read {path}: {error.strerror or error}") from None
    encoding = text_encoding(data[:4])
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise DyadicDataError(_not_utf8(path, data, error.start, encoding)) from None


def text_encoding(start: bytes) -> str:
    """The encoding to read a text file in, from its first bytes: UTF-16 when it begins with
    UTF-16's byte-order mark (a spreadsheet's "Unicode text" is saved so: the statistics audit
    of 2026-12-04 found it refused as "an older encoding"), else UTF-8 with or without its mark.
    """
    return "utf-16" if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else "utf-8-sig"


#: How a workbook begins (a zip archive: .xlsx, .ods) or an older Excel file (.xls).
_WORKBOOK_STARTS = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")


def not_utf8(path: str | Path) -> str:
    """Why the text file at ``path`` cannot be read, in words naming the line where it stops
    being UTF-8 (or UTF-16, when it begins with that byte-order mark)."""
    data = Path(path).read_bytes()
    encoding = text_encoding(data[:4])
    try:
        data.decode(encoding)
    except UnicodeDecodeError as error:
        return _not_utf8(path, data, error.start, encoding)
    return f"{path}: the file is not UTF-8 text"


def _not_utf8(path: str | Path, data: bytes, position: int, encoding: str = "utf-8-sig") -> str:
    if data.startswith(_WORKBOOK_STARTS):
        return (
            f"{path} is a spreadsheet workbook, not a text file: in the spreadsheet, "
            'save it as "CSV UTF-8" and give that file instead'
        )
    if encoding == "utf-16":
        return (
            f"{path}: the file begins as UTF-16 text but is damaged near byte {position}; in "
            'a spreadsheet, save it as "CSV UTF-8" and give that file instead'
        )
    line = data.count(b"\n", 0, position) + 1
    return (
        f"{path}, line {line}: the file is not UTF-8 text (it may have been saved in an older "
        'encoding); in a spreadsheet, save it as "CSV UTF-8", or re-save it as UTF-8 in a '
        "text editor"
    )


def _records(
    path: str | Path, text: str, separator: str, skipped: int
) -> tuple[list[list[str]], list[int]]:
    """The rows of a delimited text, and the file line each begins on (a quoted cell may run
    over several lines: a message names the line where its row starts, the statistics audit of
    2026-12-03); a row that cannot be read is a :class:`DyadicDataError` naming its row and
    line."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    rows: list[list[str]] = []
    lines: list[int] = []
    ended = 0  # the file line the last row read ends on
    try:
        for row in reader:
            rows.append(row)
            lines.append(ended + 1 + skipped)
            ended = reader.line_num
    except csv.Error as error:
        line = ended + 1 + skipped  # where the unreadable row begins
        data_rows = sum(1 for row in rows[1:] if any(c.strip() for c in row))
        where = f"row {data_rows + 1} (line {line} of the file)" if rows else "the header"
        if "field larger than field limit" in str(error):
            raise DyadicDataError(
                f"{path}, {where}: a cell holds more than {csv.field_size_limit():,} "
                'characters, far more than any value of a study; a quote (") opened and never '
                "closed can make the rest of the file one cell"
            ) from None
        raise DyadicDataError(f"{path}, {where}: the row cannot be read ({error})") from None
    return rows, lines


def _nul_said(path: str | Path, text: str, separator: str, skipped: int) -> str:
    """Where a delimited text holds a NUL character, in words naming its row, line and column.

    No text file of data holds one. Read as it is, NumPy's text drops it from the end of a
    cell, so an id "1<NUL>" quietly became couple 1 (the statistics audit of 2026-12-04).
    """
    why = (
        "a NUL character (a zero byte), which has no place in a text file of data; the file may be "
        "damaged, or UTF-16 text saved without its byte-order mark: open it in a spreadsheet "
        'and save it as "CSV UTF-8", or remove the character'
    )
    rows, lines = _records(path, text, separator, skipped)
    header = rows[0] if rows else []
    data_row = 0
    for number, row in enumerate(rows):
        if number and any(cell.strip() for cell in row):
            data_row += 1
        column = next((k for k, cell in enumerate(row) if "\x00" in cell), None)
        if column is None:
            continue
        name = header[column].replace("\x00", "").strip() if column < len(header) else ""
        named = f"column {name!r}" if name else f"column {column + 1}"
        if number == 0:
            return f"{path}, the header, {named}: the name holds {why}"
        place = f"row {data_row} (line {lines[number]} of the file)"
        return f"{path}, {place}, {named}: the cell holds {why}"
    return f"{path}: the file holds {why}"


def _open_quote(row: list[str]) -> str:
    """A hint when a cell of the row ran over several lines: a quote (") opened and never
    closed makes the rest of the file one cell, and the row then has too few values."""
    if any("\n" in cell or "\r" in cell for cell in row):
        return (
            '; a cell of it runs over several lines, as after a quote (") that is opened and '
            "never closed"
        )
    return ""


def _values(count: int) -> str:
    return "1 value" if count == 1 else f"{count} values"


def _named_columns(
    path: str | Path,
    header: list[str],
    body: list[list[str]],
    line: Callable[[int], int],
    written: Sequence[str] = (),
) -> list[int]:
    """Positions of the columns to keep: a column with no name and no values (a spreadsheet's
    trailing commas) is dropped, and so is a first column with no name (the row names R's
    ``write.csv`` writes, or the index pandas' ``to_csv`` writes, both by default: no model
    can ask for a column without a name, so leaving it aside changes no figure); a nameless
    column with values further on, or a repeated name, is an error that says which.
    ``written`` is the header as the file has it, before the spaces at either end of each
    name were dropped: two names that differ only by those spaces are said to be such (the
    statistics audit of 2026-12-05)."""
    keep = []
    for i, name in enumerate(header):
        if name:
            keep.append(i)
            continue
        if i == 0:
            continue
        filled = next((n for n, row in enumerate(body) if row[i].strip()), None)
        if filled is not None:
            raise DyadicDataError(
                f"{path}: column {i + 1} has no name in the header but holds values (row "
                f"{filled + 1}, line {line(filled)} of the file is the first); give it a name "
                "in the header, or delete it"
            )
    names = [header[i] for i in keep]
    repeated = sorted({name for name in names if names.count(name) > 1})
    for name in repeated:
        apart = apart_only_by_spaces([written[i] for i in keep] if written else [], name)
        if apart is not None:
            raise DyadicDataError(f"{path}: {apart}")
    if repeated:
        raise DyadicDataError(
            f"{path}: the header repeats the column name {', '.join(map(repr, repeated))}; "
            "give each column its own name"
        )
    return keep


_EXACT = 2.0**53  # integers beyond this are not all representable as floats
_POWERS_OF_TEN = 10.0 ** np.arange(1, 17)


def _numeric_fast_path(text: str, separator: str, *, first_line: int = 2) -> Table | None:
    """The table as float columns when every cell is a plain number, else ``None``.

    Plain means: no quotes, no empty or missing cells, every row as long as the header, and
    every whole-number column (where dyad ids and roles live) written exactly as its numbers
    print: no leading zero, sign, decimal point or exponent ("007", "+1", "2.0" and "1e3" keep
    the file as text, since ids and roles are compared and printed as written). Anything else
    goes to the careful text reader.
    """
    head, _, body = text.partition("\n")
    header = [h.strip() for h in head.rstrip("\r").split(separator)]
    if '"' in text or not body.strip() or len(set(header)) != len(header) or "" in header:
        return None
    try:
        values = np.loadtxt(
            io.StringIO(body), delimiter=separator, dtype=np.float64, ndmin=2, comments=None
        )
    except ValueError:
        return None
    if values.shape[1] != len(header) or not (np.abs(values) <= LARGEST).all():
        return None  # an infinity or a value too large: the careful reader names its cell
    whole = np.flatnonzero((values % 1 == 0).all(axis=0))
    if whole.size and not _written_as_integers(body, separator, values[:, whole], whole):
        return None
    columns = {name: np.ascontiguousarray(values[:, k]) for k, name in enumerate(header)}
    return Table(columns, first_line=first_line)


def _written_as_integers(
    body: str, separator: str, values: NDArray[np.float64], positions: NDArray[np.intp]
) -> bool:
    """Whether the whole-number columns at ``positions`` are written as plain integers.

    Any other way of writing an integer (a leading zero or sign, a point, spaces) is longer than
    the plain integer, so equal lengths mean plain integers; only an exponent ("1e3") is
    shorter, and is looked for apart.
    """
    if (np.abs(values) >= _EXACT).any():
        return False
    lengths = _cell_lengths(body.encode(), separator, values.shape[0])
    if lengths is None:
        lengths = _written_lengths(body, separator, positions)
        if lengths is None:
            return False
    else:
        lengths = lengths[:, positions]
    digits = np.searchsorted(_POWERS_OF_TEN, np.abs(values), side="right") + 1
    return bool((lengths == digits + (values < 0)).all())


def _cell_lengths(data: bytes, separator: str, rows: int) -> NDArray[np.intp] | None:
    """The length in bytes of every cell, one row per line; ``None`` unless the file is regular.

    Regular: no exponent anywhere, no blank line, every line with the same number of cells.
    One vectorised pass over the bytes, a few milliseconds for a 5 MB file.
    """
    if b"e" in data or b"E" in data:
        return None
    if b"\r" in data:
        data = data.replace(b"\r\n", b"\n")
    if not data.endswith(b"\n"):
        data += b"\n"
    raw = np.frombuffer(data, dtype=np.uint8)
    ends = np.flatnonzero((raw == ord(separator)) | (raw == ord("\n")))
    if rows == 0 or ends.size % rows:
        return None
    starts = np.concatenate([[0], ends[:-1] + 1])
    lines = np.flatnonzero(raw[ends] == ord("\n"))
    width = ends.size // rows
    if lines.size != rows or (lines != np.arange(width - 1, ends.size, width)).any():
        return None
    lengths: NDArray[np.intp] = (ends - starts).reshape(rows, width)
    return lengths


def _written_lengths(
    body: str, separator: str, positions: NDArray[np.intp]
) -> NDArray[np.intp] | None:
    """The lengths of the cells at ``positions``, read as text; ``None`` if one has an exponent."""
    written = np.loadtxt(
        io.StringIO(body),
        delimiter=separator,
        dtype="S24",
        ndmin=2,
        comments=None,
        usecols=positions.tolist(),
    )
    cells = written.view(np.uint8).reshape(*written.shape, -1)
    if ((cells == ord("e")) | (cells == ord("E"))).any():
        return None
    lengths: NDArray[np.intp] = (cells != 0).sum(axis=-1)
    return lengths


def write_csv(table: Table, path: str | Path) -> None:
    """Write ``table`` as CSV with a header row."""
    with Path(path).open("w", newline="", encoding="utf-8") as handle:
        writer = SafeWriter(handle)
        writer.writerow(table.names)
        cols = [_labels(table.column(n)) for n in table.names]
        writer.writerows(zip(*cols, strict=True))


@dataclass(frozen=True)
class Pairing:
    """Row indices of the two members of every dyad.

    ``first[i]`` and ``second[i]`` are the rows of dyad ``dyads[i]``. With a role column,
    ``first`` always holds ``roles[0]`` and ``second`` ``roles[1]``.
    """

    dyads: NDArray[np.str_]
    first: NDArray[np.intp]
    second: NDArray[np.intp]
    roles: tuple[str, str] | None = None


def pair_members(
    table: Table,
    dyad: str,
    role: str | None = None,
    *,
    levels: tuple[str, str] | None = None,
    origin: tuple[Table, NDArray[np.intp]] | None = None,
) -> Pairing:
    """Find the two rows of every dyad (vectorised), checking sizes and roles.

    ``levels`` are the two role values when they were read from a larger table (the whole
    file, when ``table`` holds only the dyads with two rows); by default they are ``table``'s.
    ``origin`` is that larger table and the rows of it that ``table`` holds, so that an error
    names the rows of the file.
    """
    ids = table.ids(dyad)
    unique, inverse, counts = np.unique(ids, return_inverse=True, return_counts=True)
    dyads = _labels(unique)
    order = np.argsort(inverse, kind="stable")
    if (counts != 2).any():
        bad = np.flatnonzero(counts != 2)
        starts = np.concatenate([[0], np.cumsum(counts)])
        rows = {str(dyads[i]): order[starts[i] : starts[i + 1]].tolist() for i in bad}
        raise DyadSizeError(dyad, {str(dyads[i]): int(counts[i]) for i in bad}, rows, table)
    pairing = Pairing(dyads, order[0::2], order[1::2])
    return pairing if role is None else _by_role(table, dyad, role, pairing, levels, origin)


def pair_rows(
    table: Table, dyad: str, role: str | None = None
) -> tuple[NDArray[np.intp], NDArray[np.intp], tuple[str, str] | None, int]:
    """Rows of the two members of every dyad with two rows, and how many dyads have one.

    A dyad with more than two rows is an error (:class:`DyadSizeError`); a dyad with one row
    (the partner absent from the data) is counted and left out. With a role column the first
    rows hold its first value and the second rows its second, the two values being those of the
    whole table. :class:`NoPairsError` when no dyad has two rows.
    """
    if table.n_rows == 0:  # said first, before anything about couples or roles
        raise NoPairsError("the data have no rows")
    try:  # the usual case, every dyad with two rows, takes one pass
        pairing = pair_members(table, dyad, role)
        return pairing.first, pairing.second, pairing.roles, 0
    except DyadSizeError as error:
        larger = {label: size for label, size in error.sizes.items() if size > 2}
        if larger:
            raise DyadSizeError(dyad, larger, error.rows, error.table) from None
    ids = table.ids(dyad)
    _, inverse, counts = np.unique(ids, return_inverse=True, return_counts=True)
    keep = np.flatnonzero(counts[inverse] == 2)
    if not keep.size:
        alone = (
            f"the one person's {dyad!r} value is on no other row, so they were left out"
            if table.n_rows == 1
            else f"each of the {table.n_rows} people is the only row with their {dyad!r} "
            f"value, so {'both' if table.n_rows == 2 else f'all {table.n_rows}'} were left out"
        )
        raise NoPairsError(
            f"no one's partner has a row in the data: {alone}"
            f"{_said_after(_same_as_numbers_hint(ids, dyad) or one_row_per_person_hint(dyad))}"
        )
    # The role's two values are those of the whole file, not only of the dyads with two rows.
    levels = role_levels(table, role) if role is not None else None
    pairing = pair_members(table.take(keep), dyad, role, levels=levels, origin=(table, keep))
    n_lone = int((counts == 1).sum())
    return keep[pairing.first], keep[pairing.second], pairing.roles, n_lone


#: Numbers that survey tools, SPSS and Stata exports often write for a missing answer.
MISSING_CODES = (-9.0, -99.0, -999.0, -9999.0, 99.0, 999.0, 9999.0)


def missing_code_notes(table: Table, columns: Iterable[str | None]) -> list[str]:
    """A sentence for each column that holds a usual missing-value code far outside its other
    values (:func:`missing_code_findings`, without the codes)."""
    return [note for note, _code in missing_code_findings(table, columns)]


def missing_code_findings(table: Table, columns: Iterable[str | None]) -> list[tuple[str, float]]:
    """A sentence, and the code, for each column that holds a usual missing-value code
    (:data:`MISSING_CODES`) far outside its other values: ``-99`` among answers from 1 to 7, say.

    Such a code is a number, and a model takes it as one; the commands fit what the file says
    but name the column, the code and its first row, so that a code that slipped through does
    not pass unseen (the statistics audit of 2026-12-04: ``-99`` for a missing outcome moved
    every APIM estimate with not a word). Far means farther from the other values' range than
    that range is wide. A column that is not numbers is left to the command to report.
    """
    notes: list[tuple[str, float]] = []
    for name in dict.fromkeys(c for c in columns if c):
        try:
            values = table.numeric(name, allow_missing=True)
        except InterdependError:
            continue
        codes = np.isin(values, MISSING_CODES)
        if not codes.any():
            continue
        rest = values[~codes & ~np.isnan(values)]
        if not rest.size:
            continue
        low, high = float(rest.min()), float(rest.max())
        width = high - low
        for code in MISSING_CODES:
            rows = np.flatnonzero(values == code)
            if not rows.size or low - width <= code <= high + width:
                continue
            where = table.where(int(rows[0]))
            at = f"at {where}" if rows.size == 1 else f"in {rows.size} rows, first at {where}"
            notes.append(
                (
                    f"column {name!r} holds {code:g} {at}, far from its other values, which "
                    f"run from {low:g} to {high:g}; it was used as a number: if it marks a "
                    "missing value, empty those cells or write NA",
                    code,
                )
            )
    return notes


def lone_ids_hint(table: Table, dyad: str) -> str:
    """The hint of :func:`pair_rows`'s error, for the people it leaves out with no partner row:
    a sentence when some of their ids are the same number written differently (``1.0`` and
    ``1``, ``01`` and ``1``), who are then two people alone rather than one couple; ``""``
    otherwise. A command prints it beside its count of those people (the library audit of
    2026-12-03 found it said only when every row was left out)."""
    ids = table.ids(dyad)
    unique, counts = np.unique(ids, return_counts=True)
    return _same_as_numbers_hint(unique[counts == 1], dyad)


def _said_after(hint: str) -> str:
    return f"; {hint}" if hint else ""


def one_row_per_person_hint(dyad: str) -> str:
    """What a file with no two rows of any couple most often needs: it has one row per couple
    (the layout that puts both partners' values in one row), or its partners' rows are not
    there."""
    return (
        f"each couple needs two rows, one per partner, with the same {dyad!r} value on both. A "
        "file with one row per couple, the partners' values side by side in their own columns, "
        "needs to be written as one row per person first"
    )


def _same_as_numbers_hint(ids: NDArray[Any], dyad: str) -> str:
    """A hint when ids written differently are the same number ("03" and "3", "3.0" and "3")
    in a column that is not all numbers: such a column is compared as written, as R's
    ``read.csv`` keeps it as text (a column of numbers alone is compared as numbers)."""
    if ids.dtype.kind in "biuf":
        return ""
    as_composed: dict[str, str] = {}
    for label in (str(v) for v in np.unique(ids)):
        same = as_composed.setdefault(_composed(label), label)
        if same != label:
            return (
                f"some {dyad!r} values look the same but store their accented letters in "
                f"different ways ({same!r} and {label!r}: in one, a letter followed by a "
                "separate accent mark), so they are compared as different, as R compares "
                "them: write each couple's id the same way on both rows, for example by "
                "typing it again"
            )
    as_numbers: dict[float, str] = {}
    for label in (str(v) for v in np.unique(ids)):
        try:
            number = float(label)
        except ValueError:
            continue
        if number in as_numbers and as_numbers[number] != label:
            return (
                f"some {dyad!r} values are the same number written differently "
                f"({as_numbers[number]!r} and {label!r}); since not every {dyad!r} value is "
                "a number, they are compared as written: write each couple's id the same way "
                "on both rows"
            )
        as_numbers[number] = label
    return ""


def role_levels(table: Table, role: str) -> tuple[str, str]:
    """The two values of the role column ``role``, in order; :class:`RoleSplitError` unless
    it takes exactly two."""
    return _role_levels(table.identifiers(role), role)


def _by_role(
    table: Table,
    dyad: str,
    role: str,
    pairing: Pairing,
    levels: tuple[str, str] | None,
    origin: tuple[Table, NDArray[np.intp]] | None = None,
) -> Pairing:
    labels = table.identifiers(role)
    levels = levels or _role_levels(labels, role)
    a, b = labels[pairing.first], labels[pairing.second]
    same = np.flatnonzero(a == b)
    if same.size:
        # Each couple with its shared value and its rows in the file (the statistics audit of
        # 2026-12-05: the couple's id alone, and "1 dyad(s)").
        whole, rows = origin or (table, np.arange(table.n_rows))
        shown = "; ".join(
            f"{dyad} {str(pairing.dyads[i])!r}, both {str(a[i])!r}"
            + _rows_said(whole, sorted(int(rows[r]) for r in (pairing.first[i], pairing.second[i])))
            for i in same[:_SHOWN]
        )
        more = f" (and {same.size - _SHOWN} more)" if same.size > _SHOWN else ""
        raise RoleSplitError(
            f"role {role!r} must give each dyad one {levels[0]!r} and one {levels[1]!r}; "
            f"both members share a role in {same.size} {'dyad' if same.size == 1 else 'dyads'}: "
            f"{shown}{more}"
        )
    swap = a == levels[1]
    first = np.where(swap, pairing.second, pairing.first)
    second = np.where(swap, pairing.first, pairing.second)
    return Pairing(pairing.dyads, first, second, levels)


def _role_levels(labels: NDArray[np.str_], role: str) -> tuple[str, str]:
    """The two values of ``labels`` (a role's :meth:`Table.identifiers`, where a missing value
    has already been refused with its row), in order."""
    levels = [str(v) for v in np.unique(labels)]
    if not levels:
        raise RoleSplitError("the data have no rows")
    if len(levels) != 2:
        more = f" (and {len(levels) - _SHOWN} more)" if len(levels) > _SHOWN else ""
        raise RoleSplitError(
            f"role {role!r} must take exactly two values to split each dyad in two; "
            f"it takes {len(levels)}: {', '.join(repr(v) for v in levels[:_SHOWN])}{more}"
            f"{capitals_hint(levels)}"
        )
    levels.sort(key=_sort_key)
    return levels[0], levels[1]


def capitals_hint(levels: Sequence[str]) -> str:
    """A hint when some role values differ only in capitals ("Wife" and "wife"), which the
    data mean as one: each is taken as written, as R takes a factor's levels."""
    groups: dict[str, list[str]] = {}
    for value in levels:
        groups.setdefault(value.casefold(), []).append(value)
    alike = [values for values in groups.values() if len(values) > 1]
    if not alike:
        return ""
    shown = " and ".join(repr(v) for v in alike[0][:2])
    return (
        f"; {shown} differ only in capitals, and each value is taken as written: write each "
        "role the same way throughout the column"
    )


def _sort_key(label: str) -> tuple[int, float, str]:
    try:
        return (0, float(label), label)
    except ValueError:
        return (1, 0.0, label)


def individual_to_dyad(
    table: Table, dyad: str, role: str | None = None, suffixes: tuple[str, str] = ("_1", "_2")
) -> Table:
    """One row per couple: every other column twice, suffixed by member.

    With ``role`` the suffixes are ``_<role value>`` (e.g. ``satisfaction_-1``) and the role
    column itself is dropped; without it, members are taken in order of appearance.
    """
    pairing = pair_members(table, dyad, role)
    if pairing.roles is not None:
        suffixes = (f"_{pairing.roles[0]}", f"_{pairing.roles[1]}")
    columns: dict[str, NDArray[Any]] = {dyad: table.column(dyad)[pairing.first]}
    for name in table.names:
        if name not in (dyad, role):
            values = table.column(name)
            columns[name + suffixes[0]] = values[pairing.first]
            columns[name + suffixes[1]] = values[pairing.second]
    return Table(columns)


def dyad_to_individual(
    table: Table, dyad: str, suffixes: tuple[str, str] = ("_1", "_2"), role: str | None = None
) -> Table:
    """One row per person from a dyad table; unsuffixed columns are copied to both members.

    With ``role`` a column of that name records which suffix each person came from.
    """
    table.require([dyad])
    first, second = suffixes
    stems = [n[: -len(first)] for n in table.names if n.endswith(first)]
    stems = [s for s in stems if s + second in table.columns]
    paired = {s + first for s in stems} | {s + second for s in stems}
    shared = [n for n in table.names if n not in paired]
    n = table.n_rows
    columns: dict[str, NDArray[Any]] = {}
    for name in shared:
        columns[name] = np.repeat(table.column(name), 2)
    if role is not None:
        columns[role] = np.tile(np.array([first.lstrip("_"), second.lstrip("_")]), n)
    for stem in stems:
        both = np.stack([table.column(stem + first), table.column(stem + second)], axis=1)
        columns[stem] = both.reshape(2 * n)
    return Table(columns)


def individual_to_pairwise(
    table: Table,
    dyad: str,
    columns: Sequence[str] | None = None,
    suffixes: tuple[str, str] = ("_A", "_P"),
) -> Table:
    """One row per person with own (``_A``) and partner (``_P``) copies of ``columns``.

    Rows keep their order; ``columns`` defaults to every column except ``dyad``, and a single
    name is taken as a list of one.
    """
    if columns is None:
        names = [n for n in table.names if n != dyad]
    else:
        names = [columns] if isinstance(columns, str) else list(columns)
    table.require([dyad, *names])
    partner = partner_rows(table, dyad)
    result: dict[str, NDArray[Any]] = {dyad: table.column(dyad)}
    for name in names:
        values = table.column(name)
        result[name + suffixes[0]] = values
        result[name + suffixes[1]] = values[partner]
    return Table(result)


def partner_rows(table: Table, dyad: str) -> NDArray[np.intp]:
    """For every row, the row index of the same dyad's other member."""
    pairing = pair_members(table, dyad)
    partner = np.empty(table.n_rows, dtype=np.intp)
    partner[pairing.first] = pairing.second
    partner[pairing.second] = pairing.first
    return partner


def pairwise_to_individual(table: Table, suffixes: tuple[str, str] = ("_A", "_P")) -> Table:
    """Drop the partner (``_P``) columns and strip the actor suffix from the others."""
    own, other = suffixes
    columns: dict[str, NDArray[Any]] = {}
    for name in table.names:
        if name.endswith(other):
            continue
        columns[name.removesuffix(own)] = table.column(name)
    return Table(columns)
