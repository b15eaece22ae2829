"""The together space's row of links (``together/_subnav.html``), drawn once per kind.

The row names eight pages and marks the one shown; it holds the same words and addresses for
everyone. Through the template engine it cost about a tenth of a millisecond on every view of
the pages that show it (eight addresses, eight words, eight comparisons: issue 15's tenth
pass, docs/performance-passes.md). Here it is drawn through that same template once for each
language, page marked, script prefix and URL map, and kept in the worker's memory, as the
frame's parts are (``frame/templatetags/frameparts.py``): it holds nothing of anyone, and a
page name that is not one of the row's own is drawn each time and not kept. A worker draws the
row for every page and language as it starts (:func:`_warm`): drawn by a first view, it made
that view 0.4 ms slower than a later one, which told him whether she had opened the page
since the worker started (``tests/web/test_warmup.py``).
``tests/web/test_subnav.py`` holds it equal to the include, byte for byte.
"""

from __future__ import annotations

from django import template
from django.core.signals import setting_changed
from django.template.loader import get_template
from django.urls import get_script_prefix
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from interdepend.web.frame.addresses import url_map
from interdepend.web.frame.warmup import worker_starting

register = template.Library()

TEMPLATE = "together/_subnav.html"
#: The pages the row marks (its ``here``): only these are kept.
PAGES = frozenset(
    ("today", "goals", "commitments", "bids", "boundaries", "checkin", "circle", "trends")
)

_kept: dict[tuple[object, ...], SafeString] = {}


@register.simple_tag
def together_subnav(here: str) -> SafeString:
    """``{% include "together/_subnav.html" with here=… %}``."""
    # The URL map as a request has it (Django sets the project's as each request starts), also
    # outside one: the warm-up's rows are then the ones a request finds.
    key = (get_language(), here, get_script_prefix(), url_map())
    found = _kept.get(key)
    if found is None:
        found = mark_safe(get_template(TEMPLATE).render({"here": here}))  # noqa: S308 (drawn by the template engine, escaped there)
        if here in PAGES:
            _kept[key] = found
    return found


def forget(**_: object) -> None:
    """Forget every kept row (a setting changed: languages, templates, addresses)."""
    _kept.clear()


setting_changed.connect(forget, weak=False, dispatch_uid="interdepend-together-subnav")


def _warm(**_: object) -> None:
    """Sent in each language as a worker starts (``frame.warmup.worker_starting``): the row
    for each page it marks."""
    for here in sorted(PAGES):
        together_subnav(here)


worker_starting.connect(_warm, weak=False, dispatch_uid="interdepend-warm-together-subnav")
