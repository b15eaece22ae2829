"""The leave page's paragraphs, written in Python.

Five of the page's paragraphs and its note on a practitioner link between the two are
``{% blocktranslate trimmed %}`` blocks, three with her partner's name: Django joins and trims
each block's words again on every view before it looks them up (about 30-60 µs a block, issue
15's tenth pass, ``docs/performance-passes.md``). Here each is the same words looked up with
``gettext`` as it is drawn (nothing is kept between requests), the name escaped and isolated as
``|isolate`` did it and the two addresses escaped: the same markup as the template it replaced,
byte for byte (``tests/web/test_leave_page.py``, against
``tests/web/reference/partners/leave.html``).
"""

from __future__ import annotations

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from interdepend.web.frame.templatetags.usertext import isolate

register = template.Library()


@register.simple_tag
def leave_words(name: str, see_url: str, reset_url: str) -> SafeString:
    """What leaving does, in the page's five paragraphs: ``name`` is her partner's, the two
    addresses those of *Who can see what* and the safety reset."""
    named = {"name": isolate(name)}
    first = gettext(
        "You can leave on your own, at any time. %(name)s is not asked and is not sent any "
        "message. From your next page on, neither of you can see anything through the "
        "partnership. Your own things stay with you, and this partnership stays in your own "
        "history."
    )
    shared = gettext(
        "What you shared as a couple (shared goals, promises, reaching out) closes with it, "
        "for both of you: it leaves your pages."
    )
    download = gettext(
        "Your data download keeps your own words from it: the shared goals you made, your "
        "notes on shared goals, your answers when they reached out, the words you suggested "
        "for their boundaries, the decisions you named, and your ratings of the decisions they "
        "named (the numbers only, without their words). It leaves out anything they wrote and "
        "a shared goal either of you changed after it was made."
    )
    theirs = gettext(
        "%(name)s's own download keeps their words the same way, and deleting your account "
        "later does not take them out: their answers when you reached out, with the day of "
        "each, the words they suggested for your boundaries, including the ones you agreed "
        "to, and their ratings of the decisions you named, without your words."
    )
    ways = gettext(
        "Leaving ends only the partnership. If you are still signed in on a device that is "
        'not yours, or let a practitioner see something, <a href="%(see)s">Who can see '
        'what</a> shows it all and ends each one, and the <a href="%(reset)s">safety '
        "reset</a> does all of it at once."
    ) % {"see": escape(see_url), "reset": escape(reset_url)}
    return mark_safe(  # noqa: S308 - the name and the addresses are escaped, the words ours
        f"<p>{first % named}</p>\n<p>{shared}</p>\n<p>{download % {}}</p>\n"
        f"<p>{theirs % named}</p>\n<p>{ways}</p>"
    )


@register.simple_tag
def leave_ends(name: str, theirs_ends: bool, mine_ends: bool) -> SafeString:
    """The note on a practitioner link between the two, which leaving ends: hers as his
    client (``theirs_ends``), his as hers (``mine_ends``), or both."""
    named = {"name": isolate(name)}
    if theirs_ends and mine_ends:
        words = gettext(
            "Leaving also ends %(name)s's access as your practitioner, and yours as theirs."
        )
    elif theirs_ends:
        words = gettext("Leaving also ends %(name)s's access as your practitioner.")
    else:
        words = gettext("Leaving also ends your access as %(name)s's practitioner.")
    return mark_safe(words % named)  # noqa: S308 - the name is escaped, the words ours
