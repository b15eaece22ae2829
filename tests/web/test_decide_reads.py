"""A decision's page reads her current partnership, the decision and her own rating of it in
one hand-written statement (``decide.access.access_decision``, issue 15's seventeenth pass),
where it read her partnership, then the decision with her rating (the fourteenth pass), and
before that the decision and then her rating. Held here to those reads over random histories:
decisions of the couple and of an earlier partnership, rated by her, by him, by both or by
neither, for every persona (a couple, one alone, an ex, a stranger), with ids that are not
theirs refused alike. Since the eighteenth pass the same statement reads the partner's rating
too, kept only once hers is saved: held here to the read it replaced (a read of the partner's
rating, made only once she had rated), the old reads written here with the ORM."""

from __future__ import annotations

import contextlib
import random
import uuid

import pytest
from django.db import connection
from django.db.models import Model
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from interdepend.web.accounts.models import User
from interdepend.web.decide import access
from interdepend.web.decide.models import Decision, Rating
from interdepend.web.partners.access import _active_statement, access_active_partnership
from interdepend.web.partners.models import Partnership
from tests.conftest import Personas
from tests.helpers import as_user

pytestmark = pytest.mark.django_db

Row = tuple[object, ...]
DECISION = '"decide_decision"'


def _fields(row: Model) -> Row:
    return tuple(getattr(row, f.attname) for f in type(row)._meta.concrete_fields)


Read = tuple[Row, Row | None, Row | None]


def _by_two_reads(user: User, decision_id: str) -> Read | None:
    """The rule as it was: the decision of her partnership, then her rating of it, then, once
    hers was there, her partner's."""
    active = access_active_partnership(user)
    if active is None:
        return None
    decision = Decision.objects.filter(
        public_id=decision_id, partnership_id=active.partnership.pk
    ).first()
    if decision is None:
        return None
    mine = Rating.objects.filter(decision_id=decision.pk, user_id=user.pk).order_by("pk").first()
    if mine is None:
        return _fields(decision), None, None
    theirs = (
        Rating.objects.filter(decision_id=decision.pk, user_id=active.partner.pk)
        .order_by("pk")
        .first()
    )
    return _fields(decision), _fields(mine), None if theirs is None else _fields(theirs)


def _by_one(user: User, decision_id: str) -> Read | None:
    try:
        found = access.access_decision(user, decision_id)
    except Http404:
        return None
    active = access_active_partnership(user)
    assert active is not None
    assert _fields(found.active.partnership) == _fields(active.partnership)
    assert _fields(found.active.partner) == _fields(active.partner)
    assert not found.decision._state.adding
    assert found.mine is None or not found.mine._state.adding
    assert found.mine is None or found.mine.decision is found.decision
    assert found.theirs is None or not found.theirs._state.adding
    assert found.theirs is None or found.theirs.decision is found.decision
    assert found.theirs is None or found.theirs.user_id == active.partner.pk
    return (
        _fields(found.decision),
        None if found.mine is None else _fields(found.mine),
        None if found.theirs is None else _fields(found.theirs),
    )


def _ratings(rng: random.Random, n: int) -> list[int]:
    return [rng.randint(1, 7) for _ in range(n)]


def test_a_decision_and_her_rating_are_read_in_one_statement_as_in_two(
    personas: Personas,
) -> None:
    rng = random.Random(15)
    alice, bob = personas.alice, personas.bob
    partnerships = list(Partnership.objects.all())
    compared = found = rated = both = 0
    for round_ in range(12):
        Decision.objects.all().delete()
        ids = [uuid.uuid4().hex[:22]]  # an id of nobody's decision
        for n in range(6):
            options = [f"<b>Option</b> & {k} \u05e9" for k in range(rng.randint(2, 8))]
            decision = Decision.objects.create(
                partnership=rng.choice(partnerships),
                title=f"Decision {round_}-{n} <script>",
                options=options,
                created_at=timezone.now(),
                form_token=f"{round_}-{n}",
            )
            ids.append(decision.public_id)
            for person in (alice, bob, personas.dave):
                if rng.random() < 0.5:
                    Rating.objects.create(
                        decision=decision,
                        user=person,
                        for_self=_ratings(rng, len(options)),
                        for_partner=_ratings(rng, len(options)),
                    )
        for user in (alice, bob, personas.carol, personas.dave, personas.erin):
            for decision_id in ids:
                with CaptureQueriesContext(connection) as read, contextlib.suppress(Http404):
                    access.access_decision(user, decision_id)
                assert len(read.captured_queries) == 1  # one statement, found or not
                one = _by_one(user, decision_id)
                assert one == _by_two_reads(user, decision_id)
                compared += 1
                found += one is not None
                rated += one is not None and one[1] is not None
                both += one is not None and one[2] is not None
    assert compared == 420
    assert found > 20
    assert rated > 10
    assert both > 5


