"""The bids page's items, drawn in Python.

A bid is the one item the bids page draws many times (twelve answered and every waiting one),
and each answer sent from the page draws both lists again. Drawn through Django's template
engine, an item with its two small forms cost about as much as the rest of the page together
(issue 15's eighth pass, docs/performance-passes.md). Here each item is written as a string, every
value escaped as the template escaped it: the same markup as the template it replaced, but for
white space (``tests/web/test_bidcards.py``). Each part is made a safe text directly
(``SafeString``), not through ``mark_safe``, whose wrapper checks each call's arguments for a
lazy text: every part here is a plain text already escaped (issue 15's nineteenth pass).
"""

from __future__ import annotations

import dataclasses
import functools
import html
from collections.abc import Callable
from typing import Any

from django import template
from django.core.signals import setting_changed
from django.http import HttpRequest
from django.template import Context, Engine
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.formats import get_format
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, gettext_noop, ngettext

from interdepend.web.frame import dates, keptforms
from interdepend.web.frame.addresses import url_map
from interdepend.web.frame.badge import waiting_badge
from interdepend.web.frame.http import template_values
from interdepend.web.frame.idempotent import new_key
from interdepend.web.frame.templatetags import formfields
from interdepend.web.frame.templatetags.usertext import isolate
from interdepend.web.frame.warmup import worker_starting
from interdepend.web.partners.ended import MARK_FIELD, mark_field, mark_for
from interdepend.web.together.templatetags.subnav import together_subnav

register = template.Library()

#: Each answer's tag: its class and its words (translated as drawn).
_ANSWERS = {
    "yes_now": ("tag ok", gettext_noop("yes, now")),
    "later": ("tag", gettext_noop("later")),
    "not_now": ("tag", gettext_noop("not now")),
}


@register.simple_tag(takes_context=True)
def bid_item(context: Context, bid: Any, focus_next: bool = False) -> SafeString:
    """One bid as a list item: its words, who sent it and when, its answer or, for the reader
    to answer, the two forms (yes now or not now; later, with when)."""
    user = context.get("user")
    return draw(
        bid,
        user=user,
        csrf=str(context.get("csrf_token") or ""),
        focus_next=focus_next,
        when_error=str(context.get("when_error") or ""),
        when_value=str(context.get("when_value") or ""),
    )


@register.simple_tag(takes_context=True)
def bid_items(context: Context, bids: Any, focus_first: bool = False) -> SafeString:
    """Each of ``bids`` as :func:`bid_item` draws it; the first can take the keyboard's focus
    after an answer (``data-focus-next``). The words, the day and the formats are looked up
    once for the list (:class:`Words`), not once a bid: the page's own ``bid_words`` when its
    view made one for its lists (``together.views``), else made here."""
    user = context.get("user")
    csrf = str(context.get("csrf_token") or "")
    words = context.get("bid_words") or Words()
    return SafeString(  # each item escapes its values (draw)
        "".join(
            draw(bid, user=user, csrf=csrf, focus_next=focus_first and index == 0, words=words)
            for index, bid in enumerate(bids)
        )
    )


@register.simple_tag(takes_context=True)
def bids_waiting(context: Context, answered: bool = False) -> SafeString:
    """The bids waiting for the reader's answer (the context's ``to_answer``), swapped whole
    when she answers one (htmx). After an answer (``answered``), keyboard focus goes on to what
    is next (interdepend.js, ``data-focus-next``): the next waiting bid's answers, or the line
    that says none is left; it went to the answered bid in Recent, off the screen (the keyboard
    audit of 2026-12-04, M1). Was ``together/_bids_waiting.html``, an included template (issue
    15's fourteenth pass); ``tests/web/test_bid_sections.py`` holds the two equal, byte for
    byte."""
    to_answer = context.get("to_answer")
    inner = ""
    if to_answer or answered:
        fixed = _fixed_for(context)
        heading = fixed.waiting_heading
        if to_answer:
            shown = f'<ul class="items">{bid_items(context, to_answer, focus_first=answered)}</ul>'
        else:
            shown = f'<p tabindex="-1" data-focus-next>{fixed.none_waiting}</p>'
        inner = (
            '\n<section aria-labelledby="answer-heading">\n'
            f'  <h2 id="answer-heading">{heading}</h2>\n  {shown}\n</section>\n'
        )
    return SafeString(f'\n\n\n\n<div id="bids-waiting">{inner}</div>\n')  # escaped


