"""A stranger's 300 MB file sent to the sign-in page was written to a temporary file as the
form was read, and answered 200 (the stranger audit of 2026-12-03, M2). No page takes a file:
a body longer than any form needs is refused unread, a file part as soon as it starts, with
our 413 page, and nothing reaches the disk."""

from __future__ import annotations

import io
import tempfile
from collections.abc import Iterator
from typing import Any
from unittest import mock

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse

from tests.conftest import PASSWORD, Personas

pytestmark = pytest.mark.django_db

WORDS = "That was too long to read"


@pytest.fixture
def temp_files() -> Iterator[list[Any]]:
    """Every temporary file Django's upload handling opens."""
    opened: list[Any] = []
    real = tempfile.NamedTemporaryFile

    def spy(*args: Any, **kwargs: Any) -> Any:
        opened.append(kwargs)
        return real(*args, **kwargs)

    # Django's uploaded files open theirs through the module, as tempfile.NamedTemporaryFile.
    with mock.patch("django.core.files.uploadedfile.tempfile.NamedTemporaryFile", spy):
        yield opened


class Untouchable(io.RawIOBase):
    """A request body that must never be read."""

    def read(self, *args: Any) -> bytes:
        raise AssertionError("the body was read")

    readline = read


def test_a_large_file_sent_to_the_sign_in_page_is_refused_unread(temp_files: list[Any]) -> None:
    big = SimpleUploadedFile("a.bin", b"A" * (settings.REQUEST_BODY_LIMIT + 1))
    response = Client().post(reverse("accounts:login"), {"username": "x@example.test", "f": big})
    assert response.status_code == 413
    page = response.content.decode()
    assert WORDS in page and "No page here takes files." in page
    assert "Content-Security-Policy" in response.headers
    assert temp_files == []


def test_a_body_that_says_it_is_huge_is_not_read_at_all() -> None:
    response = Client().request(
        REQUEST_METHOD="POST",
        PATH_INFO=reverse("accounts:login"),
        CONTENT_TYPE="multipart/form-data; boundary=xyz",
        CONTENT_LENGTH=str(300_000_000),
        **{"wsgi.input": Untouchable()},
    )
    assert response.status_code == 413
    assert WORDS in response.content.decode()


def test_a_body_sent_without_its_length_is_not_read() -> None:
    """Chunked: Django reads no more of a body than its Content-Length says."""
    response = Client().request(
        REQUEST_METHOD="POST",
        PATH_INFO=reverse("accounts:password_reset"),
        CONTENT_TYPE="multipart/form-data; boundary=xyz",
        HTTP_TRANSFER_ENCODING="chunked",
        **{"wsgi.input": Untouchable()},
    )
    assert response.status_code == 200  # the empty form again, asking for an address


@override_settings(FILE_UPLOAD_MAX_MEMORY_SIZE=100)
def test_a_small_file_part_is_refused_and_never_written(temp_files: list[Any]) -> None:
    """Past FILE_UPLOAD_MAX_MEMORY_SIZE Django's own handlers write a file part to disk."""
    small = SimpleUploadedFile("a.bin", b"A" * 50_000)
    response = Client().post(reverse("accounts:password_reset"), {"email": "x@a.test", "f": small})
    assert response.status_code == 413
    assert WORDS in response.content.decode()
    assert temp_files == []


def test_a_form_without_a_file_still_works(personas: Personas) -> None:
    client = Client()
    response = client.post(
        reverse("accounts:login"), {"username": personas.alice.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    sent = client.post(
        reverse("journal:write"),
        {"body": "ü" * 20_000},  # the longest form, in two-byte letters
    )
    assert sent.status_code in (200, 302)  # saved, or a step before it: not refused
