"""A couple's short week through the balancer, requests alternating between the two servers:
sessions, CSRF, idempotency keys, conflicts on a shared goal and the quick exit's lock hold
whichever server answers."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from tests.cluster.client import DEMO_PASSWORD, JONAH, MAYA, Browser, hidden_fields
from tests.cluster.conftest import Cluster

#: Only a signed-in page has the sign-out form.
SIGNED_IN = 'action="/logout/"'
Sql = Callable[..., list[tuple[Any, ...]]]


@pytest.fixture
def maya(cluster: Cluster) -> Browser:
    browser = Browser(cluster.balancer)
    browser.sign_in(MAYA)
    return browser


@pytest.fixture
def jonah(cluster: Cluster) -> Browser:
    browser = Browser(cluster.balancer)
    browser.sign_in(JONAH)
    return browser


def shared_goal(maya: Browser, sql: Sql) -> str:
    key = uuid.uuid4().hex
    fields = maya.form("/together/goals/")
    answer = maya.post(
        "/together/goals/",
        {**fields, "idem": key, "title": f"Walk on Sundays {key[:6]}", "together": "on"},
    )
    assert answer.status_code == 302
    [(public_id,)] = sql("SELECT public_id FROM together_goal WHERE idem_key = %s", key)
    return str(public_id)


def test_a_signed_in_session_holds_on_both_servers(cluster: Cluster, maya: Browser) -> None:
    for _ in range(8):
        page = maya.get("/together/goals/", allow_redirects=False)
        assert page.status_code == 200
        assert SIGNED_IN in page.text
    assert set(maya.served_by[-8:]) == {"a", "b"}, maya.served_by
    for server in cluster.servers:
        assert maya.get("/together/", via=server, allow_redirects=False).status_code == 200


def test_a_csrf_token_from_one_server_is_taken_by_the_other(
    cluster: Cluster, maya: Browser, sql: Sql
) -> None:
    a, b = cluster.servers
    key = uuid.uuid4().hex
    fields = maya.form("/together/bids/", via=a)
    answer = maya.post("/together/bids/", {**fields, "idem": key, "text": "Tea?"}, via=b)
    assert answer.status_code == 302
    assert sql("SELECT count(*) FROM together_bid WHERE idem_key = %s", key) == [(1,)]
    # Without the token, neither server takes the post.
    for server in (a, b):
        refused = maya.post("/together/bids/", {"idem": uuid.uuid4().hex, "text": "x"}, via=server)
        assert refused.status_code == 403


def test_one_idempotency_key_makes_one_row_whichever_servers_take_it(
    cluster: Cluster, maya: Browser, sql: Sql
) -> None:
    key = uuid.uuid4().hex
    fields = maya.form("/together/goals/")
    data = {**fields, "idem": key, "title": "Cook together"}
    # The same post, twice to each server, all at once: a double tap landing on both machines.
    with ThreadPoolExecutor(4) as pool:
        answers = list(
            pool.map(lambda via: maya.post("/together/goals/", data, via=via), cluster.servers * 2)
        )
    assert [a.status_code for a in answers] == [302] * 4
    assert sql("SELECT count(*) FROM together_goal WHERE idem_key = %s", key) == [(1,)]


def test_an_edit_from_an_older_version_is_a_conflict_across_servers(
    cluster: Cluster, maya: Browser, jonah: Browser, sql: Sql
) -> None:
    a, b = cluster.servers
    goal = shared_goal(maya, sql)
    path = f"/together/goals/{goal}/"
    mine = maya.form(path, f"{path}edit/", via=a)
    theirs = jonah.form(path, f"{path}edit/", via=b)
    assert mine["version"] == theirs["version"]
    # New words ask for the password typed with them, each time (together.views.goal_edit).
    first = maya.post(
        f"{path}edit/", {**mine, "title": "Walk on Saturdays", "password": DEMO_PASSWORD}, via=a
    )
    assert first.status_code == 302
    second = jonah.post(
        f"{path}edit/", {**theirs, "title": "Swim on Sundays", "password": DEMO_PASSWORD}, via=b
    )
    assert second.status_code == 409
    [(title, version)] = sql("SELECT title, version FROM together_goal WHERE public_id = %s", goal)
    assert (title, version) == ("Walk on Saturdays", int(mine["version"]) + 1)


def test_the_quick_exit_lock_holds_on_the_other_server(cluster: Cluster, maya: Browser) -> None:
    a, b = cluster.servers
    fields = maya.form("/together/", via=a)
    left = maya.post(
        "/exit/", {"csrfmiddlewaretoken": fields["csrfmiddlewaretoken"], "beacon": "1"}, via=a
    )
    assert left.status_code == 204
    locked = maya.get("/together/goals/", via=b, allow_redirects=False)
    assert 'action="/continue/' in locked.text
    assert "Maya" not in locked.text and "maya@" not in locked.text
    form = hidden_fields(locked.text, "/continue/")
    wrong = maya.post("/continue/", {**form, "password": "not it at all"}, via=a)
    assert 'action="/continue/' in wrong.text
    opened = maya.post("/continue/", {**form, "password": DEMO_PASSWORD}, via=b)
    assert opened.status_code == 302
    after = maya.get("/together/goals/", via=a).text
    assert SIGNED_IN in after and 'action="/continue/' not in after


def test_a_week_of_small_things_alternating_between_servers(
    maya: Browser, jonah: Browser, sql: Sql
) -> None:
    """Seven days: each day one partner reaches out and notes a step on a shared goal, the other
    sees both on the next request (whichever server that is) and answers."""
    goal = shared_goal(maya, sql)
    path = f"/together/goals/{goal}/"
    couple = (maya, jonah)
    for day in range(7):
        writer, reader = couple[day % 2], couple[(day + 1) % 2]
        text = f"day {day}: a walk after dinner?"
        fields = writer.form("/together/bids/")
        assert writer.post("/together/bids/", {**fields, "text": text}).status_code == 302
        note = writer.form(path, f"{path}note/")
        step = f"day {day}: we set the table together"
        assert writer.post(f"{path}note/", {**note, "text": step}).status_code == 302
        assert text in reader.get("/together/bids/").text
        assert step in reader.get(path).text
    assert {"a", "b"} <= set(maya.served_by) and {"a", "b"} <= set(jonah.served_by)
    assert sql(
        "SELECT count(*) FROM together_goalnote n JOIN together_goal g ON g.id = n.goal_id "
        "WHERE g.public_id = %s",
        goal,
    ) == [(7,)]
