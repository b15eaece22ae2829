"""``interdepend check-deploy``: a deployment set up as docs/deploy.md says passes (exit 0);
each thing wrong with it is reported in a plain sentence (exit 2), one test per finding."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import DatabaseError, connection
from pytest_django import Settings
from pywebpush import Vapid

from interdepend.cli import main
from interdepend.web.accounts.models import User
from interdepend.web.journal import keys
from interdepend.web.journal.models import DataKey

pytestmark = pytest.mark.django_db

SMTP = "django.core.mail.backends.smtp.EmailBackend"


@pytest.fixture
def smtp_port() -> Iterator[int]:
    """A mail server on 127.0.0.1 that greets and says goodbye: enough to be reachable."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(4)
    stop = threading.Event()

    def serve() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                peer, _ = server.accept()
            except TimeoutError:
                continue
            with peer:
                peer.sendall(b"220 mail.example.test ready\r\n")
                peer.settimeout(2)
                try:
                    peer.recv(1024)
                    peer.sendall(b"221 bye\r\n")
                except OSError:
                    pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join(timeout=5)
    server.close()


@pytest.fixture
def good(
    settings: Settings, tmp_path: Path, smtp_port: int, monkeypatch: pytest.MonkeyPatch
) -> Settings:
    """Settings as docs/deploy.md asks for them."""
    monkeypatch.setattr("interdepend.cli.web.setup_django", lambda schema="ready": None)
    monkeypatch.setenv("SECRET_KEY", "k" + "x7Q2-pL9_aZ4" * 6)
    settings.SECRET_KEY = "k" + "x7Q2-pL9_aZ4" * 6
    settings.DEBUG = False
    settings.HTTPS = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.PROXY_COUNT = 1
    settings.FORGOTTEN_FILE = tmp_path / "shared" / "forgotten.jsonl"
    settings.ALLOWED_HOSTS = ["couples.example.org"]
    settings.CSRF_TRUSTED_ORIGINS = ["https://couples.example.org"]
    settings.WEBAUTHN_RP_ID = "example.org"
    settings.WEBAUTHN_ORIGINS = ["https://couples.example.org"]
    settings.MASTER_KEY = keys.new_key_text()
    settings.MASTER_KEY_FILE = tmp_path / "master.key"
    settings.EMAIL_BACKEND = SMTP
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = smtp_port
    settings.DEFAULT_FROM_EMAIL = "Interdepend <no-reply@couples.example.org>"
    settings.PUSH_CONTACT = "mailto:admin@couples.example.org"
    settings.VAPID_PRIVATE_KEY = ""
    settings.VAPID_KEY_FILE = tmp_path / "vapid.pem"
    settings.SAFETY_HELP_LINES = ["Emergency: 112"]
    return settings


def check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["check-deploy", *args])
    return code, capsys.readouterr().out


