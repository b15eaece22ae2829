"""*Your practitioners* below its title, drawn in Python (``{% mine_body %}``).

Drawn through Django's template engine, a practitioner's card (its name and kind, the notes,
the form of five boxes and a password, two addresses) and each line of her record of what she
shared went through a node for every tag and value (issue 15's tenth pass,
``docs/performance-passes.md``). Here each is written as a string, every value escaped as the
template
escaped it, every word of hers as it is drawn; our own words go in as ``{% translate "..." %}``
put them, unescaped, since a quoted text is trusted there.

The page's fixed text (its headings and paragraphs, the code box's frame, the record's head,
the words and addresses of a card) is the same for everyone in a language:
``practice/_mine_body.html`` holds it in sections (``{# section:name #}``: the page, and each
part the old template drew under an ``{% if %}``), with a marker (``{# part:name #}``) where each
value goes. The text between the markers is drawn by Django's own engine once per language and
map of addresses as a worker starts (:func:`_warm`), never on first use (issue 15's seventeenth
pass). Nothing of a person is kept: her cards, ticks, code and record are written on each view.
The page is the one the old template drew, byte for byte (``tests/web/test_practice_mine_page.py``,
against ``tests/web/reference/practice/mine.html``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from django import forms, template
from django.template import Context, Engine
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from interdepend.web.frame import dates, sections
from interdepend.web.frame.addresses import around, url_map
from interdepend.web.frame.publicid import PUBLIC_ID_PATTERN
from interdepend.web.frame.templatetags import formfields
from interdepend.web.frame.templatetags.usertext import isolate
from interdepend.web.frame.warmup import worker_starting
from interdepend.web.practice.forms import ClientCodeForm, ConsentForm, UnsentCode, UnsentConsent

register = template.Library()

_SOURCE = Path(__file__).resolve().parent.parent / "templates" / "practice" / "_mine_body.html"
_SHAPE = re.compile(PUBLIC_ID_PATTERN)

#: The card's two addresses, each around one link's id.
CARD_ADDRESSES = ("practice:consent", "practice:end")


_SOURCES = sections.read(_SOURCE)


@functools.cache
def _fixed(language: str | None, prefix: str, urlconf: str) -> dict[str, tuple[str, ...]]:
    """Each section's fixed text between its markers, drawn by the engine in the language and
    map of addresses of now (the arguments are the key), and the card's addresses' parts
    before and after a link's id."""
    fixed = sections.draw(_SOURCES)
    for name in CARD_ADDRESSES:
        parts = around(name)
        if parts is None:  # each holds one link's id: a changed map says so as a worker starts
            raise ValueError(f"{name} does not hold one link's id")
        fixed[name] = parts
    return fixed


def _now() -> dict[str, tuple[str, ...]]:
    return _fixed(get_language(), get_script_prefix(), url_map())


def _joined(fixed: sections.Drawn, name: str, values: dict[str, str]) -> str:
    """The section ``name`` with each marker's value in its place."""
    return sections.joined(_SOURCES, fixed, name, values)


@register.simple_tag(takes_context=True)
def mine_body(context: Context) -> SafeString:
    """The page's content block, from its context (``practice.views._mine_page``)."""
    fixed = _now()
    links, history = context["links"], context["history"]
    csrf = formfields.csrf_input(context)
    values = {
        "notes": fixed["notes"][0] if links else "",
        "cards": _cards(context, fixed, links, csrf) if links else fixed["none"][0],
        "csrf": csrf,
        "code": _code_box(context, context["code_form"]),
        "record": _joined(fixed, "record", {"rows": _rows(fixed, history)}) if history else "",
    }
    return mark_safe(_joined(fixed, "body", values))  # noqa: S308 - every value is escaped


def _cards(
    context: Context,
    fixed: dict[str, tuple[str, ...]],
    links: Sequence[tuple[Any, Any, str]],
    csrf: str,
) -> str:
    """A card for each ``(item, form, kind)`` of ``links``."""
    consent, end = fixed["practice:consent"], fixed["practice:end"]
    labels = (fixed["save"][0], fixed["stop"][0])
    return "".join(
        _card(context, item, form, kind, csrf, consent, end, labels) for item, form, kind in links
    )


