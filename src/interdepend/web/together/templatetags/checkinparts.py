"""The check-in page's card of the week her partner shared with her, and its three sentences
that carry a day or his name, drawn in Python.

Through the template engine the card was five ``{% blocktranslate %}`` blocks, one for each of
the six answers among them, and most of the page's own drawing (issue 15's thirteenth pass,
docs/performance-passes.md). Here it is written as a string: every value escaped as the template
escaped it, his name isolated, his words of what he needs isolated with their line breaks kept,
every word in the active language, with the template's message ids;
byte for byte the template it replaced (``tests/web/test_checkin_card.py`` holds it to
``tests/web/reference/checkin_partner_week.html``, and the page's own part to the template
it had, ``tests/web/reference/together/checkin.html``). Nothing of anyone is kept between
calls. The card's fixed words are kept per language (:func:`week_words`); the reminder's card,
our own words and its form's address, per language and URL map, cut where her token and her
box's state go; both made as a worker starts.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from django import template
from django.core.signals import setting_changed
from django.template import Context
from django.urls import get_script_prefix, reverse
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from interdepend.web.frame import dates
from interdepend.web.frame.addresses import url_map
from interdepend.web.frame.formrender import shown
from interdepend.web.frame.templatetags import formfields
from interdepend.web.frame.templatetags.formfields import draw, said_errors
from interdepend.web.frame.templatetags.usertext import isolate, isolated_lines
from interdepend.web.frame.warmup import worker_starting
from interdepend.web.together import freshforms
from interdepend.web.together.forms import ITEM_LABELS
from interdepend.web.together.models import ITEMS

register = template.Library()


@dataclass(frozen=True)
class WeekWords:
    """His week's card's fixed words in one language: our own, the same for everyone."""

    labels: tuple[str, ...]  # the six statements, in the order of ``ITEMS``
    rows: dict[str, str]  # each statement's row up to its answer, keyed by the statement
    answers: dict[int, str]  # "3 of 7", for each answer from 1 to 7
    unanswered: str
    heading: str  # with ``%(name)s``
    shared: str  # with ``%(week)s``
    needs: str  # with ``%(name)s``
    needed: str  # with ``%(name)s``


@functools.lru_cache(maxsize=16)
def week_words(language: str | None) -> WeekWords:
    """His week's card's words in ``language`` (the active one), escaped as the card draws
    them, with stand-ins where his name, the day and his answers go. Kept per language, made
    for every language as a worker starts (:func:`_warm`), never on a view (issue 15's
    seventeenth pass: its eleven words were looked up on every view)."""
    labels = tuple(str(ITEM_LABELS[item]) for item in ITEMS)
    of_seven = gettext("%(value)s of 7")
    return WeekWords(
        labels=labels,
        rows={label: _row(label) for label in labels},
        answers={n: of_seven % {"value": conditional_escape(localize(n))} for n in range(1, 8)},
        unanswered=escape(gettext("not answered")),
        heading=gettext("%(name)s’s week"),
        shared=gettext(
            "Shared with you for the week starting %(week)s, from 1 (hardly at all) to 7 "
            "(very much)."
        ),
        needs=gettext("What %(name)s needs this week"),
        needed=gettext("What %(name)s needed that week"),
    )


def _row(label: str) -> str:
    """A statement's row up to its answer, for a statement not among the kept ones."""
    return f"\n    <dt>{escape(label)}</dt><dd>"


def _answer(words: WeekWords, value: Any) -> str:
    """One answer as the card shows it: from the kept words for 1 to 7, drawn anew for any
    other (none reaches the card; the fallback keeps the card whole if one did)."""
    if not value:
        return words.unanswered
    kept = words.answers.get(value) if type(value) is int else None
    if kept is not None:
        return kept
    return gettext("%(value)s of 7") % {"value": conditional_escape(localize(value))}


