"""His notification's moment says nothing of hers (the side-channel audit of 2026-12-04).

``interdepend push`` went through everyone one after the other, in the order they first chose
notifications, each browser's message handed to its push service before the next person's. A
partner whose choice came after hers got his "Something is waiting" later whenever she was sent
one in the same run (her question for today still open, her quiet hours over, her phone's push
service slow), and sooner when she was not: timing his own notifications against the run's
quarter hour told him whether she had answered today, when her quiet hours end (when she
sleeps, where she lives) and whether she has notifications on at all. Now every message of a
run is handed over at once, in no fixed order: his goes out whatever hers does.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from interdepend.web.accounts.models import PushKind
from interdepend.web.home.selectors import Waiting
from interdepend.web.notify import sender
from tests.conftest import Personas
from tests.web.test_push import choose, noon, subscribe

pytestmark = pytest.mark.django_db

#: How long her phone's push service takes to answer (a slow one: the sender waits up to 10 s).
HER_SERVICE_SECONDS = 1.5


class SlowForHer:
    """A push service on 127.0.0.1 that answers her browser's message slowly, and notes the
    moment each message arrived."""

    def __init__(self) -> None:
        self.arrived: dict[str, float] = {}
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                service.arrived[self.path] = time.monotonic()
                self.rfile.read(int(self.headers.get("Content-Length", "0")))
                if self.path.endswith("/hers"):
                    time.sleep(HER_SERVICE_SECONDS)
                self.send_response(201)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/push/{name}"


@pytest.fixture
def slow_for_her() -> Iterator[SlowForHer]:
    running = SlowForHer()
    running.thread.start()
    yield running
    running.server.shutdown()
    running.server.server_close()
    running.thread.join(timeout=5)


def test_his_notification_does_not_wait_for_hers(
    personas: Personas, slow_for_her: SlowForHer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sender, "waiting_for", lambda user_id: Waiting(today=0))
    choose(personas.alice, {PushKind.TODAY})  # hers first: she chose notifications before him
    choose(personas.bob, {PushKind.TODAY})
    subscribe(personas.alice, slow_for_her, "hers")  # type: ignore[arg-type]
    subscribe(personas.bob, slow_for_her, "his")  # type: ignore[arg-type]
    started = time.monotonic()
    report = sender.push_send(now=noon())
    assert report.people == 2 and report.devices == 2
    his = slow_for_her.arrived["/push/his"] - started
    assert his < HER_SERVICE_SECONDS / 2, f"his went {his:.2f} s into the run"
