"""The rows of 1-to-7 buttons drawn in Python (``{% likert_items %}``, ``{% checkin_items %}``)
are the HTML their reference templates draw, byte for byte.

Each is drawn both ways for the real instruments in both languages, with every answer a person
can have given (none, each point, a value no longer on the scale), awkward statement text, and
the check-in form unbound, bound, with its errors and with a label that needs escaping. The page
crawl in ``tests/web/test_formrender.py`` also draws every page both ways.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.template import Context, Engine
from django.utils import translation
from django.utils.safestring import mark_safe

from interdepend.core.instrument import Anchor
from interdepend.web.assessment.selectors import inventory, safety_screen
from interdepend.web.couple.selectors import perception_form
from interdepend.web.frame import formrender
from interdepend.web.frame.templatetags import scales
from interdepend.web.together.forms import ITEM_LABELS, CheckInForm
from interdepend.web.together.models import ITEMS

LANGUAGES = ("en", "es")


@dataclass(frozen=True)
class Statement:
    id: str
    text: str


def _reference(name: str, **context: object) -> str:
    return Engine.get_default().get_template(name).render(Context(context))


def _instruments() -> list[tuple[str, object]]:
    return [
        ("inventory", inventory()),
        ("safety", safety_screen()),
        ("perception", perception_form()),
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_likert_rows_match_their_template(language: str) -> None:
    with translation.override(language):
        for name, instrument in _instruments():
            anchors = instrument.response_scale.anchors  # type: ignore[attr-defined]
            items = list(instrument.items)[:9]  # type: ignore[attr-defined]
            answers = [None, *(a.value for a in anchors), 99]
            rows = [(item, answers[i % len(answers)]) for i, item in enumerate(items)]
            drawn = scales.likert(rows, anchors)
            assert drawn == _reference(scales.LIKERT, rows=rows, anchors=anchors), name
            assert drawn.count(" checked") == sum(1 for _, v in rows if v in range(1, 8))


@pytest.mark.parametrize("language", LANGUAGES)
def test_likert_rows_with_skips_and_marks_match_their_template(language: str) -> None:
    """A chosen Skip ticked again, and on a page she came back to from the statements left out,
    each statement not answered yet marked (the keyboard audit of 2026-12-04, M5)."""
    with translation.override(language):
        instrument = inventory()
        anchors = instrument.response_scale.anchors
        items = list(instrument.items)[:6]
        answers = [None, "skip", 3, None, "skip", 7]
        rows = list(zip(items, answers, strict=True))
        for mark in (False, True):
            drawn = scales.likert(rows, anchors, mark)
            reference = _reference(scales.LIKERT, rows=rows, anchors=anchors, mark_unanswered=mark)
            assert drawn == reference
            assert drawn.count('value="skip" checked') == 2
            assert drawn.count("not-answered-mark") == (2 if mark else 0)


def test_likert_rows_escape_what_they_show() -> None:
    anchors = (Anchor(1, 'never <"1">'), Anchor(2, "sometimes & more"), Anchor(3, "always"))
    rows = [
        (Statement('a"b', 'I <b>lean</b> & "rest"'), 2),
        (Statement("c", mark_safe("<em>kept</em>")), None),  # noqa: S308 (a made-up safe text)
    ]
    drawn = scales.likert(rows, anchors)
    assert drawn == _reference(scales.LIKERT, rows=rows, anchors=anchors)
    assert "I &lt;b&gt;lean&lt;/b&gt; &amp; &quot;rest&quot;" in drawn
    assert 'name="item-a&quot;b"' in drawn
    assert "<em>kept</em>" in drawn


def test_no_rows_draw_what_the_template_draws() -> None:
    assert scales.likert([], ()) == _reference(scales.LIKERT, rows=[], anchors=())
    assert scales.checkin([]) == _reference(scales.CHECKIN, items=[])


def _checkin_forms() -> list[CheckInForm]:
    unbound = CheckInForm(initial={"own_time": 3, "close": 7, "need": "rest"})
    bound = CheckInForm({"own_time": "1", "heard": "7", "voice": "4"})
    bound.is_valid()
    wrong = CheckInForm({"own_time": "9", "supported": "x", "heard": "2"})
    wrong.is_valid()
    empty = CheckInForm({})
    empty.is_valid()
    return [unbound, bound, wrong, empty, CheckInForm()]


@pytest.mark.parametrize("language", LANGUAGES)
def test_checkin_rows_match_their_template(language: str) -> None:
    with translation.override(language):
        for form in _checkin_forms():
            items = [(form[item], ITEM_LABELS[item]) for item in ITEMS]
            drawn = scales.checkin(items)
            assert drawn == _reference(scales.CHECKIN, items=items)
            assert drawn.count('type="radio"') == (7 + 1) * len(ITEMS)  # and a "Skip" each


def test_checkin_rows_mark_errors_and_choices() -> None:
    form = _checkin_forms()[2]
    items = [(form[item], 'Close & "near" <now>') for item in ITEMS]
    drawn = scales.checkin(items)
    assert drawn == _reference(scales.CHECKIN, items=items)
    assert drawn.count('aria-invalid="true"') == 14  # two answers not on the scale, 7 buttons each
    assert drawn.count(" checked") == 1  # "2" for heard; the wrong ones check nothing
    assert "Close &amp; &quot;near&quot; &lt;now&gt;" in drawn


def test_checkin_rows_write_each_point_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The seven points are the same for every statement: each small value is written once a
    drawing (about 150 writes became about 25: issue 15's tenth pass), and the rows stay the
    template's."""
    written: list[object] = []

    def counted(value: object) -> str:
        written.append(value)
        return formrender.shown(value)

    monkeypatch.setattr(scales, "shown", counted)
    form = _checkin_forms()[1]
    items = [(form[item], ITEM_LABELS[item]) for item in ITEMS]
    drawn = scales.checkin(items)
    assert drawn == _reference(scales.CHECKIN, items=items)
    points = 7 * 3  # each point's value, number and place
    labels = len(ITEMS) * 3  # each statement's label, id and name
    assert len(written) <= points + labels + 3, len(written)  # and the three fixed words


