"""Run a piece of work on many threads at once, each with its own database connection."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from django.db import connection

T = TypeVar("T")


def run_threads(
    count: int, work: Callable[[int], T], timeout: float = 600
) -> list[T | BaseException]:
    """Start ``count`` threads behind a barrier; return each result or the exception raised."""
    results: list[T | BaseException] = [RuntimeError("the thread did not finish")] * count
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


def all_returned(results: list[T | BaseException]) -> list[T]:
    """What each thread returned; the test fails if any of them raised instead."""
    errors = [r for r in results if isinstance(r, BaseException)]
    assert not errors, errors[:2]
    return [r for r in results if not isinstance(r, BaseException)]
