from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from interdepend.web.accounts.forms import PasswordConfirmForm


class DeleteAccountForm(PasswordConfirmForm):
    confirm = forms.BooleanField(
        label=_("I understand this removes my account and everything that is only mine."),
        required=True,
    )