def test_a_decision_is_found_only_through_her_current_partnership(personas: Personas) -> None:
    """The couple's decision for each of them; the ended partnership's for nobody, its ex
    member included; none for one alone or a stranger."""
    couple, ended = personas.decision_id, personas.ex_decision_id
    assert access.access_decision(personas.alice, couple).decision.public_id == couple
    assert access.access_decision(personas.bob, couple).decision.public_id == couple
    for user in (personas.alice, personas.bob, personas.carol, personas.dave, personas.erin):
        with pytest.raises(Http404):
            access.access_decision(user, ended)
    for user in (personas.carol, personas.dave, personas.erin):
        with pytest.raises(Http404):
            access.access_decision(user, couple)


def test_a_decision_s_page_reads_the_decision_and_her_rating_in_one_statement(
    personas: Personas,
) -> None:
    client = as_user(personas.alice)
    address = reverse("decide:detail", args=[personas.decision_id])
    client.get(address)
    with CaptureQueriesContext(connection) as read:
        assert client.get(address).status_code == 200
    statements = [q["sql"] for q in read.captured_queries]
    # The frame's own facts read counts decisions too; the page's read is this one statement,
    # and her partnership (its last line) is not read again on its own.
    ours = [sql for sql in statements if f"LEFT JOIN {DECISION} d ON" in sql]
    assert len(ours) == 1, ours
    assert '"decide_rating"' in ours[0]
    last = _active_statement().strip().splitlines()[-1]
    assert [sql for sql in statements if last in sql] == ours
    assert not [sql for sql in statements if sql.startswith(f"SELECT {DECISION}")]


def test_his_rating_is_kept_only_once_hers_is_saved(personas: Personas) -> None:
    """He rated and she has not: the statement reads his row as it reads it for everyone, and
    she is given nothing of it; once she rates, it is there for the combined view."""
    alice, bob = personas.alice, personas.bob
    decision = Decision.objects.get(public_id=personas.decision_id)
    Rating.objects.filter(decision=decision).delete()
    n = len(decision.options)
    Rating.objects.create(decision=decision, user=bob, for_self=[7] * n, for_partner=[1] * n)
    assert access.access_decision(alice, decision.public_id).theirs is None
    seen_by_bob = access.access_decision(bob, decision.public_id)
    assert seen_by_bob.mine is not None
    assert seen_by_bob.theirs is None  # alice has not rated
    Rating.objects.create(decision=decision, user=alice, for_self=[2] * n, for_partner=[6] * n)
    found = access.access_decision(alice, decision.public_id)
    assert found.theirs is not None
    assert (found.theirs.user_id, found.theirs.for_self) == (bob.pk, [7] * n)
    assert found.mine is not None and found.mine.user_id == alice.pk


def test_once_both_rated_the_page_reads_no_rating_on_its_own(personas: Personas) -> None:
    """The combined view is built from the one statement's rows: no read of a rating apart."""
    alice, bob = personas.alice, personas.bob
    decision = Decision.objects.get(public_id=personas.decision_id)
    Rating.objects.filter(decision=decision).delete()
    n = len(decision.options)
    for person in (alice, bob):
        Rating.objects.create(decision=decision, user=person, for_self=[5] * n, for_partner=[3] * n)
    client = as_user(alice)
    address = reverse("decide:detail", args=[personas.decision_id])
    client.get(address)
    with CaptureQueriesContext(connection) as read:
        response = client.get(address)
    assert response.status_code == 200
    assert b"together-heading" in response.content  # the combined view is drawn
    statements = [q["sql"] for q in read.captured_queries]
    ours = [sql for sql in statements if f"LEFT JOIN {DECISION} d ON" in sql]
    assert len(ours) == 1, ours
    assert not [sql for sql in statements if sql.startswith('SELECT "decide_rating"')]
