"""Interdependence theory: two-person situations, and deciding together among several options.

Part 1 follows Kelley & Thibaut's outcome matrices as summarised by Rusbult & Van Lange (2003).
A 2x2 situation holds, for each partner, an outcome for each pair of choices. **Both** partners'
matrices are indexed ``[A's choice][B's choice]`` (the usual bimatrix layout), so in a symmetric
game B's matrix is the transpose of A's. Each partner's outcomes are split with effect coding
(first choice ``+1``, second choice ``-1``) into

* actor control ``AC`` - half the difference made by the person's *own* choice
  (mean outcome over their first choice minus mean over their second, divided by 2);
* partner control ``PC`` - the same for the *partner's* choice;
* joint control ``JC`` - the interaction: ``(o11 - o12 - o21 + o22) / 4`` for cells
  ``o[own][partner]``.

From these: dependence ``D = (PC^2 + JC^2) / (AC^2 + PC^2 + JC^2)``, mutuality
``1 - |D_A - D_B|``, basis ``JC^2 / (PC^2 + JC^2)`` (0 = exchange, 1 = coordination) and
covariation of interests, the correlation of the two partners' outcomes over the four cells.
Transformations of motivation weigh own and partner outcomes into an *effective* situation,
from which a choice is predicted.

Part 2 (:func:`analyse_decision`) carries the same ideas to a real decision with any number of
options, each rated privately by both partners for themself and for the other.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum, StrEnum

import numpy as np

from interdepend.core.errors import InterdependError

__all__ = [
    "Control",
    "DecisionAnalysis",
    "DecisionError",
    "DuplicateOption",
    "Motivation",
    "MotivatedChoice",
    "OptionView",
    "Partner",
    "PerceptionAccuracy",
    "RatingOutOfScale",
    "RatingsMismatch",
    "Situation",
    "SituationAnalysis",
    "SituationError",
    "TooFewOptions",
    "Weights",
    "analyse_decision",
    "analyse_situation",
    "apply_motivation",
    "correlation",
    "decompose",
]

Matrix2 = tuple[tuple[float, float], tuple[float, float]]

_TINY = 1e-12


class SituationError(InterdependError):
    """A situation that is not a 2x2 matrix of finite outcomes for each partner."""


class DecisionError(InterdependError):
    """Base class for invalid input to :func:`analyse_decision`."""


class RatingsMismatch(DecisionError):
    """The four rating lists and the option names do not have the same length."""


class TooFewOptions(DecisionError):
    """A decision needs at least two options."""


class RatingOutOfScale(DecisionError):
    """A rating is missing, not a number, or outside the rating scale."""


class DuplicateOption(DecisionError):
    """Two options share a name, or a name is blank."""


class Partner(StrEnum):
    A = "a"
    B = "b"

    @property
    def other(self) -> Partner:
        return Partner.B if self is Partner.A else Partner.A


def _flat(values: list[float]) -> bool:
    """``np.ptp(values) <= _TINY`` for a list of floats, without NumPy's two reductions."""
    # ``spread <= _TINY`` is False for a NaN spread (infinities of one sign), as in NumPy.
    return max(values) - min(values) <= _TINY and not any(v != v for v in values)


def correlation(x: Sequence[float], y: Sequence[float]) -> float | None:
    """Pearson correlation, or ``None`` when either side does not vary (undefined)."""
    # NumPy's arithmetic without its slow wrappers (a decision's page works out three of
    # these per view). The spread is ``max - min`` of the same floats, as ``np.ptp`` computes;
    # Python's ``max``/``min`` only differ from NumPy's with a NaN, which NumPy spreads to a
    # NaN spread (never "flat"), hence the check before saying "flat". ``sum() / n`` is what
    # ``.mean()`` does for float64; one IEEE division and a clamp give ``np.clip``'s float,
    # and a NaN passes through as with it. Held bit for bit to the NumPy spelling by
    # Hypothesis in tests/core/test_situations.py.
    xa = np.asarray(x, dtype=np.float64)
    ya = np.asarray(y, dtype=np.float64)
    n = len(xa)
    if n < 2 or _flat(xa.tolist()) or _flat(ya.tolist()):
        return None
    xc, yc = xa - xa.sum() / n, ya - ya.sum() / len(ya)
    r = float(xc @ yc) / math.sqrt(float(xc @ xc) * float(yc @ yc))
    if r != r:
        return r
    return 1.0 if r > 1.0 else -1.0 if r < -1.0 else r


