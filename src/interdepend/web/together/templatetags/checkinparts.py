"""The check-in page's card of the week her partner shared with her, and its three sentences
that carry a day or his name, drawn in Python.

Through the template engine the card was five ``{% blocktranslate %}`` blocks, one for each of
the six answers among them, and most of the page's own drawing (issue 15's thirteenth pass,
docs/performance.md). Here it is written as a string: every value escaped as the template
escaped it, his name isolated, his words of what he needs isolated with their line breaks kept,
every word looked up in the active language as it is drawn, with the template's message ids;
byte for byte the template it replaced (``tests/web/test_checkin_card.py`` holds it to
``tests/web/reference/checkin_partner_week.html``, and the page's own part to the template
it had, ``tests/web/reference/together/checkin.html``). Nothing is kept between calls.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from interdepend.web.frame import dates
from interdepend.web.frame.templatetags.usertext import isolate

register = template.Library()


@register.simple_tag
def partner_week_card(partner_week: Any, partner_name: str) -> SafeString:
    """The week her partner shared (``partner_week``: his check-in, each statement beside
    its answer, and whether it is of this week), under his name."""
    checkin, answers, this_week = partner_week
    name = isolate(partner_name)
    heading = gettext("%(name)s’s week") % {"name": name}
    shared = gettext(
        "Shared with you for the week starting %(week)s, from 1 (hardly at all) to 7 (very much)."
    ) % {"week": escape(dates.month_day(checkin.week))}
    unanswered = escape(gettext("not answered"))
    of_seven = gettext("%(value)s of 7")
    facts = "".join(
        f"\n    <dt>{escape(label)}</dt><dd>"
        f"{of_seven % {'value': conditional_escape(localize(value))} if value else unanswered}"
        "</dd>"
        for label, value in answers
    )
    need = ""
    if checkin.need:
        needs = (
            gettext("What %(name)s needs this week")
            if this_week
            else gettext("What %(name)s needed that week")
        ) % {"name": name}
        words = linebreaksbr(isolate(checkin.need), autoescape=True)
        need = f'<h3>{needs}</h3>\n  <p class="user-text">{words}</p>'
    return mark_safe(  # noqa: S308 - every value above is escaped
        '\n<section class="card" aria-labelledby="partner-week-heading">\n'
        f'  <h2 id="partner-week-heading">{heading}</h2>\n'
        f'  <p class="hint">{shared}</p>\n'
        f'  <dl class="facts">{facts}\n  </dl>\n'
        f"  {need}\n"
        "</section>\n"
    )


@register.simple_tag
def checkin_week_words(week: Any) -> SafeString:
    """Which week the check-in is for, and how its scale reads."""
    return mark_safe(  # noqa: S308 - the day is escaped
        gettext(
            "The week starting %(week)s. From 1 (hardly at all) to 7 (very much). Skip "
            "anything you like."
        )
        % {"week": escape(dates.month_day(week))}
    )


@register.simple_tag
def checkin_shared_help(partner_name: str) -> SafeString:
    """What sharing the week shows her partner, under the box to share it."""
    return mark_safe(  # noqa: S308 - the name is isolated and escaped
        gettext(
            "Off by default. When on, %(name)s sees this week's answers and what you need, "
            "and it counts in your shared trends."
        )
        % {"name": isolate(partner_name)}
    )


@register.simple_tag
def checkin_share_proof(partner_name: str) -> SafeString:
    """Why sharing the week asks for her password."""
    return mark_safe(  # noqa: S308 - the name is isolated and escaped
        gettext(
            "To show this week to %(name)s, type your password here too: it is asked each "
            "time you share, so that only you can share your week. Leave it empty, with the "
            "box unticked, to keep the week to yourself."
        )
        % {"name": isolate(partner_name)}
    )
