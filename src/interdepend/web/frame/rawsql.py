"""Values from a hand-written statement, as the ORM would hand them over.

Only for the few reads that are hand-written for speed (see docs/development.md): each column
taken straight from a model's table goes through the backend's converters and the field's own,
exactly as a queryset's results do (so SQLite's stored text becomes an aware datetime).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection
from django.db.models import Field


def converted(row: Sequence[Any], fields: Sequence[Field[Any, Any]]) -> list[Any]:
    out = []
    for value, field in zip(row, fields, strict=True):
        column = field.get_col(field.model._meta.db_table)
        converters = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        for convert in converters:
            value = convert(value, column, connection)
        out.append(value)
    return out
