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


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_opened_form_draws_the_kept_box_without_being_made(kept: None, language: str) -> None:
    """Opened with an empty answer: the kept box, and no form made (issue 15's eighteenth
    pass). Opened with her answer, or asked as a form: made, and the form the view made
    before, drawn as it drew it."""
    with translation.override(language):
        opened = freshanswer.OpenedAnswer({"text": ""})
        assert freshanswer.fields(opened) == freshanswer._kept[language]
        assert not freshanswer.is_made(opened)
        assert freshanswer.fields(opened) == formfields.draw(AnswerForm(None, initial={"text": ""}))
        assert isinstance(opened, AnswerForm) and not opened.is_bound and not opened.errors
        assert freshanswer.is_made(opened)
        assert freshanswer.fields(opened) == freshanswer._kept[language]
        for words in (HOSTILE, " ", "line\r\nbreak"):
            hers = freshanswer.OpenedAnswer({"text": words})
            made = AnswerForm(None, initial={"text": words})
            assert freshanswer.fields(hers) == formfields.draw(made)
            assert freshanswer.is_made(hers)
            assert str(hers["text"]) == str(made["text"])


def test_today_s_page_makes_no_answer_form_as_it_opens_and_one_when_sent(
    kept: None, personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opened, linked and alone, with the box fresh and with her answer saved (alice's is
    open to both): no answer form is made (before the change, one on every view); sent,
    one is."""
    made: list[object] = []
    init = AnswerForm.__init__

    def counted(self: AnswerForm, *args: object, **kwargs: object) -> None:
        made.append(args)
        init(self, *args, **kwargs)

    monkeypatch.setattr(AnswerForm, "__init__", counted)
    address = reverse("daily:today")
    pages = [as_user(person).get(address) for person in (personas.alice, personas.carol)]
    assert [page.status_code for page in pages] == [200, 200]
    assert made == []
    sent = as_user(personas.carol).post(address, {"text": "A walk."})
    assert sent.status_code in (200, 302, 400) and len(made) == 1
    made.clear()
    again = as_user(personas.carol).get(address)
    assert again.status_code == 200 and made == []