@register.simple_tag(takes_context=True)
def bids_recent(context: Context, oob: bool = False) -> SafeString:
    """Recent: her own bids still waiting and every answered one (the context's ``bids``),
    newest first, or a line for none; sent again out of band (``oob``) after an answer. Was
    ``together/_bids_recent.html`` (``tests/web/test_bid_sections.py``)."""
    recent = context.get("bids")
    swap = ' hx-swap-oob="true"' if oob else ""
    fixed = _fixed_for(context)
    if recent:
        shown = f'<ul class="items">{bid_items(context, recent)}</ul>\n  '
    elif context.get("to_answer"):
        shown = f"<p>{fixed.none_answered}</p>\n  "
    else:
        shown = f"<p>{fixed.none_sent}</p>"
    return SafeString(  # every value is escaped
        f'<section id="bids-recent" aria-labelledby="recent-heading"{swap}>\n'
        f'  <h2 id="recent-heading">{fixed.recent_heading}</h2>\n'
        f"  {shown}\n</section>\n"
    )


@register.simple_tag
def bid_history(history: Any) -> SafeString:
    """The month-by-month table (:func:`bid_months`) in its section, or nothing for a couple
    with no bid yet. Was ``together/_bid_history.html`` (``tests/web/test_bid_sections.py``)."""
    return SafeString(_history(history, _fixed(get_language())))


def _history(history: Any, fixed: _Fixed) -> str:
    """:func:`bid_history` in the words of ``fixed``: the page's own, looked up once for the
    page."""
    if not history:
        return "\n\n"
    rows = "".join(_month_row(m, False, fixed.month) for m in history)  # escaped
    return f"{fixed.history_before}{rows}</tbody></table></div>\n</section>\n\n"


def _history_before() -> str:
    """The months' section up to its rows, in the active language: its heading, hint and
    columns, the same for everyone (made per language in :func:`_fixed`)."""
    heading = escape(gettext("How it has gone, month by month"))
    hint = escape(gettext("Both of you together. Later and not now are honest answers too."))
    said = (gettext("Month"), gettext("Sent"), gettext("Yes, now"), gettext("Later"))
    columns = "".join(
        f'<th scope="col">{escape(word)}</th>' for word in (*said, gettext("Not now"))
    )
    return (
        f'\n\n<section>\n  <h2 id="history-heading">{heading}</h2>\n'
        f'  <p class="hint">{hint}</p>\n'
        '  <div class="table-scroll" role="region" aria-labelledby="history-heading"'
        f' tabindex="0"><table><thead><tr>{columns}</tr></thead>\n  <tbody>'
    )


