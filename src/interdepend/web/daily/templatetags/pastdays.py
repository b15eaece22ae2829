"""The days on the page of earlier questions, and the couple's questions to talk about on the
page of today's question, drawn in Python.

Each day she answered is a card: the day, the question, her words and, where both answered a
shared question, the partner's words and a small form to put it on the couple's list. Drawn
through Django's template engine, the fourteen cards cost more than the rest of the page's own
work (issue 15's tenth pass, docs/performance-passes.md), and so did the list of up to twenty
questions, each with a small form. Here each card and item is written as a string, every value
escaped as the template escaped it: the same markup as the loops they replaced, byte for byte
(``tests/web/test_past_days.py``, against ``tests/web/reference/past_day.html`` and
``talk_item.html``). Nothing is kept between requests: the words are translated as they are drawn.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from django import template
from django.template import Context
from django.urls import get_script_prefix, reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from interdepend.web.daily import freshanswer
from interdepend.web.daily.access import PastDay, Today
from interdepend.web.frame import addresses, dates
from interdepend.web.frame.addresses import url_map
from interdepend.web.frame.formrender import shown
from interdepend.web.frame.templatetags import formfields
from interdepend.web.frame.templatetags.fasttags import address as fixed_address
from interdepend.web.frame.templatetags.usertext import isolate, isolated_lines
from interdepend.web.frame.warmup import worker_starting
from interdepend.web.partners.ended import mark_field

register = template.Library()

#: The fixed addresses today's page writes, remembered as ``{% url %}`` remembers them
#: (``fasttags.address``): ``reverse`` walked the URL map for each on every view, about 30 µs
#: each (issue 15's seventeenth pass). Made as a worker starts, never by a first page.
ADDRESSES = ("daily:past", "daily:today", "daily:talk_it_through")


def _warm(**_: object) -> None:
    """Sent as a worker starts (``frame.warmup.worker_starting``): make :data:`ADDRESSES`, and
    the parts of the address a question to talk about is marked talked about at."""
    for name in ADDRESSES:
        fixed_address(name)
    _talked_around(get_script_prefix(), url_map())


@functools.cache
def _talked_around(prefix: str, urlconf: object) -> tuple[str, str] | None:
    """The parts of ``daily:talked``'s address before and after a question's id, for a map of
    addresses (its prefix and URL map): the same for everyone, made as a worker starts. The
    list reversed its first question's address on every view, about 30-40 µs (issue 15's
    twenty-sixth pass); ``addresses.addresser_of`` still reverses (and refuses) an id of
    another shape, as before."""
    return addresses.around("daily:talked")


worker_starting.connect(_warm, dispatch_uid="interdepend-warm-daily-addresses")


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
    return isolated_lines(text)


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
    through = escape(fixed_address("daily:talk_it_through"))
    talked_at = addresses.addresser_of(
        "daily:talked", _talked_around(get_script_prefix(), url_map())
    )
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
        address = escape(talked_at(str(item.public_id)))
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


def _intro(today: Today) -> str:
    """What today's question is, for whom, and where her answer goes."""
    if today.shared:
        assert today.active is not None
        words = gettext(
            "You and %(name)s have the same question today. Each of you answers on your own; "
            "both answers open to you both once you have both answered."
        ) % {"name": isolate(today.active.partner.display_name)}
    elif today.given_while_linked:
        words = gettext(
            "You answered today's question while you were linked. If the other person answered "
            "it too before the partnership ended, each of you could read the other's answer "
            "then. From now on, your answers stay with you and are not shared."
        )
    elif today.active:
        words = gettext(
            "Today's question is for you alone. Your answer stays with you and is never shared."
        )
    else:
        words = gettext(
            "A small question each day, for you alone. Your answer stays with you and is never "
            "shared."
        )
    return f"\n<p>{words}</p>\n"


def _opened(context: Context, today: Today, name: str) -> str:
    """Both answers, open to both, and the way to put the day on the couple's list."""
    mine, theirs = today.mine, today.theirs
    assert mine is not None and theirs is not None
    out = [
        '\n    <div class="answers">\n      <div class="answer">\n'
        f"        <h3>{gettext('You wrote')}</h3>\n"
        f'        <p class="user-text">{_words_of(mine.text)}</p>\n'
        '      </div>\n      <div class="answer">\n'
        f"        <h3>{gettext('%(name)s wrote') % {'name': name}}</h3>\n"
        f'        <p class="user-text">{_words_of(theirs.text)}</p>\n'
        "      </div>\n    </div>\n    "
    ]
    if context.get("on_list"):
        out.append(f'<p class="hint">{gettext("On your list to talk about.")}</p>\n    ')
    else:
        address = escape(reverse("daily:talk", args=[mine.public_id]))
        talk = gettext("Let's talk about this one")
        active = today.active
        found = getattr(active, "partnership", active)
        mark = mark_field(context.get("user"), getattr(found, "pk", found), mine.public_id)
        out.append(
            f'<form method="post" action="{address}" class="inline">'
            f"{formfields.csrf_input(context)}{mark}\n"
            '      <button type="submit" class="secondary">'
            f"{talk}</button>\n    </form>"
        )
    out.append("\n  ")
    return "".join(out)


