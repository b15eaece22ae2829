"""``frame.rawsql.converted``: the values a hand-written statement returns, as the ORM returns
them, with each column's converters worked out once per connection."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import pytest
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import JSONField
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interdepend.web.accounts.models import User
from interdepend.web.assessment.models import Attempt
from interdepend.web.frame import rawsql
from interdepend.web.partners.models import Partnership
from tests.conftest import Personas
from tests.helpers import active_partnership

pytestmark = pytest.mark.django_db


def _row(user: User) -> tuple[object, ...]:
    """Alice's partner's row as the database stores it (dates as SQLite's text, say)."""
    fields = [f.column for f in User._meta.concrete_fields]
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(fields)} FROM {User._meta.db_table} WHERE id = %s", [user.pk]
        )
        row = cursor.fetchone()
    assert row is not None
    return tuple(row)


def test_values_come_back_as_the_orm_gives_them(personas: Personas) -> None:
    bob = personas.bob
    values = rawsql.converted(_row(bob), User._meta.concrete_fields)
    read = User.objects.get(pk=bob.pk)
    assert values == [getattr(read, f.attname) for f in User._meta.concrete_fields]
    assert values[[f.attname for f in User._meta.concrete_fields].index("date_joined")].tzinfo


def test_converters_are_worked_out_once_per_connection(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Working out a column's converters took half of the current partnership's read (on nearly
    every page); the second read with the same fields works none out again."""
    active = active_partnership(personas.alice)
    connection = connections[DEFAULT_DB_ALIAS]
    connection.__dict__.pop(rawsql._KEPT, None)
    asked: list[str] = []
    ops_converters = connection.ops.get_db_converters

    def counting(expression: Any) -> list[Any]:
        asked.append(str(expression))
        return ops_converters(expression)

    monkeypatch.setattr(connection.ops, "get_db_converters", counting)
    fields = User._meta.concrete_fields
    row = _row(personas.bob)
    first = rawsql.converted(row, fields)
    assert len(asked) == len(fields)
    again = rawsql.converted(row, fields)
    assert len(asked) == len(fields), "the same fields worked out again"
    assert again == first
    # Another list of fields is worked out for itself, once.
    partnership_fields = Partnership._meta.concrete_fields
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(f.column for f in partnership_fields)} "
            f"FROM {Partnership._meta.db_table} WHERE id = %s",
            [active.partnership.pk],
        )
        prow = cursor.fetchone()
    assert prow is not None
    values = rawsql.converted(prow, partnership_fields)
    assert len(asked) == len(fields) + len(partnership_fields)
    assert values == [getattr(active.partnership, f.attname) for f in partnership_fields]


def test_a_worker_works_out_the_hand_written_reads_converters_as_it_starts(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As a worker starts (``frame.warmup``), so that no request is the first to: the first
    view after a start would otherwise take a little longer."""
    from interdepend.web.frame.warmup import prepare_every_read
    from interdepend.web.partners.access import access_active_partnership

    connection = connections[DEFAULT_DB_ALIAS]
    connection.__dict__.pop(rawsql._KEPT, None)
    prepare_every_read()
    asked: list[object] = []
    ops_converters = connection.ops.get_db_converters

    def counting(expression: Any) -> list[Any]:
        asked.append(expression)
        return ops_converters(expression)

    monkeypatch.setattr(connection.ops, "get_db_converters", counting)
    active = access_active_partnership(personas.alice)
    assert active is not None and active.partner == personas.bob
    assert asked == []


def test_a_noted_list_is_found_by_itself_and_an_equal_list_by_its_fields(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A list noted with ``known`` (every hand-written read's) is found without hashing its
    fields on each read; a list that was not noted, even one with the same fields, is found by
    its fields as before, and both convert alike."""
    from django.db.models import Field

    # Noted for this test alone: the process's own lists stay as they were.
    monkeypatch.setattr(rawsql, "_known", list(rawsql._known))
    monkeypatch.setattr(rawsql, "_known_ids", set(rawsql._known_ids))
    noted = rawsql.known(User._meta.concrete_fields)
    unnoted = list(User._meta.concrete_fields)
    row = _row(personas.bob)
    connection = connections[DEFAULT_DB_ALIAS]
    first = rawsql.converted(row, noted)
    hashed: list[object] = []
    field_hash = Field.__hash__

    def counting(self: Field[Any, Any]) -> int:
        hashed.append(self)
        return field_hash(self)

    monkeypatch.setattr(Field, "__hash__", counting)
    assert rawsql.converted(row, noted) == first
    assert hashed == []
    assert rawsql.converted(row, unnoted) == first
    assert len(hashed) >= len(unnoted)
    kept = connection.__dict__[rawsql._KEPT]
    assert id(noted) in kept and tuple(unnoted) in kept


def _outcome(convert: Any, value: object) -> tuple[object, ...]:
    """What a converter gives for ``value``: the value, its zone and its ``fold``, or the
    error it raises."""
    try:
        made = convert(value, None, connections[DEFAULT_DB_ALIAS])
    except Exception as error:  # noqa: BLE001 - the error itself is what is compared
        return ("raised", type(error), str(error))
    return ("gave", made, getattr(made, "tzinfo", "none"), getattr(made, "fold", "none"))


#: Moments as SQLite stores them and as anything else might hand them over.
_MOMENTS = st.one_of(
    st.none(),
    st.datetimes().map(str),
    st.datetimes().map(lambda moment: moment.isoformat(sep=" ", timespec="seconds")),
    st.datetimes(timezones=st.timezones()).map(str),
    st.datetimes().map(lambda moment: moment.isoformat()),
    st.dates().map(str),
    st.text(max_size=30),
    st.sampled_from(["", "2026-12-07 06:19:01.4365", "2026-13-01 00:00:00", "2026-12-07T24:00"]),
    st.datetimes(),
    st.datetimes().map(lambda moment: moment.replace(fold=1)),
    st.datetimes(timezones=st.timezones()),
)


@pytest.mark.skipif(
    connections[DEFAULT_DB_ALIAS].vendor != "sqlite", reason="SQLite's converter of a moment"
)
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=_MOMENTS, use_tz=st.booleans())
def test_a_moment_is_converted_as_djangos_sqlite_converter_converts_it(
    value: object, use_tz: bool
) -> None:
    """SQLite's converter of a moment, its usual case written out (``_stored_moment``), gives
    what Django's gives, the same value in the same zone, or raises what it raises: for the
    text SQLite stores, with and without a fraction of a second, any other text, a date, a
    moment with a zone or none, with time zones on and off (issue 15's twenty-fourth pass)."""
    ops: Any = connections[DEFAULT_DB_ALIAS].ops  # SQLite's, which has the converter
    djangos = ops.convert_datetimefield_value
    ours = rawsql._stored_moment(djangos)
    assert ours is not djangos
    with override_settings(USE_TZ=use_tz):
        assert _outcome(ours, value) == _outcome(djangos, value)


@pytest.mark.skipif(
    connections[DEFAULT_DB_ALIAS].vendor != "sqlite", reason="SQLite's converter of a moment"
)
def test_a_moment_follows_time_zones_turned_off_and_on_again() -> None:
    """The written-out converter asks the connection's zone, not the settings, whether time
    zones are on: one converter, made once, follows ``USE_TZ`` turned off, on, and off again
    (Django makes the connection's zone again whenever the setting changes), as Django's does
    (issue 15's twenty-eighth pass)."""
    ops: Any = connections[DEFAULT_DB_ALIAS].ops
    djangos = ops.convert_datetimefield_value
    ours = rawsql._stored_moment(djangos)
    for value in ("2026-12-07 06:19:01.436500", "2026-12-07 06:19:01", datetime(2026, 12, 7, 6)):
        for use_tz in (False, True, False, True):
            with override_settings(USE_TZ=use_tz):
                assert _outcome(ours, value) == _outcome(djangos, value)
                made = ours(value, None, connections[DEFAULT_DB_ALIAS])
                assert (made.tzinfo is not None) is use_tz


def test_only_sqlites_moment_converter_is_written_out(personas: Personas) -> None:
    """Every other converter is kept as the backend gives it; on SQLite a moment's column
    takes the written-out one, standing for the backend's own, which it is held to above."""
    connection = connections[DEFAULT_DB_ALIAS]
    fields = User._meta.concrete_fields
    for field, (_column, converters) in zip(
        fields, rawsql._converters(connection, fields), strict=True
    ):
        column = field.get_col(User._meta.db_table)
        theirs = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        assert [getattr(each, "converts", each) for each in converters] == theirs
        written_out = [each for each in converters if hasattr(each, "converts")]
        if connection.vendor == "sqlite" and field.get_internal_type() == "DateTimeField":
            assert len(written_out) == 1
        else:
            assert written_out == []
    assert rawsql.converted(_row(personas.bob), fields) == [
        getattr(User.objects.get(pk=personas.bob.pk), f.attname) for f in fields
    ]


#: What a JSON column may hold: any value of JSON, odd words among the keys and texts.
_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner),
    max_leaves=10,
)
#: JSON columns' texts as Django stores them, and as anything else might hand them over.
_JSON_TEXTS = st.one_of(
    _JSON_VALUES.map(json.dumps),
    _JSON_VALUES.map(lambda value: json.dumps(value, separators=(",", ":"))),
    _JSON_VALUES.map(lambda value: json.dumps(value, indent=1, ensure_ascii=False)),
    st.tuples(
        st.sampled_from(["", " ", "\n", "\ufeff", "x", " 1", "]"]),
        _JSON_VALUES.map(json.dumps),
        st.sampled_from(["", " ", "\n", "x", " 1", "}", ",2"]),
    ).map("".join),
    st.text(max_size=20),
    st.sampled_from(["", "NaN", "-Infinity", '{"a": }', "[1, 2", '"\\ud800"', "01", "1e999"]),
    st.none(),
    st.integers(),
    st.binary(max_size=8),
    _JSON_VALUES,
)


def _json_outcome(convert: Any, value: object) -> tuple[object, ...]:
    """What a converter gives for ``value``: its type and ``repr`` (NaN too, keys in their
    order), or the error it raises."""
    try:
        made = convert(value, None, connections[DEFAULT_DB_ALIAS])
    except Exception as error:  # noqa: BLE001 - the error itself is what is compared
        return ("raised", type(error), str(error))
    return ("gave", type(made), repr(made))


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=_JSON_TEXTS)
def test_a_json_value_is_converted_as_djangos_converter_converts_it(value: object) -> None:
    """A JSON column's converter, its usual case written out (``_json_text``), gives what
    Django's gives, each value of the same type and in the same order, or raises what it
    raises: for the texts Django stores, with any separators, space or more around them,
    any other text, and what is not a text (issue 15's twenty-seventh pass)."""
    djangos = Attempt._meta.get_field("answers").from_db_value
    ours = rawsql._json_text(djangos)
    assert ours is not djangos
    assert getattr(ours, "converts", None) == djangos
    assert _json_outcome(ours, value) == _json_outcome(djangos, value)


def test_only_a_json_field_of_no_decoder_of_its_own_is_written_out() -> None:
    """A JSON field with a decoder of its own, and any other converter, is left as it is."""

    class Decoder(json.JSONDecoder):
        pass

    decoded = JSONField(decoder=Decoder)
    assert rawsql._json_text(decoded.from_db_value) == decoded.from_db_value
    plain = JSONField()
    assert rawsql._json_text(plain.from_db_value) != plain.from_db_value

    def another(value: object, expression: object, connection: object) -> object:
        return value

    assert rawsql._json_text(another) is another
    ops: Any = connections[DEFAULT_DB_ALIAS].ops
    moment = ops.get_db_converters(Attempt._meta.get_field("completed_at").get_col("a"))
    assert [rawsql._json_text(each) for each in moment] == moment


def test_a_take_comes_back_as_the_orm_gives_it(personas: Personas) -> None:
    """Every column of a take, its five JSON columns among them, converted as the ORM
    converts it, through the written-out converter of each JSON column."""
    attempt = Attempt.objects.create(
        user=personas.alice,
        instrument_id="interdependence_inventory_v2",
        instrument_version="2.0.0",
        item_order=["sl01", "bn02"],
        answers={"sl01": 3, "bn02": None},
        skipped=["bn02"],
        screen_answers={"sf01": 1},
        snapshot={"scores": {"self": 50.0, "bond": None}, "dynamic": "x"},
    )
    fields = Attempt._meta.concrete_fields
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(f.column for f in fields)} FROM {Attempt._meta.db_table} "
            "WHERE id = %s",
            [attempt.pk],
        )
        row = cursor.fetchone()
    connection = connections[DEFAULT_DB_ALIAS]
    written = [
        each
        for _column, converters in rawsql._converters(connection, fields)
        for each in converters
        if getattr(getattr(each, "converts", None), "__func__", None) is JSONField.from_db_value
    ]
    assert len(written) == 5
    read = Attempt.objects.get(pk=attempt.pk)
    values = rawsql.converted(row, fields)
    assert values == [getattr(read, f.attname) for f in fields]
    assert [type(v) for v in values] == [type(getattr(read, f.attname)) for f in fields]
