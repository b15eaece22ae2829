"""``{% within_mark active about %}``: the hidden mark of the partnership a form of the two is drawn
in (:mod:`interdepend.web.partners.ended`), so that sent after it ended, the form is told so.

Registered as a template builtin (see ``TEMPLATES`` in settings).
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from interdepend.web.partners.ended import mark_field
from interdepend.web.partners.models import Partnership

register = template.Library()


@register.simple_tag(takes_context=True)
def within_mark(context: dict[str, Any], active: Any, about: str = "") -> SafeString | str:
    """The hidden field for the partnership ``active`` (an ``ActivePartnership``, a
    ``Partnership`` or a row's ``partnership_id``), on a form about the object whose public id
    is ``about`` (none for a form that makes something new); nothing without a partnership."""
    found = getattr(active, "partnership", active)
    partnership_id = found.pk if isinstance(found, Partnership) else found
    return mark_safe(mark_field(context.get("user"), partnership_id, about))  # noqa: S308
