"""A new password set on her phone leaves her a day to see (the two-minute audit of 2026-12-05).

Someone who knows her password and holds her signed-in phone can set a new one and keep her
other sign-ins (the box "sign out everywhere else" unticked): every device of hers stays signed
in, nothing is mailed, no device is told, and nothing she could look at said that her password
had changed, or when; she found out only when her own password was refused. Now the page she is
sent to when something looks wrong, *Where you are signed in*, says when her password last
changed, whichever way it changed (her form, a reset link, whoever runs the site), and says
nothing of it before a change. A password only made stronger as it is checked (a new hash of
the same password) is no change.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.auth.hashers import make_password
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from pytest_django import Settings

from interdepend.web.accounts import services, twostep
from interdepend.web.accounts.models import User
from tests.conftest import PASSWORD
from tests.helpers import as_user, password_confirmed

pytestmark = pytest.mark.django_db

HIS = "a password only he knows now"


@pytest.fixture
def person(db: None) -> User:
    cache.clear()
    return services.user_create(email="lena@example.test", password=PASSWORD, display_name="Lena")


def _sessions_page(client: Client) -> str:
    return password_confirmed(client).get(reverse("accounts:sessions")).content.decode()


def _today() -> str:
    return date_format(timezone.localtime(), "DATE_FORMAT")


def test_a_password_he_set_on_her_phone_shows_its_day_where_she_looks(person: User) -> None:
    laptop = as_user(person)
    assert "Your password was last changed" not in _sessions_page(laptop)
    phone = password_confirmed(as_user(person))
    changed = phone.post(
        reverse("accounts:password_change"),
        {"password": PASSWORD, "new_password": HIS},  # "sign out everywhere else" unticked
    )
    assert changed.status_code == 302
    assert mail.outbox == []  # nothing goes to her address (it may be read by him)
    # Her laptop is still signed in, and now has something to show her.
    page = _sessions_page(laptop)
    assert f"Your password was last changed on {_today()}." in page


def test_every_way_a_password_changes_leaves_its_day(person: User) -> None:
    long_ago = timezone.now() - timedelta(days=90)
    then = date_format(timezone.localtime(long_ago), "DATE_FORMAT")
    for change in (
        lambda: services.user_change_password(
            user=person, new_password=HIS, keep_session_key=None, end_other_sessions=True
        ),
        lambda: services.email_move_by_operator(user=person, new_email="lena@elsewhere.test"),
        lambda: twostep.remove_all_for_owner(person),
    ):
        User.objects.filter(pk=person.pk).update(password_changed_at=long_ago)
        person.refresh_from_db()
        change()
        person.refresh_from_db()
        assert person.password_changed_at is not None
        assert person.password_changed_at > long_ago + timedelta(days=89)
    # The reset link's page (Django's own form) stamps it too.
    User.objects.filter(pk=person.pk).update(password_changed_at=long_ago)
    client = Client()
    client.post(reverse("accounts:password_reset"), {"email": person.email})
    found = re.search(r"/password-reset/[^/]+/[^/\s]+/", str(mail.outbox[-1].body))
    assert found is not None
    form = client.get(found.group(0), follow=True)
    new = {"new_password1": "another new passphrase", "new_password2": "another new passphrase"}
    done = client.post(form.redirect_chain[-1][0], new)
    assert done.status_code == 302
    person.refresh_from_db()
    assert person.password_changed_at is not None
    assert date_format(timezone.localtime(person.password_changed_at), "DATE_FORMAT") != then


def test_a_stronger_hash_of_the_same_password_is_no_change(
    person: User, settings: Settings
) -> None:
    # An older hash of the same password, as an account made before the hasher changed.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    User.objects.filter(pk=person.pk).update(
        password=make_password(PASSWORD, hasher="pbkdf2_sha256"), password_changed_at=None
    )
    client = Client()
    signed_in = client.post(
        reverse("accounts:login"), {"username": person.email, "password": PASSWORD}
    )
    assert signed_in.status_code == 302
    person.refresh_from_db()
    assert person.password.startswith("md5$")  # hashed anew as it was checked
    assert person.password_changed_at is None
    assert "Your password was last changed" not in _sessions_page(client)
