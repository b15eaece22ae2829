"""Writes for the together space: atomic, keyword-only, quiet (nothing is announced).

Creation is idempotent per (owner, idempotency key): the same form posted twice makes one row,
even when the two posts race. Shared goals are edited by compare-and-set on their version, so
a concurrent edit is refused as a conflict and never silently overwritten.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from interdepend.web.accounts.models import User
from interdepend.web.frame.idempotent import create_once
from interdepend.web.partners.models import Partnership
from interdepend.web.together.models import (
    ITEMS,
    Bid,
    BidAnswer,
    Boundary,
    BoundaryEvent,
    BoundaryEventKind,
    BoundaryState,
    CheckIn,
    CirclePerson,
    Commitment,
    CommitmentState,
    Goal,
    GoalNote,
)


class TogetherError(Exception):
    """A step that cannot happen as asked; the message is safe to show."""


class GoalConflict(TogetherError):
    """The goal changed since the form was opened; ``current`` is the version now stored."""

    def __init__(self, current: Goal) -> None:
        self.current = current
        super().__init__("goal changed meanwhile")


@transaction.atomic
def goal_create(
    *, owner: User, partnership: Partnership | None, title: str, detail: str, idem_key: str
) -> Goal:
    return create_once(
        Goal, owner=owner, idem_key=idem_key, partnership=partnership, title=title, detail=detail
    )


def goal_update(*, goal: Goal, expected_version: int, title: str, detail: str, done: bool) -> Goal:
    """Save an edit only if nobody saved one since ``expected_version``; else GoalConflict."""
    with transaction.atomic():
        changed = Goal.objects.filter(pk=goal.pk, version=expected_version).update(
            title=title,
            detail=detail,
            done=done,
            version=F("version") + 1,
            updated_at=timezone.now(),
        )
    current = Goal.objects.select_related("owner").get(pk=goal.pk)
    if not changed:
        raise GoalConflict(current)
    return current


@transaction.atomic
def goal_note_add(*, goal: Goal, author: User, text: str, idem_key: str) -> GoalNote:
    return create_once(
        GoalNote,
        owner=author,
        idem_key=idem_key,
        goal=goal,
        partnership=goal.partnership,
        text=text,
    )


@transaction.atomic
def commitment_create(
    *, owner: User, partnership: Partnership | None, text: str, due_on: date, idem_key: str
) -> Commitment:
    return create_once(
        Commitment,
        owner=owner,
        idem_key=idem_key,
        partnership=partnership,
        text=text,
        due_on=due_on,
    )


@transaction.atomic
def commitment_mark(
    *, commitment: Commitment, state: str, new_due_on: date | None = None
) -> Commitment | None:
    """Mark how a promise went. Reshaped with a new date, the promise carries on as a new one,
    which is returned; the reshaped one still counts as reshaped."""
    if state not in CommitmentState.values or state == CommitmentState.OPEN:
        raise TogetherError("unknown state")
    commitment.state = state
    commitment.resolved_at = timezone.now()
    commitment.save(update_fields=["state", "resolved_at"])
    if state != CommitmentState.RENEGOTIATED or new_due_on is None:
        return None
    return Commitment.objects.create(
        owner=commitment.owner,
        partnership=commitment.partnership,
        text=commitment.text,
        due_on=new_due_on,
    )


@transaction.atomic
def bid_send(*, owner: User, partnership: Partnership, text: str, idem_key: str) -> Bid:
    return create_once(Bid, owner=owner, idem_key=idem_key, partnership=partnership, text=text)


@transaction.atomic
def bid_answer(*, bid: Bid, answer: str, when: str = "") -> Bid:
    if answer not in BidAnswer.values:
        raise TogetherError("unknown answer")
    bid.answer = answer
    bid.answer_when = when.strip()[:80] if answer == BidAnswer.LATER else ""
    bid.answered_at = timezone.now()
    bid.save(update_fields=["answer", "answer_when", "answered_at"])
    return bid


@transaction.atomic
def boundary_draft(*, owner: User, text: str, idem_key: str) -> Boundary:
    return create_once(Boundary, owner=owner, idem_key=idem_key, text=text)


def _event(boundary: Boundary, actor: User, kind: str, text: str = "", open: bool = False) -> None:
    BoundaryEvent.objects.create(boundary=boundary, actor=actor, kind=kind, text=text, open=open)


@transaction.atomic
def boundary_state(*, boundary: Boundary, partnership: Partnership) -> Boundary:
    """Tell the partner: the draft becomes a stated boundary of this partnership."""
    if boundary.state != BoundaryState.DRAFT:
        return boundary
    boundary.state = BoundaryState.STATED
    boundary.partnership = partnership
    boundary.updated_at = timezone.now()
    boundary.save(update_fields=["state", "partnership", "updated_at"])
    _event(boundary, boundary.owner, BoundaryEventKind.STATED, boundary.text)
    return boundary


@transaction.atomic
def boundary_acknowledge(*, boundary: Boundary, actor: User) -> Boundary:
    if boundary.state != BoundaryState.STATED or actor.pk == boundary.owner_id:
        raise TogetherError("only the partner acknowledges a stated boundary")
    boundary.state = BoundaryState.ACKNOWLEDGED
    boundary.updated_at = timezone.now()
    boundary.save(update_fields=["state", "updated_at"])
    _event(boundary, actor, BoundaryEventKind.ACKNOWLEDGED)
    return boundary


@transaction.atomic
def boundary_edit_draft(*, boundary: Boundary, text: str) -> Boundary:
    if boundary.state != BoundaryState.DRAFT:
        raise TogetherError("only a draft is edited directly")
    boundary.text = text
    boundary.updated_at = timezone.now()
    boundary.save(update_fields=["text", "updated_at"])
    return boundary


@transaction.atomic
def boundary_propose(*, boundary: Boundary, actor: User, text: str) -> None:
    """Either partner proposes new wording; it waits for the other one. Earlier open
    proposals are closed (they stay in the history)."""
    if boundary.state == BoundaryState.DRAFT:
        raise TogetherError("a draft is edited, not revised")
    boundary.events.filter(open=True).update(open=False)
    _event(boundary, actor, BoundaryEventKind.PROPOSED, text, open=True)


@transaction.atomic
def boundary_accept(*, boundary: Boundary, actor: User) -> Boundary:
    """The other person agrees to the open proposal: it becomes the boundary's wording."""
    proposal = boundary.events.select_for_update().filter(open=True).first()
    if proposal is None or proposal.actor_id == actor.pk:
        raise TogetherError("nothing waiting for this person")
    proposal.open = False
    proposal.save(update_fields=["open"])
    boundary.text = proposal.text
    boundary.state = BoundaryState.ACKNOWLEDGED
    boundary.updated_at = timezone.now()
    boundary.save(update_fields=["text", "state", "updated_at"])
    _event(boundary, actor, BoundaryEventKind.ACCEPTED, proposal.text)
    return boundary


@transaction.atomic
def checkin_save(
    *,
    owner: User,
    week: date,
    values: dict[str, int | None],
    need: str,
    shared: bool,
    partnership: Partnership | None,
) -> CheckIn:
    """This week's check-in, made or replaced (one a week). Shared only within a partnership."""
    fields: dict[str, Any] = {item: values.get(item) for item in ITEMS}
    shared = shared and partnership is not None
    fields.update(
        need=need,
        shared=shared,
        partnership=partnership if shared else None,
        updated_at=timezone.now(),
    )
    checkin, _ = CheckIn.objects.update_or_create(owner=owner, week=week, defaults=fields)
    return checkin


@transaction.atomic
def circle_add(
    *, owner: User, name: str, last_connected: date | None, idem_key: str
) -> CirclePerson:
    return create_once(
        CirclePerson, owner=owner, idem_key=idem_key, name=name, last_connected=last_connected
    )


@transaction.atomic
def circle_seen(*, person: CirclePerson, on: date) -> CirclePerson:
    person.last_connected = on
    person.save(update_fields=["last_connected"])
    return person


@transaction.atomic
def circle_remove(*, person: CirclePerson) -> None:
    person.delete()
