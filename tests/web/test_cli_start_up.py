"""Start-up with the production settings: a wrong environment value is one line naming it, and
a site whose static files were never collected is refused by ``serve`` and reported by
``check-deploy`` (docs/configuration.md, docs/deploy.md).

Each case is a real process, since the settings are read once, when the process starts.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

COMMAND = [sys.executable, "-c", "import sys; from interdepend.cli import main; sys.exit(main())"]


def _cli(var_dir: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run the command; one that is still running after a minute (a server that started when
    it should have refused) is stopped with everything it started, and the test fails."""
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    environment.update(INTERDEPEND_VAR_DIR=str(var_dir), INTERDEPEND_HTTPS="false", **env)
    with subprocess.Popen(
        [*COMMAND, *args],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    ) as process:
        try:
            out, err = process.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            out, err = process.communicate()
            pytest.fail(f"{args[0]} was still running after a minute:\n{err}")
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


@pytest.mark.parametrize(
    ("name", "value", "words"),
    [
        ("LOG_LEVEL", "LOUD", "LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL"),
        ("TIME_ZONE", "Mars/Base", "TIME_ZONE must be the name of a time zone"),
        ("AXES_FAILURE_LIMIT", "0", "AXES_FAILURE_LIMIT must be 1 or more"),
        ("CONN_MAX_AGE", "-5", "CONN_MAX_AGE must be 0 or more"),
    ],
)
@pytest.mark.parametrize("command", [["check-deploy"], ["manage", "check"]])
def test_a_wrong_environment_value_is_one_line_naming_it(
    tmp_path: Path, name: str, value: str, words: str, command: list[str]
) -> None:
    done = _cli(tmp_path / "var", *command, **{name: value})
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("interdepend: ") and done.stderr.count("\n") == 1, done.stderr
    assert words in done.stderr and f"not {value}" in done.stderr.replace("'", "")


def test_serve_refuses_a_site_whose_static_files_were_never_collected(tmp_path: Path) -> None:
    done = _cli(tmp_path / "var", "serve", "--port", "18571")
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert "`interdepend manage collectstatic --noinput`" in done.stderr
    assert "Interdepend is being served" not in done.stdout


def test_check_deploy_reports_static_files_never_collected_until_they_are(tmp_path: Path) -> None:
    var = tmp_path / "var"
    said = _cli(var, "check-deploy").stdout
    assert "have not been collected" in said and "collectstatic --noinput" in said
    manifest = var / "static" / "staticfiles.json"
    manifest.parent.mkdir(exist_ok=True)
    manifest.write_text('{"paths": {}, "version": "1.1", "hash": ""}', encoding="utf-8")
    assert "static files" not in _cli(var, "check-deploy").stdout


@pytest.mark.parametrize(
    ("where", "words"),
    [
        ("a-file", "a-file is a file, not a folder."),
        ("a-file/var", "cannot be made (something on its path is a file, not a folder)."),
    ],
)
@pytest.mark.parametrize("command", [["check-deploy"], ["manage", "check"]])
def test_a_data_folder_that_cannot_be_made_is_one_line_naming_the_setting(
    tmp_path: Path, where: str, words: str, command: list[str]
) -> None:
    """The deployment walk of 2026-12-04: INTERDEPEND_VAR_DIR naming a file was answered
    "interdepend: cannot use …: File exists", the system's words, without the setting."""
    (tmp_path / "a-file").write_text("not a folder\n", encoding="utf-8")
    done = _cli(tmp_path / where, *command)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("Interdepend did not start: "), done.stderr
    assert done.stderr.count("\n") == 1 and words in done.stderr, done.stderr
    assert "Set INTERDEPEND_VAR_DIR to a new or empty folder" in done.stderr


@pytest.mark.parametrize("command", [["check-deploy"], ["manage", "check"]])
def test_an_empty_secret_key_file_is_one_line_saying_what_to_do(
    tmp_path: Path, command: list[str]
) -> None:
    """The deployment walk of 2026-12-04: an empty ``var/secret_key`` (a full disk as it was
    written) was Django's traceback from check-deploy, "must not be empty", naming no file."""
    var = tmp_path / "var"
    var.mkdir(mode=0o700)
    (var / "secret_key").touch(mode=0o600)
    done = _cli(var, *command, SECRET_KEY="")
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr, done.stderr
    assert f"the secret key file {var / 'secret_key'} is empty. Delete it" in done.stderr


@pytest.mark.parametrize(
    "command",
    [["manage", "migrate"], ["manage", "clearsessions"], ["restore", "copy.db", "--yes"]],
)
def test_manage_on_a_database_that_cannot_be_reached_is_one_line_naming_the_setting(
    tmp_path: Path, command: list[str]
) -> None:
    """The deployment walk of 2026-12-05: ``interdepend manage migrate`` (and ``restore``) with
    a wrong password, port or database name in DATABASE_URL was Django's traceback, 60 lines
    ending in psycopg's words, where every other command said it in one line."""
    done = _cli(
        tmp_path / "var", *command, DATABASE_URL="postgres://app:secret@127.0.0.1:1/interdepend"
    )
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and done.stderr.count("\n") == 1, done.stderr
    assert done.stderr.startswith("interdepend: the database cannot be reached (connection")
    assert done.stderr.rstrip().endswith("check DATABASE_URL") and "secret" not in done.stderr
