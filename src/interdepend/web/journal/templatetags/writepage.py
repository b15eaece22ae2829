"""The page to write an entry, below its title, drawn in Python (``{% write_body %}``).

Its heading, the journal's row of links, its sentence and the form's frame are the same for
everyone in a language; so are the form's fields when nothing was sent, but for the one-time
key (``idem``) and the questions offered, which are hers. Through the template engine and the
form's field-by-field drawing (``formfields.draw``) they took about 0.5 ms of a view of
0.35 ms of template work and 0.38 ms of fields at load (issue 15's sixteenth pass,
docs/performance-passes.md). Here:

* the fixed text is ``journal/_write_body.html``, the old content block with a marker
  (``{# part:name #}``) where the token field and the form's fields go; the text between the
  markers is drawn by Django's own engine, so every ``{% translate %}`` and the row of links
  are what the old template wrote, once per language and map of addresses (and with or without
  the sentence on an entry that is gone) **as a worker starts** (:func:`_warm`), never on first
  use;
* a fresh form's fields (not sent, nothing in it but its key and the question picked) are kept
  per language cut at the key and at the list of questions (``frame.keptforms.cut``), drawn
  the same way as a worker starts, and so are an edit form's as it opens, cut at the mark and
  the text; each view puts in its own key, escaped, and its own questions, drawn by Django's
  widget as before. Any other form (sent back with something to fix, her words carried over
  from an entry that is gone, another shape) is drawn field by field as ever.

Only our own words and markup are kept: nothing of anyone. ``tests/web/test_write_page.py``
holds the page to the old template (``tests/web/reference/journal_write.html``) byte for byte.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django import forms, template
from django.template import engines
from django.urls import get_script_prefix
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from interdepend.web.frame import keptforms
from interdepend.web.frame.addresses import url_map
from interdepend.web.frame.formrender import shown
from interdepend.web.frame.templatetags.formfields import csrf_input, draw
from interdepend.web.frame.warmup import worker_starting
from interdepend.web.journal.forms import EntryEditForm, EntryForm

register = template.Library()

_SOURCE = Path(__file__).resolve().parent.parent / "templates" / "journal" / "_write_body.html"
_PART = re.compile(r"\{# part:(\w+) #\}")
_PIECES = _PART.split(_SOURCE.read_text())
#: The template's fixed sources between its markers, and the markers' names, in order.
_SOURCES, _NAMES = tuple(_PIECES[0::2]), tuple(_PIECES[1::2])

#: The key a kept drawing of the fields is made with, then cut out: no label or hint holds it.
STAND_IN = "write-form-key-stand-in"
#: The fields of the form, in their order, that a kept drawing is made of.
FIELDS = ("idem", "prompt", "body")


@functools.cache
def _fixed(gone: bool, language: str | None, prefix: str, urlconf: object) -> tuple[str, ...]:
    """The fixed text between the markers, drawn by the engine in the language and map of
    addresses of now (the arguments are the key), with or without the sentence on a gone entry."""
    engine = engines["django"]
    return tuple(str(engine.from_string(source).render({"gone": gone})) for source in _SOURCES)


@functools.cache
def _fields(language: str | None) -> list[str] | None:
    """A fresh form's fields in ``language``, cut at its key (as an attribute's value) and at its
    list of questions; None (so each view draws them) unless each is there once, in order."""
    form = EntryForm(initial={"idem": STAND_IN})
    pieces = keptforms.cut(draw(form), (STAND_IN, shown(form["prompt"])))
    if pieces is None or not pieces[0].endswith('value="') or not pieces[1].startswith('"'):
        return None
    return pieces


def _fresh(form: forms.BaseForm) -> bool:
    """Whether ``form`` draws as the kept fields do: an entry's form not sent, holding only its
    key and the question picked, drawn as kept (``keptforms.as_kept``), with its own three
    fields."""
    key = form.initial.get("idem")
    return (
        type(form) is EntryForm
        and not form.is_bound
        and form.initial.keys() <= {"idem", "prompt"}
        and isinstance(key, str)
        and key != ""  # an empty one draws no value at all
        and keptforms.as_kept(form)
        and tuple(form.fields) == FIELDS
    )


def fields(form: forms.BaseForm) -> str:
    """``draw(form)``: from the kept pieces with the form's own key and questions when it is
    fresh, drawn field by field otherwise."""
    kept = _fields(get_language()) if _fresh(form) else None
    if kept is None:
        return draw(form)
    # Not ``keptforms.join``: the questions are markup drawn by Django's widget, not a value.
    head, middle, tail = kept
    return f"{head}{escape(form.initial['idem'])}{middle}{shown(form['prompt'])}{tail}"


#: The stand-ins an edit form's kept fields are drawn with, then cut out.
SEEN, TEXT = "edit-form-seen-stand-in", "edit-form-text-stand-in"
#: An edit form's fields, in their order.
EDIT_FIELDS = ("body", "seen")
#: The values an edit form as it opens holds, and no others.
EDIT_VALUES = frozenset(EDIT_FIELDS)


@functools.cache
def _edit_fields(language: str | None) -> list[str] | None:
    """An edit form's fields as it opens in ``language``, cut at the mark of the text it was
    opened on and at the text; None (so each view draws them) unless each is there once, in
    order: the mark as the hidden field's value, then the text in its box."""
    pieces = keptforms.cut(draw(EntryEditForm(initial={"body": TEXT, "seen": SEEN})), (SEEN, TEXT))
    if (
        pieces is None
        or not pieces[0].endswith('value="')
        or not pieces[1].startswith('"')
        or not pieces[1].endswith(">\n")
        or not pieces[2].startswith("</textarea>")
    ):
        return None
    return pieces


