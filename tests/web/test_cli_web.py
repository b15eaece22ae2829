"""The web half of the CLI: argument checking and the gunicorn command line."""

from __future__ import annotations

import argparse
import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from interdepend.cli import build_parser, main
from interdepend.cli.web import NOT_SET_UP, NOT_UP_TO_DATE, gunicorn_argv


def test_serve_builds_a_gunicorn_command_without_control_socket() -> None:
    args = build_parser().parse_args(["serve", "--port", "8123"])
    argv = gunicorn_argv(args)
    assert "127.0.0.1:8123" in argv and "--no-control-socket" in argv
    assert argv[1] == "interdepend.web.wsgi:application"


def test_serve_rejects_a_bad_port(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--port", "70000"]) == 2
    assert "--port must be between 1 and 65535" in capsys.readouterr().err


def _never_started() -> None:
    raise AssertionError("gunicorn was started")


@pytest.mark.parametrize("workers", ["0", "-2"])
def test_serve_refuses_fewer_than_one_worker(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, workers: str
) -> None:
    """``--workers 0`` listened with no worker to answer, and said nothing (the operator audit)."""
    monkeypatch.setattr("gunicorn.app.wsgiapp.run", _never_started)
    assert main(["serve", "--workers", workers]) == 2
    said = capsys.readouterr().err
    assert said == f"interdepend: --workers must be 1 or more, not {workers}\n"


@pytest.mark.parametrize(
    ("pending", "applied", "words"), [(40, 0, NOT_SET_UP), (3, 40, NOT_UP_TO_DATE)]
)
def test_serve_refuses_a_database_that_is_not_set_up_or_up_to_date(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    pending: int,
    applied: int,
    words: str,
) -> None:
    """It started, every sign-in answered 500 and the health check said ok (the operator
    audit); the other commands that use the database already refused."""
    monkeypatch.setattr("interdepend.cli.web.missing_static_manifest", lambda: None)
    monkeypatch.setattr("interdepend.cli.web._pending_migrations", lambda: (pending, applied))
    monkeypatch.setattr("gunicorn.app.wsgiapp.run", _never_started)
    assert main(["serve", "--port", str(_free_port())]) == 2
    assert capsys.readouterr().err == f"interdepend: {words}\n"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_serve_on_a_port_in_use_says_so_in_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """gunicorn retried for seconds and printed its own three lines (the forms audit)."""
    monkeypatch.setattr("gunicorn.app.wsgiapp.run", _never_started)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "--port", str(port)]) == 2
    assert capsys.readouterr().err == (
        f"interdepend: port {port} on 127.0.0.1 is already in use, most likely by another "
        "server: stop that one, or choose another port with --port\n"
    )
    assert main(["serve", "--host", "no-such-host.invalid", "--port", "8000"]) == 2
    assert "--host no-such-host.invalid: no such address" in capsys.readouterr().err


def test_no_command_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "serve" in capsys.readouterr().out


@pytest.mark.parametrize("command", ["remind", "push"])
def test_the_scheduled_commands_help_points_at_the_timers_that_load_the_settings(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The newcomers' walk of 2026-12-05: ``interdepend --help`` said to run both "from cron",
    and a bare crontab line finds neither the program nor the settings (docs/cli.md)."""
    with pytest.raises(SystemExit):
        main(["--help"])
    listing = " ".join(capsys.readouterr().out.split())
    assert "from cron" not in listing
    assert re.search(rf" {command} [^()]*\([^()]*: docs/deploy\.md\)", listing), listing
    with pytest.raises(SystemExit):
        main([command, "--help"])
    own = " ".join(capsys.readouterr().out.split())
    assert "systemd timer or the cron file in docs/deploy.md" in own
    assert "a bare crontab line finds neither the program nor the settings" in own


def test_gunicorn_argv_uses_requested_workers() -> None:
    args = argparse.Namespace(host="127.0.0.1", port=9000, workers=3)
    assert gunicorn_argv(args)[gunicorn_argv(args).index("--workers") + 1] == "3"


def test_the_servers_access_log_says_what_happened_never_where() -> None:
    """An invitation link, a reset link, the safety page, the page a request came from, the
    browser and the address: none of them reaches the access log's line."""
    import datetime
    from types import SimpleNamespace

    from gunicorn.config import Config
    from gunicorn.glogging import Logger

    from interdepend.cli.web import ACCESS_LOG_FORMAT

    args = build_parser().parse_args(["serve"])
    argv = gunicorn_argv(args)
    assert argv[argv.index("--access-logformat") + 1] == ACCESS_LOG_FORMAT
    secret = "/us/join/K7QD-2DJS-5GX9-ABCD/"
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": secret + "?next=/safety/",
        "PATH_INFO": secret,
        "QUERY_STRING": "next=/safety/",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "198.51.100.7",
        "HTTP_REFERER": "https://example.test/password-reset/MTIz/token/",
        "HTTP_USER_AGENT": "Her phone's browser",
    }
    response = SimpleNamespace(status="200 OK", sent=512, headers=[])
    request = SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"])])
    atoms = Logger(Config()).atoms(response, request, environ, datetime.timedelta(seconds=0.02))
    line = ACCESS_LOG_FORMAT % atoms
    assert '"GET" 200 512 20ms' in line
    for private in ("K7QD", "join", "safety", "password-reset", "Her phone", "198.51.100.7"):
        assert private not in line, line


