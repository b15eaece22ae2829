"""The account's part of a person's data rights (see :mod:`interdepend.web.datarights.providers`).

The export holds the account row without the password hash, the person's sessions named by a
short fingerprint (never the session key, which would let whoever holds the file sign in), the
browsers trusted for the account (without their cookie's digest), a new e-mail address waiting
for its link (without the link's digest), the browsers that get notifications (named by their
push service only: the address and the keys would let whoever holds the file reach that
browser), the notification choices and the days a notification went out, the login
records the throttling keeps under their e-mail address and under the earlier ones (found by
the keyed digests the account keeps of them), and when the address changed.
"""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.db.models import Model, Q, QuerySet

from interdepend.web.accounts.models import (
    AuthenticatorApp,
    EarlierAddress,
    Passkey,
    PendingEmailChange,
    PushChoice,
    PushSent,
    PushSubscription,
    RecoveryCode,
    StoppedSignIn,
    TrustedDevice,
    User,
    UserSession,
    address_digest,
)
from interdepend.web.accounts.sessions import waiting_for_second_step
from interdepend.web.frame.exportrows import Table, Tables, json_value, rows, table

#: Columns of the login records: what happened and when, not the request bodies.
LOGIN_COLUMNS_SKIPPED = ("get_data", "post_data", "http_accept", "path_info", "session_hash")
LOGIN_RECORDS: tuple[type[Model], ...] = (AccessAttempt, AccessFailureLog, AccessLog)


def session_fingerprint(session_key: str) -> str:
    return hashlib.sha256(session_key.encode()).hexdigest()[:12]


#: A signed-in session as her download has it: never its key, a fingerprint of it.
SESSION_COLUMNS = (
    "session",
    "user_agent",
    "ip_address",
    "created_at",
    "last_seen_at",
    "expire_date",
)


def _sessions(user: User) -> Table:
    found = UserSession.objects.filter(user=user).order_by("created_at")
    return Table(
        [
            {
                "session": session_fingerprint(s.session_key),
                "user_agent": s.user_agent,
                "ip_address": s.ip_address,
                "created_at": json_value(s.created_at),
                "last_seen_at": json_value(s.last_seen_at),
                "expire_date": json_value(s.expire_date),
            }
            for s in found
        ],
        SESSION_COLUMNS,
    )


def _push_devices(user: User) -> Table:
    found = PushSubscription.objects.filter(user=user).order_by("pk")
    return Table(
        [
            {
                "id": s.public_id,
                "push_service": urlsplit(s.endpoint).hostname or "",
                "created_at": json_value(s.created_at),
            }
            for s in found
        ],
        ("id", "push_service", "created_at"),
    )


def _earlier_addresses(user: User) -> set[str]:
    """The addresses typed into sign-in records that the account had before (known only by
    their keyed digests: :class:`~interdepend.web.accounts.models.EarlierAddress`), but for any
    another account has now: its records are that account's."""
    digests = set(EarlierAddress.objects.filter(user=user).values_list("digest", flat=True))
    if not digests:
        return set()
    typed: set[str] = set()
    for model in LOGIN_RECORDS:
        found = model._default_manager.exclude(username__iexact=user.email)
        typed.update(found.values_list("username", flat=True).distinct())
    mine = {name for name in typed if name and address_digest(name) in digests}
    lowered = {name.lower() for name in mine}
    taken = {
        email.lower()
        for email in User.objects.exclude(pk=user.pk).values_list("email", flat=True)
        if email.lower() in lowered
    }
    return {name for name in mine if name.lower() not in taken}


def _login_records(user: User) -> dict[type[Model], QuerySet[Model]]:
    """Sign-in records under her address, and under the earlier ones she had."""
    where = Q(username__iexact=user.email) | Q(username__in=_earlier_addresses(user))
    return {model: model._default_manager.filter(where) for model in LOGIN_RECORDS}


def export(user: User) -> Tables:
    through_groups = User.groups.through
    through_permissions = User.user_permissions.through
    tables: Tables = {
        table(User): rows(User.objects.filter(pk=user.pk), exclude=("password",)),
        table(UserSession): _sessions(user),
        table(TrustedDevice): rows(TrustedDevice.objects.filter(user=user), exclude=("digest",)),
        table(PendingEmailChange): rows(
            PendingEmailChange.objects.filter(user=user), exclude=("digest",)
        ),
        table(PushSubscription): _push_devices(user),
        table(PushChoice): rows(PushChoice.objects.filter(user=user)),
        table(PushSent): rows(PushSent.objects.filter(user=user)),
        # When sign-ins begun with her password stopped at the second step; the key that ties
        # one to the browser it began in is left out.
        table(StoppedSignIn): rows(StoppedSignIn.objects.filter(user=user), exclude=("key",)),
        # By name: the link rows themselves hold only numbers, which never leave the database.
        table(through_groups): Table(
            (
                {"group": name}
                for name in user.groups.order_by("name").values_list("name", flat=True)
            ),
            ("group",),
        ),
        table(through_permissions): Table(
            (
                {"permission": code}
                for code in user.user_permissions.order_by("codename").values_list(
                    "codename", flat=True
                )
            ),
            ("permission",),
        ),
        # The second step: when each was set up and used, never what signs in with it (the
        # app's key, the codes' digests, a passkey's credential and public key).
        table(AuthenticatorApp): rows(
            AuthenticatorApp.objects.filter(user=user), exclude=("secret", "last_step")
        ),
        table(RecoveryCode): rows(RecoveryCode.objects.filter(user=user), exclude=("digest",)),
        # When her address changed; the earlier address is kept only as a digest, which is of
        # no use to her and stays out.
        table(EarlierAddress): rows(EarlierAddress.objects.filter(user=user), exclude=("digest",)),
        table(Passkey): rows(
            Passkey.objects.filter(user=user),
            exclude=("credential_id", "public_key", "user_handle", "sign_count"),
        ),
    }
    for model, found in _login_records(user).items():
        tables[table(model)] = rows(found, exclude=LOGIN_COLUMNS_SKIPPED)
    return tables


def unshare_all(user: User) -> int:
    """An account shares nothing by itself."""
    return 0


def erase(user: User) -> None:
    """Sessions and group links go with the account row; login records are kept by e-mail
    address, and a sign-in waiting for its second step names the account only in its data, so
    they are removed here."""
    for found in _login_records(user).values():
        found.delete()
    UserSession.objects.filter(user=user).delete()
    UserSession.objects.filter(session_key__in=waiting_for_second_step(user.pk)).delete()
    TrustedDevice.objects.filter(user=user).delete()
    PendingEmailChange.objects.filter(user=user).delete()
