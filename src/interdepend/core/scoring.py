"""Scoring: vectorised over many respondents, with one-person results, explanations and change.

Answers come as a float matrix, respondents x items in the instrument's item order, NaN for a
missing answer. For each scale:

* reverse-keyed answers are recoded as ``min + max - answer``;
* the scale mean is the mean of the answered items when at least ``prorate_min_share`` of the
  scale's items are answered (prorating), and missing (NaN) otherwise;
* the 0-100 score is ``(mean - min) / (max - min) * 100``.

**Balance** (in the spirit of the FACES IV cohesion ratio): the mean of the axis scales (Self,
Bond) divided by the mean of the pole scales (Enmeshment, Distance), both taken on the response
metric shifted so that its lowest answer is 1::

    balance = (mean(axes) - min + 1) / (mean(poles) - min + 1)

On the 1-7 inventory this is simply mean(Self, Bond) / mean(Enmeshment, Distance). It is always
finite and positive, between ``1 / (max - min + 1)`` and ``max - min + 1`` (1/7 and 7); above 1
the healthy markers outweigh the warning signs, below 1 the reverse. It is missing when any axis
or pole is missing.

**Dynamic**: the instrument's rules are checked in order and the first whose conditions all
hold names it. A respondent needs a score on every scale the rules mention; otherwise the
dynamic is :data:`UNSCORED`.

**One respondent** (:func:`score_one`, :func:`change_since`, :func:`scale_scores_one`) is
scored in plain Python over the same model: for one row NumPy's set-up cost four times the
sums. The numbers are the matrix's to the last bit (``tests/core/test_scoring_properties.py``).
"""

from __future__ import annotations

import hashlib
import json
import math
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import Any, Protocol, TypeVar

import numpy as np
from numpy.typing import NDArray

from interdepend.core.errors import AnswerError, IncomparableResults, InstrumentError
from interdepend.core.instrument import (
    Condition,
    DynamicRule,
    Instrument,
    Item,
    Scale,
    ScaleKind,
    instrument_family,
)

__all__ = [
    "UNSCORED",
    "Change",
    "Compared",
    "ConditionCheck",
    "Direction",
    "Driver",
    "Explanation",
    "Result",
    "RuleCheck",
    "ScaleChange",
    "ScaleScore",
    "ScoreTable",
    "ScreenResult",
    "Trend",
    "answers_matrix",
    "change_since",
    "compare",
    "explain",
    "score_matrix",
    "score_one",
    "screen_one",
]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int16]
CodeArray = NDArray[np.int8]

#: The dynamic of a respondent without a score on every scale the rules need.
UNSCORED = "unscored"
#: Rows scored at a time: big enough to amortise the Python overhead, small enough for cache.
CHUNK_ROWS = 4096
#: How many answers are named per condition in an explanation.
DRIVERS_PER_CONDITION = 3


# ------------------------------------------------------------------------- the scoring model


@dataclass(frozen=True, eq=False)
class _Model:
    """What turns a chunk of answers into per-scale sums and counts in three passes.

    The item columns are gathered in groups, one per (scale, keyed direction), plus a last
    column of zeros. Missing answers (NaN) become ``big``, a power of two above any group's
    largest possible sum, in one ``fmin`` pass; one ``add.reduceat`` then sums each group.
    Because answered values add up to less than ``big``, ``floor(sum / big)`` is the number of
    missing answers in the group and the remainder is the sum of the answered ones. No BLAS
    call is involved, so the speed does not depend on a thread pool.
    """

    low: float
    high: float
    big: float
    order: NDArray[np.intp]  # item columns in group order
    starts: NDArray[np.intp]  # first column of each group; the zeros column is the last group
    positive: NDArray[np.intp]  # per scale, its positively keyed group (or the zeros group)
    reverse: NDArray[np.intp]  # per scale, its reverse-keyed group (or the zeros group)
    reverse_totals: FloatArray  # reverse-keyed items per scale
    totals: FloatArray  # items per scale
    needed: FloatArray  # answers a scale needs to be scored
    axes: NDArray[np.intp]
    poles: NDArray[np.intp]
    rule_columns: NDArray[np.intp]  # scales the dynamic rules mention
    #: Per item, in the instrument's order: its id, its scale's index and whether it is
    #: reverse-keyed (for one respondent in plain Python, :func:`scale_scores_one`).
    plan: tuple[tuple[str, int, bool], ...]
    known: frozenset[str]  # the item ids
    #: The same for one respondent in plain Python (:func:`_one_row`): the items a scale has,
    #: the answers it needs, the axes' and poles' indexes, the scales the rules mention, and
    #: each rule's conditions as (scale index, comparison, value).
    totals_one: tuple[int, ...] = ()
    needed_one: tuple[int, ...] = ()
    axes_one: tuple[int, ...] = ()
    poles_one: tuple[int, ...] = ()
    rule_columns_one: tuple[int, ...] = ()
    rules_one: tuple[tuple[tuple[int, Callable[[Any, Any], Any], float], ...], ...] = ()
    #: Per scale id, the places of its items in the instrument's order (:func:`_strongest`).
    scale_items: Mapping[str, tuple[int, ...]] | None = None
    #: Each point of the response scale's label, the first anchor of that value as
    #: ``ResponseScale.label`` finds it (:func:`_driver`).
    labels: Mapping[int, str] | None = None
    #: Per item id, the item and the :class:`Driver` of each whole answer of the response
    #: scale (as a float, as a row holds it): what :func:`_driver` makes of them, made once
    #: with the model (:func:`_drivers`).
    drivers: Mapping[str, tuple[Item, Mapping[float, Driver]]] | None = None


