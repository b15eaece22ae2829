"""One Redis for both servers: what one server caches the other uses, and a change made through
one server is never answered from a stale entry by the other (the keys are versioned: a
release's own prefix, and for the trend estimate a digest of the very data it came from)."""

from __future__ import annotations

import random

import redis

from tests.cluster.client import MAYA, Browser
from tests.cluster.conftest import Cluster

ITEMS = ("own_time", "supported", "voice", "heard", "word_kept", "close")


def keys(store: redis.Redis, pattern: str) -> set[bytes | str]:
    return set(store.keys(f"*{pattern}*"))


def test_a_fragment_cached_by_one_server_is_used_by_the_other(cluster: Cluster) -> None:
    store = redis.Redis.from_url(cluster.cache_url)
    a, b = cluster.servers
    visitor = Browser(cluster.balancer)
    first = visitor.get("/about/", via=a).text
    footers = keys(store, "template.cache.frame_footer")
    assert len(footers) == 1
    second = visitor.get("/about/", via=b).text
    assert keys(store, "template.cache.frame_footer") == footers
    assert first.split("<footer")[1] == second.split("<footer")[1]


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

    fields = maya.form("/together/check-in/", via=b)
    values = {item: str(random.randint(1, 7)) for item in ITEMS}
    answer = maya.post("/together/check-in/", {**fields, **values, "shared": "on"}, via=b)
    assert answer.status_code == 302, answer.text[:400]
    assert maya.get("/together/trends/", via=a).status_code == 200
    after = keys(store, "carryover:")
    assert len(after - before) == 1, "the estimate from before the check-in was served again"
