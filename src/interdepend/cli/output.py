"""What the research commands share: reading a data file, JSON without NaN, p-values and the
table of fixed effects, written once for ``apim``, ``diary``, ``apim-mediation``,
``apim-power`` and ``validate``."""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from interdepend.core.errors import InterdependError
from interdepend.core.plural import counted, listed

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    from interdepend.core.dyadic import Table

__all__ = [
    "add_na",
    "code_notes",
    "effects_table",
    "figure",
    "finite",
    "item_answers",
    "json_text",
    "off_the_scale",
    "p_cell",
    "read_table",
    "repeated_respondent",
    "seed",
]


def add_na(parser: Any) -> None:
    """The ``--na`` option of every command that reads a data file whole."""
    parser.add_argument(
        "--na",
        action="append",
        default=[],
        metavar="VALUE",
        help="A value the file writes for a missing answer, such as -99 (R's na.strings): "
        "every cell holding it, as text or as the same number, is read as missing. Give it "
        "again for each value.",
    )


def read_table(path: str, na: Sequence[str] = ()) -> Table:
    """The data file at ``path``, with the cells holding one of ``na`` made missing; a missing
    file or a bad cell is a :class:`CommandError`."""
    from interdepend.cli import CommandError
    from interdepend.core.dyadic import load_csv, not_utf8

    if not Path(path).is_file():
        raise CommandError(missing_file(Path(path)))
    try:
        table = load_csv(path)
    except UnicodeDecodeError:
        raise CommandError(not_utf8(path)) from None
    except InterdependError as error:
        raise CommandError(str(error)) from None
    if table.separator_rows:
        print(f"note: {path}: {separator_rows_said(table.separator_rows)}", file=sys.stderr)
    if table.row_names:
        print(f"note: {path}: {ROW_NAMES_SAID}", file=sys.stderr)
    if na:
        try:
            table, emptied = table.with_missing(na)
        except InterdependError as error:
            raise CommandError(f"--na: {error}") from None
        for code, count in emptied.items():
            said = (
                f"no cell holds {code}: check the value given to --na"
                if not count
                else f"{counted(count, 'cell', 'cells')} holding {code} read as missing"
            )
            print(f"note: {path}: {said}", file=sys.stderr)
    return table


#: The note on a first column with no name, left aside.
ROW_NAMES_SAID = (
    "the first column has no name, as the row names R's write.csv and the index pandas' "
    "to_csv write, and was left aside"
)


def item_answers(table: Table, item_ids: Sequence[str], low: int, high: int) -> NDArray[np.float64]:
    """The answers to ``item_ids`` as columns of numbers, NaN where missing, for
    ``psychometrics`` and ``validate``. A column whose every answer is words is said to hold
    the answer scale's words: the hint for a model's predictor ("a category enters as 0/1
    columns") told whoever saved "Agree" in place of 6 to make columns of it (the command-line
    audit of 2026-12-05)."""
    import numpy as np

    from interdepend.core.dyadic import DyadicDataError, NonNumericValueError

    try:
        return np.column_stack([table.numeric(i, allow_missing=True) for i in item_ids])
    except NonNumericValueError as error:
        if not error.all_words:
            raise
        raise DyadicDataError(f"{error.plain}{answers_as_words(low, high)}") from None


def answers_as_words(low: int, high: int) -> str:
    """What to do with answers saved as the words of the answer scale."""
    return (
        f" (no answer in it is a number: a survey tool or a statistics program may have saved "
        f"the words of the answer scale instead of its numbers; save the answers as numbers "
        f"from {low} to {high}: in SPSS, as values rather than value labels; in Stata, with "
        "export delimited's nolabel option)"
    )


def separator_rows_said(lines: Sequence[int]) -> str:
    """Rows of separators alone, skipped, in words naming their lines."""
    shown = [str(n) for n in lines[:5]]
    more = f" and {len(lines) - 5} more" if len(lines) > 5 else ""
    at = listed(shown)
    if more:
        at = f"{', '.join(shown)}{more}"
    one = len(lines) == 1
    return (
        f"{'1 row' if one else f'{len(lines)} rows'} held nothing but separators "
        f"(line{'' if one else 's'} {at} of the file), as a spreadsheet leaves where a row's "
        f"values were deleted, and {'was' if one else 'were'} skipped as blank lines are; the "
        f"rows counted here leave {'it' if one else 'them'} out"
    )


