"""The account page's three lists of choices, drawn in Python.

The account page draws three small lists (the home screen's name and icon, the quick exit's
keys, the kinds of notification) through ``{% for choice in field %}``: for each choice Django
made a bound widget, drew its box through the form renderer and looked its id and label up
through the template, about 0.1 ms a list (issue 15's thirteenth pass, docs/performance.md).
Here each list is written as a string from the same options Django's
widget makes (its own ``subwidgets``, so every attribute — ``required``, ``aria-invalid``,
``checked``, the ids — is Django's), every value escaped as the template escaped it: the same
markup as the loop it replaced, byte for byte (``tests/web/test_choice_items.py``, against
``tests/web/reference/accounts/settings.html``). Nothing is kept between requests.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from django import template
from django.forms import BoundField
from django.templatetags.static import static
from django.utils.safestring import SafeString, mark_safe

from interdepend.web.frame.formrender import shown

register = template.Library()

#: The icon shown beside each name on the home screen's list, by the choice's value; any other
#: value shows the app's own icon, as the template's ``{% if %}`` did.
ICONS = {"neutral": "icons/neutral.svg"}
APP_ICON = "icons/interdepend.svg"


def _options(bound: BoundField) -> Iterator[Mapping[str, Any]]:
    """The options ``{% for choice in bound %}`` went through (``BoundField.subwidgets``),
    without a bound widget made for each."""
    widget = bound.field.widget
    id_ = widget.attrs.get("id") or bound.auto_id
    attrs = bound.build_widget_attrs({"id": id_} if id_ else {})
    return iter(widget.subwidgets(bound.html_name, bound.value(), attrs=attrs))


def _box(bound: BoundField, option: Mapping[str, Any]) -> str:
    """``{{ choice.tag }}``: the option's box alone, through the form's renderer."""
    widget = bound.field.widget
    data = {"widget": {**option, "wrap_label": False}}
    name = option.get("template_name", widget.template_name)
    return str(widget._render(name, data, bound.form.renderer))


@register.simple_tag
def choice_items(bound: BoundField) -> SafeString:
    """Each choice of ``bound`` as a label around its box and its words."""
    return mark_safe(  # noqa: S308 - every value is escaped (shown) or Django's own markup
        "".join(
            f'\n        <label class="choice" for="{shown(option["attrs"].get("id"))}">'
            f"{_box(bound, option)} {shown(option['label'])}</label>\n      "
            for option in _options(bound)
        )
    )


@register.simple_tag
def look_items(bound: BoundField) -> SafeString:
    """The home screen's choices, each with its icon between its box and its words."""
    return mark_safe(  # noqa: S308 - every value is escaped (shown) or Django's own markup
        "".join(
            f'\n        <label class="choice" for="{shown(option["attrs"].get("id"))}">'
            f"{_box(bound, option)}\n"
            f'          <img class="look-icon" src="{shown(_icon(option["value"]))}" alt=""'
            f' width="32" height="32">\n'
            f"          {shown(option['label'])}</label>\n      "
            for option in _options(bound)
        )
    )


def _icon(value: object) -> str:
    """``{% static %}`` of the choice's icon (the tag escapes the address it writes)."""
    return static(ICONS.get(str(value), APP_ICON))