@register.simple_tag
def partner_week_card(partner_week: Any, partner_name: str) -> SafeString:
    """The week her partner shared (``partner_week``: his check-in, each statement beside
    its answer, and whether it is of this week), under his name, in the kept words of the
    active language (:func:`week_words`)."""
    checkin, answers, this_week = partner_week
    words = week_words(get_language())
    name = isolate(partner_name)
    heading = words.heading % {"name": name}
    shared = words.shared % {"week": escape(dates.month_day(checkin.week))}
    rows = words.rows
    facts = "".join(
        f"{rows.get(label) or _row(label)}{_answer(words, value)}</dd>" for label, value in answers
    )
    need = ""
    if checkin.need:
        needs = (words.needs if this_week else words.needed) % {"name": name}
        said = isolated_lines(checkin.need)
        need = f'<h3>{needs}</h3>\n  <p class="user-text">{said}</p>'
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


@functools.lru_cache(maxsize=16)
def _reminder_parts(language: str | None, prefix: str, urlconf: str) -> tuple[str, str, str]:
    """The weekly reminder's card in ``language``, cut where the token's field and the box's
    ``checked`` go: our own words and the form's address, the same for everyone, nothing of
    anyone. Kept per language and URL map (``prefix``, ``urlconf``: the address depends on
    them), made for every language as a worker starts (:func:`_warm`), never on a view (issue
    15's seventeenth pass: the card's five words and its address were looked up on every
    view)."""
    action = escape(reverse("together:reminder"))
    head = (
        '<section class="card" aria-labelledby="reminder-heading">\n'
        f'  <h2 id="reminder-heading">{gettext("A weekly reminder")}</h2>\n'
        "  <p>"
        + gettext(
            "Off unless you turn it on (which asks for your password). On Mondays from nine, "
            "outside your quiet hours and only if you have not checked in yet, we send a short "
            "e-mail that says nothing about you, your answers or your partner."
        )
        + "</p>\n"
        f'  <form method="post" action="{action}">'
    )
    box = (
        '\n    <div class="field checkbox"><input type="checkbox" autocomplete="off" '
        'id="reminder-on" name="weekly_checkin"'
    )
    tail = (
        ">\n"
        '      <label for="reminder-on">'
        f"{gettext('Send me a weekly check-in reminder')}</label></div>\n"
        '    <p class="actions"><button type="submit" class="secondary">'
        f"{gettext('Save my reminder choice')}</button></p>\n"
        "  </form>\n</section>"
    )
    return head, box, tail


def _reminder(context: Context) -> str:
    """The weekly reminder's card: its words, and its small form with the box as she left it
    and her token, put into the kept card (:func:`_reminder_parts`)."""
    head, box, tail = _reminder_parts(get_language(), get_script_prefix(), url_map())
    checked = " checked" if context.get("reminder_on") else ""
    return f"{head}{formfields.csrf_input(context)}{box}{checked}{tail}"


def _warm(**_: object) -> None:
    """Sent in each language as a worker starts (``frame.warmup.worker_starting``)."""
    _reminder_parts(get_language(), get_script_prefix(), url_map())
    week_words(get_language())


worker_starting.connect(_warm, dispatch_uid="interdepend-warm-checkin-reminder")


def _forget(**_: object) -> None:
    """A setting changed (languages, addresses): write the card again."""
    _reminder_parts.cache_clear()
    week_words.cache_clear()


setting_changed.connect(_forget, weak=False, dispatch_uid="interdepend-checkin-reminder-card")


def _share_card(context: Context, form: Any, active: Any) -> str:
    """The box for her password, with why it is asked: to change a saved week, to share it."""
    asked = context.get("password_asked")
    change = context.get("password_for_change")
    shown_with = "" if asked else f' data-shown-with="{shown(freshforms.checkin_shared_id(form))}"'
    why = []
    if change:
        why.append(
            gettext(
                "You saved answers for this week already. To change them, type your password "
                "here: it is asked each time, so that nobody else holding your phone can change "
                "what you saved."
            )
        )
    if active and context.get("password_for_share"):
        if change:
            why.append(" ")
        why.append(checkin_share_proof(active.partner.display_name))
    if asked:
        why.append(" " + gettext("Nothing is saved until you do."))
    return (
        f'\n  <div class="card" role="group" aria-labelledby="share-proof"{shown_with}>\n'
        f'    <p id="share-proof">{"".join(why)}</p>\n'
        f"    {draw(context['password_form'])}\n  </div>\n  "
    )


