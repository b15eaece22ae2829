"""Writes for accounts. Every function is atomic and takes keyword arguments."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.dispatch import Signal
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac

from interdepend.web.accounts import selectors
from interdepend.web.accounts.addresses import is_plain, mailbox
from interdepend.web.accounts.models import (
    AddressMail,
    EarlierAddress,
    PendingEmailChange,
    PendingSignup,
    PushSubscription,
    StoppedSignIn,
    TrustedDevice,
    User,
    UserSession,
    address_digest,
)

MAIL_WINDOW = timedelta(hours=1)

HASH_SESSION_KEY = "_auth_user_hash"

#: Sent with ``user`` inside the transaction of every new password that shuts out whoever knew
#: the old one (her form with the other devices signed out, a reset link, a new address or
#: two-step turned off by whoever runs the site). A feature above this app that keeps something
#: made in her name and usable without her password ends it in its answer: an invitation code
#: he made from her account while he knew the password linked an account of his to her after
#: she had changed it and signed him out (the ex and practitioner audit of 2026-12-05).
old_password_shut_out = Signal()


@transaction.atomic
def user_create(*, email: str, password: str, display_name: str, is_demo: bool = False) -> User:
    return User.objects.create_user(
        email=email, password=password, display_name=display_name, is_demo=is_demo
    )


def address_key(email: str) -> str:
    """A keyed hash of an address's mailbox: enough to count messages to it, not to read it."""
    value = mailbox(email)
    return salted_hmac("interdepend.accounts.address", value, algorithm="sha256").hexdigest()


#: The messages anyone can make the site send to an address (without an account, or with one
#: of his own): they share one budget per address.
MAIL_KINDS = frozenset({"password-reset", "signup", "email_change", "email_change_note"})
#: How long counted rows are kept: the daily budget looks back this far.
MAIL_DAY = timedelta(days=1)


def asker_key(*, own: bool, asker: str) -> str:
    """Who asks for a message to an address, kept as a keyed hash: ``own`` when it is the
    address's owner (a browser she signed in on, or her own session), ``asker`` naming that
    browser or session, else the network the request came from."""
    kind = "own" if own else "net"
    digest = salted_hmac("interdepend.accounts.mail-source", f"{kind}|{asker}", algorithm="sha256")
    return f"{kind}:{digest.hexdigest()[:56]}"


@transaction.atomic
def address_mail_allow(*, kind: str, email: str, source: str) -> bool:
    """Count one message for the address; False (send nothing) once ``ADDRESS_MAIL_LIMIT``
    messages of any of :data:`MAIL_KINDS` asked by this ``source`` (:func:`asker_key`) have
    gone to its mailbox within the hour, or ``ADDRESS_MAIL_DAILY_LIMIT`` within the day; and
    once this source has asked ``ADDRESS_MAIL_ASKER_LIMIT`` messages within the hour, to any
    addresses (a mail provider's quota is the site's, and one connection sent sixty resets to
    sixty addresses in two seconds: the stranger audit).

    One budget for every kind: with one each, a partner could have her sent a reset, a sign-up
    note and a change-of-address note, three of each, every hour (an audit counted 216 a day).
    A budget for each asker: with one for the address, his three asks an hour spent hers, and
    her own reset sent nothing (the ex audit). There is no cap on all askers together: any such
    cap is one that enough networks can spend, and then her reset from a new browser, or her
    sign-up, sent nothing (the stranger audit). Counted one ask at a time (parallel asks got
    past the limit on PostgreSQL)."""
    assert kind in MAIL_KINDS, kind
    now = timezone.now()
    key = address_key(email)
    _one_at_a_time(key)
    AddressMail.objects.filter(at__lt=now - MAIL_DAY).delete()
    this_hour = now - MAIL_WINDOW
    if (
        AddressMail.objects.filter(source=source, kind__in=MAIL_KINDS, at__gte=this_hour).count()
        >= settings.ADDRESS_MAIL_ASKER_LIMIT
    ):
        return False
    asked = AddressMail.objects.filter(key=key, kind__in=MAIL_KINDS, source=source)
    if asked.filter(at__gte=this_hour).count() >= settings.ADDRESS_MAIL_LIMIT:
        return False
    if asked.count() >= settings.ADDRESS_MAIL_DAILY_LIMIT:
        return False
    AddressMail.objects.create(key=key, kind=kind, source=source)
    return True


