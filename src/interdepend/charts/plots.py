"""The charts on axes: the scale bars of a result, and the together space's weekly check-in
lines, me/we balance and carry-over estimate."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from interdepend.charts.drawing import (
    ENGLISH,
    GRID,
    INK,
    LINE_COLOURS,
    MUTED,
    PERSON_COLOURS,
    TEXT,
    WARNING,
    WIDTH,
    Words,
    _Canvas,
    _day,
    _finish,
    _n,
    _nice_step,
    _remembered,
    _text_width,
    _words_svg,
    _wrap,
)

# Scale bars ------------------------------------------------------------------------------------


@_remembered
def bars_svg(
    labels: Sequence[str],
    values: Sequence[float | None],
    *,
    title: str = "",
    warnings: Sequence[bool] = (),
) -> str:
    """0-100 bars, one per scale, each under its name; a missing value is said in words.

    A scale marked in ``warnings`` (Enmeshment, Distance) is drawn in the warning colour with a
    line saying so, so a long warning bar never looks like the long bar of a strength."""
    canvas = _Canvas(0)
    y = canvas.title(title) + 8
    track = WIDTH - 24 - 44
    for row, (label, value) in enumerate(zip(labels, values, strict=True)):
        warning = row < len(warnings) and warnings[row]
        y = canvas.lines(12, y + TEXT, _wrap(label, WIDTH - 24)) - TEXT * 1.3 + 6
        canvas.rect(12, y, track, 14, "#efece6")
        if value is None:
            canvas.text(16, y + 12, "not enough answers", colour=MUTED)
        else:
            canvas.rect(12, y, track * max(0.0, min(value, 100.0)) / 100, 14, _bar(warning))
            canvas.text(WIDTH - 12, y + 12, f"{value:.0f}", anchor="end", bold=True)
        y += 24
    if any(warnings):
        note = "Ochre bars are warning signs: a longer bar means more of that sign, not better."
        y = canvas.lines(12, y + TEXT, _wrap(note, WIDTH - 24), colour=MUTED) - TEXT
    canvas.height = y + 10
    return _finish(canvas)


def _bar(warning: bool) -> str:
    return WARNING if warning else PERSON_COLOURS[0]


# The together space: weekly check-ins, the me/we balance and the over-time estimate ------------


@dataclass(frozen=True)
class WeeklyLine:
    """One line over weeks: ``weeks`` are dates (Mondays). A missing value leaves a gap, and so
    does a missing week: the line stops where a week between two answered ones has no answer
    (``None`` or no entry at all), so it never runs straight across weeks she skipped."""

    label: str
    weeks: Sequence[Any]
    values: Sequence[float | None]


NO_CHECKINS = (
    "Nothing to draw yet. After your first weekly check-in, each question gets its own small "
    "chart here, and a line joins the weeks from the second one on."
)
ONE_CHECKIN = "One week so far: a line joins the weeks from your next check-in on."


#: Days from one week's Monday to the next: points further apart than this are not joined.
WEEK_DAYS = 7


@dataclass
class _Weeks:
    """The time axis of a set of panels: from the first to the last week with an answer.
    ``this_year`` is the reader's current year, when known: weeks of another year are written
    with their year."""

    first: date
    last: date
    words: Words = ENGLISH
    this_year: int | None = None

    def x(self, day: date, left: float, width: float) -> float:
        span = (self.last - self.first).days
        if span == 0:
            return left + width / 2
        return left + width * (day - self.first).days / span

    def labels(self) -> list[tuple[date, str]]:
        year = self.first.year != self.last.year or self.this_year not in (None, self.last.year)
        first, last, words = self.first, self.last, self.words
        if first == last:
            return [(first, f"{first.day} {_day(first, words, year=True)}")]
        return [(first, _day(first, words, year=year)), (last, _day(last, words, year=year))]


@_remembered
def weekly_lines_svg(
    lines: Sequence[WeeklyLine],
    *,
    title: str = "",
    low: float = 1,
    high: float = 7,
    empty: str = NO_CHECKINS,
    sparse: str = ONE_CHECKIN,
    words: Words = ENGLISH,
    this_year: int | None = None,
) -> str:
    """Small multiples: one small chart per line, all on the same weeks and the same scale.

    A line joins only weeks next to each other; a week with no answer breaks it, and a week
    alone between two gaps is a dot. The weeks under the panels carry their year when the
    panels span two years or are not of ``this_year`` (the reader's, when given)."""
    shown = [line for line in lines if any(v is not None for v in line.values)]
    answered = sorted(
        {w for line in shown for w, v in zip(line.weeks, line.values, strict=True) if v is not None}
    )
    if not answered:
        return _words_svg(title, empty)
    canvas = _Canvas(0)
    y = canvas.title(title)
    if len(answered) == 1:
        y = canvas.lines(12, y + 22, _wrap(sparse, WIDTH - 24), colour=MUTED) - 16
    weeks = _Weeks(answered[0], answered[-1], words, this_year)
    columns = 1 if len(shown) == 1 else 2
    width = (WIDTH - 24 - 16 * (columns - 1)) / columns
    for start in range(0, len(shown), columns):
        row = shown[start : start + columns]
        label_rows = max(len(_wrap(line.label, width)) for line in row)
        for column, line in enumerate(row):
            left = 12 + column * (width + 16)
            colour = LINE_COLOURS[(start + column) % len(LINE_COLOURS)]
            panel = _Panel(canvas, left, y + 16, width, label_rows, low, high)
            panel.draw(line, weeks, colour)
        y = _Panel.bottom(y + 16, label_rows)
    canvas.height = y + 6
    return _finish(canvas)


@dataclass
class _Panel:
    canvas: _Canvas
    left: float
    top: float
    width: float
    label_rows: int
    low: float
    high: float

    PLOT = 84.0

    @staticmethod
    def bottom(top: float, label_rows: int) -> float:
        return top + label_rows * TEXT * 1.3 + _Panel.PLOT + 26

    def draw(self, line: WeeklyLine, weeks: _Weeks, colour: str) -> None:
        c = self.canvas
        c.lines(self.left, self.top + TEXT, _wrap(line.label, self.width), colour=colour, bold=True)
        plot_top = self.top + self.label_rows * TEXT * 1.3 + 6
        inner = self.left + 18
        for tick in (self.low, self.high):
            ty = self._y(tick, plot_top)
            c.line(inner, ty, self.left + self.width, ty, GRID)
            c.text(self.left, ty + 5, _n(tick), colour=MUTED)
        base = plot_top + self.PLOT
        self._days(weeks, base + 20)
        answered = sum(value is not None for value in line.values)
        # A lone week is a dot that must be seen; a year of weeks in a small panel would be a
        # string of overlapping beads, so the line carries it and the dots are small.
        spacing = (self.width - 22) / max(answered - 1, 1)
        radius = 5.0 if answered <= 2 else (2.2 if spacing < 8 else 3.5)
        for run in _runs(line):
            points = [
                (weeks.x(d, inner + 4, self.width - 22), self._y(v, plot_top)) for d, v in run
            ]
            self._run(points, colour, radius)

    def _days(self, weeks: _Weeks, y: float) -> None:
        """The first and last week under the panel, or the only week under its dot."""
        shown = weeks.labels()
        if len(shown) == 1:
            x = weeks.x(shown[0][0], self.left + 22, self.width - 22)
            self.canvas.text(x, y, shown[0][1], colour=MUTED, anchor="middle")
            return
        self.canvas.text(self.left + 18, y, shown[0][1], colour=MUTED)
        self.canvas.text(self.left + self.width, y, shown[1][1], colour=MUTED, anchor="end")

    def _y(self, value: float, plot_top: float) -> float:
        return plot_top + 4 + (self.PLOT - 8) * (self.high - value) / (self.high - self.low)

    def _run(self, run: list[tuple[float, float]], colour: str, radius: float) -> None:
        if len(run) > 1:
            self.canvas.polyline(run, colour)
        else:  # a week alone between gaps carries no line: its dot alone must be seen
            radius = max(radius, LONE_RADIUS)
        for x, y in run:
            self.canvas.dot(x, y, radius, colour)


#: The least radius of a week's dot with no line through it.
LONE_RADIUS = 3.5


def _runs(line: WeeklyLine) -> list[list[tuple[date, float]]]:
    """The line's answered weeks in runs of weeks next to each other, in order of the weeks: a
    week with no value, or a week missing from the list, ends a run."""
    answered = sorted((d, v) for d, v in zip(line.weeks, line.values, strict=True) if v is not None)
    missing = {d for d, v in zip(line.weeks, line.values, strict=True) if v is None}
    runs: list[list[tuple[date, float]]] = []
    for day, value in answered:
        last = runs[-1][-1][0] if runs else None
        joined = last is not None and (day - last).days <= WEEK_DAYS
        if joined and not any(last < gap < day for gap in missing):
            runs[-1].append((day, value))
        else:
            runs.append([(day, value)])
    return runs


#: The fewest weeks a goals chart is divided into: fewer weeks keep bars this narrow.
BAR_SLOTS = 8

NO_STEPS = (
    "No steps noted in the last half-year yet. Each step you note on a goal adds to that "
    "week's bar here."
)


@_remembered
def balance_svg(
    weeks: Sequence[Any],
    me: Sequence[int],
    we: Sequence[int],
    *,
    labels: tuple[str, str] = ("on my own", "together"),
    title: str = "",
    ylabel: str = "steps noted",
    empty: str = NO_STEPS,
    words: Words = ENGLISH,
    this_year: int | None = None,
) -> str:
    """Stacked weekly bars: progress on one's own goals and on shared goals. The weeks under
    the bars carry their year when they span two years or are not of ``this_year`` (the
    reader's, when given), as :func:`weekly_lines_svg` writes them: the bars end with this
    week, whose Monday is last year's in the first days of January, and read "28 Dec" on 2
    January beside "Dec 2026" under the check-ins (the calendar walk of 2026-12-05)."""
    totals = [a + b for a, b in zip(me, we, strict=True)]
    if not any(totals):
        return _words_svg(title, empty)
    canvas = _Canvas(0)
    y = canvas.title(title) + 6
    y = _legend(canvas, y, [(PERSON_COLOURS[0], labels[0]), (PERSON_COLOURS[1], labels[1])]) + 8
    top = max(totals)
    step = max(1, math.ceil(_nice_step(max(top, 1))))
    ceiling = step * math.ceil(top / step)
    left, width, height = 36.0, WIDTH - 36.0 - 12, 150.0
    canvas.text(12, y + 4, ylabel, colour=MUTED)
    plot_top = y + 22

    def at(value: float) -> float:
        return plot_top + height * (1 - value / ceiling)

    for tick in range(0, ceiling + 1, step):
        canvas.line(left, at(tick), left + width, at(tick), GRID)
        canvas.text(left - 6, at(tick) + 5, str(tick), colour=MUTED, anchor="end")
    # A bar is never wider than one of BAR_SLOTS weeks': a first week's single bar is a bar,
    # not a block filling the chart. Fewer weeks stand at the right, this week last.
    slot = width / max(len(weeks), BAR_SLOTS)
    start = left + width - slot * len(weeks)
    for index, (mine, ours) in enumerate(zip(me, we, strict=True)):
        x = start + slot * index + slot * 0.15
        canvas.rect(x, at(mine), slot * 0.7, at(0) - at(mine), PERSON_COLOURS[0])
        canvas.rect(x, at(mine + ours), slot * 0.7, at(mine) - at(mine + ours), PERSON_COLOURS[1])
    base = plot_top + height + 20
    year = weeks[0].year != weeks[-1].year or this_year not in (None, weeks[-1].year)
    first, last = weeks[0], weeks[-1]
    if first == last:  # one week: its whole date, as a lone check-in's chart writes it
        canvas.text(
            left + width,
            base,
            f"{first.day} {_day(first, words, year=True)}",
            colour=MUTED,
            anchor="end",
        )
    else:
        shown = _day(last, words, year=year)
        canvas.text(left + width, base, shown, colour=MUTED, anchor="end")
        opening = _day(first, words, year=year)
        room = width - (start - left) - _text_width(shown, bold=False) - TEXT
        if _text_width(opening, bold=False) <= room:  # under the first bar, if it fits
            canvas.text(start, base, opening, colour=MUTED)
    canvas.height = base + 10
    return _finish(canvas)


def _legend(canvas: _Canvas, y: float, keys: Sequence[tuple[str, str]]) -> float:
    """Colour keys on one line each (labels left empty are skipped); returns the next y."""
    for colour, label in keys:
        if label:
            y += TEXT * 1.4
            canvas.rect(12, y - 11, 12, 12, colour)
            canvas.text(30, y, label)
    return y + 10


@dataclass(frozen=True)
class Estimate:
    """A coefficient with its interval, for the carry-over chart."""

    label: str
    value: float
    low: float
    high: float


@_remembered
def carryover_svg(
    estimates: Sequence[Estimate],
    band: tuple[float, float] | None,
    *,
    title: str = "",
    xlabel: str = "how far one week carries into the other’s next (0: no link)",
    band_label: str = "what chance gives (weeks shifted apart)",
) -> str:
    """Each direction's estimate and interval, over the band seen among pseudo-couples."""
    canvas = _Canvas(0)
    y = canvas.title(title) + 6
    if band is not None:
        y = _legend(canvas, y, [("#e6e1d6", band_label)])
    lows = [e.low for e in estimates] + ([band[0]] if band else [])
    highs = [e.high for e in estimates] + ([band[1]] if band else [])
    start, end = min(-1.0, *lows) - 0.1, max(1.0, *highs) + 0.1
    left, width = 16.0, WIDTH - 32.0

    def at(value: float) -> float:
        return left + width * (value - start) / (end - start)

    plot_top, row_height = y + 4, 48.0
    plot_bottom = plot_top + row_height * len(estimates)
    if band is not None:
        canvas.rect(
            at(band[0]), plot_top, at(band[1]) - at(band[0]), plot_bottom - plot_top, "#e6e1d6"
        )
    canvas.line(at(0), plot_top, at(0), plot_bottom, GRID)
    for row, est in enumerate(estimates):
        colour = PERSON_COLOURS[row % 2]
        ry = plot_top + row_height * row
        canvas.text(left, ry + TEXT + 2, est.label, colour=colour, bold=True)
        canvas.line(at(est.low), ry + 32, at(est.high), ry + 32, colour, 2.5)
        canvas.dot(at(est.value), ry + 32, 6, colour)
    canvas.line(left, plot_bottom, left + width, plot_bottom, MUTED)
    step = _nice_step(end - start)
    tick = math.ceil(start / step) * step
    while tick <= end:
        canvas.text(
            at(tick), plot_bottom + 18, f"{round(tick, 6) + 0:g}", colour=MUTED, anchor="middle"
        )
        tick += step
    y = canvas.lines(12, plot_bottom + 40, _wrap(xlabel, WIDTH - 24), colour=INK)
    canvas.height = y - 6
    return _finish(canvas)
