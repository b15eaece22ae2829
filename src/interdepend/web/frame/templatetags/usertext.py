"""``{{ value|isolate }}``: a person's text, isolated from the page's own direction.

Registered as a template builtin (see ``TEMPLATES`` in settings), so every template can use it.
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from interdepend.web.frame.usertext import strip_bidi

register = template.Library()


@register.filter(is_safe=True)
def isolate(value: object) -> SafeString:
    """``<bdi>`` around the escaped text, with any stored bidi control dropped."""
    return format_html("<bdi>{}</bdi>", strip_bidi(str(value)))


@register.filter(name="strip_bidi")
def strip_bidi_filter(value: object) -> str:
    """The text without bidi controls, for attributes (``alt``) where no element can go."""
    return strip_bidi(str(value))
