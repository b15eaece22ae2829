"""Commands that run the web application: serve, demo, manage."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

DEFAULT_SETTINGS = "interdepend.web.settings"
#: What the web commands need beyond the library: the ``web`` extra of pyproject.toml.
WEB_PACKAGES = ("django", "axes", "argon2", "whitenoise", "gunicorn", "weasyprint", "cryptography")
NO_WEB = (
    "this command runs the web application, which needs more than the library: install it "
    "from your copy of the project with pip install '/path/to/interdepend[web]', never by name "
    "from PyPI (missing here: {missing})"
)


def require_web() -> None:
    """Stop with a plain message when the web extra is not installed, before any import fails."""
    from importlib.util import find_spec

    from interdepend.cli import CommandError

    missing = [name for name in WEB_PACKAGES if find_spec(name) is None]
    if missing:
        raise CommandError(NO_WEB.format(missing=", ".join(missing)))


def load_settings() -> None:
    """Read the site's settings now, so that a wrong value (``LOG_LEVEL=LOUD``) is one line."""
    require_web()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", DEFAULT_SETTINGS)
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    from interdepend.cli import CommandError

    try:
        settings.SECRET_KEY  # noqa: B018 - reads the settings now, before anything else runs
    except ImproperlyConfigured as error:
        raise CommandError(f"the site's settings are not usable: {error}") from None


#: What to run when the static files were never collected (docs/deploy.md).
COLLECTSTATIC = "interdepend manage collectstatic --noinput"


def missing_static_manifest() -> Path | None:
    """The manifest of the collected static files when the site needs it and it is absent.

    The production storage serves each file under a name with its hash, looked up in
    ``STATIC_ROOT/staticfiles.json``; without that file every page fails. ``None`` when the
    manifest is there or the storage needs none (the tests' settings).
    """
    from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage

    if not isinstance(staticfiles_storage, ManifestFilesMixin):
        return None
    manifest = Path(staticfiles_storage.path(staticfiles_storage.manifest_name))
    return None if manifest.is_file() else manifest


def setup_django(*, schema: str = "ready") -> None:
    """Configure Django once, for commands that use the database, and check its tables.

    ``schema`` says what an unmigrated database means for the command: ``"ready"`` (most
    commands) stops with a message saying what to run; ``"migrate"`` brings it up to date
    first (the demo); ``"any"`` checks nothing (restore fills an empty database).
    """
    require_web()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", DEFAULT_SETTINGS)
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as error:  # a setting the deployment gave wrong (DATABASE_URL)
        from interdepend.cli import CommandError

        raise CommandError(f"the site's settings are not usable: {error}") from None
    if schema != "any":
        database_check(migrate=schema == "migrate")


def database_reachable() -> None:
    """Stop in one line when the PostgreSQL server cannot be reached, for ``restore``, which
    checks no tables (it fills an empty database): a wrong password in ``DATABASE_URL`` was
    Django's traceback there (the deployment walk of 2026-12-05). SQLite is left alone, since
    opening it makes the file."""
    from django.db import DatabaseError, connection

    from interdepend.cli import CommandError

    if connection.vendor == "sqlite":
        return
    try:
        connection.ensure_connection()
    except DatabaseError as error:
        raise CommandError(
            f"the database cannot be reached ({first_line(error)}); check DATABASE_URL"
        ) from None


