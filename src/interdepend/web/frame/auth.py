"""Typed access to the signed-in person."""

from __future__ import annotations

from django.http import HttpRequest

from interdepend.web.accounts.models import User


def authed_user(request: HttpRequest) -> User:
    """The signed-in user; call only behind ``login_required``."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionError("authed_user() used on a view without login_required")
    return user
