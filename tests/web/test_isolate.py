"""``{{ value|isolate }}`` written out is ``format_html("<bdi>{}</bdi>", …)`` of the text without
its invisible characters, for any text, a text marked safe, a lazy text and other values."""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy, override
from hypothesis import given
from hypothesis import strategies as st

from interdepend.web.frame.templatetags.usertext import isolate
from interdepend.web.frame.usertext import (
    _DROP,
    _DROP_INVISIBLE,
    BIDI_CONTROLS,
    INVISIBLE,
    strip_bidi,
    strip_invisible,
)

HOSTILE = st.sampled_from(
    ["<script>", '"', "'", "&amp;", "{{ x }}", "{% now %}", "\u202e", "\u200b", "\u2066", "\n"]
)
TEXTS = st.lists(st.one_of(st.text(max_size=8), HOSTILE), max_size=6).map("".join)


def _as_django(value: object) -> str:
    return format_html("<bdi>{}</bdi>", strip_invisible(str(value)))


@given(TEXTS)
def test_a_text_is_isolated_as_format_html_isolates_it(text: str) -> None:
    made = isolate(text)
    assert made == _as_django(text)
    assert type(made) is SafeString


@given(TEXTS)
def test_a_text_marked_safe_is_isolated_as_format_html_isolates_it(text: str) -> None:
    made = isolate(mark_safe(text))  # noqa: S308 - the point of the test
    assert made == _as_django(mark_safe(text))  # noqa: S308 - the point of the test
    assert type(made) is SafeString


@given(st.one_of(st.integers(), st.floats(allow_nan=False), st.none(), st.booleans()))
def test_other_values_are_isolated_as_format_html_isolates_them(value: object) -> None:
    assert isolate(value) == _as_django(value)


def test_a_lazy_text_is_isolated_in_the_language_active() -> None:
    for language in ("en", "es"):
        with override(language):
            lazy = gettext_lazy("Your account")
            assert isolate(lazy) == _as_django(lazy)
            assert "<bdi>" in isolate(lazy)


#: Texts of ASCII alone, texts with the characters dropped, and texts of any character.
ANY_TEXT = st.one_of(
    st.text(st.characters(max_codepoint=0x7F)),
    st.lists(
        st.one_of(st.text(max_size=4), st.sampled_from(sorted(BIDI_CONTROLS | INVISIBLE))),
        max_size=6,
    ).map("".join),
    st.text(),
)


@given(ANY_TEXT, st.booleans())
def test_dropping_characters_is_translate_whatever_the_text(text: str, safe: bool) -> None:
    """The ASCII shortcut gives what ``translate`` gives, of the same type: a text marked safe
    still comes back a plain text (``isolate`` then escapes it, as it did)."""
    given_text = mark_safe(text) if safe else text  # noqa: S308 - the point of the test
    for strip, table in ((strip_invisible, _DROP_INVISIBLE), (strip_bidi, _DROP)):
        made = strip(given_text)
        expected = str.translate(given_text, table)
        assert made == expected
        assert type(made) is type(expected) is str


def test_no_dropped_character_is_ascii() -> None:
    assert all(not c.isascii() for c in BIDI_CONTROLS | INVISIBLE)
