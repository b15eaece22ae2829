"""Running a site: ``interdepend manage clearsessions`` (the daily timer of docs/deploy.md)
removes the sign-ins that have run out, the mail timeout is set, and the health check answers
the balancer."""

from __future__ import annotations

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

    def down() -> None:
        raise DatabaseError("connection refused")

    monkeypatch.setattr(connection, "cursor", down)
    assert Client().get("/healthz").status_code == 503


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
