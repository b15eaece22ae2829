"""The hand-written reads (the home page's facts, the current partnership) agree with the same
rules written as querysets, and the cached fragments carry nothing personal."""

from __future__ import annotations

import contextlib
import pickle
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.core.cache import caches
from django.db import IntegrityError, connection, transaction
from django.db.models.sql import UpdateQuery
from django.db.transaction import TransactionManagementError
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interdepend.web.accounts.models import User
from interdepend.web.accounts.services import user_create
from interdepend.web.assessment import selectors as assessment_selectors
from interdepend.web.assessment.demo import complete_attempt, profile_answers
from interdepend.web.assessment.models import Attempt
from interdepend.web.assessment.selectors import latest_finished_attempt
from interdepend.web.couple import services as couple_services
from interdepend.web.couple.models import Reveal
from interdepend.web.couple.selectors import my_state
from interdepend.web.frame.rawsql import one_by_one
from interdepend.web.home.selectors import (
    NEW_LINK_DAYS,
    THEIR_PROMISE_DAYS,
    HomeFacts,
    Waiting,
    home_facts,
    waiting_for,
)
from interdepend.web.partners import services as partner_services
from interdepend.web.partners.access import (
    PARTNER_READ,
    ActivePartnership,
    access_active_partnership,
    has_active_partnership,
    open_invitations,
)
from interdepend.web.partners.models import Invitation, InvitationState, Membership, Partnership
from interdepend.web.practice.models import Practitioner
from interdepend.web.practice.selectors import is_practitioner, latest_result
from interdepend.web.research.selectors import latest_attempts
from interdepend.web.together import selectors as together_selectors
from interdepend.web.together import services as together_services
from interdepend.web.together.models import Bid, BidAnswer
from tests.conftest import PASSWORD, Personas
from tests.helpers import as_user, bid_months_by_the_orm, cache_entries, orm_waiting, partner_step

pytestmark = pytest.mark.django_db


def orm_active_partnership(user: User) -> ActivePartnership | None:
    """The partnership rule written as a queryset: the reference for the hand-written one."""
    other = (
        Membership.objects.filter(
            is_active=True,
            partnership__ended_at__isnull=True,
            partnership__members__user=user,
            partnership__members__is_active=True,
        )
        .exclude(user=user)
        .select_related("partnership", "user")
        .first()
    )
    return ActivePartnership(other.partnership, other.user) if other else None


def fields_of(obj: object) -> dict[str, object]:
    return {k: v for k, v in vars(obj).items() if not k.startswith("_")}


def assert_same_partnership(user: User) -> None:
    got, want = access_active_partnership(user), orm_active_partnership(user)
    assert (got is None) == (want is None)
    # The result page's question alone, from the same statement.
    assert has_active_partnership(user) is (want is not None)
    if got is not None and want is not None:
        assert fields_of(got.partnership) == fields_of(want.partnership)
        # The partner's number and name alone are read; every other field is deferred, and is
        # the ORM's value when asked for (Django reads it then).
        assert fields_of(got.partner) == {n: getattr(want.partner, n) for n in PARTNER_READ}
        every = {f.attname for f in User._meta.concrete_fields}
        assert got.partner.get_deferred_fields() == every - set(PARTNER_READ)
        assert {n: getattr(got.partner, n) for n in every} == fields_of(want.partner)
        assert got.partnership.started_at.tzinfo is not None
        assert not got.partnership._state.adding and not got.partner._state.adding


