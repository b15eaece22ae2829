"""``interdepend push``: one content-free notification to each person who asked for one.

Run it from cron every quarter of an hour or so. For each person with a browser subscribed and
a kind turned on, outside their quiet hours (in their own time zone,
``accounts/zones.py``), a kind is due when:

- ``today``: they have not answered the question for today;
- ``waiting``: something waits for them (``home.selectors.waiting_for``: what the home page
  and the menu's badge already show them);
- ``checkin``: it is Sunday and their check-in for this week is still open.

Each kind is sent at most once a day. Before sending, the sender writes one ``PushSent`` row per
(person, kind, day) for every kind due and not yet sent that day, in one transaction; the unique
constraint lets only one writer win, so two senders on two machines at once never both send.
The kinds won go out as one message, whose words are the same whatever the kinds
(:func:`interdepend.web.accounts.push.words_for`). A browser the push service says is gone
(404, 410) is forgotten. Failures are logged with their status only. A browser whose sign-in
is over (at its absolute end, or ended by a request past the idle limit) gets nothing and is
forgotten at the start of the run.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import socket
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import requests
import requests.adapters
import urllib3
import urllib3.connection
import urllib3.util.connection
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone, translation
from pywebpush import WebPushException, webpush

from interdepend.web.accounts.language import language_of
from interdepend.web.accounts.models import (
    PushChoice,
    PushKind,
    PushSent,
    PushSubscription,
    User,
)
from interdepend.web.accounts.push import (
    PUSH_DEVICES_MAX,
    contact,
    endpoint_usable,
    live_subscriptions,
    push_forget_ended,
    vapid,
    words_for,
)
from interdepend.web.accounts.zones import zone_of
from interdepend.web.frame.allatonce import all_at_once
from interdepend.web.home.selectors import waiting_for
from interdepend.web.together.models import CheckIn
from interdepend.web.together.selectors import week_start

logger = logging.getLogger("interdepend.push")

#: How long a push service keeps a message for a phone that is off: a nudge goes stale. Never
#: past the start of the person's quiet hours, though (:func:`ttl_before_quiet`).
TTL_SECONDS = 4 * 3600
#: Seconds to wait for a push service before giving up on that device for this run.
TIMEOUT_SECONDS = 10
#: The check-in's day: Sunday, the week's last (weeks start on Monday).
CHECKIN_WEEKDAY = 6
GONE = {404, 410}
#: How many messages of a run are handed to push services at once. Every message of a run is
#: decided first, then all are sent together, in no fixed order (:func:`_send_all`).
SENDING_AT_ONCE = 16


@dataclass
class Report:
    """What one run did, in counts only."""

    people: int = 0
    messages: int = 0
    devices: int = 0
    gone: int = 0
    failed: int = 0
    #: Devices forgotten before sending because the sign-in that turned them on is over.
    ended: int = 0
    kinds: dict[str, int] = field(default_factory=dict)


def kinds_due(choice: PushChoice, now: datetime) -> list[PushKind]:
    """The kinds this person chose that have something to say right now."""
    chosen = choice.kinds()
    due: list[PushKind] = []
    if PushKind.TODAY in chosen or PushKind.WAITING in chosen:
        waiting = waiting_for(choice.user_id)
        if PushKind.TODAY in chosen and waiting.today == 0:
            due.append(PushKind.TODAY)
        if PushKind.WAITING in chosen and waiting.total > 0:
            due.append(PushKind.WAITING)
    if PushKind.CHECKIN in chosen and _checkin_open(choice.user_id, now.date()):
        due.append(PushKind.CHECKIN)
    return due


def _checkin_open(user_id: int, today: date) -> bool:
    if today.weekday() != CHECKIN_WEEKDAY:
        return False
    return not CheckIn.objects.filter(owner_id=user_id, week=week_start(today)).exists()


def ttl_before_quiet(choice: PushChoice, local: datetime) -> int:
    """How long a push service may keep this person's message sent at ``local`` (their own
    clock): :data:`TTL_SECONDS`, or less, so that it is never shown in their quiet hours.

    A push service holds a message for a phone that is off or out of reach and hands it over
    when the phone is back. With four hours every time, a nudge sent at 20:45 to a phone
    switched off for the night lit it up at 00:30 when it came back on, inside quiet hours
    from 21:00 (the notify-outside audit of 2026-12-05): the sender kept her quiet hours, the
    push service did not know them. Now it is told to drop the message once they begin."""
    start, end = choice.quiet_from, choice.quiet_until
    if start == end:  # no quiet hours
        return TTL_SECONDS
    begins = local.replace(hour=start, minute=0, second=0, microsecond=0)
    if begins <= local:
        begins += timedelta(days=1)
    # Both read as UTC instants, so that a change of the clocks in between is counted.
    left = (begins.astimezone(UTC) - local.astimezone(UTC)).total_seconds()
    return max(0, min(TTL_SECONDS, int(left)))


def sent_today(user: User, day: date) -> set[str]:
    return set(PushSent.objects.filter(user=user, day=day).values_list("kind", flat=True))


def claim(*, user: User, kinds: list[PushKind], day: date) -> bool:
    """Write the day's rows for these kinds, all or none, always in the same order; False when
    one was there already: another sender is sending it right now (or just did). All or none,
    so that two senders never split a person's kinds between them and both send."""
    try:
        with transaction.atomic():
            for kind in sorted(kinds):
                PushSent.objects.create(user=user, kind=kind, day=day)
    except IntegrityError:
        return False
    return True


