"""Counts and lists in the command line's English sentences: "1 dyad", "2 dyads", "1 and 2"."""

from __future__ import annotations

from collections.abc import Sequence


def counted(n: int, one: str, many: str) -> str:
    """``n`` with the word that fits it: ``counted(1, "dyad", "dyads")`` is "1 dyad"."""
    return f"{n} {one if n == 1 else many}"


def listed(words: Sequence[str]) -> str:
    """Words joined as a list is said: "1", "1 and 2", "1, 2 and 3"."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"
