"""Reads whose statement the ORM builds once, then run with new values.

Building a queryset's SQL costs far more than running it here: a read of shared journal
entries with its joins took 1.4 ms to build and 0.1 ms to run on SQLite, and a page of ten
reads spent most of its own time building statements that differ only in an id. A
:class:`Prepared` read is written as an ordinary queryset, in a function of its values::

    entries_of = Prepared(
        lambda owner_id, partnership_id: Entry.objects.filter(
            owner_id=owner_id, shared_partnership_id=partnership_id
        ).only("pk", "public_id", "created_at")
    )
    rows = entries_of(owner_id=user.pk, partnership_id=active.partnership.pk)

The first call on a database connection builds the queryset twice with stand-in values, keeps
the SQL, finds where each stand-in went among its parameters, and keeps the ORM's own compiler
for turning rows into objects (model instances, ``values()`` dicts or ``values_list()`` tuples,
``select_related`` included). Later calls put the new values in those places and run it. Kept
statements belong to one connection (so to one thread) and never hold a value of anyone.

It refuses, and the read is built by the ORM every time, whenever that would not be the same:

* the two builds differ in anything but the stand-ins (the function branches on a value, or
  reads the clock or anything else of its own);
* a stand-in does not reach the parameters as it was given (a lookup changed it, as
  ``iexact`` does) or the statement came out empty;
* a value at run time is not of the kind the statement was built for (``None``, a model, a
  naive date and time, a number out of range), or a list is longer than ``LONGEST``;
* the queryset locks rows, or came from a related manager.

Values may be numbers, text, dates, aware dates and times, and lists or tuples of them (each
list length is a shape of its own). :class:`PreparedCounts` does the same for several counts
read in one statement (``frame.counts``). ``tests/web/test_prepared.py`` holds the reads equal
to their querysets run by the ORM, and every page equal with and without them. A ``values_list()``
read made with ``raw=True`` hands back the cursor's rows with none of the ORM's converters, kept
or not, for a caller that converts only the columns each row uses (``frame.rawsql.one_by_one``;
``tests/web/test_prepared_raw.py``).

:func:`warm` prepares every read as a worker starts, so that no page's first view after a
restart does that work: it took 13 ms on *Who can see what*, so a partner's first view of a page
told him whether she had opened it since the server started (the timing audit of 2026-12-03).
A read says nothing of the kinds of its values, so each is tried as a number, a text, a date and
a moment (a list of them for a plural name), likeliest first by its name; a statement that takes
every stand-in as given (the checks below) is the one a call with those kinds would make, and
every kind the read does not take is refused by the same checks. Lists are prepared for their
first :data:`WARM_LENGTHS` lengths (``tests/web/test_warmup.py``).

The idea is that of django-prepared-queries (Rutube), which is not kept for current Django;
this is written for Django 5.2's compiler and iterables and tested against them.
"""

from __future__ import annotations

import copy
import datetime as dt
import inspect
import itertools
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import QuerySet
from django.db.models.query import FlatValuesListIterable, ModelIterable, ValuesListIterable
from django.db.models.sql.compiler import SQLCompiler

from interdepend.web.frame.counts import counted, counting_statement
from interdepend.web.frame.sqlite3 import kept, kept_rows

T = TypeVar("T")
R = TypeVar("R")

#: Lists longer than this are built by the ORM each time (each length is a statement).
LONGEST = 64
#: Shapes (list lengths) kept per read and connection; more are built by the ORM each time.
SHAPES = 32
#: List lengths prepared as a worker starts: as many as a read keeps (:data:`SHAPES`), so no
#: list a page reads is prepared on its first call (a journal of twenty entries was, with 8:
#: the re-audit of 2026-12-03).
WARM_LENGTHS = SHAPES
#: Tries of kinds per read as a worker starts, at most.
WARM_TRIES = 256
#: Numbers outside this range are left to the ORM (it answers "nothing" for them).
SMALLEST, LARGEST = -(2**31), 2**31 - 1
_KEPT = "interdepend_prepared"
_numbers = itertools.count()

Adapter = Callable[[Any], Any]


class NotPrepared(Exception):
    """This read cannot be prepared; the ORM builds it each time."""


def _same(value: Any) -> Any:
    return value