# --------------------------------------------------------------------------------------------
# Part 1: the 2x2 situation


@dataclass(frozen=True, slots=True)
class Situation:
    """Each partner's outcome for each pair of choices.

    Both matrices are indexed ``[A's choice][B's choice]``.
    """

    a: Matrix2
    b: Matrix2

    @classmethod
    def of(cls, a: Sequence[Sequence[float]], b: Sequence[Sequence[float]]) -> Situation:
        """Build a situation from nested sequences, checking shape and values."""
        return cls(_matrix(a, "A"), _matrix(b, "B"))

    def outcomes(self, partner: Partner) -> Matrix2:
        """The partner's outcomes indexed ``[own choice][partner's choice]``."""
        if partner is Partner.A:
            return self.a
        return ((self.b[0][0], self.b[1][0]), (self.b[0][1], self.b[1][1]))


def _matrix(rows: Sequence[Sequence[float]], who: str) -> Matrix2:
    if len(rows) != 2 or any(len(row) != 2 for row in rows):
        raise SituationError(f"{who}'s outcomes must be a 2x2 matrix")
    values = [float(v) for row in rows for v in row]
    if not all(math.isfinite(v) for v in values):
        raise SituationError(f"{who}'s outcomes must be finite numbers")
    return ((values[0], values[1]), (values[2], values[3]))


@dataclass(frozen=True, slots=True)
class Control:
    """One partner's outcomes split into mean, actor, partner and joint control."""

    mean: float
    actor: float
    partner: float
    joint: float

    @property
    def dependence(self) -> float | None:
        """``(PC^2 + JC^2) / (AC^2 + PC^2 + JC^2)``; ``None`` when nothing varies."""
        total = self.actor**2 + self.partner**2 + self.joint**2
        if total <= _TINY:
            return None
        return (self.partner**2 + self.joint**2) / total

    @property
    def basis(self) -> float | None:
        """``JC^2 / (PC^2 + JC^2)``; ``None`` when the person does not depend on the partner."""
        depends = self.partner**2 + self.joint**2
        if depends <= _TINY:
            return None
        return self.joint**2 / depends


def decompose(own_by_partner: Matrix2) -> Control:
    """Effect-code outcomes indexed ``[own choice][partner's choice]``."""
    (o11, o12), (o21, o22) = own_by_partner
    return Control(
        mean=(o11 + o12 + o21 + o22) / 4.0,
        actor=(o11 + o12 - o21 - o22) / 4.0,
        partner=(o11 - o12 + o21 - o22) / 4.0,
        joint=(o11 - o12 - o21 + o22) / 4.0,
    )


@dataclass(frozen=True, slots=True)
class SituationAnalysis:
    """The structure of a 2x2 situation for both partners."""

    a: Control
    b: Control
    mutuality: float | None
    covariation: float | None


def analyse_situation(situation: Situation) -> SituationAnalysis:
    """Decompose both partners' outcomes; see the module docstring for the formulas."""
    ca = decompose(situation.outcomes(Partner.A))
    cb = decompose(situation.outcomes(Partner.B))
    da, db = ca.dependence, cb.dependence
    mutuality = None if da is None or db is None else 1.0 - abs(da - db)
    cells_a = [v for row in situation.a for v in row]
    cells_b = [v for row in situation.b for v in row]
    return SituationAnalysis(ca, cb, mutuality, correlation(cells_a, cells_b))


@dataclass(frozen=True, slots=True)
class Weights:
    """How much a person weighs their own outcome and their partner's."""

    own: float
    other: float


