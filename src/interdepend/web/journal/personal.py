"""The journal's part of a person's data rights (see :mod:`interdepend.web.datarights.providers`).

Export: the person's entries, decrypted, with their share flags (table ``journal_entry``,
columns under their database names, plus ``body`` as text and the prompt's wording). The
person's data key is not exported: it is of no use outside this server, wrapped or not.

Un-sharing: every entry becomes private again (partner and practitioner flags cleared).

Erasure: the entries are deleted and the data key is destroyed, so a copy of the entries in an
older database backup can no longer be opened (crypto-shredding; see docs/journal.md).
"""

from __future__ import annotations

from interdepend.web.accounts.models import User
from interdepend.web.journal import keys, selectors, services
from interdepend.web.journal.models import Entry

ENTRY_TABLE = Entry._meta.db_table


def export(user: User) -> dict[str, list[dict[str, object]]]:
    rows = list(Entry.objects.filter(owner=user).order_by("pk"))
    opened = {v.pk: v for v in selectors.entry_views(user, rows, None)}
    return {
        ENTRY_TABLE: [
            {
                "id": row.public_id,
                "prompt_key": row.prompt_key,
                "prompt": opened[row.pk].prompt,
                "body": opened[row.pk].body,
                "created_at": row.created_at.isoformat(),
                "updated_at": row.updated_at.isoformat(),
                "shared_with_partner": row.shared_with_partner,
                "shared_with_practitioner": row.shared_with_practitioner,
            }
            for row in rows
        ]
    }


def unshare_all(user: User) -> int:
    return services.entries_unshare_all(owner=user)


def erase(user: User) -> None:
    Entry.objects.filter(owner=user).delete()
    keys.destroy_data_key(user)
