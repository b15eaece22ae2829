"""The together space's part of a person's data rights (see
:mod:`interdepend.web.datarights.providers`).

Export: everything the person made (goals, progress notes, promises, bids, boundaries with
drafts, the steps they took on any boundary, check-ins, their circle, their reminder choice) and
the answers they gave to their partner's bids. Never the partner's notes, bids or check-ins.
Once a partnership has ended, its rows follow the rule of the person's pages: nothing the former
partner wrote or did in it (:func:`_after_the_end`), none of the person's answers to her bids or
steps on her boundaries (they go with her erasure: :func:`_answers`, :func:`_own_steps`), and,
unless it ended by the other's erasure, none of its shared goals or the notes on them
(:func:`_goals_kept`). The person's own words in those rows stay in the download all the same,
as the copies made at the end (``together_keptwords``, :mod:`.kept`), which the other's
erasure does not touch. No table carries a form's double-post token (``idem_key``); goals say
whether they are shared, and answers to bids when the partner reached out.

Un-sharing: shared check-ins become private again. Everything else in the space belongs to a
partnership and is seen only through it, so leaving the partnership closes it for both.

Erasure (the cascade removes the rest; docs/data-rights.md, "What stays with whom"):

- in the *current* partnership, the partner keeps what a leave would have kept them: their own
  words are copied at the end (:mod:`.kept`), her goals go with every note on them, and the
  partner's own goals and boundaries stay as they are, wording the person proposed and the
  partner accepted included (a goal of hers the partner had noted on passed to them and stayed
  in their download, which told them she had erased her account rather than left: the ex audit
  of 2026-12-05);
- in every *ended* partnership, every shared goal goes, whoever made it, with every note on it
  (either of the two may have written its title), and a boundary the ex stated that carries
  wording the person proposed goes back to the words the ex first stated;
- answers the person gave to anyone's bids are cleared; the bids stay their sender's;
- her promises, bids, boundaries (with their history), check-ins, notes and circle go.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Max, Q, QuerySet

from interdepend.web.accounts.models import User
from interdepend.web.frame.exportrows import (
    Row,
    Table,
    Tables,
    columns,
    day_of,
    days_of,
    json_value,
    table,
    tables_of,
)
from interdepend.web.partners.access import (
    ActivePartnership,
    access_active_partnership,
    partnerships_of,
)
from interdepend.web.together.access import ended_for, own_words_after_end
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
    KeptWords,
    Reminder,
)

#: A form's double-post token: internal, and of no meaning to her (the data-rights audit of
#: 2026-12-03), so no table of the download has it.
INTERNAL = ("idem_key",)


def _answered_by(user: User) -> Q:
    """Bids in the person's partnerships, sent by someone else, that have an answer."""
    return Q(partnership__members__user=user) & ~Q(owner=user) & ~Q(answer="")


#: The person's answers to the partner's bids, with when the partner reached out (never what
#: they wrote) and the answer in words.
ANSWER_COLUMNS = (
    "bid_id",
    "reached_out_at",
    "answer",
    "answer_words",
    "answer_when",
    "answered_at",
)
#: Each check-in's answers beside their statements.
CHECKIN_ANSWER_COLUMNS = ("check_in", "week_of", "statement", "answer_1_to_7")


def _answers(user: User, active: ActivePartnership | None) -> Table:
    """The person's answers to the partner's bids, in the current partnership only: a bid of
    an ended one is the former partner's and goes with her erasure, and its answer leaving the
    download then told him she had deleted her account (the ex audit of 2026-12-02), so it
    leaves when the partnership ends, as the bid leaves his pages."""
    if active is None:
        return Table(columns=ANSWER_COLUMNS)
    found = (
        Bid.objects.filter(partnership=active.partnership)
        .exclude(owner=user)
        .exclude(answer="")
        .order_by("pk")
    )
    return Table(
        (
            {
                "bid_id": bid.public_id,
                "reached_out_at": day_of(bid.created_at),  # the partner's moment: its day
                "answer": bid.answer,
                "answer_words": bid.get_answer_display(),
                "answer_when": bid.answer_when,
                "answered_at": json_value(bid.answered_at),
            }
            for bid in found
        ),
        ANSWER_COLUMNS,
    )


