"""A scale's score, a change and a condition checked made with their ``__dict__`` set at once
(``scoring._frozen``, issue 15's twenty-third pass), held to the same dataclasses made by their
own ``__init__``: equal, with the same hash, repr, fields and pickle, over any values; and the
results, changes and explanations scoring gives, to those made with ``__init__`` throughout."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interdepend.core import scoring
from interdepend.core.instrument import Condition, Instrument, Op, ScaleKind
from tests.core.test_scoring_one_checks import INSTRUMENTS

MADE = (scoring.ScaleScore, scoring.ScaleChange, scoring.ConditionCheck)
fast = settings(max_examples=200, deadline=None)

texts = st.text(max_size=12)
numbers = st.one_of(st.none(), st.floats(allow_nan=False), st.integers(-5, 200))
scores: st.SearchStrategy[dict[str, Any]] = st.builds(
    dict,
    scale_id=texts,
    name=texts,
    kind=st.sampled_from(ScaleKind),
    mean=numbers,
    score=numbers,
    answered=st.integers(0, 80),
    items=st.integers(0, 80),
    missing_reason=st.one_of(st.none(), texts),
    needed=st.integers(0, 80),
)
changes: st.SearchStrategy[dict[str, Any]] = st.builds(
    dict,
    scale_id=texts,
    name=texts,
    kind=st.sampled_from(ScaleKind),
    before=numbers,
    after=numbers,
    trend=st.sampled_from(scoring.Trend),
)
conditions: st.SearchStrategy[dict[str, Any]] = st.builds(
    dict,
    condition=st.builds(Condition, scale_id=texts, op=st.sampled_from(Op), value=st.floats(0, 100)),
    score=numbers,
    met=st.booleans(),
)


def test_each_class_made_so_has_no_post_init_and_no_slots() -> None:
    for cls in MADE:
        assert dataclasses.is_dataclass(cls)
        assert vars(cls)["__dataclass_params__"].frozen
        assert not hasattr(cls, "__post_init__")
        assert not hasattr(cls, "__slots__")


@fast
@given(
    made=st.one_of(
        scores.map(lambda v: (scoring.ScaleScore, v)),
        changes.map(lambda v: (scoring.ScaleChange, v)),
        conditions.map(lambda v: (scoring.ConditionCheck, v)),
    )
)
def test_an_instance_made_at_once_is_the_one_init_makes(
    made: tuple[type[Any], dict[str, Any]],
) -> None:
    cls, values = made
    new: Any = scoring._frozen(cls, dict(values))
    old: Any = cls(**values)
    assert type(new) is cls
    assert new == old and old == new
    assert repr(new) == repr(old)
    assert hash(new) == hash(old)
    assert vars(new) == vars(old) and list(vars(new)) == list(vars(old))
    assert dataclasses.asdict(new) == dataclasses.asdict(old)
    assert pickle.loads(pickle.dumps(new)) == old
    assert copy.copy(new) == old and copy.deepcopy(new) == old
    first = dataclasses.fields(cls)[0].name
    assert dataclasses.replace(new, **{first: "x"}) == dataclasses.replace(old, **{first: "x"})
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(new, first, "y")


def _init_made(cls: type, values: dict[str, Any]) -> Any:
    return cls(**values)


@pytest.mark.parametrize("instrument", INSTRUMENTS, ids=lambda i: f"{i.id}-{i.language}")
@fast
@given(data=st.data())
def test_results_and_changes_are_those_init_makes(
    instrument: Instrument, data: st.DataObject
) -> None:
    level = st.integers(1, 7)
    answers = [
        data.draw(st.dictionaries(st.sampled_from(instrument.item_ids), level)) for _ in range(2)
    ]
    new = scoring._score_one(instrument, answers[0])
    new_change = scoring.change_since(instrument, answers[1], new)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(scoring, "_frozen", _init_made)
        old = scoring._score_one(instrument, answers[0])
        old_change = scoring.change_since(instrument, answers[1], old)
    assert new == old and repr(new) == repr(old)
    assert new_change == old_change and repr(new_change) == repr(old_change)
    assert hash(new.scales) == hash(old.scales)
