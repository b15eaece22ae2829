"""Score a CSV of responses in chunks, reporting bad rows without stopping the others.

Input: a header with a ``respondent`` column (any case: ``Respondent`` too) and one column per
item id (any order; an item column may be absent, and is then missing for everyone); one row per
respondent. The separator (comma, semicolon, tab or vertical bar) is found from the header, or
taken from a spreadsheet's ``sep=;`` first line, as :func:`interdepend.core.dyadic.load_csv`
does. Rows already split into cells (a Parquet, SPSS or Stata file read by
:func:`interdepend.core.dyadic.load_table`) are scored by :func:`score_rows`.
A missing answer is any marker of :mod:`interdepend.core.textdata` (an empty cell, ``NA``,
``N/A``, ``NaN``, ``.``...), as in every other command. Other columns (a timestamp, a group) are
ignored and named in the summary, as ``psychometrics`` ignores them. The safety screen's columns
(``sf01``...) may sit beside the items. A row whose every answer is missing is not scored and is
counted apart (``blank``), neither scored nor failed.

Output: ``respondent``, one 0-100 column per scale (named by scale id), ``balance``,
``dynamic``, ``answered`` and ``safety_screen``: ``flagged``, ``clear``, ``not_answered`` (the
file has the screen's columns, this row left them blank) or ``not_asked`` (no screen columns).
A flagged row's warning-sign scores may partly be self-protection (docs/inventory.md).

A row with any problem (wrong number of cells, empty or repeated respondent, a value that is not
a whole number on the response scale) is not scored and the others go on; each problem becomes a
:class:`RowError` with the data row's number (the first row under the header is row 1), its
line in the file (the header is line 1) and the column, said as ``psychometrics`` says it. The
header itself must be right, or :class:`CsvFormatError` is raised before anything is read or
written.
"""

from __future__ import annotations

import csv
import itertools
import math
import operator
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TextIO

import numpy as np

from interdepend.core.csvcell import SafeWriter
from interdepend.core.errors import CsvFormatError
from interdepend.core.instrument import Instrument, load_builtin
from interdepend.core.scoring import ScoreTable, score_matrix
from interdepend.core.textdata import (
    MISSING_MARKERS,
    apart_only_by_spaces,
    is_missing,
    separator_name,
    separator_of,
    stated_separator,
)

#: The safety screen whose columns may accompany an inventory's.
SCREEN_ID = "safety_screen_v1"

__all__ = [
    "CsvSummary",
    "RowError",
    "ScoredChunk",
    "iter_score_csv",
    "output_columns",
    "output_rows",
    "score_csv",
    "score_rows",
]

RESPONDENT = "respondent"
CHUNK_ROWS = 10_000
#: Called after each chunk with the number of data rows just read (e.g. ``tqdm.update``).
Progress = Callable[[int], object]
#: Data rows with their line in the file (``None`` when the rows did not come from text).
_Numbered = Iterator[tuple[int | None, list[str]]]


@dataclass(frozen=True)
class RowError:
    row: int  # the data row, counted from 1 under the header (blank lines not counted)
    respondent: str
    column: str
    value: str
    problem: str
    line: int | None = None  # the line in the file (the header is line 1), when read from text

    def __str__(self) -> str:
        where = f"row {self.row}"
        if self.line is not None:
            where += f" (line {self.line} of the file)"
        if self.column:
            where += f", column {self.column!r}"
        return f"{where}: {self.problem}"


@dataclass(frozen=True)
class ScoredChunk:
    respondents: tuple[str, ...]
    table: ScoreTable
    errors: tuple[RowError, ...]
    rows_read: int
    missing_columns: tuple[str, ...] = ()  # item ids the file has no column for
    screens: tuple[str, ...] = ()  # the safety screen's outcome, one per scored respondent
    blank: int = 0  # rows with a respondent but no answer at all: not scored, not failed
    ignored_columns: tuple[str, ...] = ()  # columns that are neither items nor the screen
    present_columns: tuple[str, ...] = ()  # item ids the file has a column for
    answered_columns: frozenset[str] = frozenset()  # item ids answered in a scored row


@dataclass(frozen=True)
class CsvSummary:
    rows: int
    scored: int
    failed: int
    errors: tuple[RowError, ...]  # at most ``max_errors`` of them
    error_count: int
    missing_columns: tuple[str, ...] = field(default=())
    blank: int = 0  # rows with no answer at all, counted in ``rows``, not in ``failed``
    ignored_columns: tuple[str, ...] = ()
    #: item ids whose column is in the file but holds no answer in any scored row
    unanswered_columns: tuple[str, ...] = ()


