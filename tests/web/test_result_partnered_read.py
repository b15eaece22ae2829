"""The result page reads her take, whether she has a partner now and the take before it in one
statement (``assessment.access.access_own_result``, issue 15's twenty-fifth pass; the first two
were one since the twenty-fourth), where it ran three (``access_own_attempt``,
``partners.access.has_active_partnership`` and the take before as a prepared read, written here
as the ORM's queryset it was): held to the three after any history of invitations, links,
departures and takes (of the inventory's two versions and of other instruments, finished on
the same days) among four people, for each one's takes, another's and an id no take has, with
prepared reads on and off."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interdepend.web.accounts.models import User
from interdepend.web.accounts.services import user_create
from interdepend.web.assessment import access, selectors, views
from interdepend.web.assessment.access import (
    PREVIOUS_FIELDS,
    access_own_attempt,
    access_own_result,
)
from interdepend.web.assessment.demo import complete_attempt, profile_answers
from interdepend.web.assessment.models import Attempt
from interdepend.web.assessment.services import attempt_start
from interdepend.web.frame import prepared
from interdepend.web.partners.access import has_active_partnership
from interdepend.web.partners.models import Invitation
from tests.conftest import Personas
from tests.helpers import as_user, partner_step

pytestmark = pytest.mark.django_db

PASSWORD = "a long enough password 15"
HISTORY = st.lists(
    st.tuples(
        st.sampled_from(["invite", "accept", "leave", "finish", "start", "other"]),
        st.integers(0, 3),
        st.integers(0, 3),
    ),
    max_size=12,
)
NO_TAKE = "A" * 22
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def _fields(attempt: Attempt) -> dict[str, object]:
    return {f.attname: getattr(attempt, f.attname) for f in Attempt._meta.concrete_fields}


def _previous_take(user: User, attempt: Attempt) -> list[Attempt]:
    """The take before ``attempt`` as the page read it until the twenty-fifth pass (the
    prepared read ``access.previous_take``, its queryset): of her takes of the inventory
    finished before it was, the one begun last, only what the page uses of it."""
    if attempt.completed_at is None:
        return []
    return list(
        Attempt.objects.filter(
            user_id=user.pk,
            instrument_id__in=selectors.INVENTORY_IDS,
            completed_at__lt=attempt.completed_at,
        )
        .order_by("-started_at", "-pk")
        .only(*PREVIOUS_FIELDS)[:1]
    )


def _same_as_the_three_reads(user: User, attempt_id: str) -> None:
    try:
        expected = access_own_attempt(user, attempt_id)
    except Http404:
        with pytest.raises(Http404):
            access_own_result(user, attempt_id)
        return
    attempt, partnered, earlier = access_own_result(user, attempt_id)
    assert type(attempt) is Attempt and type(partnered) is bool
    assert _fields(attempt) == _fields(expected)
    assert attempt.get_deferred_fields() == set()
    assert partnered is has_active_partnership(user)
    old = _previous_take(user, expected)
    assert [a.pk for a in earlier] == [a.pk for a in old]
    for found, before in zip(earlier, old, strict=True):
        assert type(found) is Attempt
        assert found.get_deferred_fields() == before.get_deferred_fields()
        assert found.__dict__.keys() == before.__dict__.keys()
        for name in ("id", *PREVIOUS_FIELDS):
            assert getattr(found, name) == getattr(before, name), name
            assert type(getattr(found, name)) is type(getattr(before, name)), name


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(history=HISTORY, kept=st.booleans())
def test_the_one_read_is_the_two_it_replaced(
    history: list[tuple[str, int, int]], kept: bool
) -> None:
    answers = profile_answers(
        selectors.inventory(), {"self": 5, "bond": 5, "enmeshment": 2, "distance": 2}
    )
    start = timezone.now()
    enabled = prepared.ENABLED
    prepared.ENABLED = kept
    try:
        with transaction.atomic():
            people = [
                user_create(email=f"r{n}@example.test", password=PASSWORD, display_name=f"R{n}")
                for n in range(4)
            ]
            codes: dict[int, Invitation] = {}
            for step, (action, a, b) in enumerate(history):
                actor = people[a]
                partner_step(action, a, b, people, codes)  # invite, accept, leave
                if action == "finish":
                    done = complete_attempt(actor, answers, days_ago=b, seed=step)
                    Attempt.objects.filter(pk=done.pk).update(
                        completed_at=start - timedelta(days=b)
                    )
                elif action == "start":
                    attempt_start(user=actor, instrument=selectors.inventory(), seed=step)
                elif action == "other":  # another instrument's or version's take, finished
                    Attempt.objects.create(
                        user=actor,
                        instrument_id=(*selectors.INVENTORY_IDS, selectors.SCREEN_ID)[b % 3],
                        instrument_version="1",
                        started_at=start - timedelta(days=b, hours=step),
                        completed_at=start - timedelta(days=a),
                    )
                ids = [*Attempt.objects.values_list("public_id", flat=True), NO_TAKE]
                for person in people:
                    for attempt_id in ids:
                        _same_as_the_three_reads(person, attempt_id)
            transaction.set_rollback(True)
    finally:
        prepared.ENABLED = enabled


def test_every_persona_s_take_and_partner_as_the_two_reads_had_them(personas: Personas) -> None:
    ids = [personas.finished_attempt_id, personas.unfinished_attempt_id, NO_TAKE]
    for person in personas.by_role().values():
        for attempt_id in ids:
            _same_as_the_three_reads(person, attempt_id)
    _attempt, partnered, _earlier = access_own_result(personas.alice, personas.finished_attempt_id)
    assert partnered is True


def test_it_is_one_kept_statement(personas: Personas) -> None:
    user = User.objects.get(pk=personas.alice.pk)
    access_own_result(user, personas.finished_attempt_id)
    with CaptureQueriesContext(connection) as captured:
        access_own_result(user, personas.finished_attempt_id)
    assert len(captured) == 1 and "EXISTS" in captured[0]["sql"]
    assert access._own_result_statement.cache_info().currsize == 1


@pytest.mark.parametrize("before", [False, True])
def test_the_result_page_reads_two_statements_less(personas: Personas, before: bool) -> None:
    """The page with the three reads (as before) and with the one: two statements fewer, the
    same page but for its form key, with a take before the one shown and without."""
    if before:  # finished a year before the persona's take
        answers = profile_answers(
            selectors.inventory(), {"self": 2, "bond": 3, "enmeshment": 6, "distance": 5}
        )
        earlier = complete_attempt(personas.alice, answers, days_ago=400, seed=4)
        Attempt.objects.filter(pk=earlier.pk).update(
            started_at=timezone.now() - timedelta(days=401),
            completed_at=timezone.now() - timedelta(days=400),
        )
    client = as_user(personas.alice)
    url = reverse("assessment:results", kwargs={"attempt_id": personas.finished_attempt_id})
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        new = client.get(url)
    one = len(captured)

    def three(user: User, attempt_id: str) -> tuple[Attempt, bool, list[Attempt]]:
        attempt = access_own_attempt(user, attempt_id)
        return attempt, has_active_partnership(user), _previous_take(user, attempt)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(views, "access_own_result", three)
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            old = client.get(url)
    assert len(captured) == one + 2
    assert TOKEN.sub("", new.content.decode()) == TOKEN.sub("", old.content.decode())
    assert "Go to your couple view" in new.content.decode()
    assert ('id="change-heading"' in new.content.decode()) is before
