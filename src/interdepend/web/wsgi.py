"""WSGI entry point for gunicorn."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

from interdepend.web.env import private_umask

private_umask()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "interdepend.web.settings")
application = get_wsgi_application()
