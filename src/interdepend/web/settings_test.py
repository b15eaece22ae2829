"""Settings for the test suite: the production settings with fast hashing and local state."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

os.environ.setdefault("INTERDEPEND_VAR_DIR", tempfile.mkdtemp(prefix="interdepend-test-var-"))
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-0123456789abcdef")
os.environ.setdefault("INTERDEPEND_HTTPS", "false")

from interdepend.web.settings import *  # noqa: E402,F403
from interdepend.web.settings import DATABASES, VAR_DIR  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
PUSH_ALLOW_LOOPBACK = True  # tests/web/test_push.py runs its own push service on 127.0.0.1
WHITENOISE_USE_FINDERS = True
if str(DATABASES["default"]["ENGINE"]).endswith("sqlite3"):
    DATABASES["default"]["NAME"] = str(Path(VAR_DIR) / "test.sqlite3")
    # A file, not Django's shared-cache memory database, so concurrent tests see real WAL
    # locking (busy waits) as in production instead of "table is locked" errors.
    DATABASES["default"]["TEST"] = {"NAME": str(Path(VAR_DIR) / "test-db.sqlite3")}
