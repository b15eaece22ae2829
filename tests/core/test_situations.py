"""Interdependence theory: the 2x2 situation and deciding together."""

from __future__ import annotations

import math
import struct
import warnings

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from interdepend.core.situations import (
    DecisionError,
    DuplicateOption,
    Motivation,
    Partner,
    RatingOutOfScale,
    RatingsMismatch,
    Situation,
    SituationError,
    TooFewOptions,
    Weights,
    analyse_decision,
    analyse_situation,
    apply_motivation,
    correlation,
    decompose,
)

PRISONERS = Situation.of([[3, 0], [5, 1]], [[3, 5], [0, 1]])


# --- the 2x2 situation -----------------------------------------------------------------------


def test_prisoners_dilemma_decomposes_as_published() -> None:
    result = analyse_situation(PRISONERS)
    for control in (result.a, result.b):
        assert control.actor == -0.75
        assert control.partner == 1.75
        assert control.joint == -0.25
        assert control.mean == 2.25
        assert control.dependence is not None and round(control.dependence, 4) == 0.8475
        assert control.dependence == pytest.approx(3.125 / 3.6875, abs=1e-15)
        assert control.basis == pytest.approx(0.02, abs=1e-15)
    assert result.mutuality == 1.0
    assert result.covariation is not None and round(result.covariation, 3) == -0.695
    assert result.covariation == pytest.approx(-10.25 / 14.75, abs=1e-15)


def test_partner_b_reads_own_choice_along_the_columns() -> None:
    # Only B's own choice matters to B: B gains 2 by taking the first column.
    only_own = Situation.of([[0, 0], [0, 0]], [[2, 0], [2, 0]])
    b = analyse_situation(only_own).b
    assert (b.actor, b.partner, b.joint) == (1.0, 0.0, 0.0)
    assert b.dependence == 0.0
    assert b.basis is None


def test_pure_coordination_is_fully_joint_and_corresponding() -> None:
    meet = Situation.of([[1, 0], [0, 1]], [[1, 0], [0, 1]])
    result = analyse_situation(meet)
    assert result.a.dependence == 1.0 and result.a.basis == 1.0
    assert result.covariation == 1.0


