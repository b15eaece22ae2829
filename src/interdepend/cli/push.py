"""``interdepend push``: send the content-free push notifications people asked for."""

from __future__ import annotations

import argparse
from typing import Any


def register(subparsers: Any) -> None:
    push = subparsers.add_parser(
        "push",
        help="send today's push notifications (run it every 15 minutes: docs/deploy.md)",
        description="Send one content-free notification to each person who turned a kind on, "
        "outside their quiet hours, at most once a day per kind. Safe to run from two machines "
        "at once: a notification is claimed in the database before it is sent. Run it every "
        "quarter of an hour from the systemd timer or the cron file in docs/deploy.md, which "
        "load the settings: a bare crontab line finds neither the program nor the settings.",
    )
    push.set_defaults(func=cmd_push)


def cmd_push(args: argparse.Namespace) -> int:
    from interdepend.cli.web import setup_django

    setup_django()
    from interdepend.web.notify.sender import push_send

    report = push_send()
    print(
        f"sent {report.messages} notification(s) to {report.devices} device(s); "
        f"{report.gone} device(s) gone, {report.failed} failed"
    )
    return 0
