"""The fields of five create forms, as every view that sends nothing shows them, and a
boundary's wording box as its page opens.

The goals page's form to add a goal, a goal's form for a step, the promises page's form for a
promise, the boundaries page's form for a draft and the circle's form to add someone show the
same fields on every view that posts nothing: the same labels, boxes and limits for everyone
in a language, only the one-time key (``idem``,
:class:`~interdepend.web.frame.idempotent.KeyedForm`) new each time, and a promise's or a
person's day its limits from today (``DateInRange.show_limits``). Drawn field by field
(``formfields.draw``) they cost about a quarter of a millisecond at load on every view of the
goals page, a tenth on a goal's (issue 15's fifteenth pass, docs/performance-passes.md), and about
0.2 ms on the boundaries' and the circle's (the sixteenth pass, docs/performance-passes.md).
Here each is kept per language and shape (:mod:`~interdepend.web.frame.keptforms`), drawn
as a worker starts, never on first use, with stand-ins
for those values, cut at them, and joined with each view's own values, escaped. A form that
was sent, holds anything but its key, or has other fields or limits than those drawn is drawn
the ordinary way. Only our own words and markup are kept:
nothing of anyone. ``tests/web/test_freshforms.py`` holds every kept drawing to ``draw`` in
every language.

A boundary's page that lets her suggest new wording (or change her draft's) opens a box that
holds the boundary's words: the same label and box for everyone in a language, only the words
hers. That box is kept the same way, drawn with a stand-in for the words and cut at it, and
each view puts the boundary's words in, escaped (:func:`wording_fields`; held to ``draw`` in
every language over any words by ``tests/web/test_freshforms.py``).

The check-in's form is drawn the same way (:func:`checkin_scales`, :func:`checkin_seen`,
:func:`checkin_need`, :func:`checkin_shared`): its six scales, each in eight shapes (no point
ticked, or one of the seven), its box for what she needs cut where her words go, its box to
share unticked and ticked, and its hidden mark cut where the mark goes; a form sent back with
anything wrong, or of another shape, is drawn the ordinary way (issue 15's eighteenth pass;
held to the old drawing in every language over any answers and words by
``tests/web/test_checkin_kept.py``).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.signals import setting_changed
from django.urls import get_script_prefix, reverse
from django.utils.html import escape
from django.utils.translation import get_language

from interdepend.web.frame import addresses, idempotent, keptforms
from interdepend.web.frame.formrender import shown
from interdepend.web.frame.formwords import Bound, DateInRange
from interdepend.web.frame.templatetags import scales
from interdepend.web.frame.templatetags.formfields import draw
from interdepend.web.together.forms import (
    ITEM_LABELS,
    SCALE,
    BoundaryForm,
    CheckInForm,
    CircleForm,
    CommitmentForm,
    GoalForm,
    NoteForm,
    ProposalForm,
)
from interdepend.web.together.models import ITEMS

#: The key a kept drawing is made with, then cut out: no label, hint or limit holds it.
STAND_IN = "fresh-form-key-stand-in"
#: A date field's first and last day as a kept drawing is made with them, then cut out.
EARLIEST, LATEST = "fresh-form-earliest-stand-in", "fresh-form-latest-stand-in"
#: A date field's attributes that change from day to day.
LIMITS = ("min", "max")
#: The ids every kept form's fields have (Django's default).
AUTO_ID = keptforms.AUTO_ID
#: What a fresh create form holds: its key.
FRESH = frozenset({"idem"})

Key = tuple[str | None, type[forms.BaseForm], tuple[object, ...]]
#: The pieces of each drawing around its values (:func:`_key`).
_kept: keptforms.Kept[Key, list[str]] = keptforms.Kept(__name__)
#: The same pieces, kept under the language, the form's class and its fields' names, with
#: each date field's first and last day (:func:`opened`).
Opened = tuple[str | None, type[forms.BaseForm], tuple[str, ...]]
Days = tuple[tuple[Bound, Bound], ...]
_opened: keptforms.Kept[Opened, tuple[list[str], Days]] = keptforms.Kept(__name__)


def _shapes() -> list[forms.BaseForm]:
    """Each fresh form these pages show: a goal's with and without the box for sharing it
    (without a partner it has none), a step's, a promise's, a boundary's and a person's for
    the circle, with stand-ins for its values."""
    made: list[forms.BaseForm] = [
        GoalForm(initial={"idem": STAND_IN}),
        GoalForm(initial={"idem": STAND_IN}, shareable=False),
        NoteForm(initial={"idem": STAND_IN}),
        CommitmentForm(initial={"idem": STAND_IN}),
        BoundaryForm(initial={"idem": STAND_IN}),
        CircleForm(initial={"idem": STAND_IN}),
    ]
    for form in made:
        for field in form.fields.values():
            if isinstance(field, DateInRange):
                field.widget.attrs.update(min=EARLIEST, max=LATEST)
    return made


def _values(form: forms.BaseForm) -> list[str]:
    """What a fresh form draws differently from one view to the next, in the order it draws
    them: its key (the hidden field comes first), then each date field's first and last day."""
    values = [form.initial["idem"]]
    for field in form.fields.values():
        if isinstance(field, DateInRange):
            attrs = field.widget.attrs
            values += [attrs.get("min", ""), attrs.get("max", "")]
    return values


