"""Writes for partnerships and invitations: atomic, keyword-only, quiet.

Leaving sends no message to anyone; access through the partnership ends on the next request
because every read goes through :mod:`interdepend.web.partners.access`. A practitioner link
between the two ends with it, in the same transaction (:data:`partnership_ended`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, timedelta
from typing import Any, Protocol, TypeVar, cast

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connection, connections, models, transaction
from django.db.transaction import TransactionManagementError
from django.dispatch import Signal
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from interdepend.core import codes
from interdepend.web.accounts.models import User
from interdepend.web.accounts.services import old_password_shut_out
from interdepend.web.frame.sqlite3 import kept_rows, kept_statement
from interdepend.web.partners.models import (
    GuessAttempt,
    Invitation,
    InvitationState,
    Membership,
    Partnership,
    SpentCode,
)

GUESS_WINDOW = timedelta(hours=1)

Found = TypeVar("Found")


class PartnershipError(Exception):
    """A partnership step that cannot happen; the message is safe to show the user."""


class TooManyGuesses(PartnershipError):
    pass


class UsedByYou(PartnershipError):
    """The code of the invitation that linked the person with the partner they have now: known,
    not guessed (going back to it, or a decline that lost to an accept in another tab)."""


@dataclass(frozen=True)
class NewInvitation:
    invitation: Invitation
    code: str


def code_digest(code: str) -> str:
    """The stored digest of a typed code, in any case, with or without spaces and dashes.

    Text that is not a code of the current scheme is digested as typed: that is how codes made
    before the readable scheme (16 URL-safe characters, case-sensitive) still open their
    invitations until they expire, at most ``INVITE_TTL_HOURS`` after they were made."""
    try:
        plain = codes.normalise(code)
    except codes.NotACode:
        plain = code.strip()
    return hashlib.sha256(plain.encode()).hexdigest()


def fresh_code() -> tuple[str, dict[str, Any]]:
    """A new single-use code as shown (``7K2M-Q9XD-…``, 100 random bits), and the fields to
    store for it: its digest and its expiry."""
    code = codes.grouped(codes.new_code())
    expires_at = timezone.now() + timedelta(hours=settings.INVITE_TTL_HOURS)
    return code, {"code_digest": code_digest(code), "expires_at": expires_at}


@transaction.atomic
def invitation_create(*, inviter: User) -> NewInvitation:
    code, stored = fresh_code()
    invitation = Invitation.objects.create(inviter=inviter, **stored)
    return NewInvitation(invitation=invitation, code=code)


@transaction.atomic
def invitation_withdraw(*, invitation: Invitation) -> None:
    if invitation.state == InvitationState.OPEN:
        invitation.state = InvitationState.WITHDRAWN
        invitation.save(update_fields=["state"])


def guess_keys(*, user: User, ip_address: str | None) -> list[str]:
    """The person's own counter. Never the address's: everyone behind a home connection shares
    it, so a partner's (or a stranger's) wrong codes would use up her budget for her valid one.
    With 100-bit codes, a per-person budget is all the guessing limit needs."""
    return [f"user:{user.pk}"]


def guess_budget_check(*, user: User, ip_address: str | None) -> list[str]:
    """The person's counters, after checking none is used up."""
    keys = guess_keys(user=user, ip_address=ip_address)
    since = timezone.now() - GUESS_WINDOW
    for key in keys:
        if GuessAttempt.objects.filter(key=key, at__gte=since).count() >= (
            settings.INVITE_GUESS_LIMIT
        ):
            raise TooManyGuesses(
                _(
                    "There have been too many tries with codes that did not work. "
                    "Please wait an hour and try again."
                )
            )
    return keys


def guess_failed(keys: list[str]) -> None:
    GuessAttempt.objects.bulk_create([GuessAttempt(key=key) for key in keys])


class Closed:
    """What a look-up gives for a real code that opens nothing any more."""


#: A code of a real invitation that opens nothing any more, looked up by the account it belongs
#: to (its opener's, or the inviter's own): not a guess.
CLOSED = Closed()


def guessed(
    *, user: User, ip_address: str | None, look_up: Callable[[], Found | Closed | None]
) -> Found | None:
    """One guess at a code, counted: ``look_up`` gives what the code opens, :data:`CLOSED` for
    an invitation of the person's own that opens nothing any more (not counted: her link to a
    code her practitioner then withdrew, opened ten times, stopped her using any code for an
    hour; the practitioner audit), or None (a failure, recorded). The budget check, the look-up
    and the record share one transaction with the person's row locked, so guesses sent in
    parallel are counted one after the other and the limit holds exactly (counted apart, forty
    at once got thirteen through a limit of ten)."""
    with transaction.atomic():
        list(User.objects.select_for_update().filter(pk=user.pk).values_list("pk", flat=True))
        keys = guess_budget_check(user=user, ip_address=ip_address)
        found = look_up()
        if found is None:
            guess_failed(keys)
    return None if isinstance(found, Closed) else found


