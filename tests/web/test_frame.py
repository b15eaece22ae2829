"""The frame: headers on every page, quick exit everywhere, the demo and the safety page."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from interdepend.cli import main
from interdepend.web.accounts.models import User
from interdepend.web.demo import demo_load
from interdepend.web.partners.access import access_active_partnership
from tests.conftest import Personas
from tests.helpers import as_user
from tests.security.policy import POLICY

pytestmark = pytest.mark.django_db

HEADERS = {
    "Content-Security-Policy": "default-src 'self'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


def test_every_page_sends_the_security_headers_and_quick_exit(personas: Personas) -> None:
    """T16 (headers): every GET-able page, signed in and out, carries them; no other origin."""
    checked = 0
    for viewer in (None, personas.alice):
        client = Client() if viewer is None else as_user(viewer)
        for name, row in POLICY.items():
            response = client.get(reverse(name, kwargs=row.kwargs(personas)))
            if response.status_code != 200 or name == "frame:healthz":
                continue
            checked += 1
            if response["Content-Type"].startswith("image/svg"):
                assert "default-src 'none'" in response["Content-Security-Policy"], name
                continue
            if not response["Content-Type"].startswith("text/html"):
                assert "Content-Security-Policy" in response.headers, name
                continue
            for header, expected in HEADERS.items():
                assert expected in response.headers.get(header, ""), (name, header)
            body = response.content.decode()
            assert 'id="quick-exit"' in body, name
            assert "<script>" not in body and "style=" not in body, name
            assert "http://" not in body.replace("http://testserver", "") or name.endswith(
                "password_reset_confirm"
            ), name
    print(f"\nT16 headers: {checked} pages checked, 0 missing")
    assert checked > 15


def test_demo_is_idempotent_and_prints_each_account(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo"]) == 0
    first = capsys.readouterr().out.splitlines()
    assert main(["demo"]) == 0
    assert capsys.readouterr().out.splitlines() == first
    # Maya, Jonah and Sam, and Robin the demo counsellor
    assert len(first) == 4 and all(line.startswith("demo account: ") for line in first)
    assert User.objects.filter(is_demo=True).count() == 4
    maya = User.objects.get(email="maya@demo.interdepend.test")
    active = access_active_partnership(maya)
    assert active is not None and active.partner.display_name == "Jonah"
    email, password = first[0].split()[2:4]
    response = Client().post(reverse("accounts:login"), {"username": email, "password": password})
    assert response.status_code == 302


def test_login_page_lists_demo_accounts_only_when_loaded() -> None:
    page = Client().get(reverse("accounts:login")).content.decode()
    assert "Demo accounts" not in page
    demo_load()
    page = Client().get(reverse("accounts:login")).content.decode()
    assert "Demo accounts" in page and "maya@demo.interdepend.test" in page


def test_navigation_names_the_sections(personas: Personas) -> None:
    """The menu marks the section the page is in (aria-current "true"); the page itself is
    marked by its section's own menu ("page"), so a reader hears "current page" once (the
    keyboard audit heard it twice)."""
    client = as_user(personas.carol)
    page = client.get(reverse("home:home")).content.decode()
    for label in (">Me<", ">Us<", ">Safety<", ">Account<"):
        assert label in page
    assert 'aria-current="true"' in page
    today = client.get(reverse("daily:today")).content.decode()
    assert today.count('aria-current="page"') == 1 and today.count('aria-current="true"') == 1


#: Signed-in pages that belong to no section of the menu: the frame's own pages for everyone.
NO_SECTION = {"frame:about", "frame:offline"}


def test_every_signed_in_page_says_which_section_of_the_menu_it_is_in(
    personas: Personas,
) -> None:
    """Every page of the access policy a partner opens (GET, whole pages) marks exactly one
    entry of the menu as current: the couple view, a result, deciding together, who can see
    what and your data included, so a person never loses their place."""
    client = as_user(personas.by_role()["partner"])
    walked, lost = 0, []
    for name, row in POLICY.items():
        with transaction.atomic():
            response = client.get(reverse(name, kwargs=row.kwargs(personas)))
            transaction.set_rollback(True)
        html = response.headers.get("Content-Type", "").startswith("text/html")
        if response.status_code != 200 or not html or "<header" not in response.content.decode():
            continue
        walked += 1
        header = response.content.decode().split("</header>")[0]
        if header.count('aria-current="true"') != 1 and name not in NO_SECTION:
            lost.append(name)
    assert walked > 40, walked
    assert not lost, lost


def test_unknown_page_is_a_friendly_404_without_traces() -> None:
    response = Client().get("/no/such/page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "could not find" in body and "Traceback" not in body


def test_opening_a_buttons_address_shows_a_page_not_an_empty_answer(personas: Personas) -> None:
    """Signed out in the middle of marking a promise, a person signs in again and is sent on
    to the button's address: a page says what happened, in our words."""
    client = as_user(personas.alice)
    address = reverse("together:commitment_mark", args=[personas.together["commitment"]])
    opened = client.get(address)
    assert opened.status_code == 405 and opened["Allow"] == "POST"
    page = opened.content.decode()
    assert "This page opens from a button" in page and "press the button once more" in page
    # htmx and other scripts still get the bare answer.
    assert client.get(address, HTTP_HX_REQUEST="true").content == b""


def test_the_page_for_a_host_not_allowed_cannot_be_framed() -> None:
    """It had the policy's frame-ancestors but not X-Frame-Options (the stranger audit, L4)."""
    response = Client().get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert response.headers["X-Frame-Options"] == "DENY"