def test_checkin_rows_write_no_value_through_the_template_s_walk(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The check-in's labels, ids, names, fixed words and one-digit points are plain text:
    each is escaped as ``{{ }}`` escapes it without the walk through dates and numbers that
    ``shown`` takes (issue 15's sixteenth pass), and the rows stay the template's."""
    written: list[object] = []

    def counted(value: object) -> str:
        written.append(value)
        return formrender.shown(value)

    monkeypatch.setattr(scales, "shown", counted)
    for language in LANGUAGES:
        with translation.override(language):
            for form in _checkin_forms():
                items = [(form[item], ITEM_LABELS[item]) for item in ITEMS]
                assert scales.checkin(items) == _reference(scales.CHECKIN, items=items)
    assert written == []


class _Other(CheckInForm):
    """A check-in form with a prefix and scales of other points: numbers past one digit, a
    point whose number is marked safe, one that is a number and not a text."""

    prefix = 'w<"%s&\u05e9>'


@pytest.mark.parametrize("language", LANGUAGES)
def test_checkin_rows_of_other_shapes_match_their_template(language: str) -> None:
    """Labels marked safe, with percent signs, right-to-left text and markup; a prefix that
    needs escaping (and holds a percent sign); points of more than one digit, negative, marked
    safe or not texts; a row of no points; each drawn as the template draws it."""
    with translation.override(language):
        form = _Other({'w<"%s&\u05e9>-heard': "12", 'w<"%s&\u05e9>-close': "-3"})
        form.is_valid()
        shapes = [
            [(1, "1"), (2, "2")],
            [(12, "12"), (1234567, "1234567"), (-3, "-3"), (0, "0")],
            [(1, mark_safe("<b>1</b>")), (2, 2), (3, 3.5)],
            [(True, "1"), (False, "0")],  # equal to the next as keys, written otherwise
            [(1, "1"), (0, "0")],
            [],
        ]
        labels = [
            mark_safe("<i>safe</i> & sound"),
            "100% of <the> time",
            "\u05e9\u05dc\u05d5\u05dd & \u202e\u05e2\u05d5\u05dc\u05dd",
            'Close & "near" <now>',
        ]
        items = []
        for at, item in enumerate(ITEMS):
            form.fields[item].choices = shapes[at % len(shapes)]  # type: ignore[attr-defined]
            items.append((form[item], labels[at % len(labels)]))
        drawn = scales.checkin(items)
        assert drawn == _reference(scales.CHECKIN, items=items)
        assert "100% of &lt;the&gt; time" in drawn
        assert 'id="id_w&lt;&quot;%s&amp;\u05e9&gt;-own_time_0"' in drawn


def test_a_page_draws_the_same_both_ways(client: object) -> None:
    """Drawn inside a page: the tag's place in the template keeps the page's own spacing."""
    template = Engine.get_default().from_string(
        "<form>\n  {% likert_items %}\n  <p>after</p>\n  {% checkin_items %}\n</form>"
    )
    form = _checkin_forms()[0]
    instrument = inventory()
    context = {
        "rows": [(item, 4) for item in list(instrument.items)[:3]],
        "anchors": instrument.response_scale.anchors,
        "items": [(form[item], ITEM_LABELS[item]) for item in ITEMS],
    }
    ours = template.render(Context(context))
    scales.DRAW_IN_PYTHON = False
    try:
        theirs = template.render(Context(context))
    finally:
        scales.DRAW_IN_PYTHON = True
    assert ours == theirs
    assert ours.count("<fieldset") == 3 + len(ITEMS)


@pytest.mark.parametrize("language", LANGUAGES)
def test_likert_rows_cut_once_a_drawing_match_their_template(language: str) -> None:
    """Each row of buttons is the same pieces joined by the statement's name (issue 15's twelfth
    pass): every point chosen in turn, twice each, rows with one point and with none, and
    statements full of markup, quotes and right-to-left text stay the template's."""
    hostile = ['<script>alert("x")</script>', "Tom & 'Jerry'", "שלום \u202eevil", ""]
    with translation.override(language):
        for anchors in (
            perception_form().response_scale.anchors,
            (Anchor(1, "<b>only</b> & one"),),
            (),
        ):
            answers = [None, "skip", *(a.value for a in anchors)] * 2
            rows = [
                (Statement(f"s{i}<&\"'", hostile[i % len(hostile)]), value)
                for i, value in enumerate(answers)
            ]
            for mark in (False, True):
                drawn = scales.likert(rows, anchors, mark)
                reference = _reference(
                    scales.LIKERT, rows=rows, anchors=anchors, mark_unanswered=mark
                )
                assert drawn == reference
                chosen = sum(1 for _, v in rows if v is not None and v != "skip")
                assert drawn.count(" checked") == chosen + 2
            assert "&lt;script&gt;" in drawn and "<script>" not in drawn