class Motivation(Enum):
    """The classic transformations of motivation, as weights on (own, other) outcomes."""

    MAX_OWN = Weights(1.0, 0.0)
    MAX_JOINT = Weights(1.0, 1.0)
    MAX_OTHER = Weights(0.0, 1.0)
    MAX_RELATIVE = Weights(1.0, -1.0)


@dataclass(frozen=True, slots=True)
class MotivatedChoice:
    """The effective situation under given motivations and the choices it predicts.

    A choice is ``0`` or ``1`` (first or second), or ``None`` when both are equally attractive.
    ``*_dominant`` says the choice is at least as good whatever the partner does (and better in
    some case); otherwise it is the choice with the higher average effective outcome, that is,
    the direction of actor control in the effective situation. ``given`` holds the original
    outcomes (A's, B's) of the predicted cell when both choices are predicted.
    """

    effective: Situation
    choice_a: int | None
    choice_b: int | None
    a_dominant: bool
    b_dominant: bool
    given: tuple[float, float] | None


def _weights(m: Motivation | Weights) -> Weights:
    return m.value if isinstance(m, Motivation) else m


def _transform(situation: Situation, wa: Weights, wb: Weights) -> Situation:
    a = np.asarray(situation.a)
    b = np.asarray(situation.b)
    ea = wa.own * a + wa.other * b
    eb = wb.own * b + wb.other * a
    return Situation.of(ea.tolist(), eb.tolist())


def _predict(own_by_partner: Matrix2) -> tuple[int | None, bool]:
    (o11, o12), (o21, o22) = own_by_partner
    first, second = (o11 - o21, o12 - o22)
    if min(first, second) >= 0 and max(first, second) > _TINY:
        return 0, True
    if max(first, second) <= 0 and min(first, second) < -_TINY:
        return 1, True
    actor = decompose(own_by_partner).actor
    if abs(actor) <= _TINY:
        return None, False
    return (0 if actor > 0 else 1), False


def apply_motivation(
    situation: Situation,
    a: Motivation | Weights,
    b: Motivation | Weights | None = None,
) -> MotivatedChoice:
    """Transform the situation by each partner's motivation (B defaults to A's) and predict."""
    effective = _transform(situation, _weights(a), _weights(a if b is None else b))
    choice_a, dom_a = _predict(effective.outcomes(Partner.A))
    choice_b, dom_b = _predict(effective.outcomes(Partner.B))
    given = None
    if choice_a is not None and choice_b is not None:
        given = (situation.a[choice_a][choice_b], situation.b[choice_a][choice_b])
    return MotivatedChoice(effective, choice_a, choice_b, dom_a, dom_b, given)


# --------------------------------------------------------------------------------------------
# Part 2: deciding together among several options


@dataclass(frozen=True, slots=True)
class OptionView:
    """One option as both partners rated it.

    ``gives_up`` names the partner for whom the option looks poor while it looks good for the
    other (by their own ratings). ``self_sacrifice`` lists partners who rated the option good
    for the other but poor for themself.
    """

    name: str
    a_self: float
    b_self: float
    a_for_b: float
    b_for_a: float
    serves_both: bool
    gives_up: Partner | None
    self_sacrifice: tuple[Partner, ...]

    @property
    def joint(self) -> float:
        """Sum of both partners' own ratings."""
        return self.a_self + self.b_self

    @property
    def floor(self) -> float:
        """The lower of the two own ratings: how it sits with the one who likes it less."""
        return min(self.a_self, self.b_self)


@dataclass(frozen=True, slots=True)
class PerceptionAccuracy:
    """How one partner's ratings *for the other* compare with the other's own ratings.

    ``correlation`` follows the shape (which options rank higher), ``None`` when either side
    does not vary; ``mean_abs_difference`` is the average distance in scale points; ``matches``
    counts options rated exactly alike.
    """

    correlation: float | None
    mean_abs_difference: float
    matches: int


