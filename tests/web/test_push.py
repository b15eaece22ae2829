"""Issue 16 part 4: push notifications, opt-in and content-free (T08, T30 for push).

The sender's real, encrypted request goes to a push service of our own on 127.0.0.1, which
decrypts it with the keys a browser would hold and reads the words: only the fixed title and
body, never a name, an address, a marker or an item's text.
"""

from __future__ import annotations

import base64
import json
import stat
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import http_ece
import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import Settings

from interdepend.web.accounts import push
from interdepend.web.accounts.models import (
    HomeScreenLook,
    PushChoice,
    PushKind,
    PushSent,
    PushSubscription,
    User,
    UserSession,
)
from interdepend.web.accounts.sessions import LAST_SEEN_KEY
from interdepend.web.home.selectors import Waiting
from interdepend.web.notify import sender
from interdepend.web.partners.access import access_active_partnership
from interdepend.web.together import services as together
from interdepend.web.together.models import CheckIn
from interdepend.web.together.selectors import week_start
from tests.conftest import PASSWORD, Personas, marker

pytestmark = pytest.mark.django_db

ALL = {PushKind.TODAY, PushKind.WAITING, PushKind.CHECKIN}
PLAIN = {"title": "Interdepend", "body": "Something is waiting for you."}
NEUTRAL = {"title": "Notes", "body": "You have something new."}


def b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@dataclass
class Browser:
    """What a browser holds for a subscription: its private key and its auth secret."""

    key: ec.EllipticCurvePrivateKey = field(
        default_factory=lambda: ec.generate_private_key(ec.SECP256R1())
    )
    secret: bytes = b"sixteen-byte-sec"

    @property
    def p256dh(self) -> str:
        point = self.key.public_key()
        return b64(point.public_bytes(Encoding.X962, PublicFormat.UncompressedPoint))

    @property
    def auth(self) -> str:
        return b64(self.secret)


# --- a push service on 127.0.0.1 -----------------------------------------------------------


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


class PushService:
    """Accepts pushes at /push/<id>, answering ``status``; keeps every request it got."""

    def __init__(self) -> None:
        self.received: list[Received] = []
        self.status = 201
        self.location = ""  # sent with the answer when set (a redirect)
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(length)
                headers = {name.lower(): value for name, value in self.headers.items()}
                service.received.append(Received(self.path, headers, body))
                self.send_response(service.status)
                if service.location:
                    self.send_header("Location", service.location)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/push/{name}"

    def __enter__(self) -> PushService:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


@pytest.fixture
def service() -> Iterator[PushService]:
    with PushService() as running:
        yield running


def decrypted(got: Received, browser: Browser) -> dict[str, str]:
    assert got.headers.get("content-encoding") == "aes128gcm"
    plain = http_ece.decrypt(
        got.body, private_key=browser.key, auth_secret=browser.secret, version="aes128gcm"
    )
    return dict(json.loads(plain))


def subscribe(user: User, service: PushService, name: str) -> Browser:
    browser = Browser()
    push.push_subscribe(
        user=user, endpoint=service.url(name), p256dh=browser.p256dh, auth=browser.auth
    )
    return browser


def choose(user: User, kinds: set[PushKind], quiet: tuple[int, int] = (0, 0)) -> None:
    push.push_choice_set(user=user, kinds=kinds, quiet_from=quiet[0], quiet_until=quiet[1])


def noon(weekday: int = 2) -> datetime:
    """Noon on a day of this week (Monday 0 … Sunday 6), in the server's time zone."""
    today = timezone.localdate()
    day = week_start(today) + timedelta(days=weekday)
    return timezone.make_aware(datetime(day.year, day.month, day.day, 12))


@pytest.fixture
def waiting(monkeypatch: pytest.MonkeyPatch) -> dict[str, Waiting]:
    """What is waiting, set by the test (everyone: nothing waiting, today's question open)."""
    state = {"now": Waiting(today=0)}
    monkeypatch.setattr(sender, "waiting_for", lambda user_id: state["now"])
    return state


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- subscriptions -------------------------------------------------------------------------


def test_a_subscription_from_the_page_is_kept_for_its_person(personas: Personas) -> None:
    browser = Browser()
    answer = signed_in(personas.alice).post(
        reverse("accounts:push_subscribe"),
        {
            "endpoint": "https://fcm.googleapis.com/fcm/send/abc",
            "p256dh": browser.p256dh,
            "auth": b64(browser.secret),
            "password": PASSWORD,
        },
    )
    assert answer.status_code == 200
    assert answer.json() == {"message": "Notifications are on for this device."}
    row = PushSubscription.objects.get(endpoint="https://fcm.googleapis.com/fcm/send/abc")
    assert row.user == personas.alice
    assert len(row.public_id) == 22


