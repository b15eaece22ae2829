"""A value one request leaves in the session for the page it redirects to, for a short while.

A page that answers a typed password is reached by a redirect (an answer to the POST itself
would keep the password in the browser's history, where Back then Reload sends it again), so
what it shows waits in the session: a new invitation's code, a form carried through the
password page. Each waits with the time it was put there and is gone after ``max_age``
seconds, so that nothing lingers for whoever picks the phone up later.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any, Protocol, TypeVar

from django.contrib import messages
from django.http import HttpRequest
from django.utils.translation import gettext as _


def put(request: HttpRequest, key: str, value: Any) -> None:
    """Leave ``value`` (anything the session can hold) under ``key``, stamped with the time."""
    request.session[key] = [value, time.time()]


def fresh(request: HttpRequest, key: str, max_age: float, *, take: bool = False) -> Any:
    """The value under ``key`` while it is younger than ``max_age`` seconds, else None (an old
    one is dropped). With ``take`` it is dropped in any case: shown once."""
    stored = request.session.pop(key, None) if take else request.session.get(key)
    if isinstance(stored, list) and len(stored) == 2:
        value, at = stored
        if isinstance(at, (int, float)) and time.time() - at <= max_age:
            return value
    request.session.pop(key, None)
    return None


class _Public(Protocol):
    public_id: str


Item = TypeVar("Item", bound=_Public)


#: How long a new code waits for its page (an answer that never reached the phone left it
#: waiting there for anyone: the re-audit).
CODE_SECONDS = 120


def put_code(request: HttpRequest, key: str, code: str, item: _Public) -> None:
    """Leave a new code (an invitation's) for its page, beside the public id of its row."""
    put(request, key, [code, str(item.public_id)])


def take_code(
    request: HttpRequest, key: str, max_age: float, still_open: Iterable[Item]
) -> tuple[str, Item] | None:
    """The code left by :func:`put_code`, once, with its row among ``still_open``: None when it
    was shown already, is older than ``max_age`` seconds, or its row was used or withdrawn
    since. While an invitation is still open, a note says so for the page the caller sends her
    to (which lists it); with none open there is none to withdraw, and the note would send her
    looking for it under the partner who has just used it (the walk of 2026-12-04)."""
    shown = fresh(request, key, max_age, take=True)
    open_now = list(still_open)
    found = None
    if isinstance(shown, list) and len(shown) == 2:
        code, public_id = shown
        found = next((item for item in open_now if str(item.public_id) == public_id), None)
    if found is None and open_now:
        messages.info(
            request,
            _(
                "An invitation's code is shown only once. If it was not copied, withdraw that "
                "invitation below and make a new one."
            ),
        )
    if found is None:
        return None
    return str(code), found
