"""The answers that shaped a result taken from a table made with the instrument's model (issue
15's twenty-third pass): each item's driver for each whole answer is made once, by the same
function that made one for each answer on every view, and a view takes it from the table. Held
here to the drivers made afresh (``_drivers`` as it stood before, kept word for word as the
reference), over any answers; an answer that is not a plain whole float of the scale, or an
item not the instrument's own, is made afresh as before."""

from __future__ import annotations

import copy
import dataclasses
import math
from collections.abc import Iterable, Sequence

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interdepend.core import scoring
from interdepend.core.instrument import Condition, Instrument
from tests.core.test_scoring_one_checks import INSTRUMENTS

fast = settings(max_examples=150, deadline=None)


def made_afresh(
    instrument: Instrument, row: Sequence[float], conditions: Iterable[Condition], *, toward: bool
) -> tuple[scoring.Driver, ...]:
    """``scoring._drivers`` before the twenty-third pass, word for word."""
    found: dict[str, scoring.Driver] = {}
    for condition in conditions:
        wants_high = condition.op.wants_high == toward
        for item, value in scoring._strongest(instrument, row, condition.scale_id, high=wants_high):
            if item.id not in found:  # the first condition's stays, as before; none made twice
                found[item.id] = scoring._driver(instrument, item, value)
    return tuple(found.values())


def _drawn_answers(instrument: Instrument, data: st.DataObject) -> dict[str, int]:
    level = st.integers(instrument.response_scale.min, instrument.response_scale.max)
    if data.draw(st.booleans()):  # a profile: every scale at one level, so every rule is reached
        levels = {s.id: data.draw(level) for s in instrument.scales}
        ends = instrument.response_scale.min + instrument.response_scale.max
        return {
            i.id: ends - levels[i.scale_id] if i.reverse else levels[i.scale_id]
            for i in instrument.items
            if data.draw(st.integers(0, 9))
        }
    return data.draw(st.dictionaries(st.sampled_from(instrument.item_ids), level))


def _described(drivers: Iterable[scoring.Driver]) -> list[tuple[str, type, str]]:
    """Each driver's repr and its answer's type (a float, as the row held it)."""
    return [(repr(d), type(d.answer), d.answer_label) for d in drivers]


@pytest.mark.parametrize("instrument", INSTRUMENTS, ids=lambda i: f"{i.id}-{i.language}")
@fast
@given(data=st.data())
def test_a_results_drivers_are_those_made_afresh(
    instrument: Instrument, data: st.DataObject
) -> None:
    """Any answers (every rule, the fallback's closest rule and its failed conditions, the
    unscored): the same result, the same drivers in the same order, field for field."""
    answers = _drawn_answers(instrument, data)
    new = scoring._score_one(instrument, answers)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(scoring, "_drivers", made_afresh)
        old = scoring._score_one(instrument, answers)
    assert new == old
    assert _described(new.explanation.drivers) == _described(old.explanation.drivers)


@pytest.mark.parametrize("instrument", INSTRUMENTS, ids=lambda i: f"{i.id}-{i.language}")
def test_the_table_holds_each_items_driver_for_each_whole_answer(instrument: Instrument) -> None:
    table = scoring._model(instrument).drivers
    assert table is not None
    scale = instrument.response_scale
    assert list(table) == list(instrument.item_ids)
    for item in instrument.items:
        kept_item, by_answer = table[item.id]
        assert kept_item == item  # the model is shared by equal questionnaires
        assert list(by_answer) == [
            float(p)
            for p in range(scale.min, scale.max + 1)
            if p in {a.value for a in scale.anchors}
        ]
        for value, driver in by_answer.items():
            afresh = scoring._driver(instrument, item, value)
            assert driver == afresh and repr(driver) == repr(afresh)
            assert type(driver.answer) is float


