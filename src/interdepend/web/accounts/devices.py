"""Device cookies: a browser that has signed in before is not locked out by others' failures.

This follows OWASP's "device cookies" advice. After a successful sign-in the browser gets a
cookie holding a signed list of random nonces (no name, address or id in it), one for each
account that signed in on it (up to ``ACCOUNTS_PER_BROWSER``), each bound to its account by a
:class:`~interdepend.web.accounts.models.TrustedDevice` row. Wrong passwords from a browser
without a valid nonce for the account are throttled by django-axes per (e-mail, address), as
before; a browser that shows a valid nonce for the account is let through those lock-outs (a
partner failing from the same home connection cannot lock the person out), and its own wrong
passwords count against that nonce, whose trust ends after ``DEVICE_FAILURE_LIMIT``.

One nonce per account, not one per browser: with one, his sign-in to his own account on her
phone replaced hers, and her phone was no longer trusted for her account (he could then pause
her sign-in from his own phone), nor plain when signed out (the phone audit of 2026-12-04, M1).
"""

from __future__ import annotations

import ipaddress
from datetime import timedelta
from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from interdepend.web.accounts import selectors, services
from interdepend.web.accounts.models import HomeScreenLook, TrustedDevice, User

SALT = "interdepend.accounts.device-cookie"
_CACHE = "_interdepend_devices"
#: How many accounts one browser is trusted for at once. The accounts that signed in on it
#: first keep their places; past this, each new account takes the place of the latest
#: newcomer, so that whoever borrows her phone cannot push her account out with his own.
ACCOUNTS_PER_BROWSER = 5
_SEP = "."  # never in a nonce (``secrets.token_urlsafe``) nor in the signature's ``:``


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=SALT)


def _nonces(request: HttpRequest) -> list[str]:
    raw = request.COOKIES.get(settings.DEVICE_COOKIE_NAME)
    if not raw:
        return []
    try:
        value = _signer().unsign(raw, max_age=timedelta(days=settings.DEVICE_COOKIE_DAYS))
    except signing.BadSignature:
        return []
    return [nonce for nonce in value.split(_SEP) if nonce][:ACCOUNTS_PER_BROWSER]


def _entries(request: HttpRequest) -> list[tuple[str, TrustedDevice]]:
    """The cookie's nonces that still stand for a row, in the cookie's order (once per
    request)."""
    if _CACHE not in request.__dict__:
        nonces = _nonces(request)
        rows = selectors.devices_behind(nonces=nonces) if nonces else {}
        request.__dict__[_CACHE] = [(nonce, rows[nonce]) for nonce in nonces if nonce in rows]
    entries: list[tuple[str, TrustedDevice]] = request.__dict__[_CACHE]
    return entries


def _entry_for(request: HttpRequest, email: str) -> tuple[str, TrustedDevice] | None:
    """This browser's nonce and row for the account, trusted or not."""
    key = email.strip().lower()
    found = (entry for entry in _entries(request) if entry[1].user.email.lower() == key)
    return next(found, None) if key else None


def device_for(request: HttpRequest, username: str) -> TrustedDevice | None:
    """The trusted device this browser proves for the account, if any."""
    entry = _entry_for(request, username)
    return entry[1] if entry is not None and not entry[1].kept_look else None


def device_look(request: HttpRequest) -> HomeScreenLook:
    """The look a signed-out page takes on this browser: the plain one when any account that
    signed in here chose it (or had it when this browser's trust ended), else the app's own.
    The sign-in page after her session ended read "Log in · Interdepend" in the history of a
    phone whose every other title read "Notes" (the two-minute audit of 2026-12-03, M2); then
    it did again once he had signed in to his own account on her phone (the phone audit of
    2026-12-04, M1), or her password had been reset (L2). Which account chose it is not shown:
    only a browser holding a signed device cookie gets it. Each account's look is the one its
    pages last had in this browser (``TrustedDevice.shown_look``), never its choice of the
    moment: a browser she once signed in on learns nothing of what she chose elsewhere."""
    looks = {row.kept_look or row.shown_look for _, row in _entries(request)}
    plain = HomeScreenLook.NEUTRAL in looks
    return HomeScreenLook.NEUTRAL if plain else HomeScreenLook.INTERDEPEND


def mail_source(request: HttpRequest, email: str, user: User | None = None) -> str:
    """Who asks for a message to ``email`` (``services.asker_key``): its owner when this
    browser proves a device she signed in on, or ``user`` (the signed-in person) is its
    owner; anyone else by network (an IPv6 address by its /64, which one connection holds)."""
    if user is not None and user.email.lower() == email.strip().lower():
        return services.asker_key(own=True, asker=f"account:{user.pk}")
    device = device_for(request, email)
    if device is not None:
        return services.asker_key(own=True, asker=f"device:{device.pk}")
    return services.asker_key(own=False, asker=client_network(request))


def client_network(request: HttpRequest) -> str:
    """The connection a request came from, as the limits count it: an IPv4 address, or the
    /64 an IPv6 address belongs to, written as its first address (a single home or server
    holds a whole /64: counted address by address, it had four wrong passwords for each of
    2^64 addresses, the stranger audit). An IPv4 address written in IPv6 (``::ffff:a.b.c.d``)
    is that IPv4 address. django-axes reads it too (``AXES_CLIENT_IP_CALLABLE``)."""
    address = str(request.META.get("REMOTE_ADDR", "") or "")
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 6 and parsed.ipv4_mapped is not None:
        return str(parsed.ipv4_mapped)
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False).network_address)
    return str(parsed)


def current_device(request: HttpRequest, user: User) -> TrustedDevice | None:
    """The trusted device of this browser for the signed-in person, if it has one."""
    return device_for(request, user.email)


