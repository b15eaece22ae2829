"""The couple view's practices for two and questions come from a table of the library's picks
for every set of growth areas a couple can have, made per language as a worker starts (issue
15's twentieth pass, second wave): held to ``core.content.suggest_for_areas``, which picked
them on every view and still does for a set the table has not."""

from __future__ import annotations

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from interdepend.core.content import suggest_for_areas
from interdepend.core.dyad import growth_areas
from interdepend.core.scoring import Result, score_one
from interdepend.web.assessment.selectors import INVENTORY_IDS, inventory
from interdepend.web.couple import selectors
from interdepend.web.couple.templatetags import couplepage

LANGUAGES = ("en", "es")


@pytest.fixture(autouse=True)
def _kept() -> None:
    """As a worker has it once it started: the table made for every language."""
    for language in LANGUAGES:
        selectors.keep_suggestions_for_two(language)


def _result(data: st.DataObject, instrument_id: str) -> Result:
    """A result of the version from any answers: none, a few, most or all statements, any
    answer on the scale (ties between scales come often with few values)."""
    instrument = inventory(instrument_id, "en")
    keep = data.draw(st.sampled_from([0.0, 0.2, 0.6, 1.0]))
    values = data.draw(st.sampled_from([(1, 7), (4, 4), (1, 2), (6, 7), (1, 3)]))
    answers = {
        i: data.draw(st.integers(*values))
        for i in instrument.item_ids
        if data.draw(st.floats(0, 1)) < keep
    }
    return score_one(instrument, answers)


def _asked(a: Result, b: Result) -> list[str]:
    """The areas the couple view asks suggestions for, as ``selectors._build`` makes them."""
    return [p.scale_id for p in growth_areas(a, b)] or ["bond", "self"]


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_the_couple_view_suggests_what_the_library_picks(data: st.DataObject) -> None:
    """Any two results of one version, in either language: the same practices and questions
    ``suggest_for_areas`` picks for the couple's growth areas, taken from the table (no couple
    has growth areas it lacks), and the table left as it was."""
    version = data.draw(st.sampled_from(INVENTORY_IDS))
    a, b = _result(data, version), _result(data, version)
    language = data.draw(st.sampled_from(LANGUAGES))
    areas = _asked(a, b)
    size = len(selectors._FOR_TWO)
    got = selectors.suggestions_for_two(areas, language)
    assert got == suggest_for_areas(areas, together=True, practices=3, prompts=4, language=language)
    assert got is selectors._FOR_TWO[language, tuple(areas)]
    assert len(selectors._FOR_TWO) == size


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_kept_pick_is_the_library_s(language: str) -> None:
    """Every set in the table, each picked as the couple view picked it: four questions and
    three practices for two of the library in that language."""
    kept = {areas: found for (lang, areas), found in selectors._FOR_TWO.items() if lang == language}
    for areas, found in kept.items():
        assert found == suggest_for_areas(
            areas, together=True, practices=3, prompts=4, language=language
        )
        assert found.growth_areas == areas and all(p.together for p in found.practices)
    # Both versions have two axes and two poles: every choice of them, and Bond and Self for
    # a couple with none.
    assert len(kept) == 16
    assert ("bond", "self") in kept and ("self", "bond", "enmeshment", "distance") in kept
    assert () not in kept
    with translation.override(language):  # no language given: picked afresh, in the page's
        afresh = selectors.suggestions_for_two(["bond", "self"], None)
    assert afresh == kept["bond", "self"] and afresh is not kept["bond", "self"]


def test_areas_not_kept_are_picked_afresh_and_the_table_is_left_alone() -> None:
    """Areas the table has not (another order, or a scale of no version): picked as before,
    and the table is left as it was: a view never adds to it."""
    size = len(selectors._FOR_TWO)
    for areas in (["distance", "self"], ["trust"], []):
        got = selectors.suggestions_for_two(areas, "en")
        assert got == suggest_for_areas(areas, together=True, practices=3, prompts=4, language="en")
    assert len(selectors._FOR_TWO) == size


def test_the_page_s_warm_up_fills_the_table_for_its_language() -> None:
    """The couple page's receiver of the worker's warm-up fills it, per language."""
    selectors._FOR_TWO.clear()
    with translation.override("es"):
        couplepage._warm()
    assert {lang for lang, _areas in selectors._FOR_TWO} == {"es"}
    assert len(selectors._FOR_TWO) == 16
    selectors.keep_suggestions_for_two("en")  # as the worker leaves it, for the tests after
