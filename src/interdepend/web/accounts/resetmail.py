"""The one message a password reset sends: the link to an address with an account, a short
note (no link) to one without.

Both are built on every reset, and one is sent. The link's path alone (Django's reset form:
the account looked up again, a reset token, the sealed account, its templates) had made a reset
for an address with an account a little over a millisecond slower, measurably so over the
network (the stranger audit of 2026-12-03, L1). Now both paths make a token and a sealed
account (for a stand-in person, never saved, when there is no account), draw both messages'
templates, and hand over one message of the same kind. The two share their sender, subject
and opening lines, so an inbox's list does not tell them apart either (``accountmail``).
"""

from __future__ import annotations

from django.core.mail import EmailMessage
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation

from interdepend.web.accounts import accountmail, resetlink
from interdepend.web.accounts.language import language_of
from interdepend.web.accounts.models import User
from interdepend.web.accounts.resettoken import reset_tokens
from interdepend.web.frame.links import site_origin


def reset_message(request: HttpRequest, *, email: str, user: User | None) -> EmailMessage:
    """The message for a reset asked for ``email``: ``user`` is its account, if it has one."""
    someone = user if user is not None else User(email=email)  # never saved
    language = language_of(user) if user is not None else translation.get_language()
    site = site_origin(request)
    with translation.override(language):
        link = accountmail.drawn(
            "password_reset",
            {
                "site": site,
                "uid": resetlink.seal(someone.pk or 0),  # not the account's number
                "token": reset_tokens.make_token(someone),
            },
        )
        signup = site + reverse("accounts:signup")
        note = accountmail.drawn("password_reset_unknown", {"signup_url": signup})
        sender = accountmail.sender()
    subject, body = link if user is not None else note
    to = user.email if user is not None else email
    return EmailMessage(subject, body, sender, [to])