@fast
@given(data=st.data())
def test_other_answers_are_made_afresh(data: st.DataObject) -> None:
    """A row of NumPy floats, or of answers between the scale's points, is not a plain whole
    float: its drivers are made afresh, with the very values the row holds."""
    instrument = data.draw(st.sampled_from([i for i in INSTRUMENTS if i.dynamics]))
    scale = instrument.response_scale
    values = st.one_of(
        st.just(math.nan),
        st.integers(scale.min, scale.max).map(np.float64),
        st.floats(scale.min, scale.max, allow_nan=False).filter(lambda v: v != round(v)),
        st.integers(scale.min, scale.max).map(float),
    )
    row = [data.draw(values) for _ in instrument.items]
    rule = data.draw(st.sampled_from(instrument.dynamics))
    toward = data.draw(st.booleans())
    new = scoring._drivers(instrument, row, rule.conditions, toward=toward)
    old = made_afresh(instrument, row, rule.conditions, toward=toward)
    assert new == old
    assert _described(new) == _described(old)


def test_an_equal_instrument_or_a_changed_item_is_made_afresh() -> None:
    instrument = INSTRUMENTS[0]
    answers = {item_id: 1 + n % 7 for n, item_id in enumerate(instrument.item_ids)}
    row = scoring._one_row(instrument, answers).row
    rule = instrument.dynamics[0]
    expected = made_afresh(instrument, row, rule.conditions, toward=False)
    copy = dataclasses.replace(instrument)
    assert copy == instrument and copy is not instrument
    assert scoring._drivers(copy, row, rule.conditions, toward=False) == expected
    # The same ids, other words: the model made for the equal instrument is not this one's.
    reworded = dataclasses.replace(
        instrument,
        items=tuple(dataclasses.replace(i, text=f"<{i.text}>") for i in instrument.items),
    )
    drivers = scoring._drivers(reworded, row, rule.conditions, toward=False)
    assert drivers == made_afresh(reworded, row, rule.conditions, toward=False)
    assert all(d.text.startswith("<") for d in drivers)


def test_a_point_without_a_label_is_left_to_be_looked_for_as_before() -> None:
    """A scale from 0 with no anchor for 0: its model is made, its drivers of other answers
    are the table's, and a driver of a 0 is looked for and not found, as before."""
    instrument = INSTRUMENTS[0]
    scale = dataclasses.replace(instrument.response_scale, min=0)
    zeroed = dataclasses.replace(instrument, response_scale=scale)
    table = scoring._model(zeroed).drivers
    assert table is not None and 0.0 not in table[zeroed.items[0].id][1]
    assert list(table[zeroed.items[0].id][1]) == [float(p) for p in range(1, scale.max + 1)]
    row = [0.0] * len(zeroed.items)
    with pytest.raises(StopIteration):
        scoring._drivers(zeroed, row, zeroed.dynamics[0].conditions, toward=False)
    with pytest.raises(StopIteration):
        made_afresh(zeroed, row, zeroed.dynamics[0].conditions, toward=False)


@pytest.mark.parametrize("instrument", INSTRUMENTS[:2], ids=lambda i: f"{i.id}-{i.language}")
def test_an_equal_questionnaire_loaded_apart_takes_its_drivers_from_the_shared_table(
    instrument: Instrument,
) -> None:
    """The model is shared by equal questionnaires (``_model_of`` is cached by equality), so
    one loaded apart finds items equal to its own, not the same objects, in the table: its
    drivers are still the table's, and the same as made afresh (the whole suite once loaded an
    equal questionnaire first, and the table held another's items)."""
    apart = copy.deepcopy(instrument)
    assert apart == instrument and apart.items[0] is not instrument.items[0]
    table = scoring._model(apart).drivers
    assert table is not None
    answers = {item_id: 1 + n % 7 for n, item_id in enumerate(apart.item_ids)}
    new = scoring._score_one(apart, answers)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(scoring, "_drivers", made_afresh)
        old = scoring._score_one(apart, answers)
    assert new == old
    kept = [table[d.item_id][1][d.answer] for d in new.explanation.drivers]
    assert all(a is b for a, b in zip(kept, new.explanation.drivers, strict=True))
