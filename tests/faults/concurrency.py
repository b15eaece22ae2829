"""Run a piece of work on many threads at once, each with its own database connection."""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connection


def run_threads(count: int, work: Callable[[int], object], timeout: float = 600) -> list[object]:
    """Start ``count`` threads behind a barrier; return each result or the exception raised."""
    results: list[object] = [None] * count
    barrier = threading.Barrier(count)

    def body(n: int) -> None:
        try:
            barrier.wait()
            results[n] = work(n)
        except BaseException as error:  # noqa: BLE001 - handed back to the caller
            results[n] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=body, args=(n,), daemon=True) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    return results
