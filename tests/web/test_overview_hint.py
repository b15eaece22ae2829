"""The overview's hint on how long the statements are, drawn in Python
(``assessment/templatetags/takes.py``, ``overview_hint``), against the template it replaced
(``tests/web/reference/overview_hint.html``): byte for byte, for any counts, in every language,
with thousands grouped or not (issue 15's twenty-eighth pass)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings as django_settings
from django.template import Context, Template
from django.test import override_settings
from django.utils import translation
from django.utils.safestring import SafeString
from hypothesis import given, settings
from hypothesis import strategies as st

from interdepend.web.assessment.templatetags.takes import overview_hint
from tests.conftest import Personas

REFERENCE = Template((Path(__file__).parent / "reference" / "overview_hint.html").read_text())
LANGUAGES = [code for code, _name in django_settings.LANGUAGES]
DRAWN = Template("{% load takes %}{% overview_hint instrument pages %}")


def _reference(n: int, pages: int) -> str:
    instrument = SimpleNamespace(items=range(n))
    return REFERENCE.render(Context({"instrument": instrument, "pages": pages})).rstrip("\n")


@settings(max_examples=300, deadline=None)
@given(
    n=st.one_of(st.integers(0, 3), st.integers(0, 2_000_000)),
    pages=st.one_of(st.integers(0, 3), st.integers(-5, 2_000_000)),
    language=st.sampled_from(LANGUAGES),
    thousands=st.booleans(),
)
def test_the_hint_is_what_the_template_wrote(
    n: int, pages: int, language: str, thousands: bool
) -> None:
    with override_settings(USE_THOUSAND_SEPARATOR=thousands), translation.override(language):
        expected = _reference(n, pages)
        instrument = SimpleNamespace(items=range(n))
        written = overview_hint(instrument, pages)
        assert written == expected
        assert isinstance(written, SafeString)
        drawn = DRAWN.render(Context({"instrument": instrument, "pages": pages}))
        assert drawn == expected


def test_the_hint_without_translation_is_the_template_s() -> None:
    with override_settings(USE_I18N=False):
        for n, pages in ((1, 1), (66, 9)):
            assert overview_hint(SimpleNamespace(items=range(n)), pages) == _reference(n, pages)


@pytest.mark.django_db
def test_the_overview_shows_the_hint(personas: Personas) -> None:
    from django.test import Client
    from django.urls import reverse

    from interdepend.web.assessment import selectors

    client = Client()
    client.force_login(personas.alice)
    instrument = selectors.inventory()
    pages = selectors.page_count(instrument) - 1
    page = client.get(reverse("assessment:overview")).content.decode()
    with translation.override(django_settings.LANGUAGE_CODE):
        assert f'<p class="hint">{_reference(len(instrument.items), pages)}</p>' in page
