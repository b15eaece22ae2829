"""The journal's lists of entries, its card on who can read an entry and its row of links,
drawn in Python.

An entry of *My journal* (its day, who can read it, its question, the start of its text and a
link to it) cost about 0.14 ms drawn through Django's template engine, 0.03 ms here: a page of
twenty took 2.9 ms, and 0.6 ms now (issue 15's tenth pass, docs/performance-passes.md). Each entry
is written as a string, every value escaped as the template escaped it: the same markup as the
template it replaced, byte for byte (``tests/web/test_journal_items.py``, against
``tests/web/reference/journal_*.html``). So are the entries of *Shared with you*, the card on
an entry's page (and the htmx answer to sharing) and the journal's row of links.

Only words of the language are kept between requests (a set per language, as the page frame's
parts are: ``frame/templatetags/frameparts.py``), never anything of anyone: the entries, their
days and texts are written anew on every view. A worker makes them for every language as it
starts (:func:`_warm`): made by a first view, they made it 0.4-1 ms slower than a later one, so
that his first view of his journal told him whether she had opened hers since the worker
started (``tests/web/test_warmup.py``).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import datetime
from typing import NamedTuple

from django import template
from django.core.paginator import Page
from django.template import Context
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape, linebreaks
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language, gettext, gettext_noop

from interdepend.web.frame import addresses, dates
from interdepend.web.frame.addresses import url_map
from interdepend.web.frame.templatetags import formfields
from interdepend.web.frame.templatetags.usertext import isolate
from interdepend.web.frame.usertext import strip_invisible
from interdepend.web.frame.warmup import worker_starting
from interdepend.web.journal.selectors import EntryView

register = template.Library()

#: How many words of an entry *My journal* shows (``truncatewords:40``).
WORDS = 40


class _Words(NamedTuple):
    """The fixed words of the lists, in one language: escaped where the template escaped them
    (``{% translate %}``), as translated where it did not (a ``{% blocktranslate %}``'s own
    words: only its values were escaped)."""

    partner: str
    shut: str
    open: str
    shared_with: str
    entry_of: str
    shut_shared: str


@functools.cache
def _words(language: str | None) -> _Words:
    return _Words(
        partner=escape(gettext("shared with your partner")),
        shut=escape(
            gettext("This entry cannot be opened with the keys this server holds right now.")
        ),
        open=escape(gettext("Open")),
        shared_with=gettext("shared with %(names)s"),
        entry_of=gettext("the entry of %(day)s"),
        shut_shared=escape(gettext("This entry cannot be opened right now.")),
    )


def _day(entry: EntryView) -> str:
    """``{{ e.created_at|date:e.day_format }}``: in the reader's time zone, escaped."""
    return escape(dates.write(timezone.localtime(entry.created_at), entry.day_format))


class _Days:
    """:func:`_day` for the entries of one list: the reader's time zone, her language and the
    two formats a day is written in are looked up once for the list, not once an entry (issue
    15's seventeenth pass)."""

    def __init__(self) -> None:
        self.zone = timezone.get_current_timezone()
        self.date = dates.writer("DATE_FORMAT")
        self.date_time = dates.writer("DATETIME_FORMAT")

    def __call__(self, entry: EntryView) -> str:
        write = self.date_time if entry.same_day else self.date
        return escape(write(timezone.localtime(entry.created_at, self.zone)))


#: The journal's addresses that hold an entry's id (an entry's page, its edit page, and the
#: addresses its forms post to), whose parts around the id are kept per map of addresses.
_ENTRY_ADDRESSES = ("journal:entry", "journal:edit", "journal:delete", "journal:share")


@functools.cache
def _around(name: str, prefix: str, urlconf: object) -> tuple[str, str]:
    """The parts of the address ``name`` before and after an entry's id, for a map of
    addresses (its prefix and URL map): the same for everyone, made as a worker starts. An id
    is 22 letters the address holds as they are (``<pid:…>``), so an entry's address is the
    two parts around it: what ``reverse`` gives, without reversing on every view (each of the
    entry's page's three took about 0.04 ms: issue 15's thirteenth pass)."""
    parts = addresses.around(name)
    if parts is None:  # each of them holds one id: a changed map says so as a worker starts
        raise ValueError(f"{name} does not hold one entry's id")
    return parts