def _one_at_a_time(key: str) -> None:
    """Inside the budget's transaction: asks for one mailbox are counted one after another.
    SQLite's writes already are; PostgreSQL takes a lock for this mailbox until the commit."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"mail:{key}"])


def address_owner(email: str, *, besides: User | None = None) -> User | None:
    """The account that answers to an address: the one that has it now, or one that moved away
    from it and still exists (:class:`EarlierAddress`). An address she left stays hers while
    her account lasts: had it become free, whoever reads her old mailbox would learn by signing
    up there that she had moved, and could take the address people still know her by (the ex
    audit of 2026-12-03). Both reads are made every time, so the time taken tells nothing.
    ``besides``: an account whose own addresses, now and earlier, do not count."""
    address = email.strip().lower()
    now = User.objects.filter(email__iexact=address)
    earlier = User.objects.filter(earlier_addresses__digest=address_digest(address))
    if besides is not None:
        now, earlier = now.exclude(pk=besides.pk), earlier.exclude(pk=besides.pk)
    fields = ("pk", "language", "language_seen")
    found_now, found_earlier = now.only(*fields).first(), earlier.only(*fields).first()
    return found_now or found_earlier


@transaction.atomic
def signup_request(*, email: str, password: str, display_name: str, send: bool) -> str | None:
    """Hold a sign-up until its address is confirmed; returns the link's random value.

    None when an account answers to the address (:func:`address_owner`), or when no message may
    be sent. The password is hashed either way, so both paths take about as long.
    """
    hashed = make_password(password)
    held = address_owner(email) is not None
    if not send or held:
        return None
    PendingSignup.objects.filter(created_at__lt=selectors.signup_link_start()).delete()
    nonce = secrets.token_urlsafe(32)
    PendingSignup.objects.create(
        digest=TrustedDevice.digest_of(nonce),
        email=email.strip().lower(),
        display_name=display_name,
        password=hashed,
    )
    return nonce


#: Wrong passwords a sign-up link takes before it is spent. Its owner types the password she
#: chose a minute before; someone else reading her inbox must not guess at it for a day (the
#: re-audit of 2026-12-03 made 100 tries in two seconds).
SIGNUP_WRONG_TRIES = 5


@transaction.atomic
def signup_wrong_try(pending: PendingSignup) -> bool:
    """Count a wrong password on a sign-up link; True when that spent the link (it is gone)."""
    this = PendingSignup.objects.filter(pk=pending.pk)
    if not this.update(wrong_tries=F("wrong_tries") + 1):
        return True  # spent a moment ago
    spent, _by_kind = this.filter(wrong_tries__gte=SIGNUP_WRONG_TRIES).delete()
    return bool(spent)


@transaction.atomic
def signup_confirm(*, nonce: str) -> User | None:
    """Make the account a confirmation link stands for; None if the link is spent or stale.

    Every waiting sign-up for the address goes, so each link works once at most.
    """
    pending = selectors.signup_pending(nonce=nonce)
    if pending is None:
        return None
    PendingSignup.objects.filter(email__iexact=pending.email).delete()
    if address_owner(pending.email) is not None:
        return None
    user = User(email=pending.email, display_name=pending.display_name, password=pending.password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        return None
    return user


@transaction.atomic
def user_rename(*, user: User, display_name: str) -> None:
    user.display_name = display_name
    user.save(update_fields=["display_name"])


@transaction.atomic
def user_home_screen_set(*, user: User, look: str) -> None:
    """The name and icon the manifest linked from the person's pages gives a phone."""
    user.home_screen_look = look
    user.save(update_fields=["home_screen_look"])


@transaction.atomic
def user_quick_exit_keys_set(*, user: User, keys: str) -> None:
    """Which keys set off the quick exit on the person's pages (the button always does)."""
    user.quick_exit_keys = keys
    user.save(update_fields=["quick_exit_keys"])


@transaction.atomic
def wrong_password_note(*, user_id: int) -> None:
    """A wrong password was typed while she was signed in: one more to tell her, and when."""
    User.objects.filter(pk=user_id).update(
        wrong_passwords=F("wrong_passwords") + 1, wrong_password_at=timezone.now()
    )


@transaction.atomic
def stopped_sign_in_begun(*, user_id: int, same: str = "") -> str:
    """Her right password began a sign-in that now waits for its second step: a row of its
    own, counted as stopped there until that step is through (:func:`stopped_sign_in_through`).
    ``same`` is the key of a sign-in begun earlier in the same browser: while its row is still
    there and not yet told to her, this is that sign-in again, and no new row is made. Returns
    the key the browser keeps."""
    if same and StoppedSignIn.objects.filter(user_id=user_id, key=same, told=False).exists():
        return same
    key = secrets.token_urlsafe(32)
    StoppedSignIn.objects.create(user_id=user_id, key=key, began_at=timezone.now())
    return key


