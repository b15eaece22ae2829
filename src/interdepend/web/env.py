"""Strict helpers that read settings from environment variables.

A malformed value stops start-up with a message naming the variable, rather than running
with a silently wrong configuration.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import sys
from pathlib import Path
from urllib.parse import SplitResult, parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_whole(name: str, default: int) -> int:
    """A whole number, whatever its size (:func:`env_int` holds it to a least)."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None


def env_int(name: str, default: int, *, least: int = 0) -> int:
    """A whole number of at least ``least`` (0 unless said): a negative time or limit, such as
    ``SESSION_IDLE_SECONDS=-5``, was taken as it came (the deployer audit)."""
    value = env_whole(name, default)
    if value < least:
        raise ImproperlyConfigured(f"{name} must be at least {least}, not {value}")
    return value


def env_list(name: str, default: str) -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


def env_web_address(name: str, default: str) -> str:
    """A whole web address: ``https://`` or ``http://`` and a host. Anything else stops start-up:
    ``www.bbc.co.uk`` was taken as an address on this site (the operator audit), and
    ``javascript:`` would have run."""
    raw = os.environ.get(name, "").strip() or default
    try:
        parts = urlsplit(raw)
        whole = parts.scheme.lower() in {"https", "http"} and bool(parts.hostname)
        parts.port  # noqa: B018 - a port that is not a number is refused here, not in a browser
    except ValueError:  # a bad port or IPv6 bracket
        whole = False
    if not whole or any(c <= " " for c in raw):
        raise ImproperlyConfigured(
            f"{name} must be a whole web address starting with https:// (or http://) and a "
            f"site's name, such as https://www.wikipedia.org/, not {raw!r}"
        )
    return raw


#: The libpq settings a DATABASE_URL may carry after "?", and the environment variable each is
#: to the PostgreSQL tools (pg_dump, pg_restore) that backups run.
PG_URL_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "sslcrl": "PGSSLCRL",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "application_name": "PGAPPNAME",
    "target_session_attrs": "PGTARGETSESSIONATTRS",
    # The folder of a server's Unix socket (``?host=/var/run/postgresql``), as libpq takes it.
    "host": "PGHOST",
}


def _pg_options(query: str) -> dict[str, str]:
    """The settings after "?" (``sslmode=verify-full&sslrootcert=…``), each one libpq knows;
    anything else stops start-up (dropped silently before, a connection meant to need TLS ran
    without it: the deployer audit)."""
    try:
        pairs = parse_qsl(query, keep_blank_values=True, strict_parsing=bool(query))
    except ValueError:
        raise ImproperlyConfigured(f"DATABASE_URL has settings it cannot read: ?{query}") from None
    unknown = sorted({name for name, _ in pairs} - set(PG_URL_OPTIONS))
    if unknown:
        raise ImproperlyConfigured(
            f"DATABASE_URL has settings this app does not pass on: {', '.join(unknown)} "
            f"(it knows {', '.join(sorted(PG_URL_OPTIONS))})"
        )
    return dict(pairs)


#: What is said of a DATABASE_URL that cannot be taken apart. Nothing of the value is repeated:
#: what broke it is most often a password (from ``openssl rand -base64``) holding ``/``.
UNREADABLE_DATABASE_URL = (
    "DATABASE_URL cannot be read as postgres://USER:PASSWORD@HOST:PORT/NAME (a port that is not "
    "a number from 1 to 65535, an unclosed [ ] around an IPv6 address, or a special character "
    "in the user or password). Special characters in the user or password must be "
    "percent-encoded: / as %2F, # as %23, ? as %3F, @ as %40, : as %3A, % as %25, [ and ] as "
    "%5B and %5D"
)


