"""Benchmark: every page a signed-in partner can open, against the floor, warm and cold.

One process, the production settings the HTTP benchmark uses (``benchsite``: DEBUG off, the
same middleware, and the bare ``/bench/floor/`` view beside every real URL), SQLite in a
temporary directory. The demo is loaded (``bench/scale.py``, with a few scaled-up couples
beside it) and Maya's history is lengthened to a year the way the scaled couples have theirs.
The process is then warmed as a served worker is when it starts (``warm_worker``).

Signed in as Maya, the benchmark walks every URL of the map that takes no argument, then
follows same-origin links (``href``, ``src``, ``hx-get``) from each page it reaches, one URL per
route, so pages with ids are reached the way a person reaches them. Log-out, quick exit,
redirects and URLs that answer GET with 405 (POST only) are left out. PDFs, SVG charts and
other downloads are listed apart as files.

For each page and file:

* **warm**: CPU of the request (``time.thread_time()`` around the test client's call), the
  median of ``--repeat`` views after one untimed view;
* **cold**: the first view after new data, with the caches emptied (the cache, the charts'
  per-process memory and the remembered scores): the median of ``--cold`` such views;
* **ratio**: floor warm CPU / page warm CPU, the floor timed between the page's own warm views
  (so a busy moment on a shared machine falls on both). The server is CPU-bound, so throughput
  follows.

Answering a bid (a POST, as htmx sends it) is measured beside the pages, each time on a new bid.

Targets (issue 15): ratio >= 0.5 and cold <= 30 ms for every page.

    .venv/bin/python bench/bench_pages.py [--repeat N] [--cold N] [--couples N]
    .venv/bin/python bench/bench_pages.py --profile couple:home    # where a page's CPU goes
    .venv/bin/python bench/bench_pages.py --queries    # how many queries each page makes

``--profile ROUTE`` (repeatable) prints a cProfile of one cold and ``--repeat`` warm views of
that route instead of the table, and writes them to ``var/bench/profile-*.pstats``.
"""

from __future__ import annotations

import argparse
import html
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))  # for tests.security.urlwalk

from results import OUT, figure, record  # noqa: E402

RATIO_TARGET = 0.5
COLD_TARGET_MS = 30.0
#: URL names never visited: they end the session.
SKIP_NAMES = ("accounts:logout", "frame:quick_exit", "frame:quick_exit_note")
LINK = re.compile(r'(?:href|src|hx-get)="(/[^"#]*)(?:#[^"]*)?"')
PAGE_TYPES = ("text/html",)


@dataclass
class Found:
    name: str
    path: str
    kind: str  # "page" or "file"
    content_type: str
    warm: list[float] = field(default_factory=list)
    cold: list[float] = field(default_factory=list)
    #: Floor views taken between this page's warm views, so load from elsewhere on a shared
    #: machine falls on both alike.
    floor: list[float] = field(default_factory=list)

    @property
    def warm_ms(self) -> float:
        return statistics.median(self.warm) * 1000

    @property
    def ratio(self) -> float:
        return statistics.median(self.floor) / statistics.median(self.warm)

    @property
    def cold_ms(self) -> float:
        return statistics.median(self.cold) * 1000


def prepare(couples: int) -> Path:
    var = Path(tempfile.mkdtemp(prefix="interdepend-bench-pages-"))
    os.environ["INTERDEPEND_VAR_DIR"] = str(var)
    os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchsite"
    os.environ["INTERDEPEND_DEBUG"] = "false"
    os.environ["INTERDEPEND_HTTPS"] = "false"
    from scale import setup_django

    setup_django()
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    load(couples)
    return var


