"""Interdepend: see and grow interdependence in close relationships.

The importable library is the domain core (:mod:`interdepend.core`); the web application
(:mod:`interdepend.web`) and the command line (:mod:`interdepend.cli`) are built on it.
The names below are the supported public API; ``tests/core/test_public_api.py`` pins them.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
