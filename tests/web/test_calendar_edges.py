"""The calendar's edges as a couple meets them: ISO week 53 of 2026 (Monday 28 December to
Sunday 3 January), the turn of the year, and partners in the zones furthest apart
(Pacific/Kiritimati, UTC+14, and Pacific/Pago_Pago, UTC-11), whose days and weeks begin 25
hours apart. Each test pins the moment by patching ``timezone.now``, as the rest of the suite
does (``test_time_zones_two.py``), so that it reads the same on whatever day it runs.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db.models import Model
from django.urls import reverse
from django.utils import timezone

from interdepend.web.accounts import services as accounts
from interdepend.web.accounts.models import User
from interdepend.web.daily.models import DailyAnswer
from interdepend.web.together import services as together
from interdepend.web.together.models import CheckIn, Commitment
from tests.conftest import Personas
from tests.helpers import FORM_TOKEN, active_partnership, as_user

pytestmark = pytest.mark.django_db

AHEAD, BEHIND = "Pacific/Kiritimati", "Pacific/Pago_Pago"

#: Sunday 3 January 2027 at 12:30 in Pago Pago (the last day of ISO week 53 of 2026) is
#: Monday 4 January at 13:30 in Kiritimati (the first day of week 1 of 2027).
SUNDAY_BEHIND = datetime(2027, 1, 3, 23, 30, tzinfo=UTC)
WEEK_53, WEEK_1 = date(2026, 12, 28), date(2027, 1, 4)


def pinned(monkeypatch: pytest.MonkeyPatch, moment: datetime) -> None:
    monkeypatch.setattr(timezone, "now", lambda: moment)


def far_apart(personas: Personas) -> tuple[User, User]:
    """Alice a day behind (Pago Pago), Bob a day ahead (Kiritimati), partners."""
    accounts.user_time_zone_set(user=personas.alice, zone=BEHIND)
    accounts.user_time_zone_set(user=personas.bob, zone=AHEAD)
    personas.alice.refresh_from_db()
    personas.bob.refresh_from_db()
    return personas.alice, personas.bob


def shared_week(person: User, week: date, need: str) -> None:
    together.checkin_save(
        owner=person,
        week=week,
        values={"close": 5},
        need=need,
        shared=True,
        partnership=active_partnership(person).partnership,
    )


def days(model: type[Model], owner: User, field: str) -> list[str]:
    return [
        str(day) for day in model._default_manager.filter(owner=owner).values_list(field, flat=True)
    ]


def checkin_page(person: User) -> str:
    return as_user(person).get(reverse("together:checkin")).content.decode()


def test_what_the_partner_needs_for_the_week_he_has_begun_is_told_as_now(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On her Sunday his new week has begun and he has shared it: what he needs for it is
    now, not "that week". The words follow her week alone, so his time zone, which nobody
    else sees, does not show through them: the page is the same wherever he lives."""
    alice, bob = far_apart(personas)
    CheckIn.objects.filter(owner__in=[alice, bob]).delete()  # the fixtures' are of today's week
    pinned(monkeypatch, SUNDAY_BEHIND)
    shared_week(bob, WEEK_1, "An evening to myself")
    hers = checkin_page(alice)
    assert '<input type="hidden" name="week" value="2026-12-28">' in hers
    assert "Shared with you for the week starting 4 January" in hers
    assert "What <bdi>Bob</bdi> needs this week" in hers and "needed that week" not in hers
    for zone in (BEHIND, "UTC", "Europe/Madrid"):
        accounts.user_time_zone_set(user=bob, zone=zone)
        assert FORM_TOKEN.sub("", checkin_page(alice)) == FORM_TOKEN.sub("", hers), zone
    # On her next Monday but one, his week 1 is the week before hers.
    pinned(monkeypatch, SUNDAY_BEHIND + timedelta(days=8))
    later = checkin_page(alice)
    assert "What <bdi>Bob</bdi> needed that week" in later and "needs this week" not in later


