"""Choice fields copied for each form as Django copies them, without walking their choices.

Shared by the account page's fields, a practitioner card's scopes and the check-in's scales
(issue 15's fourteenth and fifteenth passes).
"""

from __future__ import annotations

import copy
import enum
from typing import Any

from django.utils.functional import Promise


class FixedChoicesCopied:
    """A choice field copied for each form as Django copies it, without walking its choices.

    Every form gets a deep copy of its class's fields. Django's copy of a choice field
    (``Field``'s, ``ChoiceField``'s and the widget's ``__deepcopy__``) makes a new field, widget,
    attributes, messages, validators and two lists of choices, and keeps everything else; most
    of its time goes to ``copy.deepcopy`` walking the pairs of a value and a label, each of
    which comes back as it was (a text or a number and a text or translated text: Django's
    lazy texts copy as themselves). This makes the same new objects and keeps the same ones,
    without the walk: the account page's four forms took about 0.25 ms to make (issue 15's
    fifteenth pass), as the check-in's scales had before (``together.forms.ScaleField``,
    the fourteenth pass). Choices of any other shape are copied as Django copies them (held to it by
    ``tests/web/test_account_forms_copied.py`` and ``tests/web/test_checkin_form.py``)."""

    def __deepcopy__(self, memo: dict[int, Any]) -> Any:
        choices = self.__dict__.get("_choices")
        if type(choices) is not list or not all(_fixed_pair(choice) for choice in choices):
            # Django's own copy, which django-stubs does not declare.
            return super().__deepcopy__(memo)  # type: ignore[misc]
        field: Any = self
        result: Any = object.__new__(type(self))
        result.__dict__.update(field.__dict__)
        memo[id(self)] = result
        widget = object.__new__(type(field.widget))
        widget.__dict__.update(field.widget.__dict__)
        widget.attrs = field.widget.attrs.copy()
        widget_choices = field.widget.__dict__.get("_choices")
        if widget_choices is choices or (
            type(widget_choices) is list and all(_fixed_pair(choice) for choice in widget_choices)
        ):
            # What the widget's ``choices`` setter (``normalize_choices``) makes of such pairs:
            # a new list of the same pairs, each walked and checked again on every copy (about
            # half of the check-in form's making: issue 15's sixteenth pass).
            widget.__dict__["_choices"] = list(widget_choices)
        else:
            widget.choices = copy.copy(field.widget.choices)
        memo[id(field.widget)] = widget
        result.widget = widget
        result.error_messages = field.error_messages.copy()
        result.validators = field.validators[:]
        result.__dict__["_choices"] = list(choices)
        return result


def _fixed_pair(choice: object) -> bool:
    """Whether a choice is a pair that a deep copy gives back as it is: a text, a number or a
    member of an enumeration (Django's choices), and a text or one of Django's lazy texts."""
    return (
        type(choice) is tuple
        and len(choice) == 2
        and (type(choice[0]) in (int, str) or isinstance(choice[0], enum.Enum))
        and (type(choice[1]) is str or isinstance(choice[1], Promise))
    )
