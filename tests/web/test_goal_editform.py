"""A goal's edit form as its page opens, from the parts a worker keeps per language
(``together/editform.py``, issue 15's seventeenth pass): every kept drawing, joined with a
goal's own version, title and words, is what ``draw`` draws for the same form, in every
language and shape, over hostile titles and words; a form sent back or holding anything else
is drawn as ever; nothing is kept until the worker starts, and then a goal's page draws the
form field by field no more. The whole page is held to its old template with the parts kept
by ``tests/web/test_goals_words.py``."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from interdepend.web.frame.templatetags.formfields import draw
from interdepend.web.together import editform, services
from interdepend.web.together.forms import GoalEditForm
from tests.conftest import Personas
from tests.helpers import as_user

LANGUAGES = [code for code, _name in settings.LANGUAGES]
HOSTILE = [
    "<script>alert('x')</script>",
    "\"quoted\" & 'single'",
    "{{ goal.title }} {% csrf_token %}",
    "\u202eRTL\u202c \u05e9\u05dc\u05d5\u05dd \u200f",
    "goal-edit-title-stand-in",  # a stand-in typed as a title is only her words
    "goal-edit-detail-stand-in goal-edit-version-stand-in",
    "line one\nline two\r\n\nthree",
    "\n starts with a new line",
]


def make_in_every_language() -> None:
    """What the warm-up does (``tests/web/test_warmup.py`` holds that it does)."""
    for code in LANGUAGES:
        with translation.override(code):
            editform.make()


def edit_form_kept() -> Iterator[None]:
    """The edit form's parts as a started worker keeps them, for one test (a fixture here and
    in the goal page's tests)."""
    editform.forget()
    make_in_every_language()
    yield
    editform.forget()


kept = pytest.fixture(edit_form_kept)


def _form(title: str, detail: str, done: bool, version: int, shared: bool) -> GoalEditForm:
    """As a goal's page makes it (``together.views._goal_page``)."""
    initial = {"title": title, "detail": detail, "done": done, "version": version}
    return GoalEditForm(shared=shared, initial=initial)


def _joined(form: GoalEditForm) -> str:
    """The kept drawing joined with the form's values, failing when it was drawn instead."""
    values = editform._values(form)
    assert values is not None
    assert editform._key(form, values[3]) in editform._kept
    return editform.fields(form)


def test_every_shape_is_kept_in_every_language(kept: None) -> None:
    # Two ticks by two labels a language, where its words for "I" and "we" differ (Spanish
    # says "Meta alcanzada" for both: one drawing serves both shapes).
    assert {key[0] for key in editform._kept} == set(LANGUAGES)
    assert len(editform._kept) >= 2 * len(LANGUAGES)
    for language, shared, done in itertools.product(LANGUAGES, (True, False), (True, False)):
        with translation.override(language):
            drawn = _joined(_form("A walk", "", done, 1, shared))
        i_or_we = "We have reached" if shared else "I have reached"
        assert (i_or_we in drawn) == (language == "en")
        assert ("About it" in drawn) == (language == "en")


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_kept_drawing_joined_is_what_draw_draws(kept: None, language: str) -> None:
    versions = (1, 7, 12345, 10**12)
    with translation.override(language):
        for title, detail, done, version, shared in itertools.product(
            HOSTILE, ["", *HOSTILE], (True, False), versions, (True, False)
        ):
            form = _form(title, detail, done, version, shared)
            assert _joined(form) == draw(form)
    with translation.override(language):
        drawn = editform.fields(_form(HOSTILE[0], HOSTILE[1], True, 3, True))
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in drawn
    assert "&quot;quoted&quot; &amp; &#x27;single&#x27;" in drawn
    assert " checked>" in drawn and 'value="3"' in drawn


@hypothesis_settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    title=st.text(min_size=1, max_size=60),
    detail=st.text(max_size=120),
    done=st.booleans(),
    version=st.integers(min_value=1, max_value=2**62),
    shared=st.booleans(),
    language=st.sampled_from(LANGUAGES),
)
def test_any_goal_joined_is_what_draw_draws(
    kept: None, title: str, detail: str, done: bool, version: int, shared: bool, language: str
) -> None:
    with translation.override(language):
        form = _form(title, detail, done, version, shared)
        assert _joined(form) == draw(form)


