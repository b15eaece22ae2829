"""What each app contributes to a person's data rights.

Every app that stores something of a person's has a ``personal`` module
(``interdepend.web.<app>.personal``) with these three functions:

``export(user) -> dict[str, list[dict[str, object]]]``
    The person's own rows (and the shared items they authored), as table name → rows of
    JSON-ready values. Never the partner's private data. Decrypted where stored encrypted.

``unshare_all(user) -> int``
    Withdraw everything the person has shared with a partner or a practitioner (used by the
    safety reset). Quiet: no notification, no trace the partner can see. Returns how many
    items changed.

``erase(user) -> None``
    Remove what is the person's before the account row is deleted (cascades remove most of
    it; this is for what a cascade cannot do: anonymising shared items, destroying keys).

The data-rights app discovers the modules in ``PROVIDER_APPS`` order.
"""

from __future__ import annotations

from collections.abc import Iterator
from importlib import import_module
from types import ModuleType

PROVIDER_APPS = (
    "accounts",
    "partners",
    "assessment",
    "couple",
    "together",
    "decide",
    "research",
    "journal",
    "practice",
)


def providers() -> Iterator[tuple[str, ModuleType]]:
    """(app label, personal module) for each app that has one."""
    for app in PROVIDER_APPS:
        try:
            module = import_module(f"interdepend.web.{app}.personal")
        except ModuleNotFoundError as error:
            if error.name != f"interdepend.web.{app}.personal" and error.name != (
                f"interdepend.web.{app}"
            ):
                raise
            continue
        yield app, module
