"""Prompts and practices: the libraries load, cover every scale, and follow growth areas."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interdepend.core import content
from interdepend.core.content import (
    growth_areas,
    growth_areas_of,
    load_practices,
    load_prompts,
    suggest,
    suggest_for_areas,
)
from interdepend.core.errors import ContentError
from interdepend.core.scoring import score_one
from tests.core.assessment_personas import ALEX, INVENTORY, LOST_SELF, SELF_CONTAINED

SCALES = ("self", "bond", "enmeshment", "distance")


def test_libraries_are_large_enough_and_cover_every_scale() -> None:
    prompts, practices = load_prompts(), load_practices()
    assert len(prompts) >= 30 and len(practices) >= 20
    for scale in SCALES:
        assert sum(scale in p.scales for p in prompts) >= 5, scale
        assert sum(scale in p.scales for p in practices) >= 4, scale


def test_growth_areas_are_lowest_axis_and_highest_pole() -> None:
    assert growth_areas(score_one(INVENTORY, LOST_SELF)) == ("self", "enmeshment")
    assert growth_areas(score_one(INVENTORY, SELF_CONTAINED)) == ("bond", "distance")
    assert growth_areas(score_one(INVENTORY, {})) == ()


def test_suggestions_serve_the_growth_areas() -> None:
    chosen = suggest(score_one(INVENTORY, SELF_CONTAINED), prompts=4, practices=3)
    assert chosen.growth_areas == ("bond", "distance")
    assert len(chosen.prompts) == 4 and len(chosen.practices) == 3
    for entry in (*chosen.prompts, *chosen.practices):
        assert set(entry.scales) & {"bond", "distance"}


def test_suggestions_vary_when_earlier_ones_are_excluded() -> None:
    result = score_one(INVENTORY, ALEX)
    first = suggest(result)
    later = suggest(result, exclude={p.id for p in first.prompts} | {p.id for p in first.practices})
    assert not {p.id for p in first.prompts} & {p.id for p in later.prompts}
    assert later.prompts


def test_suggestions_can_keep_to_practices_for_one() -> None:
    chosen = suggest(score_one(INVENTORY, LOST_SELF), practices=5, together=False)
    assert chosen.practices and not any(p.together for p in chosen.practices)


def test_bad_library_names_file_and_entry(tmp_path: Path) -> None:
    path = tmp_path / "prompts.toml"
    path.write_text('[[prompts]]\nid = "x1"\ntext = "Hi?"\nscales = ["selfish"]\n', "utf-8")
    with pytest.raises(ContentError, match=r"prompts.toml: entry 'x1': scales must be"):
        load_prompts(path)
    path.write_text('[[prompts]]\nid = "x1"\nscales = ["self"]\n', "utf-8")
    with pytest.raises(ContentError, match=r"entry 'x1': text is missing"):
        load_prompts(path)


@given(
    st.dictionaries(
        st.sampled_from(list(INVENTORY.item_ids)),
        st.one_of(st.none(), st.integers(min_value=1, max_value=7)),
    )
)
@settings(max_examples=200, deadline=None)
def test_growth_areas_from_scale_scores_alone_equal_those_of_the_full_result(
    answers: dict[str, int | None],
) -> None:
    instrument = INVENTORY
    assert growth_areas_of(instrument, answers) == growth_areas(score_one(instrument, answers))


@given(
    st.dictionaries(
        st.sampled_from(list(INVENTORY.item_ids)),
        st.one_of(st.none(), st.integers(min_value=1, max_value=7)),
    ),
    st.sets(st.sampled_from([p.id for p in load_prompts()] + [p.id for p in load_practices()])),
    st.sampled_from(["en", "es"]),
)
@settings(max_examples=200, deadline=None)
def test_suggestions_for_the_growth_areas_alone_equal_those_for_the_full_result(
    answers: dict[str, int | None], exclude: set[str], language: str
) -> None:
    """The journal's write page picks its questions from the growth areas alone (issue 15's
    tenth pass): the same questions and practices, in the same order, as from the result."""
    areas = growth_areas_of(INVENTORY, answers)
    for prompts, practices in ((3, 0), (2, 3)):
        whole = suggest(
            score_one(INVENTORY, answers),
            prompts=prompts,
            practices=practices,
            exclude=exclude,
            language=language,
        )
        alone = suggest_for_areas(
            areas, prompts=prompts, practices=practices, exclude=exclude, language=language
        )
        assert alone == whole


def test_a_tie_keeps_both_sides_as_places_to_grow() -> None:
    """Self and Bond alike, and both warning signs alike: each is a growth area, so the
    practices offered serve both sides (the first listed used to win the tie, and a person as
    strong in both got only advice for leaning less on a partner: the desktop walk of
    2026-12-02)."""
    answers: dict[str, int | None] = {item.id: 4 for item in INVENTORY.items}
    result = score_one(INVENTORY, answers)
    scores = {s.scale_id: s.score for s in result.scales}
    assert scores["self"] == scores["bond"] and scores["enmeshment"] == scores["distance"]
    assert growth_areas(result) == SCALES
    assert growth_areas_of(INVENTORY, answers) == SCALES
    served = {s for p in suggest(result, practices=6).practices for s in p.scales}
    assert {"self", "bond"} <= served
    alex = score_one(INVENTORY, ALEX)
    assert len(growth_areas(alex)) == 2  # no tie: one axis, one sign


def test_growth_areas_of_one_person_do_not_build_an_answer_matrix(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """One person's growth areas are scored in plain Python (``scale_scores_one``): NumPy's
    matrix for one row cost the journal's write page 0.4 ms (issue 15's eleventh pass)."""
    from interdepend.core import content, scoring

    def refused(*_: object) -> None:
        raise AssertionError("a matrix was built for one person")

    for module in (scoring, content):
        for name in ("score_matrix", "answers_matrix"):
            monkeypatch.setattr(module, name, refused, raising=False)
    answers: dict[str, int | None] = {item.id: 4 for item in INVENTORY.items}
    assert growth_areas_of(INVENTORY, answers) == SCALES


def _old_pick(pool: Any, areas: Any, exclude: Any, count: int) -> tuple[Any, ...]:
    """``content._pick`` as it was before issue 15's thirteenth pass: every entry ranked and
    put in turn, then cut to ``count``."""
    fresh = [p for p in pool if p.id not in exclude and set(p.scales) & set(areas)]
    ranked = sorted(fresh, key=lambda p: -len(set(p.scales) & set(areas)))
    queues = [[p for p in ranked if area in p.scales] for area in areas]
    order: list[Any] = []
    while any(queues):
        for queue in queues:
            while queue and queue[0] in order:
                queue.pop(0)
            if queue:
                order.append(queue.pop(0))
    return tuple(order[:count])


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_the_pick_stops_once_it_has_enough_and_picks_the_same(data: st.DataObject) -> None:
    """Picking prompts or practices for some areas stops once it has as many as asked (it
    ranked and ordered the whole library, and the journal asked for no practice at all), and
    picks the same entries in the same order as before, for any areas (repeated too), any
    left out and any number asked, none and more than there are included."""
    language = data.draw(st.sampled_from(["en", "es"]))
    prompts = data.draw(st.booleans())
    pool: Any = load_prompts(language=language) if prompts else load_practices(language=language)
    scales = sorted({scale for entry in pool for scale in entry.scales})
    areas = data.draw(st.lists(st.sampled_from([*scales, "not-a-scale"]), max_size=5))
    exclude = set(data.draw(st.lists(st.sampled_from([p.id for p in pool]), max_size=30)))
    count = data.draw(st.integers(min_value=-2, max_value=len(pool) + 2))
    assert content._pick(pool, areas, exclude, count) == _old_pick(pool, areas, exclude, count)


def test_nothing_of_the_library_is_looked_at_when_none_is_asked_for() -> None:
    """The journal's write page asks for three questions and no practice: the practices were
    ranked and put in turn all the same, to be cut to none."""

    class Untouched(list[Any]):
        def __iter__(self) -> Any:
            raise AssertionError("the library was walked")

    practices = Untouched(load_practices())
    assert content._pick(practices, ["self", "bond"], set(), 0) == ()
    assert suggest_for_areas(["self"], prompts=3, practices=0).practices == ()
