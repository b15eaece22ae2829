"""The only ways assessment data is read: always the requesting person's own."""

from __future__ import annotations

from django.db import connection
from django.http import Http404

from interdepend.web.accounts.models import User
from interdepend.web.assessment.models import Attempt
from interdepend.web.frame.prepared import Prepared
from interdepend.web.frame.rawsql import converted, known
from interdepend.web.frame.sqlite3 import kept_statement
from interdepend.web.partners.access import active_statement


def access_own_attempt(user: User, attempt_id: str) -> Attempt:
    found = _OWN.first(attempt_id=attempt_id, user_id=user.pk)
    if found is None:
        raise Http404
    return found


#: Public ids are unique: one row at most.
_OWN = Prepared(
    lambda attempt_id, user_id: Attempt.objects.filter(public_id=attempt_id, user_id=user_id)[:1]
)


def access_own_attempt_partnered(user: User, attempt_id: str) -> tuple[Attempt, bool]:
    """:func:`access_own_attempt`, and whether she is in a partnership now
    (``partners.access.has_active_partnership``: its statement, the same rule, run inside
    this one as ``EXISTS``, whatever her partnerships are). The result page asks both: one
    statement where it ran two, its take made through the backend's own converters as the
    ORM makes it (issue 15's twenty-fourth pass; ``tests/web/test_result_partnered_read.py``
    holds it to the two)."""
    with connection.cursor() as cursor:
        cursor.execute(_own_partnered_statement(), [user.pk, attempt_id, user.pk])
        row = cursor.fetchone()
    if row is None:
        raise Http404
    width = len(_ATTEMPT_NAMES)
    values = converted(row[:width], ATTEMPT_FIELDS)
    return Attempt.from_db(connection.alias, _ATTEMPT_NAMES, values), bool(row[width])


#: Every column of a take, in the model's order (``Model.from_db`` takes them so).
ATTEMPT_FIELDS = known(tuple(Attempt._meta.concrete_fields))
_ATTEMPT_NAMES = [f.attname for f in ATTEMPT_FIELDS]


@kept_statement
def _own_partnered_statement() -> str:
    """Her take by its public id (unique: one row at most), every column, then whether her
    partnership's statement finds one (its parameter, her id, first)."""
    q = connection.ops.quote_name
    columns = ", ".join(f"a.{q(f.column)}" for f in ATTEMPT_FIELDS)
    return f"""
        SELECT {columns}, EXISTS ({active_statement()})
        FROM {q(Attempt._meta.db_table)} a
        WHERE a.{q(Attempt._meta.get_field("public_id").column)} = %s
          AND a.{q(Attempt._meta.get_field("user").column)} = %s
        LIMIT 1
    """


def own_attempts(user: User, instrument_ids: str | tuple[str, ...]) -> list[Attempt]:
    """Every attempt of one instrument (or of its versions) by this person, newest first."""
    ids = (instrument_ids,) if isinstance(instrument_ids, str) else instrument_ids
    return _ATTEMPTS(user_id=user.pk, ids=ids)


_ATTEMPTS = Prepared(
    lambda user_id, ids: Attempt.objects.filter(user_id=user_id, instrument_id__in=ids).order_by(
        "-started_at"
    )
)


def previous_take(user: User, attempt: Attempt, instrument_ids: tuple[str, ...]) -> list[Attempt]:
    """Her take that ``attempt``'s result page compares with, as a list of at most one: of her
    takes finished before ``attempt`` was, the one begun last (as :func:`own_attempts`, newest
    begun first, would find it). The page read every take she ever made, each with its
    answers, to pick this one (``tests/web/test_result_reads.py`` holds the two equal).

    Only what the page uses of it is read (:data:`PREVIOUS_FIELDS`: which instrument and
    version its answers are scored with, when it was finished, the answers): the order its
    statements were shown in, those skipped, the safety answers and the kept scores were read
    and decoded on every view and never used (about 50 µs in a loop; issue 15's sixteenth
    pass)."""
    if attempt.completed_at is None:
        return []
    return _PREVIOUS(user_id=user.pk, ids=instrument_ids, before=attempt.completed_at)


#: What the result page uses of the take before the one shown (besides its id).
PREVIOUS_FIELDS = ("instrument_id", "instrument_version", "completed_at", "answers")

_PREVIOUS = Prepared(
    lambda user_id, ids, before: (
        Attempt.objects.filter(user_id=user_id, instrument_id__in=ids, completed_at__lt=before)
        .order_by("-started_at", "-pk")
        .only(*PREVIOUS_FIELDS)[:1]
    )
)


def own_attempt_dates(user: User, instrument_ids: tuple[str, ...]) -> list[Attempt]:
    """The same attempts with only what a list of them shows (which take, its instrument, when
    it began and ended, and the scores kept when it was finished): their answers are not read
    and nothing is scored again."""
    return _DATES(user_id=user.pk, ids=instrument_ids)


_DATES = Prepared(
    lambda user_id, ids: (
        Attempt.objects.filter(user_id=user_id, instrument_id__in=ids)
        .order_by("-started_at")
        .only("public_id", "instrument_id", "started_at", "completed_at", "snapshot")
    )
)
