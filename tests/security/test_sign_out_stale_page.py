"""Signing out works from a page drawn before this browser's latest sign-in (the ex and stranger
audit of 2026-12-04).

A sign-in gives the browser a new form key, so every page drawn before it holds a stale one.
Her sign-in had run out on a shared computer, she signed in again in another tab, and pressed
*Sign out* on the page left open in the first: the answer was "That form had expired", and she
stayed signed in for whoever sat down next. Signing out now takes a stale key, as the quick exit
does; a post another site sent is still refused, and could not name her session anyway (its
cookie is not sent to another site's posts).
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD, Personas

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _token(client: Client, name: str) -> str:
    found = TOKEN.search(client.get(reverse(name)).content.decode())
    assert found is not None
    return found[1]


def _sign_in(client: Client, personas: Personas) -> None:
    form = {
        "username": personas.alice.email,
        "password": PASSWORD,
        "csrfmiddlewaretoken": _token(client, "accounts:login"),
    }
    assert client.post(reverse("accounts:login"), form).status_code == 302


def _signed_in(client: Client) -> bool:
    return client.get(reverse("journal:home")).status_code == 200


def test_sign_out_from_a_page_drawn_before_the_latest_sign_in_signs_out(
    personas: Personas,
) -> None:
    browser = Client(enforce_csrf_checks=True)
    _sign_in(browser, personas)
    first_tab = _token(browser, "journal:home")  # the page left open
    browser.post(reverse("accounts:logout"), {"csrfmiddlewaretoken": first_tab})
    _sign_in(browser, personas)  # again, in another tab
    answer = browser.post(reverse("accounts:logout"), {"csrfmiddlewaretoken": first_tab})
    assert answer.status_code == 302 and answer["Location"] == reverse("accounts:login")
    assert answer["Clear-Site-Data"] == '"storage"'
    assert not _signed_in(browser)


def test_a_sign_out_another_site_sent_is_refused(personas: Personas) -> None:
    browser = Client(enforce_csrf_checks=True)
    _sign_in(browser, personas)
    forged = browser.post(
        reverse("accounts:logout"), headers={"Origin": "https://elsewhere.example"}
    )
    assert forged.status_code == 403
    assert _signed_in(browser)
    own = browser.post(reverse("accounts:logout"), headers={"Origin": "http://testserver"})
    assert own.status_code == 302
    assert not _signed_in(browser)
