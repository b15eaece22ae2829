"""Interdepend's settings: production defaults, every knob read from the environment.

See docs/configuration.md for each variable. Nothing here is read by ``interdepend.core``.
"""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.exceptions import ImproperlyConfigured

from interdepend import __version__
from interdepend.web.env import (
    cache_from_url,
    database_from_url,
    env_bool,
    env_int,
    env_list,
    env_str,
    env_web_address,
    env_whole,
    private_file,
    private_umask,
    secret_key,
    sqlite_database,
    var_dir_claim,
    var_dir_prepare,
)

#: The words LOG_LEVEL may be, in any case.
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def _env_at_least(name: str, default: int, least: int, why: str) -> int:
    """A whole number of at least ``least``; a smaller one stops start-up, saying ``why``."""
    value = env_whole(name, default)
    if value < least:
        raise ImproperlyConfigured(f"{name} must be {least} or more ({why}), not {value}")
    return value


def _env_log_level(name: str, default: str) -> str:
    raw = env_str(name).strip() or default
    if raw.upper() not in LOG_LEVELS:
        words = ", ".join(LOG_LEVELS[:-1]) + f" or {LOG_LEVELS[-1]}"
        raise ImproperlyConfigured(f"{name} must be {words}, not {raw!r}")
    return raw.upper()


def _env_time_zone(name: str, default: str) -> str:
    raw = env_str(name).strip() or default
    try:
        ZoneInfo(raw)
    except (ZoneInfoNotFoundError, ValueError):
        raise ImproperlyConfigured(
            f"{name} must be the name of a time zone, such as UTC or Europe/Madrid, not {raw!r}"
        ) from None
    return raw


# Everything the app writes is for its own user only (0600 files, 0700 folders), whatever
# the umask it was started with; see var_dir_prepare at the end for files made before.
private_umask()

PACKAGE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(env_str("INTERDEPEND_VAR_DIR", str(Path.cwd() / "var"))).resolve()
var_dir_claim(VAR_DIR)  # ours, or start-up stops before anything is written into it

DEBUG = env_bool("INTERDEPEND_DEBUG", False)
SECRET_KEY = secret_key(VAR_DIR)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

# HTTPS is on by default (production). `make run` serves plain HTTP on loopback and says so
# with INTERDEPEND_HTTPS=false.
HTTPS = env_bool("INTERDEPEND_HTTPS", True)
SECURE_SSL_REDIRECT = HTTPS
# The balancer's health check asks over plain HTTP: answered, not sent to HTTPS (a redirect
# counts as a pass, whatever the server's state).
SECURE_REDIRECT_EXEMPT = [r"^healthz\Z"]  # \Z: not "healthz" and a newline
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
# HSTS covers the site's subdomains and asks to be preloaded into browsers unless told not to:
# a site on its organisation's own domain may turn both off. Browsers' preload list takes only
# a site that covers its subdomains, so preload follows them unless said.
HSTS_SUBDOMAINS = env_bool("INTERDEPEND_HSTS_SUBDOMAINS", True)
HSTS_PRELOAD = env_bool("INTERDEPEND_HSTS_PRELOAD", HSTS_SUBDOMAINS)
if HSTS_PRELOAD and not HSTS_SUBDOMAINS:
    raise ImproperlyConfigured(
        "INTERDEPEND_HSTS_PRELOAD=true needs INTERDEPEND_HSTS_SUBDOMAINS=true (browsers preload "
        "only a site that covers its subdomains); unset INTERDEPEND_HSTS_PRELOAD"
    )
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS and HSTS_SUBDOMAINS
SECURE_HSTS_PRELOAD = HTTPS and HSTS_PRELOAD
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("INTERDEPEND_BEHIND_PROXY", False) else None
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "interdepend.web.frame",
    "interdepend.web.accounts",
    "interdepend.web.partners",
    "interdepend.web.assessment",
    "interdepend.web.together",
    "interdepend.web.couple",
    "interdepend.web.decide",
    "interdepend.web.daily",
    "interdepend.web.research",
    "interdepend.web.journal",
    "interdepend.web.practice",
    "interdepend.web.datarights",
    "interdepend.web.home",
]