@register.simple_tag(takes_context=True)
def bids_page(context: Context) -> SafeString:
    """The bids page's whole content block under the frame: its heading, the together space's
    row of links, the three sections (:func:`bids_waiting`, :func:`bids_recent`,
    :func:`bid_history`) and the send box between them, or, for a person alone, where it
    opens. Was the content block of ``together/bids.html`` (kept as
    ``tests/web/reference/together/bids.html``), whose own nodes (its words, the partner's
    name in the send box's heading, the token and the partnership's mark, the choice between
    the box and the line that says enough is waiting) cost about 40-50 µs a view beside the
    sections drawn in Python (issue 15's sixteenth pass, timed in one process). Our words go in as
    ``{% translate %}`` put them, made once per language as a worker starts (:func:`_fixed`,
    the same for everyone; since the twentieth pass, where they were looked up on each view);
    every value from a person or the database is escaped, the partner's name through
    ``isolate``.
    ``tests/web/test_bid_sections.py`` holds the page equal to the old template, byte for
    byte."""
    active = context.get("active")
    row = together_subnav("bids")
    if not active:
        heading = gettext("Reaching out")
        alone = gettext(
            "Reaching out happens between partners. When you link with someone, it opens here."
        )
        invite = gettext("Invite a partner, or enter a code")
        address = conditional_escape(reverse("partners:us"))
        return SafeString(  # our words as {% translate %} put them; the address escaped
            f"\n<h1>{heading}</h1>\n{row}\n\n<p>{alone}</p>\n"
            f'<p><a href="{address}">{invite}</a></p>\n\n'
        )
    fixed = _fixed_for(context)
    heading, about = fixed.page_heading, fixed.page_about
    # What {% blocktranslate with name=…|isolate %} wrote: the name isolated, the words as they are.
    send_heading = fixed.send_to % {"name": isolate(active.partner.display_name)}
    form = context.get("form")
    at_most = context.get("at_most")
    if at_most and not (form is not None and form.errors):
        box = f"\n  <p>{conditional_escape(at_most)}</p>\n  "
    else:
        token = formfields.csrf_input(context)
        mark = mark_field(context.get("user"), active.partnership.pk, "")
        box = (
            f'\n  <form method="post" novalidate>{token}{mark}\n'
            f"    {bid_form_fields(context, form)}\n"
            f'    <p class="actions"><button type="submit">{fixed.send}</button></p>\n'
            "  </form>\n  "
        )
    return SafeString(  # every value is escaped (above and in each section)
        f"\n<h1>{heading}</h1>\n{row}\n\n<p>{about}</p>\n"
        '<p id="bids-status" class="htmx-status" role="status" data-htmx-status></p>\n'
        f"{bids_waiting(context)}\n"
        '<section class="card" aria-labelledby="send-heading">\n'
        f'  <h2 id="send-heading">{send_heading}</h2>\n  {box}\n</section>\n'
        f"{bids_recent(context)}\n{_history(context.get('history'), fixed)}\n\n"
    )


def bid_answered(request: HttpRequest, values: dict[str, Any]) -> str:
    """The answer to a bid sent from the page (htmx), drawn in Python: the waiting list drawn
    again, Recent, the status line's words, the month's row and the count in the bar, each
    but the first swapped out of band. ``values``: the view's (the reader, the two lists and
    their words, the month), over what the context processors give every template (the
    form's token, the count in the bar), as the template found them. Was
    ``together/_bid_answered.html`` (kept as ``tests/web/reference/together/
    bid_answered.html``): drawn through the engine, its machinery around these five parts was
    about a fifth of an answer's own work (issue 15's seventeenth pass).
    ``tests/web/test_bid_sections.py`` holds the two equal, byte for byte."""
    context = Context(template_values(request) | values)
    count = context.get("waiting_count")
    fixed = _fixed_for(context)
    month = _month_row(context.get("month"), True, fixed.month)  # escaped there
    return (
        f"\n\n{bids_waiting(context, answered=True)}\n{bids_recent(context, oob=True)}\n\n\n"
        f'<p hx-swap-oob="innerHTML:#bids-status">{fixed.answer_sent}</p>\n\n'
        f"<template>{month}</template>\n"
        f"{waiting_badge((count() if callable(count) else count) or 0, oob=True)}\n"
    )


