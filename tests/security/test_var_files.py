"""T27 (files) and the fresh machine: what the app writes under ``var/`` is for its own user
only, whatever the umask; start-up refuses a key file or database others can read; a command
that needs the database says what to run when it is not set up (the demo sets it up).

Every command runs as a real process (``interdepend …``, ``manage.py``, the WSGI module) with
umask 022, as a careless shell would start it.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def _env(var_dir: Path) -> dict[str, str]:
    skip = {"DATABASE_URL", "SECRET_KEY", "INTERDEPEND_MASTER_KEY", "INTERDEPEND_MASTER_KEY_FILE"}
    return {
        **{k: v for k, v in os.environ.items() if k not in skip},
        "DJANGO_SETTINGS_MODULE": "interdepend.web.settings",
        "INTERDEPEND_VAR_DIR": str(var_dir),
        "PYTHONPATH": str(REPO / "src"),
    }


def _run(var_dir: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own commands, arguments as a list
        list(argv),
        env=_env(var_dir),
        cwd=var_dir.parent,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        preexec_fn=lambda: os.umask(0o022),  # noqa: PLW1509 - no threads are started here
    )


def _cli(var_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return _run(var_dir, str(BIN / "interdepend"), *args)


def _open_to_others(var_dir: Path) -> tuple[int, list[str]]:
    """(paths walked, those that anyone but the owner can read, write or enter)."""
    walked = [var_dir, *var_dir.rglob("*")]
    return len(walked), [str(p) for p in walked if p.lstat().st_mode & 0o077]


@pytest.fixture(scope="module")
def used_var(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A var/ made from nothing under umask 022: the demo (which migrates first), a backup
    (into a folder of its own beside var/), collected static files, a new master key."""
    var_dir = tmp_path_factory.mktemp("fresh") / "var"
    demo = _cli(var_dir, "demo")
    assert demo.returncode == 0, demo.stderr
    (var_dir.parent / "backups").mkdir()  # never inside var/, beside the master key
    for args in (
        ("backup", str(var_dir.parent / "backups" / "copy.sqlite3")),
        ("manage", "collectstatic", "--noinput", "-v0"),
        ("rotate-key", "--generate"),
    ):
        done = _cli(var_dir, *args)
        assert done.returncode == 0, (args, done.stdout, done.stderr)
    yield var_dir


def test_demo_on_a_fresh_machine_sets_the_database_up_first(used_var: Path) -> None:
    assert (used_var / "interdepend.sqlite3").stat().st_size > 0
    assert (used_var / "static").is_dir()


def test_files_the_app_writes_under_umask_022_are_readable_by_its_own_user_only(
    used_var: Path,
) -> None:
    walked, open_ones = _open_to_others(used_var)
    print(
        f"\nT27 files: {walked} paths under var/ after demo, backup, collectstatic, rotate-key; "
        f"{len(open_ones)} readable by others"
    )
    assert walked > 10
    assert not open_ones, open_ones
    for name in ("copy.sqlite3", "copy.sqlite3.keys"):
        assert stat.S_IMODE((used_var.parent / "backups" / name).stat().st_mode) == 0o600


def _refusals(var_dir: Path, every_entry_point: bool) -> list[subprocess.CompletedProcess[str]]:
    """Start-up by the CLI and, when asked, by manage.py and the WSGI module too."""
    found = [_cli(var_dir, "remind")]
    if every_entry_point:
        found.append(_run(var_dir, sys.executable, str(REPO / "manage.py"), "check"))
        found.append(_run(var_dir, sys.executable, "-c", "import interdepend.web.wsgi"))
        found.append(_cli(var_dir, "serve", "--port", "1"))
    return found


@pytest.mark.parametrize("name", ["master.key", "secret_key", "interdepend.sqlite3"])
def test_start_up_refuses_a_key_file_or_database_others_can_read(used_var: Path, name: str) -> None:
    path = used_var / name
    path.chmod(0o644)
    try:
        answers = _refusals(used_var, every_entry_point=name == "master.key")
    finally:
        path.chmod(0o600)
    for done in answers:
        assert done.returncode in (2, 3), done.stderr  # 3 from the WSGI module: gunicorn stops
        assert str(path) in done.stderr and f"chmod 600 {path}" in done.stderr
        assert "Traceback" not in done.stderr + done.stdout


def test_start_up_tightens_an_open_var_folder_and_what_else_lies_in_it(used_var: Path) -> None:
    used_var.chmod(0o755)
    (used_var / "static").chmod(0o755)
    old_backup = used_var / "backups-copy.sqlite3"  # as one made there before it was refused
    old_backup.write_bytes((used_var.parent / "backups" / "copy.sqlite3").read_bytes())
    old_backup.chmod(0o644)
    done = _cli(used_var, "remind")
    assert done.returncode == 0, done.stderr
    assert not _open_to_others(used_var)[1]


def test_command_on_an_unmigrated_database_says_what_to_run_without_a_traceback(
    tmp_path: Path,
) -> None:
    done = _cli(tmp_path / "var", "remind")
    assert done.returncode == 2
    assert "interdepend manage migrate" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout


