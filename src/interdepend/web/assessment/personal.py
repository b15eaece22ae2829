"""The assessment's part of a person's data rights (see
:mod:`interdepend.web.datarights.providers`): every take of an instrument, answers included.
Answers are never shared as such (a result is revealed through the couple view), and a take
goes with its person."""

from __future__ import annotations

from interdepend.core.errors import UnknownInstrument
from interdepend.core.instrument import load_builtin
from interdepend.web.accounts.models import User
from interdepend.web.assessment import selectors
from interdepend.web.assessment.models import Attempt
from interdepend.web.frame.exportrows import (
    ANSWER_COLUMNS,
    Row,
    Table,
    Tables,
    answer_rows,
    tables_of,
)

ANSWERS_TABLE = "assessment_answers"


def export(user: User) -> Tables:
    """Every take as stored, and beside it each answer with the statement it answered."""
    attempts = Attempt.objects.filter(user=user).order_by("started_at")
    tables = tables_of(attempts)
    tables[ANSWERS_TABLE] = Table(
        (row for a in attempts for row in _answer_rows(a)), ("attempt", *ANSWER_COLUMNS)
    )
    return tables


def _answer_rows(attempt: Attempt) -> list[Row]:
    takes = [
        (attempt.instrument_id, attempt.answers),
        (selectors.SCREEN_ID, attempt.screen_answers),
    ]
    rows = []
    for instrument_id, answers in takes:
        try:
            # The statements as the person read them: the inventory in the take's language.
            language = attempt.language if instrument_id == attempt.instrument_id else "en"
            instrument = load_builtin(instrument_id, language)
        except UnknownInstrument:
            continue
        rows.extend(answer_rows(instrument, answers, attempt=str(attempt.public_id)))
    return rows


def unshare_all(user: User) -> int:
    return 0


def erase(user: User) -> None:
    """The account's deletion removes every take (and the reveals that point at them)."""
