"""Two-step sign-in: an authenticator app (TOTP), passkeys, and one-time recovery codes.

A person may add an authenticator app to their account, or passkeys
(:mod:`interdepend.web.accounts.passkeys`), or both. From then on, signing in asks for one of
them after the password, and "confirm it is you" accepts one instead of the password. One set
of ten recovery codes serves the whole account: made, and shown once, with its first second
step, removed with its last; each works once, in place of a lost phone. Turning the app off
needs a code too, so someone who knows only the password cannot remove it. The partner is
never a way back in: there is no recovery through another account.

Wrong codes are counted per person across all sessions: after ``MAX_WRONG`` within
``LOCK_SECONDS`` the second step refuses every code for that person until the window has passed
(a six-digit code cannot be guessed by trying). Passkey answers that do not check out count the
same way. A browser that has signed in to the account before (its trusted device,
:mod:`interdepend.web.accounts.devices`) is the exception, as for passwords: its wrong codes
count against it alone, with the same limit, and the others' count never stops it, so someone
who knows her password cannot pause her own phone's sign-in by typing wrong codes elsewhere.
Each wrong answer is a row in the database (``AddressMail`` of kind ``WRONG_KIND``, keyed by a
keyed hash of the person), so the count is one count whichever worker or app server takes the
answer, with or without a shared cache.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

import pyotp
import segno
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.crypto import salted_hmac

from interdepend.web.accounts import services
from interdepend.web.accounts.models import (
    AddressMail,
    AuthenticatorApp,
    Passkey,
    RecoveryCode,
    TrustedDevice,
    User,
)
from interdepend.web.frame.prepared import Prepared, PreparedCounts
from interdepend.web.frame.pwa import is_plain, plain_name

ISSUER = "Interdepend"
RECOVERY_CODES = 10
MAX_WRONG = 5
LOCK_SECONDS = 15 * 60
#: The ``AddressMail`` rows that count wrong codes (pruned with the others after an hour).
WRONG_KIND = "two-step-wrong"
#: Crockford's base32: no I, L, O or U, so a code read aloud or copied by hand is not misread.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_READS_AS = str.maketrans({"I": "1", "L": "1", "O": "0"})


def has_app(user: User) -> bool:
    return factors(user).app


def confirmed_app(user: User) -> AuthenticatorApp | None:
    return _APP.first(user_id=user.pk)


def passkey_count(user: User) -> int:
    return factors(user).passkeys


def has_factor(user: User) -> bool:
    """Whether signing in takes a second step: a confirmed app or at least one passkey."""
    return factors(user).any


def recovery_left(user: User) -> int:
    return factors(user).recovery_left


def recovery_made(user: User) -> datetime | None:
    """When her present recovery codes were made (None before that was kept, or with none): a
    set someone else made on her phone leaves hers dead and the count as it was, so the day is
    what can tell her (the two-minute audit of 2026-12-05)."""
    code = _RECOVERY_MADE.first(user_id=user.pk)
    return code.made_at if code is not None else None


#: The person's confirmed app (one at most), and one not yet confirmed.
_APP = Prepared(
    lambda user_id: AuthenticatorApp.objects.filter(
        user_id=user_id, confirmed_at__isnull=False
    ).order_by("pk")[:1]
)
_RECOVERY_MADE = Prepared(
    lambda user_id: RecoveryCode.objects.filter(user_id=user_id).order_by("pk")[:1]
)
_PENDING_APP = Prepared(
    lambda user_id: AuthenticatorApp.objects.filter(
        user_id=user_id, confirmed_at__isnull=True
    ).order_by("pk")[:1]
)


@dataclass(frozen=True)
class Factors:
    """What protects an account, in kinds and counts only (never names)."""

    app: bool
    passkeys: int
    recovery_left: int

    @property
    def any(self) -> bool:
        """Whether signing in takes a second step (as :func:`has_factor`)."""
        return self.app or self.passkeys > 0


def factors(user: User) -> Factors:
    """The app, the passkeys and the unused recovery codes, read in one statement."""
    found = _FACTORS(user_id=user.pk)
    return Factors(found["app"] > 0, found["passkeys"], found["recovery"])


_FACTORS = PreparedCounts(
    lambda user_id: {
        "app": AuthenticatorApp.objects.filter(user_id=user_id, confirmed_at__isnull=False),
        "passkeys": Passkey.objects.filter(user_id=user_id),
        "recovery": RecoveryCode.objects.filter(user_id=user_id, used_at__isnull=True),
    }
)


# --- setting up ------------------------------------------------------------------------------


def app_begin(user: User) -> AuthenticatorApp:
    """A fresh key for an app not yet confirmed (any earlier unconfirmed key is replaced)."""
    AuthenticatorApp.objects.filter(user=user, confirmed_at__isnull=True).delete()
    app, _ = AuthenticatorApp.objects.get_or_create(
        user=user, defaults={"secret": pyotp.random_base32()}
    )
    return app


#: How long a key made for an app stays good for its first code. A set-up left half done
#: must not wait on her phone for someone else to finish it with his own app.
PENDING_APP_SECONDS = 10 * 60


def pending_app(user: User) -> AuthenticatorApp | None:
    """The app being set up, while its key is still young enough to confirm."""
    app = _PENDING_APP.first(user_id=user.pk)
    return app if app is not None and _young(app) else None


def apps_of(user: User) -> tuple[AuthenticatorApp | None, AuthenticatorApp | None]:
    """Her confirmed app, or else the one being set up (:func:`confirmed_app` and
    :func:`pending_app`), read with one statement: a person has one app row at most (its
    ``user`` is one-to-one), confirmed or not. The two-step page shows both states."""
    app = _ONE_APP.first(user_id=user.pk)
    if app is None:
        return None, None
    if app.confirmed_at is not None:
        return app, None
    return None, app if _young(app) else None


_ONE_APP = Prepared(
    lambda user_id: AuthenticatorApp.objects.filter(user_id=user_id).order_by("pk")[:1]
)


def _young(app: AuthenticatorApp) -> bool:
    return timezone.now() - app.created_at <= timedelta(seconds=PENDING_APP_SECONDS)


def app_pending_drop(user: User) -> None:
    """Drop an app set up but never confirmed (the safety reset does this)."""
    AuthenticatorApp.objects.filter(user=user, confirmed_at__isnull=True).delete()


def issuer(user: User) -> str:
    """The name her authenticator app shows beside the codes, there for good: under the plain
    look its plain name ("Notes", in the page's language), never the app's (the new-couple walk
    of 2026-12-04)."""
    return plain_name() if is_plain(user) else ISSUER


def provisioning_uri(app: AuthenticatorApp) -> str:
    """The ``otpauth://`` address an app reads; it names the service (:func:`issuer`), never
    the person."""
    return pyotp.TOTP(app.secret).provisioning_uri(name="account", issuer_name=issuer(app.user))


def qr_svg(app: AuthenticatorApp) -> str:
    """The key as a QR code, drawn as SVG (no image library, nothing sent anywhere); an image
    named by the caption beside it (``qr-caption``), not an unnamed drawing."""
    code = segno.make(provisioning_uri(app), error="m")
    drawn = str(code.svg_inline(scale=4, dark="#1d2b36", light="#ffffff"))
    return drawn.replace("<svg ", '<svg role="img" aria-labelledby="qr-caption" ', 1)


def grouped_key(app: AuthenticatorApp) -> str:
    """The key in groups of four, for typing into an app by hand."""
    return " ".join(app.secret[i : i + 4] for i in range(0, len(app.secret), 4))


@transaction.atomic
def app_confirm(user: User, code: str) -> list[str] | None:
    """Confirm the pending app with a first code; return the new recovery codes (shown once;
    none when a passkey came first and made them), or None when the code is not right."""
    app = AuthenticatorApp.objects.select_for_update().filter(user=user).first()
    if app is None or app.confirmed_at is not None or not _young(app):
        return None
    step = _matching_step(app, code)
    if step is None:
        return None
    first = not has_factor(user)
    app.confirmed_at = timezone.now()
    app.last_step = step
    app.save(update_fields=["confirmed_at", "last_step"])
    return new_recovery_codes(user) if first else []


@transaction.atomic
def recovery_renew(user: User) -> list[str]:
    """Replace every recovery code (used or not) with ten new ones, shown once."""
    return new_recovery_codes(user)


@transaction.atomic
def app_remove(user: User) -> None:
    """Remove the app; the recovery codes go with the account's last second step."""
    AuthenticatorApp.objects.filter(user=user).delete()
    recovery_drop_if_unused(user)


def recovery_drop_if_unused(user: User) -> None:
    """Without any second step left, recovery codes have nothing to stand in for."""
    if not has_factor(user):
        RecoveryCode.objects.filter(user=user).delete()


def new_recovery_codes(user: User) -> list[str]:
    """Ten fresh recovery codes in place of any earlier ones (call inside a transaction)."""
    RecoveryCode.objects.filter(user=user).delete()
    codes = ["".join(secrets.choice(ALPHABET) for _ in range(10)) for _ in range(RECOVERY_CODES)]
    made = timezone.now()
    RecoveryCode.objects.bulk_create(
        RecoveryCode(user=user, digest=_digest(user, code), made_at=made) for code in codes
    )
    return [f"{code[:5]}-{code[5:]}" for code in codes]


@dataclass(frozen=True)
class Removed:
    """What :func:`remove_all_for_owner` took away, in kinds and counts."""

    app: bool
    passkeys: int
    recovery_codes: int
    sessions: int


@transaction.atomic
def remove_all_for_owner(user: User) -> Removed:
    """Take every second step off an account, for whoever runs the service, once they know the
    person asking is its owner (``interdepend two-step off``).

    The way back in when the owner has neither the phone nor a recovery code, or when someone
    who knew the password turned the step on with their own phone. The app, every passkey and
    every recovery code go; so does the password (replaced by a random one nobody is told), and
    every session and trusted browser ends: whoever signed in with that step is out, and knowing
    the old password no longer signs anyone in to turn a step on again. The owner chooses a new
    password with "Forgot your password?" and can then add her own second step.
    """
    found = factors(user)
    AuthenticatorApp.objects.filter(user=user).delete()
    Passkey.objects.filter(user=user).delete()
    codes, _ = RecoveryCode.objects.filter(user=user).delete()
    clear_wrong(user)  # the trusted browsers' counts go with them, just below
    user.password_replace(secrets.token_urlsafe(32))
    services.email_change_cancel(user=user)
    ended = services.sessions_end(user=user)
    return Removed(found.app, found.passkeys, codes, ended)


# --- checking a code -------------------------------------------------------------------------


def locked(user: User, device: TrustedDevice | None = None) -> bool:
    """Whether codes are paused for this person, or, from a trusted ``device`` of theirs, for
    that browser alone."""
    return _wrong_codes(user, device).filter(at__gte=_window_start()).count() >= MAX_WRONG


def note_wrong(user: User, device: TrustedDevice | None = None) -> None:
    """A failed second step: a wrong code, or a passkey that did not check out (from a
    trusted ``device``, counted against that browser alone)."""
    AddressMail.objects.create(kind=WRONG_KIND, key=_wrong_key(user, device))


def clear_wrong(user: User, device: TrustedDevice | None = None) -> None:
    """After a right answer: the count it was made under starts again. A trusted browser's
    right answer leaves the others' count alone, or her sign-in would hand a guesser a fresh
    set of tries."""
    _wrong_codes(user, device).delete()


def verify(user: User, code: str, device: TrustedDevice | None = None) -> bool:
    """Whether ``code`` is a current app code or an unused recovery code of this person; a
    right code is used up (an app code cannot be taken twice, a recovery code never again).
    Wrong codes count towards the lock (the browser's own, from a trusted ``device``); while
    locked every code is refused."""
    if locked(user, device):
        return False
    ok = _take_app_code(user, code) or _take_recovery_code(user, code)
    if ok:
        clear_wrong(user, device)
    else:
        note_wrong(user, device)
    return ok


def _wrong_key(user: User, device: TrustedDevice | None) -> str:
    """Names the person's wrong codes (or one trusted browser's) without ids in the clear."""
    named = str(user.pk) if device is None else f"{user.pk}:device:{device.pk}"
    return salted_hmac("interdepend.accounts.two-step-wrong", named, algorithm="sha256").hexdigest()


def _wrong_codes(user: User, device: TrustedDevice | None) -> QuerySet[AddressMail]:
    return AddressMail.objects.filter(kind=WRONG_KIND, key=_wrong_key(user, device))


def _window_start() -> datetime:
    return timezone.now() - timedelta(seconds=LOCK_SECONDS)


def _digits(code: str) -> str:
    return "".join(ch for ch in code if ch in "0123456789")  # ASCII only: compare_digest


def _matching_step(app: AuthenticatorApp, code: str) -> int | None:
    """The 30-second step whose code this is (now, or one step either side for a slow hand),
    if it is later than the last one taken."""
    digits = _digits(code)
    if len(digits) != 6 or len(code.strip().replace(" ", "")) != 6:
        return None
    totp = pyotp.TOTP(app.secret)
    now = int(time.time()) // totp.interval
    for step in (now, now - 1, now + 1):
        if step > app.last_step and secrets.compare_digest(totp.generate_otp(step), digits):
            return step
    return None


def just_taken(user: User, code: str) -> bool:
    """Whether ``code``, refused, is a current app code already taken: she signed in with it a
    moment ago, here or on another device, or pressed twice. Right but spent, so she is told to
    wait for the next one rather than that it is wrong. It tells a guesser nothing to use: the
    code opens nothing now, and the answer counted as a wrong one all the same."""
    app = confirmed_app(user)
    digits = _digits(code)
    if app is None or len(digits) != 6 or len(code.strip().replace(" ", "")) != 6:
        return False
    totp = pyotp.TOTP(app.secret)
    now = int(time.time()) // totp.interval
    return any(
        step <= app.last_step and secrets.compare_digest(totp.generate_otp(step), digits)
        for step in (now, now - 1, now + 1)
    )


@transaction.atomic
def _take_app_code(user: User, code: str) -> bool:
    app = (
        AuthenticatorApp.objects.select_for_update()
        .filter(user=user, confirmed_at__isnull=False)
        .first()
    )
    if app is None:
        return False
    step = _matching_step(app, code)
    if step is None:
        return False
    app.last_step = step
    app.save(update_fields=["last_step"])
    return True


def _normal(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch in ALPHABET or ch in "ILO").translate(_READS_AS)


def _digest(user: User, code: str) -> str:
    return hashlib.sha256(f"{user.pk}:{_normal(code)}".encode()).hexdigest()


@transaction.atomic
def _take_recovery_code(user: User, code: str) -> bool:
    if len(_normal(code)) != 10:
        return False
    found = (
        RecoveryCode.objects.select_for_update()
        .filter(user=user, digest=_digest(user, code), used_at__isnull=True)
        .first()
    )
    if found is None:
        return False
    found.used_at = timezone.now()
    found.save(update_fields=["used_at"])
    return True
