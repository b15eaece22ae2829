"""The promises page's items, drawn in Python.

A promise is the one item the promises page draws many times (each still to do, with two small
forms when it is the reader's own, and up to eight earlier ones, or all of them when asked),
and marking one from the page draws the lists again. Drawn through an include of
``together/_commitment.html`` each, the items cost about half of the page's own time (issue
15, docs/performance-passes.md). Here each item is written as a string, every value escaped as the
template escaped it, byte for byte the template it replaced (``tests/web/test_promisecards.py``
holds it to ``tests/web/reference/commitment.html``). Nothing of anyone is kept between
calls; the list's own words are kept per language, made as a worker starts, and copied once a
list, not once a promise.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from django import template
from django.core.signals import setting_changed
from django.template import Context
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, gettext_noop, ngettext, override

from interdepend.web.frame import dates
from interdepend.web.frame.addresses import addresser
from interdepend.web.frame.formrender import shown
from interdepend.web.frame.templatetags import formfields
from interdepend.web.frame.templatetags.usertext import isolate
from interdepend.web.frame.warmup import worker_starting
from interdepend.web.partners.ended import mark_field
from interdepend.web.together import freshforms
from interdepend.web.together.access import PROMISES_READ
from interdepend.web.together.selectors import FollowThrough

register = template.Library()

#: Each marked state's tag: its class and its words (translated as drawn).
_TAGS = {
    "kept": ("tag ok", gettext_noop("kept")),
    "renegotiated": ("tag", gettext_noop("talked over again")),
    "missed": ("tag", gettext_noop("did not happen this time")),
}


@register.simple_tag(takes_context=True)
def promise_items(context: Context, promises: Iterable[Any], at_most: int = 0) -> SafeString:
    """Each of ``promises`` (the first ``at_most`` of them, when given) as a list item: its
    words, whose it is and by when, how it went or, for the reader's own still open, the forms
    that mark it."""
    return SafeString(
        _items(context, promises, at_most, get_language(), formfields.csrf_input(context))
    )  # each item escapes its values (draw)


def _items(
    context: Context, promises: Iterable[Any], at_most: int, language: str | None, csrf: str
) -> str:
    """:func:`promise_items` as a plain text, in ``language`` (the active one), ``csrf`` the
    token's field (``formfields.csrf_input``): the page's sections look both up once for the
    page, where each list looked them up again (issue 15's twenty-seventh pass)."""
    shown = list(promises)
    if at_most:
        shown = shown[:at_most]
    if not shown:
        return ""
    user = context.get("user")
    today = context.get("today")
    words = _words(language)
    # Looked up once for the list, not once a promise: the day's format and, when the list
    # has forms (her own promises still open), the marking address around the id and the
    # earliest new date a form offers ({% now 'Y-m-d' %} an item).
    write = dates.writer("DATE_FORMAT")
    address: Callable[[str], str] = _unasked
    if user is not None and any(c.state == "open" and c.owner_id == user.pk for c in shown):
        address = addresser("together:commitment_mark")
        words["earliest"] = timezone.localdate().isoformat()
    return "".join(
        draw(c, user=user, csrf=csrf, today=today, words=words, address=address, write=write)
        for c in shown
    )


def _unasked(public_id: str) -> str:
    """The address of a list without forms: never asked for (see :func:`draw`)."""
    raise AssertionError(f"no form is drawn for {public_id}")


def _words(language: str | None) -> dict[str, str]:
    """The list's own words in ``language`` (the active one), a copy of those kept for it
    (:func:`_fixed_words`) that the list adds its own to (each owner's "whose", the earliest
    new date a form offers)."""
    return dict(_fixed_words(language))


@functools.cache
def _fixed_words(language: str | None) -> dict[str, str]:
    """The list's own words in ``language``, each escaped as ``{% translate %}`` leaves it for
    the page; the two that take a value are left to fill in, as ``{% blocktranslate %}`` fills
    them. Made for each language as a worker starts (:func:`_warm`), never on a first view:
    looked up afresh, twice a view (the list still to do and the earlier one), they were about
    70 µs of the promises page (issue 15's seventeenth pass). Only our own words: nothing of
    anyone."""
    words = {
        "yours": escape(gettext("Your promise")),
        "passed": escape(gettext("The day has passed. How did it go?")),
        "today": escape(gettext("Today is the day. How did it go?")),
        "kept": escape(gettext("I kept it")),
        "missed": escape(gettext("It did not happen")),
        "again": escape(gettext("Agreed on something else? A new date, if there is one")),
        "agreed": escape(gettext("We agreed on something else")),
        "whose": gettext("%(name)s's promise"),
        "by": gettext("by %(due)s"),
    }
    for state, (kind, text) in _TAGS.items():
        words[f"tag {state}"] = f' · <span class="{kind}">{escape(gettext(text))}</span>'
    return words


@functools.cache
def _page_words(language: str | None) -> dict[str, str]:
    """The page's own sentences in ``language`` (its headings, the follow-through's fixed
    words, the form's words and the partner's hint before her name goes in), as
    ``{% translate %}`` gives them: the same for everyone, made for each language as a worker
    starts (:func:`_warm`). Looked up afresh, eleven a view, they were about 30-50 µs of the
    promises page at load (issue 15's twenty-fourth pass). Only our own words: nothing of
    anyone."""
    return {
        "ours": gettext("Our follow-through lately"),
        "mine": gettext("My follow-through lately"),
        "lead": gettext("In the last eight weeks:"),
        "plans": gettext(
            "Plans change. Saying so and agreeing on something new is part of keeping "
            "your word, not a failure of it."
        ),
        "none due": gettext(
            "No promises came due in the last eight weeks. A small one is a fine place to start."
        ),
        "to do": gettext("Still to do"),
        "none open": gettext("Nothing open right now."),
        "earlier": gettext("Earlier promises"),
        "make": gettext("Make a promise"),
        "write": gettext("Write it down"),
        "partner sees": gettext(
            "%(name)s sees every promise you write here. For a surprise, or something just for "
            "you, a goal of your own stays private."
        ),
    }


def _warm(**_: object) -> None:
    """Sent in each language as a worker starts (``frame.warmup.worker_starting``): the
    list's words and the page's in that language, so no first view makes them."""
    _fixed_words(get_language())
    _page_words(get_language())
    _counted_words(get_language())


def _forget(**_: object) -> None:
    """A setting changed (languages, translations): make the words again on their use."""
    _fixed_words.cache_clear()
    _page_words.cache_clear()
    _counted_words.cache_clear()


worker_starting.connect(_warm, dispatch_uid="interdepend-warm-promise-words")
setting_changed.connect(_forget, weak=False, dispatch_uid="interdepend-promise-words-kept")


def draw(
    c: Any,
    *,
    user: Any,
    csrf: str,
    today: date | None,
    words: dict[str, str],
    address: Callable[[str], str],
    write: Callable[[date], str],
) -> str:
    """The markup of one promise (see the module); ``csrf`` is the token's hidden field, as
    ``{% csrf_token %}`` writes it; ``words`` the list's words (:func:`_words`); ``address``
    writes a promise's marking address (``frame.addresses.addresser``) and ``write`` a day
    (``frame.dates.writer``). Every value
    from a person or the database goes through ``escape``; her words and names through
    ``isolate``, as the template's filter."""
    public_id = escape(c.public_id)
    own = user is not None and c.owner_id == user.pk
    # Not hers: as {% blocktranslate %} writes it, the value escaped, the words as translated;
    # written once a list for each owner (the list's words are made afresh for each drawing).
    whose = words["yours"] if own else words.get(f"whose {c.owner_id}")
    if whose is None:
        whose = words[f"whose {c.owner_id}"] = words["whose"] % {
            "name": isolate(c.owner.display_name)
        }
    due = words["by"] % {"due": escape(write(c.due_on))}
    tag = words.get(f"tag {c.state}", "")
    head = (
        f'<li class="item" id="promise-{public_id}">\n'
        f'  <p><strong id="ptext-{public_id}">{isolate(c.text)}</strong></p>\n'
        f'  <p class="hint">{whose} · {due}\n'
        f"  {tag}</p>\n"
        "  "
    )
    if c.state == "open" and own:
        return f"{head}{_forms(c, user, csrf, today, words, address(c.public_id))}\n</li>\n"
    return f"{head}\n</li>\n"


def _forms(
    c: Any, user: Any, csrf: str, today: date | None, words: dict[str, str], reversed_to: str
) -> str:
    public_id = escape(c.public_id)
    address = escape(reversed_to)
    mark = mark_field(user, c.partnership_id, c.public_id)
    hint = ""
    if today is not None and c.due_on < today:
        hint = f'<p class="hint">{words["passed"]}</p>'
    elif c.due_on == today:
        hint = f'<p class="hint">{words["today"]}</p>'
    form = (
        f'  <form method="post" action="{address}" hx-post="{address}" hx-target="#promises-open"'
        f' hx-swap="outerHTML">{csrf}{mark}\n'
    )
    kept, missed, again, agreed = words["kept"], words["missed"], words["again"], words["agreed"]
    return (
        f"\n  {hint}\n"
        f"{form}"
        f'    <div class="choices" role="group" aria-labelledby="ptext-{public_id}">\n'
        f'    <button type="submit" name="state" value="kept" id="kept-{public_id}"'
        f' aria-labelledby="kept-{public_id} ptext-{public_id}">{kept}</button>\n'
        f'    <button type="submit" name="state" value="missed" class="secondary"'
        f' id="missed-{public_id}" aria-labelledby="missed-{public_id} ptext-{public_id}">'
        f"{missed}</button>\n"
        "    </div>\n"
        "  </form>\n"
        f"{form}"
        '    <input type="hidden" name="state" value="renegotiated">\n'
        f'    <label for="again-{public_id}">{again}</label>\n'
        '    <div class="choices">\n'
        f'      <input type="date" autocomplete="off" id="again-{public_id}" name="new_due_on"'
        f' class="short" min="{words["earliest"]}"'
        f' aria-describedby="ptext-{public_id}">\n'
        f'      <button type="submit" class="secondary" id="again-button-{public_id}"'
        f' aria-labelledby="again-button-{public_id} ptext-{public_id}">{agreed}</button>\n'
        "    </div>\n"
        "  </form>\n"
        "  "
    )


# The page's three sections, drawn in Python: the follow-through card, what is still to do and
# the earlier promises. They were ``together/_promises_follow.html``, ``_promises_open.html``
# and ``_promises_done.html``, included by the page and by the answer to marking a promise;
# their counted sentences, five ``{% blocktranslate count %}`` blocks, cost about 40 µs each
# a view (issue 15's thirteenth pass). The same words through ``ngettext``, a count written as
# the template wrote it (``shown``); each section ends in the new line its file ended in. Held
# byte for byte to the old files (``tests/web/reference/together/_promises_*.html``) by
# ``tests/web/test_promise_sections.py``.


def _counted(singular: str, plural: str, n: int, language: str | None = None) -> str:
    """``{% blocktranslate count n=… trimmed %}``: the words, the count written as shown. The
    words for a count the page can show are the ones kept for ``language`` (the active one,
    when the caller has it; :func:`_counted_words`); any other count's are looked up."""
    kept = _counted_words(get_language() if language is None else language).get(singular)
    if kept is not None and type(n) is int and 0 <= n < len(kept):
        words = kept[n]
    else:
        words = ngettext(singular, plural, n)
    return words % {"n": shown(n)}


@register.simple_tag(takes_context=True)
def promise_follow(context: Context, oob: bool = False) -> SafeString:
    """How her promises, or the two of theirs, went lately: counted, nothing scored."""
    return SafeString(_follow(context, oob, get_language()))  # our words and counts


def _follow(context: Context, oob: bool, language: str | None) -> str:
    """:func:`promise_follow` as a plain text, in ``language`` (the active one)."""
    follow: FollowThrough = context["follow"]
    said = _page_words(language)
    heading = said["ours"] if context.get("active") else said["mine"]
    head = (
        '<section class="card" id="promises-follow" aria-labelledby="follow-heading"'
        f"{_OOB if oob else ''}>\n"
        f'  <h2 id="follow-heading">{heading}</h2>\n  '
    )
    if follow.total:
        body = (
            "\n  \n"
            f'  <p id="follow-lead" class="lead-in">{said["lead"]}</p>\n'
            '  <ul class="counts" aria-labelledby="follow-lead">\n'
            f"    {_count_item(follow.kept, *_KEPT, language)}\n"
            f"    {_count_item(follow.renegotiated, *_RESHAPED, language)}\n"
            f"    {_count_item(follow.missed, *_MISSED, language)}\n"
            f"    {_count_item(follow.unmarked, *_UNMARKED, language)}\n"
            "  </ul>\n"
            f'  <p class="hint">{said["plans"]}</p>\n  '
        )
    elif follow.unmarked:
        words = _counted(*_CAME_DUE, follow.unmarked, language)
        body = f"\n  <p>{words}</p>\n  "
    else:
        body = f"\n  <p>{said['none due']}</p>\n  "
    return f"{head}{body}\n</section>\n"


_OOB = ' hx-swap-oob="true"'
_KEPT = ("%(n)s promise was kept", "%(n)s promises were kept")
_RESHAPED = (
    "%(n)s promise was talked over and reshaped",
    "%(n)s promises were talked over and reshaped",
)
_MISSED = ("%(n)s promise did not happen", "%(n)s promises did not happen")
_UNMARKED = (
    "%(n)s promise came due and how it went is not marked yet",
    "%(n)s promises came due and how they went is not marked yet",
)
_CAME_DUE = (
    "The day came for %(n)s promise, and how it went is not marked yet. It counts here once it is.",
    "The day came for %(n)s promises, and how they went is not marked yet. They "
    "count here once they are.",
)
_OLDER = ("Show %(n)s older promise", "Show %(n)s older promises")
#: Every counted sentence of the page, singular and plural: each has its words for every count
#: below :data:`KEPT_COUNTS` kept per language as a worker starts (:func:`_counted_words`).
COUNTED_SENTENCES = (_KEPT, _RESHAPED, _MISSED, _UNMARKED, _CAME_DUE, _OLDER)
#: The counts (0 up to this, not included) whose words are kept: the page reads at most
#: ``access.PROMISES_READ`` promises, so it counts no more; a larger count's words are looked
#: up with ``ngettext`` as before.
KEPT_COUNTS = PROMISES_READ + 1


@functools.lru_cache(maxsize=16)
def _counted_words(language: str | None) -> dict[str, tuple[str, ...]]:
    """``ngettext(singular, plural, n)`` in ``language`` for each of
    :data:`COUNTED_SENTENCES` (by its singular) and every ``n`` below :data:`KEPT_COUNTS`, at
    the count's place: our own words and numbers, the same for everyone. Looked up afresh, four
    to five a view, they were about 20 µs of the promises page alone, twice that in the page
    (issue 15's twenty-seventh pass). Made for every language as a worker starts
    (:func:`_warm`), never on a view."""
    with override(language):
        return {
            singular: tuple(ngettext(singular, plural, n) for n in range(KEPT_COUNTS))
            for singular, plural in COUNTED_SENTENCES
        }


def _count_item(n: int, singular: str, plural: str, language: str | None = None) -> str:
    return f"<li>{_counted(singular, plural, n, language)}</li>" if n else ""


@register.simple_tag(takes_context=True)
def promises_open(context: Context) -> SafeString:
    """The promises still to do, the soonest due first, or that there are none."""
    csrf = formfields.csrf_input(context)
    return SafeString(_open(context, get_language(), csrf))  # each item escapes its values


def _open(context: Context, language: str | None, csrf: str) -> str:
    """:func:`promises_open` as a plain text, in ``language`` (the active one), ``csrf`` the
    token's field."""
    shown_open = context.get("open")
    said = _page_words(language)
    if shown_open:
        items = f'<ul class="items">{_items(context, shown_open, 0, language, csrf)}</ul>\n  '
    else:
        items = f"<p>{said['none open']}</p>"
    return (
        '<section id="promises-open" aria-labelledby="open-heading">\n'
        f'  <h2 id="open-heading">{said["to do"]}</h2>\n'
        f"  {items}\n</section>\n"
    )


#: How many earlier promises show before "Show … older promises".
EARLIER_SHOWN = 8


@register.simple_tag(takes_context=True)
def promises_done(context: Context, oob: bool = False) -> SafeString:
    """The earlier promises, the eight latest unless all were asked for."""
    csrf = formfields.csrf_input(context)
    return SafeString(_done(context, oob, get_language(), csrf))  # each item escapes its values


def _done(context: Context, oob: bool, language: str | None, csrf: str) -> str:
    """:func:`promises_done` as a plain text, in ``language`` (the active one), ``csrf`` the
    token's field."""
    done = context.get("done") or []
    show_all = context.get("show_all")
    hidden = "" if done else " hidden"
    items = _items(context, done, 0 if show_all else EARLIER_SHOWN, language, csrf)
    older = ""
    if not show_all and len(done) > EARLIER_SHOWN:
        words = _counted(*_OLDER, len(done) - EARLIER_SHOWN, language)
        older = f'\n  <p class="older"><a href="?earlier=all#promises-done">{words}</a></p>\n  '
    return (
        f'<section id="promises-done" aria-labelledby="done-heading"{hidden}'
        f"{_OOB if oob else ''}>\n"
        f'  <h2 id="done-heading">{_page_words(language)["earlier"]}</h2>\n'
        f'  <ul class="items">{items}</ul>\n'
        f"  {older}\n</section>\n"
    )


@register.simple_tag(takes_context=True)
def promises_body(context: Context) -> SafeString:
    """The promises page under its heading and row of links: the status line, the
    follow-through, what is still to do, the form to make a promise and the earlier ones. The
    same markup as the page's template drew with a tag, an include or a word each (its ten
    nodes, each resolved and rendered by the template engine on every view, about 40-60 µs at
    load; issue 15's twenty-fourth pass): each section by its own function, our own words as
    ``{% translate %}`` put them. Held byte for byte to the old page
    (``tests/web/reference/together/commitments.html``) by
    ``tests/web/test_promise_sections.py``."""
    partner = context.get("partner")
    # The language and the token's field looked up once for the page's sections, not once a
    # section and a list (issue 15's twenty-seventh pass).
    language = get_language()
    csrf = formfields.csrf_input(context)
    said = _page_words(language)
    hint = f'<p class="hint">{_partner_hint(partner.display_name, language)}</p>' if partner else ""
    return SafeString(  # each section escapes its values; our words as they are
        '<p id="promises-status" class="htmx-status" role="status" data-htmx-status></p>\n'
        f"{_follow(context, False, language)}\n{_open(context, language, csrf)}\n"
        '<section class="card" aria-labelledby="add-promise">\n'
        f'  <h2 id="add-promise">{said["make"]}</h2>\n'
        f"  {hint}\n"
        f'  <form method="post" novalidate>{csrf}\n'
        f"    {promise_fields(context)}\n"
        f'    <p class="actions"><button type="submit">{said["write"]}</button></p>\n'
        "  </form>\n</section>\n"
        f"{_done(context, False, language, csrf)}"
    )


@register.simple_tag
def promise_partner_hint(name: str) -> SafeString:
    """That her partner, ``name``, sees every promise she writes."""
    return SafeString(_partner_hint(name, get_language()))  # the name is escaped


def _partner_hint(name: str, language: str | None) -> str:
    """:func:`promise_partner_hint` as a plain text, in ``language`` (the active one)."""
    return _page_words(language)["partner sees"] % {"name": isolate(name)}


@register.simple_tag(takes_context=True)
def promise_fields(context: Context) -> SafeString:
    """``{% form_fields %}`` for the form to make a promise: its fields as a worker keeps them
    while the form is fresh (``together.freshforms``), drawn field by field otherwise; those
    the view joined without making the form (``fresh``) as they are."""
    fresh = context.get("fresh")
    drawn = fresh if fresh is not None else freshforms.fields(context["form"])
    return mark_safe(drawn)  # noqa: S308 - drawn by the renderer or joined escaped
