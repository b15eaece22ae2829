"""Changing one's e-mail address: the flow of the link sent to the new one.

A new address counts only once a link sent to it is opened by the same signed-in person; the
old address gets a note that says a change was asked for, and nothing else. The page answers
alike whether or not the new address already has an account: that account's owner is the one
told, by a note to that address. The link carries a signed random value, never the address,
so nothing in the browser's history names it. The forms are in ``forms``, the writes in
``services``.
"""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse

from interdepend.web.accounts import devices, selectors, services
from interdepend.web.accounts.language import language_of
from interdepend.web.accounts.models import User
from interdepend.web.accounts.signup import link_token, nonce_from, send_account_mail
from interdepend.web.frame.links import site_link

SALT = "interdepend.accounts.email-change"


def email_change_start(request: HttpRequest, *, user: User, new_email: str) -> None:
    """Send the link (or, if the address is taken, a note) to the new address; tell the old."""
    if new_email == user.email.lower():
        return
    # The same reads and writes on both paths, in one transaction, so that the time the page
    # takes does not tell a signed-in person whether an address has an account.
    with transaction.atomic():
        source = devices.mail_source(request, new_email, user)
        send = services.address_mail_allow(kind="email_change", email=new_email, source=source)
        # The owner's language, if the address has an account: the note to it is in theirs.
        owner = services.address_owner(new_email, besides=user)
        nonce = services.email_change_request(user=user, new_email=new_email)
    if send and owner is not None:
        send_account_mail(request, new_email, "email_change_taken", {}, language_of(owner))
    elif send:
        path = reverse("accounts:email_confirm", args=[link_token(nonce, SALT)])
        link = site_link(request, path)
        send_account_mail(
            request, new_email, "email_change_confirm", {"link": link}, language_of(user)
        )
    own = devices.mail_source(request, user.email, user)
    if services.address_mail_allow(kind="email_change_note", email=user.email, source=own):
        send_account_mail(request, user.email, "email_change_note", {}, language_of(user))


def email_change_waiting(*, user: User, token: str) -> str | None:
    """The new address a link stands for, shown on its page so that she sees what she is
    confirming; None when the link is no good (as :func:`email_change_confirm` would find)."""
    nonce = nonce_from(token, SALT)
    if nonce is None:
        return None
    pending = selectors.email_change_pending(user=user, nonce=nonce)
    return None if pending is None else pending.email


def email_change_confirm(*, user: User, token: str) -> bool:
    """Move the account to the address waiting under this link; False when the link is no
    good (forged, too old, another person's, already used, or the address taken meanwhile)."""
    nonce = nonce_from(token, SALT)
    return nonce is not None and services.email_change_confirm(user=user, nonce=nonce)
