"""Running a site: ``interdepend manage clearsessions`` (the daily timer of docs/deploy.md)
removes the sign-ins that have run out, the mail timeout is set, and the health check answers
the balancer."""

from __future__ import annotations

import logging
import threading
from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from interdepend.web.accounts.models import UserSession
from tests.conftest import Personas
from tests.helpers import as_user

pytestmark = pytest.mark.django_db


def test_clearsessions_removes_the_sign_ins_that_ran_out(personas: Personas) -> None:
    as_user(personas.alice).get("/")
    as_user(personas.bob).get("/")
    ran_out = UserSession.objects.filter(user=personas.alice)
    assert ran_out.exists()
    ran_out.update(expire_date=timezone.now() - timedelta(minutes=1))
    kept = UserSession.objects.exclude(user=personas.alice).count()
    call_command("clearsessions")
    assert not UserSession.objects.filter(user=personas.alice).exists()
    assert UserSession.objects.count() == kept > 0


def test_a_mail_server_that_never_answers_is_given_up_on() -> None:
    assert 0 < settings.EMAIL_TIMEOUT <= 30


def test_the_health_check_answers_on_plain_http_and_fails_without_the_database(
    settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It was answered by the HTTPS redirect (a pass for the balancer) and said "ok" with the
    database down, so a server whose every page failed stayed in the pool (the deployer
    audit)."""
    from django.db import DatabaseError, connection
    from django.test import Client

    settings.SECURE_SSL_REDIRECT = True
    assert Client().get("/about/").status_code == 301  # every other page goes to HTTPS
    answer = Client().get("/healthz")
    assert (answer.status_code, answer.content) == (200, b"ok")
    assert Client().get("/healthz%0A").status_code == 301  # only the check itself is let by

    def down() -> None:
        raise DatabaseError("connection refused")

    monkeypatch.setattr(connection, "cursor", down)
    assert Client().get("/healthz").status_code == 503


def test_the_health_check_fails_while_the_database_needs_migrating_and_then_asks_no_more(
    monkeypatch: pytest.MonkeyPatch, django_assert_num_queries: Any
) -> None:
    """A server started on an old database answered every sign-in with 500 while the health
    check said "ok", so the balancer kept it in the pool (the operator audit). Once this
    process has found the tables up to date it only asks the database to answer."""
    from django.db.migrations.executor import MigrationExecutor
    from django.test import Client

    from interdepend.web.frame import views

    monkeypatch.setattr(views._Schema, "current", False)
    plan = MigrationExecutor.migration_plan
    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: ["one"])
    answer = Client().get("/healthz")
    assert (answer.status_code, answer.content) == (503, b"database not up to date")
    assert Client().get("/healthz").status_code == 503  # asked again until it is
    monkeypatch.setattr(MigrationExecutor, "migration_plan", plan)
    assert Client().get("/healthz").status_code == 200

    def never(self: object, targets: object) -> None:
        raise AssertionError("the migrations were looked at again")

    monkeypatch.setattr(MigrationExecutor, "migration_plan", never)
    with django_assert_num_queries(1):
        assert Client().get("/healthz").content == b"ok"


def test_a_static_file_collected_after_the_server_started_is_served(
    settings: Any, tmp_path: Any
) -> None:
    """During a rolling upgrade, a page from a server already upgraded names the next
    release's files, which the servers not yet restarted answered 404 (the deployer audit)."""
    from django.http import HttpResponse
    from django.test import RequestFactory

    from interdepend.web.frame.staticfiles import LateFilesMiddleware

    settings.STATIC_ROOT = tmp_path
    settings.WHITENOISE_AUTOREFRESH = False  # as in production: the list is made at start
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "site.0123456789ab.css").write_text("body{}")
    serving = LateFilesMiddleware(lambda request: HttpResponse("not a file", status=404))
    (tmp_path / "css" / "site.c2d795caf8d3.css").write_text("body{color:red}")  # collected later
    (tmp_path / "css" / "plain.css").write_text("p{}")
    asked = RequestFactory()
    later = serving(asked.get("/static/css/site.c2d795caf8d3.css"))
    assert later.status_code == 200
    assert b"".join(later.streaming_content) == b"body{color:red}"  # type: ignore[attr-defined]
    assert "immutable" in later["Cache-Control"] or "max-age" in later["Cache-Control"]
    assert serving(asked.get("/static/css/site.0123456789ab.css")).status_code == 200
    assert serving(asked.get("/static/css/plain.css")).status_code == 404  # no hash: as before
    assert serving(asked.get("/static/css/none.aaaaaaaaaaaa.css")).status_code == 404
    assert serving(asked.get("/static/../secret_key.aaaaaaaaaaaa")).status_code == 404


