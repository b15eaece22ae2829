"""``interdepend check-deploy``: what is wrong with this deployment, in plain words.

Each check returns the findings it makes, one sentence each saying what is wrong, why it
matters and what to set. Nothing is changed. ``servers`` is how many app servers share the
database: above one, whatever each machine would otherwise make for itself (the secret key,
the master key, the push key) must be given to all of them, and the cache must be shared.
docs/deploy.md walks through each.
"""

from __future__ import annotations

import os
import smtplib
import stat
import uuid
from collections.abc import Callable
from email.utils import parseaddr
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings

from interdepend.web.frame.links import configured_origin

if TYPE_CHECKING:
    from interdepend.web.journal.keys import Keyring

#: Host names that reach only this machine: a site served to people needs its own name.
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
#: Mail backends that send nothing to anyone.
NO_MAIL = {
    "interdepend.web.frame.nomail.NoMailBackend",
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
}
SMTP = "django.core.mail.backends.smtp.EmailBackend"
SMTP_TIMEOUT = 5
#: What marks a help line as one of our examples rather than a real one: the guide's made-up
#: number (docs/deploy.md) and the dots that stand for a number (docs/configuration.md).
EXAMPLE_HELP_MARKS = ("0800 000 000", "…", "...")

Check = Callable[[int], list[str]]


def _open_to_others(path: Path) -> bool:
    return path.exists() and stat.S_IMODE(path.stat().st_mode) & 0o077 != 0


def check_secret_key(servers: int) -> list[str]:
    key = str(settings.SECRET_KEY)
    found = []
    if len(key) < 50 or len(set(key)) < 5 or key.startswith(("django-insecure", "test-only")):
        found.append(
            "The secret key is short or a made-up example: anyone who guesses it can forge "
            "sign-in cookies. Set SECRET_KEY to a long random value (50 characters or more)."
        )
    if servers > 1 and not os.environ.get("SECRET_KEY"):
        made_here = Path(settings.VAR_DIR) / "secret_key"
        found.append(
            f"The secret key is not given but made on this machine ({made_here}). With "
            f"{servers} servers each would make its own, and a person signed in through one "
            "would be signed out by the next. Set SECRET_KEY to the same value on every server."
        )
    return found


def check_https(servers: int) -> list[str]:
    found = []
    if settings.DEBUG:
        found.append(
            "Debug mode is on: an error page would show the code and settings to anyone. "
            "Unset INTERDEPEND_DEBUG."
        )
    if not settings.HTTPS:
        found.append(
            "HTTPS is off (INTERDEPEND_HTTPS=false): passwords and sign-in cookies would cross "
            "the network readable. Serve the site over HTTPS and unset INTERDEPEND_HTTPS."
        )
    elif servers > 1 and settings.SECURE_PROXY_SSL_HEADER is None:
        found.append(
            "The app servers sit behind a balancer but do not trust the header it adds for "
            "HTTPS, so every request would be sent back to HTTPS again without end. Set "
            "INTERDEPEND_BEHIND_PROXY=true (and let only the balancer reach the servers)."
        )
    return found


def check_proxy(servers: int) -> list[str]:
    if settings.SECURE_PROXY_SSL_HEADER is None or int(settings.PROXY_COUNT) > 0:
        return []
    return [
        "The site trusts a proxy for HTTPS (INTERDEPEND_BEHIND_PROXY=true) but counts none in "
        "front (INTERDEPEND_PROXY_COUNT is 0), so every request would seem to come from the "
        "proxy, and a stranger failing to sign in as someone would lock that person out from "
        "everywhere. Set INTERDEPEND_PROXY_COUNT to the number of proxies of yours in front "
        "(1 for one balancer)."
    ]


def check_allowed_hosts(servers: int) -> list[str]:
    hosts = [str(host) for host in settings.ALLOWED_HOSTS]
    if "*" in hosts:
        return [
            "ALLOWED_HOSTS accepts any host name, so links in password-reset mail could be "
            "made to point elsewhere. List the site's own names, e.g. ALLOWED_HOSTS=couples.org."
        ]
    if not set(hosts) - LOOPBACK:
        return [
            "ALLOWED_HOSTS names only this machine, so people reaching the site by its name "
            "would get an error. Add the site's name, e.g. ALLOWED_HOSTS=couples.example.org."
        ]
    # An address or a port where a name belongs matched no request, so every page was refused,
    # and an origin without its scheme was taken for nothing; both were "All is well" (the
    # deployment walk of 2026-12-04).
    found = [
        f"ALLOWED_HOSTS holds {host}, which is not a bare host name: no request matches it, "
        "so people reaching the site by that name would be refused every page. Write the name "
        "alone, without https:// or a port: e.g. ALLOWED_HOSTS=couples.example.org."
        for host in hosts
        if not _bare_host(host)
    ]
    found += [
        f"CSRF_TRUSTED_ORIGINS holds {origin}, which does not start with https:// (or "
        "http://), so forms and the links in e-mail would not use it. Write the site's whole "
        "address: e.g. CSRF_TRUSTED_ORIGINS=https://couples.example.org."
        for origin in (str(origin) for origin in settings.CSRF_TRUSTED_ORIGINS)
        if not origin.lower().startswith(("https://", "http://"))
    ]
    return found + _origins_missing(hosts) + _passkey_names(hosts)


