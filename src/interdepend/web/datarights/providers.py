"""What each app contributes to a person's data rights.

Every app that stores something of a person's has a ``personal`` module
(``interdepend.web.<app>.personal``) with these three functions:

``export(user) -> dict[str, list[dict[str, object]]]``
    The person's own rows (and the shared items they authored), as table name → rows of
    JSON-ready values. Never the partner's private data. Decrypted where stored encrypted.
    Name each table after its database table (``Model._meta.db_table``) and give each row its
    primary key as ``id``: T17 (tests/security/test_export.py) checks that every row pointing at
    the person appears by that name and id. :mod:`interdepend.web.datarights.rows` builds such
    tables from a queryset. Secrets (password hashes, session keys, data keys) stay out; a
    table of them is declared in ``SECRET_TABLES`` below with the reason.

``unshare_all(user) -> int``
    Withdraw everything the person has shared with a partner or a practitioner (used by the
    safety reset). Quiet: no notification, no trace the partner can see. Returns how many
    items changed.

``erase(user) -> None``
    Remove what is the person's before the account row is deleted (cascades remove most of
    it; this is for what a cascade cannot do: anonymising shared items, destroying keys).

The data-rights app discovers the modules in ``PROVIDER_APPS`` order; ``erase`` runs in the
reverse order (apps that build on others first), all in the transaction of the deletion.
"""

from __future__ import annotations

from collections.abc import Iterator
from importlib import import_module
from types import ModuleType

PROVIDER_APPS = (
    "accounts",
    "partners",
    "assessment",
    "couple",
    "together",
    "decide",
    "research",
    "journal",
    "practice",
)


#: Tables that point at a person but hold only a secret, so the export leaves them out.
SECRET_TABLES = {
    "journal_datakey": "the person's journal key, wrapped: of no use outside this server",
}


def providers() -> Iterator[tuple[str, ModuleType]]:
    """(app label, personal module) for each app that has one."""
    for app in PROVIDER_APPS:
        try:
            module = import_module(f"interdepend.web.{app}.personal")
        except ModuleNotFoundError as error:
            if error.name != f"interdepend.web.{app}.personal" and error.name != (
                f"interdepend.web.{app}"
            ):
                raise
            continue
        yield app, module