@register.simple_tag(takes_context=True)
def checkin_body(context: Context) -> SafeString:
    """The check-in page under its heading and row of links: which week it is, the form (the
    six scales, what she needs, the box to share, her password where it is asked), the week
    her partner shared, and the reminder's card. The same markup as the template it replaced
    (``tests/web/reference/together/checkin.html``), byte for byte, held by
    ``tests/web/test_checkin_card.py`` in every state of the page: through the template engine
    its conditions, lookups and translation blocks cost about as much as the page's reads
    (issue 15's fifteenth pass, docs/performance-passes.md). Every value is escaped as the template
    escaped it, her partner's name isolated; our own words go in as they are, as
    ``{% translate %}`` put them; nothing is kept between requests."""
    form = context["form"]
    active = context.get("active")
    week = context["week"]
    out = [f"<p>{checkin_week_words(week)}</p>\n"]
    if context.get("current"):
        words = gettext(
            "You already checked in this week. Saving again updates it; changing your answers "
            "asks for your password."
        )
        out.append(f'<p class="hint">{words}</p>')
    out.append(
        f'\n<form method="post" novalidate>{formfields.csrf_input(context)}\n'
        f'  <input type="hidden" name="week" value="{shown(week.isoformat())}">'
        f"{freshforms.checkin_seen(form)}\n  "
    )
    if context.get("saved_elsewhere"):
        words = gettext(
            "This week’s check-in was saved from another tab or device after you opened this "
            "page, so the answers here are not saved yet. Those stand; press Save to put these "
            "in their place."
        )
        out.append(f'<p class="notice" role="alert">{words}</p>')
    out.append("\n  ")
    errors = freshforms.checkin_errors(form)
    if errors:
        out.append(said_errors(errors))
    out.append("\n  ")
    if context.get("password_asked"):
        if context.get("password_for_change") and not context.get("password_for_share"):
            why = gettext(
                "Not saved yet: changing what you saved for this week asks for your password."
            )
        else:
            why = gettext("Not saved yet: sharing this week asks for your password.")
        out.append(
            f'<p class="notice" role="alert" id="{shown(context.get("not_saved_id", ""))}">'
            f'{why} <a href="#share-proof">{gettext("Type it below")}</a></p>'
        )
    out.append(
        f"\n  {freshforms.checkin_scales(form, context.get('items'))}\n"
        f'  <div class="field">{freshforms.checkin_need(form)}\n  '
    )
    need_errors = freshforms.checkin_errors(form, "need")
    if need_errors:
        out.append(said_errors(need_errors, f"{form['need'].auto_id}_error"))
    out.append("</div>\n  ")
    if active:
        out.append(
            f'\n  <div class="field checkbox">{freshforms.checkin_shared(form)}\n'
            '    <p class="help" id="checkin-shared-help">'
            f"{checkin_shared_help(active.partner.display_name)}</p></div>\n  "
        )
    else:
        out.append(f'\n  <p class="hint">{gettext("Your check-ins are yours alone.")}</p>\n  ')
    out.append("\n  ")
    if context.get("password_form"):
        out.append(_share_card(context, form, active))
    partner_week = context.get("partner_week")
    # His name as the template looked it up: nothing without a partnership (his week is read
    # only with one).
    partner = active.partner.display_name if active is not None else ""
    out.append(
        f'\n  <p class="actions"><button type="submit">{gettext("Save my check-in")}</button></p>\n'
        "</form>\n"
        + (partner_week_card(partner_week, partner) if partner_week else "")
        + "\n"
        + _reminder(context)
    )
    return mark_safe("".join(out))  # noqa: S308 - every value is escaped
