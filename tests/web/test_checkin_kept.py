"""The check-in form's scales and boxes, kept per language as a worker starts
(``together.freshforms``, issue 15's eighteenth pass), against the drawing they replaced: each
scale by ``scales.checkin`` (itself held to ``together/_checkin_items.html`` by
``tests/web/test_scales.py``), each box by ``shown`` (``{{ }}``). Byte for byte, in English and
Spanish, for any answers (kept or not, sent or not), any words of what she needs and any mark,
the box to share ticked or not; and a form sent back with anything wrong, or of another shape,
drawn anew. The page itself is held to its old template with the parts kept and not by
``tests/web/test_checkin_card.py``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import settings as settings_hypothesis
from hypothesis import strategies as st

from interdepend.web.frame.formrender import shown
from interdepend.web.frame.templatetags import scales
from interdepend.web.together import freshforms
from interdepend.web.together.forms import ITEM_LABELS, CheckInForm, ScaleField
from interdepend.web.together.models import ITEMS
from tests.conftest import Personas
from tests.helpers import as_user
from tests.web.test_freshforms import LANGUAGES, forms_kept

HOSTILE = [
    "",
    " ",
    "<script>alert('x')</script>",
    "\"quoted\" & 'single'",
    "{{ form }} {% csrf_token %} %(name)s %s",
    "line\r\nbreak\rcr\nlf",
    "\nleading line break",
    "\u05e9\u05dc\u05d5\u05dd \u200f\u202e'x'\u202c",
    freshforms.NEED,
    freshforms.SEEN,
    "None",
]

kept = pytest.fixture(forms_kept)


def _items(form: CheckInForm) -> list[tuple[Any, Any]]:
    """The scales as the view hands them to the page."""
    return [(form[item], ITEM_LABELS[item]) for item in ITEMS]


def _as_drawn(form: CheckInForm) -> tuple[str, str, str, str]:
    """The four parts as the page drew them before they were kept."""
    need, shared = form["need"], form["shared"]
    return (
        scales.checkin(_items(form)),
        shown(form["seen"]),
        f"{shown(need.label_tag())}{shown(need)}",
        f"{shown(shared)} {shown(shared.label_tag())}",
    )


def _from_kept(form: CheckInForm) -> tuple[str, str, str, str]:
    return (
        freshforms.checkin_scales(form, _items(form)),
        freshforms.checkin_seen(form),
        freshforms.checkin_need(form),
        freshforms.checkin_shared(form),
    )


def _same(form: CheckInForm, language: str) -> None:
    with translation.override(language):
        assert _from_kept(form) == _as_drawn(form)


#: An answer as a form may be given it: none, each point, a number off the scale, text.
ANSWERS = st.one_of(
    st.none(), st.integers(-2, 9), st.sampled_from(["3", "7", "", "x", True, False])
)
#: An answer as a browser may send it.
SENT = st.one_of(st.sampled_from(["", "1", "4", "7", "0", "8", "None", "x"]), st.text(max_size=3))
WORDS = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=60))


@settings_hypothesis(max_examples=200, deadline=None)
@given(
    language=st.sampled_from(LANGUAGES),
    answers=st.fixed_dictionaries(dict.fromkeys(ITEMS, ANSWERS)),
    need=st.one_of(st.none(), WORDS),
    shared=st.sampled_from([None, False, True, "", "on"]),
    seen=st.one_of(st.none(), WORDS),
)
def test_the_kept_form_as_the_page_opens_it_is_the_form_drawn_anew(
    language: str, answers: dict[str, object], need: str | None, shared: object, seen: str | None
) -> None:
    """Opened, with her saved week or none: any answers, words, box and mark."""
    with translation.override(language):
        freshforms.forget()
        freshforms.make()
    try:
        initial = {**answers, "need": need, "shared": shared, "seen": seen}
        _same(CheckInForm(None, initial=initial), language)
        _same(CheckInForm(None, initial={"seen": seen}), language)
        _same_opened(initial, language)
        _same_opened({"seen": seen}, language)
    finally:
        freshforms.forget()


def _same_opened(initial: dict[str, object], language: str) -> None:
    """An opened form not made drawn from what it was opened with: the form made and drawn
    anew; and it stays not made (but for a text in the box to share, which makes it)."""
    opened = freshforms.OpenedCheckIn(dict(initial))
    with translation.override(language):
        drawn = _as_drawn(CheckInForm(None, initial=dict(initial)))
        assert _from_kept_opened(opened) == drawn
        assert freshforms.checkin_shared_id(opened) == "id_shared"
        assert not freshforms.checkin_errors(opened)
        assert not freshforms.checkin_errors(opened, "need")
    if type(initial.get("shared")) is not str:  # the view opens it with none or a yes or no
        assert not freshforms.is_made(opened)


def _from_kept_opened(opened: freshforms.OpenedCheckIn) -> tuple[str, str, str, str]:
    return (
        freshforms.checkin_scales(opened, freshforms.ScalesOf(opened)),
        freshforms.checkin_seen(opened),
        freshforms.checkin_need(opened),
        freshforms.checkin_shared(opened),
    )


@settings_hypothesis(max_examples=200, deadline=None)
@given(
    language=st.sampled_from(LANGUAGES),
    answers=st.dictionaries(st.sampled_from(ITEMS), SENT),
    need=st.one_of(st.none(), WORDS),
    shared=st.sampled_from([None, "", "on", "true", "false", "False"]),
    seen=st.one_of(st.none(), WORDS),
)
def test_the_kept_form_as_she_sent_it_is_the_form_drawn_anew(
    language: str, answers: dict[str, str], need: str | None, shared: str | None, seen: str | None
) -> None:
    """Sent: any answers (on the scale, off it, none), words, box and mark; a form with
    anything wrong is drawn anew, which the comparison holds too."""
    data = {**answers, "week": "2026-11-30"}
    for name, value in (("need", need), ("shared", shared), ("seen", seen)):
        if value is not None:
            data[name] = value
    with translation.override(language):
        freshforms.forget()
        freshforms.make()
    try:
        form = CheckInForm(data)
        form.is_valid()
        _same(form, language)
    finally:
        freshforms.forget()


@pytest.mark.usefixtures("kept")
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_kept_parts_hold_nobody_and_tick_one_point_at_most(language: str) -> None:
    with translation.override(language):
        parts = freshforms._checkin[language]
    assert set(parts.scales) == set(ITEMS)
    for shapes in parts.scales.values():
        assert set(shapes) == {"", "1", "2", "3", "4", "5", "6", "7"}
        assert " checked" not in shapes[""]
        for tick in "1234567":
            assert shapes[tick].count(" checked") == 1
            assert f'value="{tick}" autocomplete="off" id="id_' in shapes[tick].split(" checked")[0]
    every = "".join(
        [*(s for shapes in parts.scales.values() for s in shapes.values()), *parts.need]
        + [*parts.shared, *parts.seen]
    )
    assert freshforms.NEED not in every and freshforms.SEEN not in every
    assert " checked" not in parts.shared[0] and " checked" in parts.shared[1]


def _refused(*_: object) -> str:
    raise AssertionError("drawn anew")


@pytest.fixture
def nothing_drawn(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The old drawing refused: whatever is drawn came from the kept parts."""
    monkeypatch.setattr(scales, "checkin", _refused)
    monkeypatch.setattr(freshforms, "shown", _refused)
    yield


