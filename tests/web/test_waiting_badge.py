"""The count of things waiting in the bar, drawn in Python (``frame.badge.waiting_badge``) for a
fragment drawn in Python (the answer to a bid, issue 15's seventeenth pass), is what the frame's
template ``frame/parts/waiting_badge.html`` writes, byte for byte: in English and Spanish, with
and without ``oob``, for no count, one (the singular), two and counts past a thousand."""

from __future__ import annotations

import pytest
from django.template import engines
from django.test import RequestFactory
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from interdepend.web.frame.badge import waiting_badge

INCLUDE = '{% include "frame/parts/waiting_badge.html" with oob=oob %}'


def _template(count: int, oob: bool) -> str:
    """The frame's template included as a page includes it, the count as its context gives it
    (a callable, as the menu's context processor hands it over)."""
    request = RequestFactory().get("/")
    context = {"waiting_count": lambda: count, "oob": oob}
    return str(engines["django"].from_string(INCLUDE).render(context, request))


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("oob", [True, False])
@pytest.mark.parametrize("count", [0, 1, 2, 5, 21, 999, 1000, 12345])
def test_the_bar_count_drawn_in_python_is_the_template_s(
    language: str, oob: bool, count: int
) -> None:
    with translation.override(language):
        drawn = waiting_badge(count, oob=oob)
        assert drawn == _template(count, oob)
    assert ('hx-swap-oob="true"' in drawn) is oob
    assert ('class="waiting-badge"' in drawn) is bool(count)


@settings(max_examples=60, deadline=None)
@given(count=st.integers(min_value=0, max_value=10**7), oob=st.booleans(), es=st.booleans())
def test_any_count_is_drawn_as_the_template_draws_it(count: int, oob: bool, es: bool) -> None:
    with translation.override("es" if es else "en"):
        assert waiting_badge(count, oob=oob) == _template(count, oob)


@pytest.mark.parametrize("grouped", [True, False])
@pytest.mark.parametrize("count", [1, 2, 999, 1000, 12345, 10**7])
def test_a_whole_count_is_written_as_its_digits_unless_grouped(
    count: int, grouped: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without grouping, a whole count is written as its digits, no format looked up
    (``localize`` refused while drawing); with grouping, as ``localize`` writes it. Either way,
    what the template writes, in English and Spanish."""
    from django.test import override_settings

    from interdepend.web.frame import badge

    for language in ("en", "es"):
        with override_settings(USE_THOUSAND_SEPARATOR=grouped), translation.override(language):
            expected = _template(count, True)
            if not grouped:
                with monkeypatch.context() as refused:
                    refused.setattr(badge, "localize", _refused)
                    assert waiting_badge(count, oob=True) == expected
            assert waiting_badge(count, oob=True) == expected


def _refused(*_: object) -> str:
    raise AssertionError("a whole count without grouping is written as its digits")
