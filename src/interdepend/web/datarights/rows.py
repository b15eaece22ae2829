"""Turn database rows into plain JSON-ready dictionaries for a person's export.

Every ``personal.export`` builds its tables with :func:`rows`, so each table is named by its
database table and each row carries its columns under their database names (``owner_id``).
"""

from __future__ import annotations

import datetime
import decimal
import uuid
from collections.abc import Iterable
from typing import Any

from django.db import models

Row = dict[str, object]
Tables = dict[str, list[Row]]


def json_value(value: object) -> object:
    """A value JSON can hold: dates as ISO 8601 text, decimals and ids as text."""
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    return value


def table(model: type[models.Model]) -> str:
    return model._meta.db_table


def columns(model: type[models.Model], exclude: Iterable[str] = ()) -> list[str]:
    skip = set(exclude)
    return [
        f.attname
        for f in model._meta.concrete_fields
        if f.name not in skip and f.attname not in skip
    ]


def rows(queryset: models.QuerySet[Any], *, exclude: Iterable[str] = ()) -> list[Row]:
    """Every row of the queryset, oldest first, without the excluded columns."""
    names = columns(queryset.model, exclude)
    found = queryset.order_by("pk").values(*names)
    return [{name: json_value(value) for name, value in row.items()} for row in found]


def tables_of(*querysets: models.QuerySet[Any], exclude: Iterable[str] = ()) -> Tables:
    """One table per queryset, named after its database table."""
    return {table(qs.model): rows(qs, exclude=exclude) for qs in querysets}