#: Models by instrument identity, each entry keeping its instrument alive (so no other object
#: can take its id): hashing a frozen instrument walks every item, a few hundred hashes a call,
#: and a page scoring one person asks for the model once a scale.
_MODELS_BY_ID: dict[int, tuple[Instrument, _Model]] = {}


def _model(instrument: Instrument) -> _Model:
    hit = _MODELS_BY_ID.get(id(instrument))
    if hit is not None and hit[0] is instrument:
        return hit[1]
    model = _model_of(instrument)
    if len(_MODELS_BY_ID) >= 64:
        _MODELS_BY_ID.clear()
    _MODELS_BY_ID[id(instrument)] = (instrument, model)
    return model


@lru_cache(maxsize=32)
def _model_of(instrument: Instrument) -> _Model:
    scale_index = {s.id: k for k, s in enumerate(instrument.scales)}
    keys = [(scale_index[i.scale_id], i.reverse) for i in instrument.items]
    groups = sorted(set(keys))
    order = np.array(sorted(range(len(keys)), key=lambda j: keys[j]), dtype=np.intp)
    sizes = [keys.count(g) for g in groups]
    totals = np.array([sum(k == s for k, _ in keys) for s in range(len(scale_index))], float)
    needed = np.ceil(totals * instrument.scoring.prorate_min_share - 1e-9)
    high = float(instrument.response_scale.max)
    return _Model(
        low=float(instrument.response_scale.min),
        high=high,
        big=float(2 ** math.ceil(math.log2(2 * (high * max(sizes) + 1)))),
        order=order,
        starts=np.cumsum([0, *sizes]).astype(np.intp),
        positive=_group_index(groups, len(scale_index), reverse=False),
        reverse=_group_index(groups, len(scale_index), reverse=True),
        reverse_totals=np.array([keys.count((s, True)) for s in range(len(scale_index))], float),
        totals=totals,
        needed=needed,
        axes=_columns(instrument, ScaleKind.AXIS),
        poles=_columns(instrument, ScaleKind.POLE),
        rule_columns=np.array(
            sorted({scale_index[c.scale_id] for r in instrument.dynamics for c in r.conditions}),
            dtype=np.intp,
        ),
        plan=tuple((i.id, scale_index[i.scale_id], i.reverse) for i in instrument.items),
        known=frozenset(instrument.item_ids),
        totals_one=tuple(int(t) for t in totals),
        needed_one=tuple(int(n) for n in needed),
        axes_one=tuple(k for k, s in enumerate(instrument.scales) if s.kind is ScaleKind.AXIS),
        poles_one=tuple(k for k, s in enumerate(instrument.scales) if s.kind is ScaleKind.POLE),
        rule_columns_one=tuple(
            sorted({scale_index[c.scale_id] for r in instrument.dynamics for c in r.conditions})
        ),
        rules_one=tuple(
            tuple((scale_index[c.scale_id], c.op.compare, c.value) for c in r.conditions)
            for r in instrument.dynamics
        ),
        scale_items={
            s.id: tuple(j for j, i in enumerate(instrument.items) if i.scale_id == s.id)
            for s in instrument.scales
        },
        labels=_labels(instrument),
        drivers=_driver_table(instrument, _labels(instrument)),
    )


def _labels(instrument: Instrument) -> dict[int, str]:
    """Each anchor's label by its value, the first of a value kept (as ``next`` finds it)."""
    labels: dict[int, str] = {}
    for anchor in instrument.response_scale.anchors:
        labels.setdefault(anchor.value, anchor.label)
    return labels


def _driver_table(
    instrument: Instrument, labels: Mapping[int, str]
) -> dict[str, tuple[Item, dict[float, Driver]]]:
    """Each item's :class:`Driver` for each whole answer with a label, made by
    :func:`_made_driver` as :func:`_driver` makes it; an item whose id an item before it has
    keeps no entry. (A point with no label is left to :func:`_driver`, which looks for it in the
    scale's anchors on a view and fails there as before.)"""
    scale = instrument.response_scale
    points = [float(point) for point in range(scale.min, scale.max + 1) if point in labels]
    table: dict[str, tuple[Item, dict[float, Driver]]] = {}
    for item in instrument.items:
        if item.id not in table:
            made = {value: _made_driver(instrument, item, value, labels) for value in points}
            table[item.id] = (item, made)
    return table


def _group_index(groups: list[tuple[int, bool]], scales: int, *, reverse: bool) -> NDArray[np.intp]:
    """Per scale, the index of its group with this keying; the zeros group when it has none."""
    zeros = len(groups)
    found = {scale: g for g, (scale, rev) in enumerate(groups) if rev is reverse}
    return np.array([found.get(k, zeros) for k in range(scales)], dtype=np.intp)


def _columns(instrument: Instrument, kind: ScaleKind) -> NDArray[np.intp]:
    return np.array([k for k, s in enumerate(instrument.scales) if s.kind is kind], dtype=np.intp)


# ------------------------------------------------------------------------- the score table


@dataclass(frozen=True, eq=False)
class ScoreTable:
    """Scores of many respondents; row ``r`` of every array belongs to respondent ``r``."""

    instrument: Instrument
    means: FloatArray  # respondents x scales, on the response metric; NaN when missing
    scores: FloatArray  # respondents x scales, 0-100; NaN when missing
    answered_by_scale: IntArray  # respondents x scales
    answered: IntArray  # respondents
    balance: FloatArray  # respondents; NaN when missing
    dynamic_codes: CodeArray  # index into instrument.dynamics; -1 for UNSCORED

    def __len__(self) -> int:
        return int(self.answered.shape[0])

    def score(self, scale_id: str) -> FloatArray:
        return self.scores[:, self.instrument.scale_ids.index(scale_id)]

    def dynamic_ids(self) -> NDArray[np.str_]:
        labels = np.array([d.id for d in self.instrument.dynamics] + [UNSCORED])
        return labels[self.dynamic_codes]