def load(couples: int) -> None:
    """The demo, a few scaled couples beside it, and Maya and Jonah's year."""
    import numpy as np
    import scale
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from interdepend.web.accounts.models import User
    from interdepend.web.partners.access import access_active_partnership
    from interdepend.web.together.demo import WEEKS
    from interdepend.web.together.selectors import this_week

    started = time.perf_counter()
    manifest = scale.load(couples, 52, 2)
    print(f"  loaded {sum(manifest.rows.values()):,} rows in {manifest.seconds:.1f} s")
    loader = scale.Loader(
        make_password(scale.BENCH_PASSWORD), scale.templates(), np.random.default_rng(15)
    )
    maya = User.objects.get(email="maya@demo.interdepend.test")
    jonah = User.objects.get(email="jonah@demo.interdepend.test")
    active = access_active_partnership(maya)
    assert active is not None
    # The 26 weeks before the demo's own 26: a year in all.
    mondays = [this_week() - timedelta(weeks=51 - n) for n in range(52 - WEEKS)]
    couple = [scale.Couple(0, maya.pk, jonah.pk, active.partnership.pk)]
    with transaction.atomic():
        loader.checkins(couple, mondays)
        loader.goals(couple, mondays)
        loader.commitments(couple, mondays)
        loader.bids(couple, mondays)
        loader.decisions(couple, mondays)
    print(f"  Maya's year: {time.perf_counter() - started:.1f} s in all", flush=True)


def empty_caches() -> None:
    from django.core.cache import cache

    from interdepend import charts
    from interdepend.core import scoring

    cache.clear()
    drawn = getattr(charts, "drawing", charts)  # its memory: one module in older trees
    with drawn._drawn_lock:
        drawn._drawn.clear()
    from interdepend.web.together import selectors

    if hasattr(selectors, "forget_estimates"):  # absent in older trees, as below
        selectors.forget_estimates()
    if hasattr(scoring, "_scored"):  # absent in older trees, which the bench also runs on
        with scoring._scored_lock:
            scoring._scored.clear()


def crawl(client: Any) -> tuple[list[Found], list[tuple[str, str]]]:
    """Every page and file Maya can GET: one URL per route. Returns (found, left out)."""
    from django.conf import settings
    from django.urls import NoReverseMatch, Resolver404, resolve, reverse
    from tests.security.urlwalk import url_names

    queue: deque[str] = deque()
    for name in url_names():
        if name in SKIP_NAMES or name.startswith("<"):
            continue
        try:
            queue.append(reverse(name))
        except NoReverseMatch:
            continue  # takes an argument: reached through links
    queue.appendleft(reverse("home:home"))
    seen_routes: set[str] = set()
    found: list[Found] = []
    left_out: list[tuple[str, str]] = []
    while queue:
        path = queue.popleft()
        if path.startswith(settings.STATIC_URL):
            continue
        try:
            match = resolve(urlsplit(path).path)
        except Resolver404:
            continue
        route = match.view_name
        if route in seen_routes:
            continue
        seen_routes.add(route)
        if route in SKIP_NAMES or route == "bench-floor":
            continue
        response = client.get(path)
        if response.status_code != 200:
            left_out.append((path, f"answers GET with {response.status_code}"))
            continue
        content_type = response.get("Content-Type", "").split(";")[0]
        kind = "page" if content_type in PAGE_TYPES else "file"
        found.append(Found(route, path, kind, content_type))
        if kind == "page" and not getattr(response, "streaming", False):
            body = response.content.decode("utf-8", "replace")
            for link in LINK.findall(body):
                queue.append(html.unescape(link))
    return found, left_out


def timed(client: Any, path: str) -> float:
    started = time.thread_time()
    response = client.get(path)
    if getattr(response, "streaming", False):
        b"".join(response.streaming_content)
    spent = time.thread_time() - started
    assert response.status_code == 200, (path, response.status_code)
    return spent


def measure(
    client: Any,
    item: Found,
    repeat: int,
    cold: int,
    floor: Found | None = None,
    request: Callable[[], float] | None = None,
) -> None:
    """Cold views (caches emptied before each), one untimed view, then the warm views, each
    after a floor view when ``floor`` is given."""
    view = request or (lambda: timed(client, item.path))
    for _ in range(cold):
        empty_caches()
        item.cold.append(view())
    view()
    for _ in range(repeat):
        if floor is not None:
            item.floor.append(timed(client, floor.path))
            floor.warm.append(item.floor[-1])
        item.warm.append(view())


#: How htmx sends a form with no file in it.
URLENCODED = "application/x-www-form-urlencoded"