@transaction.atomic
def stopped_sign_in_through(*, user_id: int, key: str) -> datetime | None:
    """The second step of the sign-in whose row has ``key`` is through: that one did not stop,
    and its row goes. Every other row stays, whoever's it is. Returns when it began (None when
    its row is gone already: told to her and let go)."""
    found = StoppedSignIn.objects.filter(user_id=user_id, key=key)
    began = found.values_list("began_at", flat=True).first()
    found.delete()
    return began


#: How many of her stopped sign-ins one statement marks told.
_TOLD_AT_ONCE = 500
#: How long a sign-in's first step stays good while its second is typed
#: (``twostep_views.PENDING_SECONDS``): a sign-in begun this recently may still get through.
SECOND_STEP_SECONDS = 5 * 60


@transaction.atomic
def stopped_sign_ins_take(*, user_id: int) -> tuple[int, datetime] | None:
    """How many sign-ins stopped at the second step wait to be told to her, and when the last
    began (None when none): marked as told, so each is said once. Of the told ones only the
    latest stays for her sessions page, with those begun in the last five minutes, which may
    still get through (:func:`_told_kept`)."""
    waiting = list(
        StoppedSignIn.objects.select_for_update()
        .filter(user_id=user_id, told=False)
        .values_list("pk", "began_at")
    )
    # A few hundred at a time: each needs only her password, so his script can leave more
    # than a database takes in one statement (999 values in older SQLite, 65,535 in
    # PostgreSQL), and one statement naming them all ended her sign-in in a server error.
    pks = [pk for pk, _ in waiting]
    for start in range(0, len(pks), _TOLD_AT_ONCE):
        StoppedSignIn.objects.filter(pk__in=pks[start : start + _TOLD_AT_ONCE]).update(told=True)
    _told_kept(user_id=user_id, now=timezone.now())
    if not waiting:
        return None
    return len(waiting), max(began for _, began in waiting)


def _told_kept(*, user_id: int, now: datetime) -> None:
    """Told rows go but the latest begun more than five minutes ago and those begun since.
    One of those may be a sign-in of hers still at its second step in another browser, told
    to her with the rest; when it gets through its row goes, and the sessions page must fall
    back on the one before it (the review of stop 60: the told ones before it had gone, so her
    laptop's sign-in, told as she signed in on her phone and then finished, left her sessions
    page saying nothing had ever stopped, though his had and she had been told so)."""
    settled = StoppedSignIn.objects.filter(
        user_id=user_id, told=True, began_at__lt=now - timedelta(seconds=SECOND_STEP_SECONDS)
    )
    latest = settled.order_by("-began_at").values_list("began_at", flat=True).first()
    if latest is not None:
        settled.filter(began_at__lt=latest).delete()


def wrong_passwords_take(*, user_id: int) -> tuple[int, datetime] | None:
    """How many wrong passwords wait to be told to her, and when the last was typed (None when
    none): counted as told, so each is said once. The moment stays for her sessions page."""
    return _count_take(user_id, "wrong_passwords", "wrong_password_at")


@transaction.atomic
def _count_take(user_id: int, count: str, moment: str) -> tuple[int, datetime] | None:
    """The count in the field ``count`` and the moment in ``moment`` of her row, when the count
    is above 0, set back to 0 under a lock (so two requests never tell the same ones)."""
    found = (
        User.objects.select_for_update()
        .filter(pk=user_id, **{f"{count}__gt": 0})
        .values_list(count, moment)
        .first()
    )
    if found is None or found[1] is None:
        return None
    User.objects.filter(pk=user_id).update(**{count: 0})
    return found[0], found[1]


def user_time_zone_set(*, user: User, zone: str) -> None:
    """The zone the person's days, weeks, dates and quiet hours follow (accounts/zones.py)."""
    user.time_zone = zone
    user.save(update_fields=["time_zone"])


@transaction.atomic
def user_language_seen(*, user: User, language: str) -> None:
    """The language her pages were shown in, while she has chosen none (for her e-mails)."""
    user.language_seen = language
    user.save(update_fields=["language_seen"])


def user_language_set(*, user: User, language: str) -> None:
    """The language the person's pages, e-mails and notifications are written in, everywhere."""
    user.language = language
    user.save(update_fields=["language"])


@transaction.atomic
def email_change_cancel(*, user: User) -> int:
    """Drop any new address waiting for its link (the safety reset does, and a new password);
    returns how many."""
    deleted, _ = PendingEmailChange.objects.filter(user=user).delete()
    return deleted