@dataclasses.dataclass(frozen=True)
class _Fixed:
    """What every bid of a language is drawn with, the same for everyone: the sender lines,
    the two lines of when, each answer's tag and the answers' buttons and box label."""

    from_you: str
    from_name: str
    today_words: str
    yesterday: str
    answers: dict[str, tuple[str, str]]
    forms: tuple[str, str, str, str, str]
    #: The sections' words, escaped: the waiting list's heading and its line for none left,
    #: Recent's heading and its two lines for none, and the status line after an answer.
    waiting_heading: str
    none_waiting: str
    recent_heading: str
    none_answered: str
    none_sent: str
    answer_sent: str
    #: The months' section up to its rows (:func:`_history_before`).
    history_before: str
    #: The page's own words as ``{% translate %}`` put them (not escaped: our words): its
    #: heading, what reaching out is, the send box's heading (a name to put in) and button.
    page_heading: str
    page_about: str
    send_to: str
    send: str
    #: The language's writers of a day this year and of a day another year (a bid's day), and
    #: of a month (the months' rows): ``dates.writer`` of each format, which looked the
    #: language and its format up on each view (issue 15's twenty-first pass).
    this_year: Callable[[Any], str]
    other_year: Callable[[Any], str]
    month: Callable[[Any], str]
    #: Whether the two formats of a day write nothing but the day (no hour, no zone): then a
    #: day's text is the same for every moment of it (:meth:`Words.day_of`).
    days_only: bool


@functools.cache
def _fixed(language: str | None) -> _Fixed:
    """The words of :class:`_Fixed` in ``language``, made for each language as a worker
    starts (:func:`_warm`), never on a first view: looked up for each request, they were about
    a fifth of the lists' own drawing (issue 15's fifteenth pass), and the sections' and the
    page's own words, with the months' heading and columns, some 20-40 µs of each view of the
    page and 5-10 of an answer (the twentieth pass)."""
    # Outside the f-strings, where makemessages finds them.
    # The same answer, "yes, now", to a bid sent on an earlier day says that she is free now,
    # not then: "Yes, now" alone read as if the moment he asked were still here.
    return _Fixed(
        from_you=escape(gettext("From you")),
        from_name=escape(gettext("From %(name)s")),
        today_words=gettext("sent today"),
        yesterday=gettext("sent yesterday, %(day)s"),
        answers={answer: (css, escape(gettext(said))) for answer, (css, said) in _ANSWERS.items()},
        forms=(
            escape(gettext("Yes, now")),
            escape(gettext("Yes, I am free now")),
            escape(gettext("Not now")),
            escape(gettext("Or later, when?")),
            escape(gettext("Later")),
        ),
        waiting_heading=escape(gettext("Waiting for your answer")),
        none_waiting=escape(gettext("Nothing else is waiting for your answer.")),
        recent_heading=escape(gettext("Recent")),
        none_answered=escape(
            gettext(
                "Nothing answered yet. Once you answer what is waiting above, it shows here with"
                " your answer."
            )
        ),
        none_sent=escape(
            gettext(
                "Nothing yet. What the two of you send each other shows here, with how it was"
                " answered."
            )
        ),
        answer_sent=escape(gettext("Your answer was sent.")),
        history_before=_history_before(),
        page_heading=gettext("Reaching out"),
        page_about=gettext(
            "Reaching out is a small step toward each other. Every answer is allowed: yes now,"
            " later, or not now. Nobody is told whether it has been looked at."
        ),
        send_to=gettext("Reach out to %(name)s"),
        send=gettext("Send"),
        this_year=dates.writer("MONTH_DAY_FORMAT"),
        other_year=dates.writer("DATE_FORMAT"),
        month=dates.writer(f"{dates.month_letter()} Y"),
        days_only=all(
            (found := dates.plan(str(get_format(name)))) is not None and not found.timed
            for name in ("MONTH_DAY_FORMAT", "DATE_FORMAT")
        ),
    )


def _fixed_for(context: Context) -> _Fixed:
    """``_fixed(get_language())`` for a page or fragment whose view made the lists' words
    (``bid_words``, a :class:`Words` of this request): the ones those words were made with,
    not looked up again for each section (the active language is a look into request-local
    storage, about 2 µs each, five to eight times a view; issue 15's twenty-eighth pass)."""
    words = context.get("bid_words")
    if isinstance(words, Words):
        return words.fixed
    return _fixed(get_language())


