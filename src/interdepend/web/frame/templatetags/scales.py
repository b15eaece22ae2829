"""The rows of 1-to-7 radio buttons, drawn in Python.

The inventory's pages, how a person sees their partner and the weekly check-in each show a row
of seven real radio buttons per statement. Through the template engine every button cost about
a dozen looked-up, localised and escaped values, and a page of six to twelve statements spent
two thirds of its time on them (a third of it writing small numbers the way the language writes
numbers). These tags draw the same HTML with the same rules: each value shown exactly as its
``{{ }}`` would show it (``frame.formrender.shown``), each fixed word translated as
``{% translate %}`` translates it. The templates they replace stay as the reference, and with
``DRAW_IN_PYTHON`` off each tag draws through its own; ``tests/web/test_scales.py`` holds the
two equal byte for byte, and the page crawl of ``tests/web/test_formrender.py`` compares every
page both ways.

    {% likert_items %}    the context's ``rows`` (statement, answer: a number, "skip" when
                          she chose Skip, None when not answered) and ``anchors``, as
                          ``includes/likert_items.html``; with ``mark_unanswered`` (she came
                          back from "statements left out"), each statement not answered yet
                          says so in words tied to its group (the keyboard audit of
                          2026-12-04, M5)
    {% checkin_items %}   the context's ``items`` (bound field, label),
                          as ``together/_checkin_items.html``
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django import template
from django.template import Context, Engine
from django.template.base import Node, Parser, Token
from django.utils.functional import Promise
from django.utils.html import escape
from django.utils.translation import gettext

from interdepend.web.frame.formrender import shown
from interdepend.web.frame.templatetags.formfields import said_errors

register = template.Library()

LIKERT = "includes/likert_items.html"
CHECKIN = "together/_checkin_items.html"

#: Off, the tags draw through their reference templates (the tests compare the two).
DRAW_IN_PYTHON = True


def _words(text: str) -> str:
    """``{% translate text %}``: translated now, escaped."""
    return shown(gettext(text))


def likert(
    rows: Iterable[tuple[Any, Any]], anchors: Sequence[Any], mark_unanswered: bool = False
) -> str:
    """``includes/likert_items.html`` for these rows and anchors, the same HTML."""
    skip = _words("Skip")
    not_yet = _words("Not answered yet")
    first = shown(anchors[0].label) if anchors else ""
    last = shown(anchors[-1].label) if anchors else ""
    # Every statement has the same points, so each row of buttons is the same pieces joined by
    # its name: the pieces are cut once for this drawing (a row with one point chosen has its
    # own, cut when first needed), where each button was written apart for each statement (a
    # third of the perception page's own time: issue 15's twelfth pass). Nothing is kept
    # after the drawing.
    points = [(anchor.value, shown(anchor.value), shown(anchor.label)) for anchor in anchors]
    cut: dict[int | None, list[str]] = {}

    def pieces(chosen: int | None) -> list[str]:
        found = cut.get(chosen)
        if found is None:
            found = [
                '  <div class="scale7">\n    \n    <label class="point"><input type="radio" name="'
            ]
            for index, (_, number, label) in enumerate(points):
                checked = " checked" if index == chosen else ""
                after = (
                    '\n    <label class="point"><input type="radio" name="'
                    if index < len(points) - 1
                    else "\n  </div>\n"
                )
                found.append(
                    f'" value="{number}"{checked} autocomplete="off"><span class="visually-hidden">'
                    f'{label}</span><span class="number" aria-hidden="true">{number}</span>'
                    f"</label>\n    {after}"
                )
            cut[chosen] = found
        return found

    out = []
    for item, value in rows:
        name = f"item-{shown(item.id)}"
        if mark_unanswered and value is None:
            mark = f"not-answered-{shown(item.id)}"
            out.append(
                f'\n<fieldset class="item not-answered" aria-describedby="{mark}">\n'
                f"  <legend>{shown(item.text)}</legend>\n"
                f'  <p class="not-answered-mark" id="{mark}">{not_yet}</p>\n  \n'
            )
        else:
            out.append(f'\n<fieldset class="item">\n  <legend>{shown(item.text)}</legend>\n  \n')
        chosen = next((at for at, point in enumerate(points) if value == point[0]), None)
        if points:
            out.append(name.join(pieces(chosen)))
        else:
            out.append('  <div class="scale7">\n    \n  </div>\n')
        out.append(
            '  <div class="scale-ends">\n'
            f'    <span aria-hidden="true">{first}</span>\n'
            f'    <label class="skip"><input type="radio" name="{name}" value="skip"'
            f'{" checked" if value == "skip" else ""} autocomplete="off"> {skip}</label>\n'
            f'    <span aria-hidden="true">{last}</span>\n'
            "  </div>\n</fieldset>\n"
        )
    out.append("\n")
    return "".join(out)


def _text(value: Any) -> str:
    """``shown(value)`` for a statement's label, id and name: a plain ``str`` (and translated
    text, once translated) is all ``{{ }}`` does to it, Django's ``escape``, without the
    template's walk through dates and numbers first (half the scales' drawing, eighteen times
    a check-in: issue 15's sixteenth pass); anything else (marked safe, a number) goes through
    ``shown`` itself."""
    if isinstance(value, Promise):
        value = str(value)
    if type(value) is str:
        return str(escape(value))
    return shown(value)


def _digit(value: Any) -> str:
    """A whole number from 0 to 9 as ``{{ }}`` writes it in every language: its one digit
    (Django's ``number_format`` groups and separates nothing in a number of one digit, and
    writes no other digits), without looking up the language's separators, which was most of
    the writing of the seven points (issue 15's sixteenth pass); "" for anything else."""
    if type(value) is int and 0 <= value <= 9:
        return str(value)
    return ""


def _literal(text: str) -> str:
    """``text`` as it stands in a ``%`` format: its own percent signs doubled."""
    return text.replace("%", "%%")


def checkin(items: Iterable[tuple[Any, Any]]) -> str:
    """``together/_checkin_items.html`` for these (bound field, label) pairs, the same HTML."""
    low, high = _text(gettext("hardly at all")), _text(gettext("very much"))
    skip = _text(gettext("Skip"))
    # Every statement has the same seven points: each small value (a choice, its number, its
    # place) is written once for this drawing, not seven times a statement (about 150 values,
    # a third of the check-in page's time: issue 15's tenth pass). Kept by type and value
    # (``1`` and ``True`` are one key to a dict), and only while this list is drawn.
    written: dict[tuple[type, Any], str] = {}

    def once(value: Any) -> str:
        key = (type(value), value)
        found = written.get(key)
        if found is None:
            found = written[key] = _digit(value) or _text(value)
        return found

    # And the row of seven points is written once for this drawing too, as a ``%`` format with
    # a slot for the statement's id (``a``), its name (``n``), the mark of an answer refused
    # (``i``) and each point's " checked" (``c0``...): filled in a statement, where each point
    # was written apart for each (about a third of the scales' drawing: issue 15's sixteenth
    # pass). Kept by the choices, and only while this list is drawn.
    rows: dict[tuple[Any, ...], tuple[str, list[tuple[str, Any]]]] = {}

    def row_of(choices: list[Any]) -> tuple[str, list[tuple[str, Any]]]:
        try:
            # By type and value, as ``once`` keeps them: ``True`` is written "True", ``1`` "1".
            key: tuple[Any, ...] | None = tuple(
                (type(value), value, type(number), number) for value, number in choices
            )
            found = rows.get(key)  # type: ignore[arg-type]
        except (TypeError, ValueError):  # a choice that cannot be a key (a group), or no pair
            key, found = None, None
        if found is None:
            parts, checks = [], []
            for index, (value, number) in enumerate(choices):
                if index == 0:
                    end = f'<span class="visually-hidden">({low})</span>'
                elif index == len(choices) - 1:
                    end = f'<span class="visually-hidden">({high})</span>'
                else:
                    end = ""
                at, slot = _literal(once(index)), f"c{index}"
                parts.append(
                    f'\n      <label class="point" for="%(a)s_{at}"><input type="radio" '
                    f'name="%(n)s" value="{_literal(once(value))}" autocomplete="off" '
                    f'id="%(a)s_{at}"%(i)s%({slot})s><span class="number">'
                    f"{_literal(once(number))}</span>{_literal(end)}</label>\n    "
                )
                checks.append((slot, number))
            found = ("".join(parts), checks)
            if key is not None:
                rows[key] = found
        return found

    out = []
    for field, label in items:
        chosen = "%s" % (field.value(),)  # noqa: UP031 (the ``stringformat:"s"`` filter's own)
        auto_id, name = _text(field.auto_id), _text(field.html_name)
        invalid = f' aria-invalid="true" aria-describedby="{auto_id}_error"' if field.errors else ""
        out.append(
            f'\n  <fieldset class="item">\n    <legend>{_text(label)}</legend>\n    \n'
            '    <div class="scale7">'
        )
        row, checks = row_of(list(field.field.choices))
        slots = {"a": auto_id, "n": name, "i": invalid}
        for slot, number in checks:
            slots[slot] = " checked" if chosen == number else ""
        out.append(row % slots)
        out.append(
            '</div>\n    <div class="scale-ends"><span aria-hidden="true">'
            f'{low}</span><label class="skip"><input type="radio" name="{name}" value=""'
            ' autocomplete="off"> '
            f'{skip}</label><span aria-hidden="true">{high}</span></div>\n    '
        )
        if field.errors:
            out.append(said_errors(field.errors, f"{field.auto_id}_error"))
        out.append("\n  </fieldset>\n  ")
    return "".join(out)


class _ScaleNode(Node):
    reference = ""

    def draw(self, context: Context) -> str:
        raise NotImplementedError

    def render(self, context: Context) -> str:
        if DRAW_IN_PYTHON:
            return self.draw(context)
        engine = context.template.engine if context.template else Engine.get_default()
        return str(engine.get_template(self.reference).render(context))


class LikertNode(_ScaleNode):
    reference = LIKERT

    def draw(self, context: Context) -> str:
        marking = bool(context.get("mark_unanswered"))
        return likert(context.get("rows") or (), context.get("anchors") or (), marking)


class CheckInNode(_ScaleNode):
    reference = CHECKIN

    def draw(self, context: Context) -> str:
        return checkin(context.get("items") or ())


def _no_arguments(token: Token) -> None:
    bits = token.split_contents()
    if len(bits) != 1:
        raise template.TemplateSyntaxError(f"{bits[0]} takes no arguments")


@register.tag("likert_items")
def likert_items(parser: Parser, token: Token) -> LikertNode:
    _no_arguments(token)
    return LikertNode()


@register.tag("checkin_items")
def checkin_items(parser: Parser, token: Token) -> CheckInNode:
    _no_arguments(token)
    return CheckInNode()
