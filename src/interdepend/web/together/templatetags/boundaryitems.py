"""The boundaries' list items and a boundary's history, drawn in Python.

The boundaries page lists each boundary as a link to it, its first words and where it stands;
a boundary's page lists each step taken on it, with its day, who took it and the words it
brought. Drawn through Django's template engine, each item chose its words through a chain of
comparisons (a step by someone else through a translated sentence with their name), and the
items cost more than the rest of the page's own drawing (issue 15's tenth pass,
docs/performance.md). Here each item is written as a string, every value escaped as the
template escaped it: the same markup as the loops they replaced, byte for byte
(``tests/web/test_boundary_items.py``, against ``tests/web/reference/boundary_items.html``).
Nothing is kept between requests: the words are translated as they are drawn, and our own
words go in as they are, as the template's ``{% translate %}`` put them.

The page's two sentences that name the partner (the heading of theirs, and what shows while
there is none) are written here too, where they were ``{% blocktranslate %}`` blocks: about
20 µs less each a view (issue 15's twelfth pass), the same words through ``gettext`` with the
name isolated and escaped as ``|isolate`` did it, held to the old page
(``tests/web/reference/together/boundaries.html``) by ``tests/web/test_boundaries_words.py``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import template
from django.template import Context
from django.template.defaultfilters import truncatewords
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from interdepend.web.frame import dates
from interdepend.web.frame.templatetags.usertext import isolate

register = template.Library()


@register.simple_tag
def boundary_items(boundaries: Sequence[Any], whose: str) -> SafeString:
    """Each boundary as a list item: her own (``mine``: draft, told or acknowledged) or the
    partner's (``theirs``: waiting for her, or acknowledged)."""
    if not boundaries:
        return mark_safe("")
    first = str(boundaries[0].public_id)
    before, after = reverse("together:boundary", args=[first]).split(first, 1)
    acknowledged = gettext("acknowledged")
    if whose == "mine":
        tags = {"draft": gettext("private draft"), "stated": gettext("told")}
    else:
        tags = {"stated": gettext("waiting for you")}
    items = "".join(
        f'\n    <li class="item"><a class="tap" href="{escape(f"{before}{b.public_id}{after}")}">'
        f"{isolate(truncatewords(b.text, 14))}</a>\n"
        f'      <span class="tag">{tags.get(b.state, acknowledged)}</span></li>\n  '
        for b in boundaries
    )
    return mark_safe(items)  # noqa: S308 - every value is escaped


@register.simple_tag(takes_context=True)
def boundary_history(context: Context, events: Sequence[Any]) -> SafeString:
    """Each step taken on the boundary: its day, who took it (you, or the other by name) and
    the words it brought, if any (none for an acknowledgement)."""
    if not events:
        return mark_safe("")
    user = context.get("user")
    viewer = getattr(user, "pk", None)
    yours = {
        "stated": gettext("you told it"),
        "acknowledged": gettext("you acknowledged it"),
        "proposed": gettext("you suggested new wording"),
        "declined": gettext("you kept the words as they were"),
    }
    agreed = gettext("you agreed to the new wording")
    theirs = {
        "stated": gettext("%(name)s told it"),
        "acknowledged": gettext("%(name)s acknowledged it"),
        "proposed": gettext("%(name)s suggested new wording"),
        "declined": gettext("%(name)s kept the words as they were"),
    }
    they_agreed = gettext("%(name)s agreed to the new wording")
    items = []
    for e in events:
        day = escape(dates.write(timezone.localtime(e.at), "DATE_FORMAT"))
        if e.actor_id == viewer:
            said = yours.get(e.kind, agreed)
        else:
            said = theirs.get(e.kind, they_agreed) % {"name": isolate(e.actor.display_name)}
        quoted = f": <q>{isolate(e.text)}</q>" if e.text and e.kind != "acknowledged" else ""
        items.append(f"\n    <li>{day}: {said}{quoted}</li>\n  ")
    return mark_safe("".join(items))  # noqa: S308 - every value is escaped


@register.simple_tag
def boundaries_theirs_heading(name: str) -> SafeString:
    """The heading of the partner's boundaries, naming them."""
    return mark_safe(gettext("%(name)s's") % {"name": isolate(name)})  # noqa: S308 - escaped


@register.simple_tag
def boundaries_none_from(name: str) -> SafeString:
    """What shows while the partner has told no boundary, naming them."""
    words = gettext(
        "Nothing from %(name)s yet. When %(name)s tells you a boundary, it shows here for you "
        "to read and answer."
    )
    return mark_safe(words % {"name": isolate(name)})  # noqa: S308 - the name is escaped
