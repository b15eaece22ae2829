"""``interdepend export``: the de-identified datasets for researchers.

``--research OUT.csv`` writes the pairwise scale scores (for ``interdepend apim``);
``--answers OUT.csv`` writes the statements' answers, one row per person (for
``interdepend validate``). Both hold only couples in which both partners consented.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def register(subparsers: Any) -> None:
    """Add ``export`` to the ``interdepend`` command."""
    export = subparsers.add_parser(
        "export",
        help="write a de-identified research dataset of consenting couples",
        description="Write a pairwise CSV (one row per person, own scale scores as *_A and "
        "the partner's as *_P, a random dyad id) of current couples in which both partners "
        "consented to research use. No names, e-mail addresses, dates or free text. The file "
        "is ready for `interdepend apim OUT.csv --dyad dyad --outcome bond_A --actor self_A`.",
    )
    which = export.add_mutually_exclusive_group(required=True)
    which.add_argument("--research", metavar="OUT.csv", help="write the pairwise scale scores here")
    which.add_argument(
        "--answers",
        metavar="OUT.csv",
        help="write each person's answers to the current statements here, with a role column "
        "(ready for `interdepend validate OUT.csv`)",
    )
    export.add_argument("--force", action="store_true", help="overwrite OUT.csv if it exists")
    export.set_defaults(func=cmd_export)


def cmd_export(args: argparse.Namespace) -> int:
    from interdepend.cli import CommandError
    from interdepend.cli.web import setup_django
    from interdepend.core.csvcell import SafeDictWriter
    from interdepend.core.plural import counted

    out = Path(args.research or args.answers)
    if out.exists() and not args.force:
        raise CommandError(f"{out} already exists; choose another name or add --force")
    if not out.parent.is_dir():
        raise CommandError(f"no such folder: {out.parent}")
    setup_django()
    from interdepend.web.research import selectors

    if args.answers:
        rows, columns = selectors.answer_rows(), selectors.answer_columns()
    else:
        rows, columns = selectors.research_rows(), selectors.export_columns()
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = SafeDictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
    written = len(rows) // 2
    print(f"wrote {len(rows)} rows ({counted(written, 'couple', 'couples')}) to {out}")
    consenting = selectors.consenting_couples_count()
    if not consenting:
        print("no couple has both partners consenting yet")
    elif consenting > written:
        # Why, couple by couple, is not said: a count of flagged screens among them would be
        # one more thing about someone that no page shows.
        left = counted(consenting - written, "couple", "couples")
        print(
            f"left out: {left} where both consented (no finished inventory since the two "
            "linked, a scale without a score, a flagged safety screen or, for --answers, an "
            "earlier version; docs/research.md says who is in the file)"
        )
    return 0