MIDDLEWARE = [
    "interdepend.web.frame.proxy.ProxiedClientMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "interdepend.web.frame.middleware.SecurityHeadersMiddleware",
    # Pages are read and forms posted; any other method is refused before a session is read.
    "interdepend.web.frame.middleware.OnlyOurMethodsMiddleware",
    "interdepend.web.frame.staticfiles.LateFilesMiddleware",
    "interdepend.web.accounts.sessions.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "interdepend.web.frame.csrfcookie.CsrfCookieMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "interdepend.web.accounts.language.AccountLanguageMiddleware",
    # Before anything reads a form: a body longer than any form needs is not read at all.
    "interdepend.web.frame.bodies.BodyLimitMiddleware",
    # Messages first: a session that has run out drops what was waiting to be said to it
    # (frame.said), which it can only do once the lines are there to drop.
    "django.contrib.messages.middleware.MessageMiddleware",
    "interdepend.web.accounts.sessions.SessionActivityMiddleware",
    "interdepend.web.accounts.unsent.UnsentAfterSignOutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "interdepend.web.frame.lock.SessionLockMiddleware",
    "interdepend.web.accounts.idle.LockedFormMiddleware",
    # Away too long (a page's beacon as it went out of sight): locked before any view looks.
    "interdepend.web.accounts.idle.AwayMiddleware",
    "axes.middleware.AxesMiddleware",
    "interdepend.web.frame.middleware.NotAllowedPageMiddleware",
]

#: Django's W003 looks for its CSRF middleware by path and so misses ours, made from it
#: (frame.csrfcookie); frame.checks asks the same of the classes, as an error, in its place.
SILENCED_SYSTEM_CHECKS = ["security.W003"]

ROOT_URLCONF = "interdepend.web.urls"
WSGI_APPLICATION = "interdepend.web.wsgi.application"

#: Django's renderer, with the fixed field templates drawn in Python (frame/formrender.py).
FORM_RENDERER = "interdepend.web.frame.formrender.FormRenderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "interdepend.web.frame.context.frame",
                "interdepend.web.home.context.navigation",
            ],
            # Every template may use the i18n tags without loading them. ``fasttags`` comes
            # after Django's: its {% url %} and {% translate %} remember what never changes
            # between requests (the module says how and why).
            "builtins": [
                "interdepend.web.frame.templatetags.usertext",
                "django.templatetags.i18n",
                "interdepend.web.frame.templatetags.fasttags",
                "interdepend.web.frame.templatetags.formfields",
                "interdepend.web.frame.templatetags.scales",
                "interdepend.web.partners.templatetags.within",
            ],
        },
    },
]

