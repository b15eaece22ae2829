"""Settings helpers: strict parsing of the environment."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from interdepend.web.env import (
    database_from_url,
    env_bool,
    env_int,
    env_web_address,
    sqlite_database,
)


def test_database_url_is_parsed() -> None:
    db = database_from_url("postgres://u:p%40ss@db.example:5433/interdepend", conn_max_age=60)
    assert db["NAME"] == "interdepend" and db["PASSWORD"] == "p@ss" and db["PORT"] == "5433"
    assert db["CONN_MAX_AGE"] == 60


@pytest.mark.parametrize("url", ["mysql://x/y", "postgres://host/"])
def test_bad_database_url_names_the_problem(url: str) -> None:
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        database_from_url(url, conn_max_age=0)


@pytest.mark.parametrize(
    "url",
    [
        "postgres://interdepend:Xq9/Secr3tPart@10.0.0.10:5432/interdepend",
        "postgres://interdepend:123/Secr3tPart@10.0.0.10:5432/interdepend",
        "postgres://interdepend:Xq9#Secr3tPart@10.0.0.10:5432/interdepend",
        "postgres://interdepend:12#Secr3tPart@10.0.0.10/interdepend",
        "postgres://interdepend:Xq9?Secr3tPart@10.0.0.10:5432/interdepend",
        "postgres://interdepend:Xq9?sslmode=Secr3tPart@10.0.0.10/interdepend",
        "postgres://interdepend:Secr3tPart@10.0.0.10:99999/interdepend",
        "postgres://interdepend:Secr3tPart@10.0.0.10:0/interdepend",
        "postgres://interdepend:Secr3tPart@[fd00::10/interdepend",
        "postgres://interdepend:Secr3t[Part@10.0.0.10/interdepend",
    ],
)
def test_a_database_url_that_cannot_be_read_says_so_without_repeating_it(url: str) -> None:
    """A password holding "/" (``openssl rand -base64`` makes them) stopped start-up with a
    traceback ending in the start of the password; "#" or "?" said that no database was named
    (the operator audit)."""
    with pytest.raises(ImproperlyConfigured) as raised:
        database_from_url(url, conn_max_age=0)
    said = str(raised.value)
    assert said.startswith("DATABASE_URL cannot be read") and "\n" not in said
    assert "percent-encoded: / as %2F" in said
    for part in ("Xq9", "Secr3t", "Part", "interdepend:", "10.0.0.10", "99999", "fd00"):
        assert part not in said


def test_a_percent_encoded_user_and_password_are_decoded() -> None:
    url = "postgres://inter%40depend:Xq9%2FSe%23cr%3Fet%3A%40%25%5B@[fd00::10]:5433/my%20db"
    db = database_from_url(url, conn_max_age=0)
    assert (db["USER"], db["PASSWORD"]) == ("inter@depend", "Xq9/Se#cr?et:@%[")
    assert (db["HOST"], db["PORT"], db["NAME"]) == ("fd00::10", "5433", "my db")


def test_env_helpers_refuse_malformed_values(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_FLAG", "maybe")
    monkeypatch.setenv("X_NUMBER", "ten")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG"):
        env_bool("X_FLAG", False)
    with pytest.raises(ImproperlyConfigured, match="X_NUMBER"):
        env_int("X_NUMBER", 1)


def test_sqlite_runs_in_wal_with_full_sync_and_foreign_keys(tmp_path: Path) -> None:
    options = sqlite_database(tmp_path / "db.sqlite3")["OPTIONS"]
    assert isinstance(options, dict)
    init = options["init_command"]
    for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON", "busy_timeout"):
        assert pragma in init


@pytest.mark.django_db
def test_live_sqlite_connection_has_the_pragmas() -> None:
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous")
        assert cursor.fetchone()[0] == 2  # FULL
        cursor.execute("PRAGMA foreign_keys")
        assert cursor.fetchone()[0] == 1


def test_database_url_settings_after_the_question_mark_reach_the_driver_and_the_tools() -> None:
    """``?sslmode=require`` was dropped, so a connection meant to need TLS ran without it (the
    deployer audit). Known settings go to the driver and to pg_dump; others stop start-up."""
    from interdepend.web.datarights.backup import _pg_env

    url = "postgres://u:p@db.example/interdepend?sslmode=verify-full&sslrootcert=%2Fetc%2Fca.pem"
    db = database_from_url(url, conn_max_age=0)
    assert db["OPTIONS"] == {"sslmode": "verify-full", "sslrootcert": "/etc/ca.pem"}
    env = _pg_env(db)
    assert (env["PGSSLMODE"], env["PGSSLROOTCERT"]) == ("verify-full", "/etc/ca.pem")
    assert database_from_url("postgres://u@h/n", conn_max_age=0)["OPTIONS"] == {}
    for bad in ("postgres://u@h/n?sslmod=require", "postgres://u@h/n?sslmode"):
        with pytest.raises(ImproperlyConfigured, match="DATABASE_URL has settings"):
            database_from_url(bad, conn_max_age=0)


@pytest.mark.parametrize(
    ("name", "raw"),
    [("SESSION_IDLE_SECONDS", "-5"), ("SESSION_ABSOLUTE_SECONDS", "0"), ("EMAIL_TIMEOUT", "0")],
)
def test_a_time_or_limit_below_its_least_stops_start_up(
    monkeypatch: pytest.MonkeyPatch, name: str, raw: str
) -> None:
    """They were taken as they came (the deployer audit): a session that ends before it begins,
    a mail timeout of nothing."""
    monkeypatch.setenv(name, raw)
    with pytest.raises(ImproperlyConfigured, match=f"{name} must be at least 1, not {int(raw)}"):
        env_int(name, 10, least=1)
    monkeypatch.setenv("INTERDEPEND_PROXY_COUNT", "-1")
    with pytest.raises(ImproperlyConfigured, match="at least 0"):
        env_int("INTERDEPEND_PROXY_COUNT", 0)


@pytest.mark.parametrize(
    "raw",
    [
        "www.bbc.co.uk",
        "/elsewhere/",
        "javascript:location='https://x.test'",
        "https://",
        "https:///path",
        "ftp://example.org/",
        "https://[::1/",
        "https://example.org:port/",
        "https://example.org/ with space",
    ],
)
def test_a_quick_exit_address_that_is_not_whole_stops_start_up(
    monkeypatch: pytest.MonkeyPatch, raw: str
) -> None:
    """``www.bbc.co.uk`` sent the quick exit to a page of this very site, and ``javascript:`` was
    taken too (the operator audit)."""
    monkeypatch.setenv("QUICK_EXIT_URL", raw)
    with pytest.raises(ImproperlyConfigured, match="QUICK_EXIT_URL must be a whole web address"):
        env_web_address("QUICK_EXIT_URL", "https://www.wikipedia.org/")


def test_a_whole_quick_exit_address_is_taken(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUICK_EXIT_URL", "https://www.bbc.co.uk/weather")
    assert env_web_address("QUICK_EXIT_URL", "x") == "https://www.bbc.co.uk/weather"
    monkeypatch.setenv("QUICK_EXIT_URL", "")
    assert env_web_address("QUICK_EXIT_URL", "https://a.test/") == "https://a.test/"


def _settings_in_a_fresh_process(tmp_path: Path, probe: str, **env: str) -> str:
    """What the production settings module gives with ``env``, read in a new Python."""
    done = subprocess.run(
        [sys.executable, "-c", f"from interdepend.web import settings as s; print({probe})"],
        capture_output=True,
        text=True,
        env={
            **os.environ,
            "INTERDEPEND_VAR_DIR": str(tmp_path),
            "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src"),
            "INTERDEPEND_HTTPS": "true",
            **env,
        },
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    return done.stdout.strip() or done.stderr.strip().splitlines()[-1]


def test_hsts_covers_subdomains_and_preload_unless_turned_off(tmp_path: Path) -> None:
    """Every subdomain of the organisation was held to HTTPS for a year, with no way out
    (the operator audit)."""
    probe = "s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD"
    assert _settings_in_a_fresh_process(tmp_path, probe) == "31536000 True True"
    off = {"INTERDEPEND_HSTS_SUBDOMAINS": "false"}
    assert _settings_in_a_fresh_process(tmp_path, probe, **off) == "31536000 False False"
    no_preload = {"INTERDEPEND_HSTS_PRELOAD": "no"}
    assert _settings_in_a_fresh_process(tmp_path, probe, **no_preload) == "31536000 True False"
    both = {**off, "INTERDEPEND_HSTS_PRELOAD": "true"}
    assert "needs INTERDEPEND_HSTS_SUBDOMAINS=true" in _settings_in_a_fresh_process(
        tmp_path, probe, **both
    )
    bad = _settings_in_a_fresh_process(tmp_path, probe, INTERDEPEND_HSTS_PRELOAD="maybe")
    assert "INTERDEPEND_HSTS_PRELOAD must be true or false" in bad


def test_mail_over_tls_from_the_first_word_can_be_asked_for(tmp_path: Path) -> None:
    """EMAIL_USE_SSL (a mail server on port 465) was not read at all, so such a server could
    not be used (the deployment walk of 2026-12-04); with STARTTLS too it stops start-up."""
    probe = "s.EMAIL_USE_SSL, s.EMAIL_USE_TLS"
    assert _settings_in_a_fresh_process(tmp_path, probe) == "False False"
    assert _settings_in_a_fresh_process(tmp_path, probe, EMAIL_USE_SSL="true") == "True False"
    both = _settings_in_a_fresh_process(tmp_path, probe, EMAIL_USE_SSL="1", EMAIL_USE_TLS="1")
    assert "EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be true" in both


def test_a_database_on_a_unix_socket_can_be_named() -> None:
    """The re-audit of 2026-12-03: a socket folder could not be given (its %2F was not
    decoded, and ?host= was refused)."""
    for url in (
        "postgres://app:pw@%2Fvar%2Frun%2FPostgreSQL/appdb",
        "postgres://app:pw@/appdb?host=/var/run/PostgreSQL",
    ):
        db = database_from_url(url, conn_max_age=0)
        assert db["HOST"] == "/var/run/PostgreSQL" and db["NAME"] == "appdb", url
        assert "host" not in db["OPTIONS"]  # type: ignore[operator]
    db = database_from_url("postgres://app:pw@DB.Example.org:5432/appdb", conn_max_age=0)
    assert db["HOST"] == "db.example.org" and db["PORT"] == "5432"