@transaction.atomic
def email_change_request(*, user: User, new_email: str) -> str:
    """Hold a new address until its link is opened; returns the link's random value. Any
    earlier request of the person's goes: only the newest link works."""
    email_change_cancel(user=user)
    nonce = secrets.token_urlsafe(32)
    PendingEmailChange.objects.create(
        user=user, digest=TrustedDevice.digest_of(nonce), email=new_email
    )
    return nonce


@transaction.atomic
def email_change_confirm(*, user: User, nonce: str) -> bool:
    """Move the account to the address waiting under this link; False (nothing changes) when
    the link is spent, stale, another person's, or the address was taken meanwhile."""
    pending = selectors.email_change_pending(user=user, nonce=nonce)
    if pending is None:
        return False
    email_change_cancel(user=user)
    if address_owner(pending.email, besides=user) is not None:
        return False
    old = user.email
    user.email = pending.email
    try:
        with transaction.atomic():
            user.save(update_fields=["email"])
            login_records_follow(user=user, old=old, new=user.email)
    except IntegrityError:
        user.email = old
        return False
    return True


def login_records_follow(*, user: User, old: str, new: str) -> None:
    """The sign-in records django-axes keeps by the address typed move with the account to its
    new address, so that the person's export holds them all and erasing the account erases them
    all (they were found by the current address only, and those under an earlier one stayed).
    The count of wrong passwords under the old address goes: no account answers to it now.
    Someone may still type the old address later (a partner who knows only that one): the
    account keeps a keyed digest of it (:class:`EarlierAddress`), by which such records are
    found for her download and her erasure."""
    if old.lower() == new.lower():
        return
    EarlierAddress.objects.get_or_create(user=user, digest=address_digest(old))
    # Back to an address she had before: it is her present one again, not an earlier one.
    EarlierAddress.objects.filter(user=user, digest=address_digest(new)).delete()
    for model in (AccessLog, AccessFailureLog):
        model.objects.filter(username__iexact=old).update(username=new)
    AccessAttempt.objects.filter(username__iexact=old).delete()


def address_well_formed(address: str) -> bool:
    """Whether the text is an e-mail address by the rule every form of the app uses (plainly
    written: :mod:`interdepend.web.accounts.addresses`), and short enough for an account to
    keep."""
    if len(address) > User._meta.get_field("email").max_length:  # type: ignore[operator]
        return False
    if not is_plain(address):
        return False
    try:
        validate_email(address)
    except ValidationError:
        return False
    return True


@transaction.atomic
def email_move_by_operator(*, user: User, new_email: str) -> int | None:
    """Give an account a new e-mail address, for whoever runs the service (``interdepend
    email-change``), once they know the person asking is its owner and the new address hers.

    For the owner who no longer controls the old address (a partner reads it, or it is gone):
    the in-app change sends its link to the new address but tells the old one, and a password
    reset goes to the old one. Nothing is sent to either address. The password is replaced by a
    random one nobody is told and every session and trusted browser ends, so whoever knew the
    old password and read the old mailbox is out; she chooses a new password with "Forgot your
    password?" at the new address. Returns how many sessions ended, or None (nothing changed)
    when another account has the address.
    """
    address = new_email.strip().lower()
    if address_owner(address, besides=user) is not None:
        return None
    email_change_cancel(user=user)
    PendingSignup.objects.filter(email__iexact=address).delete()
    old = user.email
    user.email = address
    user.set_password(secrets.token_urlsafe(32))
    user.password_changed_at = timezone.now()
    try:
        with transaction.atomic():
            user.save(update_fields=["email", "password", "password_changed_at"])
            user.password_kept()
            login_records_follow(user=user, old=old, new=address)
    except IntegrityError:
        return None
    return sessions_end(user=user)


@transaction.atomic
def user_change_password(
    *,
    user: User,
    new_password: str,
    keep_session_key: str | None,
    end_other_sessions: bool,
    keep_device: TrustedDevice | None = None,
) -> None:
    """Set a new password. Other sessions (and other trusted browsers) end, unless asked to
    keep them."""
    user.password_replace(new_password)
    email_change_cancel(user=user)
    others = UserSession.objects.filter(user=user).exclude(session_key=keep_session_key)
    if end_other_sessions:
        others.delete()
        _devices_forget(user=user, keep=keep_device)
        # A browser subscribed before each subscription was tied to its sign-in (no key) was
        # still sent to (the ex and practitioner audit of 2026-12-05); hers here stays.
        pushes = PushSubscription.objects.filter(user=user)
        if keep_session_key:
            pushes = pushes.exclude(session_key=keep_session_key)
        pushes.delete()
        return
    new_hash = user.get_session_auth_hash()
    for row in others:
        store = UserSession.get_session_store_class()(row.session_key)
        data = store.load()
        if data.get(SESSION_KEY) == str(user.pk):
            store[HASH_SESSION_KEY] = new_hash
            store.save()


