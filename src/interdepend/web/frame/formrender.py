"""Form fields drawn in Python: the same HTML as Django's templates, without the template engine.

Every text box, password box, date, number, hidden field, check box, text area and label of a
form is drawn by Django through a small template (``django/forms/widgets/input.html`` and the
``attrs.html`` it includes), about 0.1 ms each: a page with a short form spent more on its
fields than the server setup costs on its own. These few templates are fixed, so
:class:`FormRenderer` draws them with the same rules in plain Python (each value escaped exactly
as the template's ``{{ }}`` and ``stringformat`` escape it) and hands every other template
(selects, radio lists, whole forms) to Django's own renderer. ``tests/web/test_formrender.py``
holds every page that shows a form equal, byte for byte, to the page Django's renderer draws.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.http import HttpRequest
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData

_WIDGETS = "django/forms/widgets/"


def _format(value: Any) -> str:
    """``{{ value|stringformat:'s' }}``: kept as it is when already safe, escaped otherwise."""
    text = "%s" % (str(value) if isinstance(value, tuple) else value)  # noqa: UP031 (the filter's own)
    return text if isinstance(value, SafeData) else escape(text)


def _attrs(attrs: Mapping[str, Any] | None) -> str:
    """``django/forms/widgets/attrs.html`` (and ``django/forms/attrs.html``, the same rules;
    no attributes at all, as the template's loop over nothing, draws nothing)."""
    out = []
    for name, value in (attrs or {}).items():
        if value is False:
            continue
        out.append(f" {conditional_escape(name)}")
        if value is not True:
            out.append(f'="{_format(value)}"')
    return "".join(out)


def _input(context: Mapping[str, Any]) -> str:
    widget = context["widget"]
    value = widget.get("value")
    shown = "" if value is None else f' value="{_format(value)}"'
    kind = conditional_escape(widget.get("type", ""))
    name = conditional_escape(widget.get("name", ""))
    return f'<input type="{kind}" name="{name}"{shown}{_attrs(widget.get("attrs"))}>'


def _textarea(context: Mapping[str, Any]) -> str:
    widget = context["widget"]
    value = widget.get("value")
    body = conditional_escape(value) if value else ""
    name = conditional_escape(widget.get("name", ""))
    return f'<textarea name="{name}"{_attrs(widget.get("attrs"))}>\n{body}</textarea>'


def _label(context: Mapping[str, Any]) -> str:
    label = conditional_escape(context.get("label", ""))
    if not context.get("use_tag"):
        return str(label)
    tag = conditional_escape(context.get("tag", ""))
    return f"<{tag}{_attrs(context.get('attrs'))}>{label}</{tag}>"


DRAWN: dict[str, Callable[[Mapping[str, Any]], str]] = {
    **{
        f"{_WIDGETS}{kind}.html": _input
        for kind in (
            "input",
            "text",
            "email",
            "password",
            "hidden",
            "date",
            "number",
            "url",
            "search",
            "tel",
            "checkbox",
        )
    },
    f"{_WIDGETS}textarea.html": _textarea,
    "django/forms/label.html": _label,
}


class FormRenderer(DjangoTemplates):
    """Django's renderer, with the fixed field templates above drawn in Python."""

    def render(
        self, template_name: str, context: dict[str, Any], request: HttpRequest | None = None
    ) -> str:
        draw = DRAWN.get(template_name)
        if draw is None:
            return str(super().render(template_name, context, request))
        return draw(context).strip()
