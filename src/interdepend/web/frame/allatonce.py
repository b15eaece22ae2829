"""Sending a run's messages side by side, in no fixed order.

A run that sends one message after another, in the order people chose them, lets one person
tell from when theirs arrived whether someone before them was sent one (the side-channel audit
of 2026-12-04: a partner's notification and Monday reminder waited for hers). Push
notifications (``notify.sender``) and e-mail reminders (``together.reminders``) both go through
:func:`all_at_once`.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

Item = TypeVar("Item")
Answer = TypeVar("Answer")


def all_at_once(items: list[Item], send: Callable[[Item], Answer], at_most: int) -> list[Answer]:
    """Shuffle ``items`` in place, then ``send`` each, ``at_most`` at a time; the answers come
    in the items' new order. ``send`` runs in other threads: it must not touch the database
    (write what it found afterwards, in the caller's thread)."""
    random.SystemRandom().shuffle(items)
    if not items:
        return []
    with ThreadPoolExecutor(max_workers=min(at_most, len(items))) as pool:
        return list(pool.map(send, items))
