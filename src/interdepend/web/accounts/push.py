"""Web Push for a person's browsers: the installation's VAPID key, the subscriptions browsers
hand us, the person's choices, and the only words a notification ever carries.

A notification names nothing: not the partner, not the item, not even its kind (a question
for today would tell an onlooker what the app is). A person with the neutral home-screen look
gets the neutral name. ``interdepend push`` (:mod:`interdepend.web.notify`) sends them.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import ipaddress
import os
import re
import socket
from dataclasses import dataclass
from datetime import datetime
from email.utils import parseaddr
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.db import transaction
from django.db.models import F, Func, IntegerField, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from pywebpush import Vapid  # py_vapid's newest key class, as pywebpush signs with it

from interdepend.web.accounts.models import (
    QUIET_FROM,
    QUIET_UNTIL,
    HomeScreenLook,
    PushChoice,
    PushKind,
    PushSubscription,
    User,
)
from interdepend.web.accounts.sessions import running_sessions
from interdepend.web.frame.prepared import Prepared, PreparedCounts
from interdepend.web.frame.pwa import LOOKS
from interdepend.web.frame.warmup import worker_starting

#: A browser's P-256 public key: 65 bytes uncompressed; its auth secret: 16 bytes.
P256DH_BYTES = 65
AUTH_BYTES = 16
ENDPOINT_MAX = 1000
LOOPBACK_HOSTS = {"localhost"}


# --- the installation's key ----------------------------------------------------------------


@cache
def vapid() -> Vapid:
    """The VAPID key: INTERDEPEND_VAPID_PRIVATE_KEY if set, else the key file, made once."""
    given = str(settings.VAPID_PRIVATE_KEY).strip()
    if given.startswith("-----BEGIN"):
        return Vapid.from_pem(given.encode())
    if given:
        return Vapid.from_string(given)
    path = settings.VAPID_KEY_FILE
    if not path.exists():
        key = Vapid()
        key.generate_keys()
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with contextlib.suppress(FileExistsError):  # another process made it first: use theirs
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(key.private_pem())
    return Vapid.from_file(str(path))


def _b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def public_key() -> str:
    """The application server key a page hands to ``PushManager.subscribe``."""
    return _public_half(vapid())


@cache
def _public_half(key: Vapid) -> str:
    """The key's public half as a page writes it (45 µs to work out, so once per key)."""
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    return _b64url(key.public_key.public_bytes(Encoding.X962, PublicFormat.UncompressedPoint))


def _warm(**_kwargs: object) -> None:
    """Sent as a worker starts (``frame.warmup.worker_starting``): the key is read, or made,
    and its public half worked out then. Read on first use, the account page's first view
    after a restart paid for it, so his own first view was quicker if she had opened hers
    since (the thirteenth pass, 2026-12-05)."""
    public_key()


worker_starting.connect(_warm, dispatch_uid="interdepend-warm-push-key")


def contact() -> str:
    """Who a push service may write to about our messages (the VAPID ``sub`` claim)."""
    if settings.PUSH_CONTACT:
        return str(settings.PUSH_CONTACT)
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or "no-reply@localhost"
    return f"mailto:{address}"


# --- the words -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Words:
    title: str
    body: str

    def payload(self) -> dict[str, str]:
        """All a notification carries. The service worker picks the icon from the title."""
        return {"title": self.title, "body": self.body}


def words_for(look: str) -> Words:
    """The same words for every kind of notification: only the look changes them."""
    if look == HomeScreenLook.NEUTRAL:
        # The neutral look's own name, in the language the words are written in.
        name = LOOKS[HomeScreenLook.NEUTRAL].name_in(get_language() or settings.LANGUAGE_CODE)
        return Words(name, _("You have something new."))
    return Words("Interdepend", _("Something is waiting for you."))


# --- subscriptions -------------------------------------------------------------------------


class SubscriptionRefused(Exception):
    """A subscription we do not keep; its message is ours, for the page to show."""


def endpoint_well_formed(endpoint: str) -> bool:
    """Printable and of a length we keep: anything else is no browser's address (a NUL would
    even be refused by PostgreSQL in a lookup)."""
    return 0 < len(endpoint) <= ENDPOINT_MAX and endpoint.isprintable()


#: The browsers' own push services, the only places a notification address may point:
#: Google's (Chrome, Edge on Android, most others), Mozilla's (Firefox), Apple's (Safari) and
#: Microsoft's (Edge on Windows). A name, or ``*.`` and the family of names under one.
#: ``INTERDEPEND_PUSH_HOSTS`` adds more (docs/configuration.md).
PUSH_SERVICES = (
    "fcm.googleapis.com",
    "push.services.mozilla.com",
    "*.push.services.mozilla.com",
    "web.push.apple.com",
    "*.notify.windows.com",
)
HTTPS_PORT = 443


