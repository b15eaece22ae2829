"""``{% conversation_steps %}``: the steps of talking it through, drawn once per language
(:func:`interdepend.web.daily.conversation.steps_drawn`, which says why)."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from interdepend.web.daily.conversation import steps_drawn

register = template.Library()


@register.simple_tag
def conversation_steps() -> SafeString:
    """The steps, in the page's language."""
    return steps_drawn(get_language())
