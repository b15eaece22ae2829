"""Writes for the question for today: an answer, and the couple's list to talk about."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from interdepend.web.accounts.models import User
from interdepend.web.daily.access import Today
from interdepend.web.daily.models import DailyAnswer, TalkItem
from interdepend.web.partners.services import held_or_none, hold_partnership


class AnswerClosed(Exception):
    """The day's answers have opened to both: they stay as they were read."""


@transaction.atomic
def answer_save(*, user: User, today: Today, text: str) -> DailyAnswer:
    """Save or change the person's answer of the day (until both answers have opened). In a
    partnership that ended on the way, a new answer is the person's alone."""
    mine = DailyAnswer.objects.select_for_update().filter(owner=user, day=today.day).first()
    if mine is not None:
        # Closed once both answers opened to the two of them, while they are linked: after a
        # partnership ends nobody reads them together, and an answer stays the person's to
        # change however it ended (a leave, a safety reset or a deletion look the same).
        shared_in = mine.partnership_id
        if (
            shared_in is not None
            and today.active is not None
            and shared_in == today.active.partnership.pk
            and DailyAnswer.objects.filter(partnership_id=shared_in, day=mine.day)
            .exclude(owner=user)
            .exists()
        ):
            raise AnswerClosed
        mine.text = text
        mine.answered_at = timezone.now()
        mine.save(update_fields=["text", "answered_at"])
        return mine
    partnership = held_or_none(today.active.partnership if today.shared and today.active else None)
    try:
        with transaction.atomic():
            return DailyAnswer.objects.create(
                owner=user,
                partnership=partnership,
                day=today.day,
                question_id=today.question.id,
                text=text,
            )
    except IntegrityError:  # the same person's second tab got there first: keep the newer words
        mine = DailyAnswer.objects.get(owner=user, day=today.day)
        mine.text = text
        mine.save(update_fields=["text"])
        return mine


@transaction.atomic
def talk_add(*, answer: DailyAnswer) -> TalkItem:
    """:class:`PartnershipEnded` when the couple's partnership ended on the way."""
    assert answer.partnership_id is not None
    hold_partnership(partnership_id=answer.partnership_id)
    item, _made = TalkItem.objects.get_or_create(
        partnership_id=answer.partnership_id,
        day=answer.day,
        defaults={"question_id": answer.question_id},
    )
    return item


@transaction.atomic
def talk_done(*, item: TalkItem, done: bool) -> None:
    """:class:`PartnershipEnded` when the couple's partnership ended on the way. Marking it
    as it is already (a press from a page opened before the other marked it) writes nothing:
    a new moment moved it on the other's list and into their download with the presser's
    day, though nothing changed (the partner audit of 2026-12-04, VII)."""
    hold_partnership(partnership_id=item.partnership_id)
    TalkItem.objects.filter(pk=item.pk, talked_at__isnull=done).update(
        talked_at=timezone.now() if done else None
    )
    item.refresh_from_db(fields=["talked_at"])


def answers_unshare_all(*, owner: User) -> int:
    """The person's answers to shared questions become answers for one: the partner no longer
    reads them (and the person no longer reads the partner's beside them). Returns how many."""
    return DailyAnswer.objects.filter(owner=owner, partnership__isnull=False).update(
        partnership=None
    )
