"""What a server worker does as it starts, so that no first view of a page does it.

A page's first view in a worker once imported its views, built the URL map's tables, compiled
its templates and translated their fixed words, and prepared its database reads: the first
person after a restart waited, and a partner's first view of a page told him whether she had
opened it since the worker started (the timing audit of 2026-12-03 measured 13 ms on *Who can
see what* and 1-2 ms on others). :func:`warm_worker` does all of it before the first request;
``web.wsgi`` calls it (``tests/web/test_warmup.py``).
"""

from __future__ import annotations

import sys
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError
from django.template import engines
from django.template.base import Template
from django.template.loader import get_template
from django.urls import URLResolver, get_resolver
from django.utils import translation

from interdepend.web.frame import prepared
from interdepend.web.frame.templatetags import fasttags

#: The kinds of template file of ours (pages, e-mails, drawings, the service worker).
TEMPLATE_SUFFIXES = {".html", ".txt", ".svg", ".xml", ".js", ".json"}


def warm_worker() -> None:
    import_every_view()
    fill_the_url_maps()
    fasttags.warm(compile_every_template())
    prepare_every_read()


def import_every_view() -> None:
    """Load the URL patterns, and with them every view. Django does it on the first request,
    which then took a second here: the first person after a restart waited, and a balancer's
    half-second health check gave up on a healthy server (CI, stop 39). A view that cannot be
    imported now stops the worker at start rather than failing pages."""
    get_resolver().url_patterns  # noqa: B018 - evaluated for its imports


def fill_the_url_maps() -> None:
    """Build each part of the URL map's reverse tables, in every language: Django builds a part
    on the first address made into it (about 1.3 ms)."""

    def fill(resolver: URLResolver) -> None:
        resolver.reverse_dict  # noqa: B018 - evaluated to build it
        resolver.namespace_dict  # noqa: B018
        resolver.app_dict  # noqa: B018
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                fill(pattern)

    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            fill(get_resolver())


def compile_every_template() -> list[Template]:
    """Compile every template into the engine's kept templates; returns them."""
    compiled = []
    for engine in engines.all():
        for folder in engine.template_dirs:
            root = Path(folder)
            for path in sorted(root.rglob("*")):
                if path.suffix in TEMPLATE_SUFFIXES:
                    found = get_template(path.relative_to(root).as_posix())
                    compiled.append(found.template)  # type: ignore[attr-defined]
    return compiled


def prepare_every_read() -> None:
    """Prepare every read of ours on this worker's database connection. A database that
    cannot be reached now leaves them to be prepared on first use, and the worker starts."""
    try:
        prepared.warm()
    except DatabaseError as error:
        print(f"reads will be prepared on first use: {error}", file=sys.stderr, flush=True)
