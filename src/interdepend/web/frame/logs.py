"""Logs say what happened, never what it was about.

Django logs a failed request with the exception (its message and traceback) and the request
itself. Either can carry what a person wrote, who they are, or a line of SQL with their data
in it, and so can the path: a reset link, an invitation code, a confirmation token. The filter
keeps the message with the route the path matched in place of the path (its pattern, never the
values in it; the first part only of a path that leads nowhere) and the exception's type, and
drops the rest. settings.LOGGING puts it on ``django.request`` and on every handler.
"""

from __future__ import annotations

import logging
from typing import Any


def shown_path(request: Any) -> str:
    """What a log line says of a request's address: ``/password-reset/<uidb64>/<token>/``,
    never the token; ``/signup/…`` for an address that matched nothing."""
    match = getattr(request, "resolver_match", None)
    if match is not None and match.route:
        return "/" + str(match.route).lstrip("^").rstrip("$")
    first = str(getattr(request, "path", "")).strip("/").split("/", 1)[0]
    return f"/{first}/…" if first else "/"


class DropPrivateDetail(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        request = record.__dict__.get("request")
        path = str(getattr(request, "path", "") or "")
        # The path as it came, and as Django writes it into the message since 5.2.2 (escaped:
        # a reset link with a curly quote at its end went to the log whole).
        spelled = {path, path.encode("unicode_escape").decode("ascii")} if len(path) > 1 else set()
        failed = record.exc_info[0] if record.exc_info else None
        if spelled or failed is not None:
            shown = shown_path(request)
            if isinstance(record.args, tuple):
                record.args = tuple(
                    shown if isinstance(arg, str) and any(s in arg for s in spelled) else arg
                    for arg in record.args
                )
            message = record.getMessage()
            for spelling in spelled:
                message = message.replace(spelling, shown)
            if failed is not None:
                message = f"{message} ({failed.__name__})"
            record.msg = message
            record.args = ()
        record.exc_info = None
        record.exc_text = None
        record.stack_info = None
        record.__dict__.pop("request", None)
        return True