@dataclass(frozen=True, slots=True)
class DecisionAnalysis:
    """The combined view of a decision once both partners have rated every option."""

    options: tuple[OptionView, ...]
    covariation: float | None
    accuracy_a: PerceptionAccuracy
    accuracy_b: PerceptionAccuracy
    scale: tuple[float, float]
    summary: str

    @property
    def serves_both(self) -> tuple[str, ...]:
        return tuple(o.name for o in self.options if o.serves_both)

    def gives_up(self, partner: Partner) -> tuple[str, ...]:
        """Options that look good for the other and poor for ``partner``."""
        return tuple(o.name for o in self.options if o.gives_up is partner)

    def self_sacrifice(self, partner: Partner) -> tuple[str, ...]:
        """Options ``partner`` rated good for the other but poor for themself."""
        return tuple(o.name for o in self.options if partner in o.self_sacrifice)


def _check_inputs(
    ratings: Sequence[Sequence[float]], names: Sequence[str], scale: tuple[float, float]
) -> list[str]:
    low, high = scale
    if not (math.isfinite(low) and math.isfinite(high) and low < high):
        raise RatingOutOfScale(f"the scale must run from a lower to a higher number: {scale}")
    if any(len(r) != len(names) for r in ratings):
        raise RatingsMismatch("every list of ratings needs exactly one rating per option")
    if len(names) < 2:
        raise TooFewOptions("a decision needs at least two options")
    cleaned = [str(n).strip() for n in names]
    if any(not n for n in cleaned) or len({n.casefold() for n in cleaned}) != len(cleaned):
        raise DuplicateOption("each option needs its own, non-blank name")
    for row in ratings:
        for value in row:
            number = float(value)
            if not (math.isfinite(number) and low <= number <= high):
                raise RatingOutOfScale(f"rating {value!r} is outside {low:g}-{high:g}")
    return cleaned


def _accuracy(guess: Sequence[float], actual: Sequence[float]) -> PerceptionAccuracy:
    diffs = [abs(float(g) - float(t)) for g, t in zip(guess, actual, strict=True)]
    return PerceptionAccuracy(
        correlation=correlation(guess, actual),
        mean_abs_difference=sum(diffs) / len(diffs),
        matches=sum(d <= _TINY for d in diffs),
    )


def _option(
    name: str, a_self: float, b_self: float, a_for_b: float, b_for_a: float, mid: float
) -> OptionView:
    good_a, good_b = a_self > mid, b_self > mid
    poor_a, poor_b = a_self < mid, b_self < mid
    gives_up = Partner.B if good_a and poor_b else Partner.A if good_b and poor_a else None
    sacrifice = tuple(
        p
        for p, for_other, own in ((Partner.A, a_for_b, a_self), (Partner.B, b_for_a, b_self))
        if for_other > mid and own < mid
    )
    return OptionView(
        name, a_self, b_self, a_for_b, b_for_a, good_a and good_b, gives_up, sacrifice
    )


def analyse_decision(
    ratings_a_self: Sequence[float],
    ratings_a_for_b: Sequence[float],
    ratings_b_self: Sequence[float],
    ratings_b_for_a: Sequence[float],
    option_names: Sequence[str],
    *,
    scale: tuple[float, float] = (1.0, 7.0),
    name_a: str = "Partner A",
    name_b: str = "Partner B",
) -> DecisionAnalysis:
    """Bring both partners' private ratings together into one descriptive view.

    Each list holds one rating per option on ``scale`` (default 1-7). A rating above the
    midpoint of the scale counts as good, below it as poor, and the midpoint itself as neither.
    Raises :class:`RatingsMismatch`, :class:`TooFewOptions`, :class:`DuplicateOption` or
    :class:`RatingOutOfScale` on invalid input.
    """
    raw = [ratings_a_self, ratings_a_for_b, ratings_b_self, ratings_b_for_a]
    names = _check_inputs(raw, option_names, scale)
    a_self, a_for_b, b_self, b_for_a = ([float(v) for v in r] for r in raw)
    mid = (scale[0] + scale[1]) / 2.0
    options = tuple(
        _option(n, a_self[i], b_self[i], a_for_b[i], b_for_a[i], mid) for i, n in enumerate(names)
    )
    covariation = correlation(a_self, b_self)
    accuracy_a = _accuracy(a_for_b, b_self)
    accuracy_b = _accuracy(b_for_a, a_self)
    summary = _summary(options, covariation, accuracy_a, accuracy_b, name_a, name_b, mid)
    return DecisionAnalysis(options, covariation, accuracy_a, accuracy_b, scale, summary)


