"""Her erasure takes the sign-in she had begun and not finished (the data-rights audit of
2026-12-05).

With an authenticator app, her password alone leaves a browser half signed in: its session
waits for the code, and holds her account's number, a digest made from her password, the
browser's name and its internet address. It names no account in the column her erasure looked
at, so it stayed for as long as a session lasts (two weeks), after everything else of hers
had gone: on her own phone, or on his if he had typed her password.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from interdepend.web.accounts.models import AuthenticatorApp, UserSession
from interdepend.web.datarights.services import user_delete
from tests.conftest import PASSWORD, Personas

pytestmark = pytest.mark.django_db

AGENT = "Mozilla/5.0 (her phone) RQZ-half-way"
ADDRESS = "198.51.100.23"


def _half_signed_in(email: str) -> Client:
    browser = Client(HTTP_USER_AGENT=AGENT, REMOTE_ADDR=ADDRESS)
    answer = browser.post(reverse("accounts:login"), {"username": email, "password": PASSWORD})
    assert answer["Location"] == reverse("accounts:second_step")
    assert "_auth_user_id" not in browser.session
    return browser


def _naming(user_pk: int) -> list[UserSession]:
    """Sessions whose stored data or row names the account, or keeps the browser's name."""
    assert user_pk is not None
    found = []
    for row in UserSession.objects.all():
        data = row.get_decoded()
        pending = data.get("_two_step_pending") or {}
        if row.user_id == user_pk or pending.get("user") == user_pk or AGENT in row.user_agent:
            found.append(row)
    return found


def test_her_erasure_takes_a_sign_in_waiting_for_its_second_step(personas: Personas) -> None:
    alice = personas.alice
    AuthenticatorApp.objects.create(
        user=alice, secret="JBSWY3DPEHPK3PXP", confirmed_at=timezone.now()
    )
    _half_signed_in(alice.email)
    carol = _half_signed_in_other(personas)
    number = alice.pk
    assert len(_naming(number)) == 1

    user_delete(user=alice)

    left = _naming(number)
    print(f"\nsessions naming her after her erasure: {len(left)}")
    assert not left
    assert len(_naming(personas.carol.pk)) == 1, "another's half sign-in is hers to keep"
    assert carol.session.get("_two_step_pending")


def _half_signed_in_other(personas: Personas) -> Client:
    carol = personas.carol
    AuthenticatorApp.objects.create(
        user=carol, secret="JBSWY3DPEHPK3PXQ", confirmed_at=timezone.now()
    )
    browser = Client(HTTP_USER_AGENT="another browser", REMOTE_ADDR="198.51.100.24")
    answer = browser.post(
        reverse("accounts:login"), {"username": carol.email, "password": PASSWORD}
    )
    assert answer["Location"] == reverse("accounts:second_step")
    return browser
