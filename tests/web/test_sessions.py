"""T10: session rules: idle and absolute timeouts, logout, cookie flags."""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse

from interdepend.web.accounts.models import UserSession
from interdepend.web.accounts.sessions import LAST_SEEN_KEY
from tests.conftest import PASSWORD, Personas

pytestmark = pytest.mark.django_db


def logged_in(personas: Personas) -> Client:
    client = Client()
    client.post(
        reverse("accounts:login"),
        {"username": personas.carol.email, "password": PASSWORD},  # type: ignore[attr-defined]
    )
    return client


def test_an_idle_session_ends(personas: Personas) -> None:
    client = logged_in(personas)
    assert client.get(reverse("accounts:settings")).status_code == 200
    session = client.session
    session[LAST_SEEN_KEY] = time.time() - settings.SESSION_IDLE_SECONDS - 5
    session.save()
    assert client.get(reverse("accounts:settings")).status_code == 302


@override_settings(SESSION_COOKIE_AGE=1)
def test_a_session_ends_at_its_absolute_age(personas: Personas) -> None:
    client = logged_in(personas)
    time.sleep(1.2)
    assert client.get(reverse("accounts:settings")).status_code == 302


def test_session_row_knows_its_user_browser_and_address(personas: Personas) -> None:
    client = Client(HTTP_USER_AGENT="Mozilla/5.0 Chrome/150", REMOTE_ADDR="10.3.3.3")
    client.post(
        reverse("accounts:login"),
        {"username": personas.carol.email, "password": PASSWORD},  # type: ignore[attr-defined]
        REMOTE_ADDR="10.3.3.3",
    )
    row = UserSession.objects.get(user=personas.carol)
    assert row.ip_address == "10.3.3.3" and "Chrome" in row.user_agent


def test_production_cookie_flags() -> None:
    """With HTTPS on (the production default), cookies are Secure, HttpOnly and SameSite."""
    import importlib
    import os

    os.environ["INTERDEPEND_HTTPS"] = "true"
    try:
        import interdepend.web.settings as production

        production = importlib.reload(production)
        assert production.SESSION_COOKIE_SECURE and production.CSRF_COOKIE_SECURE
        assert production.SESSION_COOKIE_HTTPONLY and production.SESSION_COOKIE_SAMESITE == "Lax"
        assert production.SECURE_HSTS_SECONDS >= 31536000 and production.SECURE_SSL_REDIRECT
        assert production.DEBUG is False
    finally:
        os.environ["INTERDEPEND_HTTPS"] = "false"
