"""People who use Interdepend, and their signed-in sessions."""

from __future__ import annotations

import hashlib
from typing import Any, ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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
    stored. Failures from it are counted here, and after ``DEVICE_FAILURE_LIMIT`` the row is
    deleted, so the cookie stops counting as trusted.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="devices")
    digest = models.CharField(max_length=64, unique=True)
    failures = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

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


class AddressMail(models.Model):
    """One message asked for an address (sign-up or password reset), counted to rate-limit.

    The address is kept only as a keyed hash, and rows older than an hour are pruned.
    """

    kind = models.CharField(max_length=20)
    key = models.CharField(max_length=64)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes: ClassVar[list[models.Index]] = [models.Index(fields=["key", "kind", "at"])]

    def __str__(self) -> str:
        return f"{self.kind} mail at {self.at:%Y-%m-%d %H:%M}"