def test_notifications_last_as_long_as_the_sign_in_that_turned_them_on(
    personas: Personas,
) -> None:
    """Someone who knows her password signs in as her on his phone, turns notifications on and
    signs out: his phone gets nothing more (before, the row outlived his sign-out, and its
    timing told him whether she had answered the day's question). A new key for the same
    sign-in (a new password) keeps hers; a sign-in that ran out gets nothing."""
    browser = Browser()
    form = {"p256dh": browser.p256dh, "auth": b64(browser.secret), "password": PASSWORD}
    his = Client()
    assert (
        his.post(
            reverse("accounts:login"), {"username": personas.alice.email, "password": PASSWORD}
        ).status_code
        == 302
    )
    his.post(
        reverse("accounts:push_subscribe"),
        form | {"endpoint": "https://fcm.googleapis.com/fcm/send/his"},
    )
    assert push.push_devices(personas.alice) == 1
    his.post(reverse("accounts:logout"))
    assert not PushSubscription.objects.filter(
        endpoint="https://fcm.googleapis.com/fcm/send/his"
    ).exists()

    hers = Client()
    hers.post(reverse("accounts:login"), {"username": personas.alice.email, "password": PASSWORD})
    hers.post(
        reverse("accounts:push_subscribe"),
        form | {"endpoint": "https://fcm.googleapis.com/fcm/send/her"},
    )
    before = hers.session.session_key
    hers.session.cycle_key()  # as a new password or signing in again does
    row = PushSubscription.objects.get(endpoint="https://fcm.googleapis.com/fcm/send/her")
    assert row.session_key and row.session_key != before
    assert list(push.live_subscriptions()) == [row] and push.push_devices(personas.alice) == 1
    UserSession.objects.filter(session_key=row.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    assert push.push_devices(personas.alice) == 0 and not push.live_subscriptions().exists()


def signed_in_with_device(user: User, endpoint: str) -> Client:
    """A sign-in through the login page that turned notifications on for ``endpoint``."""
    browser = Browser()
    client = Client()
    client.post(reverse("accounts:login"), {"username": user.email, "password": PASSWORD})
    answer = client.post(
        reverse("accounts:push_subscribe"),
        {
            "endpoint": endpoint,
            "p256dh": browser.p256dh,
            "auth": browser.auth,
            "password": PASSWORD,
        },
    )
    assert answer.status_code == 200
    return client


def left_alone(client: Client, seconds: float) -> None:
    """The sign-in's last request was ``seconds`` ago (as the session records it)."""
    session = client.session
    session[LAST_SEEN_KEY] = time.time() - seconds
    session.save()


def test_a_sign_in_left_idle_keeps_its_nudges_until_it_ends_and_is_then_forgotten(
    personas: Personas, service: PushService, waiting: dict[str, Waiting], settings: Settings
) -> None:
    """A nudge is for the times she is away: a sign-in left alone past the idle limit still gets
    hers (cut there, as tried on 2026-12-03, they came only in the two hours after she had
    used the app: the re-audit). Her next request ends that sign-in, and the sender's next run
    forgets its device; her other sign-in still gets hers."""
    idle = settings.SESSION_IDLE_SECONDS
    away = signed_in_with_device(personas.alice, service.url("away"))
    signed_in_with_device(personas.alice, service.url("other"))
    choose(personas.alice, ALL)
    left_alone(away, idle + 3600)
    assert push.push_devices(personas.alice) == 2
    report = sender.push_send(timezone.now())
    assert report.ended == 0 and report.devices == 2
    assert sorted(got.path for got in service.received) == ["/push/away", "/push/other"]
    # She comes back: that sign-in is over, and its device goes with it.
    assert away.get(reverse("accounts:settings"))["Location"].startswith(reverse("accounts:login"))
    assert push.push_devices(personas.alice) == 1
    assert sender.push_send(timezone.now() + timedelta(days=1)).ended == 1
    assert set(PushSubscription.objects.values_list("endpoint", flat=True)) == {
        service.url("other")
    }


def test_a_device_lasts_as_long_as_its_sign_in_runs(personas: Personas, settings: Settings) -> None:
    """To its absolute end, idle or not; a sign-in never used after the login page is idle
    from that moment, and its next request ends it."""
    client = signed_in_with_device(personas.alice, "https://fcm.googleapis.com/fcm/send/a")
    row = UserSession.objects.get(session_key=client.session.session_key)
    idle = timedelta(seconds=settings.SESSION_IDLE_SECONDS)
    assert push.live_subscriptions(row.last_seen_at + idle + timedelta(hours=1)).count() == 1
    assert push.live_subscriptions(row.expire_date - timedelta(seconds=1)).count() == 1
    assert push.live_subscriptions(row.expire_date).count() == 0

    fresh = Client()
    fresh.post(reverse("accounts:login"), {"username": personas.bob.email, "password": PASSWORD})
    assert LAST_SEEN_KEY in fresh.session  # idle from the moment he signed in
    left_alone(fresh, settings.SESSION_IDLE_SECONDS + 5)
    assert fresh.get(reverse("accounts:settings")).status_code == 302


def test_clearing_sessions_forgets_the_devices_of_sign_ins_that_are_over(
    personas: Personas, settings: Settings
) -> None:
    from django.core.management import call_command

    over = signed_in_with_device(personas.alice, "https://fcm.googleapis.com/fcm/send/over")
    signed_in_with_device(personas.alice, "https://fcm.googleapis.com/fcm/send/used")
    old = Browser()
    push.push_subscribe(  # kept before sign-ins owned their devices: no key, left alone
        user=personas.bob,
        endpoint="https://fcm.googleapis.com/fcm/send/old",
        p256dh=old.p256dh,
        auth=old.auth,
    )
    UserSession.objects.filter(session_key=over.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    call_command("clearsessions")
    assert set(PushSubscription.objects.values_list("endpoint", flat=True)) == {
        "https://fcm.googleapis.com/fcm/send/used",
        "https://fcm.googleapis.com/fcm/send/old",
    }


def test_a_quick_exit_stops_this_sign_ins_notifications_until_she_turns_them_on(
    personas: Personas,
) -> None:
    """A notification on her screen while he holds the phone would say the app is there: the
    quick exit ends the notifications this sign-in turned on (her laptop's stay), and the
    account page tells its script that this sign-in has none, so the browser's own goes too."""
    browser = Browser()
    form = {"p256dh": browser.p256dh, "auth": b64(browser.secret), "password": PASSWORD}
    phone, laptop = Client(), Client()
    for client, where in ((phone, "phone"), (laptop, "laptop")):
        client.post(
            reverse("accounts:login"), {"username": personas.alice.email, "password": PASSWORD}
        )
        client.post(
            reverse("accounts:push_subscribe"),
            form | {"endpoint": f"https://fcm.googleapis.com/fcm/send/{where}"},
        )
    page = phone.get(reverse("accounts:settings"))
    assert 'data-here="yes"' in page.content.decode()
    assert phone.post(reverse("frame:quick_exit"), {"beacon": "1"}).status_code == 204
    endpoints = set(PushSubscription.objects.values_list("endpoint", flat=True))
    assert endpoints == {"https://fcm.googleapis.com/fcm/send/laptop"}
    assert push.push_devices(personas.alice) == 1
    unlocked = phone.post(reverse("frame:unlock"), {"password": PASSWORD})
    assert unlocked.status_code == 302
    page = phone.get(reverse("accounts:settings"))
    assert 'data-here="no"' in page.content.decode()
    assert 'data-here="yes"' in laptop.get(reverse("accounts:settings")).content.decode()


def test_the_same_browser_for_another_account_moves_and_the_first_gets_nothing(
    personas: Personas,
) -> None:
    browser = Browser()
    for user in (personas.bob, personas.alice):
        push.push_subscribe(
            user=user,
            endpoint="https://fcm.googleapis.com/fcm/send/one",
            p256dh=browser.p256dh,
            auth=browser.auth,
        )
    assert list(PushSubscription.objects.values_list("user", flat=True)) == [personas.alice.pk]


@pytest.mark.parametrize(
    ("endpoint", "p256dh", "auth", "words"),
    [
        ("http://push.example.test/x", "good", "good", "it must be https"),
        ("ftp://push.example.test/x", "good", "good", "it must be https"),
        ("", "good", "good", "did not come through"),
        ("https://fcm.googleapis.com/fcm/send/a\x00b", "good", "good", "did not come through"),
        ("https://[push.example.test/x", "good", "good", "did not come through"),
        ("https://push.example.test:port/x", "good", "good", "did not come through"),
        ("https://fcm.googleapis.com/fcm/send/x", "AAAA", "good", "did not come through whole"),
        ("https://fcm.googleapis.com/fcm/send/x", "good", "c2hvcnQ", "did not come through whole"),
        ("https://fcm.googleapis.com/fcm/send/x", b64(b"\x04" + b"\x01" * 64), "good", "whole"),
        ("https://fcm.googleapis.com/fcm/send/x", "good", "not base64 at all!!", "whole"),
    ],
)
def test_a_subscription_we_cannot_use_is_refused_with_our_message(
    personas: Personas, endpoint: str, p256dh: str, auth: str, words: str
) -> None:
    browser = Browser()
    data = {
        "endpoint": endpoint,
        "p256dh": browser.p256dh if p256dh == "good" else p256dh,
        "auth": browser.auth if auth == "good" else auth,
        "password": PASSWORD,
    }
    answer = signed_in(personas.alice).post(reverse("accounts:push_subscribe"), data)
    assert answer.status_code == 400
    assert words in answer.json()["message"]
    assert not PushSubscription.objects.exists()


@pytest.mark.parametrize(
    "host",
    [
        "127.0.0.1",
        "127.1",
        "0177.0.0.1",
        "0x7f.0.0.1",
        "2130706433",
        "10.1",
        "192.168.1",
        "169.254.43518",  # 169.254.169.254, where a cloud machine keeps its secrets
        "169.254.169.254",
        "[::1]",
        "localhost",
        "printer.local",
        "db.internal",
        "router.home.arpa",
        "0x7f.1.",
        "999.1",
    ],
)
def test_an_address_on_the_servers_own_network_is_refused_however_it_is_written(
    personas: Personas, host: str
) -> None:
    """The older ways of writing an address (127.1, octal, hex, one number) passed as names,
    and the sender reached this machine through them (the stranger audit of 2026-12-03)."""
    browser = Browser()
    with pytest.raises(push.SubscriptionRefused, match="this server's own network"):
        push.push_subscribe(
            user=personas.alice,
            endpoint=f"https://{host}:8101/probe",
            p256dh=browser.p256dh,
            auth=browser.auth,
        )
    assert not PushSubscription.objects.exists()


@pytest.mark.parametrize(
    "host",
    [
        "fcm.googleapis.com",
        "updates.push.services.mozilla.com",
        "push.services.mozilla.com",
        "web.push.apple.com",
        "wns2-by3p.notify.windows.com",
        "FCM.googleapis.com:443",
    ],
)
def test_a_browsers_own_push_service_is_kept(personas: Personas, host: str) -> None:
    browser = Browser()
    push.push_subscribe(
        user=personas.alice, endpoint=f"https://{host}/x", p256dh=browser.p256dh, auth=browser.auth
    )
    assert PushSubscription.objects.filter(user=personas.alice).count() == 1


@pytest.mark.parametrize(
    "endpoint",
    [
        # Names that lead back to this machine or its network (the stranger audit of
        # 2026-12-03): each was kept, and the sender would have connected there.
        "https://localtest.me:6379/x",
        "https://127.0.0.1.nip.io/x",
        "https://169.254.169.254.nip.io/latest/meta-data/",
        "https://push.example.test/x",
        "https://8.8.8.8/x",
        # A push service on another port, or a name only dressed as one.
        "https://fcm.googleapis.com:6379/x",
        "https://fcm.googleapis.com.example.test/x",
        "https://evilfcm.googleapis.com/x",
        "https://notify.windows.com/x",
        "https://push.services.mozilla.com.example.test/x",
        "https://someone@fcm.googleapis.com/x",
        "https://fcm.googleapis.com@localtest.me/x",
    ],
)
def test_an_address_that_is_no_browsers_push_service_is_refused_with_our_message(
    personas: Personas, endpoint: str
) -> None:
    browser = Browser()
    answer = signed_in(personas.alice).post(
        reverse("accounts:push_subscribe"),
        {
            "endpoint": endpoint,
            "p256dh": browser.p256dh,
            "auth": browser.auth,
            "password": PASSWORD,
        },
    )
    assert answer.status_code == 400
    assert answer.json()["message"] == (
        "This browser's notification service is not one we send to, so notifications cannot "
        "come to it. Another browser may work."
    )
    assert not PushSubscription.objects.exists()


def test_an_operator_can_add_push_services(personas: Personas, settings: Settings) -> None:
    """INTERDEPEND_PUSH_HOSTS: a name, or "*." and the names under one; never a name of this
    machine's own network, whatever is added."""
    settings.PUSH_HOSTS = ["push.example.org", "*.push.example.net", "push.internal"]
    browser = Browser()
    for host in ("push.example.org", "eu.push.example.net"):
        push.push_subscribe(
            user=personas.alice,
            endpoint=f"https://{host}/x",
            p256dh=browser.p256dh,
            auth=browser.auth,
        )
    for host, words in (
        ("push.example.net", "not one we send to"),
        ("other.example.org", "not one we send to"),
        ("push.internal", "this server's own network"),
    ):
        with pytest.raises(push.SubscriptionRefused, match=words):
            push.push_subscribe(
                user=personas.alice,
                endpoint=f"https://{host}/x",
                p256dh=browser.p256dh,
                auth=browser.auth,
            )
    assert PushSubscription.objects.filter(user=personas.alice).count() == 2


@pytest.mark.parametrize(
    ("address", "allowed"),
    [
        ("142.250.185.74", True),
        ("2a00:1450:4001:82b::200a", True),
        ("127.0.0.1", False),
        ("10.0.0.11", False),
        ("172.16.5.4", False),
        ("192.168.1.1", False),
        ("100.64.0.1", False),  # shared by a provider's customers
        ("169.254.169.254", False),
        ("0.0.0.0", False),
        ("240.0.0.1", False),
        ("224.0.0.1", False),
        ("::1", False),
        ("fe80::1%eth0", False),
        ("fd00::1", False),
        ("::ffff:127.0.0.1", False),
        ("::ffff:10.0.0.1", False),
    ],
)
def test_the_sender_connects_to_internet_addresses_only(
    settings: Settings, address: str, allowed: bool
) -> None:
    settings.PUSH_ALLOW_LOOPBACK = False
    assert sender.address_allowed(address) is allowed


def test_a_push_services_name_that_leads_inside_is_never_connected_to(
    personas: Personas, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whoever answers for a name can point it anywhere: the sender looks the name up itself,
    refuses when any address it gets is not on the internet, and connects to the very address
    it checked (a second lookup could answer differently); TLS still checks the name."""
    import socket

    import urllib3.util.connection

    settings.PUSH_ALLOW_LOOPBACK = False
    answers: dict[str, list[str]] = {}
    connected: list[tuple[str, int]] = []

    def lookup(host: str, port: int, *args: Any, **kwargs: Any) -> list[tuple[Any, ...]]:
        family = socket.AF_INET6 if ":" in answers[host][0] else socket.AF_INET
        return [(family, socket.SOCK_STREAM, 6, "", (ip, port)) for ip in answers[host]]

    def connect(address: tuple[str, int], *args: Any, **kwargs: Any) -> Any:
        connected.append(address)
        raise ConnectionRefusedError(address)

    monkeypatch.setattr(socket, "getaddrinfo", lookup)
    monkeypatch.setattr(urllib3.util.connection, "create_connection", connect)
    browser = Browser()
    row = push.push_subscribe(
        user=personas.alice,
        endpoint="https://fcm.googleapis.com/fcm/send/x",
        p256dh=browser.p256dh,
        auth=browser.auth,
    )
    for inside in (["127.0.0.1"], ["169.254.169.254"], ["142.250.185.74", "10.0.0.11"], ["::1"]):
        answers["fcm.googleapis.com"] = inside
        assert sender.deliver(row, "{}") == "failed"
    assert connected == []
    answers["fcm.googleapis.com"] = ["142.250.185.74"]
    assert sender.deliver(row, "{}") == "failed"  # refused by our stand-in, after the check
    assert connected and set(connected) == {("142.250.185.74", 443)}
    assert PushSubscription.objects.filter(pk=row.pk).exists()  # a failure, not gone


def test_the_sender_never_follows_a_redirect_nor_uses_an_address_refused_since(
    personas: Personas, service: PushService, settings: Settings
) -> None:
    """A push service of his that answered 307 took the sender's POST to an address of this
    machine, past every check of the address (the re-audit of 2026-12-03). A redirect is a
    failed delivery, never followed; an address kept before a stricter check is forgotten
    when it is next used."""
    browser = subscribe(personas.alice, service, "redirecting")
    row = PushSubscription.objects.get(user=personas.alice)
    service.status, service.location = 307, service.url("inside")
    assert sender.deliver(row, "{}") == "failed"
    assert [r.path for r in service.received] == ["/push/redirecting"]
    assert browser is not None
    settings.PUSH_ALLOW_LOOPBACK = False  # as in production: an http address to this machine
    assert sender.deliver(row, "{}") == "gone"
    assert len(service.received) == 1 and not PushSubscription.objects.exists()


def test_the_sender_sends_to_the_newest_ten_devices_only(
    personas: Personas, service: PushService
) -> None:
    """Rows kept before the cap are not all tried: the newest ten are."""
    browser = Browser()
    for n in range(push.PUSH_DEVICES_MAX + 3):
        PushSubscription.objects.create(
            user=personas.alice,
            endpoint=service.url(f"d{n}"),
            p256dh=browser.p256dh,
            auth=browser.auth,
        )
    report = sender.Report()
    sender._send_to_devices(personas.alice, report)
    assert report.devices == push.PUSH_DEVICES_MAX
    assert {r.path for r in service.received} == {
        f"/push/d{n}" for n in range(3, push.PUSH_DEVICES_MAX + 3)
    }


def test_one_person_has_at_most_ten_devices_the_newest_kept(personas: Personas) -> None:
    """Each device is tried in turn, each with its own wait: an account with hundreds of
    addresses that never answer would hold up everyone's nudges after it."""
    browser = Browser()
    for n in range(push.PUSH_DEVICES_MAX + 5):
        push.push_subscribe(
            user=personas.alice,
            endpoint=f"https://fcm.googleapis.com/fcm/send/{n}",
            p256dh=browser.p256dh,
            auth=browser.auth,
        )
    kept = PushSubscription.objects.filter(user=personas.alice).values_list("endpoint", flat=True)
    assert sorted(kept, key=lambda e: int(e.rsplit("/", 1)[1])) == [
        f"https://fcm.googleapis.com/fcm/send/{n}" for n in range(5, push.PUSH_DEVICES_MAX + 5)
    ]


def test_plain_http_on_this_machine_only_while_developing(
    personas: Personas, settings: Settings
) -> None:
    browser = Browser()
    settings.PUSH_ALLOW_LOOPBACK = False
    with pytest.raises(push.SubscriptionRefused):
        push.push_subscribe(
            user=personas.alice,
            endpoint="http://127.0.0.1:9/push/a",
            p256dh=browser.p256dh,
            auth=browser.auth,
        )
    settings.PUSH_ALLOW_LOOPBACK = True
    push.push_subscribe(
        user=personas.alice,
        endpoint="http://127.0.0.1:9/push/a",
        p256dh=browser.p256dh,
        auth=browser.auth,
    )
    with pytest.raises(push.SubscriptionRefused):
        push.push_subscribe(
            user=personas.alice,
            endpoint="http://192.0.2.1/push/a",
            p256dh=browser.p256dh,
            auth=browser.auth,
        )


def test_turning_off_this_device_and_every_device(personas: Personas) -> None:
    client = signed_in(personas.alice)
    for name in ("a", "b"):
        browser = Browser()
        push.push_subscribe(
            user=personas.alice,
            endpoint=f"https://fcm.googleapis.com/fcm/send/{name}",
            p256dh=browser.p256dh,
            auth=browser.auth,
        )
    other = Browser()
    push.push_subscribe(
        user=personas.bob,
        endpoint="https://fcm.googleapis.com/fcm/send/bob",
        p256dh=other.p256dh,
        auth=other.auth,
    )
    for endpoint in ("", "https://fcm.googleapis.com/fcm/send/a\x00b", "https://x/" + "a" * 3000):
        refused = client.post(reverse("accounts:push_unsubscribe"), {"endpoint": endpoint})
        assert refused.status_code == 400
        assert "did not say which" in refused.json()["message"]
    # alice cannot stop bob's browser by naming it
    client.post(
        reverse("accounts:push_unsubscribe"),
        {"endpoint": "https://fcm.googleapis.com/fcm/send/bob"},
    )
    assert PushSubscription.objects.filter(user=personas.bob).count() == 1
    off = client.post(
        reverse("accounts:push_unsubscribe"), {"endpoint": "https://fcm.googleapis.com/fcm/send/a"}
    )
    assert off.json() == {"message": "Notifications are off for this device."}
    assert PushSubscription.objects.filter(user=personas.alice).count() == 1
    page = client.get(reverse("accounts:settings"))
    assert "1 device gets notifications from your account." in page.content.decode()
    client.post(reverse("accounts:push_stop_everywhere"))
    assert PushSubscription.objects.filter(user=personas.alice).count() == 0
    assert PushSubscription.objects.filter(user=personas.bob).count() == 1


def test_signing_out_everywhere_and_the_safety_reset_end_every_subscription(
    personas: Personas,
) -> None:
    from interdepend.web.accounts.services import sessions_end

    browser = Browser()
    push.push_subscribe(
        user=personas.alice,
        endpoint="https://fcm.googleapis.com/fcm/send/her-phone",
        p256dh=browser.p256dh,
        auth=browser.auth,
    )
    client = signed_in(personas.alice)
    client.post(reverse("accounts:sessions_end_all"))
    assert not PushSubscription.objects.filter(user=personas.alice).exists()

    push.push_subscribe(
        user=personas.alice,
        endpoint="https://fcm.googleapis.com/fcm/send/her-phone",
        p256dh=browser.p256dh,
        auth=browser.auth,
    )
    sessions_end(user=personas.alice, keep_session_key="kept")  # what the safety reset calls
    assert not PushSubscription.objects.filter(user=personas.alice).exists()


def test_who_can_see_what_counts_the_devices_and_stops_them(personas: Personas) -> None:
    client = signed_in(personas.alice)
    url = reverse("safetycheck:index")
    assert "get notifications from your account" not in client.get(url).content.decode()
    assert "gets notifications from your account" not in client.get(url).content.decode()
    browser = Browser()
    push.push_subscribe(
        user=personas.alice,
        endpoint="https://fcm.googleapis.com/fcm/send/his-phone",
        p256dh=browser.p256dh,
        auth=browser.auth,
    )
    page = client.get(url).content.decode()
    assert "1 device gets notifications from your account." in page
    stopped = client.post(reverse("accounts:push_stop_everywhere"), {"back": "safety"})
    assert stopped["Location"] == url
    assert not PushSubscription.objects.exists()
    # bob's page says nothing of alice's devices
    push.push_subscribe(
        user=personas.alice,
        endpoint="https://fcm.googleapis.com/fcm/send/his-phone",
        p256dh=browser.p256dh,
        auth=browser.auth,
    )
    assert (
        "notifications from your account" not in signed_in(personas.bob).get(url).content.decode()
    )


# --- choices -------------------------------------------------------------------------------


def test_every_kind_is_off_until_chosen(personas: Personas) -> None:
    assert push.push_choice_of(personas.alice).kinds() == []
    assert not PushChoice.objects.exists()
    page = signed_in(personas.alice).get(reverse("accounts:settings")).content.decode()
    assert "Notifications on this device" in page
    assert page.count('name="kinds"') == 3
    assert "checked" not in page.split('id="push-choices"')[1].split("</form>")[0]
    assert 'src="/static/js/push.js"' in page
    assert f'data-key="{push.public_key()}"' in page


def test_choices_are_kept_and_bad_ones_refused_with_nothing_changed(personas: Personas) -> None:
    client = signed_in(personas.alice)
    url = reverse("accounts:push_choices")
    wanted = {"kinds": ["today", "checkin"], "quiet_from": "22", "quiet_until": "7"}
    kept = client.post(url, {**wanted, "password": PASSWORD})
    assert kept.status_code == 302
    choice = push.push_choice_of(personas.alice)
    assert choice.kinds() == [PushKind.TODAY, PushKind.CHECKIN]
    assert (choice.quiet_from, choice.quiet_until) == (22, 7)
    for bad, words in [
        ({"kinds": ["everything"], "quiet_from": "1", "quiet_until": "2"}, "only from the list"),
        ({"kinds": ["waiting"], "quiet_from": "24", "quiet_until": "2"}, "an hour from the list"),
        ({"kinds": ["waiting"], "quiet_from": "1"}, "an hour from the list"),
    ]:
        refused = client.post(url, bad)
        assert refused.status_code == 400
        assert words in refused.content.decode()
    choice = push.push_choice_of(personas.alice)
    assert choice.kinds() == [PushKind.TODAY, PushKind.CHECKIN]
    assert (choice.quiet_from, choice.quiet_until) == (22, 7)


def test_saving_choices_says_what_they_bring_on_this_device(personas: Personas) -> None:
    """Choices kept while this device has notifications off said "notifications follow your
    new choice", though nothing would come (the phone audit of 2026-12-03). The message now
    says how it is: on here, on elsewhere only, or on nowhere yet."""
    client = signed_in(personas.alice)
    url = reverse("accounts:push_choices")
    choices = {"kinds": ["today"], "quiet_from": "0", "quiet_until": "0", "password": PASSWORD}

    def said() -> str:
        return client.post(url, choices, follow=True).content.decode()

    assert "Nothing comes until notifications are on for a device" in said()
    browser = Browser()
    push.push_subscribe(
        user=personas.alice,
        endpoint="https://fcm.googleapis.com/fcm/send/elsewhere",
        p256dh=browser.p256dh,
        auth=b64(browser.secret),
    )
    assert "Your devices with notifications on follow your new choice" in said()
    here = client.session.session_key
    PushSubscription.objects.filter(user=personas.alice).update(session_key=here)
    assert "Saved. Notifications follow your new choice from now on." in said()


def test_more_notifications_ask_for_her_password_every_time_and_fewer_do_not(
    personas: Personas,
) -> None:
    """Whoever holds her phone a minute after she signed in could turn every kind on with no
    quiet hours, and her devices would light up at any hour (the two-minute audit of
    2026-12-03, L1). A kind turned on, or an hour that was quiet and is not, now asks for her
    password typed for that step; fewer kinds or more quiet hours are kept at once."""
    client = signed_in(personas.alice)  # signed in a moment ago
    url = reverse("accounts:push_choices")

    def kept() -> tuple[list[PushKind], int, int]:
        choice = push.push_choice_of(personas.alice)
        return choice.kinds(), choice.quiet_from, choice.quiet_until

    louder = [
        {"kinds": ["waiting"], "quiet_from": "21", "quiet_until": "8"},  # a kind on
        {"kinds": [], "quiet_from": "0", "quiet_until": "0"},  # no quiet hours any more
        {"kinds": [], "quiet_from": "22", "quiet_until": "8"},  # 21:00 no longer quiet
    ]
    for choice in louder:
        asked = client.post(url, choice)
        assert asked.status_code == 200, choice
        assert "Type your password for this step" in asked.content.decode()
        assert kept() == ([], 21, 8), choice
        assert client.post(url, {**choice, "password": "not hers"}).status_code == 400
        assert kept() == ([], 21, 8), choice
    assert client.post(url, {**louder[0], "password": PASSWORD}).status_code == 302
    assert kept() == ([PushKind.WAITING], 21, 8)
    quieter = [
        {"kinds": ["waiting"], "quiet_from": "20", "quiet_until": "9"},  # longer quiet hours
        {"kinds": [], "quiet_from": "20", "quiet_until": "9"},  # a kind off
    ]
    for choice in quieter:
        assert client.post(url, choice).status_code == 302, choice
    assert kept() == ([], 20, 9)


def test_quiet_hours_run_over_midnight() -> None:
    choice = PushChoice(quiet_from=21, quiet_until=8)
    assert [h for h in range(24) if choice.is_quiet(h)] == [0, 1, 2, 3, 4, 5, 6, 7, 21, 22, 23]
    assert [h for h in range(24) if PushChoice(quiet_from=9, quiet_until=12).is_quiet(h)] == [
        9,
        10,
        11,
    ]
    assert not any(PushChoice(quiet_from=5, quiet_until=5).is_quiet(h) for h in range(24))


# --- the sender ----------------------------------------------------------------------------


def test_only_chosen_kinds_are_sent_once_a_day_even_run_twice(
    personas: Personas, service: PushService, waiting: dict[str, Waiting]
) -> None:
    alice, carol = personas.alice, personas.carol
    subscribe(alice, service, "alice")
    subscribe(carol, service, "carol")
    choose(alice, {PushKind.WAITING})
    choose(carol, set())
    subscribe(personas.bob, service, "bob")  # bob chose nothing at all
    waiting["now"] = Waiting(bids=1, today=0)

    first = sender.push_send(noon())
    assert first.kinds == {"waiting": 1}
    assert [got.path for got in service.received] == ["/push/alice"]
    second = sender.push_send(noon() + timedelta(hours=3))
    assert second.messages == 0
    assert len(service.received) == 1
    assert list(PushSent.objects.values_list("user", "kind")) == [(alice.pk, "waiting")]
    # the next day, again
    sender.push_send(noon() + timedelta(days=1))
    assert len(service.received) == 2


def test_quiet_hours_are_her_own_hours_in_her_time_zone(
    personas: Personas, service: PushService, waiting: dict[str, Waiting]
) -> None:
    """Quiet from 21:00 to 8:00 means her night, wherever she lives: with the server on UTC, a
    person in Los Angeles got a notification at her midnight and one in Auckland at 21:00."""
    from zoneinfo import ZoneInfo

    from interdepend.web.accounts import services

    alice, bob = personas.alice, personas.bob
    services.user_time_zone_set(user=alice, zone="America/Los_Angeles")
    services.user_time_zone_set(user=bob, zone="Pacific/Auckland")
    for person in (alice, bob):
        subscribe(person, service, person.display_name.lower())
        choose(person, {PushKind.TODAY}, quiet=(21, 8))
    sent_at: dict[str, list[int]] = {"alice": [], "bob": []}
    day = timezone.localdate()
    start = datetime(day.year, day.month, day.day, tzinfo=ZoneInfo("UTC"))
    for step in range(24 * 4):  # every quarter of an hour over one day, as cron would
        moment = start + timedelta(minutes=15 * step)
        before = len(service.received)
        sender.push_send(moment)
        for got in service.received[before:]:
            who = got.path.rsplit("/", 1)[-1]
            zone = "America/Los_Angeles" if who == "alice" else "Pacific/Auckland"
            sent_at[who].append(moment.astimezone(ZoneInfo(zone)).hour)
    assert sent_at["alice"] and sent_at["bob"]
    for who, hours in sent_at.items():
        assert all(8 <= hour < 21 for hour in hours), (who, hours)


def test_a_kind_due_later_in_the_day_still_comes_once(
    personas: Personas, service: PushService, waiting: dict[str, Waiting]
) -> None:
    subscribe(personas.alice, service, "alice")
    choose(personas.alice, {PushKind.WAITING, PushKind.TODAY})
    waiting["now"] = Waiting(today=0)
    assert sender.push_send(noon()).kinds == {"today": 1}
    waiting["now"] = Waiting(bids=1, today=0)
    assert sender.push_send(noon() + timedelta(hours=2)).kinds == {"waiting": 1}
    assert sender.push_send(noon() + timedelta(hours=4)).messages == 0
    assert len(service.received) == 2


def test_nothing_due_nothing_sent(
    personas: Personas, service: PushService, waiting: dict[str, Waiting]
) -> None:
    subscribe(personas.alice, service, "alice")
    choose(personas.alice, {PushKind.WAITING, PushKind.TODAY})
    waiting["now"] = Waiting(today=1)  # answered today, nothing waiting
    assert sender.push_send(noon()).messages == 0
    waiting["now"] = Waiting(today=0)
    assert sender.push_send(noon()).kinds == {"today": 1}
    assert len(service.received) == 1


def test_several_kinds_due_at_once_make_one_message(
    personas: Personas, service: PushService, waiting: dict[str, Waiting]
) -> None:
    subscribe(personas.alice, service, "alice")
    choose(personas.alice, ALL)
    CheckIn.objects.filter(owner=personas.alice).delete()
    waiting["now"] = Waiting(decisions=2, today=0)
    report = sender.push_send(noon(weekday=6))
    assert report.kinds == {"today": 1, "waiting": 1, "checkin": 1}
    assert report.messages == 1
    assert len(service.received) == 1


def test_never_in_quiet_hours(
    personas: Personas, service: PushService, waiting: dict[str, Waiting]
) -> None:
    subscribe(personas.alice, service, "alice")
    choose(personas.alice, ALL, quiet=(21, 8))
    waiting["now"] = Waiting(bids=1, today=0)
    at = noon(weekday=6)
    for hour in (21, 23, 0, 3, 7):
        assert sender.push_send(at.replace(hour=hour)).messages == 0
    assert not service.received
    assert not PushSent.objects.exists()
    assert sender.push_send(at.replace(hour=8)).messages == 1


def test_a_second_sender_that_loses_the_row_sends_nothing(
    personas: Personas, service: PushService, waiting: dict[str, Waiting]
) -> None:
    """Two machines at once: the other one wrote the day's row first."""
    subscribe(personas.alice, service, "alice")
    choose(personas.alice, {PushKind.WAITING})
    waiting["now"] = Waiting(bids=1)
    day = noon().date()
    kinds = [PushKind.WAITING]
    assert sender.claim(user=personas.alice, kinds=kinds, day=day)  # the other machine
    assert not sender.claim(user=personas.alice, kinds=kinds, day=day)
    # all or none: a sender that finds one of its kinds taken writes none of them
    both = [PushKind.TODAY, PushKind.WAITING]
    assert not sender.claim(user=personas.alice, kinds=both, day=day)
    assert not PushSent.objects.filter(kind=PushKind.TODAY).exists()
    assert sender.push_send(noon()).messages == 0
    assert not service.received


@pytest.mark.django_db(transaction=True)
def test_two_senders_at_the_same_moment_send_once(
    personas: Personas, service: PushService, waiting: dict[str, Waiting]
) -> None:
    """Two real senders in two threads, each with its own database connection, started at
    the same instant: the unique row lets one of them send."""
    from django.db import connection

    for user in (personas.alice, personas.carol):
        subscribe(user, service, user.display_name)
        choose(user, {PushKind.WAITING, PushKind.TODAY})
    waiting["now"] = Waiting(bids=1, today=0)
    start = threading.Barrier(2)
    reports: list[sender.Report] = []

    def run() -> None:
        try:
            start.wait(timeout=10)
            reports.append(sender.push_send(noon()))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(reports) == 2
    print(f"\ntwo senders at once: {sum(r.messages for r in reports)} messages for 2 people")
    assert sum(r.messages for r in reports) == 2
    assert sorted(got.path for got in service.received) == ["/push/Alice", "/push/Carol"]
    assert PushSent.objects.count() == 4


def test_the_checkin_only_on_sunday_and_only_while_it_is_open(
    personas: Personas, service: PushService, waiting: dict[str, Waiting]
) -> None:
    alice = personas.alice
    subscribe(alice, service, "alice")
    choose(alice, {PushKind.CHECKIN})
    for weekday in range(6):
        assert sender.push_send(noon(weekday)).messages == 0
    CheckIn.objects.filter(owner=alice, week=week_start(noon(6).date())).delete()
    CheckIn.objects.create(owner=alice, week=week_start(noon(6).date()))
    assert sender.push_send(noon(6)).messages == 0
    CheckIn.objects.filter(owner=alice).delete()
    assert sender.push_send(noon(6)).kinds == {"checkin": 1}


def test_a_gone_device_is_forgotten_and_a_failing_one_kept(
    personas: Personas, service: PushService, waiting: dict[str, Waiting]
) -> None:
    subscribe(personas.alice, service, "alice")
    subscribe(personas.bob, service, "bob")
    choose(personas.alice, {PushKind.TODAY})
    choose(personas.bob, {PushKind.TODAY})
    service.status = 410
    report = sender.push_send(noon())
    assert (report.gone, report.devices) == (2, 0)
    assert not PushSubscription.objects.exists()

    subscribe(personas.alice, service, "alice")
    PushSent.objects.all().delete()
    service.status = 500
    report = sender.push_send(noon())
    assert (report.failed, report.gone) == (1, 0)
    assert PushSubscription.objects.count() == 1


def test_an_unreachable_push_service_is_a_logged_failure_without_content(
    personas: Personas, waiting: dict[str, Waiting], caplog: pytest.LogCaptureFixture
) -> None:
    browser = Browser()
    push.push_subscribe(
        user=personas.alice,
        endpoint="http://127.0.0.1:9/push/nobody",
        p256dh=browser.p256dh,
        auth=browser.auth,
    )
    choose(personas.alice, {PushKind.TODAY})
    report = sender.push_send(noon())
    assert report.failed == 1
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert "push to a device failed" in logged
    assert "127.0.0.1" not in logged and "Something" not in logged


# --- end to end: the encrypted message, decrypted as the browser would ---------------------


def private_words(personas: Personas) -> list[str]:
    people = (personas.alice, personas.bob, personas.carol, personas.dave)
    return [
        *personas.markers.values(),
        *(p.display_name for p in people),
        *(p.email for p in people),
        *(p.email.split("@")[0] for p in people),
    ]


def test_the_message_decrypts_to_the_fixed_words_and_names_nothing(
    personas: Personas, service: PushService
) -> None:
    """bob addresses a bid to alice (its text a marker of his); alice's phone gets told only
    that something waits; every kind makes the same words."""
    alice, bob = personas.alice, personas.bob
    active = access_active_partnership(bob)
    assert active is not None
    text = marker("bob", "pushbid")
    personas.markers["bob.pushbid"] = text
    together.bid_send(owner=bob, partnership=active.partnership, text=text, idem_key="")
    browser = subscribe(alice, service, "alice-phone")
    choose(alice, ALL)
    CheckIn.objects.filter(owner=alice).delete()

    report = sender.push_send(noon(weekday=6))
    assert set(report.kinds) >= {"waiting", "checkin"}
    (got,) = service.received
    words = decrypted(got, browser)
    assert words == PLAIN
    authorization = got.headers.get("authorization", "")
    assert authorization.startswith("vapid t=")
    assert f"k={push.public_key()}" in authorization
    assert got.headers.get("ttl") == str(sender.TTL_SECONDS)
    found = [w for w in private_words(personas) if w.lower() in json.dumps(words).lower()]
    found += [w for w in private_words(personas) if w.encode() in got.body]
    print(
        f"\npush payload: {len(got.body)} bytes encrypted, {len(private_words(personas))} "
        f"private words looked for, {len(found)} found"
    )
    assert found == []


def test_the_neutral_look_gets_the_neutral_name(
    personas: Personas, service: PushService, waiting: dict[str, Waiting]
) -> None:
    alice = personas.alice
    alice.home_screen_look = HomeScreenLook.NEUTRAL
    alice.save()
    browser = subscribe(alice, service, "alice-phone")
    choose(alice, {PushKind.TODAY})
    sender.push_send(noon())
    (got,) = service.received
    assert decrypted(got, browser) == NEUTRAL
    assert "Interdepend" not in json.dumps(decrypted(got, browser))


def test_the_neutral_name_comes_in_the_recipients_language(
    personas: Personas, service: PushService, waiting: dict[str, Waiting]
) -> None:
    alice = personas.alice
    alice.home_screen_look = HomeScreenLook.NEUTRAL
    alice.language = "es"
    alice.save()
    browser = subscribe(alice, service, "alice-phone")
    choose(alice, {PushKind.TODAY})
    sender.push_send(noon())
    (got,) = service.received
    assert decrypted(got, browser)["title"] == "Notas"


def test_the_words_are_the_same_for_every_kind(
    personas: Personas, service: PushService, waiting: dict[str, Waiting]
) -> None:
    seen = []
    CheckIn.objects.filter(owner=personas.carol).delete()
    for kind in (PushKind.TODAY, PushKind.WAITING, PushKind.CHECKIN):
        PushSent.objects.all().delete()
        service.received.clear()
        browser = subscribe(personas.carol, service, f"carol-{kind.value}")
        choose(personas.carol, {kind})
        waiting["now"] = Waiting(bids=1, today=0)
        sender.push_send(noon(weekday=6))
        seen.append(decrypted(service.received[-1], browser))
        PushSubscription.objects.all().delete()
    assert seen == [PLAIN, PLAIN, PLAIN]


# --- the installation's key ----------------------------------------------------------------


def test_the_vapid_key_is_made_once_into_a_private_file(settings: Settings, tmp_path: Any) -> None:
    settings.VAPID_KEY_FILE = tmp_path / "vapid.pem"
    settings.VAPID_PRIVATE_KEY = ""
    push.vapid.cache_clear()
    try:
        first = push.public_key()
        assert stat.S_IMODE(settings.VAPID_KEY_FILE.stat().st_mode) == 0o600
        push.vapid.cache_clear()
        assert push.public_key() == first
        assert len(base64.urlsafe_b64decode(first + "=")) == 65
        # from the environment instead, the file is not read
        other = tmp_path / "other.pem"
        from pywebpush import Vapid

        key = Vapid()
        key.generate_keys()
        other.write_bytes(key.private_pem())
        settings.VAPID_PRIVATE_KEY = other.read_text()
        push.vapid.cache_clear()
        assert push.public_key() != first
    finally:
        push.vapid.cache_clear()


def test_the_command_runs_and_says_only_counts(
    personas: Personas,
    service: PushService,
    waiting: dict[str, Waiting],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from interdepend.cli import main

    real_send = sender.push_send

    monkeypatch.setattr("interdepend.cli.web.setup_django", lambda: None)
    subscribe(personas.alice, service, "alice")
    choose(personas.alice, {PushKind.TODAY})
    at = noon()
    monkeypatch.setattr(sender, "push_send", lambda: real_send(at))
    assert main(["push"]) == 0
    out = capsys.readouterr().out
    assert out.strip() == "sent 1 notification(s) to 1 device(s); 0 device(s) gone, 0 failed"


def test_the_account_page_promises_only_what_a_nudge_keeps_to_itself(personas: Personas) -> None:
    """A browser prints the site's address under every nudge, whatever its words: the page
    said a nudge never says who it is from (the notification audit of 2026-12-03, L1)."""
    client = Client()
    client.post(reverse("accounts:login"), {"username": personas.alice.email, "password": PASSWORD})
    page = client.get(reverse("accounts:settings")).content.decode()
    assert "who it is from" not in page
    assert "print the site's address under a nudge's words" in page


def test_a_new_time_zone_asks_for_her_password_while_notifications_are_on(
    personas: Personas,
) -> None:
    """Her quiet hours follow her zone: moving it half a world away put "21:00 to 08:00" in her
    real day and let notifications come at night, past the password that shorter quiet hours
    ask for (the re-audit of 2026-12-03, M1). With no kind on, a zone is kept at once."""
    from interdepend.web.accounts.models import User

    client = signed_in(personas.alice)
    url = reverse("accounts:time_zone")
    assert client.post(url, {"time_zone": "Europe/Madrid"}).status_code == 302
    push.push_choice_set(user=personas.alice, kinds={PushKind.TODAY}, quiet_from=21, quiet_until=8)
    asked = client.post(url, {"time_zone": "Pacific/Kiritimati"})
    assert asked.status_code == 200 and "moves the quiet hours" in asked.content.decode()
    assert User.objects.get(pk=personas.alice.pk).time_zone == "Europe/Madrid"
    assert client.post(url, {"time_zone": "Europe/Madrid"}).status_code == 302  # the same zone
    typed = client.post(url, {"time_zone": "Pacific/Kiritimati", "password": PASSWORD})
    assert typed.status_code == 302
    assert User.objects.get(pk=personas.alice.pk).time_zone == "Pacific/Kiritimati"


def test_a_new_time_zone_asks_for_her_password_while_the_weekly_reminder_is_on(
    personas: Personas,
) -> None:
    """The weekly reminder e-mail goes on her Monday in her zone: with notifications off, a
    zone half a world away moved it into her night with no password (the phone audit of
    2026-12-04, L5)."""
    from interdepend.web.accounts.models import User
    from interdepend.web.together.reminders import reminder_set

    client = signed_in(personas.alice)
    url = reverse("accounts:time_zone")
    assert not push.push_choice_of(personas.alice).kinds()
    assert client.post(url, {"time_zone": "Europe/Madrid"}).status_code == 302
    reminder_set(user=personas.alice, on=True)
    asked = client.post(url, {"time_zone": "Pacific/Kiritimati"})
    assert asked.status_code == 200
    assert "moves when your weekly reminder e-mail comes" in asked.content.decode()
    assert User.objects.get(pk=personas.alice.pk).time_zone == "Europe/Madrid"
    typed = client.post(url, {"time_zone": "Pacific/Kiritimati", "password": PASSWORD})
    assert typed.status_code == 302
    assert User.objects.get(pk=personas.alice.pk).time_zone == "Pacific/Kiritimati"
    reminder_set(user=personas.alice, on=False)
    assert client.post(url, {"time_zone": "Europe/Madrid"}).status_code == 302


def test_the_devices_and_this_sign_ins_own_are_read_together_as_apart(
    personas: Personas, django_assert_num_queries: Any
) -> None:
    """The account page reads how many devices get her notifications and whether this sign-in
    is one of them with one statement (issue 15's thirteenth pass): the same answers as the
    two reads apart, with none, with this sign-in's, with another's, once that one is over, and
    for a sign-in without a key."""
    alice = personas.alice

    def both(key: str | None) -> tuple[int, bool]:
        with django_assert_num_queries(1):
            together = push.push_devices_and_here(alice, key)
        assert together == (push.push_devices(alice), push.push_here(key))
        return together

    here = Client()
    here.post(reverse("accounts:login"), {"username": alice.email, "password": PASSWORD})
    key = here.session.session_key
    assert both(key) == (0, False)
    phone = signed_in_with_device(alice, "https://fcm.googleapis.com/fcm/send/phone")
    assert both(key) == (1, False)
    mine = signed_in_with_device(alice, "https://fcm.googleapis.com/fcm/send/mine")
    assert both(mine.session.session_key) == (2, True)
    UserSession.objects.filter(session_key=phone.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    assert both(mine.session.session_key) == (1, True)
    assert both(None) == (1, False)


def test_the_key_is_read_and_its_public_half_made_as_a_worker_starts(
    settings: Settings, tmp_path: Any
) -> None:
    # Read on first use, the account page's first view after a restart paid for the key, so
    # his own first view was quicker if she had opened hers since (the thirteenth pass).
    from interdepend.web.frame.warmup import make_sample_reports

    settings.VAPID_KEY_FILE = tmp_path / "vapid.pem"
    settings.VAPID_PRIVATE_KEY = ""
    push.vapid.cache_clear()
    push._public_half.cache_clear()
    try:
        make_sample_reports()
        assert push.vapid.cache_info().currsize == 1
        made = push._public_half.cache_info()
        assert made.currsize == 1
        key = push.public_key()
        assert push._public_half.cache_info().hits == made.hits + 1
        assert len(base64.urlsafe_b64decode(key + "=")) == 65
    finally:
        push.vapid.cache_clear()
        push._public_half.cache_clear()