def _origins_missing(hosts: list[str]) -> list[str]:
    """Each name people reach the site by needs its whole address in CSRF_TRUSTED_ORIGINS:
    without it links in e-mail and invitation links are made from the request's name alone,
    so a site served on a port other than 443 mailed links that lead nowhere, and this said
    "All is well" (left open since stop 53)."""
    if not settings.HTTPS:
        return []
    return [
        f"CSRF_TRUSTED_ORIGINS lists no address for {host}, so links in e-mail and "
        "invitation links are made from the name alone, without a port. Add the site's whole "
        f"address: e.g. CSRF_TRUSTED_ORIGINS=https://{host}."
        for host in hosts
        if host not in LOOPBACK
        and _bare_host(host)
        and not host.startswith((".", "["))
        and configured_origin(host.lower()) is None
        # An origin written without its scheme is told once, above.
        and not any(host.lower() in str(origin).lower() for origin in settings.CSRF_TRUSTED_ORIGINS)
    ]


def _passkey_names(hosts: list[str]) -> list[str]:
    """WEBAUTHN_RP_ID must be the site's name or a parent of it, and WEBAUTHN_ORIGINS whole
    addresses: otherwise no passkey can be added or used, and nothing said so."""
    found = []
    rp_id = str(settings.WEBAUTHN_RP_ID)
    names = [host.lstrip(".").lower() for host in hosts if host not in LOOPBACK and host != "*"]
    if rp_id and not any(name == rp_id or name.endswith("." + rp_id) for name in names):
        found.append(
            f"WEBAUTHN_RP_ID is {rp_id}, which is neither the site's name in ALLOWED_HOSTS nor "
            "a domain above it, so browsers would refuse every passkey. Set it to the site's "
            "name alone (couples.example.org, or example.org), or leave it unset."
        )
    found += [
        f"WEBAUTHN_ORIGINS holds {origin}, which does not start with https://, so every "
        "passkey answer would be refused. Write the address pages are served from: e.g. "
        "WEBAUTHN_ORIGINS=https://couples.example.org, or leave it unset."
        for origin in (str(origin) for origin in settings.WEBAUTHN_ORIGINS)
        if not origin.lower().startswith(("https://", "http://"))
    ]
    return found


def _bare_host(host: str) -> bool:
    """A name as ALLOWED_HOSTS matches it: no scheme, path or port (an IPv6 address in its
    brackets keeps its colons)."""
    if host.startswith("[") and host.endswith("]"):
        return True
    return not any(mark in host for mark in ("/", ":", "@", " "))


def check_database(servers: int) -> list[str]:
    from django.db import DatabaseError, connection

    from interdepend.cli.web import NOT_SET_UP, NOT_UP_TO_DATE, _pending_migrations

    found = []
    if connection.vendor == "sqlite" and servers > 1:
        found.append(
            f"The database is a SQLite file on this machine; {servers} servers cannot share "
            "it. Set DATABASE_URL to one PostgreSQL database for all of them."
        )
    try:
        pending, applied = _pending_migrations()
    except DatabaseError as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        return [*found, f"The database cannot be reached ({first}). Check DATABASE_URL."]
    if pending:
        said = NOT_SET_UP if not applied else NOT_UP_TO_DATE
        found.append(said[0].upper() + said[1:])
    return found


def check_cache(servers: int) -> list[str]:
    from django.core.cache import cache

    backend = str(settings.CACHES["default"]["BACKEND"])
    found = []
    if servers > 1 and backend.endswith("LocMemCache"):
        found.append(
            f"The cache is each worker's own memory; with {servers} servers each worker would "
            "work out the same trend estimates again for itself. Set CACHE_URL to one Redis, "
            "e.g. CACHE_URL=redis://10.0.0.5:6379/0, the same on every server."
        )
    probe, value = f"check-deploy:{uuid.uuid4().hex}", uuid.uuid4().hex
    try:
        cache.set(probe, value, 30)
        answered = cache.get(probe)
        cache.delete(probe)
    except Exception as error:  # noqa: BLE001 - any failure of the cache is the finding
        return [
            *found,
            f"The cache cannot be reached ({type(error).__name__}). Check CACHE_URL and that "
            "Redis is running and lets this machine in.",
        ]
    if answered != value:
        found.append("The cache does not keep what is put in it. Check CACHE_URL and Redis.")
    return found