class AddressRefused(OSError):
    """A push service's name led to an address on this machine or a private network."""


def address_allowed(text: str) -> bool:
    """Whether the sender may connect to this IP address: one on the internet, never this
    machine, a private or shared network, a link-local address (169.254.169.254, where a cloud
    machine keeps its secrets) or a reserved one. This machine only while developing
    (``PUSH_ALLOW_LOOPBACK``: the suite's own push service listens on 127.0.0.1)."""
    found = ipaddress.ip_address(text.split("%", 1)[0])
    if isinstance(found, ipaddress.IPv6Address) and found.ipv4_mapped is not None:
        found = found.ipv4_mapped
    if found.is_loopback and settings.PUSH_ALLOW_LOOPBACK:
        return True
    return found.is_global and not (found.is_multicast or found.is_reserved)


def checked_addresses(host: str, port: int) -> list[tuple[Any, ...]]:
    """Where ``host`` leads, every address of it allowed (or none is used): the name of a
    push service we know could still be pointed elsewhere by whoever answers for it."""
    found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    if not found or not all(address_allowed(str(info[4][0])) for info in found):
        logger.warning("push to a device refused: its service's name leads to a private address")
        raise AddressRefused(f"{host} leads to an address the sender does not connect to")
    return found


class _Checked(urllib3.connection.HTTPConnection):
    """Connects only to the addresses :func:`checked_addresses` allowed, the very ones it
    looked up (a second lookup could answer differently); TLS still checks the name."""

    def _new_conn(self) -> socket.socket:
        error: OSError = AddressRefused(self.host)
        for info in checked_addresses(self._dns_host, self.port):
            try:
                return urllib3.util.connection.create_connection(
                    (info[4][0], self.port),
                    self.timeout,
                    source_address=self.source_address,
                    socket_options=self.socket_options,
                )
            except OSError as failed:
                error = failed
        raise error


class _CheckedHTTPS(_Checked, urllib3.connection.HTTPSConnection):
    pass


class _CheckedHTTPPool(urllib3.HTTPConnectionPool):
    ConnectionCls = _Checked


class _CheckedHTTPSPool(urllib3.HTTPSConnectionPool):
    ConnectionCls = _CheckedHTTPS


class _CheckedAdapter(requests.adapters.HTTPAdapter):
    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": _CheckedHTTPPool,
            "https": _CheckedHTTPSPool,
        }


class _NoRedirects(requests.Session):
    """A push service answers a message itself; a redirect is never followed. It would take
    the POST wherever the address's owner says, past the check of the address (this machine,
    its network: the re-audit of 2026-12-03 sent it to a local port through a 307). And the
    connection goes only to an address on the internet (:class:`_Checked`): a push service's
    name is checked when the browser hands it over, its addresses when they are used."""

    def __init__(self) -> None:
        super().__init__()
        for scheme in ("https://", "http://"):
            self.mount(scheme, _CheckedAdapter())

    def post(self, url: Any, data: Any = None, json: Any = None, **kwargs: Any) -> Any:
        kwargs["allow_redirects"] = False
        return super().post(url, data=data, json=json, **kwargs)


def deliver(subscription: PushSubscription, payload: str, ttl: int = TTL_SECONDS) -> str:
    """Send one encrypted message to one browser: "sent", "gone" (forgotten now) or "failed".

    The address is checked again as it is used (one kept before a check was added, or a rule
    made stricter since, is forgotten: "gone"), and the push service's own answer is the
    answer: a redirect counts as a failure. ``ttl``: how many seconds the push service may
    keep it for a phone that is off."""
    return _settle(subscription, _post(subscription, payload, ttl))