def export(user: User) -> Tables:
    active = access_active_partnership(user)
    kept = _goals_kept(user, active)
    tables = tables_of(
        GoalNote.objects.filter(owner=user).filter(
            Q(goal__partnership__isnull=True) | Q(goal__partnership_id__in=kept)
        ),
        Commitment.objects.filter(owner=user),
        CheckIn.objects.filter(owner=user),
        CirclePerson.objects.filter(owner=user),
        Reminder.objects.filter(owner=user),
        exclude=INTERNAL,
    )
    tables[table(Goal)] = _goals(user, kept)
    tables.update(_after_the_end(user, active))
    tables["together_bid_answer"] = _answers(user, active)
    tables["together_checkin_answers"] = _checkin_answers(user)
    tables[table(KeptWords)] = _words_kept(user)
    return tables


def _goals(user: User, kept: list[int]) -> Table:
    """Her goals, each saying whether it is shared with a partner (a link to a partnership
    never leaves the database: the data-rights audit of 2026-12-03 found no way to tell)."""
    found = Goal.objects.filter(owner=user).filter(
        Q(partnership__isnull=True) | Q(partnership_id__in=kept)
    )
    return Table(
        (
            # A shared goal's last change may be the partner's: its day, as the page says it.
            {**days_of(row, "updated_at"), "shared": True}
            if partnership_id is not None
            else {**row, "shared": False}
            for row, partnership_id in _rows_beside(found, "partnership_id")
        ),
        (*columns(Goal, INTERNAL), "shared"),
    )


#: Her own words kept from a partnership that has ended (together.kept), as the download has them.
KEPT_COLUMNS = ("id", "kind", "what", "text", "detail", "written_at", "partnership_ended_at")


def _words_kept(user: User) -> Table:
    """Her own words from the partnerships that have ended (:mod:`.kept`). The shared goals of
    one that ended by the other's erasure are not among them: they stay in her goals as they
    stand (:func:`_goals_kept`)."""
    found = KeptWords.objects.filter(owner=user)
    return Table(
        (
            {
                "id": row.public_id,
                "kind": row.kind,
                "what": row.get_kind_display(),
                "text": row.text,
                "detail": row.detail,
                "written_at": json_value(row.written_at),
                "partnership_ended_at": json_value(row.ended_at),
            }
            for row in found.order_by("ended_at", "pk")
        ),
        KEPT_COLUMNS,
        worded=("kind",),  # "what"
    )


def _goals_kept(user: User, active: ActivePartnership | None) -> list[int]:
    """The partnerships whose shared goals, and the person's notes on them, are in the
    download: the current one only. A partnership that has ended closes its goals at once, as
    the person's pages do, however it ended: kept until the former partner's later erasure took
    them away, they told him that she had deleted her account (the stranger audit); kept when
    her erasure ended it, where a leave closed them, they told him she had erased her account
    rather than left (the ex audit of 2026-12-05). His own words in them are in his kept words
    (:mod:`.kept`)."""
    return [active.partnership.pk] if active else []


#: A bid's answer as it stands before anyone answers (and after the one who answered erased).
_UNANSWERED: Row = {"answer": "", "answer_when": "", "answered_at": None}


def _after_the_end(user: User, active: ActivePartnership | None) -> Tables:
    """The person's bids, boundaries and boundary steps, every column as stored, except in rows
    of a partnership that has ended (:func:`~interdepend.web.together.access.ended_for`), where
    they are as the person's pages show them (docs/data-rights.md, "Download a copy"):

    - a bid carries no answer: the former partner's answer, "when" words and the time she
      answered are left out, as on a bid nobody answered;
    - a boundary carries the author's own words
      (:func:`~interdepend.web.together.access.own_words_after_end`), never wording the
      former partner proposed, and its last change is the author's own last step on it, not
      the moment she acknowledged it or agreed to his wording;
    - the person's step agreeing to new wording no longer quotes it: the wording was proposed
      by the former partner (as ``access.boundary_history`` shows it).

    Each is also what the rows hold once the former partner has erased her account, so the
    download does not change then. While the partnership lasts, nothing is left out.
    """
    bids = Table(
        (
            # The moment she answered is hers: his download has its day, as his page does.
            {**row, **_UNANSWERED}
            if ended_for(partnership_id, active)
            else days_of(row, "answered_at")
            for row, partnership_id in _rows_beside(
                Bid.objects.filter(owner=user), "partnership_id"
            )
        ),
        columns(Bid, INTERNAL),
    )
    steps = Table(
        (
            {**row, "text": ""}
            if row["kind"] == BoundaryEventKind.ACCEPTED and ended_for(partnership_id, active)
            else row
            for row, partnership_id in _rows_beside(
                _own_steps(user, active), "boundary__partnership_id"
            )
        ),
        columns(BoundaryEvent),
    )
    return {
        table(Bid): bids,
        table(Boundary): _boundaries(user, active),
        table(BoundaryEvent): steps,
    }


