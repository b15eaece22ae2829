"""The result page reads her take and whether she has a partner now in one statement
(``assessment.access.access_own_attempt_partnered``, issue 15's twenty-fourth pass), where it
ran two (``access_own_attempt`` and ``partners.access.has_active_partnership``): held to the
two after any history of invitations, links, departures and takes among four people, for each
one's takes, another's and an id no take has, with prepared reads on and off."""

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
from interdepend.web.assessment.access import access_own_attempt, access_own_attempt_partnered
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
        st.sampled_from(["invite", "accept", "leave", "finish", "start"]),
        st.integers(0, 3),
        st.integers(0, 3),
    ),
    max_size=12,
)
NO_TAKE = "A" * 22
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def _fields(attempt: Attempt) -> dict[str, object]:
    return {f.attname: getattr(attempt, f.attname) for f in Attempt._meta.concrete_fields}


def _same_as_the_two_reads(user: User, attempt_id: str) -> None:
    try:
        expected = access_own_attempt(user, attempt_id)
    except Http404:
        with pytest.raises(Http404):
            access_own_attempt_partnered(user, attempt_id)
        return
    attempt, partnered = access_own_attempt_partnered(user, attempt_id)
    assert type(attempt) is Attempt and type(partnered) is bool
    assert _fields(attempt) == _fields(expected)
    assert partnered is has_active_partnership(user)


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
                ids = [*Attempt.objects.values_list("public_id", flat=True), NO_TAKE]
                for person in people:
                    for attempt_id in ids:
                        _same_as_the_two_reads(person, attempt_id)
            transaction.set_rollback(True)
    finally:
        prepared.ENABLED = enabled


def test_every_persona_s_take_and_partner_as_the_two_reads_had_them(personas: Personas) -> None:
    ids = [personas.finished_attempt_id, personas.unfinished_attempt_id, NO_TAKE]
    for person in personas.by_role().values():
        for attempt_id in ids:
            _same_as_the_two_reads(person, attempt_id)
    _attempt, partnered = access_own_attempt_partnered(personas.alice, personas.finished_attempt_id)
    assert partnered is True


def test_it_is_one_kept_statement(personas: Personas) -> None:
    user = User.objects.get(pk=personas.alice.pk)
    access_own_attempt_partnered(user, personas.finished_attempt_id)
    with CaptureQueriesContext(connection) as captured:
        access_own_attempt_partnered(user, personas.finished_attempt_id)
    assert len(captured) == 1 and "EXISTS" in captured[0]["sql"]
    assert access._own_partnered_statement.cache_info().currsize == 1


def test_the_result_page_reads_one_statement_less(personas: Personas) -> None:
    """The page with the two reads (as before) and with the one: one statement fewer, the same
    page but for its form key."""
    client = as_user(personas.alice)
    url = reverse("assessment:results", kwargs={"attempt_id": personas.finished_attempt_id})
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        new = client.get(url)
    one = len(captured)

    def two(user: User, attempt_id: str) -> tuple[Attempt, bool]:
        return access_own_attempt(user, attempt_id), has_active_partnership(user)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(views, "access_own_attempt_partnered", two)
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            old = client.get(url)
    assert len(captured) == one + 1
    assert TOKEN.sub("", new.content.decode()) == TOKEN.sub("", old.content.decode())
    assert "Go to your couple view" in new.content.decode()
