"""SVG charts: our own layout drawn with drawsvg, the same file in the page and in the PDF.

Why drawsvg rather than matplotlib (see docs/charts.md): our charts are a handful of lines,
bars, dots and words; laying them out ourselves and drawing them with a small SVG library takes
a few milliseconds instead of 0.2 s, lets every chart be laid out for a phone first (text at
least 12 px at 390 px width), and leaves nothing that could read a name as markup: every word
is an XML text node that drawsvg escapes, and nothing interprets it.

This module is outside ``interdepend.core`` (it is presentation, not domain) and never imports
Django, so the web pages, the PDF reports and the CLI share it.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import itertools
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
#: Each quadrant's own corner on the Self x Bond plane (x, y), in the order of
#: :attr:`Words.zones`: its words stand there unless a person or their words are in the way.
ZONES = ((52, 97), (2, 97), (52, 3), (2, 3))
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


# The Self x Bond map ---------------------------------------------------------------------------


@dataclass(frozen=True)
class MapPoint:
    """One person on the map: Self and Bond (0-100) and the two warning signs (0-100)."""

    label: str
    self_score: float
    bond_score: float
    enmeshment: float | None
    distance: float | None


@_remembered
def map_svg(
    points: Sequence[MapPoint],
    *,
    title: str = "",
    words: Words = ENGLISH,
    colours: Sequence[int] | None = None,
) -> str:
    """The Self x Bond map with each person's point and their two warning signs.

    ``colours`` gives each point's place in ``PERSON_COLOURS`` (by default, its place in
    ``points``), so that a couple's map can give each partner the same colour on both phones.
    """
    colours = range(len(points)) if colours is None else colours
    if len(colours) != len(points):
        raise ValueError("one colour for each point")
    canvas = _Canvas(0)
    top = canvas.title(title) + 8
    left, size = 44.0, WIDTH - 44.0 - 10
    plane = _Plane(canvas, left, top, size, words)
    placed, zones = plane.lay_out(points)
    plane.draw(zones)
    for index, label in zip(colours, placed, strict=True):
        plane.point(label, PERSON_COLOURS[index % len(PERSON_COLOURS)])
    canvas.height = top + size + 44
    return _finish(canvas)


#: How wide a character of DejaVu Sans is, on average, in text sizes: the map lays its words
#: out by these (a little over half the size; a little more in bold).
REGULAR_CHAR, BOLD_CHAR = 0.55, 0.6
#: A zone's words keep this far inside its quarter of the plane, off the axes and the edge.
ZONE_INSET = 7.0
#: ... and this far from a person's dot or words, so the two never read as one block.
ZONE_CLEAR = 6.0
#: Two people's words keep at least this far apart.
LABEL_GAP = 4.0


@dataclass(frozen=True)
class _Box:
    """A rectangle in drawing units, to keep words from landing on a point or its label."""

    x0: float
    y0: float
    x1: float
    y1: float

    def grown(self, by: float) -> _Box:
        """The box with a margin of ``by`` all round (a negative ``by`` shrinks it)."""
        return _Box(self.x0 - by, self.y0 - by, self.x1 + by, self.y1 + by)

    def area(self) -> float:
        return (self.x1 - self.x0) * (self.y1 - self.y0)

    def middle(self) -> tuple[float, float]:
        return (self.x0 + self.x1) / 2, (self.y0 + self.y1) / 2

    def holds(self, at: tuple[float, float]) -> bool:
        return self.x0 <= at[0] <= self.x1 and self.y0 <= at[1] <= self.y1

    def overlap(self, other: _Box) -> float:
        """The area the two share (0 when they do not meet)."""
        wide = min(self.x1, other.x1) - max(self.x0, other.x0)
        high = min(self.y1, other.y1) - max(self.y0, other.y0)
        return max(wide, 0) * max(high, 0)


def _text_width(row: str, *, bold: bool) -> float:
    return len(row) * TEXT * (BOLD_CHAR if bold else REGULAR_CHAR)


def _text_box(x: float, first: float, rows: Sequence[str], anchor: str, bold: bool) -> _Box:
    """About where lines drawn by :meth:`_Canvas.lines` from baseline ``first`` land: as wide
    as :func:`_text_width` says; DejaVu Sans's line box rises 0.93 of the size above the
    baseline and drops 0.24 below."""
    wide = max((_text_width(row, bold=bold) for row in rows), default=0)
    x0 = {"start": x, "end": x - wide, "middle": x - wide / 2}[anchor]
    last = first + TEXT * 1.3 * (len(rows) - 1)
    return _Box(x0, first - TEXT * 0.93, x0 + wide, last + TEXT * 0.24)


def _fit(label: str, width: float) -> tuple[str, ...]:
    """A zone's words in lines no wider than ``width`` (by :func:`_text_width`). Each line the
    translation marks (``\\n``) stays a line of its own; one too wide is cut into as few lines
    as it needs, as even as can be ("espacio para / cada cual", never "espacio para cada /
    cual"). A word wider than ``width`` stays whole: the caller then leaves the words out."""
    chars = max(int(width / (TEXT * REGULAR_CHAR)), 1)
    rows: list[str] = []
    for part in label.split("\n"):
        best = _lines(part, chars)
        for narrower in range(chars - 1, 0, -1):
            tried = _lines(part, narrower)
            if len(tried) > len(best) or max(map(len, tried)) > narrower:
                break
            best = tried
        rows += best
    return tuple(rows)


def _lines(words: str, chars: int) -> list[str]:
    return textwrap.wrap(words, chars, break_long_words=False, break_on_hyphens=False) or [""]


@dataclass(frozen=True)
class _PlacedPoint:
    """A person's dot and the lines beside it, laid out before anything is drawn."""

    x: float
    y: float
    rows: list[str]
    label_x: float
    first: float
    anchor: str

    @classmethod
    def beside(
        cls, x: float, y: float, rows: list[str], *, right: bool, below: bool | None, gap: float = 0
    ) -> _PlacedPoint:
        """The lines to the left of the dot (``right``: it stands in the right of the plane)
        or to its right; below it (``below`` True), above it (False) or level with it (None);
        ``gap`` more units away from it, up or down."""
        high = TEXT * 1.3 * (len(rows) - 1)
        if below is None:
            first = y + TEXT * 0.3 - high / 2
            return cls(x, y, rows, x - 14 if right else x + 14, first, "end" if right else "start")
        first = y + 24 + gap if below else y - 12 - gap - high
        return cls(x, y, rows, x - 10 if right else x + 10, first, "end" if right else "start")

    def dot_box(self) -> _Box:
        return _Box(self.x - 9, self.y - 9, self.x + 9, self.y + 9)

    def label_box(self) -> _Box:
        return _text_box(self.label_x, self.first, self.rows, self.anchor, bold=True)

    def name_box(self) -> _Box:
        """Where the person's name, the label's first line, lands."""
        return _text_box(self.label_x, self.first, self.rows[:1], self.anchor, bold=True)


@dataclass(frozen=True)
class _ZoneWords:
    """A zone's words laid out: their lines, the first line's baseline and their alignment."""

    rows: tuple[str, ...]
    x: float
    first: float
    anchor: str

    def box(self) -> _Box:
        return _text_box(self.x, self.first, self.rows, self.anchor, bold=False)


@dataclass(frozen=True)
class _ZoneSpot:
    """A zone's words wrapped to its quarter, and the room inside the quarter (``inner``) their
    box may take: the side and the edge of their own corner (``ZONES``) come first."""

    rows: tuple[str, ...]
    inner: _Box
    wide: float
    high: float
    rise: float  # from the box's top to the first baseline
    left_first: bool
    top_first: bool

    def place(self, taken: Sequence[_Box]) -> _ZoneWords | None:
        """Where the words stand clear (by ``ZONE_CLEAR``) of everything ``taken``: in their own
        corner, else in the quarter's corner across from it on the same edge, else in one of
        the two corners on the far edge, else as near their own edge as they can along their
        own side, then along the other. None when nowhere is clear: they are left out."""
        lo, hi = self.inner.y0, self.inner.y1 - self.high
        own, far = (lo, hi) if self.top_first else (hi, lo)
        sides = [(self.inner.x0, "start"), (self.inner.x1, "end")]
        sides = sides if self.left_first else sides[::-1]
        blocked = [self._blocked(x, anchor, taken) for x, anchor in sides]
        for edge, side in ((own, 0), (own, 1), (far, 0), (far, 1)):
            if self._free(edge, blocked[side]):
                return self._at(sides[side], edge)
        for side, spans in enumerate(blocked):
            tops = [top for span in spans for top in span if lo <= top <= hi]
            free = [top for top in tops if self._free(top, spans)]
            if free:
                return self._at(sides[side], min(free, key=lambda top: abs(top - own)))
        return None

    def _blocked(self, x: float, anchor: str, taken: Sequence[_Box]) -> list[tuple[float, float]]:
        """The tops the words' box may not take on this side: each box ``taken`` that meets
        their column forbids the open span of tops that would bring them within reach."""
        x0 = x if anchor == "start" else x - self.wide
        return [
            (box.y0 - ZONE_CLEAR - self.high, box.y1 + ZONE_CLEAR)
            for box in taken
            if box.x0 < x0 + self.wide + ZONE_CLEAR and x0 - ZONE_CLEAR < box.x1
        ]

    @staticmethod
    def _free(top: float, spans: Sequence[tuple[float, float]]) -> bool:
        return not any(low < top < high for low, high in spans)

    def _at(self, side: tuple[float, str], top: float) -> _ZoneWords:
        return _ZoneWords(self.rows, side[0], top + self.rise, side[1])


@dataclass
class _Plane:
    canvas: _Canvas
    left: float
    top: float
    size: float
    words: Words

    def at(self, x: float, y: float) -> tuple[float, float]:
        return self.left + self.size * x / 100, self.top + self.size * (1 - y / 100)

    def draw(self, zones: Sequence[_ZoneWords | None]) -> None:
        """The plane, its axes, and each zone's words where :meth:`lay_out` put them (none
        where it left them out)."""
        c, s = self.canvas, self.size
        mid_x, mid_y = self.at(50, 50)
        c.rect(mid_x, self.top, s / 2, s / 2, "#e6efe6")
        c.line(mid_x, self.top, mid_x, self.top + s, GRID)
        c.line(self.left, mid_y, self.left + s, mid_y, GRID)
        c.line(self.left, self.top + s, self.left + s, self.top + s, MUTED)
        c.line(self.left, self.top, self.left, self.top + s, MUTED)
        for zone in zones:
            if zone is not None:
                c.lines(zone.x, zone.first, zone.rows, colour=MUTED, anchor=zone.anchor)
        for tick in (0, 50, 100):
            tx, ty = self.at(tick, tick)
            anchor = {0: "start", 50: "middle", 100: "end"}[tick]
            c.text(tx, self.top + s + 16, str(tick), colour=MUTED, anchor=anchor)
            c.text(self.left - 5, ty + 5, str(tick), colour=MUTED, anchor="end")
        c.text(self.left + s / 2, self.top + s + 36, self.words.self_axis, anchor="middle")
        c.text(15, self.top + s / 2, self.words.bond_axis, anchor="middle", rotate=True)

    def quarter(self, right: bool, high: bool) -> _Box:
        """The quarter of the plane right or left of the middle, above or below it."""
        x0, y1 = self.at(50 if right else 0, 50 if high else 0)
        x1, y0 = self.at(100 if right else 50, 100 if high else 50)
        return _Box(x0, y0, x1, y1)

    def _zone_spot(self, corner: tuple[float, float], label: str) -> _ZoneSpot | None:
        """A zone's words wrapped to the width of their quarter, to stand inside it by
        ``ZONE_INSET``; None when they cannot fit in it at all (a word wider than the quarter,
        or more lines than its height)."""
        x, y = corner
        inner = self.quarter(x >= 50, y >= 50).grown(-ZONE_INSET)
        rows = _fit(label, inner.x1 - inner.x0)
        probe = _text_box(0, 0, rows, "start", bold=False)
        wide, high = probe.x1 - probe.x0, probe.y1 - probe.y0
        if wide > inner.x1 - inner.x0 or high > inner.y1 - inner.y0:
            return None
        return _ZoneSpot(rows, inner, wide, high, -probe.y0, x % 50 < 25, y % 50 > 25)

    def lay_out(
        self, points: Sequence[MapPoint]
    ) -> tuple[list[_PlacedPoint], list[_ZoneWords | None]]:
        """Each point with its name and signs beside it, and each zone's words.

        Each label has twenty-six places: below or above the dot on the side away from the
        plane's nearer edge (the side away from the other person's point when the two are close
        in height), then the other side, then level with the dot, then the first four again
        a half, one, two, three and four lines further off (two people close together near an
        edge can then stack their words). Of every way to place them all, the one drawn is, in
        this order: the one whose labels cover least of each other and are least cut off at
        the page's edge; then least of the dots and least outside the plane; then the one that
        leaves the fewest zones without their words; then the one nearest the first choices.
        Each zone's words take the first of their places (:meth:`_zone_places`) that no dot
        and no label comes within ``ZONE_CLEAR`` of, and are left out when there is none."""
        spots = [
            self._zone_spot(corner, label)
            for corner, label in zip(ZONES, self.words.zones, strict=True)
        ]
        choices = [self._places(point, points) for point in points]
        dots = [options[0].dot_box() for options in choices]

        def shown(way: Sequence[int]) -> list[_ZoneWords | None]:
            taken = dots + [choices[p][o].label_box() for p, o in enumerate(way)]
            return [spot.place(taken) if spot else None for spot in spots]

        # More than the map ever shows: each takes its first place.
        way = [0] * len(points) if len(points) > 3 else self._best_way(points, choices, shown)
        return [options[o] for options, o in zip(choices, way, strict=True)], shown(way)

    def _best_way(
        self,
        points: Sequence[MapPoint],
        choices: list[list[_PlacedPoint]],
        shown: Callable[[Sequence[int]], list[_ZoneWords | None]],
    ) -> tuple[int, ...]:
        """The way of placing the labels (each label's place in its ``choices``) that
        :meth:`lay_out` describes; ``shown`` gives the zones' words a way leaves room for."""
        plane = _Box(self.left, self.top, self.left + self.size + 8, self.top + self.size)
        page = _Box(0, self.top - 8, WIDTH, self.top + self.size + 44)  # below the title
        dots = [options[0].dot_box() for options in choices]
        boxes = [[option.label_box() for option in options] for options in choices]
        apart = [[box.grown(LABEL_GAP / 2) for box in row] for row in boxes]
        # Words over a dot, or over the axes' numbers outside the plane, can still be read. A
        # name standing in another zone can make the person seem to stand there, so it weighs
        # more than a zone's words left out; a label only reaching into another zone counts as
        # up to two and a half steps from the first choice.
        zones = [self._zone_of(point) for point in points]
        sides = [self._side_of(point) for point in points]
        alone = [
            [
                (
                    box.area() - box.overlap(page),
                    sum(box.overlap(dot) for dot in dots) + box.area() - box.overlap(plane),
                    not side.holds(option.name_box().middle()),
                    place + min(2.5, (box.area() - box.overlap(zone)) / 500),
                )
                for place, (option, box) in enumerate(zip(options, row, strict=True))
            ]
            for options, row, zone, side in zip(choices, boxes, zones, sides, strict=True)
        ]
        fewest = shown([]).count(None)  # no way leaves out fewer than the dots alone do

        def cost(way: tuple[int, ...], least: tuple[float, ...]) -> tuple[float, ...]:
            clash = covered = strays = near = 0.0
            for p, o in enumerate(way):
                cut, soft, stray, far = alone[p][o]
                clash, covered, strays, near = (
                    clash + cut,
                    covered + soft,
                    strays + stray,
                    near + far,
                )
                for q in range(p + 1, len(way)):
                    clash += apart[p][o].overlap(apart[q][way[q]])
            if (clash, round(covered), strays) > least[:3]:
                return clash, round(covered), strays  # worse already: no zones' words to try
            return clash, round(covered), strays, shown(way).count(None), near

        # Nearest the first choices first: once a way is clear of everything and leaves out
        # no more zones' words than it must, no way further from them can do better, so the
        # usual case (nothing in the way) stops early.
        ways = sorted(itertools.product(*(range(len(options)) for options in choices)), key=sum)
        best, least = ways[0], cast(tuple[float, ...], (math.inf,))
        for way in ways:
            if least[:4] == (0, 0, 0, fewest) and sum(way) >= least[4]:
                break
            if (now := cost(way, least)) < least:
                best, least = way, now
        return best

    def _side_of(self, point: MapPoint) -> _Box:
        """The point's side of both middle lines, out to the page's edges and beyond."""
        right, high = point.self_score >= 50, point.bond_score >= 50
        mid_x, mid_y = self.at(50, 50)
        return _Box(
            mid_x if right else -math.inf,
            -math.inf if high else mid_y,
            math.inf if right else mid_x,
            mid_y if high else math.inf,
        )

    def _zone_of(self, point: MapPoint) -> _Box:
        """The quarter of the plane the point stands in (the axes' numbers beside it count as
        in it)."""
        low_x, low_y = (50 if point.self_score >= 50 else 0), (50 if point.bond_score >= 50 else 0)
        x0, y1 = self.at(low_x, low_y)
        x1, y0 = self.at(low_x + 50, low_y + 50)
        return _Box(x0 - (self.left if low_x == 0 else 0), y0 - 8, x1 + 8, y1 + 8)

    def _places(self, point: MapPoint, points: Sequence[MapPoint]) -> list[_PlacedPoint]:
        x, y = self.at(point.self_score, point.bond_score)
        rows = [point.label]
        if point.enmeshment is not None:
            rows.append(self.words.merging % {"value": f"{point.enmeshment:.0f}"})
        if point.distance is not None:
            rows.append(self.words.distance % {"value": f"{point.distance:.0f}"})
        others = [p for p in points if p is not point]
        right = point.self_score > 55
        below = point.bond_score > 70
        if others and 20 < point.bond_score <= 70:
            below = point.bond_score < others[0].bond_score
        order = [(right, below), (right, not below), (not right, below), (not right, not below)]
        places = [_PlacedPoint.beside(x, y, rows, right=r, below=b) for r, b in order]
        places += [_PlacedPoint.beside(x, y, rows, right=r, below=None) for r in (right, not right)]
        return places + [
            _PlacedPoint.beside(x, y, rows, right=r, below=b, gap=gap)
            for gap in (TEXT / 2, TEXT, 2 * TEXT, 3 * TEXT, 4 * TEXT)
            for r, b in order
        ]

    def point(self, placed: _PlacedPoint, colour: str) -> None:
        self.canvas.dot(placed.x, placed.y, 7, colour)
        self.canvas.lines(
            placed.label_x,
            placed.first,
            placed.rows,
            colour=colour,
            bold=True,
            anchor=placed.anchor,
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
    """One line over weeks: ``weeks`` are dates (Mondays), a missing value leaves a gap."""

    label: str
    weeks: Sequence[Any]
    values: Sequence[float | None]


NO_CHECKINS = (
    "Nothing to draw yet. After your first weekly check-in, each question gets its own small "
    "chart here, and a line joins the weeks from the second one on."
)
ONE_CHECKIN = "One week so far: a line joins the weeks from your next check-in on."


@dataclass
class _Weeks:
    """The time axis of a set of panels: from the first to the last week with an answer."""

    first: date
    last: date
    words: Words = ENGLISH

    def x(self, day: date, left: float, width: float) -> float:
        span = (self.last - self.first).days
        if span == 0:
            return left + width / 2
        return left + width * (day - self.first).days / span

    def labels(self) -> list[tuple[date, str]]:
        year = self.first.year != self.last.year
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
) -> str:
    """Small multiples: one small chart per line, all on the same weeks and the same scale."""
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
    weeks = _Weeks(answered[0], answered[-1], words)
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
        run: list[tuple[float, float]] = []
        answered = sum(value is not None for value in line.values)
        # A lone week is a dot that must be seen; a year of weeks in a small panel would be a
        # string of overlapping beads, so the line carries it and the dots are small.
        spacing = (self.width - 22) / max(answered - 1, 1)
        radius = 5.0 if answered <= 2 else (2.2 if spacing < 8 else 3.5)
        for day, value in zip(line.weeks, line.values, strict=True):
            if value is None:
                self._run(run, colour, radius)
                run = []
                continue
            run.append((weeks.x(day, inner + 4, self.width - 22), self._y(value, plot_top)))
        self._run(run, colour, radius)

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
        for x, y in run:
            self.canvas.dot(x, y, radius, colour)


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
) -> str:
    """Stacked weekly bars: progress on one's own goals and on shared goals."""
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
    slot = width / len(weeks)
    for index, (mine, ours) in enumerate(zip(me, we, strict=True)):
        x = left + slot * index + slot * 0.15
        canvas.rect(x, at(mine), slot * 0.7, at(0) - at(mine), PERSON_COLOURS[0])
        canvas.rect(x, at(mine + ours), slot * 0.7, at(mine) - at(mine + ours), PERSON_COLOURS[1])
    base = plot_top + height + 20
    year = weeks[0].year != weeks[-1].year
    canvas.text(left, base, _day(weeks[0], words, year=year), colour=MUTED)
    canvas.text(left + width, base, _day(weeks[-1], words, year=year), colour=MUTED, anchor="end")
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
