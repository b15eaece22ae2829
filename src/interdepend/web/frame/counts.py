"""Several counts in one statement.

A page that shows how many of several things there are (the safety check counts goals,
promises, bids, answers, factors…) would otherwise send one ``COUNT(*)`` each; every statement
costs the ORM about as much to build as the database takes to answer it. :func:`counted` puts
each queryset in a scalar subquery of a single ``SELECT`` and hands back plain integers, the
same numbers ``queryset.count()`` gives (``tests/web/test_counts.py``).
"""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import QuerySet


def counting_statement(querysets: dict[str, QuerySet[Any]]) -> tuple[str, list[Any]]:
    """The one statement that counts each queryset's rows, and its parameters."""
    parts: list[str] = []
    params: list[Any] = []
    for n, rows in enumerate(querysets.values()):
        sql, found = rows.order_by().values("pk").query.sql_with_params()
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) counted_{n})")
        params.extend(found)
    return "SELECT " + ", ".join(parts), params


def counted(**querysets: QuerySet[Any]) -> dict[str, int]:
    """``{name: queryset.count()}`` for every queryset given, read with one statement."""
    if not querysets:
        return {}
    sql, params = counting_statement(querysets)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return {name: int(value) for name, value in zip(querysets, row, strict=True)}
