"""A goal's edit form as its page opens, drawn from parts a worker keeps per language.

A goal's page ends in the form to edit it, filled in with the goal's title, words, whether it
is reached and its version. Drawn field by field (``formfields.draw``) it was the largest piece
of the page's own drawing, about a quarter of a millisecond at load on every view (issue 15's
sixteenth pass, docs/performance-passes.md), though only those four values change from one view to
the next: the labels, boxes and attributes are the same for everyone in a language.

So each shape of it (a goal of her own says "I have reached this one", a shared one "we";
the box ticked or not) is drawn once per language as a worker starts
(:mod:`~interdepend.web.frame.keptforms`), never on first use, with stand-ins for
the version, the title and the words, and cut at them. A view joins the parts with its goal's
own values, escaped as the form's renderer escapes them (``frame.formrender``). Only our own
words and markup are kept: nothing of anyone. A form that was sent (with its errors, or her
words typed back), holds other values or fields, or has other ids or a prefix is drawn field by
field as before. ``tests/web/test_goal_editform.py`` holds every kept drawing, joined, to
``draw`` of the same form in every language and shape, over hostile titles and words.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import get_language

from interdepend.web.frame import keptforms
from interdepend.web.frame.templatetags.formfields import draw
from interdepend.web.together.forms import GoalEditForm

#: What a kept drawing is made with in place of the goal's values, then cut out, in the order
#: the form draws them: the hidden version first, then the title's box, then the words' box.
VERSION, TITLE, DETAIL = (
    "goal-edit-version-stand-in",
    "goal-edit-title-stand-in",
    "goal-edit-detail-stand-in",
)
#: The values the form is made with, the only ones a kept drawing takes.
VALUES = frozenset({"title", "detail", "done", "version"})

Key = tuple[str | None, tuple[str, ...], str, bool]
#: The parts of each drawing around its three values (:func:`_key`).
_kept: keptforms.Kept[Key, list[str]] = keptforms.Kept(__name__)
#: Each kept drawing's key by the language, whether the goal is shared and whether it is
#: reached, as :func:`for_goal` finds it without a form.
_shape: keptforms.Kept[tuple[str | None, bool, bool], Key] = keptforms.Kept(__name__)


def _key(form: forms.BaseForm, done: bool) -> Key:
    """What a kept drawing is kept under: the language, the form's fields, the words beside
    its box ("I" or "we" have reached it) and whether the box is ticked."""
    return get_language(), tuple(form.fields), str(form.fields["done"].label), done


def _values(form: forms.BaseForm) -> tuple[object, str, str, bool] | None:
    """The version, title, words and tick a fresh edit form draws, or None when the form is
    not one a kept drawing can show: sent, or with a value of another kind than a goal's (an
    empty title draws no ``value``, so it is drawn too)."""
    if not keptforms.fresh(form, VALUES):
        return None
    version, title = form.initial["version"], form.initial["title"]
    detail, done = form.initial["detail"], form.initial["done"]
    if type(version) is not int or type(title) is not str or type(detail) is not str:
        return None
    if type(done) is not bool or not title:
        return None
    # The text box draws its words only when there are some (``formrender._textarea``): an
    # empty text, escaped, is empty too.
    return version, title, detail, done


def fields(form: GoalEditForm) -> str:
    """``draw(form)``: from the parts kept for its shape in this language, with the goal's
    own values, when the form is as a goal's page opens it; drawn otherwise."""
    values = _values(form)
    if values is None:
        return draw(form)
    version, title, detail, done = values
    kept = _kept.get(_key(form, done))
    if kept is None:
        return draw(form)
    return keptforms.join(kept, (version, title, detail))


def opened(goal: Any) -> GoalEditForm:
    """The edit form a goal's page opens with: the goal's title, words, tick and version."""
    initial = {
        "title": goal.title,
        "detail": goal.detail,
        "done": goal.done,
        "version": goal.version,
    }
    return GoalEditForm(shared=goal.is_shared, initial=initial)


def for_goal(goal: Any) -> str:
    """``fields(opened(goal))`` without making the form (about 35 µs, 130 at load, on every
    view of a goal's page: issue 15's seventeenth pass): the parts kept for the goal's shape
    in this language, joined with its values as :func:`_values` gives them; the form made
    and drawn when its values are not of a goal's kinds or nothing is kept."""
    version, title, detail, done = goal.version, goal.title, goal.detail, goal.done
    kinds = type(version) is int and type(title) is str and type(detail) is str
    if kinds and type(done) is bool and title:
        key = _shape.get((get_language(), bool(goal.is_shared), done))
        kept = _kept.get(key) if key is not None else None
        if kept is not None:
            return keptforms.join(kept, (version, title, detail))
    return fields(opened(goal))


def make(**_: object) -> None:
    """Sent in each language as a worker starts: draw each shape with the stand-ins and keep
    its parts (or nothing of a shape whose stand-ins are not each drawn once, in order)."""
    for shared in (True, False):
        for done in (True, False):
            form = GoalEditForm(
                shared=shared,
                initial={"title": TITLE, "detail": DETAIL, "done": done, "version": VERSION},
            )
            parts = keptforms.cut(draw(form), (VERSION, TITLE, DETAIL))
            if parts is not None:
                _kept[_key(form, done)] = parts
                _shape[get_language(), shared, done] = _key(form, done)


def forget() -> None:
    """As in a new worker: nothing kept (the tests)."""
    keptforms.forget(__name__)


keptforms.at_warmup(make, uid="interdepend-goal-edit-form")
