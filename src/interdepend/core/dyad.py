"""Comparing two partners' results: the couple pattern, strengths, growth areas, discussion
items and perception gaps.

Pure functions over :class:`~interdepend.core.scoring.Result` values. Thresholds are data
(:data:`PATTERN_RULES`, :data:`STRONG_AXIS`, :data:`HIGH_POLE`) and, like the inventory's, they
are provisional until the project has norms.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from operator import itemgetter

from interdepend.core.errors import IncomparableResults
from interdepend.core.instrument import Instrument, Item, ScaleKind
from interdepend.core.scoring import Result, score_one
from interdepend.core.words import gettext_noop

#: An axis at or above this (0-100) counts as a strength; a pole at or above HIGH_POLE as a
#: warning sign. Provisional.
STRONG_AXIS = 60.0
LOW_AXIS = 50.0
HIGH_POLE = 55.0
#: A perception gap smaller than this many points (0-100) counts as seeing alike.
GAP_WITHIN = 10.0
#: Two points on the Self x Bond map less than this many points apart on each axis are drawn
#: almost on top of each other: close, whatever their dynamics say.
MAP_NEAR = 10.0
#: A warning sign over :data:`HIGH_POLE` for one partner and under it for the other, both less
#: than this many points from the line, is said to sit near the line for both (55 and 52 are
#: hardly two different things, whatever side of a provisional line they fall).
NEAR_LINE = 5.0


class Pattern(StrEnum):
    BOTH_INTERDEPENDENT = "both_interdependent"
    PURSUE_DISTANCE = "pursue_distance"
    FUSED = "fused"
    PARALLEL_LIVES = "parallel_lives"
    BOTH_PULLED = "both_pulled"
    BOTH_FORMING = "both_forming"
    CLOSE_APART = "close_apart"
    UNEVEN = "uneven"


PATTERN_TEXT: Mapping[Pattern, tuple[str, str]] = {
    Pattern.BOTH_INTERDEPENDENT: (
        gettext_noop("Both interdependent"),
        gettext_noop(
            "Each of you keeps a life and a voice of your own, and each of you can lean on the "
            "other. The work here is keeping it that way as life changes around you."
        ),
    ),
    Pattern.PURSUE_DISTANCE: (
        gettext_noop("Reaching and stepping back"),
        gettext_noop(
            "One of you tends to reach for more closeness while the other tends to step back to "
            "keep some room. Each move can set off the other. Naming the cycle together, without "
            "blame, is often the first step out of it."
        ),
    ),
    Pattern.FUSED: (
        gettext_noop("Close to the point of merging"),
        gettext_noop(
            "Both of you may give up parts of yourselves to keep the closeness going. Growing "
            "here means making room for two separate people inside it."
        ),
    ),
    Pattern.PARALLEL_LIVES: (
        gettext_noop("Side by side, a little apart"),
        gettext_noop(
            "Both of you may keep the other at some distance and handle hard things alone, so "
            "you may be living next to each other more than with each other. Growing here means "
            "letting the other in a bit more, on purpose."
        ),
    ),
    Pattern.BOTH_PULLED: (
        gettext_noop("Both pulled two ways"),
        gettext_noop(
            "Each of you may reach hard for closeness and then step back when it comes, so your "
            "swings can meet or cross. That makes sense as a way of staying safe. Naming the "
            "swings together, without blame, is a good first step."
        ),
    ),
    Pattern.BOTH_FORMING: (
        gettext_noop("Both still taking shape"),
        gettext_noop(
            "Neither of your answers points strongly one way yet: for both of you, some parts of "
            "being yourself and being close are in place and others are still forming. The "
            "areas to grow below are a good shared place to start."
        ),
    ),
    Pattern.CLOSE_APART: (
        gettext_noop("Close together, with a difference"),
        gettext_noop(
            "Your answers on Self and Bond are much alike, so your points on the map sit close "
            "together. Here is where your answers differ:"
        ),
    ),
    Pattern.UNEVEN: (
        gettext_noop("Different places"),
        gettext_noop(
            "Your answers put you in different places on the map right now. That is common, and "
            "it can change."
        ),
    ),
}


#: "Both still taking shape" when no scale is low or high enough for either partner to be named
#: a place to grow: the page then says "Nothing stands out" under "Where you can grow together",
#: and the description pointed to areas to grow below that were not there (the new-couple walk
#: of 2026-12-05: Self 69 and 88, Bond 88 and 54, Merging 51, Distance 53).
BOTH_FORMING_NOTHING_LOW = gettext_noop(
    "Neither of your answers points strongly one way yet: for both of you, some parts of being "
    "yourself and being close are in place and others are still forming. No scale is low or "
    "high enough for either of you to stand out as a place to grow; the numbers below show "
    "where each of you sits."
)


@dataclass(frozen=True)
class SignDifference:
    """A warning sign (a pole scale) that shows up for one partner and not for the other."""

    scale_id: str
    name: str
    in_a: bool  # shows up for the first partner (else for the second)
    #: Both scores lie within :data:`NEAR_LINE` of the line, one on each side.
    near_line: bool = False


@dataclass(frozen=True)
class CouplePattern:
    pattern: Pattern
    name: str
    description: str
    dynamics: tuple[str, str]
    #: For CLOSE_APART and UNEVEN: the warning signs that show up for one partner only.
    differences: tuple[SignDifference, ...] = ()


def couple_pattern(
    a: Result, b: Result, *, pairs: Sequence[ScalePair] | None = None
) -> CouplePattern:
    """The couple's pattern from the pair of personal dynamics.

    Two different dynamics that no named pattern covers read "Different places" only when the
    map shows it too. When the two points sit within :data:`MAP_NEAR` of each other on both
    Self and Bond, the couple reads "Close together, with a difference" instead: what tells
    them apart is then a warning sign (Merging or Distance) that shows up for one of them only,
    or scores on either side of a line of the "Interdependent" rule. Either way the pattern
    carries those warning signs (:func:`sign_differences`), so the page can name them.
    ``pairs``: :func:`scale_pairs` of the two, when the caller has them already.
    """
    pattern = _pattern(a, b)
    differences: tuple[SignDifference, ...] = ()
    if pattern is Pattern.UNEVEN:
        differences = sign_differences(a, b, pairs=pairs)
        if _near_on_map(a, b):
            pattern = Pattern.CLOSE_APART
    name, description = PATTERN_TEXT[pattern]
    if pattern is Pattern.BOTH_FORMING and not growth_areas(a, b, pairs=pairs):
        description = BOTH_FORMING_NOTHING_LOW
    return CouplePattern(pattern, name, description, (a.dynamic_id, b.dynamic_id), differences)


def _near_on_map(a: Result, b: Result) -> bool:
    for scale_id in ("self", "bond"):
        x, y = a.score(scale_id), b.score(scale_id)
        if x is None or y is None or abs(x - y) >= MAP_NEAR:
            return False
    return True


def sign_differences(
    a: Result, b: Result, *, pairs: Sequence[ScalePair] | None = None
) -> tuple[SignDifference, ...]:
    """Warning signs (poles) at or above :data:`HIGH_POLE` for one partner and below for the
    other, in the inventory's order (``pairs`` as for :func:`couple_pattern`)."""
    return tuple(
        SignDifference(
            p.scale_id,
            p.name,
            in_a=p.a >= HIGH_POLE,
            near_line=abs(p.a - HIGH_POLE) < NEAR_LINE and abs(p.b - HIGH_POLE) < NEAR_LINE,
        )
        for p in (scale_pairs(a, b) if pairs is None else pairs)
        if p.kind is ScaleKind.POLE
        and p.a is not None
        and p.b is not None
        and (p.a >= HIGH_POLE) != (p.b >= HIGH_POLE)
    )


