"""The goals' lists and a goal's steps, drawn in Python.

The goals page lists every goal of hers and of the two of them with a link each, and a goal's
page its latest steps, each with its words, who noted it and when: through the template
engine, a few tags an item each, they were most of those pages' own drawing after the frame
and the forms (issue 15, docs/performance-passes.md). Here each item is written as a string, every
value escaped as the template escaped it, byte for byte the template it replaced
(``tests/web/test_goalitems.py`` holds them to ``tests/web/reference/goal_links.html`` and
``goal_steps.html``). Nothing is kept between calls; the words are looked up in the active
language as they are drawn.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django import template
from django.template import Context
from django.template.defaultfilters import linebreaksbr
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from interdepend.web.frame import dates
from interdepend.web.frame.addresses import addresser, addresser_of, url_map
from interdepend.web.frame.templatetags import formfields
from interdepend.web.frame.templatetags.usertext import isolate, isolated_lines
from interdepend.web.partners.ended import mark_field
from interdepend.web.partners.models import Partnership
from interdepend.web.together import editform, freshforms
from interdepend.web.together.templatetags.charttables import numbers_table
from interdepend.web.together.trends import EmptyChart, Numbers

register = template.Library()


@register.simple_tag
def goal_links(
    goals: Iterable[Any], indent: int = 0, address_of: Callable[[str], str] | None = None
) -> SafeString:
    """Each goal as a list item linking to its page, with "reached" when it is; the white
    space of the loop it replaced (its items ``indent`` spaces in, two less after the last).
    ``address_of`` writes a goal's address (``addresser("together:goal")``), when the caller
    has made it for more than one list: each is a ``reverse``, about 20-40 µs at load, and the
    goals page drew its two lists with one each (issue 15's twenty-fourth pass)."""
    before, after = "\n" + " " * indent, "\n" + " " * max(indent - 2, 0)
    reached = ""
    parts = []
    if address_of is None:
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
        words = isolated_lines(n.text)
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


@register.simple_tag(takes_context=True)
def goal_body(context: Context) -> SafeString:
    """A goal's page under its heading and row of links, to its edit form: where it stands,
    its words, what changed under her while she edited, the form for a step and the latest
    steps, and the form to edit it. The same markup as the template it replaced
    (``tests/web/reference/together/goal.html``), byte for byte, held by
    ``tests/web/test_goals_words.py``: through the template engine its conditions, two forms
    and a dozen words cost a tenth of a millisecond on every view (issue 15's fourteenth pass,
    docs/performance-passes.md). Every value is escaped as the template escaped it; our own words go
    in as they are, as ``{% translate %}`` put them; nothing is kept between requests."""
    goal = context["goal"]
    shared = goal.is_shared
    where = gettext("A shared goal.") if shared else gettext("Your own goal. Only you see it.")
    reached = f" {gettext('Reached.')}" if goal.done else ""
    changed = goal_changed(
        goal, context.get("edited_by_you", ""), context.get("edited_by_name", "")
    )
    out = [f'<p class="hint">{where}\n{reached}\n{changed}</p>\n']
    if goal.detail:
        out.append(f"<p>{linebreaksbr(goal.detail)}</p>")
    out.append("\n")
    conflict = context.get("conflict")
    if conflict:
        mine = context["mine"]
        words = gettext(
            "Your changes were not saved, so nothing anyone wrote is lost. Below is the goal as "
            "it is now; here is what you wrote, to copy back in if you still want it:"
        )
        out.append(
            '\n<div class="notice" role="alert">\n'
            f"  <h2>{gettext('This goal changed while you were editing')}</h2>\n"
            f"  <p>{words}</p>\n"
            f"  <dl><dt>{gettext('Your title')}</dt><dd>{isolate(mine['title'])}</dd>\n"
            f"      <dt>{gettext('Your words')}</dt>"
            f"<dd>{linebreaksbr(mine['detail'] or mark_safe('—'))}</dd></dl>\n</div>\n"
        )
    csrf = formfields.csrf_input(context)
    mark = ""
    if shared:
        active = context.get("active")
        found = getattr(active, "partnership", active)
        partnership_id = found.pk if isinstance(found, Partnership) else found
        mark = mark_field(context.get("user"), partnership_id, goal.public_id)
    note_to = escape(reverse("together:goal_note", args=[goal.public_id]))
    # The kept fields joined with a new key when the view made no form (freshforms.opened).
    note_fields = context.get("note_fresh") or freshforms.fields(context["note_form"])
    out.append(
        '\n<section class="card" aria-labelledby="notes-heading">\n'
        f'  <h2 id="notes-heading">{gettext("Steps along the way")}</h2>\n'
        f'  <form method="post" action="{note_to}" novalidate>{csrf}{mark}\n'
        f"    {note_fields}\n"
        f'    <p class="actions"><button type="submit">{gettext("Add this step")}</button></p>\n'
        "  </form>\n  "
    )
    notes = context.get("notes")
    if notes:
        out.append(f'<ul class="notes">{goal_steps(context, notes)}</ul>\n  ')
        if context.get("notes_hidden"):
            earlier = gettext("Show the earlier steps")
            out.append(f'<p class="older"><a href="?steps=all#notes-heading">{earlier}</a></p>')
        out.append("\n  ")
    else:
        out.append(f"<p>{gettext('No steps yet.')}</p>")
    edit = context.get("edit")  # the form sent back; none as the page opens
    opened = " open" if conflict or (edit is not None and edit.errors) else ""
    edit_to = escape(reverse("together:goal_edit", args=[goal.public_id]))
    out.append(
        f'\n</section>\n<details class="card"{opened}>\n'
        f"  <summary>{gettext('Edit this goal')}</summary>\n"
        f'  <form method="post" action="{edit_to}" novalidate>{csrf}{mark}\n'
        f"    {editform.for_goal(goal) if edit is None else editform.fields(edit)}\n"
        f'    <p class="actions"><button type="submit">{gettext("Save changes")}</button></p>\n'
        "  </form>\n</details>"
    )
    return mark_safe("".join(out))  # noqa: S308 - every value is escaped


@register.simple_tag(takes_context=True)
def goals_body(context: Context) -> SafeString:
    """The goals page under its heading and row of links, to its form: her own goals, the
    two of theirs (or what sharing would open up), and the form to add one. The same markup as
    the template it replaced (``tests/web/reference/together/goals.html``), byte for byte,
    held by ``tests/web/test_goals_words.py`` (issue 15's fourteenth pass), and the balance
    chart under it with its table of numbers or its empty words (:func:`goals_balance`, the
    fifteenth pass)."""
    personal, shared, active = context["personal"], context["shared"], context.get("active")
    # The goal's address and the chart's, kept for this map of addresses as a worker starts
    # (``freshforms.goals_addresses``); one address maker for both lists.
    around_goal, chart_address = freshforms.goals_addresses(get_script_prefix(), url_map())
    address_of = addresser_of("together:goal", around_goal)
    if personal:
        own = f'<ul class="plain">{goal_links(personal, indent=6, address_of=address_of)}</ul>'
    else:
        own = f"<p>{gettext('Nothing here yet. What is something you enjoy for its own sake?')}</p>"
    if active:
        name = active.partner.display_name
        if shared:
            ours = f'<ul class="plain">{goal_links(shared, indent=8, address_of=address_of)}</ul>'
        else:
            ours = f"<p>{goals_none_shared(name)}</p>"
        ours = f'\n      <p class="hint">{goals_shared_hint(name)}</p>\n      {ours}\n    '
        alone = ""
    else:
        us = escape(reverse("partners:us"))
        ours = (
            f"\n      <p>{gettext('Shared goals open up when you link with a partner.')}</p>\n"
            f'      <p><a href="{us}">{gettext("Invite a partner, or enter a code")}</a></p>\n'
            f'      <p class="hint">{goals_ended_hint()}</p>\n    '
        )
        alone = f'<p class="hint">{gettext("Without a linked partner, a goal is your own.")}</p>'
    # ``fresh``: joined by the view without making the form (``freshforms.opened``).
    form, fields = context.get("form"), context.get("fresh")
    if fields is None:
        fields = freshforms.fields(form) if form is not None else ""
    csrf = formfields.csrf_input(context)
    return mark_safe(  # noqa: S308 - every value is escaped
        '<div class="grid">\n  <section class="card" aria-labelledby="own-heading">\n'
        f'    <h2 id="own-heading">{gettext("My own")}</h2>\n'
        f'    <p class="hint">{gettext("Interests and goals of your own. Only you see these.")}'
        f"</p>\n    {own}\n  </section>\n"
        '  <section class="card" aria-labelledby="shared-heading">\n'
        f'    <h2 id="shared-heading">{gettext("Ours")}</h2>\n    {ours}\n  </section>\n</div>\n'
        '<section class="card" aria-labelledby="add-goal">\n'
        f'  <h2 id="add-goal">{gettext("Add a goal")}</h2>\n'
        f'  <form method="post" novalidate>{csrf}\n    {fields}\n    {alone}\n'
        f'    <p class="actions"><button type="submit">{gettext("Add goal")}</button></p>\n'
        "  </form>\n</section>\n"
        f"{goals_balance(context['balance'], context['balance_empty'], chart_address)}"
    )


def goals_balance(
    balance: Numbers, empty: Callable[[], EmptyChart], chart_address: str | None = None
) -> str:
    """The goals page's balance chart: its heading and sentence, then the image and its table
    of numbers while it has weeks to show, its empty words while it has none. Through the
    template engine its two conditions, two includes, an address and three words cost about
    a fifth of a millisecond at load on every view of the page (issue 15's fifteenth pass,
    docs/performance-passes.md); here the same markup, byte for byte, the table by the function
    Trends draws its own with (:func:`charttables.numbers_table`). Our own words go in as
    ``{% translate %}`` put them; the empty chart's words and the address are escaped as
    ``{{ }}`` and ``{% url %}`` escaped them. ``empty`` writes the empty chart's words, asked
    for only when there is nothing to draw: translated on every view, they were about 5-10 µs
    of the page (issue 15's twenty-fourth pass). ``chart_address`` is the chart's image's
    address, escaped, when the caller has it kept (``freshforms.goals_addresses``)."""
    if balance.rows:
        if chart_address is None:
            chart_address = escape(reverse("together:balance_svg"))
        alt = gettext(
            "Weekly bars of the steps you noted on your own goals and on shared goals. "
            "Before the first step it says in words how the bars fill."
        )
        chart = (
            f'<figure class="chart"><img src="{chart_address}" '
            f'alt="{alt}" aria-describedby="balance-numbers-latest balance-numbers" '
            f'width="400" height="260"></figure>\n  \n  '
            f"{numbers_table(balance, 'balance-numbers')}"
        )
    else:
        words_of = empty()
        chart = (
            f'\n<div class="chart-empty">\n  <h3>{conditional_escape(words_of.title)}</h3>\n'
            f"  <p>{conditional_escape(words_of.words)}</p>\n</div>\n\n  "
        )
    words = gettext(
        "Each bar is a week: the steps you noted on your own goals, and on goals you share. "
        "Both sides matter; there is no right mix."
    )
    return (
        '<section aria-labelledby="balance-heading">\n'
        f'  <h2 id="balance-heading">{gettext("Balance over time")}</h2>\n'
        f"  <p>{words}</p>\n  {chart}\n</section>"
    )
