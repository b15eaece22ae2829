"""The form to name a decision, as the list of decisions shows it on a view that sends nothing.

Fresh, the form shows the same fields on every view for everyone in a language: the same
labels, boxes, limits and hints, only its one-time token (``token``, against a decision named
twice) new each time. Drawn field by field (``formfields.draw``) it was about half the list's
own drawing (about 250 µs at load, issue 15's sixteenth pass, docs/performance.md). Here it
is drawn once per language as a worker starts
(:data:`~interdepend.web.frame.warmup.worker_starting`), never on first use, with a stand-in
for the token, cut at it, and joined with each view's own token, escaped. A form that was sent,
holds anything but its token, or has other fields or ids than the one drawn is drawn the
ordinary way. Only our own words and markup are kept: nothing of anyone.
``tests/web/test_decide_freshform.py`` holds the kept drawing to ``draw`` in every language.
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.translation import get_language

from interdepend.web.decide.forms import DecisionForm
from interdepend.web.frame.templatetags.formfields import draw
from interdepend.web.frame.warmup import worker_starting

#: The token a kept drawing is made with, then cut out: no label, hint or limit holds it.
STAND_IN = "fresh-decision-token-stand-in"
#: The ids the kept form's fields have (Django's default).
AUTO_ID = "id_%s"

Key = tuple[str | None, tuple[str, ...]]
#: The drawing before and after the token, per language and the form's fields.
_kept: dict[Key, tuple[str, str]] = {}


def _key(form: DecisionForm) -> Key:
    return get_language(), tuple(form.fields)


def fields(form: DecisionForm) -> str:
    """``draw(form)``: kept, with the form's own token, when the form is fresh (not sent,
    nothing in it but its token) and of the shape kept in this language; drawn otherwise."""
    if (
        form.is_bound
        or form.initial.keys() != {"token"}
        or form.prefix
        or form.auto_id != AUTO_ID
        or type(form) is not DecisionForm
    ):
        return draw(form)
    kept = _kept.get(_key(form))
    if kept is None:
        return draw(form)
    return f"{kept[0]}{escape(form.initial['token'])}{kept[1]}"


def make(**_: object) -> None:
    """Sent in each language as a worker starts: draw the fresh form with the stand-in and cut
    it there, where it is drawn once, as an attribute's value; or keep nothing."""
    form = DecisionForm(initial={"token": STAND_IN})
    pieces = draw(form).split(f'"{STAND_IN}"')
    if len(pieces) == 2:
        _kept[_key(form)] = (f'{pieces[0]}"', f'"{pieces[1]}')


def forget() -> None:
    """As in a new worker: nothing kept (the tests)."""
    _kept.clear()


worker_starting.connect(make, dispatch_uid="interdepend-fresh-decision-form")