def look_shown_here(request: HttpRequest, user: User) -> None:
    """Her pages in this browser now have her current look (she chose it here, or is signing
    out here): its signed-out pages take it from now on, while it is trusted for her."""
    device = current_device(request, user)
    if device is not None and device.shown_look != user.home_screen_look:
        services.device_look_shown(device=device, look=user.home_screen_look)
        request.__dict__.pop(_CACHE, None)


def _username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    field = settings.AXES_USERNAME_FORM_FIELD
    return str((credentials or {}).get(field) or request.POST.get(field, ""))


def axes_trusts(request: HttpRequest, credentials: dict[str, Any] | None = None) -> bool:
    """django-axes' whitelist hook: attempts from a trusted device skip the shared lock-out."""
    return device_for(request, _username(request, credentials)) is not None


class DeviceAwareAxesHandler(AxesDatabaseHandler):  # type: ignore[misc]
    """A trusted device signing in does not wipe the failures others made from its address:
    otherwise her sign-in would hand the partner a fresh set of guesses.

    Wrong passwords for many different accounts from one address (trying one common password
    on every account, a few guesses each, under the per-account pause) pause every sign-in
    from that address without a device cookie once ``ADDRESS_SPREAD_LIMIT`` different e-mail
    addresses have failed there within the pause. Counting accounts rather than tries means a
    partner guessing her password on the shared home connection never reaches it (one account,
    however many tries), and her own browser, with its cookie, is let through as before."""

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        count: int = super().get_failures(request, credentials)
        if address_spread(getattr(request, "axes_ip_address", None)) >= (
            settings.ADDRESS_SPREAD_LIMIT
        ):
            return max(count, int(settings.AXES_FAILURE_LIMIT))
        return count

    def reset_user_attempts(
        self, request: HttpRequest, credentials: dict[str, Any] | None = None
    ) -> int:
        if axes_trusts(request, credentials):
            return 0
        count: int = super().reset_user_attempts(request, credentials)
        return count


def address_spread(ip: str | None) -> int:
    """How many different e-mail addresses failed to sign in from ``ip`` within the pause."""
    if not ip:
        return 0
    since = timezone.now() - (get_cool_off() or timedelta(0))
    found = AccessAttempt.objects.filter(ip_address=ip, attempt_time__gte=since)
    count: int = found.values("username").distinct().count()
    return count


#: The sign-in said "someone else uses this device" (kept through the second step).
SHARED_KEY = "_shared_device"


def mark_shared(request: HttpRequest, shared: bool) -> None:
    """Note the sign-in's answer to "someone else uses this device" (until it completes)."""
    if shared:
        request.session[SHARED_KEY] = True
    else:
        request.session.pop(SHARED_KEY, None)


def signed_in_here(request: HttpRequest, response: HttpResponse, user: User) -> None:
    """After a successful sign-in: on a device she said someone else uses, the session ends
    when the browser closes and the browser is not trusted for her account (its device cookie
    would let whoever uses it next past the pause on her address); otherwise it is trusted.
    Either way, if her password changed since she last signed in here, she is told now, when
    only someone who knows the new one can read it (the sign-in page would tell whoever holds
    the phone that she changed it)."""
    _tell_of_new_password(request, user)
    if request.session.get(SHARED_KEY):
        request.session.set_expiry(0)
        return
    remember(request, response, user)


def _tell_of_new_password(request: HttpRequest, user: User) -> None:
    entry = _entry_for(request, user.email)
    if entry is None or not entry[1].ended_by_new_password:
        return
    messages.info(
        request,
        _(
            "Your password was changed since you last signed in here, "
            "so this device was signed out."
        ),
    )
    services.device_told(device=entry[1])


def remember(request: HttpRequest, response: HttpResponse, user: User) -> None:
    """After a successful sign-in: trust this browser for the account with a fresh nonce, in
    the place the account had in the cookie, else after the others, else in the latest
    newcomer's place (``ACCOUNTS_PER_BROWSER``). Nonces that stand for nothing any more are
    left out."""
    nonces = [nonce for nonce, _ in _entries(request)]
    mine = _entry_for(request, user.email)
    fresh = services.device_remember(user=user, replacing=mine[1] if mine else None)
    if mine is not None:
        nonces[nonces.index(mine[0])] = fresh
    elif len(nonces) < ACCOUNTS_PER_BROWSER:
        nonces.append(fresh)
    else:
        services.device_drop(device=_entries(request)[-1][1])
        nonces[-1] = fresh
    request.__dict__.pop(_CACHE, None)
    response.set_cookie(
        settings.DEVICE_COOKIE_NAME,
        _signer().sign(_SEP.join(nonces)),
        max_age=settings.DEVICE_COOKIE_DAYS * 24 * 3600,
        httponly=True,
        secure=settings.SESSION_COOKIE_SECURE,
        samesite="Lax",
    )


def note_failure(
    request: HttpRequest, response: HttpResponse, username: str, *, typed: bool = False
) -> None:
    """A wrong password: a trusted device counts it against its nonce for that account. Past
    the limit that nonce vouches no more, but the cookie stays: it still vouches for the other
    accounts that signed in here (his wrong passwords for his own account on her phone must
    not untrust it for hers), and keeps the look. A password ``typed`` (not a box left empty,
    not a wrong code) is also one to tell her of when she next proves it is her
    (``reauth.tell_wrong_passwords``): he tried her sign-in page on her phone, signed out, and
    she never knew (the two-minute phone audit of 2026-12-05)."""
    device = device_for(request, username)
    if device is not None:
        services.device_failed(device=device)
        if typed:
            services.wrong_password_note(user_id=device.user_id)
        request.__dict__.pop(_CACHE, None)