def _pattern(a: Result, b: Result) -> Pattern:
    pair = {a.dynamic_id, b.dynamic_id}
    if pair == {"interdependent"}:
        pattern = Pattern.BOTH_INTERDEPENDENT
    elif pair == {"enmeshed_leaning", "distant_leaning"}:
        pattern = Pattern.PURSUE_DISTANCE
    elif pair <= {"enmeshed_leaning", "push_pull"} and "enmeshed_leaning" in pair:
        pattern = Pattern.FUSED
    elif pair == {"distant_leaning"}:
        pattern = Pattern.PARALLEL_LIVES
    elif pair == {"push_pull"}:
        pattern = Pattern.BOTH_PULLED
    elif pair == {"still_forming"}:
        pattern = Pattern.BOTH_FORMING
    else:
        pattern = Pattern.UNEVEN
    return pattern


@dataclass(frozen=True)
class ScalePair:
    scale_id: str
    name: str
    kind: ScaleKind
    a: float | None
    b: float | None

    def _grows(self, value: float | None) -> bool:
        if value is None:
            return False
        return value < LOW_AXIS if self.kind is ScaleKind.AXIS else value >= HIGH_POLE

    @property
    def grow_a(self) -> bool:
        """Partner a's score is what makes this a place to grow (an axis low, a pole high)."""
        return self._grows(self.a)

    @property
    def grow_b(self) -> bool:
        return self._grows(self.b)


