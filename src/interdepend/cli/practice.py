"""``interdepend practitioner add`` and ``interdepend verify-access-log``."""

from __future__ import annotations

import argparse
from typing import Any

KINDS = ("therapist", "counsellor", "coach")


def register(subparsers: Any) -> None:
    practitioner = subparsers.add_parser(
        "practitioner",
        help="give an existing account the practitioner role",
        description="Give the account with this e-mail address the practitioner role (a "
        "therapist, counsellor or coach). Nothing of anyone's becomes visible: each client "
        "still decides what to share.",
    )
    actions = practitioner.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="turn the practitioner role on for an account")
    add.add_argument("email", help="the person's e-mail address")
    add.add_argument("--kind", choices=KINDS, default="therapist", help="(default: therapist)")
    add.add_argument("--practice-name", default="", help="shown to clients beside the name")
    add.set_defaults(func=cmd_practitioner_add)

    verify = subparsers.add_parser(
        "verify-access-log",
        help="check every person's access-log hash chain (exit 1 if one is broken)",
        description="Recompute each person's access-log hash chain from its first row to its "
        "last. Prints how many chains and rows were checked, each broken chain, and one "
        "fingerprint of all chain ends to note elsewhere. Exit status 1 when any chain is broken.",
    )
    verify.set_defaults(func=cmd_verify_access_log)


def cmd_practitioner_add(args: argparse.Namespace) -> int:
    from interdepend.cli import CommandError
    from interdepend.cli.web import setup_django

    setup_django()
    from interdepend.web.accounts.models import User
    from interdepend.web.frame.usertext import one_line
    from interdepend.web.practice.models import Practitioner
    from interdepend.web.practice.services import PracticeError, practitioner_enable

    name = one_line(args.practice_name).strip()
    limit = Practitioner._meta.get_field("practice_name").max_length
    if limit is not None and len(name) > limit:
        raise CommandError(
            f"the practice name has {len(name)} characters, {limit} at most; nothing changed"
        )
    user = User.objects.filter(email__iexact=args.email.strip()).first()
    if user is None:
        raise CommandError(f"no account has the e-mail address {args.email!r}")
    try:
        profile = practitioner_enable(user=user, kind=args.kind, practice_name=name)
    except PracticeError as error:
        raise CommandError(f"{error} Nothing changed.") from None
    print(
        f"{user.email} is now a practitioner ({args.kind}), number {profile.number}: clients see "
        "it beside the name, and nobody can choose or change it"
    )
    return 0


def cmd_verify_access_log(args: argparse.Namespace) -> int:
    from interdepend.cli.web import setup_django

    setup_django()
    from interdepend.web.practice.accesslog import verify_all

    found = verify_all()
    for chain in found.broken:
        print(f"BROKEN chain of person {chain.subject_id}: {chain.problem}")
    print(
        f"verified {len(found.chains)} chains, {found.rows} rows; "
        f"{len(found.broken)} broken; heads fingerprint {found.heads_fingerprint}"
    )
    return 1 if found.broken else 0
