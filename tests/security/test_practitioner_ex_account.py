"""A practitioner account that is her ex's says so on her pages, not only on the invitation.

Her ex turns on the practitioner role after they part and presses her to connect. The invitation
told her the account was someone she had been linked with as partners; once she connected,
Your practitioners and Who can see what showed it as any other practitioner, name and number,
while her current partner's account was marked there (the practitioner audit of 2026-12-05).
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from interdepend.web.accounts.models import User
from interdepend.web.accounts.services import user_create
from interdepend.web.partners.services import (
    invitation_accept,
    invitation_create,
    partnership_leave,
)
from interdepend.web.practice import services
from tests.conftest import PASSWORD
from tests.helpers import as_user, password_confirmed

pytestmark = pytest.mark.django_db

EX_NOTE = "This is the account of someone you were linked with as partners before."


def _partners(one: User, other: User) -> None:
    new = invitation_create(inviter=one)
    invitation_accept(invitation=new.invitation, user=other)


def _her_pages(her: User) -> dict[str, str]:
    client = password_confirmed(as_user(her))
    return {
        name: client.get(reverse(name)).content.decode()
        for name in ("practice:mine", "safetycheck:index")
    }


def test_her_exs_practitioner_account_is_named_as_his_on_her_pages() -> None:
    her = user_create(email="ana@home.example.test", password=PASSWORD, display_name="Ana")
    ex = user_create(email="vic@home.example.test", password=PASSWORD, display_name="Vic")
    other = user_create(email="kim@practice.example.test", password=PASSWORD, display_name="Kim")
    _partners(ex, her)
    partnership_leave(user=her)
    for practitioner in (ex, other):
        profile = services.practitioner_enable(user=practitioner, kind="counsellor")
        new = services.client_invitation_create(practitioner=profile)
        found = services.client_invitation_find(code=new.code, user=her, ip_address=None)
        services.client_invitation_redeem(invitation=found, user=her)
    for name, page in _her_pages(her).items():
        assert page.count(EX_NOTE) == 1, name
        # Beside his card's name, not the other practitioner's.
        card = page.split(EX_NOTE)[0].rsplit('class="card"', 1)[1]
        assert "Vic" in card and "Kim" not in card, name


def test_a_current_partner_is_named_as_partner_and_a_stranger_as_neither() -> None:
    her = user_create(email="ana@home.example.test", password=PASSWORD, display_name="Ana")
    him = user_create(email="vic@home.example.test", password=PASSWORD, display_name="Vic")
    _partners(him, her)
    profile = services.practitioner_enable(user=him, kind="counsellor")
    new = services.client_invitation_create(practitioner=profile)
    found = services.client_invitation_find(code=new.code, user=her, ip_address=None)
    services.client_invitation_redeem(invitation=found, user=her)
    for name, page in _her_pages(her).items():
        assert EX_NOTE not in page, name
        assert "This is also your partner's account." in page, name