def check_master_key(servers: int) -> list[str]:
    from interdepend.web.journal import keys

    path = Path(settings.MASTER_KEY_FILE)
    from_env = bool(str(settings.MASTER_KEY).strip())
    if not keys.has_keyring():
        if servers > 1:
            return [
                f"There is no master key file ({path}) and no INTERDEPEND_MASTER_KEY. With "
                f"{servers} servers each would make its own key, and a journal written through "
                "one could not be read through another. Give every server the same key "
                "(interdepend rotate-key --print-new-key makes one)."
            ]
        # No key yet is right for a new site; with journals already locked (a restored
        # backup), it is the restore drill's likeliest mistake: say so.
        return _keys_missing(keys.Keyring(keys=(), source="file", path=path), keys.key_ids_in_use)
    if not from_env and _open_to_others(path):
        mode = stat.S_IMODE(path.stat().st_mode)
        return [
            f"The master key file {path} can be read by other accounts on this machine (mode "
            f"{mode:04o}), and it unlocks every journal. Run: chmod 600 {path}"
        ]
    found = []
    if not from_env and servers > 1 and _in_var_dir(path):
        found.append(
            f"The master key is not given but kept in a file made on this machine ({path}). "
            f"With {servers} servers each other one would make its own, and a journal written "
            "through one could not be read through another. Set INTERDEPEND_MASTER_KEY on "
            "every server to the keys in that file (one a line there, comma-separated in the "
            "variable, newest first)."
        )
    try:
        ring = keys.keyring()
    except keys.JournalKeyError as error:
        # The error alone left a deployer with "…" copied from the guide not knowing where a
        # key comes from (the deployment walk of 2026-12-04).
        return [
            *found,
            f"The master key cannot be used: {error}. Check that it was copied whole. A new "
            "site can make one with interdepend rotate-key --print-new-key; a site whose "
            "journals are locked already needs the key they were locked with "
            "(docs/journal.md).",
        ]
    return found + _keys_missing(ring, keys.key_ids_in_use)


def _in_var_dir(path: Path) -> bool:
    """Whether ``path`` is in this machine's own data folder, which no other server shares."""
    return Path(path).resolve().is_relative_to(Path(settings.VAR_DIR).resolve())


def _keys_missing(ring: Keyring, in_use: Callable[[], dict[str, int]]) -> list[str]:
    """Data keys wrapped under a master key this server does not have: journals it cannot
    open (another server's own key, or a key dropped too soon)."""
    from django.db import DatabaseError

    have = {key.key_id for key in ring.keys}
    try:
        lacking = sum(n for key_id, n in in_use().items() if key_id not in have)
    except DatabaseError:
        return []  # the database finding says it already
    if not lacking:
        return []
    return [
        f"{lacking} person(s)' journal keys are locked with a master key this server does not "
        "have, so it cannot open their journals. Give this server the same master keys as the "
        "others (INTERDEPEND_MASTER_KEY or the key file)."
    ]