def score_matrix(instrument: Instrument, answers: NDArray[np.floating]) -> ScoreTable:
    """Score a respondents x items answer matrix (NaN = missing) in the instrument's item order.

    Raises :class:`AnswerError` when the matrix has the wrong width or holds a value outside the
    response scale (the message names the first such row and item).
    """
    matrix: FloatArray = np.asarray(answers, dtype=np.float64)
    _check_shape(instrument, matrix)
    out = _empty_table(instrument, matrix.shape[0])
    model = _model(instrument)
    buffer = np.zeros((min(CHUNK_ROWS, matrix.shape[0]), matrix.shape[1] + 1))
    for start in range(0, matrix.shape[0], CHUNK_ROWS):
        rows = slice(start, start + CHUNK_ROWS)
        _score_chunk(instrument, model, matrix[rows], buffer, out, rows)
    return out


def scale_scores_one(instrument: Instrument, answers: Mapping[str, int | None]) -> list[float]:
    """One respondent's 0-100 scale scores in the instrument's scale order (NaN when missing):
    ``score_matrix(instrument, answers_matrix(instrument, [answers])).scores[0]``, worked out
    in plain Python. For one row NumPy's set-up cost more than the sums (0.4 ms of the
    journal's write page: issue 15's eleventh pass). Every sum is of whole numbers, so exact in
    any order, and the mean and the score are the same two operations on the same doubles:
    the same numbers to the last bit (held by ``tests/core/test_scoring_properties.py``)."""
    model, means, _, _ = _means_one(instrument, answers, keep_row=False)
    step = 100.0 / (model.high - model.low)
    return [(mean - model.low) * step for mean in means]


def _means_one(
    instrument: Instrument, answers: Mapping[str, int | None], *, keep_row: bool
) -> tuple[_Model, list[float], list[int], list[float]]:
    """One respondent's answers checked and summed: the instrument's model, each scale's mean
    (NaN when it has fewer answers than it needs), how many answers each scale has and, with
    ``keep_row``, the row of answers in the items' order (NaN where skipped).

    The answers are checked as answers_matrix checks them (:func:`_answer_row`: an unknown item
    first, then each answer in the items' order), in the same walk as the sums, over the items'
    ids and scales kept with the instrument's model: making the list of ids, its set and a row
    of every answer on each call was half of the work (issue 15's thirteenth pass). Every sum
    is of whole numbers, exact in any order."""
    model = _model(instrument)
    unknown = answers.keys() - model.known
    if unknown:
        raise AnswerError(f"{instrument.id}: unknown item {sorted(unknown)[0]!r}")
    lowest, highest = instrument.response_scale.min, instrument.response_scale.max
    count = len(instrument.scales)
    given = [0.0] * count  # positively keyed answers minus reverse-keyed ones
    answered = [0] * count
    reversed_answered = [0] * count
    row: list[float] = []
    for item_id, k, reverse in model.plan:
        value = answers.get(item_id)
        if value is None:
            if keep_row:
                row.append(math.nan)
            continue
        # A plain whole number in range is the usual answer: one type check, not three.
        if type(value) is not int or not lowest <= value <= highest:
            _check_answer(instrument, item_id, value)
        number = float(value)
        if keep_row:
            row.append(number)
        answered[k] += 1
        if reverse:
            given[k] -= number
            reversed_answered[k] += 1
        else:
            given[k] += number
    low, high = model.low, model.high
    means = [
        (given[k] + (low + high) * reversed_answered[k]) / answered[k]
        if answered[k] and answered[k] >= model.needed_one[k]  # none answered: 0/0, NaN
        else math.nan
        for k in range(count)
    ]
    return model, means, answered, row


def _check_answer(instrument: Instrument, item_id: str, value: object) -> None:
    """Refuse an answer that is not a whole number of the response scale (a ``bool`` is not
    one; a subclass of ``int`` other than ``bool`` in range is, as :func:`_answer_row` has it)."""
    lowest, highest = instrument.response_scale.min, instrument.response_scale.max
    if isinstance(value, bool) or not isinstance(value, int) or not lowest <= value <= highest:
        raise AnswerError(
            f"{instrument.id}: item {item_id!r}: {value!r} is not a whole number {lowest}-{highest}"
        )


def _check_shape(instrument: Instrument, answers: FloatArray) -> None:
    if answers.ndim != 2 or answers.shape[1] != len(instrument.items):
        raise AnswerError(
            f"{instrument.id}: expected a respondents x {len(instrument.items)} answer matrix, "
            f"got shape {answers.shape}"
        )


def _empty_table(instrument: Instrument, n: int) -> ScoreTable:
    k = len(instrument.scales)
    return ScoreTable(
        instrument=instrument,
        means=np.empty((n, k)),
        scores=np.empty((n, k)),
        answered_by_scale=np.empty((n, k), dtype=np.int16),
        answered=np.empty(n, dtype=np.int16),
        balance=np.empty(n),
        dynamic_codes=np.empty(n, dtype=np.int8),
    )


