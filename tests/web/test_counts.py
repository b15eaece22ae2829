"""Several counts in one statement give what each queryset's ``count()`` gives."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from interdepend.web.accounts.models import Passkey, RecoveryCode, User, UserSession
from interdepend.web.frame.counts import counted
from tests.conftest import Personas

pytestmark = pytest.mark.django_db


def test_counts_match_count_and_take_one_statement(personas: Personas) -> None:
    wanted = {
        "users": User.objects.all(),
        "named_a": User.objects.filter(display_name__startswith="A"),
        "none": User.objects.filter(pk=-1),
        "sessions": UserSession.objects.filter(user=personas.alice),
        "unused": RecoveryCode.objects.filter(user=personas.alice, used_at__isnull=True),
        "passkeys": Passkey.objects.filter(user=personas.bob),
        "sliced_order": User.objects.order_by("-pk").exclude(pk=personas.alice.pk),
    }
    expected = {name: rows.count() for name, rows in wanted.items()}
    with CaptureQueriesContext(connection) as captured:
        got = counted(**wanted)
    assert got == expected
    assert len(captured) == 1
    assert expected["users"] >= 6 and expected["none"] == 0


def test_nothing_asked_reads_nothing() -> None:
    with CaptureQueriesContext(connection) as captured:
        assert counted() == {}
    assert len(captured) == 0
