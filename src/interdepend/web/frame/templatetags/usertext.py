"""``{{ value|isolate }}``: a person's text, isolated from the page's own direction; and
``{{ code|code_breaks }}``: a grouped code that wraps only between its groups; and
``{{ link|link_breaks:code }}``: a link that wraps before the code it ends in, never inside it.

Registered as a template builtin (see ``TEMPLATES`` in settings), so every template can use it.
"""

from __future__ import annotations

import html
import re

from django import template
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from interdepend.web.frame.usertext import strip_bidi, strip_invisible

register = template.Library()


@register.filter(is_safe=True)
def isolate(value: object) -> SafeString:
    """``<bdi>`` around the escaped text, with any stored bidi control or invisible character
    dropped (a name saved before they were dropped on the way in: the carry re-audit).

    ``format_html("<bdi>{}</bdi>", …)`` written out: a plain text is escaped as Django's
    ``escape`` escapes it and anything else goes through ``conditional_escape``, as
    ``format_html`` would, without its wrappers (about 2 µs of every name on a page; issue 15's
    seventeenth pass). ``tests/web/test_isolate.py`` holds the two equal."""
    text = strip_invisible(str(value))
    inner = html.escape(text) if type(text) is str else conditional_escape(text)
    return SafeString(f"<bdi>{inner}</bdi>")


#: A line break as ``linebreaksbr`` reads one before writing ``<br>`` (``normalize_newlines``).
_BREAK = re.compile(r"\r\n|\r")


def isolated_lines(value: object) -> SafeString:
    """``{{ value|isolate|linebreaksbr }}``: ``isolate`` gives the text escaped and marked safe,
    so the filter escapes nothing more and only writes each line break (a carriage return and
    line feed, a lone carriage return or a line feed) as ``<br>``; written here without the
    filter's wrappers (issue 15's seventeenth pass; ``tests/web/test_past_days.py`` holds it
    to the two filters)."""
    shown = str(isolate(value))
    if "\r" in shown:
        shown = _BREAK.sub("\n", shown)
    return SafeString(shown.replace("\n", "<br>"))


@register.filter(name="strip_bidi")
def strip_bidi_filter(value: object) -> str:
    """The text without bidi controls, for attributes (``alt``) where no element can go."""
    return strip_bidi(str(value))


@register.filter(name="isolate_text")
def isolate_text_filter(value: object) -> str:
    """The text without bidi controls, between a first-strong isolate and its pop (U+2068,
    U+2069), for text where no element can go: a PDF's running footer takes its words as bare
    text (``string-set``), where a ``<bdi>`` is lost, and a right-to-left name carried the date
    beside it to its own side ("29 · مريم Nov 2026")."""
    return f"\u2068{strip_bidi(str(value))}\u2069"


@register.filter(is_safe=True)
def code_breaks(value: object) -> SafeString:
    """A code grouped by dashes (``7K2M-Q9XD-…``), escaped, with a line-break opportunity after
    each dash and none elsewhere (the ``.code`` box keeps words whole): a phone shows
    ``7K2M-Q9XD-015R-`` over ``2DJS-5GX9``, never a group cut in two. What is copied stays
    the code as shown."""
    groups = str(value).split("-")
    return format_html_join(mark_safe("-<wbr>"), "{}", ((group,) for group in groups))


@register.filter(is_safe=True)
def link_breaks(value: object, code: object) -> SafeString:
    """A link ending in ``code``, escaped, that may wrap after any slash before the code and
    nowhere inside it: a phone cut the invitation's link inside its code ("...A9TT" over
    "-G8N3/": the year walk of 2026-12-05), and her partner, reading it off her screen, could
    take the halves for two things. What is copied stays the link as shown."""
    link, tail = str(value), str(code)
    cut = link.rfind(tail) if tail else -1
    if cut < 0:
        return format_html('<span class="whole">{}</span>', link)
    parts = link[:cut].split("/")
    return format_html(
        '{}<span class="whole">{}</span>',
        format_html_join(mark_safe("/<wbr>"), "{}", ((part,) for part in parts)),
        link[cut:],
    )
