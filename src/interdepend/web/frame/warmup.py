"""What a server worker does as it starts, so that no first view of a page does it.

A page's first view in a worker once imported its views, built the URL map's tables, compiled
its templates and translated their fixed words, and prepared its database reads: the first
person after a restart waited, and a partner's first view of a page told him whether she had
opened it since the worker started (the timing audit of 2026-12-03 measured 13 ms on *Who can
see what* and 1-2 ms on others). :func:`warm_worker` does all of it before the first request;
``web.wsgi`` calls it (``tests/web/test_warmup.py``).
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path
from typing import NoReturn

from django.conf import settings
from django.core.signals import request_started
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.dispatch import Signal
from django.template import engines
from django.template.base import Template
from django.template.loader import get_template
from django.urls import URLResolver, get_resolver
from django.utils import translation

from interdepend.web.frame import prepared, pwa, rawsql
from interdepend.web.frame.sqlite3.base import make_every_statement
from interdepend.web.frame.templatetags import fasttags

#: The kinds of template file of ours (pages, e-mails, drawings, the service worker).
TEMPLATE_SUFFIXES = {".html", ".txt", ".svg", ".xml", ".js", ".json"}


def warm_worker() -> None:
    import_every_view()
    fill_the_url_maps()
    fasttags.warm(compile_every_template())
    pwa.draw_every_home_screen()
    load_what_pages_load_late()
    make_every_kept_statement()
    prepare_every_read()
    leave_no_collection_pending()


def make_every_kept_statement() -> int:
    """Write every hand-written statement (``frame.sqlite3.base.kept_statement``) for this
    worker's database, touching none: each names tables and columns, nothing of anyone, and a
    statement written by a first view made that view slower, saying whether anyone had opened
    that page since a restart (issue 15's twenty-third pass: fourteen were written on their
    first use). Returns how many."""
    connection = connections[DEFAULT_DB_ALIAS]
    with connection.execute_wrapper(_refuse_the_database):
        return make_every_statement(connection.vendor)


def leave_no_collection_pending() -> None:
    """Collect the warm-up's garbage, then set what it keeps aside from later collections.

    Python's first full collection in a worker looked at the 300,000 objects the warm-up keeps
    (about 170 ms), and fell on whichever request next made enough objects: after a restart, his
    first couple report paid for it unless a report of hers had (the partner audit of
    2026-12-03). Objects set aside (``gc.freeze``) are never looked at again: a collection
    looks only at what requests made since, as in a worker that has served for a while.

    Then the youngest objects are looked at less often (:data:`YOUNG_COLLECTION`). A view
    makes thousands of short-lived objects, nearly all gone when it answers; with Python's
    first threshold of 700, Trends ran a young collection every few hundred of them, about
    0.15 ms of its 3.2 (issue 15's twentieth pass, docs/performance-passes.md). The older two
    thresholds keep Python's values, so a full collection still comes after the same number
    of young ones."""
    gc.collect()
    gc.freeze()
    _, middle, oldest = gc.get_threshold()
    gc.set_threshold(YOUNG_COLLECTION, middle, oldest)


#: Objects made (less those freed) between two collections of the youngest generation in a
#: served worker: Python's default is 700.
YOUNG_COLLECTION = 20_000


def load_what_pages_load_late() -> None:
    """Import what a few pages import on their first use, and make the reports: the trends
    page's filters (scipy.signal, about 60-90 ms), and the PDF maker with all it loads on a
    first report (see :func:`make_sample_reports`)."""
    import scipy.signal  # noqa: F401 - loaded for the trends page (core.var)

    make_sample_reports()


#: Sent once in each language as a worker starts, after every view is imported: a feature makes
#: what its first real use would otherwise load (a report of a made-up person, held in memory).
#: No receiver may read or write the database (:func:`make_sample_reports` refuses it).
worker_starting = Signal()


def make_sample_reports() -> int:
    """Make each feature's report of made-up people, in every language, touching no database.

    A worker's first real report once loaded what an empty one does not (the other font faces
    and weights, glyph and subsetting caches, the map's drawing path, the chart code), so his
    first couple report after a restart was 110-270 ms faster when she had made a report of hers
    since (the partner audit of 2026-12-03). Returns how many receivers succeeded;
    one that fails is said in the log, and the worker starts."""
    made = 0
    with connections[DEFAULT_DB_ALIAS].execute_wrapper(_refuse_the_database):
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                for receiver, outcome in worker_starting.send_robust(sender=None):
                    if isinstance(outcome, Exception):
                        name = getattr(receiver, "__module__", receiver)
                        print(
                            f"{name} loads on first use: {outcome!r}", file=sys.stderr, flush=True
                        )
                    else:
                        made += 1
    return made


class WarmUpTouchedTheDatabase(RuntimeError):
    """A warm-up report touched the database: it must be made from made-up data alone."""


def _refuse_the_database(*_: object) -> NoReturn:
    raise WarmUpTouchedTheDatabase


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
    cannot be reached now is tried again as each request starts, until it can be (a worker
    started while it was down kept the old first-view signal for its whole life: the
    re-audit of 2026-12-03); the worker starts either way."""
    try:
        prepared.warm()
        rawsql.warm()
        # The health check's first answer reads the migration graph (about 0.3 s): a
        # balancer checking every half second gave up on a server still starting.
        from interdepend.web.frame.views import _migrations_pending

        _migrations_pending()
    except DatabaseError as error:
        print(f"reads will be prepared once the database answers: {error}", file=sys.stderr)
        request_started.connect(_prepare_again, dispatch_uid=_AGAIN)
    else:
        request_started.disconnect(dispatch_uid=_AGAIN)


_AGAIN = "interdepend-prepare-reads-again"


def _prepare_again(**_: object) -> None:
    try:
        prepared.warm()
        rawsql.warm()
    except DatabaseError:
        return  # the request itself will say what is wrong; tried again at the next one
    request_started.disconnect(dispatch_uid=_AGAIN)
