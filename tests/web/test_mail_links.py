"""Links in mail, and the work a password reset does.

A Host header with a port (``couples.example.org:1``) passed ``ALLOWED_HOSTS`` and went into
the reset link mailed to someone else (the stranger audit of 2026-12-03, L2): links are made
from the site's configured address. A reset for an address with an account did more work
than one for an address without, and took measurably longer (L1): both now do the same."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from unittest import mock

import pytest
from django.core import mail
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client, RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from interdepend.web.accounts import accountmail, resetlink
from interdepend.web.accounts.resettoken import reset_tokens
from interdepend.web.frame.links import site_origin
from tests.conftest import PASSWORD, Personas

pytestmark = pytest.mark.django_db

SITE = {
    "ALLOWED_HOSTS": ["couples.example.org"],
    "CSRF_TRUSTED_ORIGINS": ["https://couples.example.org"],
}


def links_in(message: mail.EmailMessage) -> list[str]:
    return re.findall(r"https?://\S+", str(message.body))


@override_settings(**SITE)
@pytest.mark.parametrize(
    "host", ["couples.example.org:1", "COUPLES.EXAMPLE.ORG.", "couples.example.org"]
)
def test_a_reset_link_is_made_from_the_sites_address_not_the_host_header(
    personas: Personas, host: str
) -> None:
    url = reverse("accounts:password_reset")
    Client().post(url, {"email": personas.alice.email}, HTTP_HOST=host)
    Client().post(url, {"email": "nobody@example.test"}, HTTP_HOST=host)
    Client().post(
        reverse("accounts:signup"),
        {"display_name": "Robin", "email": "robin@example.test", "password": PASSWORD},
        HTTP_HOST=host,
    )
    assert len(mail.outbox) == 3
    for message in mail.outbox:
        (link,) = links_in(message)[:1]
        assert link.startswith("https://couples.example.org/"), link


@pytest.mark.parametrize(
    ("settings_", "host", "server_port", "expected"),
    [
        ({"ALLOWED_HOSTS": ["localhost"]}, "localhost:8000", "8000", "http://localhost:8000"),
        ({"ALLOWED_HOSTS": ["localhost"]}, "localhost:1", "8000", "http://localhost"),
        (
            {
                "ALLOWED_HOSTS": ["couples.example.org"],
                "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
            },
            "couples.example.org:8000",
            "8000",
            "http://couples.example.org",
        ),
        (
            {
                "ALLOWED_HOSTS": ["couples.example.org"],
                "CSRF_TRUSTED_ORIGINS": ["https://couples.example.org:8443"],
            },
            "couples.example.org:9",
            "8000",
            "https://couples.example.org:8443",
        ),
    ],
)
def test_a_port_is_kept_only_when_configured_or_reached_directly(
    settings_: dict[str, Any], host: str, server_port: str, expected: str
) -> None:
    with override_settings(**settings_):
        request = RequestFactory().get("/", HTTP_HOST=host, SERVER_PORT=server_port)
        assert site_origin(request) == expected


@pytest.fixture
def work() -> Iterator[list[str]]:
    """What a reset does on its way: the templates drawn, tokens made, accounts sealed."""
    done: list[str] = []
    draw, seal = render_to_string, resetlink.seal
    make = reset_tokens.make_token

    def drawn(name: str, *args: Any, **kwargs: Any) -> str:
        done.append(name)
        return draw(name, *args, **kwargs)

    def sealed(pk: int) -> str:
        done.append("seal")
        return seal(pk)

    def token(user: Any) -> str:
        done.append("token")
        return str(make(user))

    with (
        mock.patch.object(accountmail, "render_to_string", drawn),
        mock.patch.object(resetlink, "seal", sealed),
        mock.patch.object(reset_tokens, "make_token", token),
    ):
        yield done


def test_a_reset_does_the_same_work_with_an_account_or_without(
    personas: Personas, work: list[str]
) -> None:
    url = reverse("accounts:password_reset")
    Client().post(url, {"email": "warm@example.test"}, REMOTE_ADDR="10.7.0.1")  # caches
    done, queries = {}, {}
    for which, email, ip in (
        ("known", personas.alice.email, "10.7.0.2"),
        ("unknown", "nobody@example.test", "10.7.0.3"),
    ):
        work.clear()
        with CaptureQueriesContext(connection) as ran:
            answer = Client().post(url, {"email": email}, REMOTE_ADDR=ip)
        assert answer.status_code == 302
        done[which], queries[which] = list(work), len(ran)
    assert done["known"] == done["unknown"]
    assert done["known"].count("token") == 1 and done["known"].count("seal") == 1
    assert len([name for name in done["known"] if name.endswith(".txt")]) == 4
    assert queries["known"] == queries["unknown"]
    *_, link, note = mail.outbox
    assert type(link) is type(note) and link.to == [personas.alice.email]
    assert "/password-reset/" in link.body and "/password-reset/" not in note.body
