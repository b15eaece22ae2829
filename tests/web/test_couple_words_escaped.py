"""The couple view's lists take the inventory's, the form's and the library's own words escaped
from a table made per language as a worker starts (``keptwords.ESCAPED``; issue 15's
twenty-first pass): held to ``conditional_escape``, which escaped each on every view and still
does for any other value, and to the template the lists replaced, byte for byte, with the
table full and empty, in English and Spanish, hostile words among the kept ones."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone, translation
from django.utils.functional import lazy
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from hypothesis import given, settings
from hypothesis import strategies as st

from interdepend.core.dyad import DiscussionItem
from interdepend.core.instrument import load_builtin
from interdepend.web.assessment.selectors import INVENTORY_IDS, inventory
from interdepend.web.couple import selectors
from interdepend.web.couple.templatetags import couplelists, couplepage
from interdepend.web.frame import keptwords
from tests.web.test_couple_lists import HOSTILE, _both, _view, every_list

LANGUAGES = ("en", "es")
#: Words the way an attacker would write them, kept in the table in some tests.
NASTY = (
    '<script>alert("x")</script>',
    "Tom & 'Jerry' \"said\"",
    "{{ secret }} {% csrf_token %}",
    "\u202eevil\u202c مريم",
    "",
    "&amp; already",
)


@pytest.fixture(params=[("en", "UTC"), ("es", "Pacific/Auckland")])
def where(request: pytest.FixtureRequest) -> Iterator[str]:
    language, zone = request.param
    with translation.override(language), timezone.override(zone):
        yield language


@pytest.fixture
def table(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    """A table of this test's own, filled as a worker fills it for both languages."""
    fresh: dict[str, str] = {}
    monkeypatch.setattr(keptwords, "ESCAPED", fresh)
    for language in LANGUAGES:
        couplelists.keep_escaped_words(language)
    yield fresh


def _keep(table: dict[str, str], words: list[str]) -> None:
    for word in words:
        table[word] = str(conditional_escape(word))


@settings(max_examples=300, deadline=None)
@given(
    text=st.one_of(st.text(), st.sampled_from(NASTY)),
    kind=st.sampled_from(["str", "safe", "lazy", "str subclass"]),
    kept=st.booleans(),
)
def test_a_word_is_written_as_conditional_escape_writes_it(
    text: str, kind: str, kept: bool
) -> None:
    """Kept or not, a plain string, a string marked safe, a lazy one or a subclass: the same
    text ``conditional_escape`` gives. A safe string equal to a kept word stays as it is."""

    class Other(str):
        __slots__ = ()

    value: Any = {
        "str": text,
        "safe": mark_safe(text),  # noqa: S308 - the test's own text, held to the escaper
        "lazy": lazy(lambda: text, str)(),
        "str subclass": Other(text),
    }[kind]
    saved = dict(keptwords.ESCAPED)
    try:
        keptwords.ESCAPED.clear()
        if kept:
            _keep(keptwords.ESCAPED, [text])
        assert str(couplelists._escaped(value)) == str(conditional_escape(value))
    finally:
        keptwords.ESCAPED.clear()
        keptwords.ESCAPED.update(saved)


@pytest.mark.parametrize("value", [None, 0, 12.5, -3])
def test_a_value_not_a_word_is_escaped_as_before(table: dict[str, str], value: Any) -> None:
    assert str(couplelists._escaped(value)) == str(conditional_escape(value))


def test_the_table_holds_each_language_s_words(table: dict[str, str]) -> None:
    """Every scale name, statement and its id and answer word of each version of the inventory
    and of the form on how each sees the other, and every practice and question for two kept,
    in both languages, each escaped as ``conditional_escape`` escapes it."""
    for language in LANGUAGES:
        form = load_builtin(selectors.PERCEPTION_ID, language)
        for instrument in (form, *(inventory(i, language) for i in INVENTORY_IDS)):
            for scale in instrument.scales:
                assert table[scale.name] == conditional_escape(scale.name)
            for item in instrument.items:
                assert table[item.text] == conditional_escape(item.text)
                assert table[item.id] == conditional_escape(item.id)
            for anchor in instrument.response_scale.anchors:
                assert table[anchor.label] == conditional_escape(anchor.label)
        kept = [s for (lang, _areas), s in selectors._FOR_TWO.items() if lang == language]
        assert kept
        for suggestions in kept:
            for p in suggestions.practices:
                assert table[p.title] == conditional_escape(p.title)
                assert table[p.text] == conditional_escape(p.text)
            for q in suggestions.prompts:
                assert table[q.text] == conditional_escape(q.text)
    assert all(type(word) is str for word in table)


def _shown_words(view: selectors.CoupleView) -> list[str]:
    """The inventory's, the form's and the library's words the lists of ``view`` write."""
    words = [s.name for s in (*view.mine.scales, *view.theirs.scales)]
    words += [g.name for g in (*(view.my_gaps or ()), *(view.their_gaps or ()))]
    words += [w for d in view.discussion for w in (d.item_id, d.text, d.label_a, d.label_b)]
    words += [w for p in view.suggestions.practices for w in (p.title, p.text)]
    return words + [q.text for q in view.suggestions.prompts]


@pytest.mark.parametrize("flags", [{}, {"care": True}, {"for_print": True}])
@pytest.mark.parametrize("full", [True, False], ids=["kept", "empty"])
def test_the_view_with_its_words_kept_is_the_template_it_replaced(
    where: str, table: dict[str, str], flags: dict[str, bool], full: bool
) -> None:
    """The view's body against the template it replaced, with the words taken from the table
    and with none kept (each escaped as drawn); the table is not grown by drawing."""
    if not full:
        table.clear()
    for view in (_view(), every_list(_view(HOSTILE)), _view(earlier=False, perceptions=False)):
        words = _shown_words(view)
        assert not full or all(word in table for word in words)
        size = len(table)
        drawn, reference = _both(view, **flags)
        assert drawn == reference
        assert len(table) == size


def test_hostile_words_kept_are_written_escaped(where: str, table: dict[str, str]) -> None:
    """Words full of markup, quotes, template tags and right-to-left marks in the statements,
    their answers' words and the scales' names, kept in the table: the same body as the
    template writes, nothing unescaped."""
    view = every_list(_view(HOSTILE))
    view = dataclasses.replace(
        view,
        discussion=tuple(
            DiscussionItem(word, word, "bond", 1, 7, NASTY[n - 1], word)
            for n, word in enumerate(NASTY)
        ),
        my_gaps=tuple(dataclasses.replace(g, name=NASTY[0]) for g in view.my_gaps or ()),
    )
    _keep(table, list(NASTY))
    for flags in ({}, {"care": True}, {"for_print": True}):
        drawn, reference = _both(view, **flags)
        assert drawn == reference
        assert "<script>" not in drawn and "{{ secret }}" in drawn


def test_the_couple_page_s_receiver_fills_the_table(table: dict[str, str]) -> None:
    """As a worker starts: the couple page's receiver fills it for the language it is sent in."""
    table.clear()
    with translation.override("es"):
        couplepage._warm()
    spanish = load_builtin(selectors.PERCEPTION_ID, "es")
    assert spanish.items[0].text in table
    assert all(item.text in table for i in INVENTORY_IDS for item in inventory(i, "es").items)
