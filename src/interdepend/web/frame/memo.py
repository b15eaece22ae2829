"""Remembering a value for the rest of one request, never across people.

A value remembered for the life of a process (a date written out, a number in the page's
language) is remembered for everyone the process serves: a partner's first view of a page was
faster when the other had opened a page showing the same dates, which told him that she had
(the re-audit of 2026-12-03: 87 shared dates on *Who can see what*, 4-5 ms). :func:`per_request`
remembers within one request only, where a page listing a year of weeks still writes each date
once; the values are forgotten as the next request starts (``request_started``), and kept to
:data:`LIMIT` outside a request (a command writing a report).
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from django.core.signals import request_started

P = ParamSpec("P")
R = TypeVar("R")

#: Values remembered at most, per thread, before they are all forgotten.
LIMIT = 8192

_local = threading.local()


def _memo() -> dict[tuple[Any, ...], Any]:
    memo: dict[tuple[Any, ...], Any] | None = getattr(_local, "memo", None)
    if memo is None or len(memo) >= LIMIT:
        memo = _local.memo = {}
    return memo


def per_request(func: Callable[P, R]) -> Callable[P, R]:
    """Remember ``func``'s answer for its (hashable, positional) arguments until the next
    request starts. Arguments that cannot be a key are answered afresh."""

    @functools.wraps(func)
    def remembered(*args: P.args, **kwargs: P.kwargs) -> R:
        key = (func, args, tuple(sorted(kwargs.items()))) if kwargs else (func, args)
        memo = _memo()
        try:
            return memo[key]  # type: ignore[no-any-return]
        except KeyError:
            pass
        except TypeError:  # a value that cannot be a key
            return func(*args, **kwargs)
        found = memo[key] = func(*args, **kwargs)
        return found

    return remembered


def forget(**_: object) -> None:
    """Forget every remembered value of this thread (as each request starts)."""
    _local.memo = {}


request_started.connect(forget, dispatch_uid="interdepend-memo-per-request")
