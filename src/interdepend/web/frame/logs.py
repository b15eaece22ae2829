"""Logs say what happened, never what it was about.

Django logs a failed request with the exception (its message and traceback) and the request
itself. Either can carry what a person wrote, who they are, or a line of SQL with their data
in it, and so can the path: a reset link, an invitation code, a confirmation token. The filter
keeps the message with the route the path matched in place of the path (its pattern, never the
values in it; the first part only of a path that leads nowhere) and the exception's type, and
drops the rest. settings.LOGGING puts it on ``django.request`` and on every handler. What
Django's security loggers repeat of a request's headers is kept short and plain (:func:`tamed`).

A database failure keeps its kind, said in our words (:func:`database_reason`): a full disk, a
database busy for too long, a table missing. Nothing else of the database's message.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from typing import Any

#: SQLite's messages an operator can act on, and what a log line says of each in our words.
#: Matched on SQLite's own fixed wording; the message itself is never written (another kind
#: can hold a value: a column's name, or what a constraint refused).
SQLITE_KINDS = (
    ("database or disk is full", "the disk is full"),
    ("database is locked", "the database was busy with another writer for too long"),
    ("database table is locked", "the database was busy with another writer for too long"),
    ("no such table", "a table is missing: run interdepend manage migrate"),
    ("no such column", "a column is missing: run interdepend manage migrate"),
    ("disk i/o error", "the disk could not be read or written"),
    ("readonly database", "the database file is read-only"),
    ("unable to open database file", "the database file cannot be opened"),
    ("database disk image is malformed", "the database file is damaged"),
    ("file is not a database", "the database file is damaged"),
)
#: A connection that failed, in our words (the CLI adds what to check: interdepend.cli.web).
UNREACHABLE = "the database server cannot be reached"
#: PostgreSQL's error codes (SQLSTATE, longest first) an operator can act on, in our words.
POSTGRES_KINDS = (
    ("53100", "the database server's disk is full"),
    ("42P01", "a table is missing: run interdepend manage migrate"),
    ("42703", "a column is missing: run interdepend manage migrate"),
    ("40P01", "two writes waited for each other (a deadlock)"),
    ("55P03", "the database was busy with another writer for too long"),
    ("57014", "the database server cancelled a statement that took too long"),
    ("57P", "the database server is shutting down or restarting"),
    ("53", "the database server has run out of memory or connections"),
    ("42501", "the database account lacks a right it needs: make it the database's owner"),
    ("08", UNREACHABLE),
)


def database_reason(error: BaseException | None) -> str | None:
    """What kind of database failure ``error`` is, in our words, or None when it is none of
    the kinds above. Looks through what Django's error was raised from or while handling (the
    driver's own)."""
    seen = 0
    while error is not None and seen < 4:
        code = getattr(error, "sqlstate", None)
        if isinstance(code, str):
            return next((words for start, words in POSTGRES_KINDS if code.startswith(start)), None)
        if isinstance(error, sqlite3.Error):
            said = str(error).lower()
            return next((words for text, words in SQLITE_KINDS if text in said), None)
        if type(error).__module__.startswith("psycopg") and type(error).__name__ == (
            "OperationalError"
        ):
            return UNREACHABLE  # no code: the connection failed
        # Raised from the driver's (``from``), or while handling it (migrate's own error)
        error, seen = error.__cause__ or error.__context__, seen + 1
    return None


def shown_path(request: Any) -> str:
    """What a log line says of a request's address: ``/password-reset/<uidb64>/<token>/``,
    never the token; ``/signup/…`` for an address that matched nothing."""
    match = getattr(request, "resolver_match", None)
    if match is not None and match.route:
        return "/" + str(match.route).lstrip("^").rstrip("$")
    first = str(getattr(request, "path", "")).strip("/").split("/", 1)[0]
    return f"/{first}/…" if first else "/"


#: The longest run of text a stranger chose (a host name, an origin) a log line repeats whole.
CHOSEN_MAX = 100
#: The longest line Django's security loggers may write, whatever it repeats.
SECURITY_LINE_MAX = 400
_WEB_ADDRESS = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://[^/\s'\"]*)[^\s'\"]*")
_LONG_RUN = re.compile(rf"\S{{{CHOSEN_MAX + 1},}}")
_INVISIBLE = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def tamed(message: str) -> str:
    """A line of Django's security loggers (a host not allowed, a CSRF refusal), which repeat
    what a request's Host, Origin or Referer header said: a web address reduced to its
    origin (a Referer named another site's page), invisible characters written as escapes, any
    run longer than :data:`CHOSEN_MAX` cut, the line no longer than :data:`SECURITY_LINE_MAX`
    (up to 8 kB of a stranger's text went into the log on each line: the stranger audit of
    2026-12-03, L5)."""
    message = _INVISIBLE.sub(lambda found: f"\\x{ord(found.group()):02x}", message)
    message = _WEB_ADDRESS.sub(
        lambda found: found.group(1) + ("/…" if found.group() != found.group(1) else ""), message
    )
    message = _LONG_RUN.sub(lambda found: found.group()[:CHOSEN_MAX] + "…", message)
    return message if len(message) <= SECURITY_LINE_MAX else message[:SECURITY_LINE_MAX] + "…"


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
                reason = database_reason(record.exc_info[1] if record.exc_info else None)
                kind = f"{failed.__name__}: {reason}" if reason else failed.__name__
                message = f"{message} ({kind})"
            record.msg = message
            record.args = ()
        if record.name.startswith("django.security"):
            record.msg, record.args = tamed(record.getMessage()), ()
        record.exc_info = None
        record.exc_text = None
        record.stack_info = None
        record.__dict__.pop("request", None)
        return True
