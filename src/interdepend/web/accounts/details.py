"""Changing one's name or e-mail address.

A new address counts only once a link sent to it is opened by the same signed-in person; the
old address gets a note that says a change was asked for, and nothing else. The page answers
alike whether or not the new address already has an account: that account's owner is the one
told, by a note to that address.
"""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from interdepend.web.accounts import services
from interdepend.web.accounts.models import User
from interdepend.web.frame.usertext import ShortTextField

SALT = "interdepend.accounts.email-change"


class NameForm(forms.Form):
    display_name = ShortTextField(
        label=_("What should we call you?"),
        max_length=60,
        help_text=_("A partner you link with sees this name."),
    )


class EmailForm(forms.Form):
    email = forms.EmailField(label=_("New e-mail address"), max_length=254)

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"].strip().lower()
        return email


@transaction.atomic
def user_rename(*, user: User, display_name: str) -> None:
    user.display_name = display_name
    user.save(update_fields=["display_name"])


def _send(email: str, template: str, context: dict[str, object]) -> None:
    subject = render_to_string(f"accounts/email/{template}_subject.txt", context).strip()
    body = render_to_string(f"accounts/email/{template}.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email])


def email_change_start(request: HttpRequest, *, user: User, new_email: str) -> None:
    """Send the link (or, if the address is taken, a note) to the new address; tell the old."""
    if new_email == user.email.lower():
        return
    if services.address_mail_allow(kind="email_change", email=new_email):
        if User.objects.filter(email__iexact=new_email).exists():
            _send(new_email, "email_change_taken", {})
        else:
            token = signing.dumps({"u": user.pk, "old": user.email, "new": new_email}, salt=SALT)
            link = request.build_absolute_uri(reverse("accounts:email_confirm", args=[token]))
            hours = settings.SIGNUP_LINK_HOURS
            _send(new_email, "email_change_confirm", {"link": link, "hours": hours})
    if services.address_mail_allow(kind="email_change_note", email=user.email):
        _send(user.email, "email_change_note", {})


@transaction.atomic
def email_change_confirm(*, user: User, token: str) -> bool:
    """Move the account to the address the link was sent to; False when the link is no good."""
    try:
        max_age = timedelta(hours=settings.SIGNUP_LINK_HOURS)
        claim = signing.loads(token, salt=SALT, max_age=max_age)
    except signing.BadSignature:
        return False
    if claim.get("u") != user.pk or claim.get("old") != user.email:
        return False
    user.email = claim["new"]
    try:
        with transaction.atomic():
            user.save(update_fields=["email"])
    except IntegrityError:
        return False
    return True
