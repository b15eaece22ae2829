"""The box for today's answer as a view that sends nothing shows it before she has answered.

The page of today's question shows an empty box for her answer until she writes one: the
same label, box and hint for everyone in a language, holding nothing of anyone (the form is
made with an empty text, sends nothing, and no view sets anything on its field). Drawn field
by field (``formfields.draw``) it was about a third of the page's own drawing (issue 15's
sixteenth pass, docs/performance-passes.md). Here it is drawn once per language as a worker
starts (:mod:`~interdepend.web.frame.keptforms`), never on first use, so that
nobody's first view tells anyone anything; a form that was sent, holds her words, or differs in
any way from the one drawn (a prefix, other ids, other fields) is drawn the ordinary way. Only
our own words and markup are kept. ``tests/web/test_fresh_answer.py`` holds the kept drawing to
``draw`` in every language.

A view that sends nothing opens the form as an :class:`OpenedAnswer`, made only when something
asks more of it than the kept box (issue 15's eighteenth pass): the fresh box is drawn from what
it was opened with, and a page showing her saved answer, or both, never makes it.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import get_language

from interdepend.web.daily.forms import AnswerForm
from interdepend.web.frame import keptforms
from interdepend.web.frame.templatetags.formfields import draw

#: What the fresh form is made with: an empty answer.
FRESH = {"text": ""}

#: The fresh form's drawing in each language.
_kept: keptforms.Kept[str | None, str] = keptforms.Kept(__name__)


def _fresh() -> AnswerForm:
    return AnswerForm(None, initial=dict(FRESH))


def _is_fresh(form: forms.BaseForm) -> bool:
    """Whether ``form`` is the form the kept drawing is of: an answer form not sent, with an
    empty answer, Django's ids, no prefix and its one field as the class declares it."""
    return (
        type(form) is AnswerForm
        and keptforms.fresh(form, FRESH.keys())
        and form.initial == FRESH
        and list(form.fields) == list(AnswerForm.base_fields)
    )


class OpenedAnswer(keptforms.Opened):
    """The answer form as a view that sends nothing opens it, with ``initial``: made only when
    something asks more of it than the kept box, and then the form the view made before."""

    def __init__(self, initial: dict[str, Any]) -> None:
        super().__init__(lambda: AnswerForm(None, initial=initial), initial)


#: Whether an :class:`OpenedAnswer` was made.
is_made = keptforms.is_made


def fields(form: Any) -> str:
    """``draw(form)``: kept when the form is the fresh one (an :class:`OpenedAnswer` not made,
    opened with an empty answer, or a form made so) and drawn in this language as the worker
    started; drawn otherwise."""
    if keptforms.given(form, OpenedAnswer) == FRESH or _is_fresh(form):
        kept = _kept.get(get_language())
        if kept is not None:
            return kept
    return draw(form)


def make(**_: object) -> None:
    """Sent in each language as a worker starts: draw the fresh form once."""
    _kept[get_language()] = draw(_fresh())


def forget() -> None:
    """As in a new worker: nothing kept (the tests)."""
    keptforms.forget(__name__)


keptforms.at_warmup(make, uid="interdepend-fresh-answer-form")
