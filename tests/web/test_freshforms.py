"""The create forms as a view that sends nothing shows them, drawn once per language as a worker
starts (``together/freshforms.py``, issue 15's fifteenth pass; the boundaries' and the circle's
since the sixteenth): each kept drawing,
joined with a form's own key, is what ``draw`` draws for that form, in every language and
shape; a form sent back, or holding more than its key, is drawn as ever; and the two pages that
show them are the ones their old templates drew (``tests/web/test_goals_words.py``,
``test_promise_sections.py``, ``test_boundaries_words.py`` and ``test_circle_page.py``, which
run with the drawings kept)."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from hypothesis import given
from hypothesis import settings as settings_hypothesis
from hypothesis import strategies as st

from interdepend.web.frame import idempotent
from interdepend.web.frame.idempotent import KeyedForm, new_key
from interdepend.web.frame.templatetags import formfields
from interdepend.web.frame.templatetags.formfields import draw
from interdepend.web.together import freshforms, services
from interdepend.web.together.forms import (
    BoundaryForm,
    CircleForm,
    CommitmentForm,
    GoalForm,
    NoteForm,
    ProposalForm,
)
from tests.conftest import Personas
from tests.helpers import as_user

LANGUAGES = [code for code, _name in settings.LANGUAGES]
ZONES = ("Pacific/Kiritimati", "Pacific/Pago_Pago")
ODD_KEY = "<script>&\"'\u202e"


def make_in_every_language() -> None:
    """What the warm-up does with them (``tests/web/test_warmup.py`` holds that it does)."""
    for code in LANGUAGES:
        with translation.override(code):
            freshforms.make()


def forms_kept() -> Iterator[None]:
    """The fresh forms as a started worker keeps them, for one test (a fixture here and in the
    pages' tests that draw them)."""
    freshforms.forget()
    make_in_every_language()
    yield
    freshforms.forget()


kept = pytest.fixture(forms_kept)


def _fresh(key: str) -> list[KeyedForm]:
    return [
        GoalForm(initial={"idem": key}),
        GoalForm(initial={"idem": key}, shareable=False),
        NoteForm(initial={"idem": key}),
        CommitmentForm(initial={"idem": key}),
        BoundaryForm(initial={"idem": key}),
        CircleForm(initial={"idem": key}),
        GoalForm(None),  # as the goals page makes it on a view that sends nothing
        NoteForm(),
        CommitmentForm(None, initial={}),  # as the promises page makes it
        BoundaryForm(None),  # as the boundaries page and the circle make theirs
        CircleForm(None),
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_kept_fresh_form_is_what_draw_draws_with_its_own_key(
    kept: None, language: str
) -> None:
    assert len(freshforms._kept) == 6 * len(LANGUAGES)
    with translation.override(language):
        for key, zone in itertools.product((new_key(), new_key(), ODD_KEY), ZONES):
            with timezone.override(zone):  # a promise's first day is today where she is
                forms = _fresh(key)
            for form in forms:
                kept_one = freshforms._kept[freshforms._key(form)]
                drawn = freshforms.fields(form)
                assert drawn == draw(form)
                assert drawn.startswith(kept_one[0]) and drawn.endswith(kept_one[-1])
    with translation.override(language):
        words = draw(NoteForm())
    assert ("Un paso" in words) == (language == "es")
    assert "&lt;script&gt;&amp;&quot;&#x27;" in freshforms.fields(
        NoteForm(initial={"idem": ODD_KEY})
    )
    with translation.override(language):
        words = freshforms.fields(CircleForm())
    assert ("Nombre" in words) == (language == "es")


def test_a_form_sent_or_holding_more_than_its_key_is_drawn_as_ever(kept: None) -> None:
    sent = GoalForm({"title": "", "detail": "<b>mine</b>", "idem": "k"})
    assert not sent.is_valid()
    filled = GoalForm(initial={"idem": "k", "title": "<i>kept words</i>"})
    other_ids = NoteForm(auto_id="note_%s")
    other_limits = CommitmentForm()
    other_limits.fields["due_on"].widget.attrs["step"] = "7"
    sent_day = CommitmentForm({"text": "x", "due_on": "1999-01-01", "idem": "k"})
    assert not sent_day.is_valid()
    sent_boundary = BoundaryForm({"text": "", "idem": "<k>"})
    assert not sent_boundary.is_valid()
    sent_person = CircleForm({"name": "<b>Bo</b>", "last_connected": "1800-01-01", "idem": "k"})
    assert not sent_person.is_valid()
    typed = BoundaryForm(initial={"idem": "k", "text": "<i>typed back</i>"})
    forms = (
        sent,
        filled,
        other_ids,
        NoteForm(prefix="step"),
        other_limits,
        sent_day,
        sent_boundary,
        sent_person,
        typed,
    )
    for form in forms:
        drawn = freshforms.fields(form)
        assert drawn == draw(form)
    assert "&lt;b&gt;mine&lt;/b&gt;" in freshforms.fields(sent)
    assert "&lt;i&gt;kept words&lt;/i&gt;" in freshforms.fields(filled)
    assert 'id="note_text"' in freshforms.fields(other_ids)
    assert 'step="7"' in freshforms.fields(other_limits)
    assert 'value="1999-01-01"' in freshforms.fields(sent_day)
    assert "&lt;b&gt;Bo&lt;/b&gt;" in freshforms.fields(sent_person)
    assert 'value="1800-01-01"' in freshforms.fields(sent_person)
    assert "&lt;i&gt;typed back&lt;/i&gt;" in freshforms.fields(typed)


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
    pages = [
        reverse("together:goals"),
        reverse("together:goal", args=[goal.public_id]),
        reverse("together:commitments"),
    ]
    client = as_user(alice)
    for address in pages:
        assert client.get(address).status_code == 200
    assert freshforms._kept == {}
    make_in_every_language()
    try:
        before = dict(freshforms._kept)
        drawn: list[object] = []

        def counted(form: KeyedForm) -> str:
            drawn.append(form)
            return draw(form)

        monkeypatch.setattr(freshforms, "draw", counted)
        for address in pages:
            page = client.get(address).content.decode()
            assert 'name="idem"' in page
        assert drawn == []  # the three fresh forms came from what was kept
        assert freshforms._kept == before
    finally:
        freshforms.forget()


def test_the_boundaries_page_and_the_circle_draw_no_form_field_by_field_once_kept(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Their one form each was drawn field by field on every view through ``{% form_fields %}``
    (about 0.2 ms at load, the sixteenth pass); once a worker has started, neither page draws
    a form field by field, and without the warm-up both still draw theirs."""
    pages = [reverse("together:boundaries"), reverse("together:circle")]
    drawn: list[object] = []

    def counted(form: KeyedForm) -> str:
        drawn.append(form)
        return draw(form)

    monkeypatch.setattr(formfields, "draw", counted)
    monkeypatch.setattr(freshforms, "draw", counted)
    client = as_user(personas.alice)
    freshforms.forget()
    try:
        for address in pages:
            assert client.get(address).status_code == 200
        assert [type(form) for form in drawn] == [BoundaryForm, CircleForm]
        make_in_every_language()
        drawn.clear()
        for address in pages:
            page = client.get(address).content.decode()
            assert 'id="id_idem"' in page
        assert drawn == []
        # Sent back with something to fix, each is drawn field by field, as ever.
        assert client.post(pages[0], {"text": "", "idem": "k"}).status_code == 400
        assert client.post(pages[1], {"name": "", "idem": "k"}).status_code == 400
        assert [type(form) for form in drawn] == [BoundaryForm, CircleForm]
    finally:
        freshforms.forget()


#: Words a boundary can hold: markup, quotes, template braces, line breaks of both kinds, a
#: right-to-left override and mark, a stand-in's own text, and nothing.
ODD_WORDS = [
    "<script>alert('x')</script> & \"tea\"",
    "{{ form }} {% csrf_token %} %(name)s",
    "first\r\nsecond\n\nthird\r",
    "\u05e9\u05dc\u05d5\u05dd \u202e'Lee'\u202c \u200f",
    "\nstarts with a line break",
    freshforms.WORDING,
    "",
    " ",
]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_kept_wording_box_is_what_draw_draws_with_her_words(kept: None, language: str) -> None:
    assert len(freshforms._wording) == len(LANGUAGES)
    with translation.override(language):
        for words in ODD_WORDS:
            form = ProposalForm(initial={"text": words})
            assert freshforms.wording_fields(form) == draw(form), words
        head, tail = freshforms._wording[language]
        assert freshforms.WORDING not in head + tail and "</textarea>" in tail


def test_the_kept_wording_box_is_what_draw_draws_for_any_words(kept: None) -> None:
    @settings_hypothesis(max_examples=300, deadline=None)
    @given(words=st.text(), language=st.sampled_from(LANGUAGES))
    def same(words: str, language: str) -> None:
        with translation.override(language):
            form = ProposalForm(initial={"text": words})
            assert freshforms.wording_fields(form) == draw(form)

    same()


def test_a_wording_box_sent_back_or_of_another_shape_is_drawn_as_ever(
    kept: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    drawn: list[object] = []

    def counted(form: ProposalForm) -> str:
        drawn.append(form)
        return draw(form)

    monkeypatch.setattr(freshforms, "draw", counted)
    too_long = ProposalForm({"text": "<b>" * 20_000})
    assert not too_long.is_valid()
    others = [
        too_long,  # sent back with what is wrong
        ProposalForm({"text": ""}),
        ProposalForm(initial={"text": mark_safe("<b>safe</b>")}),  # marked safe: not escaped
        ProposalForm(initial={"text": "words", "more": "x"}),
        ProposalForm(initial={"text": "words"}, prefix="other"),
        ProposalForm(initial={"text": "words"}, auto_id="wording_%s"),
        ProposalForm(initial={"text": 7}),
        ProposalForm(),
    ]
    for form in others:
        assert freshforms.wording_fields(form) == draw(form)
    assert drawn == others
    assert "<b>safe</b>" in freshforms.wording_fields(others[2])
    assert 'id="wording_text"' in freshforms.wording_fields(others[5])
    drawn.clear()
    assert "&lt;b&gt;" in freshforms.wording_fields(ProposalForm(initial={"text": "<b>"}))
    assert drawn == []  # as the page opens: from the kept box


def test_a_boundary_s_page_draws_its_wording_box_from_the_kept_one_once_a_worker_started(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the warm-up the box is drawn field by field (and nothing is kept by the page);
    after it, the page draws no form field by field, and shows her words escaped."""
    boundary = services.boundary_draft(
        owner=personas.alice, text="<i>my words</i> & \u202e", idem_key="w"
    )
    address = reverse("together:boundary", args=[boundary.public_id])
    drawn: list[object] = []

    def counted(form: ProposalForm) -> str:
        drawn.append(form)
        return draw(form)

    monkeypatch.setattr(freshforms, "draw", counted)
    client = as_user(personas.alice)
    freshforms.forget()
    try:
        assert client.get(address).status_code == 200
        assert [type(form) for form in drawn] == [ProposalForm]
        assert freshforms._wording == {}
        make_in_every_language()
        drawn.clear()
        page = client.get(address).content.decode()
        assert drawn == []
        assert ">\n&lt;i&gt;my words&lt;/i&gt; &amp; \u202e</textarea>" in page
    finally:
        freshforms.forget()


#: Each fresh form as a view that sends nothing makes it, and the fields it leaves out.
OPENED: list[tuple[type[KeyedForm], tuple[str, ...]]] = [
    (GoalForm, ()),
    (GoalForm, ("together",)),
    (NoteForm, ()),
    (CommitmentForm, ()),
    (BoundaryForm, ()),
    (CircleForm, ()),
]


def _made(form_class: type[KeyedForm], without: tuple[str, ...]) -> KeyedForm:
    """The form as its view made it before ``opened`` (the goals page without a partner drops
    its box for sharing)."""
    if form_class is GoalForm:
        return GoalForm(None, shareable="together" not in without)
    return form_class(None, initial={})


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("zone", ("UTC", *ZONES))
@pytest.mark.parametrize("key", ["0123abcd", ODD_KEY, freshforms.STAND_IN])
def test_a_fresh_form_joined_without_making_it_is_what_draw_draws_of_the_form_made(
    kept: None, monkeypatch: pytest.MonkeyPatch, language: str, zone: str, key: str
) -> None:
    """``opened`` is ``draw`` of the form the view made before, key and today's limits and all,
    in every language and time zone (today, and so a promise's limits, is the zone's)."""
    monkeypatch.setattr(idempotent, "new_key", lambda: key)
    with translation.override(language), timezone.override(zone):
        for form_class, without in OPENED:
            made = _made(form_class, without)
            assert made.initial["idem"] == key
            joined = freshforms.opened(form_class, without=without)
            assert joined == draw(made), (form_class, without)
            assert joined == freshforms.fields(made)


def test_a_fresh_form_of_a_shape_not_kept_is_not_joined(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the warm-up, or in a language or shape nothing was kept for, ``opened`` joins
    nothing and the view makes the form."""
    freshforms.forget()
    assert all(freshforms.opened(c, without=w) is None for c, w in OPENED)
    make_in_every_language()
    try:
        assert freshforms.opened(GoalForm, without=("detail",)) is None
        with translation.override("fr"):
            assert freshforms.opened(CommitmentForm) is None
        # Each view gets its own key: nothing of one view's form is in the next.
        first, second = (freshforms.opened(CommitmentForm) for _ in range(2))
        assert first is not None and second is not None and first != second
    finally:
        freshforms.forget()


@pytest.fixture
def made(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The name of each keyed form made while the test runs, in order."""
    names: list[str] = []
    original = KeyedForm.__init__

    def counted(self: KeyedForm, *args: object, **kwargs: object) -> None:
        names.append(type(self).__name__)
        original(self, *args, **kwargs)

    monkeypatch.setattr(KeyedForm, "__init__", counted)
    return names


def test_the_goals_and_promises_pages_make_no_create_form_to_open_once_kept(
    personas: Personas, made: list[str]
) -> None:
    """Once a worker has started, a view of the goals page or the promises page that sends
    nothing makes no ``GoalForm`` or ``CommitmentForm`` (the seventeenth pass); without the
    warm-up, and on a post, each is made and drawn as ever."""
    pages = [reverse("together:goals"), reverse("together:commitments")]
    freshforms.forget()
    try:
        for person in (personas.alice, personas.carol):
            client = as_user(person)
            made.clear()
            for address in pages:
                assert client.get(address).status_code == 200
            assert made == ["GoalForm", "CommitmentForm"]
            make_in_every_language()
            made.clear()
            for address in pages:
                page = client.get(address).content.decode()
                assert page.count('name="idem"') == 1
            assert made == []
            assert client.post(pages[0], {"title": "", "idem": "k"}).status_code == 400
            assert client.post(pages[1], {"text": "", "idem": "k"}).status_code == 400
            assert made == ["GoalForm", "CommitmentForm"]
            freshforms.forget()
    finally:
        freshforms.forget()


def test_a_goal_page_makes_no_form_for_a_new_step_to_open_once_kept(
    personas: Personas, made: list[str]
) -> None:
    """Once a worker has started, a goal's page that sends nothing makes no ``NoteForm``: its
    form for a new step is the kept fields joined with a new key (the seventeenth pass);
    without the warm-up it is made and drawn as ever, and a step sent back empty is the form
    with its error."""
    goal = services.goal_create(
        owner=personas.alice, partnership=None, title="A walk", detail="", idem_key=""
    )
    page = reverse("together:goal", args=[goal.public_id])
    client = as_user(personas.alice)
    freshforms.forget()
    try:
        assert client.get(page).status_code == 200
        assert made == ["NoteForm"]
        make_in_every_language()
        made.clear()
        first = client.get(page).content.decode()
        second = client.get(page).content.decode()
        assert made == []
        keys = [p.split('name="idem" value="')[1].split('"')[0] for p in (first, second)]
        assert keys[0] != keys[1]  # each view its own key
        note = reverse("together:goal_note", args=[goal.public_id])
        answer = client.post(note, {"text": "", "idem": "k"})
        assert answer.status_code == 400
        assert "NoteForm" in made
    finally:
        freshforms.forget()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_wording_box_from_her_words_is_the_one_drawn_from_the_form(
    kept: None, language: str
) -> None:
    """``wording_box(words)`` (issue 15's twenty-third pass) is ``wording_fields`` of the form
    the page made for them, kept or not, for words that are no plain text too."""
    others: list[object] = [mark_safe("<b>safe</b>"), None, 7]
    with translation.override(language):
        for words in [*ODD_WORDS, *others]:
            form = ProposalForm(initial={"text": words})
            assert freshforms.wording_box(words) == freshforms.wording_fields(form), words
            assert freshforms.wording_box(words) == draw(form), words
        freshforms.forget()
        for words in [*ODD_WORDS, *others]:
            form = ProposalForm(initial={"text": words})
            assert freshforms.wording_box(words) == draw(form), words


def test_the_wording_box_from_any_words_is_the_one_drawn_from_the_form(kept: None) -> None:
    @settings_hypothesis(max_examples=300, deadline=None)
    @given(words=st.text(), language=st.sampled_from(LANGUAGES))
    def same(words: str, language: str) -> None:
        with translation.override(language):
            form = ProposalForm(initial={"text": words})
            assert freshforms.wording_box(words) == freshforms.wording_fields(form) == draw(form)

    same()


def test_a_boundary_s_page_makes_no_wording_form_to_open_once_kept(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once a worker has started, a boundary's page that sends nothing makes no
    ``ProposalForm`` (the twenty-third pass); without the warm-up it is made and drawn as
    ever, and wording sent back too long is the form with its error, the box open."""
    names: list[str] = []
    original = ProposalForm.__init__

    def counted(self: ProposalForm, *args: object, **kwargs: object) -> None:
        names.append(type(self).__name__)
        original(self, *args, **kwargs)

    monkeypatch.setattr(ProposalForm, "__init__", counted)
    boundary = services.boundary_draft(owner=personas.alice, text="<i>mine</i> &", idem_key="m")
    address = reverse("together:boundary", args=[boundary.public_id])
    client = as_user(personas.alice)
    freshforms.forget()
    try:
        page = client.get(address).content.decode()
        assert names == ["ProposalForm"] and "&lt;i&gt;mine&lt;/i&gt; &amp;</textarea>" in page
        make_in_every_language()
        names.clear()
        assert _tokenless(client.get(address).content.decode()) == _tokenless(page)
        assert names == []
        act = reverse("together:boundary_act", args=[boundary.public_id])
        sent = client.post(act, {"action": "propose", "text": "x" * 2001})
        assert sent.status_code == 400 and names == ["ProposalForm"]
        assert '<details class="card" open>' in sent.content.decode()
    finally:
        freshforms.forget()


def _tokenless(page: str) -> str:
    """The page without its form keys, new and random on every view."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page)
