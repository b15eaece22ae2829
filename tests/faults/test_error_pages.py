"""T25: error pages and logs carry no private content and no traces.

With DEBUG off, a signed-in persona provokes each kind of error answer: 400 (a host we do not
serve, too many form fields), 403 (a form without its CSRF token), 404 (no such page, someone
else's object), 405 (a GET where only POST is taken) and 500 (a test-only view that fails with
the person's e-mail address, and one whose SQL fails, in the exception's message). Every
response body, every record captured at every level and everything the handlers configured in
settings.LOGGING write are searched for persona markers, traceback text, file paths, settings
values and SQL. The 500 page must be our own, with the quick exit.

This module is also the URLconf of those tests (``ROOT_URLCONF`` points here).
"""

from __future__ import annotations

import io
import logging
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import django
import django.db
import pytest
from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.urls import include, path, reverse

import interdepend
from interdepend.web.frame.auth import authed_user
from interdepend.web.frame.logs import DropPrivateDetail
from tests.conftest import Personas
from tests.helpers import Response, as_user

pytestmark = pytest.mark.django_db


def fail_with_email(request: HttpRequest) -> HttpResponse:
    raise RuntimeError(f"could not finish for {authed_user(request).email}")


def fail_in_sql(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        email = authed_user(request).email
        cursor.execute(f"SELECT secret FROM nowhere WHERE email = '{email}'")
    return HttpResponse("unreachable")


urlpatterns = [
    path("t25/fail/", fail_with_email),
    path("t25/sql/", fail_in_sql),
    path("", include("interdepend.web.urls")),
]
handler400 = "interdepend.web.frame.views.error_400"
handler404 = "interdepend.web.frame.views.error_404"
handler500 = "interdepend.web.frame.views.error_500"

TRACES = re.compile(
    # (a SQL word, not an HTML <select> element: every page's language chooser is one)
    r"Traceback|File \"|\.py\b|site-packages|(?<![</])\b(SELECT|INSERT INTO|UPDATE|DELETE FROM)\b"
    r"|no such table|could not finish",
    re.IGNORECASE,
)


def provoke(client: Client, personas: Personas) -> Iterator[tuple[str, Response]]:
    """(what, response) for each error answer, all as alice."""
    yield "400 host", client.get("/", headers={"host": "elsewhere.example"})
    many = {f"f{n}": personas.markers["alice.email"] for n in range(1_100)}
    yield "400 fields", client.post(reverse("together:goals"), many)
    guarded = as_user(personas.alice, enforce_csrf_checks=True)
    title = personas.markers["alice.goal"]
    yield "403 csrf", guarded.post(reverse("together:goals"), {"title": title})
    yield "404 nowhere", client.get("/nowhere/at/all/")
    yield "404 not hers", client.get(reverse("decide:detail", args=[personas.ex_decision_id]))
    yield "405", client.get(reverse("partners:invite"))
    yield "500 message", client.get("/t25/fail/")
    yield "500 sql", client.get("/t25/sql/")


def leaks_in(text: str, personas: Personas) -> list[str]:
    found = [key for key, value in personas.markers.items() if value.lower() in text.lower()]
    found += [f"trace {m.group(0)!r}" for m in TRACES.finditer(text)]
    for secret in (settings.SECRET_KEY, str(Path(interdepend.__file__).parent)):
        if secret in text:
            found.append(f"setting or path {secret[:12]}…")
    if str(Path(django.__file__).parent) in text:
        found.append("django's path")
    return found


class ConfiguredHandlers:
    """Point every stream handler of settings.LOGGING's loggers at a buffer, and back."""

    def __init__(self) -> None:
        configured = settings.LOGGING.get("loggers", {})
        assert isinstance(configured, dict)
        names = list(configured)
        loggers = [logging.getLogger(name) for name in names]
        if "root" in settings.LOGGING:
            loggers.append(logging.getLogger())
        self.handlers = {
            h
            for lg in loggers
            for h in lg.handlers
            if isinstance(h, logging.StreamHandler) and "pytest" not in type(h).__module__
        }
        self.buffer = io.StringIO()
        self.streams: dict[logging.StreamHandler[io.TextIOBase], io.TextIOBase] = {}

    def __enter__(self) -> io.StringIO:
        # Swapped without ``setStream``, which flushes the stream it replaces: a handler built
        # while another test captured standard error may hold that capture, closed since.
        for handler in self.handlers:
            self.streams[handler] = handler.stream
            handler.stream = self.buffer
        return self.buffer

    def __exit__(self, *exc: object) -> None:
        for handler, stream in self.streams.items():
            handler.stream = stream


@override_settings(DEBUG=False, ROOT_URLCONF=__name__)
def test_error_answers_and_their_logs_hold_nothing_private(
    personas: Personas, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="django")
    client = as_user(personas.alice, raise_request_exception=False)
    with ConfiguredHandlers() as written:
        answers = list(provoke(client, personas))
    statuses = {what: r.status_code for what, r in answers}
    assert statuses == {
        "400 host": 400,
        "400 fields": 400,
        "403 csrf": 403,
        "404 nowhere": 404,
        "404 not hers": 404,
        "405": 405,
        "500 message": 500,
        "500 sql": 500,
    }
    for what, response in answers:
        if what.startswith("400"):
            assert "Nothing was changed" in response.content.decode(), what  # our own page
    leaks = [
        f"{what} body: {leak}"
        for what, r in answers
        for leak in leaks_in(r.content.decode(errors="replace"), personas)
    ]
    plain = logging.Formatter("%(name)s %(levelname)s %(message)s")
    records = [plain.format(record) for record in caplog.records]
    leaks += [
        f"log record: {leak} in {text[:120]!r}"
        for text in records
        for leak in leaks_in(text, personas)
    ]
    leaks += [f"configured handler: {leak}" for leak in leaks_in(written.getvalue(), personas)]
    print(
        f"\nT25: {len(answers)} error responses and {len(records)} log records, {len(leaks)} leaks"
    )
    print(written.getvalue())
    assert not leaks, "\n".join(leaks)
    assert "Internal Server Error: /t25/fail/ (RuntimeError)" in written.getvalue()


def test_the_filter_keeps_what_happened_and_drops_what_it_was_about() -> None:
    try:
        raise ValueError("MRKALICEGOALX")
    except ValueError as error:
        record = logging.LogRecord(
            "django.request",
            logging.ERROR,
            "x.py",
            1,
            "%s: %s",
            ("Oops", "/p/"),
            (ValueError, error, error.__traceback__),
        )
    record.request = object()
    assert DropPrivateDetail().filter(record)
    assert logging.Formatter().format(record) == "Oops: /p/ (ValueError)"
    assert not hasattr(record, "request")


def test_our_own_loggers_go_through_the_same_filter_at_the_configured_level() -> None:
    """``interdepend.*`` loggers (the journal, push, data rights) had no handler: Python's
    last-resort handler wrote them whole, past the filter and LOG_LEVEL (the operator audit)."""
    loggers = settings.LOGGING["loggers"]
    assert isinstance(loggers, dict)
    assert loggers["interdepend"] == {"handlers": ["console"], "level": settings.LOG_LEVEL}
    assert loggers["django"]["level"] == settings.LOG_LEVEL
    with ConfiguredHandlers() as written:
        try:
            raise ValueError("MRKALICEJOURNALX")
        except ValueError:
            logging.getLogger("interdepend.web.journal.selectors").exception("it failed")
        logging.getLogger("interdepend.push").info("below the level")
    text = written.getvalue()
    assert text == "it failed (ValueError)\n", text


def _logged(error: BaseException) -> str:
    try:
        raise error
    except BaseException as raised:  # noqa: BLE001 - any error is logged the same way
        record = logging.LogRecord(
            "django.request",
            logging.ERROR,
            "x.py",
            1,
            "Internal Server Error: %s",
            ("/me/journal/write/",),
            (type(raised), raised, raised.__traceback__),
        )
    record.request = object()
    assert DropPrivateDetail().filter(record)
    return logging.Formatter().format(record)


def _from_driver(driver: BaseException) -> django.db.OperationalError:
    """An error as Django raises it: its own class, from the driver's."""
    wrapped = django.db.OperationalError(*driver.args)
    wrapped.__cause__ = driver
    return wrapped


class _PgError(Exception):
    """Stands for a psycopg error: what matters is its SQLSTATE code."""

    def __init__(self, message: str, sqlstate: str) -> None:
        super().__init__(message)
        self.sqlstate = sqlstate


@pytest.mark.parametrize(
    ("driver", "kind"),
    [
        (sqlite3.OperationalError("database or disk is full"), "the disk is full"),
        (sqlite3.OperationalError("database is locked"), "the database was busy"),
        (sqlite3.OperationalError("no such table: MRKTABLE"), "a table is missing: run"),
        (sqlite3.OperationalError("no such column: MRKCOLUMN"), "a column is missing: run"),
        (_PgError("could not extend file MRKFILE: No space left", "53100"), "disk is full"),
        (_PgError("terminating connection MRKWHY", "57P01"), "shutting down or restarting"),
    ],
)
def test_a_database_failure_keeps_its_kind_in_our_words_and_nothing_else(
    driver: BaseException, kind: str
) -> None:
    """A full disk, a database locked for 20 s and a database not migrated were all logged as
    the same "(OperationalError)", which told the operator nothing (the operator audit)."""
    line = _logged(_from_driver(driver))
    assert line.startswith("Internal Server Error: /me/journal/write/ (OperationalError: ")
    assert kind in line and line.endswith(")") and "MRK" not in line, line
    assert str(driver) not in line


def test_a_database_failure_of_another_kind_says_only_its_type() -> None:
    said = "UNIQUE constraint failed: MRKVALUE"
    assert _logged(_from_driver(sqlite3.OperationalError(said))).endswith("(OperationalError)")
    assert _logged(_from_driver(_PgError(said, "23505"))).endswith("(OperationalError)")
    assert _logged(ValueError("database is locked")).endswith("(ValueError)")


@override_settings(DEBUG=False, ROOT_URLCONF=__name__)
def test_the_500_page_is_ours_with_the_quick_exit(personas: Personas) -> None:
    client = as_user(personas.alice, raise_request_exception=False)
    page = client.get("/t25/fail/")
    body = page.content.decode()
    assert page.status_code == 500
    assert 'id="quick-exit"' in body
    assert f'data-quick-exit="{settings.QUICK_EXIT_URL}"' in body
    assert "Something went wrong on our side" in body


def test_a_logged_failure_names_the_route_never_a_token_in_its_address() -> None:
    """A reset link sent without its CSRF cookie (a privacy browser) and a confirmation link
    that leads nowhere were logged with their whole address: a live reset token in the log
    (the deployer audit). The log names the route instead."""
    token = "MRKRESETTOKEN123-abcdef0123456789"
    reset = f"/password-reset/Mg/{token}/"
    strict = Client(enforce_csrf_checks=True)
    with ConfiguredHandlers() as written:
        assert strict.post(reset, {"new_password1": "x"}).status_code == 403
        assert Client().get(f"/signup/confirm/{token}/x/extra/").status_code == 404
        # Copied with a curly quote or a space from a mail: Django escapes such a path in its
        # message, and the escaped path went to the log whole (the stranger audit).
        for tail in ("\u201d", "\xa0"):
            assert Client().get(f"/password-reset/Mg/{token}/{tail}").status_code == 404
    logged = written.getvalue()
    assert token not in logged, logged
    assert "/password-reset/<uidb64>/<token>/" in logged
    assert "/signup/…" in logged