def push_service_known(host: str) -> bool:
    """Whether ``host`` is one of the push services, or one the operator added."""
    name = host.lower()
    for pattern in (*PUSH_SERVICES, *settings.PUSH_HOSTS):
        known = pattern.strip().lower()
        if known.startswith("*.") and name.endswith(known[1:]):
            return True
        if name == known:
            return True
    return False


def _endpoint_checked(endpoint: str) -> str:
    lost = SubscriptionRefused(_("This browser's notification address did not come through."))
    if not endpoint_well_formed(endpoint):
        raise lost
    try:
        parts = urlsplit(endpoint)
        port = parts.port  # a port that is no number raises here
    except ValueError:  # "https://[" and other addresses urlsplit cannot read
        raise lost from None
    if parts.scheme == "http" and _loopback(parts.hostname) and settings.PUSH_ALLOW_LOOPBACK:
        return endpoint
    if parts.scheme != "https":
        raise SubscriptionRefused(
            _(
                "This browser offered a notification address we cannot use safely (it must be "
                "https)."
            )
        )
    host = parts.hostname or ""
    if not _public(host):
        raise SubscriptionRefused(
            _(
                "This browser offered a notification address we cannot use safely: it points to "
                "this server's own network, not to a notification service."
            )
        )
    # Only a browser's own push service, on its usual port: any other name, even one that
    # looks public, may lead to this machine or its network (localtest.me, 127.0.0.1.nip.io:
    # the stranger audit of 2026-12-03), and the sender would post there.
    if not push_service_known(host) or port not in (None, HTTPS_PORT) or "@" in parts.netloc:
        raise SubscriptionRefused(
            _(
                "This browser's notification service is not one we send to, so notifications "
                "cannot come to it. Another browser may work."
            )
        )
    return endpoint


def endpoint_usable(endpoint: str) -> bool:
    """Whether a kept address would still be taken now (the sender asks before each message)."""
    try:
        _endpoint_checked(endpoint)
    except SubscriptionRefused:
        return False
    return True


#: Names that never reach a push service on the internet: this machine or the local network.
LOCAL_SUFFIXES = (".localhost", ".local", ".internal", ".lan", ".home.arpa", ".localdomain")


def _public(host: str) -> bool:
    """Whether a notification address points out to the internet, where push services are:
    not this machine or the network it sits in, which the server must not be made to post to
    on anyone's say (an address is only what a browser, or someone pretending to be one,
    hands over). A name is taken at its word; an address written in figures must be public."""
    try:
        return ipaddress.ip_address(host).is_global
    except ValueError:
        pass
    name = host.rstrip(".").lower()
    if _NUMERIC_END.search(name):
        # No name on the internet ends in a number: this is an address in one of the older
        # ways of writing one (127.1, 0177.0.0.1, 0x7f.1, 2130706433), which Python's reader
        # refuses and the resolver reads as an address all the same (the stranger audit of
        # 2026-12-03 reached this machine through them). Read it as the resolver does.
        try:
            packed = socket.inet_aton(name)
        except OSError:
            return False
        return ipaddress.IPv4Address(packed).is_global
    return "." in name and name not in LOOPBACK_HOSTS and not name.endswith(LOCAL_SUFFIXES)


#: A host whose last part is a number (decimal, octal or hex): an address, not a name.
_NUMERIC_END = re.compile(r"(?:^|\.)(?:0x[0-9a-f]*|[0-9]+)$")


def _loopback(host: str | None) -> bool:
    if host is None:
        return False
    if host in LOOPBACK_HOSTS:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _key_checked(text: str, size: int) -> str:
    try:
        raw = _unb64url(text.strip())
        if len(raw) != size:
            raise ValueError(size)
        if size == P256DH_BYTES:  # a point on the curve, or nothing can be encrypted to it
            ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), raw)
    except (binascii.Error, ValueError):
        raise SubscriptionRefused(
            _("This browser's notification keys did not come through whole. Please try again.")
        ) from None
    return _b64url(raw)


