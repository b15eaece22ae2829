"""People who use Interdepend, and their signed-in sessions."""

from __future__ import annotations

import hashlib
from typing import Any, ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from interdepend.web.frame.publicid import public_id_field


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class HomeScreenLook(models.TextChoices):
    """The name and icon a phone shows for the app once it is added to the home screen."""

    INTERDEPEND = "interdepend", _("Interdepend, with its two rings")
    NEUTRAL = "neutral", _("Notes, with a plain page")


class QuickExitKeys(models.TextChoices):
    """Which keys set off the quick exit on her pages (its button always does).

    Some screen readers and the settings that make keys easier to press send Shift on its own,
    which can look like the three taps (docs/security.md): she can keep Esc alone, or no key.
    Listed from the most ways out to the fewest; fewer ways out ask for her password
    (``accounts.views.quick_exit_keys_change``)."""

    ESC_AND_SHIFT = "esc-shift", _("Esc, or Shift pressed three times")
    ESC = "esc", _("Esc only")
    NONE = "none", _("No keys: only the Quick exit button")

    @property
    def ways(self) -> int:
        """How many kinds of key press set it off: a smaller number is fewer ways out."""
        return {"esc-shift": 2, "esc": 1, "none": 0}[self.value]


#: Sent with ``user=`` once a new password is saved, however it was set. The data-rights app
#: keeps it for a restore to do again; the accounts app, beneath it, only says so.
password_replaced = Signal()


class User(AbstractBaseUser, PermissionsMixin):
    """A person. Alone they are a complete user; a partnership is optional."""

    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(_("name to show"), max_length=60)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    is_demo = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)
    home_screen_look = models.CharField(
        _("home screen name and icon"),
        max_length=12,
        choices=HomeScreenLook.choices,
        default=HomeScreenLook.INTERDEPEND,
        # Rows written by code that predates the field (older migrations' models) get it too.
        db_default=HomeScreenLook.INTERDEPEND,
    )
    # Which keys set off the quick exit on her pages; nobody else ever sees it.
    quick_exit_keys = models.CharField(
        _("quick exit keys"),
        max_length=12,
        choices=QuickExitKeys.choices,
        default=QuickExitKeys.ESC_AND_SHIFT,
        db_default=QuickExitKeys.ESC_AND_SHIFT,
    )
    # The language the person chose (a code from settings.LANGUAGES), or "" for none yet: the
    # browser's then decides. It follows them to every device they sign in on, and e-mails and
    # notifications to them are written in it. No one else ever sees it.
    language = models.CharField(_("language"), max_length=12, blank=True, default="", db_default="")
    # The language her pages were last shown in when she had chosen none (her browser's): the
    # one e-mails to her are written in until she chooses (a Spanish reader had her reset link
    # in English: the phone walk of 2026-12-02). It decides no page.
    language_seen = models.CharField(
        _("language last seen"), max_length=12, blank=True, default="", db_default=""
    )
    # The person's time zone (an IANA name such as "Europe/Madrid"), or "" for the server's:
    # their days, weeks, dates and quiet hours follow it (accounts/zones.py). No one else sees it.
    time_zone = models.CharField(
        _("time zone"), max_length=64, blank=True, default="", db_default=""
    )
    # When the password last changed (her form, a reset link, whoever runs the site: never a
    # new hash of the same password), shown on her sessions page: a new one set on her phone by
    # someone who knew the old one, keeping her sign-ins, left her nothing to see. None until
    # the first change. No one else sees it.
    password_changed_at = models.DateTimeField(null=True, blank=True)
    # Wrong passwords typed while she was signed in (the lock page, the confirm page, a form
    # that asks for it), or on the sign-in page of a browser trusted for her account, since she
    # last proved it is her: told to her then, once, and set back to 0.
    # Someone holding her phone typed four and put it down, and she unlocked it with nothing
    # said (the two-minute phone audit of 2026-12-05). No one else sees either.
    wrong_passwords = models.PositiveIntegerField(default=0, db_default=0)
    # When the last of them was typed, shown on her sessions page for as long as she keeps it.
    wrong_password_at = models.DateTimeField(null=True, blank=True)
    # Sign-ins begun with her right password that never got past the second step are rows of
    # their own (``StoppedSignIn``), one for each sign-in begun.

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = ["display_name"]

    def __str__(self) -> str:
        return self.display_name or self.email

    def get_short_name(self) -> str:
        return self.display_name

    def get_full_name(self) -> str:
        return self.display_name

    def password_replace(self, raw_password: str) -> None:
        """Set a new password and keep the moment (``password_changed_at``); saved with both."""
        self.set_password(raw_password)
        self.password_changed_at = timezone.now()
        self.save(update_fields=["password", "password_changed_at"])
        self.password_kept()

    def password_kept(self) -> None:
        """Say that the password changed (:data:`password_replaced`), for a restore to do again
        (``datarights.forgotten`` keeps it): a copy from before it holds the old one, which the
        partner may know."""
        password_replaced.send(sender=User, user=self)


