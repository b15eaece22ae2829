"""Parts of *Who can see what* drawn in Python: her partner's card, her practitioners' cards,
the shared check-in weeks, where she is signed in, and labels looked up.

The cards (issue 15's eleventh pass): her partner's card was about a third of the page's own
time through the template engine (seven ``{% blocktranslate %}`` blocks, five of them counted,
each 40-70 µs), and her practitioners' cards a loop of a form a scope. Here each is written as
a string, every value escaped as the template escaped it, names isolated, every word looked up
with ``gettext`` (since the twentieth pass, the fixed sentences once per language as a worker
starts, :func:`_words`): the same markup as the template they replaced, byte for byte
(``tests/web/test_safety_partner_card.py``, against ``tests/web/reference/safetycheck/``).
Nothing is kept between requests. The page hands them their fixed addresses from its own
text kept per language (``safetypage``, issue 15's sixteenth pass); as tags, which the old
templates kept in ``tests/web/reference/safetycheck/`` still use, their addresses are
``{% url %}`` nodes of the tags' own (:class:`AddressedNode`), which the worker's warm-up fills
as it fills every template's.
So is the list of where she is signed in (the thirteenth pass;
``tests/web/test_safety_sessions.py``, against ``tests/web/reference/safetycheck/sessions.html``).

The list of weeks:

With more than three shared check-ins the page offers them one week at a time in a select, one
option a week: a year of check-ins is 52 options, each with the week's date written twice. Drawn
through the template engine that cost about 1.4 ms, more than the rest of her partner's card
(issue 15's tenth pass, docs/performance-passes.md). Here the options are written as a string, each
date written as the ``date`` filter writes it (``frame.dates``) and escaped as the template
escaped it: the same markup as the loop it replaced, byte for byte
(``tests/web/test_safetyparts.py``, against ``tests/web/reference/week_options.html``).
Nothing is kept between requests: the weeks are hers, and are read and written each view.

The labels: a practitioner's kind and each scope they may see were found by looping over every
label and comparing keys in the template (about 50 µs a practitioner and a scope); ``label_of``
looks the one up (``tests/web/test_safetyparts.py`` holds the two equal).
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django import template
from django.template.base import FilterExpression, NodeList, Parser, Token, TokenType
from django.template.defaultfilters import time as time_filter
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localtime
from django.utils.translation import get_language, gettext, gettext_noop, ngettext

from interdepend.web.frame import dates
from interdepend.web.frame.formrender import escape_text
from interdepend.web.frame.templatetags import formfields
from interdepend.web.frame.templatetags.fasttags import url as url_tag
from interdepend.web.frame.templatetags.usertext import isolate
from interdepend.web.frame.warmup import worker_starting

if TYPE_CHECKING:
    from interdepend.web.datarights.safetycheck.selectors import (
        PartnerSide,
        PractitionerRow,
        SharedEntryRow,
        Together,
    )

register = template.Library()

#: A part's fixed addresses by name, drawn and escaped by their ``{% url %}`` nodes.
Urls = Mapping[str, str]

#: The cards' fixed sentences in the language of now, by their English words (:func:`_words`).
Words = Mapping[str, str]

#: What comes before each option: the template's line break and indent.
INDENT = "\n            "


@register.simple_tag
def week_options(weeks: Sequence[datetime.date]) -> SafeString:
    """An ``<option>`` for each week: its ISO date as the value, its date as the person's
    language writes a date as the text.

    The value is the week's ``isoformat()``, what ``|date:"Y-m-d"`` writes of a day (the year
    in four digits, month and day in two: Django's ``Y``, ``m`` and ``d``), without a format's
    pieces walked for each of a year's weeks (3 µs a week against 0.3; issue 15's fourteenth
    pass). ``tests/web/test_safetyparts.py`` holds the two equal over every day of four
    hundred years and the reference list.

    Each Monday from 2010 to 2059 has its option written in each language as a worker starts
    (:func:`_warm_weeks`; issue 15's nineteenth pass: a year of weeks took 120-140 µs to write
    on every view of a person who shares her check-ins, the largest part of her partner's card).
    A list of those weeks is joined from them; a list holding any other day is written here, as
    before. The kept options are the same for everyone: no week of anyone's is kept."""
    kept = _kept_options.get(get_language())
    if kept is not None:
        try:
            joined = "".join([kept[week] for week in weeks])
        except KeyError:
            pass
        else:
            return mark_safe(joined)  # noqa: S308 - every value was escaped as it was kept
    return mark_safe("".join(_options(weeks)))  # noqa: S308 - every value is escaped there


def _options(weeks: Sequence[datetime.date]) -> list[str]:
    """Each week's ``<option>``, written in the language of now, every value escaped."""
    shown = dates.writer("DATE_FORMAT")
    values = escaped_each([week.isoformat() for week in weeks] + [shown(week) for week in weeks])
    n = len(weeks)
    return [
        f'{INDENT}<option value="{value}">{text}</option>'
        for value, text in zip(values[:n], values[n:], strict=True)
    ]


#: The first of the Mondays whose options are kept, and how many are (through 2059).
FIRST_KEPT_WEEK = datetime.date(2010, 1, 4)
KEPT_WEEKS = (datetime.date(2060, 1, 1) - FIRST_KEPT_WEEK).days // 7 + 1
#: Each language's option for each of those Mondays, by the language's code: made as a worker
#: starts (:func:`_warm_weeks`), never by a request (a language not made is written each time).
_kept_options: dict[str | None, dict[datetime.date, str]] = {}


def _warm_weeks(**_: object) -> None:
    """Sent in each language as a worker starts (``frame.warmup.worker_starting``): every kept
    Monday's option, written as :func:`_options` writes it (about 7 ms a language)."""
    weeks = [FIRST_KEPT_WEEK + datetime.timedelta(weeks=n) for n in range(KEPT_WEEKS)]
    _kept_options[get_language()] = dict(zip(weeks, _options(weeks), strict=True))


worker_starting.connect(_warm_weeks, dispatch_uid="interdepend-warm-safety-weeks")


#: What joins the texts :func:`escaped_each` escapes in one pass: ``escape`` leaves it as it is.
_JOIN = "\n"


#: Django's ``escape`` as a plain text (``formrender.escape_text``).
_escaped = escape_text


def escaped_each(texts: Sequence[str]) -> list[str]:
    """``[_escaped(text) for text in texts]``, with :func:`_escaped` called once on the texts
    joined by a line break and the result cut there again (issue 15's sixteenth pass: a year of
    weeks is a hundred values, and each call of ``escape`` costs about 1 µs around the work).
    ``escape`` replaces each of five characters wherever it stands, so escaping the joined
    texts is joining the escaped ones; a text holding a line break itself is escaped alone,
    each, as before (``tests/web/test_safetyparts.py`` holds the two equal)."""
    if not texts:
        return []
    joined = _JOIN.join(texts)
    if joined.count(_JOIN) != len(texts) - 1:
        return [_escaped(text) for text in texts]
    return _escaped(joined).split(_JOIN)


@register.filter
def label_of(labels: Mapping[Any, Any], key: Any) -> Any:
    """The label of ``key`` (a kind or a scope) in ``labels``, or "" when it has none, as
    ``{% for k, label in labels.items %}{% if k == key %}{{ label }}{% endif %}{% endfor %}``
    drew it; the label is escaped where it is drawn, as before."""
    return labels.get(key, "")


#: Every fixed sentence the cards look up, in English: looked up once per language as a worker
#: starts (:func:`_words`), each marked so that the catalogue still finds it.
_SENTENCES = (
    gettext_noop("You are not linked with anyone. Nobody sees anything of yours as a partner."),
    gettext_noop(
        "You have been linked with <strong>%(name)s</strong> since %(since)s. %(name)s "
        "sees your name, and:"
    ),
    gettext_noop(
        "You have been linked with <strong>%(name)s</strong> since %(since)s. %(name)s "
        "sees your name, and nothing else of yours."
    ),
    gettext_noop("Unlink from %(name)s"),
    gettext_noop(
        "We ask for your password first. Nobody is told; it looks as if you had simply left."
    ),
    gettext_noop(
        "The results you chose to share. Once you have both shared, they make your couple "
        "view, with how each of you sees the other."
    ),
    gettext_noop("Stop sharing my results"),
    gettext_noop("Your journal entry of %(day)s"),
    gettext_noop("Make it private"),
    gettext_noop("Make them all private"),
    gettext_noop("One week at a time"),
    gettext_noop("The week"),
    gettext_noop("Make that week private"),
    gettext_noop("Your check-in for the week of %(day)s"),
    gettext_noop("Make them private"),
    gettext_noop("What you keep together in this partnership:"),
    gettext_noop(
        "These belong to the two of you. They close for both of you when you unlink, below."
    ),
    gettext_noop("You are not connected with any practitioner."),
    gettext_noop("connected since %(since)s"),
    gettext_noop(
        "This is also your partner's account. Ending the partnership ends this connection too."
    ),
    gettext_noop("This is the account of someone you were linked with as partners before."),
    gettext_noop("They may see:"),
    gettext_noop(
        "You have not let them see any results. They know only your name and that you are "
        "connected."
    ),
    gettext_noop("End the connection with %(name)s"),
    gettext_noop("We ask for your password first."),
    gettext_noop("Stop this"),
    gettext_noop("Sign it out"),
    gettext_noop("this device"),
    gettext_noop("A phone"),
    gettext_noop("A tablet"),
    gettext_noop("A computer"),
    gettext_noop("signed in %(when)s"),
    gettext_noop(", last used %(when)s"),
)


@functools.cache
def _words(language: str | None) -> dict[str, str]:
    """Each of :data:`_SENTENCES` as ``gettext`` gives it in ``language`` (the active one), by
    its English words: the same for everyone. The cards looked up some thirty of them on every
    view, about 2 µs each (issue 15's twentieth pass). Made for every language as a worker
    starts (:func:`_warm_words`); a card takes them as ``w``."""
    return {sentence: gettext(sentence) for sentence in _SENTENCES}


#: Every counted sentence of the page (a ``{% blocktranslate count %}``), singular and plural:
#: the cards' and the page's own (``safetypage``). Each has its words for every count below
#: :data:`KEPT_COUNTS` kept per language as a worker starts (:func:`_counted_words`).
COUNTED_SENTENCES = (
    (
        "Your check-ins: %(n)s week, from %(first)s to %(last)s.",
        "Your check-ins: %(n)s weeks, from %(first)s to %(last)s.",
    ),
    (
        "Your answer to %(n)s shared question of the day, which %(name)s reads on the days you "
        "both answered.",
        "Your answers to %(n)s shared questions of the day, which %(name)s reads on the days "
        "you both answered.",
    ),
    ("%(n)s shared goal", "%(n)s shared goals"),
    ("%(n)s promise you made", "%(n)s promises you made"),
    ("You reached out %(n)s time", "You reached out %(n)s times"),
    ("%(n)s boundary you stated", "%(n)s boundaries you stated"),
    ("%(n)s decision", "%(n)s decisions"),
    ("one of your passkeys (%(n)s added)", "one of your passkeys (%(n)s added)"),
    ("%(n)s recovery code left", "%(n)s recovery codes left"),
    (
        "%(n)s device gets notifications from your account. They never say what is waiting, "
        "but they do say that something is.",
        "%(n)s devices get notifications from your account. They never say what is waiting, "
        "but they do say that something is.",
    ),
)
#: The counts (0 up to this, not included) whose words are kept: ten years of weekly check-ins
#: or reaching out; a larger count's words are looked up with ``ngettext`` as before.
KEPT_COUNTS = 600

#: A counted sentence's words by (singular, plural, count), as ``ngettext`` gives them.
CountedWords = Mapping[tuple[str, str, int], str]


@functools.cache
def _counted_words(language: str | None) -> dict[tuple[str, str, int], str]:
    """``ngettext(singular, plural, n)`` in ``language`` (the active one) for each of
    :data:`COUNTED_SENTENCES` and every ``n`` below :data:`KEPT_COUNTS`: the same for everyone.
    The page looked up seven to nine of them on every view, about 2-4 µs each (issue 15's
    twenty-fourth pass). Made for every language as a worker starts (:func:`_warm_words`)."""
    return {
        (singular, plural, n): ngettext(singular, plural, n)
        for singular, plural in COUNTED_SENTENCES
        for n in range(KEPT_COUNTS)
    }


def counted_words(kept: CountedWords, singular: str, plural: str, n: int) -> str:
    """``ngettext(singular, plural, n)``: from ``kept`` (:func:`_counted_words` of the language
    of now) when it holds them, else looked up."""
    words = kept.get((singular, plural, n))
    return ngettext(singular, plural, n) if words is None else words


def _warm_words(**_: object) -> None:
    """Sent in each language as a worker starts (``frame.warmup.worker_starting``): the cards'
    fixed sentences and the page's counted ones."""
    _words(get_language())
    _counted_words(get_language())


worker_starting.connect(_warm_words, dispatch_uid="interdepend-warm-safety-words")


def _counted(kept: CountedWords, singular: str, plural: str, n: int, **values: str) -> str:
    """A ``{% blocktranslate count n=... %}``: the words for ``n`` (:func:`counted_words`), with
    ``n`` as the template wrote a whole number (no grouping: ``USE_THOUSAND_SEPARATOR`` is off)
    and ``values`` as given (each escaped by the caller)."""
    return counted_words(kept, singular, plural, n) % {"n": str(n), **values}


def partner_card(csrf: str, urls: Urls, side: PartnerSide | None) -> SafeString:
    """Her partner's card: what the partner can see of hers, each with its button, and the way
    to unlink; or the sentence that she is linked with nobody. Every value is escaped, the name
    isolated, every fixed sentence as its language gives it (:func:`_words`); nothing of hers
    is kept between requests. ``csrf``: her token's field, written once for the page's forms
    (``safetypage.safety_page``)."""
    language = get_language()
    w = _words(language)
    if not side:
        alone = w["You are not linked with anyone. Nobody sees anything of yours as a partner."]
        return mark_safe(f"\n\n<p>{alone}</p>\n\n")  # noqa: S308 - our words only
    name = isolate(side.name)
    since = _escaped(dates.write(localtime(side.since), "DATE_FORMAT"))
    if side.any:
        linked = w[
            "You have been linked with <strong>%(name)s</strong> since %(since)s. %(name)s "
            "sees your name, and:"
        ]
        head = f"\n  <p>{linked % {'name': name, 'since': since}}</p>\n  "
        shared = _shared_items(side, name, csrf, urls, w, _counted_words(language))
        items = f'<ul class="items">\n    {shared}\n  </ul>'
    else:
        only = w[
            "You have been linked with <strong>%(name)s</strong> since %(since)s. %(name)s "
            "sees your name, and nothing else of yours."
        ]
        head = f'\n  <p data-access="name-only">{only % {"name": name, "since": since}}</p>\n  '
        items = ""
    unlink = w["Unlink from %(name)s"] % {"name": name}
    asked = w["We ask for your password first. Nobody is told; it looks as if you had simply left."]
    return mark_safe(  # noqa: S308 - every value is escaped here, the words ours
        f'\n\n<div class="card">\n  {head}\n  {items}\n'
        f'  <form method="post" action="{urls["safetycheck:unlink"]}" class="actions">{csrf}\n'
        f'    <button type="submit">{unlink}</button>\n'
        f'    <span class="hint">{asked}</span>\n  </form>\n</div>\n\n'
    )


def _shared_items(
    side: PartnerSide, name: str, csrf: str, urls: Urls, w: Words, kept: CountedWords
) -> str:
    """The list's items: her shared results, entries, check-ins, answers and what the two keep
    together, each as the template drew it, joined by its line breaks."""
    daily = side.daily_answers
    return "\n    ".join(
        (
            _results_item(csrf, urls, w) if side.results_shared else "",
            "".join(_entry_item(e, csrf, urls, w) for e in side.entries),
            _checkins_item(side.checkins, csrf, urls, w, kept),
            _daily_item(daily, name, csrf, urls, w, kept) if daily else "",
            _together_item(side.together, w, kept) if side.together.any else "",
        )
    )


def _results_item(csrf: str, urls: Urls, w: Words) -> str:
    what = w[
        "The results you chose to share. Once you have both shared, they make your couple "
        "view, with how each of you sees the other."
    ]
    stop = w["Stop sharing my results"]
    return (
        f'\n    <li class="item" data-access="results">\n      <p>{what}</p>\n'
        f'      <form method="post" action="{urls["safetycheck:results"]}" class="inline">'
        f'{csrf}\n        <button type="submit" class="secondary">{stop}</button></form>\n'
        "    </li>\n    "
    )


def _entry_item(
    entry: SharedEntryRow,
    csrf: str,
    urls: Urls,
    w: Words,
    who: str = "partner",
    heading: str = "partner-heading",
    private: str | None = None,
) -> str:
    """A shared entry as a list item, with the form that makes it private: shared with her
    partner (``who``, the list under ``heading``), or with her practitioners, as *Who can see
    what*'s own list draws it (``safetypage``, with its words as ``{% translate %}`` drew them
    in ``private``)."""
    key = _escaped(entry.public_id)
    day = _escaped(dates.write(entry.written, "DATE_FORMAT"))
    words = w["Your journal entry of %(day)s"] % {"day": day}
    if entry.same_day:
        at = _escaped(time_filter(localtime(entry.at), "TIME_FORMAT"))
        words += f'<span class="visually-hidden"> ({at})</span>'
    if private is None:
        private = w["Make it private"]
    return (
        f'\n    <li class="item" data-access="entry-{who}">\n'
        f'      <p id="entry-{who}-{key}">{words}</p>\n'
        f'      <form method="post" action="{urls["safetycheck:entry"]}" class="inline">'
        f'{csrf}\n        <input type="hidden" name="entry" value="{key}">'
        f'<input type="hidden" name="with" value="{who}">\n'
        f'        <button type="submit" class="secondary" id="private-{who}-{key}" '
        f'aria-labelledby="private-{who}-{key} entry-{who}-{key} {heading}">'
        f"{private}</button></form>\n    </li>\n    "
    )


def _checkins_item(
    weeks: Sequence[datetime.date], csrf: str, urls: Urls, w: Words, kept: CountedWords
) -> str:
    """Her shared check-ins: more than three as one item with the weeks in a select, else an
    item a week."""
    action = urls["safetycheck:checkin"]
    if len(weeks) <= 3:
        return f"\n    {''.join(_week_item(week, action, csrf, w) for week in weeks)}\n    "
    shown = dates.writer("DATE_FORMAT")
    span = _counted(
        kept,
        "Your check-ins: %(n)s week, from %(first)s to %(last)s.",
        "Your check-ins: %(n)s weeks, from %(first)s to %(last)s.",
        len(weeks),
        first=_escaped(shown(weeks[-1])),
        last=_escaped(shown(weeks[0])),
    )
    return (
        f'\n    <li class="item" data-access="checkins">\n      <p>{span}</p>\n'
        f'      <form method="post" action="{action}" class="inline">{csrf}\n'
        '        <input type="hidden" name="week" value="all">\n'
        f'        <button type="submit" class="secondary">{w["Make them all private"]}'
        "</button></form>\n      <details>\n"
        f"        <summary>{w['One week at a time']}</summary>\n"
        f'        <form method="post" action="{action}" class="actions" '
        f'data-access="checkin-week">{csrf}\n'
        f'          <label for="checkin-week">{w["The week"]}</label>\n'
        '          <select id="checkin-week" name="week" autocomplete="off">'
        f"{week_options(weeks)}\n          </select>\n"
        f'          <button type="submit" class="secondary">{w["Make that week private"]}'
        "</button>\n        </form>\n      </details>\n    </li>\n    "
    )


def _week_item(week: datetime.date, action: str, csrf: str, w: Words) -> str:
    iso = _escaped(dates.write(week, "Y-m-d"))
    words = w["Your check-in for the week of %(day)s"] % {
        "day": _escaped(dates.write(week, "DATE_FORMAT"))
    }
    return (
        f'\n    <li class="item" data-access="checkin">\n'
        f'      <p id="checkin-{iso}">{words}</p>\n'
        f'      <form method="post" action="{action}" class="inline">{csrf}\n'
        f'        <input type="hidden" name="week" value="{iso}">\n'
        f'        <button type="submit" class="secondary" id="private-checkin-{iso}" '
        f'aria-labelledby="private-checkin-{iso} checkin-{iso}">{w["Make it private"]}'
        "</button></form>\n    </li>\n    "
    )


def _daily_item(n: int, name: str, csrf: str, urls: Urls, w: Words, kept: CountedWords) -> str:
    words = _counted(
        kept,
        "Your answer to %(n)s shared question of the day, which %(name)s reads on the days you "
        "both answered.",
        "Your answers to %(n)s shared questions of the day, which %(name)s reads on the days "
        "you both answered.",
        n,
        name=name,
    )
    return (
        f'\n    <li class="item" data-access="daily">\n      <p>{words}</p>\n'
        f'      <form method="post" action="{urls["safetycheck:daily"]}" class="inline">'
        f'{csrf}\n        <button type="submit" class="secondary">'
        f"{w['Make them private']}</button></form>\n    </li>\n    "
    )


def _together_item(together: Together, w: Words, kept: CountedWords) -> str:
    """What the two keep together, one line a kind, a line left empty for a kind they have
    none of (as the template's ``{% if %}`` left it)."""
    kinds = (
        (together.goals, "%(n)s shared goal", "%(n)s shared goals"),
        (together.commitments, "%(n)s promise you made", "%(n)s promises you made"),
        (together.bids, "You reached out %(n)s time", "You reached out %(n)s times"),
        (together.boundaries, "%(n)s boundary you stated", "%(n)s boundaries you stated"),
        (together.decisions, "%(n)s decision", "%(n)s decisions"),
    )
    lines = "".join(
        f"\n        {_counted(kept, one, many, n) + '.' if n else ''}" for n, one, many in kinds
    )
    keep = w["What you keep together in this partnership:"]
    close = w["These belong to the two of you. They close for both of you when you unlink, below."]
    return (
        f'\n    <li class="item" data-access="together">\n      <p>{keep}\n      {lines}\n'
        f'      </p>\n      <p class="hint">{close}</p>\n    </li>\n    '
    )


def practitioner_cards(
    csrf: str,
    urls: Urls,
    found: Sequence[PractitionerRow],
    kind_labels: Mapping[Any, Any],
    scope_labels: Mapping[Any, Any],
) -> SafeString:
    """A card for each of her practitioners: who, what they may see (each with its button) and
    the way to end the connection; or the sentence that she has none. Every value is escaped,
    names isolated, every fixed sentence as its language gives it; nothing is kept between requests.
    ``csrf``: her token's field, as for :func:`partner_card`."""
    w = _words(get_language())
    if not found:
        none = w["You are not connected with any practitioner."]
        return mark_safe(f"\n<p>{none}</p>\n")  # noqa: S308 - our words only
    return mark_safe(  # noqa: S308 - every value is escaped here, the words ours
        "".join(_practitioner_card(p, csrf, urls, kind_labels, scope_labels, w) for p in found)
    )


def _practitioner_card(
    p: PractitionerRow,
    csrf: str,
    urls: Urls,
    kind_labels: Mapping[Any, Any],
    scope_labels: Mapping[Any, Any],
    w: Words,
) -> str:
    key = _escaped(p.public_id)
    name = isolate(p.name)
    hint = _escaped(kind_labels.get(p.kind, ""))
    if p.practice_name:
        hint += f" · {isolate(p.practice_name)}"
    since = _escaped(dates.write(localtime(p.since), "DATE_FORMAT"))
    connected = w["connected since %(since)s"] % {"since": since}
    partner_note = ex_note = ""
    if p.partner_account:
        words = w[
            "This is also your partner's account. Ending the partnership ends this connection too."
        ]
        partner_note = f'<p class="notice" role="note" data-note="partner-account">{words}</p>'
    if p.ex_account:
        words = w["This is the account of someone you were linked with as partners before."]
        ex_note = f'<p class="notice" role="note" data-note="ex-account">{words}</p>'
    if p.scopes:
        action = urls["safetycheck:scope"]
        items = "".join(
            _scope_item(key, scope, action, csrf, scope_labels, w) for scope in p.scopes
        )
        sees = f'\n  <p>{w["They may see:"]}</p>\n  <ul class="items">\n    {items}\n  </ul>\n  '
    else:
        nothing = w[
            "You have not let them see any results. They know only your name and that you are "
            "connected."
        ]
        sees = f"\n  <p>{nothing}</p>\n  "
    end = w["End the connection with %(name)s"] % {"name": name}
    return (
        f'\n<div class="card" data-access="practitioner">\n'
        f'  <h3 id="practitioner-{key}">{name}</h3>\n'
        f'  <p class="hint">{hint} ·\n    {connected}</p>\n'
        f"  {partner_note}\n  {ex_note}\n  {sees}\n"
        f'  <form method="post" action="{urls["safetycheck:practitioner"]}" class="actions">'
        f'{csrf}\n    <input type="hidden" name="link" value="{key}">\n'
        f'    <button type="submit">{end}</button>\n'
        f'    <span class="hint">{w["We ask for your password first."]}</span>\n'
        "  </form>\n</div>\n"
    )


def _scope_item(
    key: str, scope: str, action: str, csrf: str, scope_labels: Mapping[Any, Any], w: Words
) -> str:
    """One thing a practitioner may see, with the button that stops it, named with what it
    stops and for whom."""
    s = _escaped(scope)
    label = _escaped(scope_labels.get(scope, ""))
    return (
        f'\n    <li class="item" data-access="scope-{s}">\n'
        f'      <p id="scope-{key}-{s}">{label}</p>\n'
        f'      <form method="post" action="{action}" class="inline">{csrf}\n'
        f'        <input type="hidden" name="link" value="{key}">'
        f'<input type="hidden" name="scope" value="{s}">\n        \n'
        f'        <button type="submit" class="secondary" id="stop-{key}-{s}" '
        f'aria-labelledby="stop-{key}-{s} scope-{key}-{s} practitioner-{key}">'
        f"{w['Stop this']}</button></form>\n    </li>\n    "
    )


def session_items(csrf: str, urls: Urls, sessions: Sequence[Any]) -> SafeString:
    """Where she is signed in: each device as a list item, what it is, when it signed in and
    when it was last used (or that it is this one), and a form to sign each other one out
    (issue 15's thirteenth pass: through the template, a ``{% blocktranslate %}`` or two and a
    form a device). ``csrf``: her token's field, as for :func:`partner_card`."""
    w = _words(get_language())
    signed_out = _escaped(w["Sign it out"])
    this_device = _escaped(w["this device"])
    kinds = {"phone": _escaped(w["A phone"]), "tablet": _escaped(w["A tablet"])}
    computer = _escaped(w["A computer"])
    parts = []
    for s in sessions:
        signed_in = w["signed in %(when)s"] % {"when": _shown_when(s.signed_in)}
        browser = f" ({_escaped(s.browser)})" if s.browser else ""
        if s.is_current:
            used, form = f" · <strong>{this_device}</strong>", ""
        else:
            used = w[", last used %(when)s"] % {"when": _shown_when(s.last_used)}
            form = (
                f'\n    <form method="post" action="{urls["safetycheck:session"]}" class="inline">'
                f'{csrf}\n      <input type="hidden" name="session" value="{_escaped(s.token)}">\n'
                f'      <button type="submit" class="secondary">{signed_out}</button></form>\n    '
            )
        access = "this-device" if s.is_current else "device"
        parts.append(
            f'\n  <li class="item" data-access="{access}">\n'
            f"    <p>{kinds.get(s.device, computer)}{browser},\n"
            f"      {signed_in}{used}</p>\n    {form}\n  </li>\n  "
        )
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


def _shown_when(moment: datetime.datetime) -> str:
    """``{{ moment|date:"DATETIME_FORMAT" }}`` put into a block: where the reader is, escaped."""
    return str(_escaped(dates.local_write(moment, "DATETIME_FORMAT")))


class AddressedNode(template.Node):
    """A part drawn in Python that names fixed addresses: each is a ``{% url %}`` node of its
    own (``frame.templatetags.fasttags``), so the worker's warm-up, which fills every
    ``{% url %}`` of every template as it starts, fills these too, and no first view reverses
    one (``tests/web/test_warmup.py``). The part gets them drawn, escaped, by name, with the
    token's field written from the context."""

    child_nodelists = ("addresses",)

    def __init__(
        self,
        draw: Callable[..., SafeString],
        names: Sequence[str],
        args: list[FilterExpression],
        addresses: NodeList,
    ) -> None:
        self.draw, self.names, self.args, self.addresses = draw, names, args, addresses

    def render(self, context: template.Context) -> SafeString:
        urls = {
            name: node.render(context)
            for name, node in zip(self.names, self.addresses, strict=True)
        }
        csrf = formfields.csrf_input(context)
        return self.draw(csrf, urls, *(arg.resolve(context) for arg in self.args))


def _addressed(name: str, draw: Callable[..., SafeString], names: Sequence[str]) -> None:
    """Register ``draw`` as the tag ``name``, taking its arguments as a simple tag does and
    handed ``names``' addresses."""

    def compile_tag(parser: Parser, token: Token) -> AddressedNode:
        args = [parser.compile_filter(bit) for bit in token.split_contents()[1:]]
        addresses = NodeList(
            url_tag(parser, Token(TokenType.BLOCK, f"url '{each}'")) for each in names
        )
        return AddressedNode(draw, names, args, addresses)

    register.tag(name, compile_tag)


_addressed(
    "partner_card",
    partner_card,
    (
        "safetycheck:unlink",
        "safetycheck:results",
        "safetycheck:entry",
        "safetycheck:checkin",
        "safetycheck:daily",
    ),
)
_addressed(
    "practitioner_cards", practitioner_cards, ("safetycheck:scope", "safetycheck:practitioner")
)
_addressed("session_items", session_items, ("safetycheck:session",))
