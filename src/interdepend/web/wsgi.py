"""WSGI entry point for gunicorn."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

from interdepend.web.env import private_umask

#: Gunicorn stops (rather than starting worker after worker) when a worker exits with this.
WORKER_CANNOT_BOOT = 3

private_umask()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "interdepend.web.settings")
try:
    application = get_wsgi_application()
except SystemExit:  # start-up refused (a key file or the database open to others): it said why
    raise SystemExit(WORKER_CANNOT_BOOT) from None

# Imported once the application is set up above, as its models and views need.
from interdepend.web.frame.warmup import warm_worker  # noqa: E402

warm_worker()