class UserSession(AbstractBaseSession):
    """A database session that knows whose it is, so people can see and end their sessions."""

    user = models.ForeignKey(User, null=True, on_delete=models.CASCADE, related_name="sessions")
    user_agent = models.CharField(max_length=200, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes: ClassVar[list[models.Index]] = [models.Index(fields=["user", "expire_date"])]

    def __str__(self) -> str:
        return f"session of user {self.user_id}"

    @classmethod
    def get_session_store_class(cls) -> type:
        from interdepend.web.accounts.sessions import SessionStore

        return SessionStore


class TrustedDevice(models.Model):
    """A browser that has signed in to this account (OWASP's "device cookie").

    The browser keeps a signed random nonce in a cookie; only the nonce's SHA-256 digest is
    stored. Failures from it are counted here. After ``DEVICE_FAILURE_LIMIT`` of them, or once
    the account's password changes, the browser is trusted no more; the row then keeps only the
    look its signed-out pages had (``kept_look``, from ``shown_look``), so that her phone stays
    plain.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="devices")
    digest = models.CharField(max_length=64, unique=True)
    failures = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    #: Blank while the browser is trusted. Once it is not, the look the account had then: the
    #: signed-out pages keep it and never follow a later choice (which would tell a browser
    #: that once held her account, his perhaps, what she chose after her new password).
    kept_look = models.CharField(
        max_length=12, choices=HomeScreenLook.choices, blank=True, default="", db_default=""
    )
    #: The trust ended because the password changed: she is told when she next signs in here.
    ended_by_new_password = models.BooleanField(default=False, db_default=False)
    #: The look her signed-in pages had in this browser: as she signed in here, changed it here
    #: or signed out here. Its signed-out pages take this, never her choice of the moment,
    #: which told a browser that once held her account (his, perhaps) her every later change,
    #: live, even after her safety reset (the security audit of 2026-12-04, M2).
    shown_look = models.CharField(
        max_length=12,
        choices=HomeScreenLook.choices,
        default=HomeScreenLook.INTERDEPEND,
        db_default=HomeScreenLook.INTERDEPEND.value,
    )

    def __str__(self) -> str:
        return f"device of user {self.user_id}"

    @staticmethod
    def digest_of(nonce: str) -> str:
        return hashlib.sha256(nonce.encode()).hexdigest()


class PendingSignup(models.Model):
    """A sign-up waiting for its address to be confirmed by the link mailed to it.

    Only the password's hash is kept, and only the SHA-256 digest of the link's random value;
    the row goes when the link is used, when the account is made another way, or when it
    expires (``SIGNUP_LINK_HOURS``).
    """

    digest = models.CharField(max_length=64, unique=True)
    email = models.EmailField()
    display_name = models.CharField(max_length=60)
    password = models.CharField(max_length=128)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    #: Wrong passwords typed on the link's page; at ``SIGNUP_WRONG_TRIES`` the link is spent.
    wrong_tries = models.PositiveSmallIntegerField(default=0)

    def __str__(self) -> str:
        return f"pending sign-up {self.pk}"


class PendingEmailChange(models.Model):
    """A new e-mail address waiting for the link mailed to it to be opened by its person.

    The link carries a random value, signed; only its SHA-256 digest is kept here, so the new
    address is never in a URL (nor in the browser history of whoever else holds the phone).
    The row goes when the link is used, when another change is asked for, when the password
    changes, and with the account; older than ``SIGNUP_LINK_HOURS`` it no longer counts.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    digest = models.CharField(max_length=64, unique=True)
    email = models.EmailField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"pending e-mail change {self.pk}"


def address_digest(address: str) -> str:
    """A keyed digest of an e-mail address (the site's secret key, so it cannot be guessed
    back from a list of addresses without it)."""
    from django.utils.crypto import salted_hmac

    return salted_hmac(
        "interdepend.accounts.earlier-address", address.strip().lower(), algorithm="sha256"
    ).hexdigest()


class EarlierAddress(models.Model):
    """An address the account had before, kept only as a keyed digest, and only so that the
    sign-in records someone types under it later (django-axes keeps them by the address typed)
    are found for her download and removed with her account (the data-rights audit of
    2026-12-03: a failed sign-in under her old address outlived her erasure). Never the address
    itself; it goes with the account."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="earlier_addresses")
    digest = models.CharField(max_length=64)
    #: When the account moved away from it.
    until = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["user", "digest"], name="earlier_address_once"),
        ]

    def __str__(self) -> str:
        return f"earlier address {self.pk}"


class AddressMail(models.Model):
    """One message asked for an address (sign-up or password reset), counted to rate-limit;
    also one wrong two-step code (kind ``two-step-wrong``, see ``twostep.py``).

    The address (or person) is kept only as a keyed hash, and rows older than an hour are pruned.
    """

    kind = models.CharField(max_length=20)
    key = models.CharField(max_length=64)
    #: Who asked, as a keyed hash with its kind ("own:…" the address's owner, from a browser
    #: she signed in on or her own session; "net:…" anyone else, by network): each asker has a
    #: budget of their own, so nobody can spend hers (``services.address_mail_allow``).
    source = models.CharField(max_length=64, blank=True, default="")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes: ClassVar[list[models.Index]] = [models.Index(fields=["key", "kind", "at"])]

    def __str__(self) -> str:
        return f"{self.kind} mail at {self.at:%Y-%m-%d %H:%M}"


class PushKind(models.TextChoices):
    """What a push notification may be about. The words a person sees never say which."""

    TODAY = "today", _("The question for today, if you have not answered it yet")
    WAITING = "waiting", _("Something waiting for you")
    CHECKIN = "checkin", _("Your weekly check-in, on Sundays if it is still open")


class PushSubscription(models.Model):
    """One browser's Web Push subscription: where the push service takes our messages, and the
    browser's two keys that encrypt them (so the push service reads nothing).

    A browser is one row, for the account that last turned notifications on in it. It lives
    as long as the sign-in that turned it on (``session_key``, followed when the key changes):
    signing out there removes it, and a sign-in that ended or ran out gets nothing. Signing out
    everywhere (and the safety reset) removes all of a person's rows. Rows from before the
    key was kept have none, and live until one of those or a new password that signs the
    other devices out.
    """

    public_id = public_id_field()
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    endpoint = models.CharField(max_length=1000, unique=True)
    p256dh = models.CharField(max_length=100)
    auth = models.CharField(max_length=50)
    created_at = models.DateTimeField(default=timezone.now)
    session_key = models.CharField(max_length=40, blank=True, default="", db_index=True)

    def __str__(self) -> str:
        return f"push subscription of user {self.user_id}"


#: Quiet hours when a person has not chosen: from 21:00 until 8:00, server time.
QUIET_FROM = 21
QUIET_UNTIL = 8


class PushChoice(models.Model):
    """A person's choice of notifications: every kind off until they turn it on."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="+")
    today = models.BooleanField(default=False)
    waiting = models.BooleanField(default=False)
    checkin = models.BooleanField(default=False)
    quiet_from = models.PositiveSmallIntegerField(default=QUIET_FROM)
    quiet_until = models.PositiveSmallIntegerField(default=QUIET_UNTIL)

    def __str__(self) -> str:
        return f"notification choice of user {self.user_id}"

    def kinds(self) -> list[PushKind]:
        return [kind for kind in PushKind if getattr(self, kind.value)]

    def is_quiet(self, hour: int) -> bool:
        """Quiet hours run from ``quiet_from`` up to ``quiet_until``, over midnight if need be;
        the same hour twice means none."""
        start, end = self.quiet_from, self.quiet_until
        if start == end:
            return False
        if start < end:
            return start <= hour < end
        return hour >= start or hour < end


class PushSent(models.Model):
    """One notification of a kind sent to a person on a day. The sender writes the row before
    it sends; a second sender (another machine, the same minute) fails to write it and skips."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=PushKind.choices)
    day = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["user", "kind", "day"], name="one_push_a_day_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.kind} push of user {self.user_id} on {self.day}"


class StoppedSignIn(models.Model):
    """One sign-in begun with her right password, waiting at its second step or stopped there
    (a wrong code, a passkey that did not check out, or left), told to her once when she next
    proves it is her with her second step. Whoever knows her password learned nothing from the
    second step, and until stop 59 she was never told that someone knew it. A sign-in that
    gets through removes its own row, and only its own: the browser it began in holds its
    ``key`` (random, never shown), so two sign-ins at once never take each other's back (the
    review of stop 59: with one count on her row, her own sign-in finishing could take back
    his, begun meanwhile). No one else sees any of it."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    #: Random, held by the session of the browser the sign-in began in; never on a page.
    key = models.CharField(max_length=64, unique=True)
    began_at = models.DateTimeField(default=timezone.now)
    #: Said to her already; the latest told row stays for her sessions page.
    told = models.BooleanField(default=False)

    class Meta:
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["user", "told"], name="stopped_sign_in_user_told")
        ]

    def __str__(self) -> str:
        return f"sign-in stopped at the second step at {self.began_at:%Y-%m-%d %H:%M}"