def check_mail(servers: int) -> list[str]:
    from django.utils.module_loading import import_string

    backend = str(settings.EMAIL_BACKEND)
    try:
        import_string(backend)
    except ImportError:
        return [
            f"EMAIL_BACKEND names a mail backend that cannot be loaded ({backend}), so every "
            f"sign-up and password reset would fail. Check its spelling: EMAIL_BACKEND={SMTP}."
        ]
    if backend in NO_MAIL:
        return [
            "Mail is not sent: sign-up links and password resets would never arrive. Set "
            f"EMAIL_BACKEND={SMTP} and EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER and "
            "EMAIL_HOST_PASSWORD."
        ]
    found = []
    from_address = parseaddr(str(settings.DEFAULT_FROM_EMAIL))[1]
    local, at, domain = from_address.rpartition("@")
    if not (local and at and domain):
        # A mail server refuses a message from no address at all: sign-up mail was lost while
        # this said all was well (the deployment walk of 2026-12-04).
        found.append(
            f"DEFAULT_FROM_EMAIL holds no whole e-mail address ({settings.DEFAULT_FROM_EMAIL}), "
            "so mail servers would refuse every message. Set it to one, e.g. "
            "DEFAULT_FROM_EMAIL=no-reply@couples.example.org."
        )
    elif str(settings.DEFAULT_FROM_EMAIL).rstrip(">").endswith("@localhost"):
        found.append(
            "Mail would come from an address at localhost, which mail services refuse. Set "
            "DEFAULT_FROM_EMAIL, e.g. no-reply@couples.example.org."
        )
    if backend == SMTP and settings.EMAIL_PORT == 465 and not settings.EMAIL_USE_SSL:
        # Without it a plain greeting was awaited from a server waiting for TLS, until the
        # timeout: "TimeoutError", and nothing said what to change.
        found.append(
            "The mail server's port is 465, which expects TLS from the first word, but "
            "EMAIL_USE_SSL is not set. Set EMAIL_USE_SSL=true (and leave EMAIL_USE_TLS unset), "
            "or use port 587 with EMAIL_USE_TLS=true."
        )
    elif backend == SMTP:
        # As a message will go: connected, with STARTTLS and the login when they are set
        # (only opening a connection passed a certificate or password the sending refuses).
        from django.core.mail import get_connection

        try:
            connection = get_connection(timeout=SMTP_TIMEOUT)
            connection.open()
            connection.close()
        except (OSError, smtplib.SMTPException) as error:
            found.append(
                f"The mail server {settings.EMAIL_HOST}:{settings.EMAIL_PORT} cannot be used "
                f"({type(error).__name__}: {_first_line(error)}). Check EMAIL_HOST, EMAIL_PORT, "
                "EMAIL_USE_TLS or EMAIL_USE_SSL, EMAIL_HOST_USER and EMAIL_HOST_PASSWORD."
            )
    return found


def _first_line(error: BaseException) -> str:
    return (str(error).splitlines() or [""])[0][:160]


def check_push(servers: int) -> list[str]:
    found = []
    given = str(settings.VAPID_PRIVATE_KEY).strip()
    path = Path(settings.VAPID_KEY_FILE)
    if given:
        from pywebpush import Vapid

        try:
            Vapid.from_pem(given.encode()) if given.startswith("-----BEGIN") else Vapid.from_string(
                given
            )
        except Exception:  # noqa: BLE001 - whatever the library says, the key is unusable
            found.append(
                "INTERDEPEND_VAPID_PRIVATE_KEY is not a key the push services would accept. "
                "Set it to a PEM or base64url private key (docs/phone.md)."
            )
    elif _open_to_others(path):
        found.append(
            f"The push key file {path} can be read by other accounts on this machine. "
            f"Run: chmod 600 {path}"
        )
    elif servers > 1 and not path.exists():
        found.append(
            f"There is no push key ({path}) and no INTERDEPEND_VAPID_PRIVATE_KEY. With "
            f"{servers} servers each would make its own, and a phone that turned notifications "
            "on through one would get nothing sent by another. Set "
            "INTERDEPEND_VAPID_PRIVATE_KEY to the same key on every server."
        )
    elif servers > 1 and _in_var_dir(path):
        found.append(
            f"The push key is not given but kept in a file made on this machine ({path}). With "
            f"{servers} servers each other one would make its own, and a phone that turned "
            "notifications on through one would get nothing sent by another. Set "
            "INTERDEPEND_VAPID_PRIVATE_KEY on every server to the key in that file."
        )
    found += [
        f"INTERDEPEND_PUSH_HOSTS holds {host}, which is not a host name (push.example.org) or "
        "*. and one (*.push.example.org), so no browser's notification address would match "
        "it. Write the name alone, without https:// or a path."
        for host in (str(host) for host in settings.PUSH_HOSTS)
        if not _bare_host(host.removeprefix("*.")) or "*" in host.removeprefix("*.")
    ]
    if not given and path.is_file() and not _vapid_file_usable(path):
        # An empty or damaged file passed, and every page asking for the key failed (the
        # deployment walk of 2026-12-04).
        found.append(
            f"The push key file {path} does not hold a key the push services would accept. "
            "Put back the key it held (a copy from another server or a backup of it). If it is "
            "lost, delete the file and a new key is made at the next start: every phone then "
            "has to turn notifications on again."
        )
    contact = str(settings.PUSH_CONTACT) or str(settings.DEFAULT_FROM_EMAIL)
    if settings.PUSH_CONTACT and not contact.startswith(("mailto:", "https://")):
        # Push services refuse a contact of any other form (the deployment walk of 2026-12-04).
        found.append(
            f"INTERDEPEND_PUSH_CONTACT is {contact}, but push services take only mailto: and an "
            "address, or an https:// page, and would refuse every notification. Write it "
            "e.g. mailto:admin@couples.example.org."
        )
    elif "localhost" in contact:
        found.append(
            "Push services are given no real contact address. Set INTERDEPEND_PUSH_CONTACT, "
            "e.g. mailto:admin@couples.example.org."
        )
    return found


