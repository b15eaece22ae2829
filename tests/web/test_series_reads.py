"""Trends and bid history are read as plain values; they must equal the rule over model objects.

:func:`couple_series` and :func:`own_series` read only the columns they draw. Here each is held
equal to the earlier formulation (:func:`overall_by_person` and :func:`item_series` over the
check-in objects) on random histories: gaps, unanswered items, unshared weeks and weeks older
than the window.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, datetime, timedelta

import pytest
from django.db.models import Count
from django.utils import timezone

from interdepend.web.accounts.models import User
from interdepend.web.partners.access import ActivePartnership, access_active_partnership
from interdepend.web.together import selectors, services
from interdepend.web.together.access import couple_bids, couple_checkins, own_checkins
from interdepend.web.together.models import ITEMS, Bid, BidAnswer
from tests.conftest import Personas
from tests.helpers import bid_months_by_the_orm

pytestmark = pytest.mark.django_db


def test_the_series_equal_the_rule_over_check_in_objects(personas: Personas) -> None:
    alice, bob = personas.alice, personas.bob
    active = access_active_partnership(alice)
    assert active is not None
    rng = random.Random(15)
    monday = selectors.this_week()

    def check_in(person: User, weeks_ago: int) -> None:
        values = {item: rng.choice([None, 1, 2, 3, 4, 5, 6, 7]) for item in ITEMS}
        services.checkin_save(
            owner=person,
            week=monday - timedelta(weeks=weeks_ago),
            values=values,
            need="",
            shared=rng.random() < 0.8,
            partnership=active.partnership,
        )

    def same() -> None:
        for person in (alice, bob):
            mine = access_active_partnership(person)
            assert mine is not None
            checkins = list(selectors._recent(couple_checkins(mine)))
            expected = selectors.overall_by_person(checkins, [person, mine.partner])
            assert selectors.couple_series(person, mine) == expected
            own = selectors.item_series(list(selectors._recent(own_checkins(person))))
            assert selectors.own_series(person) == own
            # Trends reads both in one statement: each half the same.
            assert selectors.trend_series(person, mine) == (own, expected)

    same()  # nothing yet
    for weeks_ago in rng.sample(range(selectors.TREND_WEEKS + 20), 60):
        check_in(alice, weeks_ago)
    same()
    for weeks_ago in rng.sample(range(selectors.TREND_WEEKS + 20), 70):
        check_in(bob, weeks_ago)
    same()


def test_the_bid_months_read_as_values_equal_the_rule_over_bid_objects(
    personas: Personas,
) -> None:
    alice, bob = personas.alice, personas.bob
    active = access_active_partnership(alice)
    assert active is not None
    rng = random.Random(6)
    now = timezone.now()

    def same() -> None:
        for months in (1, 3, 6):
            expected = selectors.bid_months(couple_bids(active), months)
            assert selectors.couple_bid_months(active, months) == expected

    same()  # no bid yet
    # Twenty months back with gaps of whole months, answered and not, at any hour.
    for n in range(90):
        days = rng.choice([d for d in range(600) if (d // 30) % 4 != 2])
        bid = Bid.objects.create(  # written directly: a history, not ten waiting at a time
            owner=rng.choice([alice, bob]),
            partnership=active.partnership,
            text=f"bid {n}",
            idem_key=f"bid-{n}",
        )
        answer = rng.choice(["", *BidAnswer.values])
        Bid.objects.filter(pk=bid.pk).update(
            created_at=now - timedelta(days=days, minutes=rng.randrange(1440)), answer=answer
        )
        if n % 15 == 0:
            same()
    same()


def _bid_month_by_the_orm(active: ActivePartnership, moment: datetime) -> selectors.BidMonth:
    """The rule of one month's row (``selectors.partnership_and_bid_month``) as the queryset
    it had, built on each call."""
    zone = timezone.get_current_timezone()
    month = timezone.localtime(moment, zone).date().replace(day=1)
    start = datetime(month.year, month.month, 1, tzinfo=zone)
    end = datetime(month.year + month.month // 12, month.month % 12 + 1, 1, tzinfo=zone)
    counted = Counter(
        dict(
            couple_bids(active)
            .filter(created_at__gte=start, created_at__lt=end)
            .values("answer")
            .annotate(n=Count("pk"))
            .values_list("answer", "n")
        )
    )
    return selectors.BidMonth(
        month=month,
        sent=sum(counted.values()),
        yes_now=counted[BidAnswer.YES_NOW],
        later=counted[BidAnswer.LATER],
        not_now=counted[BidAnswer.NOT_NOW],
    )


@pytest.mark.parametrize("zone", ["Europe/Madrid", "Pacific/Auckland"])
def test_the_bid_months_and_one_months_row_equal_the_querysets_they_replaced(
    personas: Personas, zone: str
) -> None:
    """The months, each counted as it is read, and one month's row, read prepared, are those
    of the querysets they replace: with many bids sent at the same moment, at a month's first
    and last moment where the person is, and more than a hundred in one month."""
    alice = personas.alice
    active = access_active_partnership(alice)
    assert active is not None
    rng = random.Random(15)
    moments: list[datetime] = []
    with timezone.override(zone):
        here = timezone.get_current_timezone()
        today = timezone.localdate()
        for back in range(14):  # each month's first and last moment, where she is
            first = (today.replace(day=1) - timedelta(days=31 * back)).replace(day=1)
            start = datetime(first.year, first.month, 1, tzinfo=here)
            moments += [start, start - timedelta(microseconds=1)]
        same_moment = timezone.now() - timedelta(days=40)
        moments += [same_moment] * 107  # more than one fetch of the stream, all at one moment
        moments += [
            timezone.now() - timedelta(minutes=rng.randrange(400 * 1440)) for _ in range(150)
        ]
        rng.shuffle(moments)
        made = [
            Bid(
                owner=rng.choice([alice, personas.bob]),
                partnership=active.partnership,
                text=f"bid {n}",
                idem_key=f"chunk-{n}",
                answer=rng.choice(["", *BidAnswer.values]),
            )
            for n in range(len(moments))
        ]
        Bid.objects.bulk_create(made)
        for bid, moment in zip(made, moments, strict=True):
            Bid.objects.filter(pk=bid.pk).update(created_at=moment)
        assert Bid.objects.filter(partnership=active.partnership).count() > 200
        for months in (1, 2, 6, 13, 30):
            assert selectors.couple_bid_months(active, months) == bid_months_by_the_orm(
                active, months
            )
        for moment in {*moments, timezone.now()}:
            _, month = selectors.partnership_and_bid_month(alice, moment)
            assert month == _bid_month_by_the_orm(active, moment)


#: Zones at the ends of the world's offsets, one that changes its clocks at midnight, and one
#: whose first offsets (before 1845) were nearly 16 hours off.
_FAR_ZONES = ["Pacific/Kiritimati", "Etc/GMT+12", "America/Santiago", "Asia/Manila"]


@pytest.mark.parametrize("zone", _FAR_ZONES)
def test_a_moment_a_day_inside_a_month_in_utc_is_in_that_month_everywhere(zone: str) -> None:
    """:func:`selectors._surely_within` (issue 15's fifteenth pass): the months put only
    moments within a day of a month's ends in UTC into the reader's zone; every moment between
    the two bounds is in the month where she is too, at the bounds themselves, an hour and a
    microsecond inside them, and in a zone of any offset Python allows (just under a day)."""
    from datetime import UTC
    from datetime import timezone as fixed
    from zoneinfo import ZoneInfo

    zones = [ZoneInfo(zone), fixed(timedelta(hours=23, minutes=59)), fixed(-timedelta(hours=23))]
    months = [date(year, month, 1) for year in (1840, 1969, 2024, 2026) for month in range(1, 13)]
    for month in months:
        since, until = selectors._surely_within(month)
        assert since.tzinfo is UTC and until.tzinfo is UTC
        edges = [since, until - timedelta(microseconds=1)]
        edges += [since + timedelta(hours=1), until - timedelta(hours=1)]
        edges += [since + (until - since) * n / 7 for n in range(7)]
        for here in zones:
            for moment in edges:
                assert selectors._month(moment, here) == month, (month, moment, here)
        # Just outside, a moment may be in the month next to it somewhere: worked out there.
        assert any(
            selectors._month(since - timedelta(hours=h), here) != month
            for here in zones
            for h in (1, 23)
        )


@pytest.mark.parametrize("zone", _FAR_ZONES)
def test_the_bid_months_equal_the_rule_at_every_months_ends_in_far_zones(
    personas: Personas, zone: str
) -> None:
    """The months, read with only the bids near a month's ends put into the reader's zone,
    equal the queryset they replaced where she is: bids at each month's first and last moment
    where she is and in UTC, a day and an hour either side, and at random."""
    from datetime import UTC

    alice = personas.alice
    active = access_active_partnership(alice)
    assert active is not None
    rng = random.Random(62)
    moments: list[datetime] = []
    with timezone.override(zone):
        here = timezone.get_current_timezone()
        today = timezone.localdate()
        for back in range(9):
            first = (today.replace(day=1) - timedelta(days=31 * back)).replace(day=1)
            for start in (
                datetime(first.year, first.month, 1, tzinfo=here),
                datetime(first.year, first.month, 1, tzinfo=UTC),
            ):
                for step in (0, 1, 3600 * 10**6, 86400 * 10**6, 86400 * 10**6 + 1):
                    moments += [start + timedelta(microseconds=step)]
                    moments += [start - timedelta(microseconds=step)]
        moments += [
            timezone.now() - timedelta(minutes=rng.randrange(300 * 1440)) for _ in range(80)
        ]
        moments = [moment for moment in moments if moment <= timezone.now()]
        made = Bid.objects.bulk_create(
            Bid(
                owner=rng.choice([alice, personas.bob]),
                partnership=active.partnership,
                text=f"bid {n}",
                idem_key=f"far-{n}",
                answer=rng.choice(["", *BidAnswer.values]),
            )
            for n in range(len(moments))
        )
        for bid, moment in zip(made, moments, strict=True):
            Bid.objects.filter(pk=bid.pk).update(created_at=moment)
        for months in (1, 2, 6, 13):
            assert selectors.couple_bid_months(active, months) == bid_months_by_the_orm(
                active, months
            )
