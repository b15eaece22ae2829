"""Opening the journal after a while away asks for the password again.

Each journal request stamps the session. When both the last journal request and the last
password proof are older than ``JOURNAL_IDLE_SECONDS``, the request goes to the confirm page
first (and comes back after it), so someone who picks up an unlocked device cannot simply read.

The stamp is renewed at most once a minute (or a tenth of the window, when that is shorter), so
reading the journal does not write the session on every page. A stamp can therefore be up to that
much older than the last journal page, and the journal locks that much early, never late.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from interdepend.web.accounts.reauth import password_recent

JOURNAL_SEEN_KEY = "_journal_seen_at"
#: The stamp is renewed at most this often (as the session's own activity mark).
STAMP_EVERY_SECONDS = 60.0

View = TypeVar("View", bound=Callable[..., HttpResponse])


def seconds_since_journal(request: HttpRequest) -> float:
    stamp = request.session.get(JOURNAL_SEEN_KEY)
    return float("inf") if stamp is None else max(0.0, time.time() - float(stamp))


def journal_gate(view: View) -> View:
    """Decorate a journal view (behind ``login_required``)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        window = int(settings.JOURNAL_IDLE_SECONDS)

        def seen(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if seconds_since_journal(request) > min(STAMP_EVERY_SECONDS, window / 10):
                request.session[JOURNAL_SEEN_KEY] = time.time()
            return view(request, *args, **kwargs)

        if seconds_since_journal(request) <= window:
            return seen(request, *args, **kwargs)
        return password_recent(max_age=window)(seen)(request, *args, **kwargs)

    return cast(View, wrapped)
