"""The result page's and the couple view's parts mark their markup safe and escape their
texts with Django's two functions written out (issue 15's twenty-seventh pass).

``mark_safe`` and ``escape`` are each wrapped by Django to look for a lazy text (``keep_lazy``),
about 2 µs a call, some fifteen to twenty-five calls a view on these two pages. Their parts
hand them only plain texts (joined markup, a sentence with its values put in, a date written),
so each is written out: ``SafeString(text)`` for ``mark_safe(text)`` and
``SafeString(html.escape(str(text)))`` (or ``html.escape(str(text))`` inside markup marked safe
as a whole) for ``escape(text)``. Here the two are held to Django's over any text; the pages
themselves are held byte for byte by ``test_result_parts.py`` and the couple page's tests
against ``tests/web/reference/``.
"""

from __future__ import annotations

import html
import inspect

import pytest
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from hypothesis import given
from hypothesis import strategies as st

from interdepend.web.assessment.templatetags import resultpage, resultparts, resultwords
from interdepend.web.couple.templatetags import couplelists, couplepage, couplewords

#: The modules whose parts mark and escape as written out here.
MODULES = (resultpage, resultparts, resultwords, couplelists, couplepage, couplewords)

_TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=40) | st.sampled_from(
    ["", "<b>&amp;</b>", "\"quoted\" 'and' <tags>", "Ma\u202eya", "% of %(a)s"]
)


@given(text=_TEXT)
def test_a_plain_text_is_marked_safe_as_django_marks_it(text: str) -> None:
    ours, djangos = SafeString(text), mark_safe(text)  # noqa: S308 - the thing compared
    assert type(ours) is type(djangos) is SafeString
    assert ours == djangos and str(ours) == str(djangos)
    assert ours.__html__() == djangos.__html__()


@given(value=_TEXT | st.integers() | _TEXT.map(SafeString))
def test_a_text_is_escaped_as_django_escapes_it(value: object) -> None:
    ours, djangos = SafeString(html.escape(str(value))), escape(value)
    assert type(ours) is type(djangos) is SafeString
    assert ours == djangos
    assert html.escape(str(value)) == str(djangos)


@pytest.mark.parametrize("module", MODULES, ids=lambda module: module.__name__.rsplit(".", 1)[1])
def test_the_parts_no_longer_go_through_django_s_wrapped_functions(module: object) -> None:
    """None of the modules calls ``mark_safe`` any more (each call was a plain text's)."""
    assert "mark_safe(" not in inspect.getsource(module)  # type: ignore[arg-type]
