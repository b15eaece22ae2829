"""Which saved version of a thing a page was opened on, for forms that replace it whole (the
weekly check-in, how one sees one's partner).

Two tabs (or a phone and a laptop) opened on such a form each saved, each thanked her, and the
second silently replaced the first (the forms audit of 2026-12-03). The page now carries a mark
of the version it showed; a save whose mark is not the saved version's any more writes nothing,
and the page says so with her answers still in it. The mark is a keyed digest of the last
save's time (an HMAC under a key derived from the site's secret), so the page does not carry
the moment she saved: a plain digest could be reversed by trying each moment of the week (the
partner audit of 2026-12-04, L2), from a page left open or kept in the browser's cache.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
from datetime import datetime

from django.conf import settings

_SALT = "interdepend.frame.versions"

#: The mark of a page opened while nothing was saved yet.
NEW = "new"


def mark_of(saved_at: datetime | None) -> str:
    """The mark of the version saved at ``saved_at`` (None: nothing saved yet)."""
    if saved_at is None:
        return NEW
    message = saved_at.isoformat().encode()
    return hmac.new(_key(settings.SECRET_KEY), message, hashlib.sha256).hexdigest()[:20]


@functools.lru_cache(maxsize=4)
def _key(secret: str) -> bytes:
    """The mark's key, derived once per secret."""
    return hashlib.sha256((_SALT + secret).encode()).digest()


class Changed(Exception):
    """Another version was saved after the page that sent this one was opened: nothing was
    written."""


def expect(saved_at: datetime | None, seen: str | None) -> None:
    """:class:`Changed` when the version saved at ``saved_at`` is not the one a page marked
    ``seen`` was opened on (None: a page without a mark, nothing to check)."""
    if seen is not None and mark_of(saved_at) != seen:
        raise Changed
