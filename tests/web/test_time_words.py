"""Small words about time (the time audit of 2026-12-03, L8): a lifetime of one hour is "1 hour",
not "1 hours", and an invitation's last moment says which time zone its clock is in, since she
may pass the code to a partner who lives in another."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from interdepend.web.accounts import services as account_services
from tests.conftest import Personas
from tests.helpers import as_user
from tests.web.test_partnerships import made

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("hours", "said"), [(1, "for 1 hour."), (24, "for 24 hours.")])
def test_the_address_link_says_its_hours_in_the_right_number(hours: int, said: str) -> None:
    with translation.override("en"):
        text = render_to_string(
            "accounts/email/email_change_confirm.txt", {"link": "https://x.test/", "hours": hours}
        )
    assert said in text and "1 hours" not in text


def test_an_invitations_last_moment_names_its_time_zone(personas: Personas) -> None:
    carol = personas.carol
    account_services.user_time_zone_set(user=carol, zone="America/Los_Angeles")
    client = as_user(carol)
    shown = made(client).content.decode()
    assert "(America/Los Angeles time)." in shown
    listed = client.get(reverse("partners:us")).content.decode()
    assert "(America/Los Angeles time)." in listed
