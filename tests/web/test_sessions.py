"""T10: session rules: idle and absolute timeouts, logout, cookie flags."""

from __future__ import annotations

import time
from datetime import datetime, timedelta

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from interdepend.web.accounts.models import UserSession
from interdepend.web.accounts.sessions import LAST_SEEN_KEY
from tests.conftest import PASSWORD, Personas
from tests.helpers import HTMX, Response

pytestmark = pytest.mark.django_db


def logged_in(personas: Personas) -> Client:
    client = Client()
    client.post(
        reverse("accounts:login"),
        {"username": personas.carol.email, "password": PASSWORD},
    )
    return client


def test_an_idle_session_ends(personas: Personas) -> None:
    client = logged_in(personas)
    assert client.get(reverse("accounts:settings")).status_code == 200
    session = client.session
    session[LAST_SEEN_KEY] = time.time() - settings.SESSION_IDLE_SECONDS - 5
    session.save()
    assert client.get(reverse("accounts:settings")).status_code == 302


@override_settings(SESSION_ABSOLUTE_SECONDS=1, SESSION_COOKIE_AGE=1)
def test_a_session_ends_at_its_absolute_age(personas: Personas) -> None:
    client = logged_in(personas)
    time.sleep(1.2)
    assert client.get(reverse("accounts:settings")).status_code == 302