def _key(form: forms.BaseForm) -> Key:
    """What a kept drawing is kept under: the language, the form's class, its fields' names
    and each date field's attributes in their order, with their values but the limits'."""
    shape: list[object] = list(form.fields)
    for name, field in form.fields.items():
        if isinstance(field, DateInRange):
            attrs = field.widget.attrs.items()
            shape.append((name, *(k if k in LIMITS else (k, v) for k, v in attrs)))
    return get_language(), type(form), tuple(shape)


def fields(form: forms.BaseForm) -> str:
    """``draw(form)``: kept, with the form's own values, when the form is fresh (not sent,
    nothing in it but its key) and of a shape kept in this language; drawn otherwise."""
    if not keptforms.fresh(form, FRESH):
        return draw(form)
    kept = _kept.get(_key(form))
    if kept is None:
        return draw(form)
    return keptforms.join(kept, _values(form))


def make(**_: object) -> None:
    """Sent in each language as a worker starts: draw each fresh form and cut it at its
    values' stand-ins, each drawn once, as an attribute's value, in the order :func:`_values`
    gives them; or keep nothing of that form."""
    for form in _shapes():
        pieces = keptforms.cut(draw(form), _values(form), before='"', after='"')
        if pieces is not None:
            _kept[_key(form)] = pieces
            days = tuple(
                (field.earliest, field.latest)
                for field in form.fields.values()
                if isinstance(field, DateInRange)
            )
            _opened[keptforms.shape(form)] = (pieces, days)
    _make_wording()
    _make_checkin()
    step_address(get_script_prefix(), addresses.url_map())
    goals_addresses(get_script_prefix(), addresses.url_map())


#: A boundary's words as the kept wording box is drawn with them, then cut out.
WORDING = "fresh-form-wording-stand-in"
#: What the wording form holds as the page opens it: the boundary's words.
WORDS = frozenset({"text"})
#: A boundary's wording box, per language: the markup before her words and after them.
_wording: keptforms.Kept[str | None, list[str]] = keptforms.Kept(__name__)


def _as_opened(form: forms.BaseForm) -> bool:
    """Whether ``form`` draws as the kept wording box does: a boundary's wording form as the
    page opens it (not sent back), holding the words as a plain text, with Django's ids, no
    prefix and its one field."""
    text = form.initial.get("text")
    return (
        type(form) is ProposalForm
        and keptforms.fresh(form, WORDS)
        and type(text) is str  # marked safe, the renderer would not escape it
        and tuple(form.fields) == ("text",)
    )


