"""The drawing every chart shares: its colours (and their dark counterparts), its fixed words
(:class:`Words`), its sizes and width estimates, the canvas, wrapping, and the per-process
memory of drawn charts (:func:`_remembered`)."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import math
import textwrap
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar, cast

import drawsvg as draw

INK = "#1f2328"
MUTED = "#5d636a"
GRID = "#d9d5cc"
PAPER = "#ffffff"
PERSON_COLOURS = ("#2f5f7d", "#9a4d33")
#: Warning signs are drawn in this warm ochre, never in the colour of a strength.
WARNING = "#a8581c"
LINE_COLOURS = ("#2f5f7d", "#9a4d33", "#4f7a3a", "#7a5a9a", "#8a6d1f", "#3f7f7f")
#: Every colour the charts draw with, and its counterpart on a dark page. A chart is an image
#: of its own (``<img>`` in a page, a ``data:`` address in a report), so its own style sheet
#: follows the reader's light or dark setting as the page around it does. WeasyPrint matches
#: no ``prefers-color-scheme``, so a report keeps the light colours.
DARK = {
    INK: "#e8e6e1",
    MUTED: "#b3b0a8",
    GRID: "#3a3e44",
    PAPER: "#1f2226",
    "#2f5f7d": "#8cc2e6",
    "#9a4d33": "#e49b7f",
    WARNING: "#e0a15e",
    "#4f7a3a": "#8fd19b",
    "#7a5a9a": "#c6a8e8",
    "#8a6d1f": "#e3c56a",
    "#3f7f7f": "#7fcfcf",
    "#e6efe6": "#243328",
    "#efece6": "#2c2f33",
    "#e6e1d6": "#34312b",
}
DARK_CSS = (
    "@media (prefers-color-scheme: dark) {"
    + "".join(
        f'[fill="{light}"]{{fill:{dark}}}[stroke="{light}"]{{stroke:{dark}}}'
        for light, dark in DARK.items()
    )
    + "}"
)


@dataclass(frozen=True)
class Words:
    """The fixed words the charts draw, in the reader's language. The defaults are English;
    the web layer passes its translation (``interdepend.web.frame.chartwords``). A line break
    (``\\n``) in a zone label is where it wraps."""

    zones: tuple[str, str, str, str] = (
        "close and\nyour own self",
        "close, with less\nroom for yourself",
        "your own self,\nwith more distance",
        "both still\nforming",
    )
    self_axis: str = "Self: a life of your own →"
    bond_axis: str = "Bond: turning toward each other →"
    #: ``%(value)s`` is the warning sign's score.
    merging: str = "merging %(value)s"
    distance: str = "distance %(value)s"
    #: Short month names, January first.
    months: tuple[str, ...] = (
        "Jan",
        "Feb",
        "Mar",
        "Apr",
        "May",
        "Jun",
        "Jul",
        "Aug",
        "Sep",
        "Oct",
        "Nov",
        "Dec",
    )


ENGLISH = Words()

#: Every chart is WIDTH units wide and shown at most 30rem wide, at least a card's column
#: on a phone (about 311 px at 390 px): TEXT units then stay at or above 12 px there.
WIDTH = 400
TEXT = 16
TITLE = 18
FONT = "DejaVu Sans, Verdana, Arial, sans-serif"
#: DejaVu Sans is wide: a character is about this many text sizes across, on average.
CHAR = 0.6
#: How wide a character of DejaVu Sans is, on average, in text sizes: the map lays its words
#: out by these (a little over half the size; a little more in bold).
REGULAR_CHAR, BOLD_CHAR = 0.55, 0.6

#: Drawn charts by a digest of everything they were drawn from. The same inputs always give the
#: same SVG, so a chart is drawn again only when its data changed.
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
        fields = dataclasses.fields(value)
        return (type(value).__name__, tuple(_plain(getattr(value, f.name)) for f in fields))
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


# The canvas ------------------------------------------------------------------------------------


def _n(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def _r(value: float) -> float | int:
    """A coordinate to a tenth of a unit, a whole number written without its ".0"."""
    tenth = round(value, 1)
    return int(tenth) if tenth == int(tenth) else tenth


class _Canvas:
    """An SVG being drawn: plain shapes and text nodes (never markup) on a white ground."""

    def __init__(self, height: float) -> None:
        self.height = height
        self.drawing = draw.Drawing(WIDTH, height, font_family=FONT, font_size=TEXT)
        self.drawing.append_css(DARK_CSS)
        self.ground = draw.Rectangle(0, 0, WIDTH, height, fill=PAPER)
        self.drawing.append(self.ground)

    def rect(self, x: float, y: float, w: float, h: float, fill: str) -> None:
        self.drawing.append(draw.Rectangle(_r(x), _r(y), _r(max(w, 0)), _r(max(h, 0)), fill=fill))

    def line(
        self, x1: float, y1: float, x2: float, y2: float, colour: str, width: float = 1
    ) -> None:
        self.drawing.append(
            draw.Line(_r(x1), _r(y1), _r(x2), _r(y2), stroke=colour, stroke_width=_r(width))
        )

    def dot(self, x: float, y: float, r: float, colour: str) -> None:
        self.drawing.append(draw.Circle(_r(x), _r(y), _r(r), fill=colour, stroke=PAPER))

    def polyline(self, points: Sequence[tuple[float, float]], colour: str) -> None:
        flat = [_r(v) for point in points for v in point]
        self.drawing.append(
            draw.Lines(*flat, close=False, fill="none", stroke=colour, stroke_width=2)
        )

    def text(
        self,
        x: float,
        y: float,
        words: str,
        *,
        size: float = TEXT,
        colour: str = INK,
        anchor: str = "start",
        bold: bool = False,
        rotate: bool = False,
    ) -> None:
        """One line of text with its baseline at ``y``; ``words`` stay an escaped text node
        (a line break typed into a name is shown as a space, never as a second line)."""
        style: dict[str, Any] = {"fill": colour}
        if anchor != "start":
            style["text_anchor"] = anchor
        if bold:
            style["font_weight"] = "bold"
        if rotate:
            style["transform"] = f"rotate(-90 {_n(x)} {_n(y)})"
        line = " ".join(str(words).splitlines())
        self.drawing.append(draw.Text(line, _r(size), _r(x), _r(y), **style))

    def lines(self, x: float, y: float, rows: Sequence[str], **style: Any) -> float:
        """Several lines from baseline ``y`` down; returns the baseline after the last one."""
        step = float(style.get("size", TEXT)) * 1.3
        for row in rows:
            self.text(x, y, row, **style)
            y += step
        return y

    def title(self, words: str) -> float:
        """The chart's title, wrapped to the width; returns where the drawing may start."""
        if not words:
            return 12
        return self.lines(12, 24, _wrap(words, WIDTH - 24, TITLE), size=TITLE, bold=True) - 4


