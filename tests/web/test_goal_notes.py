"""A goal's page reads its steps with one prepared read, held equal to the related manager's
queryset it replaced: the latest :data:`~access.NOTES_SHOWN` (and whether there are more), or
every one when asked, newest first, ties broken by the newest key, each with its owner, its
words and its moment (read as plain values into ``access.StepRow`` since issue 15's thirteenth
pass, where they were model rows)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from interdepend.web.accounts.models import User
from interdepend.web.partners.access import access_active_partnership
from interdepend.web.together import access, services
from interdepend.web.together.models import Goal, GoalNote
from tests.conftest import Personas
from tests.helpers import as_user

pytestmark = pytest.mark.django_db


Step = tuple[int, int, str, str, datetime]


def _by_the_orm(goal: Goal, every: bool) -> tuple[list[Step], bool]:
    """The rule as the page had it: the related manager's queryset, built on each view."""
    rows = goal.notes.order_by("-created_at", "-pk")
    notes = list(rows if every else rows[: access.NOTES_SHOWN + 1])
    hidden = not every and len(notes) > access.NOTES_SHOWN
    notes = notes if every else notes[: access.NOTES_SHOWN]
    return [(n.pk, n.owner_id, n.owner.display_name, n.text, n.created_at) for n in notes], hidden


def _read(user: User, goal: Goal, every: bool) -> tuple[list[Step], bool]:
    seen = access.access_goal(user, goal.public_id)
    notes, hidden = access.goal_notes(seen, user, every=every)
    return [(n.pk, n.owner_id, n.owner.display_name, n.text, n.created_at) for n in notes], hidden


def test_a_goals_steps_read_prepared_equal_the_related_managers_queryset(
    personas: Personas,
) -> None:
    alice, bob = personas.alice, personas.bob
    active = access_active_partnership(alice)
    assert active is not None
    rng = random.Random(8)
    shared = services.goal_create(
        owner=alice, partnership=active.partnership, title="Walk", detail="", idem_key="g1"
    )
    own = services.goal_create(
        owner=alice, partnership=None, title="Read", detail="", idem_key="g2"
    )
    other = services.goal_create(  # its steps must never show on the others' pages
        owner=bob, partnership=active.partnership, title="Cook", detail="", idem_key="g3"
    )
    moment = timezone.now() - timedelta(days=3)
    written = 0
    for count in (0, 1, access.NOTES_SHOWN, access.NOTES_SHOWN + 1, 23):
        while written < count:
            for goal, authors in ((shared, [alice, bob]), (own, [alice]), (other, [bob])):
                note = services.goal_note_add(
                    goal=goal,
                    author=rng.choice(authors),
                    text=f"step {written} <b>&</b> 'שלום'\n{'long ' * rng.randrange(300)}",
                    idem_key=f"n{goal.pk}-{written}",
                )
                # some steps at the very same moment, so the key decides their order
                when = (
                    moment if rng.random() < 0.4 else moment - timedelta(hours=rng.randrange(500))
                )
                GoalNote.objects.filter(pk=note.pk).update(created_at=when)
            written += 1
        for user, goal in ((alice, shared), (bob, shared), (alice, own), (bob, other)):
            for every in (False, True):
                assert _read(user, goal, every) == _by_the_orm(goal, every), (count, every)
    assert access._LATEST_NOTES.prepared(goal_id=shared.pk)
    assert access._EVERY_NOTE.prepared(goal_id=shared.pk)
    assert not access._LATEST_NOTES.refused and not access._EVERY_NOTE.refused


def test_the_goal_page_shows_the_latest_steps_and_the_rest_when_asked(
    personas: Personas,
) -> None:
    alice, bob = personas.alice, personas.bob
    active = access_active_partnership(alice)
    assert active is not None
    goal = services.goal_create(
        owner=alice, partnership=active.partnership, title="Walk", detail="", idem_key="g"
    )
    start = timezone.now() - timedelta(days=30)
    for n in range(access.NOTES_SHOWN + 2):
        note = services.goal_note_add(
            goal=goal, author=[alice, bob][n % 2], text=f"marker-step-{n:02d}", idem_key=f"n{n}"
        )
        GoalNote.objects.filter(pk=note.pk).update(created_at=start + timedelta(days=n))
    page = reverse("together:goal", args=[goal.public_id])
    shown = as_user(bob).get(page).content.decode()
    assert [f"marker-step-{n:02d}" in shown for n in range(access.NOTES_SHOWN + 2)] == [
        False,
        False,
        *[True] * access.NOTES_SHOWN,
    ]
    assert "?steps=all#notes-heading" in shown
    every = as_user(bob).get(page + "?steps=all").content.decode()
    assert all(f"marker-step-{n:02d}" in every for n in range(access.NOTES_SHOWN + 2))
    assert "?steps=all#notes-heading" not in every
    assert every.index("marker-step-09") < every.index("marker-step-00")  # newest first
