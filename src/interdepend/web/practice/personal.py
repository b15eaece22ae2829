"""The practice's part of a person's data rights (see ``datarights.providers``).

A client's export holds their links, the invitations they answered to connect, every consent
they gave (with its dates) and their whole access log; a practitioner's adds their profile,
their invitations and the log rows of their own reads (the person read appears only as an
account id), never their clients' data.
Erasure is the database cascade: the person's links, consents and access-log chain go with the
account; rows they wrote as a reader stay in the other people's logs under the reader label.
A practitioner's links end first and stay with their clients under that label, with the
consents given on them: each client's record of what she shared, and with whom.
"""

from __future__ import annotations

from interdepend.web.accounts.models import User
from interdepend.web.frame.exportrows import Table, Tables, rows, table
from interdepend.web.partners.services import codes_spent
from interdepend.web.practice.accesslog import reader_label
from interdepend.web.practice.models import (
    AccessLogEntry,
    ClientInvitation,
    ClientInvitationState,
    ClientLink,
    Consent,
    Practitioner,
)
from interdepend.web.practice.services import client_withdraw_all, link_end


def export(user: User) -> Tables:
    """The person's links, consents and access log; as a practitioner, their profile,
    invitations (without the code digest) and the reads they made of the people they still
    work with (when and what kind; an account's integer id never leaves the database)."""
    links = ClientLink.objects.filter(client=user).select_related("practitioner__user")
    names = {link.public_id: link.practitioner_name for link in links}
    found = rows(links, exclude=("practitioner_label",))
    link_rows = Table(
        ({**row, "practitioner_name": names[str(row["id"])]} for row in found),
        (*found.columns, "practitioner_name"),
    )
    return {
        table(ClientLink): link_rows,
        table(Consent): rows(Consent.objects.filter(link__client=user)),
        table(AccessLogEntry): _log_rows(user),
        table(Practitioner): rows(Practitioner.objects.filter(user=user)),
        table(ClientInvitation): _invitations(user),
    }


def _invitations(user: User) -> Table:
    """As a practitioner, the invitations she made (never the code, stored as a digest only);
    as a client, the ones she answered to connect (the data-rights audit of 2026-12-03: her
    link named one her download did not hold), without their state: a couple's code is used
    up only once the partner joins too, so it would tell her what her partner did."""
    hidden = ("code_digest", "opened_by")
    made = rows(ClientInvitation.objects.filter(practitioner__user=user), exclude=hidden)
    answered = rows(
        ClientInvitation.objects.filter(links__client=user)
        .exclude(practitioner__user=user)
        .distinct(),
        exclude=hidden,
    )
    return Table([*made, *({**row, "state": ""} for row in answered)], made.columns)


#: The columns that place a row in its owner's hash chain.
CHAIN_COLUMNS = ("seq", "prev_hash", "entry_hash")


def _log_rows(user: User) -> Table:
    """The person's own access log, whole; then, for a practitioner, the reads they made in the
    logs of the clients they still work with: what kind and when, but not the row's place in
    the client's chain. Its number and hashes would tell the reader how many reads others made
    in between (another practitioner, or whoever runs the site), which is the client's to know,
    not the reader's. A client's rows leave his download when the link ends, however it ends:
    kept until her erasure, their going would tell him she had erased her account rather than
    stopped working with him (the practitioner audit of 2026-12-02)."""
    own = rows(AccessLogEntry.objects.filter(subject=user))
    clients = ClientLink.objects.filter(practitioner__user=user, is_active=True).values("client")
    theirs = rows(
        AccessLogEntry.objects.filter(reader=user, subject__in=clients).exclude(subject=user),
        exclude=CHAIN_COLUMNS,
    )
    blanked = ({**row, **dict.fromkeys(CHAIN_COLUMNS, "")} for row in theirs)
    return Table([*own, *blanked], own.columns)


def unshare_all(user: User) -> int:
    """Revoke every consent the person gave and end all their client links, quietly; as a
    practitioner, withdraw every client code she gave out that is still open (the safety
    reset promises every code stops working: the data-rights audit of 2026-12-03 saw an ex
    use hers after the reset to become her client). Her links with her own clients stay."""
    withdrawn = ClientInvitation.objects.filter(
        practitioner__user=user, state=ClientInvitationState.OPEN
    ).update(state=ClientInvitationState.WITHDRAWN)
    return client_withdraw_all(user=user) + withdrawn


def erase(user: User) -> None:
    """As a practitioner, end every link (as the client's own ending does) and label each with
    who they were: the links and the consents given on them stay with the clients, the
    profile and invitations go (of a code someone opened, only its digest and the opener's key
    stay: ``partners.models.SpentCode``). The rest is the cascade: the person's own links,
    consents and log chain go with them."""
    profile = Practitioner.objects.filter(user=user).first()
    if profile is None:
        return
    codes_spent(
        ClientInvitation.objects.filter(practitioner=profile).values_list(
            "code_digest", "opened_by"
        )
    )
    for link in ClientLink.objects.filter(practitioner=profile, is_active=True):
        link_end(link=link)
    ClientLink.objects.filter(practitioner=profile).update(practitioner_label=reader_label(user))
