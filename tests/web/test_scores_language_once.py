"""The result page's selector and the couple view's building ask for the language once and hand
it to every part (issue 15's twenty-second pass): what each part makes with the language handed
down is what it made when it asked for the active one, in English and Spanish, for results of
any answers. ``tests/web/test_result_parts.py`` and ``test_couple_page_drawn.py`` hold the
drawn pages to their templates, byte for byte."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.utils import translation
from django.utils.translation import trans_real
from hypothesis import given, settings
from hypothesis import strategies as st

from interdepend.core.dyad import discussion_items
from interdepend.core.scoring import change_since, compare, score_one
from interdepend.web.assessment import selectors
from interdepend.web.assessment.demo import profile_answers, sample_attempt, sample_person
from interdepend.web.assessment.models import Attempt
from interdepend.web.couple import selectors as couple
from interdepend.web.couple.models import Perception

LANGUAGES = ("en", "es")
SCALES = ("self", "bond", "enmeshment", "distance")


@contextmanager
def _counting() -> Iterator[list[int]]:
    """How many times the language is asked for (``translation.get_language``) inside."""
    counted = [0]

    def get_language() -> str:
        counted[0] += 1
        return trans_real.get_language()

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.utils.translation._trans.get_language", get_language)
        yield counted


@pytest.fixture
def asks() -> Iterator[list[int]]:
    with _counting() as counted:
        yield counted


def _take(pk: int, levels: dict[str, int], finished: dt.date, language: str = "") -> Attempt:
    take = sample_attempt(sample_person(pk, "Ana"), levels, finished=finished)
    take.pk = -pk
    if language:
        take.language = language
    return take


_LEVELS = st.fixed_dictionaries({scale: st.integers(1, 7) for scale in SCALES})


@pytest.mark.parametrize("language", LANGUAGES)
@settings(max_examples=40, deadline=None)
@given(now=_LEVELS, before=_LEVELS, taken_in=st.sampled_from(["", "en", "es"]))
def test_the_result_view_is_made_with_the_language_asked_once(
    language: str, now: dict[str, int], before: dict[str, int], taken_in: str
) -> None:
    """Any two takes, the later one answered in either language: the inventory, the scores,
    the change, the suggestions and the map in words are what each made asking for the active
    language, and the language is asked once (once the language's tables are made, as a worker
    makes them as it starts)."""
    with translation.override(language):
        attempt = _take(-2, now, dt.date(2026, 3, 2), taken_in)
        previous = _take(-3, before, dt.date(2025, 9, 1))
        selectors.result_view(attempt, [attempt, previous])  # the language's tables, made
        with _counting() as counted:
            view = selectors.result_view(attempt, [attempt, previous])
        assert counted[0] == 1
        instrument = selectors.inventory_of(attempt)
        assert view.instrument is instrument
        if not attempt.language or attempt.language == language:
            assert view.result == selectors.worded(score_one(instrument, attempt.answers))
        assert view.change == change_since(
            selectors.inventory_of(previous), previous.answers, view.result
        )
        assert view.map_alt == selectors.map_description(view.result)
        assert view.suggestions == selectors.suggestions_for(view.result, language)


@pytest.mark.parametrize("language", LANGUAGES)
@settings(max_examples=40, deadline=None)
@given(hers=_LEVELS, earlier=_LEVELS, his=_LEVELS, she_sees=_LEVELS, he_sees=_LEVELS)
def test_the_couple_view_is_built_with_the_language_asked_once(
    language: str,
    hers: dict[str, int],
    earlier: dict[str, int],
    his: dict[str, int],
    she_sees: dict[str, int],
    he_sees: dict[str, int],
) -> None:
    """Any couple with her two takes and his one, each seeing the other: the scores, the
    statements to talk about, how each sees the other and what moved are what each made asking
    for the active language, and the language is asked once for the whole building (once the
    language's tables are made, as a worker makes them as it starts)."""
    with translation.override(language):
        ana, ben = sample_person(-2, "Ana"), sample_person(-1, "Ben")
        mine = _take(2, hers, dt.date(2026, 1, 12))
        before = _take(3, earlier, dt.date(2025, 10, 6))
        theirs = _take(1, his, dt.date(2026, 1, 14))
        form = couple.perception_form()
        seen = {
            ana.pk: Perception(answers=profile_answers(form, she_sees)),
            ben.pk: Perception(answers=profile_answers(form, he_sees)),
        }
        couple.couple_view_of(ana, ben, [[mine, before], [theirs]], seen)  # as a worker has
        with _counting() as counted:
            view = couple.couple_view_of(ana, ben, [[mine, before], [theirs]], seen)
        assert counted[0] == 1
        assert view.mine == selectors.attempt_result(mine)
        assert view.theirs == selectors.attempt_result(theirs)
        first, second = (mine, theirs) if ana.pk < ben.pk else (theirs, mine)
        talked = discussion_items(selectors.inventory_of(first), first.answers, second.answers)
        assert view.discussion == (
            talked if ana.pk < ben.pk else tuple(item.swapped() for item in talked)
        )
        assert view.my_change == compare(selectors.attempt_result(before), view.mine)
        assert view.their_change is None
        assert couple.perception_form(language) is form


def test_each_part_asks_for_the_active_language_when_given_none(asks: list[int]) -> None:
    """Called without a language, as other pages call them, the parts ask for it as before."""
    with translation.override("es"):
        take = _take(-2, dict.fromkeys(SCALES, 4), dt.date(2026, 3, 2))
        result = selectors.attempt_result(take)
        before = asks[0]
        assert couple.perception_form() is couple.perception_form("es")
        assert selectors.map_description(result) == selectors.map_description(result, "es")
        assert asks[0] == before + 2
