"""The count of things waiting, in the bar, drawn in Python.

``frame/parts/waiting_badge.html`` draws it in every page's bar. A fragment drawn in Python that
sends it again out of band (the answer to a bid) writes it here instead, without the template
engine around it: the same markup, byte for byte, as the template included with ``oob``
(``tests/web/test_waiting_badge.py`` holds the two equal)."""

from __future__ import annotations

from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.translation import ngettext

from interdepend.web.frame.numbers import grouped
from interdepend.web.frame.templatetags.fasttags import address


def waiting_badge(count: int, *, oob: bool = False) -> str:
    """What ``{% include "frame/parts/waiting_badge.html" %}`` writes for ``count`` things
    waiting (``with oob=True``: swapped out of band), its first line's comment included."""
    swap = ' hx-swap-oob="true"' if oob else ""
    inside = ""
    if count:
        # As ``{{ n }}`` and ``{% blocktranslate count n=n %}`` write the number: a whole number
        # without grouping (``USE_THOUSAND_SEPARATOR`` off) as its digits, which escaping
        # leaves as they are, without ``localize`` looking up three formats it would not use
        # (about 10 µs of each answer to a bid, issue 15's twenty-second pass).
        if type(count) is int and not grouped():
            n = str(count)
        else:
            n = conditional_escape(str(localize(count)))
        words = ngettext("%(n)s thing waiting for you", "%(n)s things waiting for you", count)
        home = conditional_escape(address("home:home"))
        inside = (
            f'<a class="waiting-badge" href="{home}#waiting"><span class="waiting-pill">'
            '<span class="waiting-bell" aria-hidden="true"></span>'
            f'<span class="waiting-number" aria-hidden="true">{n}</span>'
            f'<span class="waiting-words">{words % {"n": n}}</span></span></a>'
        )
    return f'\n<span id="waiting-badge"{swap}>{inside}</span>\n'