# --------------------------------------------------------------------------------------------
# Plain-language summary of a decision


def _listing(names: Sequence[str]) -> str:
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


def _alignment_sentence(
    covariation: float | None, options: Sequence[OptionView], name_a: str, name_b: str
) -> str:
    if covariation is None:
        flat = [n for n, side in ((name_a, "a"), (name_b, "b")) if _is_flat(options, side)]
        self_word = "themself" if len(flat) == 1 else "themselves"
        return (
            f"{_listing(flat)} rated every option the same for {self_word}, so there is no "
            "pattern of alike or unlike tastes to show; the options simply sit evenly."
        )
    bands = (
        (0.6, "largely goes together"),
        (0.2, "partly goes together"),
        (-0.2, "goes its own way: some options suit one of you more, some the other"),
        (-0.6, "leans in different directions"),
    )
    words = next((w for cut, w in bands if covariation >= cut), "mostly pulls apart")
    text = f"Across these options, what suits each of you {words} (r = {covariation:.2f})."
    if len(options) == 2:
        text += " With only two options this can only come out fully together or fully apart."
    return text


def _is_flat(options: Sequence[OptionView], side: str) -> bool:
    values = [o.a_self if side == "a" else o.b_self for o in options]
    return max(values) - min(values) <= _TINY


def _option_sentences(
    options: Sequence[OptionView], name_a: str, name_b: str, mid: float
) -> list[str]:
    who = {Partner.A: name_a, Partner.B: name_b}
    lines: list[str] = []
    both = [f"“{o.name}”" for o in options if o.serves_both]
    if both:
        lines.append(f"Looks good to both of you: {_listing(both)}.")
    else:
        lines.append("No option looks good to both of you yet; a new one may be worth adding.")
        lines += [f"Closest to suiting you both: “{o.name}”." for o in _closest(options, mid)]
    for o in sorted(options, key=lambda o: (o.joint, o.floor), reverse=True):
        if o.gives_up is not None:
            giver, keeper = who[o.gives_up], who[o.gives_up.other]
            lines.append(
                f"“{o.name}” looks good for {keeper} and less so for {giver}, "
                f"so it would ask more of {giver}."
            )
        for p in o.self_sacrifice:
            lines.append(
                f"{who[p]} sees “{o.name}” as good for {who[p.other]} but not for themself; "
                f"if you pick it, it may help to say out loud what it asks of {who[p]}."
            )
    return lines


def _closest(options: Sequence[OptionView], mid: float) -> list[OptionView]:
    """The options with the highest sum of both own ratings (then the higher low), when one of
    the two finds them good: the ones a story names when none suits both."""
    top = max((o.joint, o.floor) for o in options)
    best = [o for o in options if (o.joint, o.floor) == top]
    return best if any(max(o.a_self, o.b_self) > mid for o in best) else []


def _accuracy_sentence(acc: PerceptionAccuracy, guesser: str, rater: str) -> str:
    return (
        f"{guesser}'s sense of what {rater} would enjoy was on average "
        f"{acc.mean_abs_difference:.2f} points from {rater}'s own ratings."
    )


def _summary(
    options: Sequence[OptionView],
    covariation: float | None,
    accuracy_a: PerceptionAccuracy,
    accuracy_b: PerceptionAccuracy,
    name_a: str,
    name_b: str,
    mid: float,
) -> str:
    lines = [_alignment_sentence(covariation, options, name_a, name_b)]
    lines += _option_sentences(options, name_a, name_b, mid)
    lines.append(_accuracy_sentence(accuracy_a, name_a, name_b))
    lines.append(_accuracy_sentence(accuracy_b, name_b, name_a))
    lines.append("This is a picture to talk over together, not an answer.")
    return "\n".join(lines)