class _Refusing:
    """A mail backend whose server drops the connection: the first ``fails`` sends only."""

    sent: list[str] = []
    fails = 10**6

    def __init__(self, *args: object, **kwargs: object) -> None:
        pass

    def send_messages(self, messages: list[Any]) -> int:
        import smtplib

        with _REFUSING_COUNT:  # reminders are handed over side by side (together.reminders)
            failing = _Refusing.fails > 0
            _Refusing.fails -= failing
        if failing:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        _Refusing.sent.extend(m.to[0] for m in messages)
        return len(messages)


_REFUSING_COUNT = threading.Lock()


def test_a_mail_server_that_fails_leaves_the_pages_answering_as_always(
    settings: Any, caplog: pytest.LogCaptureFixture
) -> None:
    """Sign-up and a reset for an address with no account answered 500, with the traceback in
    the log, when the mail server failed (the deployer audit)."""
    from django.test import Client
    from django.urls import reverse

    settings.EMAIL_BACKEND = f"{__name__}._Refusing"
    _Refusing.fails = 10**6
    reset = Client().post(reverse("accounts:password_reset"), {"email": "nobody@example.test"})
    assert (reset.status_code, reset["Location"]) == (302, reverse("accounts:password_reset_done"))
    signup = Client().post(
        reverse("accounts:signup"),
        {"email": "new@example.test", "password": "a long enough password", "display_name": "N"},
    )
    assert (signup.status_code, signup["Location"]) == (302, reverse("accounts:signup_sent"))
    lines = [r.getMessage() for r in caplog.records if r.name == "django.interdepend.mail"]
    assert (
        lines == ["A message could not be handed to the mail server (SMTPServerDisconnected)."] * 2
    )
    assert "example.test" not in caplog.text


@pytest.mark.parametrize(
    "backend", [f"{__name__}._Refusing", "django.core.mail.backends.smtp.EmailBackEnd"]
)
def test_a_reset_for_an_account_that_cannot_be_sent_is_logged_without_its_number(
    settings: Any, caplog: pytest.LogCaptureFixture, personas: Personas, backend: str
) -> None:
    """Django's form logged "Failed to send password reset email to 3": the account's number,
    beside the access log's time of her asking (the operator audit)."""
    from django.test import Client
    from django.urls import reverse

    settings.EMAIL_BACKEND = backend
    _Refusing.fails = 10**6
    email = personas.alice.email
    reset = Client().post(reverse("accounts:password_reset"), {"email": email})
    assert (reset.status_code, reset["Location"]) == (302, reverse("accounts:password_reset_done"))
    kind = "SMTPServerDisconnected" if backend.startswith(__name__) else "ImportError"
    said = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert said == [f"A message could not be handed to the mail server ({kind})."], said
    assert not [r for r in caplog.records if r.name.startswith("django.contrib.auth")]


def test_a_reminder_that_cannot_be_sent_is_tried_again_and_the_others_still_go(
    settings: Any, personas: Personas
) -> None:
    from interdepend.web.together.models import Reminder
    from interdepend.web.together.reminders import reminders_send

    settings.EMAIL_BACKEND = f"{__name__}._Refusing"
    Reminder.objects.all().delete()
    for person in (personas.alice, personas.bob):
        Reminder.objects.create(owner=person, weekly_checkin=True)
    monday = timezone.now().replace(hour=10) + timedelta(weeks=3)  # a week nobody checked in
    while monday.weekday() != 0:
        monday -= timedelta(days=1)
    _Refusing.fails, _Refusing.sent = 1, []
    assert reminders_send(now=monday) == 1  # the first failed, the second went
    assert len(_Refusing.sent) == 1
    assert Reminder.objects.filter(last_sent_week__isnull=True).count() == 1
    assert reminders_send(now=monday) == 1  # the one that failed, on the next run
    assert Reminder.objects.filter(last_sent_week__isnull=True).count() == 0
