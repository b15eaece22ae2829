"""Which ways of signing out also forget the browsers trusted for the account.

A device cookie lets a browser past the pause others set off on her address. A new password
with the other devices signed out, typed in its own form, takes that trust away from every other
browser, as does a new password from a reset link: a browser of his once trusted for her
account must not keep its way past the pause (its row keeps only the look it had, so her
phone's sign-in page stays plain: ``test_devices_shared_phone``). Signing out from the
sessions pages and the safety reset ask for no password typed for them, so they leave the
trust alone: whoever holds her signed-in phone could otherwise untrust her laptop, then pause
her address from the shared home connection and keep her out (the partner audit and its
re-audit). The browser she acts from stays trusted, unless she signs out of it as well.
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


#: Signing out without a password typed for it: every trusted browser stays trusted.
KEEPING = {
    "sessions page: other devices": _post("accounts:sessions_end_others"),
    "sessions page: every device": _post("accounts:sessions_end_all"),
    "who can see what: devices": _post("safetycheck:sessions"),
    # The safety reset asks only for a password typed in the last minutes (a sign-in counts):
    # the re-audit untrusted her laptop with it from her phone, then paused her address.
    "who can see what: reset": _post("safetycheck:reset", {"confirm": "yes"}),
    "your data: reset": _post("datarights:reset", {"confirm": "yes"}),
}

#: (what she presses, whether the browser she presses it in stays trusted)
WAYS = {
    "new password, others signed out": (
        _post(
            "accounts:password_change",
            {"password": PASSWORD, "new_password": NEW_PASSWORD, "end_other_sessions": "on"},
        ),
        True,
    ),
}


@pytest.mark.parametrize("way", WAYS)
def test_a_new_password_or_the_reset_forgets_the_other_trusted_browsers(
    personas: Personas, way: str
) -> None:
    carol: User = personas.carol
    hers = _signed_in(carol.email)
    his_phone = _signed_in(carol.email)  # a phone she once signed in on, now in his hands
    assert TrustedDevice.objects.filter(user=carol).count() == 2
    press, stays = WAYS[way]
    response = press(hers)
    assert response.status_code in (200, 302)
    left = TrustedDevice.objects.filter(user=carol, kept_look="")  # the trusted ones
    digests = set(left.values_list("digest", flat=True))
    kept = {TrustedDevice.digest_of(_nonce(_device_cookie(hers)))} & digests
    assert not {TrustedDevice.digest_of(_nonce(_device_cookie(his_phone)))} & digests
    assert bool(kept) == stays
    assert len(digests) == int(stays)


@pytest.mark.parametrize("way", KEEPING)
def test_signing_out_without_a_password_keeps_her_other_browsers_trusted(
    personas: Personas, way: str
) -> None:
    carol: User = personas.carol
    laptop = _signed_in(carol.email)
    phone = _signed_in(carol.email)  # her signed-in phone, in his hands for two minutes
    response = KEEPING[way](phone)
    assert response.status_code in (200, 302)
    digests = set(TrustedDevice.objects.filter(user=carol).values_list("digest", flat=True))
    assert TrustedDevice.digest_of(_nonce(_device_cookie(laptop))) in digests
    assert len(digests) == 2
    # Her laptop still gets past the pause his wrong passwords set on the shared connection.
    his = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        his.post(reverse("accounts:login"), {"username": carol.email, "password": "a guess"})
    assert (
        Client().post(reverse("accounts:login"), {"username": carol.email, "password": PASSWORD})
    ).status_code == 429
    laptop.post(reverse("accounts:logout"))
    back = laptop.post(reverse("accounts:login"), {"username": carol.email, "password": PASSWORD})
    assert back.status_code == 302


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


def test_a_new_password_from_the_link_ends_his_trust_and_sessions(personas: Personas) -> None:
    """A browser of his, trusted for her account because he once knew her password, kept its
    way past the pause after she set a new one from the e-mailed link, and his session stayed
    listed (the re-audit). The link's new password now ends both; the browser she sets it in is
    trusted unless she says someone else uses it."""
    import re

    from django.core import mail

    from interdepend.web.accounts.models import UserSession

    carol: User = personas.carol
    his = _signed_in(carol.email)
    for shared, trusted in (("", 1), ("on", 0)):
        hers = Client()
        hers.post(reverse("accounts:password_reset"), {"email": carol.email})
        link = re.search(r"http://\S+", str(mail.outbox[-1].body))
        assert link is not None
        form = hers.get(link.group(0), follow=True)
        assert b"Someone else uses this device" in form.content
        new = f"a fresh passphrase {trusted}"
        done = hers.post(
            form.redirect_chain[-1][0],
            {"new_password1": new, "new_password2": new, "shared": shared},
        )
        assert done.status_code == 302
        assert not UserSession.objects.filter(user=carol).exists()
        assert TrustedDevice.objects.filter(user=carol, kept_look="").count() == trusted
        assert (settings.DEVICE_COOKIE_NAME in hers.cookies) == bool(trusted)
    mine = TrustedDevice.digest_of(_nonce(_device_cookie(his)))
    assert not TrustedDevice.objects.filter(user=carol, digest=mine, kept_look="").exists()
