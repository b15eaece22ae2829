"""Persona tests: the portraits of the source articles land on the dynamic they describe."""

from __future__ import annotations

import pytest

from interdepend.core.errors import AnswerError, IncomparableResults, InstrumentError
from interdepend.core.instrument import load_builtin
from interdepend.core.scoring import (
    UNSCORED,
    Direction,
    Trend,
    compare,
    explain,
    score_one,
    screen_one,
)
from tests.core.assessment_personas import (
    ALEX,
    CURRENT,
    INVENTORY,
    V1,
    Personas,
    answers,
)


@pytest.fixture(params=[CURRENT, V1], ids=["v2", "v1"])
def p(request: pytest.FixtureRequest) -> Personas:
    """The same portraits on each version of the inventory: every persona test runs on both."""
    found: Personas = request.param
    return found


@pytest.mark.parametrize("name", ["alex", "ben"])
def test_partners_with_own_pursuits_who_reunite_are_interdependent(p: Personas, name: str) -> None:
    result = score_one(p.instrument, getattr(p, name))
    assert result.dynamic_id == "interdependent"
    assert result.balance is not None and result.balance > 2


def test_partner_who_lost_every_interest_and_cannot_say_no_leans_enmeshed(p: Personas) -> None:
    result = score_one(p.instrument, p.lost_self)
    assert result.dynamic_id == "enmeshed_leaning"
    drivers = result.explanation.drivers
    assert {d.scale_id for d in drivers} == {"enmeshment"}
    assert all(d.direction is Direction.RAISES for d in drivers)
    assert p.facet("pleasing") in {d.facet_id for d in drivers}


def test_self_contained_one_hiding_their_inner_world_leans_distant(p: Personas) -> None:
    result = score_one(p.instrument, p.self_contained)
    assert result.dynamic_id == "distant_leaning"
    assert {d.facet_id for d in result.explanation.drivers} & {
        p.facet("hidden_inner_world"),
        p.facet("self_reliance"),
    }


def test_both_warning_signs_high_is_push_pull(p: Personas) -> None:
    result = score_one(p.instrument, p.push_pull)
    assert result.dynamic_id == "push_pull"
    assert {d.scale_id for d in result.explanation.drivers} == {"enmeshment", "distance"}


def test_nothing_strong_is_still_forming_and_says_what_was_missing(p: Personas) -> None:
    explanation = explain(p.instrument, p.middle)
    assert explanation.dynamic_id == "still_forming"
    assert explanation.closest_rule_id is not None
    assert {r.rule_id for r in explanation.rules} == {
        "push_pull",
        "enmeshed_leaning",
        "distant_leaning",
        "interdependent",
    }
    assert not any(r.met for r in explanation.rules)


def test_interdependent_explanation_names_answers_on_all_four_scales(p: Personas) -> None:
    INVENTORY = p.instrument
    explanation = score_one(INVENTORY, p.alex).explanation
    by_scale = {d.scale_id: d.direction for d in explanation.drivers}
    assert by_scale == {
        "self": Direction.RAISES,
        "bond": Direction.RAISES,
        "enmeshment": Direction.LOWERS,
        "distance": Direction.LOWERS,
    }
    assert all(r.met for r in explanation.rules)
    driver = explanation.drivers[0]
    assert driver.text == INVENTORY.item(driver.item_id).text
    assert driver.answer_label == INVENTORY.response_scale.label(int(driver.answer))


def test_too_few_answers_is_unscored_with_a_plain_reason(p: Personas) -> None:
    INVENTORY = p.instrument
    first, second = (i.id for i in INVENTORY.items_of("self")[:2])
    bond = INVENTORY.items_of("bond")[0].id
    result = score_one(INVENTORY, {first: 6, second: 5, bond: None})
    assert result.dynamic_id == UNSCORED
    assert result.answered == 2
    total = len(INVENTORY.items_of("self"))
    needed = {12: 10, 16: 13}[total]
    assert result.scale("self").missing_reason == (
        f"2 of {total} statements answered; a score needs at least {needed}"
    )
    assert result.explanation.missing_scales == ("self", "bond", "enmeshment", "distance")