def _url_parts(url: str) -> tuple[SplitResult, int | None]:
    """The URL taken apart, and its port. A value that cannot be, or whose user or password
    spilled into what follows the host (an ``@`` there, or a ``#``), stops start-up without
    repeating any of it."""
    try:
        parts = urlsplit(url)
    except ValueError:
        raise ImproperlyConfigured(UNREADABLE_DATABASE_URL) from None
    if parts.scheme not in {"postgres", "postgresql"}:
        raise ImproperlyConfigured(
            f"DATABASE_URL must start with postgres:// (got scheme {parts.scheme!r}); "
            "leave it unset to use the embedded SQLite database"
        )
    try:
        port = parts.port
    except ValueError:
        raise ImproperlyConfigured(UNREADABLE_DATABASE_URL) from None
    if port == 0 or "#" in url or "@" in parts.path + parts.query:
        raise ImproperlyConfigured(UNREADABLE_DATABASE_URL)
    return parts, port


def database_from_url(url: str, *, conn_max_age: int) -> dict[str, object]:
    """Turn ``postgres://user:password@host:port/name?sslmode=…`` into a Django DATABASES
    entry; the settings after "?" go to the driver as they are (``OPTIONS``). The user and
    password are percent-decoded (``%2F`` is ``/``)."""
    parts, port = _url_parts(url)
    name = unquote(parts.path.lstrip("/"))
    if not name:
        raise ImproperlyConfigured("DATABASE_URL names no database (postgres://…/NAME)")
    options = _pg_options(parts.query)
    host = options.pop("host", "") or _host(parts)
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": host,
        "PORT": str(port or ""),
        "CONN_MAX_AGE": conn_max_age,
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": options,
    }


def _host(parts: SplitResult) -> str:
    """The host as written: a name or address, or, percent-encoded, the folder of a server's
    Unix socket (``%2Fvar%2Frun%2Fpostgresql``), kept as written (a name is lower-cased, a
    folder's letters are not)."""
    written = parts.netloc.rpartition("@")[2]
    if not written.startswith("["):  # an IPv6 address keeps its brackets' colons
        written = written.rsplit(":", 1)[0]
    decoded = unquote(written)
    return decoded if decoded.startswith("/") else parts.hostname or ""


def cache_from_url(url: str, *, key_prefix: str) -> dict[str, object]:
    """The default cache: Django's Redis backend for ``redis://host:port/db`` (``rediss://``
    for TLS), shared by every app server; local memory (each worker's own) when ``url`` is
    empty."""
    if not url:
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "KEY_PREFIX": key_prefix,
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    parts = urlsplit(url)
    if parts.scheme not in {"redis", "rediss"}:
        raise ImproperlyConfigured(
            f"CACHE_URL must start with redis:// or rediss:// (got scheme {parts.scheme!r}); "
            "leave it unset to keep the cache in each worker's memory"
        )
    if not parts.hostname:
        raise ImproperlyConfigured("CACHE_URL names no host (redis://HOST:6379/0)")
    return {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": key_prefix,
        # A Redis that stops answering fails a request within seconds instead of holding it.
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
    }


#: Bytes SQLite keeps of its write-ahead log after a checkpoint has emptied it.
JOURNAL_SIZE_LIMIT = 0


def sqlite_database(path: Path) -> dict[str, object]:
    """The embedded database: WAL, full fsync, foreign keys, a busy timeout, and deleted
    content overwritten with zeros (``secure_delete``)."""
    return {
        # Django's SQLite backend, with our kept statements rewritten once (frame.sqlite3).
        "ENGINE": "interdepend.web.frame.sqlite3",
        "NAME": str(path),
        "CONN_MAX_AGE": 600,
        "OPTIONS": {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
                "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000; PRAGMA secure_delete=ON; "
                # A log that grew is cut back once it is emptied, so that old pages in it
                # (before an erasure) do not linger: datarights.services.journal_scrub.
                f"PRAGMA journal_size_limit={JOURNAL_SIZE_LIMIT};"
            ),
        },
    }


def secret_key(var_dir: Path) -> str:
    """The secret key from SECRET_KEY, or one generated on first run and kept in var/."""
    from_env = os.environ.get("SECRET_KEY")
    if from_env:
        return from_env
    path = var_dir / "secret_key"
    if not path.exists():
        import secrets

        var_dir.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process won the race; use its key
            pass
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_urlsafe(64))
    # An empty or unreadable file was Django's traceback ("The SECRET_KEY setting must not be
    # empty") from check-deploy (the deployment walk of 2026-12-04): said in one line here.
    try:
        key = path.read_text().strip()
    except (OSError, UnicodeDecodeError) as error:
        why = getattr(error, "strerror", None) or type(error).__name__
        raise ImproperlyConfigured(
            f"the secret key file {path} cannot be read ({why}). Set SECRET_KEY, or make that "
            "file readable (docs/configuration.md)"
        ) from None
    if not key:
        raise ImproperlyConfigured(
            f"the secret key file {path} is empty. Delete it and a new key is made at the next "
            "start (everyone signed in is signed out), or set SECRET_KEY"
        )
    return key


