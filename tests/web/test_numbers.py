"""Numbers written by ``frame.numbers.floatformat`` are what Django's ``floatformat`` filter
writes, for generated values, every precision the templates use, in English and Spanish; what
it leaves to Django (suffixes, words, huge or tiny values, grouping switched on) is Django's."""

from __future__ import annotations

import random
from typing import Any

import pytest
from django.template import Context, Template
from django.template.base import VariableNode
from django.template.defaultfilters import floatformat as django_floatformat
from django.test import override_settings
from django.utils import translation
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, SafeString
from hypothesis import given, settings
from hypothesis import strategies as st

from interdepend.web.frame import numbers
from interdepend.web.frame.numbers import floatformat, whole
from tests.helpers import ANY_SCORE

ARGS: list[int | str] = [0, -1, 1, 2, 3, "0", "-1", "2", "-2", "1"]
EDGES = [
    0.0,
    -0.0,
    0.5,
    1.5,
    2.5,
    -0.5,
    -1.5,
    0.05,
    0.15,
    2.675,
    1.005,
    4.45,
    4.35,
    6.999,
    7.0,
    99.5,
    100.0,
    45.0,
    33.333333333333336,
    66.66666666666667,
    -0.04,
    0.0001,
    0.00049,
    1234.5678,
    999999999999.995,
    12345678901234.5,
    3,
    -7,
    0,
    100,
    999999999999999,
]


def _values() -> list[float | int]:
    rng = random.Random(15)
    found: list[float | int] = list(EDGES)
    found += [rng.uniform(-200, 200) for _ in range(400)]
    found += [round(rng.uniform(0, 100), rng.randint(0, 3)) for _ in range(400)]
    found += [rng.randint(1, 7) + rng.choice([0, 0.25, 0.5, 0.75, 1 / 3]) for _ in range(100)]
    return found


@pytest.mark.parametrize("language", ["en", "es", None])
def test_it_writes_what_django_writes(language: str | None) -> None:
    with translation.override(language):
        for arg in ARGS:
            for value in _values():
                ours, theirs = floatformat(value, arg), django_floatformat(value, arg)
                assert ours == theirs, (value, arg, ours, theirs)
                assert isinstance(ours, SafeData) == isinstance(theirs, SafeData)


def test_spanish_writes_a_decimal_comma() -> None:
    with translation.override("es"):
        assert floatformat(4.35, 1) == "4,4"
        assert floatformat(2.0, "-1") == "2"
    assert floatformat(4.35, 1, "en") == "4.4"


@pytest.mark.parametrize(
    ("value", "arg"),
    [
        (1234.5, "2g"),
        (1234.5, "2u"),
        (1234.5, "2gu"),
        (1.5, "two"),
        (1.5, "²"),
        (1.5, "٣"),
        (1e-7, 2),
        (1e20, 0),
        (float("nan"), 1),
        (float("inf"), 0),
        ("4.5", 0),
        (None, 0),
        (True, 1),
        (10**16, 0),
        (1.5, 1.0),
    ],
)
def test_what_it_leaves_to_django_is_django_s(value: object, arg: Any) -> None:
    """``arg`` as a template may pass it: any value."""
    with translation.override("es"):
        assert floatformat(value, arg) == django_floatformat(value, arg)


@override_settings(USE_THOUSAND_SEPARATOR=True)
def test_grouping_switched_on_is_django_s() -> None:
    with translation.override("es"):
        assert floatformat(123456.75, 1) == django_floatformat(123456.75, 1) == "123\xa0456,8"


def test_the_template_filter_is_ours_and_writes_the_same() -> None:
    template = Template("{{ v|floatformat:0 }} {{ v|floatformat:'-1' }} {{ v|floatformat:2 }}")
    with translation.override("es"):
        for value in _values()[:200]:
            expected = " ".join(str(django_floatformat(value, a)) for a in (0, "-1", 2))
            assert template.render(Context({"v": value})) == expected
    node = Template("{{ v|floatformat:0 }}").nodelist[0]
    assert isinstance(node, VariableNode)
    used = node.filter_expression.filters[0][0]
    assert used.__module__ == "interdepend.web.frame.templatetags.fasttags"


