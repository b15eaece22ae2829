"""The library's public API is exactly what ``interdepend.__all__`` lists."""

from __future__ import annotations

import interdepend

EXPECTED = {"__version__"}


def test_public_api_is_pinned() -> None:
    assert set(interdepend.__all__) == EXPECTED
    for name in interdepend.__all__:
        assert hasattr(interdepend, name)