def entry_address(name: str, public_id: str) -> str:
    """``reverse(name, args=[public_id])`` for one of :data:`_ENTRY_ADDRESSES`, unescaped."""
    before, after = _around(name, get_script_prefix(), url_map())
    return f"{before}{public_id}{after}"


@register.simple_tag
def entry_url(name: str, public_id: str) -> str:
    """``{% url name public_id %}`` for one of :data:`_ENTRY_ADDRESSES` (escaped by the
    template, as ``{% url %}`` escaped it)."""
    return entry_address(name, public_id)


@register.simple_tag
def own_entry_items(entries: Sequence[EntryView]) -> SafeString:
    """*My journal*'s entries (``selectors.entry_views`` of hers), as a list."""
    words = _words(get_language())
    before, after = _around("journal:entry", get_script_prefix(), url_map())
    days = _Days()
    items = "".join(_own_item(entry, words, before, after, days) for entry in entries)
    return mark_safe(  # noqa: S308 - every value is escaped (here and in _own_item)
        f'<ul class="items entries">\n  {items}\n</ul>'
    )


def _own_item(entry: EntryView, words: _Words, before: str, after: str, days: _Days) -> str:
    day = days(entry)
    tags = f' <span class="tag">{words.partner}</span>' if entry.partner_sees else ""
    if entry.practitioners:
        names = ", ".join(escape(name) for name in entry.practitioners)
        tags += f' <span class="tag">{words.shared_with % {"names": names}}</span>'
    prompt = (
        f'<p class="prompt"><strong>{escape(entry.prompt)}</strong></p>' if entry.prompt else ""
    )
    if entry.body is None:
        text = words.shut
    else:
        shown = Truncator(entry.body).words(WORDS, truncate=" …")
        text = f"<bdi>{escape(strip_invisible(shown))}</bdi>"
    link = escape(f"{before}{entry.public_id}{after}")
    return (
        f'\n  <li>\n    <p class="hint">{day}{tags}</p>\n    {prompt}\n    <p>{text}</p>\n'
        f'    <p><a class="tap" href="{link}">{words.open}<span class="visually-hidden"> '
        f"{words.entry_of % {'day': day}}</span></a></p>\n  </li>\n  "
    )


@register.simple_tag
def shared_entry_items(entries: Sequence[EntryView]) -> SafeString:
    """*Shared with you*'s entries (what the partner shared, as ``entry_views`` opens them for
    a reader who is not their owner), as a list."""
    words = _words(get_language())
    days = _Days()
    items = "".join(
        f'\n  <li>\n    <p class="hint">{days(entry)}</p>\n    '
        + (
            f"<p>{words.shut_shared}</p>"
            if entry.body is None
            else f'<div class="user-text">{linebreaks(entry.body, autoescape=True)}</div>'
        )
        + "\n  </li>\n  "
        for entry in entries
    )
    return mark_safe(  # noqa: S308 - every value is escaped (here and in linebreaks)
        f'<ul class="items entries">\n  {items}\n</ul>'
    )


#: The row's links: each page's name and its words (translated as drawn).
_LINKS = (
    ("home", gettext_noop("My journal")),
    ("write", gettext_noop("Write")),
    ("shared", gettext_noop("Shared with you")),
)
_CURRENT = ' aria-current="page"'


@register.simple_tag
def journal_subnav(here: str) -> SafeString:
    """The journal's row of links, the page ``here`` (``home``, ``write``, ``shared`` or none)
    marked as the current one: the same for everyone in a language."""
    drawn = _subnav(get_language(), get_script_prefix(), url_map(), here)
    return mark_safe(drawn)  # noqa: S308 - escaped in _subnav


