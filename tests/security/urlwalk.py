"""Walk every named URL pattern the resolver knows."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import URLPattern, URLResolver, get_resolver


def url_names() -> list[str]:
    """Every 'namespace:name' the project routes (unnamed patterns are reported as such)."""
    return sorted(set(_walk(get_resolver().url_patterns, "")))


def _walk(patterns: list[URLPattern | URLResolver], namespace: str) -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, inner)
        elif pattern.name:
            yield f"{namespace}{pattern.name}"
        else:
            yield f"{namespace}<unnamed {pattern.pattern}>"
