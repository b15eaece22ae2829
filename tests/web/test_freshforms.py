"""The goal's two create forms as a view that sends nothing shows them, drawn once per language
as a worker starts (``together/freshforms.py``, issue 15's fifteenth pass): each kept drawing,
joined with a form's own key, is what ``draw`` draws for that form, in every language and
shape; a form sent back, or holding more than its key, is drawn as ever; and the two pages that
show them are the ones their old templates drew (``tests/web/test_goals_words.py``, which runs
with the drawings kept)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from interdepend.web.frame.idempotent import new_key
from interdepend.web.frame.templatetags.formfields import draw
from interdepend.web.together import freshforms, services
from interdepend.web.together.forms import GoalForm, NoteForm
from tests.conftest import Personas
from tests.helpers import as_user

LANGUAGES = [code for code, _name in settings.LANGUAGES]
ODD_KEY = "<script>&\"'\u202e"


def make_in_every_language() -> None:
    """What the warm-up does with them (``tests/web/test_warmup.py`` holds that it does)."""
    for code in LANGUAGES:
        with translation.override(code):
            freshforms.make()


@pytest.fixture
def kept() -> Iterator[None]:
    freshforms.forget()
    make_in_every_language()
    yield
    freshforms.forget()


def _fresh(key: str) -> list[GoalForm | NoteForm]:
    return [
        GoalForm(initial={"idem": key}),
        GoalForm(initial={"idem": key}, shareable=False),
        NoteForm(initial={"idem": key}),
        GoalForm(None),  # as the goals page makes it on a view that sends nothing
        NoteForm(),
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_kept_fresh_form_is_what_draw_draws_with_its_own_key(
    kept: None, language: str
) -> None:
    assert len(freshforms._kept) == 3 * len(LANGUAGES)
    with translation.override(language):
        for key in (new_key(), new_key(), ODD_KEY):
            for form in _fresh(key):
                kept_one = freshforms._kept[freshforms._key(form)]
                drawn = freshforms.fields(form)
                assert drawn == draw(form)
                assert drawn.startswith(kept_one[0]) and drawn.endswith(kept_one[1])
    with translation.override(language):
        words = draw(NoteForm())
    assert ("Un paso" in words) == (language == "es")
    assert "&lt;script&gt;&amp;&quot;&#x27;" in freshforms.fields(
        NoteForm(initial={"idem": ODD_KEY})
    )


def test_a_form_sent_or_holding_more_than_its_key_is_drawn_as_ever(kept: None) -> None:
    sent = GoalForm({"title": "", "detail": "<b>mine</b>", "idem": "k"})
    assert not sent.is_valid()
    filled = GoalForm(initial={"idem": "k", "title": "<i>kept words</i>"})
    other_ids = NoteForm(auto_id="note_%s")
    for form in (sent, filled, other_ids, NoteForm(prefix="step")):
        drawn = freshforms.fields(form)
        assert drawn == draw(form)
    assert "&lt;b&gt;mine&lt;/b&gt;" in freshforms.fields(sent)
    assert "&lt;i&gt;kept words&lt;/i&gt;" in freshforms.fields(filled)
    assert 'id="note_text"' in freshforms.fields(other_ids)


def test_nothing_is_kept_until_the_worker_starts_and_then_nothing_new(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No page makes a drawing on first use (that would tell a partner the page was opened);
    without the warm-up the pages draw the forms field by field, and after it they draw none."""
    freshforms.forget()
    alice = personas.alice
    goal = services.goal_create(
        owner=alice, partnership=None, title="A walk", detail="", idem_key=""
    )
    pages = [reverse("together:goals"), reverse("together:goal", args=[goal.public_id])]
    client = as_user(alice)
    for address in pages:
        assert client.get(address).status_code == 200
    assert freshforms._kept == {}
    make_in_every_language()
    try:
        before = dict(freshforms._kept)
        drawn: list[object] = []
        monkeypatch.setattr(freshforms, "draw", lambda form: drawn.append(form) or draw(form))
        for address in pages:
            page = client.get(address).content.decode()
            assert 'name="idem"' in page
        assert drawn == []  # both fresh forms came from what was kept
        assert freshforms._kept == before
    finally:
        freshforms.forget()
