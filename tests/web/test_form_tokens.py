"""The suite's form tokens (see ``tests/conftest.py``) cannot spell a name and still work."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def test_a_form_token_holds_no_lower_case_letter_and_is_still_accepted() -> None:
    client = Client(enforce_csrf_checks=True)
    page = client.get(reverse("accounts:login")).content.decode()
    tokens = TOKEN.findall(page)
    assert tokens and all(re.fullmatch(r"[0-9Q-Z]{64}", t) for t in tokens), tokens
    refused = client.post(reverse("accounts:login"), {"username": "x", "password": "y"})
    assert refused.status_code == 403
    taken = client.post(
        reverse("accounts:login"),
        {"username": "x", "password": "y", "csrfmiddlewaretoken": tokens[0]},
    )
    assert taken.status_code != 403
