"""One person's scoring with fewer checks and lookups on the usual path (issue 15's nineteenth
pass), held to the code it replaced, kept here word for word as the reference:

- an answer that is a plain ``int`` in range is checked with one type test; anything else is
  checked (and refused) as before, with the same message;
- an answer that shaped a result takes its label from a table kept with the instrument's
  model, the first anchor of that value as ``ResponseScale.label`` finds it, and no driver is
  made for an answer a condition before it already named;
- the take compared with (``change_since``) keeps no row of answers, which only an
  explanation reads.
"""

from __future__ import annotations

import dataclasses
import math
import struct
from collections.abc import Callable, Iterable, Mapping, Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interdepend.core import scoring
from interdepend.core.errors import AnswerError
from interdepend.core.instrument import Anchor, Condition, Instrument, load_builtin

VERSIONS = ("interdependence_inventory_v2", "interdependence_inventory_v1", "partner_perception_v1")
INSTRUMENTS = [load_builtin(v, language) for v in VERSIONS for language in ("en", "es")]
fast = settings(max_examples=150, deadline=None)


class Whole(int):
    """A subclass of ``int`` other than ``bool``: an answer the old check let through."""


def old_means_one(
    instrument: Instrument, answers: Mapping[str, object], *, keep_row: bool
) -> tuple[list[float], list[int], list[float]]:
    """``scoring._means_one`` before the nineteenth pass, word for word (less its model)."""
    model = scoring._model(instrument)
    unknown = answers.keys() - model.known
    if unknown:
        raise AnswerError(f"{instrument.id}: unknown item {sorted(unknown)[0]!r}")
    lowest, highest = instrument.response_scale.min, instrument.response_scale.max
    count = len(instrument.scales)
    given_ = [0.0] * count
    answered = [0] * count
    reversed_answered = [0] * count
    row: list[float] = []
    for item_id, k, reverse in model.plan:
        value = answers.get(item_id)
        if value is None:
            if keep_row:
                row.append(math.nan)
            continue
        if isinstance(value, bool) or not isinstance(value, int) or not lowest <= value <= highest:
            raise AnswerError(
                f"{instrument.id}: item {item_id!r}: {value!r} is not a whole number "
                f"{lowest}-{highest}"
            )
        if keep_row:
            row.append(float(value))
        answered[k] += 1
        if reverse:
            given_[k] -= float(value)
            reversed_answered[k] += 1
        else:
            given_[k] += float(value)
    low, high = model.low, model.high
    means = [
        (given_[k] + (low + high) * reversed_answered[k]) / answered[k]
        if answered[k] and answered[k] >= model.needed_one[k]
        else math.nan
        for k in range(count)
    ]
    return means, answered, row


def old_drivers(
    instrument: Instrument, row: Sequence[float], conditions: Iterable[Condition], *, toward: bool
) -> tuple[scoring.Driver, ...]:
    """``scoring._drivers`` before the nineteenth pass, with its ``_driver``, word for word."""
    found: dict[str, scoring.Driver] = {}
    for condition in conditions:
        wants_high = condition.op.wants_high == toward
        for item, value in scoring._strongest(instrument, row, condition.scale_id, high=wants_high):
            scale = instrument.response_scale
            lean = scoring._recode(instrument, item, value) - scale.midpoint
            found.setdefault(
                item.id,
                scoring.Driver(
                    item_id=item.id,
                    text=item.text,
                    scale_id=item.scale_id,
                    facet_id=item.facet_id,
                    answer=value,
                    answer_label=scale.label(round(value)),
                    reverse=item.reverse,
                    direction=scoring.Direction.RAISES if lean > 0 else scoring.Direction.LOWERS,
                ),
            )
    return tuple(found.values())


def _bits(values: Sequence[float]) -> list[bytes]:
    return [struct.pack("<d", v) for v in values]


def _outcome(work: Callable[[], object]) -> object:
    """What a call gave: its value, or the message it refused with."""
    try:
        return work()
    except AnswerError as error:
        return ("refused", str(error))


odd_answers = st.one_of(
    st.none(),
    st.integers(-3, 11),
    st.integers(-3, 11).map(Whole),
    st.booleans(),
    st.floats(allow_nan=False, min_value=-2, max_value=9),
    st.sampled_from(["3", "", "7 ", b"4"]),
)


