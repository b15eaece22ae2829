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


def _import_every_view() -> None:
    """Load the URL patterns, and with them every view, while the worker starts. Django does
    it on the first request, which then took a second here: the first person after a restart
    waited, and a balancer's half-second health check gave up on a healthy server (CI, stop 39).
    A view that cannot be imported now stops the worker at start rather than failing pages."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - evaluated for its imports


def _compile_every_template() -> None:
    """Compile every template of ours while the worker starts, into the engine's kept
    templates. A page's first view otherwise compiled its templates, and was 1-2 ms slower
    until the worker restarted: his first view of a page told him whether she had opened it
    since (the timing audit of 2026-12-03)."""
    from pathlib import Path

    from django.template import engines
    from django.template.loader import get_template

    for engine in engines.all():
        for folder in engine.template_dirs:
            root = Path(folder)
            for path in sorted(root.rglob("*")):
                if path.suffix in {".html", ".txt", ".svg", ".xml", ".js", ".json"}:
                    get_template(path.relative_to(root).as_posix())


_import_every_view()
_compile_every_template()
