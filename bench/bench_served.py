"""Benchmark: every page against the floor as the real server serves it (gunicorn, wrk).

``bench/bench_pages.py`` times each page's view inside one process (the CPU of the test
client's call): it leaves out what every request costs in the server around the view (gunicorn
reading the request and writing the answer, the WSGI layer, the access log). This benchmark
serves the same pages the way a deployment does, so that each page's ratio to the floor is the
one a server's throughput follows, the measure issue 15's targets were first stated in.

The database is the one ``bench_pages.py`` builds (the demo, 20 scaled couples, and Maya's year),
in SQLite in a temporary directory; the pages are the ones its walk reaches as Maya. Then the
real server starts on it (``interdepend serve``: gunicorn, 2 sync workers, production settings
with plain HTTP and DEBUG off, whitenoise, access log on, ``benchsite`` adding ``/bench/floor/``),
Maya signs in through the sign-in form, and Debian's ``wrk`` (``bench/wrk_sessions.lua``) drives
each page for ``--seconds`` at ``--connections``, with a run of the floor just before each page's
so that a busy moment on a shared machine falls on both. Answering a bid (a POST, as htmx sends
it) is one of the pages.

For each page:

* **× floor (req/s)**: the page's requests per second over the floor's, from the two wrk runs;
* **× floor (CPU)**: the floor's server CPU per request over the page's (the gunicorn processes'
  CPU from ``/proc`` during the run and until their queue is empty, divided by the requests the
  access log shows), which does not count wrk's own work on the same cores;
* every answer must be 200, and each page is fetched once before and once after its run and
  must still be the page it was (the same ``<title>``): a page that locked itself or sent Maya
  to sign in would be counted as an error, not as a fast page.

Target (issue 15): every page at 0.5 × the floor or better.

    .venv/bin/python bench/bench_served.py [--seconds S] [--connections N] [--only ROUTE ...]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench_http  # noqa: E402
import bench_pages  # noqa: E402
from results import OUT, figure, record  # noqa: E402

RATIO_TARGET = 0.5
TITLE = re.compile(r"<title>(.*?)</title>", re.S)


@dataclass
class Served:
    name: str
    path: str
    method: str = "GET"
    rps: float = 0.0
    floor_rps: float = 0.0
    cpu_ms: float = 0.0
    floor_cpu_ms: float = 0.0
    errors: int = 0
    p99_ms: float = 0.0

    @property
    def by_rate(self) -> float:
        return self.rps / self.floor_rps if self.floor_rps else 0.0

    @property
    def by_cpu(self) -> float:
        return self.floor_cpu_ms / self.cpu_ms if self.cpu_ms else 0.0


def title_of(body: str) -> str:
    found = TITLE.search(body)
    return " ".join(found.group(1).split()) if found else body[:60]


#: Text of the bid the benchmark answers over and over (see :func:`bid_for_maya`).
AGAIN = "Tea on the balcony (bench: waits again after each answer)"


def bid_for_maya() -> str:
    """A bid from Jonah that Maya can answer again and again.

    A second answer to a bid is turned away, and thousands of waiting bids would make every
    page that lists or counts them another page. So the benchmark's database waits for the
    answer to this one bid to be saved and then clears it again (a trigger, in the same
    transaction): each request does the whole work of a first answer, the lists it draws
    again stay their usual size, and nothing else in the app is changed.
    """
    import uuid

    from django.db import connection

    from interdepend.web.accounts.models import User
    from interdepend.web.partners.access import access_active_partnership
    from interdepend.web.together.models import Bid
    from interdepend.web.together.services import bid_send

    jonah = User.objects.get(email="jonah@demo.interdepend.test")
    active = access_active_partnership(jonah)
    assert active is not None
    bid = bid_send(
        owner=jonah, partnership=active.partnership, text=AGAIN, idem_key=uuid.uuid4().hex
    )
    table = Bid._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TRIGGER bench_bid_waits_again AFTER UPDATE OF answer ON {table} "
            f"WHEN NEW.text = '{AGAIN}' AND NEW.answer != '' BEGIN "
            f"UPDATE {table} SET answer = '', answer_when = '', answered_at = NULL "
            "WHERE id = NEW.id; END"
        )
    return str(bid.public_id)


def pages_to_serve(only: list[str]) -> list[Served]:
    """Maya's pages as ``bench_pages`` walks them, and the bid answer's address."""
    from django.db import connections
    from django.test import Client
    from django.urls import reverse

    from interdepend.web.accounts.models import User

    client = Client(SERVER_NAME="localhost")
    client.force_login(User.objects.get(email="maya@demo.interdepend.test"))
    client.get(reverse("home:home"))
    found, _ = bench_pages.crawl(client)
    answer = reverse("together:bid_answer", kwargs={"bid_id": bid_for_maya()})
    served = [Served(f.name, f.path) for f in found if f.kind == "page"]
    served.insert(0, Served("together:bid_answer (POST)", answer, "POST"))
    wanted = [s for s in served if not only or s.name in only or s.name.split(" ")[0] in only]
    connections.close_all()  # the server's workers take the database from here
    return wanted


def check(site: bench_http.Site, cookies: dict[str, str], csrf: str, page: Served) -> str:
    """The page's title, after checking it answers 200 as Maya."""
    if page.method == "POST":
        headers = {"X-CSRFToken": csrf, "HX-Request": "true"}
        answer = bench_http.request(
            site, "POST", page.path, cookies, {"answer": "yes_now"}, headers
        )
    else:
        answer = bench_http.request(site, "GET", page.path, cookies)
    if answer.status != 200:
        raise RuntimeError(f"{page.method} {page.path} answered {answer.status}")
    return title_of(answer.body)


