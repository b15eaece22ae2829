"""``interdepend backup OUT`` and ``interdepend restore IN``: the deployer's copies.

Both work while the app runs. The journal's wrapped data keys go to ``OUT.keys`` beside the
copy, never inside it; see docs/data-rights.md for where to keep each and how to rehearse.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from interdepend.core.plural import counted


def register(subparsers: Any) -> None:
    backup = subparsers.add_parser(
        "backup",
        help="copy the database (and the journal keys beside it) while the app runs",
        description="Copy the live database to OUT in one consistent moment: SQLite's online "
        "backup, or pg_dump on PostgreSQL. The journal's wrapped data keys are written to "
        "OUT.keys, not into the copy. Keep the two apart. Older keys files in OUT's folder are "
        "then deleted, so that the journal entries of people erased since stay unreadable in "
        "older copies (the newest keys file opens every older copy of the people still here).",
    )
    backup.add_argument("out", type=Path, metavar="OUT", help="the file to write")
    backup.add_argument(
        "--force", action="store_true", help="overwrite OUT and OUT.keys if they exist"
    )
    backup.add_argument(
        "--keep-old-keys",
        action="store_true",
        help="leave older keys files in OUT's folder (erased people's journals stay readable "
        "in the copies they go with)",
    )
    backup.set_defaults(func=cmd_backup)

    restore = subparsers.add_parser(
        "restore",
        help="replace the database with a backup (and load IN.keys)",
        description="Put a backup made by `interdepend backup` back. Nothing is changed when "
        "the file is missing or damaged, or comes from a newer version.",
    )
    restore.add_argument("source", type=Path, metavar="IN", help="the backup file")
    restore.add_argument(
        "--yes", action="store_true", help="replace a database that already holds data"
    )
    restore.add_argument(
        "--without-keys",
        action="store_true",
        help="restore even though IN.keys is missing (journal entries stay unreadable)",
    )
    restore.set_defaults(func=cmd_restore)


def _size(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 100_000 else f"{n / 1000:.1f} kB"


def cmd_backup(args: argparse.Namespace) -> int:
    from interdepend.cli import CommandError
    from interdepend.cli.web import setup_django

    keys = args.out.with_name(args.out.name + ".keys")
    taken = [path for path in (args.out, keys) if path.is_file()]
    if taken and not args.force:
        # A typo must not turn a file someone keeps into a database copy.
        raise CommandError(
            f"{taken[0]} already exists; choose another name or add --force; nothing written"
        )
    setup_django(schema="any")
    from interdepend.cli.web import database_check

    # A database an older version set up is copied as it is: the copy to make before
    # `manage migrate`. Refused, the message said to migrate first, and so the one copy that
    # could undo the upgrade was never made (the deployer walk of 2026-12-04).
    pending = database_check(older=True)
    from interdepend.web.datarights import backup

    try:
        done = backup.backup(args.out.resolve())
    except backup.BackupFailed as error:
        raise CommandError(f"backup failed, nothing written: {error}") from None
    except backup.BackupError as error:
        raise CommandError(f"backup refused: {error}") from None
    print(f"backup: {done.path} ({_size(done.size)}) in {done.seconds:.2f} s")
    print(f"keys: {done.keys}")
    if not args.keep_old_keys and keys.is_file():
        older = backup.remove_older_keys(keys)
        if older.removed:
            print(
                f"removed {len(older.removed)} older keys file(s) from {keys.parent}: the "
                "journal entries of people erased since stay unreadable in older copies"
            )
        if older.kept:
            names = ", ".join(path.name for path in older.kept)
            print(
                f"kept {len(older.kept)} older keys file(s) not marked as this database's: "
                f"{names}. If they are this site's (from before keys files were marked, or "
                "before its database moved: another host, port, name or data folder), delete "
                "them yourself: each opens the journals of people erased since"
            )
    if pending:
        print(
            f"note: the database is from an older version of Interdepend ({pending} "
            "migration(s) to run); the copy holds it as it is. Run `interdepend manage "
            "migrate` next."
        )
    else:
        _write_missing_forgotten()
    return 0


def _write_missing_forgotten() -> None:
    """Write the deletions and resets the forgotten-file is missing (one could not be written
    when it was made); the copy is made either way, and a file still out of reach is said."""
    from interdepend.web.datarights import forgotten

    try:
        written = forgotten.write_missing(strict=True)
    except OSError as error:
        print(
            f"interdepend: the copy is made, but the forgotten-file {forgotten.forgotten_file()} "
            f"could not be written ({error.strerror or type(error).__name__}); the deletions and "
            "resets it is missing wait in the database until it can be (docs/data-rights.md)",
            file=sys.stderr,
        )
        return
    if written:
        print(f"forgotten-file: {counted(written, 'missing step', 'missing steps')} written")


def cmd_restore(args: argparse.Namespace) -> int:
    from interdepend.cli import CommandError
    from interdepend.cli.web import database_reachable, setup_django

    setup_django(schema="any")
    database_reachable()
    from interdepend.web.datarights import backup

    try:
        done = backup.restore(
            args.source.resolve(), overwrite=args.yes, without_keys=args.without_keys
        )
    except backup.BackupError as error:
        raise CommandError(f"restore refused, nothing was changed: {error}") from None
    print(f"restored: {done.path} ({_size(done.size)}) in {done.seconds:.2f} s")
    print(f"keys: {done.keys}")
    for note in done.notes:
        print(f"note: {note}")
    return 0
