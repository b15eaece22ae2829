"""The inventory's and the library's own words, kept escaped per worker (issue 15's nineteenth
pass: ``keptwords.ESCAPED``, made as a worker starts): each is what escaping it as it is
drawn gives, any other value is escaped as before, and the result page drawn with them kept is
the old template's, byte for byte: every drawing of ``test_result_parts`` (English and
Spanish, two time zones, a first take and later ones, scales short of answers, a flagged take
quoted in another language, hostile words, every branch) runs again here with the words kept.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils.functional import lazy
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import override
from hypothesis import given, settings
from hypothesis import strategies as st

from interdepend.core.content import load_practices, load_prompts
from interdepend.web.assessment import selectors
from interdepend.web.assessment.templatetags import resultparts
from interdepend.web.frame import keptwords
from interdepend.web.frame.formrender import escaped

# Every drawing held to the old template, run again in this module with the words kept.
from tests.web.test_result_parts import (  # noqa: F401 - collected here again, with the words kept
    test_a_first_take_and_one_after_it,
    test_a_flagged_take_and_statements_quoted_as_answered,
    test_every_branch_of_the_page_drawn_in_python,
    test_scales_short_of_answers,
    test_words_to_escape_and_more_answers_than_four,
    where,
)

LANGUAGES = ("en", "es")


def _fill() -> None:
    for language in LANGUAGES:
        with override(language):
            resultparts._warm()


@pytest.fixture(autouse=True)
def kept() -> Iterator[dict[str, str]]:
    """The words kept as a worker's start keeps them, for each test; as they were after it."""
    before = dict(keptwords.ESCAPED)
    _fill()
    yield keptwords.ESCAPED
    keptwords.ESCAPED.clear()
    keptwords.ESCAPED.update(before)


def test_each_kept_word_is_what_escaping_it_gives(kept: dict[str, str]) -> None:
    assert len(kept) > 300  # two versions of the inventory and the library, in two languages
    for text, shown in kept.items():
        assert shown == str(escaped(text)) == str(conditional_escape(text))
        assert resultparts.shown(text) == shown


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_words_a_page_shows_are_kept(kept: dict[str, str], language: str) -> None:
    for version in selectors.INVENTORY_IDS:
        instrument = selectors.inventory(version, language)
        assert {i.text for i in instrument.items} <= kept.keys()
        assert {s.description for s in instrument.scales} <= kept.keys()
        assert {a.label for a in instrument.response_scale.anchors} <= kept.keys()
    assert {p.title for p in load_practices(language=language)} <= kept.keys()
    assert {p.text for p in load_prompts(language=language)} <= kept.keys()


def test_nothing_of_anyone_is_kept_by_drawing(kept: dict[str, str]) -> None:
    """Only a worker's start adds to the table: drawing hostile or unknown words leaves it."""
    before = dict(kept)
    for value in ("<b>her own</b>", "marker-8f3a", "{{ x }}", "\u202eRTL"):
        assert resultparts.shown(value) == str(escaped(value))
    assert kept == before


texts = st.text(st.characters(codec="utf-8"), max_size=40)
odd = st.sampled_from(["<script>alert(1)</script>", "\"'&<>", "{{ view }}", "\u202bمريم\u202c"])


@settings(max_examples=300, deadline=None)
@given(
    value=st.one_of(
        texts,
        odd,
        texts.map(mark_safe),
        odd.map(mark_safe),
        st.integers(),
        st.floats(allow_nan=False),
        st.none(),
        st.sampled_from(["Self", "Bond", "Merging", "Distance", "Strongly agree"]),
    )
)
def test_any_value_is_shown_as_escaping_shows_it(value: object) -> None:
    assert resultparts.shown(value) == str(escaped(value)) == str(conditional_escape(value))  # type: ignore[arg-type]  # any value, as a template gives it


def test_a_safe_text_equal_to_a_kept_word_is_not_escaped_again(kept: dict[str, str]) -> None:
    word = next(text for text in kept if "'" in text or "&" in text or '"' in text)
    assert resultparts.shown(SafeString(word)) == word != kept[word]
    later = lazy(lambda: word, str)()
    assert resultparts.shown(later) == kept[word]
