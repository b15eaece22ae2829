"""Counts in the command line's English sentences: "1 dyad", "2 dyads", "1 person"."""

from __future__ import annotations


def counted(n: int, one: str, many: str) -> str:
    """``n`` with the word that fits it: ``counted(1, "dyad", "dyads")`` is "1 dyad"."""
    return f"{n} {one if n == 1 else many}"