class Clock:
    """Simulated time for everything that asks ``django.utils.timezone.now``."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.now = timezone.now()
        monkeypatch.setattr(timezone, "now", lambda: self.now)

    def advance(self, hours: int) -> None:
        self.now += timedelta(hours=hours)


def use_session(client: Client, kind: str) -> bool:
    """One request of the given kind; True when it was served as the signed-in person."""
    login = reverse("accounts:login")
    response: Response
    if kind == "post":
        response = client.post(reverse("accounts:sessions_end_others"))
        return response["Location"] == reverse("accounts:sessions")
    headers = HTMX if kind == "htmx" else {}
    response = client.get(reverse("accounts:settings"), headers=headers)
    if kind == "htmx" and response.status_code == 204:  # htmx loads the sign-in page whole
        assert login in response["HX-Redirect"]
        return False
    if response.status_code == 302:
        assert login in response["Location"]
    return response.status_code == 200


def stored_expiry(personas: Personas) -> datetime | None:
    rows = UserSession.objects.filter(user=personas.carol)
    return max((row.expire_date for row in rows), default=None)


@pytest.mark.parametrize("kind", ["page", "htmx", "post"])
@override_settings(
    SESSION_ABSOLUTE_SECONDS=2 * 24 * 3600,
    SESSION_COOKIE_AGE=2 * 24 * 3600,
    SESSION_IDLE_SECONDS=2 * 3600,
)
def test_a_session_used_every_hour_still_ends_at_the_absolute_limit(
    personas: Personas, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    """T10: activity never stretches a session past SESSION_ABSOLUTE_SECONDS from sign-in."""
    clock = Clock(monkeypatch)
    client = logged_in(personas)
    end = clock.now + timedelta(seconds=settings.SESSION_ABSOLUTE_SECONDS)
    hours = settings.SESSION_ABSOLUTE_SECONDS // 3600
    for hour in range(1, hours + 4):
        clock.advance(hours=1)
        served = use_session(client, kind)
        assert served == (clock.now < end), f"hour {hour}: served={served}"
        expiry = stored_expiry(personas)
        assert expiry is None or expiry <= end, f"hour {hour}: stored expiry {expiry} > {end}"
        cookie = client.cookies.get(settings.SESSION_COOKIE_NAME)
        if served and cookie is not None and cookie["max-age"]:
            assert clock.now + timedelta(seconds=int(cookie["max-age"])) <= end
    print(f"\nT10 absolute lifetime under hourly {kind} activity: 0 of 1 sessions outlived it")


def test_session_row_knows_its_user_browser_and_address(personas: Personas) -> None:
    client = Client(HTTP_USER_AGENT="Mozilla/5.0 Chrome/150", REMOTE_ADDR="10.3.3.3")
    client.post(
        reverse("accounts:login"),
        {"username": personas.carol.email, "password": PASSWORD},
        REMOTE_ADDR="10.3.3.3",
    )
    row = UserSession.objects.get(user=personas.carol)
    assert row.ip_address == "10.3.3.3" and "Chrome" in row.user_agent


def test_the_sessions_page_names_no_address_of_her_sign_ins(personas: Personas) -> None:
    """Where her other devices are on the internet says where she is: a partner who holds her
    open phone, or signs in with her password, read the address of the laptop she used at a
    friend's or a shelter's (the security audit of 2026-12-04, III). The page names each
    sign-in by its browser and its times, as Who can see what does; her download keeps the
    address, as her own data."""
    elsewhere = Client(HTTP_USER_AGENT="Mozilla/5.0 Firefox/140", REMOTE_ADDR="203.0.113.77")
    elsewhere.post(
        reverse("accounts:login"),
        {"username": personas.carol.email, "password": PASSWORD},
        REMOTE_ADDR="203.0.113.77",
    )
    phone = Client(HTTP_USER_AGENT="Mozilla/5.0 Chrome/150", REMOTE_ADDR="198.51.100.5")
    phone.post(
        reverse("accounts:login"),
        {"username": personas.carol.email, "password": PASSWORD},
        REMOTE_ADDR="198.51.100.5",
    )
    page = phone.get(reverse("accounts:sessions"), REMOTE_ADDR="198.51.100.5")
    text = page.content.decode()
    assert page.status_code == 200 and "Firefox" in text and "Chrome" in text
    assert "203.0.113.77" not in text and "198.51.100.5" not in text


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


def test_views_get_the_loaded_person_not_a_lazy_stand_in(personas: Personas) -> None:
    """``request.user`` is the person herself once the session is checked (each attribute of
    Django's lazy stand-in costs two Python-level lookups), and a visitor stays anonymous."""
    from django.contrib.auth.models import AnonymousUser

    from interdepend.web.accounts.models import User

    client = logged_in(personas)
    seen = client.get(reverse("accounts:settings")).wsgi_request.user
    assert type(seen) is User and seen.pk == personas.carol.pk
    visitor = Client().get(reverse("frame:about")).wsgi_request.user
    assert type(visitor) is AnonymousUser
    # A session that has run out is signed out on the way in: anonymous from then on.
    session = client.session
    session[LAST_SEEN_KEY] = time.time() - settings.SESSION_IDLE_SECONDS - 5
    session.save()
    assert type(client.get(reverse("accounts:settings")).wsgi_request.user) is AnonymousUser


def _ended_elsewhere(personas: Personas) -> Client:
    """Carol with the journal open, her session then ended from another device."""
    here = logged_in(personas)
    assert here.get(reverse("journal:write")).status_code == 200
    elsewhere = logged_in(personas)
    assert elsewhere.post(reverse("accounts:sessions_end_others")).status_code == 302
    return here


def test_a_form_sent_after_the_session_ended_elsewhere_is_said_not_saved(
    personas: Personas,
) -> None:
    """The entry was lost and the sign-in page said nothing (the forms audit of 2026-12-03).
    Her own writing is now given back to copy (tests/security/test_writes_kept.py); a promise
    still meets the sign-in page, which says so."""
    here = _ended_elsewhere(personas)
    sent = here.post(reverse("together:commitments"), {"text": "Words written before the end."})
    assert sent.status_code == 302 and sent["Location"].startswith(reverse("accounts:login"))
    page = here.get(sent["Location"]).content.decode()
    assert "what you sent last was not saved" in page
    # Said once.
    assert (
        "what you sent last was not saved"
        not in here.get(reverse("accounts:login")).content.decode()
    )


@pytest.mark.parametrize(
    "headers",
    [{"Sec-Fetch-Mode": "cors"}, {"HX-Request": "true"}, {"Sec-Fetch-Mode": "same-origin"}],
)
def test_a_request_the_page_made_itself_after_the_end_says_nothing(
    personas: Personas, headers: dict[str, str]
) -> None:
    """The "still here" ping and htmx are not something she sent."""
    here = _ended_elsewhere(personas)
    sent = here.post(reverse("accounts:still_here"), headers=headers)
    assert sent.status_code in (204, 302)  # htmx is told to sign in its own way
    assert "was not saved" not in here.get(reverse("accounts:login")).content.decode()


def test_signing_out_is_not_taken_for_a_form_that_was_lost(personas: Personas) -> None:
    client = logged_in(personas)
    page = client.post(reverse("accounts:logout"), follow=True).content.decode()
    assert "You are signed out on this device." in page and "was not saved" not in page