def _settle(subscription: PushSubscription, outcome: str) -> str:
    """What :func:`_post` found, kept: a browser gone, or no longer usable, is forgotten."""
    if outcome == "gone":
        subscription.delete()
    return outcome


def _post(subscription: PushSubscription, payload: str, ttl: int = TTL_SECONDS) -> str:
    """:func:`deliver` without the database: the network only, so that it may run beside the
    other messages of a run (:func:`_send_all`)."""
    if not endpoint_usable(subscription.endpoint):
        return "gone"
    try:
        webpush(
            requests_session=_NoRedirects(),
            subscription_info={
                "endpoint": subscription.endpoint,
                "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth},
            },
            data=payload,
            vapid_private_key=vapid(),
            vapid_claims={"sub": contact()},
            ttl=ttl,
            timeout=TIMEOUT_SECONDS,
        )
    except WebPushException as error:
        status = error.response.status_code if error.response is not None else None
        if status in GONE:
            return "gone"
        logger.warning("push to a device failed: status %s", status)
        return "failed"
    except (OSError, ValueError) as error:  # network failures (requests'), unusable keys
        logger.warning("push to a device failed: %s", type(error).__name__)
        return "failed"
    return "sent"


def _choices(now: datetime) -> list[PushChoice]:
    subscribed = live_subscriptions(now).filter(user_id=OuterRef("user_id"))
    return list(
        PushChoice.objects.filter(Q(today=True) | Q(waiting=True) | Q(checkin=True))
        .filter(Exists(subscribed), user__is_active=True)
        .select_related("user")
        .order_by("pk")
    )


def push_send(now: datetime | None = None) -> Report:
    """One pass over everyone who asked; bounded by the people and their devices."""
    moment = now or timezone.now()
    # A sign-in that is over (at its absolute end, or ended by a request) takes its devices
    # with it, here rather than at a request that may never come (the notify audit).
    report = Report(ended=push_forget_ended(moment))
    outbox: list[Message] = []
    for choice in _choices(moment):
        # Her hours and her day, not the server's: quiet hours at her night, "today" hers.
        zone = zone_of(choice.user)
        local = timezone.localtime(moment, zone)
        if choice.is_quiet(local.hour):
            continue
        with timezone.override(zone):
            done = sent_today(choice.user, local.date())
            won = [kind for kind in kinds_due(choice, local) if kind.value not in done]
        if not won or not claim(user=choice.user, kinds=won, day=local.date()):
            continue
        report.people += 1
        report.messages += 1
        for kind in won:
            report.kinds[kind.value] = report.kinds.get(kind.value, 0) + 1
        outbox.extend(_messages_for(choice.user, moment, ttl_before_quiet(choice, local)))
    _send_all(outbox, report)
    return report


#: One message of a run: the browser, the encrypted words' plain text, and how long the push
#: service may keep it (seconds).
Message = tuple[PushSubscription, str, int]


def _messages_for(user: User, now: datetime | None = None, ttl: int = TTL_SECONDS) -> list[Message]:
    """The message for each of the person's browsers: the newest few only, as subscribing
    keeps them (rows kept before that rule included)."""
    with translation.override(language_of(user)):
        words = words_for(user.home_screen_look)
    payload = json.dumps(words.payload(), separators=(",", ":"), ensure_ascii=False)
    newest = live_subscriptions(now).filter(user=user).order_by("-pk")[:PUSH_DEVICES_MAX]
    return [(row, payload, ttl) for row in sorted(newest, key=lambda row: row.pk)]


def _send_to_devices(user: User, report: Report, now: datetime | None = None) -> None:
    """One person's message, to each of their browsers (as a run sends it)."""
    _send_all(_messages_for(user, now), report)


def _send_all(outbox: list[Message], report: Report) -> None:
    """Hand every message of the run to its push service at once, in no fixed order.

    One after the other, in the order people first chose notifications, a partner's message
    waited for hers whenever she was sent one too (up to :data:`TIMEOUT_SECONDS` a browser):
    the moment his arrived told him whether her question for today was open, when her quiet
    hours end and whether she has notifications at all (the side-channel audit of
    2026-12-04). Only the sending runs side by side; the database is written here, after."""
    if not outbox:
        return
    vapid()  # the key, read (or made) once here, not by several senders at the same moment
    outcomes = all_at_once(outbox, lambda message: _post(*message), SENDING_AT_ONCE)
    for (subscription, _payload, _ttl), found in zip(outbox, outcomes, strict=True):
        outcome = _settle(subscription, found)
        report.devices += outcome == "sent"
        report.gone += outcome == "gone"
        report.failed += outcome == "failed"
