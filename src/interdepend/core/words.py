"""Marking the core's few sentences for translation, without translating them here.

The core knows no language and never imports Django. A sentence it hands to a page (a couple's
pattern, say) is written as ``gettext_noop("...")``: ``makemessages`` finds it by that name and
puts it in the catalogs, and the web layer translates it where it shows it
(``{% translate value %}`` or ``gettext(value)``).
"""

from __future__ import annotations

__all__ = ["gettext_noop"]


def gettext_noop(message: str) -> str:
    """``message`` itself: only a mark for ``makemessages``."""
    return message
