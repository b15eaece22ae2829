"""CSV cells that a spreadsheet will show as text, never run as a formula.

A cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by
spreadsheet programs as a formula (CSV or formula injection: a partner who writes
``=HYPERLINK(...)`` into a shared goal's title could make the other's export call out, or
worse). Every CSV the app or the command line writes goes through :func:`safe_cell`, which
puts a single quote in front of such a cell, as OWASP recommends. Numbers stay numbers: a
value that reads as a plain number (``-1.5``) is left as it is.
"""

from __future__ import annotations

import csv
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


def safe_cell(value: object) -> object:
    """``value``, with a leading single quote if it is text a spreadsheet would run."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _is_number(value):
        return "'" + value
    return value


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
