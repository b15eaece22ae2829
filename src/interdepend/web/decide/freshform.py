"""The form to name a decision, as the list of decisions shows it on a view that sends nothing.

Fresh, the form shows the same fields on every view for everyone in a language: the same
labels, boxes, limits and hints, only its one-time token (``token``, against a decision named
twice) new each time. Drawn field by field (``formfields.draw``) it was about half the list's
own drawing (about 250 µs at load, issue 15's sixteenth pass, docs/performance-passes.md). Here it
is kept per language (:mod:`~interdepend.web.frame.keptforms`), drawn as a worker starts with
a stand-in for the token, cut at it, and joined with each view's own token, escaped. A form
that was sent, holds anything but its token, or has other fields or ids than the one drawn is
drawn the ordinary way. ``tests/web/test_decide_freshform.py`` holds the kept drawing to
``draw`` in every language.
"""

from __future__ import annotations

from django import forms

from interdepend.web.decide.forms import DecisionForm
from interdepend.web.frame import keptforms
from interdepend.web.frame.templatetags.formfields import draw

#: The token a kept drawing is made with, then cut out: no label, hint or limit holds it.
STAND_IN = "fresh-decision-token-stand-in"
#: The values a fresh form holds.
FRESH = frozenset({"token"})

Key = tuple[str | None, type[forms.BaseForm], tuple[str, ...]]
#: The drawing before and after the token, per language and the form's fields.
_kept: keptforms.Kept[Key, list[str]] = keptforms.Kept(__name__)


#: What the kept drawing is kept under: the language, the form's class and its fields.
_key = keptforms.shape


def fields(form: DecisionForm) -> str:
    """``draw(form)``: kept, with the form's own token, when the form is fresh (not sent,
    nothing in it but its token) and of the shape kept in this language; drawn otherwise."""
    if type(form) is not DecisionForm or not keptforms.fresh(form, FRESH):
        return draw(form)
    kept = _kept.get(_key(form))
    if kept is None:
        return draw(form)
    return keptforms.join(kept, (form.initial["token"],))


def make(**_: object) -> None:
    """Sent in each language as a worker starts: draw the fresh form with the stand-in and cut
    it there, where it is drawn once, as an attribute's value; or keep nothing."""
    form = DecisionForm(initial={"token": STAND_IN})
    pieces = keptforms.cut(draw(form), [STAND_IN], before='"', after='"')
    if pieces is not None:
        _kept[_key(form)] = pieces


def forget() -> None:
    """As in a new worker: nothing kept (the tests)."""
    keptforms.forget(__name__)


keptforms.at_warmup(make, uid="interdepend-fresh-decision-form")