# Whose an invitation is -------------------------------------------------------------------------
#
# A link holds its code, and a browser's history keeps the link (even one a server redirected
# from). Her partner, reading her history, could open it on his own account, read who invited
# her, and take the invitation in her place (the notifications audit of 2026-12-03). So an
# invitation becomes the first signed-in account's that opens it (the inviter's own excepted);
# for every other account its code answers exactly as a code that does not exist, counted as a
# wrong guess too, so not even his count of tries can tell the two apart. That holds whatever
# the invitation's state: a closed one nobody opened counts for him as one she opened does
# (it counted nothing, and his count told whether she had opened it: the re-audit, L1).


class Openable(Protocol):
    """What both kinds of invitation have for being opened (``opened_by``)."""

    pk: Any
    opened_by: str

    def is_usable(self) -> bool: ...


_OPENED_SALT = "interdepend.partners.invitation-opened-by"


def account_key(user: User) -> str:
    """The key an invitation keeps of the account that opened it: a keyed digest of the
    account's number and the moment it was made (a new account given an erased one's number is
    not that one), never the number itself."""
    made = user.date_joined.astimezone(UTC).isoformat(timespec="microseconds")
    return salted_hmac(_OPENED_SALT, f"{user.pk}\x1f{made}", algorithm="sha256").hexdigest()


def is_theirs(found: Openable, key: str, *, bind: bool = True) -> bool:
    """Whether ``found`` is the account's of ``key``: it opened it first, or the invitation is
    open and nobody has, and then, with ``bind``, it becomes this account's now (one statement,
    so of two first opens at once only one wins); without, it stays nobody's. Opening a link
    and typing a code bind. A closed invitation nobody opened is nobody's, for everyone
    alike."""
    if bind and not found.opened_by and found.is_usable():
        rows = cast("type[models.Model]", type(found))._default_manager.filter(pk=found.pk)
        rows.filter(opened_by="").update(opened_by=key)
        found.opened_by = rows.values_list("opened_by", flat=True).get()
    if found.opened_by:
        return found.opened_by == key
    return found.is_usable()


def opened_once(*, code: str, key: str) -> bool:
    """Whether ``code`` was an erased account's invitation that the account of ``key`` had
    opened (:class:`SpentCode`): it answers that account as the closed invitation it was, not
    counted as a guess, so the erasure does not show."""
    return SpentCode.objects.filter(code_digest=code_digest(code), opened_by=key).exists()


def codes_spent(opened: Iterable[tuple[str, str]]) -> None:
    """Keep each (code digest, opener's key) of an erased account's invitations that another
    account had opened, before the invitations go with the account."""
    SpentCode.objects.bulk_create(
        [SpentCode(code_digest=digest, opened_by=key) for digest, key in opened if key]
    )


def invitation_named(*, code: str, user: User) -> Invitation | None:
    """The open invitation a password page may name to ``user``: only one that is theirs
    already (they opened it, or made it). Reads only: binds nothing and counts nothing, so for
    every other code, one nobody opened included, the page says the same general words. It
    named the inviter of any open code nobody had opened, as often as anyone liked, while she
    could still open her link and never learn it (the practitioner audit of 2026-12-03, M1)."""
    found = Invitation.objects.filter(code_digest=code_digest(code)).first()
    if found is None or not found.is_usable():
        return None
    mine = found.inviter_id == user.pk or found.opened_by == account_key(user)
    return found if mine else None


def invitation_find(*, code: str, user: User, ip_address: str | None) -> Invitation:
    """The open invitation behind a code, counting failures per person, and the person's from
    now on if nobody opened it. An invitation that is not the person's answers as no invitation
    at all, open or closed (see :func:`is_theirs`)."""
    key = account_key(user)

    def look_up() -> Invitation | Closed | None:
        found = Invitation.objects.filter(code_digest=code_digest(code)).first()
        spent = opened_once(code=code, key=key)  # asked every time: as many statements
        if found is None:
            return CLOSED if spent else None
        if not (found.inviter_id == user.pk or is_theirs(found, key)):
            return None
        return found if found.is_usable() or _linked_through(found, user) else CLOSED

    invitation = guessed(user=user, ip_address=ip_address, look_up=look_up)
    if invitation is None:
        raise PartnershipError(
            _("That code does not open an invitation. It may be mistyped, used or expired.")
        )
    if not invitation.is_usable():
        raise UsedByYou(
            _("You used this invitation already: you and %(name)s are linked.")
            % {"name": invitation.inviter.display_name}
        )
    return invitation


