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
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.backends.sqlite3.base import SQLiteCursorWrapper
from django.test import Client
from django.urls import reverse
from hypothesis import given, settings
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