def bid_answer(client: Any) -> tuple[Found, Callable[[], float]]:
    """Answering a bid (a POST, as htmx sends it, with the form's mark of the partnership it was
    drawn in, which the view checks): each timed answer is to a new bid from Jonah, sent untimed
    just before. Until the sixteenth pass the mark was left out, so the check's read of her ended
    partnerships was never timed; until the eighteenth it was sent as ``multipart/form-data``
    (the test client's default), a parse htmx never asks of the server: htmx sends a form with no
    file as ``application/x-www-form-urlencoded``."""
    import uuid
    from urllib.parse import urlencode

    from django.urls import reverse

    from interdepend.web.accounts.models import User
    from interdepend.web.partners.access import access_active_partnership
    from interdepend.web.partners.ended import MARK_FIELD, mark_for
    from interdepend.web.together.services import bid_send

    maya = User.objects.get(email="maya@demo.interdepend.test")
    jonah = User.objects.get(email="jonah@demo.interdepend.test")
    active = access_active_partnership(jonah)
    assert active is not None
    template = reverse("together:bid_answer", kwargs={"bid_id": "B" * 22})

    def answer() -> float:
        bid = bid_send(
            owner=jonah,
            partnership=active.partnership,
            text="Tea on the balcony?",
            idem_key=uuid.uuid4().hex,
        )
        path = template.replace("B" * 22, bid.public_id)
        mark = mark_for(maya.pk, active.partnership.pk, str(bid.public_id))
        sent = urlencode({"answer": "yes_now", MARK_FIELD: mark})
        started = time.thread_time()
        response = client.post(path, sent, URLENCODED, HTTP_HX_REQUEST="true")
        spent = time.thread_time() - started
        assert response.status_code == 200, (path, response.status_code)
        return spent

    return Found("together:bid_answer (POST)", template, "page", "text/html"), answer


def profile(client: Any, item: Found, repeat: int) -> None:
    """Print where the CPU of ``repeat`` warm views goes (a cold one first, apart)."""
    import cProfile
    import pstats

    for label, views, cold in (("cold", 1, True), ("warm", repeat, False)):
        timed(client, item.path)
        profiler = cProfile.Profile(time.thread_time)
        for _ in range(views):
            if cold:
                empty_caches()
            profiler.enable()
            client.get(item.path)
            profiler.disable()
        print(f"== {item.name} {item.path}: {label}, {views} views")
        stats = pstats.Stats(profiler)
        stats.sort_stats("cumulative").print_stats(45)
        OUT.mkdir(parents=True, exist_ok=True)
        stats.dump_stats(OUT / f"profile-{item.name.replace(':', '-')}-{label}.pstats")


