"""Our SQLite backend (``frame.sqlite3``): the statements we keep are rewritten for SQLite once.

Django's SQLite cursor rewrites a statement's ``%s`` places into ``?`` with a regular expression
on every run. The backend keeps that rewriting for the statements we make once a worker (the
prepared reads, the hand-written ones) and finds it by the statement: it must be exactly
Django's rewriting, every other statement must be rewritten as Django does, and the reads every
page makes must be among the kept ones.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from unittest.mock import patch

import pytest
from django.db import (
    DEFAULT_DB_ALIAS,
    OperationalError,
    connection,
    connections,
    transaction,
)
from django.db.backends.sqlite3.base import SQLiteCursorWrapper
from django.db.transaction import TransactionManagementError
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interdepend.web.frame.sqlite3 import base, kept, kept_statement
from interdepend.web.home.selectors import _waiting_statement
from interdepend.web.partners.access import _active_statement
from tests.conftest import Personas

SQLITE_ONLY = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's backend only")

#: Pieces of statement text, the awkward ones among them: places, a literal per cent sign
#: (written ``%%``), a per cent sign before a place, SQLite's own place, quotes.
_PIECES = st.sampled_from(
    ["SELECT ", "a", " = ", "%s", "%%", "%%s", "'%%s'", " LIKE '%%x%%'", "?", ", ", " (", ")", "\n"]
)


def _django_cursor() -> Any:  # Django's stubs do not name ``convert_query``
    return sqlite3.connect(":memory:").cursor(factory=SQLiteCursorWrapper)


def _our_cursor() -> base.CursorWrapper:
    return sqlite3.connect(":memory:").cursor(factory=base.CursorWrapper)


@given(st.lists(_PIECES, max_size=30).map("".join))
@settings(max_examples=300)
def test_a_kept_statement_is_rewritten_exactly_as_django_rewrites_it(statement: str) -> None:
    django_s = _django_cursor().convert_query(statement)
    assert _our_cursor().convert_query(statement) == django_s  # kept or not
    assert kept(statement) is statement  # handed back as it came
    assert base._REWRITTEN[statement] == django_s
    assert _our_cursor().convert_query(statement) == django_s


_NAMED_PIECES = st.sampled_from(
    ["SELECT ", "%(me)s", "%(today)s", "%(a_b)s", "%%", " LIKE '%%x%%'", "?", " = ", ", ", "\n"]
)


@given(st.lists(_NAMED_PIECES, max_size=30).map("".join))
@settings(max_examples=300)
def test_a_kept_statement_with_named_places_is_rewritten_as_django_does(statement: str) -> None:
    names = ["me", "today", "a_b", "unused"]  # every name, as a view's values give them
    django_s = _django_cursor().convert_query(statement, param_names=names)
    assert kept(statement) is statement and base.is_kept(statement)
    assert _our_cursor().convert_query(statement, param_names=names) == django_s
    assert _our_cursor().convert_query(statement, param_names=names[::-1]) == django_s


def test_a_kept_statement_missing_a_name_is_left_to_django() -> None:
    statement = kept("SELECT %(a)s, %(b)s")
    assert _our_cursor().convert_query(statement, param_names=["b", "a"]) == "SELECT :a, :b"
    with pytest.raises(KeyError):
        _our_cursor().convert_query(statement, param_names=["a"])


def test_a_function_that_makes_statements_keeps_each_it_makes() -> None:
    made: list[str] = []

    @kept_statement
    def statement(vendor: str) -> str:
        made.append(vendor)
        return f"SELECT %s /* {vendor} kept by the test */"

    first = statement("sqlite")
    assert base._REWRITTEN[first] == "SELECT ? /* sqlite kept by the test */"
    assert statement.__name__ == "statement" and made == ["sqlite"]


@SQLITE_ONLY
def test_the_database_is_djangos_sqlite_with_our_cursor(db: None) -> None:
    wrapper = connections[DEFAULT_DB_ALIAS]
    assert isinstance(wrapper, base.DatabaseWrapper) and wrapper.vendor == "sqlite"
    with wrapper.cursor() as cursor:
        assert isinstance(cursor.cursor, base.CursorWrapper)


@contextmanager
def _rewritten_by_django() -> Iterator[list[str]]:
    """Every statement that reaches Django's own rewriting while the block runs."""
    seen: list[str] = []
    django_convert = vars(SQLiteCursorWrapper)["convert_query"]

    def convert(self: Any, query: str, *, param_names: Any = None) -> str:
        seen.append(query)
        converted: str = django_convert(self, query, param_names=param_names)
        return converted

    with patch.object(SQLiteCursorWrapper, "convert_query", convert):
        yield seen


