"""A warm view of the decisions', the question for today's, the boundaries', the circle's and
the bids' pages builds no statement of its own with the ORM (issue 15's tenth and eleventh
passes): every read is kept (``frame.prepared``) or hand-written, so the ORM's compiler runs
only for what every page reads on the way in (the session and the person), as on a page with
nothing of its own."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.db.models.sql.compiler import SQLCompiler
from django.test import Client
from django.urls import reverse

from interdepend.web.accounts.models import User
from interdepend.web.decide.models import Decision
from interdepend.web.demo import demo_load
from interdepend.web.together.models import Boundary
from tests.helpers import as_user

pytestmark = pytest.mark.django_db


@contextmanager
def compiled(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The statements the ORM builds inside the block (their SQL)."""
    built: list[str] = []
    own = SQLCompiler.as_sql

    def as_sql(self: SQLCompiler, *args: Any, **kwargs: Any) -> Any:
        sql = own(self, *args, **kwargs)
        built.append(str(sql[0]))
        return sql

    with monkeypatch.context() as patched:
        patched.setattr(SQLCompiler, "as_sql", as_sql)
        yield built


def warm(client: Client, path: str, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    assert client.get(path).status_code == 200
    with compiled(monkeypatch) as built:
        assert client.get(path).status_code == 200
    return built


def test_the_pages_build_no_read_of_their_own(monkeypatch: pytest.MonkeyPatch) -> None:
    maya = User.objects.get(email=demo_load()[0].email)
    client = as_user(maya)
    decision = Decision.objects.filter(partnership__members__user=maya).first()
    boundary = Boundary.objects.filter(owner=maya).first()
    assert decision is not None and boundary is not None
    paths = [
        reverse("decide:index"),
        reverse("decide:detail", kwargs={"decision_id": decision.public_id}),
        reverse("daily:today"),
        reverse("daily:past"),
        reverse("daily:past") + "?earlier=all",
        reverse("daily:talk_it_through"),
        reverse("together:boundaries"),
        reverse("together:boundary", kwargs={"boundary_id": boundary.public_id}),
        reverse("together:circle"),
        reverse("together:bids"),  # the months' streamed read is hand-written (eleventh pass)
        reverse("accounts:sessions"),  # the last stopped sign-in's moment (stop 60)
    ]
    frame = warm(client, reverse("frame:about"), monkeypatch)
    assert len(frame) <= 2  # the session and the person
    for path in paths:
        assert warm(client, path, monkeypatch) == frame, path
