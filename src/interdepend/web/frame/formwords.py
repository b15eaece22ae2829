"""Our own words for what a form field says when an answer cannot be kept.

Django's fields and validators speak in their own voice ("Ensure this value has at most 140
characters (it has 5699)."). Every form of ours goes through :func:`our_words`, which gives each
field, by its kind, a plain and kind message instead; a form may still set a field's own
``error_messages`` for something more specific, and those are kept. :class:`WordedForm` does it
for a whole form, and :class:`DateInRange` keeps a date between two sensible limits.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from datetime import date
from typing import Any

from django import forms
from django.utils import formats, timezone, translation
from django.utils.dates import MONTHS, MONTHS_3, MONTHS_ALT, MONTHS_AP
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

#: For every kind of field.
COMMON = {
    "required": _("Please fill this in."),
    "invalid": _("That does not look right. Please check it and try again."),
    "max_length": _(
        "Please keep this to %(limit_value)d characters or fewer. It has %(show_value)d now."
    ),
    "min_length": _("Please write at least %(limit_value)d characters."),
    "null_characters_not_allowed": _(
        "There is an invisible character in this text that we cannot keep. Please type it again."
    ),
    "invalid_choice": _("Please choose one of the options shown."),
    "invalid_list": _("Please choose from the options shown."),
    "min_value": _("Please give a number of at least %(limit_value)s."),
    "max_value": _("Please give a number of at most %(limit_value)s."),
    "step_size": _("Please give a whole number."),
}

#: What a kind of field says instead, where the common words would not fit.
BY_KIND: dict[type[forms.Field], dict[str, Any]] = {
    forms.EmailField: {
        "required": _("Please give your e-mail address."),
        "invalid": _("That does not look like an e-mail address. Please check it."),
    },
    forms.DateField: {
        # A browser's date box sends nothing at all when what was typed is not a real day.
        "required": _(
            "Please give a date. If you typed one, check that the day exists (30 February does "
            "not)."
        ),
        # The example is a day the field takes, written as the page writes dates (DateInRange).
        "invalid": _("Please give a real date, for example %(example)s."),
    },
    forms.IntegerField: {"invalid": _("Please give a whole number.")},
    forms.BooleanField: {"required": _("Please tick this box to go on.")},
}


_words_by_kind: dict[type[forms.Field], dict[str, Any]] = {}


def _words_for_kind(kind: type[forms.Field]) -> dict[str, Any]:
    """Our words for a kind of field, worked out once per kind."""
    words = _words_by_kind.get(kind)
    if words is None:
        words = dict(COMMON)
        for each in reversed(kind.__mro__):
            words.update(BY_KIND.get(each, {}))
        _words_by_kind[kind] = words
    return words


def our_words(form: forms.BaseForm) -> None:
    """Give every field of the form our messages, keeping any the form set on purpose.

    Which messages a field set on purpose is worked out once, on the form class's own field
    (each form gets a copy of it), not on every form drawn."""
    base_fields = getattr(form, "base_fields", {})
    # A label names its field and ends there, as the labels written into the pages do: no
    # colon Django adds after some and not others ("E-mail address:" beside "Your password,
    # to accept"), in either language (the assistive-technology walk of 2026-12-04).
    form.label_suffix = ""
    for name, field in form.fields.items():
        words = _words_for_kind(type(field))
        base = base_fields.get(name)
        own = _own_messages(base if base is not None and type(base) is type(field) else field)
        field.error_messages = {**field.error_messages, **words, **own}
        if isinstance(field, DateInRange):
            field.show_limits()
        if isinstance(field.widget, forms.TextInput | forms.Textarea):
            # The limit is ours to say, not the browser's to enforce: a browser stops typing
            # and cuts pasted words at ``maxlength`` without a word, so a bid went to the
            # partner ending mid-sentence (the phone audit of 2026-12-03). Without it, the
            # words come back whole with our message saying how many to take out.
            field.widget.attrs.pop("maxlength", None)
        if not field.widget.is_hidden and "autocomplete" not in field.widget.attrs:
            # What she types is hers: not kept by the browser to be offered again in another
            # field, on this site or any other, to whoever uses the device next. What she ticks
            # or picks is hers too: with it, the browser neither keeps a choice she never sent
            # nor puts it back when Back or a reopened tab loads the page again (the phone audit
            # of 2026-12-04, VI).
            field.widget.attrs["autocomplete"] = "off"


def _own_messages(field: forms.Field) -> dict[str, Any]:
    """The messages the form gave this field itself (those that are not Django's defaults)."""
    own: dict[str, Any] | None = getattr(field, "own_messages", None)
    if own is None:
        defaults = _django_defaults(field)
        own = {
            code: text
            for code, text in field.error_messages.items()
            if str(text) != str(defaults.get(code, ""))
        }
        field.own_messages = own  # type: ignore[attr-defined]
    return own


def _django_defaults(field: forms.Field) -> dict[str, Any]:
    messages: dict[str, Any] = {}
    for kind in reversed(type(field).__mro__):
        messages.update(getattr(kind, "default_error_messages", {}))
    return messages


class WordedForm(forms.Form):
    """A form whose fields speak in our words (see :func:`our_words`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        our_words(self)


Bound = Callable[[], date]


class DateInRange(forms.DateField):
    """A date between ``earliest()`` and ``latest()`` (both days included), each a function so
    that "today" is the day of the request; the limits also go to the browser's date picker."""

    def __init__(
        self, *, earliest: Bound, latest: Bound, too_early: Any, too_late: Any, **kwargs: Any
    ) -> None:
        # The browser's date picker reads and sends ISO dates in every language (a Spanish
        # page would otherwise write the value as 30/11/2026, which the picker cannot read).
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
        super().__init__(**kwargs)
        self.earliest, self.latest = earliest, latest
        self.too_early, self.too_late = too_early, too_late

    def to_python(self, value: Any) -> date | None:
        """As Django reads a date, and also a date with the month's name in the page's
        language or in English, as the page writes dates and as the field's messages give
        their examples ("1 de mayo de 2027", "1 May 2027", "May 1, 2027": Django's Spanish
        reads no month names, and Python's reads them in the server's locale only). A date
        typed as numbers in English (where no date picker wrote it) is read month-first only
        when it cannot be the other way round: 03/12/2026 is 3 December in most of the
        English-speaking world and 12 March in the United States, so it is asked again in
        words; 13/12/2026 and 12/13/2026 are both read."""
        text = str(value).strip() if isinstance(value, str) else ""
        try:
            named = by_month_name(text)
            if named is not None:
                return named
            numbers = _NUMERIC.fullmatch(text)
            if numbers is None or not (get_language() or "en").startswith("en"):
                # Spaces alone are no date, as an empty box is (the forms audit of 2026-12-03,
                # L3: they were "not a real date" in an optional field).
                return super().to_python(text if isinstance(value, str) else value)
            return _month_first_if_sure(text, *(int(part) for part in numbers.groups()))
        except forms.ValidationError as error:
            if error.code != "invalid":
                raise
            words = self.error_messages["invalid"]
            raise forms.ValidationError(words, code="invalid", params=self.example()) from None

    def example(self) -> dict[str, str]:
        """A day this field takes, as the page writes it, for "for example …": today, or the
        nearest day to it the field allows. A field whose last day is today gave a day to
        come as its example (the forms audit of 2026-12-03, L2)."""
        earliest, latest = self.earliest(), self.latest()
        day = min(max(today(), earliest), latest)
        return {"example": formats.date_format(day, "DATE_FORMAT")}

    def show_limits(self) -> None:
        """Today's limits on the browser's date picker (each form has its own copy)."""
        self.widget.attrs.update(min=self.earliest().isoformat(), max=self.latest().isoformat())

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value in self.empty_values:
            return
        if value < self.earliest():
            raise forms.ValidationError(self.too_early % _day(self.earliest()), code="too_early")
        if value > self.latest():
            raise forms.ValidationError(self.too_late % _day(self.latest()), code="too_late")


#: A date typed as numbers: two of one or two digits and a year, split by "/", "." or "-".
_NUMERIC = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})")


