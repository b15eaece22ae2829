"""Her recovery codes, made anew by whoever holds her phone (the two-minute audit of 2026-12-05).

New recovery codes are shown once, to whoever made them, and every earlier code stops working.
On an account with passkeys only, a passkey used a moment before was all it took: on a phone
he can unlock, he carried ten codes away (a second step of hers for any device, for as long as
she does not make new ones), hers on paper went dead, and nothing she could see changed, since
the page said "10 recovery codes are left" before and after. Now the password typed beside the
button is asked too, as with the app, and the two-step page says when the codes she has were
made, so a set she did not make shows.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from interdepend.web.accounts import twostep
from interdepend.web.accounts.models import RecoveryCode, User
from tests.conftest import PASSWORD
from tests.helpers import as_user, password_confirmed
from tests.web.test_passkeys import codes_in, options, turn_on

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(db: None) -> User:
    from interdepend.web.accounts.services import user_create

    cache.clear()
    return user_create(email="noor@example.test", password=PASSWORD, display_name="Noor")


def test_her_passkey_alone_makes_no_new_recovery_codes_without_her_password(
    person: User,
) -> None:
    _, key, old = turn_on(person)
    phone = password_confirmed(as_user(person))
    answer = key.get(options(phone, "accounts:confirm_options"))
    phone.post(reverse("accounts:confirm"), {"answer": answer, "next": "/", "with": "factor"})
    # A passkey proved a moment ago, and no password typed beside the button.
    refused = phone.post(reverse("accounts:two_step_codes"))
    assert refused.status_code == 400
    assert codes_in(refused) == []
    assert 'type="password"' in refused.content.decode()
    assert twostep.verify(person, old[2])  # hers still work
    wrong = phone.post(reverse("accounts:two_step_codes"), {"password": "not hers at all"})
    assert wrong.status_code == 400 and codes_in(wrong) == []
    assert twostep.verify(person, old[3])
    made = phone.post(reverse("accounts:two_step_codes"), {"password": PASSWORD})
    assert made.status_code == 200 and len(codes_in(made)) == 10
    assert not twostep.verify(person, old[4])


def test_the_two_step_page_says_when_her_recovery_codes_were_made(person: User) -> None:
    phone, key, _ = turn_on(person)
    long_ago = timezone.now() - timedelta(days=40)
    RecoveryCode.objects.filter(user=person).update(made_at=long_ago)
    page = password_confirmed(phone).get(reverse("accounts:two_step")).content.decode()
    then = date_format(timezone.localtime(long_ago), "DATE_FORMAT")
    assert f"made on {then}" in page
    # Someone makes new ones on her phone: the page she reads next says they are new.
    answer = key.get(options(phone, "accounts:confirm_options"))
    phone.post(reverse("accounts:confirm"), {"answer": answer, "next": "/", "with": "factor"})
    made = phone.post(reverse("accounts:two_step_codes"), {"password": PASSWORD})
    assert len(codes_in(made)) == 10
    page = password_confirmed(phone).get(reverse("accounts:two_step")).content.decode()
    today = date_format(timezone.localtime(), "DATE_FORMAT")
    assert f"made on {then}" not in page and f"made on {today}" in page
    # The sessions page, where she looks when something seems wrong, says it too.
    sessions = password_confirmed(phone).get(reverse("accounts:sessions")).content.decode()
    assert f"made on {today}" in sessions


def test_codes_made_before_their_day_was_kept_name_no_day(person: User) -> None:
    phone, _, _ = turn_on(person)
    RecoveryCode.objects.filter(user=person).update(made_at=None)
    page = password_confirmed(phone).get(reverse("accounts:two_step")).content.decode()
    assert "10 recovery codes are left." in page and "made on" not in page
