from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from interdepend.web.daily.models import ANSWER_MAX
from interdepend.web.frame.formwords import WordedForm
from interdepend.web.frame.usertext import LongTextField

EMPTY = _("Write a few words first; there is no wrong answer.")


class AnswerForm(WordedForm):
    text = LongTextField(
        label=_("Your answer"),
        max_length=ANSWER_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": EMPTY},
    )

    def clean_text(self) -> str:
        text = str(self.cleaned_data["text"]).strip()
        if not text:
            raise forms.ValidationError(EMPTY)
        return text
