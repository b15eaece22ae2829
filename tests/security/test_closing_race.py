"""Closing her private pages holds against a request that read the session before it.

Django saves a session whole. A still-here report (or any page of another tab) that read the
session just before her page closed her private pages (``idle.stepped_away``) and saved just
after put back the moments that kept them open, or renewed one: a reload then found her
journal open without her password (the flaky-test hunt of 2026-12-04)."""

from __future__ import annotations

import time

import pytest
from django.test import Client
from django.urls import reverse

from interdepend.web.accounts import idle, reauth
from interdepend.web.accounts.sessions import OPENING_KEYS, SessionStore
from tests.conftest import PASSWORD, Personas
from tests.helpers import as_user, password_confirmed

pytestmark = pytest.mark.django_db


def _asks(client: Client) -> bool:
    answer = client.get(reverse("journal:home"))
    return bool(
        answer.status_code == 302 and answer["Location"].startswith(reverse("accounts:confirm"))
    )


def _read_before_closing(client: Client) -> SessionStore:
    """A request under way: it has read her session and not yet saved it."""
    stale = SessionStore(client.session.session_key)
    assert stale.get(reauth.REAUTH_AT_KEY) is not None  # it holds the moment the password gave
    return stale


def test_the_opening_keys_are_the_ones_her_pages_read() -> None:
    assert OPENING_KEYS == (
        idle.PRIVATE_SEEN_KEY,
        reauth.REAUTH_AT_KEY,
        reauth.REAUTH_FACTOR_AT_KEY,
    )


@pytest.mark.parametrize("late", ["renews", "saves something else"])
def test_a_request_that_read_before_the_closing_cannot_open_her_pages_again(
    personas: Personas, late: str
) -> None:
    client = password_confirmed(as_user(personas.alice))
    assert client.get(reverse("journal:home")).status_code == 200
    stale = _read_before_closing(client)
    time.sleep(0.01)
    assert client.post(reverse("accounts:stepped_away")).status_code == 204
    assert _asks(client)
    if late == "renews":  # a still-here report: the window held when it read the session
        stale[idle.PRIVATE_SEEN_KEY] = time.time()
    else:
        stale["_an_unrelated_note"] = 1
    stale.save()
    assert _asks(client), "a request that read the session before the closing reopened it"
    # Her password opens them again, as ever.
    client.post(reverse("accounts:confirm") + "?next=/me/journal/", {"password": PASSWORD})
    assert client.get(reverse("journal:home")).status_code == 200


def test_an_earlier_closing_does_not_undo_a_later_one(personas: Personas) -> None:
    client = password_confirmed(as_user(personas.alice))
    assert client.post(reverse("accounts:stepped_away")).status_code == 204
    client.post(reverse("accounts:confirm") + "?next=/me/journal/", {"password": PASSWORD})
    stale = _read_before_closing(client)  # holds the first closing's moment
    time.sleep(0.01)
    assert client.post(reverse("accounts:stepped_away")).status_code == 204
    stale["_an_unrelated_note"] = 1
    stale.save()
    assert _asks(client)


def test_a_request_that_read_after_the_closing_keeps_what_it_sets(personas: Personas) -> None:
    """Only a request that read the session before the latest closing loses its moments: the
    password given after the closing holds."""
    client = password_confirmed(as_user(personas.alice))
    assert client.post(reverse("accounts:stepped_away")).status_code == 204
    time.sleep(0.01)
    client.post(reverse("accounts:confirm") + "?next=/me/journal/", {"password": PASSWORD})
    fresh = SessionStore(client.session.session_key)
    fresh["_an_unrelated_note"] = 1
    fresh.save()
    assert client.get(reverse("journal:home")).status_code == 200
