from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from interdepend.web.frame.formwords import WordedForm


class CodeForm(WordedForm):
    code = forms.CharField(
        label=_("Invitation code"),
        max_length=64,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}
        ),
        help_text=_(
            "The code your partner gave you, or open the link they sent. Capitals or small "
            "letters, with or without the dashes: both work."
        ),
        error_messages={
            "required": _("Please type the code you were given."),
            "max_length": _("That is longer than any code. Please check what you typed."),
        },
    )

    def clean_code(self) -> str:
        return str(self.cleaned_data["code"]).strip()