@functools.cache
def _subnav(language: str | None, prefix: str, urlconf: object, here: str) -> str:
    """The row, for a language and a map of addresses (its prefix and URL map)."""
    links = "".join(
        f'\n    <li><a href="{escape(reverse(f"journal:{name}"))}"'
        f"{_CURRENT if name == here else ''}>{escape(gettext(words))}</a></li>"
        for name, words in _LINKS
    )
    return (
        f'<nav class="subnav" aria-label="{escape(gettext("Journal"))}">\n  <ul>{links}\n'
        "  </ul>\n</nav>\n"
    )


# Who can read it ------------------------------------------------------------------------------


class _ShareWords(NamedTuple):
    """The fixed words of the card on who can read an entry, in one language, escaped as the
    template escaped them (see :class:`_Words`)."""

    heading: str
    only_you: str
    on: str
    off: str
    link_first: str
    former: str
    yours: str
    only_allowed: str
    none_allowed: str
    unnamed: str
    nobody_told: str
    can_read: str
    share_with: str
    stop_with: str


@functools.cache
def _share_words(language: str | None, prefix: str, urlconf: object) -> _ShareWords:
    mine = escape(reverse("practice:mine"))
    return _ShareWords(
        heading=escape(gettext("Who can read it")),
        only_you=escape(gettext("Only you. It is private.")),
        on=escape(gettext("Share with my partner")),
        off=escape(gettext("Stop sharing with my partner")),
        link_first=escape(
            gettext(
                "Once you link with a partner, you can share an entry with them, one entry at "
                "a time."
            )
        ),
        former=escape(
            gettext("You shared this entry with a former partner. They no longer see it.")
        ),
        yours=escape(gettext("Your practitioners")),
        only_allowed=escape(
            gettext(
                "Only the practitioners you have allowed to read journal entries are listed. "
                "Each one sees an entry only if you share it with them by name."
            )
        ),
        none_allowed=gettext(
            "None of your practitioners may read journal entries at the moment, so this entry "
            "cannot be shared with them. To let one of them read the entries you choose, allow "
            'it for that practitioner on <a href="%(mine)s">Your practitioners</a>.'
        )
        % {"mine": mine},
        unnamed=escape(
            gettext(
                "Before sharing named a practitioner, you marked this entry for your "
                "practitioner. Nobody reads it through that mark any more; share it again by "
                "name if you wish."
            )
        ),
        nobody_told=escape(
            gettext(
                "Nobody is told when you share or stop sharing. Sharing asks for your password "
                "each time; stopping never does."
            )
        ),
        can_read=gettext("%(name)s can read this entry."),
        share_with=gettext("Share with %(name)s"),
        stop_with=gettext("Stop sharing with %(name)s"),
    )


