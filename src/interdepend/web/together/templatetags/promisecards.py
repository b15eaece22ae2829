"""The promises page's items, drawn in Python.

A promise is the one item the promises page draws many times (each still to do, with two small
forms when it is the reader's own, and up to eight earlier ones, or all of them when asked),
and marking one from the page draws the lists again. Drawn through an include of
``together/_commitment.html`` each, the items cost about half of the page's own time (issue
15, docs/performance.md). Here each item is written as a string, every value escaped as the
template escaped it, byte for byte the template it replaced (``tests/web/test_promisecards.py``
holds it to ``tests/web/reference/commitment.html``). Nothing is kept between calls; the
words are looked up in the active language once a list, not once a promise.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django import template
from django.template import Context
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, gettext_noop

from interdepend.web.frame import dates
from interdepend.web.frame.templatetags.usertext import isolate
from interdepend.web.partners.ended import mark_field

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
    shown = list(promises)
    if at_most:
        shown = shown[:at_most]
    if not shown:
        return mark_safe("")
    user = context.get("user")
    token = context.get("csrf_token")
    csrf = (
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(token)}">'
        if token and token != "NOTPROVIDED"
        else ""
    )
    today = context.get("today")
    words = _words()
    return mark_safe(  # noqa: S308 - each item escapes its values (draw)
        "".join(draw(c, user=user, csrf=csrf, today=today, words=words) for c in shown)
    )


def _words() -> dict[str, str]:
    """The list's own words, looked up once for the list in the active language (not once an
    item), each escaped as ``{% translate %}`` leaves it for the page; the two that take a
    value are left to fill in, as ``{% blocktranslate %}`` fills them."""
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


def draw(c: Any, *, user: Any, csrf: str, today: date | None, words: dict[str, str]) -> str:
    """The markup of one promise (see the module); ``csrf`` is the token's hidden field, as
    ``{% csrf_token %}`` writes it; ``words`` the list's words (:func:`_words`). Every value
    from a person or the database goes through ``escape``; her words and names through
    ``isolate``, as the template's filter."""
    public_id = escape(c.public_id)
    own = user is not None and c.owner_id == user.pk
    # Not hers: as {% blocktranslate %} writes it, the value escaped, the words as translated.
    whose = words["yours"] if own else words["whose"] % {"name": isolate(c.owner.display_name)}
    due = words["by"] % {"due": escape(dates.write(c.due_on, "DATE_FORMAT"))}
    tag = words.get(f"tag {c.state}", "")
    head = (
        f'<li class="item" id="promise-{public_id}">\n'
        f'  <p><strong id="ptext-{public_id}">{isolate(c.text)}</strong></p>\n'
        f'  <p class="hint">{whose} · {due}\n'
        f"  {tag}</p>\n"
        "  "
    )
    if c.state == "open" and own:
        return f"{head}{_forms(c, user, csrf, today, words)}\n</li>\n"
    return f"{head}\n</li>\n"


def _forms(c: Any, user: Any, csrf: str, today: date | None, words: dict[str, str]) -> str:
    public_id = escape(c.public_id)
    address = escape(reverse("together:commitment_mark", args=[c.public_id]))
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
        f' class="short" min="{timezone.localdate().isoformat()}"'
        f' aria-describedby="ptext-{public_id}">\n'
        f'      <button type="submit" class="secondary" id="again-button-{public_id}"'
        f' aria-labelledby="again-button-{public_id} ptext-{public_id}">{agreed}</button>\n'
        "    </div>\n"
        "  </form>\n"
        "  "
    )
