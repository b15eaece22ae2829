"""The boundaries' list items and a boundary's history, drawn in Python.

The boundaries page lists each boundary as a link to it, its first words and where it stands;
a boundary's page lists each step taken on it, with its day, who took it and the words it
brought. Drawn through Django's template engine, each item chose its words through a chain of
comparisons (a step by someone else through a translated sentence with their name), and the
items cost more than the rest of the page's own drawing (issue 15's tenth pass,
docs/performance-passes.md). Here each item is written as a string, every value escaped as the
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

import re
from collections.abc import Sequence
from typing import Any

from django import template
from django.template import Context
from django.template.defaultfilters import truncatewords
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from interdepend.core.boundary import Step
from interdepend.web.frame import dates
from interdepend.web.frame.addresses import url_map
from interdepend.web.frame.publicid import PUBLIC_ID_PATTERN
from interdepend.web.frame.templatetags import formfields
from interdepend.web.frame.templatetags.usertext import isolate, isolated_lines
from interdepend.web.partners.ended import mark_field
from interdepend.web.partners.models import Partnership
from interdepend.web.together import freshforms

register = template.Library()

_ID = re.compile(PUBLIC_ID_PATTERN)


def step_address(public_id: object) -> str:
    """``escape(reverse("together:boundary_act", args=[public_id]))``: the address of a
    boundary's step forms, escaped, from the text kept around the id for this script prefix
    and URL map (``freshforms.step_address``); an id of another shape, or a route that does
    not hold it once, through ``reverse`` as before. Held to it by
    ``tests/web/test_boundary_step_address.py``."""
    parts = freshforms.step_address(get_script_prefix(), url_map())
    if parts is None or type(public_id) is not str or not _ID.fullmatch(public_id):
        return escape(reverse("together:boundary_act", args=[public_id]))
    return f"{parts[0]}{public_id}{parts[1]}"


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


@register.simple_tag
def boundary_heading(boundary: Any, is_mine: object) -> SafeString:
    """A boundary page's heading: "My boundary", or the partner's by name."""
    if is_mine:
        return mark_safe(gettext("My boundary"))  # noqa: S308 - our own words
    words = gettext("%(name)s's boundary")
    return mark_safe(words % {"name": isolate(boundary.owner.display_name)})  # noqa: S308


def _act_form(head: str, action: str, words: str, more: str = "") -> str:
    """One step's small form: its button, posted to the boundary's one action address."""
    return (
        f"{head}\n"
        f'    <button type="submit" name="action" value="{action}"{more}>{words}</button></form>\n'
    )


@register.simple_tag(takes_context=True)
def boundary_body(context: Context) -> SafeString:
    """A boundary page under its heading and row of links, to its history: the words, where
    they stand, the steps open to the person now (each a small form), a suggestion waiting,
    new wording, and the history. The same markup as the template it replaced
    (``tests/web/reference/together/boundary.html``), byte for byte, held by
    ``tests/web/test_boundary_page_drawn.py``: the chain of conditions, the four forms'
    addresses (one ``reverse`` for all of them) and six translation blocks cost more through the
    template engine than the page's reads (issue 15's fourteenth pass, docs/performance-passes.md).
    Every value is escaped as the template escaped it; our own words go in as they are, as
    ``{% translate %}`` put them; nothing is kept between requests."""
    boundary = context["boundary"]
    steps = context["steps"]
    waiting = context.get("waiting")
    events = context.get("events")
    state = boundary.state
    draft = state == "draft"
    if draft:
        hint = gettext("A private draft: only you can see it.")
    elif state == "stated":
        hint = gettext("Told, not yet acknowledged.")
    else:
        hint = gettext("Acknowledged.")
    out = [
        f'<blockquote class="boundary">{isolated_lines(boundary.text)}</blockquote>\n'
        f'<p class="hint">{hint}</p>\n<div class="actions">\n'
    ]
    act = csrf = mark = ""
    if steps:
        user = context.get("user")
        csrf = formfields.csrf_input(context)
        within = context.get("active")
        found = getattr(within, "partnership", within)
        partnership_id = found.pk if isinstance(found, Partnership) else found
        mark = mark_field(user, partnership_id, boundary.public_id)
        act = step_address(boundary.public_id)
    head = f'\n  <form method="post" action="{act}">{csrf}{mark}'
    if Step.TELL in steps:
        name = isolate(context["active"].partner.display_name)
        out.append(_act_form(head, "tell", gettext("Tell %(name)s") % {"name": name}))
    elif context.get("is_mine") and draft:
        out.append(
            f"\n  <p>{gettext('If you link with a partner, you can choose to tell them.')}</p>\n"
        )
    out.append("\n")
    if Step.ACKNOWLEDGE in steps:
        words = gettext("I hear this and will respect it")
        out.append(_act_form(head, "acknowledge", words))
    out.append("\n</div>\n")
    if waiting:
        user = context.get("user")
        if waiting.actor_id == getattr(user, "pk", None):
            said = gettext("You suggested new wording:")
        else:
            said = gettext(
                "%(name)s suggested other words. Yours stay as they are unless you choose these:"
            ) % {"name": isolate(context["active"].partner.display_name)}
        out.append(
            f'\n\n<div class="notice" id="suggested"><p>{said}</p>\n'
            f"  <blockquote>{isolated_lines(waiting.text)}</blockquote>\n  "
        )
        decline, accept = Step.DECLINE in steps, Step.ACCEPT in steps
        if decline or accept:
            out.append('<div class="actions">\n  ')
            if decline:
                words = gettext("Keep the words as they are")
                out.append(_act_form(head, "decline", words) + "  ")
            out.append("\n  ")
            if accept:
                words = gettext("Agree to the new wording")
                out.append(_act_form(head, "accept", words, ' class="secondary"') + "  ")
            out.append("\n  </div>")
        out.append("\n</div>\n")
    out.append("\n")
    if Step.PROPOSE in steps:
        her_words = context.get("proposal_words")
        if her_words is None:  # sent back, with what is wrong with it
            form = context["proposal_form"]
            opened = " open" if form.errors or context.get("proposal_open") else ""
            box = freshforms.wording_fields(form)
        else:  # as the page opens it: not sent, so nothing is wrong with it
            opened = " open" if context.get("proposal_open") else ""
            box = freshforms.wording_box(her_words)
        if draft:
            summary, button = gettext("Change the wording"), gettext("Save")
        else:
            summary, button = gettext("Suggest new wording"), gettext("Suggest")
        out.append(
            f'\n<details class="card"{opened}>\n  <summary>{summary}</summary>\n'
            f'  <form method="post" action="{act}" novalidate>{csrf}{mark}\n'
            '    <input type="hidden" name="action" value="propose">\n'
            f"    {box}\n"
            f'    <p class="actions"><button type="submit">{button}</button></p>\n'
            "  </form>\n</details>\n"
        )
    out.append("\n")
    if events:
        out.append(
            '\n<section aria-labelledby="history-heading">\n'
            f'  <h2 id="history-heading">{gettext("History")}</h2>\n'
            f'  <ol class="history">{boundary_history(context, events)}</ol>\n</section>\n'
        )
    return mark_safe("".join(out))  # noqa: S308 - every value is escaped


@register.simple_tag(takes_context=True)
def boundary_fields(context: Context) -> SafeString:
    """``{% form_fields %}`` for the form to write a boundary: its fields as a worker keeps
    them while the form is fresh (``together.freshforms``), drawn field by field otherwise
    (sent back with something to fix)."""
    return mark_safe(freshforms.fields(context["form"]))  # noqa: S308 - drawn by the renderer
