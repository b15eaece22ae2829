"""``interdepend manage clearsessions`` (the daily timer of docs/deploy.md) removes the sign-ins
that have run out and keeps the others; the mail timeout is set."""

from __future__ import annotations

from datetime import timedelta

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
