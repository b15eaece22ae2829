"""The Self x Bond map: each person's point with their name and warning signs beside it,
and each quadrant's words laid out clear of them (see docs/charts.md)."""

from __future__ import annotations

import dataclasses
import itertools
import math
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import cast

from interdepend.charts.drawing import (
    ENGLISH,
    GRID,
    MUTED,
    PERSON_COLOURS,
    REGULAR_CHAR,
    TEXT,
    WIDTH,
    Words,
    _Canvas,
    _finish,
    _remembered,
    _text_width,
)

#: Each quadrant's own corner on the Self x Bond plane (x, y), in the order of
#: :attr:`Words.zones`: its words stand there unless a person or their words are in the way.
ZONES = ((52, 97), (2, 97), (52, 3), (2, 3))


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
    # Words below a dot at the bottom of the plane may end right at the page's foot (Maya at 20,
    # 7.4 beside Jonah at 0, 0: 0.01 inside it), and the drawn lines' places, rounded to
    # hundredths, then ended 0.04 past it (found by Hypothesis, 2026-12-06): words ending within
    # a unit of the foot get a unit more page below them.
    lowest = max((label.label_box().y1 for label in placed), default=0.0)
    canvas.height = max(top + size + 44, math.ceil(lowest + 1))
    return _finish(canvas)


#: A zone's words keep this far inside its quarter of the plane, off the axes and the edge.
ZONE_INSET = 7.0
#: ... and this far from a person's dot or words, so the two never read as one block.
ZONE_CLEAR = 6.0
#: Two people's words keep at least this far apart.
LABEL_GAP = 4.0
#: ... and one person's words this far from the other's dot, or they read as the other's.
OTHER_DOT_ROOM = 16.0
#: A name longer than this many characters takes more than one line beside its dot ...
NAME_CHARS = 24
#: ... or, in the places that keep it inside its own quarter, more than this many: as many bold
#: characters as a quarter of the plane is wide (173 units).
QUARTER_NAME_CHARS = 18


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


def _name_rows(name: str, chars: int = NAME_CHARS) -> list[str]:
    """A person's name in lines of at most ``chars`` characters, broken between words where it
    can be. On one line, a long name (a name may have 60 characters) was wider than any place
    beside the dot, on the page and in the PDF alike: "Maximiliana Constanza Everhart-Van"
    ended at the map's edge. In lines narrower than a quarter a hyphen is a place to break too
    ("Everhart-" over "Vandersloot", not a word cut where the line ends)."""
    if len(name) <= chars:
        return [name]
    return textwrap.wrap(name, chars, break_on_hyphens=chars < NAME_CHARS) or [name]


@dataclass(frozen=True)
class _PlacedPoint:
    """A person's dot and the lines beside it, laid out before anything is drawn."""

    x: float
    y: float
    rows: list[str]
    label_x: float
    first: float
    anchor: str
    names: int = 1  # how many of the rows are the person's name

    @classmethod
    def beside(
        cls,
        x: float,
        y: float,
        rows: list[str],
        *,
        right: bool,
        below: bool | None,
        gap: float = 0,
        names: int = 1,
    ) -> _PlacedPoint:
        """The lines to the left of the dot (``right``: it stands in the right of the plane)
        or to its right; below it (``below`` True), above it (False) or level with it (None);
        ``gap`` more units away from it, up or down, or sideways when level with it."""
        high = TEXT * 1.3 * (len(rows) - 1)
        anchor = "end" if right else "start"
        if below is None:
            first = y + TEXT * 0.3 - high / 2
            off = 14 + gap
            return cls(x, y, rows, x - off if right else x + off, first, anchor, names)
        first = y + 24 + gap if below else y - 12 - gap - high
        return cls(x, y, rows, x - 10 if right else x + 10, first, anchor, names)

    @classmethod
    def centred(
        cls, x: float, y: float, rows: list[str], *, below: bool, names: int = 1
    ) -> _PlacedPoint:
        """The lines centred under the dot (``below``) or over it."""
        high = TEXT * 1.3 * (len(rows) - 1)
        first = y + 26 if below else y - 14 - high
        return cls(x, y, rows, x, first, "middle", names)

    def dot_box(self) -> _Box:
        return _Box(self.x - 9, self.y - 9, self.x + 9, self.y + 9)

    def label_box(self) -> _Box:
        return _text_box(self.label_x, self.first, self.rows, self.anchor, bold=True)

    def name_box(self) -> _Box:
        """Where the person's name, the label's first lines, lands."""
        return _text_box(self.label_x, self.first, self.rows[: self.names], self.anchor, bold=True)