def _stand_in(kind: type, n: int, second: bool) -> Any:
    """The n-th stand-in of a kind: small enough for any integer column, unlike any value a
    query of ours holds, and different in the second build (a number of the other parity, a
    text of another length), so that a build that branches on them is more likely caught."""
    base = 31_001 if second else 30_000
    if kind is int:
        return base + 7 * n
    if kind is str:
        # With the characters a lookup would escape or fold (LIKE's wildcards, a backslash,
        # capitals), so that a lookup that changes its text never finds the stand-in as given.
        return f"\u2060Stand-in %_\\ {base + n}{'.' if second else ''}\u2060"
    if kind is dt.datetime:
        return dt.datetime(1901, 1, 1, 0, 0, 0, base + n, tzinfo=dt.UTC)
    if kind is dt.date:
        return dt.date(1901, 1, 1) + dt.timedelta(days=base + n)
    raise NotPrepared(f"values of type {kind.__name__} cannot be prepared")


def _kind(value: Any) -> type:
    kind = type(value)
    if kind is dt.datetime and value.tzinfo is None:
        raise NotPrepared("a naive date and time")
    if kind is int and not SMALLEST <= value <= LARGEST:
        raise NotPrepared("a number out of range")
    if kind not in (int, str, dt.date, dt.datetime):
        raise NotPrepared(f"values of type {kind.__name__} cannot be prepared")
    return kind


def _shape(values: dict[str, Any]) -> tuple[tuple[str, Any], ...]:
    """What the statement depends on: each value's kind, and each list's kinds and length."""
    out: list[tuple[str, Any]] = []
    for name in sorted(values):
        value = values[name]
        if isinstance(value, list | tuple):
            if len(value) > LONGEST:
                raise NotPrepared("a long list")
            if not value:  # the ORM answers "nothing" without asking the database
                raise NotPrepared("an empty list")
            out.append((name, tuple(_kind(v) for v in value)))
        else:
            out.append((name, _kind(value)))
    return tuple(out)


def _stand_ins(shape: tuple[tuple[str, Any], ...], second: bool) -> dict[str, Any]:
    values: dict[str, Any] = {}
    n = 0
    for name, kind in shape:
        if isinstance(kind, tuple):
            values[name] = []
            for each in kind:
                n += 1
                values[name].append(_stand_in(each, n, second))
        else:
            n += 1
            values[name] = _stand_in(kind, n, second)
    return values


def _flat(values: dict[str, Any]) -> list[tuple[str, int | None, Any]]:
    out: list[tuple[str, int | None, Any]] = []
    for name, value in values.items():
        if isinstance(value, list | tuple):
            out.extend((name, i, v) for i, v in enumerate(value))
        else:
            out.append((name, None, value))
    return out


def _adapters(connection: BaseDatabaseWrapper) -> tuple[Adapter, ...]:
    ops = connection.ops
    return (_same, ops.adapt_datetimefield_value, ops.adapt_datefield_value)


@dataclass
class _Statement:
    """One shape of one read, built on one connection."""

    sql: str
    params: list[Any]
    #: (parameter position, value name, list index or None, adapter)
    places: list[tuple[int, str, int | None, Adapter]]
    #: Runs the statement with its parameters and hands back the read's result.
    runner: Callable[[str, tuple[Any, ...]], Any]

    def run(self, values: dict[str, Any]) -> Any:
        params = list(self.params)
        for position, name, index, adapt in self.places:
            value = values[name] if index is None else values[name][index]
            params[position] = adapt(value)
        return self.runner(self.sql, tuple(params))


#: Off, every read is built by the ORM (the tests compare every page both ways).
ENABLED = True


