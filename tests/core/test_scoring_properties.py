"""Property tests of the vectorised scoring: range, monotonicity, order, missing answers."""

from __future__ import annotations

import dataclasses
import math
import random
import struct
from collections.abc import Mapping

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from interdepend.core import scoring
from interdepend.core.errors import AnswerError
from interdepend.core.instrument import Instrument, load_builtin
from interdepend.core.scoring import answers_matrix, scale_scores_one, score_matrix

INVENTORY = load_builtin("interdependence_inventory_v2")
P = len(INVENTORY.items)
answer = st.one_of(st.integers(1, 7).map(float), st.just(math.nan))
matrices = st.integers(1, 12).flatmap(lambda n: hnp.arrays(np.float64, (n, P), elements=answer))
mostly_answered = st.integers(1, 8).flatmap(
    lambda n: hnp.arrays(np.float64, (n, P), elements=st.integers(1, 7).map(float))
)
fast = settings(max_examples=60, deadline=None)


def reference_mean(instrument: Instrument, row: np.ndarray, scale_id: str) -> float:
    """A plain-Python restatement of the rule in the docs."""
    low, high = instrument.response_scale.min, instrument.response_scale.max
    values = [
        (low + high - v) if item.reverse else v
        for item, v in zip(instrument.items, row, strict=True)
        if item.scale_id == scale_id and not math.isnan(v)
    ]
    total = len(instrument.items_of(scale_id))
    if len(values) < instrument.scoring.prorate_min_share * total - 1e-9:
        return math.nan
    return float(sum(values) / len(values))


@fast
@given(matrices)
def test_scores_stay_in_range(answers: np.ndarray) -> None:
    table = score_matrix(INVENTORY, answers)
    scores = table.scores[~np.isnan(table.scores)]
    assert ((scores >= 0) & (scores <= 100)).all()
    balance = table.balance[~np.isnan(table.balance)]
    assert ((balance >= 1 / 7 - 1e-12) & (balance <= 7 + 1e-12)).all()
    assert np.isfinite(balance).all()


@fast
@given(matrices)
def test_matches_the_stated_rule_including_prorating(answers: np.ndarray) -> None:
    table = score_matrix(INVENTORY, answers)
    for r, row in enumerate(answers):
        for k, scale_id in enumerate(INVENTORY.scale_ids):
            expected = reference_mean(INVENTORY, row, scale_id)
            assert math.isclose(table.means[r, k], expected, abs_tol=1e-9) or (
                math.isnan(expected) and math.isnan(table.means[r, k])
            )
        assert table.answered[r] == int((~np.isnan(row)).sum())


@fast
@given(mostly_answered, st.data())
def test_more_agreement_moves_the_scale_the_keyed_way(
    answers: np.ndarray, data: st.DataObject
) -> None:
    r = data.draw(st.integers(0, answers.shape[0] - 1))
    j = data.draw(st.integers(0, P - 1))
    if answers[r, j] == 7:
        answers[r, j] = 6
    before = score_matrix(INVENTORY, answers)
    raised = answers.copy()
    raised[r, j] += 1
    after = score_matrix(INVENTORY, raised)
    item = INVENTORY.items[j]
    k = INVENTORY.scale_ids.index(item.scale_id)
    if item.reverse:
        assert after.scores[r, k] <= before.scores[r, k]
    else:
        assert after.scores[r, k] >= before.scores[r, k]


@fast
@given(matrices, st.randoms(use_true_random=False))
def test_item_order_changes_nothing(answers: np.ndarray, rnd: random.Random) -> None:
    order = list(range(P))
    rnd.shuffle(order)
    shuffled = dataclasses.replace(INVENTORY, items=tuple(INVENTORY.items[i] for i in order))
    a = score_matrix(INVENTORY, answers)
    b = score_matrix(shuffled, answers[:, order])
    np.testing.assert_allclose(a.scores, b.scores, equal_nan=True)
    np.testing.assert_array_equal(a.dynamic_codes, b.dynamic_codes)


@fast
@given(matrices, st.randoms(use_true_random=False))
def test_respondent_order_changes_nothing(answers: np.ndarray, rnd: random.Random) -> None:
    order = list(range(answers.shape[0]))
    rnd.shuffle(order)
    a = score_matrix(INVENTORY, answers)
    b = score_matrix(INVENTORY, answers[order])
    np.testing.assert_allclose(a.scores[order], b.scores, equal_nan=True)
    np.testing.assert_allclose(a.balance[order], b.balance, equal_nan=True)
    np.testing.assert_array_equal(a.dynamic_codes[order], b.dynamic_codes)


