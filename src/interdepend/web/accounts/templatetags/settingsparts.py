"""The account page below its title, drawn in Python (``{% settings_body %}``).

The page's content block went through a template node for each of its thirty fixed sentences,
seventeen addresses, four token fields and a score of values on every view (issue 15's
fifteenth pass, ``docs/performance-passes.md``). Its fixed text is the same for everyone in a
language:
``accounts/_settings_body.html`` holds it with a marker (``{# part:name #}``) where each value
goes, and the text between the markers is drawn by Django's own engine once per language and map
of addresses as a worker starts (:func:`_warm`), never on first use. Each view puts the values in
place, each written as the old template wrote it (escaped, names through ``isolate``), the three
lists of choices by ``choiceitems``. Nothing of a person is kept. The page is the one the old
template drew, byte for byte (``tests/web/test_choice_items.py``, against
``tests/web/reference/accounts/settings.html``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django import forms, template
from django.core.signals import setting_changed
from django.forms import BoundField
from django.forms.widgets import ChoiceWidget
from django.template import engines
from django.urls import get_script_prefix
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, ngettext

from interdepend.web.accounts.forms import (
    HomeScreenForm,
    PlainChoices,
    PlainSelect,
    PushChoiceForm,
    QuickExitKeysForm,
    TimeZoneForm,
    select_options,
)
from interdepend.web.accounts.templatetags import choiceitems
from interdepend.web.frame.addresses import url_map
from interdepend.web.frame.formrender import shown
from interdepend.web.frame.templatetags.formfields import csrf_input, said_errors
from interdepend.web.frame.templatetags.usertext import isolate
from interdepend.web.frame.warmup import worker_starting

register = template.Library()

_TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "accounts"
_PART = re.compile(r"\{# part:(\w+) #\}")


def _split(name: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The template ``name``'s fixed sources between its markers, and the markers' names."""
    pieces = _PART.split((_TEMPLATES / name).read_text())
    return tuple(pieces[0::2]), tuple(pieces[1::2])


_BODY = _split("_settings_body.html")
_DEVICES = _split("_settings_devices.html")


@functools.cache
def _fixed(name: str, language: str | None, prefix: str, urlconf: str) -> tuple[str, ...]:
    """The fixed text of ``name`` between its markers, drawn by the engine in the language and
    map of addresses of now (the arguments are the key)."""
    sources = (_BODY if name == "body" else _DEVICES)[0]
    engine = engines["django"]
    return tuple(str(engine.from_string(source).render({})) for source in sources)


def _joined(name: str, values: dict[str, str]) -> str:
    """The fixed text of ``name`` with each marker's value in its place."""
    fixed = _fixed(name, get_language(), get_script_prefix(), url_map())
    names = (_BODY if name == "body" else _DEVICES)[1]
    out = [fixed[0]]
    for key, text in zip(names, fixed[1:], strict=True):
        out.append(values[key])
        out.append(text)
    return "".join(out)


def _errors(bound: Any) -> str:
    """``{% if f.errors %}{% error_list f.errors f.auto_id|add:"_error" %}{% endif %}``."""
    errors = bound.errors
    return said_errors(errors, bound.auto_id + "_error") if errors else ""


def _counted(devices: int) -> str:
    """``{% blocktranslate trimmed count n=push_devices %}``: the count as a template writes it."""
    return ngettext(
        "%(n)s device gets notifications from your account.",
        "%(n)s devices get notifications from your account.",
        devices,
    ) % {"n": conditional_escape(localize(devices))}


@register.simple_tag(takes_context=True)
def settings_body(context: template.Context) -> SafeString:
    """The account page's content block, from its context (``accounts.views._settings``)."""
    user = context["user"]
    csrf = csrf_input(context)
    devices = context["push_devices"]
    parts = _fresh_parts(context.get("settings_chosen"))
    values: dict[str, str] = {
        "name": isolate(user.display_name),
        "email": isolate(user.email),
        "language": choiceitems.language_shown(context),
        "zone_shown": shown(context["zone_shown"]),
        "csrf": csrf,
        **(_form_parts(context) if parts is None else parts),
        "push_key": shown(context["push_key"]),
        "push_here": "yes" if context["push_here"] else "no",
        "devices": _joined("devices", {"csrf": csrf, "counted": _counted(devices)})
        if devices
        else "",
        "push_js": shown(choiceitems.static_address("js/push.js")),
        "timezone_js": shown(choiceitems.static_address("js/timezone.js")),
    }
    return mark_safe(_joined("body", values))  # noqa: S308 - every value is escaped above