def _saved(today: Today) -> str:
    """Her answer as she saved it, and the way to change it."""
    assert today.mine is not None
    out = [
        f"\n    <h3>{gettext('Your answer')}</h3>\n"
        f'    <p class="user-text">{_words_of(today.mine.text)}</p>\n    '
    ]
    if today.shared:
        words = gettext(
            "Saved. Both answers open once you have both answered. If today passes without "
            "that, nothing is lost and nobody is told."
        )
        out.append(f'\n    <p class="hint">{words}</p>\n    ')
    again = ""
    if today.shared:
        again = f' <a href="{escape(fixed_address("daily:today"))}">{gettext("Look again")}</a>'
    out.append(
        f'\n    <p class="actions"><a href="?change=1">{gettext("Change your answer")}</a>'
        f"{again}</p>\n  "
    )
    return "".join(out)


def _answer_form(context: Context, today: Today) -> str:
    """The box for her answer, new or changed."""
    changing = today.mine is not None
    button = gettext("Save the change") if changing else gettext("Save my answer")
    keep = ""
    if changing:
        keep = (
            f'<a href="{escape(fixed_address("daily:today"))}">{gettext("Keep it as it was")}</a>'
        )
    skipping = gettext("Skipping a day is fine. Nothing counts the days you miss.")
    return (
        f'\n    <form method="post" novalidate>{formfields.csrf_input(context)}\n'
        f'      <input type="hidden" name="day" value="{shown(today.day.isoformat())}">\n'
        f"      {freshanswer.fields(context['form'])}\n"
        f'      <p class="actions"><button type="submit">{button}</button>\n'
        f"      {keep}</p>\n    </form>\n"
        f'    <p class="hint">{skipping}</p>\n  '
    )


@register.simple_tag(takes_context=True)
def today_body(context: Context) -> SafeString:
    """The page of today's question under its heading and row of links: for whom the question
    is, the question, both answers once open (or hers, or the box for it), the couple's list
    to talk about, and the way to earlier days. The same markup as the template it replaced
    (``tests/web/reference/daily/today.html``), byte for byte, held by
    ``tests/web/test_today_page_drawn.py`` in every state: through the template engine its
    conditions, look-ups and translation blocks cost about as much as the page's reads (issue
    15's fifteenth pass, docs/performance-passes.md). Every value is escaped as the template
    escaped it, the partner's name isolated; our own words go in as they are, as
    ``{% translate %}`` put them; nothing is kept between requests."""
    today: Today = context["today"]
    name = isolate(today.active.partner.display_name) if today.active is not None else ""
    out = [
        _intro(today),
        '\n\n<section class="card daily-question" aria-labelledby="question-heading">\n'
        f'  <h2 id="question-heading" class="question">{shown(today.question.text)}</h2>\n  ',
    ]
    if today.shared:
        words = gettext("Read it as if %(name)s were asking you.") % {"name": name}
        out.append(f'<p class="hint">{words}</p>\n  ')
    elif today.given_while_linked and today.question.for_two:
        words = gettext(
            "It was written for the two of you, as if the other person were asking. Now it is "
            "a question for you alone: think of the times and people it brings to mind."
        )
        out.append(f'<p class="hint">{words}</p>')
    out.append("\n  ")
    if today.opened:
        out.append(_opened(context, today, name))
    elif today.mine and not context.get("editing"):
        out.append(_saved(today))
    else:
        out.append(_answer_form(context, today))
    out.append("\n</section>\n\n")
    talks = context.get("talks")
    if talks:
        out.append(
            '\n<section aria-labelledby="talk-heading">\n'
            f'  <h2 id="talk-heading">{gettext("To talk about")}</h2>\n'
            f'  <ul class="talk-list">\n{talk_items(context, talks)}  </ul>\n</section>\n'
        )
    out.append(
        f'\n\n<p><a href="{escape(fixed_address("daily:past"))}">'
        f"{gettext('Earlier questions and answers')}</a></p>"
    )
    return mark_safe("".join(out))  # noqa: S308 - every value is escaped
