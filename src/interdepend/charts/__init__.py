"""SVG charts: our own layout drawn with drawsvg, the same file in the page and in the PDF.

Why drawsvg rather than matplotlib (see docs/charts.md): our charts are a handful of lines,
bars, dots and words; laying them out ourselves and drawing them with a small SVG library takes
a few milliseconds instead of 0.2 s, lets every chart be laid out for a phone first (text at
least 12 px at 390 px width), and leaves nothing that could read a name as markup: every word
is an XML text node that drawsvg escapes, and nothing interprets it.

This package is outside ``interdepend.core`` (it is presentation, not domain) and never imports
Django, so the web pages, the PDF reports and the CLI share it. Its modules:
:mod:`~interdepend.charts.drawing` (colours, :class:`Words`, the canvas, wrapping, width
estimates and the memory of drawn charts), :mod:`~interdepend.charts.selfbond` (the Self x Bond
map and where its words go) and :mod:`~interdepend.charts.plots` (the scale bars, the weekly
check-in lines, the me/we balance and the carry-over chart). Callers import every name from
here; the memory's bound is read where it lives, ``drawing.REMEMBERED``.
"""

from __future__ import annotations

from interdepend.charts.drawing import (
    BOLD_CHAR,
    CHAR,
    DARK,
    DARK_CSS,
    ENGLISH,
    FONT,
    GRID,
    INK,
    LINE_COLOURS,
    MUTED,
    PAPER,
    PERSON_COLOURS,
    REGULAR_CHAR,
    REMEMBERED,
    TEXT,
    TITLE,
    WARNING,
    WIDTH,
    Chart,
    Words,
)
from interdepend.charts.plots import (
    NO_CHECKINS,
    NO_STEPS,
    ONE_CHECKIN,
    Estimate,
    WeeklyLine,
    balance_svg,
    bars_svg,
    carryover_svg,
    weekly_lines_svg,
)
from interdepend.charts.selfbond import (
    LABEL_GAP,
    ZONE_CLEAR,
    ZONE_INSET,
    ZONES,
    MapPoint,
    map_svg,
)

__all__ = [
    "BOLD_CHAR",
    "CHAR",
    "DARK",
    "DARK_CSS",
    "ENGLISH",
    "FONT",
    "GRID",
    "INK",
    "LABEL_GAP",
    "LINE_COLOURS",
    "MUTED",
    "NO_CHECKINS",
    "NO_STEPS",
    "ONE_CHECKIN",
    "PAPER",
    "PERSON_COLOURS",
    "REGULAR_CHAR",
    "REMEMBERED",
    "TEXT",
    "TITLE",
    "WARNING",
    "WIDTH",
    "ZONES",
    "ZONE_CLEAR",
    "ZONE_INSET",
    "Chart",
    "Estimate",
    "MapPoint",
    "WeeklyLine",
    "Words",
    "balance_svg",
    "bars_svg",
    "carryover_svg",
    "map_svg",
    "weekly_lines_svg",
]
