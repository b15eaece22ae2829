"""Many addresses of one route in one drawing, for a list's items.

``reverse`` walks the URL map for each address it writes, 35-50 µs each: a list whose items
each link to their own page, or whose forms each post to their own address, paid it once an
item (issue 15's thirteenth pass). Every such route here takes one public id, whose shape is
fixed (:data:`~interdepend.web.frame.publicid.PUBLIC_ID_PATTERN`) and which ``reverse`` writes
unchanged, so one ``reverse`` with a stand-in id gives the text around the id for the whole
list; each item's id is put in its place. An id of any other shape is reversed as before (and
refused as before). Nothing is kept after the drawing: the script prefix and the map are read
anew on each. ``tests/web/test_addresses.py`` holds it to ``reverse``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.conf import settings
from django.urls import get_urlconf, reverse

from interdepend.web.frame.publicid import PUBLIC_ID_LENGTH, PUBLIC_ID_PATTERN

_SHAPE = re.compile(PUBLIC_ID_PATTERN)
#: An id of the right shape that no route, prefix or host holds by chance.
STAND_IN = "Q" * PUBLIC_ID_LENGTH


def url_map() -> str:
    """The URL map addresses are made with: a request's (Django sets the project's as each
    request starts), or the project's outside one (a worker starting), so that what the warm-up
    makes and keeps per map is what a request finds (the review of the tenth pass)."""
    return str(get_urlconf() or settings.ROOT_URLCONF)


def around(route: str) -> tuple[str, str] | None:
    """The text of ``route``'s address before and after its one public id, from one
    ``reverse`` with :data:`STAND_IN`; None if the stand-in is not there exactly once."""
    made = reverse(route, args=[STAND_IN])
    if made.count(STAND_IN) != 1:
        return None
    head, _, tail = made.partition(STAND_IN)
    return head, tail


def addresser(route: str) -> Callable[[str], str]:
    """``lambda public_id: reverse(route, args=[public_id])``, for one drawing."""
    return addresser_of(route, around(route))


def addresser_of(route: str, parts: tuple[str, str] | None) -> Callable[[str], str]:
    """:func:`addresser` from ``parts``, what :func:`around` gives of ``route`` (kept for a
    map of addresses by a page that makes it as a worker starts)."""
    if parts is None:
        return lambda public_id: reverse(route, args=[public_id])
    head, tail = parts

    def address(public_id: str) -> str:
        if _SHAPE.fullmatch(public_id):
            return f"{head}{public_id}{tail}"
        return reverse(route, args=[public_id])

    return address