def test_a_form_sent_or_unlike_a_goals_is_drawn_as_ever(
    kept: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    drawn: list[object] = []

    def counted(form: GoalEditForm) -> str:
        drawn.append(form)
        return draw(form)

    monkeypatch.setattr(editform, "draw", counted)
    refused = GoalEditForm({"title": "", "detail": "<b>mine</b>", "version": "1"}, shared=True)
    assert not refused.is_valid()
    typed = GoalEditForm({"title": "<i>t</i>", "detail": "w", "version": "2"}, shared=False)
    other_ids = GoalEditForm(
        auto_id="edit_%s", initial={"title": "t", "detail": "", "done": False, "version": 1}
    )
    prefixed = GoalEditForm(
        prefix="e", initial={"title": "t", "detail": "", "done": False, "version": 1}
    )
    odd_values = [
        {"title": "", "detail": "", "done": False, "version": 1},  # no title: no value drawn
        {"title": "t", "detail": None, "done": False, "version": 1},
        {"title": "t", "detail": "", "done": 1, "version": 1},
        {"title": "t", "detail": "", "done": False, "version": "1"},
        {"title": "t", "detail": "", "done": False, "version": True},
        {"title": "t", "detail": "", "done": False},
        {"title": "t", "detail": "", "done": False, "version": 1, "more": "x"},
    ]
    forms = [refused, typed, other_ids, prefixed]
    forms += [GoalEditForm(initial=values) for values in odd_values]
    for form in forms:
        drawn.clear()
        assert editform.fields(form) == draw(form)
        assert drawn == [form]
    assert "&lt;b&gt;mine&lt;/b&gt;" in editform.fields(refused)
    assert 'value="&lt;i&gt;t&lt;/i&gt;"' in editform.fields(typed)
    assert 'id="edit_title"' in editform.fields(other_ids)


def test_nothing_is_kept_until_the_worker_starts_and_then_nothing_new(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No page makes the parts on first use (that would tell a partner a goal's page was
    opened); without the warm-up a goal's page draws the form field by field, after it not."""
    alice, bob = personas.alice, personas.bob
    goals = [
        services.goal_create(owner=alice, partnership=None, title="A walk", detail="", idem_key="")
    ]
    from interdepend.web.partners.access import access_active_partnership

    active = access_active_partnership(alice)
    assert active is not None
    goals.append(
        services.goal_create(
            owner=alice, partnership=active.partnership, title="Ours", detail="<b>", idem_key="s"
        )
    )
    drawn: list[object] = []

    def counted(form: GoalEditForm) -> str:
        drawn.append(form)
        return draw(form)

    monkeypatch.setattr(editform, "draw", counted)
    editform.forget()
    try:
        pages = [reverse("together:goal", args=[goal.public_id]) for goal in goals]
        for client in (as_user(alice), as_user(bob)):
            for address in pages:
                assert client.get(address).status_code in (200, 404)
        assert editform._kept == {}
        assert len(drawn) == 3  # hers twice, his once (her own goal is not his to see)
        make_in_every_language()
        before = dict(editform._kept)
        drawn.clear()
        for client in (as_user(alice), as_user(bob)):
            for address in pages:
                page = client.get(address)
                if page.status_code == 200:
                    assert 'name="version"' in page.content.decode()
        assert drawn == []
        assert editform._kept == before
    finally:
        editform.forget()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_goal_joined_without_a_form_is_what_draw_draws_of_the_form_it_opened_with(
    kept: None, language: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``for_goal``, which a goal's page calls as it opens (no form made), against ``draw`` of
    the form the page made before (``opened``); an odd goal is drawn through the form."""
    made: list[object] = []
    real = editform.opened

    def counted(goal: object) -> GoalEditForm:
        made.append(goal)
        return real(goal)

    with translation.override(language):
        for title, detail, done, shared in itertools.product(
            HOSTILE, ["", *HOSTILE], (True, False), (True, False)
        ):
            goal = SimpleNamespace(
                title=title, detail=detail, done=done, version=7, is_shared=shared
            )
            monkeypatch.setattr(editform, "opened", counted)
            joined = editform.for_goal(goal)
            monkeypatch.setattr(editform, "opened", real)
            assert made == []  # no form made
            assert joined == draw(editform.opened(goal))
        odd = SimpleNamespace(title="", detail=None, done=False, version=1, is_shared=True)
        monkeypatch.setattr(editform, "opened", counted)
        assert editform.for_goal(odd) == draw(real(odd))
        assert made == [odd]