@pytest.mark.usefixtures("kept")
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_form_opened_or_sent_whole_is_drawn_from_the_kept_parts(
    language: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened = CheckInForm(None, initial={"own_time": 3, "need": "<b>", "shared": True, "seen": "m"})
    sent = CheckInForm({"heard": "7", "need": "tea", "shared": "on", "seen": "m"})
    assert sent.is_valid()
    with translation.override(language):
        before = [_as_drawn(opened), _as_drawn(sent)]
        with monkeypatch.context() as patched:
            patched.setattr(scales, "checkin", _refused)
            patched.setattr(freshforms, "shown", _refused)
            after = [_from_kept(opened), _from_kept(sent)]
    assert after == before
    assert 'value="3" autocomplete="off" id="id_own_time_2" checked' in after[0][0]
    assert "&lt;b&gt;</textarea>" in after[0][2] and " checked" in after[1][3]


@pytest.mark.usefixtures("kept")
def test_a_form_sent_back_or_of_another_shape_is_drawn_anew(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Anything said wrong, a prefix, other ids, another class, a label not the statement's,
    other points on a scale: each drawn by the old drawing, and the same as it."""
    drawn: list[object] = []
    old = scales.checkin

    def counted(items: Any) -> str:
        drawn.append(items)
        return old(items)

    monkeypatch.setattr(scales, "checkin", counted)

    class Other(CheckInForm):
        pass

    wrong = CheckInForm({"own_time": "9", "need": "x"})
    assert not wrong.is_valid()
    odd_points = CheckInForm()
    close = odd_points.fields["close"]
    assert isinstance(close, ScaleField)
    close.choices = [(1, "1"), (2, "2")]
    for form in (
        wrong,
        CheckInForm(prefix="p"),
        CheckInForm(auto_id="x_%s"),
        Other(),
    ):
        drawn.clear()
        assert freshforms.checkin_scales(form, _items(form)) == old(_items(form))
        assert len(drawn) == 1
    drawn.clear()
    form = CheckInForm()
    relabelled = [(form[item], "another statement") for item in ITEMS]
    assert freshforms.checkin_scales(form, relabelled) == old(relabelled)
    assert len(drawn) == len(ITEMS)
    drawn.clear()
    assert freshforms.checkin_scales(odd_points, _items(odd_points)) == old(_items(odd_points))
    assert len(drawn) == 1  # only the scale of other points


def test_nothing_is_kept_before_a_worker_starts_and_the_form_is_drawn_anew() -> None:
    freshforms.forget()
    form = CheckInForm(None, initial={"voice": 2, "need": "tea"})
    assert _from_kept(form) == _as_drawn(form)
    assert not freshforms._checkin


@pytest.mark.django_db
@pytest.mark.usefixtures("kept", "nothing_drawn")
def test_the_check_in_page_draws_its_form_from_the_kept_parts_once_a_worker_started(
    personas: Personas,
) -> None:
    """With the old drawing refused, the page still answers: its scales and boxes came from
    the kept parts (before the change, the page drew them on every view)."""
    response = as_user(personas.alice).get("/together/check-in/")
    assert response.status_code == 200
    assert response.content.count(b'class="scale7"') == len(ITEMS)


@pytest.mark.usefixtures("kept")
@pytest.mark.parametrize("language", LANGUAGES)
def test_an_opened_form_asked_as_a_form_is_the_form_the_view_made(language: str) -> None:
    """Asked anything the kept parts do not answer, an opened form is made, and is the form
    the view made before: its fields, values, errors and drawing; its list of scales too. An
    opened form with a value to call, or a moment, is made to draw it."""
    initial = {"own_time": 2, "close": 7, "need": "<b>tea</b>", "shared": True, "seen": "m"}
    with translation.override(language):
        made = CheckInForm(None, initial=dict(initial))
        opened = freshforms.OpenedCheckIn(dict(initial))
        items = freshforms.ScalesOf(opened)
        assert [(str(f), str(label)) for f, label in items] == [
            (str(f), str(label)) for f, label in _items(made)
        ]
        assert freshforms.is_made(opened)  # the list asked the form for its fields
        assert isinstance(opened, CheckInForm) and not opened.is_bound
        assert [str(opened[name]) for name in opened.fields] == [
            str(made[name]) for name in made.fields
        ]
        assert opened.errors == made.errors == {}
        assert _from_kept_opened(opened) == _as_drawn(made)
        called = freshforms.OpenedCheckIn({**initial, "need": lambda: "called"})
        assert freshforms.opened_values(called) is None
        assert freshforms.checkin_need(called) == freshforms.checkin_need(
            CheckInForm(None, initial={**initial, "need": "called"})
        )
        assert freshforms.is_made(called)


@pytest.mark.django_db
@pytest.mark.usefixtures("kept")
def test_the_check_in_page_makes_no_form_as_it_opens_and_one_when_sent(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opened, linked and alone: no check-in form is made (before the change, one on every
    view); sent, one is. (The page so drawn is its old template's, byte for byte, in every
    state: ``tests/web/test_checkin_card.py`` with the parts kept.)"""
    made: list[object] = []
    init = CheckInForm.__init__

    def counted(self: CheckInForm, *args: Any, **kwargs: Any) -> None:
        made.append(args)
        init(self, *args, **kwargs)

    monkeypatch.setattr(CheckInForm, "__init__", counted)
    alice, carol = personas.alice, personas.carol
    opened = [as_user(alice).get("/together/check-in/"), as_user(carol).get("/together/check-in/")]
    assert [r.status_code for r in opened] == [200, 200]
    assert 'data-shown-with="id_shared"' in opened[0].content.decode() or (
        "share-proof" not in opened[0].content.decode()
    )
    assert made == []
    # Sent (her password asked for a week she saved, or saved): the form is made, once.
    sent = as_user(carol).post("/together/check-in/", {"own_time": "4", "need": "tea"})
    assert sent.status_code in (302, 400) and len(made) == 1