def _card(
    context: Context,
    item: Any,
    form: Any,
    kind: str,
    csrf: str,
    consent: tuple[str, ...],
    end: tuple[str, ...],
    labels: tuple[str, str],
) -> str:
    """One practitioner's card: who they are, the notes on them, the form of what they may see
    and the way to stop."""
    link = item.link
    public_id = str(link.public_id)
    anchor = escape(public_id)
    practitioner = link.practitioner
    named = practitioner.named if practitioner is not None else ""
    practice_name = practitioner.practice_name if practitioner is not None else ""
    where = f" · {isolate(practice_name)}" if practice_name else ""
    since = gettext("connected since %(since)s") % {
        "since": escape(dates.write(timezone.localtime(link.started_at), "DATE_FORMAT"))
    }
    notes = ""
    if item.renamed_from:
        then = gettext("When you connected, this practitioner was called %(then)s.") % {
            "then": isolate(item.renamed_from)
        }
        notes += f'<p class="notice" role="note" data-note="renamed">{then}</p>'
    notes += "\n  "
    if item.partner_account:
        words = gettext(
            "This is also your partner's account. Ending the partnership ends this connection too."
        )
        notes += f'<p class="notice" role="note" data-note="partner-account">{words}</p>'
    notes += "\n  "
    if item.ex_account:
        words = gettext("This is the account of someone you were linked with as partners before.")
        notes += f'<p class="notice" role="note" data-note="ex-account">{words}</p>'
    action = escape(_address("practice:consent", consent, public_id))
    stop = escape(_address("practice:end", end, public_id))
    return (
        f'\n<section class="card" aria-labelledby="link-{anchor}">\n'
        f'  <h2 id="link-{anchor}">{isolate(named)}</h2>\n'
        f'  <p class="hint">{escape(kind)}{where} ·\n    {since}</p>\n'
        f"  {notes}\n"
        f'  <form method="post" action="{action}" novalidate>{csrf}\n'
        f"    {_fields(context, form)}\n"
        f'    <p class="actions"><button type="submit">{labels[0]}</button></p>\n'
        "  </form>\n"
        f'  <p><a href="{stop}">{labels[1]}</a></p>\n'
        "</section>\n"
    )


def _address(name: str, parts: tuple[str, ...], public_id: str) -> str:
    """``{% url name public_id %}``: the kept parts around a link's id, or ``reverse`` for an
    id of another shape."""
    if not _SHAPE.fullmatch(public_id):
        return reverse(name, args=[public_id])
    return f"{parts[0]}{public_id}{parts[1]}"


def _rows(fixed: dict[str, tuple[str, ...]], history: Sequence[tuple[Any, str]]) -> str:
    """The rows of her record: each ``(line, scope words)`` of ``history``, with whom, what,
    from when and until when ("now" while it counts)."""
    now = fixed["now"][0]
    return "".join(
        f"\n  <tr><td>{isolate(line.who)}</td>\n"
        f"    <td>{escape(scope)}</td>\n"
        f"    <td>{_when(line.granted_at)}</td>\n"
        f"    <td>{_when(line.until) if line.until else now}</td></tr>\n  "
        for line, scope in history
    )


def _when(value: Any) -> str:
    """``{{ value|date:"DATETIME_FORMAT" }}``, in her time zone."""
    return str(escape(dates.write(timezone.localtime(value), "DATETIME_FORMAT")))


def _fields(context: Context, form: Any) -> str:
    """What ``{% form_fields %}`` writes for ``form``: a card not sent back
    (:class:`~interdepend.web.practice.forms.UnsentConsent`) is written from its prefix and
    ticks, with no form made."""
    if isinstance(form, UnsentConsent):
        if formfields.DRAW_IN_PYTHON:
            return unsent_fields(form.prefix, form.ticked)
        form = form.form()
    return _drawn(context, form, consent_fields)


