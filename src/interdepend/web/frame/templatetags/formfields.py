"""``{% form_fields %}``: a form's fields, errors and hints, drawn in Python.

Every form of ours is laid out by one small template, ``includes/form_fields.html``: the
form's own errors, its hidden fields, then each visible field in a ``div`` with its label, hint
and errors. Through the template engine that costs about 0.1 ms a field in loops, conditions and
lookups, and a page with two short forms spent more on their layout than the server setup costs
on its own. The tag draws the same HTML with the same rules (each value shown as ``{{ }}``
shows it: localised and escaped); ``includes/form_fields.html`` stays the reference, and with
``DRAW_IN_PYTHON`` off the tag draws through it. ``tests/web/test_formrender.py`` holds every
page of the access policy, and every form sent empty, equal byte for byte to the template.

    {% form_fields %}             the context's ``form``
    {% form_fields email_form %}  another form of the page
"""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.template import Context, Engine
from django.template.base import FilterExpression, Node, Parser, Token
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from interdepend.web.frame.formrender import shown

register = template.Library()

REFERENCE = "includes/form_fields.html"

#: Off, the tag draws through the reference template (the test compares the two).
DRAW_IN_PYTHON = True


def csrf_input(context: Context) -> str:
    """What ``{% csrf_token %}`` writes, for a part drawn in Python: the token's hidden field,
    escaped as Django escapes it, or nothing where there is no token."""
    token = context.get("csrf_token")
    if not token or token == "NOTPROVIDED":
        return ""
    return f'<input type="hidden" name="csrfmiddlewaretoken" value="{conditional_escape(token)}">'


def said_errors(errors: Any, error_id: str = "") -> str:
    """Errors as every page of ours shows them, in a ``div`` read out when it appears (with
    ``error_id`` as its id when given): one error as a sentence, several as a list (the phone
    walk of 2026-12-05 saw one sentence drawn with a bullet, as if more were to come)."""
    errors = list(errors)
    named = f' id="{shown(error_id)}"' if error_id else ""
    if len(errors) == 1:
        return f'<div role="alert"{named}><p class="errorlist">{shown(errors[0])}</p></div>'
    items = "".join(f"<li>{shown(error)}</li>" for error in errors)
    return f'<div role="alert"{named}><ul class="errorlist">{items}</ul></div>'


def _error_list(errors: Any, auto_id: str = "") -> str:
    """The errors, with the id Django's widgets name in ``aria-describedby`` when a field's."""
    return said_errors(errors, f"{auto_id}_error" if auto_id else "")


@register.simple_tag
def error_list(errors: Any, error_id: str = "") -> str:
    """``{% error_list field.errors field.auto_id|add:"_error" %}``: :func:`said_errors`, for
    the pages that draw a field by hand."""
    return mark_safe(said_errors(errors, error_id))  # noqa: S308 (each part escaped by shown)


def draw(form: forms.BaseForm) -> str:
    """``includes/form_fields.html`` for ``form``, the same HTML."""
    out = []
    non_field = form.non_field_errors()
    if non_field:
        out.append(_error_list(non_field))
    out.append("\n")
    for field in form.hidden_fields():
        out.append(shown(field))
        if field.errors:
            words = shown(
                gettext(
                    "Part of this form was out of date or missing. Please check it and send it "
                    "again."
                )
            )
            out.append(f'<p class="errorlist" role="alert">{words}</p>')
    out.append("\n")
    for field in form.visible_fields():
        checkbox = field.widget_type == "checkbox"
        out.append(f'\n<div class="field{" checkbox" if checkbox else ""}">\n  ')
        if checkbox:
            out.append(f"{shown(field)} {shown(field.label_tag())}")
        elif field.use_fieldset:  # several inputs: one name for the group (the keyboard audit)
            out.append(f"<fieldset>{shown(field.legend_tag())}{shown(field)}</fieldset>")
        else:
            out.append(f"{shown(field.label_tag())}{shown(field)}")
        out.append("\n  ")
        # The error right under its box, then the hint (the phone walk of 2026-12-05).
        if field.errors:
            out.append(_error_list(field.errors, field.auto_id))
        out.append("\n  ")
        if field.help_text:
            out.append(
                f'<p class="help" id="{shown(field.auto_id)}_helptext">{shown(field.help_text)}</p>'
            )
        out.append("\n</div>\n")
    out.append("\n")
    return "".join(out)


class FormFieldsNode(Node):
    def __init__(self, form: FilterExpression | None) -> None:
        self.form = form

    def render(self, context: Context) -> str:
        form = self.form.resolve(context) if self.form is not None else context.get("form")
        if DRAW_IN_PYTHON and form is not None:
            return draw(form)
        engine = context.template.engine if context.template else Engine.get_default()
        with context.push(form=form):
            return str(engine.get_template(REFERENCE).render(context))


@register.tag("form_fields")
def form_fields(parser: Parser, token: Token) -> FormFieldsNode:
    bits = token.split_contents()
    if len(bits) > 2:
        raise template.TemplateSyntaxError("form_fields takes at most one form")
    return FormFieldsNode(parser.compile_filter(bits[1]) if len(bits) == 2 else None)