# --- files on disk: readable by the app's own user only ------------------------------------

#: Files and folders the app makes are for its own user only (0600 files, 0700 folders).
PRIVATE_UMASK = 0o077


def private_umask() -> None:
    """Called first by every entry point (CLI, manage.py, wsgi, settings)."""
    os.umask(PRIVATE_UMASK)


def _open_to_others(path: Path) -> bool:
    return path.exists() and path.stat().st_mode & 0o077 != 0


def refuse_open_secrets(paths: list[Path]) -> None:
    """Stop start-up, with the command that fixes it, when a key file or the database can be
    read by anyone but the app's own user. No traceback: the message is the whole answer."""
    found = [path for path in paths if _open_to_others(path)]
    if not found:
        return
    names = "\n".join(f"  {path} (mode {path.stat().st_mode & 0o777:04o})" for path in found)
    sys.stderr.write(
        "Interdepend did not start. These files hold keys or people's data, and other "
        f"accounts on this machine can open them:\n{names}\n"
        "Make them private to this account, then start again:\n"
        f"  chmod 600 {' '.join(str(path) for path in found)}\n"
        "If another account may have read them already, docs/security.md (Files on disk) "
        "says how to change the keys and sign everyone out.\n"
    )
    raise SystemExit(2)


#: A file in every data folder Interdepend made or took on, and the names only its folder holds.
VAR_MARK = ".interdepend"
#: What shows a folder is ours: the mark, the database, the keys, and what our own benchmarks
#: write into the checkout's ``var/`` (``make bench`` before the first ``make run``).
_OURS = (
    VAR_MARK,
    "interdepend.sqlite3",
    "secret_key",
    "master.key",
    "vapid.pem",
    "forgotten.jsonl",
    "bench",
)
#: A file only our collected static files list: a site on PostgreSQL with its keys in the
#: environment, set up before the mark existed, has nothing else in its data folder.
_OUR_STATIC = "css/interdepend.css"


def _held_here(path: Path) -> bool:
    """``path`` is there in the folder itself, not a link to somewhere else."""
    return path.exists() and not path.is_symlink()


def _holds_ours(var_dir: Path) -> bool:
    """The folder is Interdepend's: marked, holding our database, keys or forgotten-file, or
    our collected static files (the upgrade walk of 2026-12-05: a release from before the mark,
    on PostgreSQL, left only ``static/``, and the next release refused its own folder). A link
    counts for nothing: a site's web root with ``static`` linked to our collected files (to
    serve them) is not ours, and taking it on would make every file in it private."""
    if any(_held_here(var_dir / name) for name in _OURS):
        return True
    static = var_dir / "static"
    listing = static / "staticfiles.json"
    if not (_held_here(static) and _held_here(listing)):
        return False
    try:
        manifest = json.loads(listing.read_text("utf-8"))
    except (OSError, ValueError):
        return False
    paths = manifest.get("paths") if isinstance(manifest, dict) else None
    return isinstance(paths, dict) and _OUR_STATIC in paths


