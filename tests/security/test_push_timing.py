"""His notification's moment, and his reminder's, say nothing of hers (the side-channel audit
of 2026-12-04).

``interdepend push`` went through everyone one after the other, in the order they first chose
notifications, each browser's message handed to its push service before the next person's. A
partner whose choice came after hers got his "Something is waiting" later whenever she was sent
one in the same run (her question for today still open, her quiet hours over, her phone's push
service slow), and sooner when she was not: timing his own notifications against the run's
quarter hour told him whether she had answered today, when her quiet hours end (when she
sleeps, where she lives) and whether she has notifications on at all. Now every message of a
run is handed over at once, in no fixed order: his goes out whatever hers does. The weekly
reminder went the same way, one e-mail after the other: the moment his was handed to the mail
server (its ``Date``) told him that she has reminders on and had not checked in that week.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.utils import timezone
from pytest_django import Settings

from interdepend.web.accounts.models import PushKind
from interdepend.web.home.selectors import Waiting
from interdepend.web.notify import sender
from interdepend.web.together.models import Reminder
from interdepend.web.together.reminders import reminders_send
from tests.conftest import Personas
from tests.web.test_push import choose, noon, subscribe

pytestmark = pytest.mark.django_db

#: The longest her phone's push service holds her message (a slow one: the sender waits up to
#: 10 s for a push service, the mail server as long). It answers sooner, as soon as his message
#: has come: his came while hers was still held, so his did not wait for hers. A run that sent
#: them one after the other holds hers this long and then finds his not yet come. Asked of the
#: order of events, not of a time his must come within, which a busy machine once stretched.
HER_SERVICE_SECONDS = 5.0


class SlowForHer:
    """A push service on 127.0.0.1 that holds her browser's message until his has come (or
    :data:`HER_SERVICE_SECONDS`), and notes whether his came while hers was held."""

    def __init__(self) -> None:
        self.arrived: set[str] = set()
        self.his_came = threading.Event()
        self.his_while_hers_held: bool | None = None
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                service.arrived.add(self.path)
                self.rfile.read(int(self.headers.get("Content-Length", "0")))
                if self.path.endswith("/his"):
                    service.his_came.set()
                if self.path.endswith("/hers"):
                    service.his_while_hers_held = service.his_came.wait(HER_SERVICE_SECONDS)
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
    report = sender.push_send(now=noon())
    assert report.people == 2 and report.devices == 2
    assert slow_for_her.arrived == {"/push/hers", "/push/his"}
    assert slow_for_her.his_while_hers_held, "his waited until hers was answered"


class _SlowForHer:
    """A mail backend that holds her message until his has begun (or
    :data:`HER_SERVICE_SECONDS`), and notes whether his began while hers was held."""

    began: set[str] = set()  # noqa: RUF012 - one run's notes, read by the test
    his_came = threading.Event()
    his_while_hers_held: bool | None = None
    hers = ""

    def __init__(self, *args: object, **kwargs: object) -> None:
        pass

    def send_messages(self, messages: list[Any]) -> int:
        for message in messages:
            _SlowForHer.began.add(message.to[0])
            if message.to[0] == _SlowForHer.hers:
                _SlowForHer.his_while_hers_held = _SlowForHer.his_came.wait(HER_SERVICE_SECONDS)
            else:
                _SlowForHer.his_came.set()
        return len(messages)


def test_his_reminder_does_not_wait_for_hers(personas: Personas, settings: Settings) -> None:
    settings.EMAIL_BACKEND = f"{__name__}._SlowForHer"
    _SlowForHer.began, _SlowForHer.hers = set(), personas.alice.email
    _SlowForHer.his_came, _SlowForHer.his_while_hers_held = threading.Event(), None
    Reminder.objects.all().delete()
    for person in (personas.alice, personas.bob):  # hers first: she turned hers on before him
        Reminder.objects.create(owner=person, weekly_checkin=True)
    monday = timezone.now().replace(hour=10) + timedelta(weeks=3)  # a week nobody checked in
    while monday.weekday() != 0:
        monday -= timedelta(days=1)
    assert reminders_send(now=monday) == 2
    assert _SlowForHer.began == {personas.alice.email, personas.bob.email}
    assert _SlowForHer.his_while_hers_held, "his waited until hers was handed over"
