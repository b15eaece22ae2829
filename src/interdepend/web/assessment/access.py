"""The only ways assessment data is read: always the requesting person's own."""

from __future__ import annotations

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.http import Http404

from interdepend.web.accounts.models import User
from interdepend.web.assessment.models import Attempt
from interdepend.web.assessment.selectors import INVENTORY_IDS
from interdepend.web.frame.prepared import Prepared
from interdepend.web.frame.rawsql import converted, known, made
from interdepend.web.frame.sqlite3 import kept_rows, kept_statement
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


def access_own_result(user: User, attempt_id: str) -> tuple[Attempt, bool, list[Attempt]]:
    """What the result page reads, in one statement: her take (:func:`access_own_attempt`,
    404 when it is not hers), whether she is in a partnership now
    (``partners.access.has_active_partnership``: its statement, the same rule, run inside this
    one as ``EXISTS``, whatever her partnerships are) and the take its result is compared with
    (of her inventory's takes finished before this one was, the one begun last, a list of at
    most one, with only :data:`PREVIOUS_FIELDS` read: the rule ``previous_take``, a prepared
    read, had until issue 15's twenty-fifth pass). Each take is made through the backend's own
    converters as the ORM makes it, and the statement is run by ``frame.sqlite3.kept_rows``.
    It was three statements, then two (the twenty-fourth pass);
    ``tests/web/test_result_partnered_read.py`` holds it to the three reads."""
    params = [user.pk, *INVENTORY_IDS, attempt_id, user.pk]
    rows = kept_rows(connections[DEFAULT_DB_ALIAS], _own_result_statement(), params)
    if not rows:
        raise Http404
    row = rows[0]
    width = len(_ATTEMPT_NAMES)
    # Both takes made as ``Attempt.from_db`` makes them, their columns set at once
    # (``rawsql.made``, with the JSON columns' converter written out: some 17-20 µs less for
    # the two at a load of 3; issue 15's twenty-seventh pass).
    attempt = made(Attempt, _ATTEMPT_NAMES, converted(row[:width], ATTEMPT_FIELDS))
    earlier = row[width + 1 :]
    if earlier[0] is None:  # no take before it (its id is never empty)
        return attempt, bool(row[width]), []
    before = made(Attempt, _PREVIOUS_NAMES, converted(earlier, _PREVIOUS_READ))
    return attempt, bool(row[width]), [before]


#: Every column of a take, in the model's order (``Model.from_db`` takes them so).
ATTEMPT_FIELDS = known(tuple(Attempt._meta.concrete_fields))
_ATTEMPT_NAMES = [f.attname for f in ATTEMPT_FIELDS]
#: What the result page uses of the take before the one shown (besides its id).
PREVIOUS_FIELDS = ("instrument_id", "instrument_version", "completed_at", "answers")
#: The take before's columns read, its id first, in the model's order (as ``only`` reads them).
_PREVIOUS_READ = known(
    tuple(f for f in Attempt._meta.concrete_fields if f.primary_key or f.attname in PREVIOUS_FIELDS)
)
_PREVIOUS_NAMES = [f.attname for f in _PREVIOUS_READ]


@kept_statement
def _own_result_statement() -> str:
    """Her take by its public id (unique: one row at most), every column; whether her
    partnership's statement finds one (its parameter, her id, first); then the take before's
    columns, or none: of her takes of :data:`INVENTORY_IDS` finished before it was, the last
    begun (the same order and bound as the prepared read had, the bound the take's own stored
    moment)."""
    q = connection.ops.quote_name
    column = {f.name: q(f.column) for f in ATTEMPT_FIELDS}
    columns = ", ".join(f"a.{q(f.column)}" for f in ATTEMPT_FIELDS)
    earlier = ", ".join(f"p.{q(f.column)}" for f in _PREVIOUS_READ)
    table, pk = q(Attempt._meta.db_table), column["id"]
    user, started, completed = column["user"], column["started_at"], column["completed_at"]
    versions = ", ".join(["%s"] * len(INVENTORY_IDS))
    return f"""
        SELECT {columns}, EXISTS ({active_statement()}), {earlier}
        FROM {table} a
        LEFT JOIN {table} p ON p.{pk} = (
            SELECT b.{pk} FROM {table} b
            WHERE b.{user} = a.{user}
              AND b.{column["instrument_id"]} IN ({versions})
              AND b.{completed} < a.{completed}
            ORDER BY b.{started} DESC, b.{pk} DESC
            LIMIT 1
        )
        WHERE a.{column["public_id"]} = %s
          AND a.{user} = %s
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