def _form_parts(context: template.Context | Mapping[str, Any]) -> dict[str, str]:
    """The four forms' parts of the page, drawn from the forms in ``context``."""
    look = context["home_screen_form"]["home_screen_look"]
    keys = context["exit_keys_form"]["quick_exit_keys"]
    zone = context["zone_form"]["time_zone"]
    push_form = context["push_form"]
    kinds, quiet_from, quiet_until = (
        push_form["kinds"],
        push_form["quiet_from"],
        push_form["quiet_until"],
    )
    quiet = quiet_from.errors or quiet_until.errors
    return {
        "look_label": shown(look.label),
        "look_items": choiceitems.look_items(look),
        "look_errors": _errors(look),
        "keys_label": shown(keys.label),
        "keys_items": choiceitems.choice_items(keys),
        "keys_errors": _errors(keys),
        "zone_for": shown(zone.id_for_label),
        "zone_label": shown(zone.label),
        "zone_widget": shown(zone),
        "zone_errors": _errors(zone),
        "kinds_label": shown(kinds.label),
        "kinds_items": choiceitems.choice_items(kinds),
        "kinds_errors": _errors(kinds),
        "from_for": shown(quiet_from.id_for_label),
        "from_label": shown(quiet_from.label),
        "from_widget": shown(quiet_from),
        "until_for": shown(quiet_until.id_for_label),
        "until_label": shown(quiet_until.label),
        "until_widget": shown(quiet_until),
        "quiet_errors": said_errors(list(quiet_from.errors) + list(quiet_until.errors))
        if quiet
        else "",
    }


@dataclass(frozen=True)
class _Fresh:
    """The four forms' parts as a view draws them when no form was sent back, in one language:
    each list of choices with a place for each tick (``choiceitems.kept_list``), whether it
    ticks several, and its widget; each select's opening tag, its fixed list of options
    (``forms.PlainChoices``) and its widget; the labels and ids. A widget is kept for its
    ``format_value``, which names the chosen options as Django's own drawing names them. The
    same for everyone, nothing of anyone. Made as a worker starts (:func:`_warm`), never on a
    view."""

    lists: dict[str, tuple[choiceitems.KeptList, bool, ChoiceWidget]]
    selects: dict[str, tuple[str, PlainChoices, PlainSelect]]
    words: dict[str, str]


#: :class:`_Fresh` by language, made as a worker starts; forgotten when a setting changes.
_FRESH: dict[str, _Fresh] = {}

#: Each list's part of the page and the field its choices are of.
_LISTS = {"look_items": "home_screen_look", "keys_items": "quick_exit_keys", "kinds_items": "kinds"}
#: Each select's part of the page and its field.
_SELECTS = {"zone_widget": "time_zone", "from_widget": "quiet_from", "until_widget": "quiet_until"}
#: A form not sent back has no errors.
_NO_ERRORS = dict.fromkeys(
    ("look_errors", "keys_errors", "zone_errors", "kinds_errors", "quiet_errors"), ""
)


def _fresh_parts(chosen: Mapping[str, Any] | None) -> dict[str, str] | None:
    """The four forms' parts from :data:`_FRESH` with what she has chosen (``chosen``: each
    field's value, given by ``accounts.views._settings`` when no form was sent back): the same
    markup as :func:`_form_parts` of forms made with those values
    (``tests/web/test_settings_fresh.py``), without making the four forms and drawing their
    fields (issue 15's twenty-fourth pass). None, for the forms to be drawn as before, when a
    form was sent back, when nothing is kept in this language, or when a value is not of the
    kind the page reads (a text, a list of texts, a whole hour)."""
    if chosen is None:
        return None
    language = get_language()
    fresh = _FRESH.get(language) if language is not None else None
    if fresh is None or not _plain(chosen):
        return None
    parts = {**fresh.words, **_NO_ERRORS}
    for part, (kept, multiple, widget) in fresh.lists.items():
        ticked = widget.format_value(chosen[_LISTS[part]])
        parts[part] = choiceitems.kept_items(kept, ticked, multiple=multiple)
    for part, (head, fixed, widget) in fresh.selects.items():
        options = select_options(widget, fixed, chosen[_SELECTS[part]])
        parts[part] = f"{head}{options}\n</select>"
    return parts