def _opened(form: forms.BaseForm) -> bool:
    """Whether ``form`` draws as the kept edit fields do: an edit form as it opens (not sent),
    holding a text and the mark of it, drawn as kept (``keptforms.fresh``), with its own two
    fields."""
    seen, text = form.initial.get("seen"), form.initial.get("body")
    return (
        type(form) is EntryEditForm
        and keptforms.fresh(form, EDIT_VALUES)
        and isinstance(seen, str)
        and seen != ""  # an empty one draws no value at all
        and isinstance(text, str)
        and tuple(form.fields) == EDIT_FIELDS
    )


@register.simple_tag(takes_context=True)
def edit_fields(context: template.Context) -> SafeString:
    """``{% form_fields %}`` of the edit page: from the kept pieces with her text and its mark
    when the form is as it opens, drawn field by field otherwise (sent back, or in conflict)."""
    form = context["form"]
    kept = _edit_fields(get_language()) if _opened(form) else None
    if kept is None:
        return mark_safe(draw(form))  # noqa: S308 - each part escaped by draw
    values = (form.initial["seen"], form.initial["body"])
    return mark_safe(keptforms.join(kept, values))  # noqa: S308 - values escaped by join


@register.simple_tag(takes_context=True)
def write_body(context: template.Context) -> SafeString:
    """The write page's content block, as ``tests/web/reference/journal_write.html`` drew it."""
    fixed = _fixed(bool(context.get("gone")), get_language(), get_script_prefix(), url_map())
    values = {"csrf": csrf_input(context), "fields": fields(context["form"])}
    out = [fixed[0]]
    for name, text in zip(_NAMES, fixed[1:], strict=True):
        out += [values[name], text]
    return mark_safe("".join(out))  # noqa: S308 - fixed text drawn by the engine, values escaped


#: Each part this module keeps, for the warm-up's test.
KEPT: tuple[Callable[..., Any], ...] = (_fixed, _fields, _edit_fields)


def _warm(**_: object) -> None:
    """Sent in each language as a worker starts (``frame.warmup.worker_starting``): the fixed
    text, with and without the sentence on a gone entry, and a fresh form's fields."""
    language, prefix, urlconf = get_language(), get_script_prefix(), url_map()
    for gone in (False, True):
        _fixed(gone, language, prefix, urlconf)
    _fields(language)
    _edit_fields(language)


worker_starting.connect(_warm, dispatch_uid="interdepend-warm-write-page")
