"""The quick exit locks and leaves whatever its request carries and wherever the site's forms
are taken from (the ex and stranger audit of 2026-12-04).

- A form middleware read every signed-in post's fields before any view ran. A quick exit whose
  body Django refuses to read (longer than ``DATA_UPLOAD_MAX_MEMORY_SIZE``, more fields than
  ``DATA_UPLOAD_MAX_NUMBER_FIELDS``, a file part, a broken multipart body, a form in another
  character set) was answered there with an error page: the session was not locked, the browser
  was not sent on to the neutral site, and its storage was not cleared. ``frame/bodies.py`` lets
  the exit through its own limit so that it "locks the session whatever it carries"; now it does.
- The exit asks for no token and refuses a request whose browser names another site as its
  origin "as the token would have refused it"; but it refused the origins the site lists in
  ``CSRF_TRUSTED_ORIGINS`` too, which the token takes.
"""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from pytest_django import Settings

from interdepend.web.accounts import kept
from tests.conftest import Personas
from tests.helpers import Response, as_user

pytestmark = pytest.mark.django_db

LOCK_FORM = 'action="/continue/"'


def _too_long(client: Client, url: str) -> Response:
    return client.post(url, {"beacon": "1", "kept.body": "x" * 3_000_000})


def _too_many_fields(client: Client, url: str) -> Response:
    fields = {f"kept.f{n}": "x" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 5)}
    return client.post(url, {"beacon": "1", **fields})


def _a_file(client: Client, url: str) -> Response:
    part = io.BytesIO(b"not a form")
    part.name = "notes.txt"
    return client.post(url, {"beacon": "1", "attached": part})


def _broken_multipart(client: Client, url: str) -> Response:
    return client.generic("POST", url, b"--X\r\n", content_type="multipart/form-data")


def _another_charset(client: Client, url: str) -> Response:
    kind = "application/x-www-form-urlencoded; charset=utf-7"
    return client.generic("POST", url, b"beacon=1", content_type=kind)


UNREADABLE: dict[str, Callable[[Client, str], Response]] = {
    "too long": _too_long,
    "too many fields": _too_many_fields,
    "a file part": _a_file,
    "a broken multipart body": _broken_multipart,
    "another character set": _another_charset,
}


@pytest.mark.parametrize("body", UNREADABLE)
def test_a_quick_exit_whose_body_cannot_be_read_still_locks_and_leaves(
    personas: Personas, body: str
) -> None:
    client = as_user(personas.alice)
    answer = UNREADABLE[body](client, reverse("frame:quick_exit"))
    assert answer.status_code == 302, answer.status_code
    assert answer["Location"] == settings.QUICK_EXIT_URL
    assert answer["Clear-Site-Data"] == '"storage"'
    assert LOCK_FORM in client.get(reverse("journal:home")).content.decode()


@pytest.mark.parametrize("body", UNREADABLE)
def test_a_visitor_s_quick_exit_whose_body_cannot_be_read_just_leaves(body: str) -> None:
    answer = UNREADABLE[body](Client(), reverse("frame:quick_exit"))
    assert answer.status_code == 302
    assert answer["Location"] == settings.QUICK_EXIT_URL


def test_elsewhere_such_a_body_is_still_refused(personas: Personas) -> None:
    """Only the exit reads past what it cannot read: every other post keeps its answer."""
    client = as_user(personas.alice)
    answers = {
        body: send(client, reverse("together:circle")).status_code
        for body, send in UNREADABLE.items()
    }
    assert answers == {
        "too long": 413,
        "too many fields": 400,
        "a file part": 413,
        "a broken multipart body": 400,
        "another character set": 400,
    }


def test_the_exit_takes_every_origin_the_site_s_forms_take(
    personas: Personas, settings: Settings
) -> None:
    """Behind a balancer whose public address Django does not see (a port of its own, say),
    the site lists it in ``CSRF_TRUSTED_ORIGINS`` and its forms are taken from there: the
    exit refused that origin, answered every press with a 403 and locked nothing."""
    settings.CSRF_TRUSTED_ORIGINS = ["https://couples.example.org:8443"]
    public = {"Origin": "https://couples.example.org:8443"}
    client = as_user(personas.alice, enforce_csrf_checks=True)
    page = client.get(reverse("journal:home"))
    token = {"csrfmiddlewaretoken": page.context["csrf_token"]}
    form = client.post(reverse("accounts:language"), {**token, "language": "en"}, headers=public)
    assert form.status_code == 302, "the site's own forms are taken from its listed origin"
    answer = client.post(reverse("frame:quick_exit"), {**token, "beacon": "1"}, headers=public)
    assert answer.status_code == 204
    assert LOCK_FORM in client.get(reverse("journal:home")).content.decode()
    elsewhere = as_user(personas.bob, enforce_csrf_checks=True)
    forged = {"Origin": "https://elsewhere.example"}
    assert (
        elsewhere.post(reverse("frame:quick_exit"), {"beacon": "1"}, headers=forged).status_code
        == 403
    )
    assert LOCK_FORM not in elsewhere.get(reverse("journal:home")).content.decode()


def test_a_quick_exit_carrying_the_field_of_a_page_that_locked_itself_still_locks(
    personas: Personas,
) -> None:
    """The same middleware sent a post holding that field to the password page, whatever its
    address: an exit carrying it went there, and locked nothing."""
    client = as_user(personas.alice)
    answer = client.post(reverse("frame:quick_exit"), {"beacon": "1", kept.LOCKED_FIELD: "1"})
    assert answer.status_code == 204
    assert LOCK_FORM in client.get(reverse("journal:home")).content.decode()
