"""The check-in form declares each statement's seven points once, on the class, where it made
them anew on each view and gave the form our words twice (issue 15's eleventh pass). Held
here to the form as it was: the same fields in the same order, the same words, widgets and
choices, the same HTML for each field and the same errors and values, empty and sent, in
English and Spanish."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from django import forms as django_forms
from django.forms import widgets as django_widgets
from django.utils import translation
from django.utils.translation import gettext_lazy

from interdepend.web.frame.formwords import our_words
from interdepend.web.together import forms
from interdepend.web.together.models import ITEMS
from tests.web.choicecopies import DJANGO_COPY, held_to_django


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
            # A scale is a ScaleField now: a TypedChoiceField that is only copied faster (held
            # to Django's copy below).
            django_forms.TypedChoiceField if type(field) is forms.ScaleField else type(field),
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


def _held_to_django(field: forms.ScaleField) -> None:
    ours, django_copy = held_to_django(field)
    assert type(ours) is forms.ScaleField
    widget, djangos = ours.widget, django_copy.widget
    # The two lists of choices are two, as Django's copy makes them.
    assert ours._choices is not widget._choices  # type: ignore[attr-defined]
    assert django_copy._choices is not djangos._choices


@pytest.mark.parametrize("item", ITEMS)
def test_each_scale_is_copied_as_django_copies_a_choice_field(item: str) -> None:
    field = forms.CheckInForm.base_fields[item]
    assert isinstance(field, forms.ScaleField)
    _held_to_django(field)
    # What the copy of the form's own field holds, and what one form does to its copy.
    form = forms.CheckInForm()
    _held_to_django(form.fields[item])  # type: ignore[arg-type]
    form.fields[item].widget.attrs["data-x"] = "1"
    form.fields[item].error_messages["required"] = "changed"
    form.fields[item].validators.append(lambda value: None)
    form.fields[item]._choices.append((8, "8"))  # type: ignore[attr-defined]
    assert "data-x" not in field.widget.attrs
    assert field.error_messages["required"] != "changed"
    assert field.validators == []
    assert (8, "8") not in field._choices  # type: ignore[attr-defined]
    assert (8, "8") not in field.widget.choices


@pytest.mark.parametrize(
    "choices",
    [
        [(1, gettext_lazy("Not at all")), (2, "2")],
        [(1, "1"), ("group", [(2, "2"), (3, "3")])],
        [(1, "1"), (2.5, "2.5")],
    ],
)
def test_a_scale_of_other_choices_is_copied_by_django_s_own_copy(choices: list[Any]) -> None:
    """Choices that are not pairs of a number and a text (a translated label, a group, a
    number of another kind) go through Django's copy, walk and all."""
    field = forms.ScaleField(choices=choices, coerce=int, widget=django_forms.RadioSelect)
    _held_to_django(field)
    ours = copy.deepcopy(field, {})
    django_copy = DJANGO_COPY(field, {})
    assert ours._choices == django_copy._choices  # type: ignore[attr-defined]
    nested = [c for c in field._choices if isinstance(c[1], list)]  # type: ignore[attr-defined]
    for group in nested:
        (copied,) = [c for c in ours._choices if c[0] == group[0]]  # type: ignore[attr-defined]
        assert copied[1] is not group[1]  # a group's list is copied deeply, as Django does


def test_the_form_is_drawn_the_same_from_django_s_copy_and_ours() -> None:
    """The whole form, drawn from fields copied by Django and by ScaleField, byte for byte,
    in both languages, empty and sent."""
    for language in ("en", "es"):
        with translation.override(language):
            for data in SENT:
                ours = forms.CheckInForm(data, initial={"seen": "m", "heard": 2})
                theirs = forms.CheckInForm(data, initial={"seen": "m", "heard": 2})
                theirs.fields = {
                    name: DJANGO_COPY(field, {})
                    if isinstance(field, forms.ScaleField)
                    else copy.deepcopy(field, {})
                    for name, field in forms.CheckInForm.base_fields.items()
                }
                our_words(theirs)
                assert [str(ours[n]) for n in ours.fields] == [
                    str(theirs[n]) for n in theirs.fields
                ]
                if data is not None:
                    assert ours.is_valid() == theirs.is_valid()
                    assert ours.errors == theirs.errors


def test_a_scale_s_widget_is_copied_without_walking_its_choices(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The widget's list of pairs is copied as the pairs it holds: its ``choices`` setter, which
    walks and checks every pair again (``normalize_choices``), is not run for the six scales,
    and each widget still gets a list of its own, equal to Django's."""
    walked: list[object] = []
    real = django_widgets.normalize_choices  # type: ignore[attr-defined]

    def counted(value: object, **kwargs: Any) -> object:
        walked.append(value)
        return real(value, **kwargs)

    monkeypatch.setattr(django_widgets, "normalize_choices", counted)
    form = forms.CheckInForm()
    assert walked == []
    for item in ITEMS:
        widget: Any = form.fields[item].widget
        base: Any = forms.CheckInForm.base_fields[item].widget
        djangos: Any = DJANGO_COPY(forms.CheckInForm.base_fields[item], {}).widget
        assert widget._choices == djangos._choices
        assert widget._choices is not base._choices
