"""Benchmark: a chart's first drawing and the carry-over estimate, on the cold path.

On Trends nearly every view is a first one (new data each week), so what counts is the time to
draw a chart whose data the process has not seen, and to fit the carry-over estimate with its
no-link range (200 simulated pairs of series) for a couple whose weeks just changed. Each run
uses new data, so no cache can help. A figure is the median of ``--repeat`` runs in
milliseconds of CPU (this thread's time: other work on a shared machine counts less than in
wall time), all measured in one run.

    .venv/bin/python bench/bench_charts.py [--repeat R]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta

from results import figure, record

WEEKS = 52  # a year: enough back-to-back weeks for the estimate to be shown


def _weeks() -> list[date]:
    return [date(2026, 1, 5) + timedelta(weeks=k) for k in range(WEEKS)]


def _value(run: int, k: int, item: int) -> float:
    return float(1 + (run * 7 + k * 3 + item * 5 + k * k) % 7)


def chart_draws(run: int) -> dict[str, Callable[[], str]]:
    """Every chart of Trends and the map, on data no earlier run has drawn."""
    from interdepend import charts

    weeks = _weeks()
    items = [
        charts.WeeklyLine(f"item {item}", weeks, [_value(run, k, item) for k in range(WEEKS)])
        for item in range(6)
    ]
    point = charts.MapPoint("A", 40 + run % 50, 60, 30, 20)
    estimates = [charts.Estimate("A → B", 0.1 + run / 1e4, -0.2, 0.4)]
    return {
        "check-ins (six small charts)": lambda: charts.weekly_lines_svg(items, title=f"{run}"),
        "goal balance": lambda: charts.balance_svg(
            weeks, [run % 3] * WEEKS, [1] * WEEKS, title=f"{run}"
        ),
        "carry-over chart": lambda: charts.carryover_svg(estimates, (-0.3, 0.3), title=f"{run}"),
        "Self x Bond map": lambda: charts.map_svg([point], title=f"{run}"),
    }


def carryover_once(run: int) -> None:
    from interdepend.web.together.selectors import Series, carryover

    weeks = _weeks()
    a = Series("A", weeks, [_value(run, k, 0) for k in range(WEEKS)])
    b = Series("B", weeks, [_value(run, k + 1, 2) for k in range(WEEKS)])
    found = carryover([a, b])
    assert found.result is not None and found.null is not None, found.reason


def _median_ms(timed: Callable[[int], object], repeat: int) -> float:
    times = []
    for run in range(repeat):
        started = time.thread_time()
        timed(run)
        times.append((time.thread_time() - started) * 1000)
    return round(statistics.median(times), 2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    os.environ.setdefault("INTERDEPEND_VAR_DIR", tempfile.mkdtemp(prefix="interdepend-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "interdepend.web.settings")
    import django

    django.setup()
    chart_draws(-1)["Self x Bond map"]()  # the module imported once, as in a running server
    carryover_once(-1)
    figures = []
    for name in chart_draws(0):
        ms = _median_ms(lambda run, name=name: chart_draws(run + 1)[name](), args.repeat)
        figures.append(figure(f"chart first drawing: {name}", ms, "ms"))
    figures.append(
        figure(
            "carry-over estimate with its no-link range",
            _median_ms(carryover_once, args.repeat),
            "ms",
        )
    )
    for item in figures:
        print(f"{item['name']:<52} {item['value']:>8} {item['unit']}")
    record("charts", figures)


if __name__ == "__main__":
    main()
