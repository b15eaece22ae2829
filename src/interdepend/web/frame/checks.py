"""The frame's own system checks.

Django's ``security.W003`` asks whether ``MIDDLEWARE`` names Django's CSRF middleware by its
path, so it cannot see :class:`~interdepend.web.frame.csrfcookie.CsrfCookieMiddleware`, which
is Django's with one step changed (issue 15's twenty-sixth pass). The settings silence that
warning, and :func:`csrf_protected` asks the same question in its place, of the classes rather
than of their paths, and as an error: a site whose settings lost the CSRF middleware does not
start its checks clean (``tests/web/test_csrf_cookie.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.module_loading import import_string

CSRF_MISSING = "interdepend.frame.E001"


def csrf_protected(app_configs: Sequence[Any] | None = None, **_: Any) -> list[Error]:
    """An error unless some middleware in ``MIDDLEWARE`` is Django's CSRF middleware or made
    from it."""
    for path in settings.MIDDLEWARE:
        try:
            found = import_string(path)
        except ImportError:
            continue  # Django's own checks and start-up say so
        if isinstance(found, type) and issubclass(found, CsrfViewMiddleware):
            return []
    return [
        Error(
            "No middleware in MIDDLEWARE protects forms against cross-site requests.",
            hint="Put interdepend.web.frame.csrfcookie.CsrfCookieMiddleware back in MIDDLEWARE.",
            id=CSRF_MISSING,
        )
    ]


TAGS = (Tags.security,)
