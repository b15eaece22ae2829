"""Benchmark: rendering the couple PDF report (WeasyPrint and the SVG map), once and 100 times.

Runs against a throwaway SQLite database with the demo couple loaded. Peak memory is the
process's maximum resident size (pango and cairo allocate outside Python's tracemalloc).
Prints a table and writes ``var/bench/report.json``.

    .venv/bin/python bench/bench_report.py [--batch N]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import tempfile
import time
from pathlib import Path

from results import record


def setup() -> None:
    os.environ["INTERDEPEND_VAR_DIR"] = tempfile.mkdtemp(prefix="interdepend-bench-")
    os.environ["INTERDEPEND_HTTPS"] = "false"
    os.environ["DJANGO_SETTINGS_MODULE"] = "interdepend.web.settings"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from interdepend.web.demo import demo_load

    demo_load()


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--batch", type=int, default=int(os.environ.get("BENCH_PDF_BATCH") or 100))
    args = parser.parse_args()
    setup()
    from interdepend.web.accounts.models import User
    from interdepend.web.couple.report import couple_pdf
    from interdepend.web.couple.selectors import couple_view
    from interdepend.web.partners.access import access_active_partnership

    maya = User.objects.get(email="maya@demo.interdepend.test")
    active = access_active_partnership(maya)
    assert active is not None
    view = couple_view(maya, active)
    assert view is not None, "the demo couple has no couple view"
    before = rss_mib()
    started = time.perf_counter()
    size = len(couple_pdf(view))
    first = time.perf_counter() - started
    started = time.perf_counter()
    for _ in range(args.batch):
        couple_pdf(view)
    batch = time.perf_counter() - started
    results = [
        {"name": "couple PDF, first (cold)", "value": round(first, 3), "unit": "s"},
        {"name": f"couple PDF, batch of {args.batch}", "value": round(batch, 2), "unit": "s"},
        {
            "name": "couple PDF, per report in batch",
            "value": round(batch / args.batch, 3),
            "unit": "s",
        },
        {"name": "couple PDF size", "value": size // 1024, "unit": "KiB"},
        {"name": "couple PDF, peak resident memory", "value": round(rss_mib(), 1), "unit": "MiB"},
        {
            "name": "couple PDF, resident memory before rendering",
            "value": round(before, 1),
            "unit": "MiB",
        },
    ]
    for row in results:
        print(f"{row['name']:<40} {row['value']:>10} {row['unit']}")
    out = Path("var/bench")
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.json").write_text(json.dumps(results, indent=2))
    record("report", results)


if __name__ == "__main__":
    main()
