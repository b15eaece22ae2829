"""The form to name a decision as the list of decisions shows it on a view that sends nothing,
drawn once per language as a worker starts (``decide/freshform.py``, issue 15's sixteenth
pass): the kept drawing, joined with a form's own token, is what ``draw`` draws for that form
in every language; a form sent back, or holding more than its token, is drawn as ever; and the
list draws it from what was kept, the same page byte for byte."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from interdepend.web.decide import freshform
from interdepend.web.decide.forms import DecisionForm
from interdepend.web.frame.templatetags import formfields
from interdepend.web.frame.templatetags.formfields import draw
from tests.conftest import Personas
from tests.helpers import as_user

LANGUAGES = [code for code, _name in settings.LANGUAGES]
ODD_TOKEN = "<script>&\"'\u202e\u05e9"


def make_in_every_language() -> None:
    """What the warm-up does with it (``tests/web/test_warmup.py`` holds that it does)."""
    for code in LANGUAGES:
        with translation.override(code):
            freshform.make()


@pytest.fixture
def kept() -> Iterator[None]:
    freshform.forget()
    make_in_every_language()
    yield
    freshform.forget()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_kept_form_is_what_draw_draws_with_its_own_token(kept: None, language: str) -> None:
    assert len(freshform._kept) == len(LANGUAGES)
    with translation.override(language):
        for form in (DecisionForm(), DecisionForm(), DecisionForm(initial={"token": ODD_TOKEN})):
            before, after = freshform._kept[freshform._key(form)]
            drawn = freshform.fields(form)
            assert drawn == draw(form)
            assert drawn.startswith(before) and drawn.endswith(after)
        words = freshform.fields(DecisionForm())
    assert ("¿Qué" in words) == (language == "es")
    assert 'value="&lt;script&gt;&amp;&quot;&#x27;' in freshform.fields(
        DecisionForm(initial={"token": ODD_TOKEN})
    )


def test_a_form_sent_or_holding_more_than_its_token_is_drawn_as_ever(kept: None) -> None:
    sent = DecisionForm({"title": "<b>mine</b>", "options": "one", "token": "t"})
    assert not sent.is_valid()
    filled = DecisionForm(initial={"token": "t", "title": "<i>kept words</i>"})
    other_ids = DecisionForm(auto_id="named_%s")
    prefixed = DecisionForm(prefix="again")
    for form in (sent, filled, other_ids, prefixed):
        assert freshform.fields(form) == draw(form)
    assert "&lt;b&gt;mine&lt;/b&gt;" in freshform.fields(sent)
    assert "&lt;i&gt;kept words&lt;/i&gt;" in freshform.fields(filled)
    assert 'id="named_title"' in freshform.fields(other_ids)
    assert 'name="again-title"' in freshform.fields(prefixed)


def test_nothing_is_kept_until_the_worker_starts_and_the_list_then_draws_none(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No view makes the drawing on first use (that would tell a partner the page was opened);
    without the warm-up the list draws the form field by field, and after it the list's page is
    the same, byte for byte but the two tokens, with the form drawn from what was kept."""
    freshform.forget()
    client = as_user(personas.alice)
    address = reverse("decide:index")
    tokens: list[str] = []
    real_init = DecisionForm.__init__

    def fixed_token(self: DecisionForm, *args: object, **kwargs: object) -> None:
        real_init(self, *args, **kwargs)
        if not self.is_bound and "initial" not in kwargs:  # as the list makes it
            self.initial["token"] = f"tok-{len(tokens)}<&>"
            tokens.append(self.initial["token"])

    monkeypatch.setattr(DecisionForm, "__init__", fixed_token)
    drawn_before = client.get(address).content.decode()
    assert freshform._kept == {}
    make_in_every_language()
    try:
        before = dict(freshform._kept)
        drawn: list[object] = []

        def counted(form: DecisionForm) -> str:
            drawn.append(form)
            return draw(form)

        monkeypatch.setattr(freshform, "draw", counted)
        monkeypatch.setattr(formfields, "draw", counted)  # as {% form_fields %} draws
        drawn_after = client.get(address).content.decode()
        last = tokens[-1].replace("<&>", "")
        assert f'name="token" value="{last}&lt;&amp;&gt;"' in drawn_after
        assert drawn == []
        assert freshform._kept == before
        assert drawn_after.replace(last, "tok-0") == drawn_before.replace(
            _csrf(drawn_before), _csrf(drawn_after)
        )
    finally:
        freshform.forget()


def _csrf(page: str) -> str:
    start = page.index('name="csrfmiddlewaretoken" value="') + len(
        'name="csrfmiddlewaretoken" value="'
    )
    return page[start : page.index('"', start)]
