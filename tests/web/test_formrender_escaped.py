"""The fields' values escaped without Django's lazy-text checks (``formrender.escaped``, and the
plain-text paths of ``shown``, ``_format`` and ``_attrs``, issue 15's seventeenth pass) are what
Django's own functions give, text and kind of text, for every value those paths take and for
the values they hand on."""

from __future__ import annotations

import datetime
import decimal
from typing import Any

from django.template.base import render_value_in_context
from django.utils import translation
from django.utils.functional import lazy
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.translation import gettext_lazy
from hypothesis import given, settings
from hypothesis import strategies as st

from interdepend.web.frame import formrender

#: Texts full of what escaping changes or must leave: markup, quotes, ampersands, entities,
#: right-to-left marks, template braces, line breaks.
HOSTILE = st.text(
    alphabet=st.sampled_from(list("<>&\"'=/ {}%#x27;aZ\n\r\t\u200f\u202eשל0é")), max_size=40
)


def _old_shown(value: Any) -> str:
    return str(render_value_in_context(value, formrender.SHOWN))


def _old_format(value: Any) -> str:
    text = "%s" % (str(value) if isinstance(value, tuple) else value)  # noqa: UP031
    return text if isinstance(value, SafeData) else escape(text)


def _old_attrs(attrs: dict[str, Any]) -> str:
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        out.append(f" {conditional_escape(name)}")
        if value is not True:
            out.append(f'="{_old_format(value)}"')
    return "".join(out)


def _same(ours: str, theirs: str) -> None:
    assert ours == theirs
    assert type(ours) is type(theirs)


@settings(max_examples=400, deadline=None)
@given(text=HOSTILE, safe=st.booleans())
def test_a_text_is_escaped_as_django_escapes_it(text: str, safe: bool) -> None:
    value = mark_safe(text) if safe else text
    _same(formrender.escaped(value), conditional_escape(value))
    _same(formrender.shown(value), _old_shown(value))
    _same(formrender._format(value), _old_format(value))


@settings(max_examples=200, deadline=None)
@given(
    attrs=st.dictionaries(
        HOSTILE,
        st.one_of(
            HOSTILE,
            HOSTILE.map(mark_safe),
            st.booleans(),
            st.integers(),
            st.tuples(HOSTILE, st.integers()),
        ),
        max_size=6,
    )
)
def test_attributes_are_written_as_django_writes_them(attrs: dict[str, Any]) -> None:
    assert formrender._attrs(attrs) == _old_attrs(attrs)


OTHERS: list[Any] = [
    None,
    7,
    -1234567,
    3.5,
    decimal.Decimal("1234.50"),
    True,
    datetime.date(2026, 12, 6),
    datetime.datetime(2026, 12, 6, 23, 30, tzinfo=datetime.UTC),
    datetime.time(7, 58),
    gettext_lazy("Please choose an hour from the list."),
    ("a", 1),
    ["<b>", 1],
    SafeString("<i>kept</i>"),
]


def test_what_is_not_a_plain_text_goes_through_django_in_each_language() -> None:
    for language in ("en", "es"):
        with translation.override(language):
            for value in OTHERS:
                _same(formrender.shown(value), _old_shown(value))
                _same(formrender._format(value), _old_format(value))
                if value is not None:
                    _same(formrender.escaped(value), conditional_escape(value))


@settings(max_examples=200, deadline=None)
@given(text=HOSTILE, safe=st.booleans(), language=st.sampled_from(["en", "es"]))
def test_a_lazy_text_is_shown_as_django_shows_it(text: str, safe: bool, language: str) -> None:
    made = mark_safe(text) if safe else text
    value = lazy(lambda: made, str)()
    with translation.override(language):
        _same(formrender.shown(value), _old_shown(value))
        number = lazy(lambda: len(text) * 1000, int)()
        _same(formrender.shown(number), _old_shown(number))


def test_a_subclass_of_text_is_left_to_django() -> None:
    class Named(str):
        def __html__(self) -> str:
            return "<kept>"

    value = Named("<x>")
    assert formrender.escaped(value) == conditional_escape(value) == "<kept>"
    assert formrender.shown(value) == _old_shown(value)