def _month_first_if_sure(text: str, first: int, second: int, year: int) -> date:
    """Numbers typed in English: month first only when it cannot be the other way round."""
    if first <= 12 and second <= 12 and first != second:
        raise forms.ValidationError(_AMBIGUOUS % {"typed": text}, code="ambiguous")
    month, day = (first, second) if first <= 12 else (second, first)
    year += 2000 if year < 100 else 0
    try:
        return date(year, month, day)
    except ValueError:
        raise forms.ValidationError("", code="invalid") from None


#: Words that join a day, a month and a year ("1 de mayo de 2027", "the 1st of May") and the
#: marks of an ordinal day ("1st", "1.º").
_JOINING = frozenset({"de", "del", "of", "the"})
_ORDINAL = re.compile(r"^(\d{1,2})(?:st|nd|rd|th|\.?º|\.?ª|\.?°)$")
_HAS_LETTER = re.compile(r"[^\W\d_]")


@functools.cache
def _month_names(language: str) -> dict[str, int]:
    """Every name and short name of each month in the language and in English, in small
    letters, from Django's own tables (``django.utils.dates``)."""
    names: dict[str, int] = {}
    for each in dict.fromkeys((language, "en")):
        with translation.override(each):
            for table in (MONTHS, MONTHS_3, MONTHS_AP, MONTHS_ALT):
                for number, name in table.items():
                    names.setdefault(str(name).lower().rstrip("."), number)
    return names


