"""What the research commands share: reading a data file, JSON without NaN, p-values and the
table of fixed effects, written once for ``apim``, ``diary``, ``apim-mediation``,
``apim-power`` and ``validate``."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from interdepend.core.errors import InterdependError

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    from interdepend.core.dyadic import Table

__all__ = ["effects_table", "finite", "json_text", "off_the_scale", "p_cell", "read_table"]


def read_table(path: str) -> Table:
    """The data file at ``path``; a missing file or a bad cell is a :class:`CommandError`."""
    from interdepend.cli import CommandError
    from interdepend.core.dyadic import load_csv

    if not Path(path).is_file():
        raise CommandError(missing_file(Path(path)))
    try:
        return load_csv(path)
    except UnicodeDecodeError:
        raise CommandError(f"{path}: not a UTF-8 text file") from None
    except InterdependError as error:
        raise CommandError(str(error)) from None


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


def effects_table(fixed: Sequence[_Effect]) -> list[str]:
    """Fixed effects with estimate, SE, t, df, p and the 95 % interval, one line each."""
    width = max(len("effect"), *(len(e.name) for e in fixed))
    head = f"{'effect':<{width}}  {'estimate':>9}  {'SE':>8}  {'t':>7}  {'df':>5}  {'p':>7}  95% CI"
    rows = [
        f"{e.name:<{width}}  {e.estimate:>9.4f}  {e.se:>8.4f}  {e.statistic:>7.2f}  {e.df:>5}  "
        f"{p_cell(e.p_value):>7}  [{e.ci_low:.4f}, {e.ci_high:.4f}]"
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
    "DATA.csv is UTF-8 text with a header, its values separated by commas, semicolons, tabs or "
    "vertical bars (found from the header, or from a first line such as 'sep=;'); a Parquet, "
    "SPSS .sav or Stata .dta file is read too, with the 'files' extra. An empty cell, NA, N/A, "
    "NaN, NULL, None or '.' is a missing value; a number such as -99 is a number. Column "
    "names are matched exactly. Standard input is not read: give a file."
)