class _Kept(Generic[R]):
    """What a prepared read and prepared counts share: stand-ins, checks and the kept
    statements (per connection, per shape)."""

    #: Every prepared read of the app, for the tests.
    every: list[_Kept[Any]] = []  # noqa: RUF012 (a registry, appended to at import)

    def __init__(
        self, build: Callable[..., Any], name: str = "", values: Sequence[str] | None = None
    ) -> None:
        self.build = build
        #: The names of its values (its build's parameters unless given: a build that takes
        #: ``**more`` names them here), for :meth:`warm`.
        self.values = tuple(values) if values is not None else _parameters(build)
        self.name = f"{build.__module__}:{name or build.__code__.co_firstlineno}"
        #: Calls, and calls run from a kept statement (plain counts, for the tests).
        self.calls = self.kept_calls = 0
        #: Why a shape of this read was refused, if one was (for the tests).
        self.refused: set[str] = set()
        #: Its own key among a connection's kept statements (never reused, unlike ``id()``).
        self.key = next(_numbers)
        _Kept.every.append(self)

    def direct(self, **values: Any) -> R:
        """The read built by the ORM, as if it were not prepared."""
        raise NotImplementedError

    def _compiled(
        self, connection: BaseDatabaseWrapper, values: dict[str, Any]
    ) -> tuple[str, Sequence[Any], Callable[[str, tuple[Any, ...]], R]]:
        raise NotImplementedError

    def __call__(self, **values: Any) -> R:
        self.calls += 1
        if not ENABLED:
            return self.direct(**values)
        connection = connections[DEFAULT_DB_ALIAS]
        kept = _kept_on(connection)
        try:
            shape = _shape(values)
        except NotPrepared:
            return self.direct(**values)
        key = (self.key, shape)
        if key not in kept:
            if sum(1 for k in kept if k[0] == self.key) >= SHAPES:
                return self.direct(**values)
            try:
                kept[key] = self._prepare(connection, shape)
            except NotPrepared as refusal:
                self.refused.add(str(refusal))
                kept[key] = None
        statement = kept[key]
        if statement is None:
            return self.direct(**values)
        self.kept_calls += 1
        return cast(R, statement.run(values))

    def warm(self) -> int:
        """Prepare this read on this connection before its first call, for the kinds its
        values take, and each list length up to :data:`WARM_LENGTHS`. Returns how many
        statements were kept; 0 when no kind fits (the read is then prepared on its first call,
        as before)."""
        names = list(self.values)
        choices = [_likely_kinds(name) for name in names]
        tries = itertools.islice(itertools.product(*choices), WARM_TRIES)
        first = next((kinds for kinds in tries if self._warm_kinds(names, kinds)), None)
        if first is None:
            return 0
        # A value may fit more than one kind (a number where a text goes is written as given
        # by some fields): each other kind of each value is tried, the others as found.
        fitting = [first]
        for i, options in enumerate(choices):
            for kind in options:
                kinds = (*first[:i], kind, *first[i + 1 :])
                if kinds not in fitting and self._warm_kinds(names, kinds):
                    fitting.append(kinds)
        return sum(self._warm_lengths(names, kinds) for kinds in fitting)

    def _warm_kinds(self, names: list[str], kinds: tuple[Any, ...]) -> bool:
        return bool(self._warm_shape(tuple(zip(names, kinds, strict=True))))

    def _warm_lengths(self, names: list[str], kinds: tuple[Any, ...]) -> int:
        """The lists' other lengths, for kinds that fit with lists of one."""
        if not any(isinstance(kind, tuple) for kind in kinds):
            return 1
        return sum(
            self._warm_shape(
                tuple(
                    (name, kind * length if isinstance(kind, tuple) else kind)
                    for name, kind in zip(names, kinds, strict=True)
                )
            )
            for length in range(1, WARM_LENGTHS + 1)
        )

    def _warm_shape(self, named: tuple[tuple[str, Any], ...]) -> int:
        """Prepare one shape (1 when it is kept, 0 when the read does not take it)."""
        connection = connections[DEFAULT_DB_ALIAS]
        kept = _kept_on(connection)
        shape = tuple(sorted(named, key=lambda pair: pair[0]))
        key = (self.key, shape)
        if kept.get(key) is not None:
            return 1
        try:
            with warnings.catch_warnings():
                # A date tried where a moment goes is turned into one, with a warning; the
                # checks then refuse it, as they refuse every kind the read does not take.
                warnings.simplefilter("ignore")
                kept[key] = self._prepare(connection, shape)
        except Exception:  # noqa: BLE001 - a try of a kind: the field refuses it as it likes
            return 0
        return 1

    def prepared(self, **values: Any) -> bool:
        """Whether these values are run from a kept statement (for the tests)."""
        connection = connections[DEFAULT_DB_ALIAS]
        try:
            key = (self.key, _shape(values))
        except NotPrepared:
            return False
        return connection.__dict__.get(_KEPT, {}).get(key) is not None

    def _prepare(self, connection: BaseDatabaseWrapper, shape: Any) -> _Statement:
        first, second = _stand_ins(shape, False), _stand_ins(shape, True)
        sql, params, runner = self._compiled(connection, first)
        sql2, params2, _ = self._compiled(connection, second)
        if sql != sql2 or len(params) != len(params2):
            raise NotPrepared("the statement depends on its values")
        places = _places(connection, params, first)
        if _places(connection, params2, second) != places:
            raise NotPrepared("the stand-ins did not land in the same places")
        placed = {p[0] for p in places}
        for i, (a, b) in enumerate(zip(params, params2, strict=True)):
            if i not in placed and a != b:
                raise NotPrepared("the statement holds a value of its own")
        reached = {(name, index) for _, name, index, _ in places}
        if reached != {(name, index) for name, index, _ in _flat(first)}:
            raise NotPrepared("a value did not reach the statement as given")
        # Kept as it is rewritten for SQLite (``frame.sqlite3``): the same text runs on every
        # view, and was rewritten on each.
        return _Statement(kept(sql), list(params), places, runner)