# --------------------------------------------------------------------------------- header


@dataclass(frozen=True)
class _Layout:
    """Where the respondent and the item answers sit in each CSV row."""

    width: int
    respondent: int
    columns: tuple[int, ...]  # CSV positions of the item columns present
    names: tuple[str, ...]  # their item ids
    destination: tuple[int, ...]  # their positions in the instrument's item order
    missing: tuple[str, ...]  # item ids with no column
    screen_columns: tuple[int, ...] = ()  # CSV positions of the safety screen's columns
    screen_names: tuple[str, ...] = ()
    ignored: tuple[str, ...] = ()  # columns that are neither items nor the screen's


def _screen_ids(instrument: Instrument) -> frozenset[str]:
    """The screen's item ids, when the instrument is not the screen itself."""
    if instrument.id == SCREEN_ID or instrument.flag is not None:
        return frozenset()
    return frozenset(load_builtin(SCREEN_ID).item_ids)


def _layout(instrument: Instrument, header: Sequence[str], separator: str | None = ",") -> _Layout:
    names = [h.strip() for h in header]
    _check_header(instrument, names, separator, written=header)
    order = {item_id: k for k, item_id in enumerate(instrument.item_ids)}
    screen = _screen_ids(instrument)
    items = [(c, n) for c, n in enumerate(names) if n in order]
    screens = [(c, n) for c, n in enumerate(names) if n in screen]
    respondent = _respondent_column(names)
    # A column with no name (a spreadsheet's trailing separators, R's row names) is left aside
    # without a word: it cannot be an item, and naming it '' in the note would say nothing.
    ignored = [
        n
        for c, n in enumerate(names)
        if n and c != respondent and n not in order and n not in screen
    ]
    return _Layout(
        width=len(names),
        respondent=respondent,
        columns=tuple(c for c, _ in items),
        names=tuple(n for _, n in items),
        destination=tuple(order[n] for _, n in items),
        missing=tuple(i for i in instrument.item_ids if i not in names),
        screen_columns=tuple(c for c, _ in screens),
        screen_names=tuple(n for _, n in screens),
        ignored=tuple(ignored),
    )


def _respondent_column(names: Sequence[str]) -> int:
    """The position of the respondent column, whatever its case; -1 if there is none."""
    found = [c for c, n in enumerate(names) if n.lower() == RESPONDENT]
    return found[0] if found else -1


def _check_header(
    instrument: Instrument,
    names: Sequence[str],
    separator: str | None,
    *,
    written: Sequence[str] = (),
) -> None:
    respondents = [n for n in names if n.lower() == RESPONDENT]
    if not respondents:
        shown = ", ".join(repr(n) for n in names[:5]) + (", ..." if len(names) > 5 else "")
        read = f"read as {separator_name(separator)}-separated, " if separator else ""
        raise CsvFormatError(
            f"the header has no {RESPONDENT!r} column ({read}its columns are {shown})"
        )
    if len(respondents) > 1:
        raise CsvFormatError(f"the header has more than one respondent column: {respondents}")
    # Columns with no name are not repeats of one another: Excel ends every line of a sheet
    # with a used column further right with empty cells (`a;b;c;;`), which `score` refused as
    # "the header repeats column ''" where every research command drops them.
    repeated = sorted({n for n in names if n and names.count(n) > 1})
    if repeated:
        apart = apart_only_by_spaces(written, repeated[0])
        if apart is not None:
            raise CsvFormatError(apart)
        raise CsvFormatError(f"the header repeats column {repeated[0]!r}")
    if not any(n in instrument.item_ids for n in names):
        raise CsvFormatError(f"the header has no item columns of {instrument.id}")


# --------------------------------------------------------------------------------- values


#: A cell holding a NUL character, in words (no text file of data holds one; the row is left
#: out rather than scored under an id that prints as something it is not).
NUL_SAID = (
    "the cell holds a NUL character (a zero byte), which has no place in a text file of data; "
    "remove it, or save the file again as CSV UTF-8"
)