def _esc(value: Any) -> str:
    """``escape(value)``, the same text, without the check for lazy texts Django's wrapper makes
    on every call (about a microsecond of each of a bid's five to ten values, issue 15's
    eighteenth pass): a plain text through ``html.escape``, as ``escape`` writes it; a number
    as its digits, which escaping leaves as they are; anything else through ``escape``.
    ``tests/web/test_bidcards.py`` holds the two equal."""
    kind = type(value)
    if kind is str:
        # Most of a bid's values (its id, the answer's address and mark, the day, the token)
        # hold none of the five characters ``html.escape`` writes out, and come back as they
        # are: five looks for them cost under half of its five replacements (about 0.3 µs of
        # each of some forty values a list; issue 15's twenty-eighth pass).
        text: str = value
        if "&" in text or "<" in text or ">" in text or '"' in text or "'" in text:
            return html.escape(text)
        return text
    if kind is int:
        return str(value)
    return escape(value)


@functools.cache
def _answer_address(prefix: str, urlconf: Any) -> tuple[str, str]:
    """The answer's address before and after a bid's id, for a map of addresses (its prefix
    and URL map): the same for everyone, made as a worker starts."""
    stand_in = "B" * 22
    before, after = reverse("together:bid_answer", args=[stand_in], urlconf=urlconf).split(
        stand_in, 1
    )
    return before, after


class Words:
    """What every bid of one list is drawn with: our own words in the active language (kept
    per language, :func:`_fixed`), the reader's day and time zone, the two formats of a day,
    the answer's address around its id, and each sender's name as drawn. Made afresh for each
    request's lists (never kept between requests; a page's two lists share one): nothing here
    is of a person but the reader's own day and zone and the two names the page shows
    anyway."""

    def __init__(self) -> None:
        self.zone = timezone.get_current_timezone()
        self.today = timezone.localdate(timezone=self.zone)
        fixed = self.fixed = _fixed(get_language())
        self.this_year = fixed.this_year
        self.other_year = fixed.other_year
        self.days_only = fixed.days_only
        self.from_you = fixed.from_you
        self.from_name = fixed.from_name
        self.today_words = fixed.today_words
        self.yesterday = fixed.yesterday
        self.answers = fixed.answers
        self.forms = fixed.forms
        self._names: dict[str, str] = {}
        self._senders: dict[str, str] = {}
        self._days: dict[Any, str] = {}

    def name(self, display_name: str) -> str:
        """``isolate(display_name)``, worked out once for each name the lists draw (a list has
        at most two senders, and a bid drawn alone its own): about 10 µs a bid."""
        drawn = self._names.get(display_name)
        if drawn is None:
            drawn = self._names[display_name] = isolate(display_name)
        return drawn

    def sender(self, display_name: str) -> str:
        """The line that says who sent a bid of the partner's, "From" and the name as
        :meth:`name` draws it, worked out once for each name the lists draw."""
        drawn = self._senders.get(display_name)
        if drawn is None:
            drawn = self._senders[display_name] = self.from_name % {"name": self.name(display_name)}
        return drawn

    @functools.cached_property
    def address(self) -> tuple[str, str]:
        """The answer's address before and after a bid's id (for a list waiting for the
        reader)."""
        return _answer_address(get_script_prefix(), url_map())

    def month_day(self, sent: Any) -> str:
        """:func:`dates.month_day` of a moment already where the reader is."""
        writes = self.this_year if sent.date().year == self.today.year else self.other_year
        return writes(sent)

    def day_of(self, sent: Any) -> str:
        """:meth:`month_day` escaped, worked out once for each day the lists draw (the moment
        itself where the formats write more than the day): bids sent on one day share it,
        as Recent's often do (about 1.3 µs a bid; issue 15's twenty-first pass). Made afresh
        with the lists' words for each request, as the names are."""
        key = sent.date() if self.days_only else sent
        drawn = self._days.get(key)
        if drawn is None:
            drawn = self._days[key] = _esc(self.month_day(sent))
        return drawn