def test_the_goal_bars_say_the_year_of_last_years_weeks_in_the_first_days_of_january(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On Saturday 2 January 2027 this week began on Monday 28 December 2026: the bars under
    her goals end with it, and their weeks say their year, as the check-ins' lines beside
    them do ("28 Dec" read as this December, eleven months away)."""
    carol = personas.carol
    CheckIn.objects.filter(owner=carol).delete()  # the fixtures' is of today's week
    pinned(monkeypatch, datetime(2027, 1, 2, 12, 0, tzinfo=UTC))
    goal = together.goal_create(owner=carol, partnership=None, title="Clay", detail="", idem_key="")
    for n, day in enumerate((date(2026, 12, 8), date(2026, 12, 29))):
        note = together.goal_note_add(goal=goal, author=carol, text="A bowl", idem_key=f"n{n}")
        type(note).objects.filter(pk=note.pk).update(
            created_at=datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=18)
        )
    together.checkin_save(
        owner=carol, week=WEEK_53, values={"close": 5}, need="", shared=False, partnership=None
    )
    client = as_user(carol)
    bars = client.get(reverse("together:balance_svg")).content.decode()
    assert ">Dec 2026<" in bars and ">28 Dec<" not in bars and ">7 Dec<" not in bars
    lines = client.get(reverse("together:mine_svg")).content.decode()
    assert ">28 Dec 2026<" in lines  # one week: its whole date, with its year
    # A week later the bars span the two years, and say so as before.
    pinned(monkeypatch, datetime(2027, 1, 9, 12, 0, tzinfo=UTC))
    bars = as_user(carol).get(reverse("together:balance_svg")).content.decode()
    assert ">Dec 2026<" in bars and ">Jan 2027<" in bars


#: 00:20 on Friday 1 January 2027 in Kiritimati is 10:20 on Thursday 31 December in UTC, and
#: 23:20 on Wednesday 30 December in Pago Pago.
NEW_YEAR_AHEAD = datetime(2026, 12, 31, 10, 20, tzinfo=UTC)


def test_the_turn_of_the_year_comes_at_her_midnight_for_the_question_and_the_promises(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Twenty minutes into her new year (UTC still in the old one), the question she opened
    on 31 December keeps its day, a promise can no longer be due on 31 December, and the
    furthest day a promise may have is five years from her day, not from UTC's."""
    carol = personas.carol
    accounts.user_time_zone_set(user=carol, zone=AHEAD)
    carol.refresh_from_db()
    DailyAnswer.objects.filter(owner=carol).delete()
    Commitment.objects.filter(owner=carol).delete()
    pinned(monkeypatch, NEW_YEAR_AHEAD)
    client = as_user(carol)
    saved = client.post(reverse("daily:today"), {"text": "Fireworks.", "day": "2026-12-31"})
    assert saved.status_code == 302
    assert days(DailyAnswer, carol, "day") == ["2026-12-31"]
    page = client.get(reverse("together:commitments")).content.decode()
    assert 'min="2027-01-01"' in page and 'max="2032-01-01"' in page
    for due, status, words in (
        ("2026-12-31", 400, "Please choose today or a day still to come."),
        ("2032-01-02", 400, "Please choose 1 January 2032 or an earlier day."),
        ("2027-01-01", 302, ""),
    ):
        sent = client.post(reverse("together:commitments"), {"text": "Call", "due_on": due})
        assert sent.status_code == status and words in sent.content.decode(), due
    assert days(Commitment, carol, "due_on") == ["2027-01-01"]


def test_a_check_in_opened_in_week_53_and_sent_on_her_new_years_monday_keeps_week_53(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sunday 3 January 2027 is the last day of the week that began on 28 December 2026: a
    page opened then and sent just after her Monday began is kept for that week; sent that
    afternoon, nothing is saved and her answers wait under the new week's."""
    alice, _bob = far_apart(personas)
    CheckIn.objects.filter(owner=alice).delete()
    form = {"close": "6", "need": "Sleep", "week": WEEK_53.isoformat()}
    # 00:10 on Monday 4 January in Pago Pago.
    pinned(monkeypatch, datetime(2027, 1, 4, 11, 10, tzinfo=UTC))
    assert as_user(alice).post(reverse("together:checkin"), form).status_code == 302
    assert days(CheckIn, alice, "week") == ["2026-12-28"]
    # 14:10 the same Monday: too late for week 53.
    pinned(monkeypatch, datetime(2027, 1, 5, 1, 10, tzinfo=UTC))
    late = as_user(alice).post(reverse("together:checkin"), {**form, "need": "Rest"})
    assert late.status_code == 409 and "Rest" in late.content.decode()
    assert 'name="week" value="2027-01-04"' in late.content.decode()
    assert days(CheckIn, alice, "week") == ["2026-12-28"]
