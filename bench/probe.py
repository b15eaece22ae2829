"""Inside the app, on the loaded database: URL paths, table sizes and queries per page view.

Run by ``bench/bench_http.py`` with the run's settings and database; writes one JSON file:

* ``paths``: the benchmarked pages, resolved from their URL names (so a moved URL follows);
* ``sizes``: rows and bytes (tables with their indexes and TOAST) of every table;
* ``queries``: database queries of one page view, for the busy pages and every other page
  the resolver knows that takes no argument, as a person with a year of history;
* ``view_costs``: CPU time of each busy page and of the charts it shows, in-process.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from scale import setup_django

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # for tests.security.urlwalk
from tests.security.urlwalk import url_names  # noqa: E402 - the one walk of the URL map

#: The benchmarked pages: (label, URL name, method).
PAGES = (
    ("home", "home:home", "GET"),
    ("couple", "couple:home", "GET"),
    ("trends", "together:trends", "GET"),
    ("bid answer", "together:bid_answer", "POST"),
)
#: Shown only when the page has the content the benchmark expects.
MARKERS = {"couple": "couple:report", "trends": "together:carryover_svg"}
#: Not walked for query counts: they end the session, or render a PDF (timed elsewhere).
SKIP = ("logout", "report")
FRAMEWORK_TABLES = ("django_", "auth_", "axes_", "accounts_usersession")


def paths() -> dict[str, Any]:
    from django.urls import reverse

    found = {"floor": {"path": reverse("bench-floor"), "method": "GET"}}
    for label, name, method in PAGES:
        if name == "together:bid_answer":
            path = reverse(name, kwargs={"bid_id": "B" * 22}).replace("B" * 22, "{bid}")
        else:
            path = reverse(name)
        found[label] = {"path": path, "method": method}
        if label in MARKERS:
            found[label]["marker"] = reverse(MARKERS[label])
    found["login"] = {"path": reverse("accounts:login"), "method": "POST"}
    found["health"] = {"path": reverse("frame:healthz"), "method": "GET"}
    return found


def sizes() -> dict[str, dict[str, int]]:
    """Every table: exact row count and bytes on disk (with its indexes)."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT c.relname, pg_total_relation_size(c.oid) FROM pg_class c"
                " JOIN pg_namespace n ON n.oid = c.relnamespace"
                " WHERE c.relkind = 'r' AND n.nspname = current_schema()"
            )
        else:
            cursor.execute(
                "SELECT m.tbl_name, SUM(d.pgsize) FROM dbstat d"
                " JOIN sqlite_master m ON m.name = d.name GROUP BY m.tbl_name"
            )
        by_table = dict(cursor.fetchall())
        out = {}
        for table, size in sorted(by_table.items()):
            if table.startswith("sqlite_"):
                continue
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            out[table] = {"rows": cursor.fetchone()[0], "bytes": int(size)}
    return out


def queries(email: str, bid: str) -> dict[str, dict[str, Any]]:
    """Queries (and status) of one view of each page, the session already signed in."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import NoReverseMatch, reverse

    from interdepend.web.accounts.models import User

    client = Client(SERVER_NAME="localhost")
    client.force_login(User.objects.get(email=email))
    client.get(reverse("home:home"))  # the once-a-minute activity stamp, out of the way

    def count(method: str, path: str, data: dict[str, str] | None = None) -> dict[str, Any]:
        with CaptureQueriesContext(connection) as captured:
            if method == "POST":
                response = client.post(path, data or {}, HTTP_HX_REQUEST="true")
            else:
                response = client.get(path)
        return {"path": path, "status": response.status_code, "queries": len(captured)}

    out = {}
    for label, name, method in PAGES:
        if method == "POST":
            out[label] = count(method, reverse(name, args=[bid]), {"answer": "yes_now"})
        else:
            out[label] = count(method, reverse(name))
    out["floor"] = count("GET", reverse("bench-floor"))
    busy = {name for _, name, _ in PAGES}
    for name in url_names():
        if name in busy or name == "bench-floor" or any(word in name for word in SKIP):
            continue
        try:
            path = reverse(name)
        except NoReverseMatch:
            continue  # takes arguments
        out[name] = count("GET", path)
    return out


def view_costs(email: str, repeat: int = 5) -> dict[str, dict[str, Any]]:
    """CPU milliseconds (median, in this one process) of each busy page and of every image
    it shows that the app draws (charts), so a whole view can be costed."""
    import re
    import statistics
    import time

    from django.conf import settings
    from django.test import Client
    from django.urls import reverse

    from interdepend.web.accounts.models import User

    client = Client(SERVER_NAME="localhost")
    client.force_login(User.objects.get(email=email))

    def cpu_ms(path: str) -> tuple[float, str]:
        client.get(path)  # warm
        times, body = [], ""
        for _ in range(repeat):
            started = time.process_time()
            response = client.get(path)
            times.append(time.process_time() - started)
            body = response.content.decode("utf-8", "replace")
        return statistics.median(times) * 1000, body

    out = {}
    for label, name, method in PAGES:
        if method != "GET":
            continue
        page_ms, body = cpu_ms(reverse(name))
        images = {}
        for src in re.findall(r'<img[^>]+src="(/[^"]+)"', body):
            if not src.startswith(settings.STATIC_URL):
                images[src] = cpu_ms(src)[0]
        out[label] = {"page_ms": page_ms, "images_ms": images}
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--manifest", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--only-paths", action="store_true")
    args = parser.parse_args()
    setup_django()
    result: dict[str, Any] = {"paths": paths()}
    if not args.only_paths:
        manifest = json.loads(args.manifest.read_text())
        person = manifest["groups"]["growth-year"]["sessions"][0]
        result["sizes"] = sizes()
        result["queries"] = queries(person["email"], person["bid"])
        result["view_costs"] = view_costs(person["email"])
        result["couples"] = manifest["groups"]["year"]["couples"]
    args.out.write_text(json.dumps(result, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
