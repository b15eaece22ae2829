"""What each app contributes to a person's data rights.

Every app that stores something of a person's has a ``personal`` module
(``interdepend.web.<app>.personal``) with these three functions:

``export(user) -> dict[str, list[dict[str, object]]]``
    The person's own rows (and the shared items they authored), as table name → rows of
    JSON-ready values. Never the partner's private data. Decrypted where stored encrypted.
    Name each table after its database table (``Model._meta.db_table``) and give each row its
    primary key as ``id``: T17 (tests/security/test_export.py) checks that every row pointing at
    the person appears by that name and id. :mod:`interdepend.web.frame.exportrows` builds such
    tables from a queryset. Secrets (password hashes, session keys, data keys) stay out; a
    table of them is declared in ``SECRET_TABLES`` below with the reason.

``unshare_all(user) -> int``
    Withdraw everything the person has shared with a partner or a practitioner (used by the
    safety reset). Quiet: no notification, no trace the partner can see. Returns how many
    items changed.

``erase(user) -> None``
    Remove what is the person's before the account row is deleted (cascades remove most of
    it; this is for what a cascade cannot do: anonymising shared items, destroying keys).

The data-rights app lists the modules in ``PROVIDERS``, each imported by name, so that a renamed
or missing module stops the app from starting (and shows in the import contracts) instead of
quietly leaving that app's data out of the export and the erasure. ``erase`` runs in the
reverse order (apps that build on others first), all in the transaction of the deletion.
``tests/web/test_datarights.py`` checks that every app holding rows of a person is listed.
"""

from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType

from interdepend.web.accounts import personal as accounts
from interdepend.web.assessment import personal as assessment
from interdepend.web.couple import personal as couple
from interdepend.web.daily import personal as daily
from interdepend.web.decide import personal as decide
from interdepend.web.journal import personal as journal
from interdepend.web.partners import personal as partners
from interdepend.web.practice import personal as practice
from interdepend.web.research import personal as research
from interdepend.web.together import personal as together

#: (app label, its ``personal`` module), in the order the export gathers them.
PROVIDERS: tuple[tuple[str, ModuleType], ...] = (
    ("accounts", accounts),
    ("partners", partners),
    ("assessment", assessment),
    ("couple", couple),
    ("together", together),
    ("decide", decide),
    ("daily", daily),
    ("research", research),
    ("journal", journal),
    ("practice", practice),
)


#: Tables that point at a person but hold only a secret, so the export leaves them out.
SECRET_TABLES = {
    "journal_datakey": "the person's journal key, wrapped: of no use outside this server",
}


#: Tables no download holds, each with the reason (``tests/security/test_export_tables.py``
#: fails for a table that is neither in a download nor here).
LEFT_OUT_TABLES = {
    **SECRET_TABLES,
    "accounts_addressmail": (
        "counts of messages asked for an address and of wrong sign-in codes, to limit them: "
        "each kept only as keyed digests and for a day at most, so no row says whose it is"
    ),
    "accounts_pendingsignup": (
        "a sign-up waiting for the link mailed to it: there is no account yet, and the row goes "
        "when the link is used, the account is made another way, or the link runs out"
    ),
    "partners_spentcode": (
        "the code of an erased person's invitation that someone else had opened, as a digest, "
        "with a keyed digest of that someone's account: nothing of the erased person, and no row "
        "says whose it is; it goes when the account that opened it is erased"
    ),
    "axes_accessattemptexpiration": (
        "when the pause after failed sign-ins ends, for a row of axes_accessattempt, whose "
        "times are in the download; it goes with that row"
    ),
    "datarights_newpassword": (
        "the moments she chose a new password, kept for a restore to do again: in the download "
        "they are rows of datarights_forgotten, beside her safety resets"
    ),
    "auth_group": "the app's own list of groups, the same for everyone",
    "auth_group_permissions": "the app's own list of what each group may do",
    "auth_permission": "the app's own list of permissions, the same for everyone",
    "django_content_type": "the app's own list of kinds of record, the same for everyone",
}


def providers() -> Iterator[tuple[str, ModuleType]]:
    """(app label, personal module) for each app that stores something of a person's."""
    return iter(PROVIDERS)
