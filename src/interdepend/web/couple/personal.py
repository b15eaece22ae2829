"""The couple view's part of a person's data rights (see
:mod:`interdepend.web.datarights.providers`).

The export holds the person's reveals and their own partner-perception answers (as stored, and
each beside the statement it answered, in ``couple_perception_answers``); never the partner's
answers about them. Un-sharing takes back every reveal, in every partnership, so the
couple view closes; it looks to the partner exactly like "not shared yet".
"""

from __future__ import annotations

from interdepend.web.accounts.models import User
from interdepend.web.couple.models import Perception, Reveal
from interdepend.web.couple.selectors import perception_form
from interdepend.web.frame.exportrows import ANSWER_COLUMNS, Table, Tables, answer_rows, tables_of

PERCEPTION_ANSWERS_TABLE = "couple_perception_answers"


def export(user: User) -> Tables:
    mine = Perception.objects.filter(rater=user)
    tables = tables_of(Reveal.objects.filter(user=user), mine)
    form = perception_form()
    tables[PERCEPTION_ANSWERS_TABLE] = Table(
        (
            row
            for p in mine.order_by("updated_at")
            for row in answer_rows(form, p.answers, updated_at=p.updated_at.isoformat())
        ),
        ("updated_at", *ANSWER_COLUMNS),
    )
    return tables


def unshare_all(user: User) -> int:
    deleted, _ = Reveal.objects.filter(user=user).delete()
    return deleted


def erase(user: User) -> None:
    """Reveals and perceptions go with the account; the partner's own perception stays theirs."""
