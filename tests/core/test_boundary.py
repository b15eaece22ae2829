"""The boundary state machine: every step, every person, every stage; random walks stay defined."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interdepend.core.boundary import (
    MAY,
    STANDINGS,
    BoundaryStepRefused,
    Effect,
    Refusal,
    Role,
    Stage,
    Standing,
    Step,
    boundary_move,
    open_steps,
    parse_step,
)

A, P = Role.AUTHOR, Role.PARTNER
DRAFT = Standing(Stage.DRAFT)
STATED, STATED_A = Standing(Stage.STATED), Standing(Stage.STATED, A)
HEARD, HEARD_A, HEARD_P = (Standing(Stage.ACKNOWLEDGED, who) for who in (None, A, P))

# standing, step, by, together, wording -> effect, standing after
ALLOWED = [
    (DRAFT, Step.TELL, A, True, "", Effect.TOLD, STATED),
    (DRAFT, Step.PROPOSE, A, False, "new", Effect.REWORDED, DRAFT),
    (DRAFT, Step.PROPOSE, A, True, "new", Effect.REWORDED, DRAFT),
    (STATED, Step.ACKNOWLEDGE, P, True, "", Effect.ACKNOWLEDGED, HEARD),
    (STATED_A, Step.ACKNOWLEDGE, P, True, "", Effect.ACKNOWLEDGED, HEARD_A),
    (STATED, Step.PROPOSE, A, True, "new", Effect.PROPOSED, STATED_A),
    (HEARD, Step.PROPOSE, P, True, "new", Effect.PROPOSED, HEARD_P),
    (HEARD_A, Step.PROPOSE, P, True, "new", Effect.PROPOSED, HEARD_P),
    (HEARD_A, Step.PROPOSE, A, True, "newer", Effect.PROPOSED, HEARD_A),
    (HEARD_P, Step.ACCEPT, A, True, "", Effect.ACCEPTED, HEARD),
    (STATED_A, Step.ACCEPT, P, True, "", Effect.ACCEPTED, HEARD),
    # Declining leaves the words and the stage as they were, with nothing waiting.
    (HEARD_P, Step.DECLINE, A, True, "", Effect.DECLINED, HEARD),
    (HEARD_A, Step.DECLINE, P, True, "", Effect.DECLINED, HEARD),
    (STATED_A, Step.DECLINE, P, True, "", Effect.DECLINED, STATED),
]

# standing, step, by, together, wording -> reason
REFUSED = [
    (DRAFT, Step.TELL, A, False, "", Refusal.NO_PARTNER),
    (DRAFT, Step.TELL, P, True, "", Refusal.NOT_THEIRS),
    (DRAFT, Step.PROPOSE, P, True, "new", Refusal.NOT_THEIRS),
    (DRAFT, Step.PROPOSE, A, True, "  \n", Refusal.NO_WORDING),
    (DRAFT, Step.ACKNOWLEDGE, A, True, "", Refusal.NOT_AT_THIS_STAGE),
    (DRAFT, Step.ACCEPT, A, True, "", Refusal.NOT_AT_THIS_STAGE),
    (STATED, Step.TELL, A, True, "", Refusal.NOT_AT_THIS_STAGE),
    (STATED, Step.ACKNOWLEDGE, A, True, "", Refusal.NOT_THEIRS),
    (STATED, Step.ACKNOWLEDGE, P, False, "", Refusal.PARTNERSHIP_ENDED),
    (STATED, Step.PROPOSE, A, False, "new", Refusal.PARTNERSHIP_ENDED),
    (STATED, Step.PROPOSE, P, True, "", Refusal.NO_WORDING),
    (STATED, Step.ACCEPT, P, True, "", Refusal.NOTHING_WAITING),
    (STATED_A, Step.ACCEPT, A, True, "", Refusal.NOTHING_WAITING),
    (HEARD, Step.ACKNOWLEDGE, P, True, "", Refusal.NOT_AT_THIS_STAGE),
    (HEARD, Step.TELL, A, False, "", Refusal.NOT_AT_THIS_STAGE),
    (HEARD_P, Step.ACCEPT, P, True, "", Refusal.NOTHING_WAITING),
    (HEARD_P, Step.ACCEPT, A, False, "", Refusal.PARTNERSHIP_ENDED),
    (DRAFT, Step.DECLINE, A, True, "", Refusal.NOT_AT_THIS_STAGE),
    (HEARD, Step.DECLINE, A, True, "", Refusal.NOTHING_WAITING),
    (HEARD_P, Step.DECLINE, P, True, "", Refusal.NOTHING_WAITING),
    (HEARD_P, Step.DECLINE, A, False, "", Refusal.PARTNERSHIP_ENDED),
]


@pytest.mark.parametrize(
    ("standing", "step", "by", "together", "wording", "effect", "after"), ALLOWED
)
def test_an_open_step_moves_the_boundary(
    standing: Standing,
    step: Step,
    by: Role,
    together: bool,
    wording: str,
    effect: Effect,
    after: Standing,
) -> None:
    move = boundary_move(standing, step, by=by, together=together, wording=wording)
    assert (move.effect, move.after) == (effect, after)


@pytest.mark.parametrize(("standing", "step", "by", "together", "wording", "reason"), REFUSED)
def test_a_step_that_is_not_open_is_refused_with_its_reason(
    standing: Standing, step: Step, by: Role, together: bool, wording: str, reason: Refusal
) -> None:
    with pytest.raises(BoundaryStepRefused) as refused:
        boundary_move(standing, step, by=by, together=together, wording=wording)
    assert refused.value.reason is reason
    assert str(refused.value) == reason.value


def test_a_form_names_a_step_or_is_refused() -> None:
    assert [parse_step(s.value) for s in Step] == list(Step)
    for odd in ("", "Tell", "delete", "tell "):
        with pytest.raises(BoundaryStepRefused) as refused:
            parse_step(odd)
        assert refused.value.reason is Refusal.UNKNOWN_STEP


def test_once_the_partnership_has_ended_nothing_moves_a_told_boundary() -> None:
    told = [s for s in STANDINGS if s.stage is not Stage.DRAFT]
    for standing in told:
        for step in Step:
            for by in Role:
                with pytest.raises(BoundaryStepRefused):
                    boundary_move(standing, step, by=by, together=False, wording="new words")


def _move_or_stay(standing: Standing, step: Step, by: Role, together: bool, wording: str) -> bool:
    try:
        boundary_move(standing, step, by=by, together=together, wording=wording)
    except BoundaryStepRefused:
        return False
    return True


def test_the_table_says_who_may_take_each_step_and_a_page_offers_just_those() -> None:
    """A step moves a boundary only for someone :data:`MAY` names at that stage, and
    :func:`open_steps` lists exactly the steps that move it."""
    for standing in STANDINGS:
        for by in Role:
            for together in (True, False):
                moving = {
                    step
                    for step in Step
                    if _move_or_stay(standing, step, by, together=together, wording="new words")
                }
                assert all(by in MAY[standing.stage, step] for step in moving)
                assert open_steps(standing, by=by, together=together) == moving
    assert open_steps(DRAFT, by=A, together=True) == {Step.TELL, Step.PROPOSE}
    assert open_steps(STATED_A, by=P, together=True) == set(Step) - {Step.TELL}


walks = st.lists(
    st.tuples(
        st.sampled_from(Step),
        st.sampled_from(Role),
        st.booleans(),
        st.sampled_from(["", " ", "new words"]),
    ),
    max_size=30,
)


@settings(max_examples=150, deadline=None)
@given(walks)
def test_random_steps_never_reach_an_undefined_standing_nor_move_for_the_wrong_person(
    walk: list[tuple[Step, Role, bool, str]],
) -> None:
    standing = DRAFT
    for step, by, together, wording in walk:
        try:
            move = boundary_move(standing, step, by=by, together=together, wording=wording)
        except BoundaryStepRefused:
            continue
        before, standing = standing, move.after
        assert standing in STANDINGS
        _assert_the_right_person_moved(before, move.after, step, by, together)


def _assert_the_right_person_moved(
    before: Standing, after: Standing, step: Step, by: Role, together: bool
) -> None:
    """Restated from the rules in plain words, independently of :data:`MAY`."""
    if before.stage is Stage.DRAFT:
        assert by is A, "only the author sees, rewords and tells a draft"
        assert after.stage is Stage.DRAFT or (step is Step.TELL and together)
    else:
        assert together, "a told boundary moves only while its partnership lasts"
        assert after.stage is not Stage.DRAFT, "a told boundary never becomes a draft again"
    if step is Step.ACKNOWLEDGE:
        assert by is P and before.stage is Stage.STATED
    if step is Step.ACCEPT:
        assert before.waiting is not None and before.waiting is not by
        assert after == HEARD
    if step is Step.PROPOSE and before.stage is not Stage.DRAFT:
        assert after.waiting is by
