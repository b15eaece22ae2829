"""Dates written from a table of names per language (frame.dates) are exactly what Django's
``date`` filter writes, for every format a template names, in every language."""

from __future__ import annotations

import datetime
import re
import zoneinfo
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.conf import settings
from django.template import Context, Template
from django.template.defaultfilters import date as django_date
from django.utils import timezone, translation
from django.utils.formats import get_format
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from interdepend.web.frame import dates
from interdepend.web.frame.templatetags import fasttags

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "interdepend"
#: Every format our templates give the filter, read from their text.
USED = sorted(
    {
        form
        for page in TEMPLATES.rglob("*.html")
        for form in re.findall(r"""\|date:["']([^"']*)["']""", page.read_text(encoding="utf-8"))
    }
    # and every format the parts drawn in Python name as they write a date (pastdays' weekday)
    | {
        form
        for part in TEMPLATES.rglob("templatetags/*.py")
        for form in re.findall(r"""dates\.write\([^,]+, "([^"]*)"\)""", part.read_text())
    }
)
FORMS = sorted(
    {*USED, *dates.NAMED, "", "D d M N E y n b", "G:s", "l", "jS F", r"\Y\e\s Y", "P", "e", "r"}
)
LANGUAGES = [code for code, _name in settings.LANGUAGES]
ZONES = [None, datetime.UTC, zoneinfo.ZoneInfo("America/Mexico_City")]


def test_the_templates_name_formats_we_write_ourselves() -> None:
    # The ones read here, not sent on to Django (a test of the point, not only of equality).
    assert {"DATE_FORMAT", "DATETIME_FORMAT", "Y-m-d", "l"} <= set(USED)
    for language in LANGUAGES:
        with translation.override(language):
            for form in USED:
                assert dates.plan(str(get_format(form))) is not None, (language, form)


@hypothesis_settings(max_examples=300, deadline=None)
@given(
    st.datetimes(min_value=datetime.datetime(1, 1, 1), max_value=datetime.datetime(9999, 12, 31)),
    st.sampled_from(ZONES),
    st.booleans(),
    st.sampled_from(FORMS),
    st.sampled_from(LANGUAGES),
)
def test_a_date_is_written_as_django_writes_it(
    moment: datetime.datetime,
    zone: datetime.tzinfo | None,
    day_only: bool,
    form: str,
    language: str,
) -> None:
    value: datetime.date = moment.date() if day_only else moment.replace(tzinfo=zone)
    with translation.override(language):
        expected = _said(django_date, value, form or None)
        assert _said(dates.write, value, form or None) == expected
        assert _said(fasttags.date, value, form or None) == expected


def _said(writer: Any, value: object, form: str | None) -> str:
    """What a writer writes, or the kind of its refusal (a time asked of a day)."""
    try:
        return str(writer(value, form))
    except TypeError as refused:
        return f"refused: {refused}"


def test_a_time_asked_of_a_day_and_values_of_other_kinds_go_to_django() -> None:
    day = datetime.date(2026, 3, 4)
    assert _said(dates.write, day, "H:i") == _said(django_date, day, "H:i")
    assert _said(dates.write, day, "H:i").startswith("refused")
    others: list[Any] = ["Yes", 3, datetime.time(13, 5)]
    for value in others:
        assert dates.write(value, "H:i") == str(django_date(value, "H:i"))


def test_every_language_s_names_are_read_once_before_a_request() -> None:
    dates.forget()
    dates.warm(LANGUAGES, ["Y-m-d"])
    assert dates.names.cache_info().currsize == len(LANGUAGES)
    planned = dates.plan.cache_info().currsize
    with translation.override("es"):
        assert dates.write(datetime.date(2026, 3, 4)) == "4 de marzo de 2026"
        assert dates.write(datetime.date(2026, 3, 4), "Y-m-d") == "2026-03-04"
    # Nothing new was read for a date the worker had not written before.
    assert dates.names.cache_info().currsize == len(LANGUAGES)
    assert dates.plan.cache_info().currsize == planned


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_month_is_named_in_the_reader_s_language(language: str) -> None:
    with translation.override(language):
        said = dates.write(datetime.date(2026, 5, 1), "F")
    assert said == {"en": "May", "es": "mayo"}[language]


# A day with its year when it is not this year (the time audit, L1) ----------------------------


@pytest.mark.parametrize(
    ("language", "this_year", "other_year"),
    [
        ("en", "21 November", "21 November 2025"),
        ("es", "21 de noviembre", "21 de noviembre de 2025"),
    ],
)
def test_a_day_of_another_year_is_written_with_its_year(
    language: str, this_year: str, other_year: str
) -> None:
    with translation.override(language):
        assert dates.month_day(datetime.date(2026, 11, 21), datetime.date(2026, 12, 3)) == this_year
        assert (
            dates.month_day(datetime.date(2025, 11, 21), datetime.date(2026, 12, 3)) == other_year
        )
        # A coming day of next year is not this year's either.
        said = dates.month_day(datetime.date(2027, 11, 21), datetime.date(2026, 12, 3))
        assert said == other_year.replace("2025", "2027")


def test_the_year_is_the_readers_where_she_is() -> None:
    """At 00:30 on 1 January 2027 in Tokyo, a bid of 23:00 the evening before is last year's
    there; in New York, at the same instant, it is still this year's."""
    now = datetime.datetime(2026, 12, 31, 15, 30, tzinfo=datetime.UTC)
    made = datetime.datetime(2026, 12, 31, 14, 0, tzinfo=datetime.UTC)
    page = Template("{{ made|month_day }}")
    said = {}
    for name in ("Asia/Tokyo", "America/New_York"):
        with (
            translation.override("en"),
            timezone.override(zoneinfo.ZoneInfo(name)),
            mock.patch.object(timezone, "now", return_value=now),
        ):
            said[name] = page.render(Context({"made": made}))
    assert said == {"Asia/Tokyo": "31 December 2026", "America/New_York": "31 December"}


@pytest.mark.parametrize(("language", "said"), [("en", "Dec 2026"), ("es", "dic 2026")])
def test_a_month_is_written_as_the_languages_short_dates_write_it(language: str, said: str) -> None:
    """Django's "M" is capitalised in every language ("Dic"), and this module writes "M" as
    Django does, so the bids table's month takes the letter of the language's short dates."""
    with translation.override(language):
        assert fasttags.short_month(datetime.date(2026, 12, 1)) == said
        day = dates.write(datetime.date(2026, 12, 1), "SHORT_DATE_FORMAT")
    assert day.endswith(said)
