"""The account page's four forms copy their choice fields without walking their choices
(``frame.choicecopy.FixedChoicesCopied``, issue 15's fifteenth pass): each copy is held here to
Django's own copy of the same field, attribute by attribute (the same objects made anew, the
same kept), one form's changes reach no other, choices of any other shape go through Django's
copy, and every form is drawn and checked the same from Django's copies and ours, empty and
sent, in English and Spanish."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from django import forms as django_forms
from django.utils import translation
from django.utils.translation import gettext_lazy

from interdepend.web.accounts import forms
from interdepend.web.accounts.models import User
from interdepend.web.frame import choicecopy
from interdepend.web.frame.formwords import our_words
from interdepend.web.practice.forms import ConsentForm
from tests.web.choicecopies import DJANGO_COPY, held_to_django

FORMS: tuple[type[django_forms.Form], ...] = (
    forms.HomeScreenForm,
    forms.QuickExitKeysForm,
    forms.TimeZoneForm,
    forms.PushChoiceForm,
)
#: With *Your practitioners*' form for a card, whose boxes are copied the same way.
WITH_CARDS: tuple[type[django_forms.Form], ...] = (*FORMS, ConsentForm)
FIXED: list[tuple[type[django_forms.Form], str]] = [
    (form, name)
    for form in WITH_CARDS
    for name, field in form.base_fields.items()
    if isinstance(field, choicecopy.FixedChoicesCopied)
]
SENT: dict[type[django_forms.Form], list[dict[str, Any] | None]] = {
    forms.HomeScreenForm: [None, {}, {"home_screen_look": "neutral"}, {"home_screen_look": "<b>"}],
    forms.QuickExitKeysForm: [None, {}, {"quick_exit_keys": "esc"}, {"quick_exit_keys": "&'"}],
    forms.TimeZoneForm: [None, {}, {"time_zone": "Europe/Madrid"}, {"time_zone": "Mars/Base"}],
    forms.PushChoiceForm: [
        None,
        {},
        {"kinds": ["today", "bids"], "quiet_from": "22", "quiet_until": "7"},
        {"kinds": ["<i>"], "quiet_from": "x", "quiet_until": "3"},
    ],
}


def _held_to_django(field: Any) -> None:
    ours, django_copy = held_to_django(field)
    widget, djangos = ours.widget, django_copy.widget
    assert ours._choices is not widget._choices
    assert django_copy._choices is not djangos._choices
    # Each label is the very object Django's copy keeps (a text, or a lazy text as itself).
    assert [label for _value, label in ours._choices] == [
        label for _value, label in django_copy._choices
    ]
    for mine, theirs in zip(ours._choices, django_copy._choices, strict=True):
        assert mine[0] is theirs[0] and mine[1] is theirs[1]


def test_the_four_forms_copy_their_choice_fields_fast() -> None:
    """The home screen's look, the quick exit's keys, the time zone and the kinds of
    notification (the quiet hours' shared list copies itself already), and on *Your
    practitioners* each card's boxes of what its practitioner may see."""
    assert {(form.__name__, name) for form, name in FIXED} == {
        ("HomeScreenForm", "home_screen_look"),
        ("QuickExitKeysForm", "quick_exit_keys"),
        ("TimeZoneForm", "time_zone"),
        ("PushChoiceForm", "kinds"),
        ("ConsentForm", "scopes"),
    }
    # Each takes the fast way: every choice is a pair a deep copy gives back as it is.
    for form, name in FIXED:
        choices = form.base_fields[name]._choices  # type: ignore[attr-defined]
        assert type(choices) is list and all(choicecopy._fixed_pair(choice) for choice in choices)


@pytest.mark.parametrize(("form", "name"), FIXED)
def test_each_field_is_copied_as_django_copies_a_choice_field(
    form: type[django_forms.Form], name: str
) -> None:
    field = form.base_fields[name]
    _held_to_django(field)
    made = form(user=User(), current=set()) if form is ConsentForm else form()
    _held_to_django(made.fields[name])
    made.fields[name].widget.attrs["data-x"] = "1"
    made.fields[name].error_messages["required"] = "changed"
    made.fields[name].validators.append(lambda value: None)
    made.fields[name] = copy.deepcopy(field)  # the time zone's list is set in its __init__
    made.fields[name].widget.attrs["data-x"] = "1"
    made.fields[name]._choices.append(("x", "x"))  # type: ignore[attr-defined]
    assert "data-x" not in field.widget.attrs
    assert field.error_messages.get("required") != "changed"
    assert field.validators == []
    assert ("x", "x") not in field._choices  # type: ignore[attr-defined]
    assert ("x", "x") not in field.widget.choices


@pytest.mark.parametrize(
    "choices",
    [
        [("a", "A"), ("group", [("b", "B"), ("c", "C")])],
        [(1.5, "one and a half"), ("b", gettext_lazy("Quiet from"))],
        [("a", 1)],
    ],
)
def test_choices_of_another_shape_are_copied_by_django_s_own_copy(choices: list[Any]) -> None:
    """A group, a number of another kind, a label that is not a text: Django's copy, walk
    and all (a group's list comes back a new list, as Django makes it)."""
    field = forms.FixedChoiceField(choices=choices)
    ours, theirs = copy.deepcopy(field, {}), DJANGO_COPY(field, {})
    assert ours._choices == theirs._choices  # type: ignore[attr-defined]
    for group in (c for c in field._choices if isinstance(c[1], list)):  # type: ignore[attr-defined]
        (copied,) = [c for c in ours._choices if c[0] == group[0]]  # type: ignore[attr-defined]
        assert copied[1] is not group[1]


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("form", FORMS)
def test_each_form_is_drawn_and_checked_the_same_from_django_s_copy_and_ours(
    language: str, form: type[django_forms.Form]
) -> None:
    """The whole form, drawn from fields copied by Django and by the fast copy, byte for byte,
    with its errors and values, empty and sent."""
    with translation.override(language):
        for data in SENT[form]:
            ours = form(data)
            theirs = form(data)
            theirs.fields = {
                name: DJANGO_COPY(field, {})
                if isinstance(field, choicecopy.FixedChoicesCopied)
                else copy.deepcopy(field, {})
                for name, field in form.base_fields.items()
            }
            if form is forms.TimeZoneForm:
                theirs.fields["time_zone"].choices = forms.zone_choices()  # type: ignore[attr-defined]
            our_words(theirs)
            assert [str(ours[n]) for n in ours.fields] == [str(theirs[n]) for n in theirs.fields]
            if data is not None:
                assert ours.is_valid() == theirs.is_valid()
                assert ours.errors == theirs.errors


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_practitioner_s_card_form_is_drawn_and_checked_the_same_from_both_copies(
    language: str,
) -> None:
    """*Your practitioners*' form for one card (its prefix, ticks given, sent with a box off the
    list): the same HTML, validity and errors from Django's copy and ours."""
    with translation.override(language):
        for data in (None, {}, {"link1-scopes": ["results"]}, {"link1-scopes": ["<b>&'"]}):
            made = [
                ConsentForm(
                    data,
                    prefix="link1",
                    initial={"scopes": ["journal"]},
                    user=User(),
                    current=set(),
                )
                for _ in range(2)
            ]
            field = ConsentForm.base_fields["scopes"]
            made[1].fields["scopes"] = DJANGO_COPY(field, {})
            our_words(made[1])
            assert [str(made[0][n]) for n in made[0].fields] == [
                str(made[1][n]) for n in made[1].fields
            ]
            if data is not None:
                assert made[0].is_valid() == made[1].is_valid()
                assert made[0].errors == made[1].errors
