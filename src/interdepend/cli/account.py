"""Operator commands for an owner locked out of her own account: ``interdepend two-step off``
when a second step keeps her out, ``interdepend email-change`` when she no longer controls the
account's e-mail address."""

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

    move = subparsers.add_parser(
        "email-change",
        help="move an account to a new e-mail address (for its owner, once you know it is them)",
        description="Give the account with the address OLD the address NEW: for the owner who "
        "no longer controls OLD (someone else reads it, or it is gone), so the in-app change and "
        "the password reset, which both write to OLD, cannot help. Nothing is sent to either "
        "address. The password is replaced by one nobody is told and every session on every "
        "device ends; the owner chooses a new password with 'Forgot your password?' at NEW. "
        "Make sure first, away from the app, that the person asking is the owner and that NEW "
        "is theirs.",
    )
    move.add_argument("old", metavar="OLD", help="the account's e-mail address now")
    move.add_argument("new", metavar="NEW", help="the owner's new e-mail address")
    move.add_argument(
        "--yes", action="store_true", help="do not ask again (for scripts; asks otherwise)"
    )
    move.set_defaults(func=cmd_email_change)


def ask_again(what: str, prompt: str, address: str) -> None:
    """Say what is about to happen and have the address typed again; refuse (nothing changed)
    when not at a terminal or when the address typed differs."""
    from interdepend.cli import CommandError

    if not sys.stdin.isatty():
        # "say --yes to go on without a question" left a deployer guessing why it asked
        # nothing (the deployment walk of 2026-12-04).
        raise CommandError(
            "this command asks you to type the address again, and it is not running in a "
            "terminal that can ask: run it in one, or add --yes once you are sure; nothing changed"
        )
    print(what)
    if input(prompt).strip().lower() != address.lower():
        raise CommandError("the address typed was not the same; nothing changed")


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
        ask_again(
            f"This signs {user.email} out everywhere and replaces the password; they choose a "
            "new one with 'Forgot your password?'.",
            "Type the e-mail address again to go on: ",
            user.email,
        )
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


def cmd_email_change(args: argparse.Namespace) -> int:
    from interdepend.cli import CommandError
    from interdepend.cli.web import setup_django

    setup_django()
    from interdepend.web.accounts import services, twostep
    from interdepend.web.accounts.models import User

    new = args.new.strip().lower()
    if not services.address_well_formed(new):
        raise CommandError(f"{args.new!r} is not an e-mail address; nothing changed")
    user = User.objects.filter(email__iexact=args.old.strip()).first()
    if user is None:
        raise CommandError(f"no account has the e-mail address {args.old!r}; nothing changed")
    if new == user.email.lower():
        raise CommandError(f"the account already has the address {new!r}; nothing changed")
    if services.address_owner(new, besides=user) is not None:
        raise CommandError(
            f"another account has the address {new!r}, now or as one it moved away from; "
            "nothing changed"
        )
    if not args.yes:
        ask_again(
            f"This moves {user.email} to {new}, signs it out everywhere and replaces the "
            "password; nothing is sent to either address.",
            "Type the new address again to go on: ",
            new,
        )
    old = user.email
    ended = services.email_move_by_operator(user=user, new_email=new)
    if ended is None:
        raise CommandError(f"another account has the address {new!r}; nothing changed")
    print(f"{old} is now {new}. Ended {ended} session(s); the password was replaced.")
    if twostep.has_factor(user):
        print(
            "The account still has a second step. If it is not hers, take it off too: "
            f"interdepend two-step off {new}"
        )
    print(
        "Next: she opens the sign-in page, chooses 'Forgot your password?' and types the new "
        "address."
    )
    return 0