def seed(text: str) -> int:
    """``--seed``: a whole number of 0 or more (NumPy's generator takes no negative seed, and
    said so in a traceback: the outside check of 2026-12-04)."""
    import argparse

    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"a seed is a whole number of 0 or more, not {text!r}")
    return value


def finite(data: Any) -> Any:
    """Replace NaN and infinities (not valid JSON) with null, recursively."""
    if isinstance(data, float) and not math.isfinite(data):
        return None
    if isinstance(data, dict):
        return {key: finite(value) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [finite(value) for value in data]
    return data


def json_text(data: Any) -> str:
    return json.dumps(finite(data), indent=2)


def figure(value: float, places: int = 4) -> str:
    """``value`` to ``places`` decimals, or to as many significant digits when that would
    leave fewer than two: an outcome in millionths printed every estimate, SE and interval
    as 0.0000 where R prints 6.697541e-07 (the outside check of 2026-12-04, third round)."""
    if math.isfinite(value) and 0 < abs(value) < 10.0 ** (1 - places):
        return f"{value:#.{places}g}"
    return f"{value:.{places}f}"


def p_cell(value: float) -> str:
    return "<0.0001" if value < 1e-4 else f"{value:.4f}"


class _Effect(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def estimate(self) -> float: ...
    @property
    def se(self) -> float: ...
    @property
    def statistic(self) -> float: ...
    @property
    def df(self) -> int: ...
    @property
    def p_value(self) -> float: ...
    @property
    def ci_low(self) -> float: ...
    @property
    def ci_high(self) -> float: ...


def rough_interval_note(used: int, *, several: bool = True) -> str:
    """The note for bootstrap intervals resting on fewer resamples than they need."""
    what = "the 95% intervals are" if several else "the 95% interval is"
    return (
        f"note: with only {used} resamples {what} rough: each end rests on the few most "
        "extreme resamples, so another seed can move it a long way; use 1000 or more "
        "(--bootstrap), as the default does"
    )


def effects_table(fixed: Sequence[_Effect]) -> list[str]:
    """Fixed effects with estimate, SE, t, df, p and the 95 % interval, one line each."""
    width = max(len("effect"), *(len(e.name) for e in fixed))
    head = f"{'effect':<{width}}  {'estimate':>9}  {'SE':>8}  {'t':>7}  {'df':>5}  {'p':>7}  95% CI"
    rows = [
        f"{e.name:<{width}}  {figure(e.estimate):>9}  {figure(e.se):>8}  {e.statistic:>7.2f}  "
        f"{e.df:>5}  {p_cell(e.p_value):>7}  [{figure(e.ci_low)}, {figure(e.ci_high)}]"
        for e in fixed
    ]
    return [head, *rows]


def off_the_scale(
    table: Table, x: NDArray[np.float64], ids: Sequence[str], low: float, high: float
) -> str | None:
    """Where the first answer given is not one of the scale's (a whole number from ``low`` to
    ``high``), in words naming its row and item; None when every answer is."""
    import numpy as np

    bad = np.argwhere(~np.isnan(x) & ((x < low) | (x > high) | (x % 1 != 0)))
    if not bad.size:
        return None
    row, col = (int(v) for v in bad[0])
    return (
        f"{table.where(row)}, column {ids[col]!r}: {x[row, col]:g} is not a whole number "
        f"from {low} to {high}"
    )


def code_notes(table: Table, columns: Sequence[str | None]) -> None:
    """Print, on standard error, a note for each of ``columns`` that holds a usual missing-value
    code such as -99 far from its other values, with the ``--na`` that reads it as missing
    (:func:`~interdepend.core.dyadic.missing_code_findings`); standard output keeps only the
    results, so ``--json`` stays JSON."""
    import sys

    from interdepend.core.dyadic import missing_code_findings

    for note, code in missing_code_findings(table, columns):
        print(f"note: {note}, or read it as missing with --na {code:g}", file=sys.stderr)


def repeated_respondent(table: Table) -> str | None:
    """Where a respondent id is given a second time, in words naming both rows; None when each
    id is given once, or when the file has no ``respondent`` column (any case).

    ``score`` refuses such a row; ``psychometrics`` and ``validate``, which need every row, took
    it as one more person and reported figures on an inflated sample (the statistics audit of
    2026-12-04: a file whose rows were pasted twice gave an alpha on twice its people).
    """
    import numpy as np

    from interdepend.core.textdata import is_missing

    column = next((n for n in table.names if n.strip().lower() == "respondent"), None)
    if column is None:
        return None
    labels = table.labels(column)
    if np.unique(labels).size == labels.size:
        return None
    first: dict[str, int] = {}
    for row, label in enumerate(labels.tolist()):
        if is_missing(label):
            continue
        if label in first:
            return (
                f"{table.where(row)}, column {column!r}: respondent {label!r} appears a second "
                f"time, after {table.where(first[label])}; each respondent has one row, so "
                "remove the repeated row or give it its own id"
            )
        first[label] = row
    return None


def missing_file(path: Path) -> str:
    """Why ``path`` cannot be read as a data file, in words: a folder is not "no such file",
    nor are standard input and a pipe, which are not read."""
    if str(path) == "-":
        return "data are not read from standard input: give the path of a file"
    if path.is_dir():
        return f"{path} is a folder, not a file"
    if path.exists():
        return f"{path} is not a regular file (a pipe or a device): save the data to a file first"
    return f"no such file: {path}"


#: What a research command reads, said under its --help (the statistics audit of 2026-12-03
#: found it only under ``score --help``).
DATA_FILES = (
    "DATA.csv is UTF-8 text (or UTF-16 beginning with its byte-order mark, as a spreadsheet "
    "saves 'Unicode text') with a header, its values separated by commas, semicolons, tabs or "
    "vertical bars (found from the header, or from a first line such as 'sep=;'); a Parquet, "
    "SPSS .sav or Stata .dta file is read too, with the 'files' extra. An empty cell, NA, N/A, "
    "NaN, NULL, None or '.' is a missing value; a number such as -99 is a number unless "
    "--na names it (a note names a column where one stands far from the other values). "
    "Column names are matched exactly, once spaces at either end of a name in the header are "
    "dropped. Standard input is not read: give a file."
)


def collinear_note(effects: Sequence[str], number: float) -> str:
    """A note that the effects named nearly repeat one another, as ``apim``, ``apim-mediation``
    and ``diary`` give it when the condition number of their design is above
    :data:`~interdepend.core.apim.ILL_CONDITIONED`; from
    :data:`~interdepend.core.apim.ROUNDING_MATTERS` on, it adds that the arithmetic itself
    then moves the estimates."""
    from interdepend.core.apim import ILL_CONDITIONED, ROUNDING_MATTERS

    which = (
        f"{listed(effects)} nearly repeat one another"
        if len(effects) > 1
        else "some effects nearly repeat one another"
    )
    rounding = (
        "; at this size even how a program rounds moves them, and another program may print "
        "quite different ones"
        if number >= ROUNDING_MATTERS
        else ""
    )
    return (
        f"note: {which} (condition number {number:,.0f}, above {ILL_CONDITIONED:.0f}), so the "
        "data can hardly tell their effects apart: a small change in the data can move these "
        "estimates a long way, and their standard errors are many times what they would be "
        f"apart{rounding}. Leave one of them out, or combine them into one score"
    )


def rho_edge_note(rho: float, *, unreliable: str, in_r: str) -> str:
    """A note that a model's within-couple residual correlation stopped at the edge of ±1
    (:attr:`~interdepend.core.apim.ApimResult.rho_at_bound`), as ``apim`` and
    ``apim-mediation`` give it: ``unreliable`` names the figures that cannot be relied on,
    ``in_r`` the couple-level regression to fit instead, as R would write it."""
    edge = "1" if rho > 0 else "-1"
    return (
        "note: the partners' residuals correlate at the edge of what is possible: within "
        "every couple the outcome is (nearly) the same, or the opposite, once the "
        f"predictors are taken into account, so the nearer rho comes to {edge}, the "
        "better the model fits, with no best point the arithmetic can reach. The search "
        "stopped near that edge; R's gls stops with an error there, or goes on to rho = "
        f"{edge} with a log-likelihood of its own, higher or lower, that is no better a "
        f"fit. Either way {unreliable} cannot be relied on: they come from a fit with no best "
        "point, and take what is one value per couple for two. Such an outcome belongs to "
        "the couple: fit it once per couple, with one row per couple and both partners' "
        f"predictor values as its predictors (in R, {in_r})"
    )


#: The help of every research command's ``--role``, in one place.
ROLE_HELP = (
    "The column of a two-valued role (such as gender), for dyads whose partners can be told "
    "apart; leave it out when they cannot be."
)
