"""The result page's suggestions come from a table of the library's picks for every set of
growth areas, made per language as a worker starts (issue 15's twentieth pass): held to
``core.content.suggest``, which picked them on every view and still does anywhere else."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interdepend.core.content import growth_areas, suggest, suggest_for_areas
from interdepend.core.instrument import ScaleKind
from interdepend.core.scoring import Result, score_one
from interdepend.web.assessment import selectors
from interdepend.web.assessment.templatetags import resultparts

VERSIONS = selectors.INVENTORY_IDS
LANGUAGES = ("en", "es")


@pytest.fixture(autouse=True)
def _kept() -> None:
    """As a worker has it once it started: the table made for every language."""
    for language in LANGUAGES:
        selectors.keep_suggestions(language)


def _result(data: st.DataObject) -> Result:
    """A result of either version from any answers: none, a few, most or all statements,
    any answer on the scale (ties between scales come often with few values)."""
    instrument = selectors.inventory(data.draw(st.sampled_from(VERSIONS)), "en")
    keep = data.draw(st.sampled_from([0.0, 0.2, 0.6, 1.0]))
    values = data.draw(st.sampled_from([(1, 7), (4, 4), (1, 2), (6, 7)]))
    answers = {
        i: data.draw(st.integers(*values))
        for i in instrument.item_ids
        if data.draw(st.floats(0, 1)) < keep
    }
    return score_one(instrument, answers)


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_the_page_suggests_what_the_library_picks(data: st.DataObject) -> None:
    """Any result, in either language: the same suggestions ``suggest`` picks, and taken
    from the table (no result of the inventory has growth areas the table lacks)."""
    result = _result(data)
    language = data.draw(st.sampled_from(LANGUAGES))
    size = len(selectors._SUGGESTED)
    got = selectors.suggestions_for(result, language)
    assert got == suggest(result, language=language)
    assert got is selectors._SUGGESTED[language, growth_areas(result)]
    assert len(selectors._SUGGESTED) == size


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_kept_pick_is_the_librarys(language: str) -> None:
    """Every set of growth areas in the table, each picked as ``suggest`` picks: three
    questions and two practices of the library in that language, none left out."""
    kept = {
        areas: found for (lang, areas), found in selectors._SUGGESTED.items() if lang == language
    }
    for areas, found in kept.items():
        assert found == suggest_for_areas(areas, practices=2, language=language)
        assert found.growth_areas == areas
    # Both versions have two axes and two poles: every choice of each, none included.
    assert len(kept) == 16
    assert () in kept and ("self", "bond", "enmeshment", "distance") in kept


def test_a_result_with_growth_areas_not_kept_is_picked_afresh() -> None:
    """A result whose areas the table has not (another instrument's scales, or no language):
    picked as before, and the table is left as it was: a view never adds to it."""
    instrument = selectors.inventory(VERSIONS[0], "en")
    result = score_one(instrument, {})
    other = Result(
        instrument_id="another",
        instrument_version="1",
        scales=tuple(
            type(s)(
                scale_id=f"x-{s.scale_id}",
                name=s.name,
                kind=s.kind,
                mean=4.0,
                score=50.0 + n,
                answered=s.items,
                items=s.items,
                missing_reason=None,
            )
            for n, s in enumerate(result.scales)
        ),
        balance=1.0,
        dynamic_id=result.dynamic_id,
        answered=0,
        items=result.items,
        explanation=result.explanation,
    )
    before = dict(selectors._SUGGESTED)
    for scored in (other, result):
        for language in LANGUAGES:
            assert selectors.suggestions_for(scored, language) == suggest(scored, language=language)
        assert selectors.suggestions_for(scored, None) == suggest(scored)
    assert before == selectors._SUGGESTED


def test_the_warm_up_makes_the_table() -> None:
    """The result page's receiver of the worker's warm-up fills it, in the active language."""
    from django.utils import translation

    selectors._SUGGESTED.clear()
    for language in LANGUAGES:
        with translation.override(language):
            resultparts._warm()
    assert {language for language, _ in selectors._SUGGESTED} == set(LANGUAGES)
    assert len(selectors._SUGGESTED) == 16 * len(LANGUAGES)


def test_every_growth_area_set_is_one_the_table_names() -> None:
    """What ``growth_areas`` can give, worked out apart: the lowest axes (ties in order),
    then the highest poles, of every score pattern of the four scales among a few values."""
    instrument = selectors.inventory(VERSIONS[0], "en")
    axes = [s.id for s in instrument.scales if s.kind is ScaleKind.AXIS]
    poles = [s.id for s in instrument.scales if s.kind is ScaleKind.POLE]
    kept = {areas for (lang, areas) in selectors._SUGGESTED if lang == "en"}
    for a in (math.nan, 10.0, 50.0):
        for b in (math.nan, 10.0, 50.0):
            for c in (math.nan, 10.0, 50.0):
                for d in (math.nan, 10.0, 50.0):
                    low = _extreme(dict(zip(axes, (a, b), strict=True)), min)
                    high = _extreme(dict(zip(poles, (c, d), strict=True)), max)
                    assert low + high in kept


def _extreme(scores: dict[str, float], pick: object) -> tuple[str, ...]:
    known = {k: v for k, v in scores.items() if not math.isnan(v)}
    if not known:
        return ()
    target = pick(known.values())  # type: ignore[operator]
    return tuple(k for k, v in known.items() if v == target)