def _kept_on(connection: BaseDatabaseWrapper) -> dict[tuple[int, object], _Statement | None]:
    """The statements kept on a connection, by (read, shape); None for a shape refused."""
    kept: dict[tuple[int, object], _Statement | None] = connection.__dict__.setdefault(_KEPT, {})
    return kept


def _parameters(build: Callable[..., Any]) -> tuple[str, ...]:
    named = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
    return tuple(name for name, p in inspect.signature(build).parameters.items() if p.kind in named)


def _likely_kinds(name: str) -> list[Any]:
    """The kinds a value named so can be, likeliest first: lists for a plural name, single
    values otherwise (``tests/web/test_warmup.py`` holds every read of ours to a fit)."""
    scalars: list[Any] = [int, str, dt.date, dt.datetime]
    if name in {"now", "since", "before", "after", "until"}:
        scalars = [dt.datetime, dt.date, int, str]
    elif name in {"day", "week", "month"} or name.endswith(("_day", "_week")):
        scalars = [dt.date, dt.datetime, int, str]
    plural = name.endswith("s") and not name.endswith("ss")
    return [(kind,) for kind in scalars] if plural else scalars


def warm() -> int:
    """Prepare every read of the app on this thread's connection, before a request needs it
    (``web.wsgi`` calls it as a worker starts). Returns how many statements were kept."""
    if not ENABLED:
        return 0
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor != "sqlite":  # SQLite's statements are built without opening it
        connection.ensure_connection()  # a server out of reach says so once, not per try
    return sum(read.warm() for read in _Kept.every if read.name.startswith("interdepend."))


def _checked(queryset: QuerySet[Any, Any]) -> QuerySet[Any, Any]:
    if queryset.query.select_for_update or queryset._known_related_objects:  # type: ignore[attr-defined]
        raise NotPrepared("a locking read, or one from a related manager")
    if queryset.db != DEFAULT_DB_ALIAS:
        raise NotPrepared("another database")
    return queryset


