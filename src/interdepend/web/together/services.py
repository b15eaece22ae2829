"""Writes for the together space: atomic, keyword-only, quiet (nothing is announced).

Creation is idempotent per (owner, idempotency key): the same form posted twice makes one row,
even when the two posts race. Shared goals are edited by compare-and-set on their version, so
a concurrent edit is refused as a conflict and never silently overwritten.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.models import Case, F, Field, Q, Value, When
from django.utils import timezone

from interdepend.core.boundary import (
    BoundaryStepRefused,
    Effect,
    Refusal,
    Step,
    boundary_move,
)
from interdepend.web.accounts.models import User
from interdepend.web.frame import versions
from interdepend.web.frame.idempotent import create_once
from interdepend.web.frame.sqlite3 import kept_count, kept_statement
from interdepend.web.partners.models import Partnership
from interdepend.web.partners.services import (
    PartnershipEnded,
    held_or_none,
    hold_partnership,
)
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


class AlreadyDone(TogetherError):
    """Answered or marked already (from another tab, or a tap a moment before): the row is
    left as the first answer made it."""


class NoLongerThere(TogetherError):
    """The row went while the request was on its way (its owner deleted it, or the account)."""


def _done_or_gone(model: type[Bid] | type[Commitment], pk: int) -> TogetherError:
    """Why a conditional update changed no row."""
    return AlreadyDone() if model.objects.filter(pk=pk).exists() else NoLongerThere()


class GoalConflict(TogetherError):
    """The goal changed since the form was opened; ``current`` is the version now stored."""

    def __init__(self, current: Goal) -> None:
        self.current = current
        super().__init__("goal changed meanwhile")


def _hold_shared(row: Goal | Commitment) -> None:
    """A shared row is written only while its partnership lasts (:class:`PartnershipEnded`)."""
    if row.partnership_id is not None:
        hold_partnership(partnership_id=row.partnership_id)


@transaction.atomic
def goal_create(
    *, owner: User, partnership: Partnership | None, title: str, detail: str, idem_key: str
) -> Goal:
    """A goal, shared in ``partnership`` if given; one asked for in a partnership that ended on
    the way is made the owner's own (the caller sees ``partnership_id`` is None)."""
    return create_once(
        Goal,
        owner=owner,
        idem_key=idem_key,
        partnership=held_or_none(partnership),
        title=title,
        detail=detail,
    )


def goal_update(
    *,
    goal: Goal,
    expected_version: int,
    title: str,
    detail: str,
    done: bool,
    editor: User | None = None,
) -> Goal:
    """Save an edit only if nobody saved one since ``expected_version``; else GoalConflict.
    A shared goal whose partnership ended on the way raises :class:`PartnershipEnded`. The
    ``editor`` is kept as the goal's last editor (shown on a shared goal).

    An edit that leaves the words and *reached* as they are now writes nothing and is no
    conflict: it bumped the version, the day and the last editor, so that her partner read
    "Last changed by" her over words she had not changed, and his open form was refused (the
    partner audit of 2026-12-04, VII)."""
    by_owner = editor is not None and editor.pk == goal.owner_id
    # Only different words from someone else (or from an editor not named) mark the goal as
    # holding another's words; the same words saved again, or "reached" ticked, leave them the
    # owner's (``Goal.partner_wrote``).
    partner_wrote: Any = (
        F("partner_wrote")
        if by_owner
        else Case(
            When(Q(title=title) & Q(detail=detail), then=F("partner_wrote")),
            default=Value(True),
        )
    )
    with transaction.atomic():
        _hold_shared(goal)
        unchanged = Goal.objects.select_related("owner").filter(
            pk=goal.pk, title=title, detail=detail, done=done
        )
        if (same := unchanged.first()) is not None:
            return same
        changed = Goal.objects.filter(pk=goal.pk, version=expected_version).update(
            title=title,
            detail=detail,
            done=done,
            version=F("version") + 1,
            updated_at=timezone.now(),
            edited_by=editor,
            partner_wrote=partner_wrote,
        )
    current = Goal.objects.select_related("owner").get(pk=goal.pk)
    if not changed:
        raise GoalConflict(current)
    return current


@transaction.atomic
def goal_note_add(*, goal: Goal, author: User, text: str, idem_key: str) -> GoalNote:
    """A note on a goal; :class:`PartnershipEnded` when its partnership ended on the way."""
    _hold_shared(goal)
    return create_once(
        GoalNote,
        owner=author,
        idem_key=idem_key,
        goal=goal,
        partnership=goal.partnership,
        text=text,
    )