@transaction.atomic
def push_subscribe(
    *, user: User, endpoint: str, p256dh: str, auth: str, session_key: str = ""
) -> PushSubscription:
    """Keep this browser's subscription for this person, for as long as the sign-in
    ``session_key`` lasts. A browser is one row: if another account had it, it is this
    person's now, and the other gets nothing more there."""
    endpoint = _endpoint_checked(endpoint.strip())
    keys = {"p256dh": _key_checked(p256dh, P256DH_BYTES), "auth": _key_checked(auth, AUTH_BYTES)}
    PushSubscription.objects.filter(endpoint=endpoint).exclude(user=user).delete()
    row, _created = PushSubscription.objects.update_or_create(
        endpoint=endpoint, user=user, defaults=keys | {"session_key": session_key or ""}
    )
    # A person has a few devices, not hundreds: beyond the newest few, the oldest go, so that
    # one account cannot make the sender wait on a long list of addresses that never answer.
    older = PushSubscription.objects.filter(user=user).order_by("-pk")[PUSH_DEVICES_MAX:]
    PushSubscription.objects.filter(pk__in=list(older.values_list("pk", flat=True))).delete()
    return row


#: The most browsers one person's notifications go to; a new one beyond it takes the place of
#: the one turned on longest ago.
PUSH_DEVICES_MAX = 10


def live_subscriptions(now: datetime | None = None) -> QuerySet[PushSubscription]:
    """The subscriptions whose sign-in still runs at ``now`` (or that were made before the
    sign-in was kept). A sign-in left idle keeps its nudges until it ends: they are for the
    times she is away, and her next request after the idle limit ends the sign-in, and them
    with it. Cutting them at the idle limit (tried on 2026-12-03) left nudges only in the two
    hours after she had used the app, when none is needed; docs/security.md says what remains:
    someone who knows her password and turned them on in his own browser gets nudges' timing
    until she signs out everywhere or ends that device, which both list it."""
    live = running_sessions(now or timezone.now()).values("session_key")
    return PushSubscription.objects.filter(Q(session_key="") | Q(session_key__in=live))


def push_forget_ended(now: datetime | None = None) -> int:
    """Delete the subscriptions whose sign-in is over (past its absolute end, or its row gone
    because a request ended it): the sender runs this first, and so does ``clearsessions``.
    Returns how many went."""
    ended = PushSubscription.objects.exclude(session_key="").exclude(
        pk__in=live_subscriptions(now).values("pk")
    )
    deleted, _by_kind = ended.delete()
    return deleted


def push_session_moved(old_key: str, new_key: str) -> None:
    """The sign-in's key changed (signing in again, a new password): its subscriptions follow."""
    PushSubscription.objects.filter(session_key=old_key).update(session_key=new_key)


def push_session_ended(session_key: str | None) -> int:
    """The sign-in signed out: the browsers it turned notifications on in get nothing more."""
    if not session_key:
        return 0
    deleted, _by_kind = PushSubscription.objects.filter(session_key=session_key).delete()
    return deleted


@transaction.atomic
def push_unsubscribe(*, user: User, endpoint: str | None = None) -> int:
    """Forget one browser of the person's, or every one (``endpoint`` None)."""
    found = PushSubscription.objects.filter(user=user)
    if endpoint is not None:
        found = found.filter(endpoint=endpoint.strip())
    deleted, _by_kind = found.delete()
    return deleted


def push_here(session_key: str | None) -> bool:
    """Whether this sign-in has a browser getting notifications (the account page drops a
    browser's own subscription when the server keeps none for it: after a quick exit, or a
    sign-out with the browser's subscription left behind)."""
    if not session_key:
        return False
    return bool(_HERE(session_key=session_key))


_HERE = Prepared(
    lambda session_key: PushSubscription.objects.filter(session_key=session_key).values_list(
        "pk", flat=True
    )[:1]
)


def push_devices(user: User) -> int:
    """How many browsers get her notifications now (the clock is read here and passed in, so
    the statement is built once per connection: building it cost more than the account page's
    other reads together)."""
    return _DEVICES(user_id=user.pk, now=timezone.now())["devices"]


_DEVICES = PreparedCounts(
    lambda user_id, now: {"devices": live_subscriptions(now).filter(user_id=user_id)}
)


def push_devices_and_here(user: User, session_key: str | None) -> tuple[int, bool]:
    """:func:`push_devices` and :func:`push_here` read together, with one statement: the
    account page shows both (issue 15's thirteenth pass)."""
    if not session_key:
        return push_devices(user), False
    found = _DEVICES_HERE(user_id=user.pk, now=timezone.now(), session_key=session_key)
    return found["devices"], bool(found["here"])


_DEVICES_HERE = PreparedCounts(
    lambda user_id, now, session_key: {
        "devices": live_subscriptions(now).filter(user_id=user_id),
        "here": PushSubscription.objects.filter(session_key=session_key),
    }
)