def wording_fields(form: forms.BaseForm) -> str:
    """``draw(form)`` for a boundary's wording form: as the page opens it, the kept box with
    the boundary's words put in, escaped (issue 15's seventeenth pass: drawn field by field it
    was about a tenth of a millisecond of every view of a boundary open to new wording); drawn
    field by field otherwise (sent back with what is wrong, or anything else)."""
    kept = _wording.get(get_language()) if _as_opened(form) else None
    if kept is None:
        return draw(form)
    return keptforms.join(kept, (form.initial["text"],))


def wording_box(text: object) -> str:
    """``wording_fields(ProposalForm(initial={"text": text}))``: the box as a boundary's page
    opens it, with her words in it, without making the form when the box is kept (issue 15's
    twenty-third pass: the form was made on every view of a boundary, about 50 µs, only for
    its words to go in here; held to it in every language over any words by
    ``tests/web/test_freshforms.py``)."""
    kept = _wording.get(get_language()) if type(text) is str else None
    if kept is None:
        return wording_fields(ProposalForm(initial={"text": text}))
    return keptforms.join(kept, (text,))


def _make_wording() -> None:
    """The wording box in this language, cut at its words: kept only if they are there once,
    inside the box and nowhere else."""
    drawn = draw(ProposalForm(initial={"text": WORDING}))
    pieces = keptforms.cut(drawn, [WORDING], before=">\n", after="</textarea>")
    if pieces is not None:
        _wording[get_language()] = pieces


@functools.cache
def step_address(prefix: str, urlconf: str) -> tuple[str, str] | None:
    """The address of a boundary's step forms (``together:boundary_act``) before and after
    the boundary's id, each escaped as the page escapes the address, for a map of addresses
    (its script prefix and URL map); ``None`` if the route does not hold its id once. One
    ``reverse`` with :data:`~interdepend.web.frame.addresses.STAND_IN`, as the lists' items
    make theirs (``frame.addresses``) and the bids their answer's address: the same for
    everyone, made as a worker starts (:func:`make`), where it was a ``reverse`` of every view
    of a boundary with a step open (about 35 µs; issue 15's twenty-third pass)."""
    parts = addresses.around("together:boundary_act")
    if parts is None:
        return None
    head, tail = parts
    return escape(head), escape(tail)


@functools.cache
def goals_addresses(prefix: str, urlconf: str) -> tuple[tuple[str, str] | None, str]:
    """The goals page's two addresses for a map of addresses (its script prefix and URL map):
    the text of a goal's address around its id (``addresses.around("together:goal")``,
    unescaped, as :func:`~interdepend.web.frame.addresses.addresser` takes it) and the balance
    chart's image (``together:balance_svg``), escaped as the page escapes it. The same for
    everyone, made as a worker starts (:func:`make`), where each was a ``reverse`` of every
    view of the goals page (about 20-40 µs each at load; issue 15's twenty-fourth pass)."""
    return addresses.around("together:goal"), escape(reverse("together:balance_svg"))


def opened(form_class: type[forms.Form], *, without: tuple[str, ...] = ()) -> str | None:
    """``fields(form_class())`` (less the fields named in ``without``, as the goals page
    drops its box for sharing without a partner), without making the form: the kept drawing
    joined with a new key and today's limits, as the form a view that sends nothing makes
    would have them (issue 15's seventeenth pass: making the promise's or the goal's form,
    only to draw it, was about 0.2 ms of every view). ``None`` when that form is not kept in
    this language: the view makes the form then."""
    names = tuple(name for name in form_class.base_fields if name not in without)
    kept = _opened.get((get_language(), form_class, names))
    if kept is None:
        return None
    pieces, days = kept
    values = [idempotent.new_key()]
    for earliest, latest in days:
        values += [earliest().isoformat(), latest().isoformat()]
    return keptforms.join(pieces, values)


def forget() -> None:
    """As in a new worker: nothing kept (the tests)."""
    keptforms.forget(__name__)
    step_address.cache_clear()
    goals_addresses.cache_clear()


def _forget_address(**_: object) -> None:
    """A setting changed (addresses): make the step forms' and the goals page's addresses
    again on their use."""
    step_address.cache_clear()
    goals_addresses.cache_clear()


setting_changed.connect(
    _forget_address, weak=False, dispatch_uid="interdepend-boundary-step-address"
)


