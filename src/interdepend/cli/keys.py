"""``interdepend rotate-key``: re-wrap every journal data key under the newest master key."""

from __future__ import annotations

import argparse
import base64
import secrets
import time
from typing import TYPE_CHECKING, Any

from interdepend.cli import CommandError

if TYPE_CHECKING:
    from interdepend.web.journal.keys import Keyring

ENV_STEPS = (
    "The master keys come from INTERDEPEND_MASTER_KEY, which this command cannot change. "
    "To rotate: put a new key first in INTERDEPEND_MASTER_KEY (keep the old one after it, "
    "separated by a comma; `interdepend rotate-key --print-new-key` prints one), restart the "
    "app, run `interdepend rotate-key`, then remove the old key and restart again."
)


def register(subparsers: Any) -> None:
    rotate = subparsers.add_parser(
        "rotate-key",
        help="re-wrap every journal data key under the newest master key",
        description="Re-wrap every person's journal data key under the newest master key. With "
        "the key file, --generate first adds a fresh key at the top of the file and --drop-old "
        "afterwards removes the older keys once no data key needs them. Safe to run again.",
    )
    rotate.add_argument(
        "--generate", action="store_true", help="add a fresh key at the top of the key file first"
    )
    rotate.add_argument(
        "--drop-old",
        action="store_true",
        help="afterwards, remove older keys from the key file (only when nothing needs them)",
    )
    rotate.add_argument(
        "--print-new-key",
        action="store_true",
        help="only print a fresh random key (for INTERDEPEND_MASTER_KEY); change nothing",
    )
    rotate.add_argument("--batch", type=int, default=500, help="keys per transaction (500)")
    rotate.set_defaults(func=cmd_rotate_key)


def cmd_rotate_key(args: argparse.Namespace) -> int:
    if args.print_new_key:
        print(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode("ascii"))
        return 0
    if args.batch < 1:
        raise CommandError("--batch must be 1 or more")
    from interdepend.cli.web import setup_django

    setup_django()
    from interdepend.web.journal import keys

    try:
        return _rotate(args, keys)
    except keys.JournalKeyError as error:
        raise CommandError(str(error)) from None


def _rotate(args: argparse.Namespace, keys: Any) -> int:
    ring = keys.keyring()
    if ring.source == "env" and (args.generate or args.drop_old):
        raise CommandError(ENV_STEPS)
    if args.generate:
        added = keys.add_key_to_file(ring.path)
        print(f"added master key {added.key_id} at the top of {ring.path}")
        ring = keys.keyring()
    started = time.perf_counter()
    rewrapped, current = keys.rewrap_all(batch=args.batch)
    took = time.perf_counter() - started
    print(
        f"re-wrapped {rewrapped} data key(s) under master key {ring.newest.key_id} "
        f"in {took:.2f} s; {current} already under it"
    )
    if args.drop_old:
        dropped = keys.drop_old_keys(ring.path)
        print(f"removed {dropped} older key(s) from {ring.path}")
        if dropped:
            gone = ", ".join(key.key_id for key in ring.keys[1:])
            print(
                f"Backups made before the rotation hold journal keys locked with {gone}: "
                "`interdepend restore` refuses them as they are. Make a backup now: to restore "
                "an older copy, put the newest keys file beside it in place of its own. Keep "
                "the old key only if you must open one without it, and apart from the copies, "
                "never beside them."
            )
    elif len(ring.keys) > 1:
        _tell_about_old_keys(ring, keys.key_ids_in_use())
    return 0


def _tell_about_old_keys(ring: Keyring, in_use: dict[str, int]) -> None:
    older = len(ring.keys) - 1
    still = {key_id: n for key_id, n in in_use.items() if key_id != ring.newest.key_id}
    if still:
        # Counted afresh, not assumed: a server not yet given the new key goes on wrapping new
        # data keys under the old one, and a run beside this one may still hold rows it skipped.
        # "No longer needed" then had the old key removed, and those journals lost for good
        # (the deployer walk of 2026-12-04).
        print(
            f"{sum(still.values())} data key(s) are still locked with an older master key "
            f"({', '.join(sorted(still))}): another rotate-key may still be at work, or a "
            "server not yet given the new key first made them since. Once every server has the "
            "new key first, run rotate-key again; keep the older keys until it says none needs "
            "them."
        )
        return
    gone = ", ".join(key.key_id for key in ring.keys[1:])
    if ring.source == "env":
        print(
            f"{older} older key(s) in INTERDEPEND_MASTER_KEY ({gone}) are no longer needed by "
            "any data key in the database, but the keys files of backups made before this "
            "rotation are locked with them. Make a backup now (interdepend backup), and keep "
            "the old key, apart, for as long as you keep a copy from before it; then remove them "
            "from the variable (keep the first) and restart the app."
        )
    else:
        print(f"{older} older key(s) remain in {ring.path}; --drop-old removes them.")
