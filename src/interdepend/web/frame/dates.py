"""Dates written out as Django's ``date`` filter writes them, from a table of names per language.

Django's filter builds a ``DateFormat`` for each date and looks every month and weekday name up
through a lazy translation, about 12-18 µs a date; *Who can see what* writes about a hundred.
Here a format is read once into its pieces (the same split as Django's), and a language's month
and weekday names are read once into a table: a date costs a few µs. Both are the same for
everyone (a format and a language, never a person's value), so keeping them says nothing about
what anyone has opened; :func:`warm` fills the tables for every language as a worker starts.

Only the letters below are written here; a format with any other (a time zone, ``P``, ``r``,
``U`` ...), a time letter asked of a day, or a value of another type goes to Django's own code,
so what is written never differs (``tests/web/test_dates.py`` holds it to Django's filter over
generated dates, times and every format a template names).
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.template.defaultfilters import date as django_date
from django.utils import dateformat, timezone, translation
from django.utils.dates import MONTHS, MONTHS_3, MONTHS_ALT, MONTHS_AP, WEEKDAYS, WEEKDAYS_ABBR
from django.utils.formats import get_format


@dataclass(frozen=True)
class Names:
    """A language's month and weekday names, as Django's ``dates`` module translates them."""

    months: dict[int, str]
    months_3: dict[int, str]
    months_ap: dict[int, str]
    months_alt: dict[int, str]
    weekdays: dict[int, str]
    weekdays_abbr: dict[int, str]


@functools.lru_cache(maxsize=32)
def names(language: str | None) -> Names:
    """The names in ``language`` (``None``: untranslated)."""

    def table(words: dict[int, Any]) -> dict[int, str]:
        return {number: str(word) for number, word in words.items()}

    with translation.override(language):
        return Names(
            table(MONTHS),
            table(MONTHS_3),
            table(MONTHS_AP),
            table(MONTHS_ALT),
            table(WEEKDAYS),
            table(WEEKDAYS_ABBR),
        )


Writer = Callable[[Any, Names], str]

#: The letters of a day written here, each as Django's ``DateFormat`` writes it.
DAY: dict[str, Writer] = {
    "d": lambda value, _: f"{value.day:02d}",
    "j": lambda value, _: str(value.day),
    "D": lambda value, words: words.weekdays_abbr[value.weekday()],
    "l": lambda value, words: words.weekdays[value.weekday()],
    "m": lambda value, _: f"{value.month:02d}",
    "n": lambda value, _: str(value.month),
    "b": lambda value, words: words.months_3[value.month],
    "M": lambda value, words: words.months_3[value.month].title(),
    "F": lambda value, words: words.months[value.month],
    "N": lambda value, words: words.months_ap[value.month],
    "E": lambda value, words: words.months_alt[value.month],
    "y": lambda value, _: f"{value.year % 100:02d}",
    "Y": lambda value, _: f"{value.year:04d}",
}
#: The letters of a time written here (a day asked for one goes to Django, which refuses it).
TIME: dict[str, Writer] = {
    "G": lambda value, _: str(value.hour),
    "H": lambda value, _: f"{value.hour:02d}",
    "i": lambda value, _: f"{value.minute:02d}",
    "s": lambda value, _: f"{value.second:02d}",
}
WRITERS = DAY | TIME


@dataclass(frozen=True)
class Plan:
    """A format read into literal texts and writers, and whether it asks for a time."""

    pieces: tuple[str | Writer, ...]
    timed: bool


@functools.lru_cache(maxsize=256)
def plan(form: str) -> Plan | None:
    """``form`` read into its pieces as Django reads it, or None if a letter is not ours."""
    pieces: list[str | Writer] = []
    timed = False
    for position, piece in enumerate(dateformat.re_formatchars.split(form)):
        if position % 2:
            writer = WRITERS.get(piece)
            if writer is None:
                return None
            timed = timed or piece in TIME
            pieces.append(writer)
        elif piece:
            pieces.append(dateformat.re_escaped.sub(r"\1", piece))
    return Plan(tuple(pieces), timed)


def write(value: Any, arg: str | None = None, language: str | None = None) -> str:
    """What ``{{ value|date:arg }}`` writes (before escaping), in ``language`` (by default the
    active one: a page that writes many dates in Python asks for it once and passes it in)."""
    # The language is read once: get_format would read it again (a context-local lookup,
    # about half of this function's time on a page of a hundred dates).
    if language is None:
        language = translation.get_language()
    return _written(value, arg, plan(str(get_format(arg or "DATE_FORMAT", language))), language)


def local_write(value: Any, arg: str | None = None, language: str | None = None) -> str:
    """What ``{{ value|date:arg }}`` writes in a template (before escaping): nothing for no
    value, and an aware moment first put where the reader is, as a template does for a filter
    that expects local time (Django's ``template_localtime``). ``language`` as :func:`write`."""
    if value in (None, ""):
        return ""
    if isinstance(value, datetime.datetime) and settings.USE_TZ and timezone.is_aware(value):
        value = timezone.localtime(value)
    return write(value, arg, language)


def writer(arg: str | None = None) -> Callable[[Any], str]:
    """:func:`write` for many values in one format: the language and the format are looked up
    once for the list rather than once a value."""
    language = translation.get_language()
    found = plan(str(get_format(arg or "DATE_FORMAT", language)))
    return lambda value: _written(value, arg, found, language)


def _written(value: Any, arg: str | None, found: Plan | None, language: str | None) -> str:
    """``value`` written by the plan ``found`` of ``arg``'s format, or by Django's filter when
    there is none or it needs a time the value does not have."""
    kind = type(value)
    if found is not None and (
        kind is datetime.datetime or (kind is datetime.date and not found.timed)
    ):
        words = names(language)
        return "".join(
            piece if isinstance(piece, str) else piece(value, words) for piece in found.pieces
        )
    return str(django_date(value, arg))


def month_day(
    value: datetime.date, today: datetime.date | None = None, language: str | None = None
) -> str:
    """A day as ``MONTH_DAY_FORMAT`` writes it ("21 November"), with its year as
    ``DATE_FORMAT`` writes it ("21 November 2025") when it is not of ``today``'s year (by
    default the reader's, in her time zone): a bid or a talk item a year old never reads as
    this year's. A datetime is read where the reader is (the template filter gets it there).
    ``language`` as :func:`write`."""
    today = timezone.localdate() if today is None else today
    day = value.date() if isinstance(value, datetime.datetime) else value
    return write(value, "MONTH_DAY_FORMAT" if day.year == today.year else "DATE_FORMAT", language)


def month_letter() -> str:
    """The letter the active language's short dates write a month with: ``b`` for small
    letters ("dic"), ``M`` for a capital ("Dec"), read from its ``SHORT_DATE_FORMAT``."""
    shape = str(get_format("SHORT_DATE_FORMAT")).replace("\\b", "")
    return "b" if "b" in shape else "M"


def short_month(value: datetime.date) -> str:
    """A month and its year as the active language's short dates write them ("Dec 2026",
    "dic 2026"). Django's ``M`` is always capitalised, and this module writes ``M`` as Django
    does (``tests/web/test_dates.py``), so the letter follows the language's own short dates."""
    return write(value, f"{month_letter()} Y")


#: The formats a setting names, each read in every language as a worker starts.
NAMED = (
    "DATE_FORMAT",
    "DATETIME_FORMAT",
    "SHORT_DATE_FORMAT",
    "SHORT_DATETIME_FORMAT",
    "MONTH_DAY_FORMAT",
    "YEAR_MONTH_FORMAT",
    "TIME_FORMAT",
)


def local(moment: datetime.datetime, zone: datetime.tzinfo) -> datetime.datetime:
    """``timezone.localtime(moment, zone)``, written out for a moment with a zone (its checks
    and its call, about 0.5 µs a moment: a bid's card, a month of the bids' table); anything
    else as Django does it (it refuses a moment without a zone). ``tests/web/test_bidcards.py``
    and ``tests/web/test_bid_month_counts.py`` hold the two equal."""
    if type(moment) is datetime.datetime and moment.utcoffset() is not None:
        return moment.astimezone(zone)
    return timezone.localtime(moment, zone)


def zone_name() -> str:
    """The reader's time zone as a person reads its name ("America/Los Angeles"), to say which
    clock a time is on when she may pass it on to someone in another zone."""
    return timezone.get_current_timezone_name().replace("_", " ")


#: The forms :func:`short_month` writes with.
MONTHS_SHORT = ("b Y", "M Y")


def warm(languages: Iterable[str], forms: Iterable[str] = ()) -> None:
    """Read every language's names and every format (``forms`` as templates name them, and
    :data:`NAMED`) in every language, so that no request is the first to."""
    asked = (*NAMED, *MONTHS_SHORT, *forms)
    for language in languages:
        names(language)
        with translation.override(language):
            for form in asked:
                plan(str(get_format(form)))


def forget() -> None:
    """Forget the tables (a test that changes the translations or the formats)."""
    names.cache_clear()
    plan.cache_clear()
