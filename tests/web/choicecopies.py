"""A choice field copied by ``frame.choicecopy.FixedChoicesCopied`` held to Django's own copy,
attribute by attribute: the account page's fields and a practitioner card's scopes
(``test_account_forms_copied.py``) and the check-in's scales (``test_checkin_form.py``)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from django import forms as django_forms

from interdepend.web.accounts.forms import PlainChoices

#: What Django's copy of a choice field makes anew; everything else it keeps as it is.
NEW_ON_THE_FIELD = ("widget", "error_messages", "validators", "_choices")
NEW_ON_THE_WIDGET = ("attrs", "_choices")
#: Django's copy of a choice field (``ChoiceField.__deepcopy__``, which ``TypedChoiceField``
#: and ``MultipleChoiceField`` inherit), which django-stubs does not declare.
DJANGO_COPY: Callable[[object, dict[int, Any]], Any] = django_forms.ChoiceField.__deepcopy__  # type: ignore[attr-defined]


def held_to_django(field: Any) -> tuple[Any, Any]:
    """Our copy of ``field`` and Django's, each with a memo of its own, after holding the one
    to the other: the same attributes, the same ones made anew and the same ones kept."""
    django_copy, ours = DJANGO_COPY(field, {}), copy.deepcopy(field, {})
    assert type(ours) is type(django_copy) is type(field)
    assert vars(ours).keys() == vars(django_copy).keys() == vars(field).keys()
    for name, value in vars(field).items():
        if isinstance(value, PlainChoices):  # the same list, kept by both (its own copy)
            assert getattr(ours, name) is value is getattr(django_copy, name), name
        elif name in NEW_ON_THE_FIELD:
            assert getattr(ours, name) is not value, name
            assert getattr(django_copy, name) is not value, name
            if name != "widget":
                assert getattr(ours, name) == getattr(django_copy, name) == value, name
        else:
            assert getattr(ours, name) is value, name
            assert getattr(django_copy, name) is value, name
    widget, djangos = ours.widget, django_copy.widget
    assert type(widget) is type(djangos) is type(field.widget)
    assert vars(widget).keys() == vars(djangos).keys() == vars(field.widget).keys()
    for name, value in vars(field.widget).items():
        if name in NEW_ON_THE_WIDGET:
            assert getattr(widget, name) is not value, name
            if isinstance(value, PlainChoices):
                assert list(getattr(widget, name)) == list(getattr(djangos, name)) == list(value)
            else:
                assert getattr(widget, name) == getattr(djangos, name) == value, name
        else:
            assert getattr(widget, name) is value, name
            assert getattr(djangos, name) is value, name
    return ours, django_copy
