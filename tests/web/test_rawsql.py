"""``frame.rawsql.converted``: the values a hand-written statement returns, as the ORM returns
them, with each column's converters worked out once per connection."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import DEFAULT_DB_ALIAS, connections

from interdepend.web.accounts.models import User
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
