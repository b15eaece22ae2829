"""T23 for ``accounts/0023``: her count of stopped sign-ins becomes one row each, and back.

Before it, her row held how many sign-ins begun with her right password stopped at the second
step and were not yet told to her (``stopped_sign_ins``), and when the last began
(``stopped_sign_in_at``, kept after she was told, for her sessions page). Each counted one must
still be told after the upgrade (N counted, N untold rows), the moment on her sessions page must
stay (a count of 0 with a moment, one told row), and a step back must give the same count and
moment. The general trip (``test_migrations.py``) only checks that rows survive, not that the
count turns into rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from django.apps.registry import Apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("accounts", "0022_user_stopped_sign_ins")]
HIS = datetime(2026, 11, 30, 21, 15, tzinfo=UTC)
TOLD = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
LATER = datetime(2026, 12, 1, 7, 30, tzinfo=UTC)


def _at(target: list[tuple[str, str]]) -> Apps:
    executor = MigrationExecutor(connection)
    executor.migrate(target)
    return MigrationExecutor(connection).loader.project_state(target).apps


def _latest() -> list[tuple[str, str]]:
    leaves: list[tuple[str, str]] = MigrationExecutor(connection).loader.graph.leaf_nodes()
    return leaves


@pytest.fixture
def latest() -> Iterator[list[tuple[str, str]]]:
    target = _latest()
    try:
        yield target
    finally:
        MigrationExecutor(connection).migrate(target)


def _person(apps: Apps, name: str, **row: object) -> int:
    User = apps.get_model("accounts", "User")
    made = User.objects.create(
        email=f"{name}@example.test", password="-", display_name=name.title(), **row
    )
    return int(made.pk)


@pytest.mark.django_db(transaction=True)
def test_each_counted_sign_in_becomes_an_untold_row_and_comes_back_as_the_count(
    latest: list[tuple[str, str]],
) -> None:
    old = _at(BEFORE)
    waiting = _person(old, "maya", stopped_sign_ins=3, stopped_sign_in_at=HIS)
    told = _person(old, "sam", stopped_sign_ins=0, stopped_sign_in_at=TOLD)
    never = _person(old, "robin")

    new = _at(latest)
    Rows = new.get_model("accounts", "StoppedSignIn")
    mine = list(Rows.objects.filter(user_id=waiting).values_list("told", "began_at", "key"))
    print(f"\ncounted 3: {len(mine)} untold rows; told moment: 1 told row")
    assert sorted(row[:2] for row in mine) == [(False, HIS)] * 3
    assert len({row[2] for row in mine}) == 3 and all(len(row[2]) >= 40 for row in mine)
    assert list(Rows.objects.filter(user_id=told).values_list("told", "began_at")) == [(True, TOLD)]
    assert not Rows.objects.filter(user_id=never).exists()

    back = _at(BEFORE)
    User = back.get_model("accounts", "User")
    counts = {
        pk: (count, at)
        for pk, count, at in User.objects.values_list(
            "pk", "stopped_sign_ins", "stopped_sign_in_at"
        )
    }
    assert counts == {waiting: (3, HIS), told: (0, TOLD), never: (0, None)}


@pytest.mark.django_db(transaction=True)
def test_a_step_back_keeps_what_is_untold_and_the_latest_moment(
    latest: list[tuple[str, str]],
) -> None:
    """Rows made after the upgrade: the untold ones are the count, the latest of all the
    moment, told or not."""
    new = _at(latest)
    maya = _person(new, "maya")
    Rows = new.get_model("accounts", "StoppedSignIn")
    Rows.objects.create(user_id=maya, key="a", began_at=HIS, told=False)
    Rows.objects.create(user_id=maya, key="b", began_at=LATER, told=True)
    Rows.objects.create(user_id=maya, key="c", began_at=TOLD, told=False)

    back = _at(BEFORE)
    User = back.get_model("accounts", "User")
    assert User.objects.filter(pk=maya).values_list(
        "stopped_sign_ins", "stopped_sign_in_at"
    ).get() == (2, LATER)

    again = _at(latest)
    Rows = again.get_model("accounts", "StoppedSignIn")
    assert Rows.objects.filter(user_id=maya, told=False).count() == 2