class Prepared(_Kept[list[T]]):
    """A read written as a queryset of its values: its rows, as the queryset gives them."""

    def __init__(
        self,
        build: Callable[..., QuerySet[Any, T]],
        name: str = "",
        values: Sequence[str] | None = None,
        *,
        raw: bool = False,
    ) -> None:
        super().__init__(build, name, values)
        #: Whether a run hands back the database's rows as the cursor gave them, with none of
        #: the ORM's converters (a ``values_list()`` read only: see :func:`_unconverted`).
        self.raw = raw

    def direct(self, **values: Any) -> list[T]:
        queryset = self.build(**values)
        if self.raw:
            return cast(list[T], _unconverted(_in_order(queryset)))
        return list(queryset)

    def first(self, **values: Any) -> T | None:
        """The first row, or None (the queryset should be sliced to one row itself)."""
        rows = self(**values)
        return rows[0] if rows else None

    def _compiled(
        self, connection: BaseDatabaseWrapper, values: dict[str, Any]
    ) -> tuple[str, Sequence[Any], Callable[[str, tuple[Any, ...]], list[T]]]:
        queryset = _checked(self.build(**values))
        compiler = queryset.query.get_compiler(using=queryset.db)
        try:
            sql, params = compiler.as_sql()
        except (EmptyResultSet, FullResultSet) as error:  # nothing or everything: the ORM's
            raise NotPrepared(type(error).__name__) from error
        if not sql:
            raise NotPrepared("an empty statement")
        # Each run hands the ORM's own iterable a shallow copy of the kept query whose compiler
        # is a shallow copy of the kept compiler with this run's statement: the rows become
        # objects as they always do, and nothing kept is changed by a run (a connection shared
        # between threads, as a live test server shares SQLite's, cannot mix two runs).
        if self.raw:
            _in_order(queryset)
            raw = _cursor_rows(compiler.connection)
            return sql, params, cast(Callable[[str, tuple[Any, ...]], list[T]], raw)
        query = queryset.query
        # Which converters each column takes depends only on the statement and the connection,
        # and the ORM worked them out again on every run: about 3 µs a column, the larger part
        # of running a read of a whole row (the ninth pass of docs/performance-passes.md). They are
        # worked out once here, and each run's compiler hands back the same ones.
        selected = [column for column, *_ in compiler.select[0 : compiler.col_count]]
        converters = compiler.get_converters(selected)
        plain = _plain_rows(queryset, compiler, selected, converters)
        if plain is not None:
            return sql, params, plain

        def run(sql: str, params: tuple[Any, ...]) -> list[T]:
            bound = copy.copy(compiler)
            bound.as_sql = lambda *args, **kwargs: (sql, params)
            bound.get_converters = lambda expressions: converters
            own = copy.copy(query)
            own.get_compiler = lambda *args, **kwargs: bound  # type: ignore[method-assign]
            fresh: QuerySet[Any, T] = QuerySet(model=queryset.model, query=own)
            fresh._iterable_class = queryset._iterable_class
            fresh._fields = queryset._fields  # type: ignore[attr-defined]
            fresh._prefetch_related_lookups = queryset._prefetch_related_lookups  # type: ignore[attr-defined]
            return list(fresh)

        return sql, params, run


def _plain_rows(
    queryset: QuerySet[Any, Any],
    compiler: SQLCompiler,
    selected: list[Any],
    converters: dict[int, tuple[list[Any], Any]],
) -> Callable[[str, tuple[Any, ...]], list[Any]] | None:
    """For a read of model rows, or a ``values_list()`` read (of tuples, or ``flat``), a run
    that hands back what the ORM's iterable would, with no queryset, query or compiler copied:
    the statement run through a cursor of the connection, each row through the converters
    worked out once, as ``SQLCompiler.results_iter`` and ``apply_converters`` do, then made a
    tuple, its one value, or the model's object (``Model.from_db`` with the columns'
    names, as ``ModelIterable`` makes it). The copies and the ORM's iterators were about a
    third of such a read beside the statement itself (issue 15's eighteenth pass). The kept
    statement runs by ``frame.sqlite3.kept_rows``: on SQLite without Django's cursor around it
    unless anyone logs or watches the statements (its twenty-fifth pass). None for
    any other read, or one the ORM would treat otherwise (related rows or annotations to put
    on each object, objects a related manager already knows, extra columns to trim, composite
    fields, prefetching): those run through
    the ORM's iterable as before. ``tests/web/test_prepared.py`` and
    ``test_prepared_plain_rows.py`` hold the rows equal to the queryset's, of the same types."""
    made = _row_maker(queryset, compiler)
    composite = getattr(compiler, "has_composite_fields", None)
    if (
        made is None
        or queryset._prefetch_related_lookups  # type: ignore[attr-defined]
        or queryset._known_related_objects  # type: ignore[attr-defined]
        or compiler.has_extra_select
        or (composite is not None and composite(selected))
    ):
        return None
    connection = compiler.connection
    steps = [(pos, convs, expression) for pos, (convs, expression) in converters.items()]

    def run(sql: str, params: tuple[Any, ...]) -> list[Any]:
        rows = kept_rows(connection, sql, params)
        if steps:
            changed = []
            for row in rows:
                values = list(row)
                for pos, convs, expression in steps:
                    value = values[pos]
                    for converter in convs:
                        value = converter(value, expression, connection)
                    values[pos] = value
                changed.append(values)
            rows = changed
        return made(rows)

    return run


