"""Sub-commands for this area (filled in by the issue-6 work)."""

from __future__ import annotations

from typing import Any


def register(subparsers: Any) -> None:
    return None