@SQLITE_ONLY
def test_a_kept_statement_runs_without_being_rewritten_again(db: None) -> None:
    statement = kept("SELECT %s + 1, '%%' AS sign")
    with _rewritten_by_django() as seen, connection.cursor() as cursor:
        cursor.execute(statement, [41])
        assert cursor.fetchone() == (42, "%")
        cursor.execute("SELECT %s + 2, '%%' AS other", [40])  # not kept: Django's way
        assert cursor.fetchone() == (42, "%")
    assert seen == ["SELECT %s + 2, '%%' AS other"]


@SQLITE_ONLY
def test_the_reads_every_page_makes_are_never_rewritten_again(personas: Personas) -> None:
    """Her partnership and the menu's count run on nearly every page: neither reaches Django's
    rewriting, nor does any statement of a prepared read; what does is the ORM's own."""
    client = Client()
    client.force_login(personas.alice)
    pages = ["home:home", "together:home", "together:bids", "together:trends", "couple:home"]
    with _rewritten_by_django() as seen:
        for name in pages:
            assert client.get(reverse(name)).status_code == 200
    assert base.is_kept(_waiting_statement()) and base.is_kept(_active_statement())
    assert _waiting_statement() not in seen and _active_statement() not in seen
    assert not [statement for statement in seen if base.is_kept(statement)]
    assert seen  # the ORM's own (the session, the person) are still Django's to rewrite


#: Values a statement's places take: whole numbers (SQLite's widest among them), texts (with
#: per cent signs and quotes), floats, none.
_VALUES = st.one_of(
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.text(max_size=12),
    st.floats(allow_nan=False),
    st.none(),
)


def _by_django(statement: str, params: Any) -> list[Any]:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        rows: list[Any] = cursor.fetchall()
        return rows


@contextmanager
def _no_django_cursor() -> Iterator[None]:
    """Refuse Django's cursor while the block runs (``kept_rows`` must not make one)."""
    db = connections[DEFAULT_DB_ALIAS]
    with patch.object(db, "cursor", side_effect=AssertionError("Django's cursor was made")):
        yield


@SQLITE_ONLY
@given(st.lists(_VALUES, min_size=1, max_size=4), st.sampled_from(["'%%'", "'50%% off'", "'a''b'"]))
@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_the_rows_of_a_kept_statement_are_those_djangos_cursor_gives(
    db: None, values: list[Any], literal: str
) -> None:
    """Run on SQLite's connection straight, a kept statement gives the same rows, of the same
    types, as through Django's cursor: its places, a literal per cent sign, quotes."""
    places = ", ".join("%s" for _value in values)
    statement = kept(f"SELECT {places}, {literal} UNION ALL SELECT {places}, 1")
    params = values + values
    expected = _by_django(statement, params)
    wrapper = connections[DEFAULT_DB_ALIAS]
    wrapper.ensure_connection()
    with _no_django_cursor():
        found = base.kept_rows(wrapper, statement, params)
    assert found == expected
    assert [[type(v) for v in row] for row in found] == [[type(v) for v in row] for row in expected]