class AuthenticatorApp(models.Model):
    """A person's authenticator app (TOTP, RFC 6238): the second step of signing in, once
    confirmed with a first code. ``last_step`` is the 30-second step of the last code taken, so
    a code seen over someone's shoulder cannot be used a second time."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="+")
    secret = models.CharField(max_length=64)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_step = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"authenticator app of user {self.user_id}"


class RecoveryCode(models.Model):
    """A one-time code for signing in without the authenticator app. Only its SHA-256 digest
    is kept; the codes are shown once, when they are made."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    digest = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)
    #: When the set was made, shown on her two-step and sessions pages: a set made on her phone
    #: by someone else makes hers stop working, and she should be able to see that it is new
    #: (None for sets made before this was kept).
    made_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["user", "digest"], name="recovery_code_once_per_user")
        ]

    def __str__(self) -> str:
        return f"recovery code of user {self.user_id}"


class Passkey(models.Model):
    """A passkey (WebAuthn credential) a person added as a second step of signing in.

    Only what checking a signature needs is kept: the credential's id, its public key, the
    authenticator's signature counter and the random user handle given to the authenticator
    (never the account's id or e-mail). ``name`` is the person's own label ("My phone").
    """

    public_id = public_id_field()
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=60)
    credential_id = models.CharField(max_length=1400, unique=True)
    public_key = models.BinaryField()
    user_handle = models.CharField(max_length=100)
    sign_count = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"passkey of user {self.user_id}"
