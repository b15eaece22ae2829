from __future__ import annotations

from typing import Any

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "interdepend.web.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_logged_out

        user_logged_in.connect(_stamp_login, dispatch_uid="interdepend-reauth-on-login")
        user_logged_out.connect(_forget_said, dispatch_uid="interdepend-said-on-logout")


def _stamp_login(sender: object, request: Any, user: object, **kwargs: object) -> None:
    """Signing in starts the session's absolute lifetime, counts as a fresh proof for
    sensitive steps (never for one that lets someone see more of her: reauth), and keeps the
    language her pages are in when she has chosen none (for her e-mails)."""
    from interdepend.web.accounts.language import seen_at_sign_in
    from interdepend.web.accounts.models import User
    from interdepend.web.accounts.reauth import mark_reauthenticated
    from interdepend.web.accounts.sessions import mark_signed_in

    if request is not None and hasattr(request, "session"):
        mark_signed_in(request)
        mark_reauthenticated(request)
    if isinstance(user, User):
        seen_at_sign_in(user)


def _forget_said(sender: object, request: Any, **kwargs: object) -> None:
    """Whatever way a sign-in ends (signing out, everywhere, too many wrong passwords, a
    session run out, deletion), nothing said to it waits for the signed-out page
    (``frame.said``)."""
    from interdepend.web.frame.said import forget_said

    if request is not None:
        forget_said(request)