def _slid(place: _PlacedPoint, room: _Box, *, across: bool) -> _PlacedPoint | None:
    """``place`` moved just enough to stand inside ``room``, clear of its own dot: both ways
    if it can, else only sideways (``across``) or only up or down. None when it stands there
    already, or when it is too wide (or tall) for ``room`` or would then cover its dot."""
    box, dot = place.label_box(), place.dot_box()

    def by(lo: float, hi: float, start: float, end: float) -> float | None:
        return None if end - start > hi - lo else min(max(start, lo), hi - (end - start)) - start

    dx, dy = by(room.x0, room.x1, box.x0, box.x1), by(room.y0, room.y1, box.y0, box.y1)
    for sx, sy in ((dx, dy), (dx, 0.0) if across else (0.0, dy)):
        if sx is None or sy is None or not (sx or sy):
            continue
        moved = dataclasses.replace(place, label_x=place.label_x + sx, first=place.first + sy)
        if not moved.label_box().overlap(dot):
            return moved
        # Words above or below the dot, slid sideways onto the page, can catch the dot's
        # corner: then a little further up or down, when the room has it (Hypothesis found
        # "Maya Maya Maya" at 62, 56 pushed below the Bond 50 line by a slide of five units).
        if across and (off := _off_dot(moved, dot, room)) is not None:
            return off
    return None


