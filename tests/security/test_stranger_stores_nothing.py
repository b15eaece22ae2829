"""The stranger audit of 2026-12-04 (V): a stranger who only reads pages makes the server
store nothing. The sign-up page opened with an invitation's address (``?next=/us/join/…/``)
kept it in a new session, one row written (and, on SQLite, one synced commit) for every
request without a cookie: a loop of reads filled the database at the pace it could write. So
did "Understood" under the quick exit's note, which only a signed-in page shows, sent by
someone signed out."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from interdepend.web.accounts.models import UserSession
from tests.conftest import Personas
from tests.security.policy import POLICY

pytestmark = pytest.mark.django_db

#: What a stranger adds to every address: an invitation's address and a made-up one.
QUERIES = ("", "?next=/us/join/RRRR-SSSS-TTTT-VVVV-WWWW/", "?next=/me/journal/")


def test_no_address_a_stranger_reads_stores_a_session(personas: Personas) -> None:
    before = UserSession.objects.count()
    stored: list[str] = []
    reads = 0
    for name, row in POLICY.items():
        url = reverse(name, kwargs=row.kwargs(personas))
        for query in QUERIES:
            for method in ("GET", "HEAD"):
                response = Client().generic(method, url + query)
                reads += 1
                if settings.SESSION_COOKIE_NAME in response.cookies:
                    stored.append(f"{method} {name}{query}")
    print(f"\nstranger's reads: {reads}, {len(stored)} stored a session")
    assert not stored, stored
    assert UserSession.objects.count() == before


def test_no_form_a_stranger_sends_with_a_good_key_stores_a_session(personas: Personas) -> None:
    """Every address posted to by someone signed out, with a form key that holds and nothing
    else (a form with nothing in it is refused, and makes nothing)."""
    client = Client(enforce_csrf_checks=True)
    client.get(reverse("accounts:login"))
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    before = UserSession.objects.count()
    stored: list[str] = []
    for name, row in POLICY.items():
        url = reverse(name, kwargs=row.kwargs(personas))
        response = client.post(url, {"csrfmiddlewaretoken": token})
        if settings.SESSION_COOKIE_NAME in response.cookies:
            stored.append(name)
            del client.cookies[settings.SESSION_COOKIE_NAME]
    assert not stored, stored
    assert UserSession.objects.count() == before


def test_an_invitation_still_waits_through_a_sign_up_made_in_this_browser(
    personas: Personas,
) -> None:
    """The invitation is kept once the sign-up is made (the form posts to its own address,
    which carries it), and the confirmed account opens on it, as before."""
    from interdepend.web.partners import services as partners
    from tests.web.test_accounts import confirm_from_mail, signup

    code = partners.invitation_create(inviter=personas.carol).code
    join = reverse("partners:join_link", args=[code])
    onward = f"{reverse('accounts:signup')}?next={join}"
    client = Client()
    assert "Your partner's invitation waits" in client.get(onward).content.decode()
    assert settings.SESSION_COOKIE_NAME not in client.cookies
    signup(client, "robin.later@example.test", to=onward)
    assert confirm_from_mail(client, "robin.later@example.test")["Location"] == join
