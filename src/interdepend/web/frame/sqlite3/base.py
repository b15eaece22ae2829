"""Django's SQLite backend, with the statements we keep rewritten for SQLite once.

Django writes a statement's places as ``%s`` and SQLite reads ``?``: Django's SQLite cursor
rewrites every statement with a regular expression each time it runs, about 1.4 µs for every
hundred characters, 15-35 µs for the menu's count (2,400 characters) on every page (issue 15's
twentieth pass, docs/performance-passes.md). The statements we write or prepare ourselves are
made once in a worker and the same text is run again and again (``frame.prepared``'s kept
reads, and each hand-written read's statement, made once by a :func:`kept_statement` function):
:func:`kept` rewrites each when it is made, and the cursor finds that rewriting by the
statement itself, a look-up by a text whose hash Python has already worked out. Any other
statement (the ORM's, built afresh for each run) is rewritten as Django rewrites it.

Which statements are kept never depends on anyone's data: a statement holds places, never
values, and is kept when the code that makes it first runs, in the worker's warm-up. Everything
else is Django's backend as it is (``vendor`` is ``"sqlite"``).
"""

from __future__ import annotations

import functools
import inspect
import re
from _thread import get_ident
from asyncio import _get_running_loop
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.sqlite3 import base

#: Each kept statement with places by position (``%s``), by its text as Django writes it,
#: rewritten as Django's SQLite cursor rewrites it. It grows only as statements are kept, and
#: those are made once a worker.
_REWRITTEN: dict[str, str] = {}
#: Each kept statement with named places (``%(name)s``): its rewriting, and the names it uses.
_NAMED: dict[str, tuple[str, frozenset[str]]] = {}
_NAME = re.compile(r"%\(([^)]*)\)s")


def rewritten(statement: str) -> str:
    """``statement`` with its places as SQLite reads them: Django's own rewriting."""
    places: str = base.FORMAT_QMARK_REGEX.sub("?", statement)
    return places.replace("%%", "%")


def kept(statement: str) -> str:
    """Keep ``statement``'s rewriting for SQLite, and hand the statement back unchanged (to
    be run on any database: on PostgreSQL the rewriting is never looked up)."""
    if statement in _REWRITTEN or statement in _NAMED:
        return statement
    names = frozenset(_NAME.findall(statement))
    if names:  # Django's rewriting of named places, for the names the statement uses
        _NAMED[statement] = (statement % {name: f":{name}" for name in names}, names)
    else:
        _REWRITTEN[statement] = rewritten(statement)
    return statement


#: Every function that makes kept statements (:func:`kept_statement`), and whether it takes the
#: database's vendor: each is made as a worker starts (:func:`make_every_statement`).
_MAKERS: list[tuple[functools._lru_cache_wrapper[str], bool]] = []


def kept_statement(make: Callable[..., str]) -> functools._lru_cache_wrapper[str]:
    """A function that makes a statement, under ``functools.cache``, each statement it makes
    :func:`kept`; it takes nothing, or the database's ``vendor`` alone, and is made as a worker
    starts (:func:`make_every_statement`), so that no first view after a restart makes it (the
    time it took would say whether anyone had opened that page since).

    ::

        @kept_statement
        def _active_statement() -> str: ...
    """
    takes = list(inspect.signature(make).parameters)
    if takes not in ([], ["vendor"]):
        raise TypeError(f"{make.__qualname__} takes {takes}, where a kept statement takes vendor")

    @functools.cache
    @functools.wraps(make)
    def making(*args: Any) -> str:
        return kept(make(*args))

    _MAKERS.append((making, bool(takes)))
    return making


def make_every_statement(vendor: str) -> int:
    """Make every kept statement for ``vendor``'s database, touching no database (each names
    tables and columns, nothing of anyone), as a worker starts (``frame.warmup``). Returns how
    many."""
    for making, by_vendor in _MAKERS:
        if by_vendor:
            making(vendor)
        else:
            making()
    return len(_MAKERS)


def kept_statement_makers() -> list[functools._lru_cache_wrapper[str]]:
    """Every function that makes kept statements (for the tests)."""
    return [making for making, _by_vendor in _MAKERS]


def is_kept(statement: str) -> bool:
    """Whether ``statement`` is kept (for the tests)."""
    return statement in _REWRITTEN or statement in _NAMED