DATABASE_URL = env_str("DATABASE_URL")
CONN_MAX_AGE = _env_at_least("CONN_MAX_AGE", 60, 0, "seconds; 0 closes each connection")
DATABASES = {
    "default": (
        database_from_url(DATABASE_URL, conn_max_age=CONN_MAX_AGE)
        if DATABASE_URL
        else sqlite_database(VAR_DIR / "interdepend.sqlite3")
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# CACHE_URL (redis://host:6379/0) gives one cache shared by every app server; unset, each
# worker keeps its own in memory (one machine). What is kept there is correct whichever process
# wrote it (docs/deploy.md, The shared cache): the together space's trend estimates, keyed by a
# digest of the data they came from. Nothing a request relies on is kept only in a cache
# (sessions, throttling, counts of wrong codes are database rows). Page fragments that carry
# no personal data (navigation, footer, the fixed cards of the home page; Django's {% cache %}
# uses "template_fragments") are the same on every server of a release, so each worker keeps
# its own: no trip to Redis for them on every page.
CACHE_URL = env_str("CACHE_URL")
CACHE_PREFIX = f"interdepend-{__version__}"
CACHES = {
    "default": cache_from_url(CACHE_URL, key_prefix=CACHE_PREFIX),
    "template_fragments": cache_from_url("", key_prefix=CACHE_PREFIX),
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "interdepend.web.accounts.hashers.TunedArgon2PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
]
# Django's checks, each saying why in our own words (accounts/passwords.py).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "interdepend.web.accounts.passwords.UnlikeYourDetails"},
    {"NAME": "interdepend.web.accounts.passwords.LongEnough", "OPTIONS": {"min_length": 10}},
    {"NAME": "interdepend.web.accounts.passwords.NotCommon"},
    {"NAME": "interdepend.web.accounts.passwords.NotOnlyDigits"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home:home"
LOGOUT_REDIRECT_URL = "accounts:login"

SESSION_ENGINE = "interdepend.web.accounts.sessions"
# A session ends this long after sign-in, whatever the activity (accounts/sessions.py).
SESSION_ABSOLUTE_SECONDS = env_int("SESSION_ABSOLUTE_SECONDS", 14 * 24 * 3600, least=1)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_SECONDS
SESSION_IDLE_SECONDS = env_int("SESSION_IDLE_SECONDS", 2 * 3600, least=1)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_NAME = "interdepend_session"
CSRF_COOKIE_HTTPONLY = True
# Re-enter the password before sensitive steps when the last proof is older than this.
REAUTH_SECONDS = env_int("REAUTH_SECONDS", 5 * 60, least=1)
REAUTH_MAX_FAILURES = env_int("REAUTH_MAX_FAILURES", 5, least=1)
# The journal asks for the password again after this long without a journal request.
JOURNAL_IDLE_SECONDS = env_int("JOURNAL_IDLE_SECONDS", 15 * 60, least=1)
# A private page out of sight this long (the phone locked, another app or tab in front) locks
# itself when it is seen again, and every private page and step behind a password asks for it.
PRIVATE_AWAY_SECONDS = env_int("PRIVATE_AWAY_SECONDS", 60, least=1)

# Journal encryption: master keys live outside the database and are never derived from
# SECRET_KEY (docs/journal.md). Base64url keys, comma-separated, newest first; else the file.
MASTER_KEY = env_str("INTERDEPEND_MASTER_KEY")
MASTER_KEY_FILE = Path(env_str("INTERDEPEND_MASTER_KEY_FILE", str(VAR_DIR / "master.key")))

# Erasures and safety resets, one line each, beside the database and in no backup: a restore
# does again each one the restored copy does not know of (datarights/models.py).
FORGOTTEN_FILE = Path(env_str("INTERDEPEND_FORGOTTEN_FILE", str(VAR_DIR / "forgotten.jsonl")))

# Web Push (docs/phone.md, Notifications): the installation's VAPID key, from the environment
# (a PEM or base64url private key) or made once into the file; who push services may write to.
VAPID_PRIVATE_KEY = env_str("INTERDEPEND_VAPID_PRIVATE_KEY")
VAPID_KEY_FILE = Path(env_str("INTERDEPEND_VAPID_KEY_FILE", str(VAR_DIR / "vapid.pem")))

CSRF_COOKIE_SAMESITE = "Lax"

# Login throttling: keyed on the pair, so a partner failing from their own address cannot
# lock the account owner out of theirs.
AXES_FAILURE_LIMIT = _env_at_least("AXES_FAILURE_LIMIT", 5, 1, "failed sign-ins before a pause")
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15, least=1) / 60
#: Different e-mail addresses failing from one connection within the pause before every sign-in
#: from it without a device cookie pauses too (accounts/devices.py).
ADDRESS_SPREAD_LIMIT = _env_at_least(
    "ADDRESS_SPREAD_LIMIT", 10, 2, "different addresses failing from one connection"
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_USERNAME_FORM_FIELD = "username"
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = False
# Behind a balancer the client's address comes from X-Forwarded-For, trusted only as far as our
# own proxies go (INTERDEPEND_PROXY_COUNT; interdepend.web.frame.proxy sets REMOTE_ADDR).
PROXY_COUNT = env_int("INTERDEPEND_PROXY_COUNT", 0)
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]
# Counted by connection: an IPv6 address by its /64 (accounts.devices.client_network).
AXES_CLIENT_IP_CALLABLE = "interdepend.web.accounts.devices.client_network"
# Device cookies (accounts/devices.py): a browser that has signed in to an account before is
# not held by the lock-out above, which others at the same address can set off; its own wrong
# passwords for an account end its trust for that account after DEVICE_FAILURE_LIMIT.
AXES_WHITELIST_CALLABLE = "interdepend.web.accounts.devices.axes_trusts"
AXES_HANDLER = "interdepend.web.accounts.devices.DeviceAwareAxesHandler"
DEVICE_COOKIE_NAME = "interdepend_device"
DEVICE_COOKIE_DAYS = env_int("DEVICE_COOKIE_DAYS", 180, least=1)
DEVICE_FAILURE_LIMIT = env_int("DEVICE_FAILURE_LIMIT", 5, least=1)
# Passkeys (accounts/passkeys.py): the site's name passkeys are bound to (a domain, never an IP
# address) and the addresses pages are served from. Unset: the host each request came to.
WEBAUTHN_RP_ID = env_str("WEBAUTHN_RP_ID", "")
WEBAUTHN_ORIGINS = env_list("WEBAUTHN_ORIGINS", "")

# Invitation codes: wrong guesses per hour per person (never per address: an address is shared
# by everyone behind it, so a partner's guessing could spend the other's budget).
INVITE_GUESS_LIMIT = env_int("INVITE_GUESS_LIMIT", 10, least=1)
INVITE_TTL_HOURS = env_int("INVITE_TTL_HOURS", 72, least=1)

# Without a mail server set, nothing is sent (and a line says so): the console, which writes
# whole messages with their links to standard output, only for `make run` on plain HTTP.
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "interdepend.web.frame.nomail.NoMailBackend"
    if HTTPS
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, least=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# A mail server on port 465 speaks TLS from its first word (STARTTLS is port 587's): without
# this setting such a server could not be used at all, and EMAIL_USE_SSL=true was ignored
# without a word (the deployment walk of 2026-12-04).
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured(
        "EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be true: set EMAIL_USE_SSL=true for a mail "
        "server on port 465, or EMAIL_USE_TLS=true for one on port 587"
    )
# Seconds a mail server may take to answer: without it, one that never answers held sign-up
# and password reset until the worker was killed, and `interdepend remind` for ever.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10, least=1)
# Only its address is used for mail to a person: the name shown is always the plain "Notes"
# (accounts/accountmail.py), so that her lock screen does not name the app.
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "no-reply@localhost")
PUSH_CONTACT = env_str("INTERDEPEND_PUSH_CONTACT", "")
# A push endpoint on this machine over plain HTTP is accepted only while developing (and in
# the suite, whose own push service listens on 127.0.0.1).
PUSH_ALLOW_LOOPBACK = DEBUG
# More push services a browser's notification address may point to, besides the browsers' own
# (accounts/push.py PUSH_SERVICES): host names, or "*.example.org" for the names under one.
PUSH_HOSTS = env_list("INTERDEPEND_PUSH_HOSTS", "")
PASSWORD_RESET_TIMEOUT = 3600
# Sign-up confirms the address by e-mail (accounts/signup.py): the link works this long, once.
SIGNUP_LINK_HOURS = env_int("SIGNUP_LINK_HOURS", 24, least=1)
# Messages an hour to one address from sign-up, and separately from password reset; past it
# nothing more is sent and the page answers the same.
ADDRESS_MAIL_LIMIT = env_int("ADDRESS_MAIL_LIMIT", 3, least=1)
ADDRESS_MAIL_DAILY_LIMIT = env_int("ADDRESS_MAIL_DAILY_LIMIT", 8, least=1)
# Messages one asker (a connection, or a browser of the address's owner) may have sent within
# an hour, to any addresses together.
ADDRESS_MAIL_ASKER_LIMIT = env_int("ADDRESS_MAIL_ASKER_LIMIT", 20, least=1)

LANGUAGE_CODE = "en"
# Each language's name is written in that language, as the chooser shows it (docs/translating.md).
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
# Our own date formats per language (formats/<language>/formats.py), over Django's.
FORMAT_MODULE_PATH = ["interdepend.web.formats"]
# The chooser's cookie: a year, this site only, not readable by scripts, sent on same-site visits.
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = HTTPS
TIME_ZONE = _env_time_zone("TIME_ZONE", "UTC")
USE_TZ = True

STATIC_URL = "/static/"
# No page takes a file: a form's file part is refused as it starts, never kept (frame/bodies.py).
FILE_UPLOAD_HANDLERS = ["interdepend.web.frame.bodies.NoFiles"]
#: The longest body any form needs, in bytes: a journal entry of 20,000 characters that each
#: take four bytes, percent-encoded, is about 240 kB. Longer ones get the 413 page unread.
REQUEST_BODY_LIMIT = 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = False

# The neutral site the quick exit goes to: a whole address, or the exit would stay on this site.
QUICK_EXIT_URL = env_web_address("QUICK_EXIT_URL", "https://www.wikipedia.org/")
# Help lines for the operator's country, shown with a flagged safety result and on the safety
# page: "|" between lines, e.g. "Emergency: 112|National abuse helpline: 0800 ... (free, 24 h)".
SAFETY_HELP_LINES = [
    line.strip() for line in env_str("SAFETY_HELP_LINES").split("|") if line.strip()
]

# How people reach whoever runs this copy (an e-mail address or a web address), shown where
# only they can help: on the sign-in's second step, for someone who cannot give it.
SERVICE_CONTACT = env_str("INTERDEPEND_SERVICE_CONTACT", "")

# Logs keep the path, status and exception type of a failure; never its message, traceback or
# request (they can hold what a person wrote): see interdepend.web.frame.logs.
# Our own loggers (``interdepend.*``: the journal, push, data rights) go through the same
# handler and filter as Django's, at the same level; without it they reached Python's
# last-resort handler, past the filter and LOG_LEVEL (the operator audit).
LOG_LEVEL = _env_log_level("LOG_LEVEL", "WARNING")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"no_private_detail": {"()": "interdepend.web.frame.logs.DropPrivateDetail"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["no_private_detail"]},
    },
    "loggers": {
        "django": {"handlers": ["console"], "level": LOG_LEVEL},
        "interdepend": {"handlers": ["console"], "level": LOG_LEVEL},
        "django.request": {"filters": ["no_private_detail"]},
        "axes": {"handlers": ["console"], "level": "WARNING"},
    },
}
CSRF_FAILURE_VIEW = "interdepend.web.frame.views.csrf_failure"


def _secrets() -> list[Path]:
    """The files start-up refuses when others can read them: keys and the database."""
    found = [VAR_DIR / "secret_key", MASTER_KEY_FILE, VAPID_KEY_FILE, FORGOTTEN_FILE]
    if not DATABASE_URL:
        name = Path(str(DATABASES["default"]["NAME"]))
        found += [name, name.with_name(name.name + "-wal"), name.with_name(name.name + "-shm")]
    return found


var_dir_prepare(VAR_DIR, _secrets())
if not DATABASE_URL:
    private_file(Path(str(DATABASES["default"]["NAME"])))