def expected_waiting(user: User) -> Waiting:
    """What is waiting, each count as the ORM would ask it of the pages' rules."""
    from interdepend.web.daily.models import DailyAnswer
    from interdepend.web.decide.models import Decision, Rating
    from interdepend.web.together.models import Commitment, CommitmentState

    active = orm_active_partnership(user)
    bids, _told, promises = orm_waiting(user, active)
    today = timezone.localdate()
    mine = DailyAnswer.objects.filter(owner=user, day=today).first()
    answered = 0 if mine is None else 1
    decisions = boundaries = theirs = 0
    if active is not None:
        from django.db.models import Q

        from interdepend.web.together.models import Boundary, BoundaryEvent, BoundaryState

        rated = Rating.objects.filter(user=user).values_list("decision_id", flat=True)
        decisions = (
            Decision.objects.filter(partnership=active.partnership)
            .exclude(pk__in=list(rated))
            .count()
        )
        proposed = BoundaryEvent.objects.filter(
            open=True, kind="proposed", actor=active.partner
        ).values_list("boundary_id", flat=True)
        boundaries = (
            Boundary.objects.filter(partnership=active.partnership)
            .filter(Q(owner=active.partner, state=BoundaryState.STATED) | Q(pk__in=list(proposed)))
            .count()
        )
        theirs = Commitment.objects.filter(
            partnership=active.partnership,
            owner=active.partner,
            state=CommitmentState.OPEN,
            # due on the partner's calendar: once the day has begun everywhere (UTC-12)
            due_on__lte=(timezone.now().astimezone(UTC) - timedelta(hours=12)).date(),
            due_on__gte=today - timedelta(days=THEIR_PROMISE_DAYS),
        ).count()
        if (
            mine is not None
            and mine.partnership_id == active.partnership.pk
            and DailyAnswer.objects.filter(
                partnership=active.partnership, owner=active.partner, day=today
            ).exists()
        ):
            answered = 2
    return Waiting(
        bids=bids,
        boundaries=boundaries,
        decisions=decisions,
        promises=promises,
        their_promises=theirs,
        today=answered,
        is_practitioner=Practitioner.objects.filter(user=user).exists(),
    )


def expected_facts(user: User) -> HomeFacts:
    """Each fact as the ORM helpers define it."""
    active = orm_active_partnership(user)
    latest = latest_finished_attempt(user)
    return HomeFacts(
        partner_id=active.partner.pk if active else None,
        partner_name=active.partner.display_name if active else "",
        partnership_id=active.partnership.pk if active else None,
        has_open_invitation=bool(open_invitations(user)),
        latest_id=latest.public_id if latest else None,
        latest_completed_at=latest.completed_at if latest else None,
        waiting=expected_waiting(user),
        new_link_unshown=bool(
            active
            and active.partnership.started_at > timezone.now() - timedelta(days=NEW_LINK_DAYS)
            and not Reveal.objects.filter(partnership=active.partnership, user=user).exists()
        ),
    )


def test_every_persona_gets_the_facts_the_orm_helpers_give(personas: Personas) -> None:
    people = {**personas.by_role(), "dave": personas.dave}
    seen = set()
    for role, person in people.items():
        facts = home_facts(person)
        assert facts == expected_facts(person), role
        assert waiting_for(person.pk) == facts.waiting, role
        assert is_practitioner(person.pk) == facts.is_practitioner, role
        assert_same_partnership(person)
        seen.add((facts.partner_id is not None, facts.has_open_invitation, bool(facts.latest_id)))
    # the personas cover linked, waiting with a code, alone, with and without a result
    assert (True, False, True) in seen and (False, True, False) in seen
    assert (False, False, False) in seen


def test_an_expired_invitation_is_not_waiting(personas: Personas) -> None:
    carol: User = personas.carol
    assert home_facts(carol).has_open_invitation
    Invitation.objects.filter(inviter=carol).update(expires_at=timezone.now() - timedelta(1))
    assert not home_facts(carol).has_open_invitation
    assert home_facts(carol) == expected_facts(carol)


def some_answers() -> dict[str, int | None]:
    levels = {"self": 3, "bond": 5, "enmeshment": 3, "distance": 3}
    return profile_answers(assessment_selectors.inventory(), levels)


def test_latest_result_is_the_newest_finished_attempt_with_an_aware_time(
    personas: Personas,
) -> None:
    alice: User = personas.alice
    answers = some_answers()
    newer = complete_attempt(alice, answers, days_ago=0, seed=11)
    facts = home_facts(alice)
    assert facts.latest_id == newer.public_id
    assert facts.latest_completed_at == newer.completed_at
    assert facts.latest_completed_at is not None and timezone.is_aware(facts.latest_completed_at)


def test_a_result_on_the_first_version_counts_as_the_latest_too(personas: Personas) -> None:
    alice: User = personas.alice
    first = assessment_selectors.inventory("interdependence_inventory_v1")
    levels = {"self": 3, "bond": 5, "enmeshment": 3, "distance": 3}
    newest = complete_attempt(
        alice, profile_answers(first, levels), days_ago=0, seed=12, instrument=first
    )
    assert home_facts(alice).latest_id == newest.public_id == expected_facts(alice).latest_id


def finished_at(attempt: Attempt, when: datetime) -> Attempt:
    Attempt.objects.filter(pk=attempt.pk).update(completed_at=when)
    attempt.refresh_from_db()
    return attempt


def other_instrument_attempt(user: User, when: datetime) -> Attempt:
    """A finished take of another instrument: it never counts as the latest result."""
    return Attempt.objects.create(
        user=user, instrument_id="another_instrument_v1", instrument_version="1", completed_at=when
    )