def scale_pairs(a: Result, b: Result) -> list[ScalePair]:
    """The two results' axes and poles side by side, in the inventory's order: what
    :func:`strengths`, :func:`growth_areas` and :func:`couple_pattern` look at. Made once, it
    can be handed to each of them (``pairs``): the couple view made it three times a view
    (issue 15's twentieth pass, second wave)."""
    if a.instrument_id != b.instrument_id:
        raise IncomparableResults(f"cannot compare {a.instrument_id!r} with {b.instrument_id!r}")
    return [
        ScalePair(s.scale_id, s.name, s.kind, s.score, b.score(s.scale_id))
        for s in a.scales
        if s.kind in (ScaleKind.AXIS, ScaleKind.POLE)
    ]


def _is_strength(pair: ScalePair) -> bool:
    if pair.a is None or pair.b is None:
        return False
    if pair.kind is ScaleKind.AXIS:
        return min(pair.a, pair.b) >= STRONG_AXIS
    return max(pair.a, pair.b) < 100 - STRONG_AXIS


def _is_growth(pair: ScalePair) -> bool:
    return pair.grow_a or pair.grow_b


def strengths(
    a: Result, b: Result, *, pairs: Sequence[ScalePair] | None = None
) -> tuple[ScalePair, ...]:
    """Scales where both bring something: axes both high, poles both low (``pairs`` as for
    :func:`couple_pattern`)."""
    return tuple(p for p in (scale_pairs(a, b) if pairs is None else pairs) if _is_strength(p))


def growth_areas(
    a: Result, b: Result, *, pairs: Sequence[ScalePair] | None = None
) -> tuple[ScalePair, ...]:
    """Scales with room to grow for the couple: an axis low or a pole high for either
    (``pairs`` as for :func:`couple_pattern`)."""
    return tuple(p for p in (scale_pairs(a, b) if pairs is None else pairs) if _is_growth(p))


@dataclass(frozen=True)
class DiscussionItem:
    item_id: str
    text: str
    scale_id: str
    answer_a: int
    answer_b: int
    label_a: str
    label_b: str

    @property
    def gap(self) -> int:
        return abs(self.answer_a - self.answer_b)

    def swapped(self) -> DiscussionItem:
        """The same statement with the two answers the other way round (for the other reader)."""
        return replace(
            self,
            answer_a=self.answer_b,
            answer_b=self.answer_a,
            label_a=self.label_b,
            label_b=self.label_a,
        )


