from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from interdepend.core.content import Prompt
from interdepend.web.frame.formwords import WordedForm
from interdepend.web.frame.idempotent import KeyedForm
from interdepend.web.frame.usertext import LongTextField
from interdepend.web.journal.selectors import known_prompt

BODY_MAX = 20_000


def _body() -> forms.CharField:
    return LongTextField(
        label=_("Your words"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Only you can read this unless you choose to share it."),
        error_messages={
            "required": _("There is nothing written yet. Write a few words, then save them.")
        },
    )


class EntryForm(KeyedForm):
    """A new entry, with an optional question from the prompt library."""

    prompt = forms.CharField(label=_("A question to start from"), required=False)
    body = _body()

    def __init__(self, *args: Any, offered: Sequence[Prompt] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("No question: I will just write")), *((p.id, p.text) for p in offered)]
        # Set after the form's own words: the browser keeps no question she picked and left.
        self.fields["prompt"].widget = forms.RadioSelect(
            choices=choices, attrs={"autocomplete": "off"}
        )

    def clean_prompt(self) -> str:
        value = str(self.cleaned_data.get("prompt") or "")
        if value and not known_prompt(value):
            raise forms.ValidationError(_("That question is not in the list any more."))
        return value


class EntryEditForm(WordedForm):
    body = _body()
    #: Which text the form was opened on (``services.text_mark``): another is a conflict.
    seen = forms.CharField(widget=forms.HiddenInput, max_length=40, required=False)
