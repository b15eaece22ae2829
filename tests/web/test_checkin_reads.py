"""The check-in page reads her week and the one her partner shared with her in one statement
(``together.access.checkins_of_two``, issue 15's fourteenth pass), where it read them with two
(``CHECKIN_OF`` and ``PARTNER_CHECKIN``). Held here to the two reads over random histories of
both partners and of others beside them: weeks kept, shared in this partnership and in an
earlier one, the week asked, the one before and the one after, for each of the two."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from interdepend.web.partners.access import access_active_partnership
from interdepend.web.partners.models import Partnership
from interdepend.web.together import access, selectors
from interdepend.web.together.models import ITEMS, CheckIn
from tests.conftest import Personas
from tests.helpers import as_user

pytestmark = pytest.mark.django_db


def _row(found: CheckIn | None) -> tuple[object, ...] | None:
    if found is None:
        return None
    return tuple(getattr(found, f.attname) for f in CheckIn._meta.concrete_fields)


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
                assert _row(hers) == _row(access.CHECKIN_OF.first(user_id=user.pk, week=week))
                assert _row(his) == _row(
                    access.PARTNER_CHECKIN.first(
                        owner_id=active.partner.pk,
                        partnership_id=active.partnership.pk,
                        since=since,
                    )
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
    assert "A &lt;walk&gt; &amp; quiet" in page
    assert "You already checked in this week." in page