@transaction.atomic
def sessions_end(
    *,
    user: User,
    keep_session_key: str | None = None,
    keep_device: TrustedDevice | None = None,
    forget_devices: bool = True,
) -> int:
    """Sign the user out of every session but the one to keep. Returns how many ended.

    With ``forget_devices`` (a new password, from her form or a reset link; a new address; two-step
    turned off), every browser trusted for the account but the one to keep is forgotten too: one
    that proved the old password must not keep its way past the pause on her address. Signing
    out from the sessions pages and the safety reset, which ask for no password typed for them,
    leave that trust alone: whoever held her signed-in phone could otherwise untrust her other
    browsers, then pause her address from the shared home connection and keep her out (the
    partner audit and its re-audit). Every browser's notifications end either way.
    """
    deleted, _ = (
        UserSession.objects.filter(user=user).exclude(session_key=keep_session_key).delete()
    )
    if forget_devices:
        _devices_forget(user=user, keep=keep_device)
        # A new address he asked for while he knew the old password waits no more (her form
        # dropped it, the reset link did not: the ex and practitioner audit of 2026-12-05).
        email_change_cancel(user=user)
    # No browser keeps getting notifications: which one is this cannot be told apart from the
    # one a partner once turned them on in, so every one goes; she can turn hers on again.
    PushSubscription.objects.filter(user=user).delete()
    return deleted


def _devices_forget(*, user: User, keep: TrustedDevice | None) -> None:
    """Every way here sets a new password (hers, or a random one nobody is told). The browsers
    stop being trusted but keep the look they had, so her phone's sign-in page stays plain
    (the phone audit, L2), and she is told why when she next signs in there. What was made in
    her name to work without the password ends too (:data:`old_password_shut_out`)."""
    old_password_shut_out.send(sender=User, user=user)
    devices = TrustedDevice.objects.filter(user=user, kept_look="")
    if keep is not None:
        devices = devices.exclude(pk=keep.pk)
    devices.update(kept_look=F("shown_look"), ended_by_new_password=True)


@transaction.atomic
def device_remember(*, user: User, replacing: TrustedDevice | None = None) -> str:
    """Trust a browser for the account; returns the nonce its cookie carries.

    A browser that signs in again gets a fresh nonce (its old row goes, trusted or not); rows
    past the cookie's lifetime go too.
    """
    if replacing is not None:
        TrustedDevice.objects.filter(pk=replacing.pk, user=user).delete()
    stale = timezone.now() - timedelta(days=settings.DEVICE_COOKIE_DAYS)
    TrustedDevice.objects.filter(user=user, created_at__lt=stale).delete()
    nonce = secrets.token_urlsafe(32)
    digest = TrustedDevice.digest_of(nonce)
    TrustedDevice.objects.create(user=user, digest=digest, shown_look=user.home_screen_look)
    return nonce


def device_look_shown(*, device: TrustedDevice, look: str) -> None:
    """The look her pages now have in this browser, which its signed-out pages take from now
    on (a browser's trust that has ended keeps the look it had then)."""
    TrustedDevice.objects.filter(pk=device.pk).update(shown_look=look)


def device_drop(*, device: TrustedDevice) -> None:
    """Forget a browser's row for good: its cookie no longer carries it."""
    TrustedDevice.objects.filter(pk=device.pk).delete()


def device_told(*, device: TrustedDevice) -> None:
    """She has been told that her password changed since she last signed in there."""
    TrustedDevice.objects.filter(pk=device.pk).update(ended_by_new_password=False)


@transaction.atomic
def device_failed(*, device: TrustedDevice) -> bool:
    """Count a wrong password from a trusted browser; True once it is trusted no more (its row
    then keeps only the look the account had, as a new password leaves it)."""
    TrustedDevice.objects.filter(pk=device.pk).update(failures=F("failures") + 1)
    failures = TrustedDevice.objects.filter(pk=device.pk).values_list("failures", flat=True).first()
    if failures is None or failures >= settings.DEVICE_FAILURE_LIMIT:
        TrustedDevice.objects.filter(pk=device.pk).update(kept_look=device.shown_look)
        return True
    return False


def current_session_key(request: HttpRequest) -> str | None:
    return request.session.session_key
