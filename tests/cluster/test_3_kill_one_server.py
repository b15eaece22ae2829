"""One app server is killed (SIGKILL to its whole process group, as a machine dies) in the
middle of a load of bounded writes; the balancer sends the rest to the other. Every write the
client saw acknowledged is in the database afterwards, once."""

from __future__ import annotations

import os
import signal
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import requests

from tests.cluster.client import MAYA, Browser
from tests.cluster.conftest import Cluster

WRITES = 240
KILL_AFTER = 60
TRIES = 3


def test_killing_one_server_mid_load_loses_no_acknowledged_write(
    cluster: Cluster, sql: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    maya = Browser(cluster.balancer)
    maya.sign_in(MAYA)
    token = maya.form("/together/goals/")["csrfmiddlewaretoken"]
    acknowledged: list[str] = []
    after_kill: list[str] = []
    failures: list[str] = []
    killed = threading.Event()
    lock = threading.Lock()

    def write(n: int) -> None:
        key = uuid.uuid4().hex
        data = {"csrfmiddlewaretoken": token, "idem": key, "title": f"load {n}"}
        for _ in range(TRIES):  # a failed post is sent again with the same key, as a form is
            try:
                answer = maya.session.post(
                    cluster.balancer + "/together/goals/",
                    data=data,
                    timeout=30,
                    allow_redirects=False,
                )
            except requests.RequestException as error:
                with lock:
                    failures.append(type(error).__name__)
                continue
            if answer.status_code == 302:
                with lock:
                    acknowledged.append(key)
                    if killed.is_set():
                        after_kill.append(key)
                    if len(acknowledged) == KILL_AFTER and not killed.is_set():
                        os.killpg(cluster.pgids[0], signal.SIGKILL)
                        killed.set()
                return
            with lock:
                failures.append(str(answer.status_code))

    with ThreadPoolExecutor(6) as pool:
        list(pool.map(write, range(WRITES)))

    assert killed.is_set()
    stored = {
        key
        for (key,) in sql(
            "SELECT idem_key FROM together_goal WHERE idem_key = ANY(%s)", acknowledged
        )
    }
    lost = set(acknowledged) - stored
    with capsys.disabled():
        print(
            f"\ncluster kill: {WRITES} writes, {len(acknowledged)} acknowledged "
            f"({len(after_kill)} after the kill), {len(failures)} failed tries "
            f"({', '.join(sorted(set(failures))) or 'none'}), acknowledged writes lost: {len(lost)}"
        )
    assert not lost
    copies = sql("SELECT count(*) FROM together_goal WHERE idem_key = ANY(%s)", acknowledged)
    assert copies == [(len(set(acknowledged)),)]  # and none twice, retried or not
    assert len(after_kill) >= WRITES - KILL_AFTER - 12  # the other server carried on
    assert maya.get("/together/goals/").status_code == 200
    assert maya.served_by[-1] == "b"