#: How many open promises one partner may have in a partnership. Each of his whose day came
#: counts in her things waiting for a week, and only he can mark it: with no cap, a partner
#: could fill her count (and her "something waits" notification) with a hundred that she can
#: do nothing about. A person alone makes as many as she likes.
PROMISES_OPEN_MAX = 20


class TooManyPromises(TogetherError):
    """The owner has :data:`PROMISES_OPEN_MAX` open promises in the partnership already."""


@transaction.atomic
def commitment_create(
    *, owner: User, partnership: Partnership | None, text: str, due_on: date, idem_key: str
) -> Commitment:
    """A promise, in ``partnership`` if given; in one that ended on the way it is made the
    owner's own (the caller sees ``partnership_id`` is None). :class:`TooManyPromises` when
    :data:`PROMISES_OPEN_MAX` of the owner's promises in the partnership are open (a promise
    sent again with its key is returned as it was)."""
    held = held_or_none(partnership)  # also keeps two makes from racing the count

    def room() -> None:
        open_ones = Commitment.objects.filter(
            owner=owner, partnership=held, state=CommitmentState.OPEN
        )
        if held is not None and open_ones.count() >= PROMISES_OPEN_MAX:
            raise TooManyPromises

    return create_once(
        Commitment,
        owner=owner,
        idem_key=idem_key,
        before_new=room,
        partnership=held,
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
    _hold_shared(commitment)  # a partnership that ended on the way: PartnershipEnded
    now = timezone.now()
    # Marked once: the row changes only while it is still open, so a double tap or a second
    # tab (waiting on the first's lock) changes nothing and makes no second follow-up.
    marked = Commitment.objects.filter(pk=commitment.pk, state=CommitmentState.OPEN).update(
        state=state, resolved_at=now
    )
    if not marked:
        raise _done_or_gone(Commitment, commitment.pk)
    commitment.state, commitment.resolved_at = state, now
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
    """Send a bid in the current partnership; :class:`PartnershipEnded` when it ended on the way,
    :class:`TooManyWaiting` when :data:`BIDS_WAITING_MAX` of the sender's bids are still
    waiting for an answer (a bid sent again with its key is returned as it was)."""
    hold_partnership(partnership_id=partnership.pk)  # also keeps two sends from racing the count

    def room() -> None:
        if bids_waiting(owner=owner, partnership=partnership) >= BIDS_WAITING_MAX:
            raise TooManyWaiting

    return create_once(
        Bid, owner=owner, idem_key=idem_key, before_new=room, partnership=partnership, text=text
    )


#: How many of one partner's bids may wait for the other's answer at a time. A bid is a small
#: reach, answered or not; a stream of them is pressure, and every waiting bid stays on the
#: other's screen and in their count of things waiting until they answer it.
BIDS_WAITING_MAX = 10


class TooManyWaiting(TogetherError):
    """The sender has :data:`BIDS_WAITING_MAX` bids waiting for an answer already."""


def bids_waiting(*, owner: User, partnership: Partnership) -> int:
    """How many of ``owner``'s bids in the partnership are still waiting for an answer."""
    return Bid.objects.filter(partnership=partnership, owner=owner, answer="").count()


#: The answers a bid takes: ``BidAnswer.values``, which the enum makes anew as a list each time
#: it is asked (about 9 µs of every answer, issue 15's seventeenth pass). The same for everyone.
BID_ANSWERS = frozenset(BidAnswer.values)

#: The longest "later, when?" a bid's answer keeps: its column's length.
WHEN_MAX: int = Bid._meta.get_field("answer_when").max_length  # type: ignore[assignment]


@transaction.atomic
def bid_answer(*, bid: Bid, answer: str, when: str = "") -> Bid:
    """Answer a bid, once: a second answer (another tab, a stale page) changes nothing."""
    if answer not in BID_ANSWERS:
        raise TogetherError("unknown answer")
    too_long = answer == BidAnswer.LATER and len(when.strip()) > WHEN_MAX
    if bid.partnership_id is not None and not too_long and _held_by_the_write():
        # The partnership's check in the write itself, one statement (:func:`_answered_within`).
        values = _answer_values(answer, when)
        if not _answered_within(bid.pk, bid.partnership_id, values):
            _hold(bid.partnership_id)  # NoLongerThere where it has ended, as before the write
            raise _done_or_gone(Bid, bid.pk)
    else:
        if bid.partnership_id is not None:
            _hold(bid.partnership_id)  # not into one that just ended
        if too_long:
            raise TogetherError("the time is too long")
        values = _answer_values(answer, when)
        if not _answered(bid.pk, values):
            raise _done_or_gone(Bid, bid.pk)
    for name, value in values.items():
        setattr(bid, name, value)
    return bid


def _hold(partnership_id: int) -> None:
    """``hold_partnership``, its refusal told as :class:`NoLongerThere`."""
    try:
        hold_partnership(partnership_id=partnership_id)
    except PartnershipEnded:
        raise NoLongerThere from None


def _answer_values(answer: str, when: str) -> dict[str, Any]:
    """What an answer writes: the answer, its words for later and its time."""
    return {
        "answer": answer,
        "answer_when": when.strip() if answer == BidAnswer.LATER else "",
        "answered_at": timezone.now(),
    }


def _held_by_the_write() -> bool:
    """Whether the partnership's check may go into the answer's write: where the backend takes
    no lock of a row (SQLite, whose ``BEGIN IMMEDIATE`` holds the whole database for the
    transaction), ``hold_partnership``'s read only looks, so the write's own condition looks
    the same. Where it locks the partnership's row (PostgreSQL), it runs first, as before."""
    return not connection.features.has_select_for_update


def _answered_within(bid_id: int, partnership_id: int, values: dict[str, Any]) -> int:
    """:func:`_answered`, only while the partnership ``partnership_id`` lasts: its statement
    with ``hold_partnership``'s read as a condition (:func:`_answer_within_statement`), one
    statement where the answer ran two inside its transaction (issue 15's twenty-seventh pass).
    No row changed: the answer then runs ``hold_partnership`` (refused where it has ended), then
    reads why, as before. ``tests/web/test_bid_answer_within.py`` holds every outcome and row
    to the two statements'."""
    _statement, made = _answer_sql(bid_id, values)
    within = (*made, partnership_id)
    return kept_count(connections[DEFAULT_DB_ALIAS], _answer_within_statement(), within)


@kept_statement
def _answer_within_statement() -> str:
    """:func:`_answer_statement` changing the bid only while its partnership has not ended (the
    partnership's id its last parameter): ``hold_partnership``'s read of it as a condition."""
    q = connection.ops.quote_name
    meta = Partnership._meta
    table = q(meta.db_table)
    pk, ended = q(str(meta.pk.column)), q(meta.get_field("ended_at").column)
    return (
        f"{_answer_statement()} AND EXISTS "
        f"(SELECT 1 FROM {table} WHERE {table}.{pk} = %s AND {table}.{ended} IS NULL)"
    )


def _answered(bid_id: int, values: dict[str, Any]) -> int:
    """``Bid.objects.filter(pk=bid_id, answer="").update(**values)`` (an answer, its words for
    later and its time): the statement the ORM builds for it, written once, each value made
    ready for the database by its field as the ORM makes it. The ORM built it anew on every
    answer (about 0.3 ms, issue 15's thirteenth pass); ``tests/web/test_hand_written_reads.py``
    holds the two equal, word for word and in what they change. Returns the rows changed.
    Run by ``frame.sqlite3.kept_count``: on SQLite without Django's cursor around it, unless
    anyone logs or watches the statements (issue 15's twenty-fifth pass)."""
    return kept_count(connections[DEFAULT_DB_ALIAS], *_answer_sql(bid_id, values))


def _answer_sql(bid_id: int, values: dict[str, Any]) -> tuple[str, tuple[Any, ...]]:
    """:func:`_answered`'s statement and its values, as the ORM's compiler hands them over.
    An answer's usual values (two plain texts and an aware moment, in the statement's order)
    are made ready as their fields make them: a text as it is (a ``CharField``'s preparing
    gives a plain text back unchanged) and the moment by the backend's adapting alone (the
    field's preparing gives an aware moment back as it is). The three fields' preparing was
    about two thirds of this in a loop, some 40-50 µs on a busy machine (issue 15's
    twenty-fifth pass); anything else goes through the fields.
    ``tests/web/test_answer_reads.py`` holds the two equal."""
    answer, when, at = values["answer"], values["answer_when"], values["answered_at"]
    aware = type(at) is datetime and at.tzinfo is not None and at.utcoffset() is not None
    if _USUAL_ORDER and type(answer) is str and type(when) is str and aware:
        made: Any = (answer, when, connection.ops.adapt_datetimefield_value(at))
    else:
        fields = _ANSWER_FIELDS
        made = (fields[name].get_db_prep_save(values[name], connection) for name in fields)
    return _answer_statement(), (*made, "", bid_id)


#: The columns an answer writes, in the statement's order.
_ANSWER_FIELDS: dict[str, Field[Any, Any]] = {
    field.name: field
    for field in Bid._meta.concrete_fields
    if field.name in ("answer", "answer_when", "answered_at")
}
#: Whether the statement sets the answer, its words and its time in that order (the model's).
_USUAL_ORDER = tuple(_ANSWER_FIELDS) == ("answer", "answer_when", "answered_at")


@kept_statement
def _answer_statement() -> str:
    q = connection.ops.quote_name
    meta = Bid._meta
    table = q(meta.db_table)
    sets = ", ".join(f"{q(field.column)} = %s" for field in _ANSWER_FIELDS.values())
    answer, pk = q(_ANSWER_FIELDS["answer"].column), q(str(meta.pk.column))
    return f"UPDATE {table} SET {sets} WHERE ({table}.{answer} = %s AND {table}.{pk} = %s)"


@transaction.atomic
def boundary_draft(*, owner: User, text: str, idem_key: str) -> Boundary:
    return create_once(Boundary, owner=owner, idem_key=idem_key, text=text)


@dataclass(frozen=True)
class _Taken:
    """One allowed step, as :func:`boundary_step` writes it."""

    boundary: Boundary
    actor: User
    partnership: Partnership | None
    wording: str
    waiting: BoundaryEvent | None


#: How many of one partner's boundaries may wait, told and not yet acknowledged, for the other.
#: Each stays on her boundaries page and in her count of things waiting, in his words, until
#: she acknowledges it: with no cap, a partner could tell her a hundred rules in an evening
#: (bids have had their cap, :data:`BIDS_WAITING_MAX`, for the same reason).
BOUNDARIES_WAITING_MAX = 10


class TooManyToldWaiting(TogetherError):
    """The author has :data:`BOUNDARIES_WAITING_MAX` told boundaries not yet acknowledged."""


def boundaries_waiting(*, owner: User, partnership: Partnership) -> int:
    """How many of ``owner``'s boundaries told in the partnership wait for acknowledgement
    (what the author's own pages show already)."""
    return Boundary.objects.filter(
        partnership=partnership, owner=owner, state=BoundaryState.STATED
    ).count()


@transaction.atomic
def boundary_step(
    *,
    boundary: Boundary,
    actor: User,
    step: Step,
    partnership: Partnership | None,
    wording: str = "",
) -> Boundary:
    """Take one step on a boundary, as :mod:`interdepend.core.boundary` allows it.

    ``partnership`` is the actor's current one (None without a partner). The boundary is read
    again under a row lock, so two requests racing on one step take it once: the second is
    refused. A refused step raises :class:`BoundaryStepRefused` and writes nothing; telling
    one more while :data:`BOUNDARIES_WAITING_MAX` of the actor's wait for acknowledgement
    raises :class:`TooManyToldWaiting` and writes nothing.
    """
    try:
        boundary.refresh_from_db(from_queryset=Boundary.objects.select_for_update())
    except Boundary.DoesNotExist:  # deleted (with its owner's account) a moment ago
        raise BoundaryStepRefused(Refusal.NOT_AT_THIS_STAGE) from None
    if partnership is not None:
        try:
            hold_partnership(partnership_id=partnership.pk)  # ended on the way: no step in it
        except PartnershipEnded:
            raise BoundaryStepRefused(Refusal.PARTNERSHIP_ENDED) from None
    waiting = boundary.events.filter(open=True).order_by("pk").first()
    move = boundary_move(
        boundary.standing(waiting),
        step,
        by=boundary.role_of(actor.pk),
        together=boundary.steps_open_in(partnership.pk if partnership else None),
        wording=wording,
    )
    if (
        move.effect is Effect.TOLD
        and partnership is not None  # the machine tells only with a partner, held above
        and boundaries_waiting(owner=actor, partnership=partnership) >= BOUNDARIES_WAITING_MAX
    ):
        raise TooManyToldWaiting
    boundary.state = move.after.stage.value
    _WRITES[move.effect](_Taken(boundary, actor, partnership, wording, waiting))
    return boundary


def _saved(boundary: Boundary, *fields: str) -> None:
    boundary.updated_at = timezone.now()
    boundary.save(update_fields=[*fields, "updated_at"])


def _event(taken: _Taken, kind: str, text: str = "", open: bool = False) -> None:
    BoundaryEvent.objects.create(
        boundary=taken.boundary, actor=taken.actor, kind=kind, text=text, open=open
    )


def _told(taken: _Taken) -> None:
    taken.boundary.partnership = taken.partnership
    _saved(taken.boundary, "state", "partnership")
    _event(taken, BoundaryEventKind.STATED, taken.boundary.text)


def _acknowledged(taken: _Taken) -> None:
    _saved(taken.boundary, "state")
    _event(taken, BoundaryEventKind.ACKNOWLEDGED)


def _reworded(taken: _Taken) -> None:
    taken.boundary.text = taken.wording
    _saved(taken.boundary, "text")


def _proposed(taken: _Taken) -> None:
    """Earlier waiting wording is closed (it stays in the history)."""
    taken.boundary.events.filter(open=True).update(open=False)
    _event(taken, BoundaryEventKind.PROPOSED, taken.wording, open=True)


def _accepted(taken: _Taken) -> None:
    proposal = taken.waiting
    assert proposal is not None  # the machine accepts only wording that waits
    proposal.open = False
    proposal.save(update_fields=["open"])
    taken.boundary.text = proposal.text
    _saved(taken.boundary, "text", "state")
    _event(taken, BoundaryEventKind.ACCEPTED, proposal.text)


def _declined(taken: _Taken) -> None:
    """The words stay as they were; the suggestion stays in the history, closed."""
    proposal = taken.waiting
    assert proposal is not None  # the machine declines only wording that waits
    proposal.open = False
    proposal.save(update_fields=["open"])
    _saved(taken.boundary, "state")
    _event(taken, BoundaryEventKind.DECLINED)


_WRITES: dict[Effect, Callable[[_Taken], None]] = {
    Effect.TOLD: _told,
    Effect.ACKNOWLEDGED: _acknowledged,
    Effect.REWORDED: _reworded,
    Effect.PROPOSED: _proposed,
    Effect.ACCEPTED: _accepted,
    Effect.DECLINED: _declined,
}


# One step each, for callers inside the partnership a boundary was told in (the demo, tests).


def boundary_state(*, boundary: Boundary, partnership: Partnership) -> Boundary:
    """Tell the partner: the draft becomes a stated boundary of this partnership. Telling a
    boundary that was told already changes nothing."""
    try:
        return boundary_step(
            boundary=boundary, actor=boundary.owner, step=Step.TELL, partnership=partnership
        )
    except BoundaryStepRefused as refused:
        if refused.reason is not Refusal.NOT_AT_THIS_STAGE:
            raise
        return boundary


def boundary_acknowledge(*, boundary: Boundary, actor: User) -> Boundary:
    return boundary_step(
        boundary=boundary, actor=actor, step=Step.ACKNOWLEDGE, partnership=boundary.partnership
    )


def boundary_propose(*, boundary: Boundary, actor: User, text: str) -> Boundary:
    """New wording from either partner; it waits for the other one."""
    return boundary_step(
        boundary=boundary,
        actor=actor,
        step=Step.PROPOSE,
        partnership=boundary.partnership,
        wording=text,
    )


def boundary_accept(*, boundary: Boundary, actor: User) -> Boundary:
    """The other person agrees to the waiting wording: it becomes the boundary's wording."""
    return boundary_step(
        boundary=boundary, actor=actor, step=Step.ACCEPT, partnership=boundary.partnership
    )


def checkin_mark(checkin: CheckIn | None) -> str:
    """Which saved check-in a page shows (:mod:`interdepend.web.frame.versions`)."""
    return versions.mark_of(checkin.updated_at if checkin is not None else None)


@transaction.atomic
def checkin_save(
    *,
    owner: User,
    week: date,
    values: dict[str, int | None],
    need: str,
    shared: bool,
    partnership: Partnership | None,
    seen: str | None = None,
) -> CheckIn:
    """This week's check-in, made or replaced (one a week). Shared only within a partnership
    that still lasts: one that ended on the way leaves it unshared (``shared`` is False).

    ``seen``: the :func:`checkin_mark` of the check-in the page was opened on; when another was
    saved since, :class:`~interdepend.web.frame.versions.Changed` and nothing is written (two
    tabs each thanked her, and the second silently replaced the first: the forms audit of
    2026-12-03). None: no check."""
    if seen is not None:
        now = (
            CheckIn.objects.select_for_update()
            .filter(owner=owner, week=week)
            .values_list("updated_at", flat=True)
            .first()
        )
        versions.expect(now, seen)
    fields: dict[str, Any] = {item: values.get(item) for item in ITEMS}
    partnership = held_or_none(partnership) if shared else None
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
