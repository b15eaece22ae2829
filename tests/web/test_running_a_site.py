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
