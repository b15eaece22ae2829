"""The cluster lane (`make test-cluster`, scripts/with-cluster): two `interdepend serve`
processes behind HAProxy, one PostgreSQL, one Redis. These tests speak HTTP to the real
servers and read the database and the cache directly; outside the lane they are skipped."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

#: Set by scripts/with-cluster; without it nothing here runs.
LANE = "INTERDEPEND_CLUSTER_URL"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if os.environ.get(LANE):
        return
    skip = pytest.mark.skip(reason="the cluster lane only (make test-cluster)")
    for item in items:
        if "tests/cluster/" in str(item.path).replace(os.sep, "/"):
            item.add_marker(skip)


@dataclass(frozen=True)
class Cluster:
    balancer: str
    servers: tuple[str, str]
    pgids: tuple[int, int]
    database_url: str
    cache_url: str


@pytest.fixture(scope="session")
def cluster() -> Cluster:
    servers = os.environ["INTERDEPEND_CLUSTER_SERVERS"].split(",")
    pgids = [int(p) for p in os.environ["INTERDEPEND_CLUSTER_PGIDS"].split(",")]
    return Cluster(
        balancer=os.environ[LANE],
        servers=(servers[0], servers[1]),
        pgids=(pgids[0], pgids[1]),
        database_url=os.environ["DATABASE_URL"],
        cache_url=os.environ["CACHE_URL"],
    )


@pytest.fixture
def sql(cluster: Cluster) -> Iterator[Any]:
    """A function running one query on the cluster's database and returning its rows."""
    import psycopg

    with psycopg.connect(cluster.database_url, autocommit=True) as connection:

        def run(query: str, *params: object) -> list[tuple[Any, ...]]:
            with connection.cursor() as cursor:
                cursor.execute(query, params)
                return list(cursor.fetchall())

        yield run