def _score_chunk(
    instrument: Instrument,
    model: _Model,
    x: FloatArray,
    buffer: FloatArray,
    out: ScoreTable,
    rows: slice,
) -> None:
    _check_range(instrument, model, x, rows.start)
    grouped = buffer[: x.shape[0]]  # the last column stays zero: the zeros group
    np.take(x, model.order, axis=1, out=grouped[:, :-1], mode="clip")
    np.fmin(grouped, model.big, out=grouped)  # NaN -> big: see _Model
    sums = np.add.reduceat(grouped, model.starts, axis=1)
    missing = np.floor(sums / model.big)
    given = sums - model.big * missing
    skipped_reverse = missing[:, model.reverse]
    answered = model.totals - missing[:, model.positive] - skipped_reverse
    recoded = given[:, model.positive] - given[:, model.reverse]
    recoded += (model.low + model.high) * (model.reverse_totals - skipped_reverse)
    with np.errstate(invalid="ignore", divide="ignore"):
        means = np.where(answered >= model.needed, recoded / answered, np.nan)
    _fill_chunk(instrument, model, out, rows, means, answered)


def _check_range(instrument: Instrument, model: _Model, x: FloatArray, first: int) -> None:
    if not x.size:
        return
    lowest, highest = np.fmin.reduce(x, axis=None), np.fmax.reduce(x, axis=None)
    if lowest < model.low or highest > model.high:  # NaN (all missing) compares False
        bad = (x < model.low) | (x > model.high)
        row, col = (int(v) for v in np.argwhere(bad)[0])
        raise AnswerError(
            f"{instrument.id}: respondent {first + row + 1}, item {instrument.items[col].id!r}: "
            f"{x[row, col]:g} is outside {model.low:g}-{model.high:g}"
        )


def _fill_chunk(
    instrument: Instrument,
    model: _Model,
    out: ScoreTable,
    rows: slice,
    means: FloatArray,
    answered: FloatArray,
) -> None:
    scores = (means - model.low) * (100.0 / (model.high - model.low))
    out.means[rows] = means
    out.scores[rows] = scores
    out.answered_by_scale[rows] = answered
    out.answered[rows] = answered.sum(axis=1)
    out.balance[rows] = _balance(model, means)
    out.dynamic_codes[rows] = _classify(instrument, model, scores)


def _balance(model: _Model, means: FloatArray) -> FloatArray:
    if not (model.axes.size and model.poles.size):
        return np.full(means.shape[0], np.nan)
    shift = 1.0 - model.low
    axes = means[:, model.axes].mean(axis=1) + shift
    poles = means[:, model.poles].mean(axis=1) + shift
    ratio: FloatArray = axes / poles
    return ratio


def _classify(instrument: Instrument, model: _Model, scores: FloatArray) -> CodeArray:
    codes = np.full(scores.shape[0], -1, dtype=np.int8)
    open_ = ~np.isnan(scores[:, model.rule_columns]).any(axis=1)
    ids = instrument.scale_ids
    for code, rule in enumerate(instrument.dynamics):
        hit = open_.copy()
        for condition in rule.conditions:
            hit &= condition.op.compare(scores[:, ids.index(condition.scale_id)], condition.value)
        codes[hit] = code
        open_ &= ~hit
    return codes


def answers_matrix(
    instrument: Instrument, respondents: Iterable[Mapping[str, int | None]]
) -> FloatArray:
    """Build the answer matrix from one ``{item id: answer or None}`` mapping per respondent."""
    return np.array([_answer_row(instrument, a) for a in respondents], dtype=np.float64).reshape(
        -1, len(instrument.items)
    )


def _answer_row(instrument: Instrument, answers: Mapping[str, int | None]) -> list[float]:
    known = set(instrument.item_ids)
    unknown = sorted(set(answers) - known)
    if unknown:
        raise AnswerError(f"{instrument.id}: unknown item {unknown[0]!r}")
    low, high = instrument.response_scale.min, instrument.response_scale.max
    row = []
    for item_id in instrument.item_ids:
        value = answers.get(item_id)
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high
        ):
            raise AnswerError(
                f"{instrument.id}: item {item_id!r}: {value!r} is not a whole number {low}-{high}"
            )
        row.append(math.nan if value is None else float(value))
    return row


# ------------------------------------------------------------------------- one respondent


class Direction(StrEnum):
    """How an answer moves its scale, compared with the middle of the response scale."""

    RAISES = "raises"
    LOWERS = "lowers"


@dataclass(frozen=True)
class Driver:
    """One answer that drove a result."""

    item_id: str
    text: str
    scale_id: str
    facet_id: str
    answer: float
    answer_label: str
    reverse: bool
    direction: Direction


@dataclass(frozen=True)
class ConditionCheck:
    condition: Condition
    score: float | None
    met: bool


@dataclass(frozen=True)
class RuleCheck:
    rule_id: str
    rule_name: str
    checks: tuple[ConditionCheck, ...]

    @property
    def met(self) -> bool:
        return all(c.met for c in self.checks)


@dataclass(frozen=True)
class Explanation:
    """Why a respondent got their dynamic.

    ``rules`` holds the matched rule's conditions; for the fallback it holds every other rule,
    so a reader sees what was missing for each. ``drivers`` are the answers that pushed the
    deciding scales: toward the matched rule's conditions, or (for the fallback) against the
    conditions of the closest other rule, ``closest_rule_id``. ``missing_scales`` is set when
    the dynamic is unscored; ``dynamic_name`` is then empty (see :func:`_explain_unscored`).
    """

    dynamic_id: str
    dynamic_name: str
    description: str
    rules: tuple[RuleCheck, ...]
    drivers: tuple[Driver, ...]
    closest_rule_id: str | None = None
    missing_scales: tuple[str, ...] = ()


@dataclass(frozen=True)
class ScaleScore:
    scale_id: str
    name: str
    kind: ScaleKind
    mean: float | None
    score: float | None  # 0-100
    answered: int
    items: int
    missing_reason: str | None
    #: Answered statements a score needs on this scale (the reason above, as a number, for a
    #: page that says it in its reader's language).
    needed: int = 0