def test_every_reader_of_the_latest_result_agrees_on_ties_and_other_instruments(
    personas: Personas,
) -> None:
    alice: User = personas.alice
    answers = some_answers()
    when = timezone.now().replace(microsecond=0)
    first = finished_at(complete_attempt(alice, answers, days_ago=0, seed=21), when)
    second = finished_at(complete_attempt(alice, answers, days_ago=0, seed=22), when)
    other_instrument_attempt(alice, when + timedelta(hours=1))
    assert first.completed_at == second.completed_at and first.pk < second.pk

    assert latest_finished_attempt(alice) == second
    assert home_facts(alice).latest_id == second.public_id
    practitioner_sees = latest_result(alice)
    assert practitioner_sees is not None and practitioner_sees[0] == second
    active = access_active_partnership(alice)
    assert active is not None and my_state(alice, active).latest == second
    assert latest_attempts({alice.pk}) == {alice.pk: second}


# A random history of invitations, links, departures, results and roles among four people.
ACTIONS = st.lists(
    st.tuples(
        st.sampled_from(
            ["invite", "accept", "leave", "finish", "other", "practitioner", "expire", "reveal"]
        ),
        st.integers(0, 3),
        st.integers(0, 3),
    ),
    max_size=14,
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(history=ACTIONS)
def test_facts_agree_with_the_helpers_after_any_history(
    history: list[tuple[str, int, int]],
) -> None:
    answers = profile_answers(
        assessment_selectors.inventory(), {"self": 5, "bond": 5, "enmeshment": 2, "distance": 2}
    )
    start = timezone.now()
    with transaction.atomic():
        people = [
            user_create(email=f"p{n}@example.test", password=PASSWORD, display_name=f"P{n}")
            for n in range(4)
        ]
        codes: dict[int, Invitation] = {}
        for step, (action, a, b) in enumerate(history):
            actor = people[a]
            partner_step(action, a, b, people, codes)  # invite, accept, leave
            if action == "finish":  # on a grid of whole days: two takes may tie
                done = complete_attempt(actor, answers, days_ago=b, seed=step)
                finished_at(done, start - timedelta(days=b))
            elif action == "other":
                other_instrument_attempt(actor, start - timedelta(days=b))
            elif action == "practitioner":
                Practitioner.objects.get_or_create(user=actor)
            elif action == "reveal":
                active = orm_active_partnership(actor)
                latest = latest_finished_attempt(actor)
                if active is not None and latest is not None:
                    with contextlib.suppress(IntegrityError), transaction.atomic():
                        couple_services.reveal_create(user=actor, active=active, attempt=latest)
            elif action == "expire":
                Invitation.objects.filter(inviter=actor, state=InvitationState.OPEN).update(
                    expires_at=timezone.now() - timedelta(minutes=1)
                )
            for person in people:
                facts = home_facts(person)
                assert facts == expected_facts(person), (step, action)
                assert is_practitioner(person.pk) == facts.is_practitioner
                assert_same_partnership(person)
        transaction.set_rollback(True)


def test_home_page_shows_fresh_facts_on_every_request(personas: Personas) -> None:
    client = as_user(personas.alice)
    page = client.get(reverse("home:home")).content.decode()
    assert "You are linked with <bdi>Bob</bdi>." in page
    assert reverse("assessment:results", args=[personas.finished_attempt_id]) in page
    partner_services.partnership_leave(user=personas.bob)
    page = client.get(reverse("home:home")).content.decode()
    assert "Bob" not in page
    assert "on your own" in page


def test_cached_fragments_hold_nothing_personal_and_follow_the_role(personas: Personas) -> None:
    for each in caches.all():
        each.clear()
    alice: User = personas.alice
    practitioner = personas.practice.pat
    pages = {}
    for person in (alice, practitioner, personas.carol):
        client = as_user(person)
        pages[person] = client.get(reverse("home:home")).content.decode()
    practice = f'href="{reverse("practice:dashboard")}"'
    assert practice in pages[practitioner]
    assert practice not in pages[alice] and practice not in pages[personas.carol]
    stored = [pickle.loads(value) for value in cache_entries().values()]
    assert stored, "the fragments were not cached"
    text = "\n".join(str(value) for value in stored)
    assert "Decide together" in text  # the fixed cards are there
    for person in (alice, practitioner, personas.carol, personas.bob):
        assert person.display_name not in text
        assert person.email not in text
    for value in personas.markers.values():
        assert value not in text


def test_the_menus_count_takes_both_days_from_one_moment(monkeypatch: pytest.MonkeyPatch) -> None:
    """The menu's count (on every page) reads the clock once: her day and the day begun
    everywhere come from the same moment, even as midnight passes between two looks."""
    from interdepend.web.home import selectors as home_selectors

    moments = iter(
        [
            datetime(2026, 12, 5, 11, 59, 59, 999999, tzinfo=UTC),
            datetime(2026, 12, 5, 12, tzinfo=UTC),
        ]
    )
    monkeypatch.setattr(timezone, "now", lambda: next(moments))
    with timezone.override("UTC"):
        params = home_selectors._waiting_params(1)
    assert str(params["today"]) == "2026-12-05"
    assert str(params["their_today"]) == "2026-12-04"  # 12 hours behind the first moment
    assert str(params["fresh"]) == "2026-11-28"
    assert next(moments) == datetime(2026, 12, 5, 12, tzinfo=UTC)  # the second was never read


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's plan; PostgreSQL's differs")
def test_the_menus_count_reads_bids_and_her_promises_from_an_index_alone(
    personas: Personas,
) -> None:
    """The menu's count runs on every page: the partner's unanswered bids and her own promises
    whose day came are counted from an index alone (``together_bid_waiting``,
    ``together_promise_waiting``), never by reading every bid or promise row by row, which grew
    with every one ever sent or made."""
    from interdepend.web.home import selectors as home_selectors

    params = home_selectors._waiting_params(personas.alice.pk)
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {home_selectors._waiting_statement()}", params)
        plan = [str(row[-1]) for row in cursor.fetchall()]
    searches = {line.split()[1]: line for line in plan if line.startswith("SEARCH")}
    assert (
        "COVERING INDEX together_bid_waiting (partnership_id=? AND owner_id=? AND answer=?)"
        in (searches["b"])
    ), plan
    assert (
        "COVERING INDEX together_promise_waiting (owner_id=? AND state=? AND due_on<?)"
        in ([line for line in plan if line.startswith("SEARCH c ")][0])
    ), plan
    assert waiting_for(personas.alice.pk) == expected_waiting(personas.alice)


#: A history of bids: each (days back, minutes into the day, answer, sender), on a coarse grid
#: so that several share a moment (the order then falls to the id, as the queryset's does).
BIDS = st.lists(
    st.tuples(
        st.integers(0, 420),
        st.sampled_from([0, 1, 719, 1439]),
        st.sampled_from(["", *BidAnswer.values]),
        st.booleans(),
    ),
    max_size=60,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def _ana_and_ben() -> tuple[User, User, ActivePartnership]:
    """Two new people, Ana and Ben, partners (inside the caller's transaction)."""
    ana, ben = (
        user_create(email=f"{n}@example.test", password=PASSWORD, display_name=n)
        for n in ("ana", "ben")
    )
    code = partner_services.invitation_create(inviter=ana).invitation
    partner_services.invitation_accept(invitation=code, user=ben)
    active = access_active_partnership(ana)
    assert active is not None
    return ana, ben, active


@given(history=BIDS, zone=st.sampled_from(["Pacific/Kiritimati", "America/Santiago"]))
def test_the_bid_months_read_by_hand_equal_the_streamed_queryset(
    history: list[tuple[int, int, str, bool]], zone: str
) -> None:
    """The bids page's months are read by one hand-written statement (issue 15's eleventh
    pass): the same rows, in the same order and with the same values, as the streamed queryset
    it replaced, and so the same months, where she is, in zones on either side of UTC."""
    midnight = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)
    with transaction.atomic():
        ana, ben, active = _ana_and_ben()
        made = Bid.objects.bulk_create(
            Bid(
                owner=ana if hers else ben,
                partnership=active.partnership,
                text=f"bid {n}",
                idem_key=f"hand-{n}",
                answer=answer,
            )
            for n, (_days, _minutes, answer, hers) in enumerate(history)
        )
        for bid, (days, minutes, _answer, _hers) in zip(made, history, strict=True):
            moment = midnight - timedelta(days=days) + timedelta(minutes=minutes)
            Bid.objects.filter(pk=bid.pk).update(created_at=moment)
        queryset = (
            Bid.objects.filter(partnership_id=active.partnership.pk)
            .order_by("-created_at", "-pk")
            .values_list("created_at", "answer")
        )
        read = list(together_selectors._bid_moments(active.partnership.pk))
        assert read == list(queryset.iterator(chunk_size=100))
        assert all(moment.tzinfo is not None for moment, _answer in read)
        with timezone.override(zone):
            for months in (1, 2, 6, 30):
                assert together_selectors.couple_bid_months(
                    active, months
                ) == together_selectors.bid_months(
                    Bid.objects.filter(partnership_id=active.partnership.pk), months
                )
        transaction.set_rollback(True)


def test_the_bid_months_fetch_each_moment_as_sqlite_stores_it(personas: Personas) -> None:
    """On SQLite the months' rows hand each moment over as the text SQLite stores (its driver
    reads none into a ``datetime``: issue 15's twenty-fifth pass), and each, converted, is the
    streamed queryset's moment; on another database, the column as it is."""
    active = access_active_partnership(personas.alice)
    assert active is not None
    now = timezone.now().replace(microsecond=0)
    made = Bid.objects.bulk_create(
        Bid(owner=personas.alice, partnership=active.partnership, text=f"b{n}", idem_key=f"t{n}")
        for n in range(30)
    )
    for n, bid in enumerate(made):  # whole seconds and not, as Django writes each
        moment = now - timedelta(hours=7 * n, microseconds=0 if n % 2 else 1 + 997 * n)
        Bid.objects.filter(pk=bid.pk).update(created_at=moment)
    with contextlib.closing(together_selectors._bid_fetches(active.partnership.pk)) as fetches:
        rows = [row for fetched in fetches for row in fetched]
    assert rows and all(
        type(moment) is (str if connection.vendor == "sqlite" else datetime) for moment, _ in rows
    )
    queryset = (
        Bid.objects.filter(partnership_id=active.partnership.pk)
        .order_by("-created_at", "-pk")
        .values_list("created_at", "answer")
    )
    read = list(together_selectors._bid_moments(active.partnership.pk))
    assert read == list(queryset.iterator(chunk_size=100))
    assert [type(moment) for moment, _ in read] == [datetime] * len(read)


def test_the_bid_months_stop_reading_at_the_first_month_too_many(personas: Personas) -> None:
    """Six months of a long history take one statement and no more rows than the stream
    needs: the cursor is closed when the first bid of a seventh month is read."""
    active = access_active_partnership(personas.alice)
    assert active is not None
    now = timezone.now()
    made = Bid.objects.bulk_create(
        Bid(
            owner=personas.alice,
            partnership=active.partnership,
            text=f"bid {n}",
            idem_key=f"long-{n}",
        )
        for n in range(400)
    )
    for n, bid in enumerate(made):  # 400 bids, two a day back more than a year
        Bid.objects.filter(pk=bid.pk).update(created_at=now - timedelta(hours=12 * n))
    moments = together_selectors._bid_moments(active.partnership.pk)
    with CaptureQueriesContext(connection) as captured:
        months = together_selectors.couple_bid_months(active)
    assert len(captured) == 1 and len(months) == 6
    assert sum(m.sent for m in months) < 400
    # A stream left unread is closed with its cursor, and a later read starts afresh.
    next(moments)
    moments.close()
    assert together_selectors.couple_bid_months(active) == months


def test_the_bid_months_convert_only_the_moments_they_look_at(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The months put through the backend's converters only the moments they look at (the
    first of each month, those near a month's ends, and those found by halving a fetch), not
    every bid they count (issue 15's twenty-third pass); the months are the ORM's all the
    same, and no more moments are converted than bids are read."""
    active = access_active_partnership(personas.alice)
    assert active is not None
    now = timezone.now()
    made = Bid.objects.bulk_create(
        Bid(owner=personas.alice, partnership=active.partnership, text=f"b{n}", idem_key=f"r-{n}")
        for n in range(300)
    )
    for n, bid in enumerate(made):  # three bids every two days, more than six months back
        Bid.objects.filter(pk=bid.pk).update(created_at=now - timedelta(hours=16 * n + 1))
    looked_at: list[Any] = []

    def counting(fields: Any) -> list[Any]:
        sent_at, *rest = one_by_one(fields)

        def converting(value: Any) -> Any:
            looked_at.append(value)
            return sent_at(value)

        return [converting, *rest]

    monkeypatch.setattr(together_selectors, "one_by_one", counting)
    months = together_selectors.couple_bid_months(active)
    monkeypatch.undo()
    assert len(months) == 6
    counted = sum(m.sent for m in months)
    assert 0 < len(looked_at) < counted // 2
    assert months == together_selectors.bid_months(
        Bid.objects.filter(partnership_id=active.partnership.pk)
    )


@settings(max_examples=300, deadline=None)
@given(
    steps=st.lists(st.integers(0, 3), max_size=40),
    low=st.integers(0, 45),
    since=st.integers(-2, 90),
)
def test_halving_a_fetch_finds_the_first_row_before_a_moment(
    steps: list[int], low: int, since: int
) -> None:
    """:func:`together_selectors._first_before` over rows newest first (several at one moment):
    the first from ``low`` on sent before ``since``, as a look at every row finds it."""
    epoch = datetime(2026, 1, 1, tzinfo=UTC)
    moments, moment = [], 90
    for step in steps:
        moment -= step
        moments.append(epoch + timedelta(minutes=moment))
    rows = [(moment, "") for moment in moments]
    bound = epoch + timedelta(minutes=since)
    low = min(low, len(rows))
    expected = next((n for n in range(low, len(rows)) if rows[n][0] < bound), len(rows))
    assert together_selectors._first_before(rows, low, bound, lambda value: value) == expected


#: A dense history of bids: each (days back, minute of the day, answer), many to a month and
#: more than one fetch of a hundred, several at one moment, on the months' ends.
DENSE_BIDS = st.lists(
    st.tuples(
        st.one_of(st.integers(0, 200), st.sampled_from([28, 29, 30, 31, 59, 60, 61, 62])),
        st.sampled_from([0, 1, 59, 60, 719, 1380, 1439]),
        st.sampled_from(["", *BidAnswer.values]),
    ),
    min_size=1,
    max_size=160,
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    history=DENSE_BIDS,
    zone=st.sampled_from(["America/Santiago", "Pacific/Kiritimati", "Europe/Madrid"]),
    months=st.sampled_from([1, 2, 6]),
)
def test_the_bid_months_found_by_halving_equal_the_streamed_queryset(
    history: list[tuple[int, int, str]], zone: str, months: int
) -> None:
    """The months, where each month's rows well inside it are found by halving a fetch (issue
    15's twenty-third pass), equal the rule of the streamed queryset they replaced, counted
    row by row where she is, for dense random histories in zones on either side of UTC and
    one that changes its clocks at midnight."""
    midnight = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)
    with transaction.atomic():
        ana, ben, active = _ana_and_ben()
        made = Bid.objects.bulk_create(
            Bid(
                owner=ana if n % 2 else ben,
                partnership=active.partnership,
                text=f"bid {n}",
                idem_key=f"dense-{n}",
                answer=answer,
            )
            for n, (_days, _minute, answer) in enumerate(history)
        )
        for bid, (days, minute, _answer) in zip(made, history, strict=True):
            moment = midnight - timedelta(days=days) + timedelta(minutes=minute)
            Bid.objects.filter(pk=bid.pk).update(created_at=moment)
        with timezone.override(zone):
            assert together_selectors.couple_bid_months(active, months) == bid_months_by_the_orm(
                active, months
            )
        transaction.set_rollback(True)


def orm_hold(partnership_id: int) -> Any:
    """:func:`partner_services.hold_partnership`'s read written as the queryset it replaced."""
    return (
        Partnership.objects.select_for_update()
        .filter(pk=partnership_id, ended_at__isnull=True)
        .values_list("pk", flat=True)
    )


@pytest.mark.parametrize("locks", [False, True])
def test_holding_a_partnership_is_the_orm_statement_word_for_word(
    personas: Personas, monkeypatch: pytest.MonkeyPatch, locks: bool
) -> None:
    """Every write of the two holds their partnership first: one statement written once
    (issue 15's thirteenth pass), the very text the ORM builds for the locking read it
    replaced, with the backend's lock where it has one (PostgreSQL's ``FOR UPDATE``)."""
    monkeypatch.setattr(connection.features, "has_select_for_update", locks)
    active = access_active_partnership(personas.alice)
    assert active is not None
    sql, params = orm_hold(active.partnership.pk).query.get_compiler(connection=connection).as_sql()
    assert partner_services._held_sql() == sql
    assert list(params) == [active.partnership.pk]
    assert sql.endswith(" FOR UPDATE") is locks


def test_holding_a_partnership_outside_a_transaction_is_refused_as_the_orm_refuses_it(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where a backend locks, a lock taken outside a transaction would end with its statement:
    the ORM refuses it, and so does the statement written by hand, before anything runs."""
    active = access_active_partnership(personas.alice)
    assert active is not None
    monkeypatch.setattr(connection.features, "has_select_for_update", True)
    monkeypatch.setattr(connection, "get_autocommit", lambda: True)
    with pytest.raises(TransactionManagementError, match="outside of a transaction"):
        list(orm_hold(active.partnership.pk))
    with (
        CaptureQueriesContext(connection) as captured,
        pytest.raises(TransactionManagementError, match="outside of a transaction"),
    ):
        partner_services.hold_partnership(partnership_id=active.partnership.pk)
    assert not captured.captured_queries


def test_holding_a_partnership_finds_what_the_orm_found(personas: Personas) -> None:
    """A live partnership is held; an ended one, or none, is refused, as the queryset said."""
    active = access_active_partnership(personas.alice)
    assert active is not None
    live = active.partnership.pk
    ended = Membership.objects.filter(user=personas.dave).values_list("partnership_id", flat=True)
    ended_ids = sorted(set(ended) - {live})
    assert ended_ids  # dave is alice's ex: their partnership has ended
    missing = Partnership.objects.order_by("-pk").values_list("pk", flat=True)[0] + 1000
    for partnership_id in (live, *ended_ids, missing):
        with transaction.atomic():
            found = list(orm_hold(partnership_id))
            try:
                partner_services.hold_partnership(partnership_id=partnership_id)
            except partner_services.PartnershipEnded:
                assert found == []
            else:
                assert found == [partnership_id]
    partner_services.hold_partnership(partnership_id=live)  # held: no refusal


@pytest.mark.parametrize(
    ("answer", "when"), [("yes_now", ""), ("later", "  after <dinner> & 'tea'  "), ("not_now", "")]
)
def test_answering_a_bid_writes_what_the_orm_update_wrote(
    personas: Personas, answer: str, when: str
) -> None:
    """An answer is one statement written once (issue 15's thirteenth pass): the very text the
    ORM builds for ``Bid.objects.filter(pk=..., answer="").update(...)``, with the values as
    the ORM made them ready, and it changes the same row in the same way; a second answer
    changes nothing, as before."""
    active = access_active_partnership(personas.alice)
    assert active is not None
    sent = [
        together_services.bid_send(
            owner=personas.bob, partnership=active.partnership, text="Tea?", idem_key=f"w-{n}"
        )
        for n in range(2)
    ]
    moment = datetime(2026, 3, 29, 1, 30, 15, 123456, tzinfo=UTC)
    values = {"answer": answer, "answer_when": when.strip(), "answered_at": moment}
    orm_update = Bid.objects.filter(pk=sent[0].pk, answer="")
    query = orm_update.query.chain(UpdateQuery)
    query.add_update_values(values)  # type: ignore[attr-defined]  # an UpdateQuery, chained
    assert together_services._answer_sql(sent[0].pk, values) == (
        query.get_compiler(connection=connection).as_sql()
    )
    assert orm_update.update(**values) == 1
    assert together_services._answered(sent[1].pk, values) == 1
    first, second = (
        (bid.answer, bid.answer_when, bid.answered_at)
        for bid in Bid.objects.filter(pk__in=[b.pk for b in sent]).order_by("pk")
    )
    assert first == second == (answer, when.strip(), moment)
    assert together_services._answered(sent[1].pk, values | {"answer": "not_now"}) == 0
    assert Bid.objects.get(pk=sent[1].pk).answer == answer


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's plan; PostgreSQL's differs")
def test_the_bids_page_reads_its_bids_along_the_index_of_when_they_were_sent(
    personas: Personas,
) -> None:
    """The bids page's newest twelve answered bids, its months newest first and one month's
    counts (after an answer) are read along ``together_bid_sent`` (the partnership, then the
    moment sent), never by sorting every bid the couple ever sent, which grew with each one
    (issue 15's fourteenth pass); the months and a month's counts from that index alone, and
    the bids still waiting along their own index, ``together_bid_unanswered`` (issue 15's
    twenty-sixth pass)."""
    from interdepend.web.together import access as together_access

    active = access_active_partnership(personas.alice)
    assert active is not None
    pid = active.partnership.pk
    since = datetime(2026, 1, 1, tzinfo=UTC)
    plans = {}
    with connection.cursor() as cursor:
        # Both lists in one statement: the answered part along the index, newest first.
        cursor.execute(f"EXPLAIN QUERY PLAN {together_access.bid_lists_statement()}", [pid, pid])
        plans["lists"] = [str(row[-1]) for row in cursor.fetchall()]
        cursor.execute(
            f"EXPLAIN QUERY PLAN {together_selectors._bid_moments_statement(connection.vendor)}",
            [pid],
        )
        plans["months"] = [str(row[-1]) for row in cursor.fetchall()]
        # One month's counts, read with her partnership after an answer.
        month = together_selectors.partnership_and_bid_month_statement()
        until = since + timedelta(days=31)
        cursor.execute(f"EXPLAIN QUERY PLAN {month}", ["a", "b", "c", since, until, pid])
        plans["month"] = [str(row[-1]) for row in cursor.fetchall()]
    assert plans["months"] == [
        "SEARCH together_bid USING COVERING INDEX together_bid_sent (partnership_id=?)"
    ], plans
    assert "SEARCH b USING INDEX together_bid_sent (partnership_id=?)" in plans["lists"], plans
    waiting = "SEARCH b USING INDEX together_bid_unanswered (partnership_id=?)"
    assert waiting in plans["lists"], plans
    assert (
        "SEARCH sent USING COVERING INDEX together_bid_sent"
        " (partnership_id=? AND created_at>? AND created_at<?) LEFT-JOIN" in plans["month"]
    ), plans


def _plan_with_only(
    cursor: Any, index: str, statement: str, params: list[object], refused: tuple[str, ...]
) -> str:
    """PostgreSQL's plan of ``statement`` with ``index`` the only index of the bids' table it
    may choose (every other one not backing a constraint dropped, under a savepoint rolled back
    at once) and the kinds of step named in ``refused`` (``seqscan``, ``bitmapscan``, ...) asked
    against. Which of two indexes of nearly the same cost the planner takes turns on how large
    each has grown, and rolled-back writes of earlier tests grow them, so with every index there
    the plan was not the same from one run to the next; and on a few rows a bitmap scan and a
    sort cost about what the index's own order does, so which wins turned on the same chance.
    What is asked is what the plan *can* use: a refused step is still taken when nothing else
    can answer, so the test fails if the index cannot serve the statement. Alone, an index is
    used only if the statement's conditions allow it: a partial index only where they imply its
    own."""
    cursor.execute("SAVEPOINT plan_alone")
    try:
        cursor.execute(
            "SELECT i.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid"
            " JOIN pg_class t ON t.oid = x.indrelid WHERE t.relname = %s AND i.relname <> %s"
            " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)",
            [Bid._meta.db_table, index],
        )
        for (other,) in cursor.fetchall():
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(other)}")
        for step in refused:
            cursor.execute(f"SET LOCAL enable_{step} = off")
        cursor.execute(f"EXPLAIN {statement}", params)
        return "\n".join(str(row[0]) for row in cursor.fetchall())
    finally:
        cursor.execute("ROLLBACK TO SAVEPOINT plan_alone")


def _bid_indexes(cursor: Any) -> set[str]:
    """The names of the bids' table's indexes on PostgreSQL."""
    cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = %s", [Bid._meta.db_table])
    return {name for (name,) in cursor.fetchall()}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plan")
def test_postgresql_can_read_the_bids_along_their_two_indexes(personas: Personas) -> None:
    """On PostgreSQL too, the bids still waiting can be read along ``together_bid_unanswered``
    (its condition is the lists' own) and the months along ``together_bid_sent``, from the
    index alone. On the personas' few rows the planner's choice is near chance, so each index is
    asked about alone with the other ways of reading asked against (:func:`_plan_with_only`):
    the table read whole and a bitmap for both, and for the months also a sort, so only the
    index's own order is left unrefused. (PostgreSQL makes one path per index: from the index
    alone when it holds every column the statement reads, else through the table, so an index
    that stopped covering the months would show as an ``Index Scan`` and fail.) All within the
    test's transaction."""
    from interdepend.web.together import access as together_access

    active = access_active_partnership(personas.alice)
    assert active is not None
    pid = active.partnership.pk
    with connection.cursor() as cursor:
        indexes = _bid_indexes(cursor)
        lists = _plan_with_only(
            cursor,
            "together_bid_unanswered",
            together_access.bid_lists_statement(),
            [pid, pid],
            ("seqscan", "bitmapscan"),
        )
        months = _plan_with_only(
            cursor,
            "together_bid_sent",
            together_selectors._bid_moments_statement(connection.vendor),
            [pid],
            ("seqscan", "bitmapscan", "sort"),
        )
        assert _bid_indexes(cursor) == indexes  # each savepoint rolled back: all are there
    assert {"together_bid_unanswered", "together_bid_sent"} <= indexes
    assert "using together_bid_unanswered" in lists, lists
    assert "Index Only Scan Backward using together_bid_sent" in months, months
    assert "Sort" not in months, months
