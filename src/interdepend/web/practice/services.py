"""Writes for the practice: the role, client invitations, links and each person's consent.

Invitation codes follow the partners app: 100 random bits shown once, only a SHA-256 digest
stored, an expiry, and failed look-ups counted per person (the same counter, so a guesser gains
nothing by switching between kinds of code; never per address, which a partner shares).

Consent is always the linked person's own: a ``Consent`` row hangs on the person's own link and
only that person's requests reach :func:`consent_set` (see ``access.access_own_link``).
Revoking the journal scope or ending a link also removes every journal entry shared on that
link, so a later grant, or a new link, brings none of them back.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from interdepend.web.accounts.forms import NUMBER_IN_NAME
from interdepend.web.accounts.models import User
from interdepend.web.accounts.services import old_password_shut_out
from interdepend.web.frame.usertext import reads_as_a_number
from interdepend.web.journal.models import PractitionerShare
from interdepend.web.partners.access import access_active_partnership, access_partner
from interdepend.web.partners.services import (
    CLOSED,
    Closed,
    Tie,
    account_key,
    code_digest,
    fresh_code,
    guessed,
    is_theirs,
    opened_once,
    partnership_ended,
    partnership_ties,
)
from interdepend.web.partners.services import TooManyGuesses as SpentGuesses
from interdepend.web.practice.access import counted, partnerships_began
from interdepend.web.practice.accesslog import practitioner_label
from interdepend.web.practice.models import (
    ClientInvitation,
    ClientInvitationState,
    ClientLink,
    Consent,
    InvitationFor,
    Practitioner,
    PractitionerKind,
    Scope,
)
from interdepend.web.practice.selectors import links_between


class PracticeError(Exception):
    """A step that cannot happen; the message is safe to show the person."""


class TooManyGuesses(PracticeError):
    pass


@dataclass(frozen=True)
class NewClientInvitation:
    invitation: ClientInvitation
    code: str


@transaction.atomic
def practitioner_enable(
    *, user: User, kind: str = PractitionerKind.THERAPIST, practice_name: str = ""
) -> Practitioner:
    """Turn the practitioner role on (or update its details). A name or practice name that
    holds what reads like a practitioner number is refused: clients tell practitioners apart by
    the number (:attr:`Practitioner.named`), so no name may carry one."""
    if reads_as_a_number(user.display_name) or reads_as_a_number(practice_name):
        raise PracticeError(NUMBER_IN_NAME)
    profile, _created = Practitioner.objects.update_or_create(
        user=user, defaults={"kind": kind, "practice_name": practice_name.strip()}
    )
    return profile


@transaction.atomic
def client_invitation_create(
    *, practitioner: Practitioner, invited: str = InvitationFor.PERSON
) -> NewClientInvitation:
    code, stored = fresh_code()
    invitation = ClientInvitation.objects.create(
        practitioner=practitioner, invited=invited, **stored
    )
    return NewClientInvitation(invitation=invitation, code=code)


@transaction.atomic
def client_invitation_withdraw(*, invitation: ClientInvitation) -> None:
    if invitation.state == ClientInvitationState.OPEN:
        invitation.state = ClientInvitationState.WITHDRAWN
        invitation.save(update_fields=["state"])


def client_invitation_find(*, code: str, user: User, ip_address: str | None) -> ClientInvitation:
    """The open invitation behind a code, counting failures per person. An invitation that is
    not the person's answers as no invitation at all, open or closed, as a partner's does
    (``partners.services.is_theirs``): his own account must not learn her practitioner from a
    link in her history, nor take her place, nor, from his count of wrong codes, whether she
    opened it."""
    key = account_key(user)

    def look_up() -> ClientInvitation | Closed | None:
        found = (
            ClientInvitation.objects.filter(code_digest=code_digest(code))
            .select_related("practitioner__user")
            .first()
        )
        spent = opened_once(code=code, key=key)  # asked every time: as many statements
        if found is None:
            return CLOSED if spent else None
        if not _opens_for(found, user, key):
            return None
        return found if found.is_usable() else CLOSED

    try:
        invitation = guessed(user=user, ip_address=ip_address, look_up=look_up)
    except SpentGuesses as spent:
        raise TooManyGuesses(str(spent)) from None
    if invitation is None:
        raise PracticeError(
            _("We could not find an open invitation for that code. It may be mistyped or used up.")
        )
    return invitation


def client_invitation_named(*, code: str, user: User) -> ClientInvitation | None:
    """The open invitation a password page may name to ``user``: only one that opens for them
    and that someone opened already (they, or for a couple's code their partner who connected
    with it), or their own. Reads only: binds nothing and counts nothing, so every other code,
    one nobody opened included, gets the same general words (the practitioner audit of
    2026-12-03, M1; see ``partners.services.invitation_named``)."""
    found = (
        ClientInvitation.objects.filter(code_digest=code_digest(code))
        .select_related("practitioner__user")
        .first()
    )
    if found is None or not found.is_usable():
        return None
    if not found.opened_by and found.practitioner.user_id != user.pk:
        return None  # nobody's yet: the words name no one
    return found if _opens_for(found, user, account_key(user), bind=False) else None


def _opens_for(invitation: ClientInvitation, user: User, key: str, *, bind: bool = True) -> bool:
    """Whether the invitation opens for ``user``: the practitioner's own, the account that
    opened it first (it becomes that one's now if it is open and nobody has), and for a
    couple's code also that account's partner, but only once one of the two has connected with
    it. Before, her partner opening her link from her history learnt nothing: she may not have
    chosen yet. So a partner who opens a couple's code first and never connects keeps it
    closed to the other, who can ask for an invitation of her own (docs/practitioner.md)."""
    if invitation.practitioner.user_id == user.pk or is_theirs(invitation, key, bind=bind):
        return True
    if invitation.invited != InvitationFor.COUPLE:
        return False
    return _partner_connected(invitation, user)


def _partner_connected(invitation: ClientInvitation, user: User) -> bool:
    """Whether ``user``'s partner is connected through this couple's code now, and connected
    in their present partnership. A connection she had ended, or one from before this
    partnership, opened it too: her partner could still connect after she had stopped, and a
    later partner of hers could, which told the practitioner she had a new one (the
    practitioner audit of 2026-12-03, L1)."""
    active = access_active_partnership(user)
    if active is None:
        return False
    return invitation.links.filter(
        client=active.partner, is_active=True, started_at__gte=active.partnership.started_at
    ).exists()


def _check_redeemer(invitation: ClientInvitation, user: User) -> None:
    if invitation.practitioner.user_id == user.pk:
        raise PracticeError(_("This is your own invitation. Give the code to your client."))
    if ClientLink.objects.filter(
        practitioner=invitation.practitioner, client=user, is_active=True
    ).exists():
        raise PracticeError(_("You are already connected with this practitioner."))
    if invitation.invited != InvitationFor.COUPLE:
        return
    partner = access_partner(user)
    earlier = [link.client_id for link in invitation.links.all()]
    if partner is None or (earlier and not _partner_connected(invitation, user)):
        raise PracticeError(
            _(
                "This code is meant for a couple: the two partners each use it "
                "from their own account."
            )
        )


@transaction.atomic
def client_invitation_redeem(*, invitation: ClientInvitation, user: User) -> ClientLink:
    """Connect the person with the practitioner. The link grants nothing until they consent."""
    invitation = (
        ClientInvitation.objects.select_for_update()
        .select_related("practitioner")
        .get(pk=invitation.pk)
    )
    if not invitation.is_usable() or not _opens_for(invitation, user, account_key(user)):
        raise PracticeError(_("This invitation is no longer open."))
    _check_redeemer(invitation, user)
    try:
        with transaction.atomic():
            link = ClientLink.objects.create(
                practitioner=invitation.practitioner,
                client=user,
                invitation=invitation,
                label_at_start=practitioner_label(invitation.practitioner),
            )
    except IntegrityError:
        raise PracticeError(_("You are already connected with this practitioner.")) from None
    if invitation.links.count() >= invitation.places:
        invitation.state = ClientInvitationState.USED
        invitation.save(update_fields=["state"])
    return link


@transaction.atomic
def consent_set(*, link: ClientLink, scopes: Iterable[str]) -> int:
    """Make the person's live consents on their own link exactly ``scopes``. Returns changes."""
    link = ClientLink.objects.select_for_update().get(pk=link.pk)
    if not link.is_active:
        return 0
    wanted = {Scope(s) for s in scopes}
    live = {c.scope: c for c in Consent.objects.filter(link=link, revoked_at__isnull=True)}
    couple = live.get(Scope.COUPLE)
    if couple is not None and not counted(
        [(couple.scope, couple.granted_at)],
        partnerships_began([link.client_id]).get(link.client_id),
    ):
        # Given for another couple: it ends here, and a tick now gives it for this one.
        Consent.objects.filter(pk=couple.pk).update(revoked_at=timezone.now())
        del live[Scope.COUPLE]
    now = timezone.now()
    gone = [c.pk for scope, c in live.items() if scope not in wanted]
    Consent.objects.filter(pk__in=gone).update(revoked_at=now)
    if Scope.JOURNAL in live and Scope.JOURNAL not in wanted:
        PractitionerShare.objects.filter(link=link).delete()
    new = [Consent(link=link, scope=s, granted_at=now) for s in wanted if s not in live]
    Consent.objects.bulk_create(new)
    return len(gone) + len(new)


@transaction.atomic
def link_end(*, link: ClientLink) -> bool:
    """End a link and revoke every consent on it, at once and quietly."""
    link = ClientLink.objects.select_for_update().get(pk=link.pk)
    if not link.is_active:
        return False
    now = timezone.now()
    Consent.objects.filter(link=link, revoked_at__isnull=True).update(revoked_at=now)
    PractitionerShare.objects.filter(link=link).delete()
    link.is_active = False
    link.ended_at = now
    link.save(update_fields=["is_active", "ended_at"])
    return True


@transaction.atomic
def client_withdraw_all(*, user: User) -> int:
    """Revoke every consent the person granted and end all their client links."""
    now = timezone.now()
    revoked = Consent.objects.filter(
        link__client=user, link__is_active=True, revoked_at__isnull=True
    ).update(revoked_at=now)
    PractitionerShare.objects.filter(link__client=user).delete()
    ended = ClientLink.objects.filter(client=user, is_active=True).update(
        is_active=False, ended_at=now
    )
    return revoked + ended


@transaction.atomic
def partner_links_end(*, people: Iterable[int]) -> int:
    """End every link between ``people`` (the two of an ended partnership, either one the
    practitioner of the other), each as :func:`link_end` ends it. Returns how many ended."""
    return sum(link_end(link=link) for link in links_between(people))


# A partnership's end ends the links between the two (the practitioner audit: a partner who
# turned the role on kept reading his ex's new results through her link). The partners app
# sends these signals; it may not import this one (see partners.services).


def _partnership_ended(sender: object, *, members: Iterable[int], **kwargs: Any) -> None:
    partner_links_end(people=members)


def _partnership_ties(sender: object, *, user: User, partner: User, **kwargs: Any) -> list[Tie]:
    return [
        Tie(kind="practitioner", holder_id=link.by.user_id, whose_id=link.client_id)
        for link in links_between([user.pk, partner.pk])
    ]


def _old_password_shut_out(sender: object, *, user: User, **kwargs: Any) -> None:
    """As a practitioner, a new password that shuts out whoever knew the old one withdraws the
    client codes she gave out that are still open, as her safety reset does: one he made from
    her account while he knew the password made an account of his her client after she had
    changed it (the ex and practitioner audit of 2026-12-05). Her clients stay hers."""
    ClientInvitation.objects.filter(
        practitioner__user=user, state=ClientInvitationState.OPEN
    ).update(state=ClientInvitationState.WITHDRAWN)


partnership_ended.connect(_partnership_ended, dispatch_uid="interdepend-practice-partner-links")
partnership_ties.connect(_partnership_ties, dispatch_uid="interdepend-practice-partner-ties")
old_password_shut_out.connect(_old_password_shut_out, dispatch_uid="interdepend-practice-codes")
