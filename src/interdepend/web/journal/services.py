"""Writes for the journal: atomic, keyword-only, quiet (nothing is ever announced).

Text is sealed before it is stored (:mod:`interdepend.web.journal.keys`). Creating is
idempotent per (owner, idempotency key): the same form posted twice makes one entry, even
when the two posts race. Sharing is per entry and per audience, and with practitioners per
named practitioner; unsharing is always allowed.
"""

from __future__ import annotations

import hashlib

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from interdepend.web.accounts.models import User
from interdepend.web.frame.idempotent import create_once
from interdepend.web.journal import keys
from interdepend.web.journal.access import journal_links
from interdepend.web.journal.models import Entry, PractitionerShare
from interdepend.web.partners.access import ActivePartnership
from interdepend.web.partners.services import hold_partnership
from interdepend.web.practice.models import ClientLink


@transaction.atomic
def entry_create(*, owner: User, body: str, prompt_key: str, idem_key: str) -> Entry:
    """Seal and store a new entry; the person's data key is made with it, or not at all."""
    now = timezone.now()
    return create_once(
        Entry,
        owner=owner,
        idem_key=idem_key,
        body=keys.seal(owner, body),
        prompt_key=prompt_key,
        created_at=now,
        updated_at=now,
    )


class EntryChanged(Exception):
    """The entry was saved elsewhere (another device, another tab) after this form was opened."""


def text_mark(text: str) -> str:
    """What the edit page carries to say which text it was opened on (``seen``): a digest of
    that text, which is on the same page. A digest rather than the time it was saved, so the
    page holds no moment of her writing and the same text always gives the same mark."""
    return hashlib.sha256(text.encode()).hexdigest()[:32]


@transaction.atomic
def entry_update(*, entry: Entry, body: str, seen: str) -> Entry:
    """Save new words, only if the entry still holds the text the form was opened on (``seen``,
    its :func:`text_mark`; an empty mark, from a page opened before edits carried one, holds
    none). The entry is read again under a row lock, so two devices racing cannot both win,
    and words saved a moment ago elsewhere are never silently replaced by an older page's."""
    current = Entry.objects.select_for_update().filter(pk=entry.pk).first()
    if current is None or text_mark(keys.open_(current.owner, current.body)) != seen:
        raise EntryChanged
    now = timezone.now()
    sealed = keys.seal(entry.owner, body)
    if not Entry.objects.filter(pk=entry.pk).update(body=sealed, updated_at=now):
        raise EntryChanged
    entry.body, entry.updated_at = sealed, now
    return entry


@transaction.atomic
def entry_delete(*, entry: Entry) -> None:
    entry.delete()


@transaction.atomic
def entry_share_with_partner(*, entry: Entry, active: ActivePartnership | None) -> Entry:
    """Share with the current partner (``active``), or stop sharing when ``active`` is None.
    Sharing checks, in its own transaction, that the partnership is still live: a share sent
    from another device while a safety reset or a leave ran is refused (:class:`PartnershipEnded`),
    so nothing is left shared with a partnership that just ended."""
    if active is not None:
        hold_partnership(partnership_id=active.partnership.pk)
    entry.shared_with_partner = active is not None
    entry.shared_partnership = active.partnership if active else None
    entry.save(update_fields=["shared_with_partner", "shared_partnership"])
    return entry


class NotSharable(Exception):
    """The practitioner named cannot be given journal entries now; nothing was written."""


@transaction.atomic
def entry_share_with_practitioner(*, entry: Entry, link: ClientLink) -> PractitionerShare:
    """Share one entry with one practitioner: one of the owner's active links that holds the
    owner's live journal consent, or :class:`NotSharable`."""
    if link.client_id != entry.owner_id or link.pk not in {
        found.pk for found in journal_links(entry.owner)
    }:
        raise NotSharable
    share, _created = PractitionerShare.objects.get_or_create(entry=entry, link=link)
    return share


@transaction.atomic
def entry_unshare_with_practitioner(*, entry: Entry, link_id: str) -> int:
    """Stop sharing one entry with one practitioner, named by the link's opaque id (always
    allowed); rows removed."""
    deleted, _kinds = PractitionerShare.objects.filter(
        entry=entry, link__public_id=link_id
    ).delete()
    return deleted


@transaction.atomic
def entry_unshare_with_practitioners(*, entry: Entry) -> int:
    """Stop sharing one entry with every practitioner at once; rows removed."""
    deleted, _kinds = PractitionerShare.objects.filter(entry=entry).delete()
    return deleted


@transaction.atomic
def entries_unshare_all(*, owner: User) -> int:
    """Withdraw every share of the person's entries at once; how many entries changed."""
    shared = Entry.objects.filter(owner=owner).filter(
        Q(shared_with_partner=True)
        | Q(unnamed_practitioner_share=True)
        | Q(practitioner_shares__isnull=False)
    )
    changed = set(shared.values_list("pk", flat=True))
    PractitionerShare.objects.filter(entry__owner=owner).delete()
    Entry.objects.filter(pk__in=changed).update(
        shared_with_partner=False, shared_partnership=None, unnamed_practitioner_share=False
    )
    return len(changed)
