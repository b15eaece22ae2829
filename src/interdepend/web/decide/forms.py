"""Forms for naming a decision and rating its options."""

from __future__ import annotations

import secrets
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from interdepend.web.decide.models import MAX_OPTIONS, MIN_OPTIONS, RATING_MAX, RATING_MIN
from interdepend.web.frame.formwords import WordedForm, our_words
from interdepend.web.frame.usertext import ShortTextField, strip_invisible

OPTION_MAX_LENGTH = 80


class DecisionForm(WordedForm):
    title = ShortTextField(
        label=gettext_lazy("What are you deciding?"),
        max_length=120,
        help_text=gettext_lazy("For example: where to spend the summer holiday."),
    )
    options = forms.CharField(
        label=gettext_lazy("The options, one on each line"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy(
            "Between two and eight. You can include an option that combines others."
        ),
    )
    token = forms.CharField(widget=forms.HiddenInput, max_length=40)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("token", secrets.token_urlsafe(18))

    def clean_title(self) -> str:
        return str(self.cleaned_data["title"]).strip()

    def clean_options(self) -> list[str]:
        text = strip_invisible(str(self.cleaned_data["options"]))
        lines = [line.strip() for line in text.splitlines()]
        names = [line for line in lines if line]
        if len(names) < MIN_OPTIONS:
            raise forms.ValidationError(_("Please give at least two options, one on each line."))
        if len(names) > MAX_OPTIONS:
            raise forms.ValidationError(
                _("Please keep it to eight options at most; you can start another decision.")
            )
        if any(len(name) > OPTION_MAX_LENGTH for name in names):
            raise forms.ValidationError(_("Please keep each option under 80 characters."))
        if len({name.casefold() for name in names}) != len(names):
            raise forms.ValidationError(
                _("Two options have the same name; please tell them apart.")
            )
        return names


RATING_CHOICES = [("", gettext_lazy("Choose…"))] + [
    (str(n), str(n)) for n in range(RATING_MIN, RATING_MAX + 1)
]


class RatingForm(WordedForm):
    """Two ratings per option: ``self-N`` (for me) and ``other-N`` (for my partner)."""

    def __init__(self, *args: Any, options: list[str], partner_name: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.option_names = options
        for n, _name in enumerate(options):
            self.fields[f"self-{n}"] = self._field(_("For you"))
            self.fields[f"other-{n}"] = self._field(
                _("For %(partner)s") % {"partner": partner_name}
            )
        our_words(self)

    @staticmethod
    def _field(label: str) -> forms.TypedChoiceField:
        return forms.TypedChoiceField(
            label=label,
            choices=RATING_CHOICES,
            coerce=int,
            error_messages={
                "required": _("Please choose a rating from 1 to 7."),
                "invalid_choice": _("Please choose a rating from 1 to 7."),
            },
        )

    @staticmethod
    def points() -> list[tuple[str, str]]:
        """The seven answers of a rating as the compact row draws them: the value, and the words
        a screen reader says for it (the number, and at 1, 4 and 7 what it means)."""
        words = {
            RATING_MIN: _("1, not good at all"),
            4: _("4, neither good nor bad"),
            RATING_MAX: _("7, very good"),
        }
        return [(str(n), words.get(n, str(n))) for n in range(RATING_MIN, RATING_MAX + 1)]

    def rows(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        return [
            (name, self[f"self-{n}"], self[f"other-{n}"])
            for n, name in enumerate(self.option_names)
        ]

    def ratings(self) -> tuple[list[int], list[int]]:
        count = len(self.option_names)
        data = self.cleaned_data
        return [data[f"self-{n}"] for n in range(count)], [data[f"other-{n}"] for n in range(count)]
