"""Create a row once per (owner, idempotency key), however the same post races itself.

Create forms (:class:`KeyedForm`) carry a one-time key rendered with the page; a model using
this has ``owner`` and ``idem_key`` fields and a unique constraint on the pair (when the key is
not empty). A repeat returns the first row; two simultaneous posts both end with that one row.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.db import IntegrityError, models, transaction

from interdepend.web.accounts.models import User
from interdepend.web.frame.formwords import WordedForm

ModelT = TypeVar("ModelT", bound=models.Model)


def new_key() -> str:
    return uuid.uuid4().hex


class KeyedForm(WordedForm):
    """A create form: a fresh idempotency key per rendering, so a repeat post is recognised."""

    idem = forms.CharField(widget=forms.HiddenInput, max_length=40, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("idem", new_key())
        super().__init__(*args, **kwargs)


def create_once(
    model: type[ModelT],
    *,
    owner: User,
    idem_key: str,
    before_new: Callable[[], None] | None = None,
    **fields: Any,
) -> ModelT:
    """The row made by the first post with ``idem_key``, made now if none was. ``before_new``
    runs only when a new row is to be made, and may refuse it by raising (a cap on how many
    wait: a post sent again is returned as it was, never refused)."""
    manager = model._default_manager
    if idem_key:
        existing = manager.filter(owner=owner, idem_key=idem_key).first()
        if existing is not None:
            return existing
    if before_new is not None:
        before_new()
    try:
        with transaction.atomic():
            return manager.create(owner=owner, idem_key=idem_key, **fields)
    except IntegrityError:
        if not idem_key:
            raise
        return manager.get(owner=owner, idem_key=idem_key)