def _drawn(context: Context, form: Any, straight: Callable[[Any], str | None]) -> str:
    """``{% form_fields %}`` for ``form``: written by ``straight`` where it knows the form's
    shape (None where not), else drawn by ``formfields`` or, with Python drawing off, by the
    reference template."""
    if formfields.DRAW_IN_PYTHON:
        drawn = straight(form)
        return formfields.draw(form) if drawn is None else drawn
    engine = context.template.engine if context.template else Engine.get_default()
    with context.push(form=form):
        return str(engine.get_template(formfields.REFERENCE).render(context))


def consent_fields(form: Any) -> str | None:
    """What :func:`formfields.draw` writes for a card's form as the page first shows it (not
    sent back, so without errors): the boxes of what the practitioner may see, ticked as she
    chose, and the password. Django built each box's widget context (attributes copied, each
    option's dictionary, its label looked up) and drew the group through its renderer, about
    0.2 ms a card (issue 15's thirteenth pass); here the same markup is written straight, every
    value escaped as the renderer escapes it, every word translated as it is drawn (nothing is
    kept). None for any other form, which is drawn the usual way.
    ``tests/web/test_practice_mine_page.py`` holds the two equal, byte for byte."""
    if form.is_bound or list(form.fields) != ["scopes", "password"]:
        return None
    if not isinstance(form, ConsentForm) or form.auto_id != "id_%s":
        return None
    return unsent_fields(form.prefix, form["scopes"].value())


#: The card's two fields as the form's class declares them (each form drew copies of these).
_SCOPES: Any = ConsentForm.base_fields["scopes"]
_PASSWORD = ConsentForm.base_fields["password"]


@functools.cache
def _box_words(language: str | None) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]]:
    """The card's fixed words in ``language`` (the key), escaped as the renderer escaped them:
    each box's value and label, then the boxes' legend and help and the password's label and
    help. The same for everyone; made for each language as a worker starts (:func:`_warm`)."""
    boxes = tuple((escape(value), escape(label)) for value, label in _SCOPES.choices)
    texts = (_SCOPES.label, _SCOPES.help_text, _PASSWORD.label, _PASSWORD.help_text)
    return boxes, tuple(escape(text) for text in texts)


def unsent_fields(prefix: str | None, ticked: Sequence[object] | None) -> str:
    """What :func:`formfields.draw` writes for a :class:`ConsentForm` with ``prefix``, not
    sent back, with the boxes of ``ticked`` ticked: no form is made, and the words are the
    language's kept ones (:func:`_box_words`); her prefix and ticks are written on each view
    (issue 15's seventeenth pass)."""
    boxes, (legend, box_help, word_label, word_help) = _box_words(get_language())
    box_name = f"{prefix}-scopes" if prefix else "scopes"
    word_name = f"{prefix}-password" if prefix else "password"
    box_id, word_id = escape(f"id_{box_name}"), escape(f"id_{word_name}")
    box_name = escape(box_name)
    chosen = {escape(str(value)) for value in ticked or ()}
    written = "".join(
        f'<div>\n    <label for="{box_id}_{n}"><input type="checkbox" name="{box_name}"'
        f' value="{value}" autocomplete="off" id="{box_id}_{n}"'
        f"{' checked' if value in chosen else ''}>\n {label}</label>\n\n</div>"
        for n, (value, label) in enumerate(boxes)
    )
    return (
        '\n\n\n<div class="field">\n  '
        f"<fieldset><legend>{legend}</legend>"
        f'<div id="{box_id}">{written}\n</div></fieldset>\n  \n  '
        f'<p class="help" id="{box_id}_helptext">{box_help}</p>\n</div>\n'
        '\n<div class="field">\n  '
        f'<label for="{word_id}">{word_label}</label>'
        f'<input type="password" name="{escape(word_name)}"'
        f' autocomplete="current-password" aria-describedby="{word_id}_helptext"'
        f' id="{word_id}">\n  \n  '
        f'<p class="help" id="{word_id}_helptext">{word_help}</p>\n</div>\n\n'
    )


