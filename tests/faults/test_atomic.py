"""T18: a fault injected at every step of each multi-row write leaves no partial write.

For each write the app makes that touches more than one row, the harness first runs it to
count its write statements (INSERT, UPDATE, DELETE). Then, for k = 1 … N, it runs it again
from the same starting state with a database error raised just before the k-th write
statement, and compares every table with the state before: a difference is a partial write.
Each run is undone afterwards, so every k starts from the same rows.

The injected error is an ``OperationalError``, what the database driver raises for a full disk,
a lost connection or a lock timeout; services must not swallow it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.apps import apps
from django.db import OperationalError, connection, transaction
from django.utils import timezone

from tests.conftest import Personas
from tests.helpers import active_partnership

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE", "DELETE")


class Injected(OperationalError):
    """The fault the harness raises; told apart from real errors by its type."""


def snapshot() -> dict[str, list[tuple[Any, ...]]]:
    return {
        model._meta.db_table: list(model._default_manager.order_by("pk").values_list())
        for model in apps.get_models()
        if model._meta.managed
    }


class FailAt:
    """An execute wrapper that fails the k-th write statement (0 = never) and counts them."""

    def __init__(self, k: int) -> None:
        self.k = k
        self.writes = 0

    def __call__(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, ctx: Any
    ) -> Any:
        if sql.lstrip().upper().startswith(WRITES):
            self.writes += 1
            if self.writes == self.k:
                raise Injected(f"injected fault at write {self.k}")
        return execute(sql, params, many, ctx)


def run_with_faults(action: Callable[[], object]) -> tuple[int, list[str]]:
    """Fail each write step of ``action`` in turn; return (steps, partial writes found)."""
    with transaction.atomic():
        counter = FailAt(0)
        with connection.execute_wrapper(counter):
            action()
        transaction.set_rollback(True)
    partial: list[str] = []
    for k in range(1, counter.writes + 1):
        with transaction.atomic():
            before = snapshot()
            try:
                with connection.execute_wrapper(FailAt(k)):
                    action()
            except Injected:
                after = snapshot()
                changed = [table for table in before if before[table] != after[table]]
                if changed:
                    partial.append(f"fault at write {k}: {', '.join(changed)} changed")
            else:
                partial.append(f"fault at write {k} was swallowed and the write went on")
            transaction.set_rollback(True)
    return counter.writes, partial


def _actions(p: Personas) -> dict[str, Callable[[], object]]:
    """Every multi-row write, as a call on the personas' data."""
    from interdepend.web.accounts import services as accounts
    from interdepend.web.accounts.models import User
    from interdepend.web.assessment import selectors as assessment_selectors
    from interdepend.web.assessment import services as assessment
    from interdepend.web.assessment.demo import profile_answers
    from interdepend.web.assessment.models import Attempt
    from interdepend.web.couple import services as couple
    from interdepend.web.decide import services as decide
    from interdepend.web.decide.models import Decision
    from interdepend.web.partners import services as partners
    from interdepend.web.partners.models import Invitation
    from interdepend.web.together import services as together
    from interdepend.web.together.models import Bid, Boundary, Commitment, Goal

    def fresh(person: User) -> User:
        """A new copy per run: a run that deletes a row leaves its Python object unsaved."""
        return User.objects.get(pk=person.pk)

    inventory = assessment_selectors.inventory()
    assessment.attempt_save_answers(
        attempt=Attempt.objects.get(public_id=p.unfinished_attempt_id),
        instrument=inventory,
        page_items=list(inventory.item_ids),
        answers=profile_answers(inventory, {"self": 5, "bond": 5, "enmeshment": 3, "distance": 3}),
    )

    def finish_carol() -> object:
        attempt = Attempt.objects.get(public_id=p.unfinished_attempt_id)
        screen = assessment_selectors.safety_screen()
        return assessment.attempt_finish(
            attempt=attempt,
            instrument=inventory,
            screen=screen,
            screen_answers=dict.fromkeys(screen.item_ids, 1),
        )

    from interdepend.web.datarights import services as datarights
    from interdepend.web.journal import services as journal
    from interdepend.web.practice import services as practice
    from interdepend.web.practice.accesslog import record_reads
    from interdepend.web.practice.models import AccessKind, ClientInvitation, ClientLink

    links = p.practice.ids

    def log_couple_read() -> int:
        with transaction.atomic():
            return record_reads(
                subjects=[fresh(p.alice), fresh(p.bob)],
                reader=fresh(p.practice.pat),
                kind=AccessKind.COUPLE,
            )

    partnership = active_partnership(p.alice).partnership
    goal = Goal.objects.get(public_id=p.together["shared_goal"])
    return {
        "accept an invitation": lambda: partners.invitation_accept(
            invitation=Invitation.objects.get(public_id=p.invitation_id), user=fresh(p.erin)
        ),
        "leave a partnership": lambda: partners.partnership_leave(user=fresh(p.alice)),
        "delete an account": lambda: datarights.user_delete(user=fresh(p.alice)),
        "change a password, ending other sessions": lambda: accounts.user_change_password(
            user=fresh(p.alice),
            new_password="another long password",
            keep_session_key=None,
            end_other_sessions=True,
        ),
        "finish an inventory": finish_carol,
        "withdraw the couple view": lambda: couple.reveal_withdraw(
            user=fresh(p.alice), active=active_partnership(p.alice)
        ),
        "name a decision": lambda: decide.decision_create(
            partnership=partnership,
            author=fresh(p.alice),
            title="Which weekend",
            options=["This", "Next"],
            token="f1",
        ),
        "rate a decision": lambda: decide.rating_save(
            decision=Decision.objects.get(public_id=p.decision_id),
            user=fresh(p.bob),
            for_self=[4, 5],
            for_partner=[3, 6],
        ),
        "add a goal note": lambda: together.goal_note_add(
            goal=goal, author=fresh(p.bob), text="one more step", idem_key="n1"
        ),
        "reshape a promise": lambda: together.commitment_mark(
            commitment=Commitment.objects.get(public_id=p.together["commitment"]),
            state="renegotiated",
            new_due_on=timezone.localdate() + timedelta(days=7),
        ),
        "answer a bid": lambda: together.bid_answer(
            bid=Bid.objects.get(public_id=p.together["bid"]), answer="later", when="tonight"
        ),
        "propose a boundary revision": lambda: together.boundary_propose(
            boundary=Boundary.objects.get(public_id=p.together["boundary"]),
            actor=fresh(p.bob),
            text="softer",
        ),
        "acknowledge a boundary": lambda: together.boundary_acknowledge(
            boundary=Boundary.objects.get(public_id=p.together["boundary"]), actor=fresh(p.bob)
        ),
        "write a first journal entry (data key and entry)": lambda: journal.entry_create(
            owner=fresh(p.erin), body="first words", prompt_key="", idem_key="j1"
        ),
        "redeem a practitioner's code": lambda: practice.client_invitation_redeem(
            invitation=ClientInvitation.objects.get(public_id=links["open_invitation"]),
            user=fresh(p.carol),
        ),
        "change consent scopes": lambda: practice.consent_set(
            link=ClientLink.objects.get(public_id=links["alice_link"]), scopes=["trends"]
        ),
        "end a practitioner link": lambda: practice.link_end(
            link=ClientLink.objects.get(public_id=links["alice_link"])
        ),
        "log a couple read": log_couple_read,
        "safety reset": lambda: datarights.safety_reset(user=fresh(p.alice), keep_session_key=None),
        "erase personal data": lambda: datarights.personal_data_erase(user=fresh(p.alice)),
    }


def test_a_fault_at_every_write_step_leaves_no_partial_write(personas: Personas) -> None:
    steps = 0
    partial: list[str] = []
    actions = _actions(personas)
    for name, action in actions.items():
        count, found = run_with_faults(action)
        steps += count
        partial.extend(f"{name}: {problem}" for problem in found)
    print(
        f"\nT18 atomic writes: {len(actions)} multi-row writes, {steps} fault points, "
        f"{len(partial)} partial"
    )
    assert not partial, "\n".join(partial)
