"""``interdepend check-deploy``: report a misconfigured deployment in plain words."""

from __future__ import annotations

import argparse
from typing import Any

from interdepend.cli import CommandError


def register(subparsers: Any) -> None:
    check = subparsers.add_parser(
        "check-deploy",
        help="say what is wrong with this deployment's settings (exit 2 if anything)",
        description="Check the secret key, HTTPS and the proxies in front, allowed host names, "
        "the database (reachable, up to date), the cache (reachable, shared when there is more "
        "than one server), the master key, mail, the push key, the forgotten-file, demo "
        "people left in, the help lines for your country and the collected static files, with "
        "the environment this command is given. Changes nothing. docs/deploy.md says how to fix "
        "each finding.",
    )
    check.add_argument(
        "--servers",
        type=int,
        default=1,
        help="how many app servers share the database (default 1)",
    )
    check.set_defaults(func=cmd_check_deploy)


def cmd_check_deploy(args: argparse.Namespace) -> int:
    if args.servers < 1:
        raise CommandError("--servers must be 1 or more")
    from interdepend.cli.web import setup_django

    setup_django(schema="any")  # an unreachable or old database is one of the findings
    from interdepend.web.deploycheck import findings

    found = findings(args.servers) + _static_findings()
    if not found:
        print(f"All is well for {args.servers} server(s): nothing to fix.")
        return 0
    print(f"{len(found)} thing(s) to fix before people use this site:")
    for number, finding in enumerate(found, 1):
        print(f"{number}. {finding}")
    return 2


def _static_findings() -> list[str]:
    from interdepend.cli.web import COLLECTSTATIC, missing_static_manifest

    manifest = missing_static_manifest()
    if manifest is None:
        return []
    return [
        f"The static files (styles, scripts, icons) have not been collected ({manifest} is "
        f"missing), so every page would fail. Run `{COLLECTSTATIC}` after each install and "
        "upgrade, between migrate and the restart."
    ]