def _code_box(context: Context, form: Any) -> str:
    """The code's box: a form not sent back (:class:`~interdepend.web.practice.forms.UnsentCode`)
    is written from what she typed back, with no form made."""
    if isinstance(form, UnsentCode):
        if formfields.DRAW_IN_PYTHON:
            return unsent_code(form.typed)
        form = form.form()
    return _drawn(context, form, code_fields)


@functools.cache
def _code_words(language: str | None) -> tuple[str, str]:
    """The code box's label and help in ``language`` (the key), as :class:`ClientCodeForm`
    sets them, escaped as the renderer escaped them. The same for everyone; made for each
    language as a worker starts (:func:`_warm`)."""
    field = ClientCodeForm().fields["code"]
    return escape(field.label), escape(field.help_text)


def unsent_code(typed: str | None) -> str:
    """What :func:`code_fields` writes for a :class:`ClientCodeForm` without a prefix, not sent
    back, with ``typed`` (the code she typed back, or None) in its box: no form is made, and
    the words are the language's kept ones (:func:`_code_words`); what she typed is written on
    each view (issue 15's seventeenth pass)."""
    label, hint = _code_words(get_language())
    given = f' value="{escape(typed)}"' if typed else ""
    return (
        '\n\n\n<div class="field">\n  '
        f'<label for="id_code">{label}</label>'
        f'<input type="text" name="code"{given} autocomplete="off"'
        ' spellcheck="false" autocapitalize="characters" required'
        ' aria-describedby="id_code_helptext" id="id_code">\n  \n  '
        f'<p class="help" id="id_code_helptext">{hint}</p>\n</div>\n\n'
    )


def code_fields(form: Any) -> str | None:
    """What :func:`formfields.draw` writes for the code's form as the page first shows it (not
    sent back, so without errors): its label, its box (with the code she typed on the confirm
    page if she came Back from it, ``accounts.refill``) and its hint. Django built the box's
    widget context and drew it through its renderer, about 0.1 ms a view (issue 15's fourteenth
    pass); here the same markup is written straight, every value escaped as the renderer
    escapes it, every word translated as it is drawn (nothing is kept). None for any other
    form, which is drawn the usual way. ``tests/web/test_practice_mine_page.py`` holds the two
    equal, byte for byte."""
    if form.is_bound or list(form.fields) != ["code"] or not form.use_required_attribute:
        return None
    code = form["code"]
    field, widget = code.field, code.field.widget
    if (
        type(widget) is not forms.TextInput
        or widget.attrs != _CODE_ATTRS
        or not field.required
        or field.disabled
        or field.localize
        or not code.auto_id
        or not code.help_text
    ):
        return None
    value = code.value()
    if value is not None and not isinstance(value, str):
        return None
    given = f' value="{escape(value)}"' if value else ""
    code_id = escape(code.auto_id)
    return (
        '\n\n\n<div class="field">\n  '
        f'<label for="{code_id}">{escape(code.label)}</label>'
        f'<input type="text" name="{escape(code.html_name)}"{given} autocomplete="off"'
        ' spellcheck="false" autocapitalize="characters" required'
        f' aria-describedby="{code_id}_helptext" id="{code_id}">\n  \n  '
        f'<p class="help" id="{code_id}_helptext">{escape(code.help_text)}</p>\n</div>\n\n'
    )


#: The attributes the code's box is declared with (``partners.forms.CodeForm``).
_CODE_ATTRS = {"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}


#: Each part this module keeps, for the warm-up's test.
KEPT: tuple[Callable[..., Any], ...] = (_fixed, _box_words, _code_words)


def _warm(**_: object) -> None:
    """Sent in each language as a worker starts (``frame.warmup.worker_starting``): the page's
    fixed text, its cards' addresses, its cards' boxes' words and its code box's words, so that
    no first view draws them."""
    _fixed(get_language(), get_script_prefix(), url_map())
    _box_words(get_language())
    _code_words(get_language())


worker_starting.connect(_warm, dispatch_uid="interdepend-warm-practitioners-page")