@SQLITE_ONLY
def test_a_kept_statement_logged_or_watched_goes_through_djangos_cursor(db: None) -> None:
    """While the statements are logged (the tests that count them, ``DEBUG``) or watched (an
    ``execute_wrapper``, as the warm-up refuses the database), the statement goes through
    Django's cursor: it is counted and seen as before."""
    statement = kept("SELECT %s + 1")
    wrapper = connections[DEFAULT_DB_ALIAS]
    with CaptureQueriesContext(wrapper) as logged:
        assert base.kept_rows(wrapper, statement, [41]) == [(42,)]
    assert [query["sql"] for query in logged.captured_queries] == ["SELECT 41 + 1"]
    seen: list[str] = []

    def watch(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        seen.append(sql)
        return execute(sql, params, many, context)

    with wrapper.execute_wrapper(watch):
        assert base.kept_rows(wrapper, statement, [1]) == [(2,)]
    assert seen == [statement]
    with override_settings(DEBUG=True), CaptureQueriesContext(wrapper):
        assert wrapper.queries_logged
        with _no_django_cursor(), pytest.raises(AssertionError):
            base.kept_rows(wrapper, statement, [1])


@SQLITE_ONLY
def test_a_statement_not_kept_goes_through_djangos_cursor(db: None) -> None:
    wrapper = connections[DEFAULT_DB_ALIAS]
    wrapper.ensure_connection()
    with _rewritten_by_django() as seen:
        assert base.kept_rows(wrapper, "SELECT %s * 3, '%%'", [5]) == [(15, "%")]
    assert seen == ["SELECT %s * 3, '%%'"]


@SQLITE_ONLY
def test_a_kept_statement_fails_as_through_djangos_cursor(db: None) -> None:
    """The database's errors are Django's (wrapped as its cursor wraps them), and a transaction
    an error has broken refuses the statement as Django's cursor refuses it."""
    wrapper = connections[DEFAULT_DB_ALIAS]
    wrapper.ensure_connection()
    missing = kept("SELECT * FROM no_such_table WHERE 1 = %s")
    with pytest.raises(OperationalError), _no_django_cursor():
        base.kept_rows(wrapper, missing, [1])
    statement = kept("SELECT %s + 2")
    with pytest.raises(TransactionManagementError), transaction.atomic():
        wrapper.set_rollback(True)
        base.kept_rows(wrapper, statement, [1])


def test_a_kept_statement_on_any_database_gives_djangos_rows(db: None) -> None:
    """On any database (PostgreSQL too), the rows are those Django's cursor gives."""
    statement = kept("SELECT %s + 1, %s")
    wrapper = connections[DEFAULT_DB_ALIAS]
    assert base.kept_rows(wrapper, statement, [41, "a"]) == _by_django(statement, [41, "a"])


@SQLITE_ONLY
def test_a_kept_statement_with_named_places_gives_djangos_rows(db: None) -> None:
    """Named places (the menu's count): the kept rewriting when every name it uses is given,
    Django's cursor (and its error) when one is missing."""
    statement = kept("SELECT %(a)s + 1, %(b)s, '%%'")
    wrapper = connections[DEFAULT_DB_ALIAS]
    params = {"a": 41, "b": "x", "unused": 3}
    expected = _by_django(statement, params)
    with _no_django_cursor():
        assert base.kept_rows(wrapper, statement, params) == expected == [(42, "x", "%")]
    with _no_django_cursor(), pytest.raises(AssertionError):
        base.kept_rows(wrapper, statement, {"a": 1})
    with pytest.raises(KeyError):
        base.kept_rows(wrapper, statement, {"a": 1})


@contextmanager
def _through_djangos_cursor() -> Iterator[list[str]]:
    """The statements run through Django's cursor meanwhile, in order."""
    from django.db.backends import utils

    seen: list[str] = []
    django_execute = utils.CursorWrapper.execute

    def execute(self: Any, sql: str, params: Any = None) -> Any:
        seen.append(sql)
        return django_execute(self, sql, params)

    with patch.object(utils.CursorWrapper, "execute", execute):
        yield seen


@SQLITE_ONLY
def test_an_answer_to_a_bid_reads_and_holds_without_djangos_cursor(personas: Personas) -> None:
    """An answer as htmx posts it: the bid with her ended partnerships, the partnership held
    for the write, and her partnership with the month and both lists after it run on SQLite's
    connection (``kept_rows``, issue 15's twenty-fifth pass), and so does the write itself, its
    count of rows changed (``kept_count``); the ORM's own reads still go through Django's
    cursor. The answer is saved and drawn as before."""
    from interdepend.web.partners.access import access_active_partnership
    from interdepend.web.partners.ended import MARK_FIELD, mark_for
    from interdepend.web.partners.services import _hold_statement
    from interdepend.web.together.access import _bid_to_answer_statement
    from interdepend.web.together.models import Bid, BidAnswer
    from interdepend.web.together.selectors import answer_reads_statement
    from interdepend.web.together.services import _answer_statement, _answer_within_statement

    alice, bob = personas.alice, personas.bob
    active = access_active_partnership(alice)
    assert active is not None
    bid = Bid.objects.create(owner=bob, partnership=active.partnership, text="Tea?")
    client = Client()
    client.force_login(alice)
    with _through_djangos_cursor() as seen:
        response = client.post(
            reverse("together:bid_answer", args=[bid.public_id]),
            {
                "answer": "yes_now",
                MARK_FIELD: mark_for(alice.pk, active.partnership.pk, bid.public_id),
            },
            HTTP_HX_REQUEST="true",
        )
    assert response.status_code == 200
    assert f'id="bid-{bid.public_id}"'.encode() in response.content
    assert Bid.objects.get(pk=bid.pk).answer == BidAnswer.YES_NOW
    kept_ones = {
        _bid_to_answer_statement(),
        _hold_statement(),
        answer_reads_statement(),
        _answer_statement(),
        _answer_within_statement(),
    }
    assert all(base.is_kept(statement) for statement in kept_ones)
    assert not kept_ones & set(seen), seen


@SQLITE_ONLY
def test_the_prepared_reads_of_pages_run_without_djangos_cursor(personas: Personas) -> None:
    """The prepared reads (``frame.prepared``: rows, raw rows and counts) whose rows are made
    without the ORM's iterable run their kept statements on SQLite's connection through
    ``kept_rows`` (issue 15's twenty-fifth pass): none of them reaches Django's cursor on a
    signed-in person's pages, which are drawn as before."""
    from interdepend.web.frame import prepared

    client = Client()
    client.force_login(personas.alice)
    names = ["home:home", "safetycheck:index", "together:bids", "couple:home", "journal:home"]
    pages = [reverse(name) for name in names]
    first = [client.get(page).content for page in pages]  # each read prepared on its first run
    with _through_djangos_cursor() as seen:
        again = [client.get(page) for page in pages]
    assert [response.status_code for response in again] == [200] * len(pages)
    assert [len(response.content) for response in again] == [len(page) for page in first]
    # A read the ORM must make its rows of (related objects it knows, annotations) still
    # runs through its iterable, and so through Django's cursor.
    through_orm = prepared.Prepared._compiled.__qualname__ + ".<locals>.run"
    kept = prepared._kept_on(connections[DEFAULT_DB_ALIAS]).values()
    kept_ones = {s.sql for s in kept if s is not None and s.runner.__qualname__ != through_orm}
    assert len(kept_ones) >= 3, kept_ones  # four in 2026-12
    assert not kept_ones & set(seen), kept_ones & set(seen)


@given(st.integers(min_value=0, max_value=12), st.integers(min_value=-3, max_value=14))
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_a_kept_change_counts_the_rows_as_djangos_cursor_does(
    db: None, rows: int, below: int
) -> None:
    """``kept_count``: an ``UPDATE`` run on SQLite's connection changes what it changes through
    Django's cursor and counts the same rows changed (``cursor.rowcount``); logged, it goes
    through Django's cursor and is counted as before; on any database the count is Django's."""
    wrapper = connections[DEFAULT_DB_ALIAS]
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE kept_change (n integer, seen integer)")
        cursor.executemany("INSERT INTO kept_change VALUES (%s, 0)", [(n,) for n in range(rows)])
    try:
        statement = kept("UPDATE kept_change SET seen = seen + 1 WHERE n < %s")
        with connection.cursor() as cursor:
            cursor.execute(statement, [below])
            expected = cursor.rowcount
        if connection.vendor == "sqlite":
            with _no_django_cursor():
                assert base.kept_count(wrapper, statement, [below]) == expected
        else:
            assert base.kept_count(wrapper, statement, [below]) == expected
        with CaptureQueriesContext(wrapper) as logged:
            assert base.kept_count(wrapper, statement, [below]) == expected
        assert len(logged.captured_queries) == 1
        with connection.cursor() as cursor:
            cursor.execute("SELECT n, seen FROM kept_change ORDER BY n")
            assert cursor.fetchall() == [(n, 3 if n < below else 0) for n in range(rows)]
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE kept_change")