#: Her words and her mark as the check-in's kept boxes are drawn with them, then cut out.
NEED, SEEN = "fresh-form-need-stand-in", "fresh-form-seen-stand-in"
#: The answers a scale is kept ticked at, as ``field.value()`` writes them; "" for none.
TICKS = ("", *(number for _, number in SCALE))


@dataclass(frozen=True)
class CheckInParts:
    """The check-in form's drawing in one language: our own words and markup, nothing of
    anyone."""

    scales: dict[str, dict[str, str]]  # per statement, its scale by the point ticked ("" none)
    need: Sequence[str]  # the box for what she needs and its label, around her words
    shared: tuple[str, str]  # the box to share and its label, unticked and ticked
    seen: tuple[str, str, str]  # the hidden mark with no value; around a mark


#: The check-in form's parts, per language.
_checkin: keptforms.Kept[str | None, CheckInParts] = keptforms.Kept(__name__)


def _scales_drawn(form: CheckInForm) -> dict[str, str]:
    return {item: scales.checkin([(form[item], ITEM_LABELS[item])]) for item in ITEMS}


def _make_checkin() -> None:
    """The check-in form's parts in this language, each drawn as the page draws it; kept only
    if every stand-in is where it belongs."""
    ticked: dict[str, dict[str, str]] = {item: {} for item in ITEMS}
    for tick in TICKS:
        answer = int(tick) if tick else None
        for item, drawn in _scales_drawn(CheckInForm(initial=dict.fromkeys(ITEMS, answer))).items():
            ticked[item][tick] = drawn
    need = CheckInForm(initial={"need": NEED})["need"]
    need_box = f"{shown(need.label_tag())}{shown(need)}"
    need_cut = keptforms.cut(need_box, [NEED], before=">\n", after="</textarea>")
    seen_box = shown(CheckInForm(initial={"seen": SEEN})["seen"])
    seen_cut = keptforms.cut(seen_box, [SEEN], before=' value="', after='"')
    if need_cut is None or seen_cut is None:
        return
    boxes = []
    for on in (False, True):
        box = CheckInForm(initial={"shared": on})["shared"]
        boxes.append(f"{shown(box)} {shown(box.label_tag())}")
    _checkin[get_language()] = CheckInParts(
        scales=ticked,
        need=need_cut,
        shared=(boxes[0], boxes[1]),
        seen=(shown(CheckInForm()["seen"]), seen_cut[0], seen_cut[1]),
    )


class OpenedCheckIn(keptforms.Opened):
    """The check-in form as a view that sends nothing opens it, with ``initial`` (her saved
    week's answers, words, box and mark): made only when something asks more of it than the
    kept parts need (:func:`opened_values`), and then the same form the view made before
    (issue 15's eighteenth pass: making it was about a tenth of every view of the page)."""

    def __init__(self, initial: dict[str, Any]) -> None:
        super().__init__(lambda: CheckInForm(None, initial=initial), initial)


class ScalesOf(keptforms.Opened):
    """The view's list of the six scales of ``form`` (each bound field with its statement), as
    ``scales.checkin`` takes it: made only when asked for (:func:`checkin_scales` draws an
    opened form's from the kept parts without it)."""

    def __init__(self, form: Any) -> None:
        super().__init__(lambda: [(form[item], ITEM_LABELS[item]) for item in ITEMS], form)


#: Whether an :class:`OpenedCheckIn` or :class:`ScalesOf` was made.
is_made = keptforms.is_made


#: The kinds of value an opened form's parts are drawn from as they are (anything else, a
#: moment or something to call, makes the form).
PLAIN = (type(None), bool, int, str)


def opened_values(form: object) -> dict[str, Any] | None:
    """What ``form`` was opened with, when it is an :class:`OpenedCheckIn` not made yet and
    every value is plain; ``None`` otherwise (a form to ask as a form)."""
    given: dict[str, Any] | None = keptforms.given(form, OpenedCheckIn)
    if given is None:
        return None
    return given if all(type(value) in PLAIN for value in given.values()) else None