@dataclass(frozen=True)
class Result:
    """One respondent's scores, balance, dynamic and its explanation."""

    instrument_id: str
    instrument_version: str
    scales: tuple[ScaleScore, ...]
    balance: float | None
    dynamic_id: str
    answered: int
    items: int
    explanation: Explanation

    def scale(self, scale_id: str) -> ScaleScore:
        return next(s for s in self.scales if s.scale_id == scale_id)

    def score(self, scale_id: str) -> float | None:
        return self.scale(scale_id).score

    @property
    def has_scores(self) -> bool:
        """At least one scale has enough answers for a score: a result worth showing."""
        return any(s.score is not None for s in self.scales)

    @property
    def warning_sign_stands_out(self) -> bool:
        """The matched description rests on a warning sign (a pole scale) being high, so an
        overall balance, which averages it with the rest, would hide what the result is about."""
        return any(
            check.met
            and check.condition.op.wants_high
            and self.scale(check.condition.scale_id).kind is ScaleKind.POLE
            for rule in self.explanation.rules
            if rule.met
            for check in rule.checks
        )


#: Results of :func:`score_one` by a digest of a scope, the instrument and the exact answers. A
#: result is a pure function of the instrument and the answers, so a page shown again scores
#: them once per process. Results are kept only inside :func:`remembered`, and only for callers
#: of the same scope: one person's views never make another person's faster. Only numbers and
#: the instrument's own words are kept; the digest names no one.
SCORED_REMEMBERED = 1024
_scored: OrderedDict[str, tuple[Instrument, Result]] = OrderedDict()
_scored_lock = threading.Lock()
_scope: ContextVar[str | None] = ContextVar("interdepend_scoring_scope", default=None)
#: Answers the caller of :func:`remembered` has written already, by identity (see there).
_written: ContextVar[Mapping[int, tuple[object, str]] | None] = ContextVar(
    "interdepend_scoring_written", default=None
)


@contextmanager
def remembered(
    scope: str, written: Mapping[int, tuple[object, str]] | None = None
) -> Iterator[None]:
    """Remember the results scored inside this block under keys that include ``scope``.

    The caller makes ``scope`` from what its view is and the data it shows, as the viewer sees
    it (never a name or an id), so that only the same view of the same data finds them again.
    ``written``: answers the caller wrote with :func:`written_answers` to make ``scope``, as
    ``{id(answers): (answers, writing)}``, so that their keys take that writing where each
    wrote them again (the couple view wrote four sets of answers twice a view: issue 15's
    twentieth pass). A writing may also be the JSON text the answers were decoded from (as the
    database gave it: the couple view's takes, issue 15's twenty-first pass): any JSON text
    decodes to one value only, so two sets of answers share a key only when they are equal,
    each number of its type, whichever way each was written. Only answers that are the very
    object written take it, and only inside the block; the caller does not change them inside
    it.
    """
    token = _scope.set(scope)
    kept = _written.set(written)
    try:
        yield
    finally:
        _written.reset(kept)
        _scope.reset(token)


#: The answers as JSON with their ids sorted, written in one call of the C encoder: the ``repr``
#: of the sorted pairs it replaces was about 15 of the key's 25 µs for sixty answers, and the
#: couple view makes four keys a view (issue 15's sixteenth pass). JSON writes each plain item id
#: and number as exactly as ``repr`` did (an id escaped, ``1`` and ``1.0`` apart).
_as_json = json.JSONEncoder(sort_keys=True, separators=(",", ":")).encode
_PLAIN_IDS = frozenset((str,))
_PLAIN_VALUES = frozenset((int, float, type(None)))


def _answers_digest(instrument: Instrument, answers: Mapping[str, int | None]) -> str | None:
    """The memo key, or None outside :func:`remembered` or when the answers are not plain item
    ids and numbers (then the result is scored afresh, as before). The instrument counts by
    identity: the entry keeps it alive, so no other instrument can take its place under the
    same key. Two plain sets of answers share a key exactly when they are equal item for item,
    each number of the same type (``tests/core/test_scoring_memo.py``)."""
    scope = _scope.get()
    if scope is None:
        return None
    if not (set(map(type, answers)) <= _PLAIN_IDS) or not (
        set(map(type, answers.values())) <= _PLAIN_VALUES
    ):
        return None
    written = _written.get()
    found = written.get(id(answers)) if written is not None else None
    text = found[1] if found is not None and found[0] is answers else written_answers(answers)
    # The scope and the instrument as a tuple's repr (which ends where it ends), then the answers.
    return hashlib.sha256((repr((scope, id(instrument))) + text).encode()).hexdigest()


def written_answers(answers: Mapping[str, Any]) -> str:
    """The answers as a memo key writes them: JSON with the ids sorted, no spaces."""
    return _as_json(answers if type(answers) is dict else dict(answers))


def score_one(instrument: Instrument, answers: Mapping[str, int | None]) -> Result:
    """Score one respondent from ``{item id: answer or None}``; unanswered items may be absent.

    Raises :class:`AnswerError` for an unknown item id or an answer outside the scale. Inside
    :func:`remembered`, the same instrument and answers give the same (immutable) result,
    scored once per process.
    """
    key = _answers_digest(instrument, answers)
    if key is not None:
        with _scored_lock:
            hit = _scored.get(key)
            if hit is not None and hit[0] is instrument:
                _scored.move_to_end(key)
                return hit[1]
    result = _score_one(instrument, answers)
    if key is not None:
        with _scored_lock:
            _scored[key] = (instrument, result)
            while len(_scored) > SCORED_REMEMBERED:
                _scored.popitem(last=False)
    return result


