"""The machinery the forms kept per language share (``frame/keptforms.py``, issue 15's
nineteenth pass): a drawing cut at its stand-ins and joined with any values is the drawing made
with those values, escaped; a drawing whose stand-ins are missing, doubled, out of order or out
of place keeps nothing; each feature forgets only its own; an opened form is made only when
asked as a form. Each form that uses it is held to ``draw`` by its own tests
(``test_freshforms.py``, ``test_checkin_kept.py``, ``test_decide_freshform.py``,
``test_fresh_answer.py``, ``test_goal_editform.py``)."""

from __future__ import annotations

import pytest
from django.utils.html import escape
from django.utils.translation import override
from hypothesis import given
from hypothesis import strategies as st

from interdepend.web.daily.forms import AnswerForm
from interdepend.web.decide.forms import DecisionForm
from interdepend.web.frame import keptforms

A, B = "kept-test-a-stand-in", "kept-test-b-stand-in"
#: Markup around two attribute values and a box's words, as a form draws them.
TEMPLATE = '<input value="{a}" name="x"><input value="{b}"><textarea>\n{a}</textarea>{b}'

words = st.text(st.characters(exclude_characters="\x00", codec="utf-8"))
hostile = st.sampled_from(["<script>", '"', "'", "{{ x }}", "\u200f", "&amp;", ""]) | words


@given(hostile, hostile)
def test_a_cut_drawing_joined_with_any_values_is_the_drawing_made_with_them(a: str, b: str) -> None:
    pieces = keptforms.cut(TEMPLATE.format(a=A, b=B), [A, B, A, B])
    assert pieces is not None
    assert keptforms.join(pieces, (a, b, a, b)) == TEMPLATE.format(a=escape(a), b=escape(b))


@given(hostile)
def test_one_value_joins_as_many_do(value: str) -> None:
    pieces = keptforms.cut(f'<i title="{A}">', [A], before='"', after='"')
    assert pieces == ['<i title="', '">']
    assert keptforms.join(pieces, (value,)) == f'<i title="{escape(value)}">'
    assert keptforms.join(pieces, [value]) == "".join([pieces[0], escape(value), pieces[1]])


def test_values_of_other_kinds_join_as_the_renderer_writes_them() -> None:
    pieces = keptforms.cut(f"<b>{A}</b><i>{B}</i>", [A, B])
    assert pieces is not None
    assert keptforms.join(pieces, (7, "<x>")) == "<b>7</b><i>&lt;x&gt;</i>"


def test_a_drawing_keeps_nothing_unless_each_stand_in_is_where_it_belongs() -> None:
    drawn = f'<input value="{A}"><input value="{B}">'
    assert keptforms.cut(drawn, [A, B], before='"', after='"') is not None
    assert keptforms.cut(drawn, [B, A]) is None  # out of order
    assert keptforms.cut(f'<i title="{A}"><b title="{A}">', [A]) is None  # doubled
    assert keptforms.cut(drawn, [A, B, A]) is None  # one missing
    assert keptforms.cut(f"{drawn}<p>{A}</p>", [A, B]) is None  # a stray one
    assert keptforms.cut(f"<p>{A}</p>", [A], before='"', after='"') is None  # out of place
    assert keptforms.cut(f'<p title="{A}>', [A], before='"', after='"') is None
    assert keptforms.cut("<p></p>", [A]) is None


def test_a_feature_forgets_only_its_own() -> None:
    mine: keptforms.Kept[str, str] = keptforms.Kept("tests.kept.mine")
    also_mine: keptforms.Kept[str, str] = keptforms.Kept("tests.kept.mine")
    theirs: keptforms.Kept[str, str] = keptforms.Kept("tests.kept.theirs")
    for store in (mine, also_mine, theirs):
        store["en"] = "<p>kept</p>"
    keptforms.forget("tests.kept.mine")
    assert mine == {} and also_mine == {}
    assert theirs == {"en": "<p>kept</p>"}
    keptforms.forget("tests.kept.theirs")
    assert theirs == {}


def test_a_form_drawn_as_kept_has_django_ids_and_no_prefix() -> None:
    assert keptforms.fresh(DecisionForm(initial={"token": "t"}), {"token"})
    assert keptforms.fresh(DecisionForm(initial={"token": "t"}, prefix=""), {"token"})
    assert not keptforms.fresh(DecisionForm(initial={"token": "t"}, prefix="p"), {"token"})
    assert not keptforms.fresh(DecisionForm(initial={"token": "t"}, auto_id="f_%s"), {"token"})
    assert not keptforms.fresh(DecisionForm(initial={"token": "t", "title": "x"}), {"token"})
    assert not keptforms.fresh(DecisionForm({"token": "t"}, initial={"token": "t"}), {"token"})
    assert keptforms.as_kept(DecisionForm({"token": "t"}))


def test_a_form_shape_is_its_language_class_and_fields() -> None:
    with override("es"):
        assert keptforms.shape(AnswerForm()) == ("es", AnswerForm, tuple(AnswerForm.base_fields))


class _Opened(keptforms.Opened):
    pass


def test_an_opened_form_is_made_only_when_asked_as_a_form() -> None:
    made: list[dict[str, str]] = []

    def make() -> AnswerForm:
        made.append({"text": "hers"})
        return AnswerForm(None, initial={"text": "hers"})

    opened = _Opened(make, {"text": "hers"})
    assert keptforms.given(opened, _Opened) == {"text": "hers"}
    assert keptforms.given(opened, keptforms.Opened) is None  # of another kind
    assert not keptforms.is_made(opened) and made == []
    form = keptforms.made(opened)
    assert type(form) is AnswerForm and made == [{"text": "hers"}]
    assert keptforms.is_made(opened) and keptforms.given(opened, _Opened) is None
    assert keptforms.made(opened) is form and len(made) == 1
    assert keptforms.made(form) is form


def test_pieces_and_values_that_do_not_match_are_refused() -> None:
    with pytest.raises(ValueError, match="3 pieces cannot hold 1 values"):
        keptforms.join(["<a>", "<b>", "<c>"], ["x"])
    with pytest.raises(ValueError, match="2 pieces cannot hold 2 values"):
        keptforms.join(["<a>", "<b>"], ["x", "y"])
