"""Values from a hand-written statement, as the ORM would hand them over.

Only for the few reads that are hand-written for speed (see docs/development.md): each column
taken straight from a model's table goes through the backend's converters and the field's own,
exactly as a queryset's results do (so SQLite's stored text becomes an aware datetime).

Which converters a column takes depends only on its field and the connection, so they are worked
out once per connection and list of fields and kept on the connection (as ``frame.prepared``
keeps its statements): working them out took half of the current partnership's read, on nearly
every page (the ninth pass of docs/performance-passes.md). What is kept names fields and the
backend's functions, never a value.

SQLite's moment converter is kept as :func:`_stored_moment` writes it out for the text SQLite
stores (the twenty-fourth pass), and a JSON column's as :func:`_json_text` writes it out for
the text Django stored (the twenty-seventh pass). :func:`made` makes a model's object of
converted values as ``Model.from_db`` does, with less work (the twenty-fifth pass).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from json.decoder import JSONDecoder
from typing import Any, TypeVar

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.sqlite3.operations import DatabaseOperations as SQLiteOperations
from django.db.models import Field, JSONField, Model
from django.db.models.base import ModelState
from django.db.models.signals import post_init, pre_init

#: Where a connection keeps the converters of each list of fields.
_KEPT = "_interdepend_converters"
#: The lists of fields the app's hand-written reads convert, for :func:`warm`.
_known: list[tuple[Field[Any, Any], ...]] = []
#: The identities of those lists. Each is held in :data:`_known` for the life of the process, so
#: no other object can have its identity: its converters are found by it, without hashing every
#: field of the list on each read (a field's hash is a Python method: about 0.3 µs each).
_known_ids: set[int] = set()

Converter = Callable[[Any, Any, Any], Any]
M = TypeVar("M", bound=Model)


def converted(row: Sequence[Any], fields: Sequence[Field[Any, Any]]) -> list[Any]:
    connection = connections[DEFAULT_DB_ALIAS]
    out = []
    for value, (column, converters) in zip(row, _converters(connection, fields), strict=True):
        for convert in converters:
            value = convert(value, column, connection)
        out.append(value)
    return out


def made(model: type[M], names: Sequence[str], values: Sequence[Any]) -> M:
    """``model.from_db(DEFAULT_DB_ALIAS, names, values)``: the object as the ORM makes it of
    those columns (the rest deferred), ``names`` given in the model's order of its fields and
    each an ``attname``, ``values`` converted (:func:`converted`). Made here with its loaded
    state and its columns' values set at once, where ``Model.__init__`` walked every field of
    the model and set each one (about 6 µs a take on the couple page; some 20 µs for the
    partnership and the partner every page reads: issue 15's twenty-fourth and twenty-fifth
    passes); the ORM's own way while any receiver listens for a model being made
    (``pre_init``, ``post_init``), which it alone sends. ``tests/web/test_rawsql_made.py``
    holds the two equal."""
    if pre_init.receivers or post_init.receivers:
        return model.from_db(DEFAULT_DB_ALIAS, names, values)
    new = model.__new__(model)
    state = new._state = ModelState()
    state.adding, state.db = False, DEFAULT_DB_ALIAS
    new.__dict__.update(zip(names, values, strict=True))
    return new


def converting(fields: Sequence[Field[Any, Any]]) -> Callable[[Sequence[Any]], list[Any]]:
    """:func:`converted` for the many rows of one read: the connection and the converters are
    looked up once, not once a row (a streamed read of a few hundred rows)."""
    connection = connections[DEFAULT_DB_ALIAS]
    found = _converters(connection, fields)

    def convert(row: Sequence[Any]) -> list[Any]:
        out = []
        for value, (column, converters) in zip(row, found, strict=True):
            for each in converters:
                value = each(value, column, connection)
            out.append(value)
        return out

    return convert


def one_by_one(fields: Sequence[Field[Any, Any]]) -> list[Callable[[Any], Any]]:
    """For each field, a function converting one value of its column as :func:`converted`
    does: for a read whose rows hold each field's column in some rows only (a union of reads
    of several kinds), so that only the columns a row holds are converted."""
    connection = connections[DEFAULT_DB_ALIAS]
    return [_one(column, each, connection) for column, each in _converters(connection, fields)]


def _one(column: Any, converters: list[Converter], connection: Any) -> Callable[[Any], Any]:
    def convert(value: Any) -> Any:
        for each in converters:
            value = each(value, column, connection)
        return value

    if len(converters) == 1:
        only = converters[0]
        return lambda value: only(value, column, connection)
    return convert


def known(fields: Sequence[Field[Any, Any]]) -> tuple[Field[Any, Any], ...]:
    """``fields`` as a hand-written read hands them to :func:`converted`, noted for
    :func:`warm`."""
    kept = tuple(fields)
    _known.append(kept)
    _known_ids.add(id(kept))
    return kept


def warm() -> int:
    """Work out the converters of every noted list of fields on this thread's connection, as
    a worker starts, so that no request is the first to (``frame.warmup``, as the prepared
    reads are): the first view after a start would otherwise take a little longer, whoever
    had or had not been signed in since. Returns how many lists."""
    connection = connections[DEFAULT_DB_ALIAS]
    for fields in _known:
        _converters(connection, fields)
    return len(_known)


def _converters(
    connection: Any, fields: Sequence[Field[Any, Any]]
) -> list[tuple[Any, list[Converter]]]:
    """Each field's column and its converters on ``connection``, worked out on its first use."""
    kept: dict[object, list[tuple[Any, list[Converter]]]]
    kept = connection.__dict__.setdefault(_KEPT, {})
    ident = id(fields)
    # A noted list by its identity (see :data:`_known_ids`), any other by its fields.
    key: object = ident if ident in _known_ids else tuple(fields)
    found = kept.get(key)
    if found is None:
        found = []
        for field in fields:
            column = field.get_col(field.model._meta.db_table)
            converters = connection.ops.get_db_converters(column)
            converters += column.get_db_converters(connection)
            found.append((column, [_json_text(_stored_moment(each)) for each in converters]))
        kept[key] = found
    return found


