"""Sessions tied to their user, with idle and absolute timeouts.

The session row carries the user id, the browser and the address, so that the sessions page
can list them and "sign out everywhere" can delete them. Nothing here is ever shown to anyone
but the session's own user.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore as DBStore
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from interdepend.web.accounts.models import UserSession

LAST_SEEN_KEY = "_last_seen"
SEEN_GRANULARITY = timedelta(minutes=1)


class SessionStore(DBStore):
    def __init__(self, session_key: str | None = None, request: HttpRequest | None = None):
        super().__init__(session_key)
        self.user_agent = ""
        self.ip_address: str | None = None

    @classmethod
    def get_model_class(cls) -> Any:
        return UserSession

    def create_model_instance(self, data: dict[str, Any]) -> Any:
        obj: Any = super().create_model_instance(data)
        user_id = data.get("_auth_user_id")
        obj.user_id = int(user_id) if user_id else None
        obj.user_agent = self.user_agent[:200]
        obj.ip_address = self.ip_address
        started = (
            UserSession.objects.filter(session_key=obj.session_key)
            .values_list("created_at", flat=True)
            .first()
        )
        if started is not None:
            obj.created_at = started
        obj.last_seen_at = timezone.now()
        return obj


class SessionMiddleware(DjangoSessionMiddleware):
    """Django's session middleware, with the browser and address passed to the store."""

    def process_request(self, request: HttpRequest) -> None:
        super().process_request(request)
        store = request.session
        if isinstance(store, SessionStore):
            store.user_agent = request.META.get("HTTP_USER_AGENT", "")
            store.ip_address = request.META.get("REMOTE_ADDR")


class SessionActivityMiddleware:
    """Ends a session after a period of inactivity; marks activity at most once a minute."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = timezone.now()
            last = request.session.get(LAST_SEEN_KEY)
            idle = timedelta(seconds=settings.SESSION_IDLE_SECONDS)
            if last is not None and now.timestamp() - float(last) > idle.total_seconds():
                from django.contrib.auth import logout

                logout(request)
            elif last is None or now.timestamp() - float(last) > SEEN_GRANULARITY.total_seconds():
                request.session[LAST_SEEN_KEY] = now.timestamp()
        return self.get_response(request)