def _pending_migrations() -> tuple[int, int]:
    """(migrations not yet applied, migrations applied) on the default database."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return len(plan), len(executor.loader.applied_migrations)


def database_check(*, migrate: bool = False, older: bool = False) -> int:
    """The one check every database command makes: the tables are there and up to date.

    With ``older``, a database set up by an older version passes too (``backup``: the copy to
    make before migrating); returns how many migrations it still needs.
    """
    from django.db import DatabaseError

    from interdepend.cli import CommandError

    try:
        pending, applied = _pending_migrations()
    except DatabaseError as error:
        raise CommandError(
            f"the database cannot be reached ({first_line(error)}); check DATABASE_URL"
        ) from None
    if not pending:
        return 0
    if migrate:
        from django.core.management import call_command

        print("Setting up the database first (interdepend manage migrate)...", flush=True)
        call_command("migrate", interactive=False, verbosity=0)
        return 0
    if older and applied:
        return pending
    raise CommandError(NOT_SET_UP if not applied else NOT_UP_TO_DATE)


NOT_SET_UP = (
    "the database is not set up yet. Run `interdepend manage migrate` once (it creates the "
    "tables), then run this command again."
)
NOT_UP_TO_DATE = (
    "the database is from an older version of Interdepend. Run `interdepend manage migrate` "
    "(it updates the tables and keeps every row), then run this command again."
)


def register(subparsers: Any) -> None:
    serve = subparsers.add_parser("serve", help="serve the web app with gunicorn")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    serve.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
    serve.set_defaults(func=cmd_serve)

    demo = subparsers.add_parser(
        "demo",
        help="load the demo people (safe to run again), or remove them",
        description="Load four demo people (a couple, a person alone and a counsellor) with a "
        "shared password the sign-in page shows to everyone: for trying Interdepend on your own "
        "machine. On a site served over HTTPS it stops unless --on-a-public-site is given.",
    )
    what = demo.add_mutually_exclusive_group()
    what.add_argument(
        "--remove",
        action="store_true",
        help="delete the demo people and everything of theirs, as their own deletion would",
    )
    what.add_argument(
        "--on-a-public-site",
        action="store_true",
        help="load them although the site is served over HTTPS (anyone who opens it can then "
        "sign in as them, the counsellor included)",
    )
    demo.set_defaults(func=cmd_demo)

    manage = subparsers.add_parser("manage", help="run a Django management command")
    manage.add_argument("args", nargs=argparse.REMAINDER, help="the command and its arguments")
    manage.set_defaults(func=cmd_manage)


#: What the server's access log says of each request: when, the method, the answer's status,
#: size and time taken. Never the address asked for (it can hold an invitation code or a reset
#: link, and it says which page someone visited: the safety page, the reset), the page it came
#: from, the browser, or the address it came from.
ACCESS_LOG_FORMAT = '%(t)s "%(m)s" %(s)s %(B)s %(M)sms'


def gunicorn_argv(args: argparse.Namespace) -> list[str]:
    return [
        "gunicorn",
        "interdepend.web.wsgi:application",
        "--bind",
        f"{args.host}:{args.port}",
        "--workers",
        str(args.workers),
        "--no-control-socket",
        "--umask",
        "0o077",
        "--access-logfile",
        "-",
        "--access-logformat",
        ACCESS_LOG_FORMAT,
        "--graceful-timeout",
        "10",
    ]


def cmd_serve(args: argparse.Namespace) -> int:
    from interdepend.cli import CommandError

    if not 0 < args.port < 65536:
        raise CommandError(f"--port must be between 1 and 65535, not {args.port}")
    if args.workers < 1:  # 0 listened with no one to answer (the operator audit)
        raise CommandError(f"--workers must be 1 or more, not {args.workers}")
    load_settings()  # a refusal (a wrong value, a key file others can read) comes before gunicorn
    _check_can_listen(args.host, args.port)
    manifest = missing_static_manifest()
    if manifest is not None:
        raise CommandError(
            f"the static files (styles, scripts, icons) have not been collected yet, so every "
            f"page would fail: run `{COLLECTSTATIC}` (it writes {manifest}), then serve again"
        )
    # Tables missing or old made every sign-in fail while the health check said "ok" (the
    # operator audit). The workers open their own connections: this one is not handed down.
    setup_django()
    from django.db import connections

    connections.close_all()
    from gunicorn.app.wsgiapp import run

    sys.argv = gunicorn_argv(args)
    print(f"Interdepend is being served on http://{args.host}:{args.port}/", flush=True)
    run()
    return 0


def _check_can_listen(host: str, port: int) -> None:
    """Refuse in one line an address nothing can listen on, before gunicorn retries it for
    seconds and prints its own lines (the forms audit of 2026-12-03: a port already in use).
    Bound as gunicorn binds (address reuse on), then let go at once."""
    import errno
    import socket

    from interdepend.cli import CommandError

    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror:
        raise CommandError(f"--host {host}: no such address on this machine") from None
    family, kind, proto, _name, address = found[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as refused:
            if refused.errno == errno.EADDRINUSE:
                raise CommandError(
                    f"port {port} on {host} is already in use, most likely by another server: "
                    "stop that one, or choose another port with --port"
                ) from None
            if refused.errno == errno.EACCES:
                raise CommandError(
                    f"port {port} needs more rights than this user has (ports under 1024 "
                    "usually do): choose a port of 1024 or more, behind your web server"
                ) from None
            raise CommandError(
                f"cannot listen on {host}:{port}: {refused.strerror or refused}"
            ) from None


#: Why the demo stops on a site served over HTTPS (the operator audit of 2026-12-03).
DEMO_ON_A_REAL_SITE = (
    "this site is served over HTTPS, so it looks like a real one: the demo people sign in with "
    "a password the sign-in page shows to everyone, and one of them is a counsellor anyone "
    "could then act as. Load them only on a machine of your own (INTERDEPEND_HTTPS=false), or "
    "add --on-a-public-site if you mean it; nothing was loaded"
)


def cmd_demo(args: argparse.Namespace) -> int:
    from interdepend.cli import CommandError

    if args.remove:
        setup_django()  # a database that is not set up or up to date is said, not changed
        from interdepend.web.demo import demo_remove

        removed = demo_remove()
        print(f"removed {removed} demo account(s) and everything of theirs")
        return 0
    # Refused before anything is done: the database is not even set up (the re-audit).
    load_settings()
    from django.conf import settings

    if settings.HTTPS and not args.on_a_public_site:
        raise CommandError(DEMO_ON_A_REAL_SITE)
    setup_django(schema="migrate")
    from interdepend.web.demo import demo_load

    for account in demo_load():
        print(f"demo account: {account.email} {account.password}")
    return 0


def cmd_manage(args: argparse.Namespace) -> int:
    load_settings()
    from django.core.management import execute_from_command_line
    from django.db import DatabaseError

    from interdepend.cli import CommandError

    if _asks_without_a_terminal(args.args):
        raise CommandError(NO_TERMINAL)
    try:
        execute_from_command_line(["interdepend manage", *args.args])
    except DatabaseError as error:
        said = database_failure(error)
        if said is None or (args.args[:1] == ["migrate"] and MIGRATE_TO_MEND in said):
            # No kind a deployer can act on (a table missing while migrate itself runs is a
            # migration's fault, and "run migrate" would send him round in a circle): the
            # traceback, naming the migration, is what a developer needs.
            raise
        raise CommandError(said) from None
    return 0


#: What the words of a missing table or column say to do (frame.logs.SQLITE_KINDS).
MIGRATE_TO_MEND = "run interdepend manage migrate"


#: Django's createsuperuser, with no terminal to ask at, says it skipped and exits 0, naming
#: ``manage.py``: the deployment walk of 2026-12-05 ran it as docs/deploy.md runs every command
#: (``systemd-run --pipe``, which gives none), and no account was made.
NO_TERMINAL = (
    "createsuperuser asks for an e-mail address, a name and a password, and this command has "
    "no terminal to ask at (systemd-run --pipe gives it none): run it with systemd-run --pty "
    "in place of --pipe. Nothing was made"
)


def _asks_without_a_terminal(argv: list[str]) -> bool:
    """``manage createsuperuser`` without ``--noinput``, its standard input not a terminal."""
    if not argv or argv[0] != "createsuperuser" or {"--noinput", "--no-input"} & set(argv):
        return False
    return not (hasattr(sys.stdin, "isatty") and sys.stdin.isatty())


def database_failure(error: BaseException) -> str | None:
    """One line, in our words, for a database failure whoever runs the site can mend (a wrong
    ``DATABASE_URL``, a server that is down, a table missing, a right the account lacks), or
    ``None``. Only a failed connection repeats the server's first line, which names the host
    and what went wrong; the message of a failed statement can hold a value of someone's."""
    from interdepend.web.frame.logs import UNREACHABLE, database_reason

    reason = database_reason(error)
    if reason is None:
        return None
    if reason == UNREACHABLE:
        return f"the database cannot be reached ({first_line(error)}); check DATABASE_URL"
    return f"the command stopped: {reason} ({type(error).__name__})"


def first_line(error: BaseException) -> str:
    """The first line of an error's message (psycopg adds a hint on a second), or its type."""
    lines = str(error).strip().splitlines()
    return lines[0].strip() if lines else type(error).__name__
