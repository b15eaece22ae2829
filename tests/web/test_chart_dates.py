"""Dates under a chart are written as the page's language writes them (the walk audit, finding
10): "30 nov 2026" on a Spanish page, as its short dates are, not English's "30 Nov 2026"."""

from __future__ import annotations

from datetime import date
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from interdepend.web.together.services import checkin_save
from tests.conftest import Personas
from tests.helpers import as_user

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 11, 30)


@pytest.mark.parametrize(
    ("language", "shown", "not_shown"),
    [("en", "30 Nov 2026", "30 nov 2026"), ("es", "30 nov 2026", "30 Nov 2026")],
)
def test_a_weeks_date_under_a_chart_follows_the_pages_language(
    personas: Personas, language: str, shown: str, not_shown: str
) -> None:
    erin = personas.erin
    erin.language = language
    erin.save(update_fields=["language"])
    values: dict[str, int | None] = {"own_time": 5, "supported": 4}
    checkin_save(owner=erin, week=MONDAY, values=values, need="", shared=False, partnership=None)
    # Drawn as on a day of its week's year: the chart shows only recent weeks, so once the
    # real day moved on the week fell out of it (the faketime run of 2026-12-05).
    with mock.patch.object(timezone, "localdate", return_value=date(2026, 12, 2)):
        svg = as_user(erin).get(reverse("together:mine_svg")).content.decode()
    assert shown in svg and not_shown not in svg


def test_the_first_and_last_weeks_are_in_the_pages_language_too(personas: Personas) -> None:
    erin = personas.erin
    erin.language = "es"
    erin.save(update_fields=["language"])
    for week in (date(2026, 10, 5), MONDAY):
        checkin_save(
            owner=erin, week=week, values={"voice": 4}, need="", shared=False, partnership=None
        )
    # Weeks of this year are written without it: the chart is drawn as on a day of 2026 (the
    # test failed once the real year moved on, as the faketime run of 2026-12-04 showed).
    with mock.patch.object(timezone, "localdate", return_value=date(2026, 12, 2)):
        svg = as_user(erin).get(reverse("together:mine_svg")).content.decode()
    assert ">5 oct<" in svg and ">30 nov<" in svg and "Nov" not in svg
