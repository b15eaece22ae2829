"""Sign-up that does not tell anyone whether an address has an account.

Every valid sign-up gets the same answer (a "check your e-mail" page) and costs the same work
(the password is hashed either way). The address then gets one of two messages: a new address
a confirmation link (signed, expiring after ``SIGNUP_LINK_HOURS``, single-use) that makes the
account and signs in; an address that already has an account a short note saying someone tried,
with the way to sign in or choose a new password. Neither carries a name or anything typed in
the form, and the two share their sender, subject and opening lines (``accountmail``). At most
``ADDRESS_MAIL_LIMIT`` messages an hour go to one address.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation

from interdepend.web.accounts import accountmail, devices, services
from interdepend.web.frame.links import site_link

SALT = "interdepend.accounts.signup-link"


def link_token(nonce: str, salt: str = SALT) -> str:
    """A link's random value, signed and timed (``salt`` tells the kinds of link apart)."""
    return signing.TimestampSigner(salt=salt).sign(nonce)


def nonce_from(token: str, salt: str = SALT) -> str | None:
    """The random value a link carries, if its signature holds and it is younger than
    ``SIGNUP_LINK_HOURS``."""
    try:
        max_age = timedelta(hours=settings.SIGNUP_LINK_HOURS)
        return signing.TimestampSigner(salt=salt).unsign(token, max_age=max_age)
    except signing.BadSignature:
        return None


def send_account_mail(
    request: HttpRequest,
    email: str,
    template: str,
    context: dict[str, object],
    language: str | None = None,
) -> None:
    """One account message (``accounts/email/TEMPLATE``), with the link lifetime and the
    log-in and reset addresses its words may point to, written in ``language`` (the page's
    when not given: a sign-up has no account yet)."""
    with translation.override(language or translation.get_language()):
        _account_mail_send(request, email, template, context)


def _account_mail_send(
    request: HttpRequest, email: str, template: str, context: dict[str, object]
) -> None:
    context = {
        **context,
        "hours": settings.SIGNUP_LINK_HOURS,
        "login_url": site_link(request, reverse("accounts:login")),
        "reset_url": site_link(request, reverse("accounts:password_reset")),
    }
    accountmail.send(template, context, email)


def signup_start(request: HttpRequest, *, email: str, password: str, display_name: str) -> None:
    """Answer a valid sign-up form: the same work and no visible difference either way."""
    # One transaction on both paths: a new address must not cost an extra commit.
    with transaction.atomic():
        send = services.address_mail_allow(
            kind="signup", email=email, source=devices.mail_source(request, email)
        )
        nonce = services.signup_request(
            email=email, password=password, display_name=display_name, send=send
        )
    if nonce is not None:
        path = reverse("accounts:signup_confirm", args=[link_token(nonce)])
        send_account_mail(request, email, "signup_confirm", {"link": site_link(request, path)})
    elif send:
        send_account_mail(request, email, "signup_exists", {})
