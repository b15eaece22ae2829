"""A sign-in with an address longer than any account's is refused by the form, before anything
is written of it (the ex and stranger audit of 2026-12-04).

The sign-in form took any address the e-mail check takes, up to 320 characters, though no
account's can be longer than 254; each wrong password for one is written down for the pause on
wrong passwords, in a column of 255. On PostgreSQL, which the deployment guide runs, a
stranger's 261-character address made the sign-in page fail with a server error; on SQLite the
row kept more than its column holds. Every other form that takes an address already stopped
at 254.
"""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

#: Well formed (labels of 63, a local part of 64), 261 characters: past the 255 of the column.
LONG = f"{'a' * 64}@{'b' * 63}.{'c' * 63}.{'d' * 63}.test"


def test_the_address_is_long_yet_well_formed() -> None:
    from interdepend.web.accounts.addresses import AddressField

    assert len(LONG) == 261
    assert AddressField().clean(LONG) == LONG


def test_a_sign_in_with_an_address_longer_than_any_account_s_writes_nothing() -> None:
    answer = Client().post(
        reverse("accounts:login"), {"username": LONG, "password": "a wrong password"}
    )
    assert answer.status_code == 200
    assert 'name="username"' in answer.content.decode()
    column = AccessAttempt._meta.get_field("username").max_length
    assert column is not None
    written = list(AccessAttempt.objects.values_list("username", flat=True))
    assert all(len(name or "") <= column for name in written), [len(n or "") for n in written]