def test_zero_sum_has_covariation_minus_one() -> None:
    pennies = Situation.of([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    assert analyse_situation(pennies).covariation == -1.0


def test_a_flat_situation_leaves_dependence_undefined() -> None:
    flat = Situation.of([[2, 2], [2, 2]], [[1, 0], [0, 1]])
    result = analyse_situation(flat)
    assert result.a.dependence is None
    assert result.mutuality is None
    assert result.covariation is None


def test_unequal_dependence_lowers_mutuality() -> None:
    # A depends entirely on B; B depends only on B's own choice.
    result = analyse_situation(Situation.of([[2, 0], [2, 0]], [[2, 0], [2, 0]]))
    assert result.a.dependence == 1.0
    assert result.b.dependence == 0.0
    assert result.mutuality == 0.0


@given(st.lists(st.integers(-20, 20), min_size=4, max_size=4))
def test_effect_coding_rebuilds_every_cell(cells: list[int]) -> None:
    o = ((float(cells[0]), float(cells[1])), (float(cells[2]), float(cells[3])))
    c = decompose(o)
    sign = (1.0, -1.0)
    for i in range(2):
        for j in range(2):
            rebuilt = c.mean + c.actor * sign[i] + c.partner * sign[j] + c.joint * sign[i] * sign[j]
            assert rebuilt == pytest.approx(o[i][j])


@given(st.lists(st.integers(-9, 9), min_size=8, max_size=8))
def test_swapping_partners_swaps_their_controls(cells: list[int]) -> None:
    a = [[cells[0], cells[1]], [cells[2], cells[3]]]
    b = [[cells[4], cells[5]], [cells[6], cells[7]]]
    forward = analyse_situation(Situation.of(a, b))
    swapped = analyse_situation(Situation.of(np.transpose(b).tolist(), np.transpose(a).tolist()))
    assert forward.a == swapped.b and forward.b == swapped.a
    assert forward.covariation == swapped.covariation


@pytest.mark.parametrize(
    ("motivation", "choice", "given_outcomes"),
    [
        (Motivation.MAX_OWN, 1, (1.0, 1.0)),
        (Motivation.MAX_JOINT, 0, (3.0, 3.0)),
        (Motivation.MAX_OTHER, 0, (3.0, 3.0)),
        (Motivation.MAX_RELATIVE, 1, (1.0, 1.0)),
    ],
)
def test_transformations_of_motivation_in_the_dilemma(
    motivation: Motivation, choice: int, given_outcomes: tuple[float, float]
) -> None:
    result = apply_motivation(PRISONERS, motivation)
    assert (result.choice_a, result.choice_b) == (choice, choice)
    assert result.a_dominant and result.b_dominant
    assert result.given == given_outcomes


def test_max_joint_effective_situation_is_the_sum() -> None:
    effective = apply_motivation(PRISONERS, Motivation.MAX_JOINT).effective
    assert effective.a == ((6.0, 5.0), (5.0, 2.0))
    assert effective.b == effective.a


def test_partners_may_hold_different_motivations() -> None:
    result = apply_motivation(PRISONERS, Motivation.MAX_OWN, Motivation.MAX_JOINT)
    assert (result.choice_a, result.choice_b) == (1, 0)
    assert result.given == (5.0, 0.0)


def test_custom_weights_and_indifference() -> None:
    # Weighing partner's outcome at 0.5 in the dilemma: 3 + 1.5 vs 5 + 0 and 0 + 2.5 vs 1 + 0.5.
    result = apply_motivation(PRISONERS, Weights(1.0, 0.5))
    assert result.choice_a == 0 and not result.a_dominant
    tie = apply_motivation(Situation.of([[1, 1], [1, 1]], [[0, 0], [0, 0]]), Motivation.MAX_OWN)
    assert tie.choice_a is None and tie.given is None


def test_badly_shaped_situation_raises() -> None:
    with pytest.raises(SituationError):
        Situation.of([[1, 2, 3], [4, 5, 6]], [[1, 2], [3, 4]])
    with pytest.raises(SituationError):
        Situation.of([[1, math.nan], [4, 5]], [[1, 2], [3, 4]])


def test_correlation_is_undefined_without_variation() -> None:
    assert correlation([1, 1, 1], [1, 2, 3]) is None
    assert correlation([1, 2, 3], [3, 2, 1]) == -1.0


def _numpy_correlation(x: list[float], y: list[float]) -> float | None:
    """The NumPy spelling ``correlation`` had until the sixteenth pass, kept as its hold."""
    xa = np.asarray(x, dtype=np.float64)
    ya = np.asarray(y, dtype=np.float64)
    if len(xa) < 2 or np.ptp(xa) <= 1e-12 or np.ptp(ya) <= 1e-12:
        return None
    xc, yc = xa - xa.mean(), ya - ya.mean()
    return float(np.clip((xc @ yc) / math.sqrt(float(xc @ xc) * float(yc @ yc)), -1.0, 1.0))


def _bits(value: float | None) -> bytes | None:
    return None if value is None else struct.pack("<d", value)


_RATING_LISTS = st.integers(min_value=0, max_value=14).flatmap(
    lambda n: st.tuples(
        *(
            st.lists(
                st.one_of(
                    st.integers(min_value=1, max_value=7).map(float),
                    st.floats(min_value=-1e100, max_value=1e100),
                ),
                min_size=n,
                max_size=n,
            )
            for _ in range(2)
        )
    )
)


@given(_RATING_LISTS)
def test_correlation_is_bit_for_bit_the_numpy_spelling(
    pair: tuple[list[float], list[float]],
) -> None:
    x, y = pair
    assert _bits(correlation(x, y)) == _bits(_numpy_correlation(x, y))


def _outcome(x: list[float], y: list[float], fn: object) -> object:
    assert callable(fn)
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            value = fn(x, y)
        except (ValueError, TypeError) as error:
            return type(error)
    if value is not None and math.isnan(value):
        return "nan"
    return _bits(value)


_ANY_FLOATS = st.one_of(
    st.integers(min_value=1, max_value=7).map(float),
    st.sampled_from([math.inf, -math.inf, math.nan, 0.0, -0.0, 1e-13, 1e308]),
    st.floats(),
)


@given(st.lists(_ANY_FLOATS, max_size=10), st.lists(_ANY_FLOATS, max_size=10))
@example([math.inf, math.inf], [1.0, 2.0])
@example([1.0, 2.0], [-math.inf, -math.inf, -math.inf])
@example([1.0, math.nan, 1.0], [1.0, 2.0, 3.0])
@example([math.nan, 4.0, 4.0], [7.0, 1.0, 2.0])
@example([1.0, 2.0, 3.0], [1.0, 2.0])
def test_correlation_answers_as_numpy_did_for_any_floats(x: list[float], y: list[float]) -> None:
    # NaN, infinities, lengths that differ: the same answer, NaN or error as NumPy's spelling.
    assert _outcome(x, y, correlation) == _outcome(x, y, _numpy_correlation)


def test_correlation_keeps_numpy_s_answer_at_the_edges() -> None:
    # One rounding past 1 is clamped to 1 exactly, as np.clip did; a NaN passes through.
    x = [0.1, 0.2, 0.30000000000000004, 0.7, 1e-3]
    assert _bits(correlation(x, x)) == _bits(_numpy_correlation(x, x))
    assert correlation([1, 2, 3], [1, 2, 3]) == 1.0
    with np.errstate(all="ignore"):
        got = correlation([1.0, math.nan, 3.0], [1.0, 2.0, 3.0])
        assert got is not None and math.isnan(got)
        old = _numpy_correlation([1.0, math.nan, 3.0], [1.0, 2.0, 3.0])
        assert old is not None and math.isnan(old)
    with pytest.raises(ValueError):
        correlation([1, 2, 3], [1, 2])


# --- deciding together -----------------------------------------------------------------------

HOLIDAY = ["a solo hike", "a book by the pool", "dinner together", "a mix"]
# Sam loves hiking and finds lounging by the pool dull; Alex the other way round. Each knows it.
SAM_SELF = [7, 3, 6, 7]
SAM_FOR_ALEX = [2, 6, 6, 6]
ALEX_SELF = [2, 7, 6, 6]
ALEX_FOR_SAM = [6, 2, 5, 7]


def test_holiday_shows_shared_options_and_who_would_give_way() -> None:
    result = analyse_decision(
        SAM_SELF, SAM_FOR_ALEX, ALEX_SELF, ALEX_FOR_SAM, HOLIDAY, name_a="Sam", name_b="Alex"
    )
    assert result.serves_both == ("dinner together", "a mix")
    assert result.gives_up(Partner.B) == ("a solo hike",)
    assert result.gives_up(Partner.A) == ("a book by the pool",)
    # Sam rates the pool well for Alex but poorly for Sam; Alex likewise with the hike.
    assert result.self_sacrifice(Partner.A) == ("a book by the pool",)
    assert result.self_sacrifice(Partner.B) == ("a solo hike",)
    assert result.covariation == pytest.approx(float(np.corrcoef(SAM_SELF, ALEX_SELF)[0, 1]))
    assert result.covariation is not None and result.covariation < 0


def test_holiday_perception_accuracy() -> None:
    result = analyse_decision(SAM_SELF, SAM_FOR_ALEX, ALEX_SELF, ALEX_FOR_SAM, HOLIDAY)
    assert result.accuracy_a.mean_abs_difference == pytest.approx(0.25)  # 0 + 1 + 0 + 0 over 4
    assert result.accuracy_a.matches == 3
    assert result.accuracy_b.mean_abs_difference == pytest.approx(0.75)  # 1 + 1 + 1 + 0
    assert result.accuracy_a.correlation == pytest.approx(
        float(np.corrcoef(SAM_FOR_ALEX, ALEX_SELF)[0, 1])
    )


def test_holiday_summary_describes_without_a_verdict() -> None:
    result = analyse_decision(
        SAM_SELF, SAM_FOR_ALEX, ALEX_SELF, ALEX_FOR_SAM, HOLIDAY, name_a="Sam", name_b="Alex"
    )
    text = result.summary
    assert "“dinner together” and “a mix”" in text
    assert "“a solo hike” looks good for Sam and less so for Alex" in text
    assert "Sam sees “a book by the pool” as good for Alex" in text
    assert "not an answer" in text
    for verdict in ("should", "better", "best", "wrong", "must"):
        assert verdict not in text.lower()


def test_summary_names_the_closest_option_when_none_suits_both_and_keeps_case() -> None:
    names = ["A solo hike", "A book by the pool", "Dinner together"]
    result = analyse_decision(
        [7, 2, 6], [2, 6, 5], [2, 6, 4], [6, 2, 6], names, name_a="Ana", name_b="Ben"
    )
    lines = result.summary.splitlines()
    assert lines[1].startswith("No option looks good to both of you yet")
    assert lines[2] == "Closest to suiting you both: “Dinner together”."
    assert "“A solo hike” looks good for Ana and less so for Ben" in result.summary
    assert "a solo hike" not in result.summary


def test_summary_names_no_closest_option_when_none_is_good_for_either() -> None:
    result = analyse_decision([4, 2], [4, 4], [3, 4], [4, 4], ["Stay", "Go"])
    assert "Closest" not in result.summary


def test_per_option_figures() -> None:
    result = analyse_decision(SAM_SELF, SAM_FOR_ALEX, ALEX_SELF, ALEX_FOR_SAM, HOLIDAY)
    mix = result.options[3]
    assert (mix.name, mix.joint, mix.floor) == ("a mix", 13.0, 6.0)
    assert mix.gives_up is None and mix.self_sacrifice == ()


def test_midpoint_ratings_count_as_neither_good_nor_poor() -> None:
    result = analyse_decision([4, 7], [4, 4], [4, 1], [4, 4], ["stay in", "go out"])
    stay, out = result.options
    assert not stay.serves_both and stay.gives_up is None
    assert out.gives_up is Partner.B
    assert "No option looks good to both of you yet" in result.summary


def test_all_equal_ratings_leave_covariation_undefined() -> None:
    result = analyse_decision(
        [5, 5, 5], [5, 5, 5], [5, 5, 5], [5, 5, 5], ["x", "y", "z"], name_a="Sam", name_b="Alex"
    )
    assert result.covariation is None
    assert result.accuracy_a.correlation is None
    assert result.accuracy_a.mean_abs_difference == 0.0
    assert result.serves_both == ("x", "y", "z")
    assert "Sam and Alex rated every option the same" in result.summary


def test_one_flat_partner_is_named() -> None:
    result = analyse_decision(
        [5, 5, 5], [1, 4, 7], [1, 4, 7], [5, 5, 5], ["x", "y", "z"], name_a="Sam", name_b="Alex"
    )
    assert result.covariation is None
    assert result.accuracy_a.correlation == 1.0
    assert result.summary.startswith("Sam rated every option the same")


def test_ties_between_options() -> None:
    result = analyse_decision([6, 6, 2], [6, 6, 2], [6, 6, 2], [6, 6, 2], ["p", "q", "r"])
    assert result.serves_both == ("p", "q")
    assert result.covariation == pytest.approx(1.0)
    assert "largely goes together" in result.summary


def test_two_options_work_and_say_so() -> None:
    result = analyse_decision([7, 2], [3, 6], [2, 7], [6, 3], ["hike", "pool"])
    assert result.covariation == pytest.approx(-1.0)
    assert "only two options" in result.summary
    assert "mostly pulls apart" in result.summary


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (([1, 2], [1, 2], [1, 2], [1], ["a", "b"]), RatingsMismatch),
        (([1, 2], [1, 2], [1, 2], [1, 2], ["a", "b", "c"]), RatingsMismatch),
        (([1], [1], [1], [1], ["a"]), TooFewOptions),
        (([], [], [], [], []), TooFewOptions),
        (([1, 8], [1, 2], [1, 2], [1, 2], ["a", "b"]), RatingOutOfScale),
        (([1, 0], [1, 2], [1, 2], [1, 2], ["a", "b"]), RatingOutOfScale),
        (([1, math.nan], [1, 2], [1, 2], [1, 2], ["a", "b"]), RatingOutOfScale),
        (([1, 2], [1, 2], [1, 2], [1, 2], ["a", " A "]), DuplicateOption),
        (([1, 2], [1, 2], [1, 2], [1, 2], ["a", "  "]), DuplicateOption),
    ],
)
def test_invalid_input_raises_named_errors(
    args: tuple[list[float], list[float], list[float], list[float], list[str]],
    error: type[DecisionError],
) -> None:
    with pytest.raises(error):
        analyse_decision(*args)


def test_other_scales() -> None:
    result = analyse_decision([5, 1], [5, 1], [4, 2], [4, 2], ["a", "b"], scale=(1, 5))
    assert result.serves_both == ("a",)
    with pytest.raises(RatingOutOfScale):
        analyse_decision([1, 2], [1, 2], [1, 2], [1, 2], ["a", "b"], scale=(5, 1))


def test_errors_share_the_core_base_class() -> None:
    from interdepend.core.errors import InterdependError

    assert issubclass(DecisionError, InterdependError)
    assert issubclass(SituationError, InterdependError)
