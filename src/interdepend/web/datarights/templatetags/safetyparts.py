"""Parts of *Who can see what* drawn in Python: the shared check-in weeks, and labels looked up.

The list of weeks:

With more than three shared check-ins the page offers them one week at a time in a select, one
option a week: a year of check-ins is 52 options, each with the week's date written twice. Drawn
through the template engine that cost about 1.4 ms, more than the rest of her partner's card
(issue 15's tenth pass, docs/performance.md). Here the options are written as a string, each
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
from collections.abc import Mapping, Sequence
from typing import Any

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from interdepend.web.frame import dates

register = template.Library()

#: What comes before each option: the template's line break and indent.
INDENT = "\n            "


@register.simple_tag
def week_options(weeks: Sequence[datetime.date]) -> SafeString:
    """An ``<option>`` for each week: its ISO date as the value, its date as the person's
    language writes a date as the text."""
    value, shown = dates.writer("Y-m-d"), dates.writer("DATE_FORMAT")
    return mark_safe(  # noqa: S308 - every value is escaped here
        "".join(
            f'{INDENT}<option value="{escape(value(week))}">{escape(shown(week))}</option>'
            for week in weeks
        )
    )


@register.filter
def label_of(labels: Mapping[Any, Any], key: Any) -> Any:
    """The label of ``key`` (a kind or a scope) in ``labels``, or "" when it has none, as
    ``{% for k, label in labels.items %}{% if k == key %}{{ label }}{% endif %}{% endfor %}``
    drew it; the label is escaped where it is drawn, as before."""
    return labels.get(key, "")
