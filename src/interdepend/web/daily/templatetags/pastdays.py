"""The days on the page of earlier questions, and the couple's questions to talk about on the
page of today's question, drawn in Python.

Each day she answered is a card: the day, the question, her words and, where both answered a
shared question, the partner's words and a small form to put it on the couple's list. Drawn
through Django's template engine, the fourteen cards cost more than the rest of the page's own
work (issue 15's tenth pass, docs/performance.md), and so did the list of up to twenty
questions, each with a small form. Here each card and item is written as a string, every value
escaped as the template escaped it: the same markup as the loops they replaced, byte for byte
(``tests/web/test_past_days.py``, against ``tests/web/reference/past_day.html`` and
``talk_item.html``). Nothing is kept between requests: the words are translated as they are drawn.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import template
from django.template import Context
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from interdepend.web.daily.access import PastDay
from interdepend.web.frame import dates
from interdepend.web.frame.templatetags.usertext import isolate
from interdepend.web.partners.ended import mark_field

register = template.Library()


@register.simple_tag(takes_context=True)
def past_days(context: Context, days: Sequence[PastDay]) -> SafeString:
    """Each of ``days`` as a card of the list (see the module)."""
    if not days:
        return mark_safe("  \n")
    words = _Words()
    csrf = escape(str(context.get("csrf_token") or ""))
    token = f'<input type="hidden" name="csrfmiddlewaretoken" value="{csrf}">'
    # The address of a day's form, looked up once for the list (each look-up cost 0.04 ms): the
    # part before and after an answer's id, which the address holds as it is.
    asked = next((str(d.mine.public_id) for d in days if d.theirs and not d.talk), "")
    around = reverse("daily:talk", args=[asked]).split(asked, 1) if asked else ["", ""]
    cards = "".join(_card(context, day, words, token, around) for day in days)
    return mark_safe(f"  {cards}\n")  # noqa: S308 - every value is escaped (_card)


class _Words:
    """The fixed words, translated once for the list. Our own words go in as they are, as the
    template's ``{% translate %}`` put them (it takes its text as safe)."""

    def __init__(self) -> None:
        self.alone = gettext("for you alone")
        self.gone = gettext("A question no longer in the library")
        self.you = gettext("You wrote")
        self.partner = gettext("Your partner wrote")
        self.talk = gettext("Let's talk about this one")
        self.listed = gettext("On your list to talk about.")
        self.waiting = gettext("Your partner's answer shows here once they have answered too.")


def _words_of(text: str) -> str:
    """A person's words as ``|isolate|linebreaksbr`` wrote them."""
    return str(linebreaksbr(isolate(text), autoescape=True))


def _card(context: Context, day: PastDay, words: _Words, token: str, around: list[str]) -> str:
    mine = day.mine
    weekday = escape(dates.write(mine.day, "l"))
    written = escape(dates.write(mine.day, "DATE_FORMAT"))
    alone = "" if mine.shared else f" · {words.alone}"
    question = escape(day.question.text) if day.question else words.gone
    parts = [
        '\n  <li class="card">\n'
        f'    <p class="hint">{weekday} {written}{alone}</p>\n'
        f'    <h2 class="question">{question}</h2>\n'
        f"    <h3>{words.you}</h3>\n"
        f'    <p class="user-text">{_words_of(mine.text)}</p>\n'
        "    "
    ]
    if day.theirs:
        parts.append(
            f"\n    <h3>{words.partner}</h3>\n"
            f'    <p class="user-text">{_words_of(day.theirs.text)}</p>\n'
            "    "
        )
        if not day.talk:
            address = escape(f"{around[0]}{mine.public_id}{around[1]}")
            mark = mark_field(context.get("user"), mine.partnership_id, mine.public_id)
            parts.append(
                f'\n    <form method="post" action="{address}" class="inline">{token}{mark}\n'
                '      <input type="hidden" name="back" value="past">\n'
                f'      <button type="submit" class="link">{words.talk}</button>\n'
                "    </form>\n"
                "    "
            )
        else:
            parts.append(f'\n    <p class="hint">{words.listed}</p>\n    ')
        parts.append("\n    ")
    elif day.waiting:
        parts.append(f'\n    <p class="hint">{words.waiting}</p>\n    ')
    parts.append("\n  </li>\n  ")
    return "".join(parts)


@register.simple_tag(takes_context=True)
def talk_items(context: Context, talks: Sequence[Any]) -> SafeString:
    """The couple's questions to talk about, on the page of today's question: each with its
    day, a way into talking it through while it is not talked about yet, and a small form to
    mark it talked about (or to put it back on the list)."""
    if not talks:
        return mark_safe("    \n")
    csrf = escape(str(context.get("csrf_token") or ""))
    token = f'<input type="hidden" name="csrfmiddlewaretoken" value="{csrf}">'
    through = escape(reverse("daily:talk_it_through"))
    first = str(talks[0].public_id)
    before, after = reverse("daily:talked", args=[first]).split(first, 1)
    talk, back, talked = (
        gettext("Talk it through"),
        gettext("Put it back on the list"),
        gettext("We talked about it"),
    )
    items = []
    for item in talks:
        public_id = escape(item.public_id)
        done = bool(item.talked_at)
        link = "" if done else f'<a href="{through}?item={public_id}">{talk}</a>'
        address = escape(f"{before}{item.public_id}{after}")
        mark = mark_field(context.get("user"), item.partnership_id, item.public_id)
        if done:
            button = (
                '\n        <input type="hidden" name="done" value="no">\n'
                f'        <button type="submit" class="link">{back}</button>\n        '
            )
        else:
            button = f'\n        <button type="submit" class="link">{talked}</button>\n        '
        css = ' class="done"' if done else ""
        day = escape(dates.month_day(item.day))
        items.append(
            f"\n    <li{css}>\n"
            f'      <p class="talk-question">{escape(item.question_text)}</p>\n'
            f'      <div class="talk-actions"><span class="hint">{day}</span>\n'
            f"      {link}\n"
            f'      <form method="post" action="{address}" class="inline">{token}{mark}\n'
            f"        {button}\n"
            "      </form></div>\n"
            "    </li>\n    "
        )
    return mark_safe(f"    {''.join(items)}\n")  # noqa: S308 - every value is escaped