class _Values:
    """Turns cells into answers: a dictionary for the usual cells, a careful path otherwise."""

    def __init__(self, instrument: Instrument) -> None:
        self.low = instrument.response_scale.min
        self.high = instrument.response_scale.max
        self.fast = {str(v): float(v) for v in range(self.low, self.high + 1)}
        self.fast.update(dict.fromkeys(MISSING_MARKERS, math.nan))
        self.fast.update(dict.fromkeys((m.upper() for m in MISSING_MARKERS), math.nan))

    def careful(self, cell: str) -> float | str:
        """The answer, or a sentence saying what is wrong with the cell."""
        text = cell.strip()
        if text in self.fast:
            return self.fast[text]
        if "\x00" in text:
            return NUL_SAID
        if is_missing(text):
            return math.nan
        try:
            value = float(text)
        except ValueError:
            if any(c.isalpha() for c in text):  # "often": the answer scale's words, saved
                return (
                    f"{cell!r} is not a number: answers are numbers from {self.low} to "
                    f"{self.high}, so save the answer scale's numbers, not its words"
                )
            return f"{cell!r} is not a number"
        if math.isinf(value):  # "1e400": a number, too large for any scale
            return f"{cell!r} is outside {self.low}-{self.high}"
        if not value.is_integer():
            return f"{cell!r} is not a whole number"
        if not self.low <= value <= self.high:
            return f"{cell!r} is outside {self.low}-{self.high}"
        return value


class _Reader:
    """Parses data rows into answer rows and errors, one row at a time."""

    def __init__(self, instrument: Instrument, layout: _Layout) -> None:
        self.layout = layout
        self.values = _Values(instrument)
        self.pick = operator.itemgetter(*layout.columns)
        self.seen: set[str] = set()
        self.screen = load_builtin(SCREEN_ID) if layout.screen_columns else None
        self.screen_values = _Values(self.screen) if self.screen else None
        self.row = 0  # the data rows read so far
        self.line: int | None = None  # the file line of the row being read

    def error(self, respondent: str, column: str, value: str, problem: str) -> RowError:
        """A problem of the row being read, with its row number and line."""
        return RowError(self.row, respondent, column, value, problem, self.line)

    def parse(
        self, line: int | None, cells: list[str]
    ) -> tuple[str, list[float] | None, list[RowError]]:
        self.row += 1
        self.line = line
        layout = self.layout
        if len(cells) != layout.width:
            problem = f"has {len(cells)} cells; the header has {layout.width}"
            return "", None, [self.error("", "", "", problem)]
        respondent = cells[layout.respondent].strip()
        errors = self.respondent_errors(respondent)
        answers = self.answers(respondent, cells, errors)
        return respondent, (None if errors else answers), errors

    def screen_outcome(self, respondent: str, cells: list[str]) -> str | RowError:
        """flagged, clear or not_answered for this row; not_asked without screen columns."""
        if self.screen is None or self.screen_values is None or self.screen.flag is None:
            return "not_asked"
        given: list[float] = []
        for column, name in zip(self.layout.screen_columns, self.layout.screen_names, strict=True):
            value = self.screen_values.careful(cells[column])
            if isinstance(value, str):
                return self.error(respondent, name, cells[column], value)
            if not math.isnan(value):
                given.append(value)
        if not given:
            return "not_answered"
        return "flagged" if max(given) >= self.screen.flag.at_or_above else "clear"

    def respondent_errors(self, respondent: str) -> list[RowError]:
        if not respondent:
            return [self.error("", RESPONDENT, "", "the respondent is empty")]
        if "\x00" in respondent:
            return [self.error(respondent, RESPONDENT, respondent, NUL_SAID)]
        if respondent in self.seen:
            problem = f"respondent {respondent!r} appears more than once"
            return [self.error(respondent, RESPONDENT, respondent, problem)]
        self.seen.add(respondent)
        return []

    def answers(self, respondent: str, cells: list[str], errors: list[RowError]) -> list[float]:
        picked = self.pick(cells)
        cells_in_order: tuple[str, ...] = picked if isinstance(picked, tuple) else (picked,)
        try:
            return [self.values.fast[c] for c in cells_in_order]
        except KeyError:
            return self.careful(respondent, cells_in_order, errors)

    def careful(
        self, respondent: str, cells: tuple[str, ...], errors: list[RowError]
    ) -> list[float]:
        out: list[float] = []
        for name, cell in zip(self.layout.names, cells, strict=True):
            value = self.values.careful(cell)
            if isinstance(value, str):
                errors.append(self.error(respondent, name, cell, value))
                value = math.nan
            out.append(value)
        return out