# --- choices -------------------------------------------------------------------------------


def push_choice_of(user: User) -> PushChoice:
    """The person's choices; every kind off if they never chose (the row is not written)."""
    return _CHOICE.first(user_id=user.pk) or PushChoice(user=user)


_CHOICE = Prepared(lambda user_id: PushChoice.objects.filter(user_id=user_id).order_by("pk")[:1])


def push_choice_shown(user: User) -> tuple[list[str], int, int]:
    """What her notification choice's form starts from on the account page: the kinds she
    turned on (their values, in :class:`PushKind`'s order) and her quiet hours, as
    ``push_choice_of(user)`` gives them (``kinds()``, ``quiet_from``, ``quiet_until``): every
    kind off and the usual hours when she never chose. Read as those five columns rather than
    a model row, and with no unsaved row made when she has none (issue 15's eighteenth pass:
    about a fifth of what the row cost the page). ``tests/web/test_push.py`` holds it to
    ``push_choice_of`` for every set of kinds and hours."""
    found = _CHOICE_SHOWN.first(user_id=user.pk)
    if found is None:
        return [], QUIET_FROM, QUIET_UNTIL
    *turned_on, quiet_from, quiet_until = found
    kinds = [kind.value for kind, on in zip(PushKind, turned_on, strict=True) if on]
    return kinds, quiet_from, quiet_until


#: The columns :func:`push_choice_shown` reads: a flag per kind, in the kinds' order, then the
#: quiet hours.
_SHOWN = (*(kind.value for kind in PushKind), "quiet_from", "quiet_until")
_CHOICE_SHOWN = Prepared(
    lambda user_id: (
        PushChoice.objects.filter(user_id=user_id).order_by("pk").values_list(*_SHOWN)[:1]
    )
)


def push_settings_shown(
    user: User, session_key: str | None
) -> tuple[list[str], int, int, int, bool]:
    """:func:`push_choice_shown` and :func:`push_devices_and_here` read with one statement:
    the account page shows both (issue 15's twenty-third pass; a statement less a view). Her
    own row gives the one row; were it gone, the two reads run apart, as before."""
    rows = _SETTINGS_SHOWN(user_id=user.pk, now=timezone.now(), session_key=session_key or "")
    if not rows:
        return (*push_choice_shown(user), *push_devices_and_here(user, session_key))
    devices, here, *turned_on, quiet_from, quiet_until = rows[0]
    here = bool(here) if session_key else False
    if quiet_from is None:  # she never chose: no row of choices
        return [], QUIET_FROM, QUIET_UNTIL, int(devices), here
    kinds = [kind.value for kind, on in zip(PushKind, turned_on, strict=True) if on]
    return kinds, quiet_from, quiet_until, int(devices), here


def _counted_in(rows: QuerySet[Any]) -> Subquery:
    """The count of ``rows`` as a column of another read (one row, with no grouping)."""
    count = Func(F("pk"), function="COUNT", output_field=IntegerField())
    return Subquery(rows.order_by().annotate(shown_count=count).values("shown_count"))


def _settings_shown(user_id: int, now: datetime, session_key: str) -> QuerySet[Any]:
    choice = PushChoice.objects.filter(user_id=user_id).order_by("pk")
    columns = {f"shown_{name}": Subquery(choice.values(name)[:1]) for name in _SHOWN}
    return (
        User.objects.filter(pk=user_id)
        .annotate(
            shown_devices=_counted_in(live_subscriptions(now).filter(user_id=user_id)),
            shown_here=_counted_in(PushSubscription.objects.filter(session_key=session_key)),
            **columns,
        )
        .values_list("shown_devices", "shown_here", *columns)
    )


_SETTINGS_SHOWN = Prepared(_settings_shown)


def says_more(was: PushChoice, kinds: set[PushKind], quiet_from: int, quiet_until: int) -> bool:
    """Whether a new choice lets notifications come where ``was`` let none: a kind turned on,
    or an hour that was quiet and is not any more."""
    if not kinds <= set(was.kinds()):
        return True
    now = PushChoice(quiet_from=quiet_from, quiet_until=quiet_until)
    return any(was.is_quiet(hour) and not now.is_quiet(hour) for hour in range(24))


@transaction.atomic
def push_choice_set(
    *, user: User, kinds: set[PushKind], quiet_from: int, quiet_until: int
) -> PushChoice:
    values: dict[str, object] = {kind.value: kind in kinds for kind in PushKind}
    values.update(quiet_from=quiet_from, quiet_until=quiet_until)
    row, _created = PushChoice.objects.update_or_create(user=user, defaults=values)
    return row