def test_prorating_threshold_is_exactly_80_percent() -> None:
    self_items = [j for j, i in enumerate(INVENTORY.items) if i.scale_id == "self"]
    row = np.full((2, P), 4.0)
    assert len(self_items) == 16
    row[0, self_items[:3]] = np.nan  # 13 of 16 answered: 81 %
    row[1, self_items[:4]] = np.nan  # 12 of 16: 75 %
    scores = score_matrix(INVENTORY, row).score("self")
    assert scores[0] == 50.0
    assert math.isnan(scores[1])


def test_chunk_boundaries_change_nothing() -> None:
    rng = np.random.default_rng(7)
    answers = rng.integers(1, 8, size=(10_000, P)).astype(float)
    answers[rng.random(answers.shape) < 0.1] = np.nan
    whole = score_matrix(INVENTORY, answers)
    parts = [score_matrix(INVENTORY, answers[s : s + 999]) for s in range(0, 10_000, 999)]
    np.testing.assert_allclose(whole.scores, np.vstack([p.scores for p in parts]), equal_nan=True)


def test_out_of_range_value_is_named() -> None:
    import pytest

    from interdepend.core.errors import AnswerError

    answers = np.full((3, P), 4.0)
    answers[2, 5] = 9
    with pytest.raises(AnswerError, match=r"respondent 3, item 'sl06': 9 is outside 1-7"):
        score_matrix(INVENTORY, answers)
    with pytest.raises(AnswerError, match="answer matrix"):
        score_matrix(INVENTORY, np.zeros((2, 3)))


def test_all_missing_rows_are_unscored_not_errors() -> None:
    table = score_matrix(INVENTORY, np.full((2, P), np.nan))
    assert list(table.dynamic_ids()) == ["unscored", "unscored"]
    assert np.isnan(table.balance).all()
    assert list(table.answered) == [0, 0]


def test_scale_without_reverse_items_and_empty_matrix() -> None:
    screen = load_builtin("safety_screen_v1")
    table = score_matrix(screen, np.array([[4.0] * 6, [1.0] * 5 + [np.nan]]))
    assert list(table.score("safety")) == [100.0, 0.0]
    assert np.isnan(table.balance).all()  # a screen has no axes or poles
    assert len(score_matrix(INVENTORY, np.empty((0, P)))) == 0


ONE_ROW_INSTRUMENTS = [
    load_builtin(name)
    for name in (
        "interdependence_inventory_v1",
        "interdependence_inventory_v2",
        "partner_perception_v1",
    )
]


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_one_row_in_plain_python_is_the_matrix_s_row_to_the_last_bit(data: st.DataObject) -> None:
    """``scale_scores_one`` (the journal's write page and the question for today score one
    person's answers with it: issue 15's eleventh pass) gives the very doubles
    ``score_matrix`` gives for the same row: NaN where it has NaN, equal bits elsewhere, so a
    tie between two scales is a tie in both."""
    instrument = data.draw(st.sampled_from(ONE_ROW_INSTRUMENTS))
    low, high = instrument.response_scale.min, instrument.response_scale.max
    answers = data.draw(
        st.dictionaries(
            st.sampled_from(list(instrument.item_ids)),
            st.one_of(st.none(), st.integers(min_value=low, max_value=high)),
        )
    )
    if data.draw(st.booleans()):  # every item answered, or every one with one value
        fill = data.draw(st.one_of(st.none(), st.integers(min_value=low, max_value=high)))
        answers = {item_id: answers.get(item_id, fill) for item_id in instrument.item_ids}
    row = scale_scores_one(instrument, answers)
    matrix = score_matrix(instrument, answers_matrix(instrument, [answers])).scores[0].tolist()
    assert len(row) == len(matrix) == len(instrument.scales)
    for mine, theirs in zip(row, matrix, strict=True):
        assert (math.isnan(mine) and math.isnan(theirs)) or struct.pack("<d", mine) == struct.pack(
            "<d", theirs
        )


