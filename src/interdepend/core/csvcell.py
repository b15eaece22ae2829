"""CSV cells that a spreadsheet will show as text, never run as a formula.

A cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by
spreadsheet programs as a formula (CSV or formula injection: a partner who writes
``=HYPERLINK(...)`` into a shared goal's title could make the other's export call out, or
worse). Every CSV the app or the command line writes goes through :func:`safe_cell`, which
puts a single quote in front of such a cell, as OWASP recommends, and in front of a formula
that follows a semicolon or a tab inside a cell (a spreadsheet whose separator is a semicolon
splits the cell there). Numbers stay numbers: a value that reads as a plain number (``-1.5``)
is left as it is.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import IO, Any

#: The first characters that make a spreadsheet read a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return text.strip() == text


#: A separator a spreadsheet may split a cell at even though the file's is a comma (a semicolon
#: where the decimal mark is a comma, as in Spanish; a tab), then a formula's first character.
_SPLIT_FORMULA = re.compile(r"([;\t][ ]*)([=+\-@])")


def safe_cell(value: object) -> object:
    """``value``, with a single quote in front of text a spreadsheet would run: at the start
    of the cell, and after a semicolon or a tab, where a spreadsheet set to split there would
    begin a cell of its own."""
    if not isinstance(value, str) or _is_number(value):
        return value
    if ";" in value or "\t" in value:
        value = _SPLIT_FORMULA.sub(r"\1'\2", value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def safe_row(row: Iterable[object]) -> list[object]:
    return [safe_cell(value) for value in row]


class SafeWriter:
    """``csv.writer`` whose every cell goes through :func:`safe_cell`."""

    def __init__(self, handle: IO[str], **options: Any) -> None:
        self._writer = csv.writer(handle, **options)

    def writerow(self, row: Iterable[object]) -> None:
        self._writer.writerow(safe_row(row))

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        for row in rows:
            self.writerow(row)


class SafeDictWriter:
    """``csv.DictWriter`` whose every cell (the header too) goes through :func:`safe_cell`."""

    def __init__(self, handle: IO[str], fieldnames: Sequence[str], **options: Any) -> None:
        self._writer = csv.DictWriter(handle, fieldnames=fieldnames, **options)

    def writeheader(self) -> None:
        self.writerow({name: name for name in self._writer.fieldnames})

    def writerow(self, rowdict: Mapping[str, Any]) -> None:
        self._writer.writerow({key: safe_cell(value) for key, value in rowdict.items()})

    def writerows(self, rowdicts: Iterable[Mapping[str, Any]]) -> None:
        for rowdict in rowdicts:
            self.writerow(rowdict)
