"""The check-in page reads her week and the one her partner shared with her in one statement
(``together.access.checkins_of_two``, issue 15's fourteenth pass), where it read them with two
(``checkin_of`` and ``partner_checkin_rule``). Held here to the two reads over random histories of
both partners and of others beside them: weeks kept, shared in this partnership and in an
earlier one, the week asked, the one before and the one after, for each of the two.

Since issue 15's seventeenth pass the page reads them, and whether her weekly reminder is on,
in one hand-written statement (``together.access.weeks_and_reminder``), held here to the rule
built by the ORM (``checkins_of_two``), to ``checkin_of`` for a person alone and to
``reminder_is_on``, each check-in field by field and of the same types."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from interdepend.web.accounts.models import User
from interdepend.web.partners.access import access_active_partnership
from interdepend.web.partners.models import Partnership
from interdepend.web.together import access, selectors
from interdepend.web.together.models import ITEMS, CheckIn, Reminder
from interdepend.web.together.reminders import reminder_is_on
from tests.conftest import Personas
from tests.helpers import as_user

pytestmark = pytest.mark.django_db


def _row(found: CheckIn | None) -> tuple[object, ...] | None:
    """Each field's value and its type (a week read back as text, or a moment without its
    zone, is not the ORM's check-in)."""
    if found is None:
        return None
    values = [getattr(found, f.attname) for f in CheckIn._meta.concrete_fields]
    return (*values, *(type(value) for value in values), found._state.db, found._state.adding)


def _reminders(personas: Personas, rng: random.Random) -> None:
    """No row, a row turned off or one turned on, for each person, at random."""
    Reminder.objects.all().delete()
    for person in (personas.alice, personas.bob, personas.carol, personas.dave):
        choice = rng.choice([None, False, True])
        if choice is not None:
            Reminder.objects.create(owner=person, weekly_checkin=choice)


def _held_to_the_rules(user: User, week: date) -> None:
    """``weeks_and_reminder`` for this person and week, in one statement, equal to the rules."""
    active = access_active_partnership(user)
    since = week - timedelta(weeks=1)
    with CaptureQueriesContext(connection) as read:
        hers, his, on = access.weeks_and_reminder(user.pk, week, active, since)
    assert len(read.captured_queries) == 1
    assert on is reminder_is_on(user)
    assert _row(hers) == _row(access.checkin_of(user.pk, week))
    if active is None:
        assert his is None
        return
    rule_hers, rule_his = access.checkins_of_two(
        user.pk, week, active.partner.pk, active.partnership.pk, since
    )
    assert _row(hers) == _row(rule_hers)
    assert _row(his) == _row(rule_his)
    assert _row(his) == _row(
        access.partner_checkin_rule(active.partner.pk, active.partnership.pk, since)
    )


def _history(personas: Personas, rng: random.Random, monday: date) -> None:
    CheckIn.objects.all().delete()
    people = [personas.alice, personas.bob, personas.carol, personas.dave]
    partnerships = [None, *Partnership.objects.values_list("pk", flat=True)]
    for person in people:
        for back in range(-2, 6):
            if rng.random() < 0.55:
                CheckIn.objects.create(
                    owner=person,
                    week=monday - timedelta(weeks=back),
                    partnership_id=rng.choice(partnerships),
                    shared=rng.random() < 0.6,
                    need=rng.choice(["", "rest", "<b>&amp;"]),
                    **{item: rng.choice([None, 1, 4, 7]) for item in ITEMS},
                )


def test_her_week_and_his_are_read_in_one_statement_as_in_two(personas: Personas) -> None:
    rng = random.Random(15)
    monday = selectors.this_week()
    compared = 0
    for _ in range(25):
        _history(personas, rng, monday)
        for user in (personas.alice, personas.bob):
            active = access_active_partnership(user)
            assert active is not None
            for week in (monday - timedelta(weeks=n) for n in (-1, 0, 1, 2)):
                since = week - timedelta(weeks=1)
                with CaptureQueriesContext(connection) as read:
                    hers, his = access.checkins_of_two(
                        user.pk, week, active.partner.pk, active.partnership.pk, since
                    )
                assert len(read.captured_queries) == 1
                assert _row(hers) == _row(access.checkin_of(user.pk, week))
                assert _row(his) == _row(
                    access.partner_checkin_rule(active.partner.pk, active.partnership.pk, since)
                )
                compared += 1
    assert compared == 200
    # The histories held weeks of each kind on both sides.
    assert CheckIn.objects.filter(shared=True).exists()