def run(args: argparse.Namespace) -> int:
    began = time.perf_counter()
    var = bench_pages.prepare(args.couples)
    try:
        pages = pages_to_serve(args.only)
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(HERE), env.get("PYTHONPATH")]))
        env["INTERDEPEND_VAR_DIR"] = str(var)
        OUT.mkdir(parents=True, exist_ok=True)
        log = OUT / "gunicorn-served.log"
        db = bench_http.Database(env, None)
        from django.urls import reverse

        with bench_http.server(env, log, reverse("frame:healthz")) as site:
            maya = sign_in_maya(site)
            people = var / "people.tsv"
            cookie = "; ".join(f"{k}={v}" for k, v in maya.cookies.items())
            people.write_text(f"{cookie}\t{maya.csrf}\t-\n")
            floor = Served("floor", reverse("bench-floor"))
            for page in pages:
                before = check(site, maya.cookies, maya.csrf, page)
                ran = {}
                for item in (floor, page):
                    spec = {"path": item.path, "method": item.method}
                    ran[item.name] = bench_http.wrk(
                        site, db, people, spec, args.connections, args.seconds
                    )
                after = check(site, maya.cookies, maya.csrf, page)
                f, p = ran["floor"], ran[page.name]
                page.floor_rps, page.rps = f["rps"], p["rps"]
                page.floor_cpu_ms, page.cpu_ms = f["app_cpu_ms"], p["app_cpu_ms"]
                page.errors = f["errors"] + p["errors"] + (before != after)
                page.p99_ms = p["p99_us"] / 1000
                print(
                    f"  {page.name:<34} {page.by_rate:5.2f} (req/s)  {page.by_cpu:5.2f} (CPU)"
                    f"  {page.cpu_ms:6.2f} ms/request  errors {page.errors}"
                    f"  load {p['load_after']}",
                    flush=True,
                )
                if before != after:
                    print(f"    the page changed during its run: {before!r} -> {after!r}")
    finally:
        shutil.rmtree(var, ignore_errors=True)
    record("served", report(pages))
    print(f"\n{len(pages)} pages in {time.perf_counter() - began:.0f} s")
    return 0


def sign_in_maya(site: bench_http.Site) -> bench_http.Person:
    """Maya, signed in through the sign-in form as a browser does it."""
    from django.urls import reverse

    from interdepend.web.accounts.selectors import DEMO_PASSWORD

    login = reverse("accounts:login")
    return bench_http.log_in(site, login, "maya@demo.interdepend.test", DEMO_PASSWORD, "")


def report(pages: list[Served]) -> list[dict[str, Any]]:
    figures: list[dict[str, Any]] = []
    width = max(len(p.name) for p in pages) + 2
    head = f"{'page':<{width}} {'req/s':>8} {'× floor':>8} {'CPU ms':>7} {'× floor':>8}  target"
    print(f"\n{head}\n{'-' * len(head)}")
    missed = 0
    for page in sorted(pages, key=lambda p: p.by_cpu):
        by_rate, by_cpu = round(page.by_rate, 2), round(page.by_cpu, 2)
        misses = [] if min(by_rate, by_cpu) >= RATIO_TARGET else [f"< {RATIO_TARGET}"]
        if page.errors:
            misses.append(f"{page.errors} errors")
        missed += bool(misses)
        mark = "met" if not misses else "MISSED: " + ", ".join(misses)
        print(
            f"{page.name:<{width}} {page.rps:>8.1f} {by_rate:>8.2f} {page.cpu_ms:>7.2f}"
            f" {by_cpu:>8.2f}  {mark}"
        )
        figures += [
            figure(f"served {page.name}: × floor (req/s)", by_rate, "ratio"),
            figure(f"served {page.name}: × floor (CPU)", by_cpu, "ratio"),
            figure(f"served {page.name}: CPU per request", round(page.cpu_ms, 2), "ms"),
        ]
    floors = [p.floor_cpu_ms for p in pages]
    figures.append(
        figure("served floor: CPU per request", round(statistics.median(floors), 2), "ms")
    )
    figures.append(figure("served pages missing the target", missed, "pages"))
    print(f"\nfloor: {statistics.median(floors):.2f} ms of server CPU per request (median of runs)")
    print(f"{len(pages) - missed} of {len(pages)} pages at {RATIO_TARGET} × the floor or better")
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--seconds", type=int, default=int(os.environ.get("BENCH_SERVED_SECONDS", 3))
    )
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--couples", type=int, default=20, help="scaled couples beside Maya")
    parser.add_argument("--only", action="append", default=[], help="only these routes")
    return run(parser.parse_args())


if __name__ == "__main__":
    sys.exit(main())
