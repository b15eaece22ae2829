"""The couple comparison: patterns from the articles' portraits, discussion items, gaps."""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Mapping

import pytest

from interdepend.core.content import suggest_for_areas
from interdepend.core.dyad import (
    DiscussionItem,
    GapKind,
    Pattern,
    couple_pattern,
    discussion_items,
    growth_areas,
    perception_gaps,
    scale_pairs,
    sign_differences,
    strengths,
)
from interdepend.core.errors import IncomparableResults
from interdepend.core.instrument import Instrument, load_builtin
from interdepend.core.scoring import score_one
from tests.core.assessment_personas import (
    ALEX,
    BEN,
    INVENTORY,
    LOST_SELF,
    MIDDLE,
    PUSH_PULL,
    SELF_CONTAINED,
    answers,
    distance_between,
)

PERCEPTION = load_builtin("partner_perception_v1")


def result(persona: dict[str, int | None]) -> object:
    return score_one(INVENTORY, persona)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (ALEX, BEN, Pattern.BOTH_INTERDEPENDENT),
        (LOST_SELF, SELF_CONTAINED, Pattern.PURSUE_DISTANCE),
        (SELF_CONTAINED, LOST_SELF, Pattern.PURSUE_DISTANCE),
        (LOST_SELF, LOST_SELF, Pattern.FUSED),
        (LOST_SELF, PUSH_PULL, Pattern.FUSED),
        (SELF_CONTAINED, SELF_CONTAINED, Pattern.PARALLEL_LIVES),
        (ALEX, LOST_SELF, Pattern.UNEVEN),
        (ALEX, MIDDLE, Pattern.UNEVEN),
        (MIDDLE, MIDDLE, Pattern.BOTH_FORMING),
        (PUSH_PULL, PUSH_PULL, Pattern.BOTH_PULLED),
    ],
)
def test_couple_pattern_from_the_pair(
    a: dict[str, int | None], b: dict[str, int | None], expected: Pattern
) -> None:
    found = couple_pattern(score_one(INVENTORY, a), score_one(INVENTORY, b))
    assert found.pattern is expected
    assert found.name and found.description


def test_a_pattern_claims_nothing_its_pair_of_dynamics_did_not_check() -> None:
    """Two people leaning toward distance may score low on Self: their pattern does not tell
    them they each stand well on their own, and two people alike are not "in different places"."""
    low_self_distant = answers({"self": 2, "bond": 3, "enmeshment": 2, "distance": 6})
    pair = [score_one(INVENTORY, low_self_distant)] * 2
    assert pair[0].dynamic_id == "distant_leaning"
    found = couple_pattern(*pair)
    assert found.pattern is Pattern.PARALLEL_LIVES
    assert "well on your own" not in found.description
    for persona in (MIDDLE, PUSH_PULL):
        same = couple_pattern(score_one(INVENTORY, persona), score_one(INVENTORY, persona))
        assert same.pattern is not Pattern.UNEVEN
        assert "different places" not in (same.name + same.description).lower()


def test_two_people_still_forming_are_pointed_below_only_to_growth_areas_there_are() -> None:
    """Both "Still forming" with no scale low or high enough to be named a place to grow (the
    new-couple walk of 2026-12-05): the couple's words do not point to growth areas below."""
    lena = score_one(INVENTORY, answers({"self": 5, "bond": 6, "enmeshment": 4, "distance": 2}))
    tomas = score_one(INVENTORY, answers({"self": 6, "bond": 4, "enmeshment": 2, "distance": 4}))
    assert growth_areas(lena, tomas) == ()
    found = couple_pattern(lena, tomas)
    assert found.pattern is Pattern.BOTH_FORMING
    assert "below" in found.description and "grow below" not in found.description
    low_self = score_one(INVENTORY, answers({"self": 3, "bond": 5, "enmeshment": 3, "distance": 3}))
    assert low_self.dynamic_id == "still_forming" and growth_areas(low_self, low_self)
    assert "areas to grow below" in couple_pattern(low_self, low_self).description


def test_strengths_and_growth_areas() -> None:
    both_well = strengths(score_one(INVENTORY, ALEX), score_one(INVENTORY, BEN))
    assert {p.scale_id for p in both_well} == {"self", "bond", "enmeshment", "distance"}
    growth = growth_areas(score_one(INVENTORY, LOST_SELF), score_one(INVENTORY, SELF_CONTAINED))
    assert {"self", "bond", "enmeshment", "distance"} <= {p.scale_id for p in growth}
    assert not growth_areas(score_one(INVENTORY, ALEX), score_one(INVENTORY, BEN))


def test_discussion_items_are_the_furthest_apart_answers() -> None:
    items = discussion_items(INVENTORY, LOST_SELF, SELF_CONTAINED, limit=5)
    assert len(items) == 5
    gaps = [d.gap for d in items]
    assert gaps == sorted(gaps, reverse=True) and gaps[0] >= 4
    assert not discussion_items(INVENTORY, ALEX, ALEX)


