"""A raw prepared read (``Prepared(..., raw=True)``, issue 15's nineteenth pass) hands back a
``values_list()`` read's rows as the database gave them, with none of the ORM's converters,
kept or built each time alike; each column converted with its field's converters
(``frame.rawsql``) is then the ORM's row. *Who can see what* converts only the columns each
kind of row of her lists holds (``tests/web/test_safety_rows.py``)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from django.db import connection
from django.db.models import Field, Model
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interdepend.web.accounts.models import User
from interdepend.web.accounts.services import user_create
from interdepend.web.frame import prepared, rawsql
from interdepend.web.frame.prepared import Prepared
from interdepend.web.together.models import CheckIn
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

#: What a person may write (no NUL, which PostgreSQL refuses).
WORDS = st.text(st.characters(exclude_characters="\x00", codec="utf-8"), max_size=40)

_USERS = Prepared(
    lambda user_id: (
        User.objects.filter(pk__gte=user_id)
        .order_by("pk")
        .values_list("pk", "display_name", "date_joined", "is_active")
    ),
    raw=True,
)
_WEEKS = Prepared(
    lambda owner_id: (
        CheckIn.objects.filter(owner_id=owner_id).order_by("week").values_list("week", "shared")
    ),
    raw=True,
)


def _field(model: type[Model], name: str) -> Field[Any, Any]:
    found = model._meta.get_field(name)
    assert isinstance(found, Field)
    return found


_FIELDS = rawsql.known(
    [_field(User, n) for n in ("id", "display_name", "date_joined", "is_active")]
)
_WEEK_FIELDS = rawsql.known([_field(CheckIn, n) for n in ("week", "shared")])


@pytest.fixture
def off(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every read built by the ORM each time."""
    monkeypatch.setattr(prepared, "ENABLED", False)
    yield


_numbers = itertools.count()


def _person(name: str, joined: datetime) -> User:
    email = f"p{next(_numbers)}@example.test"
    user = user_create(email=email, password=PASSWORD, display_name="x")
    User.objects.filter(pk=user.pk).update(display_name=name, date_joined=joined)
    return user


def test_raw_rows_converted_are_the_orms_rows() -> None:
    first = _person("<script>x</script>", datetime(2020, 2, 29, 23, 59, 59, 123456, tzinfo=UTC))
    _person("\u202eשלום", datetime(2026, 12, 6, tzinfo=UTC))
    rows = _USERS(user_id=first.pk)
    assert _USERS.prepared(user_id=first.pk)
    assert all(type(row) is tuple for row in rows)
    orm = list(_USERS.build(user_id=first.pk))
    assert [rawsql.converted(row, _FIELDS) for row in rows] == [list(row) for row in orm]
    assert orm[0][2] == datetime(2020, 2, 29, 23, 59, 59, 123456, tzinfo=UTC)


def test_raw_rows_are_the_cursors_own() -> None:
    """Nothing converted: what a cursor gives for the statement, on either database."""
    first = _person("Bo", datetime(2021, 1, 1, tzinfo=UTC))
    rows = _USERS(user_id=first.pk)
    sql, params = _USERS.build(user_id=first.pk).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        assert rows == [tuple(row) for row in cursor.fetchall()]
    if connection.vendor == "sqlite":  # SQLite's cursor gives a naive moment; the ORM's aware
        assert timezone.is_naive(rows[0][2])


def test_raw_rows_built_each_time_are_the_kept_ones(off: None) -> None:
    first = _person("Al", datetime(2022, 3, 4, 5, 6, 7, tzinfo=UTC))
    CheckIn.objects.create(owner=first, week=date(2023, 1, 2), shared=True)
    built, weeks = _USERS(user_id=first.pk), _WEEKS(owner_id=first.pk)
    prepared.ENABLED = True
    assert _USERS(user_id=first.pk) == built and _USERS.prepared(user_id=first.pk)
    assert _WEEKS(owner_id=first.pk) == weeks and len(weeks) == 1
    assert [rawsql.converted(r, _WEEK_FIELDS) for r in weeks] == [[date(2023, 1, 2), True]]


def test_a_raw_read_of_nothing_is_empty_either_way(off: None) -> None:
    read = Prepared(lambda ids: User.objects.filter(pk__in=ids).values_list("pk"), raw=True)
    assert read(ids=[]) == []
    prepared.ENABLED = True
    assert read(ids=[]) == [] and read(ids=[-5]) == []


@pytest.mark.parametrize(
    "build",
    [
        lambda user_id: User.objects.filter(pk=user_id),
        lambda user_id: User.objects.filter(pk=user_id).values_list("pk", flat=True),
        lambda user_id: User.objects.filter(pk=user_id).values("pk"),
        lambda user_id: User.objects.filter(pk=user_id).values_list("pk", named=True),
    ],
)
def test_only_a_values_list_read_is_read_raw(build: Any, off: None) -> None:
    """Raw rows of model objects, single values, dicts or named rows would not be the read's
    rows: such a read is refused, kept or not."""
    read = Prepared(build, raw=True)
    with pytest.raises(TypeError):
        read(user_id=1)
    prepared.ENABLED = True
    with pytest.raises(TypeError):
        read(user_id=1)


def test_one_by_one_converts_as_converted_does() -> None:
    first = _person("Al", datetime(2022, 3, 4, 5, 6, 7, tzinfo=UTC))
    row = _USERS(user_id=first.pk)[0]
    each = rawsql.one_by_one(_FIELDS)
    assert [convert(value) for convert, value in zip(each, row, strict=True)] == (
        rawsql.converted(row, _FIELDS)
    )
    assert [convert(None) for convert in each] == [None] * 4


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    names=st.lists(WORDS, min_size=1, max_size=4),
    offsets=st.lists(st.integers(-(10**6), 10**6), min_size=4, max_size=4),
)
def test_any_rows_converted_are_the_orms(names: list[str], offsets: list[int]) -> None:
    with CaptureQueriesContext(connection):
        people = [
            _person(name, datetime(2026, 1, 1, tzinfo=UTC) + timedelta(seconds=offsets[i] * 37))
            for i, name in enumerate(names)
        ]
    first = min(p.pk for p in people)
    rows = _USERS(user_id=first)
    orm = list(_USERS.build(user_id=first))
    assert [rawsql.converted(row, _FIELDS) for row in rows] == [list(row) for row in orm]
    User.objects.filter(pk__in=[p.pk for p in people]).delete()
