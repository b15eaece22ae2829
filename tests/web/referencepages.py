"""A page answered, held byte for byte to the template it replaced (kept in
``tests/web/reference/``) drawn with the same context, language and time zone.

Used by the reference tests of pages whose content block is drawn in Python: the circle, the
boundaries, the account page, the couple view and leaving a partnership."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.template import engines
from django.utils import timezone, translation

#: A form's one-time values (new on every view), put out of the way before comparing.
TOKENS = re.compile(r'name="(csrfmiddlewaretoken|idem)" value="[^"]*"')


def old_drawing(
    response: Any, reference: str, keys: Iterable[str], language: str, zone: str
) -> str:
    """The old template drawn with the page's own context for ``keys``."""
    context = {key: response.context[key] for key in keys}
    with translation.override(language), timezone.override(zone):
        return str(engines["django"].from_string(reference).render(context, response.wsgi_request))


def same_as_reference(
    response: Any,
    reference: str,
    keys: Iterable[str],
    language: str,
    zone: str,
    tokens: re.Pattern[str] = TOKENS,
) -> str:
    """The page answered, its one-time values masked, after asserting it equals the old
    template's drawing and that no hostile script came through unescaped."""
    before = old_drawing(response, reference, keys, language, zone)
    page = tokens.sub("TOKEN", response.content.decode())
    assert page == tokens.sub("TOKEN", before)
    assert "<script>alert" not in page
    return page