def draw(
    bid: Any,
    *,
    user: Any,
    csrf: str,
    focus_next: bool = False,
    when_error: str = "",
    when_value: str = "",
    words: Words | None = None,
) -> SafeString:
    """The markup of one bid (see the module). Every value from a person or the database goes
    through ``escape``; her words and names through ``isolate``, as the template's filter.
    ``words``: those of the list it is drawn in (:func:`bid_items`), or its own."""
    words = Words() if words is None else words
    public_id = _esc(bid.public_id)
    own = user is not None and bid.owner_id == user.pk
    sender = words.from_you if own else words.sender(bid.owner.display_name)
    sent = dates.local(bid.created_at, words.zone)
    waiting = not (bid.answer or own or user is None)
    days = (words.today - sent.date()).days
    when = _esc(_waited(sent, days, words)) if waiting else words.day_of(sent)
    parts = [
        f'<li class="item" id="bid-{public_id}">\n'
        f'<p><strong id="btext-{public_id}">{isolate(bid.text)}</strong></p>\n'
        f'<p class="hint">{sender} · {when}{_answer(bid, words)}</p>\n'
    ]
    if waiting:
        parts.append(
            _forms(bid, user, csrf, focus_next, when_error, when_value, days > 0, words, public_id)
        )
    parts.append("</li>")
    return SafeString("".join(parts))  # every value above is escaped


def _waited(sent: Any, days: int, words: Words) -> str:
    """When a bid still waiting for the reader was sent, with how long it has waited: a bid
    days old read as just sent, beside "Yes, now" (the walks of 2026-12-04). Only her own view
    of what was sent to her says this; the sender's card is as it was."""
    if days <= 0:
        return words.today_words
    day = words.month_day(sent)
    if days == 1:
        return words.yesterday % {"day": day}
    return ngettext(
        "sent on %(day)s, %(days)d day ago", "sent on %(day)s, %(days)d days ago", days
    ) % {"day": day, "days": days}


def _answer(bid: Any, words: Words) -> str:
    shape = words.answers.get(bid.answer)
    if shape is None:
        return ""
    css, said = shape
    # The dot stays with the answer (a no-break space): a tag that wraps to the next line no
    # longer leaves it at the end of the line above (the phone walk of 2026-12-04).
    if bid.answer == "later" and bid.answer_when:
        return f' ·&nbsp;<span class="{css}">{said}: {_esc(bid.answer_when)}</span>'
    return f' ·&nbsp;<span class="{css}">{said}</span>'


