"""The result page's selector looks the take's inventory up once, and skips the walk for
statements left out when every scale has a score (issue 15's nineteenth pass): held to the code
it replaced, kept here as the reference."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.urls import reverse
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from interdepend.core.instrument import Instrument, Item
from interdepend.core.scoring import Result, score_one
from interdepend.web.accounts.models import User
from interdepend.web.assessment import selectors
from interdepend.web.assessment.demo import complete_attempt, profile_answers
from interdepend.web.assessment.models import Attempt
from tests.conftest import Personas
from tests.helpers import as_user

VERSIONS = selectors.INVENTORY_IDS


def old_left_out(attempt: Attempt, instrument: Instrument, result: Result) -> tuple[Item, ...]:
    """``selectors.left_out`` before the nineteenth pass, word for word."""
    short = {s.scale_id for s in result.scales if s.score is None}
    found = (instrument.item(i) for i in attempt.item_order if i not in attempt.answers)
    return tuple(item for item in found if item.scale_id in short)


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_the_statements_left_out_are_the_old_walks(data: st.DataObject) -> None:
    """Takes in memory with any statements answered (none, a few, nearly all, all) in any
    order shown: the same statements in the same order, none when every scale is scored."""
    instrument = selectors.inventory(data.draw(st.sampled_from(VERSIONS)), "en")
    ids = list(instrument.item_ids)
    order = data.draw(st.permutations(ids))
    keep = data.draw(st.sampled_from([0.0, 0.3, 0.8, 0.95, 1.0]))
    answers = {i: data.draw(st.integers(1, 7)) for i in ids if data.draw(st.floats(0, 1)) < keep}
    attempt = Attempt(instrument_id=instrument.id, item_order=order, answers=answers)
    result = score_one(instrument, answers)
    got = selectors.left_out(attempt, instrument, result)
    assert got == old_left_out(attempt, instrument, result)
    if all(s.score is not None for s in result.scales):
        assert got == ()


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_page_is_given_the_inventory_it_scored_with(personas: Personas, language: str) -> None:
    """The selector's inventory is the take's own in the page's language (what the page looked
    up apart before), and the page's context holds that one."""
    earlier = profile_answers(
        selectors.inventory(VERSIONS[1]), {"self": 3, "bond": 5, "enmeshment": 5, "distance": 3}
    )
    complete_attempt(
        personas.carol, earlier, days_ago=40, seed=1, instrument=selectors.inventory(VERSIONS[1])
    )
    answers = profile_answers(
        selectors.inventory(), {"self": 6, "bond": 6, "enmeshment": 2, "distance": 2}
    )
    take = complete_attempt(personas.carol, answers, days_ago=1, seed=2)
    with translation.override(language):
        view = selectors.result_view(take, list(Attempt.objects.filter(user=personas.carol)))
        assert view.instrument is selectors.inventory_of(take)
        scored = selectors.attempt_result(take)
        if take.language != language:  # quoted as answered, the rest in the page's words
            scored = selectors.quoted_as_answered(scored, selectors.attempt_result(take, "en"))
        assert view.result == selectors.worded(scored)
        assert view.change is not None and view.change.across_versions
    User.objects.filter(pk=personas.carol.pk).update(language=language)
    response = as_user(personas.carol).get(reverse("assessment:results", args=[take.public_id]))
    assert response.status_code == 200
    with translation.override(language):
        assert response.context["instrument"] is selectors.inventory_of(take)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_content_block_asks_for_the_language_once(
    personas: Personas, language: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The block looks the active language up once and hands it to each part, which gives
    what it gives when it looks the language up itself."""
    from django.template import Context

    from interdepend.web.assessment.templatetags import resultpage, resultparts, resultwords

    earlier = profile_answers(
        selectors.inventory(), {"self": 4, "bond": 6, "enmeshment": 5, "distance": 2}
    )
    complete_attempt(personas.carol, earlier, days_ago=40, seed=1)
    answers = profile_answers(
        selectors.inventory(), {"self": 6, "bond": 6, "enmeshment": 3, "distance": 2}
    )
    take = complete_attempt(personas.carol, answers, days_ago=1, seed=2)
    with translation.override(language):
        view = selectors.result_view(take, list(Attempt.objects.filter(user=personas.carol)))
        assert view.change is not None and view.suggestions is not None
        context = Context({"view": view, "instrument": view.instrument, "partnered": True})
        r, drivers = view.result, view.result.explanation.drivers
        pairs = [
            (resultparts.result_scale_rows, (view,)),
            (resultparts.scale_meanings, (view.instrument,)),
            (resultparts.result_drivers, (drivers, "", 4)),
            (resultparts.result_changes, (view.change,)),
            (resultparts.result_practices, (view.suggestions,)),
            (resultwords.result_taken, (take.completed_at, r.answered, r.items)),
            (resultwords.result_since, (take.completed_at,)),
            (resultwords.result_version, (take.instrument_version,)),
            (resultwords.result_balance_words, (r,)),
        ]
        for part, args in pairs:
            assert part(*args, language) == part(*args), part.__name__  # type: ignore[operator]
        drawn = resultpage.result_page(context)
        asked: list[str] = []
        for module in (resultpage, resultparts, resultwords):
            real = module.get_language

            def counted(real: Callable[[], str | None] = real) -> str | None:
                asked.append("asked")
                return real()

            monkeypatch.setattr(module, "get_language", counted)
        assert resultpage.result_page(context) == drawn
    assert len(asked) == 1
