"""The ex and practitioner audit of 2026-12-05: someone who knew her password made codes in her
name (a partner invitation; a client code, when she has the practitioner role) and kept them.
Once she sets a new password that shuts out whoever knew the old one (her form with the other
devices signed out, or a reset link), none of those codes may link an account of his to her."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from interdepend.web.accounts.models import User
from interdepend.web.accounts.services import user_create
from interdepend.web.partners import services as partners
from interdepend.web.partners.access import access_partner
from interdepend.web.practice import services as practice
from interdepend.web.practice.models import ClientLink
from tests.conftest import PASSWORD, Personas
from tests.security.test_new_password_ends_his_ways import (
    NEW,
    new_password_from_a_reset_link,
    new_password_from_her_form,
)

pytestmark = pytest.mark.django_db


def _his_codes(her: User) -> tuple[str, str]:
    """The codes he made while signed in as her: a partner invitation and a client code."""
    partner_code = partners.invitation_create(inviter=her).code
    profile = practice.practitioner_enable(user=her)
    client_code = practice.client_invitation_create(practitioner=profile).code
    return partner_code, client_code


def _his_account() -> User:
    return user_create(email="his.other@example.test", password=PASSWORD, display_name="Other")


def _try_codes(him: User, partner_code: str, client_code: str) -> list[str]:
    """Which of the two codes linked his account to her."""
    linked = []
    try:
        found = partners.invitation_find(code=partner_code, user=him, ip_address=None)
        partners.invitation_accept(invitation=found, user=him)
    except partners.PartnershipError:
        pass
    else:
        linked.append("partner")
    try:
        opened = practice.client_invitation_find(code=client_code, user=him, ip_address=None)
        practice.client_invitation_redeem(invitation=opened, user=him)
    except practice.PracticeError:
        pass
    else:
        linked.append("client")
    return linked


def _new_password_from_her_form(her: User) -> None:
    client = Client()
    client.force_login(her)
    page = client.get(reverse("accounts:password_change")).content.decode()
    assert "nobody has used yet stops working too" in page  # she is told before she sends it
    new_password_from_her_form(her)


@pytest.mark.parametrize(
    "new_password", [_new_password_from_her_form, new_password_from_a_reset_link]
)
def test_codes_made_with_her_old_password_link_no_one_after_her_new_one(
    personas: Personas, new_password: Callable[[User], None]
) -> None:
    her = personas.erin
    partner_code, client_code = _his_codes(her)
    new_password(her)
    him = _his_account()
    assert _try_codes(him, partner_code, client_code) == []
    assert access_partner(her) is None
    assert not ClientLink.objects.filter(client=him).exists()
    print(f"\n{new_password.__name__}: codes made before it that still link: 0 of 2")


def test_a_new_password_that_keeps_her_other_devices_keeps_her_codes(personas: Personas) -> None:
    """Unticked, nobody is shut out, and the codes she gave out still work."""
    her = personas.erin
    partner_code, client_code = _his_codes(her)
    client = Client()
    client.force_login(her)
    client.post(reverse("accounts:password_change"), {"password": PASSWORD, "new_password": NEW})
    assert _try_codes(_his_account(), partner_code, client_code) == ["partner", "client"]
