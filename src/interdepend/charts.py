"""SVG charts drawn with matplotlib: the same file in the page and in the PDF.

Why matplotlib: it is mature, well kept, needs no browser or JavaScript runtime, renders text
as paths (so the chart looks identical wherever it is shown, PDF included) and is already
familiar to the researchers who use our statistics. See docs/charts.md.

This module is outside ``interdepend.core`` (it is presentation, not domain) and never imports
Django, so the web pages, the PDF reports and the CLI share it.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import io
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar, cast

import matplotlib

matplotlib.use("Agg")

from matplotlib import pyplot as plt  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

INK = "#1f2328"
MUTED = "#6b7178"
GRID = "#d9d5cc"
PERSON_COLOURS = ("#2f5f7d", "#9a4d33")
ZONES = (
    # (x0, y0, label): quadrant labels on the Self x Bond plane, plain and descriptive
    (52, 94, "close and\nyour own self"),
    (2, 94, "close, with less\nroom for yourself"),
    (52, 8, "your own self,\nwith more distance"),
    (2, 8, "both still\nforming"),
)

_lock = threading.Lock()  # pyplot's state machine is not thread-safe; we hold it while drawing

#: Drawn charts by a digest of everything they were drawn from. Drawing costs 0.2 s; the same
#: inputs always give the same SVG, so a chart is drawn again only when its data changed.
REMEMBERED = 256
_drawn: OrderedDict[str, str] = OrderedDict()
_drawn_lock = threading.Lock()

Chart = TypeVar("Chart", bound=Callable[..., str])


def _plain(value: Any) -> Any:
    """A value reduced to plain data for the digest (a lazily translated title becomes its text,
    never its object address, which a later, different title could reuse)."""
    if isinstance(value, str | int | float | bool | date | type(None)):
        return value
    if isinstance(value, list | tuple):
        return tuple(_plain(item) for item in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (type(value).__name__, _plain(dataclasses.astuple(value)))
    return str(value)


def _remembered(draw: Chart) -> Chart:
    @functools.wraps(draw)
    def drawn(*args: Any, **kwargs: Any) -> str:
        key = hashlib.sha256(
            repr((draw.__name__, _plain(args), _plain(sorted(kwargs.items())))).encode()
        ).hexdigest()
        with _drawn_lock:
            if key in _drawn:
                _drawn.move_to_end(key)
                return _drawn[key]
        svg = draw(*args, **kwargs)
        with _drawn_lock:
            _drawn[key] = svg
            while len(_drawn) > REMEMBERED:
                _drawn.popitem(last=False)
        return svg

    return cast(Chart, drawn)


@dataclass(frozen=True)
class MapPoint:
    """One person on the map: Self and Bond (0-100) and the two warning signs (0-100)."""

    label: str
    self_score: float
    bond_score: float
    enmeshment: float | None
    distance: float | None


def _finish(figure: Figure) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    plt.close(figure)
    svg = buffer.getvalue()
    return re.sub(r"<\?xml[^>]*>\s*<!DOCTYPE[^>]*>\s*", "", svg, flags=re.S)


@_remembered
def map_svg(points: Sequence[MapPoint], *, title: str = "") -> str:
    """The Self x Bond map with each person's point and their two warning signs."""
    with _lock, plt.rc_context(_STYLE):  # type: ignore[arg-type]
        figure, axes = plt.subplots(figsize=(5.6, 5.2))
        _draw_plane(axes)
        for index, point in enumerate(points):
            _draw_point(axes, point, PERSON_COLOURS[index % len(PERSON_COLOURS)])
        if title:
            axes.set_title(title, loc="left", fontsize=11, color=INK)
        figure.tight_layout()
        return _finish(figure)


def _draw_plane(axes: Axes) -> None:
    axes.set_xlim(0, 100)
    axes.set_ylim(0, 100)
    axes.set_aspect("equal")
    axes.axhline(50, color=GRID, linewidth=1)
    axes.axvline(50, color=GRID, linewidth=1)
    axes.fill_between([50, 100], 50, 100, color="#e6efe6", zorder=0)
    for x, y, label in ZONES:
        va = "top" if y > 50 else "bottom"
        axes.text(x, y, label, fontsize=7.5, color=MUTED, va=va, ha="left")
    axes.set_xlabel("Self: a life and a voice of your own  →", color=INK)
    axes.set_ylabel("Bond: turning toward each other  →", color=INK)
    axes.set_xticks([0, 25, 50, 75, 100])
    axes.set_yticks([0, 25, 50, 75, 100])
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)


def _draw_point(axes: Axes, point: MapPoint, colour: str) -> None:
    axes.scatter(
        [point.self_score], [point.bond_score], s=160, color=colour, zorder=3, edgecolors="white"
    )
    signs = []
    if point.enmeshment is not None:
        signs.append(f"enmeshment {point.enmeshment:.0f}")
    if point.distance is not None:
        signs.append(f"distance {point.distance:.0f}")
    text = point.label + ("\n" + " · ".join(signs) if signs else "")
    dx = -8 if point.self_score > 70 else 8
    dy = -22 if point.bond_score > 75 else 10
    axes.annotate(
        text,
        (point.self_score, point.bond_score),
        xytext=(dx, dy),
        textcoords="offset points",
        ha="right" if dx < 0 else "left",
        fontsize=8.5,
        color=colour,
        fontweight="bold",
    )


