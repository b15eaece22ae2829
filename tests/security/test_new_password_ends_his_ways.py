"""The ex and practitioner audit of 2026-12-05: a new password that shuts out whoever knew the
old one ends every way in he set up with it, whichever way she sets it (her form with the
other devices signed out, or the link mailed for a forgotten password)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from interdepend.web.accounts import services
from interdepend.web.accounts.models import PendingEmailChange, PushSubscription, User
from tests.conftest import PASSWORD, Personas

pytestmark = pytest.mark.django_db

NEW = "a brand new and long passphrase"


def new_password_from_her_form(her: User) -> None:
    """Her new password from her own form, the box to sign the others out ticked."""
    client = Client()
    client.force_login(her)
    done = client.post(
        reverse("accounts:password_change"),
        {"password": PASSWORD, "new_password": NEW, "end_other_sessions": "on"},
    )
    assert done.status_code == 302


def new_password_from_a_reset_link(her: User) -> None:
    """Her new password from the link a reset sends her."""
    client = Client()
    client.post(reverse("accounts:password_reset"), {"email": her.email})
    found = re.search(r"/password-reset/[^/]+/[^/\s]+/", str(mail.outbox[-1].body))
    assert found is not None
    form = client.get(found.group(0), follow=True)
    done = client.post(form.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
    assert done.status_code == 302


WAYS = [new_password_from_her_form, new_password_from_a_reset_link]


@pytest.mark.parametrize("new_password", WAYS)
def test_a_phone_he_subscribed_before_sign_ins_were_kept_gets_nothing_more(
    personas: Personas, new_password: Callable[[User], None]
) -> None:
    """A subscription kept from before each one was tied to its sign-in (no session key) is
    sent to until she signs out everywhere; a new password that signs everyone else out is
    such a moment too."""
    her = personas.erin
    PushSubscription.objects.create(
        user=her,
        endpoint="https://fcm.googleapis.com/fcm/send/his-phone",
        p256dh="k" * 20,
        auth="a" * 16,
        session_key="",
    )
    new_password(her)
    assert not PushSubscription.objects.filter(user=her).exists()


@pytest.mark.parametrize("new_password", WAYS)
def test_an_address_he_asked_for_with_her_old_password_waits_no_more(
    personas: Personas, new_password: Callable[[User], None]
) -> None:
    her = personas.erin
    services.email_change_request(user=her, new_email="his.inbox@example.test")
    assert PendingEmailChange.objects.filter(user=her).exists()
    new_password(her)
    assert not PendingEmailChange.objects.filter(user=her).exists()


def test_the_browser_she_sets_it_in_keeps_its_notifications(personas: Personas) -> None:
    her = personas.erin
    client = Client()
    client.force_login(her)
    PushSubscription.objects.create(
        user=her,
        endpoint="https://fcm.googleapis.com/fcm/send/her-phone",
        p256dh="k" * 20,
        auth="a" * 16,
        session_key=client.session.session_key or "",
    )
    client.post(
        reverse("accounts:password_change"),
        {"password": PASSWORD, "new_password": NEW, "end_other_sessions": "on"},
    )
    kept = PushSubscription.objects.get(user=her)
    assert kept.session_key == client.session.session_key  # followed to the new key


def test_a_sign_in_he_began_with_her_old_password_does_not_finish_after_her_new_one(
    db: None,
) -> None:
    """He typed her old password on his phone and stands at the second step, with a recovery
    code of hers he once saw. She sets a new password and signs every other device out within
    the five minutes that step lasts: his code must not finish a sign-in her new password
    never began. Before, it did, with a session as good as hers."""
    from tests.web.test_two_step import EMAIL, turn_on

    her = services.user_create(email=EMAIL, password=PASSWORD, display_name="Noor")
    mine, _secret, codes = turn_on(her)
    his = Client()
    began = his.post(reverse("accounts:login"), {"username": EMAIL, "password": PASSWORD})
    assert began["Location"] == reverse("accounts:second_step")
    done = mine.post(
        reverse("accounts:password_change"),
        {"password": PASSWORD, "new_password": NEW, "end_other_sessions": "on"},
    )
    assert done.status_code == 302
    answer = his.post(reverse("accounts:second_step"), {"code": codes[0]})
    assert "_auth_user_id" not in his.session
    assert answer["Location"].startswith(reverse("accounts:login"))
    # With her new password the same code still lets her in: it was not spent on his try.
    fresh = Client()
    fresh.post(reverse("accounts:login"), {"username": EMAIL, "password": NEW})
    assert fresh.post(reverse("accounts:second_step"), {"code": codes[0]}).status_code == 302
    assert "_auth_user_id" in fresh.session


def test_the_two_step_page_says_turning_it_on_signs_no_one_out(personas: Personas) -> None:
    """Turning two-step sign-in on leaves every other sign-in as it was (whoever knew her
    password and is signed in already stays so), and ending them on its own would sign her out
    of her phone when he turns it on from his (docs/security.md, Known limits). The page said
    only that someone who knows her password cannot get in; it now says the rest, and where
    to sign the others out."""
    from tests.helpers import password_confirmed

    her = personas.erin
    his = Client()
    his.force_login(her)
    mine = Client()
    mine.force_login(her)
    password_confirmed(mine)
    page = mine.get(reverse("accounts:two_step")).content.decode()
    assert "signs no one out" in page
    assert f'href="{reverse("accounts:sessions")}"' in page
    assert his.get(reverse("accounts:settings")).status_code == 200
