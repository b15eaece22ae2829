"""``interdepend report``: a person's or a couple's PDF report, the same as the download."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def register(subparsers: Any) -> None:
    report = subparsers.add_parser(
        "report",
        help="write a person's (or, with --couple, the couple's) PDF report",
        description="Write the PDF report of the person with this e-mail address. With "
        "--couple, the couple report, which exists only once both partners have shared.",
    )
    report.add_argument("--email", required=True, help="the person's e-mail address")
    report.add_argument("--couple", action="store_true", help="the couple report")
    report.add_argument("--pdf", required=True, type=Path, metavar="OUT.pdf", help="where to write")
    report.set_defaults(func=cmd_report)


def _pdf_for(email: str, couple: bool) -> bytes:
    from interdepend.cli import CommandError
    from interdepend.web.accounts.models import User
    from interdepend.web.assessment.report import person_pdf
    from interdepend.web.assessment.selectors import latest_finished_attempt
    from interdepend.web.couple.report import couple_pdf
    from interdepend.web.couple.selectors import couple_view
    from interdepend.web.frame.pwa import is_plain
    from interdepend.web.partners.access import access_active_partnership

    user = User.objects.filter(email__iexact=email.strip()).first()
    if user is None:
        raise CommandError(f"no account has the e-mail address {email!r}")
    if not couple:
        attempt = latest_finished_attempt(user)
        if attempt is None:
            raise CommandError(f"{email} has not finished the inventory yet")
        return person_pdf(user, attempt)
    active = access_active_partnership(user)
    view = couple_view(user, active) if active else None
    if view is None:
        raise CommandError(
            f"there is no couple view for {email}: both partners must have finished the "
            "inventory and both chosen to share"
        )
    return couple_pdf(view, plain=is_plain(user))  # her look, as she would download it


def _logged_pdf_for(email: str, couple: bool) -> bytes:
    """The report, with one operator read in the access log of each person in it."""
    from django.db import transaction

    from interdepend.web.accounts.models import User
    from interdepend.web.partners.access import access_partner
    from interdepend.web.practice.accesslog import record_reads
    from interdepend.web.practice.models import AccessKind

    with transaction.atomic():
        pdf = _pdf_for(email, couple)
        user = User.objects.get(email__iexact=email.strip())
        partner = access_partner(user) if couple else None
        people = [user] if partner is None else [user, partner]
        record_reads(subjects=people, reader=None, kind=AccessKind.REPORT)
    return pdf


def cmd_report(args: argparse.Namespace) -> int:
    from interdepend.cli import CommandError
    from interdepend.cli.web import setup_django

    if args.pdf.suffix.lower() != ".pdf":
        raise CommandError(f"--pdf must name a .pdf file, not {str(args.pdf)!r}")
    if not args.pdf.parent.exists():
        raise CommandError(f"the folder {str(args.pdf.parent)!r} does not exist")
    setup_django()
    pdf = _logged_pdf_for(args.email, args.couple)
    partial = args.pdf.with_suffix(".pdf.part")
    partial.write_bytes(pdf)
    partial.replace(args.pdf)
    print(f"wrote {args.pdf} ({len(pdf) // 1024} KiB)")
    return 0
