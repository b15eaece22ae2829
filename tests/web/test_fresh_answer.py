"""The box for today's answer as a view that sends nothing shows it, drawn once per language as
a worker starts (``daily/freshanswer.py``, issue 15's sixteenth pass): the kept drawing is what
``draw`` draws for the fresh form in every language; a form sent back, holding her words or
made otherwise is drawn as ever; and the page shows the kept drawing only where it showed the
same drawn anew."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from interdepend.web.daily import freshanswer
from interdepend.web.daily.forms import AnswerForm
from interdepend.web.frame.templatetags import formfields
from tests.conftest import Personas
from tests.helpers import as_user

LANGUAGES = [code for code, _name in settings.LANGUAGES]
HOSTILE = "<script>&\"'\u202e\u05e9"


@pytest.fixture
def kept() -> Iterator[None]:
    """The drawings as a started worker keeps them."""
    freshanswer.forget()
    for code in LANGUAGES:
        with translation.override(code):
            freshanswer.make()
    yield
    freshanswer.forget()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_kept_box_is_the_box_drawn_anew(kept: None, language: str) -> None:
    with translation.override(language):
        form = AnswerForm(None, initial={"text": ""})
        assert freshanswer.fields(form) == formfields.draw(form)
        assert freshanswer._kept[language] == formfields.draw(form)


def test_the_kept_box_is_used_without_drawing_it_again(
    kept: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    drawn: list[object] = []

    def counted(form: object) -> str:
        drawn.append(form)
        return ""

    monkeypatch.setattr(freshanswer, "draw", counted)
    for language in LANGUAGES:
        with translation.override(language):
            kept_box = freshanswer.fields(AnswerForm(None, initial={"text": ""}))
            assert kept_box == freshanswer._kept[language]
    assert drawn == []


def _not_fresh() -> list[AnswerForm]:
    sent = AnswerForm({"text": HOSTILE}, initial={"text": ""})
    refused = AnswerForm({"text": "   "}, initial={"text": ""})
    refused.is_valid()
    return [
        sent,
        refused,
        AnswerForm(None, initial={"text": HOSTILE}),  # her answer, being changed
        AnswerForm(None, initial={"text": ""}, prefix="other"),
        AnswerForm(None, initial={"text": ""}, auto_id="answer_%s"),
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_any_other_box_is_drawn_as_ever(kept: None, language: str) -> None:
    with translation.override(language):
        for form in _not_fresh():
            assert freshanswer.fields(form) == formfields.draw(form)
            assert freshanswer.fields(form) != freshanswer._kept[language]


def test_nothing_kept_draws_the_box_anew() -> None:
    freshanswer.forget()
    form = AnswerForm(None, initial={"text": ""})
    assert freshanswer.fields(form) == formfields.draw(form)
    assert freshanswer._kept == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_page_is_the_same_with_the_box_kept_and_not(personas: Personas, language: str) -> None:
    """Today's page for a person who has not answered, and for one changing her answer, the
    same byte for byte with the box kept as drawn anew."""
    address = reverse("daily:today")
    for person in (personas.alice, personas.carol):  # linked, and alone
        person.language = language
        person.save(update_fields=["language"])
        client = as_user(person)
        freshanswer.forget()
        anew = client.get(address)
        for code in LANGUAGES:
            with translation.override(code):
                freshanswer.make()
        try:
            with_kept = client.get(address)
        finally:
            freshanswer.forget()
        assert anew.status_code == with_kept.status_code == 200
        page = anew.content.decode()
        assert 'name="text"' in page
        assert f'lang="{language}"' in page
        assert _without_tokens(anew.content) == _without_tokens(with_kept.content)


def _without_tokens(content: bytes) -> bytes:
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]*"', b"", content)