def test_start_up_never_takes_on_a_folder_that_holds_other_things(tmp_path: Path) -> None:
    """Without INTERDEPEND_VAR_DIR, a command started in / (systemd's default) took /var for
    its data folder and made everything in it private (the deployer audit). A folder that
    holds files of something else, and none of ours, is refused and left as it was."""
    other = tmp_path / "var"
    (other / "www").mkdir(parents=True)
    (other / "www" / "index.html").write_text("hello")
    (other / "www" / "index.html").chmod(0o644)
    done = _cli(other, "remind")
    assert done.returncode == 2
    assert "already holds files that are not Interdepend's" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert sorted(p.name for p in other.iterdir()) == ["www"]
    assert (other / "www" / "index.html").stat().st_mode & 0o777 == 0o644
    # A folder of ours from before the mark existed (its key, a backup) is taken on and marked.
    ours = tmp_path / "ours"
    ours.mkdir(mode=0o700)
    (ours / "secret_key").write_text("k" * 50)
    (ours / "secret_key").chmod(0o600)
    (ours / "nightly.sqlite3").write_text("")
    (ours / "nightly.sqlite3").chmod(0o600)
    done = _cli(ours, "remind")
    assert "already holds files" not in done.stderr
    assert (ours / ".interdepend").exists()


def test_the_checkouts_own_var_folder_after_make_bench_is_taken_on(tmp_path: Path) -> None:
    """``make bench`` writes its figures into the checkout's ``var/bench/`` before anything
    else made the folder: ``make run`` (and mypy, which reads the settings) then refused it as
    someone else's, and the browser tests' screenshots did the same (they now go to
    ``test-results/``)."""
    var = tmp_path / "var"
    (var / "bench").mkdir(parents=True)
    (var / "bench" / "results.json").write_text("[]")
    done = _cli(var, "remind")
    assert "already holds files" not in done.stderr
    assert (var / ".interdepend").exists()


def _collected(var_dir: Path, *names: str) -> None:
    """A data folder as ``collectstatic`` left it: ``static/`` and its list of files."""
    static = var_dir / "static"
    static.mkdir(parents=True, mode=0o700)
    paths = {name: name.replace(".", ".0123abcd.", 1) for name in names}
    (static / "staticfiles.json").write_text(json.dumps({"paths": paths, "version": "1.1"}))


def test_a_data_folder_left_by_a_release_from_before_the_mark_is_taken_on(tmp_path: Path) -> None:
    """The upgrade walk of 2026-12-05: a site on PostgreSQL, with its keys in the environment
    as docs/deploy.md sets them, set up by a release from before the mark, had nothing in its
    data folder but the static files and fontconfig's cache. Step 3 of the upgrade (migrate
    with the new release) was refused as someone else's folder, and so was every command."""
    old = tmp_path / "var"
    _collected(old, "css/interdepend.css", "js/interdepend.js")
    (old / "cache" / "fontconfig").mkdir(parents=True)
    done = _cli(old, "remind")
    assert "already holds files" not in done.stderr, done.stderr
    assert (old / ".interdepend").exists()
    forgotten = tmp_path / "forgotten"
    forgotten.mkdir(mode=0o700)
    (forgotten / "forgotten.jsonl").write_text("")
    assert "already holds files" not in _cli(forgotten, "remind").stderr


def test_another_django_sites_static_files_are_not_taken_for_ours(tmp_path: Path) -> None:
    other = tmp_path / "var"
    _collected(other, "css/site.css", "admin/css/base.css")
    done = _cli(other, "remind")
    assert done.returncode == 2 and "already holds files that are not Interdepend's" in done.stderr
    assert not (other / ".interdepend").exists()


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another account")
def test_a_file_left_by_a_command_run_as_another_account_is_named_with_the_chown(
    tmp_path: Path,
) -> None:
    """The deployment walk of 2026-12-05: ``collectstatic`` run as root, the settings loaded
    but ``runuser`` forgotten, left ``.interdepend`` and ``static/`` to root in the app's own
    folder; the app then said to set INTERDEPEND_VAR_DIR to a folder it owns, which it was."""
    from interdepend.web.env import write_refused

    var = tmp_path / "var"
    var.mkdir(mode=0o700)
    mark = var / ".interdepend"
    mark.touch()
    os.chown(mark, 65534, 65534)
    said = write_refused(var, PermissionError(13, "Permission denied", str(mark)))
    assert said.startswith(f"{mark} belongs to the account ")
    assert f"chown -R root: {var}" in said and "INTERDEPEND_VAR_DIR" not in said
    plain = write_refused(var, PermissionError(13, "Permission denied", str(var)))
    assert plain.startswith(f"it may not write in {var}. Set INTERDEPEND_VAR_DIR")


@pytest.mark.parametrize("linked", ["static", "staticfiles.json", ".interdepend"])
def test_a_link_to_our_files_does_not_make_another_folder_ours(tmp_path: Path, linked: str) -> None:
    """A web root that links ``static`` (or only its list, or a mark) to a real data folder, to
    serve our collected files, is another site's: taking it on would make its pages private
    to this account and put the database among them."""
    ours = tmp_path / "var"
    _collected(ours, "css/interdepend.css")
    (ours / ".interdepend").touch()
    site = tmp_path / "www"
    site.mkdir()
    page = site / "index.html"
    page.write_text("<p>another site</p>")
    page.chmod(0o644)
    if linked == "staticfiles.json":
        (site / "static").mkdir()
        (site / "static" / linked).symlink_to(ours / "static" / linked)
    else:
        (site / linked).symlink_to(ours / linked)
    done = _cli(site, "remind")
    assert done.returncode == 2, done.stderr
    assert "already holds files that are not Interdepend's" in done.stderr
    assert stat.S_IMODE(page.stat().st_mode) == 0o644
    assert not (site / "interdepend.sqlite3").exists()