def _linked_through(invitation: Invitation, user: User) -> bool:
    """Whether ``invitation`` was accepted and ``user`` is linked with its inviter now: the
    person who accepted it (asked only of a code that opens nothing, so never a guess)."""
    if invitation.state != InvitationState.ACCEPTED or invitation.inviter_id == user.pk:
        return False
    mine = Membership.objects.filter(user=user, is_active=True).values("partnership_id")
    return Membership.objects.filter(
        user_id=invitation.inviter_id, is_active=True, partnership_id__in=mine
    ).exists()


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> Partnership:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_usable():
        raise PartnershipError(_("This invitation is no longer open."))
    if invitation.inviter_id == user.pk:
        raise PartnershipError(_("This is your own invitation. Share it with your partner."))
    if not is_theirs(invitation, account_key(user)):
        raise PartnershipError(_("This invitation is no longer open."))
    inviter = invitation.inviter
    for person in (user, inviter):
        if Membership.objects.filter(user=person, is_active=True).exists():
            raise PartnershipError(
                _("You are already in a partnership. Leave it first to accept a new one.")
                if person == user
                else _("This invitation is no longer open.")
            )
    partnership = Partnership.objects.create()
    try:
        with transaction.atomic():
            Membership.objects.bulk_create(
                [Membership(partnership=partnership, user=p) for p in (inviter, user)]
            )
    except IntegrityError:
        raise PartnershipError(_("This invitation is no longer open.")) from None
    invitation.state = InvitationState.ACCEPTED
    invitation.save(update_fields=["state"])
    Invitation.objects.filter(inviter__in=[inviter, user], state=InvitationState.OPEN).update(
        state=InvitationState.WITHDRAWN
    )
    return partnership


