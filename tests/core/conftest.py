"""What the core's tests share: the Acitelli couples from the shared data folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ACITELLI = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "acitelli.csv"


@pytest.fixture(scope="session")
def acitelli_csv() -> str:
    """The path of the Acitelli couples (SCIENCE.md's reference data); skipped when the shared
    folder is not checked out, and a failure under CI, where it always is."""
    if not ACITELLI.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{ACITELLI} is missing under CI")
        pytest.skip(f"{ACITELLI} is absent (the shared data folder is not checked out)")
    return str(ACITELLI)
