"""Signing out everywhere also forgets the browsers trusted for the account.

A device cookie lets a browser past the lock-out others set off. If she once signed in on a
phone he now holds, "sign out of every other device" must take that trust away too, or his
phone keeps its way past the lock-out her own failures would otherwise set. The browser she
does it from stays trusted, unless she signs out of it as well.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from interdepend.web.accounts.models import TrustedDevice, User
from tests.conftest import PASSWORD, Personas
from tests.helpers import Response

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a brand new long passphrase"


def _signed_in(email: str) -> Client:
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": email, "password": PASSWORD})
    assert response.status_code == 302
    assert settings.DEVICE_COOKIE_NAME in client.cookies
    return client


def _device_cookie(client: Client) -> str:
    return client.cookies[settings.DEVICE_COOKIE_NAME].value


def _post(name: str, data: dict[str, str] | None = None) -> Callable[[Client], Response]:
    return lambda client: client.post(reverse(name), data or {})


#: (what she presses, whether the browser she presses it in stays trusted)
WAYS = {
    "sessions page: other devices": (_post("accounts:sessions_end_others"), True),
    "sessions page: every device": (_post("accounts:sessions_end_all"), False),
    "who can see what: devices": (_post("safetycheck:sessions"), True),
    "who can see what: reset": (_post("safetycheck:reset"), True),
    "your data: reset": (_post("datarights:reset"), True),
    "new password, others signed out": (
        _post(
            "accounts:password_change",
            {"password": PASSWORD, "new_password": NEW_PASSWORD, "end_other_sessions": "on"},
        ),
        True,
    ),
}


@pytest.mark.parametrize("way", WAYS)
def test_signing_out_everywhere_forgets_the_other_trusted_browsers(
    personas: Personas, way: str
) -> None:
    carol: User = personas.carol
    hers = _signed_in(carol.email)
    his_phone = _signed_in(carol.email)  # a phone she once signed in on, now in his hands
    assert TrustedDevice.objects.filter(user=carol).count() == 2
    press, stays = WAYS[way]
    response = press(hers)
    assert response.status_code in (200, 302)
    left = TrustedDevice.objects.filter(user=carol)
    digests = set(left.values_list("digest", flat=True))
    kept = {TrustedDevice.digest_of(_nonce(_device_cookie(hers)))} & digests
    assert not {TrustedDevice.digest_of(_nonce(_device_cookie(his_phone)))} & digests
    assert bool(kept) == stays
    assert len(digests) == int(stays)


def _nonce(cookie: str) -> str:
    from interdepend.web.accounts.devices import _signer

    return _signer().unsign(cookie)


def test_an_ordinary_password_change_keeps_the_other_browsers(personas: Personas) -> None:
    carol: User = personas.carol
    hers = _signed_in(carol.email)
    _signed_in(carol.email)
    hers.post(
        reverse("accounts:password_change"),
        {"password": PASSWORD, "new_password": NEW_PASSWORD},
    )
    assert TrustedDevice.objects.filter(user=carol).count() == 2