def _in_order(queryset: QuerySet[Any, Any]) -> QuerySet[Any, Any]:
    """``queryset`` when it is a ``values_list()`` read (not ``flat``, not ``named``) whose
    statement gives its columns in the order it names them, as ``ValuesListIterable`` then
    hands them over; raw rows of any other read would not be its rows, so it is refused."""
    query = queryset.query
    names = [*query.extra_select, *query.values_select, *query.annotation_select]
    fields = [*queryset._fields]  # type: ignore[attr-defined]
    fields += [name for name in query.annotation_select if name not in fields]
    if queryset._iterable_class is not ValuesListIterable or names != fields:
        raise TypeError("raw rows are a values_list() read's, in the order it names them")
    return queryset


def _cursor_rows(
    connection: BaseDatabaseWrapper,
) -> Callable[[str, tuple[Any, ...]], list[tuple[Any, ...]]]:
    """A run handing back the statement's rows as the cursor gives them, each a tuple (a kept
    statement by ``frame.sqlite3.kept_rows``: see :func:`_plain_rows`)."""

    def run(sql: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        return [tuple(row) for row in kept_rows(connection, sql, params)]

    return run


def _unconverted(queryset: QuerySet[Any, Any]) -> list[tuple[Any, ...]]:
    """A ``values_list()`` read's rows with none of the ORM's converters, built each time: what
    a raw :class:`Prepared` read hands back when it is not run from a kept statement."""
    compiler = queryset.query.get_compiler(using=queryset.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:  # the ORM answers "nothing" without asking the database
        return []
    return _cursor_rows(compiler.connection)(sql, tuple(params))


def _row_maker(
    queryset: QuerySet[Any, Any], compiler: SQLCompiler
) -> Callable[[list[Any]], list[Any]] | None:
    """What the queryset's iterable makes of its converted rows, for the three kinds
    :func:`_plain_rows` runs; None for any other."""
    iterable = queryset._iterable_class
    if iterable is FlatValuesListIterable:
        return lambda rows: [row[0] for row in rows]
    if iterable is ValuesListIterable:
        return lambda rows: [tuple(row) for row in rows]
    info = compiler.klass_info
    if iterable is not ModelIterable or not info or info.get("related_klass_infos"):
        return None
    if compiler.annotation_col_map:
        return None
    model, db = info["model"], queryset.db
    fields = info["select_fields"]
    start, end = fields[0], fields[-1] + 1
    names = [column[0].target.attname for column in compiler.select[start:end]]
    return lambda rows: [model.from_db(db, names, row[start:end]) for row in rows]


class PreparedCounts(_Kept[dict[str, int]]):
    """Several counts written as querysets of their values (a dict of name → queryset), read
    with one statement as ``frame.counts.counted`` reads them."""

    def __init__(
        self,
        build: Callable[..., dict[str, QuerySet[Any, Any]]],
        name: str = "",
        values: Sequence[str] | None = None,
    ) -> None:
        super().__init__(build, name, values)

    def direct(self, **values: Any) -> dict[str, int]:
        return counted(**self.build(**values))

    def _compiled(
        self, connection: BaseDatabaseWrapper, values: dict[str, Any]
    ) -> tuple[str, Sequence[Any], Callable[[str, tuple[Any, ...]], dict[str, int]]]:
        querysets = {name: _checked(qs) for name, qs in self.build(**values).items()}
        try:
            sql, params = counting_statement(querysets)
        except (EmptyResultSet, FullResultSet) as error:  # nothing or everything: the ORM's
            raise NotPrepared(type(error).__name__) from error
        names = list(querysets)

        def run(sql: str, params: tuple[Any, ...]) -> dict[str, int]:
            (row,) = kept_rows(connection, sql, params)  # one row of counts, always
            return {name: int(value) for name, value in zip(names, row, strict=True)}

        return sql, params, run


def _places(
    connection: BaseDatabaseWrapper, params: Sequence[Any], values: dict[str, Any]
) -> list[tuple[int, str, int | None, Adapter]]:
    """Where each stand-in landed among the parameters, and how it was written there."""
    places = []
    stand_ins = _flat(values)
    for position, param in enumerate(params):
        for name, index, value in stand_ins:
            adapter = next((a for a in _adapters(connection) if _adapted(a, value) == param), None)
            if adapter is not None and type(param) is type(_adapted(adapter, value)):
                places.append((position, name, index, adapter))
                break
    return places


def _adapted(adapter: Adapter, value: Any) -> Any:
    try:
        return adapter(value)
    except (TypeError, ValueError, AttributeError):
        return object()