@pytest.mark.parametrize("language", ["en", "es"])
@settings(max_examples=300, deadline=None)
@given(
    value=st.one_of(
        st.floats(-1e15, 1e15, allow_nan=False, exclude_min=True, exclude_max=True),
        st.floats(-100, 100, allow_nan=False),
        st.integers(-(10**15) + 1, 10**15 - 1),
        st.integers(-1000, 1000).map(lambda n: n / 2),
        st.integers(-100000, 100000).map(lambda n: n / 1000),
    ),
    arg=st.sampled_from([0, "0"]),
)
def test_a_whole_number_is_written_as_django_writes_it(
    language: str, value: float | int, arg: int | str
) -> None:
    """Precision 0 is read off the number's text (issue 15's eighteenth pass): the same as
    Django's filter for any ordinary number, halves, thousandths, signs and zeros."""
    with translation.override(language):
        ours, theirs = floatformat(value, arg), django_floatformat(value, arg)
        assert ours == theirs, (value, arg, ours, theirs)
        assert isinstance(ours, SafeData) == isinstance(theirs, SafeData)


def test_a_written_number_is_made_safe_as_it_stands(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each number the module writes itself (a whole number, a fixed number of places, as many
    as it needs, a whole number asked as many as it needs) is made its ``SafeString`` as it
    stands, not through ``mark_safe`` and its lazy wrapper (issue 15's twenty-second pass), and
    is what Django's filter writes."""

    class Made(SafeString):
        """``SafeString`` as this test sees it made."""

    monkeypatch.setattr(numbers, "SafeString", Made)
    with translation.override("en"):
        for value, arg in ((2.5, 0), (2.675, 2), (4.35, 1), (33.3, -1), (3.0, -1), (-0.04, -2)):
            got = floatformat(value, arg)
            assert type(got) is Made, (value, arg)
            assert got == django_floatformat(value, arg)


#: Any value a page may hand :func:`whole`: any score (``ANY_SCORE``), whole numbers, and
#: values that are not numbers.
_ANY_VALUE = st.one_of(
    ANY_SCORE,
    st.integers(-(10**16), 10**16),
    st.sampled_from([None, "", "4.5", "<b>7</b>", True, 0.0, -0.0, 1e-5, 1e15, -1e15]),
)


@settings(max_examples=600, deadline=None)
@given(value=_ANY_VALUE, thousands=st.booleans())
def test_a_score_written_whole_is_the_filter_s_text_escaped(value: Any, thousands: bool) -> None:
    """:func:`whole` writes what ``conditional_escape(floatformat(value, 0))`` writes, as
    a text, for any value, in English and Spanish, with grouping off and on (issue 15's
    twenty-second pass: the result page's and the couple view's scores)."""
    with override_settings(USE_THOUSAND_SEPARATOR=thousands):
        for language in ("en", "es"):
            with translation.override(language):
                expected = str(conditional_escape(django_floatformat(value, 0)))
                written = whole(value, language)
                assert written == expected, (value, language, thousands)
                assert isinstance(written, str)


def test_an_ordinary_score_is_written_from_the_number(monkeypatch: pytest.MonkeyPatch) -> None:
    """A float of ordinary size is written without the filter's steps (the result page's
    scores, issue 15's twenty-second pass); a zero, an int or no value still takes them."""

    def refused(*_: object) -> str:
        raise AssertionError("written through floatformat")

    monkeypatch.setattr(numbers, "_write", refused)
    assert [whole(v, "en") for v in (45.5, 44.49, -0.4, 0.0001, 99.99999)] == [
        "46",
        "44",
        "0",
        "0",
        "100",
    ]
    with pytest.raises(AssertionError):
        whole(0.0, "en")


def test_grouping_is_read_again_whenever_the_setting_changes(
    settings: Any,  # pytest-django's
) -> None:
    """``USE_THOUSAND_SEPARATOR`` is read once (:func:`numbers.grouped`, filled as a worker
    starts) and read again when it changes, by ``override_settings`` or by pytest-django's
    ``settings``, on and off again; a number is written as the setting asks each time (issue
    15's twenty-eighth pass)."""
    numbers.warm(["en"])
    assert numbers.grouped() is False
    for on in (True, False, True, False):
        with override_settings(USE_THOUSAND_SEPARATOR=on), translation.override("en"):
            assert numbers.grouped() is on
            assert whole(12345.4) == ("12,345" if on else "12345")
            assert floatformat(12345.25, 1) == django_floatformat(12345.25, 1)
        assert numbers.grouped() is False
    for on in (True, False, True, False):
        settings.USE_THOUSAND_SEPARATOR = on
        assert numbers.grouped() is on
        with translation.override("en"):
            assert whole(12345.4) == ("12,345" if on else "12345")