def test_prorated_result_when_a_few_are_skipped(p: Personas) -> None:
    INVENTORY = p.instrument
    partial = dict(p.alex)
    first, second = (i.id for i in INVENTORY.items_of("self")[:2])
    partial[first] = partial[second] = None
    result = score_one(INVENTORY, partial)
    assert result.scale("self").answered == len(INVENTORY.items_of("self")) - 2
    assert result.dynamic_id == "interdependent"


def test_bad_answers_are_refused_with_the_item_named() -> None:
    with pytest.raises(AnswerError, match="unknown item 'zz'"):
        score_one(INVENTORY, {"zz": 3})
    with pytest.raises(AnswerError, match="item 'sl01': 8 is not a whole number 1-7"):
        score_one(INVENTORY, {"sl01": 8})
    with pytest.raises(AnswerError, match="item 'sl01'"):
        score_one(INVENTORY, {"sl01": True})
    with pytest.raises(AnswerError, match="unknown item 's01'"):
        score_one(INVENTORY, {"s01": 4})  # a version 1 statement is not on version 2


def test_change_since_last_time(p: Personas) -> None:
    INVENTORY = p.instrument
    before = score_one(INVENTORY, p.lost_self)
    after = score_one(INVENTORY, p.alex)
    change = compare(before, after)
    assert change.dynamic_changed
    assert change.scale("self").trend is Trend.UP and change.scale("self").improved
    assert change.scale("enmeshment").trend is Trend.DOWN
    assert change.scale("enmeshment").improved
    same = compare(after, after)
    assert not same.dynamic_changed
    assert all(s.trend is Trend.STEADY and s.delta == 0 for s in same.scales)


def test_change_with_a_missing_scale_is_unknown() -> None:
    change = compare(score_one(INVENTORY, {}), score_one(INVENTORY, ALEX))
    assert change.scale("bond").trend is Trend.UNKNOWN
    assert change.scale("bond").delta is None and change.scale("bond").improved is None


def test_results_of_different_instruments_cannot_be_compared() -> None:
    form = load_builtin("partner_perception_v1")
    with pytest.raises(IncomparableResults):
        compare(score_one(INVENTORY, ALEX), score_one(form, {}))


def test_two_versions_of_the_inventory_compare_scale_by_scale() -> None:
    before = score_one(V1.instrument, V1.lost_self)
    after = score_one(INVENTORY, ALEX)
    change = compare(before, after)
    assert change.across_versions and not compare(after, after).across_versions
    assert change.scale("self").improved and change.scale("enmeshment").improved
    assert change.scale("enmeshment").name == "Merging"


def test_partner_perception_scores_each_scale() -> None:
    form = load_builtin("partner_perception_v1")
    result = score_one(
        form, answers({"self": 6, "bond": 6, "enmeshment": 2, "distance": 2}, {}, form)
    )
    self_score = result.score("self")
    assert self_score is not None and self_score > 70
    assert result.dynamic_id == UNSCORED and result.explanation.dynamic_name == ""


def test_safety_screen_flags_any_answer_above_never() -> None:
    screen = load_builtin("safety_screen_v1")
    assert not screen_one(screen, dict.fromkeys(screen.item_ids, 1)).flagged
    flagged = screen_one(screen, {"sf03": 2})
    assert flagged.flagged and flagged.message and flagged.resources
    assert not screen_one(screen, {}).flagged
    with pytest.raises(InstrumentError):
        screen_one(INVENTORY, {})


def test_balance_weighs_the_two_warning_signs_alike(p: Personas) -> None:
    """Mirror images (Self and Bond swapped, Enmeshment and Distance swapped) balance alike, so a
    distant result above an enmeshed one comes from the answers (a high Self), not the formula."""
    leaning_close = score_one(
        p.instrument,
        answers({"self": 3, "bond": 5, "enmeshment": 6, "distance": 2}, {}, p.instrument),
    )
    leaning_away = score_one(
        p.instrument,
        answers({"self": 5, "bond": 3, "enmeshment": 2, "distance": 6}, {}, p.instrument),
    )
    assert leaning_close.balance is not None and leaning_away.balance is not None
    assert leaning_close.balance == pytest.approx(leaning_away.balance, abs=0.05)
    assert leaning_close.balance <= 1 and leaning_away.balance <= 1
