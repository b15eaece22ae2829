"""The question for today's part of a person's data rights (see
:mod:`interdepend.web.datarights.providers`).

The export holds the person's own answers, each with the question's words, and the current
couple's list to talk about (which holds only questions and dates). The partner's answers stay
out: they are the partner's. Un-sharing turns the person's answers to shared questions into
answers for one. On erasure the person's answers go with the account (a cascade); the couple's
list goes with the partnerships (the current one ends with the erasure). After a leave it stays,
on nobody's page, until either deletes their account.
"""

from __future__ import annotations

from django.utils.translation import get_language

from interdepend.core.daily import question_text
from interdepend.web.accounts.models import User
from interdepend.web.daily.models import DailyAnswer, TalkItem
from interdepend.web.daily.services import answers_unshare_all
from interdepend.web.frame.exportrows import Tables, days_of, rows, table
from interdepend.web.partners.access import partnerships_of


def export(user: User) -> Tables:
    answers = rows(DailyAnswer.objects.filter(owner=user))
    current = partnerships_of(user).current
    talks = rows(
        TalkItem.objects.filter(partnership_id=current) if current else TalkItem.objects.none()
    )
    for found in (answers, talks):
        found.columns = (*found.columns, "question")
        for row in found:
            row["question"] = question_text(str(row["question_id"]), get_language())
    # A question to talk about is the couple's: either may have added it or marked it talked
    # about, so its moments are days, as the page gives them (the partner audit of 2026-12-04).
    talks[:] = [days_of(row, "added_at", "talked_at") for row in talks]
    return {table(DailyAnswer): answers, table(TalkItem): talks}


def unshare_all(user: User) -> int:
    """The person's answers to shared questions become answers for one: the partner no longer
    reads them (and the person no longer reads the partner's beside them)."""
    return answers_unshare_all(owner=user)


def erase(user: User) -> None:
    """The answers go with the account; the couple's list goes with every partnership of
    theirs: one that has ended, and the current one, which the erasure ends. Once it has ended
    no page or download shows its list; kept, it held for good when each question was put on
    it and talked about (the data-rights audit of 2026-12-05)."""
    found = partnerships_of(user)
    every = (*found.ended, *((found.current,) if found.current is not None else ()))
    TalkItem.objects.filter(partnership_id__in=every).delete()
