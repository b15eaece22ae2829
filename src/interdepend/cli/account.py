"""``interdepend two-step off``: the way back in when a second step locks its owner out."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def register(subparsers: Any) -> None:
    two_step = subparsers.add_parser(
        "two-step",
        help="turn an account's two-step sign-in off (for its owner, once you know it is them)",
        description="Turn two-step sign-in off for the account with this e-mail address: its "
        "authenticator app, passkeys and recovery codes go, its password is replaced by one "
        "nobody is told, and every session on every device ends. For the owner who has lost "
        "both the phone and the recovery codes, or whose step someone else turned on with "
        "their own phone. Make sure first, away from the app, that the person asking is the owner "
        "and that the account's e-mail address is theirs: they choose a new password with "
        "'Forgot your password?'.",
    )
    actions = two_step.add_subparsers(dest="action", metavar="ACTION", required=True)
    off = actions.add_parser("off", help="remove every second step and end every session")
    off.add_argument("email", help="the account's e-mail address")
    off.add_argument(
        "--yes", action="store_true", help="do not ask again (for scripts; asks otherwise)"
    )
    off.set_defaults(func=cmd_two_step_off)


def cmd_two_step_off(args: argparse.Namespace) -> int:
    from interdepend.cli import CommandError
    from interdepend.cli.web import setup_django

    setup_django()
    from interdepend.web.accounts import twostep
    from interdepend.web.accounts.models import User

    user = User.objects.filter(email__iexact=args.email.strip()).first()
    if user is None:
        raise CommandError(f"no account has the e-mail address {args.email!r}; nothing changed")
    if not args.yes:
        if not sys.stdin.isatty():
            raise CommandError("say --yes to go on without a question; nothing changed")
        print(
            f"This signs {user.email} out everywhere and replaces the password; they choose a "
            "new one with 'Forgot your password?'."
        )
        typed = input("Type the e-mail address again to go on: ").strip()
        if typed.lower() != user.email.lower():
            raise CommandError("the address typed was not the same; nothing changed")
    removed = twostep.remove_all_for_owner(user)
    kinds = []
    if removed.app:
        kinds.append("the authenticator app")
    if removed.passkeys:
        kinds.append(f"{removed.passkeys} passkey{'s' if removed.passkeys != 1 else ''}")
    if removed.recovery_codes:
        kinds.append(f"{removed.recovery_codes} recovery codes")
    print(f"{user.email}: took off {', '.join(kinds) or 'no second step (there was none)'}.")
    print(f"Ended {removed.sessions} session(s); the password was replaced.")
    print("Next: they open the sign-in page, choose 'Forgot your password?' and follow the link.")
    return 0
