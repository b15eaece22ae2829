"""The result page's fixed words looked up once per language, and its counts written as
``str`` writes them (issue 15's eighteenth pass).

The lists and sentences of the page (``resultparts``, ``resultwords``) and the map's
description (``selectors.map_description``) looked up some thirty fixed words with ``gettext``
on every view, and wrote each count through ``localize``. The words are now kept per language,
made as a worker starts (``tests/web/test_warmup.py`` counts them among the kept parts); the
counts are written as ``localize`` writes a whole number without grouping of thousands. The
page as a whole is held to the template it replaced by ``tests/web/test_result_parts.py``; here:
the map's description against the old function, kept below as the reference, over generated
results; the counts against ``localize``; what is kept holds nothing of anyone; and a view
asks ``gettext`` for none of the fixed words.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest
from django.template import Context
from django.test import override_settings
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.translation import get_language, gettext, override
from hypothesis import given, settings
from hypothesis import strategies as st

from interdepend.core.scoring import Result, score_one
from interdepend.web.assessment import selectors
from interdepend.web.assessment.demo import complete_attempt, profile_answers
from interdepend.web.assessment.models import Attempt
from interdepend.web.assessment.templatetags import resultpage, resultparts, resultwords
from interdepend.web.frame.numbers import floatformat
from tests.conftest import Personas

LANGUAGES = ("en", "es")
ODD = "<script>alert('x')</script> & \"quoted\" {{ x }} %(s)s ‏مريم"
fast = settings(max_examples=60, deadline=None)


def old_map_description(result: Result) -> str:
    """``selectors.map_description`` before the eighteenth pass, word for word."""

    def fmt(value: float | None) -> str:
        if value is None:
            return gettext("not enough answers")
        return gettext("%(score)s of 100") % {"score": floatformat(value, 0)}

    parts = [
        gettext("%(scale)s: %(score)s") % {"scale": s.name, "score": fmt(s.score)}
        for s in result.scales
    ]
    return gettext("Map of Self and Bond. %(scores)s.") % {"scores": "; ".join(parts)}


def _a_result() -> Result:
    instrument = selectors.inventory()
    answers = profile_answers(instrument, {"self": 5, "bond": 4, "enmeshment": 3, "distance": 2})
    return score_one(instrument, answers)


scores = st.one_of(
    st.none(),
    st.floats(0, 100, allow_nan=False),
    st.sampled_from([0.0, 0.5, 1.5, 49.5, 50.49999, 99.5, 100.0]),
)
names = st.one_of(st.text(max_size=30), st.sampled_from([ODD, "", "Self", "Uno mismo"]))


@fast
@given(
    language=st.sampled_from(LANGUAGES),
    scales=st.lists(st.tuples(names, scores), min_size=0, max_size=6),
)
def test_the_maps_description_is_the_old_functions(
    language: str, scales: list[tuple[str, float | None]]
) -> None:
    base = _a_result()
    template = base.scales[0]
    result = dataclasses.replace(
        base,
        scales=tuple(dataclasses.replace(template, name=n, score=s) for n, s in scales),
    )
    with override(language):
        assert selectors.map_description(result) == old_map_description(result)


@fast
@given(
    language=st.sampled_from(LANGUAGES),
    value=st.one_of(
        st.integers(-(10**20), 10**20),
        st.sampled_from([0, 1, -1, 999, 1000, 12345678]),
        st.floats(allow_nan=False, allow_infinity=False),
        st.booleans(),
    ),
    grouped=st.booleans(),
)
def test_a_count_is_written_as_localize_writes_it(
    language: str, value: float | int | bool, grouped: bool
) -> None:
    """A whole number as ``str`` writes it, the same as ``localize``; grouping of thousands
    switched on, or any other value, goes through ``localize`` as before."""
    with override(language), override_settings(USE_THOUSAND_SEPARATOR=grouped):
        old = str(conditional_escape(localize(value)))
        assert resultparts._number(value) == old
        if not isinstance(value, float):  # the sentences write counts only
            assert resultwords._count(value) == old


@pytest.fixture
def pages(personas: Personas) -> Iterator[list[Attempt]]:
    """Two finished takes of one person, newest first: a result with a take before it."""
    for n, days in enumerate((60, 3)):
        answers = profile_answers(
            selectors.inventory(), {"self": 3 + n, "bond": 4, "enmeshment": 3, "distance": 2}
        )
        complete_attempt(personas.carol, answers, days_ago=days, seed=n + 5)
    yield list(Attempt.objects.filter(user=personas.carol).order_by("-completed_at"))


def _kept() -> list[dict[str, str]]:
    return [
        *(resultparts._fixed(lang) for lang in LANGUAGES),
        *(resultwords.fixed(lang) for lang in LANGUAGES),
        *(selectors.map_words(lang) for lang in LANGUAGES),
    ]


@pytest.mark.django_db
def test_what_is_kept_is_each_languages_words_and_nothing_of_hers(
    pages: list[Attempt],
) -> None:
    """Drawing her page in both languages, with a marker in her scale names and quoted
    statements, changes nothing that is kept, and nothing kept holds the marker; each
    language has its own words, as ``gettext`` gives them."""
    before = [dict(words) for words in _kept()]
    marker = "MARKER-3f9a"
    for language in LANGUAGES:
        with override(language):
            view = selectors.result_view(pages[0], pages)
            result = view.result
            marked = dataclasses.replace(
                result,
                scales=tuple(dataclasses.replace(s, name=marker) for s in result.scales),
            )
            view = dataclasses.replace(
                view, result=marked, map_alt=selectors.map_description(marked)
            )
            context = {"view": view, "instrument": selectors.inventory_of(pages[0])}
            drawn = resultpage.result_page(Context(context))
            assert marker in drawn
    after = _kept()
    assert after == before
    assert not any(marker in word for words in after for word in words.values())
    with override("es"):
        assert resultwords.fixed("es")["since"] == gettext("Since %(when)s")
        assert resultwords.fixed("es")["since"] != resultwords.fixed("en")["since"]
        assert selectors.map_words("es")["none"] == gettext("not enough answers")


@pytest.mark.django_db
def test_a_view_looks_up_none_of_the_fixed_words(
    pages: list[Attempt], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The whole block of a result with a take before it (its rows, answers, changes, balance,
    practices and the map's description) asks ``gettext`` for none of the words kept; only the
    counted sentences (``ngettext``) are looked up as they are drawn. Fails on the start commit."""
    asked: list[str] = []

    def counting(message: str) -> str:
        asked.append(message)
        return gettext(message)

    for language in LANGUAGES:
        with override(language):
            resultparts._fixed(get_language()), resultwords.fixed(get_language())
            selectors.map_words(get_language())
            for module in (resultparts, resultwords, selectors):
                monkeypatch.setattr(module, "gettext", counting)
            view = selectors.result_view(pages[0], pages)
            assert view.change is not None and view.suggestions is not None
            assert view.result.balance is not None
            context = {"view": view, "instrument": selectors.inventory_of(pages[0])}
            drawn = resultpage.result_page(Context(context))
            monkeypatch.undo()
            assert "<meter" in drawn and 'id="change-heading"' in drawn
            assert asked == [], asked
