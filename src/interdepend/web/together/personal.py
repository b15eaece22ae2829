"""The together space's part of a person's data rights (see
:mod:`interdepend.web.datarights.providers`).

Export: everything the person made (goals, progress notes, promises, bids, boundaries with
drafts, the steps they took on any boundary, check-ins, their circle, their reminder choice) and
the answers they gave to their partner's bids. Never the partner's notes, bids or check-ins.

Un-sharing: shared check-ins become private again. Everything else in the space belongs to a
partnership and is seen only through it, so leaving the partnership closes it for both.

Erasure (the cascade removes the rest; docs/data-rights.md, "What stays with whom"):

- in the *current* partnership, a shared goal the person made on which the partner wrote
  progress notes stays for the partner, now under the partner's name, so their notes are not
  lost (the partner co-wrote it); the partner's own goals and boundaries stay as they are,
  wording the person proposed and the partner accepted included; other goals of hers go;
- in every *ended* partnership, every shared goal goes, whoever made it, with every note on it
  (either of the two may have written its title), and a boundary the ex stated that carries
  wording the person proposed goes back to the words the ex first stated;
- answers the person gave to anyone's bids are cleared; the bids stay their sender's;
- her promises, bids, boundaries (with their history), check-ins, notes and circle go.
"""

from __future__ import annotations

from django.db.models import Q

from interdepend.web.accounts.models import User
from interdepend.web.frame.exportrows import Row, Tables, json_value, tables_of
from interdepend.web.partners.access import partnerships_of
from interdepend.web.together.models import (
    ITEMS,
    Bid,
    Boundary,
    BoundaryEvent,
    BoundaryEventKind,
    CheckIn,
    CirclePerson,
    Commitment,
    Goal,
    GoalNote,
    Reminder,
)


def _answered_by(user: User) -> Q:
    """Bids in the person's partnerships, sent by someone else, that have an answer."""
    return Q(partnership__members__user=user) & ~Q(owner=user) & ~Q(answer="")


def _answers(user: User) -> list[dict[str, object]]:
    found = Bid.objects.filter(_answered_by(user)).distinct().order_by("pk")
    return [
        {
            "bid_id": bid.public_id,
            "answer": bid.answer,
            "answer_when": bid.answer_when,
            "answered_at": json_value(bid.answered_at),
        }
        for bid in found
    ]


def export(user: User) -> Tables:
    tables = tables_of(
        Goal.objects.filter(owner=user),
        GoalNote.objects.filter(owner=user),
        Commitment.objects.filter(owner=user),
        Bid.objects.filter(owner=user),
        Boundary.objects.filter(owner=user),
        BoundaryEvent.objects.filter(actor=user),
        CheckIn.objects.filter(owner=user),
        CirclePerson.objects.filter(owner=user),
        Reminder.objects.filter(owner=user),
    )
    tables["together_bid_answer"] = _answers(user)
    tables["together_checkin_answers"] = _checkin_answers(user)
    return tables


def _checkin_answers(user: User) -> list[Row]:
    """Each check-in's answers beside the statement it answered, in the words the check-in
    page shows (its table holds them under short column names: the data audit)."""
    from interdepend.web.together.forms import ITEM_LABELS

    found = CheckIn.objects.filter(owner=user).order_by("week")
    return [
        {
            "check_in": checkin.public_id,
            "week_of": checkin.week.isoformat(),
            "statement": str(ITEM_LABELS[item]),
            "answer_1_to_7": getattr(checkin, item),
        }
        for checkin in found
        for item in ITEMS
    ]


def unshare_all(user: User) -> int:
    return CheckIn.objects.filter(owner=user, shared=True).update(shared=False, partnership=None)


def _keep_for_partner(user: User, current: int | None) -> None:
    """Shared goals of the current partnership the partner wrote notes on pass to the
    partner, so the notes stay."""
    if current is None:
        return
    theirs = GoalNote.objects.exclude(owner=user)
    for goal in Goal.objects.filter(owner=user, partnership_id=current):
        notes = theirs.filter(goal=goal).order_by("pk")
        writer = notes.values_list("owner_id", flat=True).first()
        if writer is not None:
            Goal.objects.filter(pk=goal.pk).update(owner_id=writer, idem_key="")


def _wording_back_to_the_ex(user: User, ended: tuple[int, ...]) -> None:
    """Boundaries an ex stated keep only the ex's words: wording the person proposed is taken
    out of their history, and a boundary that took it on goes back to its first statement."""
    proposed = set(
        BoundaryEvent.objects.filter(
            actor=user, kind=BoundaryEventKind.PROPOSED, boundary__partnership__in=ended
        ).values_list("text", flat=True)
    )
    for boundary in Boundary.objects.filter(partnership__in=ended).exclude(owner=user):
        events = boundary.events.exclude(actor=user)
        events.filter(text__in=proposed).update(text="")
        if boundary.text in proposed:
            first = events.filter(kind=BoundaryEventKind.STATED).order_by("pk").first()
            Boundary.objects.filter(pk=boundary.pk).update(text=first.text if first else "")


def erase(user: User) -> None:
    partnerships = partnerships_of(user)
    _keep_for_partner(user, partnerships.current)
    Goal.objects.filter(partnership__in=partnerships.ended).delete()
    _wording_back_to_the_ex(user, partnerships.ended)
    answered = Bid.objects.filter(_answered_by(user)).values_list("pk", flat=True)
    Bid.objects.filter(pk__in=list(answered)).update(answer="", answer_when="", answered_at=None)