#: Django's SQLite converter of a moment (``DateTimeField``), as its class defines it.
_SQLITE_MOMENT = SQLiteOperations.convert_datetimefield_value


def _stored_moment(convert: Converter) -> Converter:
    """``convert`` itself, or, for Django's SQLite converter of a moment, the same conversion
    with its usual cases written out. SQLite's driver hands a moment over without a zone, as
    the text SQLite stores or, where the column keeps its declared type, already read into a
    ``datetime``; Django's converter reads a text (``parse_datetime``: ``datetime.fromisoformat``
    first) and puts the moment in the connection's zone (``make_aware``, after two looks at
    whether it has one). Here a text is read by ``fromisoformat`` and a moment without a zone
    made again with the connection's zone (None while time zones are off); anything else (None,
    a text ``fromisoformat`` refuses, a moment with a zone or a ``fold``, a subclass, time
    zones off) goes to Django's own converter. About a microsecond less a moment in a loop:
    some twenty moments on an answer to a bid, fifteen to a hundred on the bids page (issue
    15's twenty-fourth pass). ``tests/web/test_rawsql.py`` holds the two equal."""
    ops = getattr(convert, "__self__", None)
    if getattr(convert, "__func__", None) is not _SQLITE_MOMENT or ops is None:
        return convert
    database = ops.connection

    def moment(value: Any, expression: Any, connection: Any) -> Any:
        kind = type(value)
        if kind is str:
            try:
                value = datetime.fromisoformat(value)
            except ValueError:
                return convert(value, expression, connection)
        elif kind is not datetime:  # None, a subclass: as Django converts it
            return convert(value, expression, connection)
        # The connection's zone is None exactly when time zones are off (Django's
        # ``timezone``, made again whenever ``USE_TZ`` or ``TIME_ZONE`` changes): asked here in
        # place of ``settings.USE_TZ``, a look through the settings' lazy object (about 0.3 µs
        # a moment; issue 15's twenty-eighth pass).
        zone = database.timezone
        if zone is None or value.tzinfo is not None or value.fold:
            return convert(value, expression, connection)
        # ``value.replace(tzinfo=…)`` as ``make_aware`` writes it, made with the moment's parts
        # by position (``replace`` with a keyword was most of the converter's time).
        return datetime(
            value.year,
            value.month,
            value.day,
            value.hour,
            value.minute,
            value.second,
            value.microsecond,
            zone,
        )

    moment.converts = convert  # type: ignore[attr-defined]  # what it stands for (the tests)
    return moment


#: Django's converter of a JSON column, as its class defines it.
_JSON_FROM_DB = JSONField.from_db_value
#: The C scanner of a JSON decoder with Django's (and ``json.loads``') defaults.
_scan: Callable[[str, int], tuple[Any, int]] = JSONDecoder().scan_once  # type: ignore[attr-defined]


def _json_text(convert: Converter) -> Converter:
    """``convert`` itself, or, for the converter of a ``JSONField`` of no decoder of its own,
    the same conversion with its usual case written out. Django's converter hands a text to
    ``json.loads``, which checks its type and its first character, looks for white space
    before and after the value (two searches of a pattern) and scans it, about 2 µs a value
    besides the scan; a stored value is Django's ``json.dumps``, with no space around it. Here
    a text is scanned at once, and the value kept when the scan ends at the text's end; any
    other case (None, not a text, space around it, a text that is not JSON, a value followed
    by more) goes to Django's own converter, which decides as before. Six values a view on the
    result page, two to four on the couple page (issue 15's twenty-seventh pass).
    ``tests/web/test_rawsql.py`` holds the two equal."""
    field: Any = getattr(convert, "__self__", None)
    if getattr(convert, "__func__", None) is not _JSON_FROM_DB or field.decoder is not None:
        return convert

    def json_value(value: Any, expression: Any, connection: Any) -> Any:
        if type(value) is str:
            try:
                found, end = _scan(value, 0)
            except (StopIteration, ValueError):
                return convert(value, expression, connection)
            if end == len(value):
                return found
        return convert(value, expression, connection)

    json_value.converts = convert  # type: ignore[attr-defined]  # what it stands for (the tests)
    return json_value