def test_a_deployment_set_up_as_the_guide_says_passes(
    good: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    assert check(capsys) == (0, "All is well for 1 server(s): nothing to fix.\n")


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"SECRET_KEY": "short"}, "The secret key is short"),
        ({"DEBUG": True}, "Debug mode is on"),
        ({"HTTPS": False}, "HTTPS is off"),
        ({"ALLOWED_HOSTS": ["*"]}, "accepts any host name"),
        ({"ALLOWED_HOSTS": ["127.0.0.1", "localhost"]}, "names only this machine"),
        # An address or a port where a name belongs: every page refused, and "All is well"
        # (the deployment walk of 2026-12-04); so was an origin without its scheme.
        (
            {"ALLOWED_HOSTS": ["https://couples.example.org"]},
            "ALLOWED_HOSTS holds https://couples.example.org, which is not a bare host name",
        ),
        (
            {"ALLOWED_HOSTS": ["couples.example.org:443", ".example.org", "[::1]"]},
            "ALLOWED_HOSTS holds couples.example.org:443, which is not a bare host name",
        ),
        (
            {"CSRF_TRUSTED_ORIGINS": ["couples.example.org"]},
            "CSRF_TRUSTED_ORIGINS holds couples.example.org, which does not start with https://",
        ),
        # No whole address for the site's name: links in mail lost a port other than 443
        # and nothing said so (left open since stop 53).
        (
            {"CSRF_TRUSTED_ORIGINS": []},
            "CSRF_TRUSTED_ORIGINS lists no address for couples.example.org",
        ),
        (
            {"CSRF_TRUSTED_ORIGINS": ["https://other.example.org"]},
            "CSRF_TRUSTED_ORIGINS lists no address for couples.example.org",
        ),
        (
            {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"},
            "Mail is not sent",
        ),
        ({"DEFAULT_FROM_EMAIL": "no-reply@localhost"}, "an address at localhost"),
        # Each of these made mail, passkeys or push fail for everyone while this said "All is
        # well" (the deployment walk of 2026-12-04).
        (
            {"DEFAULT_FROM_EMAIL": "Notes"},
            "DEFAULT_FROM_EMAIL holds no whole e-mail address (Notes)",
        ),
        (
            {"WEBAUTHN_RP_ID": "https://couples.example.org"},
            "WEBAUTHN_RP_ID is https://couples.example.org, which is neither the site's name",
        ),
        ({"WEBAUTHN_RP_ID": "example.com"}, "so browsers would refuse every passkey"),
        (
            {"WEBAUTHN_ORIGINS": ["couples.example.org"]},
            "WEBAUTHN_ORIGINS holds couples.example.org, which does not start with https://",
        ),
        (
            {"PUSH_HOSTS": ["*.push.example.org", "https://push.example.org/"]},
            "INTERDEPEND_PUSH_HOSTS holds https://push.example.org/, which is not a host name",
        ),
        (
            {"PUSH_CONTACT": "admin@couples.example.org"},
            "INTERDEPEND_PUSH_CONTACT is admin@couples.example.org, but push services take only",
        ),
        # A typo: every sign-up answered 500 (ImportError) and this said all was well (the
        # operator audit); so did a balancer in front that was not counted.
        (
            {"EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackEnd"},
            "EMAIL_BACKEND names a mail backend that cannot be loaded "
            "(django.core.mail.backends.smtp.EmailBackEnd)",
        ),
        ({"PROXY_COUNT": 0}, "counts none in front (INTERDEPEND_PROXY_COUNT is 0)"),
        ({"EMAIL_PORT": 1}, "cannot be used (ConnectionRefusedError"),
        # Reachable, but STARTTLS fails: only opening a connection said "All is well".
        ({"EMAIL_USE_TLS": True}, "cannot be used (SMTP"),
        # Port 465 waited for a greeting until the timeout, and EMAIL_USE_SSL was not read at
        # all (the deployment walk of 2026-12-04): now it is said, and the setting is used.
        ({"EMAIL_PORT": 465}, "port is 465, which expects TLS from the first word"),
        ({"EMAIL_USE_SSL": True}, "cannot be used (SSLError"),
        ({"EMAIL_BACKEND": "interdepend.web.frame.nomail.NoMailBackend"}, "Mail is not sent"),
        ({"MASTER_KEY": "not-a-key"}, "The master key cannot be used"),
        ({"MASTER_KEY": "…"}, "make one with interdepend rotate-key --print-new-key"),
        ({"VAPID_PRIVATE_KEY": "not a key"}, "is not a key the push services would accept"),
        ({"PUSH_CONTACT": "", "DEFAULT_FROM_EMAIL": "x@localhost"}, "no real contact address"),
        ({"SAFETY_HELP_LINES": []}, "lists no help lines"),
        (
            {
                "CACHES": {
                    "default": {
                        "BACKEND": "django.core.cache.backends.redis.RedisCache",
                        "LOCATION": "redis://127.0.0.1:1/0",
                        "OPTIONS": {"socket_connect_timeout": 1},
                    }
                }
            },
            "The cache cannot be reached",
        ),
    ],
)
def test_each_wrong_setting_is_reported_in_words(
    good: Settings, capsys: pytest.CaptureFixture[str], change: dict[str, object], words: str
) -> None:
    for name, value in change.items():
        setattr(good, name, value)
    code, said = check(capsys)
    assert code == 2
    assert said.startswith("1 thing(s) to fix") or "DEFAULT_FROM_EMAIL" in str(change), said
    assert words in said


