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
from interdepend.web.frame.addresses import addresser
from interdepend.web.frame.templatetags.usertext import isolate

register = template.Library()


@register.simple_tag
def goal_links(goals: Iterable[Any], indent: int = 0) -> SafeString:
    """Each goal as a list item linking to its page, with "reached" when it is; the white
    space of the loop it replaced (its items ``indent`` spaces in, two less after the last)."""
    before, after = "\n" + " " * indent, "\n" + " " * max(indent - 2, 0)
    reached = ""
    parts = []
    address_of = addresser("together:goal")
    for g in goals:
        if g.done and not reached:
            reached = f' <span class="tag">{escape(gettext("reached"))}</span>'
        address = escape(address_of(g.public_id))
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
    names: dict[int, str] = {}  # each author's name isolated once for the list
    # The format and the zone looked up once for the list, not once a step.
    write, here = dates.writer("DATE_FORMAT"), timezone.get_current_timezone()
    for n in notes:
        if user is not None and n.owner_id == user.pk:
            you = you or escape(gettext("You"))
            who = you
        else:
            who = names.get(n.owner_id) or names.setdefault(
                n.owner_id, isolate(n.owner.display_name)
            )
        day = escape(write(timezone.localtime(n.created_at, here)))
        words = linebreaksbr(isolate(n.text), autoescape=True)
        parts.append(
            f'\n    <li><p class="user-text">{words}</p><p class="hint">{who}, {day}</p></li>\n  '
        )
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


# The goals page's sentences that name her partner, or point to her download, written with
# ``gettext`` where they were ``{% blocktranslate %}`` blocks (15-40 µs each a view; issue 15's
# thirteenth pass): the name isolated and escaped as ``|isolate`` did it, the address escaped
# as the template escaped it. Held to the old page (``tests/web/reference/together/goals.html``)
# by ``tests/web/test_goals_words.py``.


@register.simple_tag
def goals_shared_hint(name: str) -> SafeString:
    """Above the shared goals: whose they are too."""
    words = gettext("Goals you and %(name)s share. Either of you can note a step.")
    return mark_safe(words % {"name": isolate(name)})  # noqa: S308 - the name is escaped


@register.simple_tag
def goals_none_shared(name: str) -> SafeString:
    """While the two share no goal: how to make one, naming her partner."""
    words = gettext(
        "No shared goals yet. Add one below and tick “This is something we pursue together”: "
        "%(name)s sees it here too, and either of you can note a step."
    )
    return mark_safe(words % {"name": isolate(name)})  # noqa: S308 - the name is escaped


@register.simple_tag
def goals_ended_hint() -> SafeString:
    """Without a partner: where the goals of an ended partnership are kept."""
    words = gettext(
        "Goals shared in a partnership that has ended are no longer shown here; they are kept "
        'for you in <a href="%(data_url)s">the download of your data</a>.'
    )
    address = escape(reverse("datarights:index"))
    return mark_safe(words % {"data_url": address})  # noqa: S308 - the address is escaped


@register.simple_tag
def goal_changed(goal: Any, by_you: object, by_name: object) -> SafeString:
    """Who last changed a shared goal and on which day (where the reader is), after a space;
    nothing when neither the reader (``by_you``) nor her partner (``by_name``, his name) did."""
    if not by_you and not by_name:
        return mark_safe("")
    day = escape(dates.local_write(goal.updated_at, "DATE_FORMAT"))
    if by_you:
        words = gettext("Last changed by you on %(day)s.") % {"day": day}
    else:
        words = gettext("Last changed by %(name)s on %(day)s.") % {
            "name": isolate(by_name),
            "day": day,
        }
    return mark_safe(f" {words}")  # noqa: S308 - the name and the day are escaped
