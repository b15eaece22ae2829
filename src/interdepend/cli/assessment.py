"""Commands for the assessment: ``instruments check`` and ``score``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from interdepend.cli import CommandError
from interdepend.cli.output import missing_file
from interdepend.core.errors import InterdependError

if TYPE_CHECKING:  # loaded when a command runs, so that other commands start quickly
    from numpy.typing import NDArray

    from interdepend.core.csvscore import CsvSummary, Progress
    from interdepend.core.dyadic import Table
    from interdepend.core.instrument import Instrument, InstrumentSummary

#: Files with fewer data rows than this get no progress bar.
PROGRESS_FROM_ROWS = 5_000
#: Row errors printed before the rest are only counted.
ERRORS_SHOWN = 50


def register(subparsers: Any) -> None:
    """Add ``instruments check`` and ``score`` to the ``interdepend`` command."""
    instruments = subparsers.add_parser("instruments", help="work with instrument files")
    actions = instruments.add_subparsers(dest="action", metavar="ACTION", required=True)
    check = actions.add_parser(
        "check",
        help="validate instruments and print a summary",
        description="Validate every built-in instrument (or the FILES given) and print items "
        "per scale and the share that is reverse-keyed.",
    )
    check.add_argument("files", nargs="*", metavar="FILE", help="instrument TOML files")
    check.set_defaults(func=cmd_instruments_check)

    score = subparsers.add_parser(
        "score",
        help="score a CSV of responses",
        description="Score RESPONSES.csv (a 'respondent' column and one column per item id; "
        "separated by commas, semicolons, tabs or vertical bars, found from the header or from "
        "a first line such as 'sep=;'; other columns are left aside and named). A Parquet, "
        "SPSS .sav or Stata .dta file is read too, with the 'files' extra. An empty cell, NA, "
        "N/A, NaN, NULL, None or '.' is an unanswered item. Writes respondent, one 0-100 "
        "column per scale, balance, dynamic, answered and safety_screen, scores to six decimal "
        "places. A bad row is reported by row, line and column and skipped, and the others are "
        "scored; a row with no answers is counted apart; the exit status is 1 if any row failed.",
    )
    score.add_argument(
        "responses",
        metavar="RESPONSES.csv",
        help="one row per respondent (.csv, .tsv, .txt, .parquet, .sav, .dta)",
    )
    score.add_argument(
        "--instrument", required=True, metavar="ID", help="a built-in instrument id or a TOML file"
    )
    score.add_argument("-o", "--output", metavar="OUT.csv", help="write here (default: stdout)")
    score.add_argument(
        "--language",
        default="en",
        metavar="CODE",
        help="the language the statements were read in (en, es); scores are the same, the "
        "summary names it and says whether that translation is validated",
    )
    score.set_defaults(func=cmd_score)


# --- instruments check ------------------------------------------------------------------------


def cmd_instruments_check(args: argparse.Namespace) -> int:
    from interdepend.core.instrument import check_instruments

    try:
        summaries = check_instruments(args.files)
    except InterdependError as error:
        raise CommandError(str(error)) from None
    for summary in summaries:
        print(_summary_table(summary))
    print(f"{len(summaries)} instrument(s) valid")
    return 0


def _summary_table(summary: InstrumentSummary) -> str:
    title = f"{summary.instrument_id} {summary.version} ({summary.kind.value}, "
    lines = [title + f"{summary.items} items)"]
    lines.append(f"  {'scale':<12} {'kind':<6} {'items':>5} {'reverse':>8} {'share':>6}")
    for s in summary.scales:
        row = f"  {s.scale_id:<12} {s.kind.value:<6} {s.items:>5} {s.reverse:>8}"
        lines.append(row + f" {s.reverse_share:>6.0%}")
    if summary.dynamics:
        lines.append("  dynamics: " + ", ".join(summary.dynamics))
    if summary.traits:
        lines.append(f"  coverage: {summary.traits} traits, each covered by 2 or more statements")
    if summary.mirror_pairs:
        pairs = ", ".join(f"{a}/{b}" for a, b in summary.mirror_pairs)
        lines.append(f"  mirror pairs kept on purpose: {pairs}")
    return "\n".join(lines)


# --- score --------------------------------------------------------------------------------------


def cmd_score(args: argparse.Namespace) -> int:
    instrument = _instrument(args.instrument, args.language)
    source = Path(args.responses)
    if not source.is_file():
        raise CommandError(missing_file(source))
    table = _table(source)
    total = _count_rows(source) if table is None else table.n_rows
    with _output(args.output) as out, _progress(total) as progress:
        if table is None:
            summary = _score(instrument, source, out, progress)
        else:
            summary = _score_table(instrument, source, table, out, progress)
    _report(summary, args.output)
    print(_language_line(instrument, args.language), file=sys.stderr)
    return 1 if summary.failed else 0


def _instrument(name: str, language: str = "en") -> Instrument:
    from interdepend.core.instrument import load_named

    try:
        return load_named(name, language)
    except InterdependError as error:
        raise CommandError(str(error)) from None


def _language_line(instrument: Instrument, asked: str) -> str:
    """Which language's statements the scores are of: the original, or a translation."""
    if instrument.language == asked and instrument.language_version:
        checked = "validated" if instrument.validated_translation else "not yet validated"
        return (
            f"language: {instrument.language} (translation {instrument.language_version} of "
            f"{instrument.id} {instrument.version}, {checked})"
        )
    if asked != instrument.language:
        return f"language: {asked} asked, but {instrument.id} has no such translation: scored as en"
    return f"language: {instrument.language} (the original statements)"


def _table(source: Path) -> Table | None:
    """A Parquet, SPSS or Stata file read whole, as the other commands read it; ``None`` for
    delimited text, which is scored as it streams."""
    from interdepend.cli.output import read_table
    from interdepend.core.dyadic import FILE_FORMATS

    if source.suffix.lower() not in FILE_FORMATS:
        return None
    return read_table(str(source))


def _count_rows(path: Path) -> int:
    """Data rows, roughly (lines minus the header), for the progress bar's total."""
    lines = 0
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            lines += block.count(b"\n")
    return max(0, lines - 1)


@contextmanager
def _output(name: str | None) -> Iterator[TextIO]:
    if name is None:
        yield sys.stdout
        return
    target = Path(name)
    if target.is_dir():  # said now, not after scoring, and of the path she gave
        raise CommandError(f"cannot write {name}: it is a folder, not a file")
    partial = target.with_name(target.name + ".part")  # nothing appears unless scoring ends
    try:
        handle = partial.open("w", encoding="utf-8", newline="")
    except OSError as error:
        raise CommandError(f"cannot write {name}: {error.strerror}") from None
    try:
        with handle:
            yield handle
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)


@contextmanager
def _progress(total: int) -> Iterator[Progress]:
    from tqdm import tqdm

    bar = tqdm(
        total=total,
        unit="rows",
        unit_scale=True,
        file=sys.stderr,
        disable=total < PROGRESS_FROM_ROWS,
        desc="scoring",
    )
    with bar:
        yield bar.update


def _score(instrument: Instrument, source: Path, out: TextIO, progress: Progress) -> CsvSummary:
    from interdepend.core.csvscore import score_csv
    from interdepend.core.dyadic import not_utf8, text_encoding

    with source.open("rb") as raw:
        encoding = text_encoding(raw.read(4))
    try:
        with source.open(encoding=encoding, newline="") as handle:
            return score_csv(instrument, handle, out, progress=progress)
    except UnicodeDecodeError:
        raise CommandError(not_utf8(source)) from None
    except InterdependError as error:
        raise CommandError(f"{source}: {error}") from None


def _score_table(
    instrument: Instrument, source: Path, table: Table, out: TextIO, progress: Progress
) -> CsvSummary:
    from interdepend.core.csvscore import score_rows

    columns = [_cells(table.column(name)) for name in table.names]
    rows = zip(*columns, strict=True)
    try:
        return score_rows(instrument, table.names, rows, out, progress=progress)
    except InterdependError as error:
        raise CommandError(f"{source}: {error}") from None


def _cells(values: NDArray[Any]) -> list[str]:
    """A column as the cells a CSV would hold: whole numbers without ``.0``, blank if missing."""
    if values.dtype.kind != "f":
        return [str(v) for v in values]
    return ["" if v != v else str(int(v)) if v.is_integer() else repr(v) for v in values.tolist()]


def _listed(names: tuple[str, ...], shown: int = 5) -> str:
    """Up to ``shown`` item ids, then how many more."""
    more = f" and {len(names) - shown} more" if len(names) > shown else ""
    return ", ".join(names[:shown]) + more


def _report(summary: CsvSummary, output: str | None) -> None:
    err = sys.stderr
    for error in summary.errors[:ERRORS_SHOWN]:
        print(f"  {error}", file=err)
    if summary.error_count > ERRORS_SHOWN:
        print(f"  ... and {summary.error_count - ERRORS_SHOWN} more problem(s)", file=err)
    if summary.missing_columns:
        absent = _listed(summary.missing_columns)
        print(f"note: the file has no column for item(s) {absent}", file=err)
    if summary.unanswered_columns:
        empty = _listed(summary.unanswered_columns)
        print(
            f"note: no one answered item(s) {empty}: check that each is the column you meant",
            file=err,
        )
    if summary.ignored_columns:
        listed = ", ".join(repr(name) for name in summary.ignored_columns)
        print(f"note: not items, so left aside: {listed}", file=err)
    where = f" to {output}" if output else ""
    blank = f"; {summary.blank} had no answers and were left out" if summary.blank else ""
    print(
        f"scored {summary.scored} of {summary.rows} row(s){where}{blank}; {summary.failed} failed",
        file=err,
    )