def _forms(
    bid: Any,
    user: Any,
    csrf: str,
    focus_next: bool,
    when_error: str,
    when_value: str,
    old: bool,
    words: Words,
    public_id: str,
) -> str:
    """The two forms that answer a bid waiting for the reader; ``public_id``: the bid's id,
    escaped (:func:`draw` has it)."""
    before, after = words.address
    address = _esc(f"{before}{bid.public_id}{after}")
    mark = _esc(mark_for(user.pk, bid.partnership_id, str(bid.public_id)))
    hidden = (
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{_esc(csrf)}">'
        f'<input type="hidden" name="{MARK_FIELD}" value="{mark}">'
    )
    error = box_extra = ""
    if when_error:
        error = (
            f'<p class="errorlist" id="when-error-{public_id}" role="alert">'
            f"{_esc(when_error)}</p>\n"
        )
        box_extra = (
            f' value="{_esc(when_value)}" aria-invalid="true"'
            f' aria-describedby="when-error-{public_id}"'
        )
    focus = ' tabindex="-1" data-focus-next' if focus_next else ""
    yes_now, yes_old, no, ask, later = words.forms
    yes = yes_old if old else yes_now
    # Each answer button is named with the bid it answers ("Not now, Tea now?"), its words read
    # from the card above rather than written again: in a list of bids, three buttons a bid
    # sounded alike from one card to the next (the assistive-technology walk of 2026-12-04).
    form = (
        f'<form method="post" action="{address}" hx-post="{address}" hx-target="#bid-{public_id}"'
        ' hx-swap="outerHTML"'
    )
    return (
        f'<div role="group" aria-labelledby="btext-{public_id}"{focus}>\n'
        f'{form} class="choices">{hidden}\n'
        f'<button type="submit" name="answer" value="yes_now" id="yes-{public_id}"'
        f' aria-labelledby="yes-{public_id} btext-{public_id}">{yes}</button>\n'
        f'<button type="submit" name="answer" value="not_now" class="secondary" id="no-{public_id}"'
        f' aria-labelledby="no-{public_id} btext-{public_id}">{no}</button>\n'
        "</form>\n"
        f"{form}>{hidden}\n"
        '<input type="hidden" name="answer" value="later">\n'
        f'<label for="when-{public_id}">{ask}</label>\n'
        f"{error}"
        '<div class="choices">\n'
        f'<input type="text" id="when-{public_id}" name="when" class="short"'
        f' autocomplete="off"{box_extra}>\n'
        f'<button type="submit" class="secondary" id="later-{public_id}"'
        f' aria-labelledby="later-{public_id} btext-{public_id}">{later}</button>\n'
        "</div>\n"
        "</form>\n"
        "</div>\n"
    )


@register.simple_tag
def bid_months(history: Any, oob: bool = False) -> SafeString:
    """The month-by-month table's rows, newest first: the month's writer of the language
    (:func:`_fixed`), not its format looked up once a row."""
    writes = _fixed(get_language()).month
    return SafeString("".join(_month_row(m, oob, writes) for m in history))  # escaped


@register.simple_tag
def month_row(m: Any, oob: bool = False) -> SafeString:
    """One month's row: sent, and each answer, counted; out of band after an answer. The month
    written as ``dates.short_month`` writes it, by the language's kept writer."""
    return SafeString(_month_row(m, oob, _fixed(get_language()).month))  # escaped there


def _month_row(m: Any, oob: bool, writes: Callable[[Any], str]) -> str:
    """The row's markup, each value escaped (the month's words and the counts)."""
    swap = ' hx-swap-oob="true"' if oob else ""
    first = m.month
    # ``strftime("%Y-%m")`` written out (about 3 µs a row) for a year of four digits, whose
    # text every platform writes alike: digits and a dash, nothing to escape.
    four = first.year >= 1000
    key = f"{first.year}-{first.month:02d}" if four else _esc(first.strftime("%Y-%m"))
    return (
        f'<tr id="bid-month-{key}"{swap}>'
        f'<th scope="row" class="nowrap">{_esc(writes(m.month))}</th><td>{_esc(m.sent)}</td>'
        f"<td>{_esc(m.yes_now)}</td><td>{_esc(m.later)}</td><td>{_esc(m.not_now)}</td></tr>"
    )


@register.simple_tag(takes_context=True)
def bid_form_fields(context: Context, form: Any) -> SafeString:
    """``{% form_fields form %}`` for the form that sends a bid: written straight
    (:func:`send_fields`) as the page first shows it, the usual way once sent back. No form
    (``None``: the page opened, nothing sent) is the form as it first shows, with a fresh key,
    written from its markup made once per language (:func:`fresh_send_fields`)."""
    if form is None:
        return mark_safe(fresh_send_fields())  # noqa: S308 - escaped (fresh_send_fields)
    drawn = send_fields(form) if formfields.DRAW_IN_PYTHON else None
    if drawn is not None:
        return mark_safe(drawn)  # noqa: S308 - every value is escaped (send_fields)
    if formfields.DRAW_IN_PYTHON:
        return mark_safe(formfields.draw(form))  # noqa: S308 - the renderer escapes
    engine = context.template.engine if context.template else Engine.get_default()
    with context.push(form=form):
        return mark_safe(str(engine.get_template(formfields.REFERENCE).render(context)))  # noqa: S308


