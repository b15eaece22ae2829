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
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django import template
from django.template import engines
from django.urls import get_script_prefix
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, ngettext

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
    look = context["home_screen_form"]["home_screen_look"]
    keys = context["exit_keys_form"]["quick_exit_keys"]
    zone = context["zone_form"]["time_zone"]
    push_form = context["push_form"]
    kinds, quiet_from, quiet_until = (
        push_form["kinds"],
        push_form["quiet_from"],
        push_form["quiet_until"],
    )
    csrf = csrf_input(context)
    devices = context["push_devices"]
    quiet = quiet_from.errors or quiet_until.errors
    values: dict[str, str] = {
        "name": isolate(user.display_name),
        "email": isolate(user.email),
        "language": choiceitems.language_shown(context),
        "zone_shown": shown(context["zone_shown"]),
        "csrf": csrf,
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
        "push_key": shown(context["push_key"]),
        "push_here": "yes" if context["push_here"] else "no",
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
        "devices": _joined("devices", {"csrf": csrf, "counted": _counted(devices)})
        if devices
        else "",
        "push_js": shown(choiceitems.static_address("js/push.js")),
        "timezone_js": shown(choiceitems.static_address("js/timezone.js")),
    }
    return mark_safe(_joined("body", values))  # noqa: S308 - every value is escaped above


#: Each part this module keeps, for the warm-up's test.
KEPT: tuple[Callable[..., Any], ...] = (_fixed,)


def _warm(**_: object) -> None:
    """Sent in each language as a worker starts (``frame.warmup.worker_starting``): the fixed
    text of the page and of its devices' sentence, so that no first view draws it."""
    language, prefix, urlconf = get_language(), get_script_prefix(), url_map()
    _fixed("body", language, prefix, urlconf)
    _fixed("devices", language, prefix, urlconf)


worker_starting.connect(_warm, dispatch_uid="interdepend-warm-account-page")
