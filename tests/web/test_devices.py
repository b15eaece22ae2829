"""T12, T24, T29: nobody at the same address can lock a person out or spend her code budget.

A partner on the shared home connection fails her password again and again; her own browser,
which has signed in before and holds a device cookie for her account, still signs in; a
browser without one is throttled as before. His guessing of invitation and practitioner codes
from his own account at her address does not stop her redeeming a valid code of her own.
"""

from __future__ import annotations

from http.cookies import SimpleCookie

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse

from interdepend.web.accounts.models import TrustedDevice
from interdepend.web.partners.models import Membership
from interdepend.web.practice.models import ClientLink
from tests.conftest import PASSWORD, Personas

pytestmark = pytest.mark.django_db

HOME = "10.20.30.40"  # the shared home connection
LIMIT = 3


def login(client: Client, email: str, password: str = PASSWORD, ip: str = HOME) -> int:
    response = client.post(
        reverse("accounts:login"), {"username": email, "password": password}, REMOTE_ADDR=ip
    )
    return response.status_code


def her_browser(email: str) -> Client:
    """A browser she has signed in with before (then signed out): it holds her device cookie."""
    client = Client()
    assert login(client, email) == 302
    assert settings.DEVICE_COOKIE_NAME in client.cookies
    client.post(reverse("accounts:logout"))
    return client


@override_settings(AXES_FAILURE_LIMIT=LIMIT, DEVICE_FAILURE_LIMIT=LIMIT)
def test_partner_failing_from_her_address_cannot_lock_her_own_browser_out(
    personas: Personas,
) -> None:
    email = personas.carol.email
    hers = her_browser(email)
    partner = Client()
    for _ in range(LIMIT + 2):
        login(partner, email, "a guess at her password")
    assert login(partner, email) == 429, "the partner's browser is throttled"
    assert login(Client(), email) == 429, "a browser without her device cookie is throttled"
    assert login(hers, email) == 302, "her own browser still signs in"
    assert hers.get(reverse("accounts:settings")).status_code == 200
    hers.post(reverse("accounts:logout"))
    assert login(partner, email) == 429, "her sign-in did not hand him fresh guesses"
    print(f"\nT29 same-address lock-outs: partner failed {LIMIT + 2} times; 0 lock-outs of her")


@override_settings(AXES_FAILURE_LIMIT=LIMIT, DEVICE_FAILURE_LIMIT=LIMIT)
def test_a_device_cookie_is_dropped_after_its_own_failures(personas: Personas) -> None:
    """Its trust for the account ends; the row keeps only the look (test_devices_shared_phone)."""
    email = personas.carol.email
    hers = her_browser(email)
    for _ in range(LIMIT):
        assert login(hers, email, "not it") == 200
    assert not TrustedDevice.objects.filter(user=personas.carol, kept_look="").exists()
    statuses = [login(hers, email, "still not it") for _ in range(LIMIT)]
    assert statuses[-1] == 429, "once dropped, the browser is throttled like any other"


@override_settings(AXES_FAILURE_LIMIT=LIMIT)
def test_a_device_cookie_counts_only_for_its_own_account_and_only_when_signed(
    personas: Personas,
) -> None:
    carol, erin = personas.carol.email, personas.erin.email
    hers = her_browser(carol)
    forged = Client()
    forged.cookies[settings.DEVICE_COOKIE_NAME] = "made-up:value:here"
    for _ in range(LIMIT):
        login(Client(), erin, "wrong")
    assert login(hers, erin) == 429, "carol's cookie does not vouch for erin's account"
    for _ in range(LIMIT):
        login(Client(), carol, "wrong")
    assert login(forged, carol) == 429, "an unsigned cookie vouches for nobody"
    assert login(hers, carol) == 302


