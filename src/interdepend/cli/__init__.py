"""The ``interdepend`` command line: one entry point, one module per area.

Each area module exposes ``register(subparsers)`` which adds its sub-commands; every
sub-command sets ``func`` to a callable taking the parsed namespace and returning an exit code.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from interdepend import __version__

#: Area modules, in the order their commands appear in ``--help``.
AREAS: tuple[str, ...] = (
    "web",
    "deploy",
    "research",
    "dyadic_more",
    "alike",
    "diary",
    "validate",
    "assessment",
    "report",
    "export",
    "remind",
    "push",
    "keys",
    "data",
    "practice",
    "account",
)


class CommandError(Exception):
    """A user-facing error: printed without a traceback, exit status 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="interdepend",
        description="Interdepend: see and grow interdependence in close relationships.",
    )
    parser.add_argument("--version", action="version", version=f"interdepend {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for area in AREAS:
        module = importlib.import_module(f"interdepend.cli.{area}")
        module.register(subparsers)
    return parser


#: The exit status of a command whose reader went away (``interdepend apim … | head -1``):
#: 128 + SIGPIPE, what a shell reports for ``seq 1000000 | head -1``. Not 1, which some
#: commands give for a finding (a row left out, a broken access-log chain).
READER_GONE = 141


def main(argv: Sequence[str] | None = None) -> int:
    os.umask(0o077)  # every file the app writes is for its own user only (docs/security.md)
    try:
        try:
            return _run(argv)
        finally:
            # What is still buffered (a short table, --help) meets a closed pipe here, where it
            # can be caught, not while Python shuts down ("Exception ignored ... BrokenPipeError").
            sys.stdout.flush()
    except BrokenPipeError:
        # The reader stopped early (``| head``): what it did not read was not wanted. As the
        # Python docs advise, standard output goes nowhere from now on, so the flush at exit
        # finds nothing to complain about; nothing is said, as a Unix tool says nothing.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return READER_GONE


def _run(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except CommandError as error:
        print(f"interdepend: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        raise  # main's: the reader went away, which is no error of a file
    except OSError as error:
        # A file or folder the system would not let us read or write (a folder where a file
        # should be, no permission, a full disk): said in one line, not a traceback. Each
        # command checks what it can first; this is for what only trying shows.
        where = f"{error.filename}: " if error.filename else ""
        print(f"interdepend: cannot use {where}{error.strerror or error}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