@register.simple_tag(takes_context=True)
def share_card(context: Context) -> SafeString:
    """The card on who can read an entry, with a form to share it or stop, for her partner
    and for each practitioner allowed to read journal entries. Reads ``entry`` (her
    ``EntryView``), ``active`` (the partnership, or None), ``practitioners`` (her
    ``PractitionerChoice`` list), ``has_practitioner``, ``note`` (what was just done) and
    the CSRF token from the page's context."""
    words = _share_words(get_language(), get_script_prefix(), url_map())
    entry: EntryView = context["entry"]
    active = context.get("active")
    practitioners = context.get("practitioners") or ()
    address = escape(entry_address("journal:share", entry.public_id))
    csrf = formfields.csrf_input(context)

    def form(audience: str, link: str, shared: bool, on: str, off: str) -> str:
        return _share_form(address, csrf, audience, link, shared, on if not shared else off)

    note = context.get("note")
    parts = [
        '<section class="card" id="share" aria-labelledby="share-heading">\n'
        f'  <h2 id="share-heading">{words.heading}</h2>\n  ',
        f'<p class="message" role="status">{conditional_escape(note)}</p>' if note else "",
        "\n  ",
    ]
    if entry.partner_sees:
        name = isolate(active.partner.display_name) if active else isolate("")
        parts.append(f"\n  <p>{words.can_read % {'name': name}}</p>\n  ")
    elif not entry.practitioners:
        parts.append(f"\n  <p>{words.only_you}</p>\n  ")
    parts.append("\n  ")
    if active:
        partner = form("partner", "", entry.partner_sees, words.on, words.off)
        parts.append(f"\n  \n  {partner}\n  ")
    else:
        parts.append(f'\n  <p class="hint">{words.link_first}</p>\n  ')
    parts.append("\n  ")
    if entry.shared_earlier:
        parts.append(f'\n  <p class="hint">{words.former}</p>\n  ')
    parts.append("\n  ")
    if practitioners:
        parts.append(f'\n  <h3>{words.yours}</h3>\n  <p class="hint">{words.only_allowed}</p>\n  ')
        for choice in practitioners:
            said = words.can_read % {"name": isolate(choice.name)} if choice.shared else ""
            named = {"name": escape(choice.name)}
            on, off = words.share_with % named, words.stop_with % named
            drawn = form("practitioner", choice.link_id, choice.shared, on, off)
            parts.append(f"\n  {f'<p>{said}</p>' if said else ''}\n  \n  {drawn}\n  ")
        parts.append("\n  ")
    elif context.get("has_practitioner"):
        parts.append(f'\n  \n  <p class="hint">{words.none_allowed}</p>\n  ')
    parts.append("\n  ")
    if entry.unnamed_before:
        parts.append(f'\n  <p class="hint">{words.unnamed}</p>\n  ')
    parts.append(f'\n  <p class="hint">{words.nobody_told}</p>\n</section>\n')
    return mark_safe("".join(parts))  # noqa: S308 - every value is escaped above


# My journal ---------------------------------------------------------------------------------


class _HomeWords(NamedTuple):
    """The fixed words and addresses of *My journal*, in one language and map of addresses,
    escaped as the template escaped them (see :class:`_Words`)."""

    heading: str
    about: str
    write: str
    write_address: str
    home_address: str
    go_to: str
    all_entries: str
    show: str
    written_in: str
    nothing_that_month: str
    nothing_yet: str
    pages: str
    newer: str
    older: str
    page_of: str


@functools.cache
def _home_words(language: str | None, prefix: str, urlconf: object) -> _HomeWords:
    return _HomeWords(
        heading=escape(gettext("My journal")),
        about=escape(
            gettext(
                "A quiet place to think things through. What you write is stored encrypted and "
                "stays yours: nobody else reads an entry unless you share that one entry, and "
                "you can stop sharing at any time."
            )
        ),
        write=escape(gettext("Write an entry")),
        write_address=escape(reverse("journal:write")),
        home_address=escape(reverse("journal:home")),
        go_to=escape(gettext("Go to a month")),
        all_entries=escape(gettext("All entries")),
        show=escape(gettext("Show")),
        written_in=gettext("Written in %(when)s"),
        nothing_that_month=escape(gettext("Nothing written that month.")),
        nothing_yet=escape(
            gettext(
                "Nothing written yet. There is no right way to start: a few lines about today "
                "are plenty."
            )
        ),
        pages=escape(gettext("Pages")),
        newer=escape(gettext("Newer")),
        older=escape(gettext("Older")),
        page_of=gettext("Page %(n)s of %(total)s"),
    )


