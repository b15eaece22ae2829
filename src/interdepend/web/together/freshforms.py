"""The fields of a goal's two create forms, as every view that sends nothing shows them.

The goals page's form to add a goal, and a goal's form for a step, show the same fields on
every view that posts nothing: the same labels, boxes and limits for everyone in a language,
only the one-time key (``idem``, :class:`~interdepend.web.frame.idempotent.KeyedForm`) new
each time. Drawn field by field (``formfields.draw``) they cost about a quarter of a
millisecond at load on every view of the goals page, and a tenth on a goal's (issue 15's
fifteenth pass, docs/perf-goals62.md). Here each is drawn once per language and shape as a
worker starts (:data:`~interdepend.web.frame.warmup.worker_starting`), never on first use, cut
around its key, and joined with each view's own key, escaped. A form that was sent, holds
anything but its key, or has other fields than those drawn is drawn the ordinary way. Only
our own words and markup are kept: nothing of anyone. ``tests/web/test_freshforms.py`` holds
every kept drawing to ``draw`` in every language.
"""

from __future__ import annotations

from django import forms
from django.utils.html import escape
from django.utils.translation import get_language

from interdepend.web.frame.templatetags.formfields import draw
from interdepend.web.frame.warmup import worker_starting
from interdepend.web.together.forms import GoalForm, NoteForm

#: The key a kept drawing is made with, then cut out: no label, hint or limit holds it.
STAND_IN = "fresh-form-key-stand-in"
#: The ids every kept form's fields have (Django's default).
AUTO_ID = "id_%s"
#: The fields drawn before and after the key, by language, form class and field names.
_kept: dict[tuple[str | None, type[forms.BaseForm], tuple[str, ...]], tuple[str, str]] = {}


def _shapes() -> list[forms.BaseForm]:
    """Each fresh form these pages show: a goal's with and without the box for sharing it
    (without a partner it has none), and a step's."""
    return [
        GoalForm(initial={"idem": STAND_IN}),
        GoalForm(initial={"idem": STAND_IN}, shareable=False),
        NoteForm(initial={"idem": STAND_IN}),
    ]


def _key(form: forms.BaseForm) -> tuple[str | None, type[forms.BaseForm], tuple[str, ...]]:
    return get_language(), type(form), tuple(form.fields)


def fields(form: forms.BaseForm) -> str:
    """``draw(form)``: kept, with the form's own key, when the form is fresh (not sent, nothing
    in it but its key) and of a shape kept in this language; drawn otherwise."""
    if form.is_bound or form.initial.keys() != {"idem"} or form.prefix or form.auto_id != AUTO_ID:
        return draw(form)
    kept = _kept.get(_key(form))
    if kept is None:
        return draw(form)
    return escape(form.initial["idem"]).join(kept)


def make(**_: object) -> None:
    """Sent in each language as a worker starts: draw each fresh form and cut it at its key."""
    for form in _shapes():
        before, found, after = draw(form).partition(f'value="{STAND_IN}"')
        if not found or STAND_IN in after:  # the key drawn once, in its value, or keep nothing
            continue
        _kept[_key(form)] = (f'{before}value="', f'"{after}')


def forget() -> None:
    """As in a new worker: nothing kept (the tests)."""
    _kept.clear()


worker_starting.connect(make, dispatch_uid="interdepend-fresh-goal-forms")
