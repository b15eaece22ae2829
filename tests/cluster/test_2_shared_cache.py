"""One Redis for both servers: what one server caches the other uses, a change made through one
server is never answered from a stale entry by the other (the trend estimate's key is a digest
of the very data it came from). The two-step sign-in's count of wrong codes is one count
whichever server takes each code (it is kept in the database). Page fragments, the same on every
server of a release, stay in each worker's memory and never go to Redis."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pyotp
import redis

from tests.cluster.client import DEMO_PASSWORD, MAYA, Browser
from tests.cluster.conftest import Cluster

Sql = Callable[..., list[tuple[Any, ...]]]
SAM = "sam@demo.interdepend.test"
#: Wrong codes before the second step pauses (interdepend.web.accounts.twostep.MAX_WRONG).
MAX_WRONG = 5

ITEMS = ("own_time", "supported", "voice", "heard", "word_kept", "close")


def keys(store: redis.Redis, pattern: str) -> set[bytes | str]:
    return set(store.keys(f"*{pattern}*"))


def test_page_fragments_stay_in_each_worker_and_are_the_same_on_both(cluster: Cluster) -> None:
    store = redis.Redis.from_url(cluster.cache_url)
    a, b = cluster.servers
    visitor = Browser(cluster.balancer)
    first = visitor.get("/about/", via=a).text
    second = visitor.get("/about/", via=b).text
    assert "<footer" in first and first.split("<footer")[1] == second.split("<footer")[1]
    assert not keys(store, "template.cache."), "page fragments went to the shared cache"


def test_wrong_two_step_codes_are_counted_once_across_servers(cluster: Cluster, sql: Sql) -> None:
    a, b = cluster.servers
    sam = Browser(cluster.balancer)
    sam.sign_in(SAM)
    confirm = sam.form("/account/confirm/")
    assert sam.post("/account/confirm/", {**confirm, "password": DEMO_PASSWORD}).status_code == 302
    start = sam.form("/account/two-step/")
    assert sam.post("/account/two-step/start/", start).status_code == 302
    [(secret,)] = sql(
        "SELECT a.secret FROM accounts_authenticatorapp a"
        " JOIN accounts_user u ON u.id = a.user_id WHERE u.email = %s",
        SAM,
    )
    right = pyotp.TOTP(secret).now()
    # The first second step takes the password typed in its own form too.
    form = {**start, "code": right, "password": DEMO_PASSWORD}
    turned_on = sam.post("/account/two-step/confirm/", form, via=b)
    assert turned_on.status_code == 200

    other = Browser(cluster.balancer)  # someone who knows the password, not the phone
    fields = other.form("/login/")
    first = other.post("/login/", {**fields, "username": SAM, "password": DEMO_PASSWORD})
    assert first.status_code == 302 and "second-step" in first.headers["Location"]
    step = other.form("/login/second-step/")
    wrong = str((int(right) + 500_000) % 1_000_000).zfill(6)
    answers = [
        other.post("/login/second-step/", {**step, "code": wrong}, via=(a, b)[n % 2]).status_code
        for n in range(MAX_WRONG)
    ]
    assert answers == [400] * (MAX_WRONG - 1) + [403]  # the fifth, on either server, locks
    # Counted in the database, so one count whatever worker or server took each code.
    assert sql("SELECT count(*) FROM accounts_addressmail WHERE kind = 'two-step-wrong'") == [
        (MAX_WRONG,)
    ]
    assert not keys(redis.Redis.from_url(cluster.cache_url), "two-step")


def test_a_check_in_through_one_server_changes_the_estimate_the_other_shows(
    cluster: Cluster,
) -> None:
    store = redis.Redis.from_url(cluster.cache_url)
    a, b = cluster.servers
    maya = Browser(cluster.balancer)
    maya.sign_in(MAYA)
    assert maya.get("/together/trends/", via=a).status_code == 200
    before = keys(store, "carryover:")
    assert before, "the trends page kept no estimate in the shared cache"
    assert maya.get("/together/trends/", via=b).status_code == 200
    assert keys(store, "carryover:") == before, "the other server made its own estimate"

    # This week's check-in, saved through the other server twice: all 1s, then all 7s. The first
    # may leave the week's overall as it was; the second cannot leave it as the first made it.
    for answer in ("1", "7"):
        fields = maya.form("/together/check-in/", via=b)
        values = dict.fromkeys(ITEMS, answer)
        # Changing a saved week, and sharing it, ask for the password typed with it.
        sent = {**fields, **values, "shared": "on", "password": DEMO_PASSWORD}
        saved = maya.post("/together/check-in/", sent, via=b)
        assert saved.status_code == 302, saved.text[:400]
        assert maya.get("/together/trends/", via=a).status_code == 200
        after = keys(store, "carryover:")
        if answer == "7":
            assert len(after - before) == 1, "the estimate from before the check-in came back"
        before = after