def _wrap(words: str, width: float, size: float = TEXT) -> list[str]:
    """Lines of at most ``width`` units; a long word is kept whole rather than cut."""
    chars = max(int(width / (size * CHAR)), 4)
    rows: list[str] = []
    for part in str(words).split("\n"):
        rows += textwrap.wrap(part, chars, break_long_words=False, break_on_hyphens=False) or [""]
    return rows


def _text_width(row: str, *, bold: bool) -> float:
    return len(row) * TEXT * (BOLD_CHAR if bold else REGULAR_CHAR)


def _finish(canvas: _Canvas) -> str:
    """The SVG document, as tall as what was drawn, with no XML header (it is also embedded in
    the report's HTML) and no empty definitions."""
    height = _r(canvas.height)
    canvas.drawing.height = height
    canvas.drawing.view_box = (0, 0, WIDTH, height)
    canvas.ground.args["height"] = height
    svg: str = canvas.drawing.as_svg(header="")
    return svg.replace("<defs>\n</defs>\n", "")


def _words_svg(title: str, message: str) -> str:
    """No chart yet: the title and, in words, what will appear and when."""
    canvas = _Canvas(0)
    y = canvas.title(title) + 22
    y = canvas.lines(12, y, _wrap(message, WIDTH - 24), colour=MUTED)
    canvas.height = y + 4
    return _finish(canvas)


def _day(day: date, words: Words, *, year: bool = False) -> str:
    """A week's Monday, short: "6 Oct"; with its year "Oct 2025" (narrow panels keep room)."""
    month = words.months[day.month - 1]
    return f"{month} {day.year}" if year else f"{day.day} {month}"


def _nice_step(span: float) -> float:
    """A round tick step giving about four ticks over ``span``."""
    raw = span / 4
    power = 10.0 ** math.floor(math.log10(raw))
    return next(s * power for s in (1, 2, 2.5, 5, 10) if s * power >= raw)