def test_discussion_items_skip_unanswered() -> None:
    a = dict(LOST_SELF)
    first = INVENTORY.items[0].id
    a[first] = None
    assert first not in {
        d.item_id for d in discussion_items(INVENTORY, a, SELF_CONTAINED, limit=60)
    }


def test_perception_gaps_compare_self_view_with_partner_view() -> None:
    me = score_one(INVENTORY, LOST_SELF)
    sees_me_as_strong = answers(
        {"self": 6, "bond": 5, "enmeshment": 6, "distance": 2}, instrument=PERCEPTION
    )
    gaps = {g.scale_id: g for g in perception_gaps(me, PERCEPTION, sees_me_as_strong)}
    assert gaps["self"].kind is GapKind.PARTNER_SEES_MORE
    assert gaps["enmeshment"].kind is GapKind.ALIKE
    empty = {g.scale_id: g for g in perception_gaps(me, PERCEPTION, {})}
    assert all(g.kind is GapKind.UNKNOWN for g in empty.values())


def test_perception_gaps_name_each_scale_as_the_persons_own_result_does() -> None:
    """The couple page shows the inventory's table and the gaps' tables one above the other: a
    scale has one name on it, the inventory's (a take of version 1 still says "Enmeshment"),
    and the form alone never shows the old clinical word."""
    v1 = load_builtin("interdependence_inventory_v1")
    v2 = load_builtin("interdependence_inventory_v2")
    seen = answers({"self": 6, "bond": 5, "enmeshment": 6, "distance": 2}, instrument=PERCEPTION)
    for inventory in (v1, v2):
        me = score_one(
            inventory,
            answers({"self": 4, "bond": 4, "enmeshment": 4, "distance": 4}, instrument=inventory),
        )
        names = {g.scale_id: g.name for g in perception_gaps(me, PERCEPTION, seen)}
        assert names == {s.scale_id: s.name for s in me.scales}
    assert "Enmeshment" not in {s.name for s in PERCEPTION.scales}
    assert {s.name for s in v2.scales} == {s.name for s in PERCEPTION.scales}


def test_comparing_different_instruments_is_refused() -> None:
    other = score_one(PERCEPTION, {})
    with pytest.raises(IncomparableResults):
        strengths(score_one(INVENTORY, ALEX), other)


def test_suggestions_for_a_couples_growth_areas_are_for_two() -> None:
    picked = suggest_for_areas(["bond", "distance"], together=True, practices=3)
    assert picked.practices and all(p.together for p in picked.practices)
    assert all({"bond", "distance"} & set(p.scales) for p in picked.practices)


def test_equal_gaps_are_shared_between_both_partners_patterns() -> None:
    """One partner agrees with every merging statement, the other with every distance one: the
    five statements to talk about hold both, never five of one person's."""
    merging = {i.id: (7 if i.scale_id == "enmeshment" else 1) for i in INVENTORY.items}
    distant = {i.id: (7 if i.scale_id == "distance" else 1) for i in INVENTORY.items}
    items = discussion_items(INVENTORY, merging, distant, limit=5)
    assert len(items) == 5 and {d.gap for d in items} == {6}
    scales = [d.scale_id for d in items]
    assert {"enmeshment", "distance"} <= set(scales)
    assert max(scales.count("enmeshment"), scales.count("distance")) == 3


def test_a_bigger_gap_still_comes_first_whoever_it_belongs_to() -> None:
    a = {i.id: 4 for i in INVENTORY.items}
    b = dict(a)
    first, second, third = (i.id for i in INVENTORY.items[:3])
    a[first], a[second], b[third] = 7, 6, 6  # two of a's, one of b's
    items = discussion_items(INVENTORY, a, b, limit=2)
    # a's gap of 3 first; then two gaps of 2, one each side: b's turn.
    assert [(d.item_id, d.gap) for d in items] == [(first, 3), (third, 2)]


def test_a_warning_sign_either_side_of_its_line_by_a_few_points_is_said_to_be_near_it() -> None:
    """55 and 52 fall either side of the provisional line: the page must not read them as one
    partner having the sign and the other not, so the difference says it is near the line."""
    over, under = distance_between(55, 60), distance_between(50, 55)
    (near,) = sign_differences(score_one(INVENTORY, over), score_one(INVENTORY, under))
    assert near.scale_id == "distance" and near.in_a and near.near_line
    (far,) = sign_differences(score_one(INVENTORY, over), score_one(INVENTORY, MIDDLE))
    assert far.scale_id == "distance" and not far.near_line


