"""The support circle's people, drawn in Python.

Each person on the list is a name, the day she last saw them and two small forms (we connected
today; remove), each form with its own address, CSRF field and translated words. Drawn through
Django's template engine, the items cost more than the rest of the page's own work (issue 15's
tenth pass, docs/performance-passes.md). Here each item is written as a string, every value escaped
as the template escaped it: the same markup as the loop it replaced, byte for byte
(``tests/web/test_circle_items.py``, against ``tests/web/reference/circle_item.html``).
Nothing is kept between requests: the words are translated as they are drawn.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import template
from django.template import Context
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from interdepend.web.frame import dates
from interdepend.web.frame.templatetags.usertext import isolate
from interdepend.web.together import freshforms

register = template.Library()


@register.simple_tag(takes_context=True)
def circle_items(context: Context, people: Sequence[Any]) -> SafeString:
    """Each of ``people`` as a list item (see the module)."""
    if not people:
        return mark_safe("")
    csrf = escape(str(context.get("csrf_token") or ""))
    token = f'<input type="hidden" name="csrfmiddlewaretoken" value="{csrf}">'
    # Two addresses per person, each reversed once and the person's id put in its place.
    first = str(people[0].public_id)
    seen = reverse("together:circle_seen", args=[first]).split(first, 1)
    remove = reverse("together:circle_remove", args=[first]).split(first, 1)
    # The fixed words, translated once for the list, as they are (the template took its own
    # words as safe); each filled in per person below, the values escaped.
    words = (
        gettext("last connected %(when)s"),
        gettext("no time together noted yet"),
        gettext('We connected today<span class="visually-hidden"> (%(name)s)</span>'),
        gettext('Remove<span class="visually-hidden"> %(name)s</span>'),
    )
    return mark_safe(  # noqa: S308 - every value is escaped (_item)
        "".join(_item(person, token, seen, remove, words) for person in people)
    )


def _item(
    person: Any,
    token: str,
    seen: list[str],
    remove: list[str],
    words: tuple[str, str, str, str],
) -> str:
    last, never, connected, removing = words
    name = isolate(person.name)
    public_id = str(person.public_id)
    if person.last_connected:
        when = last % {"when": escape(dates.write(person.last_connected, "DATE_FORMAT"))}
    else:
        when = never
    seen_at = escape(public_id.join(seen))
    remove_at = escape(public_id.join(remove))
    return (
        f'\n  <li class="item"><strong>{name}</strong>\n'
        f'    <span class="hint">{when}</span>\n'
        '    <span class="actions">\n'
        f'      <form method="post" action="{seen_at}" class="inline">{token}'
        f'<button type="submit" class="secondary">{connected % {"name": name}}</button></form>\n'
        f'      <form method="post" action="{remove_at}" class="inline">{token}'
        f'<button type="submit" class="link remove">{removing % {"name": name}}</button></form>\n'
        "    </span></li>\n"
    )


@register.simple_tag(takes_context=True)
def circle_fields(context: Context) -> SafeString:
    """``{% form_fields %}`` for the form to add someone to the circle: its fields as a worker keeps
    them while the form is fresh (``together.freshforms``), drawn field by field otherwise
    (sent back with something to fix)."""
    return mark_safe(freshforms.fields(context["form"]))  # noqa: S308 - drawn by the renderer