def test_one_row_refuses_what_the_matrix_refuses() -> None:
    for bad in ({"zz-not-an-item": 3}, {INVENTORY.item_ids[0]: 9}, {INVENTORY.item_ids[0]: True}):
        with pytest.raises(AnswerError) as one:
            scale_scores_one(INVENTORY, bad)
        with pytest.raises(AnswerError) as many:
            answers_matrix(INVENTORY, [bad])
        assert str(one.value) == str(many.value)


def test_one_row_refuses_each_wrong_answer_as_the_matrix_does() -> None:
    """Checked in the same walk as the sums: the same first complaint as ``answers_matrix``
    (an unknown item before a wrong answer, the first unknown in sorted order, the first wrong
    answer in the items' order), for each kind of wrong answer."""
    first, second = INVENTORY.item_ids[0], INVENTORY.item_ids[1]
    low, high = INVENTORY.response_scale.min, INVENTORY.response_scale.max
    cases = [
        {"zz-b": 3, "zz-a": 3},
        {second: 9, "zz-x": 2},
        {second: high + 1, first: low - 1},
        {first: None, second: 3.0},
        {first: "3"},
        {first: False},
        {second: None, first: high, INVENTORY.item_ids[2]: -1},
    ]
    for bad in cases:
        with pytest.raises(AnswerError) as one:
            scale_scores_one(INVENTORY, bad)  # type: ignore[arg-type]  # wrong on purpose
        with pytest.raises(AnswerError) as many:
            answers_matrix(INVENTORY, [bad])  # type: ignore[list-item]  # wrong on purpose
        assert str(one.value) == str(many.value), bad


