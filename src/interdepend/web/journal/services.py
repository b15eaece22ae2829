"""Writes for the journal: atomic, keyword-only, quiet (nothing is ever announced).

Text is sealed before it is stored (:mod:`interdepend.web.journal.keys`). Creating is
idempotent per (owner, idempotency key): the same form posted twice makes one entry, even
when the two posts race. Sharing is per entry and per audience; unsharing is always allowed.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from interdepend.web.accounts.models import User
from interdepend.web.frame.idempotent import create_once
from interdepend.web.journal import keys
from interdepend.web.journal.models import Entry
from interdepend.web.partners.access import ActivePartnership


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


@transaction.atomic
def entry_update(*, entry: Entry, body: str) -> Entry:
    entry.body = keys.seal(entry.owner, body)
    entry.updated_at = timezone.now()
    entry.save(update_fields=["body", "updated_at"])
    return entry


@transaction.atomic
def entry_delete(*, entry: Entry) -> None:
    entry.delete()


@transaction.atomic
def entry_share_with_partner(*, entry: Entry, active: ActivePartnership | None) -> Entry:
    """Share with the current partner (``active``), or stop sharing when ``active`` is None."""
    entry.shared_with_partner = active is not None
    entry.shared_partnership = active.partnership if active else None
    entry.save(update_fields=["shared_with_partner", "shared_partnership"])
    return entry


@transaction.atomic
def entry_share_with_practitioner(*, entry: Entry, shared: bool) -> Entry:
    entry.shared_with_practitioner = shared
    entry.save(update_fields=["shared_with_practitioner"])
    return entry


@transaction.atomic
def entries_unshare_all(*, owner: User) -> int:
    """Withdraw every share of the person's entries at once; how many entries changed."""
    return (
        Entry.objects.filter(owner=owner)
        .exclude(shared_with_partner=False, shared_with_practitioner=False)
        .update(shared_with_partner=False, shared_partnership=None, shared_with_practitioner=False)
    )
