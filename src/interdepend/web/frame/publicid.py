"""Opaque random identifiers for private objects (design rule 16).

A private object's integer primary key stays inside the database: it counts everyone's rows,
so a partner who made two goals and saw the numbers 7 and 10 would know the other made two in
between. Every URL, form value, element id and export names the object by its ``public_id``
instead: 128 random bits from :mod:`secrets`, written as 22 URL-safe characters, drawn afresh
for each row and so independent of anyone else's activity.

Use :func:`public_id_field` on the model, ``<pid:name>`` in the URL pattern (the converter is
registered in :mod:`interdepend.web.urls`), and look the object up by (public id, requesting
user) in the app's ``access_*`` helper. Migrations add the column, fill it with
:func:`fill_public_ids`, then constrain it, in three files.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

from django.db import models

#: Random bytes per identifier: 16 bytes = 128 bits, above OWASP's 64-bit floor for ids that
#: must not be guessed and the 96 bits asked of us.
PUBLIC_ID_BYTES = 16
#: The length of ``secrets.token_urlsafe(16)``: base64 without padding.
PUBLIC_ID_LENGTH = 22
PUBLIC_ID_PATTERN = f"[A-Za-z0-9_-]{{{PUBLIC_ID_LENGTH}}}"

#: Where the random text comes from. Only tests replace it (with a seeded stream).
source: Callable[[int], str] = secrets.token_urlsafe


def new_public_id() -> str:
    """A fresh opaque identifier: 22 URL-safe characters holding 128 random bits, never
    starting with ``-``: a spreadsheet reads a cell that starts so as a formula, so every CSV
    of ours quotes it, and the id in a download no longer matched the one in an address (the
    data-rights audit of 2026-12-03). Drawing again on a ``-`` (one draw in 64) leaves 127.98
    bits."""
    while True:
        drawn = source(PUBLIC_ID_BYTES)
        if not drawn.startswith("-"):
            return drawn


def public_id_field() -> models.CharField[str, str]:
    """The ``public_id`` column every private model carries."""
    return models.CharField(
        max_length=PUBLIC_ID_LENGTH, unique=True, default=new_public_id, editable=False
    )


class PublicIdConverter:
    """``<pid:name>`` in a URL pattern: exactly the shape :func:`new_public_id` makes."""

    regex = PUBLIC_ID_PATTERN

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


def fill_public_ids(app_label: str, *model_names: str) -> Callable[[Any, Any], None]:
    """A ``RunPython`` step that gives every row of these models its own fresh identifier."""

    def fill(apps: Any, schema_editor: Any) -> None:
        for name in model_names:
            model = apps.get_model(app_label, name)
            rows = list(model._default_manager.filter(public_id__isnull=True).only("pk"))
            for row in rows:
                row.public_id = new_public_id()
            model._default_manager.bulk_update(rows, ["public_id"], batch_size=500)

    return fill
