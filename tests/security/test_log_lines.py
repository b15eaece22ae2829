"""What a stranger chooses to send in a request's headers is not written whole into the log.

Django's security loggers repeat the Host header a request named, and the Origin or Referer
of a form refused as forged: up to 8 kB of a stranger's text on each line, and the whole
address of another site's page (the stranger audit of 2026-12-03, L5)."""

from __future__ import annotations

import logging

import pytest
from django.test import Client
from django.urls import reverse

from interdepend.web.frame.logs import CHOSEN_MAX, SECURITY_LINE_MAX, DropPrivateDetail
from tests.faults.test_error_pages import ConfiguredHandlers

pytestmark = pytest.mark.django_db


def test_a_long_host_name_is_cut_in_the_log() -> None:
    chosen = "evil.example" + "x" * 5000
    with ConfiguredHandlers() as written:
        response = Client().get("/", HTTP_HOST=chosen)
    assert response.status_code == 400
    text = written.getvalue()
    assert "Invalid HTTP_HOST header: 'evil.example" in text
    assert "x" * (CHOSEN_MAX + 1) not in text
    assert all(len(line) <= SECURITY_LINE_MAX + 1 for line in text.splitlines())


def test_a_refused_forms_referer_is_logged_as_its_site_only() -> None:
    client = Client(enforce_csrf_checks=True)
    with ConfiguredHandlers() as written:
        response = client.post(
            reverse("accounts:login"),
            {"username": "x@example.test"},
            secure=True,
            HTTP_REFERER="https://evil.example/her-diary/page?about=MRKSECRETX",
        )
    assert response.status_code == 403
    text = written.getvalue()
    assert "https://evil.example/…" in text
    assert "her-diary" not in text and "MRKSECRETX" not in text


def test_invisible_characters_are_written_as_escapes() -> None:
    record = logging.LogRecord(
        "django.security.csrf", logging.WARNING, "x.py", 1, "Forbidden (%s)", ("a\x1b[31mb",), None
    )
    assert DropPrivateDetail().filter(record)
    assert record.getMessage() == "Forbidden (a\\x1b[31mb)"
