"""The goals' lists and a goal's steps, drawn in Python.

The goals page lists every goal of hers and of the two of them with a link each, and a goal's
page its latest steps, each with its words, who noted it and when: through the template
engine, a few tags an item each, they were most of those pages' own drawing after the frame
and the forms (issue 15, docs/performance.md). Here each item is written as a string, every
value escaped as the template escaped it, byte for byte the template it replaced
(``tests/web/test_goalitems.py`` holds them to ``tests/web/reference/goal_links.html`` and
``goal_steps.html``). Nothing is kept between calls; the words are looked up in the active
language as they are drawn.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template
from django.template import Context
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from interdepend.web.frame import dates
from interdepend.web.frame.templatetags.usertext import isolate

register = template.Library()


@register.simple_tag
def goal_links(goals: Iterable[Any], indent: int = 0) -> SafeString:
    """Each goal as a list item linking to its page, with "reached" when it is; the white
    space of the loop it replaced (its items ``indent`` spaces in, two less after the last)."""
    before, after = "\n" + " " * indent, "\n" + " " * max(indent - 2, 0)
    reached = ""
    parts = []
    for g in goals:
        if g.done and not reached:
            reached = f' <span class="tag">{escape(gettext("reached"))}</span>'
        address = escape(reverse("together:goal", args=[g.public_id]))
        parts.append(
            f'{before}<li><a class="tap" href="{address}">{isolate(g.title)}</a>'
            f"{reached if g.done else ''}</li>{after}"
        )
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


@register.simple_tag(takes_context=True)
def goal_steps(context: Context, notes: Iterable[Any]) -> SafeString:
    """Each step noted on a goal as a list item: its words, who noted it (the reader is
    "You") and the day, where the reader is."""
    user = context.get("user")
    you = ""
    parts = []
    for n in notes:
        if user is not None and n.owner_id == user.pk:
            you = you or escape(gettext("You"))
            who = you
        else:
            who = isolate(n.owner.display_name)
        day = escape(dates.write(timezone.localtime(n.created_at), "DATE_FORMAT"))
        words = linebreaksbr(isolate(n.text), autoescape=True)
        parts.append(
            f'\n    <li><p class="user-text">{words}</p><p class="hint">{who}, {day}</p></li>\n  '
        )
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped
