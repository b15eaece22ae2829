"""The journal's part of a person's data rights (see :mod:`interdepend.web.datarights.providers`).

Export: the person's entries, decrypted, with their share flags (table ``journal_entry``,
columns under their database names, plus ``body`` as text and the prompt's wording), and each
share with a named practitioner (table ``journal_practitionershare``, with the practitioner's
name). The person's data key is not exported: it is of no use outside this server.

Un-sharing: every entry becomes private again (partner flag cleared, every practitioner share
removed, the old unnamed mark cleared).

Erasure: the entries are deleted and the data key is destroyed, so a copy of the entries in an
older database backup can no longer be opened (crypto-shredding; see docs/journal.md).
"""

from __future__ import annotations

from interdepend.web.accounts.models import User
from interdepend.web.frame.exportrows import Table, Tables
from interdepend.web.journal import keys, selectors, services
from interdepend.web.journal.models import Entry, PractitionerShare
from interdepend.web.partners.access import access_active_partnership

ENTRY_TABLE = Entry._meta.db_table
SHARE_TABLE = PractitionerShare._meta.db_table
#: An entry as her download has it: opened, with the question it was written from.
ENTRY_COLUMNS = (
    "id",
    "prompt_key",
    "prompt",
    "body",
    "created_at",
    "updated_at",
    "shared_with_partner",
    "unnamed_practitioner_share",
)


def export(user: User) -> Tables:
    rows = list(Entry.objects.filter(owner=user).order_by("pk"))
    # Shared means readable now: an entry shared in a partnership that has ended is read by
    # nobody, and said so (it said True: the data-rights audit of 2026-12-03).
    active = access_active_partnership(user)
    current = active.partnership.pk if active is not None else None
    opened = {v.pk: v for v in selectors.entry_views(user, rows, None)}
    return {
        ENTRY_TABLE: Table(
            (
                {
                    "id": row.public_id,
                    "prompt_key": row.prompt_key,
                    "prompt": opened[row.pk].prompt,
                    "body": opened[row.pk].body,
                    "created_at": row.created_at.isoformat(),
                    "updated_at": row.updated_at.isoformat(),
                    "shared_with_partner": row.shared_with_partner
                    and row.shared_partnership_id == current,
                    "unnamed_practitioner_share": row.unnamed_practitioner_share,
                }
                for row in rows
            ),
            ENTRY_COLUMNS,
        ),
        SHARE_TABLE: _shares(user),
    }


def _shares(user: User) -> Table:
    shares = PractitionerShare.objects.filter(entry__owner=user).select_related(
        "entry", "link__practitioner__user"
    )
    return Table(
        (
            {
                "entry_id": share.entry.public_id,
                "link_id": share.link.public_id,
                "practitioner_name": share.link.practitioner_name,
                "shared_at": share.shared_at.isoformat(),
            }
            for share in shares.order_by("pk")
        ),
        ("entry_id", "link_id", "practitioner_name", "shared_at"),
    )


def unshare_all(user: User) -> int:
    return services.entries_unshare_all(owner=user)


def erase(user: User) -> None:
    Entry.objects.filter(owner=user).delete()
    keys.destroy_data_key(user)
