"""The sentences of one's own result page that carry a date, a count or a name, written in
Python.

The page had six ``{% blocktranslate %}`` blocks around its lists (when the take was made and
how much of it was answered, the statements left out, the axis short of answers, the answers
that weighed in beyond the first four, the take before it, the version of the statements):
each cost the template engine 50-80 µs a view, rendering its words and values again (issue
15's eleventh pass, ``docs/performance.md``). Here each is the same words looked up with
``gettext`` or ``ngettext`` as it is drawn (nothing is kept between requests), every value
written as a template writes ``{{ value }}`` (``frame.formrender.shown``: where the reader is,
in her language's digits, escaped) and a date as the ``date`` filter wrote it there: the same markup
as the template it replaced, byte for byte (``tests/web/test_result_parts.py``, against
``tests/web/reference/results.html``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from interdepend.web.frame import dates
from interdepend.web.frame.formrender import shown as _shown

register = template.Library()


def _when(moment: datetime | None) -> str:
    """``{{ moment|date:"DATETIME_FORMAT" }}``, where the reader is, escaped."""
    return _shown(dates.local_write(moment, "DATETIME_FORMAT"))


@register.simple_tag
def result_taken(moment: datetime | None, answered: int, items: int) -> SafeString:
    """When the take was finished, and how many of its statements were answered."""
    words = gettext("Taken %(when)s · %(answered)s of %(items)s statements answered")
    values = {"when": _when(moment), "answered": _shown(answered), "items": _shown(items)}
    return mark_safe(words % values)  # noqa: S308 - every value is escaped, the words ours


@register.simple_tag
def result_left_out(n: int) -> SafeString:
    """How many statements the parts short of answers need."""
    words = ngettext(
        "You left out %(n)s statement that the missing part needs. You can answer it now, "
        "without going through the others again.",
        "You left out %(n)s statements that the missing parts need. You can answer some of "
        "them now, without going through the others again.",
        n,
    )
    return mark_safe(words % {"n": _shown(n)})  # noqa: S308 - the count is escaped


@register.simple_tag
def result_axis_short(scale: str) -> SafeString:
    """The one axis of the map without enough answers, named."""
    words = gettext("There are not enough answers on %(scale)s yet to place you on the map.")
    return mark_safe(words % {"scale": _shown(scale)})  # noqa: S308 - the name is escaped


@register.simple_tag
def result_more_answers(n: int) -> SafeString:
    """The disclosure of the answers that weighed in beyond the first four."""
    words = ngettext("%(n)s more answer that weighed in", "%(n)s more answers that weighed in", n)
    return mark_safe(words % {"n": _shown(n)})  # noqa: S308 - the count is escaped


@register.simple_tag
def result_since(moment: datetime | None) -> SafeString:
    """The heading of what moved since the take before."""
    return mark_safe(gettext("Since %(when)s") % {"when": _when(moment)})  # noqa: S308 - escaped


@register.simple_tag
def result_version(version: Any) -> SafeString:
    """Which version of the statements the take answered."""
    words = gettext("These were the statements of version %(version)s.")
    return mark_safe(words % {"version": _shown(version)})  # noqa: S308 - escaped