# --------------------------------------------------------------------------------- chunks


def iter_score_csv(
    instrument: Instrument,
    source: Iterable[str],
    *,
    chunk_rows: int = CHUNK_ROWS,
    progress: Progress | None = None,
) -> Iterator[ScoredChunk]:
    """Read ``source`` (an open text file or any iterable of lines) and score it chunk by chunk.

    Raises :class:`CsvFormatError` when the header is missing or wrong.
    """
    rows, reader = _open(instrument, source)
    return _chunks(instrument, rows, reader, chunk_rows, progress)


def _open(instrument: Instrument, source: Iterable[str]) -> tuple[_Numbered, _Reader]:
    """Read and check the header (finding the separator); the rows and their reader."""
    lines = iter(source)
    first = next(lines, None)
    skipped = 0
    if first is not None and (stated := stated_separator(first)):
        # A spreadsheet's first line naming the separator ("sep=;"), then the header.
        separator, first, skipped = stated, next(lines, None), 1
    elif first is not None:
        separator = separator_of(first)
    if first is None:
        raise CsvFormatError("the file is empty: it has no header")
    rows = csv.reader(itertools.chain([first], lines), delimiter=separator)
    header = next(rows, None)
    if header is None:
        raise CsvFormatError("the file is empty: it has no header")
    reader = _Reader(instrument, _layout(instrument, header, separator))
    return ((rows.line_num + skipped, cells) for cells in rows), reader


def _chunks(
    instrument: Instrument,
    rows: _Numbered,
    reader: _Reader,
    chunk_rows: int,
    progress: Progress | None,
) -> Iterator[ScoredChunk]:
    while True:
        chunk = _read_chunk(rows, reader, chunk_rows)
        if chunk is None:
            return
        if progress is not None:
            progress(chunk.rows_read)
        yield _score_chunk(instrument, reader.layout, chunk)


@dataclass
class _RawChunk:
    respondents: list[str]
    answers: list[list[float]]
    errors: list[RowError]
    rows_read: int = 0
    screens: list[str] = field(default_factory=list)
    blank: int = 0


def _read_chunk(rows: _Numbered, reader: _Reader, size: int) -> _RawChunk | None:
    chunk = _RawChunk([], [], [])
    for line, cells in rows:
        if all(is_missing(c) for c in cells):
            continue  # a blank line, or one of separators and missing markers only
        chunk.rows_read += 1
        respondent, answers, errors = reader.parse(line, cells)
        if answers is not None and all(math.isnan(a) for a in answers):
            chunk.blank += 1  # a respondent who answered nothing: no scores to give
            continue
        screen = reader.screen_outcome(respondent, cells) if answers is not None else ""
        if isinstance(screen, RowError):
            errors = [*errors, screen]
            answers = None
        chunk.errors.extend(errors)
        if answers is not None:
            chunk.respondents.append(respondent)
            chunk.answers.append(answers)
            chunk.screens.append(str(screen))
        if chunk.rows_read >= size:
            break
    return chunk if chunk.rows_read else None


def _score_chunk(instrument: Instrument, layout: _Layout, chunk: _RawChunk) -> ScoredChunk:
    matrix = np.full((len(chunk.answers), len(instrument.items)), np.nan)
    if chunk.answers:
        matrix[:, list(layout.destination)] = np.array(chunk.answers, dtype=np.float64)
    return ScoredChunk(
        respondents=tuple(chunk.respondents),
        table=score_matrix(instrument, matrix),
        errors=tuple(chunk.errors),
        rows_read=chunk.rows_read,
        missing_columns=layout.missing,
        screens=tuple(chunk.screens),
        blank=chunk.blank,
        ignored_columns=layout.ignored,
        present_columns=layout.names,
        answered_columns=frozenset(
            name
            for name, position in zip(layout.names, layout.destination, strict=True)
            if not np.isnan(matrix[:, position]).all()
        ),
    )


# --------------------------------------------------------------------------------- output


#: Decimal places of the scores and the balance in the scored file.
DECIMALS = 6


def output_columns(instrument: Instrument) -> list[str]:
    return [RESPONDENT, *instrument.scale_ids, "balance", "dynamic", "answered", "safety_screen"]


