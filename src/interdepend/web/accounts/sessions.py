"""Sessions tied to their user, with idle and absolute timeouts.

The session row carries the user id, the browser and the address, so that the sessions page
can list them and "sign out everywhere" can delete them. Nothing here is ever shown to anyone
but the session's own user.

The absolute lifetime counts from sign-in, whatever the activity: Django renews a session's
expiry each time it is saved, so the store caps both the stored expiry and the cookie's age at
sign-in + ``SESSION_ABSOLUTE_SECONDS``, and the middleware ends a session past that point on
any request (pages, htmx fragments, form posts).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore as DBStore
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django.utils import timezone
from django.utils.functional import LazyObject, empty

from interdepend.web.accounts import zones
from interdepend.web.accounts.models import UserSession
from interdepend.web.frame.http import whole_page

LAST_SEEN_KEY = "_last_seen"
#: The quick exit's lock (``frame.lock``). Kept here because the store keeps it (see
#: :class:`SessionStore`).
QUICK_EXIT_LOCKED_KEY = "_quick_exit_locked"
#: When her private pages last closed (a POSIX timestamp: ``idle.stepped_away``). Kept by the
#: store as the sticky keys are, and never moved back to an earlier moment.
PRIVATE_CLOSED_KEY = "_private_closed_at"
#: Keys that only their own step takes away, by removing them (:class:`SessionStore`).
STICKY_KEYS = (QUICK_EXIT_LOCKED_KEY, PRIVATE_CLOSED_KEY)
#: The moments that keep her private pages open: when one was last seen, when her password
#: and her second step were last given (``idle.PRIVATE_SEEN_KEY``, ``reauth.REAUTH_AT_KEY``,
#: ``reauth.REAUTH_FACTOR_AT_KEY``). One from before :data:`PRIVATE_CLOSED_KEY` is dropped as
#: the session is saved.
OPENING_KEYS = ("_journal_seen_at", "_reauth_at", "_reauth_factor_at")
#: When the person signed in (a POSIX timestamp): the absolute lifetime counts from here.
SIGNED_IN_KEY = "_signed_in_at"
SEEN_GRANULARITY = timedelta(minutes=1)
#: A sign-in waiting for its second step (``twostep_views``): whose it is, the moment and a
#: digest of the password it was begun with. Its row names no account until the code is in.
SECOND_STEP_PENDING_KEY = "_two_step_pending"


class SessionStore(DBStore):
    """Django's database sessions, tied to their user, with one more rule: a key of
    :data:`STICKY_KEYS` set by one request is never taken away by another that read the
    session before it was set and saves after (Django saves a session whole). A still-here
    report or a page from another tab, under way as the quick exit locked the session, would
    otherwise save it back unlocked (the browser-test audit of 2026-12-04). Only removing the
    key in this store (``pop`` or ``del``: the step's own way out) takes it away.

    Closing her private pages (``idle.stepped_away``) takes the moments that kept them open
    away; a request that read the session before and saves after would put them back (or a
    still-here report renew them), and a reload would find her journal open without her
    password (the flaky-test hunt of 2026-12-04). So the closing moment is sticky too and
    never moves back, and a request that read the session before the latest closing saves it
    without any moment that opens them (:data:`OPENING_KEYS`): her password asks again."""

    def __init__(self, session_key: str | None = None, request: HttpRequest | None = None):
        super().__init__(session_key)
        self.user_agent = ""
        self.ip_address: str | None = None
        #: The sticky keys this request removed on purpose.
        self.released: set[str] = set()
        #: When this request read the session (a POSIX timestamp; 0 before it has).
        self.read_at = 0.0

    def load(self) -> dict[str, Any]:
        self.read_at = time.time()
        return super().load()

    def pop(self, key: str, *default: Any) -> Any:
        if key in STICKY_KEYS:
            self.released.add(key)
        return super().pop(key, *default)

    def __delitem__(self, key: str) -> None:
        if key in STICKY_KEYS:
            self.released.add(key)
        super().__delitem__(key)

    @classmethod
    def get_model_class(cls) -> Any:
        return UserSession

    def absolute_end(self) -> float | None:
        """When this session must end (a POSIX timestamp), if someone is signed in."""
        started = self.get(SIGNED_IN_KEY)
        if started is None:
            return None
        return float(started) + settings.SESSION_ABSOLUTE_SECONDS

    def get_expiry_age(self, **kwargs: Any) -> int:
        age: int = super().get_expiry_age(**kwargs)
        end = self.absolute_end()
        if end is None:
            return age
        now = kwargs.get("modification") or timezone.now()
        return max(0, min(age, int(end - now.timestamp())))

    def get_expiry_date(self, **kwargs: Any) -> datetime:
        date: datetime = super().get_expiry_date(**kwargs)
        end = self.absolute_end()
        if end is None:
            return date
        return min(date, datetime.fromtimestamp(end, tz=UTC))

    def cycle_key(self) -> None:
        """A new key for the same sign-in (signing in, a new password): what hangs on the
        sign-in, its browsers' notifications, follows."""
        old = self.session_key
        super().cycle_key()
        if old and self.session_key and old != self.session_key:
            from interdepend.web.accounts.push import push_session_moved

            push_session_moved(old, self.session_key)

    def create_model_instance(self, data: dict[str, Any]) -> Any:
        obj: Any = super().create_model_instance(data)
        user_id = data.get("_auth_user_id")
        obj.user_id = int(user_id) if user_id else None
        obj.user_agent = self.user_agent[:200]
        obj.ip_address = self.ip_address
        stored = (
            UserSession.objects.filter(session_key=obj.session_key)
            .values_list("created_at", "session_data")
            .first()
        )
        if stored is not None:
            obj.created_at = stored[0]
            if self._keep_sticky(data, stored[1]):
                obj.session_data = self.encode(data)
        obj.last_seen_at = last_seen(data)
        return obj

    def _keep_sticky(self, data: dict[str, Any], stored_data: str) -> bool:
        """Put back into ``data`` each sticky key the stored session has and this request
        neither has nor released, the later closing moment of the two, and (when another
        request closed her private pages since this one read the session) no opening moment;
        whether ``data`` changed."""
        missing = [key for key in STICKY_KEYS if key not in data and key not in self.released]
        stored = self.decode(stored_data)
        kept = {key: stored[key] for key in missing if key in stored}
        closed = stored.get(PRIVATE_CLOSED_KEY)
        if closed is not None and float(closed) > float(data.get(PRIVATE_CLOSED_KEY, closed)):
            kept[PRIVATE_CLOSED_KEY] = closed
        data.update(kept)
        if closed is None:
            return bool(kept)
        dropped = False
        if float(closed) > self.read_at:  # closed by another request since this one read
            for key in OPENING_KEYS:
                dropped = data.pop(key, None) is not None or dropped
        return bool(kept) or dropped


class SessionMiddleware(DjangoSessionMiddleware):
    """Django's session middleware, with the browser and address passed to the store."""

    def process_request(self, request: HttpRequest) -> None:
        super().process_request(request)
        store = request.session
        if isinstance(store, SessionStore):
            store.user_agent = request.META.get("HTTP_USER_AGENT", "")
            store.ip_address = request.META.get("REMOTE_ADDR")


def last_seen(data: dict[str, Any]) -> datetime:
    """The session's last activity, as the idle limit reads it (``LAST_SEEN_KEY``): the row's
    ``last_seen_at`` is kept equal to it, so what looks at rows alone (the push sender, which
    must stop with the sign-in: accounts/push.py) ends a sign-in when a request would."""
    stamp = data.get(LAST_SEEN_KEY)
    if stamp is None:
        return timezone.now()
    return datetime.fromtimestamp(float(stamp), tz=UTC)


def waiting_for_second_step(user_pk: int) -> list[str]:
    """The keys of the sessions whose sign-in to this account waits for its second step: her
    password typed (on her phone, or on his), the code not yet. Their rows name no account, so
    only their data tells whose they are; her erasure takes them (the data-rights audit of
    2026-12-05: such a row outlived it by two weeks, with her account's number, a digest made
    from her password, and the browser's name and address). A stranger stores no session, so
    the rows that name nobody are few."""
    found = []
    for row in UserSession.objects.filter(user__isnull=True).iterator():
        try:
            pending = row.get_decoded().get(SECOND_STEP_PENDING_KEY)
        except (ValueError, TypeError):  # a row that cannot be read names nobody
            continue
        if isinstance(pending, dict) and pending.get("user") == user_pk:
            found.append(row.session_key)
    return found


def running_sessions(now: datetime) -> QuerySet[UserSession]:
    """The sign-ins whose rows still run at ``now``: before their absolute end (the row's
    expiry is capped there), and not yet ended by a request (which deletes the row). Idle ones
    count: a notification is for the times she is away (accounts/push.py)."""
    return UserSession.objects.filter(expire_date__gt=now)


def mark_signed_in(request: HttpRequest) -> None:
    """Start the absolute lifetime of a freshly signed-in session, and its idle time: a sign-in
    never used again runs out after ``SESSION_IDLE_SECONDS`` like any other."""
    now = timezone.now().timestamp()
    request.session[SIGNED_IN_KEY] = now
    request.session[LAST_SEEN_KEY] = now


def signed_in_at(request: HttpRequest) -> float:
    """When this session signed in; a session from before the stamp existed uses its row's."""
    stamp = request.session.get(SIGNED_IN_KEY)
    if stamp is None:
        started = (
            UserSession.objects.filter(session_key=request.session.session_key)
            .values_list("created_at", flat=True)
            .first()
        )
        stamp = (started or timezone.now()).timestamp()
        request.session[SIGNED_IN_KEY] = stamp
    return float(stamp)


def session_over(request: HttpRequest, now: float) -> bool:
    """True when the session is past its absolute lifetime or has been idle too long."""
    if now - signed_in_at(request) >= settings.SESSION_ABSOLUTE_SECONDS:
        return True
    last = request.session.get(LAST_SEEN_KEY)
    return last is not None and now - float(last) > settings.SESSION_IDLE_SECONDS


def loaded_user(request: HttpRequest) -> Any:
    """The person (or the anonymous visitor) behind ``request.user``, loaded.

    Django's authentication middleware puts a lazy stand-in there, so that a request that never
    asks for its user never reads it; every attribute of the stand-in is then read through two
    Python-level lookups (``user.pk`` in a list of a hundred rows is a hundred of them). Every
    request here reads its user on the way in (its language, its session's lifetime), so the
    stand-in has no work left to save."""
    user: Any = request.user  # the stubs name neither the stand-in's parts nor its kinds
    stand_in = isinstance(user, LazyObject)
    if stand_in:
        if user._wrapped is empty:
            user._setup()
        return user._wrapped
    return user


class SessionActivityMiddleware:
    """Ends a session past its absolute lifetime or after a period of inactivity, on every
    request; marks activity at most once a minute. From here on ``request.user`` is the loaded
    person herself (:func:`loaded_user`)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.user = loaded_user(request)
        zone = zones.zone_named(request.user.time_zone) if request.user.is_authenticated else None
        if zone is not None:
            timezone.activate(zone)  # her days and dates, not the server's (accounts/zones.py)
        try:
            return self._respond(request)
        finally:
            if zone is not None:
                timezone.deactivate()

    def _respond(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = timezone.now().timestamp()
            last = request.session.get(LAST_SEEN_KEY)
            if session_over(request, now):
                from django.contrib.auth import logout

                logout(request)
            elif last is None or now - float(last) > SEEN_GRANULARITY.total_seconds():
                request.session[LAST_SEEN_KEY] = now
        response = self.get_response(request)
        if _to_login(response):
            # A fragment request whose session has ended loads the sign-in page whole.
            return whole_page(request, response)
        return response


def _to_login(response: HttpResponse) -> bool:
    return response.status_code == 302 and response["Location"].startswith(
        resolve_url(settings.LOGIN_URL)
    )