def _python(tmp_path: Path, *args: str, **env_extra: str) -> subprocess.CompletedProcess[str]:
    """This Python on the source tree, in a fresh process with its own var folder."""
    env = {
        **os.environ,
        "INTERDEPEND_VAR_DIR": str(tmp_path),
        "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src"),
        **env_extra,
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DATABASE_URL", "garbage://"),
        # A traceback that ended in the start of the password (the operator audit).
        ("DATABASE_URL", "postgres://interdepend:Xq9/Secr3t@10.0.0.10:5432/interdepend"),
        # A quick exit to "www.bbc.co.uk" stayed on this site (the operator audit).
        ("QUICK_EXIT_URL", "www.bbc.co.uk"),
    ],
)
def test_a_setting_the_site_cannot_use_is_one_line(tmp_path: Path, name: str, value: str) -> None:
    """A deployment's wrong DATABASE_URL is said in one line with exit 2, not a traceback."""
    main = "import sys; from interdepend.cli import main; sys.exit(main())"
    done = _python(
        tmp_path,
        *("-c", main, "report", "--email", "a@b.c", "--pdf", "x.pdf"),
        **{name: value},
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith(f"interdepend: the site's settings are not usable: {name}")
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert "Xq9" not in done.stderr and "Secr3t" not in done.stderr


def test_a_server_worker_imports_every_view_before_its_first_request(tmp_path: Path) -> None:
    """The URL patterns are loaded when gunicorn imports the WSGI module, not in the first
    request a worker serves (a second here, longer than a balancer's health check waits)."""
    probe = (
        "import sys, interdepend.web.wsgi; "
        "print(all(m in sys.modules for m in "
        "('interdepend.web.urls', 'interdepend.web.together.views', "
        "'interdepend.web.journal.views')))"
    )
    done = _python(tmp_path, "-c", probe, INTERDEPEND_HTTPS="false")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "True", done.stderr


def test_a_server_worker_compiles_every_template_before_its_first_request(tmp_path: Path) -> None:
    """A page's first view compiled its templates and was 1-2 ms slower until a restart, so
    his first view of her kind of page told him whether she had opened one since (the timing
    audit of 2026-12-03). Every template of ours is compiled as the worker starts."""
    probe = (
        "import interdepend.web.wsgi; from pathlib import Path; "
        "from django.template import engines; "
        "backend = engines['django']; "
        "kept = set(backend.engine.template_loaders[0].get_template_cache); "
        "ours = {p.relative_to(d).as_posix() for d in map(Path, backend.template_dirs) "
        "if 'interdepend' in str(d) for p in d.rglob('*.html')}; "
        "print(len(ours), sorted(ours - kept)[:3])"
    )
    done = _python(tmp_path, "-c", probe, INTERDEPEND_HTTPS="false")
    assert done.returncode == 0, done.stderr
    count, missing = done.stdout.strip().split(" ", 1)
    assert int(count) > 100 and missing == "[]", done.stdout


def test_a_server_worker_prepares_its_reads_before_its_first_request(tmp_path: Path) -> None:
    """And prepares every read of ours (``frame.warmup``), here before any table exists, and
    loads what the trends page and the reports load late (the re-audit of 2026-12-03)."""
    probe = (
        "import sys, interdepend.web.wsgi; from django.db import connections; "
        "from interdepend.web.frame import prepared; "
        "kept = connections['default'].__dict__.get(prepared._KEPT, {}); "
        "print(sum(1 for v in kept.values() if v is not None), "
        "'weasyprint' in sys.modules and 'scipy.signal' in sys.modules)"
    )
    done = _python(tmp_path, "-c", probe, INTERDEPEND_HTTPS="false")
    assert done.returncode == 0, done.stderr
    count, loaded = done.stdout.split()
    assert int(count) > 300 and loaded == "True", done.stdout
    assert "on first use" not in done.stderr


def _migrate_refused_by_postgres(argv: list[str]) -> None:
    """What Django's migrate raises on a database the account does not own (PostgreSQL 15
    gives no one but the owner a right to make tables in its public schema)."""
    import psycopg.errors
    from django.db import ProgrammingError
    from django.db.migrations.exceptions import MigrationSchemaMissing

    try:
        try:
            raise psycopg.errors.InsufficientPrivilege("permission denied for schema public")
        except psycopg.errors.InsufficientPrivilege as driver:
            raise ProgrammingError(str(driver)) from driver
    except ProgrammingError as django_error:
        # as Django's recorder raises it: while handling the driver's error, not "from" it
        raise MigrationSchemaMissing(  # noqa: B904
            f"Unable to create the django_migrations table ({django_error})"
        )


def test_manage_on_a_database_the_account_may_not_change_says_what_to_do(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The deployment walk of 2026-12-05: migrate into a database made by ``postgres`` rather
    than for the app's account was a traceback of three chained errors."""
    monkeypatch.setattr(
        "django.core.management.execute_from_command_line", _migrate_refused_by_postgres
    )
    assert main(["manage", "migrate"]) == 2
    said = capsys.readouterr().err
    assert said.count("\n") == 1 and "Traceback" not in said
    assert "lacks a right it needs: make it the database's owner" in said, said


def test_manage_keeps_the_traceback_of_a_database_error_no_deployer_can_mend(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from django.db import IntegrityError

    def broken(argv: list[str]) -> None:
        raise IntegrityError("a bug of ours")

    monkeypatch.setattr("django.core.management.execute_from_command_line", broken)
    with pytest.raises(IntegrityError, match="a bug of ours"):
        main(["manage", "migrate"])


@pytest.mark.django_db
def test_createsuperuser_without_a_terminal_says_so_and_makes_nothing(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The deployment walk of 2026-12-05: run as docs/deploy.md runs every command
    (``systemd-run --pipe``), createsuperuser printed Django's "Superuser creation skipped",
    naming ``manage.py``, and exited 0 with no account made."""
    import io

    from interdepend.web.accounts.models import User

    monkeypatch.setattr("sys.stdin", io.StringIO("op@example.org\\nOp\\n"))
    before = User.objects.count()
    assert main(["manage", "createsuperuser"]) == 2
    said = capsys.readouterr()
    assert "run it with systemd-run --pty in place of --pipe" in said.err
    assert "manage.py" not in said.out + said.err and User.objects.count() == before


def test_a_table_missing_while_migrate_runs_keeps_its_traceback(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """ "A table is missing: run interdepend manage migrate", said when migrate itself stopped on
    one, sent whoever runs the site round in a circle and hid the migration that failed."""
    import sqlite3

    from django.db import OperationalError

    def failing(argv: list[str]) -> None:
        try:
            raise sqlite3.OperationalError("no such table: together_gone")
        except sqlite3.OperationalError as driver:
            raise OperationalError(str(driver)) from driver

    monkeypatch.setattr("django.core.management.execute_from_command_line", failing)
    with pytest.raises(OperationalError, match="together_gone"):
        main(["manage", "migrate"])
    # Another command on a database not migrated yet is told what to run, in one line.
    assert main(["manage", "clearsessions"]) == 2
    said = capsys.readouterr().err
    assert "a table is missing: run interdepend manage migrate" in said and said.count("\n") == 1