def queries(client: Any, found: list[Found]) -> None:
    """How many queries each page makes on a warm view, most first (the floor makes two)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counted = []
    for item in found:
        timed(client, item.path)
        with CaptureQueriesContext(connection) as captured:
            timed(client, item.path)
        counted.append((len(captured), item.name, [q["sql"][:110] for q in captured]))
    for n, name, sqls in sorted(counted, reverse=True):
        print(f"{n:>4}  {name}")
        if os.environ.get("BENCH_SHOW_SQL"):
            for sql in sqls:
                print(f"        {sql}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=int(os.environ.get("BENCH_PAGE_REPEAT", 40)))
    parser.add_argument("--cold", type=int, default=3)
    parser.add_argument("--file-repeat", type=int, default=3)
    parser.add_argument("--couples", type=int, default=20, help="scaled couples beside Maya")
    parser.add_argument(
        "--profile", metavar="ROUTE", action="append", default=[], help="cProfile these routes"
    )
    parser.add_argument(
        "--queries", action="store_true", help="list each page's database queries on a warm view"
    )
    args = parser.parse_args()
    began = time.perf_counter()
    var = prepare(args.couples)
    try:
        return run(args, began)
    finally:
        shutil.rmtree(var, ignore_errors=True)


def run(args: argparse.Namespace, began: float) -> int:
    from django.test import Client
    from django.urls import reverse

    from interdepend.web.accounts.models import User
    from interdepend.web.frame.warmup import warm_worker

    # As a served worker starts (interdepend.web.wsgi): what pages keep per language is made
    # here, not by their first view, and the warm-up's objects are set aside from collections.
    warm_worker()
    client = Client(SERVER_NAME="localhost")
    client.force_login(User.objects.get(email="maya@demo.interdepend.test"))
    client.get(reverse("home:home"))  # the once-a-minute activity stamp, out of the way
    found, left_out = crawl(client)
    if args.profile:
        for item in found:
            if item.name in args.profile:
                profile(client, item, args.repeat)
        return 0
    if not found:
        raise SystemExit(f"no page answered: {left_out[:5]}")
    if args.queries:
        queries(client, found)
        return 0
    floor = Found("floor", reverse("bench-floor"), "page", "text/html")
    measure(client, floor, 0, args.cold)
    answer, answering = bid_answer(client)
    measure(client, answer, args.repeat, args.cold, floor, answering)
    for item in found:
        if item.kind == "page":
            measure(client, item, args.repeat, args.cold, floor)
        else:
            measure(client, item, args.file_repeat, 1)
    pages = [answer, *(f for f in found if f.kind == "page")]
    files = [f for f in found if f.kind == "file"]
    figures = report(floor, pages, files, left_out)
    record("pages", figures)
    print(f"\n{len(pages)} pages, {len(files)} files in {time.perf_counter() - began:.0f} s")
    return 0


def report(
    floor: Found, pages: list[Found], files: list[Found], left_out: list[tuple[str, str]]
) -> list[dict[str, Any]]:
    figures = [
        figure("page floor: warm CPU", round(floor.warm_ms, 2), "ms"),
        figure("page floor: cold CPU", round(floor.cold_ms, 2), "ms"),
    ]
    width = max(len(p.name) for p in [*pages, *files]) + 2
    head = f"{'page':<{width}} {'warm ms':>8} {'cold ms':>8} {'× floor':>8}  target"
    print(f"\n{head}\n{'-' * len(head)}")
    print(f"{'floor':<{width}} {floor.warm_ms:>8.2f} {floor.cold_ms:>8.2f} {1:>8.2f}")
    missed = 0
    for page in sorted(pages, key=lambda p: p.warm_ms, reverse=True):
        ratio = round(page.ratio, 2)  # as shown and recorded
        misses = []
        if ratio < RATIO_TARGET:
            misses.append(f"ratio < {RATIO_TARGET}")
        if page.cold_ms > COLD_TARGET_MS:
            misses.append(f"cold > {COLD_TARGET_MS:.0f} ms")
        missed += bool(misses)
        mark = "met" if not misses else "MISSED: " + ", ".join(misses)
        times = f"{page.warm_ms:>8.2f} {page.cold_ms:>8.2f}"
        print(f"{page.name:<{width}} {times} {ratio:>8.2f}  {mark}")
        figures += [
            figure(f"page {page.name}: warm CPU", round(page.warm_ms, 2), "ms"),
            figure(f"page {page.name}: cold CPU", round(page.cold_ms, 2), "ms"),
            figure(f"page {page.name}: × floor", round(ratio, 2), "ratio"),
        ]
    print(f"\n{'file':<{width}} {'warm ms':>8} {'cold ms':>8}  type")
    for item in sorted(files, key=lambda f: f.name):
        times = f"{item.warm_ms:>8.2f} {item.cold_ms:>8.2f}"
        print(f"{item.name:<{width}} {times}  {item.content_type}")
        figures += [
            figure(f"file {item.name}: warm CPU", round(item.warm_ms, 2), "ms"),
            figure(f"file {item.name}: cold CPU", round(item.cold_ms, 2), "ms"),
        ]
    if left_out:
        print("\nleft out:")
        for path, why in left_out:
            print(f"  {path}: {why}")
    figures.append(figure("pages missing a target", missed, "pages"))
    print(f"\n{len(pages) - missed} of {len(pages)} pages meet both targets")
    return figures


if __name__ == "__main__":
    sys.exit(main())