def test_device_cookie_flags_and_contents(personas: Personas) -> None:
    carol = personas.carol
    client = Client()
    response = client.post(
        reverse("accounts:login"),
        {"username": carol.email, "password": PASSWORD},
    )
    cookie = SimpleCookie(response.cookies.output(header="")).get(settings.DEVICE_COOKIE_NAME)
    assert cookie is not None
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert cookie["secure"] == ("True" if settings.SESSION_COOKIE_SECURE else "")
    nonce, _stamp, _signature = cookie.value.split(":")
    assert len(nonce) == 43, "a random value only"
    for text in (carol.email, carol.display_name):
        assert text.lower() not in cookie.value.lower()
    row = TrustedDevice.objects.get(user=carol)
    assert row.digest == TrustedDevice.digest_of(nonce) and row.digest not in cookie.value


@override_settings(INVITE_GUESS_LIMIT=LIMIT)
def test_partner_guessing_codes_at_her_address_does_not_spend_her_budget(
    personas: Personas,
) -> None:
    """T24: the code-guessing budget is hers alone, never her address's."""
    partner, her = Client(), Client()
    assert login(partner, personas.dave.email) == 302
    assert login(her, personas.erin.email) == 302
    for url in ("partners:join", "practice:join"):
        statuses = [
            partner.post(reverse(url), {"code": f"guess-{n:012d}"}, REMOTE_ADDR=HOME).status_code
            for n in range(LIMIT + 1)
        ]
        assert statuses[-1] == 429, "the guesser's own budget is spent"
    her.post(
        reverse("partners:respond"),
        {"code": personas.invitation_code, "answer": "accept", "password": PASSWORD},
        REMOTE_ADDR=HOME,
    )
    assert Membership.objects.filter(user=personas.erin, is_active=True).exists()
    her.post(
        reverse("practice:accept"),
        {"code": personas.practice.open_code, "password": PASSWORD},
        REMOTE_ADDR=HOME,
    )
    assert ClientLink.objects.filter(client=personas.erin, is_active=True).exists()
    print("\nT24 same-address guessing: partner spent his budget; she redeemed both codes")


@override_settings(AXES_FAILURE_LIMIT=LIMIT, ADDRESS_SPREAD_LIMIT=5)
def test_one_password_tried_on_many_accounts_pauses_that_address_but_not_her_browser(
    personas: Personas,
) -> None:
    """T12: a few wrong passwords on each of many accounts (each under its own pause) stop
    once five different addresses have failed from one connection: every sign-in from it
    without a device cookie pauses, the right password included; another connection, and her
    own browser with its cookie, are not touched. One account guessed many times (a partner at
    home) never reaches it."""
    sprayer = Client()
    hers = her_browser(personas.carol.email)
    for n in range(3):
        assert login(sprayer, f"someone{n}@example.test", "Summer2026!") == 200
    for _ in range(LIMIT + 3):
        login(Client(), personas.alice.email, "a guess")  # one account, many tries
    assert login(Client(), personas.bob.email) == 302, "four addresses: not yet"
    Client().post(reverse("accounts:logout"))
    assert login(sprayer, "someone3@example.test", "Summer2026!") == 429, "the fifth pauses"
    assert login(Client(), personas.erin.email) == 429, "even the right password waits"
    assert login(Client(), personas.erin.email, ip="10.99.0.1") == 302, "another connection"
    assert login(hers, personas.carol.email) == 302, "her browser, with its cookie, signs in"


@override_settings(AXES_FAILURE_LIMIT=LIMIT, DEVICE_FAILURE_LIMIT=LIMIT)
def test_guesses_from_one_ipv6_network_are_counted_together(personas: Personas) -> None:
    """Counted address by address, one /64 (a home, a rented server) held 2^64 addresses of
    four guesses each (the stranger audit): its addresses now count as one connection."""
    email = personas.alice.email
    for host in range(1, LIMIT + 3):
        login(Client(), email, "a guess", ip=f"2001:db8:77:1::{host:x}")
    assert login(Client(), email, ip="2001:db8:77:1::99") == 429, "the whole /64 is paused"
    assert login(Client(), email, ip="2001:db8:77:2::1") == 302, "another network is not"
    # An IPv4 address written in IPv6 is that IPv4 address, not one shared "::" network.
    for _ in range(LIMIT + 1):
        login(Client(), personas.carol.email, "a guess", ip="::ffff:10.9.8.7")
    assert login(Client(), personas.carol.email, ip="10.9.8.7") == 429
    assert login(Client(), personas.carol.email, ip="::ffff:10.9.8.8") == 302


