"""What the app said to her while signed in is never said once she is signed out.

A line said after a step ("Noted: you connected with Maria today.") waits in the browser's
message cookie between the step's answer and the next page. Pressed just before the quick exit
(the exit's beacon overtaking the page, or the page met by the lock), that line waited through
the lock page; signing out from there, the sign-in page then said it, her support circle's name
and all, to whoever held the phone (the security audit of 2026-12-04, III). The same held for
a session that ran out before her next page. The lock page, the quick exit and every way out
of a sign-in now drop what was waiting to be said.
"""

from __future__ import annotations

import base64
import binascii
import time
import zlib

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from interdepend.web.accounts.sessions import LAST_SEEN_KEY
from interdepend.web.together.models import CirclePerson
from tests.conftest import Personas
from tests.helpers import as_user, password_confirmed

pytestmark = pytest.mark.django_db

SIGNED_OUT = "You are signed out on this device."


def _cookie_texts(client: Client) -> str:
    """Every cookie's value, and its payload decoded where it is one of Django's signed
    values (base64, perhaps compressed), as anyone reading the browser's cookies could."""
    found = []
    for morsel in client.cookies.values():
        found.append(morsel.value)
        payload = morsel.value.split(":")[0]
        packed = payload.startswith(".")
        raw = payload.lstrip(".")
        try:
            data = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4))
            found.append((zlib.decompress(data) if packed else data).decode("utf-8", "replace"))
        except (binascii.Error, ValueError, zlib.error):
            continue
    return "\n".join(found)


def _noted(personas: Personas) -> tuple[Client, str, str]:
    """alice marks that she saw someone of her circle today; the page the step leads to is not
    loaded yet. Her phone, the name, and that page's address."""
    name = personas.markers["alice.circle"]
    person = CirclePerson.objects.get(owner=personas.alice, name=name)
    phone = password_confirmed(as_user(personas.alice))
    assert phone.get(reverse("together:circle")).status_code == 200
    step = phone.post(reverse("together:circle_seen", args=[person.public_id]))
    assert step.status_code == 302
    assert name in _cookie_texts(phone)  # said, and waiting for the next page
    return phone, name, step["Location"]


def _signed_out_page(phone: Client) -> str:
    out = phone.post(reverse("accounts:logout"))
    assert out.status_code == 302
    return phone.get(out["Location"]).content.decode()


@pytest.mark.parametrize("race", ["beacon carries it", "beacon overtakes it", "no page after"])
def test_a_line_said_just_before_the_quick_exit_is_not_said_after_signing_out(
    personas: Personas, race: str
) -> None:
    phone, name, then = _noted(personas)
    if race == "beacon overtakes it":
        # Sent before the step's answer came back: the beacon has the session's cookie only,
        # and the line reaches the browser after the lock, to meet the lock page.
        beacon = Client()
        session = settings.SESSION_COOKIE_NAME
        beacon.cookies[session] = phone.cookies[session].value
        assert beacon.post(reverse("frame:quick_exit"), {"beacon": "1"}).status_code == 204
    else:
        assert phone.post(reverse("frame:quick_exit"), {"beacon": "1"}).status_code == 204
    if race != "no page after":
        lock = phone.get(then).content.decode()
        assert 'action="/continue/"' in lock and name not in lock
    # Nor does the browser keep it, for anyone who reads its cookies.
    assert name not in _cookie_texts(phone)
    signed_out = _signed_out_page(phone)
    assert SIGNED_OUT in signed_out
    assert name not in signed_out
    assert name not in _cookie_texts(phone)


def test_a_sign_out_leaves_nothing_said_while_signed_in_behind(personas: Personas) -> None:
    phone, name, _then = _noted(personas)
    signed_out = _signed_out_page(phone)
    assert SIGNED_OUT in signed_out and name not in signed_out
    assert name not in _cookie_texts(phone)


def test_a_session_that_ran_out_says_nothing_of_hers_on_the_sign_in_page(
    personas: Personas,
) -> None:
    phone, name, then = _noted(personas)
    session = phone.session
    session[LAST_SEEN_KEY] = time.time() - settings.SESSION_IDLE_SECONDS - 60
    session.save()
    away = phone.get(then)
    assert away.status_code == 302 and away["Location"].startswith(reverse("accounts:login"))
    sign_in = phone.get(away["Location"]).content.decode()
    assert name not in sign_in
    assert name not in _cookie_texts(phone)


def test_her_own_next_page_still_says_it(personas: Personas) -> None:
    """Nothing changes for her: the page the step leads to says it, once."""
    phone, name, then = _noted(personas)
    assert f"Noted: you connected with {name} today." in phone.get(then).content.decode()
    assert "Noted: you connected with" not in phone.get(then).content.decode()