def _discussion_items_as_they_were(
    instrument: Instrument,
    answers_a: Mapping[str, int | None],
    answers_b: Mapping[str, int | None],
    *,
    limit: int = 5,
    min_gap: int = 2,
) -> tuple[DiscussionItem, ...]:
    """``discussion_items`` before it made only the chosen items: the reference."""
    label = instrument.response_scale.label
    sides: tuple[list[DiscussionItem], list[DiscussionItem]] = ([], [])
    for item in instrument.items:
        x, y = answers_a.get(item.id), answers_b.get(item.id)
        if x is None or y is None or abs(x - y) < min_gap:
            continue
        found = DiscussionItem(item.id, item.text, item.scale_id, x, y, label(x), label(y))
        sides[0 if x > y else 1].append(found)
    for side in sides:
        side.sort(key=lambda d: -d.gap)
    chosen: list[DiscussionItem] = []
    turn = 0
    while len(chosen) < limit and (sides[0] or sides[1]):
        heads = [side[0].gap if side else -1 for side in sides]
        pick = turn if heads[turn] >= heads[1 - turn] else 1 - turn
        chosen.append(sides[pick].pop(0))
        turn = 1 - pick
    chosen.sort(key=lambda d: -d.gap)
    return tuple(chosen)


@pytest.mark.parametrize("seed", range(8))
def test_discussion_items_are_what_they_were_when_every_candidate_was_made(seed: int) -> None:
    """Only the chosen statements are made into items now: the same items, in the same order,
    over random answers (gaps of every size, many equal, unanswered ones), for each limit and
    gap a caller uses and both ways round."""
    rng = random.Random(seed)
    scale = INVENTORY.response_scale
    for _ in range(60):
        a, b = (
            {
                item.id: rng.choice([None, *range(scale.min, scale.max + 1)])
                for item in INVENTORY.items
                if rng.random() < 0.9
            }
            for _ in range(2)
        )
        for limit, min_gap in ((5, 2), (60, 2), (3, 1), (1, 4), (0, 2)):
            for x, y in ((a, b), (b, a)):
                expected = _discussion_items_as_they_were(
                    INVENTORY, x, y, limit=limit, min_gap=min_gap
                )
                assert discussion_items(INVENTORY, x, y, limit=limit, min_gap=min_gap) == expected


@pytest.mark.parametrize("seed", range(6))
def test_the_scale_pairs_handed_over_give_what_each_made_itself(seed: int) -> None:
    """The couple view makes the two results' scale pairs once and hands them to the strengths,
    the growth areas and the pattern (with its warning signs), which each made them again:
    the same answers, over random pairs of results (every pattern among them, scales left
    without a score) and the personas' pairs, both ways round. Two results of different
    inventories are still refused where the pairs are made."""
    rng = random.Random(seed)
    scale = INVENTORY.response_scale
    people = [ALEX, BEN, LOST_SELF, SELF_CONTAINED, PUSH_PULL, MIDDLE]

    def random_answers() -> dict[str, int | None]:
        lean = rng.randint(scale.min, scale.max)
        return {
            item.id: rng.choice([None, lean, rng.randint(scale.min, scale.max)])
            for item in INVENTORY.items
            if rng.random() < 0.85
        }

    seen: set[Pattern] = set()
    for _ in range(60):
        a, b = (
            score_one(INVENTORY, random_answers() if rng.random() < 0.4 else rng.choice(people))
            for _ in range(2)
        )
        for first, second in ((a, b), (b, a)):
            pairs = scale_pairs(first, second)
            assert strengths(first, second, pairs=pairs) == strengths(first, second)
            assert growth_areas(first, second, pairs=pairs) == growth_areas(first, second)
            assert sign_differences(first, second, pairs=pairs) == sign_differences(first, second)
            pattern = couple_pattern(first, second, pairs=pairs)
            assert pattern == couple_pattern(first, second)
            seen.add(pattern.pattern)
    assert len(seen) >= 3
    with pytest.raises(IncomparableResults):
        scale_pairs(score_one(INVENTORY, ALEX), score_one(PERCEPTION, {}))


def test_the_answers_words_are_the_first_anchor_s_of_their_value() -> None:
    """The chosen statements' words come from a table made for the call (issue 15's
    twenty-first pass, second wave): the first anchor of each value, as the response scale's
    own ``label`` finds it, where a value is written twice; a value with no anchor is not
    found, as before."""
    scale = INVENTORY.response_scale
    doubled = (*scale.anchors, dataclasses.replace(scale.anchors[0], label="second <word>"))
    odd = dataclasses.replace(INVENTORY, response_scale=dataclasses.replace(scale, anchors=doubled))
    low, high = scale.anchors[0].value, scale.anchors[-1].value
    first = next(item.id for item in INVENTORY.items)
    (item,) = discussion_items(odd, {first: low}, {first: high})
    assert (item.label_a, item.label_b) == (scale.label(low), scale.label(high))
    assert (item.answer_a, item.answer_b) == (low, high)
    missing = dataclasses.replace(scale, anchors=scale.anchors[1:])
    without = dataclasses.replace(INVENTORY, response_scale=missing)
    with pytest.raises(StopIteration):
        discussion_items(without, {first: low}, {first: high})
