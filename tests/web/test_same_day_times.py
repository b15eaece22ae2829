"""Two results, or two journal entries, of one day can be told apart (the time audit of
2026-12-03, L2): "Your earlier results" listed "3 December 2026" twice, a result taken at 21:00
read "Since 3 December 2026" of one taken that morning, and two entries of one day had the same
heading and the same link name. Times are the reader's, in her own zone."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from interdepend.web.accounts import services as account_services
from interdepend.web.assessment.demo import complete_attempt, profile_answers
from interdepend.web.assessment.selectors import inventory
from interdepend.web.journal import services as journal
from interdepend.web.journal.idle import JOURNAL_SEEN_KEY
from interdepend.web.journal.models import Entry
from tests.conftest import Personas
from tests.helpers import as_user, password_confirmed

pytestmark = pytest.mark.django_db

TOKYO = ZoneInfo("Asia/Tokyo")


def _at(hour: int, minute: int = 0) -> datetime:
    """Yesterday in Tokyo at this hour."""
    day = timezone.localdate(timezone.now(), TOKYO) - timedelta(days=1)
    return datetime.combine(day, time(hour, minute), tzinfo=TOKYO)


def _day(moment: datetime) -> str:
    local = moment.astimezone(TOKYO)
    return f"{local.day} {local:%B} {local.year}"


def test_two_results_of_one_day_say_their_times(personas: Personas) -> None:
    erin = personas.erin
    account_services.user_time_zone_set(user=erin, zone="Asia/Tokyo")
    answers = profile_answers(inventory(), {"self": 6, "bond": 6, "enmeshment": 2, "distance": 2})
    morning, evening = _at(9), _at(21)
    taken = []
    for seed, moment in enumerate((morning, evening)):
        attempt = complete_attempt(erin, answers, days_ago=1, seed=seed)
        type(attempt).objects.filter(pk=attempt.pk).update(completed_at=moment)
        taken.append(attempt)
    client = as_user(erin)
    newest = client.get(reverse("assessment:results", args=[taken[1].public_id]))
    page = newest.content.decode()
    assert f"Taken {_day(evening)}, 21:00" in page
    assert f"Since {_day(morning)}, 09:00" in page
    overview = client.get(reverse("assessment:overview")).content.decode()
    links = re.findall(r'<a class="tap" href="/me/assessment/[^"]+/results/">([^<]+)</a>', overview)
    assert len(links) == len(set(links)), links


def test_two_journal_entries_of_one_day_say_their_times_and_a_lone_one_its_day(
    personas: Personas,
) -> None:
    erin = personas.erin
    account_services.user_time_zone_set(user=erin, zone="Asia/Tokyo")
    moments = {"morning": _at(8, 5), "night": _at(23, 50), "before": _at(12) - timedelta(days=2)}
    made = {}
    for body, moment in moments.items():
        entry = journal.entry_create(owner=erin, body=body, prompt_key="", idem_key="")
        Entry.objects.filter(pk=entry.pk).update(created_at=moment, updated_at=moment)
        made[body] = entry
    client = as_user(erin)
    home = client.get(reverse("journal:home")).content.decode()
    names = re.findall(r"the entry of ([^<]+)</span>", home)
    day = _day(moments["morning"])
    assert sorted(names) == sorted([f"{day}, 08:05", f"{day}, 23:50", _day(moments["before"])]), (
        names
    )
    heading = client.get(reverse("journal:entry", args=[made["night"].public_id])).content.decode()
    assert f"Entry of {day}, 23:50</h1>" in heading
    lone = client.get(reverse("journal:entry", args=[made["before"].public_id])).content.decode()
    assert f"Entry of {_day(moments['before'])}</h1>" in lone


def test_the_password_page_names_an_entry_of_a_shared_day_by_its_time(personas: Personas) -> None:
    """She types her password for one entry, and the page says which, even on a day of two."""
    erin = personas.erin
    account_services.user_time_zone_set(user=erin, zone="Asia/Tokyo")
    made = []
    for body, moment in (("first", _at(8, 5)), ("second", _at(23, 50))):
        entry = journal.entry_create(owner=erin, body=body, prompt_key="", idem_key="")
        Entry.objects.filter(pk=entry.pk).update(created_at=moment, updated_at=moment)
        made.append(entry)
    phone = password_confirmed(as_user(erin), seconds_ago=0)
    session = phone.session
    session[JOURNAL_SEEN_KEY] = timezone.now().timestamp()
    session.save()
    url = reverse("journal:delete", args=[made[1].public_id])
    body = phone.post(url, {}, HTTP_HX_REQUEST="true").content.decode()
    assert f"journal entry of {_day(_at(23, 50))}, 23:50 for good" in body
