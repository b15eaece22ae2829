"""What every reader of delimited text agrees on: missing-value markers and the separator.

One definition, so ``apim``, ``psychometrics`` and ``score`` treat the same cell the same way:
a cell is missing when, stripped of spaces and compared without case, it is one of
:data:`MISSING_MARKERS` (an empty cell, ``NA``, ``N/A``, ``NaN``, ``NULL``, ``None`` or ``.``,
the last as SPSS and SAS write a missing value).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence

__all__ = [
    "MISSING_MARKERS",
    "SEPARATORS",
    "is_missing",
    "separator_name",
    "separator_of",
    "stated_separator",
]

MISSING_MARKERS = frozenset({"", "na", "nan", "n/a", "null", "none", "."})
#: The separators a header may use, in order of preference when a line could be read either way.
SEPARATORS = (",", ";", "\t", "|")
_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "vertical bar"}
_STATED = re.compile(r"\s*sep=(.)\s*", flags=re.IGNORECASE)


def is_missing(cell: str) -> bool:
    """Whether ``cell`` is a missing-value marker."""
    return cell.strip().lower() in MISSING_MARKERS


def separator_of(header: str) -> str:
    """The separator of a delimited file, found from its header line.

    A header with none of :data:`SEPARATORS` (a single column) reads as comma-separated.
    """
    line = header.splitlines()[0] if header else ""
    try:
        found = csv.Sniffer().sniff(line, delimiters="".join(SEPARATORS)).delimiter
    except csv.Error:
        found = ""
    if found in SEPARATORS and found in line:
        return found
    counts = {sep: line.count(sep) for sep in SEPARATORS}
    best = max(SEPARATORS, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def stated_separator(line: str) -> str | None:
    """The separator a spreadsheet's first line names (``sep=;``), or ``None`` for any other line.

    Excel writes such a line before the header; every reader skips it and uses its separator.
    """
    stated = _STATED.fullmatch(line.rstrip("\r\n"))
    return stated.group(1) if stated else None


def separator_name(separator: str) -> str:
    """The separator in words, for messages."""
    return _NAMES.get(separator, repr(separator))


def apart_only_by_spaces(written: Sequence[str], name: str) -> str | None:
    """Why a header that repeats ``name`` once spaces at the ends of its names are dropped is
    refused, when the names as written differ (``satisfaction`` and ``satisfaction ``): both
    quoted, and what to do; None when it repeats one spelling (a plain repeat). The research
    commands and ``score`` say it alike."""
    spellings = list(dict.fromkeys(w for w in written if w.strip() == name))
    if len(spellings) < 2:
        return None
    listed = " and ".join(map(repr, spellings))
    return (
        f"the header has {listed}, which differ only by spaces at the start or end; those "
        "spaces are dropped when a column is looked for, so the two would be one name: rename "
        "one of them in the header"
    )
