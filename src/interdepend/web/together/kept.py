"""A person's own words from a partnership, kept for her download when it ends (the
data-rights audit of 2026-12-03, M3).

Once a partnership has ended, its shared space leaves both people's pages and downloads, and
its rows go with either one's erasure (docs/data-rights.md): kept in the download until then,
their going told the other of the erasure. So at the end, each person's own words in it are
copied into rows of their own (:class:`~interdepend.web.together.models.KeptWords`), which only
their own erasure removes:

- a shared goal they made whose words the other never changed (``Goal.partner_wrote``): its
  title and details are then theirs alone; one the other gave words to may hold them, so it is
  not copied;
- the steps they noted on any shared goal (with the goal's title when it is theirs alone);
- their answers when the other reached out (the answer and their "when" words, never the
  other's bid);
- the words they suggested for the other's boundaries, and the other steps they took on them
  (acknowledged, agreed to the other's new wording, kept the words as they were), as which
  step and when, never the boundary's words (the download audit of 2026-12-05: they left the
  download at the end with the boundary).

When the partnership ends by one person's erasure, nothing is copied for her, and the one left
keeps what a leave would have kept him, no more: her shared goals passed to him and stayed in his
download, where after a leave they went, so his download told him she had erased her account
rather than left (the ex audit of 2026-12-05).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.utils import timezone, translation

from interdepend.web.accounts.language import language_of
from interdepend.web.accounts.models import User
from interdepend.web.partners.services import partnership_ended
from interdepend.web.together.models import (
    Bid,
    BoundaryEvent,
    BoundaryEventKind,
    Goal,
    GoalNote,
    KeptWords,
    KeptWordsKind,
)


def _goals(partnership_id: int, user_id: int) -> Iterator[KeptWords]:
    for goal in Goal.objects.filter(
        partnership_id=partnership_id, owner_id=user_id, partner_wrote=False
    ):
        yield KeptWords(
            kind=KeptWordsKind.SHARED_GOAL,
            text=goal.title,
            detail=goal.detail,
            written_at=goal.created_at,
        )
    notes = GoalNote.objects.filter(goal__partnership_id=partnership_id, owner_id=user_id)
    for note in notes.select_related("goal").order_by("pk"):
        goal = note.goal
        alone = goal.owner_id == user_id and not goal.partner_wrote
        yield KeptWords(
            kind=KeptWordsKind.GOAL_NOTE,
            text=note.text,
            detail=goal.title if alone else "",
            written_at=note.created_at,
        )


def _on_theirs(partnership_id: int, user_id: int) -> Iterator[KeptWords]:
    answered = Bid.objects.filter(partnership_id=partnership_id).exclude(owner_id=user_id)
    for bid in answered.exclude(answer="").order_by("pk"):
        yield KeptWords(
            kind=KeptWordsKind.BID_ANSWER,
            # In her language (``words_keep``): they were English in a Spanish download.
            text=str(bid.get_answer_display()),
            detail=bid.answer_when,
            written_at=bid.answered_at,
        )
    steps = BoundaryEvent.objects.filter(
        boundary__partnership_id=partnership_id, actor_id=user_id
    ).exclude(boundary__owner_id=user_id)
    for step in steps.order_by("pk"):
        if step.kind == BoundaryEventKind.PROPOSED:
            yield KeptWords(kind=KeptWordsKind.WORDING, text=step.text, written_at=step.at)
        else:
            # Acknowledged, accepted or declined: which, and when; an acceptance's text is the
            # wording the other suggested for their own boundary, so it stays out.
            yield KeptWords(kind=KeptWordsKind.STEP, text=step.kind, written_at=step.at)


def words_keep(*, partnership_id: int, members: Iterable[int], erased: int | None = None) -> int:
    """Copy each member's own words from the partnership that has just ended; returns how
    many. ``erased``: the member whose erasure ended it (nothing is kept for her; the other
    keeps the same as after a leave)."""
    now = timezone.now()
    kept: list[KeptWords] = []
    for user_id in members:
        if user_id == erased:
            continue
        # The answers' words are written in the language she reads (never the language of
        # the request that ended the partnership, which may be his).
        with translation.override(language_of(User.objects.get(pk=user_id))):
            found = [*_on_theirs(partnership_id, user_id), *_goals(partnership_id, user_id)]
        for row in found:
            row.owner_id, row.partnership_id, row.ended_at = user_id, partnership_id, now
        kept.extend(found)
    KeptWords.objects.bulk_create(kept)
    return len(kept)


def _partnership_ended(
    sender: object,
    *,
    partnership_id: int,
    members: Iterable[int],
    erased: int | None = None,
    **kwargs: Any,
) -> None:
    words_keep(partnership_id=partnership_id, members=members, erased=erased)


partnership_ended.connect(_partnership_ended, dispatch_uid="interdepend-together-words-kept")