@transaction.atomic
def invitation_decline(*, invitation: Invitation) -> None:
    """Decline an open invitation: nothing is written, so the inviter's pages, his export and
    his own code answer as if she had never opened it (a declined invitation went from his
    list at once and read "declined" in his export: the ex audit). It stays open until it
    expires or he withdraws it. One answered a moment ago (accepted in another tab, say) is
    not open any more: saying "declined" then would be untrue."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.state != InvitationState.OPEN:
        raise PartnershipError(_("This invitation is no longer open."))


class PartnershipEnded(PartnershipError):
    """The partnership a request was made in ended while it was on its way."""


def hold_partnership(*, partnership_id: int) -> None:
    """Inside a write's transaction: lock the partnership's row and check it has not ended. A
    leave, an unlink or a safety reset committed a moment before is seen (nothing is written
    into the ended partnership), and one running now waits for the write (which then happened
    while the two were still linked). Raises :class:`PartnershipEnded`."""
    # Run by ``frame.sqlite3.kept_rows`` (one row at most, by its key): on SQLite, where the
    # statement takes no lock of its own (the transaction's ``BEGIN IMMEDIATE`` holds the
    # database), without Django's cursor around it, unless anyone logs or watches the
    # statements; on PostgreSQL, with its lock, Django's way (issue 15's twenty-fifth pass).
    if not kept_rows(connections[DEFAULT_DB_ALIAS], _held_sql(), [partnership_id]):
        raise PartnershipEnded(_("You are not linked with that partner any more."))


def _held_sql() -> str:
    """:func:`_hold_statement` with the backend's lock, refused outside a transaction as the
    ORM refuses it (a lock taken there would end with the statement)."""
    features = connection.features
    if not features.has_select_for_update:
        return _hold_statement()
    if connection.get_autocommit() and features.supports_transactions:
        raise TransactionManagementError(
            "select_for_update cannot be used outside of a transaction."
        )
    return f"{_hold_statement()} {connection.ops.for_update_sql()}"


@kept_statement
def _hold_statement() -> str:
    """:func:`hold_partnership`'s read, without its lock: the statement the ORM builds for
    ``Partnership.objects.select_for_update().filter(pk=..., ended_at__isnull=True)
    .values_list("pk", flat=True)``, written once. Every write shared by the two holds the
    partnership first, and the ORM built that read anew on every one (about 0.25 ms of a bid's
    answer, issue 15's thirteenth pass); ``tests/web/test_hand_written_reads.py`` holds the two
    equal, word for word and row for row, with and without a backend that locks."""
    q = connection.ops.quote_name
    meta = Partnership._meta
    table = q(meta.db_table)
    pk = f"{table}.{q(meta.pk.column)}"
    ended = f"{table}.{q(meta.get_field('ended_at').column)}"
    return f"SELECT {pk} AS {q('pk')} FROM {table} WHERE ({ended} IS NULL AND {pk} = %s)"


#: Said when a write meant for the two of them was kept as the person's own, because the
#: partnership ended while it was on its way (:func:`held_or_none`).
KEPT_OWN = gettext_lazy(
    "Saved as yours alone: you are not linked with that partner any more, so nobody else sees it."
)


def held_or_none(partnership: Partnership | None) -> Partnership | None:
    """Inside a write's transaction: the partnership, held as :func:`hold_partnership` holds
    it, or None when it ended on the way. For writes that stay the person's own when there is
    no one left to share them with (her promise, her goal, her check-in): made into the ended
    partnership, neither of the two would ever see them again."""
    if partnership is None:
        return None
    try:
        hold_partnership(partnership_id=partnership.pk)
    except PartnershipEnded:
        return None
    return partnership


# What else ends with a partnership --------------------------------------------------------------
#
# A feature above this app can give one partner a way into the other's things that is not the
# partnership's: a practitioner link, when one of the two turned the practitioner role on and the
# other connected (the practitioner audit: her ex kept reading her new results through it). It
# ends with the partnership. This app may not import those features (the layer contract in
# pyproject.toml), so it asks through two signals, which they answer in their ``services``
# (connected as Django starts, by each app's ``ready``).

#: Sent by :func:`partnership_leave` inside its transaction, after the partnership has ended,
#: with ``partnership_id``, ``members`` (the ids of the people who were in it) and ``erased``
#: (the id of the one whose erasure ended it, or None). A receiver ends every way in between
#: them, or keeps what each needs of it (the together space keeps their own words for their
#: download); one that fails undoes the leave, so a leave never leaves such a way open.
partnership_ended = Signal()

#: Sent by :func:`ties_between` with ``user`` and ``partner``: each receiver answers with the
#: :class:`Tie` objects between the two that leaving would end, for the leave page to name.
partnership_ties = Signal()


@dataclass(frozen=True)
class Tie:
    """A way in between two partners that is not the partnership and ends with it: through it,
    the account ``holder_id`` sees something of ``whose_id``'s ("practitioner": a link)."""

    kind: str
    holder_id: int
    whose_id: int


def ties_between(*, user: User, partner: User) -> list[Tie]:
    """The ways in between the two that leaving the partnership would end (answered by the
    features that hold them)."""
    answers = partnership_ties.send(sender=Partnership, user=user, partner=partner)
    found: list[Tie] = []
    for _receiver, ties in answers:
        found.extend(tie for tie in ties or () if isinstance(tie, Tie))
    return found


@transaction.atomic
def partnership_leave(*, user: User, erasing: bool = False) -> bool:
    """End the user's active partnership, alone and quietly. Returns whether one ended.

    Every other way in between the two people ends in the same transaction
    (:data:`partnership_ended`): a practitioner link either of them holds to the other ends as
    the client ending it would end it. Whoever leaves, and however (the leave page, an unlink
    or a safety reset on "Who can see what", erasing an account: ``erasing``, which the signal
    passes on as ``erased``, the account being erased)."""
    mine = Membership.objects.select_for_update().filter(user=user, is_active=True).first()
    if mine is None:
        return False
    now = timezone.now()
    members = list(
        Membership.objects.filter(partnership_id=mine.partnership_id, is_active=True).values_list(
            "user_id", flat=True
        )
    )
    Partnership.objects.filter(pk=mine.partnership_id).update(ended_at=now)
    Membership.objects.filter(partnership_id=mine.partnership_id).update(
        is_active=False, left_at=now
    )
    partnership_ended.send(
        sender=Partnership,
        partnership_id=mine.partnership_id,
        members=tuple(members),
        erased=user.pk if erasing else None,
    )
    return True


def _old_password_shut_out(sender: object, *, user: User, **kwargs: Any) -> None:
    """A new password that shuts out whoever knew the old one withdraws her open invitations:
    one he made from her account while he knew it linked an account of his to her after she had
    changed it and signed him out (the ex and practitioner audit of 2026-12-05)."""
    Invitation.objects.filter(inviter=user, state=InvitationState.OPEN).update(
        state=InvitationState.WITHDRAWN
    )


old_password_shut_out.connect(_old_password_shut_out, dispatch_uid="interdepend-partners-codes")