@fast
@given(data=st.data())
def test_each_answer_is_checked_and_summed_as_before(data: st.DataObject) -> None:
    """Any mix of answers, right and wrong (bools, floats, texts, whole numbers outside the
    scale, a subclass of ``int``) and unknown items: the same means, counts and row to the
    last bit, or the same refusal with the same message."""
    instrument = data.draw(st.sampled_from(INSTRUMENTS))
    ids = st.one_of(st.sampled_from(instrument.item_ids), st.sampled_from(["zz-a", "zz-b"]))
    rightly = data.draw(st.booleans())
    values = st.integers(1, 7) if rightly else odd_answers
    answers = data.draw(
        st.dictionaries(ids if not rightly else st.sampled_from(instrument.item_ids), values)
    )
    keep_row = data.draw(st.booleans())

    def new() -> object:
        _, means, answered, row = scoring._means_one(instrument, answers, keep_row=keep_row)
        return _bits(means), answered, _bits(row)

    def old() -> object:
        means, answered, row = old_means_one(instrument, answers, keep_row=keep_row)
        return _bits(means), answered, _bits(row)

    assert _outcome(new) == _outcome(old)


def test_a_subclass_of_int_in_range_is_still_an_answer() -> None:
    instrument = INSTRUMENTS[0]
    plain = {item_id: 1 + n % 7 for n, item_id in enumerate(instrument.item_ids)}
    subclassed = {item_id: Whole(value) for item_id, value in plain.items()}
    assert scoring._score_one(instrument, subclassed) == scoring._score_one(instrument, plain)
    for wrong in (True, Whole(0), Whole(8), 4.0):
        with pytest.raises(AnswerError, match="is not a whole number 1-7"):
            scoring._score_one(instrument, {instrument.item_ids[0]: wrong})  # type: ignore[dict-item]


@pytest.mark.parametrize("instrument", INSTRUMENTS, ids=lambda i: f"{i.id}-{i.language}")
@fast
@given(data=st.data())
def test_a_results_explanation_is_the_old_one(instrument: Instrument, data: st.DataObject) -> None:
    """Whole explanations (every rule, the fallback's closest rule and its failed conditions,
    the unscored) with the old ``_drivers`` patched in: the same drivers, labels and order."""
    level = st.integers(1, 7)
    if data.draw(st.booleans()):  # a profile: every scale at one level, so every rule is reached
        levels = {s.id: data.draw(level) for s in instrument.scales}
        answers: dict[str, int] = {
            i.id: 8 - levels[i.scale_id] if i.reverse else levels[i.scale_id]
            for i in instrument.items
            if data.draw(st.integers(0, 9))
        }
    else:
        answers = data.draw(st.dictionaries(st.sampled_from(instrument.item_ids), level))
    new = scoring._score_one(instrument, answers).explanation
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(scoring, "_drivers", old_drivers)
        old = scoring._score_one(instrument, answers).explanation
    assert new == old
    assert [d.answer_label for d in new.drivers] == [d.answer_label for d in old.drivers]


@pytest.mark.parametrize("instrument", INSTRUMENTS, ids=lambda i: f"{i.id}-{i.language}")
def test_every_points_label_is_the_scales_own(instrument: Instrument) -> None:
    scale = instrument.response_scale
    item = instrument.items[0]
    for point in range(scale.min, scale.max + 1):
        for value in (float(point), point - 0.4, point + 0.4):
            if scale.min <= round(value) <= scale.max:
                driver = scoring._driver(instrument, item, value)
                assert driver.answer_label == scale.label(round(value))


def test_two_anchors_of_one_value_keep_the_first_label() -> None:
    instrument = INSTRUMENTS[0]
    scale = instrument.response_scale
    anchors = (Anchor(4, "first <four>"), *scale.anchors, Anchor(4, "last four"))
    doubled = dataclasses.replace(
        instrument, response_scale=dataclasses.replace(scale, anchors=anchors)
    )
    driver = scoring._driver(doubled, doubled.items[0], 4.0)
    assert driver.answer_label == doubled.response_scale.label(4) == "first <four>"


def test_the_take_compared_with_keeps_no_row() -> None:
    instrument = INSTRUMENTS[0]
    answers = {item_id: 1 + n % 7 for n, item_id in enumerate(instrument.item_ids)}
    with_row = scoring._one_row(instrument, answers)
    without = scoring._one_row(instrument, answers, keep_row=False)
    assert without.row == [] and len(with_row.row) == len(instrument.items)
    assert (without.code, _bits(without.scores)) == (with_row.code, _bits(with_row.scores))
    current = scoring._score_one(instrument, answers)
    assert scoring.change_since(instrument, answers, current) == scoring.compare(current, current)
