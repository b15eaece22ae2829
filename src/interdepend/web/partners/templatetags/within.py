"""``{% within_mark active about %}``: the hidden mark of the partnership a form of the two is drawn
in (:mod:`interdepend.web.partners.ended`), so that sent after it ended, the form is told so.

Registered as a template builtin (see ``TEMPLATES`` in settings).
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from interdepend.web.partners.ended import MARK_FIELD, mark_for
from interdepend.web.partners.models import Partnership

register = template.Library()


@register.simple_tag(takes_context=True)
def within_mark(context: dict[str, Any], active: Any, about: str = "") -> SafeString | str:
    """The hidden field for the partnership ``active`` (an ``ActivePartnership``, a
    ``Partnership`` or a row's ``partnership_id``), on a form about the object whose public id
    is ``about`` (none for a form that makes something new); nothing without a partnership."""
    found = getattr(active, "partnership", active)
    partnership_id = found.pk if isinstance(found, Partnership) else found
    user = context.get("user")
    if not isinstance(partnership_id, int) or user is None or not user.is_authenticated:
        return ""
    mark = mark_for(user.pk, partnership_id, str(about))
    return format_html('<input type="hidden" name="{}" value="{}">', MARK_FIELD, mark)
