"""Every page of the account has the same way back to it above its heading (the phone walk of
2026-12-05 found the link on two of them only)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.conftest import Personas
from tests.helpers import as_user, password_confirmed

pytestmark = pytest.mark.django_db

SUB_PAGES = [
    "accounts:details",
    "accounts:password_change",
    "accounts:sessions",
    "accounts:two_step",
    "datarights:index",
    "datarights:delete",
    "research:consent",
]


def _way_back() -> str:
    return f'<p><a href="{reverse("accounts:settings")}">Your account</a></p>\n<h1'


@pytest.mark.parametrize("name", SUB_PAGES)
def test_each_account_page_leads_back_to_the_account_the_same_way(
    personas: Personas, name: str
) -> None:
    page = password_confirmed(as_user(personas.carol)).get(reverse(name))
    assert page.status_code == 200
    assert _way_back() in page.content.decode()


def test_every_page_the_account_page_lists_under_it_is_held(personas: Personas) -> None:
    account = as_user(personas.carol).get(reverse("accounts:settings")).content.decode()
    below = {
        link
        for link in re.findall(r'<a href="(/[^"#?]*)"', account)
        if link.startswith("/account/") and link != reverse("accounts:settings")
    }
    assert below <= {reverse(name) for name in SUB_PAGES}, below
    assert _way_back() not in account
