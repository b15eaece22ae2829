"""Sign-in records typed under an address the account had before (the data-rights audit of
2026-12-03, L1): in her download, and gone with her account.

django-axes keeps its records by the address typed. They move with the account when the
address changes, but someone can still type the old one afterwards (a partner who knows only
that one): the account keeps a keyed digest of each earlier address to find those records.
"""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.utils import timezone

from interdepend.web.accounts.models import EarlierAddress, User
from interdepend.web.accounts.services import email_move_by_operator, user_create
from interdepend.web.datarights.services import export_tables, user_delete
from tests.conftest import PASSWORD
from tests.security.datarights_support import database_text

pytestmark = pytest.mark.django_db

OLD, NEW = "eve.tarrowold@example.test", "eve.tarrownew@example.test"


def _failed_sign_in(address: str) -> None:
    now = timezone.now()
    AccessAttempt.objects.create(
        username=address,
        ip_address="203.0.113.9",
        user_agent="MRKUA old-address browser",
        attempt_time=now,
        failures_since_start=1,
    )
    AccessFailureLog.objects.create(
        username=address, ip_address="203.0.113.9", user_agent="x", attempt_time=now
    )


def _moved() -> User:
    eve = user_create(email=OLD, password=PASSWORD, display_name="Eve")
    assert email_move_by_operator(user=eve, new_email=NEW) is not None
    return User.objects.get(pk=eve.pk)


def test_the_account_keeps_no_earlier_address_but_a_keyed_digest() -> None:
    eve = _moved()
    [kept] = EarlierAddress.objects.filter(user=eve)
    assert "tarrowold" not in kept.digest and len(kept.digest) == 64
    assert "tarrowold" not in database_text()


def test_a_failed_sign_in_under_her_old_address_is_in_her_download() -> None:
    eve = _moved()
    _failed_sign_in(OLD.upper())
    tables = export_tables(eve)
    assert [row["username"] for row in tables["axes_accessattempt"]] == [OLD.upper()]
    assert len(tables["axes_accessfailurelog"]) == 1
    [change] = tables["accounts_earlieraddress"]
    assert set(change) == {"until"}


def test_her_erasure_removes_sign_ins_typed_under_her_old_address() -> None:
    eve = _moved()
    _failed_sign_in(OLD)
    user_delete(user=eve)
    assert "tarrowold" not in database_text()
    assert not AccessAttempt.objects.exists() and not AccessFailureLog.objects.exists()


def test_records_of_someone_who_has_her_old_address_now_stay_theirs() -> None:
    eve = _moved()
    user_create(email=OLD, password=PASSWORD, display_name="Someone else")
    _failed_sign_in(OLD)
    assert export_tables(eve)["axes_accessattempt"] == []
    user_delete(user=eve)
    assert AccessAttempt.objects.filter(username=OLD).count() == 1
