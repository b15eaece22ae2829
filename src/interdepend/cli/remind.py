"""``interdepend remind``: send the weekly check-in reminders people asked for."""

from __future__ import annotations

import argparse
from typing import Any


def register(subparsers: Any) -> None:
    remind = subparsers.add_parser(
        "remind",
        help="send this week's check-in reminders (run it hourly: docs/deploy.md)",
        description="E-mail a content-free reminder to each person who turned reminders on and "
        "has not checked in this week, from 09:00 on the Monday of their own time zone. Each "
        "person gets at most one a week. Run it every hour from the systemd timer or the cron file "
        "in docs/deploy.md, which load the settings: a bare crontab line finds neither the "
        "program nor the settings.",
    )
    remind.set_defaults(func=cmd_remind)


def cmd_remind(args: argparse.Namespace) -> int:
    from interdepend.cli.web import setup_django

    setup_django()
    from interdepend.web.together.reminders import reminders_send

    print(f"sent {reminders_send()} reminder(s)")
    return 0
