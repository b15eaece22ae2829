"""The answers that shaped a result, found by visiting only each scale's own items.

``scoring._strongest`` walked every item of the instrument for each of a rule's conditions;
since issue 15's eighteenth pass it visits only the scale's items, at places kept with the
instrument's model. These tests hold it to the old walk, kept here as the reference, over
random rows of answers (any mix of missing ones, both keyings, every scale, both directions),
and hold a whole result's drivers to the same reference.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interdepend.core import scoring
from interdepend.core.instrument import Instrument, Item, load_builtin

VERSIONS = ("interdependence_inventory_v2", "interdependence_inventory_v1")
fast = settings(max_examples=80, deadline=None)


def old_strongest(
    instrument: Instrument, row: Sequence[float], scale_id: str, *, high: bool
) -> list[tuple[Item, float]]:
    """The walk as it was before the eighteenth pass, word for word."""
    scale = instrument.response_scale
    pairs = []
    for item, value in zip(instrument.items, row, strict=True):
        if item.scale_id == scale_id and not math.isnan(value):
            lean = scoring._recode(instrument, item, value) - scale.midpoint
            if (lean > 0) == high and lean != 0:
                pairs.append((abs(lean), item, value))
    pairs.sort(key=lambda p: -p[0])
    return [(item, value) for _, item, value in pairs[: scoring.DRIVERS_PER_CONDITION]]


def rows(instrument: Instrument) -> st.SearchStrategy[list[float]]:
    answer = st.one_of(st.integers(1, 7).map(float), st.just(math.nan))
    n = len(instrument.items)
    return st.lists(answer, min_size=n, max_size=n)


@pytest.mark.parametrize("version", VERSIONS)
@fast
@given(data=st.data())
def test_each_scale_gives_the_same_answers_in_the_same_order(
    version: str, data: st.DataObject
) -> None:
    instrument = load_builtin(version)
    row = data.draw(rows(instrument))
    for scale in instrument.scales:
        for high in (True, False):
            got = scoring._strongest(instrument, row, scale.id, high=high)
            assert got == old_strongest(instrument, row, scale.id, high=high)
            assert all(item.scale_id == scale.id for item, _ in got)


@pytest.mark.parametrize("version", VERSIONS)
def test_ties_keep_the_instruments_order(version: str) -> None:
    """Every answer at the top of the scale: many items lean alike, and the first three of
    the scale in the instrument's order are the ones named, as before."""
    instrument = load_builtin(version)
    for value in (1.0, 7.0):
        row = [value] * len(instrument.items)
        for scale in instrument.scales:
            for high in (True, False):
                got = scoring._strongest(instrument, row, scale.id, high=high)
                assert got == old_strongest(instrument, row, scale.id, high=high)


def test_a_row_of_the_wrong_length_is_refused_as_before() -> None:
    instrument = load_builtin(VERSIONS[0])
    short = [4.0] * (len(instrument.items) - 1)
    scale_id = instrument.scales[0].id
    with pytest.raises(ValueError):
        old_strongest(instrument, short, scale_id, high=True)
    with pytest.raises(ValueError):
        scoring._strongest(instrument, short, scale_id, high=True)


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("language", ["en", "es"])
@fast
@given(data=st.data())
def test_a_results_drivers_are_the_old_walks(
    version: str, language: str, data: st.DataObject
) -> None:
    instrument = load_builtin(version, language)
    answers = data.draw(
        st.dictionaries(st.sampled_from(instrument.item_ids), st.integers(1, 7), max_size=80)
    )
    new = scoring._score_one(instrument, answers).explanation
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(scoring, "_strongest", old_strongest)
        old = scoring._score_one(instrument, answers).explanation
    assert new == old
