"""SVG charts drawn with matplotlib: the same file in the page and in the PDF.

Why matplotlib: it is mature, well kept, needs no browser or JavaScript runtime, renders text
as paths (so the chart looks identical wherever it is shown, PDF included) and is already
familiar to the researchers who use our statistics. See docs/charts.md.

This module is outside ``interdepend.core`` (it is presentation, not domain) and never imports
Django, so the web pages, the PDF reports and the CLI share it.
"""

from __future__ import annotations

import io
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

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


_STYLE: dict[str, Any] = {
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
