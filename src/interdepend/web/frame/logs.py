"""Logs say what happened, never what it was about.

Django logs a failed request with the exception (its message and traceback) and the request
itself. Either can carry what a person wrote, who they are, or a line of SQL with their data
in it. :class:`DropPrivateDetail` keeps the message (the path and status) and the exception's
type, and drops the rest. settings.LOGGING puts it on ``django.request`` and on every handler.
"""

from __future__ import annotations

import logging


class DropPrivateDetail(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[0] is not None:
            record.msg = f"{record.getMessage()} ({record.exc_info[0].__name__})"
            record.args = ()
        record.exc_info = None
        record.exc_text = None
        record.stack_info = None
        record.__dict__.pop("request", None)
        return True
