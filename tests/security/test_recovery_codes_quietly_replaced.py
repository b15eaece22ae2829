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
from tests.web.test_passkeys import codes_in, once_from, options, turn_on

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
    made = phone.post(
        reverse("accounts:two_step_codes"), {"password": PASSWORD, **once_from(phone)}
    )
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
    made = phone.post(
        reverse("accounts:two_step_codes"), {"password": PASSWORD, **once_from(phone)}
    )
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


def test_the_press_that_made_her_codes_cannot_be_sent_again(person: User) -> None:
    """The new codes are the answer to her press itself (they are kept nowhere to show later),
    so the browser keeps that press, her password in it, in the tab's history: Back and
    "send again" within the minutes her passkey counts made a new set, shown to whoever held
    the phone, and the set she had just written down stopped working."""
    _, key, _ = turn_on(person)
    phone = password_confirmed(as_user(person))
    answer = key.get(options(phone, "accounts:confirm_options"))
    phone.post(reverse("accounts:confirm"), {"answer": answer, "next": "/", "with": "factor"})
    press = {"password": PASSWORD, **once_from(phone)}
    made = phone.post(reverse("accounts:two_step_codes"), press)
    hers = codes_in(made)
    assert len(hers) == 10
    again = phone.post(reverse("accounts:two_step_codes"), press)  # Back, then "send again"
    assert codes_in(again) == []
    assert twostep.verify(person, hers[0])  # the set she wrote down still works
    # A press from the page as it is drawn now still works.
    fresh = phone.post(reverse("accounts:two_step_codes"), {**press, **once_from(phone)})
    assert len(codes_in(fresh)) == 10
