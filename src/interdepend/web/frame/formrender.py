"""Form fields drawn in Python: the same HTML as Django's templates, without the template engine.

Every text box, password box, date, number, hidden field, check box, text area, label, select,
radio list and check box list of a form is drawn by Django through small templates
(``django/forms/widgets/input.html`` and the ``attrs.html`` it includes; an option of a select
or a list through two or three more), about 0.1 ms each: a page with a short form spent more on
its fields than the server setup costs on its own. These templates are fixed, so
:class:`FormRenderer` draws them with the same rules in plain Python (each value escaped exactly
as the template's ``{{ }}`` and ``stringformat`` escape it) and hands any other template (whole
forms, widgets we do not use) to Django's own renderer. ``tests/web/test_formrender.py`` holds
every page that shows a form equal, byte for byte, to the page Django's renderer draws.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.http import HttpRequest
from django.template.base import render_value_in_context
from django.template.context import Context
from django.utils.functional import Promise
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData, SafeString

from interdepend.web.frame.numbers import grouped

_WIDGETS = "django/forms/widgets/"


def escape_text(text: object) -> str:
    """Django's ``escape`` of ``text`` as a plain ``str`` (the same characters: Django's is
    ``html.escape`` of its text, marked safe), without its wrapper's look for a lazy text and
    the marking, about 1 µs a call. Only for what is joined into markup that is marked safe as
    a whole."""
    return html.escape(str(text))


def escaped(value: Any) -> str:
    """``conditional_escape(value)``. Most values a field draws are plain texts or texts marked
    safe: a plain text is escaped as Django's ``escape`` escapes it (``html.escape`` made a safe
    text) and a safe text is kept, without the two checks for lazy texts Django's wrappers make
    on every call, about a microsecond each (issue 15's seventeenth pass); anything else goes
    through ``conditional_escape``."""
    kind = type(value)
    if kind is str:
        return SafeString(html.escape(value))
    if kind is SafeString:
        return str(value)  # itself: a safe text's ``str`` is the safe text
    return conditional_escape(value)


def _format(value: Any) -> str:
    """``{{ value|stringformat:'s' }}``: kept as it is when already safe, escaped otherwise."""
    if type(value) is str:
        return SafeString(html.escape(value))
    text = "%s" % (str(value) if isinstance(value, tuple) else value)  # noqa: UP031 (the filter's own)
    return text if isinstance(value, SafeData) else escape(text)


def _attrs(attrs: Mapping[str, Any] | None) -> str:
    """``django/forms/widgets/attrs.html`` (and ``django/forms/attrs.html``, the same rules;
    no attributes at all, as the template's loop over nothing, draws nothing): ``False`` left
    out, ``True`` written as the name alone, anything else (``None`` too) as ``name="value"``.
    A plain text's name with ``True`` or a plain text (almost every attribute of every form)
    is written at once with ``html.escape``, what :func:`escaped` and :func:`_format` give it;
    anything else (a number, a safe or lazy text, a tuple, a name that is not a plain text)
    goes through them as before (issue 15's twenty-third pass)."""
    if not attrs:
        return ""
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        if type(name) is str:
            if value is True:
                out.append(f" {html.escape(name)}")
                continue
            if type(value) is str:
                out.append(f' {html.escape(name)}="{html.escape(value)}"')
                continue
        out.append(f" {escaped(name)}")
        if value is not True:
            out.append(f'="{_format(value)}"')
    return "".join(out)


#: What a template's ``{{ value }}`` reads of its context: autoescape on, the settings' own
#: localisation and time zone (``render_value_in_context`` is the function it calls).
SHOWN = Context(autoescape=True)


def shown(value: Any) -> str:
    """``{{ value }}``: localised as the template would (a number as the language writes it)
    and escaped. A plain or safe text is neither a moment nor a number, so it is only escaped
    (:func:`escaped`), as ``render_value_in_context`` would have; a lazy text (a label in her
    language) is neither either, and that function writes it as its text escaped."""
    kind = type(value)
    if kind is str or kind is SafeString:
        return escaped(value)
    if kind is int and not grouped():
        # A whole number (not a ``bool``) with no thousands grouped: Django's number format
        # writes its digits as they are, in every language (``numberformat.format``'s own
        # fast path), which escaping leaves; through the template's localising, about 10-30 µs
        # a count at load on every counted sentence (the promises page writes five; issue 15's
        # twenty-fourth pass, held by ``tests/web/test_formrender_plain.py``). Safe, as the
        # template's way hands it back.
        return SafeString(value)
    if isinstance(value, Promise):
        return escaped(str(value))
    return str(render_value_in_context(value, SHOWN))


def input_tag(widget: Mapping[str, Any]) -> str:
    """``django/forms/widgets/input.html`` without its closing new line. Its kind, name and
    value are plain texts on almost every field: each is escaped at once, as :func:`shown` and
    :func:`_format` escape a plain text; anything else goes through them."""
    kind, name, value = widget.get("type", ""), widget.get("name", ""), widget.get("value")
    kind = html.escape(kind) if type(kind) is str else shown(kind)
    name = html.escape(name) if type(name) is str else shown(name)
    if value is None:
        given = ""
    elif type(value) is str:
        given = f' value="{html.escape(value)}"'
    else:
        given = f' value="{_format(value)}"'
    return f'<input type="{kind}" name="{name}"{given}{_attrs(widget.get("attrs"))}>'


def _input(context: Mapping[str, Any]) -> str:
    return input_tag(context["widget"])


def _input_option(widget: Mapping[str, Any]) -> str:
    """``radio_option.html`` and ``checkbox_option.html`` (through ``input_option.html``), as
    an include draws them: with the new lines each of the three files ends with."""
    tag = input_tag(widget) + "\n"
    if not widget.get("wrap_label"):
        return tag + "\n\n"
    id_, label = (widget.get("attrs") or {}).get("id"), widget.get("label")
    if id_:
        opening = f'<label for="{html.escape(id_) if type(id_) is str else shown(id_)}">'
    else:
        opening = "<label>"
    label = html.escape(label) if type(label) is str else shown(label)
    return f"{opening}{tag} {label}</label>\n\n"


def _select_option(widget: Mapping[str, Any]) -> str:
    """``select_option.html`` as an include draws it (the file ends with a new line)."""
    value, label = widget.get("value"), widget.get("label")
    value = html.escape(value) if type(value) is str else _format(value)
    label = html.escape(label) if type(label) is str else shown(label)
    return f'<option value="{value}"{_attrs(widget.get("attrs"))}>{label}</option>\n'


def _option(widget: Mapping[str, Any]) -> str:
    template = widget.get("template_name", "")
    if template.endswith("select_option.html"):
        return _select_option(widget)
    return _input_option(widget)


def _grouped(optgroups: Any, opening: str, item: str, closing: str) -> str:
    """The options of a select or a list of inputs, group by group (``{}`` in ``opening``
    takes the group's name, in ``item`` the option)."""
    out = []
    for group, options, _index in optgroups:
        if group:
            out.append(opening.format(shown(group)))
        out.extend(item.format(_option(option)) for option in options)
        if group:
            out.append(closing)
    return "".join(out)


def _select(context: Mapping[str, Any]) -> str:
    widget = context["widget"]
    options = _grouped(
        widget.get("optgroups", ()), '\n  <optgroup label="{}">', "\n  {}", "\n  </optgroup>"
    )
    name = shown(widget.get("name", ""))
    return f'<select name="{name}"{_attrs(widget.get("attrs"))}>{options}\n</select>'


def _multiple_input(context: Mapping[str, Any]) -> str:
    """``radio.html`` and ``checkbox_select.html`` (through ``multiple_input.html``)."""
    widget = context["widget"]
    attrs = widget.get("attrs") or {}
    id_, kind = attrs.get("id"), attrs.get("class")
    opening = "<div"
    if id_:
        opening += f' id="{shown(id_)}"'
    if kind:
        opening += f' class="{shown(kind)}"'
    options = _grouped(
        widget.get("optgroups", ()),
        "\n  <div><label>{}</label>",
        "<div>\n    {}</div>",
        "\n  </div>",
    )
    return f"{opening}>{options}\n</div>"


def _one_option(context: Mapping[str, Any]) -> str:
    """An option drawn on its own (``{% for radio in form.field %}{{ radio }}``)."""
    return _option(context["widget"])


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
    f"{_WIDGETS}select.html": _select,
    f"{_WIDGETS}radio.html": _multiple_input,
    f"{_WIDGETS}checkbox_select.html": _multiple_input,
    f"{_WIDGETS}multiple_input.html": _multiple_input,
    f"{_WIDGETS}radio_option.html": _one_option,
    f"{_WIDGETS}checkbox_option.html": _one_option,
    f"{_WIDGETS}input_option.html": _one_option,
    f"{_WIDGETS}select_option.html": _one_option,
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