def send_fields(form: Any) -> str | None:
    """What :func:`formfields.draw` writes for the form that sends a bid as the page first
    shows it (not sent back, so empty and without errors): its key, hidden, and the box with
    its label and hint. Django built the box's widget context and drew it through its renderer,
    about 0.1-0.2 ms a view (issue 15's thirteenth pass); here the same markup is written
    straight, every value escaped as the renderer escapes it, the words translated as they are
    drawn (nothing is kept). None for a form sent back, drawn the usual way.
    ``tests/web/test_bidcards.py`` holds the two equal, byte for byte."""
    if form.is_bound or list(form.fields) != ["idem", "text"]:
        return None
    key, text = form["idem"], form["text"]
    if not key.value() or text.value():
        return None
    text_id = escape(text.auto_id)
    return (
        f'\n<input type="hidden" name="{escape(key.html_name)}" value="{escape(key.value())}"'
        f' id="{escape(key.auto_id)}">\n\n<div class="field">\n  '
        f'<label for="{text_id}">{escape(text.label)}</label>'
        f'<textarea name="{escape(text.html_name)}" cols="40" rows="2" autocomplete="off"'
        f' required aria-describedby="{text_id}_helptext" id="{text_id}">\n</textarea>\n  \n  '
        f'<p class="help" id="{text_id}_helptext">{escape(text.help_text)}</p>\n</div>\n\n'
    )


#: Where the fresh key goes in the send box's markup made once per language: letters that
#: escaping leaves as they are, found once in the markup.
_KEY_STAND_IN = "K" * 32


@functools.cache
def _send_box(language: str | None) -> list[str]:
    """:func:`send_fields` of a new ``BidForm`` in ``language``, cut at its key
    (``keptforms.cut``: drawn once, as an attribute's value).
    Nothing of the form changes from one request to the next but that key (a new ``uuid4``
    each time): its fields, ids, label and hint are the class's, in the active language
    (``tests/web/test_bidcards.py`` holds the markup equal to Django's for many keys, in both
    languages). Made for each language as a worker starts (:func:`_warm`), never on a first
    view."""
    from interdepend.web.together.forms import BidForm

    drawn = send_fields(BidForm(None, initial={"idem": _KEY_STAND_IN}))
    pieces = None if drawn is None else keptforms.cut(drawn, [_KEY_STAND_IN], before='"', after='"')
    if pieces is None:
        raise RuntimeError("the form that sends a bid no longer draws as send_fields writes it")
    return pieces


def fresh_send_fields() -> str:
    """The form that sends a bid as the page first shows it, with a fresh key: what
    ``send_fields(BidForm())`` writes, without building the form (its fields copied, our
    words put on their errors, its bound fields: about 0.1-0.2 ms a view, issue 15's
    fifteenth pass)."""
    return keptforms.join(_send_box(get_language()), (new_key(),))


def _warm(**_: object) -> None:
    """Sent in each language as a worker starts (``frame.warmup.worker_starting``): the bids'
    words and the send box of that language, and the answer's address, so no first view makes
    them. (The hand-written statements of the lists and of an answer's month are made with
    every kept statement, ``frame.warmup.make_every_kept_statement``.)"""
    _fixed(get_language())
    _send_box(get_language())
    _answer_address(get_script_prefix(), url_map())


worker_starting.connect(_warm, dispatch_uid="interdepend-warm-bid-cards")


def _forget(**_: object) -> None:
    """A setting changed (languages, addresses): make the kept parts again on their use."""
    _fixed.cache_clear()
    _send_box.cache_clear()
    _answer_address.cache_clear()


setting_changed.connect(_forget, weak=False, dispatch_uid="interdepend-bid-cards-kept")