@override_settings(INVITE_GUESS_LIMIT=LIMIT)
def test_her_own_code_that_no_longer_opens_is_not_a_guess(personas: Personas) -> None:
    """Her practitioner withdrew a code she had opened, and she kept its link: opened ten times,
    it used up her budget for every code, hers from a real practitioner and a partner's
    included, for an hour (the practitioner audit). A code of her own that opens nothing any
    more is not a guess. One that was never hers is, closed or not, whoever opened it: a closed
    code nobody opened counted nothing and one someone had opened counted one, so his count
    told whether she had opened it (the re-audit of 2026-12-03, L1). A link from another site
    only fills the form, so a page elsewhere cannot spend her tries with such links either."""
    from interdepend.web.partners.models import GuessAttempt
    from interdepend.web.practice.models import ClientInvitation
    from interdepend.web.practice.services import (
        client_invitation_create,
        client_invitation_withdraw,
    )

    practice = ClientInvitation.objects.get(public_id=personas.practice.ids["open_invitation"])
    hers = client_invitation_create(practitioner=practice.practitioner)
    never_hers = client_invitation_create(practitioner=practice.practitioner)
    her = Client()
    assert login(her, personas.erin.email) == 302
    assert her.get(reverse("practice:join_link", args=[hers.code])).status_code == 200
    client_invitation_withdraw(invitation=hers.invitation)
    client_invitation_withdraw(invitation=never_hers.invitation)
    for _ in range(LIMIT + 2):
        page = her.get(reverse("practice:join_link", args=[hers.code]))
        assert page.status_code == 404
    assert not GuessAttempt.objects.filter(key=f"user:{personas.erin.pk}").exists()
    assert her.get(reverse("practice:join_link", args=[never_hers.code])).status_code == 404
    assert GuessAttempt.objects.filter(key=f"user:{personas.erin.pk}").count() == 1
    her.post(
        reverse("partners:respond"),
        {"code": personas.invitation_code, "answer": "accept", "password": PASSWORD},
    )
    assert Membership.objects.filter(user=personas.erin, is_active=True).exists()


@override_settings(AXES_FAILURE_LIMIT=LIMIT, ADDRESS_SPREAD_LIMIT=5)
def test_a_new_password_lets_her_in_where_others_paused_the_whole_connection(
    personas: Personas,
) -> None:
    """The partner at home fails one password on five made-up addresses: every browser there
    without a device cookie pauses, and the pause can be renewed at will. The locked page
    offers a new password as the way out; the browser where she sets it now signs her in, and
    the pause stays for every other browser there (the stranger audit: it said 429 after the
    new password)."""
    import re

    from django.core import mail

    for n in range(5):
        login(Client(), f"made-up{n}@example.test", "a guess")
    hers = Client()
    assert login(hers, personas.erin.email) == 429
    locked = hers.post(
        reverse("accounts:login"),
        {"username": personas.erin.email, "password": PASSWORD},
        REMOTE_ADDR=HOME,
    )
    assert b"the browser where you choose it can log in at once" in locked.content
    hers.post(reverse("accounts:password_reset"), {"email": personas.erin.email}, REMOTE_ADDR=HOME)
    link = re.search(r"http://\S+", str(mail.outbox[-1].body))
    assert link is not None
    form = hers.get(link.group(0), follow=True, REMOTE_ADDR=HOME)
    new = "a brand new passphrase 42"
    done = hers.post(
        form.redirect_chain[-1][0],
        {"new_password1": new, "new_password2": new},
        REMOTE_ADDR=HOME,
    )
    assert done.status_code == 302
    assert settings.DEVICE_COOKIE_NAME in hers.cookies
    assert login(hers, personas.erin.email, new) == 302, "the browser where she set it"
    assert login(Client(), personas.erin.email, new) == 429, "any other browser at home waits"
    assert TrustedDevice.objects.filter(user=personas.erin).count() == 1
