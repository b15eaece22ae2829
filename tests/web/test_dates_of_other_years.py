"""A date of another year says its year (the time audit of 2026-12-03, L1 and L5): a bid from
last November read "21 November" in December, as if it were a fortnight old; a talk item of
last year looked like next week's; and the Spanish bids table wrote its months with a capital."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from interdepend.web.daily.models import TalkItem
from interdepend.web.frame import dates
from interdepend.web.together.models import Bid
from interdepend.web.together.selectors import this_week
from interdepend.web.together.services import checkin_save
from tests.conftest import Personas
from tests.helpers import as_user

pytestmark = pytest.mark.django_db


def _a_year_ago() -> datetime:
    return timezone.now() - timedelta(days=380)


def test_a_bid_of_another_year_says_its_year(personas: Personas) -> None:
    then = _a_year_ago()
    Bid.objects.filter(public_id=personas.together["bid"]).update(created_at=then)
    page = as_user(personas.bob).get(reverse("together:bids")).content.decode()
    day = timezone.localtime(then)
    assert f"{day.day} {day:%B} {day.year}" in page


def test_a_bid_of_this_year_says_no_year(personas: Personas) -> None:
    now = timezone.localtime()
    page = as_user(personas.bob).get(reverse("together:bids")).content.decode()
    assert f" · {now.day} {now:%B}" in page
    assert f" · {now.day} {now:%B} {now.year}" not in page


@pytest.mark.parametrize("where", ["daily:today", "couple:home"])
def test_a_talk_item_of_another_year_says_its_year(personas: Personas, where: str) -> None:
    day = timezone.localdate() - timedelta(days=380)
    TalkItem.objects.filter(public_id=personas.daily["talk"]).update(day=day)
    page = as_user(personas.alice).get(reverse(where)).content.decode()
    assert f'<span class="hint">{day.day} {day:%B} {day.year}</span>' in page


def test_the_weeks_under_a_chart_of_last_years_check_ins_say_their_year(
    personas: Personas,
) -> None:
    erin = personas.erin
    weeks = [this_week() - timedelta(weeks=60), this_week() - timedelta(weeks=58)]
    if weeks[0].year != weeks[1].year or weeks[1].year == timezone.localdate().year:
        weeks = [w - timedelta(weeks=4) for w in weeks]
    for week in weeks:
        checkin_save(
            owner=erin, week=week, values={"voice": 4}, need="", shared=False, partnership=None
        )
    svg = as_user(erin).get(reverse("together:mine_svg")).content.decode()
    assert f">{weeks[0]:%b} {weeks[0].year}<" in svg


def test_the_spanish_bids_table_writes_its_months_in_small_letters(personas: Personas) -> None:
    bob = personas.bob
    bob.language = "es"
    bob.save(update_fields=["language"])
    page = as_user(bob).get(reverse("together:bids")).content.decode()
    month = timezone.localdate().replace(day=1)
    with translation.override("es"):
        said = dates.write(month, "b Y")
    assert f'<th scope="row" class="nowrap">{said}</th>' in page
    assert said == said.lower()
