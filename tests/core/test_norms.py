"""Norms as percentiles: worked examples and properties (issue 17)."""

from __future__ import annotations

import math
import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from interdepend.core.norms import (
    NORMS_MINIMUM,
    PERCENTILES,
    NormsError,
    build_norms,
    percentile_of,
)

score = st.one_of(
    st.integers(0, 100).map(float),
    st.floats(0, 100, allow_nan=False),
    st.just(math.nan),
)
columns = st.integers(1, 40).flatmap(
    lambda n: hnp.arrays(np.float64, (n, 1), elements=score).filter(
        lambda a: bool((~np.isnan(a)).any())
    )
)
fast = settings(max_examples=50, deadline=None)


# --- worked examples ------------------------------------------------------------------------


def test_mid_rank_by_hand() -> None:
    # Scores 10, 20, 20, 40: at 20 one person is below and two are at it → (1 + 1) / 4 = 50 %.
    norms = build_norms([[10.0], [20.0], [20.0], [40.0]], ["self"])
    table = norms.scale("self")
    assert table.ranks[20] == 50.0
    assert table.ranks[10] == 12.5  # (0 + ½) / 4
    assert table.ranks[15] == 25.0  # one of four below, none at it
    assert table.ranks[40] == 87.5  # (3 + ½) / 4
    assert table.ranks[0] == 0.0
    assert table.ranks[100] == 100.0
    assert percentile_of(norms, "self", 20) == 50.0
    assert percentile_of(norms, "self", 10.5) == pytest.approx(12.5 + 0.5 * (25.0 - 12.5))


def test_percentiles_by_hand() -> None:
    norms = build_norms(np.arange(0.0, 101.0).reshape(-1, 1), ["bond"])
    table = norms.scale("bond")
    assert [table.percentile(p) for p in PERCENTILES] == [5, 10, 25, 50, 75, 90, 95]
    # Type 7 interpolation: the median of 10, 20, 30, 40 is 25, its 10th percentile 13.
    small = build_norms([[10.0], [20.0], [30.0], [40.0]], ["bond"]).scale("bond")
    assert small.percentile(50) == 25.0
    assert small.percentile(10) == pytest.approx(13.0)


def test_everyone_at_one_score_puts_it_at_the_middle() -> None:
    table = build_norms(np.full((7, 1), 60.0), ["d"]).scale("d")
    assert table.ranks[60] == 50.0
    assert table.ranks[59] == 0.0
    assert table.ranks[61] == 100.0


def test_small_samples_are_provisional_and_say_so() -> None:
    rng = np.random.default_rng(3)
    scores = rng.uniform(0, 100, size=(NORMS_MINIMUM, 2))
    scores[:2, 1] = np.nan  # the second scale has two fewer than the minimum
    norms = build_norms(scores, ["self", "bond"])
    assert norms.minimum == NORMS_MINIMUM
    settled, early = norms.scale("self"), norms.scale("bond")
    assert (settled.n, settled.provisional) == (500, False)
    assert settled.label == "Based on 500 people."
    assert (early.n, early.provisional) == (498, True)
    assert early.label.startswith("Provisional: based on 498 people so far.")
    assert "500" in early.label


def test_a_lower_minimum_can_be_chosen() -> None:
    norms = build_norms([[50.0], [70.0]], ["self"], minimum=2)
    assert not norms.scale("self").provisional


def test_refusals() -> None:
    with pytest.raises(NormsError, match="between 0 and 100"):
        build_norms([[101.0]], ["self"])
    with pytest.raises(NormsError, match="one scale id per column"):
        build_norms([[1.0, 2.0]], ["self"])
    with pytest.raises(NormsError, match="only once"):
        build_norms([[1.0, 2.0]], ["self", "self"])
    with pytest.raises(NormsError, match="nobody has a score on bond"):
        build_norms([[1.0, math.nan]], ["self", "bond"])
    norms = build_norms([[1.0]], ["self"])
    with pytest.raises(NormsError, match="no norms for a scale called 'x'"):
        percentile_of(norms, "x", 50)
    with pytest.raises(NormsError, match="not 120"):
        percentile_of(norms, "self", 120)
    with pytest.raises(NormsError, match="not 33"):
        norms.scale("self").percentile(33)


# --- properties -----------------------------------------------------------------------------


@fast
@given(columns, st.floats(0, 100), st.floats(0, 100))
def test_percentile_rank_is_monotone_in_the_score(col: np.ndarray, a: float, b: float) -> None:
    norms = build_norms(col, ["s"])
    low, high = sorted((a, b))
    assert percentile_of(norms, "s", low) <= percentile_of(norms, "s", high)


@fast
@given(columns, st.floats(0, 100))
def test_percentile_rank_lies_within_0_and_100(col: np.ndarray, s: float) -> None:
    table = build_norms(col, ["s"])
    assert 0.0 <= percentile_of(table, "s", s) <= 100.0
    assert all(0.0 <= r <= 100.0 for r in table.scale("s").ranks)


@fast
@given(columns, st.randoms(use_true_random=False))
def test_order_of_respondents_changes_nothing(col: np.ndarray, rnd: random.Random) -> None:
    order = list(range(col.shape[0]))
    rnd.shuffle(order)
    assert build_norms(col[order], ["s"]) == build_norms(col, ["s"])


@fast
@given(columns, st.integers(0, 10))
def test_missing_scores_are_ignored(col: np.ndarray, gaps: int) -> None:
    padded = np.vstack([col, np.full((gaps, 1), math.nan)])
    with_gaps, without = build_norms(padded, ["s"]).scale("s"), build_norms(col, ["s"]).scale("s")
    assert with_gaps == without
    assert without.n == int((~np.isnan(col)).sum())


@fast
@given(columns)
def test_ranks_match_the_definition_at_every_whole_score(col: np.ndarray) -> None:
    values = col[~np.isnan(col)]
    ranks = build_norms(col, ["s"]).scale("s").ranks
    for s in range(0, 101, 7):
        expected = 100 * ((values < s).sum() + 0.5 * (values == s).sum()) / values.size
        assert ranks[s] == pytest.approx(expected)


@fast
@given(columns)
def test_percentiles_are_ordered_and_within_the_scores(col: np.ndarray) -> None:
    values = col[~np.isnan(col)]
    levels = [v for _, v in build_norms(col, ["s"]).scale("s").percentiles]
    assert levels == sorted(levels)
    assert values.min() <= levels[0] and levels[-1] <= values.max()