def _score_one(instrument: Instrument, answers: Mapping[str, int | None]) -> Result:
    one = _one_row(instrument, answers)
    return Result(
        instrument_id=instrument.id,
        instrument_version=instrument.version,
        scales=_scale_scores(instrument, one),
        balance=_optional(one.balance),
        dynamic_id=_dynamic_id(instrument, one.code),
        answered=sum(one.answered),
        items=len(instrument.items),
        explanation=_explain(instrument, one.row, one.code, one.scores),
    )


@dataclass(frozen=True, eq=False)
class _OneRow:
    """One respondent's row of :func:`score_matrix`, worked out in plain Python."""

    row: list[float]  # the answers in the items' order, NaN when missing
    means: list[float]  # per scale, NaN when missing
    scores: list[float]  # per scale, 0-100, NaN when missing
    answered: list[int]  # per scale
    balance: float  # NaN when missing
    code: int  # index into instrument.dynamics; -1 for UNSCORED


def _one_row(
    instrument: Instrument, answers: Mapping[str, int | None], *, keep_row: bool = True
) -> _OneRow:
    """``score_matrix(instrument, answers_matrix(instrument, [answers]))``'s row, without
    NumPy: for one row its set-up was most of the work (issue 15's fifteenth pass: about
    100 of 125 µs a take, twice on every view of a result page). The answers are checked as
    :func:`_answer_row` checks them; every sum is of whole numbers, exact in any order, and
    the mean, the score, the balance (each mean a sum taken in order over two or three
    scales, then divided) and the comparisons are the same operations on the same doubles:
    the same numbers to the last bit (``tests/core/test_scoring_properties.py``)."""
    model, means, answered, row = _means_one(instrument, answers, keep_row=keep_row)
    step = 100.0 / (model.high - model.low)
    scores = [(mean - model.low) * step for mean in means]
    return _OneRow(row, means, scores, answered, _balance_one(model, means), _code(model, scores))


def _balance_one(model: _Model, means: list[float]) -> float:
    """:func:`_balance` of one row: each mean summed in order and divided, as NumPy's mean of
    a few values does."""
    if not (model.axes_one and model.poles_one):
        return math.nan
    shift = 1.0 - model.low
    axes = sum(means[k] for k in model.axes_one) / len(model.axes_one) + shift
    poles = sum(means[k] for k in model.poles_one) / len(model.poles_one) + shift
    return axes / poles


def _code(model: _Model, scores: list[float]) -> int:
    """:func:`_classify` of one row: the first rule whose conditions all hold, once every
    scale the rules mention has a score."""
    if any(math.isnan(scores[k]) for k in model.rule_columns_one):
        return -1
    for code, conditions in enumerate(model.rules_one):
        if all(compare(scores[k], value) for k, compare, value in conditions):
            return code
    return -1


def _dynamic_id(instrument: Instrument, code: int) -> str:
    return instrument.dynamics[code].id if code >= 0 else UNSCORED


def _scale_scores(instrument: Instrument, one: _OneRow) -> tuple[ScaleScore, ...]:
    model = _model(instrument)
    return tuple(
        _scale_score(
            scale,
            model.totals_one[k],
            model.needed_one[k],
            one.means[k],
            one.scores[k],
            one.answered[k],
        )
        for k, scale in enumerate(instrument.scales)
    )


def explain(instrument: Instrument, answers: Mapping[str, int | None]) -> Explanation:
    """The dynamic of one respondent and the answers that drove it."""
    return score_one(instrument, answers).explanation


def _optional(value: np.floating | float) -> float | None:
    return None if math.isnan(value) else float(value)


def _scale_score(
    scale: Scale, total: int, needed: int, mean: float, score: float, answered: int
) -> ScaleScore:
    """A scale's score of one respondent: ``total`` its items, ``needed`` the answers a score
    needs, ``mean`` and ``score`` NaN when missing."""
    reason = None
    if math.isnan(score):
        reason = f"{answered} of {total} statements answered; a score needs at least {needed}"
    return _frozen(
        ScaleScore,
        {
            "scale_id": scale.id,
            "name": scale.name,
            "kind": scale.kind,
            "mean": _optional(mean),
            "score": _optional(score),
            "answered": answered,
            "items": total,
            "missing_reason": reason,
            "needed": needed,
        },
    )


_T = TypeVar("_T")
_new = object.__new__
_set = object.__setattr__


def _frozen(cls: type[_T], values: dict[str, Any]) -> _T:
    """``cls(**values)`` for a frozen dataclass with no ``__post_init__`` (a scale's score, a
    change, a condition checked), ``values`` naming each of its fields once, in their order:
    the instance's ``__dict__`` set at once, where its ``__init__`` sets each field with a call
    of ``object.__setattr__``. The same object (equal, with the same hash, repr and pickle), in
    about half the time (sixteen scale scores, eight changes and four conditions a result page;
    issue 15's twenty-third pass; ``tests/core/test_scoring_frozen.py``)."""
    made = _new(cls)
    _set(made, "__dict__", values)
    return made


# ------------------------------------------------------------------------- explanation


