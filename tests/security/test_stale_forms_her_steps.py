"""The steps she needs most work from a page drawn before this browser's latest sign-in (the
stale-forms audit of 2026-12-04).

A sign-in gives the browser a new form key, so every page drawn before it holds a stale one.
Pressed there, *Sign out everywhere*, signing out one other device (her ex's phone), turning
notifications off everywhere and the safety reset answered "That form had expired" and did
nothing. Those that only take access away now work with a stale key; the reset, which cannot be
undone, asks its question afresh and is done only by a press with a current key. A post another
site sent is refused as the key would have refused it. Any other form sent with a stale key
offers a fresh copy of the page it was on, one press away, and never a page of another site.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from interdepend.web.accounts.models import User
from interdepend.web.partners.access import access_active_partnership
from tests.conftest import PASSWORD, Personas

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
DEVICE = re.compile(r'name="session" value="([^"]+)"')
AGAIN = re.compile(r'href="([^"]*)" id="page-again"')
FORGED = [{"Origin": "https://elsewhere.example"}, {"Sec-Fetch-Site": "cross-site"}]


def _token(client: Client, name: str) -> str:
    found = TOKEN.search(client.get(reverse(name)).content.decode())
    assert found is not None
    return found[1]


def _sign_in(client: Client, user: User) -> None:
    form = {
        "username": user.email,
        "password": PASSWORD,
        "csrfmiddlewaretoken": _token(client, "accounts:login"),
    }
    assert client.post(reverse("accounts:login"), form).status_code == 302


def _signed_in(client: Client) -> bool:
    return client.get(reverse("journal:home")).status_code == 200


def _stale_page(browser: Client, user: User, page: str) -> str:
    """Sign in, draw ``page`` (left open), sign out and in again elsewhere: its stale key."""
    _sign_in(browser, user)
    left_open = browser.get(reverse(page)).content.decode()
    found = TOKEN.search(left_open)
    assert found is not None
    browser.post(reverse("accounts:logout"))
    _sign_in(browser, user)
    return found[1]


@pytest.mark.parametrize(
    ("page", "step"),
    [
        ("accounts:sessions", "accounts:sessions_end_others"),
        ("safetycheck:index", "safetycheck:sessions"),
    ],
)
def test_signing_out_her_other_devices_takes_a_stale_key(
    personas: Personas, page: str, step: str
) -> None:
    his_hands = Client(enforce_csrf_checks=True)  # her phone, kept by the ex
    _sign_in(his_hands, personas.alice)
    browser = Client(enforce_csrf_checks=True)
    stale = _stale_page(browser, personas.alice, page)
    answer = browser.post(reverse(step), {"csrfmiddlewaretoken": stale})
    assert answer.status_code == 302
    assert not _signed_in(his_hands)
    assert _signed_in(browser)


def test_signing_out_one_device_takes_a_stale_key(personas: Personas) -> None:
    his_hands = Client(enforce_csrf_checks=True)
    _sign_in(his_hands, personas.alice)
    browser = Client(enforce_csrf_checks=True)
    _sign_in(browser, personas.alice)
    device = DEVICE.search(browser.get(reverse("safetycheck:index")).content.decode())
    assert device is not None
    browser.post(reverse("accounts:logout"))
    stale = _stale_page(browser, personas.alice, "safetycheck:index")
    form = {"csrfmiddlewaretoken": stale, "session": device[1]}
    answer = browser.post(reverse("safetycheck:session"), form)
    assert answer.status_code == 302
    assert not _signed_in(his_hands)
    assert _signed_in(browser)


def test_signing_out_everywhere_takes_a_stale_key(personas: Personas) -> None:
    his_hands = Client(enforce_csrf_checks=True)
    _sign_in(his_hands, personas.alice)
    browser = Client(enforce_csrf_checks=True)
    stale = _stale_page(browser, personas.alice, "accounts:sessions")
    answer = browser.post(reverse("accounts:sessions_end_all"), {"csrfmiddlewaretoken": stale})
    assert answer.status_code == 302 and answer["Location"] == reverse("accounts:login")
    assert answer["Clear-Site-Data"] == '"storage"'
    assert not _signed_in(his_hands)
    assert not _signed_in(browser)


def test_notifications_off_everywhere_takes_a_stale_key(personas: Personas) -> None:
    browser = Client(enforce_csrf_checks=True)
    stale = _stale_page(browser, personas.alice, "safetycheck:index")
    form = {"csrfmiddlewaretoken": stale, "back": "safety"}
    answer = browser.post(reverse("accounts:push_stop_everywhere"), form)
    assert answer.status_code == 302 and answer["Location"] == reverse("safetycheck:index")


@pytest.mark.parametrize("forged", FORGED)
@pytest.mark.parametrize(
    "step",
    [
        "accounts:sessions_end_others",
        "accounts:sessions_end_all",
        "safetycheck:sessions",
        "safetycheck:reset",
        "datarights:reset",
    ],
)
def test_a_post_another_site_sent_is_refused(
    personas: Personas, step: str, forged: dict[str, str]
) -> None:
    his_hands = Client(enforce_csrf_checks=True)
    _sign_in(his_hands, personas.alice)
    browser = Client(enforce_csrf_checks=True)
    _sign_in(browser, personas.alice)
    answer = browser.post(reverse(step), {"confirm": "yes"}, headers=forged)
    assert answer.status_code == 403
    assert _signed_in(his_hands) and _signed_in(browser)
    assert access_active_partnership(personas.alice) is not None


@pytest.mark.parametrize(
    ("page", "reset"),
    [("datarights:index", "datarights:reset"), ("safetycheck:index", "safetycheck:reset")],
)
def test_the_reset_from_a_stale_page_asks_afresh_and_a_current_key_does_it(
    personas: Personas, page: str, reset: str
) -> None:
    browser = Client(enforce_csrf_checks=True)
    stale = _stale_page(browser, personas.alice, page)
    asked = browser.post(reverse(reset), {"csrfmiddlewaretoken": stale})
    assert asked.status_code == 200
    assert access_active_partnership(personas.alice) is not None
    # The question's own button, on a question page left open from before: asked again.
    again = browser.post(reverse(reset), {"csrfmiddlewaretoken": stale, "confirm": "yes"})
    assert again.status_code == 200
    assert "from before your latest sign-in" in again.content.decode()
    assert access_active_partnership(personas.alice) is not None
    fresh = TOKEN.search(again.content.decode())
    assert fresh is not None and fresh[1] != stale
    done = browser.post(reverse(reset), {"csrfmiddlewaretoken": fresh[1], "confirm": "yes"})
    assert done.status_code == 302
    assert access_active_partnership(personas.alice) is None


def _expired(browser: Client, user: User, referer: str) -> str:
    """A form left open from before the latest sign-in, sent with ``referer``: its link back."""
    stale = _stale_page(browser, user, "accounts:settings")
    answer = browser.post(
        reverse("accounts:time_zone"),
        {"csrfmiddlewaretoken": stale, "time_zone": "Europe/Madrid"},
        headers={"Referer": referer},
    )
    assert answer.status_code == 403
    found = AGAIN.search(answer.content.decode())
    assert found is not None
    return found[1]


@pytest.mark.parametrize(
    ("referer", "again"),
    [
        ("http://testserver/account/?from=menu", "/account/?from=menu"),
        ("http://testserver/me/data/reset/", "/me/data/reset/ask/"),  # a button's address
        ("https://elsewhere.example/account/", "/"),
        ("http://testserver//elsewhere.example/account/", "/"),
        ("http://testserver/\\elsewhere.example/", "/"),
        ("", "/"),
    ],
)
def test_an_expired_form_offers_a_fresh_copy_of_its_own_page(
    personas: Personas, referer: str, again: str
) -> None:
    assert _expired(Client(enforce_csrf_checks=True), personas.alice, referer) == again


def test_the_expired_page_speaks_spanish(personas: Personas) -> None:
    browser = Client(enforce_csrf_checks=True)
    stale = _stale_page(browser, personas.alice, "accounts:settings")
    with translation.override("es"):
        answer = browser.post(
            reverse("accounts:time_zone"),
            {"csrfmiddlewaretoken": stale},
            headers={"Referer": "http://testserver/account/", "Accept-Language": "es"},
        )
    page = answer.content.decode()
    assert answer.status_code == 403
    assert "Abre esa página de nuevo" in page and "No se envió nada" in page


def test_an_expired_htmx_form_opens_a_fresh_copy_saying_why(personas: Personas) -> None:
    """htmx takes no 403 into its part of the page: the press did nothing anyone could see."""
    browser = Client(enforce_csrf_checks=True)
    stale = _stale_page(browser, personas.alice, "accounts:settings")
    answer = browser.post(
        reverse("accounts:time_zone"),
        {"csrfmiddlewaretoken": stale, "time_zone": "Europe/Madrid"},
        headers={"Referer": "http://testserver/account/", "HX-Request": "true"},
    )
    assert answer.status_code == 403 and answer["HX-Redirect"] == "/account/"
    fresh = browser.get(answer["HX-Redirect"]).content.decode()
    assert "so nothing was sent. Here it is again, fresh" in fresh
    personas.alice.refresh_from_db()
    assert personas.alice.time_zone != "Europe/Madrid"