def test_the_check_in_page_reads_the_two_weeks_in_one_statement(personas: Personas) -> None:
    monday = selectors.this_week()
    active = access_active_partnership(personas.alice)
    assert active is not None
    CheckIn.objects.all().delete()
    CheckIn.objects.create(owner=personas.alice, week=monday, own_time=3)
    CheckIn.objects.create(
        owner=personas.bob,
        week=monday,
        partnership_id=active.partnership.pk,
        shared=True,
        need="A <walk> & quiet",
        close=6,
    )
    client = as_user(personas.alice)
    client.get(reverse("together:checkin"))
    with CaptureQueriesContext(connection) as read:
        page = client.get(reverse("together:checkin")).content.decode()
    weeks = [q["sql"] for q in read.captured_queries if '"together_checkin"' in q["sql"]]
    assert len(weeks) == 1, weeks
    # Whether her reminder is on is read in the same statement, not in one of its own.
    reminders = [q["sql"] for q in read.captured_queries if '"together_reminder"' in q["sql"]]
    assert reminders == weeks
    assert "A &lt;walk&gt; &amp; quiet" in page
    assert "You already checked in this week." in page


def test_her_weeks_and_her_reminder_are_read_in_one_statement_as_by_the_rules(
    personas: Personas,
) -> None:
    """Linked (Alice, Bob) and alone (Carol, Dave), with and without a reminder, over random
    histories of everyone's weeks and reminders: one statement, the rules' answers."""
    rng = random.Random(64)
    monday = selectors.this_week()
    assert access_active_partnership(personas.carol) is None
    compared = 0
    seen_on = set()
    for _ in range(20):
        _history(personas, rng, monday)
        _reminders(personas, rng)
        for user in (personas.alice, personas.bob, personas.carol, personas.dave):
            seen_on.add(reminder_is_on(user))
            for week in (monday - timedelta(weeks=n) for n in (-1, 0, 1, 2)):
                _held_to_the_rules(user, week)
                compared += 1
    assert compared == 320
    assert seen_on == {True, False}


def test_the_read_answers_with_no_check_in_and_no_reminder_anywhere(personas: Personas) -> None:
    CheckIn.objects.all().delete()
    Reminder.objects.all().delete()
    for user in (personas.alice, personas.carol):
        hers, his, on = access.weeks_and_reminder(
            user.pk, selectors.this_week(), access_active_partnership(user), date(2000, 1, 3)
        )
        assert (hers, his, on) == (None, None, False)
    # Only her own reminder counts, never one of the partner's or of anyone else.
    for person in (personas.bob, personas.carol, personas.dave):
        Reminder.objects.create(owner=person, weekly_checkin=True)
    assert not access.weeks_and_reminder(
        personas.alice.pk,
        selectors.this_week(),
        access_active_partnership(personas.alice),
        date(2000, 1, 3),
    )[2]


@hypothesis_settings(
    max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None
)
@given(
    weeks=st.lists(
        st.tuples(
            st.sampled_from(["alice", "bob", "carol"]),
            st.integers(min_value=-2, max_value=4),
            st.booleans(),
            st.booleans(),
            # Any words a form lets through: every character but NUL, which no form accepts
            # and PostgreSQL cannot store.
            st.text(st.characters(exclude_characters="\x00", codec="utf-8"), max_size=12),
        ),
        max_size=12,
    ),
    reminders=st.tuples(*(st.sampled_from([None, False, True]) for _ in range(3))),
    back=st.integers(min_value=-1, max_value=3),
)
def test_her_weeks_and_her_reminder_equal_the_rules_over_any_history(
    personas: Personas,
    weeks: list[tuple[str, int, bool, bool, str]],
    reminders: tuple[bool | None, ...],
    back: int,
) -> None:
    """Any weeks of Alice, Bob and Carol (shared or not, in their partnership or none, words of
    any kind), any reminders: each of the three, at any week, read as the rules read."""
    CheckIn.objects.all().delete()
    Reminder.objects.all().delete()
    people = {"alice": personas.alice, "bob": personas.bob, "carol": personas.carol}
    active = access_active_partnership(personas.alice)
    assert active is not None
    monday = selectors.this_week()
    made = set()
    for name, weeks_back, shared, within, need in weeks:
        if (name, weeks_back) in made:
            continue  # one check-in a week for each person
        made.add((name, weeks_back))
        CheckIn.objects.create(
            owner=people[name],
            week=monday - timedelta(weeks=weeks_back),
            partnership_id=active.partnership.pk if within and name != "carol" else None,
            shared=shared,
            need=need,
            own_time=weeks_back + 3,
        )
    for person, on in zip(people.values(), reminders, strict=True):
        if on is not None:
            Reminder.objects.create(owner=person, weekly_checkin=on)
    for person in people.values():
        _held_to_the_rules(person, monday - timedelta(weeks=back))