@register.simple_tag(takes_context=True)
def journal_home(context: Context) -> SafeString:
    """*My journal* below its title (``journal/home.html``'s content as it was, with
    ``journal/_pages.html``: the month to go to, her entries and the pages). Reads ``page``,
    ``entries``, ``month`` and ``months``. Drawn through the template engine, with its include,
    it took about 0.1 ms of the page's own time (issue 15's fourteenth pass); the same markup,
    byte for byte (``tests/web/test_journal_items.py``, against
    ``tests/web/reference/journal_home.html`` and ``journal_pages.html``)."""
    language, prefix, urlconf = get_language(), get_script_prefix(), url_map()
    words = _home_words(language, prefix, urlconf)
    month = context.get("month")
    months = context.get("months") or ()
    entries = context.get("entries")
    parts = [
        f"\n<h1>{words.heading}</h1>\n{_subnav(language, prefix, urlconf, 'home')}\n"
        f"<p>{words.about}</p>\n"
        f'<p class="actions"><a class="button" href="{words.write_address}">{words.write}</a>'
        "</p>\n"
    ]
    if months:
        options = "".join(
            f'<option value="{escape(dates.local_write(m, "Y-m"))}"'
            f"{' selected' if m == month else ''}>"
            f"{escape(dates.local_write(m, 'YEAR_MONTH_FORMAT'))}</option>"
            for m in months
        )
        first = "" if month else f'<option value="">{words.all_entries}</option>'
        back = f'<a href="{words.home_address}">{words.all_entries}</a>' if month else ""
        parts.append(
            '\n<form method="get" class="month-choice">\n'
            f'  <div class="field"><label for="journal-month">{words.go_to}</label>\n'
            f'  <select name="month" id="journal-month">\n    {first}\n    {options}\n'
            "  </select></div>\n"
            f'  <p class="actions"><button type="submit" class="secondary">{words.show}</button>'
            f"\n  {back}</p>\n</form>\n"
        )
    parts.append("\n")
    if month:
        when = escape(dates.local_write(month, "YEAR_MONTH_FORMAT"))
        parts.append(f"<h2>{words.written_in % {'when': when}}</h2>")
    parts.append("\n")
    if entries:
        also = escape(dates.local_write(month, "Y-m"))
        parts.append(f"\n{own_entry_items(entries)}\n{_pages(context['page'], also, words)}\n")
    elif month:
        parts.append(f"\n<p>{words.nothing_that_month}</p>\n")
    else:
        parts.append(f"\n<p>{words.nothing_yet}</p>\n")
    parts.append("\n")
    return mark_safe("".join(parts))  # noqa: S308 - every value is escaped above


def _pages(page: Page[EntryView], also: str, words: _HomeWords) -> str:
    """``journal/_pages.html``: the way to the newer and older pages, when there are others
    (and the template's line end)."""
    if not page.has_other_pages():
        return "\n"
    month = f"month={also}&amp;" if also else ""
    newer = (
        f'<a href="?{month}page={_number(page.previous_page_number())}" rel="prev">'
        f"{words.newer}</a>"
        if page.has_previous()
        else ""
    )
    older = (
        f'<a href="?{month}page={_number(page.next_page_number())}" rel="next">{words.older}</a>'
        if page.has_next()
        else ""
    )
    said = words.page_of % {
        "n": _number(page.number),
        "total": _number(page.paginator.num_pages),
    }
    return (
        f'<nav class="pages" aria-label="{words.pages}">\n  {newer}\n  <span>{said}</span>\n'
        f"  {older}\n</nav>\n"
    )


def _number(value: int) -> str:
    """``{{ value }}`` for a number, as a template writes it (localized, escaped)."""
    return escape(localize(value))


# An entry's page ------------------------------------------------------------------------------


class _PageWords(NamedTuple):
    """The fixed words and address of an entry's page, in one language and map of addresses,
    escaped as the template escaped them (see :class:`_Words`)."""

    entry_of: str
    changed_on: str
    edit: str
    delete_summary: str
    delete_says: str
    delete_button: str
    back: str
    home: str


@functools.cache
def _page_words(language: str | None, prefix: str, urlconf: object) -> _PageWords:
    return _PageWords(
        entry_of=gettext("Entry of %(day)s"),
        changed_on=gettext("Last changed on %(day)s."),
        edit=escape(gettext("Edit")),
        delete_summary=escape(gettext("Delete this entry")),
        delete_says=escape(
            gettext("Deleting removes the entry for good, and from anyone you shared it with.")
        ),
        delete_button=escape(gettext("Delete the entry")),
        back=escape(gettext("Back to my journal")),
        home=escape(reverse("journal:home")),
    )


