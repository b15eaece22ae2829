"""The account page's three lists of choices, drawn in Python.

The account page draws three small lists (the home screen's name and icon, the quick exit's
keys, the kinds of notification) through ``{% for choice in field %}``: for each choice Django
made a bound widget, drew its box through the form renderer and looked its id and label up
through the template, about 0.1 ms a list (issue 15's thirteenth pass, docs/performance-passes.md).
Here each list is written as a string from the same options Django's
widget makes (its own ``subwidgets``, so every attribute — ``required``, ``aria-invalid``,
``checked``, the ids — is Django's), every value escaped as the template escaped it: the same
markup as the loop it replaced, byte for byte (``tests/web/test_choice_items.py``, against
``tests/web/reference/accounts/settings.html``). Nothing is kept between requests.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping
from typing import Any

from django import template
from django.conf import settings
from django.forms import BoundField
from django.templatetags.static import static
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from interdepend.web.frame.formrender import input_tag, shown
from interdepend.web.frame.warmup import worker_starting

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
    """``{{ choice.tag }}``: the option's box alone, as the form's renderer draws it."""
    written = _written_box(option)
    return _drawn_box(bound, option) if written is None else written


#: The boxes :func:`_written_box` writes: ``frame.formrender`` draws each as ``<input>`` alone.
_BOXES = frozenset(
    f"django/forms/widgets/{kind}_option.html" for kind in ("radio", "checkbox", "input")
)


def _written_box(option: Mapping[str, Any]) -> str | None:
    """A radio button's or a check box's ``<input>``, as ``frame.formrender`` draws the
    option's template (the form's renderer, with its label left out), written by the frame's
    own :func:`~interdepend.web.frame.formrender.input_tag` at once. Every option of the account
    page's lists is plain texts and ``True``; anything else (a number, a safe or lazy text, an
    attribute of another kind, another template) is drawn by :func:`_drawn_box`, as before.
    Each box went through the widget, the renderer and three of its functions, about 10 µs a
    box, eight a view (issue 15's twenty-third pass)."""
    if (
        type(option.get("type")) is not str
        or type(option.get("name")) is not str
        or type(option.get("value")) is not str
        or option.get("template_name") not in _BOXES
    ):
        return None
    for key, given in (option.get("attrs") or {}).items():
        if type(key) is not str or not (given is True or given is False or type(given) is str):
            return None
    return input_tag(option)


def _drawn_box(bound: BoundField, option: Mapping[str, Any]) -> str:
    """``{{ choice.tag }}``: the option's box alone, through the form's renderer."""
    widget = bound.field.widget
    data = {"widget": {**option, "wrap_label": False}}
    name = option.get("template_name", widget.template_name)
    return str(widget._render(name, data, bound.form.renderer))


@register.simple_tag
def choice_items(bound: BoundField) -> SafeString:
    """Each choice of ``bound`` as a label around its box and its words."""
    return mark_safe(  # noqa: S308 - every value is escaped (shown) or Django's own markup
        "".join(choice_item(bound, option) for option in _options(bound))
    )


def choice_item(bound: BoundField, option: Mapping[str, Any]) -> str:
    """One choice of :func:`choice_items`: a label around its box and its words."""
    return (
        f'\n        <label class="choice" for="{shown(option["attrs"].get("id"))}">'
        f"{_box(bound, option)} {shown(option['label'])}</label>\n      "
    )


@register.simple_tag
def look_items(bound: BoundField) -> SafeString:
    """The home screen's choices, each with its icon between its box and its words."""
    return mark_safe(  # noqa: S308 - every value is escaped (shown) or Django's own markup
        "".join(look_item(bound, option) for option in _options(bound))
    )


def look_item(bound: BoundField, option: Mapping[str, Any]) -> str:
    """One choice of :func:`look_items`: its box, its icon and its words in a label."""
    return (
        f'\n        <label class="choice" for="{shown(option["attrs"].get("id"))}">'
        f"{_box(bound, option)}\n"
        f'          <img class="look-icon" src="{shown(_icon(option["value"]))}" alt=""'
        f' width="32" height="32">\n'
        f"          {shown(option['label'])}</label>\n      "
    )


#: A list of choices kept as a plain view draws it: each option's value (as ``str``), its
#: markup unticked and its markup ticked (:func:`kept_list`, :func:`kept_items`).
KeptList = tuple[tuple[str, str, str], ...]


def kept_list(
    bound_of: Callable[[Any], BoundField],
    item: Callable[[BoundField, Mapping[str, Any]], str],
    *,
    multiple: bool,
) -> KeptList | None:
    """A list of choices of a form not sent back, kept so that a view puts in which are ticked
    (:func:`kept_items`) instead of making the form: ``bound_of(value)`` is the field of a new
    form whose initial value is ``value``, ``item`` draws one option (:func:`choice_item`,
    :func:`look_item`). Each option is drawn from Django's own options, with nothing chosen and
    with itself chosen, so its attributes (``required``, ``checked``, the ids) are Django's.
    None, and nothing kept, if an option's markup does not turn on its being chosen alone."""
    plain = bound_of([] if multiple else None)
    unticked = list(_options(plain))
    kept = []
    for index, option in enumerate(unticked):
        value = option["value"]
        bound = bound_of([value] if multiple else value)
        ticked = list(_options(bound))
        chosen = [n for n, each in enumerate(ticked) if each["selected"]]
        if option["selected"] or chosen != [index] or len(ticked) != len(unticked):
            return None
        kept.append((str(value), item(plain, option), item(bound, ticked[index])))
    return tuple(kept)


def kept_items(kept: KeptList, chosen: Collection[str], *, multiple: bool) -> str:
    """The list :func:`kept_list` kept, with each option whose value is among ``chosen`` (the
    widget's ``format_value`` of the field's value) ticked: the first only, unless ``multiple``,
    as Django's ``ChoiceWidget.optgroups`` ticks them."""
    out = []
    ticked = False
    for value, plain, marked in kept:
        tick = (multiple or not ticked) and value in chosen
        ticked |= tick
        out.append(marked if tick else plain)
    return "".join(out)


def _icon(value: object) -> str:
    """``{% static %}`` of the choice's icon (the tag escapes the address it writes)."""
    return static_address(ICONS.get(str(value), APP_ICON))


#: The account pages' own files: the icons of the home screen's choices and the scripts of
#: the account and two-step pages. Each address is the same for everyone, and asking the
#: static files' manifest for one took 25-60 µs a file on every view of the account page
#: (issue 15's fourteenth pass), so each is made once as a worker starts (:func:`_warm`).
STATIC_FILES = (*ICONS.values(), APP_ICON, "js/push.js", "js/timezone.js", "js/passkey.js")
_addresses: dict[str, str] = {}


def static_address(path: str) -> str:
    """``static(path)``: the address made as the worker started, or made now (and not kept) for
    a file not in :data:`STATIC_FILES` or a worker not warmed. Nothing is kept on first use:
    a first view made slower by it would tell whether someone had opened the page before."""
    kept = _addresses.get(path)
    return static(path) if kept is None else kept


@register.simple_tag
def static_file(path: str) -> str:
    """``{% static path %}`` from :func:`static_address` (escaped as the tag escapes it)."""
    return static_address(path)


def _warm(**_kwargs: object) -> None:
    """Sent as a worker starts (``frame.warmup.worker_starting``): every address of
    :data:`STATIC_FILES`. An address is the same in every language; a relative ``STATIC_URL``
    takes the request's script prefix, so those are not kept, nor a file the static files'
    manifest does not hold yet (a page asking for it fails as it did)."""
    if settings.STATIC_URL and not settings.STATIC_URL.startswith(("/", "http://", "https://")):
        return
    for path in STATIC_FILES:
        try:
            _addresses[path] = static(path)
        except ValueError:  # not collected (no manifest entry): asked on each use, as before
            continue


worker_starting.connect(_warm, dispatch_uid="interdepend-warm-account-addresses")


@register.simple_tag(takes_context=True)
def language_shown(context: template.Context) -> SafeString:
    """The language she reads the pages in, named in itself, as the account page's loop over
    ``language_choices`` wrote it beside *Language*."""
    current = translation.get_language()
    return mark_safe(  # noqa: S308 - the code and the name are escaped
        "".join(
            f' <span class="hint">(<span lang="{escape(code)}">{escape(name)}</span>)</span>'
            for code, name in context.get("language_choices") or ()
            if code == current
        )
    )