def discussion_items(
    instrument: Instrument,
    answers_a: Mapping[str, int | None],
    answers_b: Mapping[str, int | None],
    *,
    limit: int = 5,
    min_gap: int = 2,
) -> tuple[DiscussionItem, ...]:
    """Items both answered where the two answers lie furthest apart.

    Fair to both: the statements one partner agreed with more and those the other did are taken
    in turn, the larger gap first and, on equal gaps, the side whose turn it is, so five equal
    gaps are never all one person's pattern (which reads as "the problem is you"). Within a side,
    equal gaps keep the instrument's order; the list is shown largest gap first."""
    # Each candidate as (gap, item, a's answer, b's answer); only the chosen few are made into
    # items with their answers' words (the couple view had every one of thirty made, each
    # answer's label looked up in the scale's anchors: a tenth of a millisecond a view).
    sides: tuple[list[tuple[int, Item, int, int]], list[tuple[int, Item, int, int]]] = ([], [])
    for item in instrument.items:
        x, y = answers_a.get(item.id), answers_b.get(item.id)
        if x is None or y is None:
            continue
        gap = abs(x - y)
        if gap < min_gap:
            continue
        sides[0 if x > y else 1].append((gap, item, x, y))
    # The larger gap first, equal gaps in the order they came (a sort in reverse keeps it):
    # by the gap itself, taken in C, where a key of our own was called for each candidate
    # (some thirty a couple view; issue 15's twenty-first pass, second wave).
    for side in sides:
        side.sort(key=_GAP, reverse=True)
    chosen: list[tuple[int, Item, int, int]] = []
    turn = 0
    while len(chosen) < limit and (sides[0] or sides[1]):
        heads = [side[0][0] if side else -1 for side in sides]
        pick = turn if heads[turn] >= heads[1 - turn] else 1 - turn
        chosen.append(sides[pick].pop(0))
        turn = 1 - pick
    chosen.sort(key=_GAP, reverse=True)
    label = _labels(instrument)
    return tuple(
        [
            DiscussionItem(item.id, item.text, item.scale_id, x, y, label(x), label(y))
            for _gap, item, x, y in chosen
        ]
    )


#: A candidate's gap (the first of :func:`discussion_items`' candidates' four).
_GAP = itemgetter(0)


def _labels(instrument: Instrument) -> Callable[[int], str]:
    """The answers' words by value, as ``response_scale.label`` finds them (the first anchor of
    the value), from one table made for the call; a value with no anchor is looked for as
    before (and not found, as before)."""
    scale = instrument.response_scale
    words: dict[int, str] = {}
    for anchor in scale.anchors:
        words.setdefault(anchor.value, anchor.label)

    def label(value: int) -> str:
        found = words.get(value)
        return scale.label(value) if found is None else found

    return label


class GapKind(StrEnum):
    ALIKE = "alike"
    PARTNER_SEES_MORE = "partner_sees_more"
    PARTNER_SEES_LESS = "partner_sees_less"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class PerceptionGap:
    """How a person sees themself on a scale beside how their partner sees them."""

    scale_id: str
    name: str
    self_view: float | None
    partner_view: float | None
    kind: GapKind

    @property
    def gap(self) -> float | None:
        if self.self_view is None or self.partner_view is None:
            return None
        return self.partner_view - self.self_view


def perception_gaps(
    self_result: Result,
    perception: Instrument,
    partner_answers: Mapping[str, int | None],
    *,
    within: float = GAP_WITHIN,
) -> tuple[PerceptionGap, ...]:
    """Per scale: the person's own score beside their partner's view of them, each scale named
    as the person's own result names it (the same page shows both), else as the form does."""
    seen = score_one(perception, partner_answers)
    own = {s.scale_id: s for s in self_result.scales}
    gaps = []
    for scale in seen.scales:
        mine = own.get(scale.scale_id)
        score = mine.score if mine is not None else None
        gaps.append(
            PerceptionGap(
                scale.scale_id,
                mine.name if mine is not None else scale.name,
                score,
                scale.score,
                _kind(score, scale.score, within),
            )
        )
    return tuple(gaps)


def _kind(mine: float | None, theirs: float | None, within: float) -> GapKind:
    if mine is None or theirs is None or math.isnan(mine) or math.isnan(theirs):
        return GapKind.UNKNOWN
    if abs(theirs - mine) < within:
        return GapKind.ALIKE
    return GapKind.PARTNER_SEES_MORE if theirs > mine else GapKind.PARTNER_SEES_LESS


def couple_growth_scale_ids(pairs: Sequence[ScalePair]) -> tuple[str, ...]:
    return tuple(p.scale_id for p in pairs)
