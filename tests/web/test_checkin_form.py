"""The check-in form declares each statement's seven points once, on the class, where it made
them anew on each view and gave the form our words twice (issue 15's eleventh pass). Held
here to the form as it was: the same fields in the same order, the same words, widgets and
choices, the same HTML for each field and the same errors and values, empty and sent, in
English and Spanish."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms as django_forms
from django.utils import translation

from interdepend.web.frame.formwords import our_words
from interdepend.web.together import forms
from interdepend.web.together.models import ITEMS


class _AsItWas(forms.CheckInForm):
    """The form as it was: its three fields, then the six scales made anew and worded again."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for item in ITEMS:
            self.fields[item] = django_forms.TypedChoiceField(
                choices=forms.SCALE,
                coerce=int,
                required=False,
                empty_value=None,
                widget=django_forms.RadioSelect,
            )
        our_words(self)


_AsItWas.base_fields = {
    name: field for name, field in forms.CheckInForm.base_fields.items() if name not in ITEMS
}


def _described(form: django_forms.Form) -> list[tuple[object, ...]]:
    return [
        (
            name,
            type(field),
            type(field.widget),
            field.widget.attrs,
            field.required,
            list(getattr(field, "choices", [])),
            {code: str(text) for code, text in field.error_messages.items()},
            str(form[name]),
            str(form[name].label_tag()),
        )
        for name, field in form.fields.items()
    ]


SENT: list[dict[str, str] | None] = [
    None,
    {},
    {"own_time": "3", "close": "7", "need": "time <b>&amp; \u05e9\u05dc\u05d5\u05dd"},
    {"own_time": "9", "voice": "x", "heard": ""},
    {"seen": "abc", "shared": "on", "word_kept": "1"},
]


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("data", SENT)
def test_the_checkin_form_is_the_form_it_was(language: str, data: dict[str, str] | None) -> None:
    with translation.override(language):
        initial = {"seen": "mark", "supported": 4, "need": "rest"}
        now, was = forms.CheckInForm(data, initial=initial), _AsItWas(data, initial=initial)
        assert list(now.fields) == ["need", "shared", "seen", *ITEMS]
        assert _described(now) == _described(was)
        if data is not None:
            assert now.is_valid() == was.is_valid()
            assert now.errors == was.errors
            assert now.cleaned_data == was.cleaned_data


def test_each_form_has_scales_of_its_own() -> None:
    """A copy each: a choice marked on one form's field never shows on another's."""
    one, two = forms.CheckInForm(), forms.CheckInForm()
    assert one.fields["close"] is not two.fields["close"]
    assert one.fields["close"] is not forms.CheckInForm.base_fields["close"]
    one.fields["close"].widget.attrs["data-x"] = "1"
    assert "data-x" not in two.fields["close"].widget.attrs
    assert "data-x" not in forms.CheckInForm.base_fields["close"].widget.attrs