@register.simple_tag(takes_context=True)
def entry_page(context: Context) -> SafeString:
    """An entry's page below its title (``journal/entry.html``'s content as it was: its day,
    when it was last changed, its question, its text, the card on who can read it and the
    forms to edit and delete it). Reads what :func:`share_card` reads. Drawn through the
    template engine it took about 0.2 ms of the page's own time (issue 15's fourteenth pass);
    the same markup, byte for byte (``tests/web/test_journal_items.py``, against
    ``tests/web/reference/journal_entry.html``)."""
    language, prefix, urlconf = get_language(), get_script_prefix(), url_map()
    words = _page_words(language, prefix, urlconf)
    entry: EntryView = context["entry"]
    heading = words.entry_of % {"day": _day(entry)}
    changed = (
        f'<p class="hint">{words.changed_on % {"day": _date(entry.updated_at)}}</p>'
        if entry.edited
        else ""
    )
    prompt = (
        f'<p class="prompt"><strong>{escape(entry.prompt)}</strong></p>' if entry.prompt else ""
    )
    if entry.body is None:
        text = f"<p>{_words(language).shut}</p>"
    else:
        text = linebreaks(entry.body, autoescape=True)
    edit = escape(entry_address("journal:edit", entry.public_id))
    delete = escape(entry_address("journal:delete", entry.public_id))
    csrf = formfields.csrf_input(context)
    drawn = (
        f"\n<h1>{heading}</h1>\n{_subnav(language, prefix, urlconf, '')}\n{changed}\n{prompt}\n"
        f'<div class="entry-text user-text">{text}</div>\n'
        f'<p class="actions"><a class="button" href="{edit}">{words.edit}</a></p>\n'
        f"{share_card(context)}\n"
        f'<details class="card">\n  <summary>{words.delete_summary}</summary>\n'
        f"  <p>{words.delete_says}</p>\n"
        f'  <form method="post" action="{delete}">{csrf}\n'
        f'    <p class="actions"><button type="submit" class="danger">{words.delete_button}'
        "</button></p>\n  </form>\n</details>\n"
        f'<p><a href="{words.home}">{words.back}</a></p>\n'
    )
    return mark_safe(drawn)  # noqa: S308 - every value is escaped above and in share_card


def _date(moment: datetime) -> str:
    """``{{ moment|date:"DATE_FORMAT" }}``: in the reader's time zone, escaped."""
    return escape(dates.write(timezone.localtime(moment), "DATE_FORMAT"))


def _share_form(
    address: str, csrf: str, audience: str, link: str, shared: bool, button: str
) -> str:
    """One form to share the entry with ``audience`` (and the practitioner's ``link``), or to
    stop (``shared``), as ``journal/_share_form.html`` drew it (its line end included)."""
    kept = f'\n    <input type="hidden" name="link" value="{escape(link)}">' if link else ""
    return (
        f'<form method="post" action="{address}" hx-post="{address}" hx-target="#share" '
        f'hx-swap="outerHTML">{csrf}\n'
        f'    <input type="hidden" name="with" value="{audience}">{kept}\n'
        f'    <input type="hidden" name="share" value="{"off" if shared else "on"}">\n'
        f'    <button type="submit"{_SECONDARY if shared else ""}>{button}</button>\n  </form>\n'
    )


_SECONDARY = ' class="secondary"'


#: What the row of links marks as the current page: the journal's own pages, or none.
_HERES = ("home", "write", "shared", "")


def _warm(**_: object) -> None:
    """Sent in each language as a worker starts (``frame.warmup.worker_starting``): makes the
    words, the rows of links and the card's words of that language, so no first view does."""
    language, prefix, urlconf = get_language(), get_script_prefix(), url_map()
    _words(language)
    _share_words(language, prefix, urlconf)
    _page_words(language, prefix, urlconf)
    _home_words(language, prefix, urlconf)
    for here in _HERES:
        _subnav(language, prefix, urlconf, here)
    for name in _ENTRY_ADDRESSES:
        _around(name, prefix, urlconf)


worker_starting.connect(_warm, dispatch_uid="interdepend-warm-journal-items")