def test_one_row_does_not_list_the_instrument_s_items_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The items' ids, scales and keys are kept with the instrument's model, made once: one
    row's scores no longer list the ids and make a set of them on every call (half of the
    work on the journal's write page and the question for today: issue 15's thirteenth
    pass)."""
    from interdepend.core.instrument import Instrument

    answers = dict.fromkeys(INVENTORY.item_ids, 4)
    before = scale_scores_one(INVENTORY, answers)  # the model made
    listed: list[str] = []
    ids = Instrument.item_ids

    def counted(self: Instrument) -> tuple[str, ...]:
        listed.append(self.id)
        return ids.fget(self)  # type: ignore[attr-defined, no-any-return]  # the property's getter

    monkeypatch.setattr(Instrument, "item_ids", property(counted))
    assert scale_scores_one(INVENTORY, answers) == before
    assert listed == []


def _matrix_result(instrument: Instrument, answers: Mapping[str, int | None]) -> scoring.Result:
    """One respondent scored as ``score_one`` scored before issue 15's fifteenth pass: through
    ``score_matrix`` (NumPy) and the explanation of its row, kept here as the rule the plain
    Python path is held to."""
    row = np.array([scoring._answer_row(instrument, answers)])
    table = score_matrix(instrument, row)
    needed = scoring._model(instrument).needed

    def optional(value: float) -> float | None:
        return None if math.isnan(value) else float(value)

    scales = []
    for k, scale in enumerate(instrument.scales):
        answered, total = int(table.answered_by_scale[0, k]), len(instrument.items_of(scale.id))
        score = optional(table.scores[0, k])
        scales.append(
            scoring.ScaleScore(
                scale_id=scale.id,
                name=scale.name,
                kind=scale.kind,
                mean=optional(table.means[0, k]),
                score=score,
                answered=answered,
                items=total,
                missing_reason=None
                if score is not None
                else f"{answered} of {total} statements answered; a score needs at least "
                f"{int(needed[k])}",
                needed=int(needed[k]),
            )
        )
    return scoring.Result(
        instrument_id=instrument.id,
        instrument_version=instrument.version,
        scales=tuple(scales),
        balance=optional(table.balance[0]),
        dynamic_id=str(table.dynamic_ids()[0]),
        answered=int(table.answered[0]),
        items=len(instrument.items),
        explanation=scoring._explain(
            instrument, row[0].tolist(), int(table.dynamic_codes[0]), table.scores[0].tolist()
        ),
    )


def _bits(value: float | None) -> bytes | None:
    return None if value is None else struct.pack("<d", value)


def _one_answers(data: st.DataObject, instrument: Instrument) -> dict[str, int | None]:
    low, high = instrument.response_scale.min, instrument.response_scale.max
    answers = data.draw(
        st.dictionaries(
            st.sampled_from(list(instrument.item_ids)),
            st.one_of(st.none(), st.integers(min_value=low, max_value=high)),
        )
    )
    shape = data.draw(st.sampled_from(("as drawn", "all answered", "one value", "by scale")))
    if shape == "all answered":
        every = data.draw(st.integers(min_value=low, max_value=high))
        answers = {item_id: answers.get(item_id) or every for item_id in instrument.item_ids}
    elif shape == "one value":
        fill = data.draw(st.one_of(st.none(), st.integers(min_value=low, max_value=high)))
        answers = {item_id: answers.get(item_id, fill) for item_id in instrument.item_ids}
    elif shape == "by scale":  # each scale high or low throughout: every dynamic is reached
        levels = {
            s.id: data.draw(st.integers(min_value=low, max_value=high)) for s in instrument.scales
        }
        answers = {
            i.id: (low + high - levels[i.scale_id]) if i.reverse else levels[i.scale_id]
            for i in instrument.items
            if data.draw(st.integers(0, 9)) or answers.get(i.id, 0) is not None
        }
    return answers


@settings(max_examples=400, deadline=None)
@given(st.data())
def test_one_result_in_plain_python_is_the_matrix_s_to_the_last_bit(data: st.DataObject) -> None:
    """``score_one`` (every result page, the couple view, how each sees the other) scores one
    respondent in plain Python since issue 15's fifteenth pass: the same result as the NumPy
    matrix gave, the scores, means and balance to the last bit, the same dynamic and the same
    explanation (rules, drivers, closest rule, missing scales), in English and Spanish."""
    instrument = data.draw(st.sampled_from(ONE_RESULT_INSTRUMENTS))
    answers = _one_answers(data, instrument)
    mine, theirs = scoring._score_one(instrument, answers), _matrix_result(instrument, answers)
    assert mine == theirs
    assert _bits(mine.balance) == _bits(theirs.balance)
    for a, b in zip(mine.scales, theirs.scales, strict=True):
        assert (_bits(a.score), _bits(a.mean)) == (_bits(b.score), _bits(b.mean))
    # The lighter change reads the same scales, balance and dynamic.
    current = scoring._score_one(instrument, _one_answers(data, instrument))
    assert scoring.change_since(instrument, answers, current) == scoring.compare(theirs, current)


def test_every_dynamic_and_the_unscored_are_among_the_results_held_equal() -> None:
    """The property above reaches every rule of each instrument, its fallback and the
    unscored (a check that its answers are not all of one kind)."""
    for instrument in ONE_RESULT_INSTRUMENTS:
        low, high = instrument.response_scale.min, instrument.response_scale.max
        reached = set()
        rng = random.Random(15)
        for _ in range(3000):
            levels = {s.id: rng.randint(low, high) for s in instrument.scales}
            answers = {
                i.id: (low + high - levels[i.scale_id]) if i.reverse else levels[i.scale_id]
                for i in instrument.items
                if rng.random() < 0.9
            }
            mine = scoring._score_one(instrument, answers)
            assert mine == _matrix_result(instrument, answers)
            reached.add(mine.dynamic_id)
        assert scoring._score_one(instrument, {}).dynamic_id == scoring.UNSCORED
        assert reached >= {d.id for d in instrument.dynamics}, instrument.id


def test_one_result_refuses_what_the_matrix_refuses() -> None:
    first, second = INVENTORY.item_ids[0], INVENTORY.item_ids[1]
    cases = [
        {"zz-b": 3, "zz-a": 3},
        {second: 9, "zz-x": 2},
        {second: 8, first: 0},
        {first: None, second: 3.0},
        {first: "3"},
        {first: True},
    ]
    for bad in cases:
        with pytest.raises(AnswerError) as one:
            scoring._score_one(INVENTORY, bad)  # type: ignore[arg-type]  # wrong on purpose
        with pytest.raises(AnswerError) as many:
            _matrix_result(INVENTORY, bad)  # type: ignore[arg-type]  # wrong on purpose
        assert str(one.value) == str(many.value), bad


ONE_RESULT_INSTRUMENTS = [
    load_builtin(name, language)
    for name in (
        "interdependence_inventory_v1",
        "interdependence_inventory_v2",
        "partner_perception_v1",
    )
    for language in ("en", "es")
]