def kept_rows(
    db: BaseDatabaseWrapper, statement: str, params: Sequence[Any] | Mapping[str, Any]
) -> list[Any]:
    """Every row of ``statement`` run with ``params`` on ``db``, as Django's cursor gives them
    (``with db.cursor() as cursor: cursor.execute(statement, params)``, then ``fetchall``).

    A statement :func:`kept`, on our SQLite backend, is run in its kept rewriting (the one
    :meth:`CursorWrapper.convert_query` finds for these ``params``) on SQLite's own
    connection, under Django's wrapping of the database's errors: Django's cursor made a
    wrapper of SQLite's cursor, a wrapper of its ``fetchall`` (through ``functools.wraps``) and
    its checks around each statement, about 10-20 µs a statement on a quiet machine (issue
    15's twenty-fourth pass). Django's cursor is used whenever it would do anything more than
    that: while its statements are logged (its debug cursor: the tests that count statements,
    ``settings.DEBUG``) or watched (``execute_wrapper``, as the warm-up refuses the database),
    before the connection is made or its health checked, in a transaction an error has broken,
    from another thread or inside an event loop (where Django refuses), for a statement not
    kept or missing one of its names, and on any other database
    (``tests/web/test_sqlite_kept.py``)."""
    found = _own_way(db, statement, params)
    if found is not None:
        with db.wrap_database_errors:
            rows: list[Any] = found[0].execute(found[1], params).fetchall()
            return rows
    with db.cursor() as cursor:
        cursor.execute(statement, params)
        found_rows: list[Any] = cursor.fetchall()
        return found_rows


def kept_count(
    db: BaseDatabaseWrapper, statement: str, params: Sequence[Any] | Mapping[str, Any]
) -> int:
    """How many rows ``statement`` (an ``UPDATE`` or a ``DELETE``) run with ``params`` on
    ``db`` changed, as Django's cursor gives it (``cursor.rowcount``): run as
    :func:`kept_rows` runs a statement, on SQLite's own connection whenever Django's cursor
    would do nothing more (issue 15's twenty-fifth pass)."""
    found = _own_way(db, statement, params)
    if found is not None:
        with db.wrap_database_errors:
            return int(found[0].execute(found[1], params).rowcount)
    with db.cursor() as cursor:
        cursor.execute(statement, params)
        return int(cursor.rowcount)


def _own_way(
    db: BaseDatabaseWrapper, statement: str, params: Sequence[Any] | Mapping[str, Any]
) -> tuple[Any, str] | None:
    """SQLite's own connection and ``statement``'s kept rewriting, when Django's cursor would
    do nothing more than run it there (:func:`kept_rows`); None when it would."""
    if not isinstance(db, DatabaseWrapper):
        return None
    raw, found = db.connection, _kept_for(statement, params)
    if (
        found is not None
        and raw is not None
        and not db.execute_wrappers
        and not db.queries_logged
        and not db.needs_rollback
        and _checked(db)
        and _get_running_loop() is None
    ):
        return raw, found
    return None


def _checked(db: Any) -> bool:
    """Whether Django's cursor would check nothing more of ``db``: its health checked this
    request (or never), and made in this thread (Django's stubs do not name either)."""
    return bool(
        (db.health_check_done or not db.health_check_enabled) and db._thread_ident == get_ident()
    )


def _kept_for(statement: str, params: Sequence[Any] | Mapping[str, Any]) -> str | None:
    """``statement``'s kept rewriting for ``params``, as :meth:`CursorWrapper.convert_query`
    finds it (none: Django's to rewrite)."""
    if not isinstance(params, Mapping):
        return _REWRITTEN.get(statement)
    named = _NAMED.get(statement)
    return named[0] if named is not None and named[1] <= params.keys() else None


class CursorWrapper(base.SQLiteCursorWrapper):
    """Django's SQLite cursor; a kept statement's rewriting is found, not made again."""

    def convert_query(self, query: str, *, param_names: Sequence[str] | None = None) -> str:
        if param_names is None:
            found = _REWRITTEN.get(query)
            if found is not None:
                return found
        else:
            named = _NAMED.get(query)
            # Given every name it uses, Django's rewriting is this one; missing one, Django's
            # own says so.
            if named is not None and named[1].issubset(param_names):
                return named[0]
        # Django's own (its stubs do not name it).
        converted: str = super().convert_query(query, param_names=param_names)  # type: ignore[misc]
        return converted


class DatabaseWrapper(base.DatabaseWrapper):
    def create_cursor(self, name: Any = None) -> CursorWrapper:
        cursor: CursorWrapper = self.connection.cursor(factory=CursorWrapper)
        return cursor