def _off_dot(place: _PlacedPoint, dot: _Box, room: _Box) -> _PlacedPoint | None:
    """``place`` moved up (words above the dot) or down (below it) just clear of ``dot``, or
    None when that would take it out of ``room``."""
    box = place.label_box()
    above = box.middle()[1] < dot.middle()[1]
    dy = dot.y0 - 1 - box.y1 if above else dot.y1 + 1 - box.y0
    if box.y0 + dy < room.y0 or box.y1 + dy > room.y1:
        return None
    return dataclasses.replace(place, first=place.first + dy)


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

        Each label has twenty-eight places: below or above the dot on the side away from the
        plane's nearer edge (the side away from the other person's point when the two are close
        in height), then the other side, then level with the dot, then the first four again
        a half, one, two, three and four lines further off (two people close together near an
        edge can then stack their words); and last, the first eight slid just inside the dot's
        quarter, with the name in lines as long as it has and in lines no wider than a quarter;
        at the very end, level with the dot one or two lines further off to either side.
        Of every way to place them all, the one drawn is, in this order: the one whose labels
        cover least of each other and are least cut off at the page's edge; then least of the
        dots; then least across a middle line; then least outside the plane; then the one that
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
        # A label may reach a little past the plane's top and right edges, where nothing else
        # is drawn: a person high in a quarter can then keep that zone's words on the map
        # (Hypothesis found "Alexandra" at 34, 81 taking the words of her quarter in Spanish).
        plane = _Box(self.left, self.top - 4, self.left + self.size + 8, self.top + self.size)
        # Below the title, and right of the Bond axis's title (drawn upright at x 15): words
        # pushed over it to stay on their side could not be read.
        page = _Box(20, self.top - 8, WIDTH, self.top + self.size + 44)
        dots = [options[0].dot_box() for options in choices]
        boxes = [[option.label_box() for option in options] for options in choices]
        apart = [[box.grown(LABEL_GAP / 2) for box in row] for row in boxes]
        # Words over a dot, or over the axes' numbers outside the plane, can still be read. A
        # name standing in another zone can make the person seem to stand there, so it weighs
        # more than a zone's words left out; a label only reaching into another zone counts as
        # up to two and a half steps from the first choice.
        zones = [self._zone_of(point) for point in points]
        sides = [self._side_of(point) for point in points]
        # Words ending right beside the other person's dot read as theirs (the English walk of
        # 2026-12-03: a long name stopped a few units from the partner's dot): the room around
        # another's dot counts as the dot.
        around = [dot.grown(OTHER_DOT_ROOM) for dot in dots]
        # Words across a middle line read as standing in the next zone (the walk of 2026-12-05:
        # Jonah's "distance 73" ran down over the Bond 50 line, out of his own coloured quarter):
        # every line of a label keeps to its dot's side of both middle lines whenever some way
        # leaves room for it, even if a zone's words must then be left out.
        alone = [
            [
                (
                    box.area() - box.overlap(page),
                    sum(box.overlap(a if q != p else dots[q]) for q, a in enumerate(around)),
                    box.area() - box.overlap(side),
                    box.area() - box.overlap(plane),
                    not side.holds(option.name_box().middle()),
                    place + min(2.5, (box.area() - box.overlap(zone)) / 500),
                )
                for place, (option, box) in enumerate(zip(options, row, strict=True))
            ]
            for p, (options, row, zone, side) in enumerate(
                zip(choices, boxes, zones, sides, strict=True)
            )
        ]
        fewest = shown([]).count(None)  # no way leaves out fewer than the dots alone do

        def cost(way: tuple[int, ...], least: tuple[float, ...]) -> tuple[float, ...]:
            clash = covered = across = outside = strays = near = 0.0
            for p, o in enumerate(way):
                cut, over, cross, out, stray, far = alone[p][o]
                clash, covered, across, outside, strays, near = (
                    clash + cut,
                    covered + over,
                    across + cross,
                    outside + out,
                    strays + stray,
                    near + far,
                )
                for q in range(p + 1, len(way)):
                    clash += apart[p][o].overlap(apart[q][way[q]])
            now = (clash, round(covered), round(across), round(outside), strays)
            if now > least[:5]:
                return now  # worse already: no zones' words to try
            return *now, shown(way).count(None), near

        # Nearest the first choices first: once a way is clear of everything and leaves out
        # no more zones' words than it must, no way further from them can do better, so the
        # usual case (nothing in the way) stops early.
        ways = sorted(itertools.product(*(range(len(options)) for options in choices)), key=sum)
        best, least = ways[0], cast(tuple[float, ...], (math.inf,))
        for way in ways:
            if least[:6] == (0, 0, 0, 0, 0, fewest) and sum(way) >= least[6]:
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

    def _room_of(self, point: MapPoint) -> _Box:
        """The point's quarter of the plane, with the little room past the plane's top and
        right edges that :meth:`_best_way` lets a label take."""
        right, high = point.self_score >= 50, point.bond_score >= 50
        x0, y1 = self.at(50 if right else 0, 50 if high else 0)
        x1, y0 = self.at(100 if right else 50, 100 if high else 50)
        return _Box(x0, y0 - 4 if high else y0, x1 + 8 if right else x1, y1)

    def _zone_of(self, point: MapPoint) -> _Box:
        """The quarter of the plane the point stands in (the axes' numbers beside it count as
        in it)."""
        low_x, low_y = (50 if point.self_score >= 50 else 0), (50 if point.bond_score >= 50 else 0)
        x0, y1 = self.at(low_x, low_y)
        x1, y0 = self.at(low_x + 50, low_y + 50)
        return _Box(x0 - (self.left if low_x == 0 else 0), y0 - 8, x1 + 8, y1 + 8)

    def _places(self, point: MapPoint, points: Sequence[MapPoint]) -> list[_PlacedPoint]:
        x, y = self.at(point.self_score, point.bond_score)
        others = [p for p in points if p is not point]
        right = point.self_score > 55
        below = point.bond_score > 70
        if others and 20 < point.bond_score <= 70:
            below = point.bond_score < others[0].bond_score
        order = [(right, below), (right, not below), (not right, below), (not right, not below)]
        beside, centred = _PlacedPoint.beside, _PlacedPoint.centred

        def first_places(rows: list[str], names: int) -> list[_PlacedPoint]:
            places = [beside(x, y, rows, right=r, below=b, names=names) for r, b in order]
            places += [
                beside(x, y, rows, right=r, below=None, names=names) for r in (right, not right)
            ]
            # Centred under or over the dot: a long name near the middle line can then stay on
            # its own side where words to either side of the dot would cross it.
            return places + [centred(x, y, rows, below=b, names=names) for b in (below, not below)]

        signs = (point.enmeshment is not None) + (point.distance is not None)
        rows = self._rows(point, NAME_CHARS)
        names = len(rows) - signs
        places = first_places(rows, names)
        places += [
            beside(x, y, rows, right=r, below=b, gap=gap, names=names)
            for gap in (TEXT / 2, TEXT, 2 * TEXT, 3 * TEXT, 4 * TEXT)
            for r, b in order
        ]
        # Last, the first eight slid along the dot (above or below it: sideways; level with it:
        # up or down) just enough to stand inside its own quarter, and the same with a long name
        # in lines no wider than the quarter: the nearest places there when the others run over
        # a middle line (the walk of 2026-12-05) or the plane's edge.
        room = self._room_of(point)
        narrow = self._rows(point, QUARTER_NAME_CHARS)
        ways = [places[:8]]
        if narrow != rows:
            ways.append(first_places(narrow, len(narrow) - signs))
            places += ways[-1]
        for way in ways:
            slid = [_slid(place, room, across=not 4 <= n < 6) for n, place in enumerate(way)]
            places += [place for place in slid if place is not None]
        # Very last, level with the dot and a line or two further off sideways, slid up or down
        # into its quarter: a dot high on the top edge, with the other's dot just below, has
        # its words neither above nor left, and right beside it they would end at the other's
        # dot (Maya at 7, 96 and Jonah at 9, 82: Hypothesis, 2026-12-07). Last, so that no
        # layout with a clear place among the others changes.
        for gap in (TEXT, 2 * TEXT):
            for r in (right, not right):
                level = beside(x, y, rows, right=r, below=None, gap=gap, names=names)
                places.append(_slid(level, room, across=False) or level)
        return places

    def _rows(self, point: MapPoint, chars: int) -> list[str]:
        """The point's name in lines of ``chars`` characters at most, then its signs."""
        rows = _name_rows(point.label, chars)
        if point.enmeshment is not None:
            rows.append(self.words.merging % {"value": f"{point.enmeshment:.0f}"})
        if point.distance is not None:
            rows.append(self.words.distance % {"value": f"{point.distance:.0f}"})
        return rows

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
