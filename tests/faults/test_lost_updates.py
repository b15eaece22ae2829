"""T20: concurrent edits of one shared goal: conflicts reported, no lost update.

Eight editors, each with its own database connection, make 10,000 edit attempts in all on the
same shared goal. Every attempt names the version its editor last read; an attempt based on a
stale version must be refused with a conflict (the editor then reads again). An update is lost
when two attempts based on the same version both succeed, or when the goal's version does not
advance by exactly the number of successes.
"""

from __future__ import annotations

import os
import threading

import pytest

from interdepend.web.together import services
from interdepend.web.together.models import Goal
from tests.conftest import Personas
from tests.faults.concurrency import run_threads

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

ATTEMPTS = int(os.environ.get("LOST_UPDATE_ATTEMPTS", "10000"))
EDITORS = 8


def test_ten_thousand_concurrent_edits_lose_no_update(personas: Personas) -> None:
    goal_id = personas.together["shared_goal"]
    start = Goal.objects.get(public_id=goal_id).version
    lock = threading.Lock()
    tickets = iter(range(ATTEMPTS))
    based_on: list[int] = []
    conflicts = 0

    def editor(n: int) -> None:
        nonlocal conflicts
        goal = Goal.objects.get(public_id=goal_id)
        while True:
            with lock:
                ticket = next(tickets, None)
            if ticket is None:
                return
            seen = goal.version
            try:
                goal = services.goal_update(
                    goal=goal,
                    expected_version=seen,
                    title=f"edit {ticket} by {n}",
                    detail=str(ticket),
                    done=False,
                )
            except services.GoalConflict as conflict:
                with lock:
                    conflicts += 1
                goal = conflict.current
            else:
                with lock:
                    based_on.append(seen)

    errors = [r for r in run_threads(EDITORS, editor) if isinstance(r, BaseException)]
    assert not errors, errors[:3]
    final = Goal.objects.get(public_id=goal_id)
    successes = len(based_on)
    lost = (successes - len(set(based_on))) + abs(final.version - start - successes)
    print(
        f"\nT20 lost updates: {successes + conflicts} concurrent edit attempts by {EDITORS} "
        f"editors, {successes} saved, {conflicts} conflicts reported, {lost} lost"
    )
    assert successes + conflicts == ATTEMPTS
    assert lost == 0
    assert successes > 0 and final.detail.isdigit()