@_remembered
def bars_svg(labels: Sequence[str], values: Sequence[float | None], *, title: str = "") -> str:
    """Horizontal 0-100 bars, one per scale; a missing value is drawn as an empty row."""
    with _lock, plt.rc_context(_STYLE):  # type: ignore[arg-type]
        height = 0.55 * len(labels) + 0.9
        figure, axes = plt.subplots(figsize=(5.6, height))
        shown = [v if v is not None else 0.0 for v in values]
        axes.barh(range(len(labels)), shown, color=PERSON_COLOURS[0], height=0.55)
        for row, value in enumerate(values):
            note = "not enough answers" if value is None else f"{value:.0f}"
            axes.text(min(shown[row] + 2, 88), row, note, va="center", fontsize=8.5, color=INK)
        axes.set_yticks(range(len(labels)), labels)
        axes.set_xlim(0, 100)
        axes.invert_yaxis()
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        if title:
            axes.set_title(title, loc="left", fontsize=11, color=INK)
        figure.tight_layout()
        return _finish(figure)


#: Every chart is drawn inside this style. ``text.parse_math`` off and ``text.usetex`` off mean
#: that no text is ever interpreted: a name such as ``$\frac{a}{b}$`` is drawn as typed, never
#: as mathtext or TeX (user text reaches labels, legends and tick labels).
_STYLE: dict[str, Any] = {
    "text.parse_math": False,
    "text.usetex": False,
    "svg.fonttype": "path",
    "svg.hashsalt": "interdepend",
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.edgecolor": MUTED,
    "axes.labelcolor": INK,
    "xtick.color": MUTED,
    "ytick.color": MUTED,
    "figure.facecolor": "white",
}


# --------------------------------------------------------------------------------------------
# The together space: weekly check-ins, the me/we balance and the over-time estimate.

from matplotlib.ticker import MaxNLocator  # noqa: E402

LINE_COLOURS = ("#2f5f7d", "#9a4d33", "#4f7a3a", "#7a5a9a", "#8a6d1f", "#3f7f7f")


@dataclass(frozen=True)
class WeeklyLine:
    """One line over weeks: ``weeks`` are dates (Mondays), a missing value leaves a gap."""

    label: str
    weeks: Sequence[Any]
    values: Sequence[float | None]


@_remembered
def weekly_lines_svg(
    lines: Sequence[WeeklyLine], *, title: str = "", low: float = 1, high: float = 7
) -> str:
    """Lines of 1-7 answers over weeks, one colour per line, with a legend."""
    with _lock, plt.rc_context(_STYLE):  # type: ignore[arg-type]
        figure, axes = plt.subplots(figsize=(6.4, 3.4))
        for index, line in enumerate(lines):
            values = [float("nan") if v is None else v for v in line.values]
            colour = LINE_COLOURS[index % len(LINE_COLOURS)]
            axes.plot(line.weeks, values, marker="o", markersize=3, color=colour, label=line.label)
        axes.set_ylim(low - 0.3, high + 0.3)
        axes.set_yticks(range(int(low), int(high) + 1))
        _weekly_axes(axes, figure, title, legend=bool(lines))
        return _finish(figure)


def _weekly_axes(axes: Axes, figure: Figure, title: str, *, legend: bool) -> None:
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.grid(axis="y", color=GRID, linewidth=0.6)
    figure.autofmt_xdate()
    if legend:
        axes.legend(fontsize=7.5, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    if title:
        axes.set_title(title, loc="left", fontsize=11, color=INK)
    figure.tight_layout()


@_remembered
def balance_svg(
    weeks: Sequence[Any],
    me: Sequence[int],
    we: Sequence[int],
    *,
    labels: tuple[str, str] = ("on my own", "together"),
    title: str = "",
    ylabel: str = "progress notes",
) -> str:
    """Stacked weekly bars: progress on one's own goals and on shared goals."""
    with _lock, plt.rc_context(_STYLE):  # type: ignore[arg-type]
        figure, axes = plt.subplots(figsize=(6.4, 3.2))
        axes.bar(weeks, me, width=5, color=PERSON_COLOURS[0], label=labels[0])
        axes.bar(weeks, we, width=5, bottom=me, color=PERSON_COLOURS[1], label=labels[1])
        axes.set_ylabel(ylabel, color=INK)
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        _weekly_axes(axes, figure, title, legend=True)
        return _finish(figure)


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
    xlabel: str = "carry-over into the next week (standard units)",
    band_label: str = "out-of-step pairs",
) -> str:
    """Each direction's estimate and interval, over the band seen among pseudo-couples."""
    with _lock, plt.rc_context(_STYLE):  # type: ignore[arg-type]
        figure, axes = plt.subplots(figsize=(6.0, 0.8 * len(estimates) + 1.4))
        if band is not None:
            axes.axvspan(band[0], band[1], color="#e6e1d6", zorder=0, label=band_label)
        axes.axvline(0, color=GRID, linewidth=1)
        for row, est in enumerate(estimates):
            axes.plot([est.low, est.high], [row, row], color=PERSON_COLOURS[row % 2], linewidth=2)
            axes.scatter([est.value], [row], s=60, color=PERSON_COLOURS[row % 2], zorder=3)
        axes.set_yticks(range(len(estimates)), [e.label for e in estimates])
        axes.set_ylim(-0.7, len(estimates) - 0.3)
        lows = [e.low for e in estimates] + ([band[0]] if band else [])
        highs = [e.high for e in estimates] + ([band[1]] if band else [])
        axes.set_xlim(min(-1.0, *lows) - 0.1, max(1.0, *highs) + 0.1)
        axes.set_xlabel(xlabel, color=INK)
        for side in ("top", "right", "left"):
            axes.spines[side].set_visible(False)
        if band is not None:
            axes.legend(fontsize=7.5, frameon=False, loc="lower right")
        if title:
            axes.set_title(title, loc="left", fontsize=11, color=INK)
        figure.tight_layout()
        return _finish(figure)
