"""The goals, a goal's steps and the promises are read as named tuples (``access.GoalLink``,
``access.StepRow``, ``access.PromiseRow``), where they were frozen dataclasses: a frozen
dataclass sets each of its fields through ``object.__setattr__``, and the promises page made
52 of them on each view of the benchmark (54 µs against 15 µs, issue 15's fourteenth pass,
docs/performance-passes.md). They stay unchangeable, and each holds the values of its model row, its
owner one of the two people the page has read."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db.models import Q
from django.utils import timezone

from interdepend.web.partners.access import access_active_partnership
from interdepend.web.together import access, services
from interdepend.web.together.models import Commitment, Goal
from tests.conftest import Personas

pytestmark = pytest.mark.django_db


def _unchangeable(row: object, field: str) -> None:
    assert isinstance(row, tuple)  # made as a named tuple, not field by field
    with pytest.raises(AttributeError):
        setattr(row, field, "changed")


def test_promises_goals_and_steps_are_named_tuples_holding_their_rows(
    personas: Personas,
) -> None:
    alice, bob = personas.alice, personas.bob
    active = access_active_partnership(alice)
    assert active is not None
    today = timezone.localdate()
    for n, (owner, together) in enumerate([(alice, True), (alice, False), (bob, True)]):
        services.commitment_create(
            owner=owner,
            partnership=active.partnership if together else None,
            text=f"<b>promise</b> & {n}",
            due_on=today + timedelta(days=n),
            idem_key=f"p{n}",
        )
        services.goal_create(
            owner=owner,
            partnership=active.partnership if together else None,
            title=f"goal {n} \u05e9",
            detail="",
            idem_key=f"g{n}",
        )

    # hers alone and both of theirs shared; none of his made alone
    seen = Q(owner=alice, partnership__isnull=True) | Q(partnership=active.partnership)
    promises = access.promise_list(alice, active)
    assert {row.pk for row in promises} == set(
        Commitment.objects.filter(seen).values_list("pk", flat=True)
    )
    assert len(promises) >= 3
    for row in promises:
        _unchangeable(row, "text")
        found = Commitment.objects.get(pk=row.pk)
        assert (row.public_id, row.owner_id, row.partnership_id, row.text, row.due_on) == (
            found.public_id,
            found.owner_id,
            found.partnership_id,
            found.text,
            found.due_on,
        )
        assert row.state == found.state
        assert row.owner.pk == found.owner_id
        assert row.owner in (alice, active.partner)

    goals = access.goal_list(alice, active)
    assert {link.public_id for link in goals} == set(
        Goal.objects.filter(seen).values_list("public_id", flat=True)
    )
    assert len(goals) >= 3
    for link in goals:
        _unchangeable(link, "title")
        goal = Goal.objects.get(public_id=link.public_id)
        assert (link.title, link.done, link.partnership_id) == (
            goal.title,
            goal.done,
            goal.partnership_id,
        )
        assert link.is_shared is (goal.partnership_id is not None)

    shared = Goal.objects.get(owner=bob, partnership=active.partnership)
    services.goal_note_add(goal=shared, author=bob, text="a step & <i>more</i>", idem_key="n1")
    steps, hidden = access.goal_notes(
        access.access_goal(alice, shared.public_id), alice, every=False
    )
    assert not hidden
    [step] = steps
    _unchangeable(step, "text")
    note = shared.notes.get()
    assert (step.pk, step.owner_id, step.text, step.created_at) == (
        note.pk,
        note.owner_id,
        note.text,
        note.created_at,
    )
    assert step.owner.pk == bob.pk