def _explain(
    instrument: Instrument, row: Sequence[float], code: int, scale_scores: Sequence[float]
) -> Explanation:
    """Why one respondent (``row``: the answers in the items' order, NaN when missing) got
    the dynamic ``code`` (-1 for unscored) from ``scale_scores`` (NaN when missing)."""
    scores = dict(zip(instrument.scale_ids, scale_scores, strict=True))
    if code < 0:
        return _explain_unscored(instrument, scores)
    rule = instrument.dynamics[code]
    if not rule.is_fallback:
        drivers = _drivers(instrument, row, rule.conditions, toward=True)
        return _explanation(rule, (_rule_check(rule, scores),), drivers)
    others = tuple(_rule_check(r, scores) for r in instrument.dynamics if not r.is_fallback)
    if not others:
        return _explanation(rule, (), ())
    closest = min(others, key=_shortfall)
    failed = tuple(c.condition for c in closest.checks if not c.met)
    drivers = _drivers(instrument, row, failed, toward=False)
    return _explanation(rule, others, drivers, closest=closest.rule_id)


def _explanation(
    rule: DynamicRule,
    rules: tuple[RuleCheck, ...],
    drivers: tuple[Driver, ...],
    closest: str | None = None,
) -> Explanation:
    return Explanation(rule.id, rule.name, rule.description, rules, drivers, closest)


def _explain_unscored(instrument: Instrument, scores: Mapping[str, float]) -> Explanation:
    """No dynamic: the scales it needs that have too few answers, named by id in
    ``missing_scales``. The core gives no heading of its own (``dynamic_name`` is empty): the
    reader's layer words one in the reader's language from the id and the missing scales."""
    needed = {c.scale_id for r in instrument.dynamics for c in r.conditions}
    missing = tuple(s for s in instrument.scale_ids if s in needed and math.isnan(scores[s]))
    return Explanation(
        dynamic_id=UNSCORED,
        dynamic_name="",
        description=instrument.scoring.unscored_description,
        rules=(),
        drivers=(),
        missing_scales=missing,
    )


def _rule_check(rule: DynamicRule, scores: Mapping[str, float]) -> RuleCheck:
    checks = tuple(
        _frozen(
            ConditionCheck,
            {
                "condition": c,
                "score": _optional(scores[c.scale_id]),
                "met": bool(c.op.compare(scores[c.scale_id], c.value)),
            },
        )
        for c in rule.conditions
    )
    return RuleCheck(rule.id, rule.name, checks)


def _shortfall(rule: RuleCheck) -> float:
    """How far, in score points, a rule is from holding (0 when it holds)."""
    return sum(abs((c.score or 0.0) - c.condition.value) for c in rule.checks if not c.met)


def _drivers(
    instrument: Instrument, row: Sequence[float], conditions: Iterable[Condition], *, toward: bool
) -> tuple[Driver, ...]:
    """Answers pushing each condition's scale toward (or against) what the condition wants."""
    found: dict[str, Driver] = {}
    table = _model(instrument).drivers or {}
    for condition in conditions:
        wants_high = condition.op.wants_high == toward
        for item, value in _strongest(instrument, row, condition.scale_id, high=wants_high):
            if item.id in found:  # the first condition's stays, as before; none made twice
                continue
            # A whole answer of this item: its driver made with the model (made afresh, about
            # 6 µs a driver, twelve a result page; issue 15's twenty-third pass). The model is
            # shared by equal questionnaires, so the item kept may be an equal one loaded apart.
            kept = table.get(item.id)
            driver = (
                kept[1].get(value)
                if kept and (kept[0] is item or kept[0] == item) and type(value) is float
                else None
            )
            found[item.id] = _driver(instrument, item, value) if driver is None else driver
    return tuple(found.values())


def _strongest(
    instrument: Instrument, row: Sequence[float], scale_id: str, *, high: bool
) -> list[tuple[Item, float]]:
    """Up to three answered items of a scale whose recoded answers lean furthest one way.

    Only the scale's own items are visited, in the instrument's order (their places are kept
    with the instrument's model), with the recoding written out: walking every item of the
    instrument for each of a rule's conditions, and looking the midpoint up for each, was
    about a third of scoring one take (issue 15's eighteenth pass). The same answers in the
    same order, so the same three (``tests/core/test_scoring_drivers.py``)."""
    items = instrument.items
    if len(row) != len(items):
        raise ValueError(f"the row has {len(row)} answers for {len(items)} items")
    scale = instrument.response_scale
    ends, midpoint = scale.min + scale.max, scale.midpoint
    places = _model(instrument).scale_items or {}
    pairs = []
    for j in places.get(scale_id, ()):
        value = row[j]
        if not math.isnan(value):
            item = items[j]
            lean = (ends - value if item.reverse else value) - midpoint
            if (lean > 0) == high and lean != 0:
                pairs.append((abs(lean), item, value))
    pairs.sort(key=lambda p: -p[0])
    return [(item, value) for _, item, value in pairs[:DRIVERS_PER_CONDITION]]


def _recode(instrument: Instrument, item: Item, value: float) -> float:
    scale = instrument.response_scale
    return scale.min + scale.max - value if item.reverse else value


def _driver(instrument: Instrument, item: Item, value: float) -> Driver:
    """One answer that shaped a result, with its label looked up in the model's table of
    labels (``ResponseScale.label`` walks the anchors for each answer: issue 15's nineteenth
    pass)."""
    return _made_driver(instrument, item, value, _model(instrument).labels or {})


def _made_driver(
    instrument: Instrument, item: Item, value: float, labels: Mapping[int, str]
) -> Driver:
    """:func:`_driver` with the response scale's labels by value (``labels``) given."""
    scale = instrument.response_scale
    lean = _recode(instrument, item, value) - scale.midpoint
    point = round(value)
    label = labels.get(point)
    return Driver(
        item_id=item.id,
        text=item.text,
        scale_id=item.scale_id,
        facet_id=item.facet_id,
        answer=value,
        answer_label=scale.label(point) if label is None else label,
        reverse=item.reverse,
        direction=Direction.RAISES if lean > 0 else Direction.LOWERS,
    )