def _plain(chosen: Mapping[str, Any]) -> bool:
    """Every value of ``chosen`` of the kind the page reads: a text for each of the three
    choices of one, a list of texts for the kinds, a whole number for each hour."""
    kinds = chosen.get("kinds")
    return (
        all(type(chosen.get(name)) is str for name in ("home_screen_look", "quick_exit_keys"))
        and type(chosen.get("time_zone")) is str
        and type(kinds) is list
        and all(type(kind) is str for kind in kinds)
        and all(type(chosen.get(name)) is int for name in ("quiet_from", "quiet_until"))
    )


def _made_fresh() -> _Fresh | None:
    """:class:`_Fresh` in the active language, drawn from Django's own forms and fields; None
    if a part does not come out in the shape kept (nothing kept then: the forms are drawn)."""

    def field_of(form: type[forms.Form], name: str) -> Callable[[Any], BoundField]:
        return lambda value: form(initial={name: value})[name]

    made = {
        "look_items": (HomeScreenForm, choiceitems.look_item, False),
        "keys_items": (QuickExitKeysForm, choiceitems.choice_item, False),
        "kinds_items": (PushChoiceForm, choiceitems.choice_item, True),
    }
    lists = {}
    for part, (form, item, multiple) in made.items():
        bound_of = field_of(form, _LISTS[part])
        kept = choiceitems.kept_list(bound_of, item, multiple=multiple)
        widget = bound_of(None).field.widget
        if kept is None or not isinstance(widget, ChoiceWidget):
            return None
        lists[part] = (kept, multiple, widget)
    look = HomeScreenForm()["home_screen_look"]
    keys = QuickExitKeysForm()["quick_exit_keys"]
    zone = TimeZoneForm(initial={"time_zone": None})["time_zone"]
    push_form = PushChoiceForm(initial={"quiet_from": None, "quiet_until": None})
    kinds, quiet_from, quiet_until = (
        push_form["kinds"],
        push_form["quiet_from"],
        push_form["quiet_until"],
    )
    selects = {}
    for part, bound in (
        ("zone_widget", zone),
        ("from_widget", quiet_from),
        ("until_widget", quiet_until),
    ):
        kept_select = _kept_select(bound)
        if kept_select is None:
            return None
        selects[part] = kept_select
    words = {
        "look_label": shown(look.label),
        "keys_label": shown(keys.label),
        "zone_for": shown(zone.id_for_label),
        "zone_label": shown(zone.label),
        "kinds_label": shown(kinds.label),
        "from_for": shown(quiet_from.id_for_label),
        "from_label": shown(quiet_from.label),
        "until_for": shown(quiet_until.id_for_label),
        "until_label": shown(quiet_until.label),
    }
    return _Fresh(lists=lists, selects=selects, words=words)


def _kept_select(bound: BoundField) -> tuple[str, PlainChoices, PlainSelect] | None:
    """A select of a fixed list (``forms.PlainSelect``) drawn with nothing chosen, cut into
    its opening tag and its options; None if it is of another kind or shape."""
    widget = bound.field.widget
    fixed = getattr(widget, "choices", None)
    if not isinstance(widget, PlainSelect) or not isinstance(fixed, PlainChoices):
        return None
    drawn = shown(bound)
    tail = f"{fixed.markup[0]}\n</select>"
    if not drawn.endswith(tail) or not drawn.startswith("<select "):
        return None
    return drawn[: -len(tail)], fixed, widget


#: Each part this module keeps, for the warm-up's test.
KEPT: tuple[Callable[..., Any], ...] = (_fixed,)


def _warm(**_: object) -> None:
    """Sent in each language as a worker starts (``frame.warmup.worker_starting``): the fixed
    text of the page and of its devices' sentence, so that no first view draws it, and the
    four forms' parts as a view with no form sent back draws them (:class:`_Fresh`)."""
    language, prefix, urlconf = get_language(), get_script_prefix(), url_map()
    _fixed("body", language, prefix, urlconf)
    _fixed("devices", language, prefix, urlconf)
    if language is None:
        return
    try:
        fresh = _made_fresh()
    except ValueError:  # an icon not collected (no manifest entry): the forms are drawn, and
        return  # fail on a view as they did
    if fresh is not None:
        _FRESH[language] = fresh


def _forget(**_: object) -> None:
    """A setting changed (in tests): the forms' parts kept are made again as a worker starts,
    and until then drawn from the forms."""
    _FRESH.clear()


worker_starting.connect(_warm, dispatch_uid="interdepend-warm-account-page")
setting_changed.connect(_forget, dispatch_uid="interdepend-account-page-forms")
