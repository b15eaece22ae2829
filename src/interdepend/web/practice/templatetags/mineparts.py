"""*Your practitioners*' cards and record, drawn in Python.

Drawn through Django's template engine, a practitioner's card (its name and kind, the notes,
the form of five boxes and a password, two addresses) and each line of her record of what she
shared went through a node for every tag and value (issue 15's tenth pass,
``docs/performance.md``). Here each is written as a string, every value escaped as the template
escaped it, every word translated as it is drawn (nothing is kept between requests); our own
words go in as ``{% translate "..." %}`` put them, unescaped, since a quoted text is trusted
there: the same markup as the template it replaced, byte for byte
(``tests/web/test_practice_mine_page.py``, against ``tests/web/reference/practice/mine.html``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django import forms, template
from django.template import Context, Engine
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from interdepend.web.frame import dates
from interdepend.web.frame.templatetags import formfields
from interdepend.web.frame.templatetags.usertext import isolate

register = template.Library()


@register.simple_tag(takes_context=True)
def link_cards(context: Context, links: Sequence[tuple[Any, Any, str]]) -> SafeString:
    """A card for each ``(item, form, kind)`` of ``links`` (``practice.views._mine_page``):
    who the practitioner is, the notes on them, the form of what they may see and the way to
    stop."""
    if not links:
        return mark_safe("")
    first = str(links[0][0].link.public_id)
    consent = reverse("practice:consent", args=[first]).split(first, 1)
    end = reverse("practice:end", args=[first]).split(first, 1)
    csrf = formfields.csrf_input(context)
    return mark_safe(  # noqa: S308 - every value is escaped (_card)
        "".join(_card(context, item, form, kind, csrf, consent, end) for item, form, kind in links)
    )


def _card(
    context: Context,
    item: Any,
    form: Any,
    kind: str,
    csrf: str,
    consent: list[str],
    end: list[str],
) -> str:
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
    action = escape(f"{consent[0]}{public_id}{consent[1]}")
    stop = escape(f"{end[0]}{public_id}{end[1]}")
    return (
        f'\n<section class="card" aria-labelledby="link-{anchor}">\n'
        f'  <h2 id="link-{anchor}">{isolate(named)}</h2>\n'
        f'  <p class="hint">{escape(kind)}{where} ·\n    {since}</p>\n'
        f"  {notes}\n"
        f'  <form method="post" action="{action}" novalidate>{csrf}\n'
        f"    {_fields(context, form)}\n"
        '    <p class="actions"><button type="submit">'
        f"{gettext('Save what they may see')}</button></p>\n"
        "  </form>\n"
        f'  <p><a href="{stop}">'
        f"{gettext('Stop working with this practitioner here')}</a></p>\n"
        "</section>\n"
    )


@register.simple_tag
def record_rows(history: Sequence[tuple[Any, str]]) -> SafeString:
    """The rows of her record: each ``(line, scope words)`` of ``history``, with whom, what,
    from when and until when ("now" while it counts)."""
    if not history:
        return mark_safe("")
    now = gettext("now")
    return mark_safe(  # noqa: S308 - every value is escaped
        "".join(
            f"\n  <tr><td>{isolate(line.who)}</td>\n"
            f"    <td>{escape(scope)}</td>\n"
            f"    <td>{_when(line.granted_at)}</td>\n"
            f"    <td>{_when(line.until) if line.until else now}</td></tr>\n  "
            for line, scope in history
        )
    )


def _when(value: Any) -> str:
    """``{{ value|date:"DATETIME_FORMAT" }}``, in her time zone."""
    return str(escape(dates.write(timezone.localtime(value), "DATETIME_FORMAT")))


def _fields(context: Context, form: Any) -> str:
    """What ``{% form_fields %}`` writes for ``form``."""
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
    scopes, password = form["scopes"], form["password"]
    box_id, box_name = escape(scopes.auto_id), escape(scopes.html_name)
    ticked = {str(value) for value in scopes.value() or ()}
    boxes = "".join(
        f'<div>\n    <label for="{box_id}_{n}"><input type="checkbox" name="{box_name}"'
        f' value="{escape(value)}" autocomplete="off" id="{box_id}_{n}"'
        f"{' checked' if str(value) in ticked else ''}>\n {escape(label)}</label>\n\n</div>"
        for n, (value, label) in enumerate(scopes.field.choices)
    )
    word_id = escape(password.auto_id)
    return (
        '\n\n\n<div class="field">\n  '
        f"<fieldset><legend>{escape(scopes.label)}</legend>"
        f'<div id="{box_id}">{boxes}\n</div></fieldset>\n  \n  '
        f'<p class="help" id="{box_id}_helptext">{escape(scopes.help_text)}</p>\n</div>\n'
        '\n<div class="field">\n  '
        f'<label for="{word_id}">{escape(password.label)}</label>'
        f'<input type="password" name="{escape(password.html_name)}"'
        f' autocomplete="current-password" aria-describedby="{word_id}_helptext"'
        f' id="{word_id}">\n  \n  '
        f'<p class="help" id="{word_id}_helptext">{escape(password.help_text)}</p>\n</div>\n\n'
    )


@register.simple_tag(takes_context=True)
def code_box(context: Context, form: Any) -> SafeString:
    """``{% form_fields code_form %}`` for the box a practitioner's code is typed into: written
    straight (:func:`code_fields`) as the page first shows it, the usual way once sent back."""
    return mark_safe(_code_box(context, form))  # noqa: S308 - escaped in each way drawn


def _code_box(context: Context, form: Any) -> str:
    return _drawn(context, form, code_fields)


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
