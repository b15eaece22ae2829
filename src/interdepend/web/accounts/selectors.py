"""Reads for accounts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext

from interdepend.web.accounts.models import (
    PendingEmailChange,
    PendingSignup,
    StoppedSignIn,
    TrustedDevice,
    User,
    UserSession,
)
from interdepend.web.frame.prepared import Prepared

#: Shown on the login page only while the demo is loaded.
DEMO_PASSWORD = "demo-interdepend-2026"


@dataclass(frozen=True)
class SessionRow:
    browser: str
    # No internet address: where her other devices are says where she is (her download keeps
    # it, as her own data).
    created_at: datetime
    last_seen_at: datetime
    is_current: bool


def demo_accounts() -> list[tuple[str, str, str]]:
    """(name, e-mail, password) of each demo account that exists, for the login page."""
    users = User.objects.filter(is_demo=True).order_by("pk")
    return [(u.display_name, u.email, DEMO_PASSWORD) for u in users]


def describe_browser(user_agent: str) -> str:
    for name in ("Firefox", "Edg", "Chrome", "Safari"):
        if name in user_agent:
            return {"Edg": "Edge"}.get(name, name)
    return user_agent[:40] or gettext("Unknown browser")


def stopped_sign_in_last(*, user: User) -> datetime | None:
    """When the last sign-in begun with her password that stopped at the second step began
    (told to her or not), for her sessions page; None when there is none."""
    return _STOPPED_LAST.first(user_id=user.pk)


_STOPPED_LAST = Prepared(
    lambda user_id: (
        StoppedSignIn.objects.filter(user_id=user_id)
        .order_by("-began_at")
        .values_list("began_at", flat=True)[:1]
    )
)


def sessions_of(*, user: User, current_key: str | None) -> list[SessionRow]:
    rows = _SESSIONS(user_id=user.pk, now=timezone.now())
    return [
        SessionRow(
            browser=describe_browser(row.user_agent),
            created_at=row.created_at,
            last_seen_at=row.last_seen_at,
            is_current=row.session_key == current_key,
        )
        for row in rows
    ]


_SESSIONS = Prepared(
    lambda user_id, now: UserSession.objects.filter(user_id=user_id, expire_date__gt=now).order_by(
        "-last_seen_at"
    )
)


def devices_behind(*, nonces: Sequence[str]) -> dict[str, TrustedDevice]:
    """The unexpired rows behind a device cookie's nonces, by nonce, with their accounts (one
    query however many accounts signed in on the browser)."""
    since = timezone.now() - timedelta(days=settings.DEVICE_COOKIE_DAYS)
    by_digest = {TrustedDevice.digest_of(nonce): nonce for nonce in nonces}
    rows = TrustedDevice.objects.filter(digest__in=by_digest, created_at__gte=since)
    return {by_digest[row.digest]: row for row in rows.select_related("user")}


def signup_link_start() -> datetime:
    """Sign-ups waiting since before this have expired."""
    return timezone.now() - timedelta(hours=settings.SIGNUP_LINK_HOURS)


def email_change_pending(*, user: User, nonce: str) -> PendingEmailChange | None:
    """The new address a change link's random value stands for, if it is this person's and
    still fresh."""
    return PendingEmailChange.objects.filter(
        user=user, digest=TrustedDevice.digest_of(nonce), created_at__gte=signup_link_start()
    ).first()


def signup_pending(*, nonce: str) -> PendingSignup | None:
    """The waiting sign-up a confirmation link's random value stands for, while it is fresh."""
    return PendingSignup.objects.filter(
        digest=TrustedDevice.digest_of(nonce), created_at__gte=signup_link_start()
    ).first()
