"""Authored data files (TOML): instruments, prompts, practices, scenarios."""

from __future__ import annotations

from pathlib import Path

CONTENT_DIR = Path(__file__).resolve().parent