def _month(word: str, names: dict[str, int]) -> int | None:
    """The month a word names: a name, a short name, or the start of one name only ("sept")."""
    word = word.rstrip(".")
    if word in names:
        return names[word]
    if len(word) < 3:
        return None
    found = {number for name, number in names.items() if name.startswith(word)}
    return found.pop() if len(found) == 1 else None


def by_month_name(text: str) -> date | None:
    """The day in ``text`` written with the month's name: day, month, year or month, day,
    year, with "de", "of", commas and ordinal marks as people write them. None when ``text``
    is not written so (numbers only, or not three parts); a ValidationError ("invalid")
    when it is, but names no real day."""
    if not _HAS_LETTER.search(text):
        return None
    words = [w for w in re.split(r"[\s,]+", text.lower()) if w and w not in _JOINING]
    if len(words) != 3:
        return None
    names = _month_names(get_language() or "en")
    months = [_month(word, names) if _HAS_LETTER.search(word) else None for word in words]
    if months[1] is not None:
        day, month, year = words[0], months[1], words[2]
    elif months[0] is not None:
        day, month, year = words[1], months[0], words[2]
    else:
        return None
    ordinal = _ORDINAL.match(day)
    day = ordinal.group(1) if ordinal else day
    if not (day.isdigit() and year.isdigit() and len(year) == 4):
        raise forms.ValidationError("", code="invalid")
    try:
        return date(int(year), month, int(day))
    except ValueError:
        raise forms.ValidationError("", code="invalid") from None


_AMBIGUOUS = _(
    "%(typed)s could be a day in either of two months. Please write the month as a word, "
    "for example 3 December 2026, or use the form 2026-12-03."
)


def _day(day: date) -> dict[str, str]:
    return {"day": formats.date_format(day, "DATE_FORMAT")}


def today() -> date:
    return timezone.localdate()


def years_from_today(years: int) -> Bound:
    """A bound ``years`` calendar years before or after today: the same day of the year (the
    28th of February for the 29th when that year has none)."""

    def bound() -> date:
        day = today()
        try:
            return day.replace(year=day.year + years)
        except ValueError:  # the 29th of February, in a year without one
            return day.replace(year=day.year + years, day=28)

    return bound