def _checkin_parts(form: object) -> CheckInParts | None:
    """The kept parts, when ``form`` draws as they were drawn: a check-in form with Django's
    ids, no prefix and nothing said wrong (sent or not); ``None`` otherwise, and when nothing
    is kept in this language."""
    if type(form) is not CheckInForm or not keptforms.as_kept(form) or form.errors:
        return None
    return _checkin.get(get_language())


def checkin_scales(form: Any, items: Any) -> str:
    """``scales.checkin(items)`` for the check-in form's six scales: each from the kept shapes
    by the point her answer ticks (issue 15's eighteenth pass: drawn on each view they were
    the largest part of the page's own drawing), for an opened form from what it was opened
    with (``items`` its own :class:`ScalesOf`, not made); drawn for a scale of another
    shape."""
    values = opened_values(form)
    kept = _checkin.get(get_language())
    if values is not None and kept is not None and keptforms.given(items, ScalesOf) is form:
        # What ``field.value()`` gives for a form not sent: its initial value, as it is.
        return "".join(
            (shapes.get("%s" % (values.get(item),)) or shapes[""])  # noqa: UP031
            for item, shapes in kept.scales.items()
        )
    form = _made(form)
    parts = _checkin_parts(form)
    if parts is None:
        return scales.checkin(items or ())
    out = []
    for field, label in items or ():
        shapes = parts.scales.get(field.name)
        if shapes is None or label is not ITEM_LABELS[field.name] or field.field.choices != SCALE:
            out.append(scales.checkin([(field, label)]))
            continue
        chosen = "%s" % (field.value(),)  # noqa: UP031 (as ``scales.checkin`` writes it)
        out.append(shapes.get(chosen) or shapes[""])
    return "".join(out)


#: ``form`` itself: an opened form made (it is asked as a form).
_made = keptforms.made


def _plain(value: object) -> bool:
    return value is None or type(value) is str


def _value(form: Any, name: str) -> tuple[Any, CheckInParts | None]:
    """The value ``name`` shows and the kept parts to draw it with (``None``: draw it)."""
    values = opened_values(form)
    if values is not None:
        return values.get(name), _checkin.get(get_language())
    form = _made(form)
    return form[name].value(), _checkin_parts(form)


def checkin_seen(form: Any) -> str:
    """``shown(form["seen"])``: the kept hidden mark with hers put in, escaped."""
    value, parts = _value(form, "seen")
    if parts is None or not _plain(value):
        return shown(_made(form)["seen"])
    return keptforms.join(parts.seen[1:], (value,)) if value else parts.seen[0]


def checkin_need(form: Any) -> str:
    """The box for what she needs with its label, as ``shown`` draws the two: the kept box with
    her words put in, escaped."""
    value, parts = _value(form, "need")
    if parts is None or not _plain(value):
        need = _made(form)["need"]
        return f"{shown(need.label_tag())}{shown(need)}"
    return keptforms.join(parts.need, (value or "",))


def checkin_shared(form: Any) -> str:
    """The box to share the week and its label, as ``shown`` draws them: the kept box,
    ticked or not as hers is."""
    value, parts = _value(form, "shared")
    if parts is None or not (value is None or type(value) is bool):
        box = _made(form)["shared"]
        return f"{shown(box)} {shown(box.label_tag())}"
    return parts.shared[1] if value else parts.shared[0]


def checkin_errors(form: Any, name: str | None = None) -> Any:
    """What is said wrong with the form (``name`` None) or its field ``name``: nothing for an
    opened form, which was not sent; asked of the form otherwise."""
    if opened_values(form) is not None:
        return ()
    form = _made(form)
    return form.non_field_errors() if name is None else form[name].errors


def checkin_shared_id(form: Any) -> str:
    """The id of the box to share: Django's for an opened form, asked of the form otherwise."""
    if opened_values(form) is not None:
        return AUTO_ID % "shared"
    return str(_made(form)["shared"].auto_id)


keptforms.at_warmup(make, uid="interdepend-fresh-create-forms")