# ------------------------------------------------------------------------- safety screen


@dataclass(frozen=True)
class ScreenResult:
    """A safety screen's outcome. Private to the person; never shown to a partner."""

    instrument_id: str
    flagged: bool
    answered: int
    message: str
    resources: tuple[str, ...]


def screen_one(instrument: Instrument, answers: Mapping[str, int | None]) -> ScreenResult:
    """Apply a screen's flag rule: flagged when any answer is at or above its threshold."""
    if instrument.flag is None:
        raise InstrumentError(f"{instrument.id}: not a screen (it has no [flag] table)")
    row = _answer_row(instrument, answers)
    given = [v for v in row if not math.isnan(v)]
    flagged = any(v >= instrument.flag.at_or_above for v in given)
    return ScreenResult(
        instrument_id=instrument.id,
        flagged=flagged,
        answered=len(given),
        message=instrument.flag.message if flagged else "",
        resources=instrument.flag.resources,
    )


# ------------------------------------------------------------------------- change over time


class Trend(StrEnum):
    UP = "up"
    DOWN = "down"
    STEADY = "steady"
    UNKNOWN = "unknown"  # one of the two scores is missing


@dataclass(frozen=True)
class ScaleChange:
    scale_id: str
    name: str
    kind: ScaleKind
    before: float | None
    after: float | None
    trend: Trend

    @property
    def delta(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before

    @property
    def improved(self) -> bool | None:
        """Up on an axis or down on a pole; None when steady, unknown or another kind."""
        if self.trend in (Trend.STEADY, Trend.UNKNOWN) or self.kind is ScaleKind.OTHER:
            return None
        return (self.trend is Trend.UP) == (self.kind is ScaleKind.AXIS)


@dataclass(frozen=True)
class Change:
    """What changed between two results of the same instrument."""

    instrument_id: str
    scales: tuple[ScaleChange, ...]
    balance_before: float | None
    balance_after: float | None
    dynamic_before: str
    dynamic_after: str
    #: The two results come from different versions of the instrument: same scales, reworded
    #: statements, so a change may partly be the new wording (docs/inventory.md).
    across_versions: bool = False

    @property
    def dynamic_changed(self) -> bool:
        return self.dynamic_before != self.dynamic_after

    def scale(self, scale_id: str) -> ScaleChange:
        return next(s for s in self.scales if s.scale_id == scale_id)


#: Changes smaller than this many points (0-100) count as steady. Provisional.
STEADY_WITHIN = 5.0


class Compared(Protocol):
    """What :func:`compare` reads of the earlier result: a :class:`Result`, or the lighter
    :class:`_Scores` of :func:`change_since`."""

    @property
    def instrument_id(self) -> str: ...
    @property
    def scales(self) -> tuple[ScaleScore, ...]: ...
    @property
    def balance(self) -> float | None: ...
    @property
    def dynamic_id(self) -> str: ...


@dataclass(frozen=True)
class _Scores:
    """A result's scores without its explanation: all a change reads of the earlier take."""

    instrument_id: str
    scales: tuple[ScaleScore, ...]
    balance: float | None
    dynamic_id: str


def change_since(
    instrument: Instrument,
    answers: Mapping[str, int | None],
    current: Result,
    *,
    steady_within: float = STEADY_WITHIN,
) -> Change:
    """``compare(score_one(instrument, answers), current)``, without explaining the earlier
    take: a change reads only its scales, balance and dynamic, and the explanation (the
    answers that drove it) was about a third of scoring it on every view of a result page.
    Nor is its row of answers kept: only an explanation reads it."""
    one = _one_row(instrument, answers, keep_row=False)
    earlier = _Scores(
        instrument_id=instrument.id,
        scales=_scale_scores(instrument, one),
        balance=_optional(one.balance),
        dynamic_id=_dynamic_id(instrument, one.code),
    )
    return compare(earlier, current, steady_within=steady_within)


def compare(previous: Compared, current: Result, *, steady_within: float = STEADY_WITHIN) -> Change:
    """Change since last time. Two versions of one instrument compare scale by scale when they
    share every scale; other pairs raise :class:`IncomparableResults`."""
    same_scales = {s.scale_id for s in previous.scales} == {s.scale_id for s in current.scales}
    if previous.instrument_id != current.instrument_id and not (
        instrument_family(previous.instrument_id) == instrument_family(current.instrument_id)
        and same_scales
    ):
        raise IncomparableResults(
            f"cannot compare {previous.instrument_id!r} with {current.instrument_id!r}"
        )
    before = {s.scale_id: s for s in previous.scales}
    scales = tuple(_scale_change(before.get(s.scale_id), s, steady_within) for s in current.scales)
    return Change(
        instrument_id=current.instrument_id,
        scales=scales,
        balance_before=previous.balance,
        balance_after=current.balance,
        dynamic_before=previous.dynamic_id,
        dynamic_after=current.dynamic_id,
        across_versions=previous.instrument_id != current.instrument_id,
    )


def _scale_change(before: ScaleScore | None, after: ScaleScore, steady: float) -> ScaleChange:
    old = before.score if before else None
    return _frozen(
        ScaleChange,
        {
            "scale_id": after.scale_id,
            "name": after.name,
            "kind": after.kind,
            "before": old,
            "after": after.score,
            "trend": _trend(old, after.score, steady),
        },
    )


def _trend(before: float | None, after: float | None, steady: float) -> Trend:
    if before is None or after is None:
        return Trend.UNKNOWN
    if abs(after - before) < steady:
        return Trend.STEADY
    return Trend.UP if after > before else Trend.DOWN