def var_dir_claim(var_dir: Path) -> None:
    """Make the data folder, or take on an existing one that is ours (marked, or holding our
    database or keys), before anything is written into it. A folder that holds other things
    stops start-up: everything in the data folder is made private to this account, and
    without ``INTERDEPEND_VAR_DIR`` a command started in ``/`` (systemd's default) would have
    taken ``/var`` for its own (the deployer audit)."""
    try:
        held = var_dir.is_dir() and any(var_dir.iterdir())
        if held and not _holds_ours(var_dir):
            sys.stderr.write(
                f"Interdepend did not start: {var_dir} already holds files that are not "
                "Interdepend's. It keeps its data in a folder of its own and makes everything "
                "in it private, so it will not use this one. Set INTERDEPEND_VAR_DIR to a new "
                "or empty folder (docs/configuration.md).\n"
            )
            raise SystemExit(2)
        var_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        (var_dir / VAR_MARK).touch(mode=0o600, exist_ok=True)
    except PermissionError as error:
        sys.stderr.write(f"Interdepend did not start: {write_refused(var_dir, error)}\n")
        raise SystemExit(2) from None
    except OSError as error:
        # A file where the folder should be, or a place no folder can be made: said as an
        # OS error with no mention of the setting before (the deployment walk of 2026-12-04).
        sys.stderr.write(f"Interdepend did not start: {_var_dir_trouble(var_dir, error)}\n")
        raise SystemExit(2) from None


def _account(uid: int) -> str:
    import pwd

    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return str(uid)


def write_refused(var_dir: Path, error: PermissionError) -> str:
    """Why the data folder could not be written, and what to do. A file in it that another
    account owns while the folder is ours comes from a command run as that account (root
    forgetting ``runuser``, the deployment walk of 2026-12-05): the folder is the right one and
    only its files need giving back, which "set INTERDEPEND_VAR_DIR" did not say."""
    where = Path(error.filename) if error.filename else var_dir
    try:
        folder_owner, owner = var_dir.stat().st_uid, where.stat().st_uid
    except OSError:
        folder_owner = owner = -1
    if where != var_dir and folder_owner == os.geteuid() and owner != folder_owner:
        me = _account(folder_owner)
        return (
            f"{where} belongs to the account {_account(owner)}, most likely because an "
            f"interdepend command was run as it, and this account ({me}) may not change it. "
            f"Give the data folder's contents back to this account (chown -R {me}: {var_dir}) "
            "and run every command as it (docs/deploy.md)."
        )
    return (
        f"it may not write in {where}. Set INTERDEPEND_VAR_DIR to a folder this account owns "
        "(docs/configuration.md)."
    )


#: What stops a data folder being made, in our words, by the system's error number.
_VAR_DIR_TROUBLE = {
    errno.ENOENT: "a folder above it is missing and cannot be made",
    errno.ENOTDIR: "something on its path is a file, not a folder",
    errno.EROFS: "the disk it is on can only be read",
    errno.ENOSPC: "the disk it is on is full",
}


def _var_dir_trouble(var_dir: Path, error: OSError) -> str:
    if var_dir.exists() and not var_dir.is_dir():
        what = f"{var_dir} is a file, not a folder"
    else:
        why = _VAR_DIR_TROUBLE.get(error.errno or 0, error.strerror or type(error).__name__)
        what = f"its data folder {var_dir} cannot be made ({why})"
    return (
        f"{what}. Set INTERDEPEND_VAR_DIR to a new or empty folder this account owns "
        "(docs/configuration.md)."
    )


def var_dir_prepare(var_dir: Path, secrets_inside: list[Path]) -> None:
    """Make ``var_dir`` (0700) or tighten it, refuse open secrets, and tighten anything else
    under it that is open to others (collected static files, old backups)."""
    var_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    refuse_open_secrets(secrets_inside)
    try:
        _tighten(var_dir, 0o700)
        for folder, dirs, files in os.walk(var_dir):
            for name in dirs:
                _tighten(Path(folder) / name, 0o700)
            for name in files:
                _tighten(Path(folder) / name, 0o600)
    except OSError as error:
        sys.stderr.write(
            f"Interdepend did not start: {error.filename} is open to other accounts and could "
            f"not be made private ({error.strerror}). Make it private to the account "
            "Interdepend runs as (chmod go-rwx on that path), then start again.\n"
        )
        raise SystemExit(2) from None


def _tighten(path: Path, mode: int) -> None:
    if not path.is_symlink() and path.stat().st_mode & 0o077:
        os.chmod(path, mode)


def private_file(path: Path) -> Path:
    """Create ``path`` empty with mode 0600 unless it exists (the SQLite database, so that its
    ``-wal`` and ``-shm`` files, which SQLite makes with the database's mode, are 0600 too)."""
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    return path