def _vapid_file_usable(path: Path) -> bool:
    """Whether the key file reads as the push code reads it (``Vapid.from_file``: a PEM, or
    else DER), without the library's own line on standard error."""
    from pywebpush import Vapid

    try:
        text = path.read_text(encoding="utf-8")
        if "-----BEGIN" in text:
            Vapid.from_pem(text.encode())
        else:
            Vapid.from_der(text.encode())
    except Exception:  # noqa: BLE001 - whatever the library or the disk says, it is unusable
        return False
    return True


def check_forgotten_file(servers: int) -> list[str]:
    """The file a restore reads to do again the erasures and safety resets made after its copy:
    it must take a line at every one, and with several servers be the same file for all."""
    path = Path(settings.FORGOTTEN_FILE)
    found = []
    if not _appendable(path):
        found.append(
            f"The forgotten-file {path} cannot be written (a folder on its way is missing or a "
            "file, or this account may not write there), so an account deletion or safety "
            "reset would not be kept in it, and restoring a backup would bring it back. Set "
            "INTERDEPEND_FORGOTTEN_FILE to a file this account can write (docs/data-rights.md)."
        )
    if servers > 1 and _in_var_dir(path):
        found.append(
            f"The forgotten-file is in this machine's data folder ({path}). With {servers} "
            "servers each would keep the erasures and safety resets made through it only, and a "
            "restore would bring back those made through the others. Set "
            "INTERDEPEND_FORGOTTEN_FILE to one file on storage every server shares "
            "(docs/data-rights.md)."
        )
    return found


def _appendable(path: Path) -> bool:
    """Whether a line could be added to ``path`` (made, with its folders, when missing), as
    :func:`interdepend.web.datarights.forgotten.record` adds one. Nothing is written."""
    if path.exists():
        return path.is_file() and os.access(path, os.W_OK)
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return folder.is_dir() and os.access(folder, os.W_OK | os.X_OK)


def check_demo(servers: int) -> list[str]:
    """The demo people sign in with a password the sign-in page shows to everyone, and one of
    them is a counsellor: on a real site anyone could act as them (the operator audit of
    2026-12-03: check-deploy said all was well)."""
    from django.db import DatabaseError

    from interdepend.web.accounts.models import User

    try:
        count = User.objects.filter(is_demo=True).count()
    except DatabaseError:  # the database is another check's finding
        return []
    if not count:
        return []
    return [
        f"The {count} demo people are here: anyone can sign in as them with the password the "
        "sign-in page shows, the demo counsellor included. Remove them: interdepend demo --remove"
    ]


def check_help_lines(servers: int) -> list[str]:
    """The help lines are what a person whose safety answers worry us is shown: the general
    words without them are a fallback, not something a site should serve by default."""
    lines = [str(line) for line in settings.SAFETY_HELP_LINES]
    if not lines:
        return [
            "The safety page lists no help lines for the country you serve. Set "
            "SAFETY_HELP_LINES, e.g. Emergency: 112|Domestic abuse helpline: 0800 ... (free, day "
            "and night)."
        ]
    found = []
    examples = [line for line in lines if any(mark in line for mark in EXAMPLE_HELP_MARKS)]
    if examples:
        # The guide's settings file copied as it stands passed (the deployment walk): a person
        # whose answers worry us was shown a number that reaches no one.
        found.append(
            f"SAFETY_HELP_LINES still holds an example from our guide ({examples[0]}): someone "
            "who needs help would be shown a number that reaches no one. Put in the real help "
            "lines of the country you serve."
        )
    escaped = [line for line in lines if line.endswith("\\")]
    if escaped:
        # Copied from the table in docs/configuration.md, which writes its | as \|.
        found.append(
            f"SAFETY_HELP_LINES has a backslash before a | ({escaped[0]}), and the safety page "
            "would show it. Write the lines with a bare | between them, e.g. "
            "Emergency: 112|Domestic abuse helpline: 0800 ... (free, day and night)."
        )
    return found


#: Every check, in the order they are reported.
CHECKS: tuple[Check, ...] = (
    check_secret_key,
    check_https,
    check_proxy,
    check_allowed_hosts,
    check_database,
    check_cache,
    check_master_key,
    check_mail,
    check_push,
    check_forgotten_file,
    check_demo,
    check_help_lines,
)


def findings(servers: int = 1) -> list[str]:
    return [found for check in CHECKS for found in check(servers)]