def output_rows(chunk: ScoredChunk) -> Iterator[list[str]]:
    """The chunk's scored rows as CSV cells, blank if missing: scores and balance to six
    decimal places (enough for any comparison with a researcher's own computation; a score
    rounded to 0.1 would differ from R's by up to 0.05), trailing zeros left off (``43.055556``,
    ``50``, ``37.5``)."""
    table = chunk.table
    scores = np.round(table.scores, DECIMALS).tolist()
    balance = np.round(table.balance, DECIMALS).tolist()
    dynamics = table.dynamic_ids().tolist()
    answered = table.answered.tolist()
    screens = chunk.screens or ("not_asked",) * len(chunk.respondents)
    for r, respondent in enumerate(chunk.respondents):
        cells = [_cell(v) for v in scores[r]]
        yield [respondent, *cells, _cell(balance[r]), dynamics[r], str(answered[r]), screens[r]]


def _cell(value: float) -> str:
    """``value`` to :data:`DECIMALS` places, without trailing zeros; blank when missing."""
    if math.isnan(value):
        return ""
    text = f"{value:.{DECIMALS}f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def score_csv(
    instrument: Instrument,
    source: Iterable[str],
    out: TextIO | None = None,
    *,
    progress: Progress | None = None,
    chunk_rows: int = CHUNK_ROWS,
    max_errors: int = 1000,
) -> CsvSummary:
    """Score ``source`` and write the output CSV to ``out`` (if given); return a summary.

    The summary keeps the first ``max_errors`` row errors and counts all of them. Nothing is
    written to ``out`` when the header is wrong (:class:`CsvFormatError`).
    """
    rows, reader = _open(instrument, source)  # a bad header stops here, before any output
    return _write(instrument, rows, reader, out, progress, chunk_rows, max_errors)


def score_rows(
    instrument: Instrument,
    header: Sequence[str],
    rows: Iterable[Sequence[str]],
    out: TextIO | None = None,
    *,
    progress: Progress | None = None,
    chunk_rows: int = CHUNK_ROWS,
    max_errors: int = 1000,
) -> CsvSummary:
    """As :func:`score_csv`, for rows already split into cells (a Parquet, SPSS or Stata file):
    a missing value is an empty cell or a marker, errors name the row with no file line."""
    reader = _Reader(instrument, _layout(instrument, header, None))
    numbered = ((None, [str(c) for c in cells]) for cells in rows)
    return _write(instrument, numbered, reader, out, progress, chunk_rows, max_errors)


def _write(
    instrument: Instrument,
    rows: _Numbered,
    reader: _Reader,
    out: TextIO | None,
    progress: Progress | None,
    chunk_rows: int,
    max_errors: int,
) -> CsvSummary:
    writer = SafeWriter(out, lineterminator="\n") if out is not None else None
    if writer is not None:
        writer.writerow(output_columns(instrument))
    tally = _Tally(max_errors)
    for chunk in _chunks(instrument, rows, reader, chunk_rows, progress):
        if writer is not None:
            writer.writerows(output_rows(chunk))
        tally.add(chunk)
    return tally.summary()


@dataclass
class _Tally:
    max_errors: int
    rows: int = 0
    scored: int = 0
    error_count: int = 0
    errors: list[RowError] = field(default_factory=list)
    missing: tuple[str, ...] = ()
    blank: int = 0
    ignored: tuple[str, ...] = ()
    present: tuple[str, ...] = ()  # the item columns the file has, in its order
    answered: set[str] = field(default_factory=set)

    def add(self, chunk: ScoredChunk) -> None:
        self.rows += chunk.rows_read
        self.scored += len(chunk.respondents)
        self.blank += chunk.blank
        self.error_count += len(chunk.errors)
        self.errors.extend(chunk.errors[: max(0, self.max_errors - len(self.errors))])
        self.missing = chunk.missing_columns
        self.ignored = chunk.ignored_columns
        self.present = chunk.present_columns
        self.answered |= chunk.answered_columns

    def summary(self) -> CsvSummary:
        failed = self.rows - self.scored - self.blank
        errors = tuple(self.errors)
        return CsvSummary(
            self.rows,
            self.scored,
            failed,
            errors,
            self.error_count,
            self.missing,
            blank=self.blank,
            ignored_columns=self.ignored,
            unanswered_columns=tuple(n for n in self.present if n not in self.answered)
            if self.scored
            else (),
        )
