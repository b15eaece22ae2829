"""The practice's part of a person's data rights (see ``datarights.providers``).

A client's export holds their links, every consent they gave (with its dates) and their whole
access log; a practitioner's adds their profile, their invitations and the log rows of their own
reads (the person read appears only as an account id), never their clients' data.
Erasure is the database cascade: the person's links, consents and access-log chain go with the
account; rows they wrote as a reader stay in the other people's logs under the reader label.
"""

from __future__ import annotations

from interdepend.web.accounts.models import User
from interdepend.web.frame.exportrows import Row, Tables, rows, table
from interdepend.web.practice.models import (
    AccessLogEntry,
    ClientInvitation,
    ClientLink,
    Consent,
    Practitioner,
)
from interdepend.web.practice.services import client_withdraw_all


def export(user: User) -> Tables:
    """The person's links, consents and access log; as a practitioner, their profile,
    invitations (without the code digest) and the reads they made (when and what kind; an
    account's integer id never leaves the database)."""
    links = ClientLink.objects.filter(client=user).select_related("practitioner__user")
    names = {link.public_id: link.practitioner.user.display_name for link in links}
    link_rows = [{**row, "practitioner_name": names[str(row["id"])]} for row in rows(links)]
    return {
        table(ClientLink): link_rows,
        table(Consent): rows(Consent.objects.filter(link__client=user)),
        table(AccessLogEntry): _log_rows(user),
        table(Practitioner): rows(Practitioner.objects.filter(user=user)),
        table(ClientInvitation): rows(
            ClientInvitation.objects.filter(practitioner__user=user), exclude=("code_digest",)
        ),
    }


#: The columns that place a row in its owner's hash chain.
CHAIN_COLUMNS = ("seq", "prev_hash", "entry_hash")


def _log_rows(user: User) -> list[Row]:
    """The person's own access log, whole; then, for a practitioner, the reads they made in
    their clients' logs: what kind and when, but not the row's place in the client's chain. Its
    number and hashes would tell the reader how many reads others made in between (another
    practitioner, or whoever runs the site), which is the client's to know, not the reader's."""
    own = rows(AccessLogEntry.objects.filter(subject=user))
    theirs = rows(
        AccessLogEntry.objects.filter(reader=user).exclude(subject=user), exclude=CHAIN_COLUMNS
    )
    return own + [{**row, **dict.fromkeys(CHAIN_COLUMNS, "")} for row in theirs]


def unshare_all(user: User) -> int:
    """Revoke every consent the person gave and end all their client links, quietly."""
    return client_withdraw_all(user=user)


def erase(user: User) -> None:
    """Nothing beyond the cascade: links, consents and the person's log chain go with them."""
    return None
