"""Writes for the question for today: an answer, and the couple's list to talk about."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from interdepend.web.accounts.models import User
from interdepend.web.daily.access import Today
from interdepend.web.daily.models import DailyAnswer, TalkItem


class AnswerClosed(Exception):
    """The day's answers have opened to both: they stay as they were read."""


@transaction.atomic
def answer_save(*, user: User, today: Today, text: str) -> DailyAnswer:
    """Save or change the person's answer of the day (until both answers have opened)."""
    partnership = today.active.partnership if today.shared and today.active else None
    mine = DailyAnswer.objects.select_for_update().filter(owner=user, day=today.day).first()
    if mine is not None:
        shared_in = mine.partnership_id
        if shared_in is not None and (
            DailyAnswer.objects.filter(partnership_id=shared_in, day=mine.day)
            .exclude(owner=user)
            .exists()
        ):
            raise AnswerClosed
        mine.text = text
        mine.answered_at = timezone.now()
        mine.save(update_fields=["text", "answered_at"])
        return mine
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


def talk_add(*, answer: DailyAnswer) -> TalkItem:
    assert answer.partnership_id is not None
    item, _made = TalkItem.objects.get_or_create(
        partnership_id=answer.partnership_id,
        day=answer.day,
        defaults={"question_id": answer.question_id},
    )
    return item


def talk_done(*, item: TalkItem, done: bool) -> None:
    item.talked_at = timezone.now() if done else None
    item.save(update_fields=["talked_at"])


def answers_unshare_all(*, owner: User) -> int:
    """The person's answers to shared questions become answers for one: the partner no longer
    reads them (and the person no longer reads the partner's beside them). Returns how many."""
    return DailyAnswer.objects.filter(owner=owner, partnership__isnull=False).update(
        partnership=None
    )