def test_an_unreachable_or_old_database_is_reported(
    good: Settings, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def unreachable() -> tuple[int, int]:
        raise DatabaseError('connection to server at "10.0.0.9", port 5432 failed')

    monkeypatch.setattr("interdepend.cli.web._pending_migrations", unreachable)
    code, said = check(capsys)
    assert code == 2 and "The database cannot be reached (connection to server" in said
    monkeypatch.setattr("interdepend.cli.web._pending_migrations", lambda: (3, 40))
    code, said = check(capsys)
    assert code == 2 and "The database is from an older version" in said


def test_a_master_key_file_others_can_read_is_reported(
    good: Settings, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "open.key"
    path.write_text(keys.new_key_text() + "\n")
    path.chmod(0o644)
    good.MASTER_KEY = ""
    good.MASTER_KEY_FILE = path
    code, said = check(capsys)
    assert code == 2 and f"chmod 600 {path}" in said and "(mode 0644)" in said


def test_journal_keys_locked_with_a_key_this_server_lacks_are_reported(
    good: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    person = User.objects.create(email="someone@example.test", display_name="Someone")
    DataKey.objects.create(user=person, wrapped=b"\0" * 60, master_key_id="0123456789abcdef")
    code, said = check(capsys)
    assert code == 2 and "1 person(s)' journal keys are locked" in said


def test_more_than_one_server_needs_shared_keys_database_and_cache(
    good: Settings, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert check(capsys, "--servers", "2")[0] == 2  # the suite's cache is local memory
    monkeypatch.delenv("SECRET_KEY")
    good.MASTER_KEY = ""
    good.SECURE_PROXY_SSL_HEADER = None
    code, said = check(capsys, "--servers", "3")
    assert code == 2
    for words in (
        "The secret key is not given but made on this machine",
        "do not trust the header it adds for HTTPS",
        "The cache is each worker's own memory",
        "no INTERDEPEND_MASTER_KEY. With 3 servers",
        "There is no push key",
    ):
        assert words in said
    sqlite = "SQLite file on this machine; 3 servers cannot share it"
    assert (sqlite in said) == (connection.vendor == "sqlite")
    assert check(capsys, "--servers", "0")[0] == 2


def test_journals_locked_with_no_master_key_here_are_reported_on_one_server_too(
    good: Settings, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The restore drill's likeliest mistake: a restored database, and no master key on the
    spare machine. One server said nothing, and the first journal made a new key (the deployer
    audit)."""
    good.MASTER_KEY = ""
    good.MASTER_KEY_FILE = tmp_path / "none.key"
    assert check(capsys)[0] == 0  # a new site: no key yet is right
    person = User.objects.create(email="someone@example.test", display_name="Someone")
    DataKey.objects.create(user=person, wrapped=b"\0" * 60, master_key_id="0123456789abcdef")
    code, said = check(capsys)
    assert code == 2 and "1 person(s)' journal keys are locked" in said


def test_without_a_mail_server_nothing_is_sent_and_no_message_is_written_out(
    caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    """The default before was the console backend: every reset link, whole, in the journal."""
    from django.core.mail import EmailMessage

    from interdepend.web.frame.nomail import NoMailBackend

    message = EmailMessage("Reset", "https://x.test/password-reset/SECRET/", to=["a@b.test"])
    assert NoMailBackend().send_messages([message]) == 0
    written = capsys.readouterr().out + caplog.text
    assert "SECRET" not in written and "a@b.test" not in written
    assert "1 message(s) not sent: no mail server is set" in caplog.text


def test_a_forgotten_file_that_cannot_be_written_is_reported(
    good: Settings, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A deletion or safety reset was done and its line lost when the file could not be
    written, and this said nothing (the operator audit). A file where a folder should be."""
    blocker = tmp_path / "blocker"
    blocker.write_text("")
    good.FORGOTTEN_FILE = blocker / "forgotten.jsonl"
    code, said = check(capsys)
    assert code == 2 and said.startswith("1 thing(s) to fix")
    assert f"The forgotten-file {blocker}/forgotten.jsonl cannot be written" in said
    assert not blocker.is_dir()  # nothing was made
    good.FORGOTTEN_FILE = tmp_path / "new" / "deeper" / "forgotten.jsonl"
    assert check(capsys)[0] == 0  # made with its folders at the first line
    assert not (tmp_path / "new").exists()


def test_more_than_one_server_needs_keys_and_the_forgotten_file_from_outside_this_machine(
    good: Settings, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """With a master key and a push key already made into this machine's data folder, and the
    forgotten-file at its default there, two servers were "all well" (the operator audit)."""
    good.VAR_DIR = tmp_path
    good.MASTER_KEY = ""
    good.MASTER_KEY_FILE = tmp_path / "master.key"
    good.MASTER_KEY_FILE.write_text(keys.new_key_text() + "\n")
    good.VAPID_KEY_FILE = tmp_path / "vapid.pem"
    made_here = Vapid()  # a real key: one that cannot be read is a finding of its own
    made_here.generate_keys()
    good.VAPID_KEY_FILE.write_bytes(made_here.private_pem())
    good.FORGOTTEN_FILE = tmp_path / "forgotten.jsonl"
    for made in (good.MASTER_KEY_FILE, good.VAPID_KEY_FILE):
        made.chmod(0o600)
    assert check(capsys) == (0, "All is well for 1 server(s): nothing to fix.\n")
    code, said = check(capsys, "--servers", "2")
    assert code == 2
    for words in (
        f"The master key is not given but kept in a file made on this machine ({tmp_path}",
        f"The push key is not given but kept in a file made on this machine ({tmp_path}",
        f"The forgotten-file is in this machine's data folder ({tmp_path}",
    ):
        assert words in said, said


def test_the_demo_people_on_a_real_site_are_reported_refused_and_removable(
    good: Settings, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The operator audit of 2026-12-03: `interdepend demo` ran on a site served over HTTPS,
    its sign-in page then showed four accounts and their password (one a counsellor anyone
    could act as), and check-deploy said all was well. The demo now stops there unless told,
    check-deploy reports the demo people, and `demo --remove` deletes them."""
    assert good.HTTPS
    from interdepend.cli import web

    real_setup = web.setup_django

    def untouched(**_: object) -> None:
        raise AssertionError("the database was set up before the refusal")

    monkeypatch.setattr(web, "setup_django", untouched)
    assert main(["demo"]) == 2  # refused before the database is even migrated (the re-audit)
    assert "nothing was loaded" in capsys.readouterr().err
    monkeypatch.setattr(web, "setup_django", real_setup)
    assert not User.objects.filter(is_demo=True).exists()
    assert main(["demo", "--on-a-public-site"]) == 0
    capsys.readouterr()
    code, said = check(capsys)
    assert code == 2 and "The 4 demo people are here" in said
    assert "interdepend demo --remove" in said
    assert main(["demo", "--remove"]) == 0
    assert "removed 4 demo account(s)" in capsys.readouterr().out
    assert not User.objects.filter(is_demo=True).exists()
    assert check(capsys)[0] == 0


def _guide_env_file() -> dict[str, str]:
    """The settings file docs/deploy.md gives every app server: name → value as written."""
    import re

    guide = (Path(__file__).resolve().parents[2] / "docs" / "deploy.md").read_text()
    blocks = [part.split("```", 1)[0] for part in guide.split("```sh\n")[1:]]
    (block,) = [text for text in blocks if text.startswith("# 50 or more random characters")]
    found = {}
    for line in block.splitlines():
        if line and not line.startswith("#"):
            name, value = line.split("=", 1)
            assert re.fullmatch(r"[A-Z_]+", name), line
            found[name] = value
    return found


def test_the_guides_settings_file_sets_what_check_deploy_asks_of_several_servers() -> None:
    """The docs audit of 2026-12-04 (H1): the guide's file for several servers set neither the
    shared forgotten-file nor the help lines, so `check-deploy --servers 2` could not say "All is
    well" as the guide shows; and a value of its own broke the guide's quoting rule."""
    import re

    env = _guide_env_file()
    assert env["INTERDEPEND_FORGOTTEN_FILE"].startswith("/srv/interdepend-shared/")
    assert not env["INTERDEPEND_FORGOTTEN_FILE"].startswith(env["INTERDEPEND_VAR_DIR"])
    assert "|" in env["SAFETY_HELP_LINES"]
    for name, value in env.items():
        plain = re.fullmatch(r"[A-Za-z0-9_.:/@%+=,…-]*", value)
        quoted = re.fullmatch(r"'[^']*'", value)
        assert plain or quoted, f"{name}: a value beyond the plain characters goes in '…'"


def test_help_lines_copied_from_the_guide_are_reported(
    good: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    """The deployment walk of 2026-12-04: the guide's settings file, copied as it stands, put
    its made-up helpline number on the safety page and `check-deploy` said all was well; so did
    the table's example, copied with the backslash it writes before each |."""
    guide = _guide_env_file()["SAFETY_HELP_LINES"].strip("'")
    table = (Path(__file__).resolve().parents[2] / "docs" / "configuration.md").read_text()
    written = table.split("(for example `", 1)[1].split("`", 1)[0]
    assert "\\|" in written
    for value, words in [
        (guide, "still holds an example from our guide (Domestic abuse helpline: 0800 000 000"),
        (written, "has a backslash before a | (Emergency: 112\\)"),
        (written, "still holds an example from our guide (Domestic abuse helpline: 0800 …"),
    ]:
        good.SAFETY_HELP_LINES = [line.strip() for line in value.split("|") if line.strip()]
        code, said = check(capsys)
        assert code == 2 and words in said, said
    good.SAFETY_HELP_LINES = ["Emergency: 000", "1800RESPECT: 1800 737 732, any time"]
    assert check(capsys)[0] == 0


def test_the_commands_help_names_everything_it_checks(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`check-deploy --help` left out the demo people and the help lines (the deployment walk
    of 2026-12-04): each check now has the words that name it there."""
    from interdepend.web import deploycheck

    named = {
        "check_secret_key": "secret key",
        "check_https": "HTTPS",
        "check_proxy": "proxies in front",
        "check_allowed_hosts": "allowed host names",
        "check_database": "the database",
        "check_cache": "the cache",
        "check_master_key": "the master key",
        "check_mail": "mail",
        "check_push": "the push key",
        "check_forgotten_file": "the forgotten-file",
        "check_demo": "demo people",
        "check_help_lines": "help lines",
    }
    assert {check.__name__ for check in deploycheck.CHECKS} == set(named)
    monkeypatch.setenv("COLUMNS", "1000")  # one line: no word broken at its hyphen
    with pytest.raises(SystemExit):
        main(["check-deploy", "--help"])
    said = " ".join(capsys.readouterr().out.split())
    assert [words for words in named.values() if words not in said] == []


def test_a_push_key_file_that_holds_no_key_is_reported(
    good: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    """The deployment walk of 2026-12-04: an empty or damaged push key file passed, while every
    page asking for the key failed. One the app made itself passes."""
    from interdepend.web.accounts import push

    path = Path(good.VAPID_KEY_FILE)
    for held in ["", "-----BEGIN EC PRIVATE KEY-----\nnot a key\n", "not a key"]:
        path.write_text(held, encoding="utf-8")
        code, said = check(capsys)
        assert code == 2 and said.startswith("1 thing(s) to fix"), said
        assert f"The push key file {path} does not hold a key" in said
        assert "every phone then has to turn notifications on again" in said
    path.unlink()
    push.vapid.cache_clear()
    try:
        push.vapid()
    finally:
        push.vapid.cache_clear()
    assert path.is_file() and check(capsys)[0] == 0