def _own_steps(user: User, active: ActivePartnership | None) -> QuerySet[BoundaryEvent]:
    """The person's steps on boundaries: on their own, always; on the partner's, only in the
    current partnership. A step on the former partner's boundary goes with her erasure, and
    its leaving the download told him she had deleted her account (the ex audit of
    2026-12-02): it leaves when the partnership ends, as her boundary leaves his pages."""
    steps = BoundaryEvent.objects.filter(actor=user)
    theirs = Q(boundary__partnership__isnull=False) & ~Q(boundary__owner=user)
    if active is None:
        return steps.exclude(theirs)
    return steps.exclude(theirs & ~Q(boundary__partnership=active.partnership))


def _rows_beside(queryset: QuerySet[Any], value: str) -> list[tuple[Row, Any]]:
    """Each row as :func:`~interdepend.web.frame.exportrows.rows` exports it, beside one more
    value of it read in the same query (which never leaves this module)."""
    names = columns(queryset.model, INTERNAL)
    found = queryset.order_by("pk").values(*names.values(), value)
    return [
        ({name: json_value(row[path]) for name, path in names.items()}, row[value]) for row in found
    ]


def _boundaries(user: User, active: ActivePartnership | None) -> Table:
    # A told boundary's last change may be the partner's step: its day, as the page says it.
    found = Table(
        (
            days_of(row, "updated_at") if partnership_id is not None else row
            for row, partnership_id in _rows_beside(
                Boundary.objects.filter(owner=user), "partnership_id"
            )
        ),
        columns(Boundary, INTERNAL),
    )
    told = Boundary.objects.filter(owner=user, partnership__isnull=False).order_by("pk")
    ended = [boundary for boundary in told if ended_for(boundary.partnership_id, active)]
    if not ended:
        return found
    last_steps = dict(
        BoundaryEvent.objects.filter(boundary__in=ended, actor=user)
        .values("boundary_id")
        .annotate(last=Max("at"))
        .values_list("boundary_id", "last")
    )
    shown = {
        boundary.public_id: {
            "text": boundary.text,
            "updated_at": json_value(last_steps.get(boundary.pk, boundary.created_at)),
        }
        for boundary in own_words_after_end(ended, active)
    }
    return Table(({**row, **shown.get(str(row["id"]), {})} for row in found), found.columns)


def _checkin_answers(user: User) -> Table:
    """Each check-in's answers beside the statement it answered, in the words the check-in
    page shows (its table holds them under short column names: the data audit)."""
    from interdepend.web.together.forms import ITEM_LABELS

    found = CheckIn.objects.filter(owner=user).order_by("week")
    return Table(
        (
            {
                "check_in": checkin.public_id,
                "week_of": checkin.week.isoformat(),
                "statement": str(ITEM_LABELS[item]),
                "answer_1_to_7": getattr(checkin, item),
            }
            for checkin in found
            for item in ITEMS
        ),
        CHECKIN_ANSWER_COLUMNS,
    )


def unshare_all(user: User) -> int:
    return CheckIn.objects.filter(owner=user, shared=True).update(shared=False, partnership=None)


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
    Goal.objects.filter(partnership__in=partnerships.ended).delete()
    _wording_back_to_the_ex(user, partnerships.ended)
    answered = Bid.objects.filter(_answered_by(user)).values_list("pk", flat=True)
    Bid.objects.filter(pk__in=list(answered)).update(answer="", answer_when="", answered_at=None)
